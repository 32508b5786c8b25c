/* sim_sweep.h - one knob over a range, every strategy at each point. */
#ifndef SIM_SWEEP_H
#define SIM_SWEEP_H

#include <stdio.h>

#include "sim.h"

/* spec: "period:LO:HI:N" (main-loop period, e.g. period:10ms:200ms:20) or
 * "rate:LO:HI:N" (event-rate multiplier). Prints a table of the share of
 * events missed or late per strategy, progress on stderr; plots it to png
 * if not NULL. 0 on success, -1 on a bad spec (message printed). */
int sim_sweep(const sim_scenario_t *s, const char *spec, const char *png, FILE *out);

#endif
