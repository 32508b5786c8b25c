/* pinq_ring_inline.h - pinq_ring_push() and pinq_ring_pop() compiled into
 * the caller.
 *
 *     #include "pinq_ring_inline.h"
 *     pinq_ring_push_inline(&ring, &ev);            // in the producer
 *     while (pinq_ring_pop_inline(&ring, &ev) == 1) // in the consumer
 *         use(&ev);
 *
 * Same contracts, results and calling contexts as pinq_ring_push() and
 * pinq_ring_pop(), the library's calls, which share their code. The
 * common case is inlined: a push with room and no RESYNC owed (in MPSC,
 * one claim attempt); a pop of a slot that holds an event with its full
 * 64-bit stamp (in MPSC, not under DROP_OLDEST, whose producers may move
 * head). Every other case - full, empty, a claim lost to another
 * producer, a RESYNC marker, a 32-bit ISR stamp to restore, bad
 * arguments - calls the library's general path, and so does every call
 * in a PINQ_DEBUG build. PINQ_DEBUG is the including file's: build it
 * with the library's setting, or a debug library's count of push attempts
 * misses the inlined ones.
 *
 * Needs the port's pinq_port_stamp.h on the include path, as pinq_isr.h
 * does: the orderings follow the port's core count.
 */
#ifndef PINQ_RING_INLINE_H
#define PINQ_RING_INLINE_H

#include <string.h>

#include "pinq.h"
#include "pinq_isr.h"

#ifdef __cplusplus
extern "C" {
#endif

/* pinq_ring_push() without its own fast attempt (internal to pinq): every
 * case decided, same contract. */
int pinq_ring_push_general_(pinq_ring_t *r, const pinq_event_t *ev);

/* Fill a slot (internal). with_hi: store the stamp's high word (an ISR of
 * a 32-bit-stamp port has none). */
PINQ_ISR_INLINE_ void pinq_slot_fill_(pinq_slot_t *s, uint32_t lo, uint32_t hi, uint32_t tag, bool with_hi)
{
    s->ts_lo = lo;
    if (with_hi)
        s->ts_hi = hi;
    s->tag = tag;
}

/* Fill the fifo's slot at its tail and publish it, if there is room and
 * no RESYNC is owed (internal). Single producer only. */
PINQ_ISR_INLINE_ bool pinq_fifo_put_(pinq_ring_t *r, uint32_t lo, uint32_t hi, uint32_t tag, bool with_hi)
{
    uint32_t t = atomic_load_explicit(&r->tail, memory_order_relaxed); /* ours alone */
    if (!pinq_fifo_room_(r, t))
        return false;
    pinq_slot_fill_(&r->slots[t & r->mask], lo, hi, tag, with_hi); /* model: c_fast_fill */
    PINQ_ST_REL(&r->tail, t + 1); /* model: c_fast_publish. release: the slot is written before it is visible */
    return true;
}

/* Claim, fill and publish the next slot of a stamped (MPSC) ring, in one
 * claim attempt (internal): false when it is not free, a RESYNC is owed
 * or another producer took the position. */
PINQ_ISR_INLINE_ bool pinq_stamped_store_(pinq_ring_t *r, uint32_t lo, uint32_t hi, uint32_t tag, bool with_hi)
{
    uint32_t p;
    pinq_slot_t *s = pinq_stamped_claim_(r, &p);
    if (!s)
        return false;
    pinq_slot_fill_(s, lo, hi, tag, with_hi);
    PINQ_ST_REL(&s->seq, p + 1); /* publish */
    return true;
}

/* An event from a slot written with its full stamp (internal); returns
 * its ts. The line is the tag's low bits: the bits above it are hints to
 * producers. Little-endian, line, kind and level lie in the event as in
 * the tag, so they go in one store. */
PINQ_ISR_INLINE_ pinq_ticks_t pinq_slot_event_(const pinq_slot_t *s, uint32_t tag, pinq_event_t *ev, uint32_t pos)
{
    pinq_ticks_t ts = (pinq_ticks_t)s->ts_hi << 32 | s->ts_lo;
    ev->ts = ts;
    ev->seq = pos;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t word = tag & ~(uint32_t)(PINQ_TAG_STAMP32 | PINQ_TAG_FIFO);
    memcpy(&ev->line, &word, sizeof word);
#else
    ev->line = (uint16_t)(tag & (PINQ_MAX_LINES - 1));
    ev->kind = (uint8_t)(tag >> 16);
    ev->level = (uint8_t)(tag >> 24);
#endif
    return ts;
}

/* The consumer's books for one event handed out (internal): its ts is
 * what a RESYNC after it reports. A fifo counts no deliveries: they are
 * the slots popped but the markers (pinq_ring_stats). */
PINQ_ISR_INLINE_ void pinq_note_event_(pinq_ring_t *r, pinq_ticks_t ts)
{
    r->last_ts = ts;
    r->has_last = 1;
}

/* Stamped rings: k events handed out, and what the consumer saw queued
 * (internal; a fifo's consumer notes its high-water mark in
 * pinq_fifo_filled_ and counts no deliveries). delivered has one writer:
 * a load and a store. */
PINQ_ISR_INLINE_ void pinq_note_delivered_(pinq_ring_t *r, uint32_t k, uint32_t fill)
{
    if (fill > r->mask + 1)
        fill = r->mask + 1; /* tail read after a preemption may include later claims */
    if (fill > r->high_water)
        r->high_water = fill;
    atomic_store_explicit(&r->delivered, atomic_load_explicit(&r->delivered, memory_order_relaxed) + k,
                          memory_order_relaxed);
}

/* The fifo consumer's view of tail, read again only when the cached one
 * shows nothing from h on; the largest fill it sees is the high-water
 * mark (internal). Returns the slots filled from h on. */
PINQ_ISR_INLINE_ uint32_t pinq_fifo_filled_(pinq_ring_t *r, uint32_t h, uint32_t want)
{
    uint32_t fill = r->head_cache - h;
    if (fill >= want)
        return fill;
    r->head_cache = PINQ_LD_ACQ(&r->tail); /* model: c_fifo_pop_tail. acquire: slots up to tail are written */
    fill = r->head_cache - h;
    if (fill > r->high_water)
        r->high_water = fill;
    return fill;
}

/* pinq_ring_push() in line: same contract. */
PINQ_ISR_INLINE_ int pinq_ring_push_inline(pinq_ring_t *r, const pinq_event_t *ev)
{
    /* nlines is 0 in a ring pinq_ring_init() did not accept */
    if (!PINQ_DEBUG && r && ev && ev->line < r->nlines && ev->kind != PINQ_EV_RESYNC) {
        uint32_t lo = (uint32_t)ev->ts, hi = (uint32_t)(ev->ts >> 32), tag = PINQ_TAG(ev->line, ev->kind, ev->level);
        if (r->fifo ? pinq_fifo_put_(r, lo, hi, tag, true) : PINQ_CFG_MPSC && pinq_stamped_store_(r, lo, hi, tag, true))
            return PINQ_OK;
    }
    return pinq_ring_push_general_(r, ev);
}

/* The consumer's fast pop of a stamped ring where only it moves head (not
 * DROP_OLDEST): the slot at head published, holding an event with its
 * full stamp (internal). Returns 1, or 0: take the general path. */
PINQ_ISR_INLINE_ int pinq_stamped_pop_(pinq_ring_t *r, pinq_event_t *ev)
{
    uint32_t h = atomic_load_explicit(&r->head, memory_order_relaxed); /* only the consumer writes head */
    pinq_slot_t *s = &r->slots[h & r->mask];
    if (PINQ_LD_ACQ(&s->seq) != h + 1) /* acquire: the slot is written */
        return 0;
    uint32_t tag = s->tag;
    if ((tag & PINQ_TAG_STAMP32) || (uint8_t)(tag >> 16) == PINQ_EV_RESYNC)
        return 0;
    atomic_store_explicit(&r->head, h + 1, memory_order_relaxed);
    r->cons_head = h + 1;
    pinq_ticks_t ts = pinq_slot_event_(s, tag, ev, h);
    PINQ_ST_REL(&s->seq, h + r->mask + 1); /* release: read before reused, free for the next lap */
    pinq_note_event_(r, ts);
    pinq_note_delivered_(r, 1, atomic_load_explicit(&r->tail, memory_order_relaxed) - h);
    return 1;
}

/* pinq_ring_pop() in line: same contract. */
PINQ_ISR_INLINE_ int pinq_ring_pop_inline(pinq_ring_t *r, pinq_event_t *ev)
{
    if (!PINQ_DEBUG && r && r->fifo && ev) { /* an accepted fifo ring */
        uint32_t h = atomic_load_explicit(&r->head, memory_order_relaxed); /* only the consumer writes head */
        if (pinq_fifo_filled_(r, h, 1) != 0) {
            const pinq_slot_t *s = &r->slots[h & r->mask];
            uint32_t tag = s->tag;
            if ((tag & PINQ_TAG_STAMP32) == 0 && (uint8_t)(tag >> 16) != PINQ_EV_RESYNC) {
                pinq_ticks_t ts = pinq_slot_event_(s, tag, ev, h); /* model: c_fifo_pop_read */
                /* release: the read is done before the slot is reused */
                PINQ_ST_REL(&r->head, h + 1); /* model: c_fifo_pop_head */
                pinq_note_event_(r, ts);
                return 1;
            }
        }
    } else if (!PINQ_DEBUG && PINQ_CFG_MPSC && r && r->slots && ev && r->policy != PINQ_DROP_OLDEST &&
               pinq_stamped_pop_(r, ev)) {
        return 1;
    }
    /* empty, a marker, a 32-bit stamp, DROP_OLDEST or bad arguments */
    return pinq_ring_pop(r, ev);
}

#ifdef __cplusplus
}
#endif

#endif /* PINQ_RING_INLINE_H */
