/* test_frt_relay_full.c - the relay table full (built with
 * PINQ_FREERTOS_MAX_WAITERS=1): two consumer tasks, each blocked in
 * pinq_pop(PINQ_WAIT_FOREVER) on its own queue, fed alternately by an
 * urgent pin interrupt (board timer 1, 0x30, above configMAX_SYSCALL: every
 * wake is relayed). The first task to wait takes the table's one entry;
 * the other cannot be named by the relay, so it blocks at most
 * PINQ_FREERTOS_POLL_TICKS at a time. Checked: neither hangs (watchdog),
 * both queues' books balance exactly, the fallback was taken. */
#include <stdio.h>

#include "frt_lines.h"
#include "frt_test.h"
#include "pinq_freertos.h"
#include "pinq_isr.h"

#define POSTS 400u /* per queue */
#define PERIOD 25000u /* 1 ms */

static const pinq_line_cfg_t lines[1] = {{.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(qa, lines, 1, 32, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_DEFINE(qb, lines, 1, 32, PINQ_SPSC, PINQ_DROP_NEWEST);
static frt_line_t books[2];
static pinq_t *const queues[2] = {&qa, &qb};
static volatile uint32_t ticks_isr;

void board_timer1_isr(void)
{
    board_timer_ack(1);
    uint32_t n = ticks_isr++;
    frt_line_t *l = &books[n & 1u];
    int r = pinq_isr_post(queues[n & 1u], 0, frt_line_next(l));
    if (r == PINQ_OK || r == PINQ_EFULL)
        l->posted++;
    if (ticks_isr == 2 * POSTS)
        board_timer_stop(1);
}

static uint32_t progress(void)
{
    return books[0].delivered + books[1].delivered;
}

static bool done(unsigned i)
{
    return books[i].posted == POSTS && frt_line_balanced(&books[i]);
}

static void consumer(void *arg)
{
    unsigned i = (unsigned)(uintptr_t)arg;
    pinq_event_t ev;
    if (i == 0)
        board_timer_start(1, PERIOD, true);
    while (!done(i)) {
        if (pinq_pop(queues[i], &ev, PINQ_WAIT_FOREVER) != 1)
            frt_finish(false);
        frt_line_take(&books[i], &ev);
    }
    if (i == 0)
        for (;;)
            vTaskDelay(100);
    while (!done(0))
        vTaskDelay(1);
    for (unsigned k = 0; k < 2; k++)
        printf("  queue %u: posted %lu = delivered %lu + lost %lu, order breaks %lu\n", k,
               (unsigned long)books[k].posted, (unsigned long)books[k].delivered, (unsigned long)books[k].lost,
               (unsigned long)books[k].breaks);
    printf("relay runs %lu, blocks cut short for want of a table entry %lu\n", (unsigned long)frt_relay_runs,
           (unsigned long)pinq_freertos_relay_misses());
    bool ok = books[0].breaks + books[1].breaks == 0 && frt_relay_runs > 0 && pinq_freertos_relay_misses() > 0;
    printf("test_frt_relay_full: %s\n", ok ? "ok" : "FAILED");
    frt_finish(ok);
}

int main(void)
{
    if (pinq_init(&qa, &qa_cfg) != PINQ_OK || pinq_init(&qb, &qb_cfg) != PINQ_OK)
        return 2;
    frt_irq(BOARD_TIMER1_IRQ, 0x30);
    frt_task(consumer, "consA", 1024, 3, (void *)0);
    frt_task(consumer, "consB", 1024, 2, (void *)1);
    frt_watchdog(500, progress, NULL);
    frt_start();
}
