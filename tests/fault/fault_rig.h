/* fault_rig.h - the host rig of the fault tests: a queue on the simulated
 * port (port/fault/sim), a seeded source of clean edges on two lines, the
 * fault layer between them and pinq_isr_post(), and a consumer that runs
 * pinq_dispatch() every `period` simulated ticks. It records, per line,
 * what the ISRs posted and what the consumer got, and each event's latency
 * (simulated ticks from its stamp to its delivery). */
#ifndef FAULT_RIG_H
#define FAULT_RIG_H

#include <string.h>

#include "check.h"
#include "pinq_fault.h"
#include "pinq_input.h"
#include "pinq_isr.h"
#include "pinq_sim.h"

enum { HEALTHY, FAULTY, NL };

/* What happened to one line. */
struct line_log {
    uint32_t ok, full, disabled;     /* pinq_isr_post() results */
    uint32_t masked_irqs;            /* interrupts the port held masked (storm trip) */
    uint32_t got, resyncs, lost;     /* events delivered; RESYNCs and what they reported */
    uint32_t dups;                   /* events with the level of the line's previous one */
    uint32_t unsure;                 /* events flagged PINQ_FLAG_TS_UNSURE */
    uint32_t ts_wrong;               /* unflagged events whose ts is not their ISR's stamp */
    uint64_t lat_max;                /* worst delivery - stamp, simulated ticks */
    int last;                        /* level of the previous event (the line's, before any) */
    pinq_ticks_t sent[1024];         /* ISR stamps of the posts that went in, in order */
    uint32_t nsent, nmatched;        /* entries; entries compared with delivered events */
};

/* A source of clean edges: line l toggles every gap[l] ticks, +- jitter. */
struct rig {
    pinq_t *q;
    pinq_fault_t f;
    pinq_fault_pin_t pins[NL];
    pinq_fault_plan_t plan;
    pinq_ticks_t next[NL];  /* source: tick of each line's next edge */
    uint32_t gap[NL];       /* source: mean ticks between edges (0: no edges) */
    uint8_t level[NL];      /* source: each line's level */
    uint64_t rnd;           /* source: jitter */
    pinq_ticks_t now;       /* the consumer's time */
    pinq_ticks_t period;    /* the consumer looks every `period` ticks */
    struct line_log log[NL];
    pinq_guard_t guard;     /* the input engine's guard stage, fed the faulty line's events */
    bool esp;               /* the faulty ISR checks for missed edges as the ESP-IDF port does */
    uint8_t posted;         /* esp: the level the faulty ISR posted last */
    uint32_t synthesized;   /* esp: opposite edges posted first */
    pinq_ticks_t win_from, win_until; /* events stamped in between are counted in in_win */
    uint32_t in_win[NL];
};

static const pinq_guard_cfg_t rig_guard_cfg = {.line = FAULTY};

static struct rig rig;

static int rig_read_faulty(void *ctx)
{
    (void)ctx;
    return pinq_fault_level(&rig.f, FAULTY);
}

/* Book one post's result. */
static void rig_posted(struct line_log *g, int err, pinq_ticks_t ts)
{
    g->ok += err == PINQ_OK;
    g->full += err == PINQ_EFULL;
    g->disabled += err == PINQ_EDISABLED;
    if (err == PINQ_OK && g->nsent < 1024)
        g->sent[g->nsent++] = ts;
}

/* The line's ISR, as the fault layer raises it: a masked line's interrupt
 * never runs (the NVIC holds it), else it posts the level it read. */
static void rig_irq(void *ctx, uint16_t line, int level, pinq_ticks_t ts)
{
    (void)ctx;
    struct line_log *g = &rig.log[line];
    if (pinq_sim_masked(line)) {
        g->masked_irqs++;
        return;
    }
    pinq_sim_set(ts);
    if (rig.esp && line == FAULTY) {
        /* pinq_esp_gpio.c: back at the level posted last, so an odd number of edges went unseen */
        if (level == rig.posted) {
            rig.synthesized++;
            rig_posted(g, pinq_isr_post(rig.q, line, !level), ts);
        }
        rig.posted = (uint8_t)level;
    }
    rig_posted(g, pinq_isr_post(rig.q, line, level), ts);
}

/* The consumer's view of one event (the queue's on_event). */
static void rig_event(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->line >= NL)
        return;
    struct line_log *g = &rig.log[ev->line];
    pinq_guard_feed(&rig_guard_cfg, &rig.guard, ev);
    rig.in_win[ev->line] += ev->ts > rig.win_from && ev->ts < rig.win_until;
    if (ev->kind == PINQ_EV_RESYNC) {
        g->resyncs++;
        g->lost += ev->lost;
        g->last = PINQ_LEVEL(ev);
        return;
    }
    g->got++;
    g->dups += g->last == (int)PINQ_LEVEL(ev);
    g->last = PINQ_LEVEL(ev);
    uint64_t lat = rig.now - ev->ts; /* modular: right across 2^64 */
    g->lat_max = lat > g->lat_max ? lat : g->lat_max;
    if (ev->level & PINQ_FLAG_TS_UNSURE)
        g->unsure++;
    /* the healthy line's posts all go in (DROP_NEWEST keeps their order) and it is never sampled:
     * its events are sent[] in order; a flagged one is only sure of its low word and of being no later */
    if (ev->line != HEALTHY || g->nmatched >= g->nsent)
        return;
    pinq_ticks_t want = g->sent[g->nmatched++];
    if (ev->level & PINQ_FLAG_TS_UNSURE)
        g->ts_wrong += (uint32_t)want != (uint32_t)ev->ts || ev->ts > want;
    else
        g->ts_wrong += want != ev->ts;
}

static uint64_t rig_rnd(void)
{
    uint64_t z = (rig.rnd += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    return z ^ (z >> 27);
}

/* Next edge of line l: gap +- a quarter, seeded. */
static void rig_schedule(uint16_t l, pinq_ticks_t from)
{
    uint32_t g = rig.gap[l];
    rig.next[l] = from + g - g / 4 + (pinq_ticks_t)(rig_rnd() % (g / 2 + 1));
}

/* A fresh queue q (configured by the caller), clock at t0, source gaps,
 * the plan's faults; the consumer looks every `period` ticks. */
static void rig_start(pinq_t *q, const pinq_cfg_t *cfg, const pinq_fault_line_t *faults, uint64_t seed,
                      pinq_ticks_t t0, uint32_t healthy_gap, uint32_t faulty_gap, pinq_ticks_t period)
{
    memset(&rig, 0, sizeof rig);
    pinq_sim_reset(t0);
    CHECK_EQ(pinq_init(q, cfg), PINQ_OK);
    rig.q = q;
    rig.plan = (pinq_fault_plan_t){.lines = faults, .nlines = NL, .seed = seed};
    CHECK_EQ(pinq_fault_init(&rig.f, &rig.plan, rig.pins, rig_irq, NULL), PINQ_OK);
    rig.rnd = seed ^ UINT64_C(0x5EED);
    rig.gap[HEALTHY] = healthy_gap;
    rig.gap[FAULTY] = faulty_gap;
    /* every line starts at level 0 (pinq_init), so a first event at 0 is already a repeat */
    rig.guard = (pinq_guard_t){.has_level = 1};
    for (uint16_t l = 0; l < NL; l++) {
        rig.log[l].last = 0;
        rig_schedule(l, t0);
    }
    rig.now = t0;
    rig.period = period;
}

/* The source's edges and the generated interrupts up to `t`, in order. */
static void rig_produce(pinq_ticks_t t)
{
    for (;;) {
        uint16_t l = HEALTHY;
        if (rig.gap[FAULTY] && (!rig.gap[HEALTHY] || (int64_t)(rig.next[FAULTY] - rig.next[HEALTHY]) < 0))
            l = FAULTY; /* modular compares: a run may cross the clock's 2^64 wrap */
        if (!rig.gap[l] || (int64_t)(t - rig.next[l]) < 0)
            break;
        rig.level[l] ^= 1u;
        pinq_fault_edge(&rig.f, l, rig.level[l], rig.next[l]);
        rig_schedule(l, rig.next[l]);
    }
    pinq_fault_advance(&rig.f, t);
}

/* One look of the consumer at `t`: drain everything. */
static void rig_consume(pinq_ticks_t t)
{
    pinq_sim_set(t);
    rig.now = t;
    while (pinq_dispatch(rig.q, 64) > 0) {
    }
}

/* Run `looks` consumer periods. */
static void rig_run(uint32_t looks)
{
    for (uint32_t i = 0; i < looks; i++) {
        pinq_ticks_t t = rig.now + rig.period;
        rig_produce(t);
        rig_consume(t);
    }
}

/* Exact books of line l: every post that went in was delivered or
 * reported lost, plus what the poller sampled; every interrupt that ran
 * posted. */
static void rig_check_books(uint16_t l)
{
    const struct line_log *g = &rig.log[l];
    const pinq_fault_stats_t *fs = pinq_fault_stats(&rig.f, l);
    uint32_t sampled = rig.q->poll ? atomic_load(&rig.q->poll[l].sampled_edges) : 0;
    CHECK_EQ(g->got + g->lost, g->ok + g->full + sampled);
    CHECK_EQ(fs->irqs + (l == FAULTY ? rig.synthesized : 0), g->ok + g->full + g->disabled + g->masked_irqs);
    pinq_ring_stats_t st;
    pinq_ring_stats(&rig.q->ring, &st);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
}

#endif
