/* FreeRTOSConfig.h - the FreeRTOS kernel that bench_isr compares pinq
 * against on rv32 (QEMU virt): the shared bench settings plus the RISC-V
 * specifics (CLINT addresses, ISR stack). */
#ifndef FREERTOS_CONFIG_H
#define FREERTOS_CONFIG_H

#include "FreeRTOSConfig_bench.h"

#define configCPU_CLOCK_HZ 10000000
#define configMTIME_BASE_ADDRESS 0x0200BFF8
#define configMTIMECMP_BASE_ADDRESS 0x02004000
#define configISR_STACK_SIZE_WORDS 256
#define configMINIMAL_STACK_SIZE 256
#define configTOTAL_HEAP_SIZE (48 * 1024) /* bench queue: 2048 x 16 B */

#endif
