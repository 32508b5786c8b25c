/* FreeRTOSConfig.h - the FreeRTOS kernel that bench_isr_cm compares pinq
 * against on Cortex-M under QEMU: the shared bench settings plus the
 * Cortex-M specifics. */
#ifndef FREERTOS_CONFIG_H
#define FREERTOS_CONFIG_H

#include "FreeRTOSConfig_bench.h"

#define configCPU_CLOCK_HZ 25000000
#define configMINIMAL_STACK_SIZE 128
#define configTOTAL_HEAP_SIZE (4 * 1024)
#define configCHECK_HANDLER_INSTALLATION 0
#define configENABLE_MPU 0 /* required by the ARMv6-M port */

/* ARMv7-M: BASEPRI masking at the same threshold as pinq's port */
#define configPRIO_BITS 3
#define configKERNEL_INTERRUPT_PRIORITY 0xE0
#define configMAX_SYSCALL_INTERRUPT_PRIORITY 0x40

#endif
