/* test_trace_cm.c - the trace recorder on a target: a real queue whose
 * lines are posted from interrupts (a software-pended NVIC line and a
 * periodic timer), the recorder as its observer, then the records written
 * to host files over semihosting: the binary dump (TRACE_DUMP) and the VCD
 * streamed by the target's own writer (TRACE_VCD). The firmware checks the
 * records against what its ISRs posted and prints a summary line that
 * trace_cm.cmake compares with `pinq-trace check` of the dump, and the
 * target's VCD with the host's conversion of the same dump. */
#include <stdio.h>

#include "board.h"
#include "check.h"
#include "pinq_cortex_m.h"
#include "pinq_trace.h"
#include "semihost.h"

#ifndef TRACE_DUMP
#error "TRACE_DUMP: the host path of the binary dump"
#endif
#ifndef TRACE_VCD
#error "TRACE_VCD: the host path of the target's VCD"
#endif

enum { SOFT, TIMER, NLINES };
static const char *const names[NLINES] = {"soft", "timer"}; /* trace.cmake gives pinq-trace the same (-DNAMES) */

#define PRIO 0x80u       /* masked by pinq_irq_save() */
#define CAP 8            /* ring slots: the burst below overflows it */
#define BURST (CAP + 4)  /* edges posted with no dispatch: 4 lost, one RESYNC */
#define PLAIN 6          /* edges dispatched one at a time */
#define TIMER_EDGES 40   /* timer interrupts, each posting an edge */
#define TIMER_HZ 4000u   /* slow against the handler's 30 us: nothing lost */
#define HANDLER_US 30u

static volatile uint32_t soft_posts, timer_posts;
static volatile int soft_level, timer_level;

static void spin_us(uint32_t us)
{
    pinq_ticks_t end = pinq_port_now() + (pinq_ticks_t)us * (pinq_port_ticks_per_sec() / 1000000u);
    while (pinq_port_now() < end) {
    }
}

static uint32_t handled[NLINES], resynced; /* edges, and RESYNCs (the line's handler gets those too) */

static void on_edge(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind == PINQ_EV_RESYNC) {
        resynced++;
        return;
    }
    handled[ev->line]++;
    if (ev->line == TIMER)
        spin_us(HANDLER_US); /* a span the VCD's timer_handler wire draws */
}

static const pinq_line_cfg_t lines[NLINES] = {
    [SOFT] = {.trigger = PINQ_TRIG_BOTH, .deferred = on_edge},
    [TIMER] = {.trigger = PINQ_TRIG_BOTH, .deferred = on_edge},
};
PINQ_DEFINE(q, lines, NLINES, CAP, PINQ_SPSC, PINQ_DROP_NEWEST);

static pinq_trace_rec_t recs[128];
static pinq_trace_t trace;

void board_soft0_isr(void)
{
    soft_level = !soft_level;
    soft_posts++;
    pinq_post(&q, SOFT, soft_level);
}

void board_timer0_isr(void)
{
    board_timer_ack(0);
    if (timer_posts + 1 >= TIMER_EDGES)
        board_timer_stop(0);
    timer_level = !timer_level;
    timer_posts++;
    pinq_post(&q, TIMER, timer_level);
}

static void pend_soft(void)
{
    pinq_cm_irq_pend(BOARD_SOFT0_IRQ);
    __asm__ volatile("dsb\n\tisb" ::: "memory"); /* the pended interrupt has run */
}

static void drain(void)
{
    while (pinq_dispatch(&q, 16) > 0) {
    }
}

/* A host file as an export's sink. */
static int to_file(const void *buf, size_t len, void *ctx)
{
    return pinq_cm_file_write(*(int *)ctx, buf, len);
}

static int export_to(const char *path, int (*exporter)(const pinq_trace_t *, const pinq_trace_out_t *))
{
    int fd = pinq_cm_file_open(path);
    if (fd < 0)
        return PINQ_ESYS;
    pinq_trace_out_t out = {.write = to_file, .ctx = &fd, .tps = pinq_port_ticks_per_sec(), .nlines = NLINES,
                            .names = names};
    int rc = exporter(&trace, &out);
    return pinq_cm_file_close(fd) == 0 ? rc : PINQ_ESYS;
}

static unsigned count_resync(uint32_t *lost)
{
    unsigned n = 0;
    *lost = 0;
    for (uint32_t i = 0; i < pinq_trace_count(&trace); i++) {
        const pinq_trace_rec_t *r = pinq_trace_at(&trace, i);
        if (r->ev.kind == PINQ_EV_RESYNC)
            n++, *lost += r->ev.lost;
    }
    return n;
}

int main(void)
{
    CHECK_EQ(pinq_trace_init(&trace, recs, sizeof recs / sizeof recs[0], PINQ_TRACE_KEEP_FIRST, &q), PINQ_OK);
    q_cfg.observe = pinq_trace_observe;
    q_cfg.observe_ctx = &trace;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_cm_irq_setup(BOARD_SOFT0_IRQ, PRIO), PINQ_OK);
    CHECK_EQ(pinq_cm_irq_setup(BOARD_TIMER0_IRQ, PRIO), PINQ_OK);
    CHECK_EQ(pinq_cm_bind_irq(&q, SOFT, BOARD_SOFT0_IRQ), PINQ_OK);
    CHECK_EQ(pinq_cm_bind_irq(&q, TIMER, BOARD_TIMER0_IRQ), PINQ_OK);
    pinq_cm_irq_enable(BOARD_SOFT0_IRQ, true);
    pinq_cm_irq_enable(BOARD_TIMER0_IRQ, true);

    for (int i = 0; i < PLAIN; i++) {
        pend_soft();
        drain();
    }
    for (int i = 0; i < BURST; i++)
        pend_soft();
    drain();
    board_timer_start(0, board_timer_hz() / TIMER_HZ, true);
    while (timer_posts < TIMER_EDGES)
        drain();
    drain();
    pinq_cm_irq_enable(BOARD_TIMER0_IRQ, false);

    /* What the ISRs posted, against what the ring and the recorder saw. */
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    uint32_t posted = soft_posts + timer_posts, resync_lost;
    CHECK_EQ(soft_posts, PLAIN + BURST);
    CHECK_EQ(timer_posts, TIMER_EDGES);
    CHECK_EQ(st.produced, posted);
    CHECK_EQ(st.dropped, BURST - CAP);
    CHECK_EQ(st.delivered, posted - (BURST - CAP));
    CHECK_EQ(handled[SOFT] + handled[TIMER], st.delivered);
    CHECK_EQ(handled[TIMER], TIMER_EDGES);
    unsigned resyncs = count_resync(&resync_lost);
    CHECK_EQ(resyncs, 1);
    CHECK_EQ(resynced, resyncs);
    CHECK_EQ(resync_lost, BURST - CAP);
    CHECK_EQ(pinq_trace_count(&trace), st.delivered + resyncs);
    CHECK_EQ(trace.lost, 0);
    unsigned spans = 0, timer_spans = 0; /* records whose handler took time; of them, the timer's */
    for (uint32_t i = 0; i < pinq_trace_count(&trace); i++) {
        const pinq_trace_rec_t *r = pinq_trace_at(&trace, i);
        spans += r->done > r->taken;
        timer_spans += r->ev.line == TIMER && r->ev.kind != PINQ_EV_RESYNC &&
                       r->done - r->taken >= HANDLER_US * (pinq_port_ticks_per_sec() / 1000000u);
        CHECK(r->origin == PINQ_TRACE_CORE && r->done >= r->taken && r->taken >= r->ev.ts);
    }
    CHECK_EQ(timer_spans, TIMER_EDGES);

    printf("trace_cm: records %lu lost %lu lines %u resync %u resync_lost %lu spans %u\n",
           (unsigned long)pinq_trace_count(&trace), (unsigned long)trace.lost, (unsigned)NLINES, resyncs,
           (unsigned long)resync_lost, spans);
    CHECK_EQ(export_to(TRACE_DUMP, pinq_trace_dump), PINQ_OK);
    CHECK_EQ(export_to(TRACE_VCD, pinq_trace_vcd), PINQ_OK);
    return check_done("test_trace_cm");
}
