/* sim_plot.c - writes gnuplot scripts with inline data blocks to a gnuplot
 * subprocess: no temporary files to clean up. */
#define _POSIX_C_SOURCE 200809L /* popen */
#include <stdio.h>

#include "sim_plot.h"

static FILE *open_gnuplot(const char *png, const char *title)
{
    FILE *g = popen("gnuplot", "w");
    if (!g)
        return NULL;
    fprintf(g, "set terminal pngcairo size 1000,620 font 'sans,10'\nset output '%s'\n", png);
    fprintf(g, "set title \"%s\" noenhanced\nset grid\nset key outside right noenhanced\n", title);
    return g;
}

static int close_gnuplot(FILE *g)
{
    int rc = pclose(g);
    if (rc != 0)
        fprintf(stderr, "pinq-sim: gnuplot failed (is Debian's gnuplot-nox installed?)\n");
    return rc == 0 ? 0 : -1;
}

static void cdf_block(FILE *g, int i, const sim_hist_t *h)
{
    fprintf(g, "$d%d << EOD\n", i);
    uint64_t sum = 0;
    for (int b = 0; b < SIM_HIST_BUCKETS && h->count; b++) {
        if (!h->bucket[b])
            continue;
        if (sum == 0) /* a step up needs a point to rise from */
            fprintf(g, "%.9g 0\n", (double)sim_hist_bucket_low(b) / 1e9);
        sum += h->bucket[b];
        fprintf(g, "%.9g %.9g\n", (double)sim_hist_bucket_low(b + 1) / 1e9, (double)sum / (double)h->count);
    }
    if (!h->count)
        fprintf(g, "NaN NaN\n");
    fprintf(g, "EOD\n");
}

int sim_plot_latency(const char *png, const sim_scenario_t *s, const sim_result_t *res, int n, int in)
{
    char title[160];
    snprintf(title, sizeof title, "%s: response latency of input '%s'", s->name, s->inputs[in].name);
    FILE *g = open_gnuplot(png, title);
    if (!g)
        return -1;
    for (int i = 0; i < n; i++)
        cdf_block(g, i, &res[i].in[in].latency);
    fprintf(g, "set logscale x\nset xlabel 'latency from first edge to handler done (ms)'\n");
    fprintf(g, "set ylabel 'fraction of handled events'\nset yrange [0:1.02]\n");
    if (s->inputs[in].deadline != SIM_NEVER)
        fprintf(g, "set arrow from %.9g, graph 0 to %.9g, graph 1 nohead dt 2 lw 2 lc 'red'\n"
                   "set label 'deadline' at %.9g, graph 0.96 right offset -0.5,0 tc 'red'\n",
                (double)s->inputs[in].deadline / 1e9, (double)s->inputs[in].deadline / 1e9,
                (double)s->inputs[in].deadline / 1e9);
    fprintf(g, "plot ");
    for (int i = 0; i < n; i++)
        fprintf(g, "%s$d%d using 1:2 with steps lw 2 dt %d title '%s'", i ? ", " : "", i, i % 5 + 1,
                res[i].strategy.name);
    fprintf(g, "\n");
    return close_gnuplot(g);
}

int sim_plot_sweep(const char *png, const char *title, const char *xlabel, const char *ylabel, const double *x,
                   const double *y, int npoints, const char *const *names, int ncurves)
{
    FILE *g = open_gnuplot(png, title);
    if (!g)
        return -1;
    fprintf(g, "$sweep << EOD\n");
    for (int i = 0; i < npoints; i++) {
        fprintf(g, "%.9g", x[i]);
        for (int c = 0; c < ncurves; c++)
            fprintf(g, " %.9g", y[i * ncurves + c]);
        fprintf(g, "\n");
    }
    fprintf(g, "EOD\nset xlabel '%s'\nset ylabel '%s'\nplot ", xlabel, ylabel);
    for (int c = 0; c < ncurves; c++)
        fprintf(g, "%s$sweep using 1:%d with linespoints lw 2 title '%s'", c ? ", " : "", c + 2, names[c]);
    fprintf(g, "\n");
    return close_gnuplot(g);
}
