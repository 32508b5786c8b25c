/* test_saturate_race.c - a producer that found its line saturated sets the
 * "at least" flag just after the consumer took the whole count, so the
 * line owes no count, only the flag and the loss its setter did not count.
 * That loss must still be reported (PINQ_FLAG_AT_LEAST), and conservation
 * must hold. White box: the ring's source is compiled here with the
 * saturation limit lowered to 2 owed and the flag's OR hooked, to run the
 * consumer at that exact point. */
#include "check.h"
#include "pinq_atomic.h"

static void (*preempt)(void);
static _Atomic uint32_t *hook_on;

static uint32_t hooked_or(_Atomic uint32_t *p, uint32_t v)
{
    void (*isr)(void) = preempt;
    if (p == hook_on && v != 0 && isr) {
        preempt = NULL;
        isr();
    }
    return atomic_fetch_or(p, v);
}
#undef OR_REL
#define OR_REL(p, v) hooked_or((p), (v))
#define LOST_SAT_SHIFT 3 /* counts << 2: a line stops counting at 2 owed */
#include "pinq_ring.c"

#define CAP 4

static pinq_slot_t slots[CAP];
static pinq_lost_t lost[1];
static pinq_ring_t ring;
static uint32_t delivered, reported, at_least;

static void consume(const pinq_event_t *ev)
{
    if (ev->kind != PINQ_EV_RESYNC) {
        delivered++;
        return;
    }
    reported += ev->lost;
    at_least += (ev->level & PINQ_FLAG_AT_LEAST) != 0;
}

/* the consumer, between the producer's decision to saturate and its OR:
 * it empties the ring and takes the whole count */
static void consumer_runs(void)
{
    pinq_event_t ev;
    while (pinq_ring_pop(&ring, &ev) == 1)
        consume(&ev);
}

static int push(uint32_t k)
{
    pinq_event_t e = {.ts = k, .line = 0, .kind = PINQ_EV_RISE, .level = 1};
    return pinq_ring_push(&ring, &e);
}

int main(void)
{
    pinq_ring_cfg_t c = {.slots = slots, .capacity = CAP, .lost = lost, .nlines = 1, .mode = PINQ_SPSC,
                         .policy = PINQ_DROP_NEWEST};
    CHECK_EQ(pinq_ring_init(&ring, &c), PINQ_OK);
    hook_on = &lost[0].taken;
    uint32_t k = 0;
    for (int i = 0; i < CAP; i++)
        CHECK_EQ(push(++k), PINQ_OK);
    CHECK_EQ(push(++k), PINQ_EFULL); /* owed 1 */
    CHECK_EQ(push(++k), PINQ_EFULL); /* owed 2 */
    preempt = consumer_runs;
    CHECK_EQ(push(++k), PINQ_EFULL); /* saturated: not counted, the flag set after the take */
    CHECK(preempt == NULL);
    CHECK_EQ(delivered, CAP);
    CHECK_EQ(reported, 2);
    CHECK_EQ(push(++k), PINQ_OK); /* the producer's RESYNC for the flag goes first */

    pinq_event_t ev;
    while (pinq_ring_pop(&ring, &ev) == 1)
        consume(&ev);
    CHECK_EQ(delivered, CAP + 1);
    CHECK_EQ(reported, 3); /* the uncounted loss too */
    CHECK_EQ(at_least, 1);
    CHECK_EQ(delivered + reported, k);
    pinq_ring_stats_t st;
    pinq_ring_stats(&ring, &st);
    CHECK_EQ(st.produced, k);
    CHECK_EQ(st.produced, st.delivered + st.dropped);
    CHECK_EQ(st.queued, 0);
    CHECK(!pinq_ring_lost_pending(&ring));
    return check_done("test_saturate_race");
}
