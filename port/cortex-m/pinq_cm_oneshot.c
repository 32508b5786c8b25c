/* pinq_cm_oneshot.c - one-shot timer for the input engine's low-power
 * mode on Cortex-M: one board timer (CMSDK APB timer on MPS2, nRF TIMER
 * compare on the micro:bit) started for the time left to an absolute
 * deadline in port ticks (CPU cycles of the board's 32-bit clock, extended
 * to 64 bits). Its interrupt is a pending external interrupt, so it ends
 * pinq_port_wait() even inside a critical section, and the ISR sets the
 * flag. No heap, no periodic tick: the port clock's own alarm never ends a
 * pinq_wait(), only this timer does. */
#include <stdatomic.h>

#include "board.h"
#include "pinq_cortex_m.h"

#define MAX_STEP 0x7FFFFFFFu /* timer ticks per start; longer waits chain */

static unsigned tmr;
static pinq_ticks_t due;
static bool armed;
static atomic_uint fired, expiries; /* word-sized: v6-M's atomics are PRIMASK calls */

/* Start the timer for what is left of `due` at `now` (rounded up: the ISR
 * checks and re-starts for any remainder). Interrupts masked. */
static void start(pinq_ticks_t now)
{
    pinq_ticks_t left = due > now ? due - now : 0;
    if (left > MAX_STEP)
        left = MAX_STEP; /* keeps left * timer_hz within 64 bits */
    uint32_t cpu = board_cpu_hz(), hz = board_timer_hz();
    uint64_t t = (left * hz + cpu - 1u) / cpu;
    if (t < 1u)
        t = 1u;
    if (t > MAX_STEP)
        t = MAX_STEP;
    board_timer_start(tmr, (uint32_t)t, false);
}

int pinq_cm_oneshot_init(unsigned t, unsigned irqn, uint8_t prio)
{
    if (t > 1u)
        return PINQ_EINVAL;
    pinq_irqstate_t s = pinq_irq_save();
    tmr = t;
    armed = false;
    board_timer_stop(t);
    pinq_irq_restore(s);
    atomic_store_explicit(&fired, 0u, memory_order_relaxed);
    return pinq_cm_irq_setup(irqn, prio);
}

void pinq_cm_oneshot_arm(void *ctx, pinq_ticks_t deadline)
{
    (void)ctx;
    pinq_irqstate_t s = pinq_irq_save();
    due = deadline;
    armed = true;
    start(pinq_port_now());
    pinq_irq_restore(s);
}

void pinq_cm_oneshot_cancel(void)
{
    pinq_irqstate_t s = pinq_irq_save();
    armed = false;
    board_timer_stop(tmr);
    pinq_irq_restore(s);
}

void pinq_cm_oneshot_isr(void)
{
    board_timer_ack(tmr);
    pinq_irqstate_t s = pinq_irq_save(); /* against a re-arm from a more urgent ISR */
    if (armed) {
        pinq_ticks_t now = pinq_port_now();
        if (now < due) {
            start(now); /* early (rounding) or a step of a long wait */
        } else {
            armed = false;
            board_timer_stop(tmr);
            atomic_fetch_add_explicit(&expiries, 1u, memory_order_relaxed);
            atomic_store_explicit(&fired, 1u, memory_order_relaxed);
        }
    }
    pinq_irq_restore(s);
}

bool pinq_cm_oneshot_fired(void)
{
    return atomic_exchange_explicit(&fired, 0u, memory_order_relaxed) != 0;
}

uint32_t pinq_cm_oneshot_count(void)
{
    return atomic_load_explicit(&expiries, memory_order_relaxed);
}
