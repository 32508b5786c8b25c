/* pinq_nec.c - NEC IR decoder: 9 ms leader mark, 4.5 ms space, 32 bits
 * (pulse distance, LSB first: address, address or its inverse, command,
 * inverse command), stop mark; repeat code: 9 ms mark, 2.25 ms space, stop
 * mark. Every mark and space within +-25 % of nominal. */
#include "pinq_decode_util.h"

#define T_NS 562500u /* the NEC unit, 562.5 us */

enum { IDLE, LEAD_MARK, LEAD_SPACE, BIT_MARK, BIT_SPACE, STOP, REP_STOP };

/* ln.flags: prev_* hold the last frame, prev_start its (or its repeat's) start; a
 * loss (dec_lost()) clears it */
#define HAVE_PREV 0x02u

int pinq_nec_init(pinq_nec_t *s, const pinq_nec_cfg_t *c)
{
    if (!s || !c || c->tps < PINQ_IR_MIN_TPS || c->flags > (PINQ_NEC_ADDR16 | PINQ_NEC_STRICT) ||
        (c->flags & PINQ_NEC_ADDR16 && c->flags & PINQ_NEC_STRICT))
        return PINQ_EINVAL;
    *s = (pinq_nec_t){0};
    s->lead_mark = dec_pct(c->tps, 16u * T_NS, 25);
    s->lead_space = dec_pct(c->tps, 8u * T_NS, 25);
    s->rep_space = dec_pct(c->tps, 4u * T_NS, 25);
    s->mark = dec_pct(c->tps, T_NS, 25);
    s->zero = dec_pct(c->tps, T_NS, 25);
    s->one = dec_pct(c->tps, 3u * T_NS, 25);
    s->rep_window = dec_band(c->tps, 0, 135000000u).hi; /* 108 ms period + 25 % */
    s->hold.trail = s->one.hi + 1u;                      /* idle longer than any data space */
    return dec_ok(s->lead_mark) && dec_ok(s->lead_space) && dec_ok(s->rep_space) && dec_ok(s->mark) &&
                   dec_ok(s->one)
               ? 0
               : PINQ_EINVAL;
}

/* Abandon the frame in progress; a frame begun is an error. */
static void fail(pinq_nec_t *s)
{
    if (s->ln.state >= LEAD_SPACE) {
        s->n.errors++;
        s->ln.flags &= (uint8_t)~HAVE_PREV; /* a repeat after a lost frame has no known frame */
    }
    s->ln.state = IDLE;
}

static void begin(pinq_nec_t *s, pinq_ticks_t ts)
{
    s->ln.state = LEAD_MARK;
    s->start = ts;
}

/* The stop mark of a frame ended: check it and hold it. */
static void frame(const pinq_nec_cfg_t *c, pinq_nec_t *s)
{
    uint8_t a0 = (uint8_t)s->data, a1 = (uint8_t)(s->data >> 8);
    uint8_t c0 = (uint8_t)(s->data >> 16), c1 = (uint8_t)(s->data >> 24);
    bool inverse = (a0 ^ a1) == 0xFFu;
    if ((c0 ^ c1) != 0xFFu || (c->flags & PINQ_NEC_STRICT && !inverse)) {
        fail(s);
        return;
    }
    bool wide = (c->flags & PINQ_NEC_ADDR16) || !inverse;
    pinq_ir_frame_t f = {.ts = s->start,
                         .address = (uint16_t)(wide ? a1 << 8 | a0 : a0),
                         .command = c0,
                         .proto = PINQ_IR_NEC,
                         .flags = wide ? PINQ_IR_ADDR16 : 0,
                         .bits = 32};
    hold_frame(&s->hold, &f);
    s->prev_address = f.address;
    s->prev_command = f.command;
    s->prev_flags = f.flags;
    s->prev_start = s->start;
    s->ln.flags |= HAVE_PREV;
    s->ln.state = IDLE;
}

/* The stop mark of a repeat code ended: it repeats the last frame if that
 * (or its last repeat) started at most rep_window before. */
static void repeat(pinq_nec_t *s)
{
    pinq_ir_frame_t f = {.ts = s->start, .proto = PINQ_IR_NEC, .flags = PINQ_IR_REPEAT};
    if (s->ln.flags & HAVE_PREV && dec_dur(s->prev_start, s->start) <= s->rep_window) {
        f.address = s->prev_address;
        f.command = s->prev_command;
        f.flags |= s->prev_flags;
    } else {
        f.flags |= PINQ_IR_ORPHAN;
        s->ln.flags &= (uint8_t)~HAVE_PREV;
    }
    hold_frame(&s->hold, &f);
    s->prev_start = s->start;
    s->ln.state = IDLE;
}

bool pinq_nec_edge(const pinq_nec_cfg_t *c, pinq_nec_t *s, pinq_ticks_t ts, uint8_t level, pinq_ir_frame_t *out)
{
    level = level != 0;
    bool mark = level == c->active; /* this edge starts a mark; else it ends one */
    uint32_t d; /* the mark or space this edge ends */
    int f = dec_front(&s->ln, &s->n.lost, &s->hold, ts, level, &d);
    if (f != FRONT_EDGE) {
        if (f == FRONT_FIRST && mark)
            begin(s, ts); /* the space before it was long: idle */
        return false;
    }
    bool held = s->hold.held;
    bool got = hold_edge(&s->hold, &s->n, d, out);
    if (held && !got)
        s->ln.flags &= (uint8_t)~HAVE_PREV; /* the frame went on: it was not NEC */
    if (mark) {
        switch (s->ln.state) {
        case LEAD_SPACE:
            if (in_band(d, s->lead_space)) {
                s->ln.state = BIT_MARK;
                s->nbits = 0;
                s->data = 0;
                return got;
            }
            if (in_band(d, s->rep_space)) {
                s->ln.state = REP_STOP;
                return got;
            }
            break;
        case BIT_SPACE:
            if (in_band(d, s->zero) || in_band(d, s->one)) {
                if (in_band(d, s->one))
                    s->data |= UINT32_C(1) << s->nbits;
                s->ln.state = ++s->nbits == 32 ? STOP : BIT_MARK;
                return got;
            }
            break;
        default:
            break;
        }
        fail(s);       /* nothing if idle */
        begin(s, ts); /* this mark may be the next leader */
        return got;
    }
    switch (s->ln.state) {
    case LEAD_MARK:
        s->ln.state = in_band(d, s->lead_mark) ? LEAD_SPACE : IDLE; /* a short mark is noise, not an error */
        return got;
    case BIT_MARK:
        if (in_band(d, s->mark)) {
            s->ln.state = BIT_SPACE;
            return got;
        }
        break;
    case STOP:
        if (in_band(d, s->mark)) {
            frame(c, s);
            return got;
        }
        break;
    case REP_STOP:
        if (in_band(d, s->mark)) {
            repeat(s);
            return got;
        }
        break;
    default:
        return got;
    }
    fail(s);
    return got;
}

bool pinq_nec_feed(const pinq_nec_cfg_t *c, pinq_nec_t *s, const pinq_event_t *ev, pinq_ir_frame_t *out)
{
    int l = dec_feed(&s->ln, &s->n.lost, &s->hold, ev, c->line);
    return l != DEC_SKIP && pinq_nec_edge(c, s, ev->ts, (uint8_t)l, out);
}

bool pinq_nec_tick(const pinq_nec_cfg_t *c, pinq_nec_t *s, pinq_ticks_t now, pinq_ir_frame_t *out)
{
    (void)c;
    return hold_tick(&s->hold, &s->n, s->ln.last, now, out);
}

bool pinq_nec_deadline(const pinq_nec_cfg_t *c, const pinq_nec_t *s, pinq_ticks_t *when)
{
    (void)c;
    return hold_deadline(&s->hold, s->ln.last, when);
}
