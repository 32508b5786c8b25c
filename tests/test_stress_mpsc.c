/* test_stress_mpsc.c - 4 producer threads + 1 consumer on an MPSC ring, for
 * every overflow policy. Checks, exactly: conservation per producer
 * (pushed == delivered + lost reported by RESYNC) and in total against the
 * ring's counters, and per-producer order (each producer's timestamps are
 * its own counter, so they must arrive strictly increasing). Producers
 * push through pinq_ring_inline.h every other event, and the consumer
 * pops with it between its batches. */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#include "check.h"
#include "pinq.h"
#include "pinq_ring_inline.h"

#define PRODUCERS 4
#define CAP 1024

static pinq_slot_t slots[CAP];
static pinq_lost_t lost[PRODUCERS];
static pinq_ring_t ring;
static uint32_t per_producer;
static _Atomic int producers_done;

/* Producers alternate bursts with pauses of pseudo-random length, so the
 * ring swings between overflowing and draining (both paths are tested). */
static void pause_a_little(uint32_t *rnd)
{
    *rnd = *rnd * 1664525u + 1013904223u;
    if ((*rnd >> 28) < 10) /* 10 times in 16: leave the CPU to the consumer (2 cores, 5 threads) */
        sched_yield();
}

static void *producer(void *arg)
{
    uint16_t id = (uint16_t)(uintptr_t)arg;
    uint32_t rnd = id + 1;
    for (uint32_t k = 1; k <= per_producer; k++) {
        pinq_event_t ev = {.ts = k, .line = id, .kind = PINQ_EV_RISE, .level = (uint8_t)(k & 1)};
        /* PINQ_EFULL is counted by the ring; the inline push takes turns */
        if (k & 1)
            pinq_ring_push_inline(&ring, &ev);
        else
            pinq_ring_push(&ring, &ev);
        if ((k & 255) == 0)
            pause_a_little(&rnd);
    }
    atomic_fetch_add(&producers_done, 1);
    return NULL;
}

struct tally {
    uint64_t delivered[PRODUCERS];
    uint64_t lost[PRODUCERS];
    uint64_t last_ts[PRODUCERS];
    uint64_t order_errors;
    uint64_t seq_errors;
    uint32_t last_seq;
    int have_seq;
};

static void consume(struct tally *t, const pinq_event_t *ev)
{
    if (ev->kind == PINQ_EV_RESYNC) {
        t->lost[ev->line] += ev->lost;
        return;
    }
    t->delivered[ev->line]++;
    if (ev->ts <= t->last_ts[ev->line])
        t->order_errors++;
    t->last_ts[ev->line] = ev->ts;
    /* ring positions grow strictly (gaps = discarded events) */
    if (t->have_seq && (int32_t)(ev->seq - t->last_seq) <= 0)
        t->seq_errors++;
    t->last_seq = ev->seq;
    t->have_seq = 1;
}

static void run(uint8_t policy, uint32_t total)
{
    pinq_ring_cfg_t c = {.slots = slots, .capacity = CAP, .lost = lost, .nlines = PRODUCERS,
                         .mode = PINQ_MPSC, .policy = policy, .start_index = UINT32_MAX - 5000};
    CHECK_EQ(pinq_ring_init(&ring, &c), PINQ_OK);
    per_producer = total / PRODUCERS;
    atomic_store(&producers_done, 0);
    pthread_t th[PRODUCERS];
    for (uintptr_t i = 0; i < PRODUCERS; i++)
        pthread_create(&th[i], NULL, producer, (void *)i);

    static struct tally t;
    t = (struct tally){0};
    pinq_event_t buf[64];
    for (;;) {
        int done = atomic_load(&producers_done) == PRODUCERS; /* read before the final drain */
        uint32_t n = pinq_ring_pop_n(&ring, buf, 64);
        for (uint32_t i = 0; i < n; i++)
            consume(&t, &buf[i]);
        for (uint32_t i = 0; i < 8 && pinq_ring_pop_inline(&ring, buf) == 1; i++, n++)
            consume(&t, buf);
        if (n == 0 && done)
            break;
    }
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(th[i], NULL);
    /* quiescent: report losses that no stored event followed */
    CHECK(pinq_ring_flush_lost(&ring));
    while (pinq_ring_pop(&ring, buf) == 1)
        consume(&t, buf);

    pinq_ring_stats_t st;
    pinq_ring_stats(&ring, &st);
    uint64_t delivered = 0, lostsum = 0;
    for (int i = 0; i < PRODUCERS; i++) {
        CHECK_EQ(t.delivered[i] + t.lost[i], per_producer);
        delivered += t.delivered[i];
        lostsum += t.lost[i];
    }
    CHECK_EQ(t.order_errors, 0);
    CHECK_EQ(t.seq_errors, 0);
    CHECK_EQ(st.produced, (uint32_t)(per_producer * PRODUCERS));
    CHECK_EQ(st.delivered, (uint32_t)delivered);
    CHECK_EQ(st.dropped + st.coalesced, (uint32_t)lostsum);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced);
    CHECK_EQ(st.queued, 0);
    if (policy == PINQ_COALESCE)
        CHECK_EQ(st.dropped, 0);
    else
        CHECK_EQ(st.coalesced, 0);
    printf("mpsc policy %u: produced %u delivered %u dropped %u coalesced %u high-water %u\n", policy,
           st.produced, st.delivered, st.dropped, st.coalesced, st.high_water);
}

int main(int argc, char **argv)
{
    uint32_t total = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : PINQ_STRESS_EVENTS;
    for (uint8_t p = PINQ_DROP_NEWEST; p <= PINQ_COALESCE; p++)
        run(p, total);
    return check_done("test_stress_mpsc");
}
