/* replay_sweep.h - one knob of a delivery model over a range, each value
 * judged by how many of the ideal run's frames it still decodes: the
 * answer to "can I poll this every 1 ms, or do I need an interrupt?". */
#ifndef REPLAY_SWEEP_H
#define REPLAY_SWEEP_H

#include <stdio.h>

#include "replay.h"
#include "replay_opts.h"

/* Frames compare within this of the ideal run's start, plus the model's
 * delay (replay_model_delay); the decoder tests match sigrok's within it. */
#define REPLAY_MATCH_TOL 2000000u

/* Sets up decoder `name` for `in` and replays it under m (replay_run). */
int replay_once(const replay_input_t *in, const char *decoder, int active, const replay_model_t *m,
                replay_decoder_t *dec, replay_result_t *r);

/* A run's frames (DCF77: seconds too) against the ideal run's, within
 * REPLAY_MATCH_TOL plus the run's model delay; wrong frames listed on
 * `wrong` if not NULL. */
replay_agreement_t replay_compare(const replay_decoder_t *ideal, const replay_decoder_t *got, const replay_model_t *m,
                                  FILE *wrong);

typedef struct replay_sweep_point {
    pinq_ticks_t value;
    replay_agreement_t a;
    replay_counts_t counts;
    uint64_t hidden;   /* edges pinq was never told of */
    uint32_t dropped;  /* by the ring */
    uint32_t resyncs;
} replay_sweep_point_t;

typedef struct replay_sweep {
    replay_sweep_spec_t spec;
    replay_sweep_point_t *p; /* spec.n points, lo to hi evenly */
} replay_sweep_t;

/* The model at value v of the knob (poll-period makes it a polling model). */
void replay_sweep_model(const replay_sweep_spec_t *sw, const replay_model_t *base, pinq_ticks_t v, replay_model_t *m);

/* The ideal run, then one run per value. 0, or -1 if the decoder is unknown. */
int replay_sweep_run(const replay_input_t *in, const char *decoder, int active, const replay_model_t *base,
                     const replay_sweep_spec_t *sw, replay_sweep_t *out);
void replay_sweep_free(replay_sweep_t *s);

void replay_sweep_print(FILE *f, const replay_sweep_t *s);

/* Writes the success curve as OUT.gp (a gnuplot script whose data is
 * inline) and OUT.dat (the same columns as a table), OUT less its .png or
 * .gp; for a .png, also draws it with gnuplot. 0, or -1 with a message. */
int replay_sweep_plot(const char *out, const replay_sweep_t *s, const char *title, char *err, size_t len);

#endif
