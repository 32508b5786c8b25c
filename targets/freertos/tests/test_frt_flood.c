/* test_frt_flood.c - no lost wake-up under a flood, with the scheduler
 * running. Board timer 0 (0x80) fires BURSTS times at pseudo-random gaps
 * of 8-240 us; each firing is a burst:
 *   - it posts line 0 of queue q, and every other burst pends an urgent
 *     pin interrupt (NVIC 9, 0x30, above configMAX_SYSCALL: relayed) that
 *     posts line 1 of q. Consumer task: pinq_pop(PINQ_WAIT_FOREVER), then
 *     a pseudo-random amount of work, so the bursts land at every point of
 *     its look-and-block;
 *   - it schedules a call on queue q2 (pinq_schedule from an ISR), and
 *     every third burst pends BOARD_SOFT0_IRQ (0xA0), which posts q2's
 *     line. Deferred-handler task: pinq_wait(PINQ_WAIT_FOREVER) +
 *     pinq_dispatch(); the line's deferred handler and the scheduled call
 *     must run in that task.
 * A wake-up lost leaves a task blocked for good: the watchdog fails the
 * test. At the end every post and call is accounted for exactly. */
#include <stdio.h>

#include "frt_lines.h"
#include "frt_test.h"
#include "pinq_freertos.h"
#include "pinq_isr.h"

#define BURSTS 3000u
#define URGENT_IRQ BOARD_TIMER1_IRQ /* its timer stays stopped: pended by software */

static const pinq_line_cfg_t lines[2] = {{.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, 2, 32, PINQ_MPSC, PINQ_DROP_NEWEST);

static void on_edge(const pinq_event_t *ev, void *ctx);
static const pinq_line_cfg_t lines2[1] = {{.trigger = PINQ_TRIG_BOTH, .deferred = on_edge}};
PINQ_DEFINE(q2, lines2, 1, 16, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_CALL_STORAGE(q2, 32); /* headroom: the deferred task shares the CPU with the consumer task */

static frt_line_t books[2], books2;
static volatile uint32_t bursts, scheduled, refused, calls_run, wrong_context;
static TaskHandle_t deferred_task;
static uint32_t rng = 12345u;

static uint32_t next_rand(void)
{
    rng = rng * 1664525u + 1013904223u;
    return rng >> 8;
}

static void post(pinq_t *qq, frt_line_t *l, uint16_t line)
{
    int r = pinq_isr_post(qq, line, frt_line_next(l));
    if (r == PINQ_OK || r == PINQ_EFULL)
        l->posted++;
}

static bool in_deferred_task(void)
{
    return pinq_freertos_context() == PINQ_FREERTOS_TASK && xTaskGetCurrentTaskHandle() == deferred_task;
}

static void on_call(void *arg)
{
    (void)arg;
    wrong_context += !in_deferred_task();
    calls_run++;
}

static void on_edge(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    wrong_context += !in_deferred_task();
    frt_line_take(&books2, ev);
}

void board_timer0_isr(void)
{
    board_timer_ack(0);
    uint32_t n = ++bursts;
    post(&q, &books[0], 0);
    if (n % 2u == 0)
        pinq_cm_irq_pend(URGENT_IRQ);
    if (pinq_schedule(&q2, on_call, NULL) == PINQ_OK)
        scheduled++;
    else
        refused++;
    if (n % 3u == 0)
        pinq_cm_irq_pend(BOARD_SOFT0_IRQ);
    if (n < BURSTS)
        board_timer_start(0, 200u + next_rand() % 5800u, false);
}

void board_timer1_isr(void)
{
    post(&q, &books[1], 1);
}

void board_soft0_isr(void)
{
    post(&q2, &books2, 0);
}

static uint32_t progress(void)
{
    return books[0].delivered + books[1].delivered + books2.delivered + calls_run;
}

static void report(void)
{
    printf("  bursts %lu; q: line 0 posted %lu delivered %lu lost %lu, line 1 posted %lu delivered %lu lost %lu; "
           "q2: posted %lu handled %lu lost %lu, calls scheduled %lu run %lu refused %lu\n",
           (unsigned long)bursts, (unsigned long)books[0].posted, (unsigned long)books[0].delivered,
           (unsigned long)books[0].lost, (unsigned long)books[1].posted, (unsigned long)books[1].delivered,
           (unsigned long)books[1].lost, (unsigned long)books2.posted, (unsigned long)books2.delivered,
           (unsigned long)books2.lost, (unsigned long)scheduled, (unsigned long)calls_run,
           (unsigned long)refused);
}

static bool q_done(void)
{
    return bursts == BURSTS && books[0].posted == BURSTS && books[1].posted == BURSTS / 2u &&
           frt_line_balanced(&books[0]) && frt_line_balanced(&books[1]);
}

static bool q2_done(void)
{
    return bursts == BURSTS && books2.posted == BURSTS / 3u && frt_line_balanced(&books2) &&
           calls_run == scheduled;
}

static void deferred(void *arg)
{
    (void)arg;
    for (;;) {
        pinq_wait(&q2, PINQ_WAIT_FOREVER);
        pinq_dispatch(&q2, 8);
    }
}

static void consumer(void *arg)
{
    (void)arg;
    board_timer_start(0, 1000, false);
    pinq_event_t ev;
    while (!q_done()) {
        if (pinq_pop(&q, &ev, PINQ_WAIT_FOREVER) != 1)
            frt_finish(false);
        frt_line_take(&books[ev.line], &ev);
        for (volatile uint32_t i = next_rand() % 300u; i > 0; i--) {
        }
    }
    while (!q2_done())
        vTaskDelay(1); /* the deferred task finishes its share */
    report();
    uint32_t breaks = books[0].breaks + books[1].breaks + books2.breaks;
    bool ok = breaks == 0 && wrong_context == 0 && refused == 0 && frt_relay_runs > 0 &&
              pinq_freertos_relay_misses() == 0;
    printf("order breaks %lu, handlers outside the deferred task %lu, relay runs %lu\n", (unsigned long)breaks,
           (unsigned long)wrong_context, (unsigned long)frt_relay_runs);
    printf("test_frt_flood: %s\n", ok ? "ok" : "FAILED");
    frt_finish(ok);
}

int main(void)
{
    q2_cfg.calls = q2_calls;
    q2_cfg.ncalls = 32;
    if (pinq_init(&q, &q_cfg) != PINQ_OK || pinq_init(&q2, &q2_cfg) != PINQ_OK)
        return 2;
    frt_irq(BOARD_TIMER0_IRQ, 0x80);
    frt_irq(URGENT_IRQ, 0x30);
    frt_irq(BOARD_SOFT0_IRQ, 0xA0);
    frt_task(consumer, "cons", 1024, 3, NULL);
    if (xTaskCreate(deferred, "defer", 1024, NULL, 2, &deferred_task) != pdPASS)
        return 6;
    frt_watchdog(200, progress, report);
    frt_start();
}
