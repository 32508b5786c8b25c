/* sim_sweep.c - sweeps of the loop period or the event rate. */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <stdlib.h>
#include <string.h>

#include "sim_plot.h"
#include "sim_report.h"
#include "sim_sweep.h"

typedef struct sweep {
    bool period; /* else rate */
    double lo, hi;
    int n;
} sweep_t;

static bool parse_bound(const sweep_t *w, const char *text, double cpu_hz, double *v)
{
    if (w->period) {
        simt t;
        return sim_parse_time(text, cpu_hz, &t) && (*v = (double)t) > 0;
    }
    char *end;
    *v = strtod(text, &end);
    return end != text && *end == '\0' && *v > 0;
}

static bool parse_spec(const char *spec, double cpu_hz, sweep_t *w)
{
    char buf[128], *save;
    snprintf(buf, sizeof buf, "%s", spec);
    const char *kind = strtok_r(buf, ":", &save), *lo = strtok_r(NULL, ":", &save);
    const char *hi = strtok_r(NULL, ":", &save), *n = strtok_r(NULL, ":", &save);
    if (!kind || !lo || !hi || !n || (strcmp(kind, "period") && strcmp(kind, "rate")))
        return false;
    w->period = strcmp(kind, "period") == 0;
    w->n = atoi(n);
    return parse_bound(w, lo, cpu_hz, &w->lo) && parse_bound(w, hi, cpu_hz, &w->hi) && w->hi > w->lo &&
           w->n >= 2 && w->n <= 1000;
}

/* Events missed or late, per event generated, over every input. */
static double miss_share(const sim_scenario_t *s, const sim_result_t *r)
{
    uint64_t bad = 0, all = 0;
    for (int i = 0; i < s->ninputs; i++) {
        bad += r->in[i].missed + r->in[i].deadline_misses;
        all += r->in[i].events;
    }
    return all ? (double)bad / (double)all : 0;
}

int sim_sweep(const sim_scenario_t *base, const char *spec, const char *png, FILE *out)
{
    sweep_t w;
    if (!parse_spec(spec, base->sys.cpu_hz, &w)) {
        fprintf(stderr, "pinq-sim: bad --sweep '%s' (period:LO:HI:N with times, or rate:LO:HI:N)\n", spec);
        return -1;
    }
    int ns = base->nstrategies;
    double *x = sim_calloc((size_t)w.n, sizeof *x), *y = sim_calloc((size_t)(w.n * ns), sizeof *y);
    sim_result_t *r = sim_calloc(1, sizeof *r);
    fprintf(out, "%-12s", w.period ? "period_ms" : "rate_x");
    for (int c = 0; c < ns; c++)
        fprintf(out, " %10s", base->strategies[c].name);
    fprintf(out, "   (share of events missed or late)\n");
    for (int i = 0; i < w.n; i++) {
        double v = w.lo + (w.hi - w.lo) * i / (w.n - 1);
        sim_scenario_t s = *base;
        if (w.period)
            sim_set_loop_period(&s, (simt)v);
        else
            sim_scale_rate(&s, v);
        x[i] = w.period ? v / 1e9 : v;
        fprintf(stderr, "\rsweep %d/%d", i + 1, w.n);
        fprintf(out, "%-12.6g", x[i]);
        for (int c = 0; c < ns; c++) {
            sim_run(&s, &s.strategies[c], r);
            y[i * ns + c] = miss_share(&s, r);
            fprintf(out, " %10.4f", y[i * ns + c]);
        }
        fprintf(out, "\n");
    }
    fprintf(stderr, "\n");
    int rc = 0;
    if (png) {
        const char *names[SIM_MAX_STRATEGIES];
        for (int c = 0; c < ns; c++)
            names[c] = base->strategies[c].name;
        char title[128];
        snprintf(title, sizeof title, "%s: events missed or late", base->name);
        rc = sim_plot_sweep(png, title, w.period ? "main-loop period (ms)" : "event rate (x scenario)",
                            "share of events missed or late", x, y, w.n, names, ns);
    }
    free(x);
    free(y);
    free(r);
    return rc;
}
