/* lines.h - the interrupt source behind each pinq line on QEMU virt, so
 * that pinq_line_enable() (and the storm guard, from an ISR) masks it. */
#ifndef VIRT_LINES_H
#define VIRT_LINES_H

#include <stdint.h>

#include "riscv_csr.h"

/* A source is a PLIC source number (1..63), or one of the hart's own
 * machine interrupts (CLINT timer or software interrupt), masked in mie. */
#define VIRT_SRC_CLINT 0x100u
#define VIRT_SRC_MTIMER (VIRT_SRC_CLINT | IRQ_M_TIMER)
#define VIRT_SRC_MSOFT (VIRT_SRC_CLINT | IRQ_M_SOFT)

/* Bind `line` to `src` (rebinding replaces). PINQ_EFULL if the table is full. */
int virt_bind_line(uint16_t line, unsigned src);

#endif
