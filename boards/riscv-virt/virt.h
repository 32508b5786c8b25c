/* virt.h - memory map of QEMU's riscv32 `virt` machine (QEMU 7.2). */
#ifndef VIRT_H
#define VIRT_H

#include <stdint.h>

#define VIRT_CLINT 0x02000000u
#define VIRT_CLINT_MSIP (VIRT_CLINT + 0x0000u)     /* hart 0 */
#define VIRT_CLINT_MTIMECMP (VIRT_CLINT + 0x4000u) /* hart 0, 64-bit */
#define VIRT_CLINT_MTIME (VIRT_CLINT + 0xBFF8u)    /* 64-bit */
#define VIRT_MTIME_HZ 10000000u

#define VIRT_PLIC 0x0C000000u
#define VIRT_UART0 0x10000000u
#define VIRT_UART0_IRQ 10u /* PLIC source */

#define VIRT_REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))
#define VIRT_REG8(a) (*(volatile uint8_t *)(uintptr_t)(a))

#endif
