/* pinq_rc5.c - Philips RC-5 IR decoder: 14 bi-phase bits of two half-bits
 * t = 889 us (1 = space then mark, 0 = mark then space), MSB first: start
 * bit 1, second start bit (RC-5X: command bit 6, inverted), toggle, 5
 * address bits, 6 command bits. A mark or space lasts t or 2t; each is
 * accepted within t/4 of its nominal length. The first half of the first
 * start bit is the idle space before the frame; the second half of a final
 * 0 is the idle space after it. */
#include "pinq_decode_util.h"

#define T_NS 888889u /* 32 periods of 36 kHz */

enum { IDLE, ACTIVE };

int pinq_rc5_init(pinq_rc5_t *s, const pinq_rc5_cfg_t *c)
{
    if (!s || !c || c->tps < PINQ_IR_MIN_TPS)
        return PINQ_EINVAL;
    *s = (pinq_rc5_t){0};
    s->t1 = dec_band(c->tps, T_NS - T_NS / 4, T_NS + T_NS / 4);
    s->t2 = dec_band(c->tps, 2 * T_NS - T_NS / 4, 2 * T_NS + T_NS / 4);
    s->hold.trail = s->t2.hi + 1u; /* idle longer than any run inside a frame */
    return dec_ok(s->t1) && dec_ok(s->t2) ? 0 : PINQ_EINVAL;
}

static void fail(pinq_rc5_t *s)
{
    if (s->ln.state == ACTIVE && s->halves >= 2) /* the first mark was accepted */
        s->n.errors++;
    s->ln.state = IDLE;
}

/* Append one half-bit; false if it makes a bit with no mid-bit transition. */
static bool half(pinq_rc5_t *s, uint8_t mark)
{
    if (s->halves & 1u) {
        if (mark == s->first)
            return false;
        s->bits = (uint16_t)(s->bits << 1 | mark); /* second half a mark: 1 */
    } else {
        s->first = mark;
    }
    s->halves++;
    return true;
}

/* A run of d ticks at `mark`: one or two half-bits. */
static bool run(pinq_rc5_t *s, uint32_t d, uint8_t mark)
{
    int n = in_band(d, s->t1) ? 1 : in_band(d, s->t2) ? 2 : 0;
    if (n == 0)
        return false;
    while (n--)
        if (s->halves >= 28 || !half(s, mark))
            return false;
    return true;
}

static void begin(pinq_rc5_t *s, pinq_ticks_t ts)
{
    s->ln.state = ACTIVE;
    s->start = ts;
    s->halves = 0;
    s->bits = 0;
    (void)half(s, 0); /* the idle space is the first half of the start bit */
}

static void frame(pinq_rc5_t *s)
{
    uint16_t b = s->bits; /* 14 bits: S1 S2 T A4..A0 C5..C0 */
    s->ln.state = IDLE;
    pinq_ir_frame_t f = {.ts = s->start,
                         .address = (uint16_t)(b >> 6 & 0x1Fu),
                         .command = (uint16_t)((b & 0x3Fu) | (b >> 12 & 1u ? 0u : 0x40u)),
                         .proto = PINQ_IR_RC5,
                         .flags = b >> 11 & 1u ? PINQ_IR_TOGGLE : 0,
                         .bits = 14};
    hold_frame(&s->hold, &f);
}

bool pinq_rc5_edge(const pinq_rc5_cfg_t *c, pinq_rc5_t *s, pinq_ticks_t ts, uint8_t level, pinq_ir_frame_t *out)
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
        if (s->ln.state == ACTIVE && run(s, d, 0))
            return got;
        fail(s);       /* a space too long or short ends the frame in progress */
        begin(s, ts); /* and this mark may start the next */
        return got;
    }
    if (s->ln.state != ACTIVE)
        return got;
    if (!run(s, d, 1)) {
        fail(s);
        return got;
    }
    if (s->halves == 27) /* the last bit is 0: its second half is the idle space */
        (void)half(s, 0);
    if (s->halves == 28)
        frame(s);
    return got;
}

bool pinq_rc5_feed(const pinq_rc5_cfg_t *c, pinq_rc5_t *s, const pinq_event_t *ev, pinq_ir_frame_t *out)
{
    int l = dec_feed(&s->ln, &s->n.lost, &s->hold, ev, c->line);
    return l != DEC_SKIP && pinq_rc5_edge(c, s, ev->ts, (uint8_t)l, out);
}

bool pinq_rc5_tick(const pinq_rc5_cfg_t *c, pinq_rc5_t *s, pinq_ticks_t now, pinq_ir_frame_t *out)
{
    (void)c;
    return hold_tick(&s->hold, &s->n, s->ln.last, now, out);
}

bool pinq_rc5_deadline(const pinq_rc5_cfg_t *c, const pinq_rc5_t *s, pinq_ticks_t *when)
{
    (void)c;
    return hold_deadline(&s->hold, s->ln.last, when);
}
