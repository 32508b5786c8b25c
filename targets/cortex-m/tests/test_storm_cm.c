/* test_storm_cm.c - starvation under an interrupt flood, on a real NVIC
 * (run under -icount shift=5,sleep=off: a ~31 MIPS CPU with exact time).
 * A timer interrupt posts an edge at rising rates; the main loop counts
 * units of work per 20 ms window. Without the storm guard the ISR eats the
 * CPU and the main loop's progress collapses; with the core's rate trip
 * armed (pinq_line_trip: the ISR masks its own NVIC line and hands the
 * line to the poller) progress holds. Printed as a table; checked: the
 * collapse at the top rate without the guard, progress held with it, the
 * guard tripped, and exact ring conservation at every step. */
#include <stdio.h>

#include "board.h"
#include "check.h"
#include "pinq_cortex_m.h"

#define LINE 0
#define WINDOW_MS 20
#define STORM_RATE 20000u /* edges/s above which the guard trips */
#define TRIP_EVERY 16u

static const uint32_t rates[] = {1000, 10000, 50000, 100000, 200000, 400000};
#define NRATES (sizeof rates / sizeof rates[0])

/* polled every 1 ms once the guard trips: progress() fills it in (the
 * period is in port ticks) */
static pinq_line_cfg_t lines[1];
PINQ_DEFINE(q, lines, 1, 64, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_POLL_STORAGE(q, 1);
static volatile int pin;

static int read_pin(void *ctx)
{
    (void)ctx;
    return pin;
}

void board_timer0_isr(void)
{
    board_timer_ack(0);
    pin = !pin;
    pinq_post(&q, LINE, pin);
}

/* The window ends by interrupt, above the flood: a starved main loop
 * could not end it itself. */
static volatile bool window_over;

void board_timer1_isr(void)
{
    board_timer_ack(1);
    board_timer_stop(0);
    window_over = true;
}

static void on_event(const pinq_event_t *ev, void *ctx)
{
    (void)ev;
    (void)ctx;
}

/* Units of main-loop work done in one window at `rate` edges/s (0: none). */
static uint32_t progress(uint32_t rate, bool guard, bool *tripped)
{
    lines[LINE] = (pinq_line_cfg_t){.read = read_pin, .poll_period = pinq_port_ticks_per_sec() / 1000u,
                                    .trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_IRQ};
    q_cfg.poll = q_poll;
    q_cfg.on_event = on_event;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_cm_bind_irq(&q, LINE, BOARD_TIMER0_IRQ), PINQ_OK);
    if (guard)
        CHECK_EQ(pinq_line_trip(&q, LINE, TRIP_EVERY,
                                (uint32_t)((uint64_t)TRIP_EVERY * pinq_port_ticks_per_sec() / STORM_RATE)),
                 PINQ_OK);
    pinq_cm_irq_enable(BOARD_TIMER0_IRQ, true);
    window_over = false;
    board_timer_start(1, board_timer_hz() / 1000u * WINDOW_MS, false);
    if (rate)
        board_timer_start(0, board_timer_hz() / rate, true);
    uint32_t units = 0;
    while (!window_over) {
        for (volatile int i = 0; i < 100; i++) {
        }
        pinq_dispatch(&q, 16);
        units++;
    }
    pinq_cm_irq_enable(BOARD_TIMER0_IRQ, false);
    *tripped = pinq_line_state(&q, LINE) == PINQ_LINE_POLLED;
    while (pinq_dispatch(&q, 64) > 0) {
    }
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    return units;
}

int main(void)
{
    CHECK_EQ(pinq_cm_irq_setup(BOARD_TIMER0_IRQ, 0x80), PINQ_OK);
    pinq_cm_irq_setup_raw(BOARD_TIMER1_IRQ, 0x40);
    bool tripped;
    uint32_t base = progress(0, false, &tripped);
    printf("main-loop units per %u ms: %lu with no interrupts\n", WINDOW_MS, (unsigned long)base);
    printf("%10s %14s %14s %8s\n", "edges/s", "no guard", "guard", "tripped");
    uint32_t without[NRATES], with[NRATES];
    unsigned trips = 0;
    for (unsigned i = 0; i < NRATES; i++) {
        bool t1, t2;
        without[i] = progress(rates[i], false, &t1);
        with[i] = progress(rates[i], true, &t2);
        trips += t2;
        CHECK(!t1);
        printf("%10lu %9lu %3lu%% %9lu %3lu%% %8s\n", (unsigned long)rates[i], (unsigned long)without[i],
               (unsigned long)(100u * without[i] / base), (unsigned long)with[i],
               (unsigned long)(100u * with[i] / base), t2 ? "yes" : "no");
    }
    /* collapse without the guard at the top rate, held with it everywhere */
    CHECK(without[NRATES - 1] < base / 10);
    for (unsigned i = 0; i < NRATES; i++)
        CHECK(with[i] > base / 2);
    CHECK(trips > 0);
    return check_done("test_storm_cm");
}
