/* button.h - the doorbell button on the target: the board's playback
 * timer (fw_board.h: board timer 1 on Cortex-M, the CLINT machine timer on
 * RISC-V) plays the host example's seeded schedule (schedule.c: presses at
 * pseudo-random intervals, contact bounce on both transitions) on a
 * simulated input pin. For the interrupt strategy each edge also raises
 * the pin's interrupt, as a GPIO edge detector would. */
#ifndef DOORBELL_FW_BUTTON_H
#define DOORBELL_FW_BUTTON_H

#include <stdbool.h>
#include <stdint.h>

#include "pinq.h"

#define BUTTON_PRESSES_MAX 64

typedef struct button_truth {
    uint32_t presses;                      /* presses played so far */
    uint32_t edges;                        /* edges played (and, with irq, interrupts raised) */
    pinq_ticks_t down[BUTTON_PRESSES_MAX]; /* true time of each press's first edge */
    volatile bool done;                    /* the last edge has been played */
} button_truth_t;

/* Start playing `presses` presses of schedule `seed`, times counted from
 * now. irq: also pend the pin interrupt on every edge. */
void button_start(button_truth_t *t, uint64_t seed, uint32_t presses, bool irq);

/* Current pin level (1 = pressed): what a poller reads. */
int button_level(void);

#endif
