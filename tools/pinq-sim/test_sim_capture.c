/* test_sim_capture.c - inputs whose arrivals are a capture's edges
 * (source = capture:FILE:CHANNEL): the edges arrive at their capture
 * times, repeated or looped, sped up by a rate sweep, and every way a
 * source can be wrong is refused with file:line and the reason. A pinq-sim
 * built without the capture reader refuses the source and says why. */
#define TEST_SCENARIO "test_sim_capture.ini"
#include "test_sim_util.h"

#include "sim_arrivals.h"
#include "sim_report.h"

#define VCD "test_sim_capture.vcd"

/* Channel a: 1 at 0, edges at 100, 250 and 400 us; b never changes; the
 * capture lasts 1 ms (1 us a sample: no rate comment). */
static const char vcd[] = "$timescale 1 us $end\n$scope module top $end\n$var wire 1 ! a $end\n"
                          "$var wire 1 \" b $end\n$upscope $end\n$enddefinitions $end\n"
                          "#0\n$dumpvars\n1!\n0\"\n$end\n#100\n0!\n#250\n1!\n#400\n0!\n#1000\n";

static const char head[] = "[scenario]\nduration = 10ms\nstrategies = isr\n[task work]\nduration = 1ms\n"
                           "[input x]\n";

static void expect_input_error(const char *keys, const char *what)
{
    char text[1024];
    snprintf(text, sizeof text, "%s%s", head, keys);
    expect_error(text, what);
}

#ifdef SIM_CAPTURES

static int load_input(const char *keys, sim_scenario_t *s, char *err, size_t len)
{
    char text[1024];
    snprintf(text, sizeof text, "%s%s", head, keys);
    return load_text(text, s, err, len);
}

/* The arrival times an input generates, up to max. */
static int arrivals(const sim_scenario_t *s, simt *t, int max)
{
    sim_gen_t g;
    int n = 0;
    sim_gen_init(&g, &s->inputs[0], s->duration, s->seed, 0);
    for (; g.next_t != SIM_NEVER && n < max; sim_gen_advance(&g))
        t[n++] = g.next_t;
    return n;
}

static void times(void)
{
    static sim_scenario_t s;
    char err[512] = "";
    simt t[16];
    CHECK_EQ(load_input("source = capture:" VCD ":a\nrepeat = 2\ndeadline = 1ms\n", &s, err, sizeof err), 0);
    CHECK_EQ(arrivals(&s, t, 16), 6);
    const simt want[6] = {US(100), US(250), US(400), US(1100), US(1250), US(1400)};
    for (int i = 0; i < 6; i++)
        CHECK_EQ(t[i], want[i]);
    sim_scale_rate(&s, 2); /* twice the rate: half the times */
    CHECK_EQ(arrivals(&s, t, 16), 6);
    CHECK_EQ(t[5], US(700));
    sim_result_t r;
    sim_run(&s, &s.strategies[0], &r);
    CHECK_EQ(r.in[0].events, 6);
    CHECK_EQ(r.in[0].seen, 6);
    sim_scenario_free(&s);
    /* a loop plays until the duration (10 ms: ten times), from `start` */
    CHECK_EQ(load_input("start = 5ms\nrepeat = loop\nsource = capture:" VCD ":a\n", &s, err, sizeof err), 0);
    CHECK_EQ(arrivals(&s, t, 16), 15);
    CHECK_EQ(t[0], US(5100));
    CHECK_EQ(t[14], US(9400));
    sim_scenario_free(&s);
}

static void refusals(void)
{
    expect_input_error("source = capture:nowhere.vcd:a\n", "test_sim_capture.ini:7: bad value for source: "
                                                           "'capture:nowhere.vcd:a' (./nowhere.vcd: ");
    expect_input_error("source = capture:" VCD ":c\n", "has no channel 'c' (channels: 'a' 'b')");
    expect_input_error("source = capture:" VCD ":b\n", "channel 'b' has no edges");
    expect_input_error("source = capture:" VCD "\n", "(capture:FILE:CHANNEL, FILE from the scenario's folder");
    expect_input_error("source = " VCD ":a\n", "(capture:FILE:CHANNEL");
    expect_input_error("arrival = periodic\nsource = capture:" VCD ":a\n",
                       ":6: [input x] takes its arrivals from its source: drop arrival");
    expect_input_error("arrival = periodic\ninterval = 1ms\nrepeat = 2\n", "repeat plays a source = capture:");
    expect_input_error("source = capture:" VCD ":a\nrepeat = 0\n", "bad value for repeat: '0' (an integer from 1 to "
                                                                  "1000000000, or loop)");
}

#else

static void times(void)
{
}

static void refusals(void)
{
    expect_input_error("source = capture:" VCD ":a\n", "built without the capture reader, which needs libsigrok");
}

#endif

int main(void)
{
    FILE *f = fopen(VCD, "w");
    CHECK(f != NULL);
    if (f) {
        fputs(vcd, f);
        fclose(f);
    }
    times();
    refusals();
    remove(VCD);
    return check_done("test_sim_capture");
}
