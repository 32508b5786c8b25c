/* pinq_trace.c - the recorder: an observer that appends one fixed-size
 * record per event the consumer takes into caller storage, counting what
 * a full buffer cannot keep. */
#include "pinq_input.h"
#include "trace_util.h"

int pinq_trace_init(pinq_trace_t *t, pinq_trace_rec_t *recs, uint32_t cap, uint8_t mode, const pinq_t *q)
{
    if (!t || !recs || !cap || mode > PINQ_TRACE_KEEP_LAST)
        return PINQ_EINVAL;
    *t = (pinq_trace_t){.recs = recs, .cap = cap, .mode = mode, .q = q};
    return PINQ_OK;
}

/* The slot for one more record, or NULL when a KEEP_FIRST buffer is full.
 * Either way a record that displaces or misses another is counted. */
static pinq_trace_rec_t *slot(pinq_trace_t *t)
{
    if (t->kept < t->cap)
        return &t->recs[(t->first + t->kept++) % t->cap];
    t->lost += t->lost < UINT32_MAX;
    if (t->mode == PINQ_TRACE_KEEP_FIRST)
        return NULL;
    pinq_trace_rec_t *r = &t->recs[t->first];
    t->first = (t->first + 1) % t->cap;
    return r;
}

/* Queue depth and line state as the consumer sees them now. */
static void look(const pinq_trace_t *t, pinq_trace_rec_t *r)
{
    r->depth = 0;
    r->state = PINQ_TRACE_NO_STATE;
    if (!t->q)
        return;
    pinq_ring_stats_t st;
    pinq_ring_stats(&t->q->ring, &st);
    r->depth = st.queued;
    int s = pinq_line_state(t->q, r->ev.line);
    if (s >= 0)
        r->state = (uint8_t)s;
}

static void record(pinq_trace_t *t, const pinq_event_t *ev, pinq_ticks_t taken, pinq_ticks_t done,
                   uint8_t origin)
{
    pinq_trace_rec_t *r = slot(t);
    if (!r)
        return;
    *r = (pinq_trace_rec_t){.ev = *ev, .taken = taken, .done = done, .origin = origin};
    look(t, r);
}

void pinq_trace_observe(const pinq_event_t *ev, pinq_ticks_t taken, pinq_ticks_t done, void *ctx)
{
    if (ev && ctx)
        record(ctx, ev, taken, done, PINQ_TRACE_CORE);
}

void pinq_trace_note(pinq_trace_t *t, const pinq_event_t *ev)
{
    if (t && ev)
        record(t, ev, ev->ts, ev->ts, PINQ_TRACE_NOTE);
}

uint32_t pinq_trace_count(const pinq_trace_t *t)
{
    return t ? t->kept : 0;
}

const pinq_trace_rec_t *pinq_trace_at(const pinq_trace_t *t, uint32_t i)
{
    if (!t || i >= t->kept)
        return NULL;
    return &t->recs[(t->first + i) % t->cap];
}

void pinq_trace_clear(pinq_trace_t *t)
{
    if (t)
        t->first = t->kept = t->lost = 0;
}

static pinq_ticks_t min_tick(pinq_ticks_t a, pinq_ticks_t b)
{
    return a < b ? a : b;
}

pinq_ticks_t pinq_trace_origin(const pinq_trace_t *t)
{
    uint32_t n = pinq_trace_count(t);
    if (!n)
        return 0;
    pinq_ticks_t o = pinq_trace_at(t, 0)->taken;
    for (uint32_t i = 0; i < n; i++) {
        const pinq_trace_rec_t *r = pinq_trace_at(t, i);
        o = min_tick(o, min_tick(r->taken, trace_stamp(r, r->taken)));
    }
    return o;
}

/* Engine kinds, from PINQ_EV_USER on (pinq_input.h's order). */
static const char *const input_kinds[] = {"PRESS", "RELEASE", "CLICK", "LONG",   "REPEAT",     "CHORD",    "STEP",
                                          "STORM", "CALM",    "LONG_UP", "COUNT", "CHORD_HOLD", "CHORD_UP", "LOST"};
_Static_assert(sizeof input_kinds / sizeof *input_kinds == PINQ_EV_LOST - PINQ_EV_USER + 1,
               "one name per engine kind");

const char *pinq_trace_kind_name(uint8_t kind, char *buf)
{
    static const char *const core[] = {"RISE", "FALL", "LEVEL", "RESYNC"};
    const char *s = NULL;
    if (kind <= PINQ_EV_RESYNC)
        s = core[kind];
    else if (kind >= PINQ_EV_USER && kind - PINQ_EV_USER < (int)(sizeof input_kinds / sizeof *input_kinds))
        s = input_kinds[kind - PINQ_EV_USER];
    unsigned n = 0;
    if (s) {
        while (s[n] && n < 15) {
            buf[n] = s[n];
            n++;
        }
        buf[n] = '\0';
        return buf;
    }
    const char *pre = kind >= PINQ_EV_USER ? "USER+" : "KIND";
    for (; pre[n]; n++)
        buf[n] = pre[n];
    trace_u64(kind >= PINQ_EV_USER ? kind - PINQ_EV_USER : kind, buf + n);
    return buf;
}
