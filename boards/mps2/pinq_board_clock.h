/* pinq_board_clock.h - the port's time base on MPS2 AN385/AN386: the CMSDK
 * APB dual timer at 0x40002000 (NVIC 10, TIMCLK = the 25 MHz CPU clock).
 *
 * Timer 1: free-running 32-bit down counter, prescale 1, no interrupt.
 * The clock is its complement, ~VALUE: a 32-bit up count at the CPU
 * clock, read in one load (pinq_port_stamp() is ldr, ldr, mvn).
 * Timer 2: one-shot 32-bit alarm on the shared interrupt (TIMINTC, NVIC 10):
 * the port's keep-alive (the 64-bit extension must see every 2^32 ticks)
 * and pinq_port_wait()'s timeout.
 *
 * Included by port/cortex-m/pinq_port_stamp.h (by the core, in ISRs):
 * <stdint.h> only. Internal to the port otherwise. */
#ifndef PINQ_BOARD_CLOCK_H
#define PINQ_BOARD_CLOCK_H

#include <stdint.h>

#define PINQ_BOARD_CLOCK_IRQ 10               /* dual timer, combined interrupt */
#define pinq_board_clock_isr irq10_isr        /* the port's handler is the vector */
#define PINQ_BOARD_CLOCK_VALUE 0x40002004u    /* timer 1 VALUE (counts down) */

/* The clock's low 32 bits, now. Any context, no side effect. */
static inline uint32_t pinq_board_clock_stamp(void)
{
    return ~*(volatile uint32_t *)PINQ_BOARD_CLOCK_VALUE;
}

/* The same counter, for pinq_port_now() (interrupts masked). */
static inline uint32_t pinq_board_clock_read(void)
{
    return ~*(volatile uint32_t *)PINQ_BOARD_CLOCK_VALUE;
}

/* boards/mps2/board.c. start: counter at 0, alarm stopped, its interrupt
 * clear. alarm: interrupt once, `ticks` (>= 1) from now, replacing the one
 * armed before; nonzero when the interrupt will come (always, here: the
 * timer counts the ticks itself). ack: clear the alarm's interrupt. set:
 * move the counter to `value` (a test hook: 0 = done). */
void pinq_board_clock_start(void);
int pinq_board_clock_alarm(uint32_t ticks);
void pinq_board_clock_ack(void);
int pinq_board_clock_set(uint32_t value);

#endif
