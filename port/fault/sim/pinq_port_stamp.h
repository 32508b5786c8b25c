/* pinq_port_stamp.h - the simulated port's ISR stamp: the low 32 bits of
 * its simulated clock, as on the Cortex-M and RISC-V ports, so host tests
 * see what a microcontroller's consumer sees (restored high words, stamps
 * flagged after a stall). Real fences (PINQ_SINGLE_CORE unset): a test may
 * run a producer thread. */
#ifndef PINQ_PORT_STAMP_H
#define PINQ_PORT_STAMP_H

#include "pinq.h"

#define PINQ_PORT_STAMP_BITS 32

static inline uint32_t pinq_port_stamp(void)
{
    return (uint32_t)pinq_port_now();
}

#endif
