/* test_stamp32.c - events stored with a 32-bit ISR stamp (what pinq_post()
 * stores on the Cortex-M and RISC-V ports) come out of the ring with the
 * full 64-bit time restored from the ring's clock, across 2^32 wraps, in
 * both index disciplines, or flagged when the consumer has not looked for
 * 2^32 ticks; events pushed with a full ts keep it. Drives the
 * ring's internal fast path with a fake clock, so it runs on the host. */
#include "stamp32_ring.h"

static void setup(uint8_t mode)
{
    stamp32_ring_init(mode, 0); /* each test's clock starts over */
}

/* The consumer finds the ring empty at `seen`; an ISR stamps `at` (its
 * low word only); the consumer pops at `now`. */
static pinq_event_t looked_stamped_popped(pinq_ticks_t seen, pinq_ticks_t at, pinq_ticks_t now)
{
    pinq_event_t ev = {0};
    fake_now = seen;
    CHECK_EQ(pinq_ring_pop(&r, &ev), 0);
    fast_ev_t e = {.lo = (uint32_t)at, .tag = PINQ_TAG(0, PINQ_EV_RISE, 1) | PINQ_TAG_STAMP32 | PINQ_TAG_FIFO};
    CHECK(ring_fast_push(&r, e));
    fake_now = now;
    CHECK_EQ(pinq_ring_pop(&r, &ev), 1);
    CHECK_EQ(ev.kind, PINQ_EV_RISE);
    return ev;
}

static pinq_ticks_t stamped_then_popped(pinq_ticks_t at, pinq_ticks_t now)
{
    pinq_event_t ev = looked_stamped_popped(at, at, now);
    CHECK_EQ(ev.level, 1); /* the hint bits are not part of the level, and the time is sure */
    return ev.ts;
}

static void test_extend(uint8_t mode)
{
    setup(mode);
    static const struct {
        pinq_ticks_t at, now;
    } rows[] = { /* in time order: a ring's clock never goes back */
        {5, 5},                                             /* popped at once */
        {UINT64_C(0x80000000), UINT64_C(0x80000000)},
        {UINT64_C(0xFFFFFFF0), UINT64_C(0x100000005)},      /* stamped before a wrap, popped after */
        {UINT64_C(0x700000003), UINT64_C(0x700000003) + UINT32_MAX}, /* the oldest an event may be */
        {UINT64_C(0x1234FFFFFFFF), UINT64_C(0x123500000000)}, /* a wrap of the high word too */
    };
    for (unsigned i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECK_EQ(stamped_then_popped(rows[i].at, rows[i].now), rows[i].at);
}

/* An event pushed with its full ts (pinq_post_at, a capture register, the
 * input engine's own events) is not touched, even far from the clock. */
static void test_full_ts_kept(void)
{
    setup(PINQ_SPSC);
    fake_now = 10;
    pinq_event_t in = {.ts = UINT64_C(0x5500000001), .line = 0, .kind = PINQ_EV_FALL, .level = 0};
    CHECK_EQ(pinq_ring_push(&r, &in), PINQ_OK);
    pinq_event_t out;
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    CHECK_EQ(out.ts, in.ts);
}

/* A consumer that has not looked at the ring for 2^32 ticks cannot tell
 * an edge from one 2^32 ticks later: the event says so, the ring counts
 * it, and the stream stays in order (the earliest time it can be). */
static void test_stall_flagged(uint8_t mode)
{
    setup(mode);
    pinq_ticks_t wrap = UINT64_C(1) << 32;
    pinq_event_t ev = looked_stamped_popped(100, 100, 150); /* looked at 100: exact */
    CHECK_EQ(ev.ts, 150 - 50);
    CHECK_EQ(ev.level, 1);
    fast_ev_t e1 = {.lo = 200, .tag = PINQ_TAG(0, PINQ_EV_RISE, 1) | PINQ_TAG_STAMP32 | PINQ_TAG_FIFO};
    fast_ev_t e2 = {.lo = (uint32_t)(wrap - 10), .tag = e1.tag};
    CHECK(ring_fast_push(&r, e1));
    CHECK(ring_fast_push(&r, e2));
    fake_now = wrap + 300; /* popped 2^32 + 100 ticks after the first edge */
    pinq_event_t a, b;
    CHECK_EQ(pinq_ring_pop(&r, &a), 1);
    CHECK_EQ(pinq_ring_pop(&r, &b), 1);
    CHECK_EQ(a.ts, 200);
    CHECK_EQ(a.level, 1 | PINQ_FLAG_TS_UNSURE); /* it may have been 2^32 + 200 */
    CHECK_EQ(b.ts, wrap - 10);                  /* only one time fits */
    CHECK_EQ(b.level, 1);
    CHECK(b.ts > a.ts);
    pinq_ring_stats_t st;
    pinq_ring_stats(&r, &st);
    CHECK_EQ(st.ts_unsure, 1);
}

/* An unsure 32-bit stamp is restored no earlier than the event delivered
 * before it, in a batch as one at a time: a batch pop notes that event
 * before it restores the stamp that follows it. */
static void full_then_stamp32_late(void)
{
    stamp32_ring_init(PINQ_SPSC, 100);
    pinq_event_t ev;
    CHECK_EQ(pinq_ring_pop(&r, &ev), 0); /* seen empty at 100 */
    pinq_event_t full = {.ts = (UINT64_C(1) << 32) + 300, .line = 0, .kind = PINQ_EV_FALL, .level = 0};
    CHECK_EQ(pinq_ring_push(&r, &full), PINQ_OK);
    fast_ev_t e = {.lo = 500, .tag = PINQ_TAG(0, PINQ_EV_RISE, 1) | PINQ_TAG_STAMP32 | PINQ_TAG_FIFO};
    CHECK(ring_fast_push(&r, e));
    fake_now = (UINT64_C(1) << 32) + 2000; /* 2^32 ticks after the look: unsure */
}

static void test_batch_restores_as_single(void)
{
    pinq_event_t one[2], batch[2];
    full_then_stamp32_late();
    CHECK_EQ(pinq_ring_pop(&r, &one[0]), 1);
    CHECK_EQ(pinq_ring_pop(&r, &one[1]), 1);
    full_then_stamp32_late();
    CHECK_EQ(pinq_ring_pop_n(&r, batch, 2), 2);
    CHECK(one[1].ts >= one[0].ts);
    CHECK(one[1].level & PINQ_FLAG_TS_UNSURE);
    CHECK_EQ(batch[0].ts, one[0].ts);
    CHECK_EQ(batch[1].ts, one[1].ts);
    CHECK_EQ(batch[1].level, one[1].level);
}

int main(void)
{
    test_batch_restores_as_single();
    test_stall_flagged(PINQ_SPSC);
    test_stall_flagged(PINQ_MPSC);
    test_extend(PINQ_SPSC);
    test_extend(PINQ_MPSC);
    test_full_ts_kept();
    return check_done("test_stamp32");
}
