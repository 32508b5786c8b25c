/* sim_sweep.h - one knob over a range, every strategy at each point. */
#ifndef SIM_SWEEP_H
#define SIM_SWEEP_H

#include <stdio.h>

#include "sim.h"

/* spec: "period:LO:HI:N" (main-loop period, e.g. period:10ms:200ms:20) or
 * "rate:LO:HI:N" (event-rate multiplier). Prints a table of the share of
 * events missed or late: of input `input` per strategy, or with input -1
 * of each input per strategy ("poll1/button"; one column per strategy if
 * there is one input). Plots it to `plot` if not NULL (sim_plot.h). 0 on
 * success, -1 on a spec it refuses (message printed). */
int sim_sweep(const sim_scenario_t *s, const char *spec, int input, const char *plot, FILE *out);

#endif
