/* test_trace.c - the trace recorder as a real queue's observer, on a
 * stream with losses (RESYNC), a storm (the guard's STORM/CALM noted, the
 * line polled in between), a polled line and busy handlers; every export
 * (VCD, JSON, dump) is read back and compared with every record, and the
 * comparison is shown to catch a changed record. Writes host.vcd,
 * host.json and host.bin into the directory named by argv[1]. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"
#include "pinq_input.h"
#include "pinq_trace.h"
#include "trace_check.h"

enum { BUTTON, FLOOD, SENSOR, NLINES };
static const char *const names[NLINES] = {"button", "flood", "sensor"};

static int flood_level, sensor_level;
static int read_flood(void *ctx) { (void)ctx; return flood_level; }
static int read_sensor(void *ctx) { (void)ctx; return sensor_level; }

static void spin_us(unsigned us)
{
    pinq_ticks_t end = pinq_port_now() + (pinq_ticks_t)us * (pinq_port_ticks_per_sec() / 1000000u);
    while (pinq_port_now() < end)
        ;
}

static void busy_handler(const pinq_event_t *ev, void *ctx) { (void)ev; (void)ctx; spin_us(20); }

static const pinq_line_cfg_t lines[NLINES] = {
    [BUTTON] = {.trigger = PINQ_TRIG_BOTH, .deferred = busy_handler},
    [FLOOD] = {.trigger = PINQ_TRIG_BOTH, .deferred = busy_handler, .read = read_flood, .poll_period = 50000},
    [SENSOR] = {.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_POLL, .read = read_sensor, .poll_period = 50000},
};
PINQ_DEFINE(q, lines, NLINES, 8, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_POLL_STORAGE(q, NLINES);

static pinq_trace_rec_t recs[512];
static pinq_trace_t trace;

static void note(const pinq_event_t *ev, void *ctx) { pinq_trace_note(ctx, ev); }

static void drain(void)
{
    while (pinq_dispatch(&q, 64))
        ;
}

static void edges(uint16_t line, int n, int *level)
{
    for (int i = 0; i < n; i++, *level ^= 1)
        pinq_post(&q, line, *level ^ 1);
}

/* The stream: plain edges, a burst the ring cannot hold, a storm on FLOOD
 * that the guard reports and calms, and a polled SENSOR throughout. */
static void run_stream(void)
{
    uint32_t tps = pinq_port_ticks_per_sec();
    int button = 0, flood = 0;
    const pinq_guard_cfg_t guard = {.line = FLOOD, .check = 4, .storm_rate = 2000, .calm_rate = 100,
                                    .hold = tps / 500};
    pinq_guard_t gs;
    pinq_sink_t sink = {note, &trace};
    CHECK_EQ(pinq_guard_init(&q, &guard, &gs, tps), PINQ_OK);
    edges(BUTTON, 4, &button);
    drain();
    edges(BUTTON, 12, &button); /* 8 fit, 4 are lost: a RESYNC */
    drain();
    edges(FLOOD, 12, &flood); /* trips within 2 * check posts */
    drain();
    CHECK_EQ(pinq_line_state(&q, FLOOD), PINQ_LINE_POLLED);
    pinq_guard_tick(&q, &guard, &gs, pinq_port_now(), tps, &sink);
    for (int i = 0; i < 6; i++) { /* the poller finds edges on both lines */
        flood_level ^= 1, sensor_level ^= i & 1;
        spin_us(60);
        drain();
    }
    for (int i = 0; i < 40 && pinq_line_state(&q, FLOOD) == PINQ_LINE_POLLED; i++) {
        spin_us(500);
        drain();
        pinq_guard_tick(&q, &guard, &gs, pinq_port_now(), tps, &sink);
    }
    CHECK_EQ(pinq_line_state(&q, FLOOD), PINQ_LINE_ON);
    flood = flood_level;
    edges(FLOOD, 2, &flood);
    edges(BUTTON, 2, &button);
    pinq_event_t ev;
    while (pinq_pop(&q, &ev, 0) == 1) /* pop: taken == done */
        ;
}

static unsigned count(const pinq_trace_t *t, int (*pred)(const pinq_trace_rec_t *))
{
    unsigned n = 0;
    for (uint32_t i = 0; i < pinq_trace_count(t); i++)
        n += pred(pinq_trace_at(t, i)) != 0;
    return n;
}
static int is_resync(const pinq_trace_rec_t *r) { return r->ev.kind == PINQ_EV_RESYNC && r->ev.lost == 4; }
static int is_storm(const pinq_trace_rec_t *r) { return r->ev.kind == PINQ_EV_STORM; }
static int is_calm(const pinq_trace_rec_t *r) { return r->ev.kind == PINQ_EV_CALM; }
static int is_polled(const pinq_trace_rec_t *r) { return r->state == PINQ_LINE_POLLED && r->ev.line == FLOOD; }
static int is_sensor(const pinq_trace_rec_t *r) { return r->ev.line == SENSOR && r->ev.kind <= PINQ_EV_FALL; }
static int is_busy(const pinq_trace_rec_t *r) { return r->done > r->taken; }
static int is_pop(const pinq_trace_rec_t *r) { return r->origin == PINQ_TRACE_CORE && r->done == r->taken; }

/* An export gathered in memory. */
typedef struct text {
    char buf[1 << 18];
    size_t n;
} text_t;

static int to_text(const void *p, size_t len, void *ctx)
{
    text_t *t = ctx;
    if (t->n + len >= sizeof t->buf)
        return 1;
    memcpy(t->buf + t->n, p, len);
    t->n += len;
    t->buf[t->n] = '\0';
    return 0;
}

static text_t vcd, json, dump;

static void save(const char *dir, const char *name, const text_t *t)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(t->buf, 1, t->n, f) == t->n);
    if (f)
        fclose(f);
}

/* Export t both ways and read both back. */
static void round_trip(const pinq_trace_t *t, pinq_trace_out_t *out)
{
    char err[256] = "";
    vcd.n = json.n = 0;
    out->ctx = &vcd;
    CHECK_EQ(pinq_trace_vcd(t, out), PINQ_OK);
    out->ctx = &json;
    CHECK_EQ(pinq_trace_json(t, out), PINQ_OK);
    int rv = trace_check_vcd(t, out, vcd.buf, vcd.n, err, sizeof err);
    if (rv)
        fprintf(stderr, "VCD: %s\n", err);
    CHECK_EQ(rv, 0);
    int rj = trace_check_json(t, out, json.buf, err, sizeof err);
    if (rj)
        fprintf(stderr, "JSON: %s\n", err);
    CHECK_EQ(rj, 0);
}

/* The comparison fails on a record changed after the export. */
static void mismatch_caught(pinq_trace_out_t *out)
{
    static pinq_trace_rec_t copy[512];
    pinq_trace_t t;
    char err[256];
    uint32_t n = pinq_trace_count(&trace), edge = 0, busy = 0;
    for (uint32_t i = 0; i < n; i++) {
        copy[i] = *pinq_trace_at(&trace, i);
        edge = copy[i].ev.kind <= PINQ_EV_FALL && copy[i].ev.line == BUTTON ? i : edge;
        busy = is_busy(&copy[i]) && !busy ? i : busy;
    }
    pinq_trace_init(&t, copy, n, PINQ_TRACE_KEEP_FIRST, NULL);
    t.kept = n;
    copy[edge].ev.level ^= 1; /* the last button edge, flipped */
    CHECK(trace_check_vcd(&t, out, vcd.buf, vcd.n, err, sizeof err) != 0);
    CHECK(trace_check_json(&t, out, json.buf, err, sizeof err) != 0);
    copy[edge].ev.level ^= 1;
    copy[busy].done += (copy[busy].done - copy[busy].taken) * 4; /* a longer handler span */
    CHECK(trace_check_vcd(&t, out, vcd.buf, vcd.n, err, sizeof err) != 0);
    copy[busy].done = pinq_trace_at(&trace, busy)->done;
    copy[busy].depth++;
    CHECK(trace_check_json(&t, out, json.buf, err, sizeof err) != 0);
    copy[busy].depth--;
    CHECK_EQ(trace_check_vcd(&t, out, vcd.buf, vcd.n, err, sizeof err), 0);
}

/* The same records through small buffers of both modes: the exports say
 * how many are missing and where. */
static void overflow(pinq_trace_out_t *out, uint8_t mode)
{
    static pinq_trace_rec_t small[7];
    pinq_trace_t t;
    CHECK_EQ(pinq_trace_init(&t, small, 7, mode, &q), PINQ_OK);
    uint32_t n = pinq_trace_count(&trace);
    for (uint32_t i = 0; i < n; i++) {
        const pinq_trace_rec_t *r = pinq_trace_at(&trace, i);
        if (r->origin == PINQ_TRACE_CORE)
            pinq_trace_observe(&r->ev, r->taken, r->done, &t);
        else
            pinq_trace_note(&t, &r->ev);
    }
    CHECK_EQ(pinq_trace_count(&t), 7);
    CHECK_EQ(t.lost, n - 7);
    const pinq_trace_rec_t *want = pinq_trace_at(&trace, mode == PINQ_TRACE_KEEP_LAST ? n - 7 : 0);
    CHECK(!memcmp(&pinq_trace_at(&t, 0)->ev, &want->ev, sizeof want->ev));
    round_trip(&t, out);
    char lost[64];
    snprintf(lost, sizeof lost, "trace lost %u records", n - 7);
    CHECK(strstr(json.buf, lost) != NULL);
}

/* Dump, load: the same records; the timescale follows the tick rate. */
static void dump_and_scales(pinq_trace_out_t *out)
{
    static pinq_trace_rec_t back[512];
    pinq_trace_t t;
    uint32_t tps;
    uint16_t nl;
    dump.n = 0;
    out->ctx = &dump;
    CHECK_EQ(pinq_trace_dump(&trace, out), PINQ_OK);
    CHECK_EQ(dump.n, PINQ_TRACE_DUMP_HEADER + PINQ_TRACE_DUMP_RECORD * pinq_trace_count(&trace));
    CHECK_EQ(pinq_trace_load(&t, back, 512, dump.buf, dump.n, &tps, &nl), PINQ_OK);
    CHECK_EQ(tps, out->tps);
    CHECK_EQ(nl, NLINES);
    CHECK_EQ(t.kept, pinq_trace_count(&trace));
    for (uint32_t i = 0; i < t.kept; i++)
        CHECK(!memcmp(&back[i], pinq_trace_at(&trace, i), sizeof back[i]));
    CHECK_EQ(pinq_trace_load(&t, back, 512, dump.buf, dump.n - 1, &tps, &nl), PINQ_EINVAL);
    static const struct { uint32_t tps; const char *scale; } scales[] = {
        {25000000, "$timescale 10ns $end"}, {32768, "$timescale 10us $end"}, {1000, "$timescale 1ms $end"},
        {168000000, "$timescale 1ns $end"}, {4000000000u, "$timescale 100ps $end"}};
    pinq_trace_out_t o = *out;
    for (size_t i = 0; i < sizeof scales / sizeof *scales; i++) {
        o.tps = scales[i].tps;
        round_trip(&t, &o);
        CHECK(strstr(vcd.buf, scales[i].scale) != NULL);
    }
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    mkdir(dir, 0777);
    q_cfg.poll = q_poll;
    q_cfg.observe = pinq_trace_observe;
    q_cfg.observe_ctx = &trace;
    CHECK_EQ(pinq_trace_init(&trace, recs, 512, PINQ_TRACE_KEEP_FIRST, &q), PINQ_OK);
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    run_stream();
    CHECK_EQ(trace.lost, 0);
    CHECK_EQ(count(&trace, is_resync), 1);
    CHECK_EQ(count(&trace, is_storm), 1);
    CHECK_EQ(count(&trace, is_calm), 1);
    CHECK(count(&trace, is_polled) >= 3);
    CHECK(count(&trace, is_sensor) >= 2);
    CHECK(count(&trace, is_busy) >= 10);
    CHECK(count(&trace, is_pop) >= 4);
    pinq_trace_out_t out = {.write = to_text, .tps = pinq_port_ticks_per_sec(), .nlines = NLINES, .names = names};
    round_trip(&trace, &out);
    save(dir, "host.vcd", &vcd);
    save(dir, "host.json", &json);
    mismatch_caught(&out);
    overflow(&out, PINQ_TRACE_KEEP_FIRST);
    overflow(&out, PINQ_TRACE_KEEP_LAST);
    dump_and_scales(&out);
    save(dir, "host.bin", &dump);
    return check_done("test_trace");
}
