/* pinq_stats_format.c - the text report of a statistics snapshot, the one
 * format the library, the doorbell demo and pinq-sim print (docs/stats.md).
 * Pure: it reads only the snapshot, so a simulator links it without the
 * core. No heap, no floating point, no printf (whose 64-bit conversions
 * small C libraries leave out). */
#include "pinq_stats.h"

/* The report being written: like snprintf, bytes past the end are
 * counted, not stored. */
typedef struct out {
    char *buf;
    size_t len, pos;
} out_t;

static void put_c(out_t *o, char c)
{
    if (o->pos + 1 < o->len)
        o->buf[o->pos] = c;
    o->pos++;
}

static void put_s(out_t *o, const char *s)
{
    while (*s)
        put_c(o, *s++);
}

/* v in decimal in a field of `width`, right-aligned (negative width: left). */
static void put_u(out_t *o, uint64_t v, int width)
{
    char d[20];
    int n = 0;
    do {
        d[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    for (int pad = width - n; pad > 0; pad--)
        put_c(o, ' ');
    for (int i = n; i > 0; i--)
        put_c(o, d[i - 1]);
    for (int pad = -width - n; pad > 0; pad--)
        put_c(o, ' ');
}

/* " name value", the report's key-value pair. */
static void put_kv(out_t *o, const char *name, uint64_t v)
{
    put_c(o, ' ');
    put_s(o, name);
    put_c(o, ' ');
    put_u(o, v, 0);
}

static const char *policy_name(uint8_t p)
{
    return p == PINQ_DROP_NEWEST ? "drop-newest" : p == PINQ_DROP_OLDEST ? "drop-oldest" : "coalesce";
}

/* Ticks as whole milliseconds, rounded down; no product overflows. */
static uint64_t ticks_ms(pinq_ticks_t t, uint32_t tps)
{
    return tps ? t / tps * 1000u + t % tps * 1000u / tps : 0;
}

static void put_head(out_t *o, const pinq_stats_snap_t *s)
{
    put_s(o, "pinq-stats 1:");
    put_kv(o, "ticks", s->span);
    put_kv(o, "ticks/s", s->ticks_per_sec);
    put_kv(o, "ms", ticks_ms(s->span, s->ticks_per_sec));
    put_s(o, "\nring: policy ");
    put_s(o, policy_name(s->policy));
    put_kv(o, "capacity", s->capacity);
    put_kv(o, "depth", s->depth);
    put_kv(o, "high-water", s->high_water);
    put_s(o, "\nring:");
    put_kv(o, "produced", s->produced);
    put_kv(o, "delivered", s->delivered);
    put_kv(o, "refused", s->refused);
    put_kv(o, "discarded", s->discarded);
    put_kv(o, "coalesced", s->coalesced);
    put_kv(o, "resyncs", s->resyncs);
    put_kv(o, "at-least", s->at_least);
    put_kv(o, "ts-unsure", s->ts_unsure);
    put_c(o, '\n');
}

#define CELL 10  /* width of a number column */
#define RANGE 22 /* width of the latency table's first column: up to "1073741824-2147483647" */

/* s in a field of `width`, right-aligned. */
static void put_col(out_t *o, const char *s, size_t width)
{
    size_t n = 0;
    while (s[n])
        n++;
    for (; n < width; n++)
        put_c(o, ' ');
    put_s(o, s);
}

static void put_lines(out_t *o, const pinq_stats_snap_t *s)
{
    static const char *const cols[] = {"events", "delivered", "dropped", "coalesced", "disabled",
                                       "masked", "spurious",  "storms",  "returns"};
    put_s(o, "line  ");
    for (unsigned k = 0; k < sizeof cols / sizeof cols[0]; k++) {
        put_c(o, ' ');
        put_col(o, cols[k], CELL);
    }
    put_c(o, '\n');
    for (uint16_t i = 0; i < s->nlines; i++) {
        const pinq_line_stats_t *l = &s->lines[i];
        const uint32_t v[] = {l->events,   l->delivered, l->dropped, l->coalesced, l->disabled,
                              l->masked,   l->spurious,  l->storms,  l->returns};
        put_u(o, i, -6);
        for (unsigned k = 0; k < sizeof v / sizeof v[0]; k++) {
            put_c(o, ' ');
            put_u(o, v[k], CELL);
        }
        put_c(o, '\n');
    }
}

/* The buckets any span has counts in: [*lo, *hi]; false if none. */
static bool hist_range(const pinq_stats_snap_t *s, unsigned *lo, unsigned *hi)
{
    *lo = PINQ_STATS_BUCKETS;
    *hi = 0;
    for (unsigned b = 0; b < PINQ_STATS_BUCKETS; b++)
        for (unsigned k = 0; k < PINQ_SPANS; k++)
            if (s->hist[k][b]) {
                *lo = b < *lo ? b : *lo;
                *hi = b;
            }
    return *lo < PINQ_STATS_BUCKETS;
}

/* A bucket's tick range, "lo-hi" (the last one open: "lo-"), in a field. */
static void put_range(out_t *o, unsigned b)
{
    size_t start = o->pos;
    put_u(o, pinq_stats_bucket_low(b), 0);
    put_c(o, '-');
    if (b + 1 < PINQ_STATS_BUCKETS)
        put_u(o, pinq_stats_bucket_low(b + 1) - 1, 0);
    for (size_t n = o->pos - start; n < RANGE; n++)
        put_c(o, ' ');
}

static void put_hist(out_t *o, const pinq_stats_snap_t *s)
{
    unsigned lo, hi;
    put_s(o, "latency ticks");
    for (size_t n = sizeof "latency ticks" - 1; n < RANGE; n++)
        put_c(o, ' ');
    static const char *const spans[PINQ_SPANS] = {"wait", "handler", "total"};
    for (unsigned k = 0; k < PINQ_SPANS; k++) {
        put_c(o, ' ');
        put_col(o, spans[k], CELL);
    }
    put_c(o, '\n');
    if (hist_range(s, &lo, &hi))
        for (unsigned b = lo; b <= hi; b++) {
            put_range(o, b);
            for (unsigned k = 0; k < PINQ_SPANS; k++) {
                put_c(o, ' ');
                put_u(o, s->hist[k][b], CELL);
            }
            put_c(o, '\n');
        }
    put_s(o, "end\n");
}

size_t pinq_stats_format(const pinq_stats_snap_t *s, char *buf, size_t len)
{
    out_t o = {.buf = buf, .len = buf ? len : 0};
    if (s) {
        put_head(&o, s);
        put_lines(&o, s);
        put_hist(&o, s);
    }
    if (o.len)
        o.buf[o.pos < o.len ? o.pos : o.len - 1] = '\0';
    return o.pos;
}
