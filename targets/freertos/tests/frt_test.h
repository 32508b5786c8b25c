/* frt_test.h - what every FreeRTOS test firmware shares: the relay on
 * BOARD_SOFT1_IRQ, a failing exit for kernel assertions and hooks, a
 * watchdog task that fails a test which stops making progress (guest
 * time, so a lost wake-up fails instead of hanging), and the scheduler's
 * start. */
#ifndef FRT_TEST_H
#define FRT_TEST_H

#include <stdbool.h>
#include <stdint.h>

#include "FreeRTOS.h"
#include "task.h"

#include "board.h"
#include "pinq_cortex_m.h"

#define FRT_RELAY_IRQ BOARD_SOFT1_IRQ
extern volatile uint32_t frt_relay_runs; /* relay interrupts taken */

/* Task priorities of the tests: the watchdog above everything. */
#define FRT_PRIO_WATCHDOG (configMAX_PRIORITIES - 1)

/* A task with a stack of `words`, or the test fails. */
void frt_task(TaskFunction_t fn, const char *name, uint32_t words, UBaseType_t prio, void *arg);

/* The watchdog: every `period_ms` it calls progress(); if the value did
 * not change since the previous period it calls report() (may be NULL)
 * and fails the test with exit status 3. */
void frt_watchdog(uint32_t period_ms, uint32_t (*progress)(void), void (*report)(void));

/* Set up the relay (fails the test if pinq refuses it) and run the
 * scheduler; never returns. */
_Noreturn void frt_start(void);

/* End the test from any task: exit status 0 if ok, else 1. */
_Noreturn void frt_finish(bool ok);

/* Priority-band interrupts (board_irq.h): the timer numbers can also be
 * pended by software while their timers stay stopped. */
void frt_irq(unsigned irqn, uint8_t prio);

#endif
