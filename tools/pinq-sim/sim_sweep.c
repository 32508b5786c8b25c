/* sim_sweep.c - sweeps of the loop period or the event rate. Shares are
 * per input: pooled, a busy input's many events would hide a rare one's
 * misses. */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_plot.h"
#include "sim_progress.h"
#include "sim_report.h"
#include "sim_sweep.h"

typedef struct sweep {
    bool period; /* else rate */
    double lo, hi;
    long n;
    int ncols;
    int strat[SIM_MAX_STRATEGIES * SIM_MAX_INPUTS], input[SIM_MAX_STRATEGIES * SIM_MAX_INPUTS];
    char name[SIM_MAX_STRATEGIES * SIM_MAX_INPUTS][2 * SIM_NAME];
} sweep_t;

static bool parse_bound(const sweep_t *w, const char *text, double cpu_hz, double *v)
{
    if (w->period) {
        simt t;
        return sim_parse_time(text, cpu_hz, &t) && (*v = (double)t) > 0;
    }
    char *end;
    *v = strtod(text, &end);
    return end != text && *end == '\0' && *v > 0 && isfinite(*v);
}

static bool parse_spec(const char *spec, double cpu_hz, sweep_t *w)
{
    char buf[128], *save, *end;
    snprintf(buf, sizeof buf, "%s", spec);
    const char *kind = strtok_r(buf, ":", &save), *lo = strtok_r(NULL, ":", &save);
    const char *hi = strtok_r(NULL, ":", &save), *n = strtok_r(NULL, ":", &save);
    if (!kind || !lo || !hi || !n || (strcmp(kind, "period") && strcmp(kind, "rate")))
        return false;
    w->period = strcmp(kind, "period") == 0;
    w->n = strtol(n, &end, 10);
    return *end == '\0' && parse_bound(w, lo, cpu_hz, &w->lo) && parse_bound(w, hi, cpu_hz, &w->hi) &&
           w->hi > w->lo && w->n >= 2 && w->n <= 1000;
}

/* The scenario at one point of the sweep. */
static void at(const sim_scenario_t *base, const sweep_t *w, double v, sim_scenario_t *s)
{
    *s = *base;
    if (w->period)
        sim_set_loop_period(s, sim_time_from(v));
    else
        sim_scale_rate(s, v);
}

/* A sweep must change something, and stay within the limits at both ends
 * (the scaling is monotonic, so the ends are the extremes). */
static bool sweep_ok(const sim_scenario_t *base, const sweep_t *w, const char *spec)
{
    if (w->period && sim_loop_period(base) <= 0) {
        fprintf(stderr, "pinq-sim: --sweep %s: this scenario has no task time to rescale (its loop is "
                        "loop_overhead and polls), so every row would be the same; sweep rate:LO:HI:N, or "
                        "add a [task]\n", spec);
        return false;
    }
    char why[256], v[24];
    for (int end = 0; end < 2; end++) {
        sim_scenario_t s;
        double x = end ? w->hi : w->lo;
        at(base, w, x, &s);
        if (sim_check_limits(&s, why, sizeof why) == 0)
            continue;
        if (w->period)
            sim_fmt_time(sim_time_from(x), v, sizeof v);
        else
            snprintf(v, sizeof v, "x%g", x);
        fprintf(stderr, "pinq-sim: --sweep %s: at %s, %s\n", spec, v, why);
        return false;
    }
    return true;
}

/* One column per strategy and input, or per strategy for one input. */
static void columns(const sim_scenario_t *s, int input, sweep_t *w)
{
    bool each = input < 0 && s->ninputs > 1;
    int first = input < 0 ? 0 : input, last = each ? s->ninputs - 1 : first;
    w->ncols = 0;
    for (int c = 0; c < s->nstrategies; c++) {
        for (int j = first; j <= last; j++) {
            w->strat[w->ncols] = c;
            w->input[w->ncols] = j;
            snprintf(w->name[w->ncols], sizeof w->name[0], each ? "%s/%s" : "%s", s->strategies[c].name,
                     s->inputs[j].name);
            w->ncols++;
        }
    }
}

/* Events of one input missed or late, per event generated; NaN for none. */
static double miss_share(const sim_input_stats_t *st)
{
    return st->events ? (double)(st->missed + st->deadline_misses) / (double)st->events : NAN;
}

static int width(const char *name)
{
    int n = (int)strlen(name);
    return n > 10 ? n : 10;
}

static void header(const sim_scenario_t *s, const sweep_t *w, int input, FILE *out)
{
    fprintf(out, "%-12s", w->period ? "period_ms" : "rate_x");
    for (int c = 0; c < w->ncols; c++)
        fprintf(out, " %*s", width(w->name[c]), w->name[c]);
    if (input >= 0 || s->ninputs == 1)
        fprintf(out, "   (share of input %s's events missed or late)\n", s->inputs[input < 0 ? 0 : input].name);
    else
        fprintf(out, "   (share of each input's events missed or late)\n");
}

/* Row i: every strategy at the sweep's i-th value. */
static void run_point(const sim_scenario_t *base, const sweep_t *w, int i, double *x, double *y, FILE *out)
{
    sim_scenario_t s;
    sim_result_t *r = sim_calloc((size_t)base->nstrategies, sizeof *r);
    double v = w->lo + (w->hi - w->lo) * i / (double)(w->n - 1);
    at(base, w, v, &s);
    x[i] = w->period ? v / 1e9 : v;
    for (int c = 0; c < s.nstrategies; c++) {
        sim_progress_stage("sweep %d/%ld: %s", i + 1, w->n, s.strategies[c].name);
        sim_run(&s, &s.strategies[c], &r[c]);
    }
    sim_progress_done();
    fprintf(out, "%-12.6g", x[i]);
    for (int c = 0; c < w->ncols; c++) {
        y[i * w->ncols + c] = miss_share(&r[w->strat[c]].in[w->input[c]]);
        if (isnan(y[i * w->ncols + c]))
            fprintf(out, " %*s", width(w->name[c]), "-");
        else
            fprintf(out, " %*.4f", width(w->name[c]), y[i * w->ncols + c]);
    }
    fprintf(out, "\n");
    free(r);
}

/* Which inputs have a column. */
static void plotted(const sweep_t *w, bool *shown)
{
    memset(shown, 0, SIM_MAX_INPUTS * sizeof *shown);
    for (int c = 0; c < w->ncols; c++)
        shown[w->input[c]] = true;
}

/* The plotted inputs' deadlines, as vertical lines on a period axis (ms). */
static int deadline_marks(const sim_scenario_t *s, const sweep_t *w, double *marks, char (*names)[2 * SIM_NAME])
{
    bool shown[SIM_MAX_INPUTS];
    plotted(w, shown);
    int n = 0;
    for (int j = 0; j < s->ninputs && w->period; j++) {
        const sim_input_t *in = &s->inputs[j];
        if (!shown[j] || in->deadline == SIM_NEVER || in->deadline < w->lo || in->deadline > w->hi)
            continue; /* off the axis */
        marks[n] = (double)in->deadline / 1e9;
        snprintf(names[n++], 2 * SIM_NAME, "deadline %s", in->name);
    }
    return n;
}

/* On a rate axis the deadlines have no place: the title gives them. */
static void deadline_title(const sim_scenario_t *s, const sweep_t *w, char *title, size_t len)
{
    bool shown[SIM_MAX_INPUTS];
    plotted(w, shown);
    size_t n = (size_t)snprintf(title, len, "%s: events missed or late", s->name);
    bool first = true;
    for (int j = 0; j < s->ninputs && !w->period && n < len; j++) {
        char dl[24];
        if (!shown[j] || s->inputs[j].deadline == SIM_NEVER)
            continue;
        n += (size_t)snprintf(title + n, len - n, "%s%s %s", first ? " (deadline " : ", ", s->inputs[j].name,
                              sim_fmt_time(s->inputs[j].deadline, dl, sizeof dl));
        first = false;
    }
    if (n < len && !first)
        snprintf(title + n, len - n, ")");
}

static int plot(const sim_scenario_t *s, const sweep_t *w, const char *out, const double *x, const double *y)
{
    const char *names[SIM_MAX_STRATEGIES * SIM_MAX_INPUTS], *mark_names[SIM_MAX_INPUTS];
    double marks[SIM_MAX_INPUTS];
    char mark_text[SIM_MAX_INPUTS][2 * SIM_NAME];
    for (int c = 0; c < w->ncols; c++)
        names[c] = w->name[c];
    int nmarks = deadline_marks(s, w, marks, mark_text);
    for (int m = 0; m < nmarks; m++)
        mark_names[m] = mark_text[m];
    char title[SIM_NAME + SIM_MAX_INPUTS * (SIM_NAME + 24) + 64];
    deadline_title(s, w, title, sizeof title);
    sim_sweep_plot_t p = {title, w->period ? "main-loop period (ms)" : "event rate (x scenario)",
                          "share of events missed or late", x, y, (int)w->n, w->ncols, names,
                          marks, mark_names, nmarks};
    return sim_plot_sweep(out, &p);
}

int sim_sweep(const sim_scenario_t *base, const char *spec, int input, const char *png, FILE *out)
{
    sweep_t w;
    if (!parse_spec(spec, base->sys.cpu_hz, &w)) {
        fprintf(stderr, "pinq-sim: bad --sweep '%s' (period:LO:HI:N with times, or rate:LO:HI:N; N from 2 "
                        "to 1000)\n", spec);
        return -1;
    }
    if (!sweep_ok(base, &w, spec))
        return -1;
    columns(base, input, &w);
    double *x = sim_calloc((size_t)w.n, sizeof *x), *y = sim_calloc((size_t)(w.n * w.ncols), sizeof *y);
    header(base, &w, input, out);
    for (int i = 0; i < w.n; i++)
        run_point(base, &w, i, x, y, out);
    int rc = png ? plot(base, &w, png, x, y) : 0;
    free(x);
    free(y);
    return rc;
}
