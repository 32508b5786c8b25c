/* replay_opts.c - the command line, table-driven: each option's type says
 * how its value is read and what the message refusing it says; its scope
 * says which delivery model it belongs to, so that a mix is refused
 * rather than half ignored. */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay_opts.h"

const char replay_usage[] =
    "usage: pinq-replay [options] CAPTURE.sr|CAPTURE.vcd\n"
    "\n"
    "Feeds one channel of a logic-analyzer capture into a pinq queue as if it came\n"
    "on an input line (pinq_post_at from a simulated ISR, or pinq_post_sample from a\n"
    "simulated poller), drains it with pinq_dispatch into a protocol decoder, and\n"
    "prints the frames, the counters and the delivery latency. Simulated time:\n"
    "deterministic for a seed. The default model is ideal: an interrupt with no\n"
    "latency, a 4096-event ring, the consumer after every interrupt.\n"
    "\n"
    "  --channel NAME|A+B  the channel (two for an encoder; default: MANIFEST.tsv's,\n"
    "                      or the capture's only one)\n"
    "  --decoder NAME      " REPLAY_DECODERS "\n"
    "                      (default: from the MANIFEST.tsv protocol)\n"
    "  --active 0|1        IR / DCF77: the level while the carrier is received\n"
    "  --manifest FILE     the MANIFEST.tsv to read (default: beside the capture or\n"
    "                      one folder up)\n"
    "interrupt model:\n"
    "  --isr-latency T     ISR entry after the edge (fixed part)\n"
    "  --isr-jitter T|P%   plus a uniform draw in [0, T] (P%: P percent of the latency)\n"
    "  --masked EVERY:LEN  critical sections: the ISR waits for their end\n"
    "  --stamp isr|edge    stamp at ISR entry (pinq_post) or at the edge (capture timer)\n"
    "  --loop T            the consumer runs every T (default: after every interrupt)\n"
    "polling model:\n"
    "  --poll T            sample the pin every T in the main loop (pinq_post_sample)\n"
    "  --poll-jitter T|P%  plus a uniform draw in [0, T] per sample (P%: of the period;\n"
    "                      below the period)\n"
    "both:\n"
    "  --queue N           ring capacity, a power of two (default 4096)\n"
    "  --policy P          drop-newest (default), drop-oldest or coalesce\n"
    "  --budget N          events per pinq_dispatch call (default: no limit)\n"
    "  --stall EVERY:LEN   the main loop stops for LEN every EVERY\n"
    "  --seed N            jitter draws (default 1)\n"
    "output:\n"
    "  --vcd OUT.vcd       the wire and what the application saw, two wires per line\n"
    "  --sweep KNOB=LO:HI:N  poll-period, isr-latency or isr-jitter over N values:\n"
    "                      frames agreeing with the ideal run, per value\n"
    "  --plot OUT.png      with --sweep: the success curve (OUT.gp, OUT.dat beside it;\n"
    "                      OUT.gp alone: the script and data, not drawn)\n"
    "  --no-frames         counters only\n"
    "Times: 250ns, 50us, 1.5ms, 2s, 0 (at most 1h).\n";

enum type {
    O_STR, O_TIME, O_PERIOD, O_JITTER, O_WINDOW, O_QUEUE, O_BUDGET, O_SEED, O_ACTIVE, O_STAMP, O_POLICY, O_SWEEP
};
enum scope { ANY = 0, IRQ = 1, POLL = 2 };

#define OFF(f) offsetof(replay_opts_t, f)

static const struct opt {
    const char *name;
    uint8_t type, scope;
    size_t off;
} opts[] = {
    {"--channel", O_STR, ANY, OFF(channel)},           {"--decoder", O_STR, ANY, OFF(decoder)},
    {"--manifest", O_STR, ANY, OFF(manifest)},         {"--vcd", O_STR, ANY, OFF(vcd)},
    {"--plot", O_STR, ANY, OFF(plot)},                 {"--active", O_ACTIVE, ANY, OFF(active)},
    {"--poll", O_PERIOD, POLL, OFF(model.poll_period)}, {"--poll-jitter", O_JITTER, POLL, OFF(model.poll_jitter)},
    {"--isr-latency", O_TIME, IRQ, OFF(model.isr_latency)}, {"--isr-jitter", O_JITTER, IRQ, OFF(model.isr_jitter)},
    {"--masked", O_WINDOW, IRQ, OFF(model.masked)},    {"--stamp", O_STAMP, IRQ, OFF(model.stamp)},
    {"--loop", O_TIME, IRQ, OFF(model.loop)},          {"--queue", O_QUEUE, ANY, OFF(model.queue)},
    {"--policy", O_POLICY, ANY, OFF(model.policy)},    {"--budget", O_BUDGET, ANY, OFF(model.budget)},
    {"--stall", O_WINDOW, ANY, OFF(model.stall)},      {"--seed", O_SEED, ANY, OFF(model.seed)},
    {"--sweep", O_SWEEP, ANY, OFF(sw)},
};

static const char *const hints[] = {
    [O_STR] = "a name",
    [O_TIME] = "a time such as 50us, 1.5ms or 0; units ns, us, ms, s; at most 1h",
    [O_PERIOD] = "a time above 0 such as 100us or 1ms; at most 1h",
    [O_JITTER] = "a time such as 20us, or a share of the period or latency from 1% to 100%",
    [O_WINDOW] = "EVERY:LEN, two times with 0 < LEN < EVERY, e.g. 10ms:2ms",
    [O_QUEUE] = "a power of two from 2 to 65536",
    [O_BUDGET] = "an integer from 1 to 1000000",
    [O_SEED] = "an integer from 0 to 18446744073709551615",
    [O_ACTIVE] = "0 or 1",
    [O_STAMP] = "isr or edge",
    [O_POLICY] = "drop-newest, drop-oldest or coalesce",
    [O_SWEEP] = "poll-period=LO:HI:N, isr-latency=LO:HI:N or isr-jitter=LO:HI:N; times LO < HI, N from 2 to 200",
};

bool replay_parse_time(const char *text, pinq_ticks_t *out)
{
    static const struct {
        const char *unit;
        double ns;
    } units[] = {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}};
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || errno || !isfinite(v) || v < 0 || strspn(text, "0123456789.") != (size_t)(end - text))
        return false; /* decimal only: strtod would also take 0x10, 1e3, inf */
    double scale = *end ? -1 : (v == 0 ? 0 : -1); /* a bare number is only 0 */
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(end, units[i].unit) == 0)
            scale = units[i].ns;
    if (scale < 0 || v * scale > 3600e9)
        return false;
    *out = (pinq_ticks_t)llround(v * scale);
    return true;
}

static bool parse_u64(const char *text, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (end == text || *end || errno || *text < '0' || *text > '9' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_window(const char *text, replay_window_t *w)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", text);
    char *colon = strchr(buf, ':');
    if (!colon)
        return false;
    *colon = '\0';
    return replay_parse_time(buf, &w->every) && replay_parse_time(colon + 1, &w->len) && w->len > 0 &&
           w->len < w->every;
}

/* "20us", or "50%" of the period or latency */
static bool parse_jitter(const char *text, replay_jitter_t *j)
{
    uint64_t pct;
    char buf[32];
    size_t n = strlen(text);
    *j = (replay_jitter_t){0};
    if (n == 0 || text[n - 1] != '%')
        return replay_parse_time(text, &j->ticks);
    snprintf(buf, sizeof buf, "%.*s", (int)(n - 1), text);
    return parse_u64(buf, 1, 100, &pct) && ((j->pct = (uint8_t)pct), true);
}

static bool parse_sweep(const char *text, replay_sweep_spec_t *sw)
{
    static const char *const knobs[] = {"poll-period", "isr-latency", "isr-jitter"};
    char buf[160], *save;
    snprintf(buf, sizeof buf, "%s", text);
    char *eq = strchr(buf, '=');
    if (!eq)
        return false;
    *eq = '\0';
    int k = -1;
    for (int i = 0; i < 3; i++)
        k = strcmp(buf, knobs[i]) == 0 ? i : k;
    char *lo = strtok_r(eq + 1, ":", &save), *hi = strtok_r(NULL, ":", &save), *n = strtok_r(NULL, ":", &save);
    uint64_t count;
    if (k < 0 || !lo || !hi || !n || strtok_r(NULL, ":", &save) || !replay_parse_time(lo, &sw->lo) ||
        !replay_parse_time(hi, &sw->hi) || sw->lo >= sw->hi || !parse_u64(n, 2, 200, &count))
        return false;
    sw->knob = (uint8_t)k;
    sw->n = (int)count;
    return k != REPLAY_KNOB_POLL_PERIOD || sw->lo > 0;
}

static bool parse_word(const char *text, const char *const *words, int n, uint8_t *out)
{
    for (int i = 0; i < n; i++)
        if (strcmp(text, words[i]) == 0)
            return (*out = (uint8_t)i), true;
    return false;
}

static bool parse_value(const struct opt *o, const char *v, replay_opts_t *ro)
{
    static const char *const stamps[] = {"isr", "edge"}; /* enum replay_stamp */
    static const char *const policies[] = {"drop-newest", "drop-oldest", "coalesce"}; /* enum pinq_policy */
    void *p = (char *)ro + o->off;
    uint64_t u;
    switch (o->type) {
    case O_STR:
        return (*(const char **)p = v), true;
    case O_TIME:
        return replay_parse_time(v, p);
    case O_PERIOD:
        return replay_parse_time(v, p) && *(pinq_ticks_t *)p > 0;
    case O_JITTER:
        return parse_jitter(v, p);
    case O_WINDOW:
        return parse_window(v, p);
    case O_QUEUE:
        return parse_u64(v, 2, 65536, &u) && (u & (u - 1)) == 0 && ((*(uint32_t *)p = (uint32_t)u), true);
    case O_BUDGET:
        return parse_u64(v, 1, 1000000, &u) && ((*(unsigned *)p = (unsigned)u), true);
    case O_SEED:
        return parse_u64(v, 0, UINT64_MAX, p);
    case O_ACTIVE:
        return parse_u64(v, 0, 1, &u) && ((*(int *)p = (int)u), true);
    case O_STAMP:
        return parse_word(v, stamps, 2, p);
    case O_POLICY:
        return parse_word(v, policies, 3, p);
    case O_SWEEP:
        return (ro->text = v), (ro->sweep = true), parse_sweep(v, p);
    }
    return false;
}

/* The model the options describe, and the options that do not belong to it. */
static int check_model(replay_opts_t *o, unsigned scopes, const char *const *first, char *err, size_t len)
{
    bool poll_sweep = o->sweep && o->sw.knob == REPLAY_KNOB_POLL_PERIOD;
    bool poll = o->model.poll_period > 0 || poll_sweep;
    pinq_ticks_t period = poll_sweep ? o->sw.lo : o->model.poll_period;
    o->model.kind = poll ? REPLAY_POLL : REPLAY_IRQ;
    if (poll_sweep && o->model.poll_period > 0)
        return snprintf(err, len, "--sweep poll-period sets the polling period: drop --poll"), -1;
    if (poll && (scopes & IRQ))
        return snprintf(err, len, "%s is an interrupt option, and this is a polling run (--poll, --sweep "
                                  "poll-period)", first[IRQ]), -1;
    if (!poll && (scopes & POLL))
        return snprintf(err, len, "%s needs a polling run: give --poll PERIOD", first[POLL]), -1;
    const replay_jitter_t *j = &o->model.poll_jitter;
    if (poll && (j->pct >= 100 || (!j->pct && j->ticks >= period)))
        return snprintf(err, len, "--poll-jitter must be below the polling period (the samples keep their order)"),
               -1;
    if (o->plot && !o->sweep)
        return snprintf(err, len, "--plot draws a sweep: give --sweep KNOB=LO:HI:N"), -1;
    size_t n = o->plot ? strlen(o->plot) : 0;
    if (o->plot && !(n > 4 && !strcmp(o->plot + n - 4, ".png")) && !(n > 3 && !strcmp(o->plot + n - 3, ".gp")))
        return snprintf(err, len, "--plot %s: name a .png (drawn) or a .gp (script and data only)", o->plot), -1;
    if (o->vcd && o->sweep)
        return snprintf(err, len, "--vcd writes one run: drop it from a --sweep"), -1;
    return 0;
}

static const struct opt *lookup(const char *name)
{
    for (size_t i = 0; i < sizeof opts / sizeof opts[0]; i++)
        if (strcmp(opts[i].name, name) == 0)
            return &opts[i];
    return NULL;
}

int replay_opts_parse(int argc, char **argv, replay_opts_t *o, char *err, size_t len)
{
    *o = (replay_opts_t){.active = -1, .frames = true};
    replay_model_ideal(&o->model);
    unsigned scopes = 0;
    const char *first[3] = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const struct opt *opt = lookup(a);
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return 1;
        if (strcmp(a, "--no-frames") == 0) {
            o->frames = false;
        } else if (opt && i + 1 < argc) {
            if (!parse_value(opt, argv[++i], o))
                return snprintf(err, len, "bad %s '%s' (%s)", a, argv[i], hints[opt->type]), -1;
            scopes |= opt->scope;
            first[opt->scope] = first[opt->scope] ? first[opt->scope] : a;
        } else if (a[0] == '-' && a[1]) {
            return snprintf(err, len, "unknown option or missing value: '%s' (--help lists them)", a), -1;
        } else if (o->capture) {
            return snprintf(err, len, "one capture at a time: '%s' and '%s'", o->capture, a), -1;
        } else {
            o->capture = a;
        }
    }
    if (!o->capture)
        return snprintf(err, len, "no capture given (--help for usage)"), -1;
    return check_model(o, scopes, first, err, len);
}
