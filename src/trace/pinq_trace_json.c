/* pinq_trace_json.c - the Chrome/Perfetto trace-event exporter (host
 * only: cJSON builds and prints the document). One process "pinq"; one
 * thread track per line (tid = line + 1) with a complete event ("X") per
 * handler span; a "queue depth" counter track; instant events for RESYNC,
 * engine notes and missing records. Times are microseconds from the
 * trace's origin; the exact ticks ride in args. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "trace_util.h"

typedef struct json_w {
    const pinq_trace_out_t *out;
    pinq_ticks_t origin;
    cJSON *events;
} json_w_t;

static double us(const json_w_t *w, pinq_ticks_t tick)
{
    return (double)(tick - w->origin) * 1e6 / (double)w->out->tps;
}

static const char *line_name(const json_w_t *w, uint16_t line, char buf[32])
{
    if (w->out->names && line < w->out->nlines && w->out->names[line])
        return w->out->names[line];
    snprintf(buf, 32, "line%u", (unsigned)line);
    return buf;
}

/* An event skeleton: name, phase, time, pid 1 and tid (0: none). */
static cJSON *event(json_w_t *w, const char *name, const char *ph, double ts, int tid)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "name", name);
    cJSON_AddStringToObject(e, "ph", ph);
    cJSON_AddNumberToObject(e, "ts", ts);
    cJSON_AddNumberToObject(e, "pid", 1);
    if (tid)
        cJSON_AddNumberToObject(e, "tid", tid);
    cJSON_AddItemToArray(w->events, e);
    return e;
}

static void metadata(json_w_t *w)
{
    cJSON *p = event(w, "process_name", "M", 0, 0);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(p, "args"), "name", "pinq");
    for (uint16_t l = 0; l < w->out->nlines; l++) {
        char buf[32];
        cJSON *e = event(w, "thread_name", "M", 0, l + 1);
        cJSON_AddStringToObject(cJSON_AddObjectToObject(e, "args"), "name", line_name(w, l, buf));
        e = event(w, "thread_sort_index", "M", 0, l + 1);
        cJSON_AddNumberToObject(cJSON_AddObjectToObject(e, "args"), "sort_index", l);
    }
}

/* The record's own fields, exact: what a reader checks against. */
static void args(cJSON *e, const pinq_trace_rec_t *r)
{
    cJSON *a = cJSON_AddObjectToObject(e, "args");
    cJSON_AddNumberToObject(a, "line", r->ev.line);
    cJSON_AddNumberToObject(a, "kind", r->ev.kind);
    cJSON_AddNumberToObject(a, "level", r->ev.level);
    cJSON_AddNumberToObject(a, r->ev.kind == PINQ_EV_RESYNC ? "lost" : r->ev.kind < PINQ_EV_USER ? "seq" : "value",
                            r->ev.seq);
    cJSON_AddNumberToObject(a, "ts_tick", (double)r->ev.ts);
    cJSON_AddNumberToObject(a, "taken_tick", (double)r->taken);
    cJSON_AddNumberToObject(a, "done_tick", (double)r->done);
    cJSON_AddNumberToObject(a, "depth", r->depth);
    cJSON_AddNumberToObject(a, "state", r->state);
}

static void core_record(json_w_t *w, const pinq_trace_rec_t *r)
{
    char kind[16];
    pinq_trace_kind_name(r->ev.kind, kind);
    cJSON *e = event(w, kind, "X", us(w, r->taken), r->ev.line + 1);
    cJSON_AddNumberToObject(e, "dur", us(w, r->done) - us(w, r->taken));
    cJSON_AddStringToObject(e, "cat", "handler");
    args(e, r);
    cJSON *c = event(w, "queue depth", "C", us(w, r->taken), 0);
    cJSON_AddNumberToObject(cJSON_AddObjectToObject(c, "args"), "depth", r->depth);
    if (r->ev.kind == PINQ_EV_RESYNC) {
        cJSON *i = event(w, "RESYNC", "i", us(w, r->taken), r->ev.line + 1);
        cJSON_AddStringToObject(i, "s", "p"); /* process-wide: drawn across every track */
        args(i, r);
    }
}

static void note_record(json_w_t *w, const pinq_trace_rec_t *r)
{
    char kind[16];
    cJSON *e = event(w, pinq_trace_kind_name(r->ev.kind, kind), "i", us(w, r->ev.ts),
                     r->ev.line < w->out->nlines ? r->ev.line + 1 : 0);
    cJSON_AddStringToObject(e, "s", r->ev.line < w->out->nlines ? "t" : "p");
    cJSON_AddStringToObject(e, "cat", "input");
    args(e, r);
}

/* A warning at the end where records are missing: before the first one
 * kept (ring overwritten) or after the last (buffer full). */
static void lost_marker(json_w_t *w, const pinq_trace_t *t)
{
    if (!t->lost)
        return;
    double at = 0;
    if (t->mode == PINQ_TRACE_KEEP_FIRST && t->kept)
        at = us(w, pinq_trace_at(t, t->kept - 1)->done);
    char name[64];
    snprintf(name, sizeof name, "trace lost %lu records", (unsigned long)t->lost);
    cJSON *e = event(w, name, "i", at, 0);
    cJSON_AddStringToObject(e, "s", "g");
}

static cJSON *other_data(const pinq_trace_t *t, const json_w_t *w)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "pinq_version", PINQ_VERSION_STRING);
    cJSON_AddNumberToObject(o, "ticks_per_sec", w->out->tps);
    cJSON_AddNumberToObject(o, "origin_tick", (double)w->origin);
    cJSON_AddNumberToObject(o, "records", t->kept);
    cJSON_AddNumberToObject(o, "records_lost", t->lost);
    cJSON_AddStringToObject(o, "records_kept", t->mode == PINQ_TRACE_KEEP_LAST ? "last" : "first");
    return o;
}

static cJSON *build(const pinq_trace_t *t, json_w_t *w)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "displayTimeUnit", "ns");
    cJSON_AddItemToObject(root, "otherData", other_data(t, w));
    w->events = cJSON_AddArrayToObject(root, "traceEvents");
    metadata(w);
    for (uint32_t i = 0; i < t->kept; i++) {
        const pinq_trace_rec_t *r = pinq_trace_at(t, i);
        if (r->origin == PINQ_TRACE_CORE)
            core_record(w, r);
        else
            note_record(w, r);
    }
    lost_marker(w, t);
    return root;
}

int pinq_trace_json(const pinq_trace_t *t, const pinq_trace_out_t *out)
{
    if (!t || !out || !out->write || !out->tps || !out->nlines)
        return PINQ_EINVAL;
    json_w_t w = {.out = out, .origin = pinq_trace_origin(t)};
    cJSON *root = build(t, &w);
    char *text = root ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        return PINQ_ESYS;
    size_t n = strlen(text);
    int rc = out->write(text, n, out->ctx) || out->write("\n", 1, out->ctx) ? PINQ_ESYS : PINQ_OK;
    cJSON_free(text);
    return rc;
}
