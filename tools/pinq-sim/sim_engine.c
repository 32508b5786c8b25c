/* sim_engine.c - the discrete-event core: a main loop on core 0 that
 * interrupts preempt (nested by priority, held off by masked tasks), or a
 * second core that busy-polls. Time jumps from one happening to the next,
 * so an idle hour costs nothing. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "sim_arrivals.h"

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
    bool irq;      /* the line's interrupt is enabled */
    bool storm;    /* storm guard: polled until the flood ends */
    simt win_start, storm_since;
    int win_count;
    uint64_t storm_mark;
} line_t;

typedef struct qent {
    uint64_t ev;
    int line;
} qent_t;

typedef struct eng {
    const sim_scenario_t *s;
    const sim_strategy_t *st;
    sim_result_t *r;
    line_t line[SIM_MAX_INPUTS];
    int n;
    simt next_arrival; /* earliest gen.next_t */
    qent_t *q;
    uint32_t qcap, qmask, qhead, qtail; /* storage is a power of two: index by mask */
    sim_rng_t task_rng;
} eng_t;

static evrec_t *rec_of(eng_t *e, line_t *L, uint64_t ev)
{
    (void)e;
    return &L->ring[ev & L->ring_mask];
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
    rec->out--;
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
        rec->out--;
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
    L->st->edges++;
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
    rec->out--;
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
    }
}

static void enqueue(eng_t *e, int i, uint64_t ev)
{
    line_t *L = &e->line[i];
    if (e->qtail - e->qhead == e->qcap) { /* pinq's default: drop the newest, count it */
        evrec_t *rec = rec_of(e, L, ev);
        rec->out--;
        rec->flags |= SIM_QFULL;
        L->st->dropped++;
        return;
    }
    e->q[e->qtail++ & e->qmask] = (qent_t){ev, i};
    if (e->qtail - e->qhead > e->r->queue_hwm)
        e->r->queue_hwm = e->qtail - e->qhead;
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
    if (e->st->kind == SIM_ISR) {
        simt done = run_work(e, t, sys->isr_entry + L->in->handler, prio, false);
        observe(e, L, ev, done);
        return run_work(e, done, sys->isr_exit, prio, false);
    }
    simt done = run_work(e, t, sys->isr_entry + sys->push, prio, false);
    enqueue(e, i, ev);
    if (e->st->kind == SIM_STORM)
        storm_count(e, L, done);
    return run_work(e, done, sys->isr_exit, prio, false);
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
        simt end = t + work;
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
            t = run_work(e, t, L->in->handler, -1, false);
            observe(e, L, ev, t);
        }
        storm_exit_check(e, L, t);
    }
    /* Dispatch what is queued now: events pushed meanwhile wait for the
     * next point, as pinq_dispatch's budget makes them. */
    for (uint32_t n = e->qtail - e->qhead; n > 0; n--) {
        qent_t q = e->q[e->qhead++ & e->qmask];
        line_t *L = &e->line[q.line];
        t = run_work(e, t, sys->dispatch + L->in->handler, -1, false);
        observe(e, L, q.ev, t);
    }
    return t;
}

/* Run the tasks at time t with k service points spread evenly over them. */
static simt one_loop(eng_t *e, simt t, int k)
{
    const sim_scenario_t *s = e->s;
    simt dur[SIM_MAX_TASKS], total = 0, acc = 0;
    for (int i = 0; i < s->ntasks; i++)
        total += dur[i] = sim_dist_sample(&s->tasks[i].duration, &e->task_rng);
    t = run_work(e, t, s->sys.loop_overhead, -1, false);
    t = service(e, t);
    int j = 1;
    for (int i = 0; i < s->ntasks; i++) {
        simt d = dur[i];
        bool masked = s->tasks[i].masked;
        for (simt pt; j < k && acc + d > (pt = total * j / k); j++) {
            t = run_work(e, t, pt - acc, -1, masked);
            d -= pt - acc;
            acc = pt;
            t = service(e, t);
        }
        t = run_work(e, t, d, -1, masked);
        acc += d;
    }
    e->r->task_time += total;
    e->r->loops++;
    return t;
}

/* Time after the last arrival for late events to finish. */
static simt tail(const sim_scenario_t *s)
{
    simt dl = 0;
    for (int i = 0; i < s->ninputs; i++)
        if (s->inputs[i].deadline != SIM_NEVER && s->inputs[i].deadline > dl) /* none: no deadline */
            dl = s->inputs[i].deadline;
    return 2 * dl + 4 * sim_loop_period(s) + s->sys.loop_overhead;
}

static void main_core(eng_t *e, simt end)
{
    int k = e->st->points;
    simt t = 0;
    while (t < end)
        t = one_loop(e, t, k);
    e->r->elapsed = t;
}

/* A second core spinning on the inputs; the main loop keeps its core. */
static void dedicated_core(eng_t *e, simt end)
{
    simt period = e->s->sys.dedicated_poll, t = 0;
    while (t < end) {
        bool busy = false;
        for (int i = 0; i < e->n; i++) {
            line_t *L = &e->line[i];
            uint64_t ev;
            arrivals(e, t);
            if (poll_read(e, L, t, &ev)) {
                t += L->in->handler;
                observe(e, L, ev, t);
                busy = true;
            }
        }
        t += period;
        simt next = e->next_arrival < end ? e->next_arrival : end;
        if (!busy && next > t) /* idle: skip to the poll that sees the next edge */
            t += (next - t + period - 1) / period * period;
    }
    e->r->elapsed = t;
    e->r->task_time = t;
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
    for (int i = 0; i < e.n; i++) {
        line_t *L = &e.line[i];
        L->in = &s->inputs[i];
        L->st = &r->in[i];
        /* ids live until their last edge is resolved; grow() doubles the
         * ring when one outlives this many newer events */
        L->ring_mask = pow2_at_least(2 * e.qcap + 1024) - 1;
        L->ring = sim_calloc(L->ring_mask + 1, sizeof *L->ring);
        L->irq = st->kind != SIM_POLL && st->kind != SIM_DEDICATED && !L->in->polled;
        sim_gen_init(&L->gen, L->in, s->duration, s->seed, i);
        if (L->gen.next_t < e.next_arrival)
            e.next_arrival = L->gen.next_t;
    }
    simt end = s->duration + tail(s);
    if (st->kind == SIM_DEDICATED)
        dedicated_core(&e, end);
    else
        main_core(&e, end);
    finish(&e);
}
