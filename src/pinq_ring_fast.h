/* pinq_ring_fast.h - the producer's fast path into a fifo (SPSC) ring,
 * and its stamped (MPSC) ring, inlined into the ISR entry pinq_post()
 * (internal). It stores only when nothing is owed (no RESYNC to write
 * first) and a slot is free at the first try; every other case returns
 * false and the caller takes the general path in pinq_ring.c, which
 * decides and counts. */
#ifndef PINQ_RING_FAST_H
#define PINQ_RING_FAST_H

#include "pinq.h"
#include "pinq_atomic.h"
#include "pinq_isr.h"
#include "pinq_ring_inline.h"

/* The ISR path is measured in instructions: keep the fast path in line and
 * the rare paths out of it, so they do not cost registers and a frame. */
#if defined(__GNUC__)
#define PINQ_ALWAYS_INLINE static inline __attribute__((always_inline))
#define PINQ_COLD static __attribute__((noinline, cold))
#define PINQ_NOINLINE __attribute__((noinline))
#else
#define PINQ_NOINLINE
#define PINQ_ALWAYS_INLINE static inline
#define PINQ_COLD static
#endif

/* After a failed fast attempt: refuse and count an event of `line` at
 * `level` if the ring surely refuses it; PINQ_EFULL, or PINQ_OK (not
 * sure: take the general path). Never under DROP_OLDEST. */
int pinq_ring_refuse_full_(pinq_ring_t *r, uint16_t line, uint8_t level);

/* A ring pinq_ring_init() accepted: a zeroed or refused one has no slots. */
PINQ_ALWAYS_INLINE bool pinq_ring_ok_(const pinq_ring_t *r)
{
    return r && r->slots;
}

/* Stamped ring: positions claimed but not yet published, and nothing
 * ready before them (a producer on another core or a preempted thread is
 * between its claim and its publication). */
bool pinq_ring_in_flight_(const pinq_ring_t *r);

/* PINQ_DEBUG: report a consumer call made from an interrupt handler
 * (pinq_debug_violation); nothing in other builds. */
void pinq_debug_consumer_(void);

/* Consumer, 32-bit stamps: note that the ring is empty now, so events
 * stamped later are restored exactly (pinq_wait() does it at least every
 * 2^31 ticks while it sleeps). */
void pinq_ring_note_idle_(pinq_ring_t *r);

/* A 32-bit stamp taken less than 2^32 ticks before `now`, in full. */
static inline pinq_ticks_t stamp_extend(uint32_t lo, pinq_ticks_t now)
{
    return now - (uint32_t)((uint32_t)now - lo);
}

/* An event as the producer hands it to a slot. hi is stored only when
 * with_hi: an ISR of a 32-bit-stamp ring has no high word to store. */
typedef struct fast_ev {
    uint32_t lo, hi, tag;
    bool with_hi;
} fast_ev_t;

/* An event with its full 64-bit ts. */
static inline fast_ev_t fast_ev_full(pinq_ticks_t ts, uint32_t tag)
{
    return (fast_ev_t){(uint32_t)ts, (uint32_t)(ts >> 32), tag, true};
}

PINQ_ALWAYS_INLINE void fast_fill(pinq_slot_t *s, fast_ev_t e)
{
    pinq_slot_fill_(s, e.lo, e.hi, e.tag, e.with_hi);
}

/* fifo: the single producer owns tail and tail_limit (see
 * pinq_fifo_room_ in pinq_isr.h, shared with the inlined ISR path). */
PINQ_ALWAYS_INLINE bool fast_push_fifo(pinq_ring_t *r, fast_ev_t e)
{
    return pinq_fifo_put_(r, e.lo, e.hi, e.tag, e.with_hi);
}

/* stamped: one claim attempt (see pinq_stamp.h). Any failure - full, or a
 * CAS lost to a producer that preempted us - goes to the general path,
 * which retries; so this stays lock-free. */
PINQ_ALWAYS_INLINE bool fast_push_stamped(pinq_ring_t *r, fast_ev_t e)
{
    return pinq_stamped_store_(r, e.lo, e.hi, e.tag, e.with_hi);
}

PINQ_ALWAYS_INLINE bool ring_fast_push(pinq_ring_t *r, fast_ev_t e)
{
    return IS_FIFO(r) ? fast_push_fifo(r, e) : fast_push_stamped(r, e);
}

#endif
