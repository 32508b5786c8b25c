/* FreeRTOSConfig.h - the FreeRTOS kernel that bench_isr_cm compares pinq
 * against on Cortex-M under QEMU. Only the queue is exercised; the
 * scheduler is never started. Settings of the reference figures in
 * ../shared/notes/measuring-on-qemu.md: heap_4, configASSERT off. */
#ifndef FREERTOS_CONFIG_H
#define FREERTOS_CONFIG_H

#define configCPU_CLOCK_HZ 25000000
#define configTICK_RATE_HZ 1000
#define configUSE_PREEMPTION 1
#define configUSE_PORT_OPTIMISED_TASK_SELECTION 0
#define configMAX_PRIORITIES 5
#define configMINIMAL_STACK_SIZE 128
#define configTOTAL_HEAP_SIZE (4 * 1024)
#define configMAX_TASK_NAME_LEN 8
#define configTICK_TYPE_WIDTH_IN_BITS TICK_TYPE_WIDTH_32_BITS
#define configSUPPORT_DYNAMIC_ALLOCATION 1
#define configSUPPORT_STATIC_ALLOCATION 0
#define configUSE_IDLE_HOOK 0
#define configUSE_TICK_HOOK 0
#define configUSE_MUTEXES 0
#define configUSE_COUNTING_SEMAPHORES 0
#define configUSE_TIMERS 0
#define configQUEUE_REGISTRY_SIZE 0
#define configUSE_TRACE_FACILITY 0
#define configCHECK_FOR_STACK_OVERFLOW 0
#define configUSE_MALLOC_FAILED_HOOK 0
#define configUSE_CO_ROUTINES 0
#define configCHECK_HANDLER_INSTALLATION 0
#define INCLUDE_vTaskDelay 0
#define INCLUDE_vTaskDelete 0
#define configENABLE_MPU 0 /* required by the ARMv6-M port */

/* ARMv7-M: BASEPRI masking at the same threshold as pinq's port */
#define configPRIO_BITS 3
#define configKERNEL_INTERRUPT_PRIORITY 0xE0
#define configMAX_SYSCALL_INTERRUPT_PRIORITY 0x40

#endif
