/* options.c - parsing and validating the demo's command line. */
#include "options.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "presser.h"

void options_usage(FILE *to)
{
    fprintf(to,
            "usage: doorbell [options]\n"
            "  A main loop busy with work units must answer a bouncing doorbell within a deadline.\n"
            "  Runs each strategy against the same seeded presses and prints one row per strategy.\n"
            "  --presses N       presses per strategy, 1..%d (default 10)\n"
            "  --seed S          schedule seed, unsigned 64-bit (default 1)\n"
            "  --deadline-ms D   answer deadline, 1..10000 (default 60)\n"
            "  --work-ms W       length of one unit of work, 1..10000 (default 100)\n"
            "  --strategy X      a (poll once per loop), b (poll twice per loop),\n"
            "                    c (interrupt + deferred handler), or all (default)\n"
            "  --slices K        (c) dispatches per work unit, 1..100 (default 4)\n"
            "  --csv             machine-readable output\n"
            "  --help            this text\n",
            PRESSES_MAX);
}

/* Strict unsigned parse: digits only, within [lo, hi]. */
static bool parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_strategy(const char *s, options_t *o)
{
    static const char *const names[] = {"a", "b", "c", "all"};
    static const char *const sets[] = {"a", "b", "c", "abc"};
    for (unsigned i = 0; s && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i]) == 0) {
            o->strategies = sets[i];
            return true;
        }
    return false;
}

/* One "--name value" pair; false if the value is missing or bad. */
static bool parse_valued(const char *name, const char *val, options_t *o)
{
    uint64_t v;
    if (strcmp(name, "--strategy") == 0)
        return parse_strategy(val, o);
    if (strcmp(name, "--seed") == 0)
        return parse_u64(val, 0, UINT64_MAX, &o->run.seed);
    if (strcmp(name, "--presses") == 0 && parse_u64(val, 1, PRESSES_MAX, &v))
        o->run.presses = (uint32_t)v;
    else if (strcmp(name, "--deadline-ms") == 0 && parse_u64(val, 1, 10000, &v))
        o->run.deadline_ms = (uint32_t)v;
    else if (strcmp(name, "--work-ms") == 0 && parse_u64(val, 1, 10000, &v))
        o->run.work_ms = (uint32_t)v;
    else if (strcmp(name, "--slices") == 0 && parse_u64(val, 1, 100, &v))
        o->irq_slices = (uint32_t)v;
    else
        return false;
    return true;
}

static bool takes_value(const char *name)
{
    static const char *const valued[] = {"--presses", "--seed", "--deadline-ms", "--work-ms", "--strategy", "--slices"};
    for (unsigned i = 0; i < sizeof valued / sizeof valued[0]; i++)
        if (strcmp(name, valued[i]) == 0)
            return true;
    return false;
}

int options_parse(int argc, char **argv, options_t *o)
{
    *o = (options_t){.run = {.presses = 10, .seed = 1, .work_ms = 100, .deadline_ms = 60},
                     .strategies = "abc", .irq_slices = 4};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return OPT_HELP;
        if (strcmp(a, "--csv") == 0) {
            o->csv = true;
        } else if (!takes_value(a)) {
            fprintf(stderr, "doorbell: unknown option '%s' (try --help)\n", a);
            return OPT_ERROR;
        } else if (i + 1 >= argc) {
            fprintf(stderr, "doorbell: %s needs a value (try --help)\n", a);
            return OPT_ERROR;
        } else if (!parse_valued(a, argv[++i], o)) {
            fprintf(stderr, "doorbell: bad value '%s' for %s (try --help)\n", argv[i], a);
            return OPT_ERROR;
        }
    }
    return OPT_RUN;
}
