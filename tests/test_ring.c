/* test_ring.c - unit tests of every ring operation, policy and error path,
 * on both index disciplines (fifo SPSC, stamped MPSC) and across index
 * wrap-around. Runs on the host and, cross-compiled, on every target. */
#include <string.h>

#include "check.h"
#include "pinq.h"

#define CAP 8
#define NLINES 4

static pinq_slot_t slots[CAP];
static pinq_lost_t lost[NLINES];

static int mk(pinq_ring_t *r, uint8_t mode, uint8_t policy, uint32_t start)
{
    pinq_ring_cfg_t c = {.slots = slots, .capacity = CAP, .lost = lost, .nlines = NLINES,
                         .mode = mode, .policy = policy, .start_index = start};
    return pinq_ring_init(r, &c);
}

static pinq_event_t ev(uint16_t line, uint8_t level, pinq_ticks_t ts)
{
    return (pinq_event_t){.ts = ts, .line = line, .kind = level ? PINQ_EV_RISE : PINQ_EV_FALL, .level = level};
}

/* produced == delivered + dropped + coalesced + queued, exactly */
static void check_conservation(const pinq_ring_t *r)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(r, &st);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
}

static void test_bad_args(void)
{
    pinq_ring_t r;
    pinq_ring_cfg_t c = {.slots = slots, .capacity = CAP, .lost = lost, .nlines = NLINES};
    CHECK_EQ(pinq_ring_init(NULL, &c), PINQ_EINVAL);
    CHECK_EQ(pinq_ring_init(&r, NULL), PINQ_EINVAL);
    uint32_t bad_caps[] = {0, 1, 3, 6, 12, 1000};
    for (unsigned i = 0; i < sizeof bad_caps / sizeof bad_caps[0]; i++) {
        c.capacity = bad_caps[i];
        CHECK_EQ(pinq_ring_init(&r, &c), PINQ_EINVAL);
    }
    c.capacity = CAP;
    c.slots = NULL;
    CHECK_EQ(pinq_ring_init(&r, &c), PINQ_EINVAL);
    c.slots = slots;
    c.lost = NULL;
    CHECK_EQ(pinq_ring_init(&r, &c), PINQ_EINVAL);
    c.lost = lost;
    c.nlines = 0;
    CHECK_EQ(pinq_ring_init(&r, &c), PINQ_EINVAL);
    c.nlines = NLINES;
    c.mode = 7;
    CHECK_EQ(pinq_ring_init(&r, &c), PINQ_EINVAL);
    c.mode = PINQ_SPSC;
    c.policy = 9;
    CHECK_EQ(pinq_ring_init(&r, &c), PINQ_EINVAL);
    c.policy = PINQ_DROP_NEWEST;
    CHECK_EQ(pinq_ring_init(&r, &c), PINQ_OK);

    pinq_event_t e = ev(NLINES, 1, 1); /* bad line id */
    CHECK_EQ(pinq_ring_push(&r, &e), PINQ_EINVAL);
    CHECK_EQ(pinq_ring_push(&r, NULL), PINQ_EINVAL);
    CHECK_EQ(pinq_ring_push(NULL, &e), PINQ_EINVAL);
    CHECK_EQ(pinq_ring_pop(&r, NULL), PINQ_EINVAL);
    CHECK_EQ(pinq_ring_pop(NULL, &e), PINQ_EINVAL);
    CHECK_EQ(pinq_ring_push_n(NULL, &e, 1), 0);
    CHECK_EQ(pinq_ring_pop_n(&r, NULL, 1), 0);
    pinq_ring_stats_t st;
    pinq_ring_stats(&r, &st);
    CHECK_EQ(st.produced, 0); /* invalid pushes are not counted */
    CHECK(!pinq_ring_ready(NULL));
    CHECK(pinq_strerror(PINQ_EFULL)[0] != '\0');
}

/* FIFO order, sequence numbers, empty/full edges, for one mode/policy. */
static void test_order(uint8_t mode, uint8_t policy, uint32_t start)
{
    pinq_ring_t r;
    CHECK_EQ(mk(&r, mode, policy, start), PINQ_OK);
    pinq_event_t out;
    CHECK_EQ(pinq_ring_pop(&r, &out), 0);
    CHECK(!pinq_ring_ready(&r));
    /* several laps so the indices cross UINT32_MAX when start is near it */
    uint32_t next_seq = start;
    for (uint32_t lap = 0; lap < 5; lap++) {
        for (uint32_t i = 0; i < CAP; i++) {
            pinq_event_t e = ev((uint16_t)(i % NLINES), (uint8_t)(i & 1), 1000u * lap + i);
            CHECK_EQ(pinq_ring_push(&r, &e), PINQ_OK);
        }
        CHECK(pinq_ring_ready(&r));
        for (uint32_t i = 0; i < CAP; i++) {
            CHECK_EQ(pinq_ring_pop(&r, &out), 1);
            CHECK_EQ(out.ts, 1000u * lap + i);
            CHECK_EQ(out.line, i % NLINES);
            CHECK_EQ(out.level, i & 1);
            CHECK_EQ(out.kind, (i & 1) ? PINQ_EV_RISE : PINQ_EV_FALL);
            CHECK_EQ(out.seq, next_seq);
            next_seq++;
        }
        CHECK_EQ(pinq_ring_pop(&r, &out), 0);
    }
    pinq_ring_stats_t st;
    pinq_ring_stats(&r, &st);
    CHECK_EQ(st.produced, 5 * CAP);
    CHECK_EQ(st.delivered, 5 * CAP);
    CHECK_EQ(st.queued, 0);
    CHECK_EQ(st.high_water, CAP);
}

/* Drain everything: events, then (after a flush, as pinq_dispatch does
 * when the ring runs dry) the RESYNCs still owed. Checks that every RESYNC
 * follows all events stored before its loss. */
struct drained {
    uint32_t events, resyncs, first_ts, lost_by_line[NLINES];
    int resync_before_events; /* a RESYNC came before the first event */
};

static void drain(pinq_ring_t *r, struct drained *d)
{
    *d = (struct drained){.first_ts = UINT32_MAX};
    pinq_event_t out;
    for (int round = 0; round < 2; round++) {
        while (pinq_ring_pop(r, &out) == 1) {
            if (out.kind == PINQ_EV_RESYNC) {
                d->lost_by_line[out.line] += out.lost;
                d->resyncs++;
                d->resync_before_events |= d->events == 0;
                continue;
            }
            if (d->events++ == 0)
                d->first_ts = (uint32_t)out.ts;
        }
        pinq_ring_flush_lost(r);
    }
    CHECK(!pinq_ring_lost_pending(r));
}

/* Fill past capacity; check the policy's choice of victim, the counters,
 * and the RESYNC events that report the loss per line. */
static void test_overflow(uint8_t mode, uint8_t policy, uint32_t start)
{
    pinq_ring_t r;
    CHECK_EQ(mk(&r, mode, policy, start), PINQ_OK);
    /* CAP events on line 0, then 3 more on line 1 and 2 on line 2 */
    for (uint32_t i = 0; i < CAP; i++) {
        pinq_event_t e = ev(0, 1, i);
        CHECK_EQ(pinq_ring_push(&r, &e), PINQ_OK);
    }
    int want_full = policy == PINQ_DROP_OLDEST ? PINQ_OK : PINQ_EFULL;
    for (uint32_t i = 0; i < 5; i++) {
        pinq_event_t e = ev(i < 3 ? 1 : 2, (uint8_t)(i & 1), 100 + i);
        CHECK_EQ(pinq_ring_push(&r, &e), want_full);
    }
    check_conservation(&r);
    pinq_ring_stats_t st;
    pinq_ring_stats(&r, &st);
    CHECK_EQ(st.produced, CAP + 5);
    CHECK_EQ(st.queued, CAP);
    CHECK_EQ(st.dropped, policy == PINQ_COALESCE ? 0 : 5);
    CHECK_EQ(st.coalesced, policy == PINQ_COALESCE ? 5 : 0);

    struct drained d;
    drain(&r, &d);
    CHECK_EQ(d.events, CAP);
    if (policy == PINQ_DROP_OLDEST) {
        /* the 5 oldest (line 0) were discarded: reported before the rest */
        CHECK_EQ(d.resyncs, 1);
        CHECK_EQ(d.lost_by_line[0], 5);
        CHECK_EQ(d.first_ts, 5);
        CHECK(d.resync_before_events);
    } else {
        /* the 5 newest were refused: reported after the stored ones */
        CHECK_EQ(d.resyncs, 2);
        CHECK_EQ(d.lost_by_line[1], 3);
        CHECK_EQ(d.lost_by_line[2], 2);
        CHECK_EQ(d.first_ts, 0);
        CHECK(!d.resync_before_events);
    }
    pinq_ring_stats(&r, &st);
    CHECK_EQ(st.queued, 0);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced);
    CHECK(!pinq_ring_ready(&r));
}

/* Free slots a ring of CAP with one line owing wants before the RESYNC
 * and its event go in (pinq.h, pinq_ring_pop): 9, at most half of them,
 * at least 2. */
#define ROOM_RESYNC (CAP / 2 < 2 ? 2u : CAP / 2 < 9 ? CAP / 2 : 9u)

/* The RESYNC sits in the stream exactly where the events went missing:
 * after the events stored before the loss, before those stored after. */
static void test_resync_position(uint8_t mode, uint8_t policy)
{
    pinq_ring_t r;
    CHECK_EQ(mk(&r, mode, policy, 0), PINQ_OK);
    for (uint32_t i = 0; i < CAP; i++) {
        pinq_event_t e = ev(0, 1, i);
        pinq_ring_push(&r, &e);
    }
    pinq_event_t x = ev(1, 1, 100), out;
    for (int i = 0; i < 3; i++)
        CHECK_EQ(pinq_ring_push(&r, &x), PINQ_EFULL);
    uint32_t room = ROOM_RESYNC;
    for (uint32_t i = 0; i < room; i++) { /* drained as far as the RESYNC owed wants */
        CHECK_EQ(pinq_ring_pop(&r, &out), 1);
        CHECK_EQ(out.ts, i);
    }
    pinq_event_t y = ev(2, 0, 200);
    CHECK_EQ(pinq_ring_push(&r, &y), PINQ_OK); /* marker + event */
    for (uint32_t i = room; i < CAP; i++) {
        CHECK_EQ(pinq_ring_pop(&r, &out), 1);
        CHECK_EQ(out.kind, PINQ_EV_RISE);
        CHECK_EQ(out.ts, i);
    }
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    CHECK_EQ(out.kind, PINQ_EV_RESYNC);
    CHECK_EQ(out.line, 1);
    CHECK_EQ(out.lost, 3);
    CHECK_EQ(out.level, 1);
    CHECK_EQ(out.ts, CAP - 1); /* ts of the last event before the loss */
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    CHECK_EQ(out.ts, 200);
    CHECK_EQ(pinq_ring_pop(&r, &out), 0);
    check_conservation(&r);
}

/* With no room for the marker, the loss stays owed and the next event is
 * refused too; nothing is lost from the account. */
static void test_marker_needs_room(void)
{
    pinq_ring_t r;
    CHECK_EQ(mk(&r, PINQ_SPSC, PINQ_DROP_NEWEST, 0), PINQ_OK);
    pinq_event_t e = ev(1, 1, 1), out;
    for (uint32_t i = 0; i < CAP + 1; i++)
        pinq_ring_push(&r, &e);
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);  /* one free slot: for the marker only */
    CHECK_EQ(pinq_ring_push(&r, &e), PINQ_EFULL);
    CHECK(pinq_ring_lost_pending(&r));
    struct drained d;
    drain(&r, &d);
    CHECK_EQ(d.lost_by_line[1], 2);
    CHECK_EQ(d.events, CAP - 1);
    check_conservation(&r);
}

/* A consumer that frees one slot at a time while the producer keeps
 * overflowing still receives new events, not RESYNC markers alone: a
 * marker goes in only together with the event after it. */
static void test_saturated_consumer_gets_events(void)
{
    pinq_ring_t r;
    CHECK_EQ(mk(&r, PINQ_SPSC, PINQ_DROP_NEWEST, 0), PINQ_OK);
    for (uint32_t i = 0; i < CAP + 1; i++) {
        pinq_event_t e = ev(1, 1, i);
        pinq_ring_push(&r, &e);
    }
    uint32_t fresh = 0; /* events pushed after the overflow that reached the consumer */
    for (uint32_t round = 0; round < 4 * CAP; round++) {
        pinq_event_t out, e = ev(1, 1, 1000 + round);
        CHECK_EQ(pinq_ring_pop(&r, &out), 1);
        fresh += out.kind != PINQ_EV_RESYNC && out.ts >= 1000;
        pinq_ring_push(&r, &e);
    }
    CHECK(fresh >= CAP);
    struct drained d;
    drain(&r, &d);
    check_conservation(&r);
}

/* A RESYNC owed when only one slot is free stays owed (the event is
 * refused), and the next event that fits comes right after it: an SPSC
 * producer's limit, and an MPSC claim while losses are owed, keep the fast
 * path from storing past the RESYNC. */
static void test_resync_waits_for_room(uint8_t mode)
{
    pinq_ring_t r;
    CHECK_EQ(mk(&r, mode, PINQ_DROP_NEWEST, 0), PINQ_OK);
    for (uint32_t i = 0; i < CAP + 1; i++) { /* the last one is lost */
        pinq_event_t e = ev(1, 1, i);
        pinq_ring_push(&r, &e);
    }
    pinq_event_t out, e101 = ev(1, 0, 101), e102 = ev(1, 1, 102);
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    CHECK_EQ(pinq_ring_push(&r, &e101), PINQ_EFULL); /* one slot: the RESYNC alone would fill it */
    for (uint32_t i = 1; i < ROOM_RESYNC; i++)
        CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    CHECK_EQ(pinq_ring_push(&r, &e102), PINQ_OK);
    pinq_event_t prev = {0};
    while (pinq_ring_pop(&r, &out) == 1) {
        if (out.ts == 102 && out.kind != PINQ_EV_RESYNC) {
            CHECK_EQ(prev.kind, PINQ_EV_RESYNC);
            CHECK_EQ(prev.lost, 2);
            CHECK_EQ(prev.level, 0); /* the most recent loss was at level 0 */
        }
        prev = out;
    }
    CHECK_EQ(prev.ts, 102);
    check_conservation(&r);
}

/* A RESYNC carries the level of the most recent lost event and the ts of
 * the last event delivered before it. */
static void test_resync_contents(void)
{
    pinq_ring_t r;
    CHECK_EQ(mk(&r, PINQ_SPSC, PINQ_COALESCE, 0), PINQ_OK);
    pinq_event_t out;
    for (uint32_t i = 0; i < CAP; i++) {
        pinq_event_t e = ev(3, 0, 10 + i);
        pinq_ring_push(&r, &e);
    }
    CHECK_EQ(pinq_ring_pop(&r, &out), 1); /* ts 10 delivered, one slot free */
    pinq_event_t a = ev(3, 0, 50), b = ev(2, 1, 51), c = ev(2, 0, 52), d = ev(2, 1, 53);
    CHECK_EQ(pinq_ring_push(&r, &a), PINQ_OK);
    CHECK_EQ(pinq_ring_push(&r, &b), PINQ_EFULL);
    CHECK_EQ(pinq_ring_push(&r, &c), PINQ_EFULL);
    CHECK_EQ(pinq_ring_push(&r, &d), PINQ_EFULL);
    unsigned n = 0;
    CHECK(pinq_ring_lost_pending(&r));
    /* an SPSC consumer reports the losses itself once the events before
     * them are out: nothing is written into the producer's ring */
    while (pinq_ring_pop(&r, &out) == 1 && out.kind != PINQ_EV_RESYNC)
        n++;
    CHECK_EQ(n, CAP);
    CHECK_EQ(out.kind, PINQ_EV_RESYNC);
    CHECK_EQ(out.line, 2);
    CHECK_EQ(out.lost, 3);
    CHECK_EQ(out.level, 1);
    CHECK_EQ(out.ts, 50);
    CHECK_EQ(pinq_ring_pop(&r, &out), 0);
    check_conservation(&r);
}

/* A RESYNC with no event delivered before it has no time to carry: ts 0
 * and PINQ_FLAG_NO_TS; once an event was delivered, its ts and no flag. */
static void test_resync_no_ts(uint8_t mode, uint8_t policy)
{
    pinq_ring_t r;
    CHECK_EQ(mk(&r, mode, policy, 0), PINQ_OK);
    pinq_event_t out;
    for (uint32_t i = 0; i < CAP + 2; i++) {
        pinq_event_t e = ev(1, i & 1, 1000 + i);
        pinq_ring_push(&r, &e);
    }
    bool saw = false;
    for (unsigned k = 0; k < 2 * CAP && pinq_ring_pop(&r, &out) == 1; k++) {
        if (out.kind != PINQ_EV_RESYNC)
            break;
        saw = true;
        CHECK_EQ(out.ts, 0);
        CHECK(out.level & PINQ_FLAG_NO_TS);
    }
    CHECK(saw || policy != PINQ_DROP_OLDEST); /* drop-oldest reports before the survivors */
    while (pinq_ring_pop(&r, &out) == 1)
        if (out.kind == PINQ_EV_RESYNC) {
            CHECK(!(out.level & PINQ_FLAG_NO_TS));
            CHECK(out.ts >= 1000);
        }
    pinq_event_t more[CAP + 2];
    for (uint32_t i = 0; i < CAP + 2; i++)
        more[i] = ev(2, i & 1, 2000 + i);
    pinq_ring_push_n(&r, more, CAP + 2);
    while (pinq_ring_pop(&r, &out) == 1)
        if (out.kind == PINQ_EV_RESYNC) {
            CHECK(!(out.level & PINQ_FLAG_NO_TS));
            CHECK(out.ts >= 1000);
        }
    check_conservation(&r);
}

static void test_batch(uint8_t mode, uint8_t policy, uint32_t start)
{
    pinq_ring_t r;
    CHECK_EQ(mk(&r, mode, policy, start), PINQ_OK);
    pinq_event_t in[CAP + 5], out[CAP + 3];
    for (uint32_t i = 0; i < CAP + 5; i++)
        in[i] = ev((uint16_t)(i % NLINES), 1, i);
    CHECK_EQ(pinq_ring_push_n(&r, in, 5), 5);
    CHECK_EQ(pinq_ring_pop_n(&r, out, 2), 2);
    CHECK_EQ(out[0].ts, 0);
    CHECK_EQ(out[1].ts, 1);
    /* 3 queued; push 8 more: 5 fit (or, DROP_OLDEST, all 8 stored) */
    uint32_t stored = pinq_ring_push_n(&r, in + 5, 8);
    CHECK_EQ(stored, policy == PINQ_DROP_OLDEST ? 8 : 5);
    uint32_t got = pinq_ring_pop_n(&r, out, CAP + 3);
    pinq_ring_flush_lost(&r);
    got += pinq_ring_pop_n(&r, out + got, CAP + 3 - got);
    uint32_t ev_count = 0, lost_sum = 0;
    for (uint32_t i = 0; i < got; i++) {
        if (out[i].kind == PINQ_EV_RESYNC)
            lost_sum += out[i].lost;
        else
            ev_count++;
    }
    CHECK_EQ(ev_count, CAP);
    CHECK_EQ(lost_sum, 3);
    check_conservation(&r);
    /* events skipped for a bad line id are neither stored nor counted */
    pinq_event_t bad[2] = {ev(NLINES + 1, 1, 0), ev(0, 1, 0)};
    CHECK_EQ(pinq_ring_push_n(&r, bad, 2), 1);
    check_conservation(&r);
}

/* DROP_OLDEST: the consumer reports losses one line per pop. A discard
 * into a line its scan has already passed is reported before the next
 * event (regression: the scan used to end there and let the event
 * through first). */
static void test_oldest_rescan(void)
{
    pinq_ring_t r;
    CHECK_EQ(mk(&r, PINQ_MPSC, PINQ_DROP_OLDEST, 0), PINQ_OK);
    const uint16_t fill[CAP] = {0, 2, 0, 1, 1, 1, 1, 1};
    for (uint32_t i = 0; i < CAP; i++) {
        pinq_event_t e = ev(fill[i], 1, i);
        CHECK_EQ(pinq_ring_push(&r, &e), PINQ_OK);
    }
    pinq_event_t x = ev(1, 1, 100), out;
    CHECK_EQ(pinq_ring_push(&r, &x), PINQ_OK); /* discards ts 0, line 0 */
    CHECK_EQ(pinq_ring_push(&r, &x), PINQ_OK); /* discards ts 1, line 2 */
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    CHECK_EQ(out.kind, PINQ_EV_RESYNC);
    CHECK_EQ(out.line, 0);
    CHECK_EQ(pinq_ring_push(&r, &x), PINQ_OK); /* discards ts 2, line 0: behind the scan */
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    CHECK_EQ(out.kind, PINQ_EV_RESYNC);
    CHECK_EQ(out.line, 2);
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    CHECK_EQ(out.kind, PINQ_EV_RESYNC); /* before the event at ts 3 */
    CHECK_EQ(out.line, 0);
    CHECK_EQ(out.lost, 1);
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    CHECK_EQ(out.ts, 3);
    check_conservation(&r);
}

/* Sustained overload: the producer pushes `per` events (on `nl` lines)
 * for every one the consumer pops. Where a ring has 18 slots per line,
 * at most one marker per 8 events delivered (pinq.h; one episode may
 * end the run); the books balance exactly in every mode. */
static void test_markers_under_overload(uint8_t mode, uint8_t policy, uint32_t cap, uint32_t per, uint16_t nl)
{
    static pinq_slot_t big[64];
    pinq_ring_t r;
    pinq_ring_cfg_t c = {.slots = big, .capacity = cap, .lost = lost, .nlines = nl, .mode = mode, .policy = policy};
    CHECK_EQ(pinq_ring_init(&r, &c), PINQ_OK);
    uint32_t markers = 0, events = 0, rnd = 7;
    uint64_t lost_n = 0;
    pinq_event_t out;
    for (uint32_t k = 0; k < 20000; k++) {
        for (uint32_t i = 0; i < per; i++) {
            rnd = rnd * 1664525u + 1013904223u;
            pinq_event_t e = ev((uint16_t)((rnd >> 16) % nl), (uint8_t)(k & 1), k);
            pinq_ring_push(&r, &e);
        }
        if (pinq_ring_pop(&r, &out) == 1) {
            markers += out.kind == PINQ_EV_RESYNC;
            events += out.kind != PINQ_EV_RESYNC;
            lost_n += out.kind == PINQ_EV_RESYNC ? out.lost : 0;
        }
    }
    CHECK(markers > 0);
    if (cap >= 18u * nl)
        CHECK(markers * 8 <= events + 8u * nl);
    while (pinq_ring_lost_pending(&r) || pinq_ring_ready(&r)) {
        if (pinq_ring_pop(&r, &out) == 1) {
            events += out.kind != PINQ_EV_RESYNC;
            lost_n += out.kind == PINQ_EV_RESYNC ? out.lost : 0;
        } else {
            pinq_ring_flush_lost(&r);
        }
    }
    pinq_ring_stats_t st;
    pinq_ring_stats(&r, &st);
    CHECK_EQ(st.produced, 20000 * per);
    CHECK_EQ(st.delivered, events);
    CHECK_EQ(st.dropped + st.coalesced, lost_n);
    CHECK_EQ(st.queued, 0);
    printf("overload mode %u policy %u cap %u, %u pushes per pop on %u lines: %u markers, %u events\n", mode,
           policy, (unsigned)cap, (unsigned)per, nl, (unsigned)markers, (unsigned)events);
}

int main(void)
{
    test_bad_args();
    for (uint8_t mode = PINQ_SPSC; mode <= PINQ_MPSC; mode++)
        for (uint8_t pol = PINQ_DROP_NEWEST; pol <= PINQ_COALESCE; pol += 2)
            for (uint32_t cap = 4; cap <= 64; cap *= 4) {
                test_markers_under_overload(mode, pol, cap, 3, 1);
                test_markers_under_overload(mode, pol, cap, 2, 3);
            }
    test_resync_contents();
    test_marker_needs_room();
    test_saturated_consumer_gets_events();
    test_resync_waits_for_room(PINQ_SPSC);
    test_resync_waits_for_room(PINQ_MPSC);
    test_oldest_rescan();
    for (uint8_t mode = PINQ_SPSC; mode <= PINQ_MPSC; mode++)
        for (uint8_t pol = PINQ_DROP_NEWEST; pol <= PINQ_COALESCE; pol += 2)
            test_resync_position(mode, pol);
    for (uint8_t mode = PINQ_SPSC; mode <= PINQ_MPSC; mode++)
        for (uint8_t pol = PINQ_DROP_NEWEST; pol <= PINQ_COALESCE; pol++)
            test_resync_no_ts(mode, pol);
    const uint32_t starts[] = {0, UINT32_MAX - 2, UINT32_MAX - CAP * 2 + 1};
    for (unsigned s = 0; s < 3; s++) {
        for (uint8_t mode = PINQ_SPSC; mode <= PINQ_MPSC; mode++) {
            for (uint8_t pol = PINQ_DROP_NEWEST; pol <= PINQ_COALESCE; pol++) {
                test_order(mode, pol, starts[s]);
                test_overflow(mode, pol, starts[s]);
                test_batch(mode, pol, starts[s]);
            }
        }
    }
    return check_done("test_ring");
}
