/* test_two_queues.c - two pinq_t in one program on the POSIX port, each
 * with a line 0 and a line 1 bound to signals of their own, then line 1
 * bound to a pipe of its own: each queue receives exactly its own events
 * (counts, lines, level order), disabling a line of one queue leaves the
 * other queue's same-numbered line alone, and each queue's books balance
 * (pinq_ring_stats), also when one of them overflows. */
#define _GNU_SOURCE
#include <signal.h>
#include <unistd.h>

#include "pinq_posix.h"
#include "two_queues.h"

#define CAP 16
static const pinq_line_cfg_t lines[2] = {{.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(qa, lines, 2, CAP, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_DEFINE(qb, lines, 2, CAP, PINQ_SPSC, PINQ_DROP_NEWEST);

/* The handlers are the port's; `irq` is the signal. Line 0 is raised
 * plainly (the port toggles the level), line 1 with sigqueue() (the value
 * carries it): either way the k-th signal leaves the line at level k & 1. */
static tq_src_t a0 = {.q = &qa, .line = 0}, a1 = {.q = &qa, .line = 1};
static tq_src_t b0 = {.q = &qb, .line = 0}, b1 = {.q = &qb, .line = 1};
static tq_src_t *const srcs_a[] = {&a0, &a1}, *const srcs_b[] = {&b0, &b1};

/* Send s's signal n times; each is handled before the next is sent. */
static void fire(tq_src_t *s, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        bool on = pinq_line_state(s->q, s->line) == PINQ_LINE_ON;
        unsigned run = s->runs + 1u;
        s->runs = run;
        if (s->line == 0)
            CHECK_EQ(raise((int)s->irq), 0);
        else
            CHECK_EQ(sigqueue(getpid(), (int)s->irq, (union sigval){.sival_int = (int)(run & 1u)}), 0);
        s->posts = s->posts + on; /* a disabled line's post is refused, not counted */
    }
}

static unsigned drain_a(void)
{
    return tq_drain(&qa, srcs_a, 2);
}

static unsigned drain_b(void)
{
    return tq_drain(&qb, srcs_b, 2);
}

/* Every event popped so far was its source's, and the books balance. */
static void check_all(void)
{
    tq_src_t *const all[] = {&a0, &a1, &b0, &b1};
    for (unsigned i = 0; i < 4; i++)
        CHECK_EQ(all[i]->popped, all[i]->posts);
    tq_check_books(&qa, srcs_a, 2);
    tq_check_books(&qb, srcs_b, 2);
    CHECK_EQ(pinq_line_level(&qa, 0), (int)(a0.runs & 1u));
    CHECK_EQ(pinq_line_level(&qb, 0), (int)(b0.runs & 1u));
}

static void bind_signals(void)
{
    a0.irq = SIGUSR1;
    b0.irq = SIGUSR2;
    a1.irq = (unsigned)SIGRTMIN;
    b1.irq = (unsigned)SIGRTMIN + 1u;
    CHECK_EQ(pinq_posix_bind_signal(&qa, 0, (int)a0.irq), PINQ_OK);
    CHECK_EQ(pinq_posix_bind_signal(&qb, 0, (int)b0.irq), PINQ_OK);
    CHECK_EQ(pinq_posix_bind_signal(&qa, 1, (int)a1.irq), PINQ_OK);
    CHECK_EQ(pinq_posix_bind_signal(&qb, 1, (int)b1.irq), PINQ_OK);
}

/* Interleaved signals on all four lines: each queue gets its own. */
static void test_own_events(void)
{
    fire(&a0, 3);
    fire(&b0, 5);
    fire(&a1, 4);
    fire(&b1, 2);
    fire(&a0, 1);
    fire(&b1, 1);
    CHECK_EQ(drain_a(), 8);
    CHECK_EQ(drain_b(), 8);
    check_all();
}

/* Line `line` of `off` disabled: the same-numbered line of the other
 * queue, and off's other line, still deliver. The disabled line is sent
 * an even number of signals, so its queued levels keep alternating. */
static void test_disable(pinq_t *off, uint16_t line)
{
    tq_src_t *const *mine = off == &qa ? srcs_a : srcs_b, *const *other = off == &qa ? srcs_b : srcs_a;
    CHECK_EQ(pinq_line_enable(off, line, false), PINQ_OK);
    fire(mine[line], 2);
    fire(other[line], 3);
    fire(mine[1 - line], 1);
    CHECK_EQ(tq_drain(off, mine, 2), 1);
    CHECK_EQ(tq_drain(other[0]->q, other, 2), 3);
    CHECK_EQ(pinq_line_enable(off, line, true), PINQ_OK);
    fire(mine[line], 1);
    CHECK_EQ(tq_drain(off, mine, 2), 1);
    check_all();
}

/* Line 1 of each queue moved to a pipe of its own (SIGIO-style real-time
 * signals): bytes are edges with level byte & 1, and each pipe's bytes reach
 * only its queue. Delivery is asynchronous: wait until both are in. */
static void test_fds(void)
{
    int pa[2], pb[2];
    CHECK_EQ(pipe(pa), 0);
    CHECK_EQ(pipe(pb), 0);
    CHECK_EQ(pinq_posix_unbind((int)a1.irq), PINQ_OK);
    CHECK_EQ(pinq_posix_unbind((int)b1.irq), PINQ_OK);
    a1.irq = (unsigned)SIGRTMIN + 2u;
    b1.irq = (unsigned)SIGRTMIN + 3u;
    CHECK_EQ(pinq_posix_bind_fd(&qa, 1, pa[0], (int)a1.irq), PINQ_OK);
    CHECK_EQ(pinq_posix_bind_fd(&qb, 1, pb[0], (int)b1.irq), PINQ_OK);
    struct {
        tq_src_t *s;
        int fd;
        unsigned n;
    } w[] = {{&a1, pa[1], 3}, {&b1, pb[1], 6}};
    for (unsigned k = 0; k < 2; k++)
        for (unsigned i = 0; i < w[k].n; i++) {
            unsigned run = w[k].s->runs + 1u;
            unsigned char byte = (unsigned char)(0x10u | (run & 1u));
            w[k].s->runs = run;
            w[k].s->posts = w[k].s->posts + 1u;
            CHECK_EQ(write(w[k].fd, &byte, 1), 1);
        }
    unsigned got_a = 0, got_b = 0;
    for (int tries = 0; (got_a < 3 || got_b < 6) && tries < 100; tries++) {
        pinq_wait(&qa, 20);
        got_a += drain_a();
        got_b += drain_b();
    }
    CHECK_EQ(got_a, 3);
    CHECK_EQ(got_b, 6);
    check_all();
    CHECK_EQ(pinq_posix_unbind((int)a1.irq), PINQ_OK);
    CHECK_EQ(pinq_posix_unbind((int)b1.irq), PINQ_OK);
    for (int i = 0; i < 2; i++) {
        close(pa[i]);
        close(pb[i]);
    }
}

/* qa overflows: it reports its own loss on its line 0; qb loses nothing. */
static void test_overflow(void)
{
    fire(&a0, CAP + 4);
    fire(&b0, 2);
    unsigned events = 0, lost = 0;
    pinq_event_t ev;
    for (int pass = 0; pass < 2; pass++) { /* the RESYNC is written once there is room */
        while (pinq_ring_pop(&qa.ring, &ev) == 1) {
            CHECK_EQ(ev.line, 0);
            if (ev.kind == PINQ_EV_RESYNC)
                lost += ev.lost;
            else
                events++;
        }
        pinq_irqstate_t s = pinq_irq_save();
        pinq_ring_flush_lost(&qa.ring);
        pinq_irq_restore(s);
    }
    CHECK_EQ(events, CAP);
    CHECK_EQ(lost, 4);
    CHECK_EQ(drain_b(), 2);
    pinq_ring_stats_t st;
    pinq_ring_stats(&qa.ring, &st);
    CHECK_EQ(st.produced, a0.posts + a1.posts);
    CHECK_EQ(st.dropped, 4);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    CHECK_EQ(st.queued, 0);
    tq_check_books(&qb, srcs_b, 2);
}

int main(void)
{
    CHECK_EQ(pinq_init(&qa, &qa_cfg), PINQ_OK);
    CHECK_EQ(pinq_init(&qb, &qb_cfg), PINQ_OK);
    bind_signals();
    test_own_events();
    test_disable(&qb, 0);
    test_disable(&qa, 0);
    test_disable(&qa, 1);
    test_disable(&qb, 1);
    test_fds();
    test_overflow();
    pinq_posix_unbind(SIGUSR1);
    pinq_posix_unbind(SIGUSR2);
    return check_done("test_two_queues");
}
