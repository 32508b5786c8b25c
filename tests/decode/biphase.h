/* biphase.h - RC-5 / RC-6 test waveforms: a frame as half-bits (mark or
 * space, width in units of t), merged into runs, each run given the
 * duration the test chooses for its length in units. */
#ifndef PINQ_TEST_BIPHASE_H
#define PINQ_TEST_BIPHASE_H

#include "wave.h"

typedef struct bp_frame {
    uint8_t mark[96];  /* per half-bit: 1 = carrier */
    uint8_t units[96]; /* per half-bit: width in t */
    int n;
} bp_frame_t;

static inline void bp_half(bp_frame_t *f, uint8_t mark, uint8_t units)
{
    f->mark[f->n] = mark;
    f->units[f->n++] = units;
}

typedef struct bp_runs {
    uint8_t mark[96], units[96];
    int n;
} bp_runs_t;

/* Merge the half-bits into runs; a leading space (the idle line) is dropped. */
static inline void bp_runs(const bp_frame_t *f, bp_runs_t *r)
{
    r->n = 0;
    for (int i = 0; i < f->n; i++) {
        if (r->n == 0 && !f->mark[i])
            continue;
        if (r->n && r->mark[r->n - 1] == f->mark[i]) {
            r->units[r->n - 1] = (uint8_t)(r->units[r->n - 1] + f->units[i]);
        } else {
            r->mark[r->n] = f->mark[i];
            r->units[r->n++] = f->units[i];
        }
    }
}

/* The runs on the line: a run of u units lasts dur[u] ticks, except run
 * number `odd` (if >= 0), which lasts odd_d. Then `gap` ticks idle. */
static inline void bp_emit(wave_t *w, uint8_t active, const bp_runs_t *r, const uint32_t *dur, int odd, uint32_t odd_d,
                           uint32_t gap)
{
    for (int i = 0; i < r->n; i++) {
        uint8_t lv = r->mark[i] ? active : (uint8_t)!active;
        wave_run(w, lv, i == odd ? odd_d : dur[r->units[i]]);
    }
    wave_run(w, (uint8_t)!active, gap);
}

#endif
