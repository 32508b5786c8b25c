/* test_sim_util.h - what pinq-sim's unit tests share: time literals,
 * distributions, and scenarios written to a file and loaded. Define
 * TEST_SCENARIO (a file name of the test's own, as tests run in parallel)
 * before including. */
#ifndef TEST_SIM_UTIL_H
#define TEST_SIM_UTIL_H

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "sim.h"

#define MS(x) ((simt)(x) * 1000000000LL)
#define US(x) ((simt)(x) * 1000000LL)

static inline sim_dist_t fixed(simt t)
{
    return (sim_dist_t){.kind = SIM_FIXED, .a = t};
}

static inline sim_dist_t uniform(simt a, simt b)
{
    return (sim_dist_t){.kind = SIM_UNIFORM, .a = a, .b = b};
}

/* Write `text` to a scenario file and load it. */
static inline int load_text(const char *text, sim_scenario_t *s, char *err, size_t len)
{
    const char *path = TEST_SCENARIO;
    FILE *f = fopen(path, "w");
    if (!f)
        return -2;
    fputs(text, f);
    fclose(f);
    int rc = sim_scenario_load(path, s, err, len);
    remove(path);
    return rc;
}

static const char base[] = "[scenario]\nduration = 60s\nstrategies = poll1 isr queue8\n"
                           "[task work]\nduration = 10ms\n"
                           "[input a]\narrival = periodic\ninterval = 1s\ndeadline = 20ms\nhandler = 0\n";

static inline void expect_error(const char *text, const char *where_what)
{
    static sim_scenario_t s;
    char err[512] = "";
    CHECK(load_text(text, &s, err, sizeof err) == -1);
    CHECK(strstr(err, where_what) != NULL);
    if (!strstr(err, where_what))
        fprintf(stderr, "  got '%s', wanted '%s'\n", err, where_what);
}

#endif
