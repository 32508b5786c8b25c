/* fuzz_replay_cli.c - libFuzzer target for pinq-replay's command line: the
 * bytes as arguments (fuzz/fuzz_argv.h) through replay_opts_parse(), which
 * never exits and writes nothing: it must ask for the help only when
 * given --help or -h, refuse with a message, or give options that keep
 * replay_opts.h's promises (one capture among the arguments, a model of
 * one kind with no option of the other, values in their ranges). Nothing
 * is loaded, run or written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_argv.h"
#include "replay_opts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const fuzz_argv_t *args;

static void must(bool ok, const char *what)
{
    fuzz_argv_must(args, ok, "fuzz_replay_cli", what);
}

static bool given(const char *name)
{
    for (int i = 1; i < args->argc; i++)
        if (strcmp(args->argv[i], name) == 0)
            return true;
    return false;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n > t && strcmp(s + n - t, tail) == 0;
}

static void check_opts(const replay_opts_t *o)
{
    const replay_model_t *m = &o->model;
    must(o->capture && fuzz_argv_has(args, o->capture), "a capture that is no argument");
    const char *strs[] = {o->channel, o->decoder, o->manifest, o->vcd, o->plot};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        must(!strs[i] || fuzz_argv_has(args, strs[i]), "an option value that is no argument");
    must(m->queue >= 2 && m->queue <= 65536 && (m->queue & (m->queue - 1)) == 0, "a queue out of range");
    must(o->active >= -1 && o->active <= 1 && m->stamp <= REPLAY_STAMP_EDGE && m->policy <= 2, "a word out of range");
    must(m->budget <= 1000000, "a budget out of range");
    must(m->isr_jitter.pct <= 100 && m->poll_jitter.pct < 100, "a jitter share out of range");
    const replay_window_t *w[] = {&m->masked, &m->stall};
    for (int i = 0; i < 2; i++)
        must(w[i]->every == 0 || (w[i]->len > 0 && w[i]->len < w[i]->every), "a window with LEN >= EVERY");
    bool poll_sweep = o->sweep && o->sw.knob == REPLAY_KNOB_POLL_PERIOD;
    if (o->sweep)
        must(o->sw.knob <= REPLAY_KNOB_ISR_JITTER && o->sw.lo < o->sw.hi && o->sw.n >= 2 && o->sw.n <= 200 &&
                 (!poll_sweep || o->sw.lo > 0),
             "a sweep out of range");
    /* Values, not names: an option's name may also be another's value. */
    if (m->kind == REPLAY_POLL)
        must(m->poll_period > 0 || poll_sweep, "a polling run without a period");
    if (m->kind == REPLAY_POLL)
        must(m->isr_latency == 0 && !m->isr_jitter.ticks && !m->isr_jitter.pct && !m->masked.every && !m->loop &&
                 m->stamp == REPLAY_STAMP_ISR,
             "a polling run with an interrupt setting");
    else
        must(m->kind == REPLAY_IRQ && m->poll_period == 0 && !m->poll_jitter.ticks && !m->poll_jitter.pct,
             "an interrupt run with a polling setting");
    must(!o->plot || (o->sweep && (ends_with(o->plot, ".png") || ends_with(o->plot, ".gp"))), "a --plot not drawn");
    must(!o->vcd || !o->sweep, "--vcd with --sweep");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_argv_t a;
    fuzz_argv_split(&a, "pinq-replay", data, size);
    args = &a;
    replay_opts_t o;
    char err[1024] = "";
    int rc = replay_opts_parse(a.argc, a.argv, &o, err, sizeof err);
    must(rc == 0 || rc == 1 || rc == -1, "a return other than 0, 1 or -1");
    must(rc == -1 || !err[0], "a message without a refusal");
    if (rc == 1)
        must(given("--help") || given("-h"), "the help without --help");
    else if (rc == -1)
        must(err[0] != '\0' && memchr(err, '\0', sizeof err), "a refusal without a message");
    else
        check_opts(&o);
    fuzz_argv_free(&a);
    return 0;
}
