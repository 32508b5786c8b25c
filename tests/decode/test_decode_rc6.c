/* test_decode_rc6.c - the RC-6 decoder on synthetic waveforms: mode 0
 * (every address, commands, toggle), mode 6 (6A and 6B at configured
 * lengths, refused when not configured), other modes, run-length and
 * leader limits, malformed frames, polarity, events, wrap. */
#include <stdlib.h>

#include "biphase.h"
#include "check.h"
#include "pinq_decode.h"

#define TPS 1000000u

/* ticks per run length in units of t = 444.444 us; [6] is the leader mark */
static const uint32_t NOMINAL[8] = {0, 444, 889, 1333, 0, 0, 2667, 0};
static const uint32_t LO[8] = {0, 334, 778, 1223, 0, 0, 2000, 0}; /* n t - t/4 (leader: -25 %), rounded up */
static const uint32_t HI[8] = {0, 555, 999, 1444, 0, 0, 3333, 0};

static const pinq_rc6_cfg_t M0 = {.tps = TPS, .line = 2, .active = 0};
static const pinq_rc6_cfg_t M6 = {.tps = TPS, .line = 2, .active = 0, .mode6_bits = 32};

static wave_t w;
static pinq_ir_frame_t got[64];
static int ngot;

static void bit(bp_frame_t *f, unsigned b, uint8_t units)
{
    bp_half(f, (uint8_t)b, units); /* 1 = mark then space */
    bp_half(f, (uint8_t)!b, units);
}

/* Leader, start bit, mode, trailer, then `len` payload bits MSB first. */
static void rc6_runs(bp_runs_t *r, unsigned mode, unsigned trailer, uint32_t data, int len)
{
    bp_frame_t f = {.n = 0};
    bp_half(&f, 1, 6);
    bp_half(&f, 0, 2);
    bit(&f, 1, 1);
    for (int i = 2; i >= 0; i--)
        bit(&f, mode >> i & 1u, 1);
    bit(&f, trailer, 2);
    for (int i = len - 1; i >= 0; i--)
        bit(&f, data >> i & 1u, 1);
    bp_runs(&f, r);
}

static int decode(const pinq_rc6_cfg_t *c, pinq_rc6_t *s, const wave_t *wv)
{
    ngot = 0;
    for (int i = 0; i < wv->n; i++) {
        pinq_ir_frame_t fr;
        if (pinq_rc6_edge(c, s, wv->ts[i], wv->level[i], &fr) && ngot < 64)
            got[ngot++] = fr;
    }
    pinq_ir_frame_t fr; /* the line idle to the end of the wave */
    if (pinq_rc6_tick(c, s, wv->t, &fr) && ngot < 64)
        got[ngot++] = fr;
    return ngot;
}

static pinq_rc6_t st;

static int one(const pinq_rc6_cfg_t *c, const bp_runs_t *r, const uint32_t *dur, int odd, uint32_t odd_d)
{
    CHECK_EQ(pinq_rc6_init(&st, c), 0);
    wave_init(&w, 3000, !c->active);
    bp_emit(&w, c->active, r, dur, odd, odd_d, 100000);
    return decode(c, &st, &w);
}

static void test_mode0(void)
{
    bp_runs_t r;
    rc6_runs(&r, 0, 1, 0x000C, 16);
    CHECK_EQ(one(&M0, &r, NOMINAL, -1, 0), 1);
    CHECK_EQ(got[0].address, 0x00);
    CHECK_EQ(got[0].command, 0x0C);
    CHECK_EQ(got[0].flags, PINQ_IR_TOGGLE);
    CHECK_EQ(got[0].ext, 0);
    CHECK_EQ(got[0].bits, 16);
    CHECK_EQ(got[0].proto, PINQ_IR_RC6);
    CHECK_EQ(got[0].ts, 3000);

    /* every address with commands ending in 0 and 1, back to back */
    pinq_rc6_t s;
    CHECK_EQ(pinq_rc6_init(&s, &M0), 0);
    int bad = 0, frames = 0;
    wave_init(&w, 0, 1);
    for (unsigned a = 0; a < 256; a++) {
        for (unsigned k = 0; k < 4; k++) {
            unsigned cmd = (a * 37u + k) & 0xFFu, tg = k >> 1;
            w.n = 0;
            rc6_runs(&r, 0, tg, a << 8 | cmd, 16);
            bp_emit(&w, 0, &r, NOMINAL, -1, 0, 83000);
            frames += decode(&M0, &s, &w);
            bad += ngot != 1 || got[0].address != a || got[0].command != cmd ||
                   got[0].flags != (tg ? PINQ_IR_TOGGLE : 0);
        }
    }
    CHECK_EQ(frames, 1024);
    CHECK_EQ(bad, 0);
    CHECK_EQ(s.n.errors, 0);
}

static void test_mode6(void)
{
    bp_runs_t r;
    rc6_runs(&r, 6, 0, 0x8046800Cu, 32); /* RC6-6-32 (6B): 16-bit address */
    CHECK_EQ(one(&M6, &r, NOMINAL, -1, 0), 1);
    CHECK_EQ(got[0].address, 0x8046);
    CHECK_EQ(got[0].command, 0x800C);
    CHECK_EQ(got[0].ext, 6);
    CHECK_EQ(got[0].bits, 32);
    CHECK_EQ(got[0].flags, PINQ_IR_ADDR16);
    CHECK_EQ(one(&M0, &r, NOMINAL, -1, 0), 0); /* mode 6 not configured: not ours, no error */
    CHECK_EQ(st.n.other, 1);
    CHECK_EQ(st.n.errors, 0);

    pinq_rc6_cfg_t m24 = M6;
    m24.mode6_bits = 24;
    rc6_runs(&r, 6, 1, 0x261235u, 24); /* 6A: first bit 0, 8-bit address, 16-bit command */
    CHECK_EQ(one(&m24, &r, NOMINAL, -1, 0), 1);
    CHECK_EQ(got[0].address, 0x26);
    CHECK_EQ(got[0].command, 0x1235);
    CHECK_EQ(got[0].flags, PINQ_IR_TOGGLE);
    rc6_runs(&r, 6, 0, 0x26123456u, 32); /* 6A with 24 command bits: cannot be reported */
    CHECK_EQ(one(&M6, &r, NOMINAL, -1, 0), 0);
    CHECK_EQ(st.n.errors, 1);
    rc6_runs(&r, 6, 0, 0x8046800Cu, 32); /* a 32-bit frame where 24 bits are expected */
    CHECK_EQ(one(&m24, &r, NOMINAL, -1, 0), 0);

    for (unsigned mode = 1; mode < 8; mode++) {
        if (mode == 6)
            continue;
        rc6_runs(&r, mode, 0, 0x1234, 16);
        CHECK_EQ(one(&M6, &r, NOMINAL, -1, 0), 0);
        CHECK_EQ(st.n.other, 1);
        CHECK_EQ(st.n.errors, 0);
    }
    pinq_rc6_cfg_t badcfg = M6;
    badcfg.mode6_bits = 16;
    CHECK_EQ(pinq_rc6_init(&st, &badcfg), PINQ_EINVAL);
    badcfg.mode6_bits = 33;
    CHECK_EQ(pinq_rc6_init(&st, &badcfg), PINQ_EINVAL);
}

static void test_limits(void)
{
    bp_runs_t r;
    rc6_runs(&r, 0, 1, 0x3A65, 16); /* runs of 1, 2 and 3 t of both levels */
    static const int units[] = {1, 2, 3, 6};
    for (int k = 0; k < 4; k++) {
        int u = units[k];
        for (int side = 0; side < 2; side++) {
            for (int out = 0; out < 2; out++) {
                uint32_t dur[8];
                for (int i = 0; i < 8; i++)
                    dur[i] = NOMINAL[i];
                dur[u] = side ? HI[u] + (uint32_t)out : LO[u] - (uint32_t)out;
                int n = one(&M0, &r, dur, -1, 0);
                if (n != 1 - out)
                    fprintf(stderr, "rc6 limit %dt %s%s: %d frames\n", u, side ? "hi" : "lo", out ? " +-1" : "", n);
                CHECK_EQ(n, 1 - out);
                if (n)
                    CHECK(got[0].address == 0x3A && got[0].command == 0x65);
            }
        }
    }
    int wrong = 0;
    for (int k = 0; k < r.n - !r.mark[r.n - 1]; k++) {
        int u = r.units[k];
        wrong += one(&M0, &r, NOMINAL, k, LO[u] - 1) != 0;
        wrong += one(&M0, &r, NOMINAL, k, HI[u] + 1) != 0;
    }
    CHECK_EQ(wrong, 0);

    srand(6);
    wrong = 0;
    pinq_rc6_t s;
    for (int trial = 0; trial < 3000; trial++) {
        rc6_runs(&r, 0, (unsigned)rand() & 1u, (uint32_t)rand() & 0xFFFFu, 16);
        uint32_t d;
        do
            d = (uint32_t)(rand() % 4000) + 1;
        while ((d >= LO[1] && d <= HI[1]) || (d >= LO[2] && d <= HI[2]) || (d >= LO[3] && d <= HI[3]) ||
               (d >= LO[6] && d <= HI[6]));
        CHECK_EQ(pinq_rc6_init(&s, &M0), 0);
        wave_init(&w, 0, 1);
        bp_emit(&w, 0, &r, NOMINAL, rand() % (r.n - !r.mark[r.n - 1]), d, 83000);
        wrong += decode(&M0, &s, &w) != 0;
    }
    CHECK_EQ(wrong, 0);
}

static void test_malformed(void)
{
    /* start bit 0 */
    bp_frame_t f = {.n = 0};
    bp_runs_t r;
    bp_half(&f, 1, 6);
    bp_half(&f, 0, 2);
    bit(&f, 0, 1);
    for (int i = 0; i < 3; i++)
        bit(&f, 0, 1);
    bit(&f, 0, 2);
    for (int i = 0; i < 16; i++)
        bit(&f, 1, 1);
    bp_runs(&f, &r);
    CHECK_EQ(one(&M0, &r, NOMINAL, -1, 0), 0);
    CHECK_EQ(st.n.errors, 1);

    /* a trailer of normal width */
    f.n = 0;
    bp_half(&f, 1, 6);
    bp_half(&f, 0, 2);
    bit(&f, 1, 1);
    for (int i = 0; i < 3; i++)
        bit(&f, 0, 1);
    bit(&f, 1, 1);
    for (int i = 0; i < 16; i++)
        bit(&f, (unsigned)i & 1u, 1);
    bp_runs(&f, &r);
    CHECK_EQ(one(&M0, &r, NOMINAL, -1, 0), 0);

    /* 15 payload bits then silence, then a good frame */
    pinq_rc6_t s;
    CHECK_EQ(pinq_rc6_init(&s, &M0), 0);
    wave_init(&w, 0, 1);
    rc6_runs(&r, 0, 0, 0x1234 >> 1, 15);
    bp_emit(&w, 0, &r, NOMINAL, -1, 0, 83000);
    rc6_runs(&r, 0, 0, 0x1234, 16);
    bp_emit(&w, 0, &r, NOMINAL, -1, 0, 83000);
    CHECK_EQ(decode(&M0, &s, &w), 1);
    CHECK_EQ(got[0].address, 0x12);
    CHECK_EQ(s.n.errors, 1);
}

static void test_events_polarity_wrap(void)
{
    bp_runs_t r;
    pinq_rc6_cfg_t high = M0;
    high.active = 1;
    rc6_runs(&r, 0, 0, 0x0005, 16);
    CHECK_EQ(one(&high, &r, NOMINAL, -1, 0), 1);
    CHECK_EQ(got[0].command, 5);

    pinq_rc6_t s;
    CHECK_EQ(pinq_rc6_init(&s, &M0), 0);
    wave_init(&w, UINT64_MAX - 5000, 1);
    rc6_runs(&r, 0, 1, 0x0C01, 16);
    bp_emit(&w, 0, &r, NOMINAL, -1, 0, 83000);
    int n = 0;
    for (int i = 0; i < w.n; i++) {
        pinq_ir_frame_t fr;
        pinq_event_t ev = {.ts = w.ts[i], .line = 2, .kind = w.level[i] ? PINQ_EV_RISE : PINQ_EV_FALL,
                           .level = w.level[i]};
        pinq_event_t other = {.ts = w.ts[i], .line = 0, .kind = PINQ_EV_RISE, .level = 1};
        n += pinq_rc6_feed(&M0, &s, &other, &fr);
        n += pinq_rc6_feed(&M0, &s, &ev, &fr);
    }
    CHECK_EQ(n, 0); /* held until the line has been idle 3t + t/4 */
    pinq_ticks_t when = 0;
    pinq_ir_frame_t fr;
    CHECK(pinq_rc6_deadline(&M0, &s, &when));
    CHECK_EQ(when, w.ts[w.n - 1] + 1445);
    CHECK(!pinq_rc6_tick(&M0, &s, when - 1, &fr));
    CHECK(pinq_rc6_tick(&M0, &s, when, &fr));
    CHECK_EQ(fr.address, 0x0C);
    CHECK_EQ(fr.ts, UINT64_MAX - 5000);
    CHECK(!pinq_rc6_deadline(&M0, &s, &when));

    CHECK_EQ(pinq_rc6_init(&s, &M0), 0);
    n = 0;
    for (int i = 0; i < w.n; i++) {
        pinq_ir_frame_t fr;
        pinq_event_t ev = {.ts = w.ts[i], .line = 2, .kind = w.level[i] ? PINQ_EV_RISE : PINQ_EV_FALL,
                           .level = w.level[i]};
        if (i == 12) {
            pinq_event_t rs = {.ts = w.ts[11], .lost = 2, .line = 2, .kind = PINQ_EV_RESYNC, .level = 1};
            n += pinq_rc6_feed(&M0, &s, &rs, &fr);
        }
        n += pinq_rc6_feed(&M0, &s, &ev, &fr);
    }
    CHECK_EQ(n, 0);
    CHECK_EQ(s.n.lost, 1);

    pinq_rc6_cfg_t slow = M0;
    slow.tps = PINQ_IR_MIN_TPS - 1;
    CHECK_EQ(pinq_rc6_init(&s, &slow), PINQ_EINVAL);
}

int main(void)
{
    test_mode0();
    test_mode6();
    test_limits();
    test_malformed();
    test_events_polarity_wrap();
    return check_done("test_decode_rc6");
}
