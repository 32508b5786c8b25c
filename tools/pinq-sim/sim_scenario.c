/* sim_scenario.c - scenario files: INI through Debian's libinih, with
 * every error reported as file:line. */
#define _POSIX_C_SOURCE 200809L /* strtok_r, fstat, fileno */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include <ini.h>

#include "sim.h"
#include "sim_capture.h"
#include "sim_dist_parse.h"

enum vtype { V_TIME, V_SPAN, V_DIST, V_INT, V_BOOL, V_U64, V_STR, V_HZ, V_ARRIVAL, V_SEMANTICS, V_RANGE,
             V_SPEED, V_STRATEGIES, V_SOURCE, V_REPEAT };
enum where { W_SCENARIO, W_SYSTEM, W_TASK, W_INPUT };

typedef struct key {
    enum where where;
    const char *name;
    enum vtype type; /* V_TIME, V_DIST: up to SIM_TIME_MAX; V_SPAN: up to SIM_DURATION_MAX */
    size_t off;
} key_t_;

#define SC(f) offsetof(sim_scenario_t, f)
#define SY(f) offsetof(sim_system_t, f)
#define TK(f) offsetof(sim_task_t, f)
#define IN(f) offsetof(sim_input_t, f)

static const key_t_ keys[] = {
    {W_SCENARIO, "name", V_STR, SC(name)},
    {W_SCENARIO, "duration", V_SPAN, SC(duration)},
    {W_SCENARIO, "seed", V_U64, SC(seed)},
    {W_SCENARIO, "queue_depth", V_INT, SC(queue_depth)},
    {W_SCENARIO, "strategies", V_STRATEGIES, 0},
    {W_SYSTEM, "cpu_hz", V_HZ, SY(cpu_hz)},
    {W_SYSTEM, "cores", V_INT, SY(cores)},
    {W_SYSTEM, "isr_entry", V_DIST, SY(isr_entry)},
    {W_SYSTEM, "isr_exit", V_DIST, SY(isr_exit)},
    {W_SYSTEM, "push", V_DIST, SY(push)},
    {W_SYSTEM, "dispatch", V_DIST, SY(dispatch)},
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
    {W_INPUT, "start", V_SPAN, IN(start)},
    {W_INPUT, "stop", V_SPAN, IN(stop)},
    {W_INPUT, "burst", V_INT, IN(burst)},
    {W_INPUT, "burst_gap", V_TIME, IN(burst_gap)},
    {W_INPUT, "hold", V_DIST, IN(hold)},
    {W_INPUT, "bounce", V_RANGE, IN(bounce_lo)},
    {W_INPUT, "bounce_step", V_DIST, IN(bounce_step)},
    {W_INPUT, "semantics", V_SEMANTICS, IN(level)},
    {W_INPUT, "deadline", V_TIME, IN(deadline)},
    {W_INPUT, "handler", V_DIST, IN(handler)},
    {W_INPUT, "priority", V_INT, IN(priority)},
    {W_INPUT, "polled", V_BOOL, IN(polled)},
    {W_INPUT, "source", V_SOURCE, 0},
    {W_INPUT, "repeat", V_REPEAT, IN(repeat)},
};

/* The integer keys' ranges, by name. */
static const struct {
    const char *name;
    long lo, hi;
} ranges[] = {{"queue_depth", 1, SIM_MAX_QUEUE}, {"cores", 1, 64}, {"storm_max", 0, 1000000000},
              {"burst", 1, 1000000000},       {"priority", 0, 1000000000}, {"speed", 1, 1000000000},
              {"bounce", 1, 7},           {"repeat", 1, 1000000000}};

static void range_of(const char *name, long *lo, long *hi)
{
    *lo = *hi = 0;
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (strcmp(ranges[i].name, name) == 0) {
            *lo = ranges[i].lo;
            *hi = ranges[i].hi;
        }
}

enum { KEY_ARRIVAL = 1, KEY_SOURCE = 2, KEY_REPEAT = 4 };

typedef struct ctx {
    sim_scenario_t *s;
    const char *path;
    char dir[512];     /* the file's folder: file(...) values are found from it */
    char why[512];     /* a value's own reason to be refused, if it has one */
    int line;          /* counted by our reader: libinih's handler is not told */
    int header_line;   /* of the last [section] */
    int strategies_line;
    char section[64];
    int input_line[SIM_MAX_INPUTS];
    uint8_t input_keys[SIM_MAX_INPUTS]; /* KEY_* given in the section: source and arrival exclude each other */
    int task_line[SIM_MAX_TASKS];
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
        /* whole-file rules on a file with no line (empty) point at line 1 */
        int n = snprintf(c->err, c->errlen, "%s:%d: ", c->path, c->line > 0 ? c->line : 1);
        va_list ap;
        va_start(ap, fmt);
        if (n >= 0 && (size_t)n < c->errlen)
            vsnprintf(c->err + n, c->errlen - (size_t)n, fmt, ap);
        va_end(ap);
        c->failed = true;
    }
    return 0;
}

/* Values in cycles (a file of them may hold some) are converted at the
 * clock of the time: cpu_hz must not change after them. */
static void note_cycles(ctx_t *c, const char *text)
{
    if (strstr(text, "cyc") || strncmp(text, "file(", 5) == 0)
        c->used_cycles = true;
}

static bool parse_time(ctx_t *c, const char *text, simt max, simt *out)
{
    note_cycles(c, text);
    return sim_parse_time(text, c->s->sys.cpu_hz, out) && *out <= max;
}

static bool parse_dist(ctx_t *c, const char *text, simt max, sim_dist_t *d)
{
    note_cycles(c, text);
    sim_dist_src_t src = {c->s->sys.cpu_hz, max, c->dir, c->s, c->why, sizeof c->why};
    return sim_dist_parse(text, &src, d);
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

static bool parse_range(const char *text, long max, int *lohi)
{
    char buf[64];
    long lo, hi;
    snprintf(buf, sizeof buf, "%s", text);
    char *dots = strstr(buf, "..");
    if (dots)
        *dots = '\0';
    if (!parse_long(buf, 1, max, &lo) || !parse_long(dots ? dots + 2 : buf, lo, max, &hi))
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

static simt longest(const key_t_ *k)
{
    return k->type == V_SPAN ? SIM_DURATION_MAX : SIM_TIME_MAX;
}

/* What the key takes, for the message that refuses a value. */
static const char *hint(const key_t_ *k, char *buf, size_t len)
{
    static const char *const fixed[] = {
        [V_BOOL] = "yes or no",
        [V_U64] = "an integer from 0 to 18446744073709551615",
        [V_STR] = "a name",
        [V_HZ] = "a clock in Hz from 1e3 to 1e11, e.g. 48e6",
        [V_ARRIVAL] = "periodic, poisson, bursty, doorbell, encoder or flood",
        [V_SEMANTICS] = "edge or level",
        [V_STRATEGIES] = "at most 255 characters",
        [V_SOURCE] = "capture:FILE:CHANNEL",
    };
    long lo, hi;
    range_of(k->name, &lo, &hi);
    switch (k->type) {
    case V_TIME:
    case V_SPAN:
    case V_DIST:
        snprintf(buf, len, "a time from 0 to %lldh, e.g. 5ms, 1.5us, 12cyc%s", longest(k) / SIM_HOUR,
                 k->type == V_DIST ? "; or LO..HI, exp(MEAN), list(T T ...), file(PATH[, UNIT])" : "");
        return buf;
    case V_INT:
    case V_SPEED:
    case V_RANGE:
    case V_REPEAT:
        snprintf(buf, len, "%s from %ld to %ld%s", k->type == V_RANGE ? "N or LO..HI" : "an integer", lo, hi,
                 k->type == V_REPEAT ? ", or loop" : "");
        return buf;
    default:
        return fixed[k->type];
    }
}

static bool parse_value(ctx_t *c, const key_t_ *k, const char *v, char *base)
{
    static const char *const arrivals[] = {"periodic", "poisson", "bursty", "doorbell", "encoder", "flood"};
    static const char *const semantics[] = {"edge", "level"};
    static const char *const bools[] = {"no", "yes", "false", "true", "0", "1"};
    void *p = base + k->off;
    long l, lo, hi;
    int i;
    range_of(k->name, &lo, &hi);
    switch (k->type) {
    case V_TIME:
    case V_SPAN:
        return parse_time(c, v, longest(k), p);
    case V_DIST:
        return parse_dist(c, v, longest(k), p);
    case V_INT:
        return parse_long(v, lo, hi, &l) && (*(int *)p = (int)l, true);
    case V_U64:
        return sim_parse_u64(v, p);
    case V_BOOL:
        return (i = lookup(v, bools, 6)) >= 0 && (*(bool *)p = i & 1, true);
    case V_STR:
        return snprintf(p, SIM_NAME, "%s", v) >= 0;
    case V_HZ: {
        char *end;
        double hz = strtod(v, &end);
        if (end == v || *end || !(hz >= SIM_HZ_MIN && hz <= SIM_HZ_MAX))
            return false;
        sim_system_defaults(&c->s->sys, hz); /* the cycle-count defaults, at this clock */
        return true;
    }
    case V_ARRIVAL:
        return (i = lookup(v, arrivals, 6)) >= 0 && (*(uint8_t *)p = (uint8_t)i, true);
    case V_SEMANTICS:
        return (i = lookup(v, semantics, 2)) >= 0 && (*(bool *)p = i == 1, true);
    case V_RANGE:
        return parse_range(v, hi, p);
    case V_SPEED: /* encoder counts per second: four edges per count */
        return parse_long(v, lo, hi, &l) &&
               (*(sim_dist_t *)p = (sim_dist_t){.kind = SIM_FIXED, .a = SIM_PS_PER_S / (4 * (simt)l)}, true);
    case V_STRATEGIES:
        c->strategies_line = c->line;
        return snprintf(c->strategies, sizeof c->strategies, "%s", v) < (int)sizeof c->strategies;
    case V_SOURCE: {
        sim_dist_src_t src = {c->s->sys.cpu_hz, SIM_TIME_MAX, c->dir, c->s, c->why, sizeof c->why};
        return sim_capture_parse(v, &src, (sim_input_t *)base);
    }
    case V_REPEAT: /* a count, or 0 for a loop to the end of the run */
        return strcmp(v, "loop") == 0 ? ((*(long *)p = 0), true) : parse_long(v, lo, hi, p);
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
        if (fresh)
            c->task_line[s->ntasks] = c->header_line;
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
                                .bounce_lo = 1, .bounce_hi = 1, .burst = 1, .repeat = 1, .scale = 1};
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
        c->why[0] = '\0';
        if (!parse_value(c, &keys[i], value, base))
            return fail(c, "bad value for %s: '%s' (%s)", name, value, c->why[0] ? c->why : hint(&keys[i], c->why, sizeof c->why));
        if (w == W_INPUT)
            c->input_keys[c->s->ninputs - 1] |= keys[i].type == V_ARRIVAL  ? KEY_ARRIVAL
                                                : keys[i].type == V_SOURCE ? KEY_SOURCE
                                                : keys[i].type == V_REPEAT ? KEY_REPEAT
                                                                           : 0;
        return 1;
    }
    return fail(c, "unknown key '%s' in [%s]", name, section);
}

static char *read_line(char *str, int num, void *stream)
{
    ctx_t *c = ((void **)stream)[1];
    FILE *f = ((void **)stream)[0];
    char *r = fgets(str, num, f);
    if (r) {
        c->line++;
        if (str[strspn(str, " \t")] == '[')
            c->header_line = c->line;
        size_t n = strlen(str);
        /* Cut short by the buffer, libinih would read the rest as a line of its own. */
        if (n + 1 == (size_t)num && str[n - 1] != '\n' && !feof(f))
            fail(c, "line longer than %d characters (put a long list of values in a file(...))", num - 2);
    }
    return r;
}

static int check_strategies(ctx_t *c)
{
    sim_scenario_t *s = c->s;
    char buf[256];
    c->line = c->strategies_line;
    /* The default list: dedicated only where there is a core for it, not
     * refused for a strategy the file never named. */
    snprintf(buf, sizeof buf, "%s",
             c->strategies[0] ? c->strategies
             : s->sys.cores >= 2 ? "poll1 poll2 isr queue dedicated storm"
                                 : "poll1 poll2 isr queue storm");
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
    if (sim_loop_max(s) > (double)SIM_TIME_MAX) {
        char t[24];
        c->line = c->task_line[0];
        return fail(c, "one main-loop iteration can take %s (the tasks' longest draws, an exponential's %g means, "
                       "and loop_overhead): over the %lldh limit",
                    sim_fmt_time(sim_time_from(sim_loop_max(s)), t, sizeof t), SIM_EXP_TAIL, SIM_TIME_MAX / SIM_HOUR);
    }
    if (s->queue_depth < 1 || s->queue_depth > SIM_MAX_QUEUE || s->sys.dedicated_poll <= 0)
        return fail(c, "queue_depth must be 1..65536 and dedicated_poll > 0");
    if (s->sys.cores < 1)
        return fail(c, "cores must be at least 1");
    for (int i = 0; i < s->ninputs; i++) {
        const sim_input_t *in = &s->inputs[i];
        uint8_t given = c->input_keys[i];
        c->line = c->input_line[i];
        if ((given & KEY_SOURCE) && (given & KEY_ARRIVAL))
            return fail(c, "[input %s] takes its arrivals from its source: drop arrival", in->name);
        if ((given & KEY_REPEAT) && !(given & KEY_SOURCE))
            return fail(c, "[input %s]: repeat plays a source = capture:FILE:CHANNEL, and there is none", in->name);
        if (in->arrival == SIM_CAPTURE)
            continue;
        if (sim_dist_mean(&in->interval) <= 0 && in->arrival != SIM_BURSTY)
            return fail(c, "[input %s] needs an interval (or speed)", in->name);
        if (in->level && sim_dist_mean(&in->hold) <= 0)
            return fail(c, "[input %s] has level semantics: give it a hold time", in->name);
        if (in->arrival == SIM_BURSTY && (in->burst_gap <= 0 || sim_dist_mean(&in->interval) <= 0))
            return fail(c, "[input %s] is bursty: give burst, burst_gap and interval", in->name);
    }
    return check_strategies(c);
}

/* A file that can be read as text: not missing, not a folder. */
static FILE *open_scenario(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: is a directory: name the scenario files in it (%s/*.ini)", path, path);
        fclose(f);
        return NULL;
    }
    if (!f)
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return f;
}

static void folder_of(const char *path, char *dir, size_t len)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, len, ".");
    else
        snprintf(dir, len, "%.*s", (int)(slash - path + (slash == path)), path);
}

int sim_scenario_read(FILE *f, const char *path, sim_scenario_t *s, char *err, size_t errlen)
{
    sim_scenario_defaults(s);
    ctx_t c = {.s = s, .path = path, .err = err, .errlen = errlen};
    folder_of(path, c.dir, sizeof c.dir);
    void *stream[2] = {f, &c};
    int line = ini_parse_stream(read_line, stream, on_key, &c);
    if (ferror(f) && !c.failed)
        fail(&c, "%s", strerror(errno));
    if (line > 0 && !c.failed) {
        c.line = line;
        fail(&c, "syntax error (expected [section] or key = value)");
    }
    if (!c.failed)
        check(&c);
    if (c.failed)
        sim_scenario_free(s);
    return c.failed ? -1 : 0;
}

int sim_scenario_load(const char *path, sim_scenario_t *s, char *err, size_t errlen)
{
    FILE *f = open_scenario(path, err, errlen);
    if (!f) {
        sim_scenario_defaults(s); /* nothing owned: sim_scenario_free() stays safe */
        return -1;
    }
    int rc = sim_scenario_read(f, path, s, err, errlen);
    fclose(f);
    return rc;
}

void sim_scenario_free(sim_scenario_t *s)
{
    for (int i = 0; i < s->nlists; i++)
        free(s->lists[i]);
    s->nlists = 0;
}
