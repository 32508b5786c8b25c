/* pinq_port_riscv.c - pinq port hooks for rv32 machine mode: timestamps
 * from mtime, mstatus.MIE critical sections, WFI-based wait.
 *
 * The ring's atomics need nothing here: with the A extension the core's
 * <stdatomic.h> operations compile to lr/sc and amo instructions.
 */
#include "pinq.h"
#include "riscv_csr.h"
#include "riscv_timer.h"

pinq_ticks_t pinq_port_now(void)
{
    return riscv_mtime();
}

uint32_t pinq_port_ticks_per_sec(void)
{
    return riscv_mtime_hz();
}

/* One csrrc both masks and reports whether we were the outermost. */
pinq_irqstate_t pinq_irq_save(void)
{
    return csr_read_clear(mstatus, MSTATUS_MIE) & MSTATUS_MIE;
}

void pinq_irq_restore(pinq_irqstate_t state)
{
    csr_set(mstatus, state & MSTATUS_MIE);
}

/* WFI wakes on any interrupt pending and enabled in mie, even with
 * mstatus.MIE clear, so a source that fired after pinq_irq_save() ends the
 * sleep at once. A finite timeout borrows the machine timer when the
 * application has its interrupt disabled (MTIE clear, e.g. a timer-driven
 * line masked by the storm guard): the earlier of its compare value and
 * ours, both given back afterwards, so a deadline of the application's
 * that passes meanwhile stays pending. With MTIE set, the application's
 * own timer interrupts bound the sleep. */
void pinq_port_wait(uint32_t timeout_ms)
{
    if (timeout_ms == 0)
        return;
    bool borrow = timeout_ms != PINQ_WAIT_FOREVER && !(csr_read(mie) & MIP_MTIP);
    uint64_t saved = 0;
    if (borrow) {
        saved = riscv_mtimecmp_get();
        uint64_t until = riscv_mtime() + (uint64_t)timeout_ms * (riscv_mtime_hz() / 1000u);
        riscv_mtimecmp_set(until < saved ? until : saved);
        csr_set(mie, MIP_MTIP);
    }
    __asm__ volatile("wfi" ::: "memory");
    if (borrow) {
        csr_clear(mie, MIP_MTIP);
        riscv_mtimecmp_set(saved);
    }
}
