/* pinq_port_stamp.h - the Cortex-M port's ISR timestamp: the low 32 bits of
 * pinq_port_now(), read inline from the board's free-running 32-bit
 * counter (same counter, rate and epoch: (uint32_t)pinq_port_now() and
 * pinq_port_stamp() taken back to back differ by the ticks between the
 * reads). The consumer extends a stamp to 64 bits against pinq_port_now(),
 * which must be read less than 2^32 ticks after the stamp.
 *
 *   mps2 (M3/M4)  ~VALUE of the CMSDK dual timer 1
 *   micro:bit     TIMER0 captured into CC[0], then CC[0] read
 * (their cost in instructions: docs/performance.md)
 *
 * Self-contained: <stdint.h> and the board's pinq_board_clock.h (found in
 * boards/<board>/ on the include path). Any context, no lock.
 *
 * One core: every producer is an interrupt on the consumer's own core, so
 * the core needs compiler ordering only (PINQ_SINGLE_CORE, pinq_atomic.h),
 * and on ARMv6-M a masked window stands for a compare-and-swap. */
#ifndef PINQ_PORT_STAMP_H
#define PINQ_PORT_STAMP_H

#include <stdint.h>

#include "pinq_board_clock.h"

#define PINQ_PORT_STAMP_BITS 32
#ifndef PINQ_SINGLE_CORE
#define PINQ_SINGLE_CORE 1
#endif

static inline uint32_t pinq_port_stamp(void)
{
    return pinq_board_clock_stamp();
}

#if defined(__ARM_ARCH_6M__)
/* ARMv6-M has no compare-and-swap, and one core: pinq_isr_post() claims
 * an MPSC position with PRIMASK set around its load, compare and store
 * (pinq_isr.h), rather than through a library call that masks anyway. */
#define PINQ_PORT_MASK 1

static inline uint32_t pinq_port_mask(void)
{
    uint32_t pm;
    __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(pm) : : "memory");
    return pm;
}

static inline void pinq_port_unmask(uint32_t pm)
{
    __asm__ volatile("msr primask, %0" : : "r"(pm) : "memory");
}
#endif

#endif
