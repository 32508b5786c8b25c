/* bench_sim.c - pinq-sim's speed: simulated events (edges) per second of
 * wall time, per strategy, on one core. A printed figure, never asserted.
 * usage: bench_sim [SCENARIO.ini [DURATION]] */
#include <stdlib.h>

#include "bench_util.h"
#include "sim_report.h"

int main(int argc, char **argv)
{
    static sim_scenario_t s;
    char err[512];
    const char *path = argc > 1 ? argv[1] : BENCH_SIM_SCENARIO;
    if (sim_scenario_load(path, &s, err, sizeof err)) {
        fprintf(stderr, "bench_sim: %s\n", err);
        return 1;
    }
    if (argc > 2 && !sim_parse_time(argv[2], s.sys.cpu_hz, &s.duration)) {
        fprintf(stderr, "bench_sim: bad duration '%s'\n", argv[2]);
        return 1;
    }
    sim_result_t *r = sim_calloc(1, sizeof *r);
    uint64_t all_edges = 0, all_ns = 0;
    char buf[16];
    printf("bench_sim: %s, %s simulated per strategy\n", s.name, sim_fmt_time(s.duration, buf, sizeof buf));
    for (int i = 0; i < s.nstrategies; i++) {
        uint64_t t0 = bench_now_ns();
        sim_run(&s, &s.strategies[i], r);
        uint64_t ns = bench_now_ns() - t0;
        uint64_t edges = 0;
        for (int j = 0; j < s.ninputs; j++)
            edges += r->in[j].edges;
        all_edges += edges;
        all_ns += ns;
        printf("  %-10s %10llu events in %8.3f s: %6.2f M simulated events/s\n", s.strategies[i].name,
               (unsigned long long)edges, (double)ns / 1e9, (double)edges / ((double)ns / 1e3));
    }
    printf("bench_sim: %.2f M simulated events/s overall (goal >= 10)\n",
           (double)all_edges / ((double)all_ns / 1e3));
    free(r);
    return all_edges ? 0 : 1;
}
