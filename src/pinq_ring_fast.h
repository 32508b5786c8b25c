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

/* The ISR path is measured in instructions: keep the fast path in line and
 * the rare paths out of it, so they do not cost registers and a frame. */
#if defined(__GNUC__)
#define PINQ_ALWAYS_INLINE static inline __attribute__((always_inline))
#define PINQ_COLD static __attribute__((noinline, cold))
#else
#define PINQ_ALWAYS_INLINE static inline
#define PINQ_COLD static
#endif

PINQ_ALWAYS_INLINE void fast_fill(pinq_slot_t *s, pinq_ticks_t ts, uint16_t line, uint8_t kind, uint8_t level)
{
    s->ts = ts;
    s->line = line;
    s->kind = kind;
    s->level = level;
}

/* fifo: the single producer owns tail; its cached view of head avoids the
 * consumer's cache line until the ring looks full. */
PINQ_ALWAYS_INLINE bool fast_push_fifo(pinq_ring_t *r, pinq_ticks_t ts, uint16_t line, uint8_t kind,
                                       uint8_t level)
{
    uint32_t t = LD_RLX(&r->tail);
    if (t - r->tail_cache > r->mask) {
        /* acquire: the consumer finished reading a slot before moving head */
        r->tail_cache = LD_ACQ(&r->head);
        if (t - r->tail_cache > r->mask)
            return false;
    }
    fast_fill(&r->slots[t & r->mask], ts, line, kind, level);
    ST_REL(&r->tail, t + 1); /* release: the slot is written before it is visible */
    return true;
}

/* stamped: one claim attempt (see pinq_stamp.h). Any failure - full, or a
 * CAS lost to a producer that preempted us - goes to the general path,
 * which retries; so this stays lock-free. */
PINQ_ALWAYS_INLINE bool fast_push_stamped(pinq_ring_t *r, pinq_ticks_t ts, uint16_t line, uint8_t kind,
                                          uint8_t level)
{
    uint32_t p = LD_RLX(&r->tail);
    pinq_slot_t *s = &r->slots[p & r->mask];
    if (LD_ACQ(&s->seq) != p || !CAS_RLX(&r->tail, &p, p + 1))
        return false;
    fast_fill(s, ts, line, kind, level);
    ST_REL(&s->seq, p + 1); /* publish */
    return true;
}

PINQ_ALWAYS_INLINE bool ring_fast_push(pinq_ring_t *r, pinq_ticks_t ts, uint16_t line, uint8_t kind,
                                       uint8_t level)
{
    if (LD_RLX(&r->lost_pending) != 0)
        return false; /* a RESYNC is owed first */
    return r->fifo ? fast_push_fifo(r, ts, line, kind, level) : fast_push_stamped(r, ts, line, kind, level);
}

#endif
