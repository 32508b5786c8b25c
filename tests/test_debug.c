/* test_debug.c - a PINQ_DEBUG build reports the calling contexts that
 * pinq.h's table forbids: a consumer call from an interrupt (a bound
 * signal's handler here), and a second producer inside an SPSC push; and
 * it counts push attempts in `produced`. The core is compiled here with
 * PINQ_DEBUG=1 (CMake), and pinq_debug_violation() replaced to count. */
#include <signal.h>
#include <string.h>

#include "check.h"
#include "pinq.h"
#include "pinq_posix.h"

/* set from signal handlers: volatile, as raise() is not expected to call back */
static volatile unsigned violations;
static const char *volatile last_what;

void pinq_debug_violation(const char *what)
{
    violations++;
    last_what = what;
}

enum { L_POP, L_OK, NLINES };

static pinq_t *qp;

/* runs inside the port's signal handler: a consumer call there is wrong */
static bool pop_in_isr(pinq_event_t *ev, void *ctx)
{
    (void)ev;
    (void)ctx;
    pinq_event_t out;
    pinq_ring_pop(&qp->ring, &out);
    pinq_dispatch(qp, 1);
    return true;
}

static const pinq_line_cfg_t lines[NLINES] = {
    [L_POP] = {.trigger = PINQ_TRIG_BOTH, .hard = pop_in_isr},
    [L_OK] = {.trigger = PINQ_TRIG_BOTH},
};

int main(void)
{
    CHECK(PINQ_DEBUG);
    PINQ_DEFINE(q, lines, NLINES, 4, PINQ_SPSC, PINQ_DROP_NEWEST);
    qp = &q;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_posix_bind_signal(&q, L_POP, SIGUSR1), PINQ_OK);
    CHECK_EQ(pinq_posix_bind_signal(&q, L_OK, SIGUSR2), PINQ_OK);

    /* a producer from a handler is fine; the consumer in the main loop too */
    raise(SIGUSR2);
    CHECK_EQ(pinq_dispatch(&q, 8), 1);
    CHECK_EQ(violations, 0);

    /* the consumer called from inside a handler: the pop, the dispatch and
     * the dispatch's own pop are reported */
    raise(SIGUSR1);
    CHECK_EQ(violations, 3);
    CHECK(last_what && strstr(last_what, "interrupt"));

    /* a second producer inside an SPSC push: the first one's mark is up */
    violations = 0;
    atomic_store(&q.ring.pushing, 1); /* as if a producer were mid-push */
    CHECK_EQ(pinq_post(&q, L_OK, 1), PINQ_OK);
    CHECK_EQ(violations, 1);
    CHECK(last_what && strstr(last_what, "SPSC"));
    CHECK_EQ(atomic_load(&q.ring.pushing), 0);
    CHECK_EQ(pinq_post(&q, L_OK, 0), PINQ_OK); /* alone again: nothing to report */
    CHECK_EQ(violations, 1);

    /* produced counts the attempts themselves: refused ones too */
    for (int i = 0; i < 8; i++)
        pinq_post(&q, L_OK, i & 1);
    while (pinq_dispatch(&q, 8))
        ;
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.produced, 1 + 1 + 1 + 1 + 8); /* SIGUSR2, SIGUSR1, two posts, eight posts */
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.queued);
    pinq_posix_unbind(SIGUSR1);
    pinq_posix_unbind(SIGUSR2);
    return check_done("test_debug");
}
