/* pinq_ring_fast.h - the producer's fast path into a fifo (SPSC) ring,
 * inlined into pinq_ring_push() and into the ISR entry pinq_post_at()
 * (internal). It stores only when nothing is owed (no RESYNC marker to
 * write first) and there is room; every other case returns false and the
 * caller takes the general path in pinq_ring.c, which decides and counts. */
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

PINQ_ALWAYS_INLINE bool ring_fast_push(pinq_ring_t *r, pinq_ticks_t ts, uint16_t line, uint8_t kind,
                                       uint8_t level)
{
    if (!r->fifo || LD_RLX(&r->lost_pending) != 0)
        return false;
    uint32_t t = LD_RLX(&r->tail); /* only this producer writes tail */
    if (t - r->tail_cache > r->mask) {
        /* stale view says full; acquire: the consumer finished reading a
         * slot before it moved head past it */
        r->tail_cache = LD_ACQ(&r->head);
        if (t - r->tail_cache > r->mask)
            return false;
    }
    pinq_slot_t *s = &r->slots[t & r->mask];
    s->ts = ts;
    s->line = line;
    s->kind = kind;
    s->level = level;
    ST_REL(&r->tail, t + 1); /* release: the slot is written before it is visible */
    return true;
}

#endif
