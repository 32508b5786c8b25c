/* test_frt_doorbell.c - the doorbell scenario (docs/doorbell.md,
 * examples/doorbell-fw) as a FreeRTOS application: the same seeded,
 * bouncing button played by board timer 1 (examples/doorbell-fw/button.c
 * and fw_board_cm.c: playback at 0x40, the pin's interrupt
 * BOARD_SOFT0_IRQ at 0x80 posting each edge with pinq_isr_post), and
 *   consumer task   pinq_pop(PINQ_WAIT_FOREVER) on the edge queue, the
 *                   host example's lockout debounce on each event's
 *                   timestamp; a debounced press is handed on with
 *                   pinq_schedule() to
 *   deferred task   pinq_wait(PINQ_WAIT_FOREVER) + pinq_dispatch() on a
 *                   second queue: it "answers the door" (records the time)
 *   work task       the application, busy with 100 ms units of work at the
 *                   lowest priority, never looking at a pin.
 * Scored by the host example's score.c against the deadline of 60 ms.
 * Exact sums: presses == seen + missed, every press seen and answered in
 * time; edges played == stamped by the ISR == produced == delivered (no
 * loss at this rate) and the ring's books balance. */
#include <stdio.h>

#include "button.h"
#include "debounce.h"
#include "frt_test.h"
#include "fw_board.h"
#include "pinq_isr.h"
#include "score.h"

#ifndef DOORBELL_PRESSES
#define DOORBELL_PRESSES 10
#endif
#define WORK_MS 100
#define DEADLINE_MS 60
#define LOCKOUT_MS 20

static bool record(pinq_event_t *ev, void *ctx);
static const pinq_line_cfg_t lines[1] = {{.hard = record, .trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, 1, 64, PINQ_SPSC, PINQ_DROP_NEWEST);
static const pinq_line_cfg_t no_lines[1] = {{.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q2, no_lines, 1, 2, PINQ_SPSC, PINQ_DROP_NEWEST); /* calls only */
PINQ_CALL_STORAGE(q2, 16);

static debounce_t deb;
static button_truth_t truth;
static pinq_ticks_t press_ts[2 * BUTTON_PRESSES_MAX];
static reaction_t reactions[2 * BUTTON_PRESSES_MAX];
static volatile uint32_t stamped, npresses, nreactions, progress_count;

static pinq_ticks_t ms_to_ticks(uint32_t ms)
{
    return (pinq_ticks_t)ms * pinq_port_ticks_per_sec() / 1000u;
}

static uint64_t ticks_to_ns(pinq_ticks_t t)
{
    return t * 1000u / (pinq_port_ticks_per_sec() / 1000000u);
}

/* Hard handler (in the pin's ISR): count the stamped edge, queue it. */
static bool record(pinq_event_t *ev, void *ctx)
{
    (void)ev;
    (void)ctx;
    stamped++;
    return true;
}

void fw_pin_isr(void)
{
    pinq_isr_post(&q, 0, button_level());
}

/* Scheduled call, run by the deferred task: answer the door. */
static void answer(void *arg)
{
    uint32_t i = (uint32_t)(uintptr_t)arg;
    if (nreactions < sizeof reactions / sizeof reactions[0])
        reactions[nreactions++] = (reaction_t){.stamp_ns = ticks_to_ns(press_ts[i]),
                                               .react_ns = ticks_to_ns(pinq_port_now())};
}

static void consumer(void *arg)
{
    (void)arg;
    pinq_event_t ev;
    for (;;) {
        if (pinq_pop(&q, &ev, PINQ_WAIT_FOREVER) != 1)
            continue;
        progress_count++;
        if (ev.kind == PINQ_EV_RESYNC || !debounce_edge(&deb, ev.ts, ev.level) || !ev.level)
            continue;
        if (npresses < sizeof press_ts / sizeof press_ts[0]) {
            press_ts[npresses] = ev.ts;
            if (pinq_schedule(&q2, answer, (void *)(uintptr_t)npresses) == PINQ_OK)
                npresses++;
        }
    }
}

static void deferred(void *arg)
{
    (void)arg;
    for (;;) {
        pinq_wait(&q2, PINQ_WAIT_FOREVER);
        pinq_dispatch(&q2, 8);
    }
}

static uint32_t progress(void)
{
    return progress_count;
}

static bool check(void)
{
    static uint64_t down_ns[BUTTON_PRESSES_MAX], scratch[BUTTON_PRESSES_MAX];
    for (uint32_t i = 0; i < truth.presses; i++)
        down_ns[i] = ticks_to_ns(truth.down[i]);
    score_t sc;
    score_run(down_ns, truth.presses, reactions, nreactions, (uint64_t)DEADLINE_MS * 1000000u, scratch, &sc);
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    uint32_t misses = score_deadline_misses(&sc);
    printf("%-44s %7s %5s %6s %7s %7s %7s %15s\n", "strategy", "presses", "seen", "missed", "p50 ms", "p99 ms",
           "max ms", "deadline misses");
    printf("%-44s %7lu %5lu %6lu %7.1f %7.1f %7.1f %15lu\n", "FreeRTOS: irq + pinq_pop task + deferred task",
           (unsigned long)sc.presses, (unsigned long)sc.seen, (unsigned long)sc.missed, sc.p50_ms, sc.p99_ms,
           sc.max_ms, (unsigned long)misses);
    printf("edges played %lu, stamped by ISR %lu; ring produced %lu = delivered %lu + dropped %lu + coalesced %lu "
           "+ queued %lu; answered %lu\n",
           (unsigned long)truth.edges, (unsigned long)stamped, (unsigned long)st.produced,
           (unsigned long)st.delivered, (unsigned long)st.dropped, (unsigned long)st.coalesced,
           (unsigned long)st.queued, (unsigned long)nreactions);
    return sc.presses == DOORBELL_PRESSES && sc.presses == sc.seen + sc.missed && sc.seen == sc.presses &&
           misses == 0 && stamped == truth.edges && st.produced == truth.edges && st.delivered == truth.edges &&
           st.produced == st.delivered + st.dropped + st.coalesced + st.queued && nreactions == npresses;
}

/* The application: busy units of work; after the last edge, one more
 * unit, then the books. */
static void work(void *arg)
{
    (void)arg;
    fw_board_pin_irq_enable(true);
    button_start(&truth, 1, DOORBELL_PRESSES, true);
    pinq_ticks_t unit = pinq_port_now();
    bool last = false;
    while (!last) {
        last = truth.done;
        unit += ms_to_ticks(WORK_MS);
        while (pinq_port_now() < unit) {
        }
    }
    fw_board_pin_irq_enable(false);
    bool ok = check();
    printf("test_frt_doorbell: %s\n", ok ? "ok" : "FAILED");
    frt_finish(ok);
}

int main(void)
{
    fw_board_init();
    q2_cfg.calls = q2_calls;
    q2_cfg.ncalls = 16;
    if (pinq_init(&q, &q_cfg) != PINQ_OK || pinq_init(&q2, &q2_cfg) != PINQ_OK)
        return 2;
    debounce_init(&deb, ms_to_ticks(LOCKOUT_MS), 0);
    printf("test_frt_doorbell on %s: %u presses (seed 1), deadline %u ms\n", fw_board_cpu(), DOORBELL_PRESSES,
           DEADLINE_MS);
    frt_task(consumer, "cons", 1024, 3, NULL);
    frt_task(deferred, "defer", 1024, 2, NULL);
    frt_task(work, "work", 2048, 1, NULL);
    frt_watchdog(3000, progress, NULL);
    frt_start();
}
