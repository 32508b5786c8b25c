/* test_fault_dead.c - a producer thread that dies between claiming its
 * position in an MPSC ring and publishing it (pinq.h: "A producer must not
 * be killed mid-push: the ring would wait for its slot for good"). What
 * pinq does then, on the simulated port: the events published before the
 * dead position are delivered; those after it stay queued and are never
 * delivered, whatever the consumer does; the stall shows as queued > 0
 * (pinq_ring_stats) with nothing ready (pinq_pending false), and
 * pinq_wait() sleeps at most its in-flight cap (1 ms) at a time instead of
 * its timeout. Once the ring is full every post is refused and counted:
 * the books still balance, but no RESYNC can be written. docs/faults.md. */
#include <pthread.h>

#include "check.h"
#include "pinq_isr.h"
#include "pinq_sim.h"

enum { HEALTHY, OTHER, NL };
#define CAP 16
#define MS 1000000u

static const pinq_line_cfg_t lines[NL] = {{.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, NL, CAP, PINQ_MPSC, PINQ_DROP_NEWEST);

static uint32_t got;
static pinq_ticks_t last_ts;

static void on_event(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    got += ev->kind != PINQ_EV_RESYNC;
    last_ts = ev->ts;
}

/* The OTHER line's ISR on another core: it claims its position and dies
 * before it writes the slot. */
static void *die_mid_push(void *arg)
{
    uint32_t pos;
#if PINQ_DEBUG
    atomic_fetch_add(&q.ring.attempts, 1); /* a real push counts its attempt first */
#endif
    *(bool *)arg = pinq_stamped_claim_(&q.ring, &pos) != NULL;
    return NULL;
}

/* n healthy posts, one per millisecond of simulated time; how many went in. */
static uint32_t post_healthy(uint32_t n, pinq_ticks_t *t)
{
    uint32_t ok = 0;
    for (uint32_t i = 0; i < n; i++) {
        pinq_sim_set(*t += MS);
        ok += pinq_isr_post(&q, HEALTHY, (int)(i & 1)) == PINQ_OK;
    }
    return ok;
}

static void drain(void)
{
    while (pinq_dispatch(&q, 64) > 0) {
    }
}

int main(void)
{
    pinq_ticks_t t = 1000;
    pinq_sim_reset(t);
    q_cfg.on_event = on_event;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(post_healthy(5, &t), 5);

    bool claimed = false;
    pthread_t th;
    CHECK_EQ(pthread_create(&th, NULL, die_mid_push, &claimed), 0);
    CHECK_EQ(pthread_join(th, NULL), 0);
    CHECK(claimed);

    /* published before the dead position: delivered */
    CHECK_EQ(post_healthy(5, &t), 5);
    drain();
    CHECK_EQ(got, 5);
    CHECK_EQ(last_ts, 1000 + 5 * MS);

    /* after it: stuck, and the stall is visible */
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.queued, 6); /* the 5 behind it and the dead one */
    CHECK(!pinq_pending(&q));
    CHECK(!pinq_ring_ready(&q.ring));
    uint64_t slept = pinq_sim_slept_ms();
    CHECK(!pinq_wait(&q, 1000));
    CHECK_EQ(pinq_sim_slept_ms() - slept, 1); /* the in-flight cap, not the 1000 ms asked */
    for (int i = 0; i < 100; i++) /* 10 simulated seconds later: still nothing */
        pinq_wait(&q, 100);
    drain();
    CHECK_EQ(got, 5);

    /* the ring fills behind it: every later post refused and counted */
    CHECK_EQ(post_healthy(20, &t), CAP - 6);
    CHECK_EQ(post_healthy(10, &t), 0);
    drain();
    CHECK_EQ(got, 5);
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.queued, CAP);
    CHECK_EQ(st.dropped, 20);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    CHECK(pinq_ring_lost_pending(&q.ring)); /* owed, and no slot to report them in */
    return check_done("test_fault_dead");
}
