/* pinq_decode_util.h - what the decoders share (internal): tick bands from
 * nanosecond limits (init only), wrap-safe durations, the event filter. */
#ifndef PINQ_DECODE_UTIL_H
#define PINQ_DECODE_UTIL_H

#include "pinq_decode.h"

#define DEC_PRIMED 0x01u /* ln.flags: an edge has been seen, `last` and `level` are valid */

/* The ticks in [lo_ns, hi_ns] at tps ticks per second: ceil(lo), floor(hi).
 * Init only (64-bit division). Exact while hi_ns * tps < 2^64: the longest
 * limit, 2.1 s, allows any 32-bit tps. */
static inline pinq_band_t dec_band(uint32_t tps, uint64_t lo_ns, uint64_t hi_ns)
{
    pinq_band_t b;
    uint64_t lo = (lo_ns * tps + 999999999u) / 1000000000u;
    uint64_t hi = hi_ns * tps / 1000000000u;
    b.lo = lo > UINT32_MAX ? UINT32_MAX : (uint32_t)lo;
    b.hi = hi > UINT32_MAX ? UINT32_MAX : (uint32_t)hi;
    return b;
}

/* nominal +- pct percent */
static inline pinq_band_t dec_pct(uint32_t tps, uint64_t nom_ns, unsigned pct)
{
    return dec_band(tps, nom_ns * (100u - pct) / 100u, nom_ns * (100u + pct) / 100u);
}

/* A band that holds at least one tick. */
static inline bool dec_ok(pinq_band_t b)
{
    return b.lo <= b.hi && b.hi > 0;
}

static inline bool in_band(uint32_t d, pinq_band_t b)
{
    return d >= b.lo && d <= b.hi;
}

/* Ticks from a to b, modulo 2^64, saturated to 32 bits. */
static inline uint32_t dec_dur(pinq_ticks_t a, pinq_ticks_t b)
{
    pinq_ticks_t d = b - a;
    return d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;
}

/* ---- IR frames held until the line has been idle `trail` ticks ---- */

static inline void hold_frame(pinq_ir_hold_t *h, const pinq_ir_frame_t *f)
{
    h->frame = *f;
    h->held = 1;
}

/* An edge `idle` ticks after the last one: the held frame is reported if
 * the line was idle long enough, else dropped (something went on). */
static inline bool hold_edge(pinq_ir_hold_t *h, pinq_ir_counts_t *n, uint32_t idle, pinq_ir_frame_t *out)
{
    if (!h->held)
        return false;
    h->held = 0;
    if (idle < h->trail) {
        n->errors++;
        return false;
    }
    *out = h->frame;
    n->frames++;
    return true;
}

static inline bool hold_deadline(const pinq_ir_hold_t *h, pinq_ticks_t last, pinq_ticks_t *when)
{
    if (!h->held)
        return false;
    *when = last + h->trail;
    return true;
}

/* Has `now` reached `t`? (no more than 2^63 ticks apart) */
static inline bool dec_reached(pinq_ticks_t now, pinq_ticks_t t)
{
    return (pinq_ticks_t)(now - t) < (UINT64_C(1) << 63);
}

static inline bool hold_tick(pinq_ir_hold_t *h, pinq_ir_counts_t *n, pinq_ticks_t last, pinq_ticks_t now,
                             pinq_ir_frame_t *out)
{
    pinq_ticks_t when;
    if (!hold_deadline(h, last, &when) || !dec_reached(now, when))
        return false;
    h->held = 0;
    *out = h->frame;
    n->frames++;
    return true;
}

enum { DEC_SKIP = -1, DEC_LOST = 2 };

/* What an event means to a decoder on `line`: the level after an edge
 * (0/1), DEC_LOST (edges were lost, or an edge's time is not known:
 * PINQ_FLAG_TS_UNSURE), or DEC_SKIP. */
static inline int dec_event(const pinq_event_t *ev, uint16_t line)
{
    if (ev->line != line)
        return DEC_SKIP;
    if (ev->kind == PINQ_EV_RESYNC || ((ev->kind == PINQ_EV_RISE || ev->kind == PINQ_EV_FALL) &&
                                       ev->level & PINQ_FLAG_TS_UNSURE))
        return DEC_LOST;
    if (ev->kind == PINQ_EV_RISE || ev->kind == PINQ_EV_FALL)
        return (int)PINQ_LEVEL(ev);
    return DEC_SKIP;
}

/* ---- the front of every edge (pinq_dec_line_t) ---- */

/* Edges were lost: drop what was in progress, a frame held included (the
 * edges lost may have followed it at once; `h` may be NULL), and take the
 * next edge as the first. Every flag is cleared: each says something about
 * the edges before the loss. */
static inline void dec_lost(pinq_dec_line_t *l, uint32_t *lost, pinq_ir_hold_t *h, uint8_t level)
{
    (*lost)++;
    if (h)
        h->held = 0;
    l->state = 0;
    l->flags = 0;
    l->level = level;
}

enum { FRONT_EDGE, FRONT_FIRST, FRONT_LOST };

/* An edge (`level` 0/1 after it) before the decoder looks at it:
 * FRONT_FIRST: the first since init or a loss, only noted (the decoder may
 * begin a frame at it); FRONT_LOST: the level is unchanged, edges were lost
 * (dec_lost() done); FRONT_EDGE: `*d` ticks after the last edge, which it
 * now is. */
static inline int dec_front(pinq_dec_line_t *l, uint32_t *lost, pinq_ir_hold_t *h, pinq_ticks_t ts, uint8_t level,
                            uint32_t *d)
{
    if (!(l->flags & DEC_PRIMED)) {
        l->flags |= DEC_PRIMED;
        l->last = ts;
        l->level = level;
        return FRONT_FIRST;
    }
    if (level == l->level) {
        dec_lost(l, lost, h, level);
        return FRONT_LOST;
    }
    *d = dec_dur(l->last, ts);
    l->last = ts;
    l->level = level;
    return FRONT_EDGE;
}

/* dec_event() for a decoder that keeps `l`: a loss is handled here
 * (dec_lost()) and, like an event the decoder ignores, gives DEC_SKIP. */
static inline int dec_feed(pinq_dec_line_t *l, uint32_t *lost, pinq_ir_hold_t *h, const pinq_event_t *ev,
                           uint16_t line)
{
    int v = dec_event(ev, line);
    if (v == DEC_LOST) {
        dec_lost(l, lost, h, PINQ_LEVEL(ev));
        return DEC_SKIP;
    }
    return v;
}

#endif
