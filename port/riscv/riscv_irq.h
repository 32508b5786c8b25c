/* riscv_irq.h - machine-mode interrupt handlers and software priorities.
 *
 * The three machine interrupts (software, timer, external/PLIC) each get
 * one handler. RISC-V has no hardware nesting in machine mode: a handler
 * that may be preempted calls riscv_irq_nest_begin() with the sources
 * allowed to interrupt it (its higher priorities), which masks the others
 * in `mie` and sets mstatus.MIE; riscv_irq_nest_end() undoes it. The trap
 * entry saves mepc/mstatus, so nesting to any depth is safe.
 */
#ifndef RISCV_IRQ_H
#define RISCV_IRQ_H

#include <stdint.h>

#include "riscv_csr.h"

/* An interrupt handler; `mepc` is the interrupted instruction. */
typedef void (*riscv_irq_fn)(uint32_t mepc);

/* Install `fn` for IRQ_M_SOFT, IRQ_M_TIMER or IRQ_M_EXT and set its bit in
 * `mie` (fn == NULL clears the bit). Global MIE is left to the caller. */
void riscv_irq_set_handler(unsigned irq, riscv_irq_fn fn);

/* C entry from start.S for every trap. */
void riscv_trap(uint32_t mcause, uint32_t mepc);

/* Let the sources in `allow` (MIP_* bits) preempt the running handler.
 * The handler's own pending bit must already be cleared (level-triggered
 * sources would re-enter at once). Returns the state for nest_end. */
static inline uint32_t riscv_irq_nest_begin(uint32_t allow)
{
    uint32_t old = csr_read_clear(mie, ~allow);
    csr_set(mstatus, MSTATUS_MIE);
    return old;
}

static inline void riscv_irq_nest_end(uint32_t old_mie)
{
    csr_clear(mstatus, MSTATUS_MIE);
    csr_write(mie, old_mie);
}

#endif
