/* FreeRTOSConfig_bench.h - the FreeRTOS settings shared by every target's
 * ISR benchmark (included by targets/<target>/freertos/FreeRTOSConfig.h,
 * which adds clock, stack and port specifics). Only the queue is
 * exercised; the scheduler is never started. Settings of the reference
 * figures in ../shared/notes/measuring-on-qemu.md: heap_4, configASSERT off. */
#ifndef FREERTOS_CONFIG_BENCH_H
#define FREERTOS_CONFIG_BENCH_H

#define configTICK_RATE_HZ 1000
#define configUSE_PREEMPTION 1
#define configUSE_PORT_OPTIMISED_TASK_SELECTION 0
#define configMAX_PRIORITIES 5
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
#define INCLUDE_vTaskDelay 0
#define INCLUDE_vTaskDelete 0

#endif
