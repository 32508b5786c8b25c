/* pinq_stats.c - the statistics observer, and the snapshots the consumer
 * takes of a queue's figures while its producers run (pinq_stats.h). */
#include <string.h>

#include "pinq_stats.h"

/* The producers' per-line counters, in pinq_stats_line.base[] order. */
enum { C_SPURIOUS, C_DISABLED, C_TRIPS, C_HANDED, C_RETURNS, C_MASKED, C_N };
/* The ring's counters, in pinq_stats.ring_base[] order. */
enum { R_PRODUCED, R_DELIVERED, R_DROPPED, R_COALESCED, R_REFUSED, R_UNSURE, R_N };

_Static_assert(sizeof(((pinq_stats_line_t *)0)->base) == C_N * sizeof(uint32_t), "one base per line counter");
_Static_assert(sizeof(((pinq_stats_t *)0)->ring_base) == R_N * sizeof(uint32_t), "one base per ring counter");

static uint32_t ld(const _Atomic uint32_t *p)
{
    return atomic_load_explicit(p, memory_order_relaxed);
}

/* Line i's free-running counters now (0 where the queue keeps none). */
static void line_counters(const pinq_t *q, uint16_t i, uint32_t c[C_N])
{
    memset(c, 0, C_N * sizeof c[0]);
    if (q->counts) {
        const pinq_line_counts_t *k = &q->counts[i];
        c[C_SPURIOUS] = ld(&k->spurious);
        c[C_DISABLED] = ld(&k->disabled);
        c[C_TRIPS] = ld(&k->trips);
        c[C_HANDED] = ld(&k->handed);
        c[C_RETURNS] = ld(&k->returns);
    }
    if (q->poll)
        c[C_MASKED] = ld(&q->poll[i].masked);
}

/* The ring's free-running counters now, and its fill. */
static uint32_t ring_counters(const pinq_t *q, uint32_t c[R_N])
{
    pinq_ring_stats_t rs;
    pinq_ring_stats(&q->ring, &rs);
    c[R_PRODUCED] = rs.produced;
    c[R_DELIVERED] = rs.delivered;
    c[R_DROPPED] = rs.dropped;
    c[R_COALESCED] = rs.coalesced;
    c[R_REFUSED] = rs.refused;
    c[R_UNSURE] = rs.ts_unsure;
    return rs.queued;
}

/* Start line i's next interval from its counters' values c, the very
 * ones the last snapshot reported from: a post between two reads would
 * otherwise fall in neither interval. The consumer's own figures are
 * zeroed: it is their only writer. */
static void restart_line(pinq_stats_line_t *l, const uint32_t c[C_N])
{
    memcpy(l->base, c, sizeof l->base);
    l->delivered = 0;
    l->lost = 0;
}

/* Start the queue's next interval at `now` (its lines: restart_line). */
static void restart(pinq_stats_t *st, const uint32_t ring[R_N], uint32_t depth, pinq_ticks_t now)
{
    memcpy(st->ring_base, ring, sizeof st->ring_base);
    st->resyncs = 0;
    st->at_least = 0;
    memset(st->hist, 0, sizeof st->hist);
    st->since = now;
    st->q->ring.high_water = depth; /* the consumer is its writer too (pinq_ring_pop) */
}

int pinq_stats_init(pinq_stats_t *st, pinq_t *q, pinq_stats_line_t *lines, uint16_t nlines)
{
    if (!st || !q || !lines || nlines < q->nlines || q->nlines == 0)
        return PINQ_EINVAL;
    *st = (pinq_stats_t){.q = q, .lines = lines, .nlines = q->nlines};
    uint32_t ring[R_N];
    uint32_t depth = ring_counters(q, ring);
    for (uint16_t i = 0; i < st->nlines; i++) {
        uint32_t c[C_N];
        line_counters(q, i, c);
        restart_line(&lines[i], c);
    }
    restart(st, ring, depth, pinq_port_now());
    return PINQ_OK;
}

void pinq_stats_observe(const pinq_event_t *ev, pinq_ticks_t taken, pinq_ticks_t done, void *ctx)
{
    pinq_stats_t *st = ctx;
    if (ev->line >= st->nlines)
        return; /* a stage's own event on no line of the queue */
    pinq_stats_line_t *l = &st->lines[ev->line];
    if (ev->kind == PINQ_EV_RESYNC) { /* its ts is no edge's: no latency */
        l->lost += ev->lost;
        st->resyncs++;
        st->at_least += (ev->level & PINQ_FLAG_AT_LEAST) != 0;
        return;
    }
    l->delivered++;
    pinq_ticks_t wait = taken > ev->ts ? taken - ev->ts : 0;
    pinq_ticks_t handler = done > taken ? done - taken : 0;
    pinq_stats_hist_add(st->hist[PINQ_SPAN_WAIT], wait);
    pinq_stats_hist_add(st->hist[PINQ_SPAN_HANDLER], handler);
    pinq_stats_hist_add(st->hist[PINQ_SPAN_TOTAL], wait + handler);
}

/* Line i's figures since the last reset. A full ring's losses are drops
 * or merges by the ring's policy (DROP_OLDEST drops both the discarded
 * and the few it refuses while the oldest slot is busy). */
static void line_snap(const pinq_stats_t *st, const pinq_stats_line_t *l, const uint32_t raw[C_N],
                      pinq_line_stats_t *o)
{
    uint32_t c[C_N];
    for (int k = 0; k < C_N; k++)
        c[k] = raw[k] - l->base[k]; /* mod 2^32: right across a wrap */
    bool merges = st->q->ring.policy == PINQ_COALESCE;
    *o = (pinq_line_stats_t){.events = l->delivered + l->lost, .delivered = l->delivered,
                             .dropped = merges ? 0 : l->lost, .coalesced = merges ? l->lost : 0,
                             .disabled = c[C_DISABLED], .masked = c[C_MASKED], .spurious = c[C_SPURIOUS],
                             .storms = c[C_TRIPS] + c[C_HANDED], .returns = c[C_RETURNS]};
}

/* The ring's figures since the last reset. Its `refused` counts merges
 * too, its `dropped` refusals and discards alike. */
static void ring_snap(const pinq_stats_t *st, const uint32_t now[R_N], pinq_stats_snap_t *o)
{
    uint32_t d[R_N];
    for (int k = 0; k < R_N; k++)
        d[k] = now[k] - st->ring_base[k];
    o->produced = d[R_PRODUCED];
    o->delivered = d[R_DELIVERED];
    o->coalesced = d[R_COALESCED];
    o->refused = d[R_REFUSED] - d[R_COALESCED];
    o->discarded = d[R_DROPPED] - o->refused;
    o->ts_unsure = d[R_UNSURE];
}

int pinq_stats_snapshot(pinq_stats_t *st, pinq_stats_snap_t *out, pinq_line_stats_t *lines, uint16_t nlines,
                        bool reset)
{
    if (!st || !st->q || !out || (nlines && !lines) || nlines > st->nlines)
        return PINQ_EINVAL;
    pinq_t *q = st->q;
    pinq_ticks_t now = pinq_port_now();
    *out = (pinq_stats_snap_t){.ticks_per_sec = pinq_port_ticks_per_sec(), .span = now - st->since,
                               .policy = q->ring.policy, .capacity = q->ring.mask + 1,
                               .high_water = q->ring.high_water, .resyncs = st->resyncs,
                               .at_least = st->at_least, .nlines = nlines, .lines = lines};
    memcpy(out->hist, st->hist, sizeof out->hist);
    uint32_t ring[R_N];
    out->depth = ring_counters(q, ring);
    ring_snap(st, ring, out);
    for (uint16_t i = 0; i < st->nlines; i++) { /* every line restarts with a reset */
        uint32_t c[C_N];
        line_counters(q, i, c);
        if (i < nlines)
            line_snap(st, &st->lines[i], c, &lines[i]);
        if (reset)
            restart_line(&st->lines[i], c);
    }
    if (reset)
        restart(st, ring, out->depth, now);
    return PINQ_OK;
}
