/* bench_stats_cm.c - what run-time statistics (pinq_stats.h) cost, in
 * instructions (run under -icount shift=10,sleep=off; counting method in
 * tests/insn_count.h). Printed figures, recorded in docs/performance.md:
 *   pin ISR, fast path     pinq_isr_post() of an edge that goes in, with
 *                          pinq_cfg.counts NULL and set: the same, since
 *                          that path never touches the counts;
 *   pin ISR, filtered      an edge the trigger filters (general path), with
 *                          counts NULL and set: the cost of counting it;
 *   observer               pinq_stats_observe() of one event;
 *   dispatch of one event  pinq_dispatch() with no observer and with the
 *                          statistics observer (its two clock reads
 *                          included).
 * Each figure: a bracketed indirect call averaged over REPS, minus the same
 * bracket around an empty function. Exits non-zero if the statistics do
 * not add up (the bench then measured something else). */
#include <stdio.h>
#include <stdlib.h>

#include "board.h"
#include "insn_count.h"
#include "pinq_cortex_m.h"
#include "pinq_isr.h"
#include "pinq_stats.h"

#define REPS 1000

enum { BOTH, RISE, NLINES };
static volatile uint32_t gpio_in; /* stands for the pin's input register */
static const pinq_line_cfg_t lines[NLINES] = {[BOTH] = {.trigger = PINQ_TRIG_BOTH},
                                              [RISE] = {.trigger = PINQ_TRIG_RISING}};
PINQ_DEFINE(q, lines, NLINES, 8, PINQ_SPSC, PINQ_DROP_NEWEST);
static pinq_line_counts_t counts[NLINES];
static pinq_stats_line_t st_lines[NLINES];
static pinq_stats_t st;
static pinq_event_t ev = {.ts = 100, .line = BOTH, .kind = PINQ_EV_RISE, .level = 1};

static void empty(void)
{
}

static void on_event(const pinq_event_t *e, void *ctx)
{
    (void)e;
    (void)ctx;
}

static void pin_isr(void)
{
    pinq_isr_post(&q, BOTH, (int)(gpio_in & 1u));
}

static void pin_isr_filtered(void)
{
    pinq_isr_post(&q, RISE, 0); /* a falling edge on a rising-edge line */
}

static void observe_one(void)
{
    pinq_stats_observe(&ev, 1000, 1200, &st);
}

static void dispatch_one(void)
{
    pinq_dispatch(&q, 1);
}

static void drain(void)
{
    pinq_dispatch(&q, 8);
}

static void refill(void)
{
    gpio_in ^= 1u;
    pin_isr();
}

/* Average SysTick ticks of fn() (indirect, not inlined); after() runs
 * outside the bracket. */
static double bracket(void (*volatile fn)(void), void (*after)(void))
{
    uint64_t sum = 0;
    for (int i = 0; i < REPS; i++) {
        uint32_t a = insn_stamp();
        fn();
        sum += insn_ticks(a, insn_stamp());
        if (after)
            after();
    }
    return (double)sum / REPS;
}

static double cost(void (*fn)(void), void (*after)(void))
{
    return (bracket(fn, after) - bracket(empty, NULL)) / insn_ticks_per_insn();
}

/* The queue with or without the general path's counts and the observer. */
static void setup(bool stats)
{
    q_cfg.counts = stats ? counts : NULL;
    q_cfg.observe = stats ? pinq_stats_observe : NULL;
    q_cfg.observe_ctx = &st;
    q_cfg.on_event = on_event;
    if (pinq_init(&q, &q_cfg) != PINQ_OK || pinq_stats_init(&st, &q, st_lines, NLINES) != PINQ_OK) {
        printf("bench setup failed\n");
        exit(2);
    }
}

/* The counts must say what the last setup's run did: REPS filtered posts,
 * and every queued edge delivered (2 * REPS + 1: fast path, refills). */
static int check(void)
{
    pinq_stats_snap_t s;
    pinq_line_stats_t ls[NLINES];
    pinq_stats_snapshot(&st, &s, ls, NLINES, false);
    bool ok = ls[RISE].spurious == REPS && ls[BOTH].delivered == 2 * REPS + 1 && ls[BOTH].events == 2 * REPS + 1;
    if (!ok)
        printf("statistics do not add up: spurious %lu delivered %lu\n", (unsigned long)ls[RISE].spurious,
               (unsigned long)ls[BOTH].delivered);
    return ok ? 0 : 1;
}

int main(void)
{
#if defined(__ARM_ARCH_6M__)
    const char *cpu = "Cortex-M0";
#elif defined(__ARM_ARCH_7EM__)
    const char *cpu = "Cortex-M4";
#else
    const char *cpu = "Cortex-M3";
#endif
    insn_count_start();
    printf("bench_stats_cm on %s, instructions per call (-icount shift=10)\n", cpu);
    double fast[2], filtered[2], dispatch[2];
    for (int on = 0; on < 2; on++) {
        setup(on);
        fast[on] = cost(pin_isr, drain);
        filtered[on] = cost(pin_isr_filtered, NULL);
        refill();
        dispatch[on] = cost(dispatch_one, refill);
        drain();
    }
    printf("  pin ISR, fast path: %.1f without counts, %.1f with\n", fast[0], fast[1]);
    printf("  pin ISR, edge filtered by the trigger: %.1f without counts, %.1f with\n", filtered[0], filtered[1]);
    printf("  pinq_dispatch() of one event: %.1f without observer, %.1f with pinq_stats_observe\n", dispatch[0],
           dispatch[1]);
    int rc = check();
    printf("  pinq_stats_observe() alone: %.1f\n", cost(observe_one, NULL));
    printf("  RAM: counts %u + observer %u bytes per line, %u per queue\n", (unsigned)sizeof(pinq_line_counts_t),
           (unsigned)sizeof(pinq_stats_line_t), (unsigned)sizeof(pinq_stats_t));
    return rc;
}
