/* test_lines.c - lines, triggers, hard and deferred handlers, the
 * deferred-call queue, polled lines and the budgeted dispatcher. Portable:
 * needs only the port's clock and critical sections. */
#include "check.h"
#include "pinq.h"
#include "pinq_isr.h"

#define NL 6
#define CAP 8

enum { L_RISE, L_FALL, L_BOTH, L_HIGH, L_LOW, L_POLL };

static int hard_calls, hard_keep = 1;
static int deferred_calls, fallback_calls, resync_seen;
static pinq_event_t last_deferred;
static int poll_level;

static bool on_hard(pinq_event_t *ev, void *ctx)
{
    (void)ev;
    CHECK(ctx == &hard_calls);
    hard_calls++;
    return hard_keep;
}

static void on_deferred(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    deferred_calls++;
    last_deferred = *ev;
}

static void on_any(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    fallback_calls++;
    resync_seen += ev->kind == PINQ_EV_RESYNC;
}

static int read_poll(void *ctx)
{
    return *(int *)ctx;
}

static const pinq_line_cfg_t lines[NL] = {
    [L_RISE] = {.trigger = PINQ_TRIG_RISING, .hard = on_hard, .ctx = &hard_calls, .deferred = on_deferred},
    [L_FALL] = {.trigger = PINQ_TRIG_FALLING},
    [L_BOTH] = {.trigger = PINQ_TRIG_BOTH},
    [L_HIGH] = {.trigger = PINQ_TRIG_LEVEL_HIGH},
    [L_LOW] = {.trigger = PINQ_TRIG_LEVEL_LOW},
    [L_POLL] = {.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_POLL, .read = read_poll, .ctx = &poll_level,
                .poll_period = 1},
};

PINQ_DEFINE(q, lines, NL, CAP, PINQ_MPSC, PINQ_DROP_NEWEST);
PINQ_POLL_STORAGE(q, NL);
PINQ_CALL_STORAGE(q, 4);

/* The valid configuration; the error tests alter copies of it. */
static pinq_cfg_t base_cfg(void)
{
    pinq_cfg_t c = q_cfg;
    c.poll = q_poll;
    c.calls = q_calls;
    c.ncalls = 4;
    c.on_event = on_any;
    return c;
}

static void reset(void)
{
    pinq_cfg_t c = base_cfg();
    CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
    hard_calls = deferred_calls = fallback_calls = resync_seen = 0;
    hard_keep = 1;
}

static void test_init_errors(void)
{
    pinq_cfg_t c = base_cfg();
    CHECK_EQ(pinq_init(NULL, &c), PINQ_EINVAL);
    CHECK_EQ(pinq_init(&q, NULL), PINQ_EINVAL);
    c.capacity = 7;
    CHECK_EQ(pinq_init(&q, &c), PINQ_EINVAL);
    c = base_cfg();
    c.ncalls = 3;
    CHECK_EQ(pinq_init(&q, &c), PINQ_EINVAL);
    c = base_cfg();
    c.calls = NULL; /* a call queue needs storage */
    CHECK_EQ(pinq_init(&q, &c), PINQ_EINVAL);
    c.ncalls = 0; /* ...unless there is none */
    CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
    CHECK_EQ(pinq_schedule(&q, (pinq_call_fn)0, NULL), PINQ_EINVAL);

    static const pinq_line_cfg_t bad_trigger[1] = {{.trigger = 9}};
    static const pinq_line_cfg_t poll_no_read[1] = {{.source = PINQ_SRC_POLL, .poll_period = 5}};
    static const pinq_line_cfg_t poll_no_period[1] = {{.source = PINQ_SRC_POLL, .read = read_poll}};
    const pinq_line_cfg_t *bad[] = {bad_trigger, poll_no_read, poll_no_period};
    for (int i = 0; i < 3; i++) {
        c = base_cfg();
        c.lines = bad[i];
        c.nlines = 1;
        CHECK_EQ(pinq_init(&q, &c), PINQ_EINVAL);
    }
    reset();
    CHECK_EQ(pinq_post(&q, NL, 1), PINQ_EINVAL);
    CHECK_EQ(pinq_post(NULL, 0, 1), PINQ_EINVAL);
}

/* A failed pinq_init() leaves nothing half-made: q is checked before it is
 * set up, so a post after a failed re-init never reaches a ring with no
 * storage. A bad line leaves q as it was; a bad ring leaves a q that
 * refuses every call. */
static void test_failed_init_is_harmless(void)
{
    reset();
    CHECK_EQ(pinq_post(&q, L_BOTH, 1), PINQ_OK);
    static const pinq_line_cfg_t bad_trigger[NL] = {[NL - 1] = {.trigger = 9}};
    pinq_cfg_t c = base_cfg();
    c.lines = bad_trigger;
    CHECK_EQ(pinq_init(&q, &c), PINQ_EINVAL);
    CHECK(pinq_pending(&q)); /* the queued event is still there */
    CHECK_EQ(pinq_dispatch(&q, 8), 1u);
    c = base_cfg();
    c.capacity = 3;
    c.slots = NULL;
    CHECK_EQ(pinq_init(&q, &c), PINQ_EINVAL);
    CHECK_EQ(pinq_post(&q, L_BOTH, 1), PINQ_EINVAL);
    CHECK_EQ(pinq_isr_post(&q, L_BOTH, 1), PINQ_EINVAL);
    CHECK(!pinq_pending(&q));
    CHECK_EQ(pinq_dispatch(&q, 8), 0u);
    CHECK_EQ(pinq_line_enable(&q, NL, true), PINQ_EINVAL);
    CHECK_EQ(pinq_line_level(&q, NL), PINQ_EINVAL);
}

/* Which edges each trigger queues, and with what kind. */
static void test_triggers(void)
{
    reset();
    static const struct {
        uint16_t line;
        int level;
        int queued; /* -1: filtered */
    } rows[] = {
        {L_FALL, 1, -1}, {L_FALL, 0, PINQ_EV_FALL}, {L_BOTH, 1, PINQ_EV_RISE}, {L_BOTH, 0, PINQ_EV_FALL},
        {L_HIGH, 1, PINQ_EV_LEVEL}, {L_HIGH, 0, -1}, {L_LOW, 0, PINQ_EV_LEVEL}, {L_LOW, 1, -1},
        {L_BOTH, 7, PINQ_EV_RISE}, /* any nonzero level is high */
    };
    for (unsigned i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        fallback_calls = 0;
        CHECK_EQ(pinq_post(&q, rows[i].line, rows[i].level), PINQ_OK);
        CHECK_EQ(pinq_line_level(&q, rows[i].line), rows[i].level != 0);
        pinq_event_t ev;
        int n = pinq_ring_pop(&q.ring, &ev);
        CHECK_EQ(n, rows[i].queued >= 0);
        if (n == 1) {
            CHECK_EQ(ev.kind, rows[i].queued);
            CHECK_EQ(ev.line, rows[i].line);
            CHECK_EQ(ev.level, rows[i].level != 0);
        }
    }
}

static void test_hard_and_deferred(void)
{
    reset();
    CHECK_EQ(pinq_post(&q, L_RISE, 0), PINQ_OK); /* filtered before the hard handler */
    CHECK_EQ(hard_calls, 0);
    CHECK_EQ(pinq_post_at(&q, L_RISE, 1, 4242), PINQ_OK);
    CHECK_EQ(hard_calls, 1);
    hard_keep = 0; /* consumed in the ISR: not queued */
    CHECK_EQ(pinq_post(&q, L_RISE, 1), PINQ_OK);
    CHECK_EQ(hard_calls, 2);
    CHECK_EQ(pinq_post(&q, L_BOTH, 1), PINQ_OK);
    CHECK_EQ(pinq_dispatch(&q, 100), 2);
    CHECK_EQ(deferred_calls, 1);
    CHECK_EQ(last_deferred.ts, 4242);
    CHECK_EQ(last_deferred.line, L_RISE);
    CHECK_EQ(fallback_calls, 1); /* L_BOTH has no deferred handler */
    CHECK_EQ(pinq_dispatch(&q, 100), 0);
}

static void test_enable(void)
{
    reset();
    CHECK_EQ(pinq_line_enable(&q, L_BOTH, false), PINQ_OK);
    CHECK_EQ(pinq_post(&q, L_BOTH, 1), PINQ_EDISABLED);
    CHECK_EQ(pinq_line_level(&q, L_BOTH), 1); /* the level is still tracked */
    CHECK(!pinq_pending(&q));
    CHECK_EQ(pinq_line_enable(&q, L_BOTH, true), PINQ_OK);
    CHECK_EQ(pinq_post(&q, L_BOTH, 0), PINQ_OK);
    CHECK(pinq_pending(&q));
}

static int call_log[8], call_n;
static void note_call(void *arg)
{
    call_log[call_n++ & 7] = (int)(intptr_t)arg;
}

/* Budget, fairness between calls and events, a full call queue. */
static void test_dispatch_budget(void)
{
    reset();
    call_n = 0;
    for (int i = 0; i < 4; i++)
        CHECK_EQ(pinq_schedule(&q, note_call, (void *)(intptr_t)i), PINQ_OK);
    CHECK_EQ(pinq_schedule(&q, note_call, (void *)99), PINQ_EFULL);
    CHECK_EQ(pinq_schedule_refused(&q), 1);
    for (int i = 0; i < 3; i++)
        pinq_post(&q, L_BOTH, i & 1);
    CHECK_EQ(pinq_dispatch(&q, 3), 3);
    CHECK_EQ(call_n, 2); /* alternating: call, event, call */
    CHECK_EQ(fallback_calls, 1);
    CHECK_EQ(pinq_dispatch(&q, 0), 0);
    CHECK_EQ(pinq_dispatch(&q, 100), 4);
    CHECK_EQ(call_n, 4);
    for (int i = 0; i < 4; i++)
        CHECK_EQ(call_log[i], i); /* FIFO */
    CHECK_EQ(fallback_calls, 3);
    CHECK(!pinq_pending(&q));
}

/* Overflow through the line layer: the dispatcher reports the loss. */
static void test_dispatch_resync(void)
{
    reset();
    for (int i = 0; i < CAP + 3; i++)
        pinq_post(&q, L_BOTH, i & 1);
    CHECK_EQ(pinq_dispatch(&q, 1000), CAP + 1);
    CHECK_EQ(resync_seen, 1);
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.produced, CAP + 3);
    CHECK_EQ(st.delivered + st.dropped, st.produced);
}

static void test_polled(void)
{
    reset();
    poll_level = 1;
    pinq_dispatch(&q, 10); /* first sample: sets the level, no edge */
    CHECK_EQ(fallback_calls, 0);
    CHECK_EQ(pinq_line_level(&q, L_POLL), 1);
    poll_level = 0;
    pinq_ticks_t before = pinq_port_now();
    /* the 1-tick period has elapsed by the next call on any real clock */
    while (pinq_port_now() == before)
        ;
    CHECK_EQ(pinq_dispatch(&q, 10), 1);
    CHECK_EQ(fallback_calls, 1);
    CHECK_EQ(pinq_line_level(&q, L_POLL), 0);
    CHECK_EQ(pinq_dispatch(&q, 10), 0); /* no change, no event */
}

/* Without cfg.poll storage (40 bytes per line): interrupt lines work, and
 * whatever needs sampling state is refused up front. */
static void test_no_poll_storage(void)
{
    pinq_cfg_t c = base_cfg();
    c.poll = NULL;
    CHECK_EQ(pinq_init(&q, &c), PINQ_EINVAL); /* L_POLL needs it */
    c.nlines = L_POLL;                        /* the interrupt lines only */
    CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
    CHECK_EQ(pinq_line_trip(&q, L_BOTH, 4, 100), PINQ_EINVAL);
    CHECK_EQ(pinq_line_set_polled(&q, L_BOTH, true), PINQ_EINVAL);
    CHECK_EQ(pinq_line_state(&q, L_BOTH), PINQ_LINE_ON);
    /* what needs no storage succeeds, as in a build without polling */
    CHECK_EQ(pinq_line_trip(&q, L_BOTH, 0, 0), PINQ_OK);
    CHECK_EQ(pinq_line_set_polled(&q, L_BOTH, false), PINQ_OK);
    CHECK_EQ(pinq_line_state(&q, L_BOTH), PINQ_LINE_ON);
    fallback_calls = 0;
    CHECK_EQ(pinq_post(&q, L_BOTH, 1), PINQ_OK);
    CHECK_EQ(pinq_dispatch(&q, 10), 1);
    CHECK_EQ(fallback_calls, 1);
}

/* Which posts the ISR's fast path may take follows the line's state: an
 * armed trip counts every post, a polled line refuses and counts them, and
 * disarming or handing the line back restores plain posting. */
static void test_fast_path_follows_state(void)
{
    reset();
    pinq_ticks_t ts0 = pinq_port_now();
    CHECK_EQ(pinq_post(&q, L_BOTH, 1), PINQ_OK);
    CHECK_EQ(q_poll[L_BOTH].posts, PINQ_DEBUG ? 1 : 0); /* fast path: nothing to count (PINQ_DEBUG has none) */
    CHECK_EQ(pinq_line_trip(&q, L_POLL, 4, 1), PINQ_OK); /* a trip needs a pollable line */
    for (int i = 0; i < 3; i++)
        CHECK_EQ(pinq_post(&q, L_POLL, i & 1), PINQ_OK);
    CHECK_EQ(q_poll[L_POLL].posts, 3); /* armed: every post counted */
    CHECK_EQ(pinq_line_trip(&q, L_POLL, 0, 0), PINQ_OK);
    CHECK_EQ(pinq_post(&q, L_POLL, 1), PINQ_OK);
    CHECK_EQ(q_poll[L_POLL].posts, PINQ_DEBUG ? 4 : 3); /* disarmed: fast path again */
    CHECK_EQ(pinq_line_set_polled(&q, L_POLL, true), PINQ_OK);
    CHECK_EQ(pinq_post(&q, L_POLL, 0), PINQ_EDISABLED);
    CHECK_EQ(q_poll[L_POLL].masked, 1);
    CHECK_EQ(pinq_line_set_polled(&q, L_POLL, false), PINQ_OK);
    CHECK_EQ(pinq_post(&q, L_POLL, 0), PINQ_OK);
    pinq_ticks_t ts1 = pinq_port_now();
    /* every queued event: its stamp lies between the clock reads around
     * the posts (on 32-bit-stamp ports, the high word restored at pop) */
    pinq_event_t ev;
    int n = 0;
    while (pinq_ring_pop(&q.ring, &ev) == 1) {
        CHECK(ev.ts >= ts0 && ev.ts <= ts1);
        n++;
    }
    CHECK_EQ(n, 6);
}

/* Free slots a ring of CAP with one line owing a RESYNC waits for before
 * the marker and the next event go in (pinq.h, pinq_ring_pop): 9, at most
 * half the ring, at least 2. */
#define ROOM_RESYNC (CAP / 2 < 2 ? 2 : CAP / 2 < 9 ? CAP / 2 : 9)

/* Through the ISR entries on the MPSC queue: after a loss, the line's next
 * stored event comes after its RESYNC (the inlined claim must not store
 * while a RESYNC is owed), and pinq_isr_post() records the line's level. */
static void test_isr_post_resync(void)
{
    reset();
    for (int i = 0; i < CAP; i++)
        CHECK_EQ(pinq_isr_post(&q, L_BOTH, i & 1), PINQ_OK);
    CHECK_EQ(pinq_line_level(&q, L_BOTH), 1);
    CHECK_EQ(pinq_isr_post(&q, L_BOTH, 0), PINQ_EFULL);
    pinq_event_t out;
    for (int i = 0; i < ROOM_RESYNC - 1; i++)
        CHECK_EQ(pinq_ring_pop(&q.ring, &out), 1);
    CHECK_EQ(pinq_isr_post(&q, L_BOTH, 1), PINQ_EFULL); /* not drained enough yet: refused too */
    CHECK_EQ(pinq_ring_pop(&q.ring, &out), 1);
    CHECK_EQ(pinq_isr_post(&q, L_BOTH, 1), PINQ_OK); /* marker and event */
    CHECK_EQ(pinq_line_level(&q, L_BOTH), 1);
    for (int i = 2; i < ROOM_RESYNC; i++)
        CHECK_EQ(pinq_post(&q, L_BOTH, i & 1), PINQ_OK);
    CHECK_EQ(pinq_post(&q, L_BOTH, 0), PINQ_EFULL); /* full again */
    pinq_event_t prev = {0};
    int n = 0;
    while (pinq_ring_pop(&q.ring, &out) == 1) {
        n++;
        if (n == CAP - ROOM_RESYNC + 2) { /* the first event stored after the loss */
            CHECK_EQ(prev.kind, PINQ_EV_RESYNC);
            CHECK_EQ(prev.lost, 2);
            CHECK_EQ(out.kind, PINQ_EV_RISE);
        }
        prev = out;
    }
    CHECK_EQ(n, CAP);
    CHECK_EQ(prev.kind, PINQ_EV_RISE);
    CHECK_EQ(pinq_line_level(&q, L_BOTH), 0);
}

static void test_irq_nesting(void)
{
    pinq_irqstate_t a = pinq_irq_save();
    pinq_irqstate_t b = pinq_irq_save();
    pinq_irq_restore(b);
    pinq_irq_restore(a);
    CHECK(pinq_wait(&q, 0) == pinq_pending(&q));
}

int main(void)
{
    test_init_errors();
    test_failed_init_is_harmless();
    test_triggers();
    test_hard_and_deferred();
    test_enable();
    test_dispatch_budget();
    test_dispatch_resync();
    test_polled();
    test_no_poll_storage();
    test_fast_path_follows_state();
    test_isr_post_resync();
    test_irq_nesting();
    return check_done("test_lines");
}
