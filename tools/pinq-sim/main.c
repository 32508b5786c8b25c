/* main.c - pinq-sim's command line: load scenarios, run every strategy,
 * print the figures and the recommendation, plot, sweep. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_plot.h"
#include "sim_progress.h"
#include "sim_report.h"
#include "sim_stats.h"
#include "sim_sweep.h"

static const char usage[] =
    "usage: pinq-sim [options] SCENARIO.ini...\n"
    "\n"
    "Simulates each scenario's inputs under every strategy it lists (poll<k>: poll k\n"
    "times per loop; isr: work in the ISR; queue[<Q>]: ISR feeding a pinq queue of\n"
    "depth Q; dedicated: a second core busy-polling; storm[<Q>]: queue plus storm\n"
    "guard; a /N suffix dispatches N times per loop, e.g. queue16/4) and prints, per\n"
    "strategy and input: events, seen, missed (by reason: merged while pending /\n"
    "queue full / never sampled), late (deadline misses), latency mean/p50/p99/max,\n"
    "CPU share taken from the main loop's tasks, queue high-water mark and mean loop\n"
    "period (both over the scenario's duration, while events arrive); then a\n"
    "recommendation, the smallest queue depth and the longest loop period that meet\n"
    "every deadline. Deterministic for a seed.\n"
    "\n"
    "options:\n"
    "  --seed N          override the scenario's seed (0 to 2^64-1)\n"
    "  --duration T      override the simulated time (e.g. 1h, 600s; at most 1000h)\n"
    "  --plot OUT.png    latency distributions per strategy (with --sweep: the sweep);\n"
    "                    OUT.gp writes the gnuplot script instead\n"
    "  --input NAME      the input plotted (default: the first) or swept (default:\n"
    "                    a column per strategy and input)\n"
    "  --sweep SPEC      period:LO:HI:N (loop period) or rate:LO:HI:N (rate factor)\n"
    "  --no-search       skip the smallest-queue / longest-loop searches\n"
    "  --stats           pinq's statistics report of each queue strategy, in the\n"
    "                    format a target prints (docs/stats.md)\n"
    "  --progress        progress on stderr from the start (default: after 2 s)\n"
    "  --quiet           no progress\n"
    "  --help            this text\n"
    "\n"
    "Scenario format: docs/simulator.md; examples: scenarios/*.ini\n";

typedef struct opts {
    const char *plot, *sweep, *input, *duration;
    uint64_t seed;
    bool has_seed, search, stats;
} opts_t;

static int input_index(const sim_scenario_t *s, const char *name)
{
    for (int i = 0; i < s->ninputs; i++)
        if (strcmp(s->inputs[i].name, name) == 0)
            return i;
    return -1;
}

static void searches(const sim_scenario_t *s)
{
    char a[24], b[24];
    int points = 1; /* as often as the scenario's first queue strategy dispatches */
    for (int i = s->nstrategies - 1; i >= 0; i--)
        if (s->strategies[i].kind == SIM_QUEUE)
            points = s->strategies[i].points;
    int q = sim_smallest_queue(s, points);
    simt p = sim_loop_period(s) > 0 ? sim_longest_poll_period(s) : 0;
    sim_progress_done();
    if (q > 0)
        printf("Smallest queue depth meeting every deadline (queue, %d dispatch/loop): %d\n", points, q);
    else
        printf("No queue depth meets every deadline (queue, %d dispatch/loop).\n", points);
    if (p > 0)
        printf("Longest loop period meeting every deadline (poll1): %s (scenario: %s)\n",
               sim_fmt_time(p, a, sizeof a), sim_fmt_time(sim_loop_period(s), b, sizeof b));
    else if (p == 0)
        printf("No task time, so no loop period to search (the loop is loop_overhead and polls).\n");
    else
        printf("Polling once per loop misses deadlines even with a loop 16x faster.\n");
}

/* The scenario with the command line's overrides; nonzero: the exit status. */
static int load(const char *path, const opts_t *o, sim_scenario_t *s)
{
    char err[1024];
    if (sim_scenario_load(path, s, err, sizeof err)) {
        fprintf(stderr, "pinq-sim: %s\n", err);
        return 1;
    }
    if (o->has_seed)
        s->seed = o->seed;
    if (o->duration && !sim_parse_time(o->duration, s->sys.cpu_hz, &s->duration)) {
        fprintf(stderr, "pinq-sim: bad --duration '%s' (a time from 0 to %lldh, e.g. 600s, 1h)\n", o->duration,
                SIM_DURATION_MAX / SIM_HOUR);
        return 2;
    }
    if (o->input && input_index(s, o->input) < 0) {
        fprintf(stderr, "pinq-sim: %s has no input '%s'\n", path, o->input);
        return 2;
    }
    return 0;
}

static void header(const char *path, const sim_scenario_t *s)
{
    char d[24], l[24];
    printf("== %s: %s (seed %llu, %s simulated, ", path, s->name, (unsigned long long)s->seed,
           sim_fmt_time(s->duration, d, sizeof d));
    if (sim_loop_period(s) > 0)
        printf("loop %s)\n", sim_fmt_time(sim_loop_period(s), l, sizeof l));
    else
        printf("no tasks)\n");
}

/* Every strategy, the table, the recommendation; then searches and plot. */
static int simulate(const sim_scenario_t *s, const opts_t *o, const char *path)
{
    sim_result_t *res = sim_calloc((size_t)s->nstrategies, sizeof *res);
    sim_run_all(s, res);
    sim_progress_done();
    sim_report_table(stdout, s, res, s->nstrategies);
    for (int i = 0; o->stats && i < s->nstrategies; i++)
        if (sim_stats_applies(&res[i]))
            sim_stats_print(stdout, s, &res[i]);
    char text[2048];
    int rc = 0;
    if (sim_recommend(s, res, s->nstrategies, text, sizeof text) < 0) {
        fprintf(stderr, "pinq-sim: %s: %s\n", path, text);
        rc = 1;
    } else {
        printf("%s\n", text);
        if (o->search)
            searches(s);
        rc = o->plot && sim_plot_latency(o->plot, s, res, s->nstrategies, o->input ? input_index(s, o->input) : 0);
    }
    free(res);
    printf("\n");
    return rc;
}

static int run_file(const char *path, const opts_t *o)
{
    static sim_scenario_t s;
    int rc = load(path, o, &s);
    if (rc == 0) {
        sim_progress_scope(path);
        header(path, &s);
        if (o->sweep)
            rc = sim_sweep(&s, o->sweep, o->input ? input_index(&s, o->input) : -1, o->plot, stdout) ? 1 : 0;
        else
            rc = simulate(&s, o, path);
    }
    sim_scenario_free(&s);
    return rc;
}

/* Options into o, scenario files into files[] (room for argc); -1 to go
 * on, else an exit status. The help goes to out, refusals to err: the
 * fuzzer (tools/pinq-sim/fuzz) passes streams of its own. */
static int parse_args(int argc, char **argv, opts_t *o, const char **files, int *nfiles, FILE *out, FILE *err)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **val = strcmp(a, "--plot") == 0       ? &o->plot
                           : strcmp(a, "--sweep") == 0    ? &o->sweep
                           : strcmp(a, "--input") == 0    ? &o->input
                           : strcmp(a, "--duration") == 0 ? &o->duration
                                                          : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, out);
            return 0;
        } else if (strcmp(a, "--no-search") == 0) {
            o->search = false;
        } else if (strcmp(a, "--stats") == 0) {
            o->stats = true;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "--progress") == 0) {
            sim_progress_mode(a[2] == 'q' ? SIM_PROGRESS_NEVER : SIM_PROGRESS_ALWAYS);
        } else if (val && i + 1 < argc) {
            *val = argv[++i];
        } else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
            if (!sim_parse_u64(argv[++i], &o->seed)) {
                fprintf(err, "pinq-sim: bad --seed '%s' (an integer from 0 to 18446744073709551615)\n", argv[i]);
                return 2;
            }
            o->has_seed = true;
        } else if (a[0] == '-') {
            fprintf(err, "pinq-sim: unknown or incomplete option '%s'\n%s", a, usage);
            return 2;
        } else {
            files[(*nfiles)++] = a;
        }
    }
    if (*nfiles == 0 || (o->plot && *nfiles > 1)) {
        fputs(*nfiles ? "pinq-sim: --plot takes one scenario file\n" : usage, err);
        return 2;
    }
    return -1;
}

int main(int argc, char **argv)
{
    /* Lines as they come, even into a file or a pipe: a long run shows
     * its header at once. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    sim_progress_mode(SIM_PROGRESS_AUTO);
    opts_t o = {.search = true};
    const char **files = sim_calloc((size_t)argc, sizeof *files);
    int nfiles = 0;
    int rc = parse_args(argc, argv, &o, files, &nfiles, stdout, stderr);
    if (rc < 0) {
        rc = 0;
        for (int i = 0; i < nfiles; i++) {
            int r = run_file(files[i], &o);
            rc = r > rc ? r : rc;
        }
    }
    free(files);
    return rc;
}
