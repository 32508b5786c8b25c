/* pinq_rv_oneshot.c - one-shot timer for the input engine's low-power
 * mode on rv32 machine mode: mtimecmp at the absolute deadline, mie.MTIE
 * set only while a deadline is armed. No heap, no periodic tick.
 *
 * Sharing the machine timer with pinq_port_wait(): the port borrows
 * mtimecmp for a finite timeout only while MTIE is clear, and then gives
 * the compare value back. Here MTIE is clear exactly when nothing is
 * armed (the handler clears it on expiry), so a finite pinq_wait() while
 * idle borrows as before. While a deadline is armed the port does not
 * borrow: a finite timeout is then bounded by the deadline (or any other
 * interrupt), not by its own value - in low-power mode the loop waits
 * with PINQ_WAIT_FOREVER; a loop that also needs finite timeouts (polled
 * lines) should arm no later than its next poll.
 *
 * Race-free main loop: the expiry is an interrupt, so test the flag with
 * interrupts masked and wait inside the same critical section:
 *     s = pinq_irq_save();
 *     f = pinq_rv_oneshot_fired();
 *     if (!f) pinq_wait(q, PINQ_WAIT_FOREVER);  // WFI wakes on MTIP although masked
 *     pinq_irq_restore(s);                      // the handler runs here
 *     if (f || pinq_rv_oneshot_fired()) ...     // then pinq_input_dispatch()
 */
#include "pinq_rv_oneshot.h"

#include <stdatomic.h>

#include "riscv_csr.h"
#include "riscv_irq.h"
#include "riscv_timer.h"

static atomic_uint fired; /* word-sized: amoswap, no libatomic */
static atomic_uint expiries;

static void on_timer(uint32_t mepc)
{
    (void)mepc;
    riscv_mtimecmp_set(UINT64_MAX); /* MTIP is level-triggered: drop it */
    csr_clear(mie, MIP_MTIP);       /* idle again: pinq_port_wait may borrow */
    atomic_fetch_add_explicit(&expiries, 1u, memory_order_relaxed);
    atomic_store_explicit(&fired, 1u, memory_order_relaxed);
}

void pinq_rv_oneshot_init(void)
{
    riscv_mtimecmp_set(UINT64_MAX);
    riscv_irq_set_handler(IRQ_M_TIMER, on_timer);
    csr_clear(mie, MIP_MTIP);
    atomic_store_explicit(&fired, 0u, memory_order_relaxed);
}

void pinq_rv_oneshot_arm(void *ctx, pinq_ticks_t deadline)
{
    (void)ctx;
    pinq_irqstate_t s = pinq_irq_save();
    riscv_mtimecmp_set(deadline == UINT64_MAX ? UINT64_MAX - 1 : deadline);
    csr_set(mie, MIP_MTIP);
    pinq_irq_restore(s);
}

void pinq_rv_oneshot_cancel(void)
{
    pinq_irqstate_t s = pinq_irq_save();
    csr_clear(mie, MIP_MTIP);
    riscv_mtimecmp_set(UINT64_MAX);
    pinq_irq_restore(s);
}

bool pinq_rv_oneshot_fired(void)
{
    return atomic_exchange_explicit(&fired, 0u, memory_order_relaxed) != 0;
}

uint32_t pinq_rv_oneshot_count(void)
{
    return atomic_load_explicit(&expiries, memory_order_relaxed);
}
