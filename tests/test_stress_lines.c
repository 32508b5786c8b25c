/* test_stress_lines.c - producer threads posting edges through the line
 * layer's ISR entries (pinq_isr_post inlined, pinq_post called) while the
 * main thread pops, into an SPSC queue (one producer) and an MPSC queue
 * (four, one line each), under drop-newest. Checks, exactly, per line:
 * posts == delivered + lost as reported by RESYNC; timestamps arrive in
 * order; and in total against the ring's counters. Under TSan this is the
 * inlined fast paths' race check on real parallel cores. */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#include "check.h"
#include "pinq.h"
#include "pinq_isr.h"

#define MAXP 4
#define CAP 256

static pinq_slot_t slots[CAP];
static pinq_lost_t lost[MAXP];
static pinq_line_t state[MAXP];
static const pinq_line_cfg_t lines[MAXP] = {
    {.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_BOTH}};
static pinq_t q;
static uint32_t per_producer;
static _Atomic int producers_done;
static uint32_t posted[MAXP];

static void *producer(void *arg)
{
    uint16_t line = (uint16_t)(uintptr_t)arg;
    for (uint32_t k = 1; k <= per_producer; k++) {
        /* three in four inlined, one called: both entries race the consumer */
        int rc = (k & 3) ? pinq_isr_post(&q, line, (int)(k & 1)) : pinq_post(&q, line, (int)(k & 1));
        if (rc != PINQ_OK && rc != PINQ_EFULL)
            abort();
        if ((k & 1023) == 0)
            sched_yield();
    }
    posted[line] = per_producer;
    atomic_fetch_add(&producers_done, 1);
    return NULL;
}

struct tally {
    uint64_t delivered[MAXP], lost[MAXP];
    pinq_ticks_t last_ts[MAXP];
    uint64_t order_errors;
};

static void consume(struct tally *t, const pinq_event_t *ev)
{
    if (ev->kind == PINQ_EV_RESYNC) {
        t->lost[ev->line] += ev->lost;
        return;
    }
    if (ev->ts < t->last_ts[ev->line])
        t->order_errors++;
    t->last_ts[ev->line] = ev->ts;
    t->delivered[ev->line]++;
}

static void run(uint8_t mode, int producers)
{
    pinq_cfg_t cfg = {.lines = lines, .state = state, .nlines = (uint16_t)producers, .slots = slots, .lost = lost,
                      .capacity = CAP, .mode = mode, .policy = PINQ_DROP_NEWEST};
    CHECK_EQ(pinq_init(&q, &cfg), PINQ_OK);
    atomic_store(&producers_done, 0);
    pthread_t th[MAXP];
    for (int i = 0; i < producers; i++)
        CHECK_EQ(pthread_create(&th[i], NULL, producer, (void *)(uintptr_t)i), 0);
    struct tally t = {0};
    pinq_event_t ev;
    while (atomic_load(&producers_done) < producers)
        if (pinq_ring_pop(&q.ring, &ev) == 1)
            consume(&t, &ev);
    for (int i = 0; i < producers; i++)
        pthread_join(th[i], NULL);
    do { /* producers stopped: the losses no event followed are written now */
        while (pinq_ring_pop(&q.ring, &ev) == 1)
            consume(&t, &ev);
    } while (!pinq_ring_flush_lost(&q.ring) || pinq_ring_ready(&q.ring));
    uint64_t lost_sum = 0;
    for (int i = 0; i < producers; i++) {
        CHECK_EQ(t.delivered[i] + t.lost[i], posted[i]); /* exact, per line */
        lost_sum += t.lost[i];
    }
    CHECK_EQ(t.order_errors, 0);
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.produced, (uint32_t)per_producer * (uint32_t)producers);
    CHECK_EQ(st.produced, st.delivered + st.dropped);
    CHECK_EQ(st.dropped, lost_sum);
    CHECK_EQ(st.queued, 0);
}

int main(int argc, char **argv)
{
    per_producer = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : PINQ_STRESS_EVENTS / 10;
    run(PINQ_SPSC, 1);
    run(PINQ_MPSC, MAXP);
    return check_done("test_stress_lines");
}
