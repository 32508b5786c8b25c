/* test_minimal.c - the core built with every optional part left out
 * (PINQ_CFG_MPSC, PINQ_CFG_POLL and PINQ_CFG_CALLS = 0, see pinq.h):
 * what was left out is refused with PINQ_ENOTSUP, never half-done, and an
 * SPSC queue still works in full, overflow and RESYNC included. */
#include "check.h"
#include "pinq.h"

#if PINQ_CFG_MPSC || PINQ_CFG_POLL || PINQ_CFG_CALLS
#error "build test_minimal with the optional parts left out"
#endif

#define CAP 4
#define NL 2

static int read_zero(void *ctx)
{
    (void)ctx;
    return 0;
}
static void no_call(void *arg)
{
    (void)arg;
}
static const pinq_line_cfg_t lines[NL] = {{.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_RISING}};
PINQ_DEFINE(q, lines, NL, CAP, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_POLL_STORAGE(q, NL);
PINQ_CALL_STORAGE(q, 2);
static int events, resyncs, lost_total;

static void on_event(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind == PINQ_EV_RESYNC) {
        resyncs++;
        lost_total += (int)ev->lost;
    } else {
        events++;
    }
}

/* The valid configuration; the tests of what is left out alter copies. */
static pinq_cfg_t base(void)
{
    pinq_cfg_t c = q_cfg;
    c.on_event = on_event;
    return c;
}

static void test_left_out_is_refused(void)
{
    pinq_cfg_t c = base();
    c.mode = PINQ_MPSC;
    CHECK_EQ(pinq_init(&q, &c), PINQ_ENOTSUP);
    c = base();
    c.policy = PINQ_DROP_OLDEST;
    CHECK_EQ(pinq_init(&q, &c), PINQ_ENOTSUP);
    c = base();
    c.calls = q_calls;
    c.ncalls = 2;
    CHECK_EQ(pinq_init(&q, &c), PINQ_ENOTSUP);
    static const pinq_line_cfg_t polled[1] = {
        {.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_POLL, .read = read_zero, .poll_period = 10}};
    c = base();
    c.lines = polled;
    c.nlines = 1;
    c.poll = q_poll;
    CHECK_EQ(pinq_init(&q, &c), PINQ_ENOTSUP);
    static pinq_line_counts_t counts[1];
    c = base();
    c.counts = counts;
    CHECK_EQ(pinq_init(&q, &c), PINQ_ENOTSUP);
    c = base();
    CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
    CHECK_EQ(pinq_schedule(&q, no_call, NULL), PINQ_ENOTSUP);
    CHECK_EQ(pinq_line_trip(&q, 0, 4, 100), PINQ_ENOTSUP);
    CHECK_EQ(pinq_line_set_polled(&q, 0, true), PINQ_ENOTSUP);
    CHECK_EQ(pinq_line_state(&q, 0), PINQ_LINE_ON);
}

/* What needs no polling is not refused: disarming a trip that cannot be
 * armed, and handing a line back to its interrupt (which, as in a full
 * build, also turns a disabled line on). */
static void test_no_poll_noops(void)
{
    pinq_cfg_t c = base();
    CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
    CHECK_EQ(pinq_line_trip(&q, 0, 0, 0), PINQ_OK);
    CHECK_EQ(pinq_line_trip(&q, 0, 3, 100), PINQ_EINVAL); /* not a power of two: checked first */
    CHECK_EQ(pinq_line_trip(&q, NL, 0, 0), PINQ_EINVAL);
    CHECK_EQ(pinq_line_set_polled(&q, 0, false), PINQ_OK);
    CHECK_EQ(pinq_line_state(&q, 0), PINQ_LINE_ON);
    CHECK_EQ(pinq_line_enable(&q, 1, false), PINQ_OK);
    CHECK_EQ(pinq_line_set_polled(&q, 1, false), PINQ_OK);
    CHECK_EQ(pinq_line_state(&q, 1), PINQ_LINE_ON);
    CHECK_EQ(pinq_line_set_polled(&q, NL, false), PINQ_EINVAL);
    events = 0;
    CHECK_EQ(pinq_post(&q, 1, 1), PINQ_OK); /* on again: its edges are queued */
    while (pinq_dispatch(&q, 16) != 0)
        ;
    CHECK_EQ(events, 1);
}

/* Overflow on the SPSC ring: the losses come back as one RESYNC in the
 * stream, and produced == delivered + dropped exactly. */
static void test_spsc_overflow(void)
{
    pinq_cfg_t c = base();
    CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
    events = resyncs = lost_total = 0;
    int refused = 0;
    for (int i = 0; i < CAP + 3; i++)
        refused += pinq_post(&q, 0, i & 1) == PINQ_EFULL;
    CHECK_EQ(refused, 3);
    CHECK_EQ(pinq_post(&q, 1, 0), PINQ_OK); /* filtered: RISING only */
    while (pinq_dispatch(&q, 16) != 0)
        ;
    CHECK_EQ(events, CAP);
    CHECK_EQ(resyncs, 1);
    CHECK_EQ(lost_total, 3);
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.produced, CAP + 3);
    CHECK_EQ(st.produced, st.delivered + st.dropped);
    CHECK(!pinq_pending(&q));
}

int main(void)
{
    test_left_out_is_refused();
    test_spsc_overflow();
    test_no_poll_noops();
    return check_done("test_minimal");
}
