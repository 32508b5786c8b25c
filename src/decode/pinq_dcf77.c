/* pinq_dcf77.c - DCF77 time code: one pulse (carrier reduction) at the
 * start of every second but the last of the minute, 100 ms for 0, 200 ms
 * for 1. Seconds are found on a grid: a pulse starts a second only 1 s
 * +- 100 ms after the last one (2 s +- 100 ms: a minute marker); other
 * pulses, and pulses shorter than 40 ms, are glitches. */
#include "pinq_decode_util.h"

#define MS 1000000u /* ns */

enum { K_FIRST, K_SECOND, K_MINUTE, K_LOST }; /* what the pulse being measured would start */

#define SYNC 0x02u /* flags: `sec` holds the start of the last second */
#define CAND 0x04u /* flags: a pulse is being measured from `cand` */

int pinq_dcf77_init(pinq_dcf77_t *s, const pinq_dcf77_cfg_t *c)
{
    if (!s || !c || c->tps < PINQ_DCF77_MIN_TPS)
        return PINQ_EINVAL;
    *s = (pinq_dcf77_t){.pos = -1};
    s->second = dec_band(c->tps, 900u * (uint64_t)MS, 1100u * (uint64_t)MS);
    s->minute = dec_band(c->tps, 1900u * (uint64_t)MS, 2100u * (uint64_t)MS);
    s->pulse_min = dec_band(c->tps, 40u * MS, 40u * MS).lo;
    s->split = dec_band(c->tps, 150u * MS, 150u * MS).lo;
    s->pulse_max = dec_band(c->tps, 260u * MS, 260u * MS).hi;
    return s->pulse_min > 0 && s->pulse_min < s->split && s->split <= s->pulse_max && s->minute.hi < UINT32_MAX
               ? 0
               : PINQ_EINVAL;
}

static unsigned bcd(uint64_t bits, unsigned first, unsigned n, bool *ok)
{
    unsigned v = (unsigned)(bits >> first) & ((1u << n) - 1u);
    unsigned units = v & 0xFu, tens = v >> 4;
    if (units > 9)
        *ok = false;
    return tens * 10u + units;
}

static bool even(uint64_t bits, unsigned first, unsigned last)
{
    unsigned ones = 0;
    for (unsigned i = first; i <= last; i++)
        ones += (unsigned)(bits >> i) & 1u;
    return (ones & 1u) == 0;
}

bool pinq_dcf77_decode(uint64_t bits, int nsec, pinq_dcf77_time_t *t)
{
    bool ok = true;
    if (nsec == 60) { /* leap second: announced, and an extra 0 in second 59 */
        if (!(bits >> 19 & 1u) || bits >> 59 & 1u)
            return false;
    } else if (nsec != 59) {
        return false;
    }
    if (bits & 1u || !(bits >> 20 & 1u) || (bits >> 17 & 1u) == (bits >> 18 & 1u))
        return false;
    if (!even(bits, 21, 28) || !even(bits, 29, 35) || !even(bits, 36, 58))
        return false;
    t->minute = (uint8_t)bcd(bits, 21, 7, &ok);
    t->hour = (uint8_t)bcd(bits, 29, 6, &ok);
    t->day = (uint8_t)bcd(bits, 36, 6, &ok);
    t->weekday = (uint8_t)bcd(bits, 42, 3, &ok);
    t->month = (uint8_t)bcd(bits, 45, 5, &ok);
    t->year = (uint8_t)bcd(bits, 50, 8, &ok);
    t->weather = (uint16_t)(bits >> 1 & 0x3FFFu);
    t->flags = (uint8_t)((bits >> 15 & 0x1Fu) | (nsec == 60 ? PINQ_DCF77_LEAPT : 0u));
    return ok && t->minute <= 59 && t->hour <= 23 && t->day >= 1 && t->day <= 31 && t->weekday >= 1 &&
           t->month >= 1 && t->month <= 12 && t->year <= 99;
}

static void lost(pinq_dcf77_t *s, uint8_t level)
{
    s->lost++;
    if (s->pos > 0)
        s->errors++;
    s->pos = -1;
    s->flags = 0; /* not primed, no second, no pulse */
    s->level = level;
}

/* A pulse from s->cand of w ticks (>= pulse_min) starts a second. */
static uint8_t second(pinq_dcf77_t *s, uint32_t w, pinq_dcf77_out_t *out)
{
    uint8_t what = PINQ_DCF77_BIT;
    out->ts = s->cand;
    if (s->kind == K_MINUTE) {
        what |= PINQ_DCF77_MARK;
        if (s->pos >= 0 && !s->bad && pinq_dcf77_decode(s->bits, s->pos, &out->time)) {
            out->time.ts = s->cand;
            what |= PINQ_DCF77_TIME;
        } else if (s->pos >= 0) {
            s->errors++;
        }
        s->pos = 0;
        s->bits = 0;
        s->bad = 0;
    } else if (s->kind != K_SECOND) { /* the first pulse seen, or seconds were missed: place unknown */
        if (s->pos > 0)
            s->errors++;
        s->pos = -1;
    }
    uint8_t bit = w > s->pulse_max ? (uint8_t)PINQ_DCF77_INVALID : (uint8_t)(w >= s->split);
    out->second = s->pos;
    out->bit = bit;
    if (s->pos >= 0) {
        if (s->pos >= 60) { /* no marker after 60 seconds */
            s->errors++;
            s->pos = -1;
            out->second = -1;
        } else {
            if (bit == PINQ_DCF77_INVALID)
                s->bad = 1;
            else
                s->bits |= (uint64_t)bit << s->pos;
            s->pos++;
        }
    }
    s->sec = s->cand;
    s->flags |= SYNC;
    s->seconds++;
    return what;
}

uint8_t pinq_dcf77_edge(const pinq_dcf77_cfg_t *c, pinq_dcf77_t *s, pinq_ticks_t ts, uint8_t level,
                        pinq_dcf77_out_t *out)
{
    level = level != 0;
    bool pulse = level == c->active; /* this edge starts a pulse; else it ends one */
    if (s->flags & DEC_PRIMED && level == s->level) {
        lost(s, level);
        return 0;
    }
    s->flags |= DEC_PRIMED;
    s->last = ts;
    s->level = level;
    if (!pulse) {
        if (!(s->flags & CAND))
            return 0; /* the end of a glitch, or of a pulse begun before the first edge */
        s->flags &= (uint8_t)~CAND;
        uint32_t w = dec_dur(s->cand, ts);
        if (w < s->pulse_min) {
            s->glitches++; /* a spike: the second's window stays open */
            return 0;
        }
        return second(s, w, out);
    }
    if (!(s->flags & SYNC)) {
        s->kind = K_FIRST;
    } else {
        uint32_t d = dec_dur(s->sec, ts);
        if (in_band(d, s->second))
            s->kind = K_SECOND;
        else if (in_band(d, s->minute))
            s->kind = K_MINUTE;
        else if (d > s->minute.hi)
            s->kind = K_LOST;
        else {
            s->glitches++; /* off the grid: noise inside a second */
            return 0;
        }
    }
    s->cand = ts;
    s->flags |= CAND;
    return 0;
}

uint8_t pinq_dcf77_feed(const pinq_dcf77_cfg_t *c, pinq_dcf77_t *s, const pinq_event_t *ev, pinq_dcf77_out_t *out)
{
    int l = dec_event(ev, c->line);
    if (l == DEC_SKIP)
        return 0;
    if (l == DEC_LOST) {
        lost(s, PINQ_LEVEL(ev));
        return 0;
    }
    return pinq_dcf77_edge(c, s, ev->ts, (uint8_t)l, out);
}
