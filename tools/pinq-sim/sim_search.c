/* sim_search.c - rerunning a scenario with one knob turned: the searches
 * behind "smallest queue depth" and "longest loop period", and sweeps. */
#include <math.h>
#include <stdlib.h>

#include "sim_progress.h"
#include "sim_report.h"

void sim_run_all(const sim_scenario_t *s, sim_result_t *res)
{
    for (int i = 0; i < s->nstrategies; i++) {
        sim_progress_stage("%s (%d/%d)", s->strategies[i].name, i + 1, s->nstrategies);
        sim_run(s, &s->strategies[i], &res[i]);
    }
}

void sim_set_loop_period(sim_scenario_t *s, simt period)
{
    simt now = sim_loop_period(s);
    if (now <= 0)
        return;
    for (int i = 0; i < s->ntasks; i++)
        sim_dist_scale(&s->tasks[i].duration, (double)period / (double)now);
}

void sim_scale_rate(sim_scenario_t *s, double factor)
{
    for (int i = 0; i < s->ninputs; i++) {
        sim_input_t *in = &s->inputs[i];
        sim_dist_scale(&in->interval, 1.0 / factor);
        in->burst_gap = sim_time_from((double)in->burst_gap / factor);
        in->scale /= factor; /* a capture played `factor` times faster */
    }
}

static bool meets_with(const sim_scenario_t *s, const sim_strategy_t *st, sim_result_t *r)
{
    sim_run(s, st, r);
    return sim_meets(s, r);
}

static bool dropped(const sim_scenario_t *s, const sim_result_t *r)
{
    for (int i = 0; i < s->ninputs; i++)
        if (r->in[i].dropped)
            return true;
    return false;
}

int sim_smallest_queue(const sim_scenario_t *s, int points)
{
    sim_result_t *r = sim_calloc(1, sizeof *r);
    int found = -1;
    for (int q = 1; q <= SIM_MAX_QUEUE && found < 0; q *= 2) {
        sim_strategy_t st = {.kind = SIM_QUEUE, .k = q, .points = points, .name = "queue"};
        sim_progress_stage("smallest queue depth: queue%d", q);
        if (meets_with(s, &st, r))
            found = q;
        else if (!dropped(s, r)) /* failing without a drop: depth is not what is missing */
            break;
    }
    free(r);
    return found;
}

static bool poll_meets(const sim_scenario_t *base, simt period, sim_result_t *r)
{
    sim_scenario_t s = *base;
    char p[24];
    sim_set_loop_period(&s, period);
    sim_strategy_t st = {.kind = SIM_POLL, .k = 1, .points = 1, .name = "poll1"};
    sim_progress_stage("longest loop period: poll1 at %s", sim_fmt_time(period, p, sizeof p));
    return meets_with(&s, &st, r);
}

simt sim_longest_poll_period(const sim_scenario_t *s)
{
    simt nominal = sim_loop_period(s);
    if (nominal <= 0)
        return -1;
    sim_result_t *r = sim_calloc(1, sizeof *r);
    /* Bisect on a log scale between a loop 16x faster and 16x slower;
     * misses grow with the period, so the boundary is where they start.
     * (Much faster loops make hour-long runs slow to simulate.) The
     * slowest stays within the loop limit. */
    double lo = nominal / 16.0, hi = nominal * 16.0;
    double room = ((double)SIM_TIME_MAX - (double)s->sys.loop_overhead) /
                  (sim_loop_max(s) - (double)s->sys.loop_overhead);
    if (hi > nominal * room)
        hi = nominal * room;
    simt found = -1;
    if (poll_meets(s, (simt)lo, r)) {
        if (poll_meets(s, (simt)hi, r)) {
            found = (simt)hi;
        } else {
            while (hi / lo > 1.01) {
                double mid = sqrt(lo * hi);
                *(poll_meets(s, (simt)mid, r) ? &lo : &hi) = mid;
            }
            found = (simt)lo;
        }
    }
    free(r);
    return found;
}
