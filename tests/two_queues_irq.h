/* two_queues_irq.h - the two-queue scenario for ports whose
 * pinq_port_line_enable() masks the interrupt source bound to a (queue,
 * line) pair (Cortex-M: pinq_cm_bind_irq, RISC-V virt: virt_bind_line),
 * run by targets/cortex-m/tests/test_two_queues_cm.c and
 * targets/riscv/test_two_queues_rv.c.
 *
 * Queues qa and qb each have a line 0 bound to its own source: each queue
 * gets exactly its own events, and masking one queue's line 0, through
 * pinq_line_enable() or a storm-guard trip in its ISR, masks that queue's
 * source and never the other's. qc has a line per entry of the bindings
 * table (TQ_MAX_BINDINGS), to fill it. The test file defines
 * TQ_MAX_BINDINGS, routes the handlers of the two sources to
 * tq_post(&tq_a) and tq_post(&tq_b), and calls tq_irq_init(), sets the
 * sources up, then tq_irq_run(). */
#ifndef PINQ_TWO_QUEUES_IRQ_H
#define PINQ_TWO_QUEUES_IRQ_H

#include "two_queues.h"

#ifndef TQ_MAX_BINDINGS
#error "define TQ_MAX_BINDINGS: the size of the port's bindings table"
#endif

/* What the scenario needs from the platform. */
typedef struct tq_port {
    int (*bind)(pinq_t *q, uint16_t line, unsigned src); /* the port's bind function */
    void (*raise)(tq_src_t *s);          /* make s's source pending, and let it run if it is enabled */
    void (*settle)(void);                /* let a source that was just unmasked run */
    bool (*enabled)(const tq_src_t *s); /* s's source is enabled in the interrupt controller */
    unsigned fill;                       /* a valid source that nothing raises: fills the table */
} tq_port_t;

static int tq_read(void *ctx)
{
    (void)ctx;
    return 0;
}

/* qb's line can be handed to the poller, so it has what a trip needs */
static const pinq_line_cfg_t tq_lines_a[1] = {{.trigger = PINQ_TRIG_BOTH}};
static const pinq_line_cfg_t tq_lines_b[1] = {{.trigger = PINQ_TRIG_BOTH, .read = tq_read, .poll_period = 1000}};
static const pinq_line_cfg_t tq_lines_c[TQ_MAX_BINDINGS] = {{.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(qa, tq_lines_a, 1, 16, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_DEFINE(qb, tq_lines_b, 1, 16, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_POLL_STORAGE(qb, 1);
PINQ_DEFINE(qc, tq_lines_c, TQ_MAX_BINDINGS, 2, PINQ_SPSC, PINQ_DROP_NEWEST);

static tq_src_t tq_a = {.q = &qa}, tq_b = {.q = &qb};

static unsigned tq_drain1(tq_src_t *s)
{
    return tq_drain(s->q, &s, 1);
}

static void tq_books1(tq_src_t *s)
{
    tq_check_books(s->q, &s, 1);
}

static void tq_raise_n(const tq_port_t *p, tq_src_t *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p->raise(s);
}

/* The queues initialised, line 0 of qa bound to irq_a and of qb to irq_b
 * (after the errors every port shares). */
static void tq_irq_init(const tq_port_t *p, unsigned irq_a, unsigned irq_b)
{
    qb_cfg.poll = qb_poll;
    CHECK_EQ(pinq_init(&qa, &qa_cfg), PINQ_OK);
    CHECK_EQ(pinq_init(&qb, &qb_cfg), PINQ_OK);
    CHECK_EQ(pinq_init(&qc, &qc_cfg), PINQ_OK);
    tq_a.irq = irq_a;
    tq_b.irq = irq_b;
    CHECK_EQ(p->bind(NULL, 0, irq_a), PINQ_EINVAL);
    CHECK_EQ(p->bind(&qa, 1, irq_a), PINQ_EINVAL); /* qa has one line */
    CHECK_EQ(p->bind(&qa, 0, irq_a), PINQ_OK);
    CHECK_EQ(p->bind(&qb, 0, irq_b), PINQ_OK);
}

/* Both line 0s post into their own queue only. */
static void tq_own_events(const tq_port_t *p)
{
    tq_raise_n(p, &tq_a, 3);
    tq_raise_n(p, &tq_b, 5);
    tq_raise_n(p, &tq_a, 2);
    CHECK_EQ(tq_a.runs, 5);
    CHECK_EQ(tq_b.runs, 5);
    CHECK_EQ(tq_drain1(&tq_a), 5);
    CHECK_EQ(tq_drain1(&tq_b), 5);
    tq_books1(&tq_a);
    tq_books1(&tq_b);
}

/* pinq_line_enable(off's queue, 0, false) masks off's source, not on's:
 * off's raised interrupt waits while on's runs; switching the line back
 * on lets off's run. */
static void tq_masking(const tq_port_t *p, tq_src_t *off, tq_src_t *on)
{
    unsigned off_runs = off->runs, on_runs = on->runs;
    CHECK_EQ(pinq_line_enable(off->q, 0, false), PINQ_OK);
    CHECK(!p->enabled(off));
    CHECK(p->enabled(on));
    p->raise(off);
    p->raise(on);
    CHECK_EQ(off->runs, off_runs);
    CHECK_EQ(on->runs, on_runs + 1);
    CHECK_EQ(tq_drain1(on), 1);
    CHECK_EQ(tq_drain1(off), 0);
    CHECK_EQ(pinq_line_enable(off->q, 0, true), PINQ_OK);
    p->settle();
    CHECK(p->enabled(off));
    CHECK_EQ(off->runs, off_runs + 1); /* pending all along */
    CHECK_EQ(tq_drain1(off), 1);
    tq_books1(off);
    tq_books1(on);
}

/* qb's rate trip fires in qb's handler, which masks qb's source through
 * the port from interrupt context: qa's stays on. */
static void tq_trip(const tq_port_t *p)
{
    CHECK_EQ(pinq_line_trip(&qb, 0, 1, UINT32_MAX), PINQ_OK); /* every post comes too fast */
    unsigned b_runs = tq_b.runs;
    p->raise(&tq_b);
    CHECK_EQ(tq_b.runs, b_runs + 1);
    CHECK_EQ(pinq_line_state(&qb, 0), PINQ_LINE_POLLED);
    CHECK(!p->enabled(&tq_b));
    CHECK(p->enabled(&tq_a));
    p->raise(&tq_b);
    CHECK_EQ(tq_b.runs, b_runs + 1); /* masked */
    p->raise(&tq_a);
    CHECK_EQ(tq_drain1(&tq_a), 1);
    CHECK_EQ(pinq_line_trip(&qb, 0, 0, 0), PINQ_OK);
    CHECK_EQ(pinq_line_set_polled(&qb, 0, false), PINQ_OK);
    p->settle();
    CHECK(p->enabled(&tq_b));
    CHECK_EQ(tq_b.runs, b_runs + 2);
    CHECK_EQ(tq_drain1(&tq_b), 2); /* the tripping post, then the one held pending */
    tq_books1(&tq_a);
    tq_books1(&tq_b);
}

/* The table holds TQ_MAX_BINDINGS pairs; a bound pair can always be
 * rebound, and then masks its new source (here qa's, shared). */
static void tq_table(const tq_port_t *p)
{
    uint16_t line = 0;
    for (; line < TQ_MAX_BINDINGS - 2u; line++) /* qa's and qb's pairs are bound */
        CHECK_EQ(p->bind(&qc, line, p->fill), PINQ_OK);
    CHECK_EQ(p->bind(&qc, line, p->fill), PINQ_EFULL);
    CHECK_EQ(p->bind(&qc, 0, tq_a.irq), PINQ_OK);
    CHECK_EQ(pinq_line_enable(&qc, 0, false), PINQ_OK);
    CHECK(!p->enabled(&tq_a));
    CHECK(p->enabled(&tq_b));
    CHECK_EQ(pinq_line_enable(&qc, 0, true), PINQ_OK);
    CHECK(p->enabled(&tq_a));
}

/* Everything after tq_irq_init() and the sources' setup. */
static void tq_irq_run(const tq_port_t *p)
{
    tq_own_events(p);
    tq_masking(p, &tq_b, &tq_a);
    tq_masking(p, &tq_a, &tq_b);
    tq_trip(p);
    tq_table(p);
}

#endif
