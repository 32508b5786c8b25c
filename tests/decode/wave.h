/* wave.h - synthetic waveforms for the decoder tests: a line described as
 * runs (level, duration in ticks) becomes the edge list a pinq line would
 * report. Runs at the level already on the line extend it, so bi-phase
 * codes are written half-bit by half-bit. */
#ifndef PINQ_TEST_WAVE_H
#define PINQ_TEST_WAVE_H

#include <stdint.h>
#include <string.h>

#include "pinq.h"

#define WAVE_MAX 32768

typedef struct wave {
    pinq_ticks_t ts[WAVE_MAX]; /* edge times */
    uint8_t level[WAVE_MAX];   /* level after each edge */
    int n;
    pinq_ticks_t t; /* end of the last run */
    uint8_t now;    /* level of the last run */
} wave_t;

/* An empty line idle at `idle` until t0. */
static inline void wave_init(wave_t *w, pinq_ticks_t t0, uint8_t idle)
{
    w->n = 0;
    w->t = t0;
    w->now = idle;
}

/* `level` for `d` ticks from the end of the last run. */
static inline void wave_run(wave_t *w, uint8_t level, uint64_t d)
{
    if (level != w->now && w->n < WAVE_MAX) {
        w->ts[w->n] = w->t;
        w->level[w->n++] = level;
        w->now = level;
    }
    w->t += d;
}

#endif
