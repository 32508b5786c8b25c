/* test_stats.c - run-time statistics (pinq_stats.h) against counts the
 * test keeps itself: seeded random streams under every policy, with lines
 * disabled, triggers filtering, snapshots taken with reset in between;
 * storm trips and hand-backs; the histogram's bucket boundaries; the
 * report parsed back. Portable: also runs on the targets under QEMU. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pinq.h"
#include "pinq_stats.h"

#define NL 3
#define CAP 8
#define STEPS 4000
#define SEEDS 6

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 32) % n;
}

/* ---- histogram buckets ---------------------------------------------- */

/* The bucket by definition: bit length, by shifting, capped. */
static unsigned ref_bucket(uint64_t v)
{
    unsigned bits = 0;
    for (; v; v >>= 1)
        bits++;
    return bits < PINQ_STATS_BUCKETS - 1 ? bits : PINQ_STATS_BUCKETS - 1;
}

static void test_buckets(void)
{
    CHECK_EQ(pinq_stats_bucket(0), 0);
    CHECK_EQ(pinq_stats_bucket(1), 1);
    CHECK_EQ(pinq_stats_bucket(2), 2);
    CHECK_EQ(pinq_stats_bucket(3), 2);
    CHECK_EQ(pinq_stats_bucket(4), 3);
    CHECK_EQ(pinq_stats_bucket(UINT64_MAX), PINQ_STATS_BUCKETS - 1);
    unsigned bad = 0;
    for (unsigned k = 1; k < 64; k++) {
        uint64_t p = UINT64_C(1) << k;
        bad += pinq_stats_bucket(p - 1) != ref_bucket(p - 1) || pinq_stats_bucket(p) != ref_bucket(p);
        bad += pinq_stats_bucket(p + 1) != ref_bucket(p + 1);
    }
    for (unsigned b = 0; b < PINQ_STATS_BUCKETS; b++) { /* each bucket starts where its low bound says */
        uint64_t lo = pinq_stats_bucket_low(b);
        bad += pinq_stats_bucket(lo) != b || (b > 0 && pinq_stats_bucket(lo - 1) != b - 1);
    }
    CHECK_EQ(bad, 0);
}

/* The observer's histograms against buckets computed here, for latencies
 * around every power of two; RESYNCs add none. */
static void test_observer_hist(void)
{
    static const pinq_line_cfg_t one[1] = {{.trigger = PINQ_TRIG_BOTH}};
    static pinq_line_t state[1];
    static pinq_lost_t lost[1];
    static pinq_slot_t slots[4];
    static pinq_t q;
    pinq_cfg_t c = {.lines = one, .state = state, .nlines = 1, .slots = slots, .lost = lost, .capacity = 4};
    CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
    static pinq_stats_t st;
    static pinq_stats_line_t sl[1];
    CHECK_EQ(pinq_stats_init(&st, &q, sl, 1), PINQ_OK);
    static uint32_t ref[PINQ_SPANS][PINQ_STATS_BUCKETS];
    memset(ref, 0, sizeof ref);
    rng_state = 0x9e3779b97f4a7c15u;
    for (int i = 0; i < 2000; i++) {
        uint64_t w = rnd(3) == 0 ? rnd(70) : (UINT64_C(1) << rnd(40)) + rnd(3) - 1;
        uint64_t h = rnd(4) == 0 ? 0 : (UINT64_C(1) << rnd(20)) - rnd(2);
        pinq_event_t ev = {.ts = 1000, .line = 0, .kind = PINQ_EV_RISE, .level = 1};
        pinq_stats_observe(&ev, 1000 + w, 1000 + w + h, &st);
        ref[PINQ_SPAN_WAIT][ref_bucket(w)]++;
        ref[PINQ_SPAN_HANDLER][ref_bucket(h)]++;
        ref[PINQ_SPAN_TOTAL][ref_bucket(w + h)]++;
    }
    pinq_event_t rs = {.ts = 0, .lost = 5, .line = 0, .kind = PINQ_EV_RESYNC, .level = PINQ_FLAG_NO_TS};
    pinq_stats_observe(&rs, 99, 100, &st);
    pinq_event_t early = {.ts = 500, .line = 0, .kind = PINQ_EV_FALL}; /* stamped after it was taken */
    pinq_stats_observe(&early, 400, 400, &st);
    ref[PINQ_SPAN_WAIT][0]++;
    ref[PINQ_SPAN_HANDLER][0]++;
    ref[PINQ_SPAN_TOTAL][0]++;
    pinq_stats_snap_t s;
    pinq_line_stats_t ls[1];
    CHECK_EQ(pinq_stats_snapshot(&st, &s, ls, 1, true), PINQ_OK);
    CHECK(memcmp(s.hist, ref, sizeof ref) == 0);
    CHECK_EQ(ls[0].delivered, 2001);
    CHECK_EQ(ls[0].dropped, 5);
    CHECK_EQ(s.resyncs, 1);
    CHECK_EQ(pinq_stats_snapshot(&st, &s, ls, 1, false), PINQ_OK); /* the reset emptied them */
    CHECK_EQ(s.hist[PINQ_SPAN_TOTAL][0] + ls[0].delivered + s.resyncs, 0);
    CHECK_EQ(pinq_stats_snapshot(&st, &s, ls, 2, false), PINQ_EINVAL);
    CHECK_EQ(pinq_stats_init(&st, &q, sl, 0), PINQ_EINVAL);
}

/* ---- random streams against a reference ------------------------------ */

static const pinq_line_cfg_t lines[NL] = {
    {.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_RISING}, {.trigger = PINQ_TRIG_FALLING}};

/* What the test expects, and what its own handler saw. */
typedef struct ref {
    uint32_t produced[NL], spurious[NL], disabled[NL]; /* from the posts */
    uint32_t delivered[NL], lost[NL], resyncs;          /* from the handler */
} ref_t;

static ref_t ref;

static void on_event(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind == PINQ_EV_RESYNC) {
        ref.lost[ev->line] += ev->lost;
        ref.resyncs++;
    } else {
        ref.delivered[ev->line]++;
    }
}

/* Sums of the snapshots' figures. */
typedef struct sums {
    pinq_line_stats_t line[NL];
    uint32_t produced, delivered, refused, discarded, coalesced, resyncs, hist_total;
} sums_t;

static void add_snap(sums_t *t, const pinq_stats_snap_t *s)
{
    t->produced += s->produced;
    t->delivered += s->delivered;
    t->refused += s->refused;
    t->discarded += s->discarded;
    t->coalesced += s->coalesced;
    t->resyncs += s->resyncs;
    for (unsigned b = 0; b < PINQ_STATS_BUCKETS; b++)
        t->hist_total += s->hist[PINQ_SPAN_TOTAL][b];
    for (int i = 0; i < NL; i++) {
        pinq_line_stats_t *a = &t->line[i];
        const pinq_line_stats_t *l = &s->lines[i];
        a->events += l->events;
        a->delivered += l->delivered;
        a->dropped += l->dropped;
        a->coalesced += l->coalesced;
        a->disabled += l->disabled;
        a->spurious += l->spurious;
        /* a line's identity holds in every interval, whatever the producers do */
        CHECK_EQ(l->events, l->delivered + l->dropped + l->coalesced);
    }
}

static pinq_line_t q_state[NL];
static pinq_lost_t q_lost[NL];
static pinq_slot_t q_slots[CAP];
static pinq_line_counts_t q_counts[NL];
static pinq_t q;
static pinq_stats_t st;
static pinq_stats_line_t st_lines[NL];

static void snap_into(sums_t *t, bool reset)
{
    pinq_stats_snap_t s;
    pinq_line_stats_t ls[NL];
    CHECK_EQ(pinq_stats_snapshot(&st, &s, ls, NL, reset), PINQ_OK);
    if (reset)
        add_snap(t, &s);
}

/* One post, and what the reference makes of it. */
static void post_one(bool *on)
{
    uint16_t l = (uint16_t)rnd(NL);
    int level = (int)rnd(2);
    int err = pinq_post(&q, l, level);
    if (!on[l]) {
        CHECK_EQ(err, PINQ_EDISABLED);
        ref.disabled[l]++;
    } else if ((l == 1 && !level) || (l == 2 && level)) {
        ref.spurious[l]++;
    } else {
        ref.produced[l]++;
    }
}

static void run_stream(uint8_t mode, uint8_t policy, uint64_t seed, sums_t *t)
{
    pinq_cfg_t c = {.lines = lines, .state = q_state, .nlines = NL, .slots = q_slots, .lost = q_lost,
                    .capacity = CAP, .mode = mode, .policy = policy, .on_event = on_event,
                    .observe = pinq_stats_observe, .observe_ctx = &st, .counts = q_counts};
    CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
    CHECK_EQ(pinq_stats_init(&st, &q, st_lines, NL), PINQ_OK);
    memset(&ref, 0, sizeof ref);
    memset(t, 0, sizeof *t);
    rng_state = seed;
    bool on[NL] = {true, true, true};
    for (int i = 0; i < STEPS; i++) {
        uint32_t r = rnd(100);
        if (r < 70) {
            post_one(on);
        } else if (r < 75) {
            uint16_t l = (uint16_t)rnd(NL);
            on[l] = !on[l];
            CHECK_EQ(pinq_line_enable(&q, l, on[l]), PINQ_OK);
        } else if (r < 95) {
            pinq_dispatch(&q, 1 + rnd(4));
        } else {
            snap_into(t, rnd(4) != 0); /* some snapshots without reset: they must change nothing */
        }
    }
    while (pinq_dispatch(&q, 64) > 0)
        ;
    snap_into(t, true);
}

static void check_stream(uint8_t policy, const sums_t *t)
{
    uint32_t produced = 0, delivered = 0, lost = 0;
    for (int i = 0; i < NL; i++) {
        const pinq_line_stats_t *l = &t->line[i];
        CHECK_EQ(l->events, ref.produced[i]);
        CHECK_EQ(l->delivered, ref.delivered[i]);
        CHECK_EQ(l->dropped + l->coalesced, ref.lost[i]);
        CHECK_EQ(policy == PINQ_COALESCE ? l->dropped : l->coalesced, 0);
        CHECK_EQ(l->spurious, ref.spurious[i]);
        CHECK_EQ(l->disabled, ref.disabled[i]);
        produced += ref.produced[i];
        delivered += ref.delivered[i];
        lost += ref.lost[i];
    }
    CHECK_EQ(t->produced, produced);
    CHECK_EQ(t->delivered, delivered);
    CHECK_EQ(t->hist_total, delivered);
    CHECK_EQ(t->resyncs, ref.resyncs);
    CHECK_EQ(t->refused + t->discarded + t->coalesced, lost);
    CHECK_EQ(policy == PINQ_DROP_NEWEST ? t->discarded + t->coalesced
                                        : t->refused + (policy == PINQ_COALESCE ? t->discarded : t->coalesced),
             0);
    CHECK(lost > 0); /* the stream did overflow: the test can see a miscount */
}

static void test_streams(void)
{
    static const uint8_t modes[] = {PINQ_SPSC, PINQ_MPSC, PINQ_SPSC, PINQ_MPSC};
    static const uint8_t policies[] = {PINQ_DROP_NEWEST, PINQ_DROP_OLDEST, PINQ_COALESCE, PINQ_DROP_NEWEST};
    for (unsigned p = 0; p < sizeof policies; p++)
        for (uint64_t seed = 1; seed <= SEEDS; seed++) {
            if (!PINQ_CFG_MPSC && modes[p] == PINQ_MPSC)
                continue;
            sums_t t;
            run_stream(modes[p], policies[p], seed * 0x2545f4914f6cdd1du, &t);
            check_stream(policies[p], &t);
        }
}

/* ---- storm trips ------------------------------------------------------- */

static int pin_level;

static int read_pin(void *ctx)
{
    (void)ctx;
    return pin_level;
}

static void test_storms(void)
{
    static const pinq_line_cfg_t tl[1] = {
        {.trigger = PINQ_TRIG_BOTH, .read = read_pin, .poll_period = 1}};
    static pinq_poll_t poll[1];
    pinq_cfg_t c = {.lines = tl, .state = q_state, .poll = poll, .nlines = 1, .slots = q_slots,
                    .lost = q_lost, .capacity = CAP, .counts = q_counts};
    int err = pinq_init(&q, &c);
    if (!PINQ_CFG_POLL) {
        CHECK_EQ(err, PINQ_OK);
        return;
    }
    CHECK_EQ(err, PINQ_OK);
    CHECK_EQ(pinq_stats_init(&st, &q, st_lines, 1), PINQ_OK);
    uint32_t storms = 0, returns = 0, masked = 0;
    rng_state = 77;
    pinq_ticks_t ts = 1u << 20;
    for (int i = 0; i < 3000; i++) {
        int before = pinq_line_state(&q, 0);
        uint32_t r = rnd(100);
        if (r < 2 && before == PINQ_LINE_OFF + 1) {
            CHECK_EQ(pinq_line_trip(&q, 0, 4, 100), PINQ_OK); /* 4 posts in < 100 ticks trip it */
        } else if (r < 4) {
            bool polled = rnd(2);
            CHECK_EQ(pinq_line_set_polled(&q, 0, polled), PINQ_OK);
            storms += before == PINQ_LINE_ON && polled;
            returns += before == PINQ_LINE_POLLED && !polled;
        } else if (r < 10) {
            pinq_dispatch(&q, 8);
        } else {
            ts += rnd(3) ? 1 : 1000;
            pinq_post_at(&q, 0, (int)rnd(2), ts);
            masked += before == PINQ_LINE_POLLED;
            storms += before == PINQ_LINE_ON && pinq_line_state(&q, 0) == PINQ_LINE_POLLED;
        }
    }
    pinq_stats_snap_t s;
    pinq_line_stats_t ls[1];
    CHECK_EQ(pinq_stats_snapshot(&st, &s, ls, 1, true), PINQ_OK);
    CHECK_EQ(ls[0].storms, storms);
    CHECK_EQ(ls[0].returns, returns);
    CHECK_EQ(ls[0].masked, masked);
    CHECK(storms > 3 && returns > 3 && masked > 3);
}

/* ---- the report, parsed back ---------------------------------------- */

/* Skip to after `lit`; false if it is not next (spaces before it skipped). */
static bool expect(const char **p, const char *lit)
{
    while (**p == ' ')
        (*p)++;
    size_t n = strlen(lit);
    if (strncmp(*p, lit, n) != 0)
        return false;
    *p += n;
    return true;
}

static uint64_t num(const char **p)
{
    while (**p == ' ')
        (*p)++;
    char *end;
    uint64_t v = strtoull(*p, &end, 10);
    *p = end;
    return v;
}

/* "name value" pairs in order into v[]; the count parsed. */
static unsigned kvs(const char **p, const char *const *names, unsigned n, uint64_t *v)
{
    unsigned k = 0;
    for (; k < n && expect(p, names[k]); k++)
        v[k] = num(p);
    return k;
}

static void random_snap(pinq_stats_snap_t *s, pinq_line_stats_t *ls, uint16_t n)
{
    uint32_t *w = (uint32_t *)(void *)ls;
    for (size_t i = 0; i < n * sizeof *ls / sizeof *w; i++)
        w[i] = rnd(3) ? rnd(1000) : UINT32_MAX - rnd(2);
    *s = (pinq_stats_snap_t){.ticks_per_sec = 1000000000u, .span = ((uint64_t)rnd(1u << 30) << 33) + rnd(7),
                             .policy = (uint8_t)rnd(3), .capacity = 256, .depth = rnd(256),
                             .high_water = rnd(257), .produced = UINT32_MAX, .delivered = rnd(99),
                             .refused = 1, .discarded = 2, .coalesced = 3, .resyncs = 4, .at_least = 5,
                             .ts_unsure = 6, .nlines = n, .lines = ls};
    unsigned lo = rnd(PINQ_STATS_BUCKETS), hi = lo + rnd(PINQ_STATS_BUCKETS - lo);
    for (unsigned k = 0; k < PINQ_SPANS; k++)
        for (unsigned b = lo; b <= hi; b++)
            s->hist[k][b] = rnd(4) ? rnd(100000) : 0;
    s->hist[rnd(PINQ_SPANS)][lo] = 1 + rnd(9);
    s->hist[rnd(PINQ_SPANS)][hi] = 1 + rnd(9);
}

static const char *const head_keys[] = {"pinq-stats 1: ticks", "ticks/s", "ms"};
static const char *const ring_keys[] = {"ring: produced", "delivered", "refused", "discarded",
                                        "coalesced",      "resyncs",   "at-least", "ts-unsure"};
static const char *const policies[] = {"drop-newest", "drop-oldest", "coalesce"};

static bool parse_head(const char **p, const pinq_stats_snap_t *s)
{
    uint64_t v[8];
    bool ok = kvs(p, head_keys, 3, v) == 3 && v[0] == s->span && v[1] == s->ticks_per_sec &&
              v[2] == s->span / 1000000u && expect(p, "\nring: policy") && expect(p, policies[s->policy]);
    ok = ok && expect(p, "capacity") && num(p) == s->capacity && expect(p, "depth") && num(p) == s->depth &&
         expect(p, "high-water") && num(p) == s->high_water && expect(p, "\n");
    const uint32_t want[] = {s->produced, s->delivered, s->refused,  s->discarded,
                             s->coalesced, s->resyncs,  s->at_least, s->ts_unsure};
    ok = ok && kvs(p, ring_keys, 8, v) == 8 && expect(p, "\n");
    for (int k = 0; ok && k < 8; k++)
        ok = v[k] == want[k];
    return ok;
}

static bool parse_lines(const char **p, const pinq_stats_snap_t *s)
{
    bool ok = expect(p, "line") && expect(p, "events") && (*p = strchr(*p, '\n')) != NULL && expect(p, "\n");
    for (uint16_t i = 0; ok && i < s->nlines; i++) {
        const uint32_t *w = (const uint32_t *)(const void *)&s->lines[i];
        ok = num(p) == i;
        for (size_t k = 0; ok && k < sizeof s->lines[i] / sizeof *w; k++)
            ok = num(p) == w[k];
        ok = ok && expect(p, "\n");
    }
    return ok;
}

static bool parse_hist(const char **p, const pinq_stats_snap_t *s)
{
    static uint32_t got[PINQ_SPANS][PINQ_STATS_BUCKETS];
    memset(got, 0, sizeof got);
    bool ok = expect(p, "latency ticks") && expect(p, "wait") && expect(p, "handler") && expect(p, "total") &&
              expect(p, "\n");
    while (ok && !expect(p, "end\n")) {
        uint64_t lo = num(p);
        unsigned b = pinq_stats_bucket(lo);
        ok = expect(p, "-") && pinq_stats_bucket_low(b) == lo;
        if (ok && b + 1 < PINQ_STATS_BUCKETS)
            ok = num(p) == pinq_stats_bucket_low(b + 1) - 1;
        for (unsigned k = 0; ok && k < PINQ_SPANS; k++)
            got[k][b] = (uint32_t)num(p);
        ok = ok && expect(p, "\n");
    }
    return ok && **p == '\0' && memcmp(got, s->hist, sizeof got) == 0;
}

static void test_format(void)
{
    static char text[3072], small[256];
    rng_state = 4242;
    for (int i = 0; i < 200; i++) {
        pinq_stats_snap_t s;
        pinq_line_stats_t ls[5];
        random_snap(&s, ls, (uint16_t)rnd(6));
        size_t n = pinq_stats_format(&s, text, sizeof text);
        CHECK(n < sizeof text && strlen(text) == n);
        const char *p = text;
        bool ok = parse_head(&p, &s) && parse_lines(&p, &s) && parse_hist(&p, &s);
        if (!ok)
            fprintf(stderr, "unparsed report at:\n%s\n--- whole report:\n%s", p, text);
        CHECK(ok);
        /* cut like snprintf: the same length, a prefix, terminated */
        size_t cut = rnd((uint32_t)(n + 2 < sizeof small ? n + 2 : sizeof small));
        memset(small, 'x', sizeof small);
        CHECK_EQ(pinq_stats_format(&s, small, cut), n);
        CHECK(cut == 0 ? small[0] == 'x' : strncmp(small, text, cut - 1) == 0 && small[cut - 1] == '\0');
    }
    CHECK_EQ(pinq_stats_format(NULL, text, sizeof text), 0);
    CHECK_EQ(text[0], '\0');
}

int main(void)
{
    test_buckets();
    test_observer_hist();
    test_streams();
    test_storms();
    test_format();
    return check_done("test_stats");
}
