/* sim_scenario.c - scenario files: INI through Debian's libinih, with
 * every error reported as file:line. */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "sim.h"

enum vtype { V_TIME, V_DIST, V_INT, V_BOOL, V_U64, V_STR, V_HZ, V_ARRIVAL, V_SEMANTICS, V_RANGE,
             V_SPEED, V_STRATEGIES };
enum where { W_SCENARIO, W_SYSTEM, W_TASK, W_INPUT };

typedef struct key {
    enum where where;
    const char *name;
    enum vtype type;
    size_t off;
} key_t_;

#define SC(f) offsetof(sim_scenario_t, f)
#define SY(f) offsetof(sim_system_t, f)
#define TK(f) offsetof(sim_task_t, f)
#define IN(f) offsetof(sim_input_t, f)

static const key_t_ keys[] = {
    {W_SCENARIO, "name", V_STR, SC(name)},
    {W_SCENARIO, "duration", V_TIME, SC(duration)},
    {W_SCENARIO, "seed", V_U64, SC(seed)},
    {W_SCENARIO, "queue_depth", V_INT, SC(queue_depth)},
    {W_SCENARIO, "strategies", V_STRATEGIES, 0},
    {W_SYSTEM, "cpu_hz", V_HZ, SY(cpu_hz)},
    {W_SYSTEM, "cores", V_INT, SY(cores)},
    {W_SYSTEM, "isr_entry", V_TIME, SY(isr_entry)},
    {W_SYSTEM, "isr_exit", V_TIME, SY(isr_exit)},
    {W_SYSTEM, "push", V_TIME, SY(push)},
    {W_SYSTEM, "dispatch", V_TIME, SY(dispatch)},
    {W_SYSTEM, "poll", V_TIME, SY(poll)},
    {W_SYSTEM, "loop_overhead", V_TIME, SY(loop_overhead)},
    {W_SYSTEM, "dedicated_poll", V_TIME, SY(dedicated_poll)},
    {W_SYSTEM, "nesting", V_BOOL, SY(nesting)},
    {W_SYSTEM, "storm_window", V_TIME, SY(storm_window)},
    {W_SYSTEM, "storm_max", V_INT, SY(storm_max)},
    {W_TASK, "duration", V_DIST, TK(duration)},
    {W_TASK, "masked", V_BOOL, TK(masked)},
    {W_INPUT, "arrival", V_ARRIVAL, IN(arrival)},
    {W_INPUT, "interval", V_DIST, IN(interval)},
    {W_INPUT, "speed", V_SPEED, IN(interval)},
    {W_INPUT, "start", V_TIME, IN(start)},
    {W_INPUT, "stop", V_TIME, IN(stop)},
    {W_INPUT, "burst", V_INT, IN(burst)},
    {W_INPUT, "burst_gap", V_TIME, IN(burst_gap)},
    {W_INPUT, "hold", V_DIST, IN(hold)},
    {W_INPUT, "bounce", V_RANGE, IN(bounce_lo)},
    {W_INPUT, "bounce_step", V_DIST, IN(bounce_step)},
    {W_INPUT, "semantics", V_SEMANTICS, IN(level)},
    {W_INPUT, "deadline", V_TIME, IN(deadline)},
    {W_INPUT, "handler", V_TIME, IN(handler)},
    {W_INPUT, "priority", V_INT, IN(priority)},
    {W_INPUT, "polled", V_BOOL, IN(polled)},
};

typedef struct ctx {
    sim_scenario_t *s;
    const char *path;
    int line;          /* counted by our reader: libinih's handler is not told */
    int header_line;   /* of the last [section] */
    int strategies_line;
    char section[64];
    int input_line[SIM_MAX_INPUTS];
    bool used_cycles;  /* cycle counts were converted at the clock of the time */
    bool system_set;   /* a [system] key was given: cpu_hz would reset it */
    char strategies[256];
    char *err;
    size_t errlen;
    bool failed;
} ctx_t;

__attribute__((format(printf, 2, 3))) static int fail(ctx_t *c, const char *fmt, ...)
{
    if (!c->failed) {
        int n = snprintf(c->err, c->errlen, "%s:%d: ", c->path, c->line);
        va_list ap;
        va_start(ap, fmt);
        if (n >= 0 && (size_t)n < c->errlen)
            vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
        va_end(ap);
        c->failed = true;
    }
    return 0;
}

static bool parse_time(ctx_t *c, const char *text, simt *out)
{
    if (strstr(text, "cyc"))
        c->used_cycles = true;
    return sim_parse_time(text, c->s->sys.cpu_hz, out);
}

/* "5ms" fixed, "1ms..3ms" uniform, "exp(30s)" exponential. */
static bool parse_dist(ctx_t *c, const char *text, sim_dist_t *d)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", text);
    size_t n = strlen(buf);
    if (strncmp(buf, "exp(", 4) == 0 && n > 5 && buf[n - 1] == ')') {
        buf[n - 1] = '\0';
        d->kind = SIM_EXP;
        return parse_time(c, buf + 4, &d->a);
    }
    char *dots = strstr(buf, "..");
    if (!dots) {
        d->kind = SIM_FIXED;
        return parse_time(c, buf, &d->a);
    }
    *dots = '\0';
    d->kind = SIM_UNIFORM;
    return parse_time(c, buf, &d->a) && parse_time(c, dots + 2, &d->b) && d->b >= d->a;
}

static bool parse_long(const char *text, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (end == text || *end || errno || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_range(const char *text, int *lohi)
{
    char buf[64];
    long lo, hi;
    snprintf(buf, sizeof buf, "%s", text);
    char *dots = strstr(buf, "..");
    if (dots)
        *dots = '\0';
    if (!parse_long(buf, 1, 7, &lo) || !parse_long(dots ? dots + 2 : buf, lo, 7, &hi))
        return false;
    lohi[0] = (int)lo;
    lohi[1] = (int)hi;
    return true;
}

static int lookup(const char *text, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(text, names[i]) == 0)
            return i;
    return -1;
}

static bool parse_value(ctx_t *c, const key_t_ *k, const char *v, char *base)
{
    static const char *const arrivals[] = {"periodic", "poisson", "bursty", "doorbell", "encoder", "flood"};
    static const char *const semantics[] = {"edge", "level"};
    static const char *const bools[] = {"no", "yes", "false", "true", "0", "1"};
    void *p = base + k->off;
    long l;
    int i;
    switch (k->type) {
    case V_TIME:
        return parse_time(c, v, p);
    case V_DIST:
        return parse_dist(c, v, p);
    case V_INT:
        return parse_long(v, 0, 1000000000, &l) && (*(int *)p = (int)l, true);
    case V_U64:
        return parse_long(v, 0, 0x7fffffffL, &l) && (*(uint64_t *)p = (uint64_t)l, true);
    case V_BOOL:
        return (i = lookup(v, bools, 6)) >= 0 && (*(bool *)p = i & 1, true);
    case V_STR:
        return snprintf(p, SIM_NAME, "%s", v) >= 0;
    case V_HZ: {
        char *end;
        double hz = strtod(v, &end);
        if (*end || !(hz > 0 && hz < 1e12))
            return false;
        sim_system_defaults(&c->s->sys, hz); /* the cycle-count defaults, at this clock */
        return true;
    }
    case V_ARRIVAL:
        return (i = lookup(v, arrivals, 6)) >= 0 && (*(uint8_t *)p = (uint8_t)i, true);
    case V_SEMANTICS:
        return (i = lookup(v, semantics, 2)) >= 0 && (*(bool *)p = i == 1, true);
    case V_RANGE:
        return parse_range(v, p);
    case V_SPEED: /* encoder counts per second: four edges per count */
        return parse_long(v, 1, 1000000000, &l) &&
               (*(sim_dist_t *)p = (sim_dist_t){SIM_FIXED, SIM_PS_PER_S / (4 * l), 0}, true);
    case V_STRATEGIES:
        c->strategies_line = c->line;
        return snprintf(c->strategies, sizeof c->strategies, "%s", v) < (int)sizeof c->strategies;
    }
    return false;
}

/* A new [task x] / [input x] section starts a new entry. */
static char *open_section(ctx_t *c, const char *section, enum where *w)
{
    sim_scenario_t *s = c->s;
    bool fresh = strcmp(section, c->section) != 0;
    snprintf(c->section, sizeof c->section, "%s", section);
    if (strcmp(section, "scenario") == 0)
        return (*w = W_SCENARIO, (char *)s);
    if (strcmp(section, "system") == 0)
        return (*w = W_SYSTEM, (char *)&s->sys);
    if (strncmp(section, "task ", 5) == 0) {
        *w = W_TASK;
        if (fresh && s->ntasks == SIM_MAX_TASKS)
            return NULL;
        sim_task_t *t = &s->tasks[fresh ? s->ntasks++ : s->ntasks - 1];
        snprintf(t->name, sizeof t->name, "%s", section + 5);
        return (char *)t;
    }
    if (strncmp(section, "input ", 6) == 0) {
        *w = W_INPUT;
        if (fresh && s->ninputs == SIM_MAX_INPUTS)
            return NULL;
        if (fresh) {
            sim_input_t *in = &s->inputs[s->ninputs];
            *in = (sim_input_t){.stop = SIM_NEVER, .deadline = SIM_NEVER, .priority = 1,
                                .bounce_lo = 1, .bounce_hi = 1, .burst = 1};
            c->input_line[s->ninputs++] = c->header_line;
        }
        sim_input_t *in = &s->inputs[s->ninputs - 1];
        snprintf(in->name, sizeof in->name, "%s", section + 6);
        return (char *)in;
    }
    return NULL;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    ctx_t *c = user;
    enum where w = W_SCENARIO;
    char *base = open_section(c, section, &w);
    if (!base)
        return fail(c, "unknown or one too many section [%s]", section);
    if (w == W_SYSTEM && strcmp(name, "cpu_hz") == 0 && (c->used_cycles || c->system_set))
        return fail(c, "cpu_hz must come first in [system], before any other key or cycle count");
    c->system_set |= w == W_SYSTEM;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (keys[i].where != w || strcmp(keys[i].name, name) != 0)
            continue;
        if (!parse_value(c, &keys[i], value, base))
            return fail(c, "bad value for %s: '%s'", name, value);
        return 1;
    }
    return fail(c, "unknown key '%s' in [%s]", name, section);
}

static char *read_line(char *str, int num, void *stream)
{
    ctx_t *c = ((void **)stream)[1];
    char *r = fgets(str, num, ((void **)stream)[0]);
    if (r) {
        c->line++;
        if (str[strspn(str, " \t")] == '[')
            c->header_line = c->line;
    }
    return r;
}

static int check_strategies(ctx_t *c)
{
    sim_scenario_t *s = c->s;
    char buf[256];
    c->line = c->strategies_line;
    snprintf(buf, sizeof buf, "%s", c->strategies[0] ? c->strategies : "poll1 poll2 isr queue dedicated storm");
    for (char *save, *tok = strtok_r(buf, " ,\t", &save); tok; tok = strtok_r(NULL, " ,\t", &save)) {
        if (s->nstrategies == SIM_MAX_STRATEGIES ||
            !sim_strategy_parse(tok, s->queue_depth, &s->strategies[s->nstrategies++]))
            return fail(c, "bad strategy '%s' (poll<k>, isr, queue[<depth>], dedicated, storm[<depth>])",
                        tok);
        if (s->strategies[s->nstrategies - 1].kind == SIM_DEDICATED && s->sys.cores < 2)
            return fail(c, "strategy 'dedicated' needs a second core: set cores = 2 in [system]");
    }
    return 1;
}

/* Whole-file rules, reported at the line of the section they concern. */
static int check(ctx_t *c)
{
    sim_scenario_t *s = c->s;
    if (s->ninputs == 0)
        return fail(c, "no [input <name>] section");
    if (sim_loop_period(s) + s->sys.loop_overhead <= 0)
        return fail(c, "the main loop takes no time: give a [task] a duration or loop_overhead");
    if (s->queue_depth < 1 || s->queue_depth > SIM_MAX_QUEUE || s->sys.dedicated_poll <= 0)
        return fail(c, "queue_depth must be 1..65536 and dedicated_poll > 0");
    if (s->sys.cores < 1)
        return fail(c, "cores must be at least 1");
    for (int i = 0; i < s->ninputs; i++) {
        const sim_input_t *in = &s->inputs[i];
        c->line = c->input_line[i];
        if (sim_dist_mean(&in->interval) <= 0 && in->arrival != SIM_BURSTY)
            return fail(c, "[input %s] needs an interval (or speed)", in->name);
        if (in->level && sim_dist_mean(&in->hold) <= 0)
            return fail(c, "[input %s] has level semantics: give it a hold time", in->name);
        if (in->arrival == SIM_BURSTY && (in->burst_gap <= 0 || sim_dist_mean(&in->interval) <= 0))
            return fail(c, "[input %s] is bursty: give burst, burst_gap and interval", in->name);
    }
    return check_strategies(c);
}

int sim_scenario_load(const char *path, sim_scenario_t *s, char *err, size_t errlen)
{
    sim_scenario_defaults(s);
    ctx_t c = {.s = s, .path = path, .err = err, .errlen = errlen};
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    void *stream[2] = {f, &c};
    int line = ini_parse_stream(read_line, stream, on_key, &c);
    fclose(f);
    if (line > 0 && !c.failed) {
        c.line = line;
        fail(&c, "syntax error (expected [section] or key = value)");
    }
    if (!c.failed)
        check(&c);
    return c.failed ? -1 : 0;
}
