/* test_trust_stamp.c - 32-bit ISR stamps (what pinq_post() stores on the
 * Cortex-M and RISC-V ports) after long consumer stalls. The ring restores
 * the high word at pop from its clock (cfg.now). Promised (pinq.h):
 *   - an event comes out with its exact time, or flagged
 *     PINQ_FLAG_TS_UNSURE with the earliest time it can be (then it may be
 *     k * 2^32 ticks later), and pinq_ring_stats().ts_unsure counts it;
 *   - the flag only when popped 2^32 ticks or more after the consumer last
 *     looked at the ring (a pop that found it empty): an event stamped
 *     after such a look and popped less than 2^32 ticks after it is exact;
 *   - the stream's times never go backwards.
 * Drives the ring's internal fast path (src/pinq_ring_fast.h) with a fake
 * clock, as test_stamp32 does; everything else is the public API. */
#include <string.h>

#include "stamp32_ring.h"

#ifndef PINQ_FLAG_TS_UNSURE /* the API before the fix (4ef76c8): no flag, no count */
#define PINQ_FLAG_TS_UNSURE 0x80u
#define TS_UNSURE_COUNT(st) 0u
#else
#define TS_UNSURE_COUNT(st) ((st).ts_unsure)
#endif
#ifndef PINQ_LEVEL
#define PINQ_LEVEL(ev) ((ev)->level & 1u)
#endif

#define WRAP (UINT64_C(1) << 32)

/* ---- the consumer's view, checked at every pop ------------------------- */

struct view {
    pinq_ticks_t look;      /* last time a pop found the ring empty */
    int looked;
    pinq_ticks_t last_ts;   /* last time popped */
    pinq_ticks_t queued[64]; /* true times of the events in the ring, oldest first */
    unsigned head, tail;
    uint32_t flagged;
    unsigned backwards, backwards_exact, wrong, exact_broken, flag_certain, later_than_true;
};

static struct view v;
static unsigned said; /* detail lines printed, all tests together */

#define SAY(...)                                \
    do {                                        \
        if (said++ < 12)                        \
            fprintf(stderr, __VA_ARGS__);       \
    } while (0)

static void reset(uint8_t mode, pinq_ticks_t t0)
{
    stamp32_ring_init(mode, t0);
    memset(&v, 0, sizeof v);
}

/* An ISR stamps an edge now: only the low word goes into the slot. */
static bool isr_push(void)
{
    if (v.tail - v.head == CAP)
        return false;
    fast_ev_t e = {.lo = (uint32_t)fake_now, .tag = PINQ_TAG(0, PINQ_EV_RISE, 1) | PINQ_TAG_STAMP32 | PINQ_TAG_FIFO};
    if (!ring_fast_push(&r, e))
        return false;
    v.queued[v.tail++ % 64] = fake_now;
    return true;
}

/* Pop one at fake_now and check it; returns what pop returned. */
static int pop_check(const char *what)
{
    pinq_event_t ev;
    int got = pinq_ring_pop(&r, &ev);
    if (got != 1) {
        CHECK_EQ(v.tail - v.head, 0);
        v.look = fake_now;
        v.looked = 1;
        return got;
    }
    if (v.tail == v.head) {
        CHECK(0);
        return got;
    }
    pinq_ticks_t t = v.queued[v.head++ % 64], p = ev.ts;
    bool flag = (ev.level & PINQ_FLAG_TS_UNSURE) != 0;
    CHECK_EQ(PINQ_LEVEL(&ev), 1);
    v.flagged += flag;
    /* the earliest time it can be, some k * 2^32 before the true one */
    if ((uint32_t)p != (uint32_t)t || p > t) {
        v.later_than_true++;
        SAY("%s: stamped %#llx, popped at %#llx as %#llx (after its time)\n", what, (unsigned long long)t,
            (unsigned long long)fake_now, (unsigned long long)p);
    } else if (p != t && !flag) {
        v.wrong++;
        SAY("%s: stamped %#llx, popped at %#llx as %#llx, not flagged\n", what, (unsigned long long)t,
            (unsigned long long)fake_now, (unsigned long long)p);
    }
    if (v.looked && t >= v.look && fake_now - v.look < WRAP && (p != t || flag)) {
        v.exact_broken++;
        SAY("%s: stamped %#llx after a look at %#llx, popped %#llx later as %#llx%s\n", what, (unsigned long long)t,
            (unsigned long long)v.look, (unsigned long long)(fake_now - v.look), (unsigned long long)p,
            flag ? " (flagged)" : "");
    }
    /* (information only: flagged, though no later time is possible and the
     * earlier one would come before the event popped last) */
    if (flag && p + WRAP > fake_now && p - WRAP < v.last_ts)
        v.flag_certain++;
    if (p < v.last_ts) {
        v.backwards++;
        v.backwards_exact += !flag;
        SAY("%s: popped %#llx%s after %#llx: backwards by %#llx (stamped %#llx)\n", what, (unsigned long long)p,
            flag ? " (flagged)" : "", (unsigned long long)v.last_ts, (unsigned long long)(v.last_ts - p),
            (unsigned long long)t);
    }
    v.last_ts = p;
    return got;
}

static void view_report(const char *what, const struct view *t)
{
    if (t->backwards || t->wrong || t->exact_broken || t->later_than_true)
        fprintf(stderr, "%s: backwards %u (of them unflagged %u), inexact unflagged %u, inexact or flagged after a "
                "look < 2^32 before %u, later than the true time %u\n", what, t->backwards, t->backwards_exact,
                t->wrong, t->exact_broken, t->later_than_true);
    CHECK_EQ(t->backwards, 0);
    CHECK_EQ(t->wrong, 0);
    CHECK_EQ(t->exact_broken, 0);
    CHECK_EQ(t->later_than_true, 0);
}

static bool view_check(const char *what, struct view *total)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(&r, &st);
    (void)st;
    CHECK_EQ(TS_UNSURE_COUNT(st), v.flagged);
    bool bad = v.backwards || v.wrong || v.exact_broken || v.later_than_true;
    if (!total) {
        view_report(what, &v);
        return bad;
    }
    total->backwards += v.backwards;
    total->backwards_exact += v.backwards_exact;
    total->wrong += v.wrong;
    total->exact_broken += v.exact_broken;
    total->flag_certain += v.flag_certain;
    total->later_than_true += v.later_than_true;
    total->flagged += v.flagged;
    return bad;
}

/* ---- the stall of the report: an event at t=100 popped after 2^32 ------ */

static void test_stall(uint8_t mode)
{
    reset(mode, 50);
    CHECK_EQ(pop_check("stall"), 0); /* the consumer looks at 50 */
    fake_now = 100;
    CHECK(isr_push());
    fake_now = WRAP - 10;
    CHECK(isr_push()); /* a later event */
    fake_now = WRAP + 300;
    CHECK_EQ(pop_check("stall"), 1); /* old: 2^32 + 100, after the later event */
    CHECK_EQ(pop_check("stall"), 1);
    CHECK_EQ(v.flagged, 1); /* the first may be 2^32 + 100; the second cannot be 2^33 - 10 */
    view_check("stall", NULL);
}

/* Looked at the ring less than 2^32 ticks before the pop: exact, even for
 * an event stamped at the very end of that window, and after an event
 * delivered shortly before the look. */
static void test_recent_look(uint8_t mode, pinq_ticks_t base, pinq_ticks_t before_end)
{
    reset(mode, base - 1000);
    fake_now = base - 10;
    CHECK(isr_push());
    CHECK_EQ(pop_check("recent_look"), 1); /* delivered at base - 10 */
    fake_now = base;
    CHECK_EQ(pop_check("recent_look"), 0); /* the look */
    fake_now = base + WRAP - before_end;
    CHECK(isr_push());
    fake_now = base + WRAP - before_end / 2;
    CHECK_EQ(pop_check("recent_look"), 1); /* popped less than 2^32 after the look: exact */
    char what[80];
    snprintf(what, sizeof what, "recent_look mode %u base %#llx, stamped 2^32 - %llu after the look", mode,
             (unsigned long long)base, (unsigned long long)before_end);
    view_check(what, NULL);
}

/* ---- random clocks --------------------------------------------------- */

static uint64_t rnd_state;
static uint64_t rnd64(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static pinq_ticks_t random_step(void)
{
    switch (rnd64() % 8) {
    case 0:
    case 1:
    case 2: return rnd64() % 1000;
    case 3: return rnd64() % (UINT64_C(1) << 31);
    case 4: return WRAP - 4096 + rnd64() % 8192; /* about one wrap */
    case 5: return WRAP - (UINT64_C(1) << 21) + rnd64() % (UINT64_C(1) << 22); /* within 2^21 of a wrap */
    case 6: return (1 + rnd64() % 3) * WRAP + rnd64() % 4096; /* several wraps */
    default: return rnd64() % WRAP;
    }
}

static unsigned random_seed(uint64_t seed, uint8_t mode, struct view *total)
{
    rnd_state = seed * 0x9E3779B97F4A7C15u + 12345;
    reset(mode, rnd64() % (UINT64_C(1) << 44));
    char what[64];
    snprintf(what, sizeof what, "random seed %llu mode %u", (unsigned long long)seed, mode);
    for (int op = 0; op < 400; op++) {
        switch (rnd64() % 4) {
        case 0: fake_now += random_step(); break;
        case 1:
        case 2: isr_push(); break;
        default: pop_check(what); break;
        }
    }
    while (pop_check(what) == 1)
        ;
    return view_check(what, total);
}

int main(void)
{
    for (uint8_t mode = PINQ_SPSC; mode <= PINQ_MPSC; mode++) {
        test_stall(mode);
        test_recent_look(mode, UINT64_C(1) << 40, 1000);
        test_recent_look(mode, UINT64_C(1) << 40, 100);
        test_recent_look(mode, UINT64_C(0x123456789), UINT64_C(1) << 19);
        unsigned failed = 0;
        struct view total;
        memset(&total, 0, sizeof total);
        for (uint64_t seed = 1; seed <= 3000; seed++)
            failed += random_seed(seed, mode, &total);
        char what[64];
        snprintf(what, sizeof what, "random mode %u (%u of 3000 seeds failed)", mode, failed);
        view_report(what, &total);
        printf("random mode %u: %u events flagged (%u of them with one possible time left), %u seeds failed\n", mode,
               total.flagged, total.flag_certain, failed);
    }
    return check_done("test_trust_stamp");
}
