/* pinq_board_clock.h - the port's time base on the micro:bit (nRF51822):
 * TIMER0 at 0x40008000 (NVIC 8), the nRF51's only 32-bit timer on silicon,
 * in timer mode, BITMODE 32, PRESCALER 0: a 32-bit up count at 16 MHz,
 * the CPU clock.
 *
 * The counter is read by capture: TASKS_CAPTURE[n] copies it to CC[n].
 *   CC[0]  pinq_port_stamp(), any context (ISRs of every priority).
 *   CC[1]  pinq_port_now() and the alarm, always with interrupts masked.
 *   CC[2]  compare: the alarm (COMPARE[2] is the only interrupt enabled),
 *          the port's keep-alive and pinq_port_wait()'s timeout.
 * Two contexts share CC[0]: a reader preempted between its capture and its
 * read gets the preempting ISR's capture instead of its own. That value is
 * still an instant between the reader's own capture and its read (the
 * preempting ISR captured after the first and before the second), so the
 * stamp stays valid and in order with every other reading; it is only late
 * by at most the length of the preempting ISR. now() keeps CC[1] to itself
 * so that it never disturbs a stamp. Stamp: 5 instructions on ARMv6-M
 * (movs, ldr =, str, ldr =, ldr).
 *
 * Included by port/cortex-m/pinq_port_stamp.h (by the core, in ISRs):
 * <stdint.h> only. Internal to the port otherwise. */
#ifndef PINQ_BOARD_CLOCK_H
#define PINQ_BOARD_CLOCK_H

#include <stdint.h>

#define PINQ_BOARD_CLOCK_IRQ 8                  /* TIMER0 */
#define pinq_board_clock_isr irq8_isr           /* the port's handler is the vector */
#define PINQ_BOARD_CLOCK_CAPTURE(n) (0x40008040u + 4u * (n)) /* TASKS_CAPTURE[n] */
#define PINQ_BOARD_CLOCK_CC(n) (0x40008540u + 4u * (n))      /* CC[n] */

/* The clock's low 32 bits, now. Any context (see CC[0] above). */
static inline uint32_t pinq_board_clock_stamp(void)
{
    *(volatile uint32_t *)PINQ_BOARD_CLOCK_CAPTURE(0) = 1u;
    return *(volatile uint32_t *)PINQ_BOARD_CLOCK_CC(0);
}

/* The same counter, for pinq_port_now() (interrupts masked). */
static inline uint32_t pinq_board_clock_read(void)
{
    *(volatile uint32_t *)PINQ_BOARD_CLOCK_CAPTURE(1) = 1u;
    return *(volatile uint32_t *)PINQ_BOARD_CLOCK_CC(1);
}

/* boards/microbit/board.c. start: counter at 0, no alarm pending. alarm
 * (interrupts masked): interrupt once, `ticks` (>= 1) from now, replacing
 * the one armed before; 0 if the counter may already have passed the
 * compare value (`ticks` too short for the time the write took: the
 * interrupt may never come, the caller must not sleep on it). ack: clear
 * the alarm's event. set: the counter cannot be written on the nRF51
 * (-1, a test hook). */
void pinq_board_clock_start(void);
int pinq_board_clock_alarm(uint32_t ticks);
void pinq_board_clock_ack(void);
int pinq_board_clock_set(uint32_t value);

#endif
