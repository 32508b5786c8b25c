/* main.c - pinq-sim's command line: load scenarios, run every strategy,
 * print the figures and the recommendation, plot, sweep. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_plot.h"
#include "sim_report.h"
#include "sim_sweep.h"

static const char usage[] =
    "usage: pinq-sim [options] SCENARIO.ini...\n"
    "\n"
    "Simulates each scenario's inputs under every strategy it lists (poll<k>: poll k\n"
    "times per loop; isr: work in the ISR; queue[<Q>]: ISR feeding a pinq queue of\n"
    "depth Q; dedicated: a second core busy-polling; storm[<Q>]: queue plus storm\n"
    "guard; a /N suffix dispatches N times per loop, e.g. queue16/4) and prints, per\n"
    "strategy and input: events, seen, missed (by reason: merged while pending /\n"
    "queue full / never sampled), late (deadline misses), latency p50/p99/max, CPU\n"
    "share taken from the main loop, queue high-water mark and mean loop period;\n"
    "then a recommendation, the smallest queue depth and the longest loop period\n"
    "that meet every deadline. Deterministic for a seed.\n"
    "\n"
    "options:\n"
    "  --seed N          override the scenario's seed\n"
    "  --duration T      override the simulated time (e.g. 1h, 600s)\n"
    "  --plot OUT.png    latency distributions per strategy (with --sweep: the sweep)\n"
    "  --input NAME      input whose latencies are plotted (default: the first)\n"
    "  --sweep SPEC      period:LO:HI:N (loop period) or rate:LO:HI:N (rate factor)\n"
    "  --no-search       skip the smallest-queue / longest-loop searches\n"
    "  --help            this text\n"
    "\n"
    "Scenario format: docs/simulator.md; examples: scenarios/*.ini\n";

typedef struct opts {
    const char *plot, *sweep, *input, *duration;
    long long seed;
    bool search;
} opts_t;

static int input_index(const sim_scenario_t *s, const char *name)
{
    for (int i = 0; name && i < s->ninputs; i++)
        if (strcmp(s->inputs[i].name, name) == 0)
            return i;
    return name ? -1 : 0;
}

static void searches(const sim_scenario_t *s)
{
    char buf[16];
    int points = 1; /* as often as the scenario's first queue strategy dispatches */
    for (int i = s->nstrategies - 1; i >= 0; i--)
        if (s->strategies[i].kind == SIM_QUEUE)
            points = s->strategies[i].points;
    int q = sim_smallest_queue(s, points);
    simt p = sim_longest_poll_period(s);
    if (q > 0)
        printf("Smallest queue depth meeting every deadline (queue, %d dispatch/loop): %d\n", points, q);
    else
        printf("No queue depth meets every deadline (queue, %d dispatch/loop).\n", points);
    if (p > 0)
        printf("Longest loop period meeting every deadline (poll1): %s (scenario: %s)\n",
               sim_fmt_time(p, buf, sizeof buf), sim_fmt_time(sim_loop_period(s), buf + 8, 8));
    else
        printf("Polling once per loop misses deadlines even with a loop 16x faster.\n");
}

static int run_file(const char *path, const opts_t *o)
{
    static sim_scenario_t s;
    char err[512], buf[16];
    if (sim_scenario_load(path, &s, err, sizeof err)) {
        fprintf(stderr, "pinq-sim: %s\n", err);
        return 1;
    }
    if (o->seed >= 0)
        s.seed = (uint64_t)o->seed;
    if (o->duration && !sim_parse_time(o->duration, s.sys.cpu_hz, &s.duration)) {
        fprintf(stderr, "pinq-sim: bad --duration '%s'\n", o->duration);
        return 2;
    }
    int in = input_index(&s, o->input);
    if (in < 0) {
        fprintf(stderr, "pinq-sim: %s has no input '%s'\n", path, o->input);
        return 2;
    }
    printf("== %s: %s (seed %llu, %s simulated, loop %s)\n", path, s.name, (unsigned long long)s.seed,
           sim_fmt_time(s.duration, buf, sizeof buf), sim_fmt_time(sim_loop_period(&s), err, sizeof err));
    if (o->sweep)
        return sim_sweep(&s, o->sweep, o->plot, stdout) ? 1 : 0;
    sim_result_t *res = sim_calloc((size_t)s.nstrategies, sizeof *res);
    sim_run_all(&s, res);
    sim_report_table(stdout, &s, res, s.nstrategies);
    char text[1024];
    sim_recommend(&s, res, s.nstrategies, text, sizeof text);
    printf("%s\n", text);
    if (o->search)
        searches(&s);
    int rc = o->plot && sim_plot_latency(o->plot, &s, res, s.nstrategies, in) ? 1 : 0;
    free(res);
    printf("\n");
    return rc;
}

/* Options into o, scenario files into files[]; -1 to go on, else an exit status. */
static int parse_args(int argc, char **argv, opts_t *o, const char **files, int *nfiles)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **val = strcmp(a, "--plot") == 0       ? &o->plot
                           : strcmp(a, "--sweep") == 0    ? &o->sweep
                           : strcmp(a, "--input") == 0    ? &o->input
                           : strcmp(a, "--duration") == 0 ? &o->duration
                                                          : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(a, "--no-search") == 0) {
            o->search = false;
        } else if (val && i + 1 < argc) {
            *val = argv[++i];
        } else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
            o->seed = atoll(argv[++i]);
        } else if (a[0] == '-') {
            fprintf(stderr, "pinq-sim: unknown or incomplete option '%s'\n%s", a, usage);
            return 2;
        } else {
            files[(*nfiles)++] = a;
        }
    }
    if (*nfiles == 0 || (o->plot && *nfiles > 1)) {
        fputs(*nfiles ? "pinq-sim: --plot takes one scenario file\n" : usage, stderr);
        return 2;
    }
    return -1;
}

int main(int argc, char **argv)
{
    opts_t o = {.seed = -1, .search = true};
    const char **files = sim_calloc((size_t)argc, sizeof *files);
    int nfiles = 0;
    int rc = parse_args(argc, argv, &o, files, &nfiles);
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
