/* replay_report.h - what pinq-replay prints about one run: the model in
 * words, the frames, the counters (pinq's ring, the line, the decoder) and
 * the delivery latency. */
#ifndef REPLAY_REPORT_H
#define REPLAY_REPORT_H

#include <stdio.h>

#include "replay.h"

/* "1.5ms", "250ns", "12.3us", "2s": at most four significant digits. */
const char *replay_fmt_time(pinq_ticks_t t, char *buf, size_t len);

/* One line describing the delivery model. */
void replay_print_model(FILE *f, const replay_model_t *m);

/* Every frame the decoder reported, with its start in seconds. */
void replay_print_frames(FILE *f, const replay_decoder_t *d);

void replay_print_counters(FILE *f, const replay_model_t *m, const replay_decoder_t *d, const replay_result_t *r);

#endif
