/* score.h - judging one strategy against the truth: which presses it
 * answered, how late, and whether it kept the deadline. */
#ifndef DOORBELL_SCORE_H
#define DOORBELL_SCORE_H

#include <stdint.h>

/* What the main loop did about one press it believed it saw. */
typedef struct reaction {
    uint64_t stamp_ns; /* when the strategy says the press happened (ISR stamp, or sample time) */
    uint64_t react_ns; /* when the main loop reacted */
} reaction_t;

typedef struct score {
    uint32_t presses;  /* generated; always == seen + missed */
    uint32_t seen;     /* presses with at least one reaction */
    uint32_t missed;
    uint32_t spurious; /* reactions that matched no new press (double counts, noise) */
    uint32_t late;     /* seen presses answered after the deadline */
    double p50_ms, p99_ms, max_ms; /* reaction latency from the press's first edge, over seen presses */
    double stamp_err_ms;            /* largest stamp_ns - true first edge: how well the press time is known */
} score_t;

/* Scores reactions against the true first-edge times down_ns[] (ascending,
 * `presses` entries). A reaction belongs to the last press that started at
 * or before its stamp; the first one per press counts. `scratch` holds
 * `presses` values. */
void score_run(const uint64_t *down_ns, uint32_t presses, const reaction_t *r, uint32_t nr, uint64_t deadline_ns,
               uint64_t *scratch, score_t *out);

/* Presses not answered within the deadline: late ones and missed ones. */
static inline uint32_t score_deadline_misses(const score_t *s)
{
    return s->late + s->missed;
}

#endif
