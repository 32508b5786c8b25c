/* rv_test.h - helpers shared by the rv32 target tests: instruction
 * counting and the tests' interrupt setup. */
#ifndef RV_TEST_H
#define RV_TEST_H

#include <stdint.h>

#include "riscv_csr.h"
#include "riscv_irq.h"
#include "riscv_timer.h"

/* minstret. Under -icount QEMU derives it from virtual time: one count
 * per instruction with shift=0, 2^shift per instruction otherwise (the
 * benchmarks divide). Without -icount it is not an instruction count. */
static inline uint32_t rv_instret(void)
{
    return csr_read(minstret);
}

/* Spin until mtime ticks, and return the new value: the caller then has a
 * whole tick before the next one (no read/write straddles a tick). */
static inline uint64_t rv_mtime_edge(void)
{
    uint64_t t0 = riscv_mtime(), t;
    while ((t = riscv_mtime()) == t0)
        ;
    return t;
}

/* Instructions per mtime tick (100 under -icount shift=0 on virt). */
static inline uint32_t rv_instret_per_mtime_tick(void)
{
    rv_mtime_edge();
    uint32_t i0 = rv_instret();
    rv_mtime_edge();
    return rv_instret() - i0;
}

/* rv_timing.S */
void nop_sled(uint32_t n);
/* ret_stub*: one-instruction functions, declared by their users with the
 * signature of the call they stand in for, e.g.
 * int stub(pinq_ring_t *, const pinq_event_t *) __asm__("ret_stub_push"); */

#endif
