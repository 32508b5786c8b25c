/* sim_capture.h - an input whose arrivals are a real signal: one channel
 * of a logic-analyzer capture (.sr or .vcd, read by tools/pinq-replay's
 * capture reader), each edge an arrival at its time in the capture. */
#ifndef SIM_CAPTURE_H
#define SIM_CAPTURE_H

#include "sim_dist_parse.h"

/* "capture:FILE:CHANNEL" (FILE from src->dir unless absolute; CHANNEL is
 * everything after the last ':'): loads the edges into `in` (arrival
 * SIM_CAPTURE; its `repeat` and `scale` are left as they are), owned by
 * src->owner. false, with src->why set, for a file or channel that cannot
 * be used, or when this pinq-sim was built without the capture reader. */
bool sim_capture_parse(const char *text, const sim_dist_src_t *src, sim_input_t *in);

#endif
