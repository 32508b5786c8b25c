/* test_two_queues_cm.c - two pinq_t in one firmware, each with a line 0
 * bound to its own NVIC interrupt (the board's two software-pended
 * lines): each queue gets exactly its own events, and masking a line
 * through pinq_line_enable() or a storm-guard trip (from the ISR) masks
 * that queue's interrupt and never the other queue's line 0. Also the
 * binding table's errors, its replacement of a pair's interrupt, and
 * PINQ_EFULL once PINQ_CM_MAX_BINDINGS pairs are bound. */
#include "board.h"
#include "check.h"
#include "cm_regs.h"
#include "pinq_board_clock.h"
#include "pinq_cortex_m.h"
#include "pinq_isr.h"

#define PRIO 0x80u /* masked by pinq_irq_save() */
#define IRQ_A BOARD_SOFT0_IRQ
#define IRQ_B BOARD_SOFT1_IRQ

static int read_b(void *ctx)
{
    (void)ctx;
    return 0;
}

/* qb's line can be handed to the poller, so it has what a trip needs */
static const pinq_line_cfg_t lines_a[1] = {{.trigger = PINQ_TRIG_BOTH}};
static const pinq_line_cfg_t lines_b[1] = {{.trigger = PINQ_TRIG_BOTH, .read = read_b, .poll_period = 1000}};
static const pinq_line_cfg_t lines_c[PINQ_CM_MAX_BINDINGS] = {{.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(qa, lines_a, 1, 16, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_DEFINE(qb, lines_b, 1, 16, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_POLL_STORAGE(qb, 1);
PINQ_DEFINE(qc, lines_c, PINQ_CM_MAX_BINDINGS, 2, PINQ_SPSC, PINQ_DROP_NEWEST);

/* Each ISR posts alternating levels on line 0 of its queue. */
struct src {
    pinq_t *q;
    unsigned irqn;
    volatile unsigned runs;  /* ISR entries */
    volatile unsigned posts; /* posts the ring counted (queued or lost) */
    unsigned popped;         /* events taken from the queue so far */
};
static struct src a = {.q = &qa, .irqn = IRQ_A}, b = {.q = &qb, .irqn = IRQ_B};

static void isr(struct src *s)
{
    s->runs++;
    int rc = pinq_isr_post(s->q, 0, (int)(s->runs & 1u));
    s->posts += rc == PINQ_OK || rc == PINQ_EFULL;
}

void board_soft0_isr(void)
{
    isr(&a);
}

void board_soft1_isr(void)
{
    isr(&b);
}

static void settle(void)
{
    __asm__ volatile("dsb\n\tisb" ::: "memory"); /* a pended, enabled interrupt has run */
}

static void pend(struct src *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        pinq_cm_irq_pend(s->irqn);
        settle();
    }
}

static bool irq_enabled(unsigned irqn)
{
    return (NVIC_ISER(irqn / 32u) >> (irqn % 32u)) & 1u;
}

/* Pop everything of s's queue: all on line 0, levels alternating from
 * where the previous pop left off. Returns how many. */
static unsigned drain(struct src *s)
{
    pinq_event_t ev;
    unsigned n = 0;
    while (pinq_ring_pop(&s->q->ring, &ev) == 1) {
        CHECK_EQ(ev.kind, (s->popped + n) % 2u == 0 ? PINQ_EV_RISE : PINQ_EV_FALL);
        CHECK_EQ(ev.line, 0);
        n++;
    }
    s->popped += n;
    return n;
}

/* The ring's books balance and count exactly what the ISR posted. */
static void check_books(const struct src *s)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(&s->q->ring, &st);
    CHECK_EQ(st.produced, s->posts);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    CHECK_EQ(st.delivered, s->popped);
    CHECK_EQ(st.dropped + st.coalesced, 0);
}

static void test_bind_errors(void)
{
    CHECK_EQ(pinq_cm_bind_irq(NULL, 0, IRQ_A), PINQ_EINVAL);
    CHECK_EQ(pinq_cm_bind_irq(&qa, 1, IRQ_A), PINQ_EINVAL); /* qa has one line */
    CHECK_EQ(pinq_cm_bind_irq(&qa, 0, 496), PINQ_EINVAL);
#if !defined(__ARM_ARCH_7M__) && !defined(__ARM_ARCH_7EM__)
    CHECK_EQ(pinq_cm_bind_irq(&qa, 0, 32), PINQ_EINVAL); /* ARMv6-M has 32 */
#endif
    CHECK_EQ(pinq_cm_bind_irq(&qa, 0, PINQ_BOARD_CLOCK_IRQ), PINQ_EINVAL);
}

/* Both line 0s post into their own queue only. */
static void test_own_events(void)
{
    pend(&a, 3);
    pend(&b, 5);
    pend(&a, 2);
    CHECK_EQ(a.runs, 5);
    CHECK_EQ(b.runs, 5);
    CHECK_EQ(drain(&a), 5);
    CHECK_EQ(drain(&b), 5);
    check_books(&a);
    check_books(&b);
}

/* pinq_line_enable(off's queue, 0, false) masks off's interrupt in the
 * NVIC, not on's: off's pended interrupt waits, on's runs; switching the
 * line back on lets off's run. */
static void test_masking(struct src *off, struct src *on)
{
    unsigned off_runs = off->runs, on_runs = on->runs;
    CHECK_EQ(pinq_line_enable(off->q, 0, false), PINQ_OK);
    CHECK(!irq_enabled(off->irqn));
    CHECK(irq_enabled(on->irqn));
    pend(off, 1);
    pend(on, 1);
    CHECK_EQ(off->runs, off_runs);
    CHECK_EQ(on->runs, on_runs + 1);
    CHECK_EQ(drain(on), 1);
    CHECK_EQ(drain(off), 0);
    CHECK_EQ(pinq_line_enable(off->q, 0, true), PINQ_OK);
    settle();
    CHECK(irq_enabled(off->irqn));
    CHECK_EQ(off->runs, off_runs + 1); /* pending all along */
    CHECK_EQ(drain(off), 1);
    check_books(off);
    check_books(on);
}

/* qb's rate trip fires in qb's ISR, which masks qb's interrupt through
 * the port from interrupt context: qa's stays on. */
static void test_trip(void)
{
    CHECK_EQ(pinq_line_trip(&qb, 0, 1, UINT32_MAX), PINQ_OK); /* every post is too fast */
    unsigned b_runs = b.runs;
    pend(&b, 1);
    CHECK_EQ(b.runs, b_runs + 1);
    CHECK_EQ(pinq_line_state(&qb, 0), PINQ_LINE_POLLED);
    CHECK(!irq_enabled(IRQ_B));
    CHECK(irq_enabled(IRQ_A));
    pend(&b, 1);
    CHECK_EQ(b.runs, b_runs + 1); /* masked */
    pend(&a, 1);
    CHECK_EQ(drain(&a), 1);
    CHECK_EQ(pinq_line_trip(&qb, 0, 0, 0), PINQ_OK);
    CHECK_EQ(pinq_line_set_polled(&qb, 0, false), PINQ_OK);
    settle();
    CHECK(irq_enabled(IRQ_B));
    CHECK_EQ(b.runs, b_runs + 2);
    CHECK_EQ(drain(&b), 2); /* the tripping post, then the one held pending */
    check_books(&a);
    check_books(&b);
}

/* The table holds PINQ_CM_MAX_BINDINGS pairs; a bound pair can always be
 * rebound, and then masks its new interrupt (here qa's, shared). */
static void test_table(void)
{
    uint16_t line = 0;
    for (; line < PINQ_CM_MAX_BINDINGS - 2u; line++) /* qa's and qb's pairs are bound */
        CHECK_EQ(pinq_cm_bind_irq(&qc, line, BOARD_TIMER0_IRQ), PINQ_OK);
    CHECK_EQ(pinq_cm_bind_irq(&qc, line, BOARD_TIMER0_IRQ), PINQ_EFULL);
    CHECK_EQ(pinq_cm_bind_irq(&qc, 0, IRQ_A), PINQ_OK);
    CHECK_EQ(pinq_line_enable(&qc, 0, false), PINQ_OK);
    CHECK(!irq_enabled(IRQ_A));
    CHECK(irq_enabled(IRQ_B));
    CHECK_EQ(pinq_line_enable(&qc, 0, true), PINQ_OK);
    CHECK(irq_enabled(IRQ_A));
}

int main(void)
{
    qb_cfg.poll = qb_poll;
    CHECK_EQ(pinq_init(&qa, &qa_cfg), PINQ_OK);
    CHECK_EQ(pinq_init(&qb, &qb_cfg), PINQ_OK);
    CHECK_EQ(pinq_init(&qc, &qc_cfg), PINQ_OK);
    test_bind_errors();
    CHECK_EQ(pinq_cm_bind_irq(&qa, 0, IRQ_A), PINQ_OK);
    CHECK_EQ(pinq_cm_bind_irq(&qb, 0, IRQ_B), PINQ_OK);
    CHECK_EQ(pinq_cm_irq_setup(IRQ_A, PRIO), PINQ_OK);
    CHECK_EQ(pinq_cm_irq_setup(IRQ_B, PRIO), PINQ_OK);
    test_own_events();
    test_masking(&b, &a);
    test_masking(&a, &b);
    test_trip();
    test_table();
    return check_done("test_two_queues_cm");
}
