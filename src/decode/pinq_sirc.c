/* pinq_sirc.c - Sony SIRC IR decoder: 2.4 ms start mark, then bits of a
 * 0.6 ms space and a mark of 1.2 ms (1) or 0.6 ms (0), LSB first: 7 command
 * bits, then 5 address bits (12-bit frames), 8 (15-bit), or 5 address and
 * 8 extended bits (20-bit). Every mark and space within +-25 %; a space
 * longer than that ends the frame, which must then have 12, 15 or 20 bits. */
#include "pinq_decode_util.h"

#define T_NS 600000u /* the SIRC unit, 600 us */

enum { IDLE, AGC, AGC_SPACE, BIT_MARK, BIT_SPACE };

int pinq_sirc_init(pinq_sirc_t *s, const pinq_sirc_cfg_t *c)
{
    if (!s || !c || c->tps < PINQ_IR_MIN_TPS || (c->bits != 0 && c->bits != 12 && c->bits != 15 && c->bits != 20))
        return PINQ_EINVAL;
    *s = (pinq_sirc_t){0};
    s->agc = dec_pct(c->tps, 4u * T_NS, 25);
    s->one = dec_pct(c->tps, 2u * T_NS, 25);
    s->zero = dec_pct(c->tps, T_NS, 25);
    s->space = dec_pct(c->tps, T_NS, 25);
    return dec_ok(s->agc) && dec_ok(s->one) && dec_ok(s->zero) && s->space.hi < UINT32_MAX ? 0 : PINQ_EINVAL;
}

static void fail(pinq_sirc_t *s)
{
    if (s->ln.state >= AGC_SPACE)
        s->n.errors++;
    s->ln.state = IDLE;
}

static void begin(pinq_sirc_t *s, pinq_ticks_t ts)
{
    s->ln.state = AGC;
    s->start = ts;
}

/* The space after the last bit is over: a frame if the bit count is one SIRC has. */
static bool finish(const pinq_sirc_cfg_t *c, pinq_sirc_t *s, pinq_ir_frame_t *out)
{
    unsigned n = s->nbits;
    if ((n != 12 && n != 15 && n != 20) || (c->bits && n != c->bits)) {
        fail(s);
        return false;
    }
    uint32_t d = s->data;
    *out = (pinq_ir_frame_t){.ts = s->start,
                             .address = (uint16_t)(d >> 7 & (n == 15 ? 0xFFu : 0x1Fu)),
                             .command = (uint16_t)(d & 0x7Fu),
                             .ext = n == 20 ? (uint8_t)(d >> 12) : 0,
                             .proto = PINQ_IR_SIRC,
                             .bits = (uint8_t)n};
    s->ln.state = IDLE;
    s->n.frames++;
    return true;
}

bool pinq_sirc_edge(const pinq_sirc_cfg_t *c, pinq_sirc_t *s, pinq_ticks_t ts, uint8_t level, pinq_ir_frame_t *out)
{
    level = level != 0;
    bool mark = level == c->active; /* this edge starts a mark; else it ends one */
    uint32_t d; /* the mark or space this edge ends */
    int f = dec_front(&s->ln, &s->n.lost, NULL, ts, level, &d);
    if (f != FRONT_EDGE) {
        if (f == FRONT_FIRST && mark)
            begin(s, ts); /* the space before it was long: idle */
        return false;
    }
    if (mark) { /* a space ended */
        bool got = false;
        if ((s->ln.state == AGC_SPACE || s->ln.state == BIT_SPACE) && in_band(d, s->space)) {
            if (s->ln.state == AGC_SPACE)
                s->nbits = 0, s->data = 0;
            s->ln.state = BIT_MARK;
            return false;
        }
        if (s->ln.state == BIT_SPACE && d > s->space.hi)
            got = finish(c, s, out); /* the frame's trailing space: this mark may start the next */
        else
            fail(s);
        begin(s, ts);
        return got;
    }
    switch (s->ln.state) {
    case AGC:
        s->ln.state = in_band(d, s->agc) ? AGC_SPACE : IDLE; /* a short mark is noise */
        return false;
    case BIT_MARK:
        if ((in_band(d, s->zero) || in_band(d, s->one)) && s->nbits < (c->bits ? c->bits : 20)) {
            if (in_band(d, s->one))
                s->data |= UINT32_C(1) << s->nbits;
            s->nbits++;
            s->ln.state = BIT_SPACE;
            return false;
        }
        fail(s);
        return false;
    default:
        return false;
    }
}

bool pinq_sirc_feed(const pinq_sirc_cfg_t *c, pinq_sirc_t *s, const pinq_event_t *ev, pinq_ir_frame_t *out)
{
    int l = dec_feed(&s->ln, &s->n.lost, NULL, ev, c->line);
    return l != DEC_SKIP && pinq_sirc_edge(c, s, ev->ts, (uint8_t)l, out);
}

bool pinq_sirc_deadline(const pinq_sirc_cfg_t *c, const pinq_sirc_t *s, pinq_ticks_t *when)
{
    (void)c;
    if (s->ln.state != BIT_SPACE)
        return false;
    *when = s->ln.last + s->space.hi + 1u;
    return true;
}

bool pinq_sirc_tick(const pinq_sirc_cfg_t *c, pinq_sirc_t *s, pinq_ticks_t now, pinq_ir_frame_t *out)
{
    pinq_ticks_t when;
    if (!pinq_sirc_deadline(c, s, &when) || (pinq_ticks_t)(now - when) >= (UINT64_C(1) << 63))
        return false;
    return finish(c, s, out);
}
