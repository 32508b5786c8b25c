/* test_fault_cm.c - the fault layer (port/fault/pinq_fault.c, the host
 * tests' file, unchanged) driving real interrupts on a real NVIC, under
 * -icount (guest time exact, deterministic). docs/faults.md has the table
 * of faults and pinq's reactions; tests/fault/test_fault.c is the host
 * version over a simulated port.
 *
 * The faulty line's pin is a model: a seeded source of clean edges and the
 * fault layer, run by timer 0 (a one-shot re-armed at the model's next
 * due tick, priority 0xC0, no pinq call). Each interrupt the layer raises
 * pends the line's own NVIC interrupt (BOARD_SOFT0_IRQ, 0x80, bound to the
 * line): that ISR preempts at once and posts the level the layer says it
 * reads. The healthy line is timer 1, periodic, posting from its own ISR.
 * The main loop spins in pinq_dispatch() (the poller included).
 *
 * Phases, each on a fresh queue:
 *   SPURIOUS  extra interrupts with the pin unchanged: each is delivered as
 *             a repeat at the same level; the guard stage counts it.
 *   LOST      edges whose interrupt never comes: an odd run shows as a
 *             repeat at the next interrupt, the line's level right again.
 *   CHATTER   64 toggles 1 us apart per edge, an interrupt flood: the storm
 *             trip masks the line within 2 * TRIP_EVERY posts and the
 *             poller follows it; nothing is lost.
 * Checked in each: the healthy line's every event delivered within
 * LAT_BOUND port ticks of its ISR stamp, its stamp taken in its ISR, no
 * repeats; per line, posts in == delivered + reported lost (+ sampled);
 * every interrupt raised either posted or was held by the masked line. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "board.h"
#include "check.h"
#include "cm_regs.h"
#include "pinq_cortex_m.h"
#include "pinq_fault.h"
#include "pinq_input.h"
#include "pinq_isr.h"

enum { HEALTHY, FAULTY, NL };

#define PRIO_LINE 0x80u  /* both lines' ISRs: masked by pinq_irq_save() */
#define PRIO_MODEL 0xC0u /* the pin model: below the faulty ISR, so its pend preempts at once */
#define TRIP_EVERY 16u
#define TRIP_RATE 20000u /* interrupts/s above which the storm trip masks the line */
#define MAX_SENT 512

static uint32_t tps;                   /* port ticks per second */
#define US(n) ((uint32_t)((uint64_t)(n) * tps / 1000000u))
#define LAT_BOUND US(1000)             /* the poll period: the host test's consumer period */
#define STAMP_SLACK 200u               /* ticks from the healthy ISR's own read of the clock to its post's stamp */

static pinq_line_cfg_t lines[NL];
PINQ_DEFINE(q, lines, NL, 128, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_POLL_STORAGE(q, NL);

/* What happened to one line. */
static struct line_log {
    uint32_t ok, full, disabled; /* pinq_isr_post() results */
    uint32_t masked_irqs;        /* interrupts raised while the NVIC held the line masked */
    uint32_t got, resyncs, lost; /* events delivered; RESYNCs and the losses they report */
    uint32_t dups;               /* events at the level of the line's previous one */
    uint32_t stamp_bad;          /* healthy: ts before its ISR's clock read or too long after */
    uint64_t lat_max;            /* worst delivery - stamp, port ticks */
    int last;                    /* level of the previous event */
    uint32_t sent[MAX_SENT];     /* healthy: low words of the clock read just before each post */
    uint32_t nsent, nmatched;
} logs[NL];

/* ---- the faulty line's pin: source + fault layer, run by timer 0 ---------- */

static struct model {
    pinq_fault_t f;
    pinq_fault_pin_t pins[NL];
    pinq_fault_plan_t plan;
    pinq_ticks_t next_edge; /* the source's next clean edge */
    uint32_t gap;           /* mean ticks between clean edges (+- a quarter) */
    uint8_t level;          /* the source's level */
    uint64_t rnd;
    int irq_level;          /* mailbox: the level the pended ISR reads */
} mdl;

static uint64_t rnd64(void)
{
    uint64_t z = (mdl.rnd += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    return z ^ (z >> 27);
}

static void schedule_edge(pinq_ticks_t from)
{
    mdl.next_edge = from + mdl.gap - mdl.gap / 4 + rnd64() % (mdl.gap / 2 + 1);
}

static bool nvic_enabled(unsigned irq)
{
    return (NVIC_ISER(irq / 32u) >> (irq % 32u)) & 1u;
}

/* The layer's interrupt: the NVIC holds it while the line is masked (the
 * storm trip), else the line's ISR runs now and reads `level`. */
static void raise_irq(void *ctx, uint16_t line, int level, pinq_ticks_t ts)
{
    (void)ctx;
    (void)ts; /* the ISR stamps itself */
    if (!nvic_enabled(BOARD_SOFT0_IRQ)) {
        logs[line].masked_irqs++;
        return;
    }
    mdl.irq_level = level;
    pinq_cm_irq_pend(BOARD_SOFT0_IRQ);
    __asm__ volatile("dsb\n\tisb" ::: "memory"); /* the pended ISR has run */
}

/* The pin up to `now`: the source's edges, then the layer's generated
 * interrupts, in time order. Timer 0's ISR, or the poller with it masked. */
static void model_to(pinq_ticks_t now)
{
    while ((int64_t)(now - mdl.next_edge) >= 0) {
        mdl.level ^= 1u;
        pinq_fault_edge(&mdl.f, FAULTY, mdl.level, mdl.next_edge);
        schedule_edge(mdl.next_edge);
    }
    pinq_fault_advance(&mdl.f, now);
}

/* Timer 0 at the model's next due tick. While the line is masked nothing
 * listens to the pin, so the model stops costing CPU: the poller's reads
 * bring it up to date. */
static void model_arm(pinq_ticks_t now)
{
    if (!nvic_enabled(BOARD_SOFT0_IRQ))
        return;
    pinq_ticks_t at = mdl.next_edge, gen;
    if (pinq_fault_next(&mdl.f, &gen) && (int64_t)(gen - at) < 0)
        at = gen;
    int64_t d = (int64_t)(at - now);
    uint32_t ticks = d <= 0 ? 1u : (uint32_t)((uint64_t)d * board_timer_hz() / tps);
    board_timer_start(0, ticks ? ticks : 1u, false);
}

void board_timer0_isr(void)
{
    board_timer_ack(0);
    pinq_ticks_t now = pinq_port_now();
    model_to(now);
    model_arm(now);
}

/* The poller's read: the pin now, the model brought up to date first. */
static int read_faulty(void *ctx)
{
    (void)ctx;
    pinq_irqstate_t s = pinq_irq_save();
    model_to(pinq_port_now());
    int level = pinq_fault_level(&mdl.f, FAULTY);
    pinq_irq_restore(s);
    return level;
}

static void posted(struct line_log *g, int err)
{
    g->ok += err == PINQ_OK;
    g->full += err == PINQ_EFULL;
    g->disabled += err == PINQ_EDISABLED;
}

void board_soft0_isr(void)
{
    posted(&logs[FAULTY], pinq_isr_post(&q, FAULTY, mdl.irq_level));
}

/* ---- the healthy line: timer 1 --------------------------------------------- */

static uint8_t healthy_level;

void board_timer1_isr(void)
{
    board_timer_ack(1);
    healthy_level ^= 1u;
    struct line_log *g = &logs[HEALTHY];
    uint32_t before = pinq_port_stamp();
    int err = pinq_isr_post(&q, HEALTHY, healthy_level);
    posted(g, err);
    if (err == PINQ_OK && g->nsent < MAX_SENT)
        g->sent[g->nsent++] = before;
}

/* ---- the consumer ----------------------------------------------------------- */

static const pinq_guard_cfg_t guard_cfg = {.line = FAULTY};
static pinq_guard_t guard;

static void on_event(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    pinq_ticks_t now = pinq_port_now();
    if (ev->line >= NL)
        return;
    struct line_log *g = &logs[ev->line];
    pinq_guard_feed(&guard_cfg, &guard, ev);
    if (ev->kind == PINQ_EV_RESYNC) {
        g->resyncs++;
        g->lost += ev->lost;
        g->last = PINQ_LEVEL(ev);
        return;
    }
    g->got++;
    g->dups += g->last == (int)PINQ_LEVEL(ev);
    g->last = PINQ_LEVEL(ev);
    uint64_t lat = now - ev->ts;
    g->lat_max = lat > g->lat_max ? lat : g->lat_max;
    if (ev->line == HEALTHY && g->nmatched < g->nsent) {
        uint32_t d = (uint32_t)ev->ts - g->sent[g->nmatched++];
        g->stamp_bad += d > STAMP_SLACK;
    }
}

/* ---- one phase ---------------------------------------------------------------- */

/* A fresh queue, the faulty line's fault `c`, its clean edges every `gap`
 * ticks, the healthy line every 500 us, for `ms` of guest time. */
static void run(const pinq_fault_line_t *c, uint32_t gap, bool trip, uint32_t ms, uint64_t seed)
{
    static pinq_fault_line_t faults[NL];
    memset(logs, 0, sizeof logs);
    memset(&mdl, 0, sizeof mdl);
    healthy_level = 0;
    guard = (pinq_guard_t){.has_level = 1}; /* lines start at 0: a first event at 0 is a repeat */
    faults[HEALTHY] = (pinq_fault_line_t){0};
    faults[FAULTY] = *c;
    lines[HEALTHY] = (pinq_line_cfg_t){.trigger = PINQ_TRIG_BOTH};
    lines[FAULTY] = (pinq_line_cfg_t){.trigger = PINQ_TRIG_BOTH, .read = read_faulty, .poll_period = US(1000)};
    q_cfg.poll = q_poll;
    q_cfg.on_event = on_event;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_cm_bind_irq(&q, FAULTY, BOARD_SOFT0_IRQ), PINQ_OK);
    CHECK_EQ(pinq_cm_bind_irq(&q, HEALTHY, BOARD_TIMER1_IRQ), PINQ_OK);
    if (trip)
        CHECK_EQ(pinq_line_trip(&q, FAULTY, TRIP_EVERY, (uint32_t)((uint64_t)TRIP_EVERY * tps / TRIP_RATE)),
                 PINQ_OK);
    mdl.plan = (pinq_fault_plan_t){.lines = faults, .nlines = NL, .seed = seed};
    CHECK_EQ(pinq_fault_init(&mdl.f, &mdl.plan, mdl.pins, raise_irq, NULL), PINQ_OK);
    mdl.rnd = seed ^ UINT64_C(0x5EED);
    mdl.gap = gap;
    pinq_ticks_t t0 = pinq_port_now(), end = t0 + (pinq_ticks_t)ms * US(1000);
    schedule_edge(t0);
    pinq_irqstate_t s = pinq_irq_save();
    pinq_cm_irq_enable(BOARD_SOFT0_IRQ, true);
    pinq_cm_irq_enable(BOARD_TIMER1_IRQ, true);
    pinq_cm_irq_enable(BOARD_TIMER0_IRQ, true);
    model_arm(t0);
    board_timer_start(1, board_timer_hz() / 2000u, true);
    pinq_irq_restore(s);

    while ((int64_t)(pinq_port_now() - end) < 0)
        pinq_dispatch(&q, 16);

    /* the timers off and their interrupts dropped, so none reaches the next phase */
    board_timer_stop(1);
    board_timer_stop(0);
    for (unsigned i = 0; i < 2; i++) {
        unsigned irq = i ? BOARD_TIMER1_IRQ : BOARD_TIMER0_IRQ;
        pinq_cm_irq_enable(irq, false);
        NVIC_ICPR(irq / 32u) = 1u << (irq % 32u);
    }
    NVIC_ICPR(BOARD_SOFT0_IRQ / 32u) = 1u << (BOARD_SOFT0_IRQ % 32u); /* held by a masked line */
    while (pinq_dispatch(&q, 64) > 0) {
    }
}

/* Exact books of line l. */
static void check_books(uint16_t l)
{
    const struct line_log *g = &logs[l];
    const pinq_fault_stats_t *fs = pinq_fault_stats(&mdl.f, l);
    uint32_t sampled = atomic_load(&q_poll[l].sampled_edges);
    CHECK_EQ(g->got + g->lost, g->ok + g->full + sampled);
    if (l == FAULTY)
        CHECK_EQ(fs->irqs, g->ok + g->full + g->disabled + g->masked_irqs);
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
}

static void check_healthy(const char *phase)
{
    const struct line_log *g = &logs[HEALTHY];
    printf("%-9s healthy: %lu events, worst latency %lu ticks (bound %lu); faulty: %lu irqs, %lu posted, "
           "%lu repeats, %lu held masked\n",
           phase, (unsigned long)g->got, (unsigned long)g->lat_max, (unsigned long)LAT_BOUND,
           (unsigned long)pinq_fault_stats(&mdl.f, FAULTY)->irqs, (unsigned long)logs[FAULTY].ok,
           (unsigned long)logs[FAULTY].dups, (unsigned long)logs[FAULTY].masked_irqs);
    CHECK(g->got > 100);
    CHECK(g->lat_max < LAT_BOUND);
    CHECK_EQ(g->nmatched, g->got);
    CHECK_EQ(g->stamp_bad, 0);
    CHECK_EQ(g->dups, 0);
    CHECK_EQ(g->full + g->disabled, 0);
    check_books(HEALTHY);
}

static void test_spurious(uint64_t seed)
{
    const pinq_fault_line_t c = {.kind = PINQ_FAULT_SPURIOUS, .chance = 1u << 30, .period = US(20)};
    run(&c, US(100), false, 100, seed);
    const pinq_fault_stats_t *fs = pinq_fault_stats(&mdl.f, FAULTY);
    CHECK(fs->spurious > 100);
    CHECK_EQ(logs[FAULTY].dups, fs->spurious);
    CHECK_EQ(guard.spurious, fs->spurious);
    CHECK_EQ(logs[FAULTY].lost, 0);
    CHECK_EQ(logs[FAULTY].masked_irqs, 0);
    check_books(FAULTY);
    check_healthy("spurious");
}

static void test_lost(uint64_t seed)
{
    const pinq_fault_line_t c = {.kind = PINQ_FAULT_LOST, .chance = UINT32_MAX / 3};
    run(&c, US(100), false, 100, seed);
    const pinq_fault_stats_t *fs = pinq_fault_stats(&mdl.f, FAULTY);
    CHECK(fs->lost > fs->unseen); /* an even run of losses leaves no trace */
    CHECK(fs->unseen > 50);
    CHECK_EQ(logs[FAULTY].dups, fs->unseen);
    CHECK_EQ(guard.spurious, fs->unseen);
    CHECK_EQ(pinq_line_level(&q, FAULTY), mdl.pins[FAULTY].read);
    check_books(FAULTY);
    check_healthy("lost");
}

/* 1 MHz chatter: 64 toggles a microsecond apart on each clean edge. */
static void test_chatter(uint64_t seed)
{
    const pinq_fault_line_t c = {.kind = PINQ_FAULT_CHATTER, .count = 32, .period = US(1)};
    run(&c, US(5000), true, 200, seed);
    const struct line_log *g = &logs[FAULTY];
    CHECK_EQ(pinq_line_state(&q, FAULTY), PINQ_LINE_POLLED);
    CHECK(!nvic_enabled(BOARD_SOFT0_IRQ));
    CHECK(g->ok >= TRIP_EVERY);
    CHECK(g->ok <= 2 * TRIP_EVERY);
    CHECK(g->masked_irqs > 1000);
    CHECK(atomic_load(&q_poll[FAULTY].sampled_edges) > 10);
    CHECK_EQ(g->lost, 0);
    check_books(FAULTY);
    check_healthy("chatter");
}

int main(void)
{
    tps = pinq_port_ticks_per_sec();
    CHECK_EQ(pinq_cm_irq_setup(BOARD_SOFT0_IRQ, PRIO_LINE), PINQ_OK);
    CHECK_EQ(pinq_cm_irq_setup(BOARD_TIMER1_IRQ, PRIO_LINE), PINQ_OK);
    CHECK_EQ(pinq_cm_irq_setup(BOARD_TIMER0_IRQ, PRIO_MODEL), PINQ_OK);
    for (uint64_t seed = 1; seed <= 2; seed++) {
        test_spurious(seed);
        test_lost(seed);
        test_chatter(seed);
    }
    return check_done("test_fault_cm");
}
