/* fw_board.h - what the doorbell firmware needs from its target, and
 * nothing else: a name for the report, the playback timer that plays the
 * button's edges, and the pin's interrupt. One implementation per target:
 * fw_board_cm.c (Cortex-M: a board timer and a software-pended NVIC line),
 * fw_board_rv.c (RISC-V virt: the CLINT machine timer and the machine
 * software interrupt). The firmware keeps no target #ifdefs.
 *
 * Priorities: the playback timer is the outside world, so it is the most
 * urgent and preempts the pin's interrupt (which posts to pinq); neither
 * preempts the other's own handler re-entrantly. Time is the port's
 * (pinq_port_now() ticks). */
#ifndef DOORBELL_FW_BOARD_H
#define DOORBELL_FW_BOARD_H

#include <stdbool.h>

#include "pinq.h"

/* The CPU, for the report's header line ("Cortex-M3", "RV32IMAC"). */
const char *fw_board_cpu(void);

/* Once, first thing in main(): interrupt controller set-up, interrupts on. */
void fw_board_init(void);

/* The playback timer: interrupt at port tick `at` (at once if it has
 * passed), once. Its handler acknowledges it and calls
 * fw_playback_isr(), which may arm it again. */
void fw_board_playback_at(pinq_ticks_t at);

/* The pin's interrupt (a GPIO edge detector's line): enable or disable it,
 * and raise it (from the playback timer's handler). Its handler calls
 * fw_pin_isr(); the playback timer may preempt it. */
void fw_board_pin_irq_enable(bool on);
void fw_board_pin_irq_raise(void);

/* Provided by the firmware, called by the board's handlers. */
void fw_playback_isr(void); /* button.c */
void fw_pin_isr(void);      /* doorbell_fw.c */

#endif
