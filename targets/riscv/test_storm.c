/* test_storm.c - starvation under an interrupt flood, and the storm guard.
 *
 * A simulated pin is a square wave; each of its edges is a machine-timer
 * interrupt whose ISR posts the edge and re-arms the timer for the next
 * one. The edge rate rises run by run. Main does fixed units of work plus
 * pinq_dispatch(); its progress over a fixed stretch of virtual time is
 * compared with a run without the flood. Without the guard, progress
 * collapses once the ISR needs more time than the edges leave it; with the
 * storm guard (the ISR masks the line after `check` posts that came too
 * fast, the main loop polls it, pinq_guard reports STORM), progress holds.
 * Conservation is exact in every run. Run with -icount shift=0,sleep=off:
 * deterministic, 100 instructions per mtime tick, so the progress checks
 * compare instruction counts, not wall-clock time.
 */
#include "check.h"
#include "lines.h"
#include "pinq.h"
#include "pinq_input.h"
#include "rv_test.h"

enum { LINE_PIN, NLINES };
#define CAP 64
#define WINDOW 50000u /* ticks of virtual time per run (5 ms) */
#define WORK 200      /* nops per main-loop iteration */
#define POLL 50       /* ticks between samples of a polled line */

/* the flood: edges every `half` ticks from t0 until window_end */
static uint64_t t0, window_end;
static uint32_t half;
static volatile uint32_t isr_posts;

static int level_at(uint64_t t)
{
    return (int)(((uint32_t)(t - t0) / half) & 1u);
}

static int pin_read(void *ctx)
{
    (void)ctx;
    return half ? level_at(riscv_mtime()) : 0;
}

static const pinq_line_cfg_t lines[NLINES] = {
    {.read = pin_read, .poll_period = POLL, .trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_IRQ}};
PINQ_DEFINE(q, lines, NLINES, CAP, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_POLL_STORAGE(q, NLINES);

static const pinq_guard_cfg_t guard_cfg = {
    .line = LINE_PIN, .check = 16, .storm_rate = 50000, .calm_rate = 10000, .hold = 10000};
static pinq_guard_t guard;

static void edge_isr(uint32_t mepc)
{
    (void)mepc;
    uint64_t now = riscv_mtime();
    if (now >= window_end) {
        riscv_mtimecmp_set(UINT64_MAX);
        return;
    }
    int rc = pinq_post(&q, LINE_PIN, level_at(now));
    isr_posts = isr_posts + (rc == PINQ_OK || rc == PINQ_EFULL); /* queued or counted as lost */
    riscv_mtimecmp_set(t0 + ((uint32_t)(now - t0) / half + 1u) * (uint64_t)half); /* next edge */
}

/* consumer */
static uint32_t delivered, storms;

static void on_event(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind != PINQ_EV_RESYNC) {
        delivered++;
        pinq_guard_feed(&guard_cfg, &guard, ev);
    }
}

static void on_guard(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    storms += ev->kind == PINQ_EV_STORM;
}

static const pinq_sink_t guard_sink = {.fn = on_guard};

struct run {
    uint32_t iterations, posts, storms;
};

/* Main-loop iterations in WINDOW ticks with edges every h ticks (0: none). */
static struct run run(uint32_t h, bool guarded)
{
    q_cfg.poll = q_poll;
    q_cfg.on_event = on_event;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(virt_bind_line(&q, LINE_PIN, VIRT_SRC_MTIMER), PINQ_OK);
    uint32_t tps = pinq_port_ticks_per_sec();
    if (guarded)
        CHECK_EQ(pinq_guard_init(&q, &guard_cfg, &guard, tps), PINQ_OK);
    delivered = storms = isr_posts = 0;
    half = h;
    t0 = riscv_mtime();
    window_end = t0 + WINDOW;
    if (h) {
        riscv_mtimecmp_set(t0 + h);
        pinq_line_enable(&q, LINE_PIN, true); /* unmasks the timer */
    }
    struct run r = {0};
    while (riscv_mtime() < window_end) {
        nop_sled(WORK);
        pinq_dispatch(&q, 32);
        if (guarded)
            pinq_guard_tick(&q, &guard_cfg, &guard, riscv_mtime(), tps, &guard_sink);
        r.iterations++;
    }
    csr_clear(mie, MIP_MTIP);
    riscv_mtimecmp_set(UINT64_MAX);
    half = 0; /* the pin stops */
    while (pinq_dispatch(&q, 64) != 0)
        ;
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    uint32_t sampled = atomic_load_explicit(&q_poll[LINE_PIN].sampled_edges, memory_order_relaxed);
    CHECK_EQ(st.produced, isr_posts + sampled);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    CHECK_EQ(st.delivered, delivered);
    r.posts = isr_posts;
    r.storms = storms;
    return r;
}

int main(void)
{
    riscv_irq_set_handler(IRQ_M_TIMER, edge_isr);
    csr_clear(mie, MIP_MTIP);
    riscv_mtimecmp_set(UINT64_MAX);
    csr_set(mstatus, MSTATUS_MIE);

    uint32_t base = run(0, false).iterations;
    CHECK(base > 0);
    printf("storm: main-loop progress in %u ticks, %% of %lu iterations without interrupts\n", WINDOW,
           (unsigned long)base);
    printf("  %10s %10s %12s %10s %12s %7s\n", "edges/s", "posts", "no guard", "posts", "guard", "storms");
    static const uint32_t halves[] = {1000, 200, 50, 20, 5, 2, 1};
    struct run bare = {0}, held = {0};
    for (unsigned i = 0; i < sizeof halves / sizeof halves[0]; i++) {
        bare = run(halves[i], false);
        held = run(halves[i], true);
        printf("  %10lu %10lu %11lu%% %10lu %11lu%% %7lu\n", (unsigned long)(10000000u / halves[i]),
               (unsigned long)bare.posts, (unsigned long)(100u * bare.iterations / base),
               (unsigned long)held.posts, (unsigned long)(100u * held.iterations / base),
               (unsigned long)held.storms);
        if (i == 0)
            CHECK_EQ(held.storms, 0); /* 10k edges/s is below storm_rate */
    }
    /* at the highest rate: collapse without the guard, held with it */
    CHECK(100u * bare.iterations / base < 10u);
    CHECK(100u * held.iterations / base > 50u);
    CHECK(held.storms >= 1);
    return check_done("test_storm");
}
