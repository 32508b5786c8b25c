/* test_debounce.c - table-driven debounce tests: bounce trains, glitches
 * shorter than T, separate press/release times, polled samples, a stalled
 * consumer and timestamp wrap-around. Every case runs twice: ticked every
 * 100 us (a prompt consumer) and ticked once at the end (a stalled one);
 * both must report exactly the table, and again with timestamps that wrap. */
#include "trace.h"

typedef struct edge {
    uint32_t t_us;
    uint8_t level;
} edge_t;

#define EDGES_END {UINT32_MAX, 0}

typedef struct dcase {
    const char *name;
    pinq_debounce_cfg_t cfg;
    edge_t in[24];
    uint32_t end_us; /* last tick */
    want_t want[8];
} dcase_t;

/* active-low button: press = level 0 */
#define SETTLE(p, r) {.press = (p) * US, .release = (r) * US, .algo = PINQ_DB_SETTLE, .active = 0}
#define LOCKOUT(p, r) {.press = (p) * US, .release = (r) * US, .algo = PINQ_DB_LOCKOUT, .active = 0}
#define SAMPLES(n) {.algo = PINQ_DB_SAMPLES, .samples = (n), .active = 0}

static const dcase_t cases[] = {
    {"settle clean", SETTLE(10000, 20000),
     {{1000, 0}, {101000, 1}, EDGES_END}, 200000,
     {{PINQ_EV_PRESS, 1000, 0}, {PINQ_EV_RELEASE, 101000, 0}, WANT_END}},
    {"settle bounce trains", SETTLE(10000, 20000),
     {{1000, 0}, {1200, 1}, {1900, 0}, {2300, 1}, {3000, 0}, /* press bounces 2 ms */
      {100000, 1}, {100400, 0}, {101000, 1}, {104000, 0}, {105500, 1}, EDGES_END}, 200000,
     {{PINQ_EV_PRESS, 3000, 0}, {PINQ_EV_RELEASE, 105500, 0}, WANT_END}},
    {"settle glitch shorter than T", SETTLE(10000, 20000),
     {{5000, 0}, {9000, 1}, {50000, 0}, {50100, 1}, EDGES_END}, 200000,
     {WANT_END}},
    {"settle release needs its own T", SETTLE(5000, 30000),
     {{0, 0}, {50000, 1}, {70000, 0}, {75000, 1}, EDGES_END}, 200000,
     /* the release at 50 ms is undone at 70 ms (< 30 ms): still pressed */
     {{PINQ_EV_PRESS, 0, 0}, {PINQ_EV_RELEASE, 75000, 0}, WANT_END}},
    {"settle exactly T is enough", SETTLE(10000, 10000),
     {{0, 0}, {10000, 1}, EDGES_END}, 30000,
     {{PINQ_EV_PRESS, 0, 0}, {PINQ_EV_RELEASE, 10000, 0}, WANT_END}},
    {"lockout accepts the first edge", LOCKOUT(10000, 20000),
     {{1000, 0}, {1200, 1}, {1900, 0}, {100000, 1}, {100300, 0}, {100900, 1}, EDGES_END}, 200000,
     {{PINQ_EV_PRESS, 1000, 0}, {PINQ_EV_RELEASE, 100000, 0}, WANT_END}},
    {"lockout glitch tail reported at lock end", LOCKOUT(10000, 20000),
     {{1000, 0}, {1300, 1}, EDGES_END}, 200000,
     /* lockout cannot reject a glitch; the level it left behind is reported */
     {{PINQ_EV_PRESS, 1000, 0}, {PINQ_EV_RELEASE, 1300, 0}, WANT_END}},
    {"lockout press then release inside lock", LOCKOUT(10000, 20000),
     {{0, 0}, {4000, 1}, {4100, 0}, {4200, 1}, {60000, 0}, EDGES_END}, 200000,
     {{PINQ_EV_PRESS, 0, 0}, {PINQ_EV_RELEASE, 4200, 0}, {PINQ_EV_PRESS, 60000, 0}, WANT_END}},
    {"samples: 3 equal samples", SAMPLES(3),
     /* samples every 5 ms; a one-sample glitch, then a real press */
     {{0, 1}, {5000, 0}, {10000, 1}, {15000, 0}, {20000, 0}, {25000, 0}, {30000, 0},
      {35000, 1}, {40000, 1}, {45000, 0}, {50000, 1}, {55000, 1}, {60000, 1}, EDGES_END}, 70000,
     {{PINQ_EV_PRESS, 15000, 0}, {PINQ_EV_RELEASE, 50000, 0}, WANT_END}},
    {"none passes changes through", {.algo = PINQ_DB_NONE, .active = 0},
     {{100, 0}, {200, 0}, {300, 1}, EDGES_END}, 1000,
     {{PINQ_EV_PRESS, 100, 0}, {PINQ_EV_RELEASE, 300, 0}, WANT_END}},
};

typedef struct dstage {
    const pinq_debounce_cfg_t *c;
    pinq_debounce_t s;
} dstage_t;

static void d_feed(void *p, const pinq_event_t *ev, const pinq_sink_t *out)
{
    dstage_t *d = p;
    pinq_debounce_feed(d->c, &d->s, ev, out);
}

static void d_tick(void *p, pinq_ticks_t now, const pinq_sink_t *out)
{
    dstage_t *d = p;
    pinq_debounce_tick(d->c, &d->s, now, out);
}

/* Run a case from `base`, ticking every `step_us` (0: only at the end). */
static void run(const void *cv, pinq_ticks_t base, uint32_t step_us, trace_t *t)
{
    const dcase_t *c = cv;
    dstage_t d = {.c = &c->cfg};
    pinq_debounce_init(&d.s, 3, 1);
    pinq_event_t ev[24];
    unsigned n = 0;
    for (const edge_t *e = c->in; e->t_us != UINT32_MAX; e++)
        ev[n++] = (pinq_event_t){.ts = (pinq_ticks_t)e->t_us * US, .line = 3, .level = e->level,
                                 .kind = e->level ? PINQ_EV_RISE : PINQ_EV_FALL};
    trace_reset(t, base);
    replay(&(stage_t){d_feed, d_tick, &d}, ev, n, c->end_us, step_us, t);
    pinq_ticks_t when;
    CHECK(!pinq_debounce_deadline(&c->cfg, &d.s, &when)); /* everything decided */
    CHECK_EQ(d.s.accepted, want_len(c->want));
    for (unsigned i = 0; i < t->n; i++)
        CHECK_EQ(t->ev[i].line, 3);
}

static void test_tables(void)
{
    /* base near 2^64: the cases cross the wrap of the 64-bit tick counter */
    const pinq_ticks_t bases[] = {0, 123456789, UINT64_MAX - 2 * MS};
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(run, &cases[i], cases[i].want, cases[i].name, bases, 3, 100);
}

/* The deadline a low-power port would arm is exactly when the decision
 * falls due: nothing settles a tick before it, everything at it. */
static void test_deadline(void)
{
    pinq_debounce_cfg_t c = SETTLE(10000, 20000);
    pinq_debounce_t s;
    static trace_t t;
    trace_reset(&t, 0);
    pinq_sink_t out = {trace_put, &t};
    pinq_debounce_init(&s, 0, 1);
    pinq_event_t ev = {.ts = 5 * MS, .level = 0, .kind = PINQ_EV_FALL};
    pinq_debounce_feed(&c, &s, &ev, &out);
    pinq_ticks_t when = 0;
    CHECK(pinq_debounce_deadline(&c, &s, &when));
    CHECK_EQ(when, 15 * MS);
    pinq_debounce_tick(&c, &s, when - 1, &out);
    CHECK_EQ(t.n, 0);
    pinq_debounce_tick(&c, &s, when, &out);
    CHECK_EQ(t.n, 1);
    CHECK(!pinq_debounce_deadline(&c, &s, &when));
    CHECK_EQ(s.edges, 1);
}

int main(void)
{
    test_tables();
    test_deadline();
    return check_done("test_debounce");
}
