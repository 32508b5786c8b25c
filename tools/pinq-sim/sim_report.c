/* sim_report.c - the results table and the recommendation paragraph. */
#include <string.h>

#include "sim_report.h"

/* Latency figures of one input: mean, p50, p99 to 3 digits, the exact max
 * to 7; "-" where no event was seen. */
static void latencies(const sim_hist_t *h, char (*out)[24])
{
    if (h->count == 0) {
        for (int i = 0; i < 4; i++)
            snprintf(out[i], 24, "-");
        return;
    }
    sim_fmt_time(sim_time_from(sim_hist_mean(h)), out[0], 24);
    sim_fmt_time(sim_hist_quantile(h, 0.5), out[1], 24);
    sim_fmt_time(sim_hist_quantile(h, 0.99), out[2], 24);
    sim_fmt_time_digits(h->max, 7, out[3], 24);
}

static void row(FILE *f, const sim_scenario_t *s, int in, const sim_result_t *r)
{
    const sim_input_stats_t *st = &r->in[in];
    char lat[4][24], cpu[16] = "-", lp[16] = "-";
    latencies(&st->latency, lat);
    if (s->ntasks > 0) /* else there is no task work to take a share of */
        snprintf(cpu, sizeof cpu, "%5.2f%%", 100.0 * sim_cpu_share(r));
    if (r->active_loops)
        sim_fmt_time(sim_loop_mean(r), lp, sizeof lp);
    fprintf(f, "%-10s %-10s %9llu %9llu %7llu (%llu/%llu/%llu) %7llu %8s %8s %8s %11s %6s %5u %8s\n",
            r->strategy.name, s->inputs[in].name, (unsigned long long)st->events, (unsigned long long)st->seen,
            (unsigned long long)st->missed, (unsigned long long)st->missed_merged,
            (unsigned long long)st->missed_qfull, (unsigned long long)st->missed_unsampled,
            (unsigned long long)st->deadline_misses, lat[0], lat[1], lat[2], lat[3], cpu, r->queue_hwm, lp);
}

void sim_report_table(FILE *f, const sim_scenario_t *s, const sim_result_t *res, int n)
{
    char d[24];
    fprintf(f, "%-10s %-10s %9s %9s %7s %-9s %7s %8s %8s %8s %11s %6s %5s %8s\n", "strategy", "input", "events",
            "seen", "missed", "(merg/qfull/unsamp)", "late", "mean", "p50", "p99", "max", "cpu", "qhwm", "loop");
    for (int i = 0; i < n; i++)
        for (int j = 0; j < s->ninputs; j++)
            row(f, s, j, &res[i]);
    if (s->ntasks == 0)
        fprintf(f, "(no tasks: the loop is loop_overhead and polls, so no share of task time to report; "
                   "loop: its mean iteration in the first %s)\n",
                sim_fmt_time(s->duration, d, sizeof d));
    else
        fprintf(f, "(cpu, loop: over the loops started in the first %s, while events arrive; the drain "
                   "after it is left out)\n",
                sim_fmt_time(s->duration, d, sizeof d));
}

/* Simplest first: a poll, then fewer polls, then an ISR, then pinq's
 * queue, then the guard, then a whole core. */
static int simplicity(const sim_strategy_t *st)
{
    static const int order[] = {[SIM_POLL] = 0, [SIM_ISR] = 1, [SIM_QUEUE] = 2, [SIM_STORM] = 3,
                                [SIM_DEDICATED] = 4};
    return order[st->kind] * 100000 + st->k;
}

static uint64_t failures(const sim_scenario_t *s, const sim_result_t *r)
{
    uint64_t n = 0;
    for (int i = 0; i < s->ninputs; i++)
        n += r->in[i].missed + r->in[i].deadline_misses;
    return n;
}

static simt worst_p99(const sim_scenario_t *s, const sim_result_t *r, int *which)
{
    simt worst = -1;
    for (int i = 0; i < s->ninputs; i++) {
        simt p = sim_hist_quantile(&r->in[i].latency, 0.99);
        if (worst < 0 || (double)p / (double)s->inputs[i].deadline >
                             (double)worst / (double)s->inputs[*which].deadline) {
            worst = p;
            *which = i;
        }
    }
    return worst;
}

/* What the strategy costs the main loop, for the recommendation. */
static void cost_phrase(const sim_scenario_t *s, const sim_result_t *r, char *buf, size_t len)
{
    if (s->ntasks == 0)
        snprintf(buf, len, "; the loop has no tasks, so no share of their time is taken");
    else
        snprintf(buf, len, ", taking %.1f%% of the main core from the loop%s", 100.0 * sim_cpu_share(r),
                 r->strategy.kind == SIM_DEDICATED ? " but a whole second core" : "");
}

/* Inputs no event came from: the verdict says nothing about them. */
static void silent_inputs(const sim_scenario_t *s, const sim_result_t *r, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < s->ninputs && used < len; i++) {
        if (r->in[i].events > 0)
            continue;
        int k = snprintf(buf + used, len - used, " Input '%s' had no event in the run: nothing is known of it.",
                         s->inputs[i].name);
        used += k > 0 ? (size_t)k : len;
    }
}

static int best_of(const sim_scenario_t *s, const sim_result_t *res, int n)
{
    int best = -1;
    for (int i = 0; i < n; i++) {
        bool ok = sim_meets(s, &res[i]);
        if (best < 0) {
            best = i;
            continue;
        }
        bool best_ok = sim_meets(s, &res[best]);
        if (ok != best_ok ? ok
                          : ok ? simplicity(&res[i].strategy) < simplicity(&res[best].strategy)
                               : failures(s, &res[i]) < failures(s, &res[best]))
            best = i;
    }
    return best;
}

int sim_recommend(const sim_scenario_t *s, const sim_result_t *res, int n, char *text, size_t len)
{
    char d[24];
    if (n <= 0) {
        snprintf(text, len, "No strategy to compare.");
        return -1;
    }
    if (sim_events(s, &res[0]) == 0) { /* every strategy sees the same arrivals */
        snprintf(text, len, "No recommendation: no event arrived in the %s simulated (compare the inputs' "
                 "interval, start and stop with the duration).", sim_fmt_time(s->duration, d, sizeof d));
        return -1;
    }
    int best = best_of(s, res, n);
    const sim_result_t *r = &res[best];
    int in = 0;
    char p99[24], dl[24], cost[128], silent[SIM_MAX_INPUTS * 96];
    sim_fmt_time(worst_p99(s, r, &in), p99, sizeof p99);
    sim_fmt_time(s->inputs[in].deadline, dl, sizeof dl);
    cost_phrase(s, r, cost, sizeof cost);
    silent_inputs(s, r, silent, sizeof silent);
    if (sim_meets(s, r))
        snprintf(text, len,
                 "Recommendation: %s. It is the simplest strategy here that handles every event within its "
                 "deadline (tightest: %s p99 %s against %s)%s.%s",
                 r->strategy.name, s->inputs[in].name, p99, dl, cost, silent);
    else
        snprintf(text, len,
                 "Recommendation: none of these strategies meets every deadline; %s fails least "
                 "(%llu events missed or late; %s p99 %s against %s). Shorten the work per event, the loop, "
                 "or the masked sections, or add a core.%s",
                 r->strategy.name, (unsigned long long)failures(s, r), s->inputs[in].name, p99, dl, silent);
    return best;
}
