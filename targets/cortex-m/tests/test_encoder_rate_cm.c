/* test_encoder_rate_cm.c - the quadrature decoder at >= 100 k edges/s of
 * guest time, on a real NVIC under QEMU (-icount: guest time is exact and
 * deterministic; the CPU runs 10^9 / 2^ICOUNT_SHIFT instructions per guest
 * second).
 *
 * A hardware timer interrupt is the encoder's pin ISR: each one advances a
 * generated quadrature walk (runs in both directions, reversals, glitches =
 * an edge and its undo, and spurious interrupts that find the level
 * unchanged) by one edge and calls pinq_post() on line A or B with the new
 * level. The main loop sleeps in pinq_wait() (mps2: spins, see
 * ENCODER_RATE_SLEEP), runs pinq_input_dispatch()
 * (ring -> engine -> encoder stage) and sums the STEP events.
 *
 * Run 1, clean: the ring is large enough; checked exactly: decoder steps ==
 * the generator's net steps, detents reported == position, position * 4 +
 * sub == steps, spurious == injected spurious, errors == 0, the ring's
 * books (produced == delivered + dropped + coalesced, dropped == 0), and
 * the achieved edge rate in guest time >= 100 000 edges/s.
 * Run 2, lossy: a small ring and a main loop that stalls now and then, so
 * edges are lost. Checked exactly: every loss is reported by a RESYNC, each
 * RESYNC is one encoder error, the RESYNCs' counts sum to the ring's drops,
 * and the decoder's steps == the net steps of the edges the ring accepted:
 * a lost edge is never a step, and the count is right again after it. */
#include <stdatomic.h>
#include <stdio.h>

#include "board.h"
#include "check.h"
#include "cm_regs.h"
#include "pinq_cortex_m.h"
#include "pinq_input.h"
#include "quadrature.h"

#ifndef ICOUNT_SHIFT
#error "ICOUNT_SHIFT: the -icount shift the test runs under (for the printed CPU speed)"
#endif
#ifndef EDGE_HZ
#define EDGE_HZ 125000u /* timer interrupts (= posted edges) per second */
#endif
/* 1: the main loop sleeps in pinq_wait() (WFI). 0: it spins, interrupts
 * masked, until an interrupt is pending - for QEMU's mps2 machines, whose
 * CMSDK timer under -icount sleep=off delivers only every other expiry to
 * a CPU halted in WFI (a bare WFI loop sees half the programmed rate). */
#ifndef ENCODER_RATE_SLEEP
#define ENCODER_RATE_SLEEP 1
#endif
#define MIN_RATE 100000u /* edges/s of guest time the clean run must reach */
#define CLEAN_EDGES 40000u
#define LOSSY_EDGES 20000u
#define CAP_CLEAN 256u
#define CAP_LOSSY 32u
#define STALL_EVERY 2048u /* lossy run: the main loop stalls every this many edges */
#define STALL_US 1000u    /* for this long (125 edges at 125 k/s, > CAP_LOSSY) */
#define BUDGET 32u

static pinq_slot_t slots[CAP_CLEAN];
static pinq_lost_t lost[2];
static pinq_line_t lstate[2];
static const pinq_line_cfg_t lines[2] = {{.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_BOTH}};
static const pinq_encoder_cfg_t enc_cfg[1] = {{.line_a = LA, .line_b = LB, .steps_per_detent = 4}};
static pinq_encoder_t enc[1];
static pinq_t q;
static pinq_input_t in;

/* The generator: written by the timer ISR only. */
static struct gen {
    uint32_t seed;
    uint32_t posted, limit;   /* pinq_post calls so far / to make */
    int32_t net;              /* true net steps of every edge posted */
    int32_t net_kept;         /* of the edges pinq_post accepted */
    uint32_t spurious;        /* posts with the level unchanged */
    uint32_t spurious_kept;
    uint32_t glitches, reversals;
    uint32_t refused;         /* pinq_post returned PINQ_EFULL */
    uint32_t other;           /* any other return code (must stay 0) */
    pinq_ticks_t t_last;      /* when the last edge was posted */
    uint16_t gline;           /* the glitching line */
    uint8_t ab;               /* true phases: bit 1 = A, bit 0 = B */
    int8_t dir, gdir;
    uint8_t glitch;           /* glitch edges still to post: 2 undo, 1 redo */
    uint8_t glevel;
} g;
static volatile uint32_t posted_now; /* g.posted, for the main loop's stalls */
static volatile bool done;

void board_timer0_isr(void)
{
    board_timer_ack(0);
    struct gen *s = &g;
    if (s->posted == s->limit)
        return; /* a last expiry latched in the NVIC before the timer stopped */
    uint16_t line;
    int level, step = 0;
    if (s->glitch) {
        line = s->gline;
        level = s->glitch == 2 ? !s->glevel : s->glevel;
        step = s->glitch == 2 ? -s->gdir : s->gdir;
        s->glitch--;
    } else {
        s->seed = s->seed * 1103515245u + 12345u;
        uint32_t r = s->seed >> 16;
        if ((r & 63u) == 0) {
            s->dir = (int8_t)-s->dir;
            s->reversals++;
        }
        if (((r >> 6) & 127u) == 5u) { /* the ISR finds the level unchanged */
            line = (r >> 13) & 1u ? LB : LA;
            level = line == LA ? s->ab >> 1 : s->ab & 1;
            s->spurious++;
        } else {
            step_edge(s->ab, s->dir, &line, &level);
            step = s->dir;
            if (((r >> 6) & 7u) == 3u) { /* a glitch: the edge, its undo, the edge again */
                s->glitch = 2;
                s->gline = line;
                s->glevel = (uint8_t)level;
                s->gdir = s->dir;
                s->glitches++;
            }
        }
    }
    s->ab = phases_after(s->ab, line, level);
    int rc = pinq_post(&q, line, level);
    s->net += step;
    if (rc == PINQ_OK) {
        s->net_kept += step;
        s->spurious_kept += step == 0;
    } else if (rc == PINQ_EFULL) {
        s->refused++;
    } else {
        s->other++;
    }
    posted_now = ++s->posted;
    if (s->posted == s->limit) {
        board_timer_stop(0);
        s->t_last = pinq_port_now();
        atomic_signal_fence(memory_order_release);
        done = true;
    }
}

/* What the main loop saw. */
static long detents;           /* sum of STEP values */
static uint32_t events;        /* events handed to the engine (RESYNC included) */
static uint32_t resyncs;       /* RESYNC events on the encoder's lines */
static uint32_t resync_lost;   /* the events they report lost */
static uint32_t lost_emits;    /* PINQ_EV_LOST reported by the engine */
static uint32_t lost_value;    /* the events they say were lost */
static uint32_t other_emits;

static void on_emit(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind == PINQ_EV_STEP) {
        detents += pinq_input_value(ev);
    } else if (ev->kind == PINQ_EV_LOST) {
        lost_emits++;
        lost_value += ev->seq;
    } else {
        other_emits++;
    }
}

static void on_event(const pinq_event_t *ev, void *ctx)
{
    events++;
    if (ev->kind == PINQ_EV_RESYNC) {
        resyncs++;
        resync_lost += ev->lost;
    }
    pinq_input_on_event(ev, ctx);
}

typedef struct run {
    uint32_t edges;
    pinq_ticks_t busy_ticks;  /* timer start -> last edge posted */
    pinq_ticks_t total_ticks; /* timer start -> ring drained */
    pinq_ticks_t idle_ticks;  /* main loop waiting for an interrupt */
    uint32_t wakes;
    pinq_ring_stats_t st;
} run_t;

static void run(uint32_t edges, uint32_t cap, uint32_t stall_every, run_t *res)
{
    static const pinq_input_cfg_t icfg = {.encoders = enc_cfg, .encoder_state = enc, .nencoders = 1,
                                          .tps = 1 /* set below */, .emit = on_emit};
    static pinq_input_cfg_t cfg_in;
    cfg_in = icfg;
    cfg_in.tps = pinq_port_ticks_per_sec();
    pinq_cfg_t c = {.lines = lines, .state = lstate, .nlines = 2, .slots = slots, .lost = lost, .capacity = cap,
                    .mode = PINQ_SPSC, .policy = PINQ_DROP_NEWEST, .on_event = on_event, .on_event_ctx = &in};
    CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
    CHECK_EQ(pinq_input_init(&in, &cfg_in, &q), PINQ_OK);
    g = (struct gen){.seed = 7u + edges, .limit = edges, .dir = 1};
    posted_now = 0;
    done = false;
    detents = 0;
    events = resyncs = resync_lost = other_emits = lost_emits = lost_value = 0;
    *res = (run_t){.edges = edges};

    uint32_t next_stall = stall_every;
    pinq_ticks_t stall = (pinq_ticks_t)pinq_port_ticks_per_sec() / 1000000u * STALL_US;
    pinq_ticks_t t0 = pinq_port_now();
    board_timer_start(0, board_timer_hz() / EDGE_HZ, true);
    while (!done || pinq_pending(&q)) {
        /* wait with interrupts masked around the measurement, so the
         * ISR that ends it runs after it: idle is waiting only */
        pinq_irqstate_t s = pinq_irq_save();
        pinq_ticks_t a = pinq_port_now();
#if ENCODER_RATE_SLEEP
        pinq_wait(&q, PINQ_WAIT_FOREVER);
#else
        while (!pinq_pending(&q) && !(SCB_ICSR & SCB_ICSR_ISRPENDING)) {
        }
#endif
        res->idle_ticks += pinq_port_now() - a;
        pinq_irq_restore(s);
        res->wakes++;
        pinq_input_dispatch(&in, BUDGET);
        if (stall_every && posted_now >= next_stall) {
            pinq_ticks_t b = pinq_port_now();
            while (pinq_port_now() - b < stall) { /* the main loop is busy elsewhere */
            }
            next_stall += stall_every;
        }
    }
    /* losses that no stored event followed are flushed once the ring is empty */
    while (pinq_input_dispatch(&in, BUDGET) > 0 || pinq_ring_lost_pending(&q.ring)) {
    }
    atomic_signal_fence(memory_order_acquire);
    pinq_ticks_t t1 = pinq_port_now();
    res->busy_ticks = g.t_last - t0;
    res->total_ticks = t1 - t0;
    pinq_ring_stats(&q.ring, &res->st);
}

/* edges per second of guest time */
static uint32_t rate(uint32_t edges, pinq_ticks_t ticks)
{
    return ticks ? (uint32_t)((uint64_t)edges * pinq_port_ticks_per_sec() / ticks) : 0;
}

static void report(const char *name, const run_t *r)
{
    uint32_t tps = pinq_port_ticks_per_sec();
    printf("%s: %lu edges (%lu reversals, %lu glitches, %lu spurious) in %lu us of guest time: "
           "%lu edges/s (posting: %lu edges/s), main loop idle %lu.%lu%% (%lu wakes, %lu edges per wake)\n",
           name, (unsigned long)r->edges, (unsigned long)g.reversals, (unsigned long)g.glitches,
           (unsigned long)g.spurious, (unsigned long)(r->total_ticks * 1000000u / tps),
           (unsigned long)rate(r->edges, r->total_ticks), (unsigned long)rate(r->edges, r->busy_ticks),
           (unsigned long)(r->idle_ticks * 100u / r->total_ticks),
           (unsigned long)(r->idle_ticks * 1000u / r->total_ticks % 10u), (unsigned long)r->wakes,
           (unsigned long)(r->wakes ? r->edges / r->wakes : 0));
    printf("%s: net %ld steps (%ld of accepted edges), decoder %ld steps / %ld detents (%lu spurious, %lu errors); ring produced %lu "
           "delivered %lu dropped %lu coalesced %lu, high water %lu; %lu RESYNC reporting %lu lost\n",
           name, (long)g.net, (long)g.net_kept, (long)enc[0].steps, (long)enc[0].position, (unsigned long)enc[0].spurious,
           (unsigned long)enc[0].errors, (unsigned long)r->st.produced, (unsigned long)r->st.delivered,
           (unsigned long)r->st.dropped, (unsigned long)r->st.coalesced, (unsigned long)r->st.high_water,
           (unsigned long)resyncs, (unsigned long)resync_lost);
}

/* Checks common to both runs: the ring's books, the generator's. */
static void check_books(const run_t *r)
{
    CHECK_EQ(g.posted, r->edges);
    CHECK_EQ(g.other, 0);
    CHECK_EQ(r->st.queued, 0);
    CHECK_EQ(r->st.produced, r->edges);
    CHECK_EQ(r->st.produced, r->st.delivered + r->st.dropped + r->st.coalesced);
    CHECK_EQ(r->st.dropped + r->st.coalesced, g.refused);
    CHECK_EQ(events, r->st.delivered + resyncs);
    CHECK_EQ(resync_lost, r->st.dropped + r->st.coalesced);
    CHECK_EQ(enc[0].position, detents);
    CHECK_EQ(other_emits, 0);
    CHECK_EQ(lost_emits, resyncs); /* every RESYNC reaches the application as LOST */
    CHECK_EQ(lost_value, resync_lost);
    /* losses or not: every loss is one encoder error, never a step */
    CHECK_EQ(enc[0].errors, resyncs);
    CHECK_EQ(enc[0].steps, g.net_kept);
    CHECK_EQ(enc[0].spurious, g.spurious_kept);
    CHECK(g.reversals > 0 && g.glitches > 0 && g.spurious > 0);
}

int main(void)
{
    CHECK_EQ(pinq_cm_irq_setup(BOARD_TIMER0_IRQ, 0x80), PINQ_OK);
    uint32_t mips10 = (uint32_t)(10000u >> ICOUNT_SHIFT);
    printf("guest CPU: -icount shift=%d = %lu.%lu M instructions/s; SysTick %lu Hz; timer %lu Hz, "
           "edge interrupt every %lu timer ticks (%lu edges/s)\n",
           ICOUNT_SHIFT, (unsigned long)(mips10 / 10u), (unsigned long)(mips10 % 10u),
           (unsigned long)pinq_port_ticks_per_sec(), (unsigned long)board_timer_hz(),
           (unsigned long)(board_timer_hz() / EDGE_HZ), (unsigned long)EDGE_HZ);

    run_t r;
    run(CLEAN_EDGES, CAP_CLEAN, 0, &r);
    report("clean", &r);
    check_books(&r);
    CHECK_EQ(r.st.dropped, 0);
    CHECK_EQ(g.refused, 0);
    CHECK_EQ(resyncs, 0);
    CHECK_EQ(enc[0].steps, g.net);
    CHECK_EQ(enc[0].position * 4 + enc[0].sub, enc[0].steps);
    CHECK_EQ(enc[0].spurious, g.spurious);
    CHECK_EQ(enc[0].errors, 0);
    CHECK(rate(r.edges, r.total_ticks) >= MIN_RATE);

    run(LOSSY_EDGES, CAP_LOSSY, STALL_EVERY, &r);
    report("lossy", &r);
    check_books(&r);
    CHECK(r.st.dropped > 0);
    CHECK(resyncs > 0);
    return check_done("test_encoder_rate_cm");
}
