/* test_decode_nec.c - the NEC decoder on synthetic waveforms: frames,
 * extended addresses, repeat codes, every band limit (inside by 0 ticks:
 * decoded; outside by 1 tick: nothing), malformed frames, polarity, the
 * event entry point, timestamp wrap, tick rates. */
#include <stdlib.h>

#include "check.h"
#include "pinq_decode.h"
#include "wave.h"

#define TPS 1000000u /* 1 tick = 1 us: band limits are whole ticks */

enum { LEAD_MARK, LEAD_SPACE, MARK, ZERO, ONE, STOP, REP_SPACE, NSYM };
typedef struct nec_times {
    uint32_t d[NSYM]; /* ticks per symbol */
} nec_times_t;

static const nec_times_t NOMINAL = {{9000, 4500, 562, 562, 1687, 562, 2250}};

/* band limits at 1 MHz, from the +-25 % rule (lo rounded up, hi down) */
static const nec_times_t LO = {{6750, 3375, 422, 422, 1266, 422, 1688}};
static const nec_times_t HI = {{11250, 5625, 703, 703, 2109, 703, 2812}};

static wave_t w;
static pinq_ir_frame_t got[256];
static int ngot;

static void frame(wave_t *wv, uint8_t active, const nec_times_t *t, uint32_t data)
{
    wave_run(wv, active, t->d[LEAD_MARK]);
    wave_run(wv, !active, t->d[LEAD_SPACE]);
    for (int i = 0; i < 32; i++) {
        wave_run(wv, active, t->d[MARK]);
        wave_run(wv, !active, data >> i & 1u ? t->d[ONE] : t->d[ZERO]);
    }
    wave_run(wv, active, t->d[STOP]);
    wave_run(wv, !active, 40000);
}

static void repeat(wave_t *wv, uint8_t active, const nec_times_t *t, uint32_t gap)
{
    wave_run(wv, active, t->d[LEAD_MARK]);
    wave_run(wv, !active, t->d[REP_SPACE]);
    wave_run(wv, active, t->d[STOP]);
    wave_run(wv, !active, gap);
}

static uint32_t nec(uint8_t a, uint8_t a2, uint8_t cmd, uint8_t cmd2)
{
    return (uint32_t)a | (uint32_t)a2 << 8 | (uint32_t)cmd << 16 | (uint32_t)cmd2 << 24;
}

static int decode(const pinq_nec_cfg_t *c, pinq_nec_t *s, const wave_t *wv)
{
    ngot = 0;
    for (int i = 0; i < wv->n; i++) {
        pinq_ir_frame_t f;
        if (pinq_nec_edge(c, s, wv->ts[i], wv->level[i], &f) && ngot < 256)
            got[ngot++] = f;
    }
    pinq_ir_frame_t f; /* the line idle to the end of the wave */
    if (pinq_nec_tick(c, s, wv->t, &f) && ngot < 256)
        got[ngot++] = f;
    return ngot;
}

/* Decode one frame of `data` built with times t; returns frames found. */
static int one(const pinq_nec_cfg_t *c, const nec_times_t *t, uint32_t data)
{
    pinq_nec_t s;
    CHECK_EQ(pinq_nec_init(&s, c), 0);
    wave_init(&w, 1000, !c->active);
    frame(&w, c->active, t, data);
    return decode(c, &s, &w);
}

static const pinq_nec_cfg_t LOW = {.tps = TPS, .line = 3, .active = 0};

static void test_frames(void)
{
    pinq_nec_t s;
    CHECK_EQ(one(&LOW, &NOMINAL, nec(0x40, 0xBF, 0x44, 0xBB)), 1);
    CHECK_EQ(got[0].address, 0x40);
    CHECK_EQ(got[0].command, 0x44);
    CHECK_EQ(got[0].proto, PINQ_IR_NEC);
    CHECK_EQ(got[0].flags, 0);
    CHECK_EQ(got[0].bits, 32);
    CHECK_EQ(got[0].ts, 1000);

    /* extended: the second address byte is not the inverse */
    CHECK_EQ(one(&LOW, &NOMINAL, nec(0x41, 0xEA, 0x48, 0xB7)), 1);
    CHECK_EQ(got[0].address, 0xEA41);
    CHECK_EQ(got[0].flags, PINQ_IR_ADDR16);
    pinq_nec_cfg_t strict = LOW, wide = LOW;
    strict.flags = PINQ_NEC_STRICT;
    wide.flags = PINQ_NEC_ADDR16;
    CHECK_EQ(one(&strict, &NOMINAL, nec(0x41, 0xEA, 0x48, 0xB7)), 0);
    CHECK_EQ(one(&strict, &NOMINAL, nec(0x40, 0xBF, 0x44, 0xBB)), 1);
    CHECK_EQ(got[0].address, 0x40);
    CHECK_EQ(one(&wide, &NOMINAL, nec(0x00, 0xFF, 0x15, 0xEA)), 1);
    CHECK_EQ(got[0].address, 0xFF00);
    CHECK_EQ(got[0].flags, PINQ_IR_ADDR16);

    /* every address and command byte value, extended or not */
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    for (unsigned v = 0; v < 256; v++)
        frame(&w, 0, &NOMINAL, nec((uint8_t)v, (uint8_t)(v * 7u + 3u), (uint8_t)(255u - v), (uint8_t)v));
    CHECK_EQ(decode(&LOW, &s, &w), 256);
    int bad = 0;
    for (unsigned v = 0; v < 256 && v < (unsigned)ngot; v++) {
        uint8_t a2 = (uint8_t)(v * 7u + 3u);
        bool inv = (uint8_t)(v ^ a2) == 0xFF;
        bad += got[v].command != 255u - v || got[v].address != (inv ? v : (unsigned)a2 << 8 | v);
    }
    CHECK_EQ(bad, 0);
    CHECK_EQ(s.n.frames, 256);
    CHECK_EQ(s.n.errors, 0);
}

static void test_repeats(void)
{
    pinq_nec_t s;
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
    wave_init(&w, 500, 1);
    frame(&w, 0, &NOMINAL, nec(0x40, 0xBF, 0x12, 0xED)); /* 67.5 ms + 40 ms gap: next start 108 ms later */
    repeat(&w, 0, &NOMINAL, 96000);
    repeat(&w, 0, &NOMINAL, 96000);
    CHECK_EQ(decode(&LOW, &s, &w), 3);
    CHECK_EQ(got[1].flags, PINQ_IR_REPEAT);
    CHECK_EQ(got[1].address, 0x40);
    CHECK_EQ(got[1].command, 0x12);
    CHECK_EQ(got[1].bits, 0);
    CHECK_EQ(got[2].flags, PINQ_IR_REPEAT);
    CHECK_EQ(got[2].command, 0x12);

    /* a repeat code alone, or too late after its frame: orphan */
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    repeat(&w, 0, &NOMINAL, 96000);
    pinq_ticks_t t0 = w.t;
    frame(&w, 0, &NOMINAL, nec(0x40, 0xBF, 0x12, 0xED));
    wave_run(&w, 1, t0 + 135000 - w.t); /* repeat 135 ms after the frame's start: the last tick inside */
    t0 = w.t;
    repeat(&w, 0, &NOMINAL, 0);
    wave_run(&w, 1, t0 + 135001 - w.t); /* the next 135 ms + 1 tick after that one: outside */
    repeat(&w, 0, &NOMINAL, 96000);
    CHECK_EQ(decode(&LOW, &s, &w), 4);
    CHECK_EQ(got[0].flags, PINQ_IR_REPEAT | PINQ_IR_ORPHAN);
    CHECK_EQ(got[0].address, 0);
    CHECK_EQ(got[2].flags, PINQ_IR_REPEAT);
    CHECK_EQ(got[2].command, 0x12);
    CHECK_EQ(got[3].flags, PINQ_IR_REPEAT | PINQ_IR_ORPHAN);

    /* an extended frame's repeats carry its 16-bit address */
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    frame(&w, 0, &NOMINAL, nec(0x41, 0xEA, 0x10, 0xEF));
    repeat(&w, 0, &NOMINAL, 96000);
    CHECK_EQ(decode(&LOW, &s, &w), 2);
    CHECK_EQ(got[1].flags, PINQ_IR_REPEAT | PINQ_IR_ADDR16);
    CHECK_EQ(got[1].address, 0xEA41);

    /* a broken frame between: its repeats are orphans, not the older frame's */
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    frame(&w, 0, &NOMINAL, nec(0x40, 0xBF, 0x12, 0xED));
    nec_times_t broken = NOMINAL;
    broken.d[STOP] = 2000;
    frame(&w, 0, &broken, nec(0x40, 0xBF, 0x13, 0xEC));
    repeat(&w, 0, &NOMINAL, 96000);
    CHECK_EQ(decode(&LOW, &s, &w), 2);
    CHECK_EQ(got[1].flags, PINQ_IR_REPEAT | PINQ_IR_ORPHAN);
    CHECK_EQ(s.n.errors, 1);
}

/* Each symbol at its band's limits decodes; one tick outside, nothing. */
static void test_limits(void)
{
    static const char *names[] = {"lead_mark", "lead_space", "mark", "zero", "one", "stop", "rep_space"};
    uint32_t data = nec(0x5A, 0xA5, 0x3C, 0xC3); /* zeros and ones in every byte */
    for (int k = 0; k < NSYM; k++) {
        for (int side = 0; side < 2; side++) {
            for (int out = 0; out < 2; out++) {
                nec_times_t t = NOMINAL;
                uint32_t lim = side ? HI.d[k] : LO.d[k];
                t.d[k] = side ? lim + (uint32_t)out : lim - (uint32_t)out;
                pinq_nec_t s;
                CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
                wave_init(&w, 0, 1);
                if (k == REP_SPACE) {
                    frame(&w, 0, &NOMINAL, data);
                    repeat(&w, 0, &t, 96000);
                } else {
                    frame(&w, 0, &t, data);
                }
                int n = decode(&LOW, &s, &w);
                int want = k == REP_SPACE ? 2 - out : 1 - out;
                if (n != want)
                    fprintf(stderr, "limit %s %s%s: %d frames\n", names[k], side ? "hi" : "lo", out ? " +-1" : "", n);
                CHECK_EQ(n, want);
                if (n >= 1) {
                    CHECK_EQ(got[0].address, 0x5A);
                    CHECK_EQ(got[0].command, 0x3C);
                }
            }
        }
    }
}

static void test_malformed(void)
{
    pinq_nec_t s;
    CHECK_EQ(one(&LOW, &NOMINAL, nec(0x40, 0xBF, 0x44, 0xBC)), 0); /* command inverse off by one bit */
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);

    /* 31 bits, the stop mark and silence: dropped when the next frame starts */
    wave_init(&w, 0, 1);
    wave_run(&w, 0, 9000);
    wave_run(&w, 1, 4500);
    for (int i = 0; i < 31; i++) {
        wave_run(&w, 0, 562);
        wave_run(&w, 1, i & 1 ? 1687 : 562);
    }
    wave_run(&w, 0, 562);
    wave_run(&w, 1, 50000);
    frame(&w, 0, &NOMINAL, nec(0x40, 0xBF, 0x44, 0xBB));
    CHECK_EQ(decode(&LOW, &s, &w), 1);
    CHECK_EQ(got[0].command, 0x44);
    CHECK_EQ(s.n.errors, 1);

    /* 33 bits: a longer signal that begins like a frame is not one */
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    wave_run(&w, 0, 9000);
    wave_run(&w, 1, 4500);
    for (int i = 0; i < 33; i++) {
        uint32_t data = nec(0x40, 0xBF, 0x44, 0xBB);
        wave_run(&w, 0, 562);
        wave_run(&w, 1, i < 32 && data >> i & 1u ? 1687 : 562);
    }
    wave_run(&w, 0, 562);
    wave_run(&w, 1, 50000);
    CHECK_EQ(decode(&LOW, &s, &w), 0);
    CHECK_EQ(s.n.errors, 1);

    /* the idle after the stop mark: a mark 1 tick before its end drops the frame, at its end not */
    for (int late = 0; late < 2; late++) {
        CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
        wave_init(&w, 0, 1);
        frame(&w, 0, &NOMINAL, nec(0x40, 0xBF, 0x44, 0xBB));
        w.t -= 40000 - 2110 + 1 - (pinq_ticks_t)late; /* the stop mark ended 2109 (2110) ticks before */
        wave_run(&w, 0, 300);
        wave_run(&w, 1, 50000);
        CHECK_EQ(decode(&LOW, &s, &w), late);
    }

    /* a leader with a space between the repeat and frame bands */
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    wave_run(&w, 0, 9000);
    wave_run(&w, 1, 3000);
    wave_run(&w, 0, 562);
    wave_run(&w, 1, 50000);
    CHECK_EQ(decode(&LOW, &s, &w), 0);

    /* a glitch splitting a space: the frame is dropped, the next one decodes */
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    wave_run(&w, 0, 9000);
    wave_run(&w, 1, 4500);
    for (int i = 0; i < 10; i++) {
        wave_run(&w, 0, 562);
        wave_run(&w, 1, 1687);
    }
    wave_run(&w, 0, 562);
    wave_run(&w, 1, 300);
    wave_run(&w, 0, 50); /* glitch */
    wave_run(&w, 1, 50000);
    frame(&w, 0, &NOMINAL, nec(0x01, 0xFE, 0x02, 0xFD));
    CHECK_EQ(decode(&LOW, &s, &w), 1);
    CHECK_EQ(got[0].address, 0x01);
    CHECK_EQ(s.n.errors, 1);

    /* Random single-duration damage, outside every band: never a frame. */
    srand(14);
    int wrong = 0;
    for (int trial = 0; trial < 3000; trial++) {
        uint32_t data = nec((uint8_t)rand(), 0, (uint8_t)rand(), 0);
        data = (data & 0x00FF00FFu) | (~data & 0x00FFu) << 8 | (~data & 0x00FF0000u) << 8;
        wave_init(&w, 0, 1);
        frame(&w, 0, &NOMINAL, data);
        int victim = rand() % (w.n - 1); /* the run between edge victim and victim + 1 */
        uint32_t d;
        do
            d = (uint32_t)(rand() % 12000) + 1;
        while ((d >= 422 && d <= 703) || (d >= 1266 && d <= 2109) || (d >= 1688 && d <= 2812) ||
               (d >= 3375 && d <= 5625) || (d >= 6750 && d <= 11250));
        int64_t shift = (int64_t)d - (int64_t)(w.ts[victim + 1] - w.ts[victim]);
        for (int i = victim + 1; i < w.n; i++)
            w.ts[i] = (pinq_ticks_t)((int64_t)w.ts[i] + shift);
        CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
        wrong += decode(&LOW, &s, &w) != 0;
    }
    CHECK_EQ(wrong, 0);

    /* Random jitter inside every band: always the frame. */
    int missed = 0;
    for (int trial = 0; trial < 2000; trial++) {
        nec_times_t t;
        for (int k = 0; k < NSYM; k++)
            t.d[k] = LO.d[k] + (uint32_t)rand() % (HI.d[k] - LO.d[k] + 1);
        missed += one(&LOW, &t, nec(0x12, 0xED, 0x34, 0xCB)) != 1 || got[0].command != 0x34;
    }
    CHECK_EQ(missed, 0);
}

static void test_events_polarity_wrap(void)
{
    /* active-high receiver */
    pinq_nec_cfg_t high = LOW;
    high.active = 1;
    CHECK_EQ(one(&high, &NOMINAL, nec(0x40, 0xBF, 0x44, 0xBB)), 1);
    CHECK_EQ(got[0].command, 0x44);
    CHECK_EQ(one(&LOW, &NOMINAL, nec(0x40, 0xBF, 0x44, 0xBB)), 1);

    /* the event entry point: other lines and engine events are ignored */
    pinq_nec_t s;
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    frame(&w, 0, &NOMINAL, nec(0x40, 0xBF, 0x44, 0xBB));
    int n = 0;
    for (int i = 0; i < w.n; i++) {
        pinq_event_t ev = {.ts = w.ts[i], .line = 3, .kind = w.level[i] ? PINQ_EV_RISE : PINQ_EV_FALL,
                           .level = w.level[i]};
        pinq_event_t other = {.ts = w.ts[i], .line = 4, .kind = PINQ_EV_FALL, .level = 0};
        pinq_event_t user = {.ts = w.ts[i], .line = 3, .kind = PINQ_EV_USER, .level = 0};
        pinq_ir_frame_t f;
        n += pinq_nec_feed(&LOW, &s, &other, &f);
        n += pinq_nec_feed(&LOW, &s, &user, &f);
        n += pinq_nec_feed(&LOW, &s, &ev, &f);
    }
    pinq_ir_frame_t f;
    CHECK_EQ(n, 0); /* held until the line has been idle 2.11 ms after the stop mark */
    pinq_ticks_t when = 0;
    CHECK(pinq_nec_deadline(&LOW, &s, &when));
    CHECK_EQ(when, w.ts[w.n - 1] + 2110);
    CHECK(!pinq_nec_tick(&LOW, &s, when - 1, &f));
    CHECK(pinq_nec_tick(&LOW, &s, when, &f));
    CHECK_EQ(f.command, 0x44);
    CHECK(!pinq_nec_deadline(&LOW, &s, &when));
    CHECK(!pinq_nec_tick(&LOW, &s, when + 100000, &f));

    /* a RESYNC mid-frame drops it; the next frame decodes */
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
    n = 0;
    for (int i = 0; i < w.n; i++) {
        pinq_ir_frame_t f;
        pinq_event_t ev = {.ts = w.ts[i], .line = 3, .kind = w.level[i] ? PINQ_EV_RISE : PINQ_EV_FALL,
                           .level = w.level[i]};
        if (i == 30) {
            pinq_event_t rs = {.ts = w.ts[i - 1], .lost = 2, .line = 3, .kind = PINQ_EV_RESYNC, .level = 1};
            n += pinq_nec_feed(&LOW, &s, &rs, &f);
        }
        n += pinq_nec_feed(&LOW, &s, &ev, &f);
    }
    CHECK_EQ(n, 0);
    CHECK_EQ(s.n.lost, 1);

    /* an edge whose time is not known (32-bit stamp, consumer away too long) */
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
    n = 0;
    for (int i = 0; i < w.n; i++) {
        pinq_ir_frame_t f2;
        pinq_event_t ev = {.ts = w.ts[i], .line = 3, .kind = w.level[i] ? PINQ_EV_RISE : PINQ_EV_FALL,
                           .level = (uint8_t)(w.level[i] | (i == 20 ? PINQ_FLAG_TS_UNSURE : 0))};
        n += pinq_nec_feed(&LOW, &s, &ev, &f2);
    }
    n += pinq_nec_tick(&LOW, &s, w.t, &f);
    CHECK_EQ(n, 0);
    CHECK_EQ(s.n.lost, 1);

    /* an edge that does not change the level: edges were lost */
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
    n = 0;
    for (int i = 0; i < w.n; i++) {
        pinq_ir_frame_t f;
        if (i != 40)
            n += pinq_nec_edge(&LOW, &s, w.ts[i], w.level[i], &f);
    }
    CHECK_EQ(n, 0);
    CHECK_EQ(s.n.lost, 1);

    /* across the 2^64 wrap of the timestamps */
    CHECK_EQ(pinq_nec_init(&s, &LOW), 0);
    wave_init(&w, UINT64_MAX - 30000, 1);
    frame(&w, 0, &NOMINAL, nec(0x40, 0xBF, 0x44, 0xBB));
    repeat(&w, 0, &NOMINAL, 96000);
    CHECK_EQ(decode(&LOW, &s, &w), 2);
    CHECK_EQ(got[0].ts, UINT64_MAX - 30000);
    CHECK_EQ(got[1].flags, PINQ_IR_REPEAT);
    CHECK_EQ(got[1].command, 0x44);

    /* other tick rates: 32.768 kHz and 168 MHz; too slow to resolve a band */
    static const uint32_t rates[] = {32768u, 168000000u};
    for (int r = 0; r < 2; r++) {
        pinq_nec_cfg_t c = LOW;
        c.tps = rates[r];
        CHECK_EQ(pinq_nec_init(&s, &c), 0);
        wave_init(&w, 7, 1);
        nec_times_t t;
        for (int k = 0; k < NSYM; k++)
            t.d[k] = (uint32_t)((uint64_t)NOMINAL.d[k] * rates[r] / 1000000u);
        frame(&w, 0, &t, nec(0x40, 0xBF, 0x44, 0xBB));
        wave_run(&w, 1, rates[r] / 20); /* 50 ms idle */
        CHECK_EQ(decode(&c, &s, &w), 1);
        CHECK_EQ(got[0].command, 0x44);
    }
    pinq_nec_cfg_t slow = LOW;
    slow.tps = PINQ_IR_MIN_TPS - 1;
    CHECK_EQ(pinq_nec_init(&s, &slow), PINQ_EINVAL);
    slow.tps = 0;
    CHECK_EQ(pinq_nec_init(&s, &slow), PINQ_EINVAL);
    CHECK_EQ(pinq_nec_init(NULL, &LOW), PINQ_EINVAL);
    pinq_nec_cfg_t both = LOW;
    both.flags = PINQ_NEC_STRICT | PINQ_NEC_ADDR16;
    CHECK_EQ(pinq_nec_init(&s, &both), PINQ_EINVAL);
}

int main(void)
{
    test_frames();
    test_repeats();
    test_limits();
    test_malformed();
    test_events_polarity_wrap();
    return check_done("test_decode_nec");
}
