/* two_queues.h - bookkeeping shared by the two-queue tests (host
 * test_two_queues.c, targets/cortex-m test_two_queues_cm.c, targets/riscv
 * test_two_queues_rv.c): interrupt sources that each post alternating
 * levels on one line of one queue, and the checks that a queue holds
 * exactly its own sources' events, in order, with its books balanced. */
#ifndef PINQ_TWO_QUEUES_H
#define PINQ_TWO_QUEUES_H

#include "check.h"
#include "pinq.h"

/* One interrupt source (NVIC interrupt, PLIC/CLINT source, signal) bound
 * to one line of one queue. */
typedef struct tq_src {
    pinq_t *q;
    uint16_t line;
    unsigned irq;            /* the platform's number for the source */
    volatile unsigned runs;  /* handler entries */
    volatile unsigned posts; /* posts the ring counted (queued or lost) */
    unsigned popped;         /* its events taken from the queue so far */
} tq_src_t;

/* The source's handler: an edge to the other level, RISE first. */
static inline void tq_post(tq_src_t *s)
{
    unsigned run = s->runs + 1u;
    s->runs = run;
    int rc = pinq_post(s->q, s->line, (int)(run & 1u));
    s->posts = s->posts + (rc == PINQ_OK || rc == PINQ_EFULL);
}

/* Pop every event of q. Each must be on the line of one of src[0..n-1]
 * (q's sources) and continue that source's RISE, FALL, RISE... Returns
 * how many were popped. */
static inline unsigned tq_drain(pinq_t *q, tq_src_t *const src[], unsigned n)
{
    pinq_event_t ev;
    unsigned got = 0;
    while (pinq_ring_pop(&q->ring, &ev) == 1) {
        tq_src_t *s = NULL;
        for (unsigned i = 0; i < n; i++)
            if (src[i]->q == q && src[i]->line == ev.line)
                s = src[i];
        CHECK(s != NULL);
        if (s) {
            CHECK_EQ(ev.kind, s->popped % 2u == 0 ? PINQ_EV_RISE : PINQ_EV_FALL);
            s->popped++;
        }
        got++;
    }
    return got;
}

/* q's books balance (produced == delivered + dropped + coalesced +
 * queued), count exactly what src[0..n-1] posted into it, and nothing
 * was lost. */
static inline void tq_check_books(const pinq_t *q, tq_src_t *const src[], unsigned n)
{
    unsigned posts = 0, popped = 0;
    for (unsigned i = 0; i < n; i++) {
        posts += src[i]->posts;
        popped += src[i]->popped;
    }
    pinq_ring_stats_t st;
    pinq_ring_stats(&q->ring, &st);
    CHECK_EQ(st.produced, posts);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    CHECK_EQ(st.delivered, popped);
    CHECK_EQ(st.dropped + st.coalesced, 0);
}

#endif
