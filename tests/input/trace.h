/* trace.h - test helpers for the input stages: a sink that records the
 * events a stage reports, and tables of expected events to compare with. */
#ifndef PINQ_TEST_TRACE_H
#define PINQ_TEST_TRACE_H

#include <stdio.h>

#include "check.h"
#include "pinq_input.h"

#define TRACE_MAX 64 /* events kept; more are counted (1 KiB: fits small stacks) */
#define US 1000u            /* host ticks are nanoseconds */
#define MS (1000u * US)

typedef struct trace {
    pinq_event_t ev[TRACE_MAX];
    unsigned n;
    pinq_ticks_t base; /* subtracted when comparing (wrap-around runs) */
} trace_t;

/* Empty a trace (no large temporary: targets have small stacks). */
static inline void trace_reset(trace_t *t, pinq_ticks_t base)
{
    t->n = 0;
    t->base = base;
}

static inline void trace_put(const pinq_event_t *ev, void *ctx)
{
    trace_t *t = ctx;
    if (t->n < TRACE_MAX)
        t->ev[t->n] = *ev;
    t->n++;
}

/* How many recorded events are of `kind`. */
static inline unsigned trace_count(const trace_t *t, uint8_t kind)
{
    unsigned k = 0;
    for (unsigned i = 0; i < t->n && i < TRACE_MAX; i++)
        k += t->ev[i].kind == kind;
    return k;
}

/* A stage under test: feed it an event, or decide its time-outs at `now`. */
typedef struct stage {
    void (*feed)(void *self, const pinq_event_t *ev, const pinq_sink_t *out);
    void (*tick)(void *self, pinq_ticks_t now, const pinq_sink_t *out);
    void *self;
} stage_t;

/* Replay n events (ts relative to t->base) into a stage, ticking it every
 * step_us between them (0: never - a consumer stalled for the whole run),
 * then once at end_us; what it reports goes to t. */
static inline void replay(const stage_t *st, const pinq_event_t *ev, unsigned n, uint32_t end_us, uint32_t step_us,
                          trace_t *t)
{
    pinq_sink_t out = {trace_put, t};
    pinq_ticks_t now = 0, step = (pinq_ticks_t)step_us * US;
    for (unsigned i = 0; i < n; i++) {
        for (; step && now + step < ev[i].ts; now += step)
            st->tick(st->self, t->base + now, &out);
        pinq_event_t e = ev[i];
        e.ts += t->base;
        st->feed(st->self, &e, &out);
    }
    st->tick(st->self, t->base + (pinq_ticks_t)end_us * US, &out);
}

/* An expected event: kind, time in microseconds from the base, value. */
typedef struct want {
    uint8_t kind;
    uint32_t t_us;
    int32_t value;
} want_t;

#define WANT_END {0, 0, 0}

static inline unsigned want_len(const want_t *w)
{
    unsigned n = 0;
    while (w[n].kind)
        n++;
    return n;
}

/* Compare a trace with a table; print the trace on mismatch. */
static inline void trace_expect(const trace_t *t, const want_t *w, const char *name)
{
    unsigned n = want_len(w), bad = t->n != n;
    CHECK_EQ(t->n, n);
    for (unsigned i = 0; i < n && i < t->n; i++) {
        const pinq_event_t *e = &t->ev[i];
        CHECK_EQ(e->kind, w[i].kind);
        CHECK_EQ(e->ts - t->base, (pinq_ticks_t)w[i].t_us * US);
        if (w[i].kind >= PINQ_EV_CLICK)
            CHECK_EQ(pinq_input_value(e), w[i].value);
        bad |= e->kind != w[i].kind || e->ts - t->base != (pinq_ticks_t)w[i].t_us * US;
    }
    if (bad) {
        fprintf(stderr, "  case '%s' got:\n", name);
        for (unsigned i = 0; i < t->n && i < TRACE_MAX; i++)
            fprintf(stderr, "    kind %u at %llu us value %d\n", t->ev[i].kind,
                    (unsigned long long)((t->ev[i].ts - t->base) / US), (int)pinq_input_value(&t->ev[i]));
    }
}

/* Run one table case from each base (the last ones cross the 64-bit tick
 * wrap), with a prompt consumer (ticking every step_us) and a stalled one
 * (ticking only at the end): every run must report exactly `want`. */
typedef void (*case_fn)(const void *c, pinq_ticks_t base, uint32_t step_us, trace_t *t);

static inline void run_case(case_fn run, const void *c, const want_t *want, const char *name,
                            const pinq_ticks_t *bases, unsigned nbases, uint32_t step_us)
{
    static trace_t t;
    for (unsigned b = 0; b < nbases; b++) {
        run(c, bases[b], step_us, &t);
        trace_expect(&t, want, name);
        run(c, bases[b], 0, &t);
        trace_expect(&t, want, name);
    }
}

/* Exact conservation of a quiescent ring that was never allowed to
 * overflow: `produced` pushes, all delivered, none lost or merged. */
static inline void check_conserved(const pinq_ring_t *r, uint32_t produced)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(r, &st);
    CHECK_EQ(st.produced, produced);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    CHECK_EQ(st.dropped, 0);
    CHECK_EQ(st.queued, 0);
}

#endif
