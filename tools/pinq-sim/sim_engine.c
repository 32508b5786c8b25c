/* sim_engine.c - the discrete-event core: a main loop on core 0 that
 * interrupts preempt (nested by priority, held off by masked tasks), or a
 * second core that busy-polls. Time jumps from one happening to the next,
 * so an idle hour costs nothing. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "sim_arrivals.h"
#include "sim_progress.h"

enum { SEEN = 8, USED = 16 };

typedef struct evrec {
    uint64_t ev;  /* the event's id (its slot is ev & ring_mask) */
    simt t0;      /* first edge of the event */
    uint32_t out; /* edges generated but not yet handled, merged, dropped or expired */
    uint8_t flags; /* enum sim_reason | SEEN | USED */
} evrec_t;

typedef struct line {
    const sim_input_t *in;
    sim_input_stats_t *st;
    sim_gen_t gen;
    evrec_t *ring; /* events still able to change, by id */
    uint64_t ring_mask;
    bool pend;     /* the hardware latch: one edge waiting */
    uint64_t pend_ev;
    simt pend_exp; /* level semantics: the level goes away */
    simt bounce[SIM_GEN_EDGES]; /* level semantics: the pending press's down transition */
    int nbounce;
    sim_rng_t cost_rng; /* handler costs: draws apart from the arrivals, which every strategy shares */
    bool irq;      /* the line's interrupt is enabled */
    bool storm;    /* storm guard: polled until the flood ends */
    simt win_start, storm_since;
    int win_count;
    uint64_t storm_mark;
} line_t;

typedef struct qent {
    uint64_t ev;
    int line;
    simt ts; /* when the ISR stamped it */
} qent_t;

typedef struct eng {
    const sim_scenario_t *s;
    const sim_strategy_t *st;
    sim_result_t *r;
    line_t line[SIM_MAX_INPUTS];
    int n;
    simt next_arrival; /* earliest gen.next_t */
    simt end;          /* no loop starts at or after this */
    uint64_t inflight; /* edges not yet handled, merged, dropped or expired */
    uint32_t steps;    /* edges and loops, for the progress line */
    bool window_closed; /* the active figures are taken */
    qent_t *q;
    uint32_t qcap, qmask, qhead, qtail; /* storage is a power of two: index by mask */
    sim_rng_t task_rng, sys_rng;
} eng_t;

static evrec_t *rec_of(eng_t *e, line_t *L, uint64_t ev)
{
    (void)e;
    return &L->ring[ev & L->ring_mask];
}

/* One of the event's edges needs nothing more. */
static void resolved(eng_t *e, evrec_t *rec)
{
    rec->out--;
    e->inflight--;
}

/* Every 2^16 steps (edges, loops) the progress line may be brought up to date. */
static void step(eng_t *e, simt t)
{
    if ((++e->steps & 0xffff) == 0)
        sim_progress_tick(t, e->end);
}

/* Fixed costs, the usual case, skip the call: this is per edge. */
static simt cost(eng_t *e, const sim_dist_t *d)
{
    return d->kind == SIM_FIXED ? d->a : sim_dist_sample(d, &e->sys_rng);
}

static simt handler(line_t *L)
{
    const sim_dist_t *d = &L->in->handler;
    return d->kind == SIM_FIXED ? d->a : sim_dist_sample(d, &L->cost_rng);
}

static void finalize(line_t *L, const evrec_t *rec)
{
    sim_input_stats_t *st = L->st;
    if (!(rec->flags & USED) || (rec->flags & SEEN))
        return;
    if (rec->out > 0) {
        st->unfinished++;
        return;
    }
    st->missed++;
    if (rec->flags & SIM_QFULL)
        st->missed_qfull++;
    else if (rec->flags & SIM_MERGED)
        st->missed_merged++;
    else
        st->missed_unsampled++;
}

/* The latched edge is gone unobserved: its level ended. */
static void expire(eng_t *e, line_t *L)
{
    evrec_t *rec = rec_of(e, L, L->pend_ev);
    resolved(e, rec);
    rec->flags |= SIM_UNSAMPLED;
    L->st->expired++;
    L->pend = false;
}

static void latch(eng_t *e, line_t *L, simt t, uint64_t ev)
{
    if (L->pend && L->pend_exp <= t)
        expire(e, L);
    if (L->pend) { /* one flag per line: a second edge is lost */
        evrec_t *rec = rec_of(e, L, ev);
        resolved(e, rec);
        rec->flags |= SIM_MERGED;
        L->st->merged++;
        return;
    }
    L->pend = true;
    L->pend_ev = ev;
    L->pend_exp = L->in->level ? L->gen.release : SIM_NEVER;
    if (L->in->level) {
        L->nbounce = L->gen.ndown;
        memcpy(L->bounce, L->gen.edge, (size_t)L->nbounce * sizeof L->bounce[0]);
    }
}

/* A level read while the contact still bounces: after an even number of
 * the transition's edges the pin is back at its old level. */
static bool reads_idle(const line_t *L, simt t)
{
    if (!L->in->level || !L->pend || t >= L->bounce[L->nbounce - 1])
        return false;
    int n = 0;
    while (n < L->nbounce && L->bounce[n] <= t)
        n++;
    return (n & 1) == 0;
}

/* Move the events still in flight (edges outstanding) into a ring of
 * 2^k slots; finished ones are finalized instead. False if two in-flight
 * ids, or an in-flight id and `want`, would share a slot. */
static bool rehome(line_t *L, uint64_t mask, uint64_t want, evrec_t **out)
{
    evrec_t *n = sim_calloc(mask + 1, sizeof *n);
    bool ok = true;
    for (uint64_t j = 0; ok && j <= L->ring_mask; j++) {
        const evrec_t *o = &L->ring[j];
        if (!(o->flags & USED) || o->out == 0)
            continue;
        evrec_t *d = &n[o->ev & mask];
        ok = !(d->flags & USED) && (o->ev & mask) != (want & mask);
        *d = *o;
    }
    if (!ok) {
        free(n);
        return false;
    }
    for (uint64_t j = 0; j <= L->ring_mask; j++)
        if (L->ring[j].out == 0)
            finalize(L, &L->ring[j]);
    *out = n;
    return true;
}

/* An event waited longer than the ring holds events (a flood behind a slow
 * consumer): grow the ring rather than reuse a slot still in flight. */
static void grow(line_t *L, uint64_t want)
{
    evrec_t *n;
    uint64_t mask = L->ring_mask;
    do
        mask = mask * 2 + 1;
    while (!rehome(L, mask, want, &n));
    free(L->ring);
    L->ring = n;
    L->ring_mask = mask;
}

static void new_edge(eng_t *e, line_t *L)
{
    sim_gen_t *g = &L->gen;
    evrec_t *rec = rec_of(e, L, g->ev);
    if (g->first) {
        if ((rec->flags & USED) && rec->out > 0) {
            grow(L, g->ev);
            rec = rec_of(e, L, g->ev);
        }
        finalize(L, rec);
        *rec = (evrec_t){.ev = g->ev, .t0 = g->next_t, .flags = USED};
        L->st->events++;
    }
    rec->out++;
    e->inflight++;
    L->st->edges++;
    step(e, g->next_t);
    latch(e, L, g->next_t, g->ev);
    sim_gen_advance(g);
}

/* Latch every edge up to and including time t. */
static void arrivals(eng_t *e, simt t)
{
    if (t < e->next_arrival)
        return;
    simt next = SIM_NEVER;
    for (int i = 0; i < e->n; i++) {
        line_t *L = &e->line[i];
        while (L->gen.next_t <= t)
            new_edge(e, L);
        if (L->gen.next_t < next)
            next = L->gen.next_t;
    }
    e->next_arrival = next;
}

/* Read and clear the latch at time t. */
static bool take(eng_t *e, line_t *L, simt t, uint64_t *ev)
{
    if (L->pend && L->pend_exp <= t)
        expire(e, L);
    if (!L->pend)
        return false;
    L->pend = false;
    *ev = L->pend_ev;
    return true;
}

/* A poll: reads the pin (level) or the flag (edge), and clears the flag. */
static bool poll_read(eng_t *e, line_t *L, simt t, uint64_t *ev)
{
    return !reads_idle(L, t) && take(e, L, t, ev);
}

/* The edge's handler finished at t. */
static void observe(eng_t *e, line_t *L, uint64_t ev, simt t)
{
    evrec_t *rec = rec_of(e, L, ev);
    resolved(e, rec);
    L->st->handled++;
    if (rec->flags & SEEN)
        return;
    rec->flags |= SEEN;
    L->st->seen++;
    simt lat = t - rec->t0;
    sim_hist_add(&L->st->latency, lat);
    if (lat > L->in->deadline)
        L->st->deadline_misses++;
}

static simt run_work(eng_t *e, simt t, simt work, int prio, bool masked);

static void storm_count(eng_t *e, line_t *L, simt t)
{
    const sim_system_t *sys = &e->s->sys;
    if (t - L->win_start >= sys->storm_window) {
        L->win_start = t;
        L->win_count = 0;
    }
    if (++L->win_count > sys->storm_max) {
        L->irq = false;
        L->storm = true;
        L->storm_since = t;
        L->storm_mark = L->st->edges;
        e->r->storms++;
        L->st->storms++;
    }
}

static void enqueue(eng_t *e, int i, uint64_t ev, simt ts)
{
    line_t *L = &e->line[i];
    if (e->qtail - e->qhead == e->qcap) { /* pinq's default: drop the newest, count it */
        evrec_t *rec = rec_of(e, L, ev);
        resolved(e, rec);
        rec->flags |= SIM_QFULL;
        L->st->dropped++;
        return;
    }
    e->q[e->qtail++ & e->qmask] = (qent_t){ev, i, ts};
    if (e->qtail - e->qhead > e->r->queue_hwm)
        e->r->queue_hwm = e->qtail - e->qhead;
}

/* A queued edge's latencies in nanoseconds (picoseconds truncated), the
 * total the sum of the two spans, as pinq_stats_observe() counts ticks. */
static void stats_add(sim_result_t *r, simt ts, simt taken, simt done)
{
    uint64_t wait = (uint64_t)(taken - ts) / 1000u, handler = (uint64_t)(done - taken) / 1000u;
    pinq_stats_hist_add(r->lat_hist[PINQ_SPAN_WAIT], wait);
    pinq_stats_hist_add(r->lat_hist[PINQ_SPAN_HANDLER], handler);
    pinq_stats_hist_add(r->lat_hist[PINQ_SPAN_TOTAL], wait + handler);
}

/* Take line i's interrupt at t; returns when the ISR has returned. */
static simt isr(eng_t *e, int i, simt t)
{
    line_t *L = &e->line[i];
    const sim_system_t *sys = &e->s->sys;
    uint64_t ev;
    if (!take(e, L, t, &ev))
        return t;
    e->r->isrs++;
    int prio = sys->nesting ? L->in->priority : INT_MAX;
    simt entry = cost(e, &sys->isr_entry);
    if (e->st->kind == SIM_ISR) {
        simt done = run_work(e, t, sim_tadd(entry, handler(L)), prio, false);
        observe(e, L, ev, done);
        return run_work(e, done, cost(e, &sys->isr_exit), prio, false);
    }
    simt done = run_work(e, t, sim_tadd(entry, cost(e, &sys->push)), prio, false);
    enqueue(e, i, ev, done);
    if (e->st->kind == SIM_STORM)
        storm_count(e, L, done);
    return run_work(e, done, cost(e, &sys->isr_exit), prio, false);
}

/* Earliest time in [t, end) an interrupt above `prio` wants the core, and
 * which line's (-1: none after all, e.g. a level that just ended). */
static int next_irq(eng_t *e, simt t, simt end, int prio, simt *when)
{
    simt best = SIM_NEVER;
    for (int i = 0; i < e->n; i++) {
        line_t *L = &e->line[i];
        if (!L->irq || L->in->priority <= prio)
            continue;
        simt c = L->pend ? t : L->gen.next_t;
        if (c < best)
            best = c;
    }
    *when = best;
    if (best >= end)
        return -1;
    arrivals(e, best);
    int who = -1;
    for (int i = 0; i < e->n; i++) {
        line_t *L = &e->line[i];
        if (!L->irq || L->in->priority <= prio)
            continue;
        if (L->pend && L->pend_exp <= best)
            expire(e, L);
        if (L->pend && (who < 0 || L->in->priority > e->line[who].in->priority))
            who = i;
    }
    return who;
}

/* Execute `work` of busy time at execution priority `prio` (-1: thread
 * mode), serving the interrupts that may preempt it. Returns the end. */
static simt run_work(eng_t *e, simt t, simt work, int prio, bool masked)
{
    for (;;) {
        simt end = sim_tadd(t, work);
        if (!masked) {
            simt when;
            int who = next_irq(e, t, end, prio, &when);
            if (when < end) {
                work -= when - t;
                t = when;
                if (who >= 0)
                    t = isr(e, who, t);
                continue;
            }
        }
        arrivals(e, end);
        return end;
    }
}

static bool polled_here(const eng_t *e, const line_t *L)
{
    return e->st->kind == SIM_POLL || L->in->polled || L->storm;
}

static void storm_exit_check(eng_t *e, line_t *L, simt t)
{
    const sim_system_t *sys = &e->s->sys;
    if (!L->storm || t - L->storm_since < sys->storm_window)
        return;
    if (L->st->edges - L->storm_mark <= (uint64_t)sys->storm_max) {
        L->storm = false;
        L->irq = true;
        L->st->returns++;
        L->win_start = t;
        L->win_count = 0;
    } else {
        L->storm_since = t;
        L->storm_mark = L->st->edges;
    }
}

/* A poll / dispatch point in the main loop. */
static simt service(eng_t *e, simt t)
{
    const sim_system_t *sys = &e->s->sys;
    for (int i = 0; i < e->n; i++) {
        line_t *L = &e->line[i];
        if (!polled_here(e, L))
            continue;
        t = run_work(e, t, sys->poll, -1, false);
        uint64_t ev;
        if (poll_read(e, L, t, &ev)) {
            t = run_work(e, t, handler(L), -1, false);
            observe(e, L, ev, t);
        }
        storm_exit_check(e, L, t);
    }
    /* Dispatch what is queued now: events pushed meanwhile wait for the
     * next point, as pinq_dispatch's budget makes them. */
    for (uint32_t n = e->qtail - e->qhead; n > 0; n--) {
        qent_t q = e->q[e->qhead++ & e->qmask];
        line_t *L = &e->line[q.line];
        simt d = cost(e, &sys->dispatch), h = handler(L);
        simt taken = run_work(e, t, d, -1, false);
        t = run_work(e, taken, h, -1, false);
        L->st->dispatched++;
        stats_add(e->r, q.ts, taken, t);
        observe(e, L, q.ev, t);
    }
    return t;
}

/* total * j / k without forming total * j (k is up to 65536). */
static simt part(simt total, int j, int k)
{
    return total / k * j + total % k * j / k;
}

/* Run the tasks at time t with k service points spread evenly over them. */
static simt one_loop(eng_t *e, simt t, int k)
{
    const sim_scenario_t *s = e->s;
    simt dur[SIM_MAX_TASKS], total = 0, acc = 0;
    step(e, t);
    for (int i = 0; i < s->ntasks; i++)
        total = sim_tadd(total, dur[i] = sim_dist_sample(&s->tasks[i].duration, &e->task_rng));
    t = run_work(e, t, s->sys.loop_overhead, -1, false);
    t = service(e, t);
    int j = 1;
    for (int i = 0; i < s->ntasks; i++) {
        simt d = dur[i];
        bool masked = s->tasks[i].masked;
        for (simt pt; j < k && sim_tadd(acc, d) > (pt = part(total, j, k)); j++) {
            t = run_work(e, t, pt - acc, -1, masked);
            d -= pt - acc;
            acc = pt;
            t = service(e, t);
        }
        t = run_work(e, t, d, -1, masked);
        acc = sim_tadd(acc, d);
    }
    e->r->task_time = sim_tadd(e->r->task_time, total);
    e->r->loops++;
    return t;
}

/* Time after the last arrival for late events to finish: twice the longest
 * deadline and four loops; the run stops sooner once nothing is in flight. */
static simt tail(const sim_scenario_t *s)
{
    simt dl = 0;
    for (int i = 0; i < s->ninputs; i++)
        if (s->inputs[i].deadline != SIM_NEVER && s->inputs[i].deadline > dl) /* none: no deadline */
            dl = s->inputs[i].deadline;
    simt loop = sim_loop_period(s), t = sim_tadd(dl, dl);
    for (int i = 0; i < 4; i++)
        t = sim_tadd(t, loop);
    return sim_tadd(t, s->sys.loop_overhead);
}

/* Arrivals are over and every edge is resolved: nothing can change now. */
static bool drained(const eng_t *e, simt t)
{
    return t >= e->s->duration && e->next_arrival == SIM_NEVER && e->inflight == 0;
}

/* The first loop to start at or after the duration closes the active
 * window; a run that never gets there closes it at its end. */
static void close_window(eng_t *e, simt t, bool at_end)
{
    sim_result_t *r = e->r;
    if (e->window_closed || (t < e->s->duration && !at_end))
        return;
    e->window_closed = true;
    r->active = t;
    r->active_task_time = r->task_time;
    r->active_loops = r->loops;
}

static void main_core(eng_t *e)
{
    int k = e->st->points;
    simt t = 0;
    for (; t < e->end && !drained(e, t); t = one_loop(e, t, k))
        close_window(e, t, false);
    close_window(e, t, true);
    e->r->elapsed = t;
}

/* A second core spinning on the inputs; the main loop keeps its core. */
static void dedicated_core(eng_t *e)
{
    simt period = e->s->sys.dedicated_poll, t = 0, end = e->end;
    while (t < end && !drained(e, t)) {
        bool busy = false;
        e->r->task_time = t;
        close_window(e, t, false);
        step(e, t);
        for (int i = 0; i < e->n; i++) {
            line_t *L = &e->line[i];
            uint64_t ev;
            arrivals(e, t);
            if (poll_read(e, L, t, &ev)) {
                t = sim_tadd(t, handler(L));
                observe(e, L, ev, t);
                busy = true;
            }
        }
        t = sim_tadd(t, period);
        simt next = e->next_arrival < end ? e->next_arrival : end;
        if (e->next_arrival == SIM_NEVER && e->inflight == 0 && next > e->s->duration)
            next = e->s->duration; /* nothing is to come: skip to where the run can stop */
        if (!busy && next > t) /* idle: skip to the poll that sees the next edge */
            t += (next - t + period - 1) / period * period;
    }
    e->r->elapsed = e->r->task_time = t;
    close_window(e, t, true);
}

static uint32_t pow2_at_least(uint32_t v)
{
    uint32_t p = 1;
    while (p < v)
        p <<= 1;
    return p;
}

static void finish(eng_t *e)
{
    for (int i = 0; i < e->n; i++) {
        line_t *L = &e->line[i];
        for (uint64_t j = 0; j <= L->ring_mask; j++) {
            finalize(L, &L->ring[j]);
            if (L->ring[j].flags & USED)
                L->st->outstanding += L->ring[j].out;
        }
        free(L->ring);
    }
    free(e->q);
}

void sim_run(const sim_scenario_t *s, const sim_strategy_t *st, sim_result_t *r)
{
    memset(r, 0, sizeof *r);
    r->strategy = *st;
    eng_t e = {.s = s, .st = st, .r = r, .n = s->ninputs, .next_arrival = SIM_NEVER};
    e.qcap = st->kind == SIM_QUEUE || st->kind == SIM_STORM ? (uint32_t)st->k : 1;
    e.qmask = pow2_at_least(e.qcap) - 1;
    e.q = sim_calloc(e.qmask + 1, sizeof *e.q);
    sim_rng_seed(&e.task_rng, s->seed, 0);
    sim_rng_seed(&e.sys_rng, s->seed, 2 * SIM_MAX_INPUTS + 1);
    for (int i = 0; i < e.n; i++) {
        line_t *L = &e.line[i];
        L->in = &s->inputs[i];
        L->st = &r->in[i];
        sim_rng_seed(&L->cost_rng, s->seed, (uint64_t)(SIM_MAX_INPUTS + 1 + i));
        /* ids live until their last edge is resolved; grow() doubles the
         * ring when one outlives this many newer events */
        L->ring_mask = pow2_at_least(2 * e.qcap + 1024) - 1;
        L->ring = sim_calloc(L->ring_mask + 1, sizeof *L->ring);
        L->irq = st->kind != SIM_POLL && st->kind != SIM_DEDICATED && !L->in->polled;
        sim_gen_init(&L->gen, L->in, s->duration, s->seed, i);
        if (L->gen.next_t < e.next_arrival)
            e.next_arrival = L->gen.next_t;
    }
    e.end = sim_tadd(s->duration, tail(s));
    if (st->kind == SIM_DEDICATED)
        dedicated_core(&e);
    else
        main_core(&e);
    finish(&e);
}
