/* trace_check_json.c - the JSON export read back with cJSON: walks
 * traceEvents in order and expects, per record, the events the exporter
 * promises (docs/trace.md) with every field equal. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "trace_check.h"

typedef struct jc {
    const pinq_trace_t *t;
    const pinq_trace_out_t *out;
    pinq_ticks_t origin;
    const cJSON *next; /* the next non-metadata event */
    char *err;
    size_t errlen;
} jc_t;

static int fail(jc_t *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, c->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static double us(const jc_t *c, pinq_ticks_t tick)
{
    return (double)(tick - c->origin) * 1e6 / (double)c->out->tps;
}

static int near(double a, double b)
{
    return fabs(a - b) <= 1e-6 * (1 + fabs(b));
}

static const cJSON *take(jc_t *c)
{
    while (c->next && !strcmp(str(c->next, "ph"), "M"))
        c->next = c->next->next;
    const cJSON *e = c->next;
    if (e)
        c->next = e->next;
    return e;
}

static int check_args(jc_t *c, uint32_t i, const cJSON *e, const pinq_trace_rec_t *r)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "args");
    const char *vkey = r->ev.kind == PINQ_EV_RESYNC ? "lost" : r->ev.kind < PINQ_EV_USER ? "seq" : "value";
    struct { const char *key; double want; } f[] = {
        {"line", r->ev.line}, {"kind", r->ev.kind}, {"level", r->ev.level}, {vkey, r->ev.seq},
        {"ts_tick", (double)r->ev.ts}, {"taken_tick", (double)r->taken}, {"done_tick", (double)r->done},
        {"depth", r->depth}, {"state", r->state}};
    for (size_t k = 0; k < sizeof f / sizeof *f; k++)
        if (num(a, f[k].key) != f[k].want)
            return fail(c, "record %u: args.%s is %g, want %g", i, f[k].key, num(a, f[k].key), f[k].want);
    return 0;
}

static int expect(jc_t *c, uint32_t i, const cJSON *e, const char *ph, const char *name, double ts, int tid)
{
    if (!e)
        return fail(c, "record %u: no '%s' event", i, ph);
    if (strcmp(str(e, "ph"), ph) || strcmp(str(e, "name"), name))
        return fail(c, "record %u: event %s '%s', want %s '%s'", i, str(e, "ph"), str(e, "name"), ph, name);
    if (!near(num(e, "ts"), ts))
        return fail(c, "record %u: %s ts %.6f, want %.6f", i, ph, num(e, "ts"), ts);
    if (tid && num(e, "tid") != tid)
        return fail(c, "record %u: tid %g, want %d", i, num(e, "tid"), tid);
    return 0;
}

static int core(jc_t *c, uint32_t i, const pinq_trace_rec_t *r)
{
    char kind[16];
    const cJSON *e = take(c);
    if (expect(c, i, e, "X", pinq_trace_kind_name(r->ev.kind, kind), us(c, r->taken), r->ev.line + 1) ||
        check_args(c, i, e, r))
        return -1;
    if (!near(num(e, "dur"), us(c, r->done) - us(c, r->taken)))
        return fail(c, "record %u: dur %.6f, want %.6f", i, num(e, "dur"), us(c, r->done) - us(c, r->taken));
    e = take(c);
    if (expect(c, i, e, "C", "queue depth", us(c, r->taken), 0))
        return -1;
    if (num(cJSON_GetObjectItemCaseSensitive(e, "args"), "depth") != r->depth)
        return fail(c, "record %u: counter depth differs", i);
    if (r->ev.kind != PINQ_EV_RESYNC)
        return 0;
    e = take(c);
    return expect(c, i, e, "i", "RESYNC", us(c, r->taken), r->ev.line + 1) || check_args(c, i, e, r);
}

static int note(jc_t *c, uint32_t i, const pinq_trace_rec_t *r)
{
    char kind[16];
    const cJSON *e = take(c);
    int tid = r->ev.line < c->out->nlines ? r->ev.line + 1 : 0;
    return expect(c, i, e, "i", pinq_trace_kind_name(r->ev.kind, kind), us(c, r->ev.ts), tid) ||
           check_args(c, i, e, r);
}

static int header(jc_t *c, const cJSON *root)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "otherData");
    if (num(o, "records") != c->t->kept || num(o, "records_lost") != c->t->lost ||
        num(o, "ticks_per_sec") != c->out->tps)
        return fail(c, "otherData: records %g lost %g tps %g, want %u %u %u", num(o, "records"),
                    num(o, "records_lost"), num(o, "ticks_per_sec"), c->t->kept, c->t->lost, c->out->tps);
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(root, "traceEvents");
    if (!cJSON_IsArray(ev))
        return fail(c, "no traceEvents array");
    c->next = ev->child;
    return 0;
}

static int tail(jc_t *c)
{
    const cJSON *e = take(c);
    if (c->t->lost) {
        char name[64];
        snprintf(name, sizeof name, "trace lost %u records", c->t->lost);
        if (!e || strcmp(str(e, "name"), name))
            return fail(c, "no '%s' marker", name);
        e = take(c);
    }
    return e ? fail(c, "event '%s' after the last record", str(e, "name")) : 0;
}

int trace_check_json(const pinq_trace_t *t, const pinq_trace_out_t *out, const char *json, char *err,
                     size_t errlen)
{
    jc_t c = {.t = t, .out = out, .origin = pinq_trace_origin(t), .err = err, .errlen = errlen};
    cJSON *root = cJSON_Parse(json);
    if (!root)
        return fail(&c, "JSON does not parse near '%.20s'", cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() : "");
    int rc = header(&c, root);
    for (uint32_t i = 0; !rc && i < t->kept; i++) {
        const pinq_trace_rec_t *r = pinq_trace_at(t, i);
        rc = r->origin == PINQ_TRACE_CORE ? core(&c, i, r) : note(&c, i, r);
    }
    rc = rc ? rc : tail(&c);
    cJSON_Delete(root);
    return rc;
}
