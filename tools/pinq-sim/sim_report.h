/* sim_report.h - what pinq-sim tells the user: the table per strategy and
 * input, the recommendation, the smallest queue / longest loop that work. */
#ifndef SIM_REPORT_H
#define SIM_REPORT_H

#include <stdio.h>

#include "sim.h"

void sim_report_table(FILE *f, const sim_scenario_t *s, const sim_result_t *res, int n);

/* Index of the recommended result; `text` gets the paragraph saying why. */
int sim_recommend(const sim_scenario_t *s, const sim_result_t *res, int n, char *text, size_t len);

/* Run every strategy of the scenario into res[0..nstrategies). */
void sim_run_all(const sim_scenario_t *s, sim_result_t *res);

/* Scale the tasks so the nominal loop period is `period`. */
void sim_set_loop_period(sim_scenario_t *s, simt period);
/* Multiply every input's event rate by `factor`. */
void sim_scale_rate(sim_scenario_t *s, double factor);

/* Smallest queue depth (power of two) with which a queue dispatched
 * `points` times per loop meets every deadline, or -1. */
int sim_smallest_queue(const sim_scenario_t *s, int points);
/* Longest loop period with which polling once per loop meets every
 * deadline (within 1 %; at most 16x the scenario's), or -1 if even a 16x
 * faster loop does not. */
simt sim_longest_poll_period(const sim_scenario_t *s);

#endif
