/* test_decode_dcf77.c - the DCF77 decoder on synthetic signals: minutes
 * decoded with every field, bits and markers, glitches of the kinds a
 * receiver module makes, every single-bit error caught, missing seconds,
 * leap seconds, the limits of every window and pulse width, polarity,
 * events, tick rates; and pinq_dcf77_decode() on its own. */
#include <stdlib.h>

#include "check.h"
#include "pinq_decode.h"
#include "wave.h"

#define TPS 1000u /* 1 tick = 1 ms: the limits are whole ticks */

static const pinq_dcf77_cfg_t CFG = {.tps = TPS, .line = 7, .active = 1};

static wave_t w;

typedef struct when {
    unsigned minute, hour, day, weekday, month, year, cest, weather, call, summer, leap;
} when_t;

static uint64_t bcd_bits(unsigned v)
{
    return (uint64_t)(v / 10u << 4 | v % 10u);
}

static uint64_t parity(uint64_t bits, unsigned first, unsigned last)
{
    unsigned ones = 0;
    for (unsigned i = first; i <= last; i++)
        ones += (unsigned)(bits >> i) & 1u;
    return (uint64_t)(ones & 1u);
}

/* The 59 bits sent in the minute before `t` begins. */
static uint64_t encode(const when_t *t)
{
    uint64_t b = 0;
    b |= (uint64_t)(t->weather & 0x3FFFu) << 1;
    b |= (uint64_t)t->call << 15 | (uint64_t)t->summer << 16;
    b |= (uint64_t)(t->cest ? 1u : 2u) << 17;
    b |= (uint64_t)t->leap << 19 | UINT64_C(1) << 20;
    b |= bcd_bits(t->minute) << 21;
    b |= parity(b, 21, 27) << 28;
    b |= bcd_bits(t->hour) << 29;
    b |= parity(b, 29, 34) << 35;
    b |= bcd_bits(t->day) << 36 | (uint64_t)t->weekday << 42 | bcd_bits(t->month) << 45 | bcd_bits(t->year) << 50;
    b |= parity(b, 36, 57) << 58;
    return b;
}

static void pulse_at(pinq_ticks_t at, uint32_t width, uint8_t active)
{
    wave_run(&w, (uint8_t)!active, at - w.t);
    wave_run(&w, active, width);
    wave_run(&w, (uint8_t)!active, 0); /* the edge that ends it */
}

/* nsec seconds from `start`; width[i] (0: from the bit) */
static void minute(pinq_ticks_t start, uint64_t bits, int nsec, const uint32_t *width, uint8_t active)
{
    for (int i = 0; i < nsec; i++)
        pulse_at(start + (pinq_ticks_t)i * 1000u, width && width[i] ? width[i] : bits >> i & 1u ? 200u : 100u,
                 active);
}

typedef struct result {
    pinq_dcf77_out_t times[16];
    int ntimes, nmarks, nbits, invalid;
    int8_t pos[512];
    uint8_t bit[512];
} result_t;

static result_t res;

static void decode(const pinq_dcf77_cfg_t *c, pinq_dcf77_t *s, const wave_t *wv)
{
    memset(&res, 0, sizeof res);
    for (int i = 0; i < wv->n; i++) {
        pinq_dcf77_out_t o;
        uint8_t what = pinq_dcf77_edge(c, s, wv->ts[i], wv->level[i], &o);
        if (what & PINQ_DCF77_BIT && res.nbits < 512) {
            res.pos[res.nbits] = o.second;
            res.bit[res.nbits++] = o.bit;
            res.invalid += o.bit == PINQ_DCF77_INVALID;
        }
        res.nmarks += (what & PINQ_DCF77_MARK) != 0;
        if (what & PINQ_DCF77_TIME && res.ntimes < 16)
            res.times[res.ntimes++] = o;
        if (what & PINQ_DCF77_TIME)
            CHECK(what & PINQ_DCF77_MARK);
    }
}

static const when_t T1 = {49, 23, 9, 1, 1, 12, 0, 0x37E, 0, 0, 0}; /* 2012-01-09 23:49: the capture's minute */
static const when_t T2 = {50, 23, 9, 1, 1, 12, 0, 0x0155, 0, 0, 0};

static bool same(const pinq_dcf77_time_t *a, const when_t *t)
{
    return a->minute == t->minute && a->hour == t->hour && a->day == t->day && a->weekday == t->weekday &&
           a->month == t->month && a->year == t->year && a->weather == t->weather &&
           (a->flags & PINQ_DCF77_CEST) == (t->cest ? PINQ_DCF77_CEST : 0) &&
           (a->flags & PINQ_DCF77_CET) == (t->cest ? 0 : PINQ_DCF77_CET) &&
           (a->flags & PINQ_DCF77_CALL) == (t->call ? PINQ_DCF77_CALL : 0) &&
           (a->flags & PINQ_DCF77_SUMMER) == (t->summer ? PINQ_DCF77_SUMMER : 0) &&
           (a->flags & PINQ_DCF77_LEAP) == (t->leap ? PINQ_DCF77_LEAP : 0);
}

/* A partial minute (seconds 30-58), T1's minute, T2's minute, second 0-4 after. */
static void three(pinq_ticks_t t0, uint8_t active, const uint32_t *w1)
{
    wave_init(&w, t0, (uint8_t)!active);
    uint64_t b0 = encode(&T1);
    for (int i = 30; i < 59; i++)
        pulse_at(t0 + (pinq_ticks_t)(i - 30) * 1000u, b0 >> i & 1u ? 200u : 100u, active);
    minute(t0 + 30000, encode(&T1), 59, w1, active);
    minute(t0 + 90000, encode(&T2), 59, NULL, active);
    minute(t0 + 150000, 0, 5, NULL, active);
}

static void test_minutes(void)
{
    pinq_dcf77_t s;
    CHECK_EQ(pinq_dcf77_init(&s, &CFG), 0);
    three(5000, 1, NULL);
    decode(&CFG, &s, &w);
    CHECK_EQ(res.ntimes, 2);
    CHECK_EQ(res.nmarks, 3);
    CHECK(same(&res.times[0].time, &T1));
    CHECK_EQ(res.times[0].time.ts, 5000 + 90000); /* second 0 of the minute 23:49 begins */
    CHECK_EQ(res.times[0].ts, 5000 + 90000);
    CHECK(same(&res.times[1].time, &T2));
    CHECK_EQ(res.times[1].time.ts, 5000 + 150000);
    CHECK_EQ(res.nbits, 29 + 59 + 59 + 5);
    CHECK_EQ(res.pos[0], -1);
    CHECK_EQ(res.pos[28], -1);
    CHECK_EQ(res.pos[29], 0);
    CHECK_EQ(res.pos[29 + 58], 58);
    CHECK_EQ(res.pos[29 + 59], 0);
    int bad = 0;
    uint64_t b1 = encode(&T1);
    for (int i = 0; i < 59; i++)
        bad += res.bit[29 + i] != (b1 >> i & 1u);
    CHECK_EQ(bad, 0);
    CHECK_EQ(s.errors, 0);
    CHECK_EQ(s.glitches, 0);
    CHECK_EQ(res.invalid, 0);

    /* every field value: CEST, call, announcements, weather bits */
    when_t t = {7, 2, 31, 7, 12, 99, 1, 0x2AAA, 1, 1, 0};
    CHECK_EQ(pinq_dcf77_init(&s, &CFG), 0);
    wave_init(&w, 0, 0);
    minute(0, 0, 1, NULL, 1); /* a marker to start from */
    minute(2000, encode(&t), 59, NULL, 1);
    minute(62000, 0, 1, NULL, 1);
    decode(&CFG, &s, &w);
    CHECK_EQ(res.ntimes, 1);
    CHECK(same(&res.times[0].time, &t));
}

static void test_glitches(void)
{
    /* the capture's kinds of noise: a 45 ms pulse 794 ms into a second
     * (sigrok takes it for a bit), spikes of 0.2 ms at a second's start,
     * 20-35 ms pulses inside seconds, a 25 ms pulse 30 ms after a pulse */
    pinq_dcf77_t s;
    CHECK_EQ(pinq_dcf77_init(&s, &CFG), 0);
    wave_init(&w, 0, 0);
    uint64_t b1 = encode(&T1);
    minute(0, 0, 1, NULL, 1);
    for (int i = 0; i < 59; i++) {
        pinq_ticks_t at = 2000 + (pinq_ticks_t)i * 1000u;
        uint32_t wd = b1 >> i & 1u ? 200u : 100u;
        if (i == 13) { /* a spike just before the second's start (1 tick = 1 ms here) */
            pulse_at(at - 2, 1, 1);
            pulse_at(at, wd, 1);
        } else if (i == 42) { /* a pulse split: 114 ms, 31 ms gap, 25 ms */
            pulse_at(at, wd, 1);
            pulse_at(at + wd + 31, 25, 1);
        } else {
            pulse_at(at, wd, 1);
        }
        if (i == 48)
            pulse_at(at + 794, 45, 1);
        if (i == 56)
            pulse_at(at + 433, 17, 1);
    }
    minute(62000, 0, 1, NULL, 1);
    decode(&CFG, &s, &w);
    CHECK_EQ(res.ntimes, 1);
    CHECK(same(&res.times[0].time, &T1));
    CHECK_EQ(s.glitches, 4);

    /* a pulse where second 59 should be silent (950 ms after second 58, on
     * the grid): 60 pulses and no marker - the minute is refused */
    CHECK_EQ(pinq_dcf77_init(&s, &CFG), 0);
    wave_init(&w, 0, 0);
    minute(0, 0, 1, NULL, 1);
    minute(2000, b1, 59, NULL, 1);
    minute(61000 - 50, 0, 1, NULL, 1);
    minute(62000, 0, 1, NULL, 1);
    decode(&CFG, &s, &w);
    CHECK_EQ(res.ntimes, 0);
    CHECK_EQ(s.errors, 1);
}

static void test_errors(void)
{
    pinq_dcf77_t s;
    /* every single bit error in 0 and 15-58 is caught (1-14 are the weather) */
    int wrong = 0, caught = 0;
    for (int k = 0; k < 59; k++) {
        uint64_t b = encode(&T1) ^ UINT64_C(1) << k;
        CHECK_EQ(pinq_dcf77_init(&s, &CFG), 0);
        wave_init(&w, 0, 0);
        minute(0, 0, 1, NULL, 1);
        minute(2000, b, 59, NULL, 1);
        minute(62000, 0, 1, NULL, 1);
        decode(&CFG, &s, &w);
        if (k >= 1 && k <= 14) {
            CHECK_EQ(res.ntimes, 1);
            continue;
        }
        if (k >= 15 && k <= 19 && k != 17 && k != 18) { /* flags: a different, well-formed time */
            CHECK_EQ(res.ntimes, 1);
            continue;
        }
        caught += res.ntimes == 0;
        wrong += res.ntimes != 0;
    }
    CHECK_EQ(wrong, 0);
    CHECK_EQ(caught, 59 - 14 - 3);

    /* a missing pulse (second 30): second 31 looks like a marker, so that
     * minute is refused, and so is the part from second 31 to the real
     * marker; the minutes after decode */
    CHECK_EQ(pinq_dcf77_init(&s, &CFG), 0);
    wave_init(&w, 0, 0);
    minute(0, 0, 1, NULL, 1);
    uint64_t b1 = encode(&T1);
    for (int i = 0; i < 59; i++)
        if (i != 30)
            pulse_at(2000 + (pinq_ticks_t)i * 1000u, b1 >> i & 1u ? 200u : 100u, 1);
    minute(62000, encode(&T2), 59, NULL, 1);
    when_t t3 = T2;
    t3.minute = 51;
    minute(122000, encode(&t3), 59, NULL, 1);
    minute(182000, 0, 1, NULL, 1);
    decode(&CFG, &s, &w);
    CHECK_EQ(res.ntimes, 2);
    CHECK(same(&res.times[0].time, &T2));
    CHECK(same(&res.times[1].time, &t3));
    CHECK_EQ(s.errors, 2);

    /* leap second: 60 seconds with A2 set and a 0 in second 59 */
    when_t leap = T1;
    leap.leap = 1;
    for (int announce = 0; announce < 2; announce++) {
        leap.leap = (unsigned)announce;
        CHECK_EQ(pinq_dcf77_init(&s, &CFG), 0);
        wave_init(&w, 0, 0);
        minute(0, 0, 1, NULL, 1);
        minute(2000, encode(&leap), 60, NULL, 1);
        minute(63000, 0, 1, NULL, 1);
        decode(&CFG, &s, &w);
        CHECK_EQ(res.ntimes, announce);
        if (announce) {
            CHECK(same(&res.times[0].time, &leap));
            CHECK_EQ(res.times[0].time.flags & PINQ_DCF77_LEAPT, PINQ_DCF77_LEAPT);
        }
    }
}

/* One minute with second k's pulse `width` ms long, or its start moved by `shift`. */
static int one(int k, uint32_t width, int shift)
{
    pinq_dcf77_t s;
    uint32_t widths[60] = {0};
    if (width)
        widths[k] = width;
    CHECK_EQ(pinq_dcf77_init(&s, &CFG), 0);
    wave_init(&w, 0, 0);
    minute(0, 0, 1, NULL, 1);
    uint64_t b = encode(&T1);
    for (int i = 0; i < 59; i++) {
        uint32_t wd = widths[i] ? widths[i] : b >> i & 1u ? 200u : 100u;
        pulse_at((pinq_ticks_t)(2000 + i * 1000 + (i == k ? shift : 0)), wd, 1);
    }
    pulse_at((pinq_ticks_t)(62000 + (k == 59 ? shift : 0)), 100, 1);
    pulse_at(63000, 100, 1);
    decode(&CFG, &s, &w);
    return res.ntimes;
}

static void test_limits(void)
{
    /* second 21 is a 1, second 22 a 0 (minute 49: bits 21-27 = 1001 001) */
    CHECK_EQ(one(21, 150, 0), 1); /* 150 ms: 1 */
    CHECK_EQ(one(21, 149, 0), 0); /* 149 ms: 0 - the minute parity fails */
    CHECK_EQ(one(21, 260, 0), 1);
    CHECK_EQ(one(21, 261, 0), 0); /* invalid */
    CHECK_EQ(res.invalid, 1);
    CHECK_EQ(one(22, 149, 0), 1);
    CHECK_EQ(one(22, 40, 0), 1);
    CHECK_EQ(one(22, 39, 0), 0); /* a spike: the second is missing */
    /* a second's start 900 and 1100 ms after the one before: taken */
    CHECK_EQ(one(30, 0, -100), 1);
    CHECK_EQ(one(30, 0, 100), 1);
    CHECK_EQ(one(30, 0, -101), 0);
    CHECK_EQ(one(30, 0, 101), 0);
    /* the minute marker 1900-2100 ms after second 58 */
    CHECK_EQ(one(59, 0, -100), 1);
    CHECK_EQ(one(59, 0, 100), 1);
    CHECK_EQ(one(59, 0, -101), 0);
    CHECK_EQ(one(59, 0, 101), 0);
}

static void test_decode_fn(void)
{
    pinq_dcf77_time_t t;
    uint64_t b = encode(&T1);
    CHECK(pinq_dcf77_decode(b, 59, &t));
    CHECK(!pinq_dcf77_decode(b, 58, &t));
    CHECK(!pinq_dcf77_decode(b, 60, &t)); /* 60 seconds without the announcement */
    CHECK(!pinq_dcf77_decode(b | 1u, 59, &t)); /* bit 0 must be 0 */
    CHECK(!pinq_dcf77_decode(b & ~(UINT64_C(1) << 20), 59, &t));
    CHECK(!pinq_dcf77_decode(b | UINT64_C(3) << 17, 59, &t)); /* CEST and CET */
    /* BCD units above 9 with correct parity: minute 4A */
    when_t bad = T1;
    uint64_t x = encode(&bad);
    x = (x & ~(UINT64_C(0xFF) << 21)) | (UINT64_C(0x4A) << 21);
    x = (x & ~(UINT64_C(1) << 28)) | parity(x, 21, 27) << 28;
    CHECK(!pinq_dcf77_decode(x, 59, &t));
    bad.month = 13;
    CHECK(!pinq_dcf77_decode(encode(&bad), 59, &t));
    bad = T1;
    bad.hour = 24;
    CHECK(!pinq_dcf77_decode(encode(&bad), 59, &t));
    bad = T1;
    bad.day = 0;
    CHECK(!pinq_dcf77_decode(encode(&bad), 59, &t));
    bad = T1;
    bad.weekday = 0;
    CHECK(!pinq_dcf77_decode(encode(&bad), 59, &t));
}

static void test_events_polarity_rates(void)
{
    /* active-low module */
    pinq_dcf77_cfg_t low = CFG;
    low.active = 0;
    pinq_dcf77_t s;
    CHECK_EQ(pinq_dcf77_init(&s, &low), 0);
    three(0, 0, NULL);
    decode(&low, &s, &w);
    CHECK_EQ(res.ntimes, 2);

    /* events; a RESYNC in T1's minute refuses it */
    for (int resync = 0; resync < 2; resync++) {
        CHECK_EQ(pinq_dcf77_init(&s, &CFG), 0);
        three(UINT64_MAX - 100000, 1, NULL); /* across the wrap */
        int times = 0;
        for (int i = 0; i < w.n; i++) {
            pinq_dcf77_out_t o;
            pinq_event_t ev = {.ts = w.ts[i], .line = 7, .kind = w.level[i] ? PINQ_EV_RISE : PINQ_EV_FALL,
                               .level = w.level[i]};
            pinq_event_t other = {.ts = w.ts[i], .line = 1, .kind = PINQ_EV_RISE, .level = 1};
            CHECK_EQ(pinq_dcf77_feed(&CFG, &s, &other, &o), 0);
            if (resync && i == 100) {
                pinq_event_t rs = {.ts = w.ts[99], .lost = 2, .line = 7, .kind = PINQ_EV_RESYNC, .level = w.level[99]};
                CHECK_EQ(pinq_dcf77_feed(&CFG, &s, &rs, &o), 0);
            }
            if (pinq_dcf77_feed(&CFG, &s, &ev, &o) & PINQ_DCF77_TIME) {
                times++;
                CHECK(same(&o.time, times == 1 && !resync ? &T1 : &T2));
            }
        }
        CHECK_EQ(times, 2 - resync);
        CHECK_EQ(s.lost, (uint32_t)resync);
    }

    /* 1 MHz and 32.768 kHz ticks */
    static const uint32_t rates[] = {1000000u, 32768u};
    for (int r = 0; r < 2; r++) {
        pinq_dcf77_cfg_t c = CFG;
        c.tps = rates[r];
        CHECK_EQ(pinq_dcf77_init(&s, &c), 0);
        three(0, 1, NULL);
        for (int i = 0; i < w.n; i++)
            w.ts[i] = w.ts[i] * rates[r] / 1000u;
        decode(&c, &s, &w);
        CHECK_EQ(res.ntimes, 2);
        CHECK(same(&res.times[1].time, &T2));
    }
    pinq_dcf77_cfg_t slow = CFG;
    slow.tps = PINQ_DCF77_MIN_TPS - 1;
    CHECK_EQ(pinq_dcf77_init(&s, &slow), PINQ_EINVAL);
}

int main(void)
{
    test_minutes();
    test_glitches();
    test_errors();
    test_limits();
    test_decode_fn();
    test_events_polarity_rates();
    return check_done("test_decode_dcf77");
}
