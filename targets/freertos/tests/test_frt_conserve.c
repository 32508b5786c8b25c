/* test_frt_conserve.c - conservation with the scheduler running: three pin
 * ISRs at three NVIC priorities post into one MPSC queue while a consumer
 * task blocks in pinq_pop(PINQ_WAIT_FOREVER) and now and then sleeps
 * (vTaskDelay) so the ring overflows:
 *   line 0  board timer 0, 0x80: may call FreeRTOS, woken directly
 *   line 1  board timer 1, 0x30: above configMAX_SYSCALL (0x40), woken
 *           through the relay; every third post it pends line 2's ISR
 *   line 2  BOARD_SOFT0_IRQ, 0xA0
 * Checked exactly, per line: posted == delivered + lost as reported by
 * RESYNCs, the level chain and timestamps in order (frt_lines.h); the
 * ring's own books; the relay ran and no consumer fell back to polling.
 * A lost wake-up leaves the consumer blocked: the watchdog fails it. */
#include <stdio.h>

#include "frt_lines.h"
#include "frt_test.h"
#include "pinq_freertos.h"
#include "pinq_isr.h"

#define NLINES 3
#define POSTS0 2000u
#define POSTS1 1500u
#define PERIOD0 12500u /* timer ticks (25 MHz): 0.5 ms */
#define PERIOD1 17000u
#define SLEEP_EVERY 40u /* events between the consumer's naps */

static const pinq_line_cfg_t lines[NLINES] = {
    {.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, NLINES, 16, PINQ_MPSC, PINQ_DROP_NEWEST);
static frt_line_t books[NLINES];
static volatile uint32_t progress_count;


static void post(uint16_t line)
{
    int r = pinq_isr_post(&q, line, frt_line_next(&books[line]));
    if (r == PINQ_OK || r == PINQ_EFULL)
        books[line].posted++;
}

void board_timer0_isr(void)
{
    board_timer_ack(0);
    post(0);
    if (books[0].posted == POSTS0)
        board_timer_stop(0);
}

void board_timer1_isr(void)
{
    board_timer_ack(1);
    post(1);
    if (books[1].posted % 3u == 0)
        pinq_cm_irq_pend(BOARD_SOFT0_IRQ);
    if (books[1].posted == POSTS1)
        board_timer_stop(1);
}

void board_soft0_isr(void)
{
    post(2);
}

static bool all_done(void)
{
    bool done = books[0].posted == POSTS0 && books[1].posted == POSTS1 && books[2].posted == POSTS1 / 3u;
    for (unsigned i = 0; i < NLINES; i++)
        done = done && frt_line_balanced(&books[i]);
    return done;
}

static void report(void)
{
    for (unsigned i = 0; i < NLINES; i++)
        printf("  line %u: posted %lu = delivered %lu + lost %lu? order breaks %lu\n", i,
               (unsigned long)books[i].posted, (unsigned long)books[i].delivered, (unsigned long)books[i].lost,
               (unsigned long)books[i].breaks);
}

static uint32_t progress(void)
{
    return progress_count;
}

static void consumer(void *arg)
{
    (void)arg;
    board_timer_start(0, PERIOD0, true);
    board_timer_start(1, PERIOD1, true);
    pinq_event_t ev;
    while (!all_done()) {
        if (pinq_pop(&q, &ev, PINQ_WAIT_FOREVER) != 1) {
            printf("pinq_pop(PINQ_WAIT_FOREVER) returned without an event\n");
            frt_finish(false);
        }
        frt_line_take(&books[ev.line], &ev);
        if (++progress_count % SLEEP_EVERY == 0)
            vTaskDelay(1);
    }
    report();
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    uint32_t lost = books[0].lost + books[1].lost + books[2].lost, breaks = 0;
    for (unsigned i = 0; i < NLINES; i++)
        breaks += books[i].breaks;
    printf("ring: produced %lu = delivered %lu + dropped %lu, queued %lu; relay runs %lu, relay misses %lu\n",
           (unsigned long)st.produced, (unsigned long)st.delivered, (unsigned long)st.dropped,
           (unsigned long)st.queued, (unsigned long)frt_relay_runs, (unsigned long)pinq_freertos_relay_misses());
    bool ok = breaks == 0 && lost > 0 && st.produced == st.delivered + st.dropped && st.dropped == lost &&
              st.queued == 0 && frt_relay_runs > 0 && pinq_freertos_relay_misses() == 0;
    printf("test_frt_conserve: %s\n", ok ? "ok" : "FAILED");
    frt_finish(ok);
}

int main(void)
{
    if (pinq_init(&q, &q_cfg) != PINQ_OK)
        return 2;
    frt_irq(BOARD_TIMER0_IRQ, 0x80);
    frt_irq(BOARD_TIMER1_IRQ, 0x30);
    frt_irq(BOARD_SOFT0_IRQ, 0xA0);
    frt_task(consumer, "cons", 1024, 2, NULL);
    frt_watchdog(500, progress, report);
    frt_start();
}
