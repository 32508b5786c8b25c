/* test_sim.c - the simulator's parts checked against what they must do:
 * PRNG determinism, distributions (measured lists and files included),
 * histogram accuracy and mean, time parsing, scenario errors with line
 * numbers, and engine runs whose outcome follows from first principles
 * (with exact event and edge conservation, the active window of cpu and
 * loop, no verdict without events). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sim_report.h"

#define TEST_SCENARIO "test_sim_scenario.ini"
#include "test_sim_util.h"

static void test_rng(void)
{
    sim_rng_t a, b, c, d;
    sim_rng_seed(&a, 42, 1);
    sim_rng_seed(&b, 42, 1);
    sim_rng_seed(&c, 42, 2);
    sim_rng_seed(&d, 42, 3);
    int same = 0, differ = 0, in_range = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = sim_rng_next(&a);
        same += x == sim_rng_next(&b);
        differ += x != sim_rng_next(&c);
        int64_t r = sim_rng_range(&d, -3, 3);
        in_range += r >= -3 && r <= 3;
    }
    CHECK_EQ(same, 1000);
    CHECK_EQ(differ, 1000);
    CHECK_EQ(in_range, 1000);
}

static void test_dist(void)
{
    sim_rng_t r;
    sim_rng_seed(&r, 7, 0);
    sim_dist_t u = uniform(US(10), US(20)), e = {.kind = SIM_EXP, .a = MS(2)};
    double sum = 0;
    int bad = 0;
    for (int i = 0; i < 100000; i++) {
        simt v = sim_dist_sample(&u, &r);
        bad += v < US(10) || v > US(20);
        sum += (double)sim_dist_sample(&e, &r);
    }
    CHECK_EQ(bad, 0);
    CHECK(fabs(sum / 100000 / (double)MS(2) - 1.0) < 0.02); /* the standard error is 0.3 % */
    CHECK_EQ(sim_dist_mean(&u), US(15));
}

static void test_hist(void)
{
    sim_hist_t *h = sim_calloc(1, sizeof *h);
    for (int64_t v = 1; v <= 1000000; v++)
        sim_hist_add(h, v);
    CHECK_EQ(h->count, 1000000);
    CHECK_EQ(sim_hist_quantile(h, 1.0), 1000000);
    CHECK(fabs((double)sim_hist_quantile(h, 0.5) / 500000.0 - 1.0) < 0.016);
    CHECK(fabs((double)sim_hist_quantile(h, 0.99) / 990000.0 - 1.0) < 0.016);
    CHECK(sim_hist_mean(h) == 500000.5); /* exact: the sum fits a double's 53 bits */
    sim_hist_t *small = sim_calloc(1, sizeof *small);
    sim_hist_add(small, 5);
    CHECK_EQ(sim_hist_quantile(small, 0.5), 5); /* small values are exact */
    free(h);
    free(small);
}

static void test_parse_time(void)
{
    simt t = -1;
    CHECK(sim_parse_time("100ms", 48e6, &t) && t == MS(100));
    CHECK(sim_parse_time("1.5us", 48e6, &t) && t == 1500000);
    CHECK(sim_parse_time("12cyc", 48e6, &t) && t == 250000); /* 12 / 48 MHz = 250 ns */
    CHECK(sim_parse_time("1h", 48e6, &t) && t == 3600 * SIM_PS_PER_S);
    CHECK(sim_parse_time("0", 48e6, &t) && t == 0);
    CHECK(!sim_parse_time("12", 48e6, &t));
    CHECK(!sim_parse_time("abc", 48e6, &t));
    CHECK(!sim_parse_time("5 parsecs", 48e6, &t));
    CHECK(!sim_parse_time("-1ms", 48e6, &t));
}

static void test_scenario_errors(void)
{
    static sim_scenario_t s;
    char err[512] = "";
    CHECK_EQ(load_text(base, &s, err, sizeof err), 0);
    CHECK_EQ(s.ninputs, 1);
    CHECK_EQ(s.ntasks, 1);
    CHECK_EQ(s.nstrategies, 3);
    CHECK_EQ(s.strategies[2].kind, SIM_QUEUE);
    CHECK_EQ(s.strategies[2].k, 8);
    expect_error("[scenario]\nduration = 60s\nspeed = 3\n", "test_sim_scenario.ini:3: unknown key 'speed'");
    expect_error("[scenario]\n\nthis line has no equals sign\n", ":3: syntax error");
    expect_error("[scenario]\nstrategies = poll1 juggle\n[input a]\ninterval = 1s\n", ":2: bad strategy 'juggle'");
    expect_error("[task t]\nduration = 1ms\n[input a]\narrival = doorbell\nsemantics = level\n"
                 "interval = 1s\n",
                 ":3: [input a] has level semantics");
    expect_error("[task t]\nduration = 1ms\n[system]\ncpu_hz = 16e6\nisr_entry = 16cyc\ncpu_hz = 8e6\n",
                 ":6: cpu_hz must come first");
    expect_error("[system]\ncpu_hz = 48MHz\n", ":2: bad value for cpu_hz");
    /* The clock rescales the cycle-count defaults: 12 cycles at 16 MHz. */
    char text[sizeof base + 32];
    snprintf(text, sizeof text, "[system]\ncpu_hz = 16e6\n%s", base);
    CHECK_EQ(load_text(text, &s, err, sizeof err), 0);
    CHECK_EQ(s.sys.isr_entry.a, 750000);
    expect_error("[weird]\nx = 1\n", ":2: unknown or one too many section [weird]");
    expect_error("[system]\ncores = 1\n[scenario]\nstrategies = poll1 dedicated\n[input a]\ninterval = 1s\n"
                 "[task t]\nduration = 1ms\n",
                 ":4: strategy 'dedicated' needs a second core");
}

static sim_scenario_t *scenario(void)
{
    static sim_scenario_t s;
    char err[512];
    if (load_text(base, &s, err, sizeof err))
        fprintf(stderr, "%s\n", err);
    return &s;
}

static void check_conserved(const sim_result_t *r)
{
    const sim_input_stats_t *st = &r->in[0];
    CHECK_EQ(st->events, st->seen + st->missed + st->unfinished);
    CHECK_EQ(st->edges, st->handled + st->merged + st->dropped + st->expired + st->outstanding);
}

/* Periodic events, one per second, a 10 ms loop: polling sees every one
 * within a loop; an interrupt within its entry time. */
static void test_poll_and_isr_bounds(void)
{
    sim_scenario_t *s = scenario();
    sim_result_t *r = sim_calloc(1, sizeof *r);
    sim_run(s, &s->strategies[0], r);
    check_conserved(r);
    CHECK_EQ(r->in[0].events, 59);
    CHECK_EQ(r->in[0].seen, 59);
    CHECK(r->in[0].latency.max <= MS(10) + s->sys.loop_overhead + s->sys.poll);
    sim_run(s, &s->strategies[1], r);
    check_conserved(r);
    CHECK_EQ(r->in[0].seen, 59);
    CHECK_EQ(r->in[0].latency.max, s->sys.isr_entry.a);
    CHECK_EQ(r->isrs, 59);
    free(r);
}

/* Level semantics: a level shorter than the loop can fall between two
 * polls; one longer than the loop cannot. */
static void test_level_semantics(void)
{
    sim_scenario_t s = *scenario();
    s.inputs[0].level = true;
    s.inputs[0].interval = uniform(MS(100), MS(300));
    s.inputs[0].hold = fixed(MS(2));
    sim_result_t *r = sim_calloc(1, sizeof *r);
    sim_run(&s, &s.strategies[0], r);
    check_conserved(r);
    CHECK(r->in[0].missed_unsampled > 0);
    CHECK(r->in[0].seen > 0);
    s.inputs[0].hold = fixed(MS(15));
    sim_run(&s, &s.strategies[0], r);
    check_conserved(r);
    CHECK_EQ(r->in[0].missed, 0);
    free(r);
}

/* A poll that lands while a level input still bounces reads the old level
 * after an even number of edges, and must wait for the next poll. */
static void test_bounce_read(void)
{
    sim_scenario_t s = *scenario();
    sim_input_t *in = &s.inputs[0];
    in->arrival = SIM_DOORBELL;
    in->level = true;
    in->interval = uniform(MS(300), MS(600));
    in->hold = fixed(MS(200));
    in->bounce_lo = in->bounce_hi = 3;                  /* active, idle, active ... */
    in->bounce_step = fixed(MS(20)); /* ... 20 ms each */
    in->deadline = MS(1000);
    s.tasks[0].duration.a = MS(25);
    sim_result_t *r = sim_calloc(1, sizeof *r);
    sim_run(&s, &s.strategies[0], r);
    check_conserved(r);
    CHECK_EQ(r->in[0].missed, 0);
    CHECK(r->in[0].latency.max > MS(40));      /* a poll in [20, 40) ms read the pin idle */
    CHECK(r->in[0].latency.max <= MS(40) + MS(26)); /* the next poll, after the bounce, cannot */
    free(r);
}

/* A burst longer than the queue: exactly the excess is dropped, counted
 * as queue-full, and the main loop handles the rest. */
static void test_queue_overflow(void)
{
    sim_scenario_t s = *scenario();
    sim_input_t *in = &s.inputs[0];
    in->arrival = SIM_BURSTY;
    in->burst = 20;
    in->burst_gap = US(10);
    in->interval = fixed(MS(500));
    s.tasks[0].duration.a = MS(50); /* the whole burst lands between two dispatches */
    sim_result_t *r = sim_calloc(1, sizeof *r);
    sim_run(&s, &s.strategies[2], r);
    check_conserved(r);
    CHECK_EQ(r->queue_hwm, 8);
    CHECK(r->in[0].missed_qfull > 0);
    /* 12 of each burst of 20, or one fewer when a dispatch falls inside it */
    uint64_t bursts = (r->in[0].events + 19) / 20;
    CHECK(r->in[0].missed_qfull <= bursts * 12);
    CHECK(r->in[0].missed_qfull >= bursts * 11);
    free(r);
}

/* Regression: an event that waits in the queue while more events arrive
 * than the engine's record ring holds (a fast periodic input behind a 50 ms
 * loop: ~10000 newer events) once shared its record with a newer event,
 * corrupting the edge books and the latency. The ring now grows instead. */
static void test_long_wait(void)
{
    sim_scenario_t s = *scenario();
    sim_input_t *in = &s.inputs[0];
    in->interval = fixed(US(5));
    s.duration = MS(500);
    s.tasks[0].duration.a = MS(50);
    sim_result_t *r = sim_calloc(1, sizeof *r);
    sim_run(&s, &s.strategies[2], r);
    check_conserved(r);
    CHECK(r->in[0].seen > 0);
    /* a queued event waits for the next dispatch: up to a whole task */
    CHECK(sim_hist_quantile(&r->in[0].latency, 1.0) >= (double)MS(40));
    free(r);
}

static void test_deterministic(void)
{
    sim_scenario_t s = *scenario();
    s.inputs[0].arrival = SIM_POISSON;
    sim_result_t *a = sim_calloc(1, sizeof *a), *b = sim_calloc(1, sizeof *b);
    sim_run(&s, &s.strategies[1], a);
    sim_run(&s, &s.strategies[1], b);
    CHECK(memcmp(a, b, sizeof *a) == 0);
    s.seed++;
    sim_run(&s, &s.strategies[1], b);
    CHECK(a->in[0].events != b->in[0].events || a->in[0].latency.max != b->in[0].latency.max);
    free(a);
    free(b);
}

/* Storm guard: a flood on a line makes it polled, so the main loop keeps
 * most of its core; work-in-ISR gives the flood the core. */
static void test_storm_guard(void)
{
    sim_scenario_t s = *scenario();
    sim_input_t *in = &s.inputs[0];
    in->arrival = SIM_FLOOD;
    in->interval = fixed(US(5));
    in->handler = fixed(US(4));
    in->start = MS(1000);
    in->stop = MS(3000);
    s.duration = MS(5000);
    sim_strategy_t storm, isr;
    CHECK(sim_strategy_parse("storm16", 16, &storm) && storm.kind == SIM_STORM && storm.k == 16);
    CHECK(sim_strategy_parse("isr", 16, &isr));
    sim_strategy_t q;
    CHECK(sim_strategy_parse("queue32/4", 16, &q) && q.kind == SIM_QUEUE && q.k == 32 && q.points == 4);
    CHECK(!sim_strategy_parse("poll2/3", 16, &q));
    CHECK(!sim_strategy_parse("queue/0", 16, &q));
    sim_result_t *a = sim_calloc(1, sizeof *a), *b = sim_calloc(1, sizeof *b);
    sim_run(&s, &storm, a);
    sim_run(&s, &isr, b);
    check_conserved(a);
    check_conserved(b);
    CHECK(a->storms >= 1);
    CHECK(sim_cpu_share(a) < sim_cpu_share(b) / 4);
    CHECK(a->in[0].merged > 0); /* the flood's edges coalesce while polled */
    free(a);
    free(b);
}

/* Two interrupt lines: a long low-priority ISR and a short high-priority
 * one. Nested, the high one never waits; unnested, it waits for the low
 * one; a critical section holds both off. */
static void test_priorities_and_masking(void)
{
    sim_scenario_t s = *scenario();
    s.ninputs = 2;
    sim_input_t *low = &s.inputs[0], *high = &s.inputs[1];
    low->interval = fixed(MS(10));
    low->handler = fixed(MS(1));
    high->arrival = SIM_PERIODIC;
    high->interval = fixed(US(777));
    high->handler = fixed(US(10));
    high->priority = 2;
    high->deadline = MS(1);
    high->stop = SIM_NEVER;
    sim_strategy_t isr;
    CHECK(sim_strategy_parse("isr", 16, &isr));
    sim_result_t *r = sim_calloc(1, sizeof *r);
    sim_run(&s, &isr, r);
    check_conserved(r);
    CHECK_EQ(r->in[1].latency.max, s.sys.isr_entry.a + US(10));
    CHECK_EQ(r->in[1].missed, 0);
    s.sys.nesting = false;
    sim_run(&s, &isr, r);
    CHECK(r->in[1].latency.max > US(500)); /* waited for a 1 ms low-priority ISR */
    s.sys.nesting = true;
    s.tasks[1] = (sim_task_t){.name = "critical", .duration = fixed(US(900)), .masked = true};
    s.ntasks = 2;
    sim_run(&s, &isr, r);
    check_conserved(r);
    CHECK(r->in[1].latency.max > US(800));
    CHECK(r->in[1].latency.max <= US(900) + s.sys.isr_entry.a + US(10));
    free(r);
}

/* Costs as distributions: a file of cycle counts (comments, blank lines,
 * bare numbers in the unit given), a list, a range; each draw is one of
 * the values, so an ISR's latency is entry + one listed handler. */
static void test_cost_distributions(void)
{
    FILE *f = fopen("test_sim_costs.txt", "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("# per-call cycles\n27\n\n27 ; the same again\n30cyc\n", f);
    fclose(f);
    static sim_scenario_t s;
    char err[512] = "", text[1024];
    snprintf(text, sizeof text, "[system]\nisr_entry = 12cyc..16cyc\npush = file(test_sim_costs.txt, cyc)\n%s"
             "handler = list(10us 20us, 30us)\n", base);
    CHECK_EQ(load_text(text, &s, err, sizeof err), 0);
    remove("test_sim_costs.txt");
    CHECK_EQ(s.sys.push.kind, SIM_EMPIRICAL);
    CHECK_EQ(s.sys.push.n, 3);
    CHECK_EQ(sim_dist_max(&s.sys.push), 625000); /* 30 cycles at 48 MHz */
    CHECK_EQ(s.inputs[0].handler.n, 3);
    CHECK_EQ(sim_dist_mean(&s.inputs[0].handler), US(20));
    sim_result_t *r = sim_calloc(1, sizeof *r);
    sim_run(&s, &s.strategies[1], r); /* isr: nothing waits, events are 1 s apart */
    const sim_hist_t *h = &r->in[0].latency;
    CHECK_EQ(h->count, 59);
    CHECK(sim_hist_quantile(h, 0.0) >= US(10) + 250000 && sim_hist_quantile(h, 0.0) < US(10) + 400000);
    CHECK(h->max >= US(30) + 250000 && h->max <= US(30) + 333334);
    CHECK(fabs(sim_hist_mean(h) - (double)US(20)) < (double)US(4)); /* 59 draws: standard error 1.1 us */
    sim_scenario_free(&s);
    free(r);
    expect_error("[input a]\nhandler = file(no-such-costs.txt)\n", ":2: bad value for handler: "
                 "'file(no-such-costs.txt)' (./no-such-costs.txt: No such file or directory)");
    expect_error("[input a]\nhandler = list(1us 2parsecs)\n", ":2: bad value for handler");
    expect_error("[input a]\nhandler = list()\n", ":2: bad value for handler");
    /* libinih reads lines into a fixed buffer: a longer one is refused, not cut */
    char line[400] = "[input a]\nhandler = list(";
    while (strlen(line) < 300)
        strcat(line, "20us ");
    strcat(line, "30us)\n");
    expect_error(line, ":2: line longer than");
}

/* cpu and loop are taken over the loops that start within the duration:
 * a doorbell's release 5 s after the last press keeps the run going
 * through idle loops, which must not dilute them. The ISR of a 10 us
 * sensor with a 5 us handler takes about 55 % of the core while it runs. */
static void test_active_window(void)
{
    sim_scenario_t s = *scenario();
    s.duration = MS(1000);
    s.tasks[0].duration = fixed(MS(1));
    s.inputs[0].interval = fixed(US(10));
    s.inputs[0].handler = fixed(US(5));
    s.inputs[1] = (sim_input_t){.name = "bell", .arrival = SIM_DOORBELL, .interval = fixed(MS(900)),
                                .hold = fixed(MS(5000)), .bounce_lo = 1, .bounce_hi = 1, .stop = SIM_NEVER,
                                .deadline = MS(10000), .priority = 1};
    s.ninputs = 2;
    sim_result_t *r = sim_calloc(1, sizeof *r);
    sim_run(&s, &s.strategies[1], r);
    CHECK(r->elapsed > MS(5900));                 /* the release came, and was handled */
    CHECK(r->active >= MS(1000) && r->active < MS(1010));
    double share = sim_cpu_share(r), whole = 1.0 - (double)r->task_time / (double)r->elapsed;
    CHECK(share > 0.5 && share < 0.6);
    CHECK(whole < 0.15); /* what the idle drain made of it */
    CHECK(sim_loop_mean(r) > MS(2) && sim_loop_mean(r) < MS(3)); /* 1 ms of task in each 45 % */
    free(r);
}

/* Service points split a loop's task time as total * j / k: with k up to
 * 65536 and a long loop, that product must not be formed. 65536 polls in
 * a 1000 s loop are 15.3 ms apart, and so is the latency bound. */
static void test_many_points(void)
{
    sim_scenario_t s = *scenario();
    s.tasks[0].duration = fixed(MS(1000000));
    s.inputs[0].interval = fixed(MS(100000));
    s.inputs[0].deadline = SIM_NEVER;
    s.duration = MS(2000000);
    sim_strategy_t st;
    CHECK(sim_strategy_parse("poll65536", 16, &st) && st.points == 65536);
    sim_result_t *r = sim_calloc(1, sizeof *r);
    sim_run(&s, &st, r);
    check_conserved(r);
    CHECK_EQ(r->in[0].seen, 19);
    CHECK(r->in[0].latency.max <= MS(1000000) / 65536 + 65536 * s.sys.poll + s.sys.loop_overhead);
    free(r);
}

/* A run in which no event arrives has nothing to recommend from. */
static void test_no_events(void)
{
    sim_scenario_t s = *scenario();
    s.inputs[0].start = MS(100000); /* after the 60 s */
    sim_result_t *res = sim_calloc((size_t)s.nstrategies, sizeof *res);
    sim_run_all(&s, res);
    char text[1024];
    CHECK_EQ(sim_events(&s, &res[0]), 0);
    CHECK_EQ(sim_recommend(&s, res, s.nstrategies, text, sizeof text), -1);
    CHECK(strstr(text, "no event arrived") != NULL);
    s.ninputs = 2; /* a second input that does see events: a verdict, with a word on the silent one */
    s.inputs[1] = *scenario()->inputs;
    snprintf(s.inputs[1].name, sizeof s.inputs[1].name, "b");
    sim_run_all(&s, res);
    CHECK(sim_recommend(&s, res, s.nstrategies, text, sizeof text) >= 0);
    CHECK(strstr(text, "Input 'a' had no event") != NULL);
    free(res);
}

int main(void)
{
    test_rng();
    test_dist();
    test_hist();
    test_parse_time();
    test_scenario_errors();
    test_poll_and_isr_bounds();
    test_level_semantics();
    test_bounce_read();
    test_queue_overflow();
    test_long_wait();
    test_deterministic();
    test_storm_guard();
    test_priorities_and_masking();
    test_cost_distributions();
    test_active_window();
    test_many_points();
    test_no_events();
    return check_done("test_sim");
}
