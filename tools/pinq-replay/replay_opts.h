/* replay_opts.h - pinq-replay's command line: every value checked when
 * read and refused with what the option takes. */
#ifndef REPLAY_OPTS_H
#define REPLAY_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "replay.h"

enum replay_knob { REPLAY_KNOB_POLL_PERIOD, REPLAY_KNOB_ISR_LATENCY, REPLAY_KNOB_ISR_JITTER };

typedef struct replay_sweep_spec {
    uint8_t knob;         /* enum replay_knob */
    pinq_ticks_t lo, hi;  /* lo < hi */
    int n;                /* points, lo and hi included: 2 .. 200 */
} replay_sweep_spec_t;

typedef struct replay_opts {
    const char *capture;
    const char *channel, *decoder, *manifest; /* NULL: from the capture's MANIFEST.tsv row */
    const char *vcd, *plot;                   /* NULL: none */
    const char *text;                         /* the --sweep text, for messages */
    int active;                               /* -1: the decoder's default */
    bool frames;                              /* print every frame */
    bool sweep;
    replay_sweep_spec_t sw;
    replay_model_t model;
} replay_opts_t;

extern const char replay_usage[];

/* Fills *o from argv. Returns 0 to run, 1 when --help was asked for, -1
 * with a message in err for anything refused. */
int replay_opts_parse(int argc, char **argv, replay_opts_t *o, char *err, size_t len);

/* "50us", "1.5ms", "2s", "250ns", "0" -> ticks; at most 1 h. */
bool replay_parse_time(const char *text, pinq_ticks_t *out);

#endif
