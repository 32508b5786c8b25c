/* FreeRTOSConfig.h - the FreeRTOS kernel of targets/freertos: the scheduler
 * running on mps2-an385/an386 with pinq's FreeRTOS port. Priorities (8-bit
 * values, lower is more urgent) lay out the bands of
 * port/freertos/pinq_freertos_cm.h with pinq's mask PINQ_CM_BASEPRI = 0x20
 * (set on the compiler's command line for every pinq file):
 *   0x00-0x1F  neither pinq nor FreeRTOS
 *   0x20-0x3F  pinq only: wakes are relayed
 *   0x40-0xFF  pinq and FreeRTOS ...FromISR; the relay at 0xE0 */
#ifndef FREERTOS_CONFIG_H
#define FREERTOS_CONFIG_H

#define configCPU_CLOCK_HZ 25000000
/* 100 Hz: under -icount shift=10 a tick is ~9800 instructions, so the
 * latency test's wake paths are seldom cut by one */
#define configTICK_RATE_HZ 100
#define configUSE_PREEMPTION 1
#define configUSE_PORT_OPTIMISED_TASK_SELECTION 0
#define configUSE_TICKLESS_IDLE 0
#define configMAX_PRIORITIES 6
#define configMINIMAL_STACK_SIZE 256
#define configMAX_TASK_NAME_LEN 8
#define configTICK_TYPE_WIDTH_IN_BITS TICK_TYPE_WIDTH_32_BITS
#define configSUPPORT_DYNAMIC_ALLOCATION 1
#define configSUPPORT_STATIC_ALLOCATION 0
#define configTOTAL_HEAP_SIZE (64 * 1024)
#ifndef configTASK_NOTIFICATION_ARRAY_ENTRIES /* a test builds with 1 to see pinq refuse it */
#define configTASK_NOTIFICATION_ARRAY_ENTRIES 2 /* index 1 is pinq's */
#endif
#define configUSE_IDLE_HOOK 0
#define configUSE_TICK_HOOK 0
#define configUSE_MUTEXES 0
#define configUSE_COUNTING_SEMAPHORES 0
#define configUSE_TIMERS 0
#define configQUEUE_REGISTRY_SIZE 0
#define configUSE_TRACE_FACILITY 0
#define configCHECK_FOR_STACK_OVERFLOW 2
#define configUSE_MALLOC_FAILED_HOOK 1
#define configUSE_CO_ROUTINES 0
#define configENABLE_MPU 0
#define INCLUDE_vTaskDelay 1
#define INCLUDE_vTaskDelete 0
#define INCLUDE_xTaskGetCurrentTaskHandle 1

#define configKERNEL_INTERRUPT_PRIORITY 0xE0
#define configMAX_SYSCALL_INTERRUPT_PRIORITY 0x40

/* The startup code's vector table names them svc_isr, pendsv_isr,
 * systick_isr (weak); the kernel's handlers take those names, and the
 * kernel checks the table holds them */
#define vPortSVCHandler svc_isr
#define xPortPendSVHandler pendsv_isr
#define xPortSysTickHandler systick_isr
#define configCHECK_HANDLER_INSTALLATION 1

/* A failed kernel assertion fails the test (frt_test.c) */
void frt_assert_failed(const char *file, int line);
#define configASSERT(x)                            \
    do {                                           \
        if (!(x))                                  \
            frt_assert_failed(__FILE__, __LINE__); \
    } while (0)

#endif
