/* replay_sim.c - the discrete-event run behind replay_run(): the wire, the
 * simulated ISR or sampler feeding a real pinq queue, and the consumer
 * draining it with pinq_dispatch() into the decoder. At one instant the
 * wire changes first (a sample at an edge's time reads the new level, as a
 * capture's sample does), then ISRs enter, then the sampler, then the
 * consumer. */
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "replay.h"
#include "replay_clock.h"

typedef struct post {
    pinq_ticks_t stamp; /* the event's ts */
    pinq_ticks_t first; /* the earliest edge it reports: latency is measured from it */
} post_t;

/* One line: its wire, what its hardware latched, what was posted. */
typedef struct pin {
    const replay_line_t *w;
    size_t next;            /* the next edge on the wire */
    uint8_t level;          /* on the wire now */
    uint8_t sampled;        /* polling: the level the last sample read */
    bool pending;           /* interrupts: the flag is set and the ISR has not entered ... */
    pinq_ticks_t isr_at;    /* ... until then; REPLAY_NEVER when clear */
    pinq_ticks_t last_edge; /* what a capture register holds */
    pinq_ticks_t first;     /* the earliest edge not yet posted; REPLAY_NEVER if none */
    size_t unposted;        /* edges since the last post or sample */
    uint64_t nisr;          /* ISRs so far: the index of the next jitter draw */
    post_t *posts;          /* stamps strictly increase: an ISR or a sample posts once */
    size_t nposts;
} pin_t;

typedef struct eng {
    const replay_input_t *in;
    const replay_model_t *m;
    replay_decoder_t *dec;
    replay_result_t *r;
    pinq_t q;
    pinq_line_cfg_t cfg[REPLAY_MAX_LINES];
    pinq_line_t state[REPLAY_MAX_LINES];
    pinq_lost_t lost[REPLAY_MAX_LINES];
    pinq_slot_t *slots;
    pin_t pin[REPLAY_MAX_LINES];
    pinq_ticks_t now, final; /* the run ends at final: the capture's end plus the model's delay */
    pinq_ticks_t pass_at;    /* interrupts: the next consumer pass */
    uint64_t poll_k;         /* polling: the grid index of the next sample ... */
    pinq_ticks_t poll_at;    /* ... and its time, a stall taken into account */
    pinq_ticks_t *lat;       /* one per delivered edge */
} eng_t;

static void *alloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fputs("pinq-replay: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

/* ---- the consumer --------------------------------------------------------- */

static const post_t *post_of(const pin_t *p, pinq_ticks_t stamp)
{
    size_t lo = 0, hi = p->nposts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->posts[mid].stamp < stamp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->nposts && p->posts[lo].stamp == stamp ? &p->posts[lo] : NULL;
}

static void delivered(eng_t *e, const pinq_event_t *ev)
{
    replay_result_t *r = e->r;
    r->seen[r->nseen++] = (replay_seen_t){ev->ts, ev->line, (uint8_t)PINQ_LEVEL(ev)};
    const post_t *p = post_of(&e->pin[ev->line], ev->ts);
    if (p)
        e->lat[r->nlatency++] = e->now - p->first;
}

/* pinq_dispatch's handler for every line: the application. */
static void on_event(const pinq_event_t *ev, void *ctx)
{
    eng_t *e = ctx;
    if (ev->kind == PINQ_EV_RESYNC) {
        e->r->resyncs++;
        e->r->resync_lost += ev->lost;
    } else if (ev->line < e->in->nlines && (ev->kind == PINQ_EV_RISE || ev->kind == PINQ_EV_FALL)) {
        delivered(e, ev);
    }
    replay_decoder_feed(e->dec, ev);
}

/* Interrupts: run the consumer at t, or at the loop's next turn after it. */
static void wake(eng_t *e, pinq_ticks_t t)
{
    pinq_ticks_t loop = e->m->loop;
    if (t <= e->now)
        t = e->now;
    if (loop && t % loop)
        t += loop - t % loop;
    t = replay_window_end(&e->m->stall, t);
    if (t < e->pass_at)
        e->pass_at = t;
}

/* One pinq_dispatch() call; with the ring empty, the decoder's clock. */
static void pass(eng_t *e)
{
    e->pass_at = REPLAY_NEVER;
    pinq_dispatch(&e->q, e->m->budget ? e->m->budget : UINT_MAX);
    bool irq = e->m->kind == REPLAY_IRQ;
    if (pinq_pending(&e->q)) {
        if (irq) /* pinq_wait returns at once: the loop comes round again */
            wake(e, e->m->loop ? e->now + 1 : e->now);
        return;
    }
    pinq_ticks_t slack = replay_tick_slack(e->m), when;
    if (e->now >= slack)
        replay_decoder_tick(e->dec, e->now - slack);
    if (irq && replay_decoder_deadline(e->dec, &when)) /* pinq_wait's timeout */
        wake(e, when + slack > e->now ? when + slack : e->now + 1);
}

/* ---- the producer side ---------------------------------------------------- */

static void post(eng_t *e, pin_t *p, pinq_ticks_t stamp)
{
    p->posts[p->nposts++] = (post_t){stamp, p->first};
    p->first = REPLAY_NEVER;
    p->unposted = 0;
    e->r->posts++;
}

static void edge(eng_t *e, pin_t *p, int line)
{
    pinq_ticks_t t = p->w->t[p->next];
    p->level = p->w->level[p->next++];
    p->last_edge = t;
    p->unposted++;
    e->r->edges++;
    if (p->first == REPLAY_NEVER)
        p->first = t;
    if (e->m->kind != REPLAY_IRQ)
        return;
    if (p->pending) { /* one flag per line: the hardware merges this edge into the pending one */
        e->r->hidden++;
        return;
    }
    p->pending = true;
    p->isr_at = replay_isr_entry(e->m, line, p->nisr++, t);
}

static void isr(eng_t *e, pin_t *p, int line)
{
    pinq_ticks_t stamp = e->m->stamp == REPLAY_STAMP_EDGE ? p->last_edge : e->now;
    p->pending = false;
    p->isr_at = REPLAY_NEVER;
    post(e, p, stamp);
    pinq_post_at(&e->q, (uint16_t)line, p->level, stamp); /* the ISR reads the pin as it enters */
    wake(e, e->now);
}

/* The next sample: the first on the grid at or after whatever can change
 * what a sample reads or what the consumer does (an edge, the decoder's
 * deadline, events left by the budget, the run's end). */
static void poll_schedule(eng_t *e)
{
    pinq_ticks_t x = e->final, when;
    if (pinq_pending(&e->q))
        x = e->now + 1;
    for (int i = 0; i < e->in->nlines; i++) {
        const pin_t *p = &e->pin[i];
        if (p->next < p->w->n && p->w->t[p->next] < x)
            x = p->w->t[p->next];
    }
    if (replay_decoder_deadline(e->dec, &when) && when < x)
        x = when;
    if (x <= e->now)
        x = e->now + 1;
    uint64_t k = x / e->m->poll_period;
    if (k <= e->poll_k)
        k = e->poll_k + 1;
    while (replay_poll_time(e->m, k) < x)
        k++;
    e->poll_k = k;
    e->poll_at = replay_window_end(&e->m->stall, replay_poll_time(e->m, k));
}

/* Sample every line, post the changes, dispatch: pinq_dispatch's poller. */
static void sample(eng_t *e)
{
    for (int i = 0; i < e->in->nlines; i++) {
        pin_t *p = &e->pin[i];
        size_t change = p->level != p->sampled;
        e->r->hidden += p->unposted - change;
        p->unposted = 0;
        if (!change) {
            p->first = REPLAY_NEVER;
            continue;
        }
        p->sampled = p->level;
        post(e, p, e->now);
        pinq_post_sample(&e->q, (uint16_t)i, p->level, e->now);
    }
    pass(e);
    poll_schedule(e);
}

/* ---- the run -------------------------------------------------------------- */

static pinq_ticks_t next_time(const eng_t *e)
{
    pinq_ticks_t t = e->pass_at < e->poll_at ? e->pass_at : e->poll_at;
    for (int i = 0; i < e->in->nlines; i++) {
        const pin_t *p = &e->pin[i];
        if (p->next < p->w->n && p->w->t[p->next] < t)
            t = p->w->t[p->next];
        if (p->isr_at < t)
            t = p->isr_at;
    }
    return t;
}

static void step(eng_t *e, pinq_ticks_t t)
{
    e->now = t;
    for (int i = 0; i < e->in->nlines; i++)
        while (e->pin[i].next < e->pin[i].w->n && e->pin[i].w->t[e->pin[i].next] <= t)
            edge(e, &e->pin[i], i);
    for (int i = 0; i < e->in->nlines; i++)
        if (e->pin[i].isr_at <= t)
            isr(e, &e->pin[i], i);
    if (e->poll_at <= t)
        sample(e);
    if (e->pass_at <= t)
        pass(e);
}

static int queue_init(eng_t *e)
{
    const replay_model_t *m = e->m;
    uint16_t n = (uint16_t)e->in->nlines;
    for (uint16_t i = 0; i < n; i++)
        e->cfg[i] = (pinq_line_cfg_t){.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_IRQ};
    e->slots = alloc(m->queue, sizeof *e->slots);
    pinq_cfg_t c = {.lines = e->cfg, .state = e->state, .nlines = n, .slots = e->slots, .lost = e->lost,
                    .capacity = m->queue, .mode = PINQ_SPSC, .policy = m->policy,
                    .on_event = on_event, .on_event_ctx = e};
    int err = pinq_init(&e->q, &c);
    /* A polled line's first sample sets its level without an edge
     * (pinq_dispatch's poller does so); this sampler is ours, so it
     * stores the capture's initial level the same way. */
    for (uint16_t i = 0; i < n && m->kind == REPLAY_POLL; i++)
        atomic_store_explicit(&e->state[i].level, e->in->line[i].initial, memory_order_relaxed);
    return err;
}

static void pins_init(eng_t *e)
{
    size_t total = 0;
    for (int i = 0; i < e->in->nlines; i++) {
        const replay_line_t *w = &e->in->line[i];
        e->pin[i] = (pin_t){.w = w, .level = w->initial, .sampled = w->initial, .isr_at = REPLAY_NEVER,
                            .first = REPLAY_NEVER, .posts = alloc(w->n + 1, sizeof(post_t))};
        total += w->n;
    }
    e->r->seen = alloc(total + 1, sizeof *e->r->seen);
    e->lat = alloc(total + 1, sizeof *e->lat);
}

static int by_ticks(const void *a, const void *b)
{
    pinq_ticks_t x = *(const pinq_ticks_t *)a, y = *(const pinq_ticks_t *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentiles of the delivered edges' latencies. */
static void latency(eng_t *e)
{
    replay_result_t *r = e->r;
    size_t n = r->nlatency;
    if (n == 0)
        return;
    qsort(e->lat, n, sizeof *e->lat, by_ticks);
    r->p50 = e->lat[(n * 50 + 99) / 100 - 1];
    r->p99 = e->lat[(n * 99 + 99) / 100 - 1];
    r->max = e->lat[n - 1];
}

/* Whatever is left is delivered, and the decoder's clock reaches the end. */
static void finish(eng_t *e)
{
    e->now = e->final;
    while (pinq_pending(&e->q))
        pinq_dispatch(&e->q, UINT_MAX);
    replay_decoder_tick(e->dec, e->final);
    pinq_ring_stats(&e->q.ring, &e->r->ring);
    latency(e);
}

/* A model whose windows, grid and jitter keep the engine's rules. */
static bool model_ok(const replay_model_t *m)
{
    bool windows = (m->masked.every == 0 || m->masked.len < m->masked.every) &&
                   (m->stall.every == 0 || m->stall.len < m->stall.every);
    bool jitter = m->isr_jitter.pct <= 100 && m->poll_jitter.pct < 100;
    if (m->kind == REPLAY_POLL) /* samples in order: jitter below the period */
        return windows && jitter && m->poll_period > 0 &&
               replay_jitter_span(&m->poll_jitter, m->poll_period) < m->poll_period;
    return windows && jitter && m->kind == REPLAY_IRQ;
}

int replay_run(const replay_input_t *in, const replay_model_t *m, replay_decoder_t *dec, replay_result_t *r)
{
    *r = (replay_result_t){0};
    if (!model_ok(m) || in->nlines < 1 || in->nlines > REPLAY_MAX_LINES)
        return PINQ_EINVAL;
    eng_t *e = alloc(1, sizeof *e);
    *e = (eng_t){.in = in, .m = m, .dec = dec, .r = r, .pass_at = REPLAY_NEVER, .poll_at = REPLAY_NEVER,
                 .final = in->end + replay_model_delay(m)};
    pins_init(e);
    int err = queue_init(e);
    if (err == PINQ_OK) {
        if (m->kind == REPLAY_POLL)
            poll_schedule(e);
        for (pinq_ticks_t t; (t = next_time(e)) <= e->final;)
            step(e, t);
        finish(e);
    }
    for (int i = 0; i < in->nlines; i++)
        free(e->pin[i].posts);
    free(e->lat);
    free(e->slots);
    free(e);
    return err;
}

void replay_result_free(replay_result_t *r)
{
    free(r->seen);
    *r = (replay_result_t){0};
}
