/* fuzz_sim_scenario.c - libFuzzer target for pinq-sim's scenario files:
 * the bytes, read in memory through sim_scenario_read(), are refused with
 * a "file:line: why" message, or give a scenario that keeps the loader's
 * promises (sim.h: counts within their arrays, the clock's limits of
 * sim_check_limits()) and runs every strategy, for a simulated time cut
 * short so that an input stays fast, conserving its edges.
 *
 * Paths: relative file(...) and capture: paths are found from the
 * folder of FUZZ_PATH, which does not exist, so they open nothing (every
 * component of a path must exist, "..": included). Absolute ones could
 * name /dev/zero or a FIFO and never end: inputs that mention a file or
 * a capture and hold a '/' are skipped. */
#define _POSIX_C_SOURCE 200809L /* fmemopen, strncasecmp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim.h"
#include "sim_progress.h"

#define FUZZ_PATH "/nonexistent-pinq-fuzz/input.ini"
#define FUZZ_LOOPS 200  /* the run: this many of the scenario's shortest period */
#define FUZZ_BURST 1000 /* bursty inputs with longer bursts are not run */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool mentions(const uint8_t *data, size_t size, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= size; i++)
        if (strncasecmp((const char *)data + i, word, n) == 0)
            return true;
    return false;
}

static void must(bool ok, const char *what, const char *detail)
{
    if (ok)
        return;
    fprintf(stderr, "fuzz_sim_scenario: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

/* "FUZZ_PATH:LINE: why", LINE from 1 */
static void check_refusal(const char *err)
{
    size_t n = strlen(FUZZ_PATH);
    must(strncmp(err, FUZZ_PATH ":", n + 1) == 0, "a refusal without the file's name", err);
    const char *p = err + n + 1;
    size_t digits = strspn(p, "0123456789");
    must(digits > 0 && p[digits] == ':' && p[digits + 1] == ' ' && p[digits + 2], "a refusal without its line", err);
    must(atol(p) >= 1, "a refusal at line 0", err);
}

static void check_scenario(const sim_scenario_t *s)
{
    char why[512];
    must(s->ninputs >= 1 && s->ninputs <= SIM_MAX_INPUTS, "inputs out of range", NULL);
    must(s->ntasks >= 0 && s->ntasks <= SIM_MAX_TASKS, "tasks out of range", NULL);
    must(s->nstrategies >= 1 && s->nstrategies <= SIM_MAX_STRATEGIES, "strategies out of range", NULL);
    must(s->nlists >= 0 && s->nlists <= SIM_MAX_LISTS, "lists out of range", NULL);
    must(s->queue_depth >= 1 && s->queue_depth <= SIM_MAX_QUEUE, "queue_depth out of range", NULL);
    must(s->sys.cores >= 1 && s->sys.dedicated_poll > 0, "system out of range", NULL);
    must(memchr(s->name, '\0', sizeof s->name) != NULL, "an unterminated name", NULL);
    for (int i = 0; i < s->ninputs; i++)
        must(memchr(s->inputs[i].name, '\0', SIM_NAME) != NULL, "an unterminated input name", NULL);
    for (int i = 0; i < s->nstrategies; i++)
        must(s->strategies[i].kind != SIM_DEDICATED || s->sys.cores >= 2, "dedicated on one core", NULL);
    must(sim_check_limits(s, why, sizeof why) == 0, "a loaded scenario over the clock's limits", why);
}

/* The duration cut to FUZZ_LOOPS of the shortest period (a loop, a
 * dedicated poll, an input's mean interval): every strategy then makes a
 * few thousand steps at most. Captures and long bursts are not run. */
static void run_short(sim_scenario_t *s)
{
    simt shortest = sim_loop_period(s) + s->sys.loop_overhead;
    if (s->sys.dedicated_poll < shortest)
        shortest = s->sys.dedicated_poll;
    for (int i = 0; i < s->ninputs; i++) {
        const sim_input_t *in = &s->inputs[i];
        if (in->arrival == SIM_CAPTURE || (in->arrival == SIM_BURSTY && in->burst > FUZZ_BURST))
            return;
        simt mean = sim_dist_mean(&in->interval);
        if (mean > 0 && mean < shortest)
            shortest = mean;
    }
    if (shortest <= 0)
        return;
    if (shortest < s->duration / FUZZ_LOOPS)
        s->duration = shortest * FUZZ_LOOPS;
    static sim_result_t r;
    for (int i = 0; i < s->nstrategies; i++) {
        sim_run(s, &s->strategies[i], &r);
        for (int k = 0; k < s->ninputs; k++) {
            const sim_input_stats_t *st = &r.in[k];
            must(st->edges == st->handled + st->merged + st->dropped + st->expired + st->outstanding,
                 "edges not conserved (generated != handled + merged + dropped + expired + outstanding)",
                 s->strategies[i].name);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memchr(data, '/', size) && (mentions(data, size, "file") || mentions(data, size, "capture")))
        return 0;
    sim_progress_mode(SIM_PROGRESS_NEVER);
    char *copy = malloc(size ? size : 1); /* fmemopen's buffer is not const */
    if (!copy)
        abort();
    memcpy(copy, data, size);
    FILE *f = fmemopen(copy, size, "r"); /* glibc 2.22 and later: size 0 is an empty stream */
    if (!f)
        abort();
    static sim_scenario_t s;
    char err[1024] = "";
    if (sim_scenario_read(f, FUZZ_PATH, &s, err, sizeof err) == 0) {
        check_scenario(&s);
        run_short(&s);
        sim_scenario_free(&s);
    } else {
        check_refusal(err);
    }
    fclose(f);
    free(copy);
    return 0;
}
