/* replay_clock.h - the time rules of a delivery model (replay.h): when an
 * ISR enters, when a sample is taken, how windows hold things back, and
 * the random draws behind jitter. Each draw is a function of (seed,
 * stream, index), not a position in one sequence, so a run that skips
 * samples in which nothing can change draws the same jitter as one that
 * takes them all. */
#ifndef REPLAY_CLOCK_H
#define REPLAY_CLOCK_H

#include "replay.h"

/* t, or the end of the window of w that holds t. */
pinq_ticks_t replay_window_end(const replay_window_t *w, pinq_ticks_t t);

/* The span of jitter j over `base` (the latency or the period). */
pinq_ticks_t replay_jitter_span(const replay_jitter_t *j, pinq_ticks_t base);

/* Uniform in [0, span], the index-th draw of a stream. */
pinq_ticks_t replay_draw(uint64_t seed, uint64_t stream, uint64_t index, pinq_ticks_t span);

/* Entry of the index-th ISR of `line`, for an edge at t: latency, jitter,
 * then the end of any masked section. */
pinq_ticks_t replay_isr_entry(const replay_model_t *m, int line, uint64_t index, pinq_ticks_t t);

/* Time of sample k (k >= 1) on the polling grid, before any stall:
 * k * period + jitter, strictly increasing in k (jitter < period). */
pinq_ticks_t replay_poll_time(const replay_model_t *m, uint64_t k);

/* How far before `now` the consumer may tick its decoder: the contract is
 * that every edge stamped before the tick has been fed. Stamps taken at
 * the ISR or the sample are never earlier than now for what is still on
 * its way; stamps from a capture register can be as old as the longest
 * interrupt delay. */
pinq_ticks_t replay_tick_slack(const replay_model_t *m);

#endif
