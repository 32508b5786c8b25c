/* pinq_stamp.h - index protocol of a bounded multi-producer ring with one
 * publication stamp per slot (D. Vyukov's bounded queue), shared by the
 * MPSC event ring and the deferred-call queue (internal).
 *
 * Slot i of position p carries stamp:
 *     p           free for the producer of position p
 *     p + 1       filled, ready for the consumer
 *     p + cap     consumed, free for position p + cap
 * A producer claims p by CAS on tail only when stamp == p, fills the slot,
 * then publishes stamp p + 1 with release. The consumer reads the slot only
 * after an acquire load of stamp == p + 1, so payload accesses never race.
 */
#ifndef PINQ_STAMP_H
#define PINQ_STAMP_H

#include <stddef.h>
#include <stdint.h>

#include "pinq_atomic.h"

/* Stamp of slot at `pos`, for slots of `stride` bytes whose stamp is at `off`. */
static inline _Atomic uint32_t *stamp_at(void *base, size_t stride, size_t off, uint32_t mask, uint32_t pos)
{
    return (_Atomic uint32_t *)((char *)base + (size_t)(pos & mask) * stride + off);
}

/* Whether `room` positions from p are free: the stamp of the last of them
 * against that position. 0: free; below 0: it still holds the previous
 * lap (no room); above 0: p was taken already (tail moved on). acquire:
 * the consumer's reads of these slots happen before the caller's writes. */
static inline int32_t stamp_room(void *base, size_t stride, size_t off, uint32_t mask, uint32_t p, uint32_t room)
{
    uint32_t last = p + room - 1;
    return IDX_DIFF(LD_ACQ(stamp_at(base, stride, off, mask, last)), last);
}

/* Claim the next position, if `room` positions from it are free (room
 * from 1 to cap; above 1 only where the consumer alone frees slots, in
 * order: then the last of them free means all are, and the acquire of its
 * stamp orders the consumer's reads of the first before our writes).
 * Returns 1 and *pos on success, 0 if there is less room. Lock-free: each
 * retry means another producer claimed a position. */
static inline int stamp_claim_room(_Atomic uint32_t *tail, void *base, size_t stride, size_t off, uint32_t mask,
                                   uint32_t room, uint32_t *pos)
{
    /* one load of tail for the first try and every retry: no instruction
     * that only a lost race runs, for the preemption sweep to miss */
    for (;;) {
        uint32_t p = LD_RLX(tail);                                 /* model: c_claim_tail */
        int32_t d = stamp_room(base, stride, off, mask, p, room); /* model: c_claim_stamp */
        if (d < 0)
            return 0; /* the last of them still holds the previous lap: not enough room */
        if (d == 0 && CAS_RLX(tail, &p, p + 1)) { /* model: c_claim_cas */
            *pos = p;
            return 1;
        }
        /* another producer took p (d > 0: the last of them is published already) */
    }
}

/* Claim the next position. Returns 1 and *pos on success, 0 if full. */
static inline int stamp_claim(_Atomic uint32_t *tail, void *base, size_t stride, size_t off, uint32_t mask,
                              uint32_t *pos)
{
    return stamp_claim_room(tail, base, stride, off, mask, 1, pos);
}

/* Is position `pos` published? (consumer) */
static inline int stamp_ready(void *base, size_t stride, size_t off, uint32_t mask, uint32_t pos)
{
    return LD_ACQ(stamp_at(base, stride, off, mask, pos)) == pos + 1;
}

/* Hand the slot of `pos` back to producers (consumer, after reading it). */
static inline void stamp_release(void *base, size_t stride, size_t off, uint32_t mask, uint32_t pos)
{
    ST_REL(stamp_at(base, stride, off, mask, pos), pos + mask + 1);
}

/* Initial stamps: slot of position start + i is free for it. */
static inline void stamp_init(void *base, size_t stride, size_t off, uint32_t cap, uint32_t start)
{
    for (uint32_t i = 0; i < cap; i++)
        ST_RLX(stamp_at(base, stride, off, cap - 1, start + i), start + i);
}

#endif
