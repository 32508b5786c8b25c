/* sim_plot.h - plots through gnuplot (Debian gnuplot-nox, pngcairo). An
 * output named *.gp gets the gnuplot script itself (drawing the PNG of the
 * same name when run), to adjust or to check without gnuplot. */
#ifndef SIM_PLOT_H
#define SIM_PLOT_H

#include "sim.h"

/* Cumulative latency distribution of input `in`, one curve per strategy,
 * the deadline marked. 0 on success. */
int sim_plot_latency(const char *out, const sim_scenario_t *s, const sim_result_t *res, int n, int in);

typedef struct sim_sweep_plot {
    const char *title, *xlabel, *ylabel;
    const double *x, *y; /* y[i * ncurves + c] against x[i]; NaN: no value */
    int npoints, ncurves;
    const char *const *names;      /* one per curve */
    const double *marks;           /* vertical lines at these x ... */
    const char *const *mark_names; /* ... labelled so */
    int nmarks;
} sim_sweep_plot_t;

/* Curves with distinct point and dash styles, so that coinciding ones
 * stay apart; a zero line lifted off the axis. 0 on success. */
int sim_plot_sweep(const char *out, const sim_sweep_plot_t *p);

#endif
