/* pinq_atomic.h - the core's only atomics vocabulary (internal).
 *
 * Thin names over <stdatomic.h> so each load states its ordering once.
 * Ports without native read-modify-write (Cortex-M0, ARMv6-M) provide the
 * __atomic_*_4 library calls by masking interrupts; see port/cortex-m.
 */
#ifndef PINQ_ATOMIC_H
#define PINQ_ATOMIC_H

#include <stdatomic.h>
#include <stdint.h>

#include "pinq_isr.h" /* the orderings, as the port's core count allows */

#define LD_RLX(p) atomic_load_explicit((p), memory_order_relaxed)
#define ST_RLX(p, v) atomic_store_explicit((p), (v), memory_order_relaxed)

/* acquire / release as the port needs them (pinq_isr.h) */
#define LD_ACQ(p) PINQ_LD_ACQ(p)
#define ST_REL(p, v) PINQ_ST_REL((p), (v))
#define ADD_RLX(p, v) atomic_fetch_add_explicit((p), (v), memory_order_relaxed)
#define AND_RLX(p, v) atomic_fetch_and_explicit((p), (v), memory_order_relaxed)
#if PINQ_SINGLE_CORE
/* One core: the read-modify-write itself must be atomic against an
 * interrupt, its ordering only against the compiler (see PINQ_LD_ACQ). */
static inline uint32_t pinq_rmw_acq_(uint32_t v)
{
    atomic_signal_fence(memory_order_acquire);
    return v;
}
#define ADD_REL(p, v) \
    (atomic_signal_fence(memory_order_release), atomic_fetch_add_explicit((p), (v), memory_order_relaxed))
#define OR_REL(p, v) \
    (atomic_signal_fence(memory_order_release), atomic_fetch_or_explicit((p), (v), memory_order_relaxed))
#define CAS_ACQ_REL(p, expp, v)                                                                       \
    (atomic_signal_fence(memory_order_release),                                                      \
     pinq_rmw_acq_(atomic_compare_exchange_strong_explicit((p), (expp), (v), memory_order_relaxed, \
                                                           memory_order_relaxed)))
#else
#define ADD_REL(p, v) atomic_fetch_add_explicit((p), (v), memory_order_release)
#define OR_REL(p, v) atomic_fetch_or_explicit((p), (v), memory_order_release)
/* A take publishes nothing but the count it moves, yet takers of one line
 * must see each other's takes in order with the markers they claimed:
 * release as well as acquire (a control dependency is not an ordering). */
#define CAS_ACQ_REL(p, expp, v) \
    atomic_compare_exchange_strong_explicit((p), (expp), (v), memory_order_acq_rel, memory_order_acquire)
#endif
/* CAS that only claims an index: the slot stamp carries the data ordering. */
#define CAS_RLX(p, expp, v) \
    atomic_compare_exchange_weak_explicit((p), (expp), (v), memory_order_relaxed, memory_order_relaxed)

/* Build options (pinq.h): with a part left out these are constant 0, so
 * the compiler drops its code. */
#define IS_FIFO(r) (!PINQ_CFG_MPSC || (r)->fifo)                          /* else stamped */
#define HAS_OLDEST(r) (PINQ_CFG_MPSC && (r)->policy == PINQ_DROP_OLDEST)
#define HAS_POLL(q) (PINQ_CFG_POLL && (q)->poll != NULL)
#define HAS_CALLS(q) (PINQ_CFG_CALLS && (q)->calls != NULL)

/* Signed distance between free-running indices: correct across wrap. */
#define IDX_DIFF(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)))

#endif
