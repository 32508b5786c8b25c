/* test_sim_limits.c - the simulator at the edges of its clock: values
 * refused when read (with the range in the message), runs at the largest
 * values accepted, sums that would overflow 64-bit picoseconds, and the
 * figures printed for them (times, seeds). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sim_report.h"

#define TEST_SCENARIO "test_sim_limits.ini"
#include "test_sim_util.h"

#define H(x) ((simt)(x) * SIM_HOUR)

static void test_time_parse_limits(void)
{
    simt t = -1;
    CHECK(sim_parse_time("1000h", 48e6, &t) && t == SIM_DURATION_MAX);
    CHECK(!sim_parse_time("1001h", 48e6, &t));
    CHECK(!sim_parse_time("1e300s", 48e6, &t));
    CHECK(!sim_parse_time("inf", 48e6, &t));
}

/* Each value is refused past its key's limit, with the limit named. */
static void test_key_limits(void)
{
    static sim_scenario_t s;
    char err[512], text[1024];
    snprintf(text, sizeof text, "%sdeadline = 100h\n", base);
    CHECK_EQ(load_text(text, &s, err, sizeof err), 0);
    CHECK_EQ(s.inputs[0].deadline, SIM_TIME_MAX);
    expect_error("[input a]\ndeadline = 2000h\n", ":2: bad value for deadline: '2000h' (a time from 0 to 100h");
    expect_error("[input a]\ndeadline = 101h\n", ":2: bad value for deadline: '101h' (a time from 0 to 100h");
    expect_error("[input a]\nhandler = exp(101h)\n", ":2: bad value for handler: 'exp(101h)' (a time from 0 to 100h");
    expect_error("[input a]\ninterval = 1ms..101h\n", ":2: bad value for interval");
    expect_error("[scenario]\nduration = 1001h\n", ":2: bad value for duration: '1001h' (a time from 0 to 1000h");
    expect_error("[input a]\nstop = 1001h\n", ":2: bad value for stop: '1001h' (a time from 0 to 1000h");
    expect_error("[scenario]\nqueue_depth = 0\n", ":2: bad value for queue_depth: '0' (an integer from 1 to 65536)");
    expect_error("[scenario]\nseed = -7\n", ":2: bad value for seed: '-7' (an integer from 0 to 18446744073709551615)");
    expect_error("[system]\ncpu_hz = 100\n", ":2: bad value for cpu_hz: '100' (a clock in Hz from 1e3 to 1e11");
    expect_error("[input a]\nbounce = 1..9\n", ":2: bad value for bounce: '1..9' (N or LO..HI from 1 to 7)");
    snprintf(text, sizeof text, "%s[task more]\nduration = 60h\n[task most]\nduration = 50h\n", base);
    expect_error(text, ":4: one main-loop iteration can take 110h");
    snprintf(text, sizeof text, "[scenario]\nseed = 18446744073709551615\n%s", base + strlen("[scenario]\n"));
    CHECK_EQ(load_text(text, &s, err, sizeof err), 0);
    CHECK(s.seed == UINT64_MAX);
}

/* The end-of-run allowance is twice the longest deadline: at 2000 h that
 * once wrapped the clock, and the run simulated nothing. Set past the
 * parser, it must now just stop early. */
static void test_allowance_saturates(void)
{
    static sim_scenario_t s;
    char err[512];
    CHECK_EQ(load_text(base, &s, err, sizeof err), 0);
    s.inputs[0].deadline = H(2000);
    sim_result_t *r = sim_calloc(1, sizeof *r);
    sim_run(&s, &s.strategies[0], r);
    CHECK_EQ(r->in[0].events, 59);
    CHECK_EQ(r->in[0].seen, 59);
    CHECK(r->elapsed >= MS(60000) && r->elapsed < MS(60100)); /* nothing in flight: no idle allowance */
    free(r);
}

/* The longest duration, deadline and interval the parser accepts, and a
 * loop just under the limit (it counts loop_overhead too): every sum stays
 * in range (UBSan would stop the test). */
static void test_run_at_limits(void)
{
    static sim_scenario_t s;
    char err[512];
    CHECK_EQ(load_text("[scenario]\nduration = 1000h\nstrategies = poll1 isr queue dedicated storm\n"
                       "[task work]\nduration = 99h\n[input a]\ninterval = 100h\ndeadline = 100h\n"
                       "handler = 0\nhold = 100h\n",
                       &s, err, sizeof err),
             0);
    CHECK_EQ(sim_check_limits(&s, err, sizeof err), 0);
    sim_result_t *r = sim_calloc((size_t)s.nstrategies, sizeof *r);
    sim_run_all(&s, r);
    for (int i = 0; i < s.nstrategies; i++) {
        CHECK_EQ(r[i].in[0].events, 9);
        CHECK_EQ(r[i].in[0].seen, 9);
        CHECK(r[i].in[0].latency.max <= H(100) + MS(1));
        CHECK(r[i].elapsed >= H(1000) && r[i].elapsed < H(1200)); /* stopped once nothing was in flight */
    }
    CHECK(sim_longest_poll_period(&s) <= SIM_TIME_MAX); /* the search's 16x longer loop is held to the limit */
    free(r);
}

/* What sweeps and searches change is checked again, and scaling saturates
 * instead of wrapping. */
static void test_scaling(void)
{
    sim_scenario_t s;
    static sim_scenario_t loaded;
    char err[512], why[256];
    CHECK_EQ(load_text(base, &loaded, err, sizeof err), 0);
    s = loaded;
    sim_set_loop_period(&s, H(200));
    CHECK_EQ(sim_check_limits(&s, why, sizeof why), -1);
    CHECK(strstr(why, "task 'work' reaches 200h, over the 100h limit") != NULL);
    s = loaded;
    s.inputs[0].burst_gap = US(10);
    sim_scale_rate(&s, 1e-300);
    CHECK_EQ(s.inputs[0].burst_gap, SIM_NEVER);
    CHECK_EQ(s.inputs[0].interval.a, SIM_NEVER);
    CHECK_EQ(sim_check_limits(&s, why, sizeof why), -1);
    CHECK(strstr(why, "input 'a' interval reaches") != NULL);
}

/* An exponential's draws are cut at SIM_TIME_MAX: with that mean, about
 * e^-1 of them would be longer. */
static void test_exp_cut(void)
{
    sim_rng_t r;
    sim_rng_seed(&r, 5, 0);
    sim_dist_t e = {.kind = SIM_EXP, .a = SIM_TIME_MAX};
    int over = 0, at = 0;
    for (int i = 0; i < 10000; i++) {
        simt v = sim_dist_sample(&e, &r);
        over += v > SIM_TIME_MAX || v < 0;
        at += v == SIM_TIME_MAX;
    }
    CHECK_EQ(over, 0);
    CHECK(at > 3000 && at < 4300);
    CHECK_EQ(sim_dist_max(&e), SIM_TIME_MAX);
}

static void test_hist_limits(void)
{
    CHECK_EQ(sim_hist_bucket_low(SIM_HIST_BUCKETS), INT64_MAX);
    CHECK_EQ(sim_hist_bucket_low(SIM_HIST_BUCKETS - 1), INT64_MAX);
    sim_hist_t *h = sim_calloc(1, sizeof *h);
    sim_hist_add(h, INT64_MAX);
    sim_hist_add(h, 1);
    CHECK_EQ(sim_hist_quantile(h, 1.0), INT64_MAX);
    CHECK(sim_hist_quantile(h, 0.9) > INT64_MAX / 2);
    CHECK(sim_hist_mean(h) > 4e18);
    free(h);
}

static void expect_fmt(simt t, int digits, const char *want)
{
    char buf[32];
    sim_fmt_time_digits(t, digits, buf, sizeof buf);
    CHECK(strcmp(buf, want) == 0);
    if (strcmp(buf, want) != 0)
        fprintf(stderr, "  %lld ps at %d digits: got '%s', wanted '%s'\n", (long long)t, digits, buf, want);
}

/* Never an exponent; max latencies to 7 digits. */
static void test_fmt_time(void)
{
    expect_fmt(999999600, 7, "999.9996us");
    expect_fmt(999999600, 3, "1ms");
    expect_fmt(999500000, 3, "1ms");
    expect_fmt(999400000, 3, "999us");
    expect_fmt(MS(100), 3, "100ms");
    expect_fmt(20200000, 3, "20.2us");
    expect_fmt(0, 3, "0ns");
    expect_fmt(H(1), 3, "1h");
    expect_fmt(H(1000), 7, "1000h");
    expect_fmt(MS(1234000), 3, "1234s");
    expect_fmt(MS(999600), 3, "1000s");
    expect_fmt(H(110) + 208333, 3, "110h");
    expect_fmt(H(1000), 3, "1000h");
    expect_fmt(SIM_NEVER, 3, "none");
    int exponents = 0;
    char buf[32];
    for (simt t = 1; t < SIM_DURATION_MAX / 7; t = t * 7 + 3)
        for (int d = 1; d <= 9; d++)
            exponents += strpbrk(sim_fmt_time_digits(t, d, buf, sizeof buf), "e+") != NULL && t != SIM_NEVER;
    CHECK_EQ(exponents, 0);
}

static void test_seed_parse(void)
{
    uint64_t v = 0;
    CHECK(sim_parse_u64("0", &v) && v == 0);
    CHECK(sim_parse_u64("18446744073709551615", &v) && v == UINT64_MAX);
    CHECK(!sim_parse_u64("18446744073709551616", &v));
    CHECK(!sim_parse_u64("abc", &v));
    CHECK(!sim_parse_u64("-7", &v));
    CHECK(!sim_parse_u64("+7", &v));
    CHECK(!sim_parse_u64(" 7", &v));
    CHECK(!sim_parse_u64("7x", &v));
    CHECK(!sim_parse_u64("", &v));
}

int main(void)
{
    test_time_parse_limits();
    test_key_limits();
    test_allowance_saturates();
    test_run_at_limits();
    test_scaling();
    test_exp_cut();
    test_hist_limits();
    test_fmt_time();
    test_seed_parse();
    return check_done("test_sim_limits");
}
