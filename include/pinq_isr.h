/* pinq_isr.h - pinq_post() compiled into the interrupt handler.
 *
 *     #include "pinq_isr.h"
 *     void button_isr(void)
 *     {
 *         ack_the_interrupt();
 *         pinq_isr_post(&q, BUTTON, read_the_pin());
 *     }
 *
 * pinq_isr_post() has pinq_post()'s contract. Its common case - a ring
 * with room, a line that is on, with no hard handler and no storm trip
 * armed - is inlined into the handler: one load that says whether the edge
 * may go straight in (the line's tag for that level, see pinq_line.c), one
 * compare against the ring's limit (SPSC) or one claim by compare-and-swap
 * (MPSC, where that is an instruction), the port's timestamp, two stores
 * and the publishing one. Every other case (full, a RESYNC owed, a claim
 * lost to another producer, filtered, disabled, polled...) calls the
 * library's general path, and so does every post in a PINQ_DEBUG build:
 * the including file's, or the library's (a debug library gives every
 * line the tag that sends its edges there).
 * docs/performance.md has what it costs per target.
 *
 * Needs the port's pinq_port_stamp.h on the include path (port/<target>/):
 * it gives the ISR stamp, its width, and whether the target has one core.
 */
#ifndef PINQ_ISR_H
#define PINQ_ISR_H

#include "pinq.h"
#include "pinq_port_stamp.h"

#ifdef __cplusplus
extern "C" {
#endif

#if PINQ_PORT_STAMP_BITS == 32
typedef uint32_t pinq_stamp_t; /* low word of pinq_port_now(); the ring restores the rest */
#else
typedef pinq_ticks_t pinq_stamp_t; /* pinq_port_now() whole */
#endif

/* The ISR path and its helpers are compiled into the handler whatever the
 * optimisation level (at -Os GCC would call some of them out of line). */
#if defined(__GNUC__)
#define PINQ_ISR_INLINE_ static inline __attribute__((always_inline))
#else
#define PINQ_ISR_INLINE_ static inline
#endif

/* Orderings an ISR's publication needs. With one core (PINQ_SINGLE_CORE,
 * set by the Cortex-M and RISC-V ports) every producer is an interrupt
 * taken between two of the consumer's instructions on the same core, so
 * each side sees the other's accesses in program order and only the
 * compiler may reorder: a signal fence (C11 7.17.4, ordering with a
 * handler run in the same thread) is enough, no DMB or FENCE. */
#if PINQ_SINGLE_CORE
PINQ_ISR_INLINE_ uint32_t pinq_ld_acq_(const _Atomic uint32_t *p)
{
    uint32_t v = atomic_load_explicit(p, memory_order_relaxed);
    atomic_signal_fence(memory_order_acquire);
    return v;
}
#define PINQ_LD_ACQ(p) pinq_ld_acq_(p)
#define PINQ_ST_REL(p, v) \
    (atomic_signal_fence(memory_order_release), atomic_store_explicit((p), (v), memory_order_relaxed))
#else
#define PINQ_LD_ACQ(p) atomic_load_explicit((p), memory_order_acquire)
#define PINQ_ST_REL(p, v) atomic_store_explicit((p), (v), memory_order_release)
#endif

/* Wake the consumer if it waits (PINQ_CFG_WAKE), after a producer queued
 * something. The full fence orders the publication before the load of
 * q->waiter, as the consumer orders its naming before its look (pinq.h,
 * "blocking consumers"); with one core only the compiler could reorder
 * them. Bare-metal ports build none of it. Internal to pinq. */
#if PINQ_SINGLE_CORE
#define PINQ_FENCE_SC_() atomic_signal_fence(memory_order_seq_cst)
#else
#define PINQ_FENCE_SC_() atomic_thread_fence(memory_order_seq_cst)
#endif
#if PINQ_CFG_WAKE
PINQ_ISR_INLINE_ void pinq_wake_(pinq_t *q)
{
    PINQ_FENCE_SC_();                                                 /* model: c_wake_fence_p */
    void *w = atomic_load_explicit(&q->waiter, memory_order_relaxed); /* model: c_wake_load */
    if (w)
        pinq_port_wake(q, w);
}
#else
#define pinq_wake_(q) ((void)(q))
#endif

/* Bits of a slot tag above the line id (PINQ_TAG, PINQ_MAX_LINES), set in
 * a line's fast tags (pinq_line.fast). */
#define PINQ_TAG_STAMP32 (UINT32_C(1) << 15) /* stored with a 32-bit stamp: pop restores the high word */
#define PINQ_TAG_FIFO (UINT32_C(1) << 14)    /* a hint to producers, ignored by pop: the ring is a fifo */

/* Keep a pointer in one register: GCC 12 otherwise computes a slot's
 * address twice (once as base + index) and cannot pair the two stores
 * into one STRD on ARMv7-M. */
#if defined(__GNUC__)
#define PINQ_ONE_REG_(p) __asm__("" : "+r"(p))
#else
#define PINQ_ONE_REG_(p) ((void)0)
#endif

/* Are losses waiting for their RESYNC (internal)? An event must not
 * overtake them. acquire: pairs with the flusher's release, which came
 * after its markers claimed their positions. */
PINQ_ISR_INLINE_ bool pinq_losses_owed_(const pinq_ring_t *r)
{
    /* model: c_owed_losses c_owed_flushed */
    return atomic_load_explicit(&r->losses, memory_order_relaxed) != PINQ_LD_ACQ(&r->losses_flushed);
}

/* May the single producer of a fifo ring store at position t? Not when
 * the ring is full or a RESYNC is owed first (internal to pinq).
 * tail_limit is head as the producer last saw it plus the capacity, or
 * tail itself after a refusal (pinq_ring.c): never below tail, and
 * reaching it is the one case that reads the consumer's index again. */
PINQ_ISR_INLINE_ bool pinq_fifo_room_(pinq_ring_t *r, uint32_t t)
{
    if (t != r->tail_limit) /* model: c_fast_limit */
        return true;
    if (pinq_losses_owed_(r))
        return false; /* the library writes the RESYNC first */
    /* acquire: the consumer finished reading a slot before moving head */
    r->tail_limit = PINQ_LD_ACQ(&r->head) + r->mask + 1;
    return t != r->tail_limit;
}

/* One claim of the next position of a stamped (MPSC) ring (pinq_stamp.h):
 * its slot, or NULL when the slot is not free yet, a RESYNC is owed first,
 * or another producer took the position (the library then retries, so
 * posting stays lock-free). Internal to pinq. */
PINQ_ISR_INLINE_ pinq_slot_t *pinq_stamped_claim_(pinq_ring_t *r, uint32_t *pos)
{
    if (pinq_losses_owed_(r))
        return NULL;
    uint32_t p = atomic_load_explicit(&r->tail, memory_order_relaxed);
    pinq_slot_t *s = &r->slots[p & r->mask];
    /* acquire: the consumer's reads of this slot happen before our writes */
    if (PINQ_LD_ACQ(&s->seq) != p ||
        !atomic_compare_exchange_weak_explicit(&r->tail, &p, p + 1, memory_order_relaxed, memory_order_relaxed))
        return NULL;
    *pos = p;
    return s;
}

/* Fill a claimed slot with the port's stamp and a tag (internal). */
PINQ_ISR_INLINE_ void pinq_slot_put_(pinq_slot_t *s, uint32_t tag)
{
    pinq_stamp_t stamp = pinq_port_stamp();
    PINQ_ONE_REG_(s);
    s->ts_lo = (uint32_t)stamp;
    s->tag = tag;
#if PINQ_PORT_STAMP_BITS != 32
    s->ts_hi = (uint32_t)(stamp >> 32);
#endif
}

/* The general path of pinq_isr_post() (internal to pinq): line check,
 * line state, storm trip, trigger, hard handler, overflow. It takes the
 * port's full timestamp itself, after the ring's verdict on an edge it is
 * sure to refuse (counted at once: a refused edge needs no time). */
int pinq_post_general_(pinq_t *q, uint16_t line, int level);

/* Fill and publish a slot claimed at position p, record the line's
 * level, wake the consumer: the rest of an MPSC post (internal). */
PINQ_ISR_INLINE_ int pinq_stamped_put_(pinq_t *q, pinq_line_t *ls, int level, pinq_slot_t *s, uint32_t p,
                                       uint32_t tag)
{
    atomic_store_explicit(&ls->level, (uint8_t)level, memory_order_relaxed);
    pinq_slot_put_(s, tag);
    PINQ_ST_REL(&s->seq, p + 1); /* model: c_wake_publish */
    pinq_wake_(q);
    return PINQ_OK;
}

#if PINQ_CFG_MPSC && defined(PINQ_PORT_MASK)
/* The MPSC post of a port with one core and no compare-and-swap (ARMv6-M):
 * the claim is the slot check and the store to tail with the port's mask
 * set, so no other producer runs between them. Out of line, so that its
 * registers do not cost pinq_isr_post()'s SPSC path, but in the handler's
 * file (internal to pinq). */
static __attribute__((noinline, unused)) int pinq_masked_post_(pinq_t *q, uint16_t line, int level, uint32_t tag)
{
    pinq_ring_t *r = &q->ring;
    if (!pinq_losses_owed_(r)) {
        uint32_t pm = pinq_port_mask();
        uint32_t p = atomic_load_explicit(&r->tail, memory_order_relaxed);
        pinq_slot_t *s = &r->slots[p & r->mask];
        /* acquire: the consumer's reads of this slot happen before our writes */
        bool free = PINQ_LD_ACQ(&s->seq) == p;
        if (free)
            atomic_store_explicit(&r->tail, p + 1, memory_order_relaxed);
        pinq_port_unmask(pm);
        if (free)
            return pinq_stamped_put_(q, &q->state[line], level, s, p, tag);
    }
    return pinq_post_general_(q, line, level);
}
#endif

/* pinq_post() for interrupt handlers: same contract and results; q must
 * be a queue pinq_init() accepted (not checked here, the line is). The
 * stamp is taken once the edge is known to go in: a few instructions
 * after entry, before the event is visible. The line's ISR is the only
 * writer of its level; the library stores the same one if it takes over. */
PINQ_ISR_INLINE_ int pinq_isr_post(pinq_t *q, uint16_t line, int level)
{
    if (!PINQ_DEBUG && line < q->nlines) { /* PINQ_DEBUG checks every post in the library */
        pinq_line_t *ls = &q->state[line];
        level = level != 0;
        uint32_t tag = atomic_load_explicit(&ls->fast[level], memory_order_relaxed);
        pinq_ring_t *r = &q->ring;
        if (tag & PINQ_TAG_FIFO) {
            atomic_store_explicit(&ls->level, (uint8_t)level, memory_order_relaxed);
            uint32_t t = atomic_load_explicit(&r->tail, memory_order_relaxed); /* ours alone */
            if (pinq_fifo_room_(r, t)) {
                pinq_slot_put_(&r->slots[t & r->mask], tag);
                /* release: the slot is written before it is visible */
                PINQ_ST_REL(&r->tail, t + 1); /* model: c_wake_publish */
                pinq_wake_(q);
                return PINQ_OK;
            }
        }
#if PINQ_CFG_MPSC && defined(PINQ_PORT_MASK)
        /* a tail call: its registers do not cost the SPSC path above */
        else if (tag != 0)
            return pinq_masked_post_(q, line, level, tag);
#elif PINQ_CFG_MPSC && ATOMIC_INT_LOCK_FREE == 2
        /* MPSC inline where compare-and-swap is an instruction */
        else if (tag != 0) {
            uint32_t p;
            pinq_slot_t *s = pinq_stamped_claim_(r, &p);
            if (s)
                return pinq_stamped_put_(q, ls, level, s, p, tag);
        }
#elif PINQ_CFG_MPSC
        /* compare-and-swap is a library call, and its frame would slow the
         * SPSC path above for nothing: pinq_post() has the claim */
        else if (tag != 0)
            return pinq_post(q, line, level);
#endif
    }
    /* full, a RESYNC owed, a claim lost, a line the tag sends here, or a
     * bad line: the general path decides (a second fast attempt would
     * fail too) */
    return pinq_post_general_(q, line, level);
}

#ifdef __cplusplus
}
#endif

#endif /* PINQ_ISR_H */
