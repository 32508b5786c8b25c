/* pinq_trace_vcd.c - the VCD exporter. Streams through a write callback
 * with a fixed stack budget, so a target can send its trace over
 * semihosting or a UART. Two timelines are merged in time order: the ISR
 * timeline (edge stamps, RESYNC and engine notes) and the consumer's
 * (handler spans). Every wire changes at most once per time stamp, so the
 * strictest readers (tools/pinq-replay) accept the file. */
#include "pinq_input.h"
#include "trace_util.h"

/* The wires of one line; the bit of each in a line's state byte. */
enum { W_LEVEL, W_HANDLER, W_POLLED, W_STORM, W_RESYNC, W_PER_LINE };
static const char *const wire_suffix[W_PER_LINE] = {"", "_handler", "_polled", "_storm", "_resync"};

typedef struct vcd_w {
    const pinq_trace_t *t;
    const pinq_trace_out_t *out;
    char buf[96];
    size_t n;
    int err;
    uint8_t cur[PINQ_TRACE_VCD_MAX_LINES];  /* wire values written */
    uint8_t pend[PINQ_TRACE_VCD_MAX_LINES]; /* wire values at the time being built */
    uint8_t lost_cur, lost_pend;            /* the trace_lost wire */
    pinq_ticks_t origin;                    /* the tick one tick after #0 */
    uint64_t ups, a, b;                     /* units per second; ups / tps, ups % tps */
    pinq_ticks_t now;                       /* tick of the time stamp being built */
    uint8_t stamped;                        /* its "#t" is written */
} vcd_w_t;

/* A position in one timeline: a record index (and, for handler spans,
 * 0 at its start or 1 at its end) and the latest tick it reached. */
typedef struct cursor {
    uint32_t i;
    uint8_t phase;
    pinq_ticks_t last;
} cursor_t;

static void flush(vcd_w_t *w)
{
    if (w->n && !w->err && w->out->write(w->buf, w->n, w->out->ctx))
        w->err = 1;
    w->n = 0;
}

static void put(vcd_w_t *w, const char *s)
{
    for (; *s; s++) {
        if (w->n == sizeof w->buf)
            flush(w);
        w->buf[w->n++] = *s;
    }
}

static void putu(vcd_w_t *w, uint64_t v)
{
    char d[TRACE_U64_CHARS];
    trace_u64(v, d);
    put(w, d);
}

/* Identifier code of wire k: base 94 over the printable characters. */
static void put_id(vcd_w_t *w, uint32_t k)
{
    char id[8];
    unsigned n = 0;
    do {
        id[n++] = (char)('!' + k % 94u);
        k /= 94u;
    } while (k);
    id[n] = '\0';
    put(w, id);
}

/* A line's name with blanks and controls as '_': viewers split at blanks. */
static void put_name(vcd_w_t *w, uint16_t line)
{
    const char *s = w->out->names ? w->out->names[line] : NULL;
    if (!s || !*s) {
        put(w, "line");
        putu(w, line);
        return;
    }
    for (char c[2] = {0, 0}; *s; s++) {
        c[0] = *s > ' ' && *s <= '~' ? *s : '_';
        put(w, c);
    }
}

/* Ticks to time stamps: floor((tick - origin + 1) * ups / tps), in 64
 * bits for any tick rate (ups < 10 * tps < 2^36). */
static uint64_t vcd_time(const vcd_w_t *w, pinq_ticks_t tick)
{
    uint64_t d = tick - w->origin + 1, tps = w->out->tps;
    uint64_t q = d / tps, r = d % tps;
    return q * w->ups + r * w->a + r * w->b / tps;
}

static void stamp(vcd_w_t *w)
{
    if (w->stamped)
        return;
    w->stamped = 1;
    put(w, "#");
    putu(w, vcd_time(w, w->now));
    put(w, "\n");
}

/* The coarsest power-of-ten unit no longer than a tick: 1 s ... 100 ps. */
static void put_timescale(vcd_w_t *w)
{
    static const char *const units[] = {"s", "ms", "us", "ns", "ps"};
    unsigned k = 0;
    for (w->ups = 1; w->ups < w->out->tps; w->ups *= 10u)
        k++;
    w->a = w->ups / w->out->tps;
    w->b = w->ups % w->out->tps;
    unsigned g = (k + 2) / 3;
    put(w, "$timescale ");
    put(w, (3 * g - k) == 2 ? "100" : (3 * g - k) == 1 ? "10" : "1");
    put(w, units[g]);
    put(w, " $end\n");
}

static void put_var(vcd_w_t *w, uint32_t id, uint16_t line, const char *suffix)
{
    put(w, "$var wire 1 ");
    put_id(w, id);
    put(w, " ");
    if (suffix)
        put_name(w, line), put(w, suffix);
    else
        put(w, "trace_lost");
    put(w, " $end\n");
}

static void header(vcd_w_t *w)
{
    const pinq_trace_t *t = w->t;
    put(w, "$comment pinq trace: ");
    putu(w, t->kept);
    put(w, " records, ");
    putu(w, t->lost);
    put(w, " not kept");
    if (t->lost)
        put(w, t->mode == PINQ_TRACE_KEEP_LAST ? ": the earliest, overwritten" : ": the latest, buffer full");
    put(w, " $end\n$comment ");
    putu(w, w->out->tps);
    put(w, " ticks/s; tick ");
    putu(w, w->origin);
    put(w, " is one tick after #0 $end\n$version pinq " PINQ_VERSION_STRING " $end\n");
    put_timescale(w);
    put(w, "$scope module pinq $end\n");
    for (uint16_t l = 0; l < w->out->nlines; l++)
        for (unsigned k = 0; k < W_PER_LINE; k++)
            put_var(w, (uint32_t)l * W_PER_LINE + k, l, wire_suffix[k]);
    put_var(w, (uint32_t)w->out->nlines * W_PER_LINE, 0, NULL);
    put(w, "$upscope $end\n$enddefinitions $end\n");
}

static void put_value(vcd_w_t *w, int v, uint32_t id)
{
    put(w, v ? "1" : "0");
    put_id(w, id);
    put(w, "\n");
}

/* Each line starts at the level its first edge left (0 for LEVEL). */
static void initial_levels(vcd_w_t *w)
{
    uint8_t seen[PINQ_TRACE_VCD_MAX_LINES] = {0};
    for (uint32_t i = 0; i < w->t->kept; i++) {
        const pinq_trace_rec_t *r = pinq_trace_at(w->t, i);
        if (!trace_is_edge(r) || seen[r->ev.line])
            continue;
        seen[r->ev.line] = 1;
        if (r->ev.kind != PINQ_EV_LEVEL && !PINQ_LEVEL(&r->ev))
            w->cur[r->ev.line] = 1u << W_LEVEL;
    }
}

static void dumpvars(vcd_w_t *w)
{
    initial_levels(w);
    w->lost_cur = w->t->mode == PINQ_TRACE_KEEP_LAST && w->t->lost;
    put(w, "#0\n$dumpvars\n");
    for (uint16_t l = 0; l < w->out->nlines; l++) {
        w->pend[l] = w->cur[l];
        for (unsigned k = 0; k < W_PER_LINE; k++)
            put_value(w, w->cur[l] >> k & 1u, (uint32_t)l * W_PER_LINE + k);
    }
    put_value(w, w->lost_cur, (uint32_t)w->out->nlines * W_PER_LINE);
    put(w, "$end\n");
    w->lost_pend = w->lost_cur;
}

static void set_bit(vcd_w_t *w, uint16_t line, unsigned k, int v)
{
    w->pend[line] = (uint8_t)((w->pend[line] & ~(1u << k)) | (unsigned)(v != 0) << k);
}

/* A $comment at the current time stamp: kind, line and a number. */
static void comment(vcd_w_t *w, const pinq_trace_rec_t *r, const char *what, uint64_t n, const char *tail)
{
    char kind[16];
    stamp(w);
    put(w, "$comment ");
    put(w, pinq_trace_kind_name(r->ev.kind, kind));
    put(w, " ");
    if (r->ev.line < w->out->nlines)
        put_name(w, r->ev.line);
    else
        put(w, "id "), putu(w, r->ev.line);
    put(w, what);
    putu(w, n);
    put(w, tail);
    put(w, " $end\n");
}

static void apply_note(vcd_w_t *w, const pinq_trace_rec_t *r)
{
    if (r->ev.kind == PINQ_EV_STORM || r->ev.kind == PINQ_EV_CALM)
        set_bit(w, r->ev.line, W_STORM, r->ev.kind == PINQ_EV_STORM);
    comment(w, r, " value ", r->ev.seq, "");
}

/* One record's changes on the ISR timeline, at w->now. */
static void apply_isr(vcd_w_t *w, const pinq_trace_rec_t *r, bool late, pinq_ticks_t stamped)
{
    uint16_t l = r->ev.line;
    if (late)
        comment(w, r, " stamped at tick ", stamped, ", before an earlier record: drawn late");
    if (r->state != PINQ_TRACE_NO_STATE && l < w->out->nlines)
        set_bit(w, l, W_POLLED, r->state == PINQ_LINE_POLLED);
    if (r->origin == PINQ_TRACE_NOTE) {
        apply_note(w, r);
    } else if (trace_is_resync(r)) {
        w->pend[l] ^= 1u << W_RESYNC;
        comment(w, r, " lost ", r->ev.lost, r->ev.level & PINQ_FLAG_AT_LEAST ? " at least" : "");
    } else {
        set_bit(w, l, W_LEVEL, PINQ_LEVEL(&r->ev));
    }
}

static bool peek_isr(const vcd_w_t *w, const cursor_t *c, pinq_ticks_t *when)
{
    const pinq_trace_rec_t *r = pinq_trace_at(w->t, c->i);
    if (!r)
        return false;
    pinq_ticks_t s = trace_stamp(r, c->last);
    *when = s > c->last ? s : c->last;
    return true;
}

static bool peek_handler(const vcd_w_t *w, cursor_t *c, pinq_ticks_t *when)
{
    const pinq_trace_rec_t *r;
    while ((r = pinq_trace_at(w->t, c->i)) && r->origin != PINQ_TRACE_CORE)
        c->i++;
    if (!r)
        return false;
    pinq_ticks_t s = c->phase ? r->done : r->taken;
    *when = s > c->last ? s : c->last;
    return true;
}

/* Write the wires that changed at w->now. */
static void emit(vcd_w_t *w)
{
    for (uint16_t l = 0; l < w->out->nlines; l++) {
        uint8_t diff = w->cur[l] ^ w->pend[l];
        for (unsigned k = 0; diff && k < W_PER_LINE; k++)
            if (diff >> k & 1u)
                stamp(w), put_value(w, w->pend[l] >> k & 1u, (uint32_t)l * W_PER_LINE + k);
        w->cur[l] = w->pend[l];
    }
    if (w->lost_pend != w->lost_cur)
        stamp(w), put_value(w, w->lost_pend, (uint32_t)w->out->nlines * W_PER_LINE);
    w->lost_cur = w->lost_pend;
}

/* Everything both timelines do at the earliest time either reaches next. */
static bool step(vcd_w_t *w, cursor_t *isr, cursor_t *hnd)
{
    pinq_ticks_t ta = 0, tb = 0;
    bool a = peek_isr(w, isr, &ta), b = peek_handler(w, hnd, &tb);
    if (!a && !b)
        return false;
    w->now = a && (!b || ta <= tb) ? ta : tb;
    w->stamped = 0;
    for (; peek_isr(w, isr, &ta) && ta == w->now; isr->i++) {
        const pinq_trace_rec_t *r = pinq_trace_at(w->t, isr->i);
        pinq_ticks_t s = trace_stamp(r, isr->last);
        apply_isr(w, r, s < isr->last, s);
        isr->last = w->now;
    }
    for (; peek_handler(w, hnd, &tb) && tb == w->now; hnd->i += hnd->phase, hnd->phase ^= 1u) {
        set_bit(w, pinq_trace_at(w->t, hnd->i)->ev.line, W_HANDLER, !hnd->phase);
        hnd->last = w->now;
    }
    if (w->t->mode == PINQ_TRACE_KEEP_LAST)
        w->lost_pend = 0; /* the records before the first one kept are missing */
    emit(w);
    return true;
}

/* Lines the wires need: core records and storm notes name real lines. */
static bool lines_ok(const pinq_trace_t *t, uint16_t nlines)
{
    for (uint32_t i = 0; i < t->kept; i++) {
        const pinq_trace_rec_t *r = pinq_trace_at(t, i);
        bool wired = r->origin == PINQ_TRACE_CORE || r->ev.kind == PINQ_EV_STORM || r->ev.kind == PINQ_EV_CALM;
        if (wired && r->ev.line >= nlines)
            return false;
    }
    return true;
}

int pinq_trace_vcd(const pinq_trace_t *t, const pinq_trace_out_t *out)
{
    if (!t || !out || !out->write || !out->tps || !out->nlines)
        return PINQ_EINVAL;
    if (out->nlines > PINQ_TRACE_VCD_MAX_LINES)
        return PINQ_ENOTSUP;
    if (!lines_ok(t, out->nlines))
        return PINQ_EINVAL;
    vcd_w_t w = {.t = t, .out = out, .origin = pinq_trace_origin(t)};
    header(&w);
    dumpvars(&w);
    cursor_t isr = {.last = w.origin}, hnd = {.last = w.origin};
    while (step(&w, &isr, &hnd))
        ;
    if (t->mode == PINQ_TRACE_KEEP_FIRST && t->lost) {
        w.now = (t->kept ? w.now : w.origin) + 1; /* what came after the last record is missing */
        w.stamped = 0;
        w.lost_pend = 1;
        emit(&w);
    }
    flush(&w);
    return w.err ? PINQ_ESYS : PINQ_OK;
}
