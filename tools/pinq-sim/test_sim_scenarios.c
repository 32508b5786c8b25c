/* test_sim_scenarios.c - the design notes' six arguments, each checked on
 * its scenario file for its qualitative outcome (which strategy wins or
 * fails), never for hard-coded figures.
 * usage: test_sim_scenarios CASE FILE.ini */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sim_report.h"

static sim_scenario_t s;
static sim_result_t *res;

static const sim_result_t *by_name(const char *name)
{
    for (int i = 0; i < s.nstrategies; i++)
        if (strcmp(res[i].strategy.name, name) == 0)
            return &res[i];
    fprintf(stderr, "scenario lacks strategy %s\n", name);
    exit(1);
}

static int input(const char *name)
{
    for (int i = 0; i < s.ninputs; i++)
        if (strcmp(s.inputs[i].name, name) == 0)
            return i;
    fprintf(stderr, "scenario lacks input %s\n", name);
    exit(1);
}

static const char *recommended(void)
{
    char text[1024];
    return res[sim_recommend(&s, res, s.nstrategies, text, sizeof text)].strategy.name;
}

static simt p(const sim_result_t *r, double q)
{
    return sim_hist_quantile(&r->in[0].latency, q);
}

static double loop_period(const sim_result_t *r)
{
    return (double)r->elapsed / (double)r->loops;
}

/* Every run accounts for every event and every edge exactly. */
static void check_conservation(void)
{
    for (int i = 0; i < s.nstrategies; i++) {
        for (int j = 0; j < s.ninputs; j++) {
            const sim_input_stats_t *st = &res[i].in[j];
            CHECK(st->events > 0);
            CHECK_EQ(st->events, st->seen + st->missed + st->unfinished);
            CHECK_EQ(st->missed, st->missed_merged + st->missed_qfull + st->missed_unsampled);
            CHECK_EQ(st->edges, st->handled + st->merged + st->dropped + st->expired + st->outstanding);
        }
    }
}

static void loop_deadline(void)
{
    const sim_result_t *poll1 = by_name("poll1"), *poll2 = by_name("poll2"), *isr = by_name("isr");
    CHECK(poll1->in[0].deadline_misses > 0);
    CHECK(sim_meets(&s, poll2));
    CHECK(sim_meets(&s, isr));
    CHECK(strcmp(recommended(), "poll2") == 0);
    /* The loop period polling once must stay under lies between the half
     * loop that works and the loop that does not. */
    simt longest = sim_longest_poll_period(&s);
    CHECK(longest >= sim_loop_period(&s) / 2);
    CHECK(longest < sim_loop_period(&s));
}

static void doorbell(void)
{
    const sim_result_t *poll1 = by_name("poll1");
    CHECK(sim_meets(&s, poll1));
    CHECK(strcmp(recommended(), "poll1") == 0);
    CHECK(sim_cpu_share(poll1) < 0.01);
}

static void starvation(void)
{
    const sim_result_t *poll1 = by_name("poll1"), *isr = by_name("isr");
    int button = input("button"), sensor = input("sensor");
    CHECK(isr->in[sensor].missed == 0);      /* the interrupt itself is served ... */
    CHECK(sim_cpu_share(isr) > 0.8);         /* ... at the loop's expense */
    CHECK(loop_period(isr) > 5 * loop_period(poll1));
    CHECK(isr->in[button].deadline_misses > 0);
    CHECK_EQ(poll1->in[button].deadline_misses + poll1->in[button].missed, 0);
}

static void throughput(void)
{
    const sim_result_t *poll1 = by_name("poll1"), *isr = by_name("isr");
    CHECK(poll1->in[0].missed > 0);
    CHECK(isr->in[0].missed >= poll1->in[0].missed);
    CHECK(isr->in[0].seen <= poll1->in[0].seen);
}

static void dedicated(void)
{
    const sim_result_t *d = by_name("dedicated");
    CHECK(sim_meets(&s, d));
    for (int i = 0; i < s.nstrategies; i++) {
        if (&res[i] == d)
            continue;
        CHECK(p(d, 0.5) < p(&res[i], 0.5));
        CHECK(p(d, 0.99) < p(&res[i], 0.99));
        CHECK(p(d, 1.0) < p(&res[i], 1.0));
    }
}

static void queue_vs_isr(void)
{
    const sim_result_t *isr = by_name("isr"), *queue = by_name("queue16");
    CHECK(isr->in[0].missed_merged > 0);
    CHECK(queue->in[0].missed < isr->in[0].missed);
    CHECK(queue->in[0].seen > isr->in[0].seen);
}

/* Beyond the six: the storm guard keeps a flooded line from crowding the
 * shared queue, and gives the main loop its core back. */
static void storm_guard(void)
{
    const sim_result_t *queue = by_name("queue64"), *storm = by_name("storm64");
    int button = input("button");
    CHECK(queue->in[button].missed_qfull > 0);
    CHECK_EQ(storm->in[button].missed + storm->in[button].deadline_misses, 0);
    CHECK(storm->storms >= 1);
    CHECK(sim_cpu_share(storm) < sim_cpu_share(queue));
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*check)(void);
    } cases[] = {{"1-loop-deadline", loop_deadline}, {"2-doorbell", doorbell},   {"3-starvation", starvation},
                 {"4-throughput", throughput},       {"5-dedicated", dedicated}, {"6-queue-vs-isr", queue_vs_isr},
                 {"7-storm-guard", storm_guard}};
    char err[512];
    if (argc != 3 || sim_scenario_load(argv[2], &s, err, sizeof err)) {
        fprintf(stderr, "usage: test_sim_scenarios CASE FILE.ini\n%s\n", argc == 3 ? err : "");
        return 2;
    }
    res = sim_calloc((size_t)s.nstrategies, sizeof *res);
    sim_run_all(&s, res);
    check_conservation();
    size_t i = 0;
    while (i < sizeof cases / sizeof cases[0] && strcmp(cases[i].name, argv[1]) != 0)
        i++;
    if (i == sizeof cases / sizeof cases[0]) {
        fprintf(stderr, "unknown case %s\n", argv[1]);
        return 2;
    }
    cases[i].check();
    free(res);
    sim_scenario_free(&s);
    return check_done(argv[1]);
}
