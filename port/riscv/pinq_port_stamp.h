/* pinq_port_stamp.h - RISC-V port: what the core inlines from its port.
 * The ISR stamps an event with the low word of mtime (one load); the ring
 * restores the high word against pinq_port_now() (the full mtime) when the
 * consumer pops. One hart: producers are interrupts on the consumer's own
 * core, so the core needs compiler ordering only (pinq_atomic.h). */
#ifndef PINQ_PORT_STAMP_H
#define PINQ_PORT_STAMP_H

#include <stdint.h>

#include "pinq_board_clock.h" /* the board's mtime address */

#define PINQ_PORT_STAMP_BITS 32
#ifndef PINQ_SINGLE_CORE
#define PINQ_SINGLE_CORE 1
#endif

/* Low 32 bits of pinq_port_now(): mtime's low word alone needs no retry. */
static inline uint32_t pinq_port_stamp(void)
{
    return *(volatile const uint32_t *)PINQ_BOARD_MTIME_LO;
}

#endif
