/* test_oneshot_cm.c - the input engine's low-power mode on Cortex-M under
 * QEMU: a bouncy press and release (glitches posted with past ISR stamps,
 * each ended by a real edge from a software-pended NVIC interrupt), the
 * engine's `arm` = pinq_cm_oneshot_arm (board timer 0), and a main loop
 * that only sleeps in pinq_wait(PINQ_WAIT_FOREVER): the timer interrupt at
 * the deadline must wake it (SysTick wraps do not). Exactly three timer
 * wake-ups (press settled, release settled, multi-click gap over), a
 * bounded number of wake-ups in all; then: an expiry while the loop is
 * busy with interrupts masked is not lost, a past deadline fires at once,
 * re-arming replaces, cancel cancels. */
#include <stdio.h>

#include "board.h"
#include "check.h"
#include "pinq_cortex_m.h"
#include "pinq_input.h"
#include "oneshot_click.h"

#define PRIO 0x80u
void board_timer0_isr(void)
{
    pinq_cm_oneshot_isr();
}

/* the button's final edge: a real interrupt */
static volatile int soft_level;
void board_soft0_isr(void)
{
    pinq_post(&q, BTN, soft_level);
}

static void raise_edge(int level)
{
    soft_level = level;
    pinq_cm_irq_pend(BOARD_SOFT0_IRQ);
}

static const oneshot_port_t port_ops = {pinq_cm_oneshot_fired, pinq_cm_oneshot_count, raise_edge,
                                        pinq_cm_oneshot_arm};

static void test_click_without_tick(void)
{
    oneshot_start();
    CHECK_EQ(pinq_cm_irq_setup(BOARD_SOFT0_IRQ, PRIO), PINQ_OK);
    /* press settles at 10 ms, the release is stamped then, the 30 ms gap
     * closes at 40 ms: a sanity bound in deterministic guest time */
    pinq_ticks_t took = oneshot_click(&q, &in, &out, BTN, tps, &port_ops);
    CHECK(took >= 35u * ms && took < 2000u * ms);
}

static void test_edges(void)
{
    uint32_t n0 = oneshot_edge_cases(&q, &port_ops, ms);

    /* cancelled: nothing fires (a finite wait bounds the check) */
    pinq_cm_oneshot_arm(NULL, pinq_port_now() + 1u * ms);
    pinq_cm_oneshot_cancel();
    pinq_ticks_t t0 = pinq_port_now();
    while (pinq_port_now() - t0 < 5u * ms)
        pinq_wait(&q, 5);
    CHECK(!pinq_cm_oneshot_fired());
    CHECK_EQ(pinq_cm_oneshot_count(), n0);
}

int main(void)
{
    oneshot_setup(pinq_cm_oneshot_arm);
    CHECK_EQ(pinq_cm_oneshot_init(2, BOARD_TIMER0_IRQ, PRIO), PINQ_EINVAL);
    CHECK_EQ(pinq_cm_oneshot_init(0, BOARD_TIMER0_IRQ, PRIO), PINQ_OK);
    while (pinq_port_now() < 2u * ms) /* past stamps below need some history */
        ;
    test_click_without_tick();
    test_edges();
    return check_done("test_oneshot_cm");
}
