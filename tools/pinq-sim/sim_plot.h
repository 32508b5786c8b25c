/* sim_plot.h - PNG plots through gnuplot (Debian gnuplot-nox, pngcairo). */
#ifndef SIM_PLOT_H
#define SIM_PLOT_H

#include "sim.h"

/* Cumulative latency distribution of input `in`, one curve per strategy,
 * the deadline marked. 0 on success. */
int sim_plot_latency(const char *png, const sim_scenario_t *s, const sim_result_t *res, int n, int in);

/* y[i * ncurves + c] against x[i], one curve per name. */
int sim_plot_sweep(const char *png, const char *title, const char *xlabel, const char *ylabel, const double *x,
                   const double *y, int npoints, const char *const *names, int ncurves);

#endif
