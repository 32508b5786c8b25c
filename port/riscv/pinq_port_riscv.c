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
 * sleep at once. The timeout borrows the machine timer only when the
 * application does not use it (MTIE clear); otherwise that timer's own
 * interrupts bound the sleep. */
void pinq_port_wait(uint32_t timeout_ms)
{
    if (timeout_ms == 0)
        return;
    bool borrow = timeout_ms != PINQ_WAIT_FOREVER && !(csr_read(mie) & MIP_MTIP);
    if (borrow) {
        riscv_mtimecmp_set(riscv_mtime() + (uint64_t)timeout_ms * (riscv_mtime_hz() / 1000u));
        csr_set(mie, MIP_MTIP);
    }
    __asm__ volatile("wfi" ::: "memory");
    if (borrow) {
        csr_clear(mie, MIP_MTIP);
        riscv_mtimecmp_set(UINT64_MAX);
    }
}
