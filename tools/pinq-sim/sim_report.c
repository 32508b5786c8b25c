/* sim_report.c - the results table and the recommendation paragraph. */
#include <string.h>

#include "sim_report.h"

const char *sim_fmt_time(simt t, char *buf, size_t len)
{
    static const struct {
        const char *unit;
        double ps;
    } u[] = {{"s", 1e12}, {"ms", 1e9}, {"us", 1e6}, {"ns", 1e3}};
    if (t == SIM_NEVER) /* an input without a deadline */
        return snprintf(buf, len, "none"), buf;
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++) {
        if ((double)t >= u[i].ps || i + 1 == sizeof u / sizeof u[0]) {
            snprintf(buf, len, (double)t >= 1e15 ? "%.0f%s" : "%.3g%s", (double)t / u[i].ps, u[i].unit);
            return buf;
        }
    }
    return buf;
}

static void row(FILE *f, const sim_input_t *in, const sim_result_t *r, const sim_input_stats_t *st)
{
    char p50[16], p99[16], max[16], lp[16];
    double loop = r->loops ? (double)r->elapsed / (double)r->loops : 0;
    fprintf(f, "%-10s %-10s %9llu %9llu %7llu (%llu/%llu/%llu) %7llu %8s %8s %8s %5.2f%% %5u %8s\n",
            r->strategy.name, in->name, (unsigned long long)st->events, (unsigned long long)st->seen,
            (unsigned long long)st->missed, (unsigned long long)st->missed_merged,
            (unsigned long long)st->missed_qfull, (unsigned long long)st->missed_unsampled,
            (unsigned long long)st->deadline_misses, sim_fmt_time(sim_hist_quantile(&st->latency, 0.5), p50, 16),
            sim_fmt_time(sim_hist_quantile(&st->latency, 0.99), p99, 16),
            sim_fmt_time(st->latency.max, max, 16), 100.0 * sim_cpu_share(r), r->queue_hwm,
            r->loops ? sim_fmt_time((simt)loop, lp, 16) : "-");
}

void sim_report_table(FILE *f, const sim_scenario_t *s, const sim_result_t *res, int n)
{
    fprintf(f, "%-10s %-10s %9s %9s %7s %-9s %7s %8s %8s %8s %6s %5s %8s\n", "strategy", "input", "events",
            "seen", "missed", "(merg/qfull/unsamp)", "late", "p50", "p99", "max", "cpu", "qhwm", "loop");
    for (int i = 0; i < n; i++)
        for (int j = 0; j < s->ninputs; j++)
            row(f, &s->inputs[j], &res[i], &res[i].in[j]);
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

int sim_recommend(const sim_scenario_t *s, const sim_result_t *res, int n, char *text, size_t len)
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
    if (best < 0) {
        snprintf(text, len, "No strategy to compare.");
        return -1;
    }
    const sim_result_t *r = &res[best];
    int in = 0;
    char p99[16], dl[16];
    sim_fmt_time(worst_p99(s, r, &in), p99, 16);
    sim_fmt_time(s->inputs[in].deadline, dl, 16);
    if (sim_meets(s, r))
        snprintf(text, len,
                 "Recommendation: %s. It is the simplest strategy here that handles every event within its "
                 "deadline (tightest: %s p99 %s against %s), taking %.1f%% of the main core from the loop%s.",
                 r->strategy.name, s->inputs[in].name, p99, dl, 100.0 * sim_cpu_share(r),
                 r->strategy.kind == SIM_DEDICATED ? " but a whole second core" : "");
    else
        snprintf(text, len,
                 "Recommendation: none of these strategies meets every deadline; %s fails least "
                 "(%llu events missed or late; %s p99 %s against %s). Shorten the work per event, the loop, "
                 "or the masked sections, or add a core.",
                 r->strategy.name, (unsigned long long)failures(s, r), s->inputs[in].name, p99, dl);
    return best;
}
