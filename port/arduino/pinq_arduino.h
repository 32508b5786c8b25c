/* pinq_arduino.h - the Arduino port's own API: pins bound to pinq lines
 * through attachInterrupt(), a hook for lines whose interrupt the sketch
 * manages itself, and the wake-up of pinq_wait() from such an interrupt.
 *
 * Usable from a sketch (C++) as well as from C: it names the queue as
 * `struct pinq` and does not include pinq.h, whose C11 atomics a C++
 * compiler does not take. Code that defines the queue (PINQ_DEFINE) and
 * the input engine's configuration is C (a .c file beside the sketch;
 * examples/arduino/ButtonClicks).
 *
 * Port contract (docs/packaging.md, "Arduino port"):
 *   time      pinq_port_now(): micros() extended to 64 bits, 1 000 000
 *             ticks per second; readings must come less than 71 min apart
 *             (pinq_wait() and the ring's pops see to it).
 *   masking   pinq_irq_save(): noInterrupts() after noting whether
 *             interrupts were on (AVR: SREG's I bit; ARM: PRIMASK);
 *             pinq_irq_restore() calls interrupts() only if they were.
 *             Nests. Other architectures: define PINQ_ARDUINO_IRQ_ENABLED()
 *             (an expression, true while interrupts are on).
 *   wait      pinq_port_wait(): interrupts on, a busy wait calling yield()
 *             until a bound pin's interrupt (or pinq_arduino_wake()) or
 *             the timeout, interrupts off again. Bounded by the timeout.
 *   lines     pinq_port_line_enable(): attachInterrupt / detachInterrupt
 *             for bound pins, else the hook set by
 *             pinq_arduino_set_line_hook(), else nothing.
 */
#ifndef PINQ_ARDUINO_H
#define PINQ_ARDUINO_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct pinq;

/* Pins the port can bind: one interrupt trampoline each (attachInterrupt
 * passes no argument to its handler). At most 8. */
#ifndef PINQ_ARDUINO_MAX_PINS
#define PINQ_ARDUINO_MAX_PINS 4
#endif

/* Bind `pin` to (q, line), after pinq_init(): attachInterrupt(
 * digitalPinToInterrupt(pin), ..., CHANGE). Its handler reads the pin with
 * digitalRead() and posts that level (pinq_isr_post); the line's trigger
 * decides which edges are queued. A level-triggered source is better
 * polled (PINQ_SRC_POLL). Rebinding (q, line) moves it to the new pin.
 * Returns 0, -1 (PINQ_EINVAL: NULL q, line out of range, or a pin with no
 * interrupt) or -2 (PINQ_EFULL: PINQ_ARDUINO_MAX_PINS pins bound). */
int pinq_arduino_attach(struct pinq *q, uint16_t line, uint8_t pin);

/* Masks and unmasks lines that are not bound to a pin (the sketch's own
 * interrupts, a pin-change interrupt, an external controller): called by
 * pinq_line_enable() and the storm guard, in the main loop or in an ISR. */
typedef void (*pinq_arduino_line_hook)(struct pinq *q, uint16_t line, bool on, void *ctx);
void pinq_arduino_set_line_hook(pinq_arduino_line_hook fn, void *ctx);

/* For an interrupt the sketch handles itself: call after pinq_post() or
 * pinq_schedule(), so that a pinq_wait() in progress returns now rather
 * than at its timeout. ISR-safe. */
void pinq_arduino_wake(void);

#ifdef __cplusplus
}
#endif

#endif
