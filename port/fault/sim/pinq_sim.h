/* pinq_sim.h - a simulated pinq port for deterministic host tests: the
 * clock is a number the test sets, a wait moves it forward instead of
 * sleeping, and interrupts are calls the test makes (pinq_fault.h). It
 * records which lines pinq masked (the storm trip masks from the ISR).
 * One thread drives it; a test's extra producer thread must not race the
 * clock. */
#ifndef PINQ_SIM_H
#define PINQ_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "pinq.h"

#define PINQ_SIM_TPS 1000000000u /* ticks per second: 1 ns */
#define PINQ_SIM_LINES 16        /* lines whose mask is recorded */

/* Set the clock (tests never move it back, except to start over). */
void pinq_sim_set(pinq_ticks_t now);

/* Simulated milliseconds pinq_port_wait() slept in total. */
uint64_t pinq_sim_slept_ms(void);

/* Is `line`'s interrupt masked by pinq (pinq_port_line_enable)? */
bool pinq_sim_masked(uint16_t line);

/* Unmask every line and zero the sleep count (a new queue). */
void pinq_sim_reset(pinq_ticks_t now);

#endif
