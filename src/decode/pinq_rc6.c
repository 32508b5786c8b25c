/* pinq_rc6.c - Philips RC-6 IR decoder. Leader: mark 6t, space 2t
 * (t = 444 us). Then bi-phase bits, 1 = mark then space, MSB first: start
 * bit (1), three mode bits, the trailer bit (halves of 2t; the toggle in
 * mode 0), the payload: mode 0 has 8 address and 8 command bits; mode 6
 * (when configured) mode6_bits. A mark or space inside the frame lasts 1,
 * 2 or 3 t and is accepted within t/4 of that; the leader mark within
 * 25 %. The second half of a final 1 is the idle space after the frame. */
#include "pinq_decode_util.h"

#define T_NS 444444u /* 16 periods of 36 kHz */
#define Q_NS (T_NS / 4)

enum { IDLE, LEAD_MARK, LEAD_SPACE, DATA };

int pinq_rc6_init(pinq_rc6_t *s, const pinq_rc6_cfg_t *c)
{
    if (!s || !c || c->tps < PINQ_IR_MIN_TPS || (c->mode6_bits != 0 && (c->mode6_bits < 17 || c->mode6_bits > 32)))
        return PINQ_EINVAL;
    *s = (pinq_rc6_t){0};
    s->lead = dec_pct(c->tps, 6u * T_NS, 25);
    s->t1 = dec_band(c->tps, T_NS - Q_NS, T_NS + Q_NS);
    s->t2 = dec_band(c->tps, 2 * T_NS - Q_NS, 2 * T_NS + Q_NS);
    s->t3 = dec_band(c->tps, 3 * T_NS - Q_NS, 3 * T_NS + Q_NS);
    s->hold.trail = s->t3.hi + 1u; /* idle longer than any run inside a frame */
    return dec_ok(s->lead) && dec_ok(s->t1) && dec_ok(s->t2) && dec_ok(s->t3) ? 0 : PINQ_EINVAL;
}

static void fail(pinq_rc6_t *s)
{
    if (s->ln.state >= LEAD_SPACE)
        s->n.errors++;
    s->ln.state = IDLE;
}

static void begin(pinq_rc6_t *s, pinq_ticks_t ts)
{
    s->ln.state = LEAD_MARK;
    s->start = ts;
}

/* A bit is complete: header bits go to `head`; after the mode bits the
 * frame's length is known. false: not a frame this decoder takes. */
static bool bit(const pinq_rc6_cfg_t *c, pinq_rc6_t *s, uint8_t b)
{
    unsigned k = s->halves / 2u - 1u; /* index of the bit: 0 start, 1-3 mode, 4 trailer, then payload */
    if (k >= 5) {
        s->data = s->data << 1 | b;
        return true;
    }
    s->head = (uint8_t)(s->head << 1 | b);
    if (k == 0 && b != 1)
        return false;
    if (k == 3) {
        unsigned mode = s->head & 7u;
        unsigned len = mode == 0 ? 16u : mode == 6 ? c->mode6_bits : 0u;
        if (len == 0) {
            s->n.other++; /* a mode not configured: not ours, not an error */
            s->ln.state = IDLE;
            return false;
        }
        s->total = (uint8_t)(10u + 2u * len);
    }
    return true;
}

/* A run of d ticks at `mark`: whole half-bits (the trailer's are 2t). */
static bool run(const pinq_rc6_cfg_t *c, pinq_rc6_t *s, uint32_t d, uint8_t mark)
{
    int n = in_band(d, s->t1) ? 1 : in_band(d, s->t2) ? 2 : in_band(d, s->t3) ? 3 : 0;
    if (n == 0)
        return false;
    while (n > 0) {
        int w = s->halves == 8 || s->halves == 9 ? 2 : 1;
        if (n < w || (s->total && s->halves >= s->total))
            return false;
        n -= w;
        if (s->halves & 1u) {
            if (mark == s->first)
                return false;
            s->halves++;
            if (!bit(c, s, s->first)) /* 1 = mark first */
                return false;
        } else {
            s->first = mark;
            s->halves++;
        }
    }
    return true;
}

static void frame(pinq_rc6_t *s)
{
    unsigned len = s->total / 2u - 5u, mode = s->head >> 1 & 7u;
    unsigned abits = mode == 0 ? 8u : ((s->data >> (len - 1)) & 1u) ? 16u : 8u; /* 6B: first bit 1 */
    unsigned cbits = len - abits;
    s->ln.state = IDLE;
    if (cbits > 16) { /* 6A longer than 24 bits: the command does not fit */
        s->n.errors++;
        return;
    }
    pinq_ir_frame_t f = {.ts = s->start,
                         .address = (uint16_t)(s->data >> cbits),
                         .command = (uint16_t)(s->data & ((UINT32_C(1) << cbits) - 1u)),
                         .ext = (uint8_t)mode,
                         .proto = PINQ_IR_RC6,
                         .flags = (uint8_t)((s->head & 1u ? PINQ_IR_TOGGLE : 0) | (abits == 16 ? PINQ_IR_ADDR16 : 0)),
                         .bits = (uint8_t)len};
    hold_frame(&s->hold, &f);
}

bool pinq_rc6_edge(const pinq_rc6_cfg_t *c, pinq_rc6_t *s, pinq_ticks_t ts, uint8_t level, pinq_ir_frame_t *out)
{
    level = level != 0;
    uint8_t mark = level == c->active; /* this edge starts a mark; else it ends one */
    uint32_t d; /* the mark or space this edge ends */
    int f = dec_front(&s->ln, &s->n.lost, &s->hold, ts, level, &d);
    if (f != FRONT_EDGE) {
        if (f == FRONT_FIRST && mark)
            begin(s, ts); /* the space before it was long: idle */
        return false;
    }
    bool got = hold_edge(&s->hold, &s->n, d, out);
    if (mark) { /* a space ended */
        if (s->ln.state == LEAD_SPACE && in_band(d, s->t2)) {
            s->ln.state = DATA;
            s->halves = s->total = s->head = 0;
            s->data = 0;
            return got;
        }
        if (s->ln.state == DATA && run(c, s, d, 0) && (!s->total || s->halves < s->total))
            return got;
        if (s->ln.state != IDLE)
            fail(s);
        begin(s, ts);
        return got;
    }
    switch (s->ln.state) {
    case LEAD_MARK:
        s->ln.state = in_band(d, s->lead) ? LEAD_SPACE : IDLE; /* a short mark is noise */
        break;
    case DATA:
        if (!run(c, s, d, 1)) {
            if (s->ln.state != IDLE)
                fail(s);
            break;
        }
        if (s->total && s->halves == s->total - 1) { /* the last bit is 1: its second half is the idle space */
            s->halves++;
            s->data = s->data << 1 | 1u;
        }
        if (s->total && s->halves == s->total)
            frame(s);
        break;
    default:
        break;
    }
    return got;
}

bool pinq_rc6_feed(const pinq_rc6_cfg_t *c, pinq_rc6_t *s, const pinq_event_t *ev, pinq_ir_frame_t *out)
{
    int l = dec_feed(&s->ln, &s->n.lost, &s->hold, ev, c->line);
    return l != DEC_SKIP && pinq_rc6_edge(c, s, ev->ts, (uint8_t)l, out);
}

bool pinq_rc6_tick(const pinq_rc6_cfg_t *c, pinq_rc6_t *s, pinq_ticks_t now, pinq_ir_frame_t *out)
{
    (void)c;
    return hold_tick(&s->hold, &s->n, s->ln.last, now, out);
}

bool pinq_rc6_deadline(const pinq_rc6_cfg_t *c, const pinq_rc6_t *s, pinq_ticks_t *when)
{
    (void)c;
    return hold_deadline(&s->hold, s->ln.last, when);
}
