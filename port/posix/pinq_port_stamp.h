/* pinq_port_stamp.h - POSIX port: what the core inlines from its port.
 * The ISR (signal handler) stamp is the full 64-bit clock, so rings keep
 * 64-bit timestamps; several threads may produce, so the core keeps real
 * memory fences (PINQ_SINGLE_CORE unset). */
#ifndef PINQ_PORT_STAMP_H
#define PINQ_PORT_STAMP_H

#include "pinq.h"

#define PINQ_PORT_STAMP_BITS 64

static inline pinq_ticks_t pinq_port_stamp(void)
{
    return pinq_port_now();
}

#endif
