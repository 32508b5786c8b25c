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

#include "pinq_port_stamp.h" /* the port says whether it has one core (PINQ_SINGLE_CORE) */

#define LD_RLX(p) atomic_load_explicit((p), memory_order_relaxed)
#define ST_RLX(p, v) atomic_store_explicit((p), (v), memory_order_relaxed)

#if PINQ_SINGLE_CORE
/* One core (the Cortex-M and RISC-V ports): every producer is an interrupt
 * taken on the consumer's own core, between two of its instructions, so it
 * sees the interrupted code's accesses in program order and vice versa.
 * Only the compiler may reorder, and a signal fence stops exactly that (C11
 * 7.17.4: ordering with a handler run in the same thread); no DMB/FENCE. */
static inline uint32_t ld_acq_1core(const _Atomic uint32_t *p)
{
    uint32_t v = LD_RLX(p);
    atomic_signal_fence(memory_order_acquire);
    return v;
}
#define LD_ACQ(p) ld_acq_1core(p)
#define ST_REL(p, v) (atomic_signal_fence(memory_order_release), ST_RLX((p), (v)))
#else
#define LD_ACQ(p) atomic_load_explicit((p), memory_order_acquire)
#define ST_REL(p, v) atomic_store_explicit((p), (v), memory_order_release)
#endif
#define ADD_RLX(p, v) atomic_fetch_add_explicit((p), (v), memory_order_relaxed)
#define ADD_REL(p, v) atomic_fetch_add_explicit((p), (v), memory_order_release)
#define XCHG_ACQ(p, v) atomic_exchange_explicit((p), (v), memory_order_acquire)
/* CAS that only claims an index: the slot stamp carries the data ordering. */
#define CAS_RLX(p, expp, v) \
    atomic_compare_exchange_weak_explicit((p), (expp), (v), memory_order_relaxed, memory_order_relaxed)

/* Signed distance between free-running indices: correct across wrap. */
#define IDX_DIFF(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)))

#endif
