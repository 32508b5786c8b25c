/* sim_plot.c - writes gnuplot scripts with inline data blocks, to a gnuplot
 * subprocess (no temporary files to clean up) or to a .gp file. */
#define _POSIX_C_SOURCE 200809L /* popen */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sim_plot.h"

typedef struct plot {
    FILE *f;
    bool script; /* a .gp file, not gnuplot */
} plot_t;

static bool is_script(const char *out)
{
    size_t n = strlen(out);
    return n > 3 && strcmp(out + n - 3, ".gp") == 0;
}

static bool open_plot(plot_t *p, const char *out, const char *title)
{
    p->script = is_script(out);
    p->f = p->script ? fopen(out, "w") : popen("gnuplot", "w");
    if (!p->f) {
        fprintf(stderr, "pinq-sim: cannot write %s\n", p->script ? out : "to gnuplot");
        return false;
    }
    fprintf(p->f, "set terminal pngcairo size 1000,620 font 'sans,10'\n");
    fprintf(p->f, "set output '%.*s%s'\n", (int)strlen(out) - (p->script ? 3 : 0), out, p->script ? ".png" : "");
    fprintf(p->f, "set title \"%s\" noenhanced\nset grid\nset key outside right noenhanced\n", title);
    return true;
}

static int close_plot(plot_t *p)
{
    if (p->script)
        return fclose(p->f) == 0 ? 0 : -1;
    int rc = pclose(p->f);
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

/* A red dashed vertical line at x, labelled. */
static void mark(FILE *g, double x, const char *label)
{
    fprintf(g, "set arrow from %.9g, graph 0 to %.9g, graph 1 nohead dt 2 lw 2 lc 'red'\n", x, x);
    fprintf(g, "set label '%s' at %.9g, graph 0.96 right offset -0.5,0 tc 'red' noenhanced\n", label, x);
}

int sim_plot_latency(const char *out, const sim_scenario_t *s, const sim_result_t *res, int n, int in)
{
    char title[160];
    plot_t p;
    snprintf(title, sizeof title, "%s: response latency of input '%s'", s->name, s->inputs[in].name);
    if (!open_plot(&p, out, title))
        return -1;
    for (int i = 0; i < n; i++)
        cdf_block(p.f, i, &res[i].in[in].latency);
    fprintf(p.f, "set logscale x\nset xlabel 'latency from first edge to handler done (ms)'\n");
    fprintf(p.f, "set ylabel 'fraction of handled events'\nset yrange [0:1.02]\n");
    if (s->inputs[in].deadline != SIM_NEVER)
        mark(p.f, (double)s->inputs[in].deadline / 1e9, "deadline");
    fprintf(p.f, "plot ");
    for (int i = 0; i < n; i++)
        fprintf(p.f, "%s$d%d using 1:2 with steps lw 2 dt %d title '%s'", i ? ", " : "", i, i % 5 + 1,
                res[i].strategy.name);
    fprintf(p.f, "\n");
    return close_plot(&p);
}

/* y from just below zero, so that a curve at zero shows above the axis. */
static void y_range(FILE *g, const sim_sweep_plot_t *p)
{
    double top = 0;
    for (int i = 0; i < p->npoints * p->ncurves; i++)
        if (p->y[i] > top) /* false for NaN */
            top = p->y[i];
    if (top == 0)
        top = 1;
    fprintf(g, "set yrange [%.9g:%.9g]\n", -0.05 * top, 1.05 * top);
}

int sim_plot_sweep(const char *out, const sim_sweep_plot_t *p)
{
    plot_t g;
    if (!open_plot(&g, out, p->title))
        return -1;
    fprintf(g.f, "$sweep << EOD\n");
    for (int i = 0; i < p->npoints; i++) {
        fprintf(g.f, "%.9g", p->x[i]);
        for (int c = 0; c < p->ncurves; c++) {
            double y = p->y[i * p->ncurves + c];
            if (isnan(y)) /* gnuplot skips the point */
                fputs(" NaN", g.f);
            else
                fprintf(g.f, " %.9g", y);
        }
        fprintf(g.f, "\n");
    }
    fprintf(g.f, "EOD\nset xlabel '%s'\nset ylabel '%s'\n", p->xlabel, p->ylabel);
    y_range(g.f, p);
    for (int m = 0; m < p->nmarks; m++)
        mark(g.f, p->marks[m], p->mark_names[m]);
    /* Hollow point types, each a little smaller than the last: where
     * curves coincide, their points nest instead of hiding each other. */
    static const int hollow[] = {1, 2, 3, 4, 6, 8, 10, 12, 14};
    fprintf(g.f, "plot ");
    for (int c = 0; c < p->ncurves; c++)
        fprintf(g.f, "%s$sweep using 1:%d with linespoints lw 2 pt %d ps %.2f dt %d title '%s'", c ? ", " : "",
                c + 2, hollow[c % 9], 2.0 - 0.12 * (c % 9), c % 5 + 1, p->names[c]);
    fprintf(g.f, "\n");
    return close_plot(&g);
}
