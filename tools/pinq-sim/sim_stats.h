/* sim_stats.h - pinq's statistics report of a simulated queue strategy
 * (pinq-sim --stats). */
#ifndef SIM_STATS_H
#define SIM_STATS_H

#include <stdbool.h>
#include <stdio.h>

#include "sim.h"

/* True for the strategies that model pinq's queue (queue, storm). */
bool sim_stats_applies(const sim_result_t *r);

/* "-- <strategy>" and the report, as a target's pinq_stats_format() prints it. */
void sim_stats_print(FILE *f, const sim_scenario_t *s, const sim_result_t *r);

#endif
