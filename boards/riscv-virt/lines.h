/* lines.h - the interrupt source behind each pinq line on QEMU virt, so
 * that pinq_line_enable() (and the storm guard, from an ISR) masks it. */
#ifndef VIRT_LINES_H
#define VIRT_LINES_H

#include <stdint.h>

#include "pinq.h"
#include "riscv_csr.h"

/* A source is a PLIC source number (1..63), or one of the hart's own
 * machine interrupts (CLINT timer or software interrupt), masked in mie. */
#define VIRT_SRC_CLINT 0x100u
#define VIRT_SRC_MTIMER (VIRT_SRC_CLINT | IRQ_M_TIMER)
#define VIRT_SRC_MSOFT (VIRT_SRC_CLINT | IRQ_M_SOFT)

#ifndef VIRT_MAX_BINDINGS
/* (queue, line) pairs that can be bound, over every pinq_t of the program:
 * 8 bytes of RAM each, and pinq_line_enable() searches them all (so does
 * a storm-guard trip, in its ISR). */
#define VIRT_MAX_BINDINGS 8
#endif

/* Bind `line` of queue `q` to `src`, after pinq_init(q); binding the pair
 * again replaces its source. Lines of different queues are different
 * pairs, whatever their numbers; pairs may share a source (masking one
 * masks them all). PINQ_EINVAL for a NULL q, line >= q->nlines or an
 * unknown source, PINQ_EFULL when VIRT_MAX_BINDINGS other pairs are
 * bound. */
int virt_bind_line(pinq_t *q, uint16_t line, unsigned src);

#endif
