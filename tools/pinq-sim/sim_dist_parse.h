/* sim_dist_parse.h - random durations as scenario files write them: "5ms"
 * (fixed), "1ms..3ms" (uniform), "exp(30s)" (exponential, mean 30 s),
 * "list(18us 20us 31us)" and "file(costs.txt[, cyc])" (measured values,
 * each drawn as often as the others). */
#ifndef SIM_DIST_PARSE_H
#define SIM_DIST_PARSE_H

#include "sim.h"

#define SIM_MAX_SAMPLES 1000000 /* values in one list or file */

typedef struct sim_dist_src {
    double cpu_hz;         /* for cycle counts */
    simt max;              /* longest value accepted */
    const char *dir;       /* file(...) paths are relative to it: the scenario's folder */
    sim_scenario_t *owner; /* keeps a list's memory (sim_scenario_free) */
    char *why;             /* set when there is more to say than the key's range */
    size_t whylen;
} sim_dist_src_t;

bool sim_dist_parse(const char *text, const sim_dist_src_t *src, sim_dist_t *d);

/* Writes a value's own reason to be refused into src->why; returns false,
 * for `return sim_dist_why(...)` where a parse fails. */
__attribute__((format(printf, 2, 3))) bool sim_dist_why(const sim_dist_src_t *src, const char *fmt, ...);

#endif
