/* pinq_port_stamp.h - the Arduino port's ISR timestamp: micros(), the low
 * 32 bits of pinq_port_now() (microseconds; same counter and epoch). The
 * ring restores the high word when the event is popped, which is exact
 * while the consumer looks at the ring at least once every 2^32 us
 * (71 minutes); pinq_wait() caps each sleep at 2^31 us so that it does.
 *
 * Declares micros() itself instead of including <Arduino.h>: the core
 * includes this header, and Arduino.h's macros (min, max, bit, ...) have
 * no business there. Every Arduino core defines micros() with C linkage.
 *
 * One core (PINQ_SINGLE_CORE): AVR and the single-core ARM boards run
 * every producer as an interrupt on the consumer's core. A board whose
 * second core posts too (ESP32, RP2040 used from both cores) must set
 * -DPINQ_SINGLE_CORE=0 and use a PINQ_MPSC queue. */
#ifndef PINQ_PORT_STAMP_H
#define PINQ_PORT_STAMP_H

#include <stdint.h>

#define PINQ_PORT_STAMP_BITS 32
#ifndef PINQ_SINGLE_CORE
#define PINQ_SINGLE_CORE 1
#endif

unsigned long micros(void);

static inline uint32_t pinq_port_stamp(void)
{
    return (uint32_t)micros();
}

#endif
