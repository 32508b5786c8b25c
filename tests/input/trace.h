/* trace.h - test helpers for the input stages: a sink that records the
 * events a stage reports, and tables of expected events to compare with. */
#ifndef PINQ_TEST_TRACE_H
#define PINQ_TEST_TRACE_H

#include <stdio.h>

#include "check.h"
#include "pinq_input.h"

#define TRACE_MAX 512
#define US 1000u            /* host ticks are nanoseconds */
#define MS (1000u * US)

typedef struct trace {
    pinq_event_t ev[TRACE_MAX];
    unsigned n;
    pinq_ticks_t base; /* subtracted when comparing (wrap-around runs) */
} trace_t;

static inline void trace_put(void *ctx, const pinq_event_t *ev)
{
    trace_t *t = ctx;
    if (t->n < TRACE_MAX)
        t->ev[t->n] = *ev;
    t->n++;
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

#endif
