/* test_flush_aba.c - an MPSC flusher preempted between claiming a RESYNC
 * marker's slot and taking the line's count, by the line's own producer,
 * which flushes its marker, stores an event and loses one more so that the
 * count is back to the value the flusher read. The flusher must not take
 * that new loss (its RESYNC would come ahead of the event stored before
 * it). White box: the ring's source is compiled here with its
 * compare-and-swap hooked, to run the "interrupt" at that exact point. */
#include "check.h"
#include "pinq_atomic.h"

static void (*preempt)(void);

static bool hooked_cas(_Atomic uint32_t *p, uint32_t *expect, uint32_t v)
{
    void (*isr)(void) = preempt;
    preempt = NULL;
    if (isr)
        isr();
    return atomic_compare_exchange_strong(p, expect, v);
}
#undef CAS_ACQ_REL
#define CAS_ACQ_REL(p, expect, v) hooked_cas((p), (expect), (v))
#include "pinq_ring.c"

/* 4 slots: with one line owing, the drain-first rule (pinq.h) wants 2
 * free (half the ring), so three free slots hold both flushers' markers
 * and the preempting producer's event, and nothing more. */
#define CAP 4
enum { L, M, NL };

static pinq_slot_t slots[CAP];
static pinq_lost_t lost[NL];
static pinq_ring_t ring;

static int push(uint16_t line, int level, pinq_ticks_t ts)
{
    pinq_event_t e = {.ts = ts, .line = line, .kind = level ? PINQ_EV_RISE : PINQ_EV_FALL, .level = (uint8_t)level};
    return pinq_ring_push(&ring, &e);
}

/* line L's producer, at a higher priority than the flusher */
static void isr_line_l(void)
{
    CHECK_EQ(push(L, 0, 102), PINQ_OK);    /* owes: writes its own marker first, then stores */
    CHECK_EQ(push(L, 1, 103), PINQ_EFULL); /* lost: the account word is what the flusher read */
}

int main(void)
{
    pinq_ring_cfg_t c = {.slots = slots, .capacity = CAP, .lost = lost, .nlines = NL, .mode = PINQ_MPSC,
                         .policy = PINQ_DROP_NEWEST};
    CHECK_EQ(pinq_ring_init(&ring, &c), PINQ_OK);
    CHECK_EQ(push(L, 0, 100), PINQ_OK);
    for (int i = 0; i < CAP - 1; i++)
        CHECK_EQ(push(M, i & 1, 200 + (pinq_ticks_t)i), PINQ_OK);
    CHECK_EQ(push(L, 1, 101), PINQ_EFULL);
    pinq_event_t ev;
    for (int i = 0; i < 3; i++)
        CHECK_EQ(pinq_ring_pop(&ring, &ev), 1); /* three free slots */
    preempt = isr_line_l;
    /* flushes L's marker, preempted before its take; then no room is left for its own event */
    CHECK_EQ(push(M, 1, 300), PINQ_EFULL);
    CHECK(preempt == NULL);

    /* Line L's stream: a RESYNC for 101, the event 102, and only then one
     * for 103 (written by the flush of the now-empty ring). */
    pinq_ticks_t seen[4];
    int n = 0;
    for (int round = 0; round < 2; round++) {
        while (pinq_ring_pop(&ring, &ev) == 1)
            if (ev.line == L && n < 4)
                seen[n++] = ev.kind == PINQ_EV_RESYNC ? 1000 + ev.lost * 10 + ev.level : ev.ts;
        CHECK(pinq_ring_flush_lost(&ring));
    }
    CHECK_EQ(n, 3);
    CHECK_EQ(seen[0], 1011); /* RESYNC: 1 lost, level 1 (101) */
    CHECK_EQ(seen[1], 102);
    CHECK_EQ(seen[2], 1011); /* RESYNC: 1 lost, level 1 (103) */
    pinq_ring_stats_t st;
    pinq_ring_stats(&ring, &st);
    CHECK_EQ(st.produced, st.delivered + st.dropped);
    CHECK_EQ(st.queued, 0);
    return check_done("test_flush_aba");
}
