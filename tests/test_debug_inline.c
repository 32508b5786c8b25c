/* test_debug_inline.c - a file built without PINQ_DEBUG that posts through
 * pinq_isr.h into a library built with it (the ASan suite's
 * PINQ_DEBUG=ON): the library's fast tags send every post to its general
 * path, which checks the calling context and counts the attempts that
 * pinq_ring_stats() reports as produced. In a build without PINQ_DEBUG
 * both sides agree, and this is plain conservation. */
#undef PINQ_DEBUG
#define PINQ_DEBUG 0 /* this file's setting, whatever the library's */
#include "check.h"
#include "pinq.h"
#include "pinq_isr.h"

#define CAP 8
#define POSTS 20

static const pinq_line_cfg_t lines[1] = {{.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, 1, CAP, PINQ_SPSC, PINQ_DROP_NEWEST); /* the test sets the mode */

static void posts_are_counted(uint8_t mode)
{
    q_cfg.mode = mode;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    int ok = 0;
    for (int i = 0; i < POSTS; i++)
        ok += pinq_isr_post(&q, 0, i & 1) == PINQ_OK;
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(ok, CAP);
    CHECK_EQ(st.produced, POSTS);
    CHECK_EQ(st.queued, CAP);
    CHECK_EQ(st.dropped, POSTS - CAP);
}

int main(void)
{
    posts_are_counted(PINQ_SPSC);
    posts_are_counted(PINQ_MPSC);
    return check_done("test_debug_inline");
}
