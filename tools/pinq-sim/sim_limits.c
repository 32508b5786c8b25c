/* sim_limits.c - the limits a scenario must keep for the clock to hold
 * every sum the engine forms, checked on scenarios changed after loading
 * (a sweep's rescaled tasks and rates, a search's longer loop). The loader
 * checks the same limits value by value, with line numbers. */
#include <stdarg.h>
#include <stdio.h>

#include "sim.h"

typedef struct lim {
    char *why;
    size_t len;
    bool bad;
} lim_t;

__attribute__((format(printf, 4, 5))) static void over(lim_t *l, simt t, simt max, const char *fmt, ...)
{
    if (l->bad || t <= max)
        return;
    char a[24];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(l->why, l->len, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < l->len)
        snprintf(l->why + n, l->len - (size_t)n, " reaches %s, over the %lldh limit",
                 t == SIM_NEVER ? "past the clock's range" : sim_fmt_time(t, a, sizeof a), max / SIM_HOUR);
    l->bad = true;
}

static void input_limits(lim_t *l, const sim_input_t *in)
{
    over(l, sim_dist_max(&in->interval), SIM_TIME_MAX, "input '%s' interval", in->name);
    over(l, sim_dist_max(&in->hold), SIM_TIME_MAX, "input '%s' hold", in->name);
    over(l, sim_dist_max(&in->bounce_step), SIM_TIME_MAX, "input '%s' bounce_step", in->name);
    over(l, sim_dist_max(&in->handler), SIM_TIME_MAX, "input '%s' handler", in->name);
    over(l, in->burst_gap, SIM_TIME_MAX, "input '%s' burst_gap", in->name);
    over(l, in->start, SIM_DURATION_MAX, "input '%s' start", in->name);
    if (in->arrival == SIM_CAPTURE)
        over(l, sim_time_from((double)in->span * in->scale), SIM_TIME_MAX, "input '%s' capture", in->name);
    if (in->deadline != SIM_NEVER)
        over(l, in->deadline, SIM_TIME_MAX, "input '%s' deadline", in->name);
    if (in->stop != SIM_NEVER)
        over(l, in->stop, SIM_DURATION_MAX, "input '%s' stop", in->name);
}

static void system_limits(lim_t *l, const sim_system_t *y)
{
    over(l, sim_dist_max(&y->isr_entry), SIM_TIME_MAX, "isr_entry");
    over(l, sim_dist_max(&y->isr_exit), SIM_TIME_MAX, "isr_exit");
    over(l, sim_dist_max(&y->push), SIM_TIME_MAX, "push");
    over(l, sim_dist_max(&y->dispatch), SIM_TIME_MAX, "dispatch");
    over(l, y->poll, SIM_TIME_MAX, "poll");
    over(l, y->loop_overhead, SIM_TIME_MAX, "loop_overhead");
    over(l, y->dedicated_poll, SIM_TIME_MAX, "dedicated_poll");
    over(l, y->storm_window, SIM_TIME_MAX, "storm_window");
}

int sim_check_limits(const sim_scenario_t *s, char *why, size_t len)
{
    lim_t l = {why, len, false};
    over(&l, s->duration, SIM_DURATION_MAX, "the duration");
    for (int i = 0; i < s->ntasks; i++)
        over(&l, sim_dist_max(&s->tasks[i].duration), SIM_TIME_MAX, "task '%s'", s->tasks[i].name);
    over(&l, sim_time_from(sim_loop_max(s)), SIM_TIME_MAX, "one main-loop iteration at the longest");
    system_limits(&l, &s->sys);
    for (int i = 0; i < s->ninputs; i++)
        input_limits(&l, &s->inputs[i]);
    return l.bad ? -1 : 0;
}
