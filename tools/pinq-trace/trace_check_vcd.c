/* trace_check_vcd.c - the VCD export read back through pinq-replay's
 * strict reader (capture_load_vcd_mem): every record must show on its
 * wires at its time, as docs/trace.md says. Times are recomputed here from
 * the records (origin, the clamp that keeps each timeline in order, the
 * tick-to-unit conversion), not taken from the writer. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "pinq_input.h"
#include "trace_check.h"

typedef struct vc {
    const pinq_trace_t *t;
    const pinq_trace_out_t *out;
    capture_t *cap;
    pinq_ticks_t origin;
    uint64_t rate;
    char *err;
    size_t errlen;
} vc_t;

static int fail(vc_t *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, c->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static const pinq_trace_rec_t *rec(const vc_t *c, uint32_t i)
{
    return pinq_trace_at(c->t, i);
}

static int no_stamp(const pinq_trace_rec_t *r)
{
    return r->origin == PINQ_TRACE_CORE && r->ev.kind == PINQ_EV_RESYNC && (r->ev.level & PINQ_FLAG_NO_TS);
}

static pinq_ticks_t origin(const pinq_trace_t *t)
{
    pinq_ticks_t o = UINT64_MAX;
    for (uint32_t i = 0; i < t->kept; i++) {
        const pinq_trace_rec_t *r = pinq_trace_at(t, i);
        o = r->taken < o ? r->taken : o;
        o = !no_stamp(r) && r->ev.ts < o ? r->ev.ts : o;
    }
    return t->kept ? o : 0;
}

/* The sample (time stamp) a tick is drawn at. */
static uint64_t sample(const vc_t *c, pinq_ticks_t tick)
{
    uint64_t d = tick - c->origin + 1, tps = c->out->tps;
    return d / tps * c->rate + (d % tps) * (c->rate / tps) + (d % tps) * (c->rate % tps) / tps;
}

/* Ticks of each record on the ISR timeline and the handler timeline,
 * each clamped to never go back. */
static void timelines(const vc_t *c, pinq_ticks_t *isr, pinq_ticks_t *taken, pinq_ticks_t *done)
{
    pinq_ticks_t a = c->origin, b = c->origin;
    for (uint32_t i = 0; i < c->t->kept; i++) {
        const pinq_trace_rec_t *r = rec(c, i);
        pinq_ticks_t s = no_stamp(r) ? a : r->ev.ts;
        isr[i] = a = s > a ? s : a;
        if (r->origin != PINQ_TRACE_CORE)
            continue;
        taken[i] = b = r->taken > b ? r->taken : b;
        done[i] = b = r->done > b ? r->done : b;
    }
}

static int channel(vc_t *c, uint16_t line, const char *suffix)
{
    char name[160];
    const char *base = c->out->names ? c->out->names[line] : NULL;
    if (base && *base)
        snprintf(name, sizeof name, "%s%s", base, suffix);
    else
        snprintf(name, sizeof name, "line%u%s", (unsigned)line, suffix);
    for (char *p = name; *p; p++)
        *p = *p > ' ' && *p <= '~' ? *p : '_';
    int ch = capture_channel(c->cap, name);
    if (ch < 0)
        fail(c, "no wire '%s'", name);
    return ch;
}

static int level_at(const vc_t *c, int ch, uint64_t s)
{
    size_t n;
    uint8_t level = 0;
    const capture_edge_t *e = capture_edges(c->cap, ch, &n, &level);
    for (size_t k = 0; k < n && e[k].sample <= s; k++)
        level = e[k].level;
    return level;
}

/* Edges strictly between s0 and s1, or exactly at s0 when s1 == s0. */
static size_t edges_in(const vc_t *c, int ch, uint64_t s0, uint64_t s1)
{
    size_t n, hits = 0;
    const capture_edge_t *e = capture_edges(c->cap, ch, &n, NULL);
    for (size_t k = 0; k < n; k++)
        hits += s1 == s0 ? e[k].sample == s0 : e[k].sample > s0 && e[k].sample < s1;
    return hits;
}

/* needle in the len bytes of text (memmem is not C11). */
static int contains(const char *text, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (!memcmp(text + i, needle, n))
            return 1;
    return 0;
}

static int is_edge(const pinq_trace_rec_t *r)
{
    return r->origin == PINQ_TRACE_CORE && r->ev.kind <= PINQ_EV_LEVEL;
}

static int has_state(const pinq_trace_rec_t *r)
{
    return r->state != PINQ_TRACE_NO_STATE;
}

static int is_storm(const pinq_trace_rec_t *r)
{
    return r->origin == PINQ_TRACE_NOTE && (r->ev.kind == PINQ_EV_STORM || r->ev.kind == PINQ_EV_CALM);
}

static int is_resync(const pinq_trace_rec_t *r)
{
    return r->origin == PINQ_TRACE_CORE && r->ev.kind == PINQ_EV_RESYNC;
}

/* Records of this kind and line at record i's time stamp, from i on. */
static unsigned same_time(const vc_t *c, uint32_t i, const pinq_ticks_t *isr, int (*kind)(const pinq_trace_rec_t *))
{
    unsigned n = 0;
    uint64_t s = sample(c, isr[i]);
    for (uint32_t j = i; j < c->t->kept && sample(c, isr[j]) == s; j++)
        n += kind(rec(c, j)) && rec(c, j)->ev.line == rec(c, i)->ev.line;
    return n;
}

/* A wire that holds a value from the record on: the last record of its
 * kind at one time stamp decides. */
static int held(vc_t *c, uint32_t i, const pinq_ticks_t *isr, int (*kind)(const pinq_trace_rec_t *),
                const char *suffix, int want)
{
    const pinq_trace_rec_t *r = rec(c, i);
    if (!kind(r) || same_time(c, i, isr, kind) > 1)
        return 0;
    int ch = channel(c, r->ev.line, suffix);
    if (ch < 0)
        return -1;
    int got = level_at(c, ch, sample(c, isr[i]));
    return got == want ? 0 : fail(c, "record %u: '%s' wire is %d at #%llu, want %d", i, suffix, got,
                                  (unsigned long long)sample(c, isr[i]), want);
}

/* A RESYNC toggles its line's marker: an odd number of them at one time
 * stamp leaves one edge there, an even number none. */
static int resync(vc_t *c, uint32_t i, const pinq_ticks_t *isr)
{
    const pinq_trace_rec_t *r = rec(c, i);
    if (!is_resync(r) || (i > 0 && sample(c, isr[i - 1]) == sample(c, isr[i])))
        return 0; /* the first record of a time stamp counts for all of them */
    unsigned n = same_time(c, i, isr, is_resync);
    int ch = channel(c, r->ev.line, "_resync");
    if (ch < 0)
        return -1;
    size_t got = edges_in(c, ch, sample(c, isr[i]), sample(c, isr[i]));
    return got == n % 2 ? 0 : fail(c, "record %u: RESYNC marker has %zu edges at its time, want %u", i, got, n % 2);
}

static int starts_at(const vc_t *c, uint16_t line, uint64_t s, const pinq_ticks_t *taken)
{
    for (uint32_t j = 0; j < c->t->kept; j++)
        if (rec(c, j)->origin == PINQ_TRACE_CORE && rec(c, j)->ev.line == line && sample(c, taken[j]) == s)
            return 1;
    return 0;
}

/* The handler wire is 1 from taken to done, then 0 unless another span
 * of the line starts right then. */
static int handler(vc_t *c, uint32_t i, const pinq_ticks_t *taken, const pinq_ticks_t *done)
{
    const pinq_trace_rec_t *r = rec(c, i);
    uint64_t s0 = sample(c, taken[i]), s1 = sample(c, done[i]);
    if (r->origin != PINQ_TRACE_CORE || s0 == s1)
        return 0;
    int ch = channel(c, r->ev.line, "_handler");
    if (ch < 0)
        return -1;
    if (level_at(c, ch, s0) != 1 || edges_in(c, ch, s0, s1))
        return fail(c, "record %u: handler wire not 1 throughout #%llu..#%llu", i, (unsigned long long)s0,
                    (unsigned long long)s1);
    if (level_at(c, ch, s1) != 0 && !starts_at(c, r->ev.line, s1, taken))
        return fail(c, "record %u: handler wire still 1 at #%llu", i, (unsigned long long)s1);
    return 0;
}

static int record(vc_t *c, uint32_t i, const pinq_ticks_t *isr, const pinq_ticks_t *taken, const pinq_ticks_t *done)
{
    const pinq_trace_rec_t *r = rec(c, i);
    return held(c, i, isr, is_edge, "", PINQ_LEVEL(&r->ev)) ||
           (r->ev.line < c->out->nlines && held(c, i, isr, has_state, "_polled", r->state == PINQ_LINE_POLLED)) ||
           held(c, i, isr, is_storm, "_storm", r->ev.kind == PINQ_EV_STORM) || resync(c, i, isr) ||
           handler(c, i, taken, done);
}

/* trace_lost: 1 before the first record when the oldest were overwritten,
 * 1 after the last when the newest were refused, else always 0. */
static int lost_wire(vc_t *c, const char *vcd, size_t len)
{
    char want[96];
    snprintf(want, sizeof want, "pinq trace: %u records, %u ", c->t->kept, c->t->lost);
    if (!contains(vcd, len, want))
        return fail(c, "header lacks '%s'", want);
    int ch = capture_channel(c->cap, "trace_lost");
    if (ch < 0)
        return fail(c, "no trace_lost wire");
    size_t n;
    uint8_t init;
    const capture_edge_t *e = capture_edges(c->cap, ch, &n, &init);
    int keep_last = c->t->mode == PINQ_TRACE_KEEP_LAST;
    if (!c->t->lost)
        return init == 0 && n == 0 ? 0 : fail(c, "trace_lost wire moves, nothing was lost");
    if (keep_last && !(init == 1 && n == 1 && e[0].level == 0))
        return fail(c, "trace_lost wire does not start at 1 and fall once");
    if (!keep_last && !(init == 0 && n == 1 && e[0].level == 1))
        return fail(c, "trace_lost wire does not rise once at the end");
    return 0;
}

/* Each RESYNC's count is in a $comment. */
static int resync_comments(vc_t *c, const char *vcd, size_t len)
{
    for (uint32_t i = 0; i < c->t->kept; i++) {
        const pinq_trace_rec_t *r = rec(c, i);
        if (!is_resync(r))
            continue;
        char want[160];
        const char *name = c->out->names ? c->out->names[r->ev.line] : NULL;
        if (name)
            snprintf(want, sizeof want, "$comment RESYNC %s lost %u", name, r->ev.lost);
        else
            snprintf(want, sizeof want, "$comment RESYNC line%u lost %u", (unsigned)r->ev.line, r->ev.lost);
        if (!contains(vcd, len, want))
            return fail(c, "record %u: no '%s'", i, want);
    }
    return 0;
}

static int check_all(vc_t *c, const char *vcd, size_t len)
{
    size_t n = c->t->kept ? c->t->kept : 1;
    pinq_ticks_t *isr = calloc(3 * n, sizeof *isr);
    if (!isr)
        return fail(c, "out of memory");
    timelines(c, isr, isr + n, isr + 2 * n);
    int rc = lost_wire(c, vcd, len) || resync_comments(c, vcd, len);
    for (uint32_t i = 0; !rc && i < c->t->kept; i++)
        rc = record(c, i, isr, isr + n, isr + 2 * n);
    free(isr);
    return rc ? -1 : 0;
}

int trace_check_vcd(const pinq_trace_t *t, const pinq_trace_out_t *out, const char *vcd, size_t len, char *err,
                    size_t errlen)
{
    vc_t c = {.t = t, .out = out, .origin = origin(t), .err = err, .errlen = errlen};
    if (capture_load_vcd_mem(vcd, len, "trace.vcd", &c.cap, err, errlen))
        return -1;
    c.rate = capture_samplerate(c.cap);
    int rc = c.rate < out->tps ? fail(&c, "time stamps at %llu Hz, coarser than a tick", (unsigned long long)c.rate)
                               : check_all(&c, vcd, len);
    capture_free(c.cap);
    return rc;
}
