/* test_replay_sweep.c - acceptance (c): the sweeps docs/replay.md
 * answers with, on an IR (NEC) and a DHT11 capture (argv[1] the captures
 * folder): the share of the ideal run's frames each polling period or ISR
 * latency still decodes. Asserted qualitatively, never as figures: every
 * frame at the fine end, fewer at the coarse end, a curve that falls by
 * thirds (aliasing may lift a point), and no wrong frame: these protocols
 * check their frames. The success curve's gnuplot script and data are
 * written to argv[2] and read back. */
#include <string.h>

#include "check.h"
#include "replay_input.h"
#include "replay_sweep.h"

#define US 1000u

typedef struct curve {
    const char *path, *decoder, *name;
    replay_sweep_spec_t spec;
    replay_jitter_t jitter; /* of the samples or of the ISR entry */
} curve_t;

/* The figures of docs/replay.md. */
static const curve_t curves[] = {
    {"ir_nec/tv_matsui_0001_buttons_1234567890_hold.sr", "nec", "ir-poll",
     {REPLAY_KNOB_POLL_PERIOD, 20 * US, 1000 * US, 50}, {.pct = 50}},
    {"ir_nec/tv_matsui_0001_buttons_1234567890_hold.sr", "nec", "ir-isr",
     {REPLAY_KNOB_ISR_LATENCY, 0, 1000 * US, 21}, {.pct = 100}},
    {"dht11/dht11_100khz.sr", "dht11", "dht11-poll", {REPLAY_KNOB_POLL_PERIOD, 1 * US, 50 * US, 50}, {.pct = 50}},
    {"dht11/dht11_100khz.sr", "dht11", "dht11-isr", {REPLAY_KNOB_ISR_LATENCY, 0, 40 * US, 41}, {.pct = 100}},
};

static void load(const char *dir, const char *path, const char *channel, replay_input_t *in)
{
    char full[1100], err[1024];
    snprintf(full, sizeof full, "%s/%s", dir, path);
    CHECK_EQ(replay_input_open(full, channel, in, err, sizeof err), 0);
}

/* The mean success of points [from, to). */
static double mean(const replay_sweep_t *s, int from, int to)
{
    double sum = 0;
    for (int i = from; i < to; i++)
        sum += replay_success(&s->p[i].a);
    return sum / (to - from);
}

static void shape(const curve_t *c, const replay_sweep_t *s)
{
    int n = s->spec.n, third = n / 3;
    double first = mean(s, 0, third), middle = mean(s, third, 2 * third), last = mean(s, 2 * third, n);
    size_t wrong = 0;
    for (int i = 0; i < n; i++)
        wrong += s->p[i].a.wrong;
    printf("%-10s %s: fine end %.1f%%, coarse end %.1f%%, thirds %.1f%% %.1f%% %.1f%%, %zu wrong\n", c->name, c->path,
           100 * replay_success(&s->p[0].a), 100 * replay_success(&s->p[n - 1].a), 100 * first, 100 * middle,
           100 * last, wrong);
    CHECK(s->p[0].a.ideal > 0);
    CHECK_EQ(s->p[0].a.agree, s->p[0].a.ideal);
    CHECK(s->p[n - 1].a.agree < s->p[n - 1].a.ideal);
    CHECK(first >= middle && middle >= last && first > last);
    CHECK_EQ(wrong, 0);
}

/* Lines of `path` that begin with a digit: the data rows. */
static int data_rows(const char *path, const char *want)
{
    char line[512];
    int rows = 0, found = !want;
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    while (f && fgets(line, sizeof line, f)) {
        rows += line[0] >= '0' && line[0] <= '9';
        found |= want && strstr(line, want) != NULL;
    }
    if (f)
        fclose(f);
    CHECK(found);
    return rows;
}

/* The script draws OUT.png from its inline rows; the .dat holds the same. */
static void plot(const curve_t *c, const replay_sweep_t *s, const char *outdir)
{
    char base[1100], gp[1200], dat[1200], output[1300], err[1024];
    snprintf(base, sizeof base, "%s/%s", outdir, c->name);
    snprintf(gp, sizeof gp, "%s.gp", base);
    snprintf(dat, sizeof dat, "%s.dat", base);
    snprintf(output, sizeof output, "set output '%s.png'", base);
    CHECK_EQ(replay_sweep_plot(gp, s, c->path, err, sizeof err), 0);
    CHECK_EQ(data_rows(gp, output), s->spec.n);
    CHECK_EQ(data_rows(gp, "plot $success using 1:2"), s->spec.n);
    CHECK_EQ(data_rows(dat, NULL), s->spec.n);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_replay_sweep CAPTURES_DIR OUT_DIR\n");
        return 2;
    }
    for (size_t i = 0; i < sizeof curves / sizeof curves[0]; i++) {
        const curve_t *c = &curves[i];
        replay_input_t in;
        replay_model_t base;
        replay_sweep_t s;
        load(argv[1], c->path, NULL, &in);
        replay_model_ideal(&base);
        if (c->spec.knob == REPLAY_KNOB_POLL_PERIOD)
            base.poll_jitter = c->jitter;
        else
            base.isr_jitter = c->jitter;
        CHECK_EQ(replay_sweep_run(&in, c->decoder, -1, &base, &c->spec, &s), 0);
        shape(c, &s);
        plot(c, &s, argv[2]);
        replay_sweep_free(&s);
        replay_input_free(&in);
    }
    return check_done("test_replay_sweep");
}
