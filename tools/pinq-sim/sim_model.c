/* sim_model.c - the model's defaults and the judgements made on a result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

static simt cycles(const sim_system_t *sys, double n)
{
    return sim_time_from(n * (double)SIM_PS_PER_S / sys->cpu_hz);
}

static sim_dist_t fixed_cycles(const sim_system_t *sys, double n)
{
    return (sim_dist_t){.kind = SIM_FIXED, .a = cycles(sys, n)};
}

void sim_system_defaults(sim_system_t *sys, double cpu_hz)
{
    memset(sys, 0, sizeof *sys);
    sys->cpu_hz = cpu_hz;
    sys->cores = 2;
    /* Cortex-M3/M4 datasheet: 12 cycles in, 12 out (M0: 16). */
    sys->isr_entry = fixed_cycles(sys, 12);
    sys->isr_exit = fixed_cycles(sys, 12);
    /* pinq's whole pin ISR body (timestamp, trigger filter, push,
     * accounting): 93 cycles, a conservative figure above the 27 to 42
     * instructions docs/performance.md measures on Cortex-M4; one
     * instruction per cycle assumed. */
    sys->push = fixed_cycles(sys, 93);
    sys->dispatch = fixed_cycles(sys, 30);
    sys->poll = cycles(sys, 4);        /* load a GPIO register, test, branch */
    sys->loop_overhead = cycles(sys, 10);
    sys->dedicated_poll = cycles(sys, 6); /* load, test, branch back */
    sys->nesting = true;
    sys->storm_window = SIM_PS_PER_S / 100;
    sys->storm_max = 100;
}

void sim_scenario_defaults(sim_scenario_t *s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "unnamed");
    s->duration = 60 * SIM_PS_PER_S;
    s->seed = 1;
    s->queue_depth = 16;
    sim_system_defaults(&s->sys, 48e6);
}

void *sim_calloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (!p) {
        fprintf(stderr, "pinq-sim: out of memory\n");
        exit(2);
    }
    return p;
}

double sim_cpu_share(const sim_result_t *r)
{
    if (r->active <= 0 || r->strategy.kind == SIM_DEDICATED)
        return 0.0;
    double share = 1.0 - (double)r->active_task_time / (double)r->active;
    return share < 0 ? 0 : share;
}

simt sim_loop_mean(const sim_result_t *r)
{
    return r->active_loops ? r->active / (simt)r->active_loops : 0;
}

simt sim_loop_period(const sim_scenario_t *s)
{
    simt p = 0;
    for (int i = 0; i < s->ntasks; i++)
        p = sim_tadd(p, sim_dist_mean(&s->tasks[i].duration));
    return p;
}

double sim_loop_max(const sim_scenario_t *s)
{
    double p = (double)s->sys.loop_overhead;
    for (int i = 0; i < s->ntasks; i++)
        p += (double)sim_dist_max(&s->tasks[i].duration);
    return p;
}

uint64_t sim_events(const sim_scenario_t *s, const sim_result_t *r)
{
    uint64_t n = 0;
    for (int i = 0; i < s->ninputs; i++)
        n += r->in[i].events;
    return n;
}

bool sim_meets(const sim_scenario_t *s, const sim_result_t *r)
{
    for (int i = 0; i < s->ninputs; i++)
        if (r->in[i].missed || r->in[i].deadline_misses)
            return false;
    return true;
}

static bool suffix_int(const char *text, const char *prefix, int *k)
{
    size_t n = strlen(prefix);
    if (strncmp(text, prefix, n) != 0)
        return false;
    if (text[n] == '\0')
        return true; /* keep the default */
    char *end;
    long v = strtol(text + n, &end, 10);
    if (*end || v < 1 || v > SIM_MAX_QUEUE)
        return false;
    *k = (int)v;
    return true;
}

static bool kind_of(const char *name, int default_depth, sim_strategy_t *st)
{
    st->k = 1;
    if (strcmp(name, "isr") == 0 || strcmp(name, "dedicated") == 0) {
        st->kind = name[0] == 'i' ? SIM_ISR : SIM_DEDICATED;
        return true;
    }
    if (suffix_int(name, "poll", &st->k)) {
        st->kind = SIM_POLL;
        st->points = st->k;
        return true;
    }
    st->k = default_depth;
    st->kind = strncmp(name, "storm", 5) == 0 ? SIM_STORM : SIM_QUEUE;
    return suffix_int(name, st->kind == SIM_STORM ? "storm" : "queue", &st->k);
}

bool sim_strategy_parse(const char *name, int default_depth, sim_strategy_t *st)
{
    memset(st, 0, sizeof *st);
    snprintf(st->name, sizeof st->name, "%s", name);
    st->points = 1;
    char base[SIM_NAME];
    snprintf(base, sizeof base, "%s", name);
    char *slash = strchr(base, '/');
    if (slash) {
        *slash = '\0';
        if (!suffix_int(slash + 1, "", &st->points))
            return false;
    }
    return kind_of(base, default_depth, st) && (!slash || st->kind != SIM_POLL);
}
