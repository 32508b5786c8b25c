/* test_decode_rc5.c - the RC-5 decoder on synthetic waveforms: every
 * address, command (RC-5X included) and toggle; run-length limits; frames
 * with a bit lacking its transition, truncated, split by a glitch;
 * polarity, events, wrap. */
#include <stdlib.h>

#include "biphase.h"
#include "check.h"
#include "pinq_decode.h"

#define TPS 1000000u

static const uint32_t NOMINAL[4] = {0, 889, 1778, 0};
static const uint32_t LO[4] = {0, 667, 1556, 0}; /* t - t/4, 2t - t/4 at 1 MHz, rounded up */
static const uint32_t HI[4] = {0, 1111, 2000, 0};

static const pinq_rc5_cfg_t LOW = {.tps = TPS, .line = 0, .active = 0};

static wave_t w;
static pinq_ir_frame_t got[64];
static int ngot;

/* The 14 bits of a frame, MSB first: 1 = space then mark. */
static void rc5_bits(bp_runs_t *r, uint16_t bits, int nbits)
{
    bp_frame_t f = {.n = 0};
    for (int i = nbits - 1; i >= 0; i--) {
        uint8_t b = bits >> i & 1u;
        bp_half(&f, !b, 1);
        bp_half(&f, b, 1);
    }
    bp_runs(&f, r);
}

static uint16_t rc5(unsigned addr, unsigned cmd, unsigned toggle)
{
    return (uint16_t)(1u << 13 | (cmd & 0x40u ? 0u : 1u) << 12 | toggle << 11 | addr << 6 | (cmd & 0x3Fu));
}

static int decode(const pinq_rc5_cfg_t *c, pinq_rc5_t *s, const wave_t *wv)
{
    ngot = 0;
    for (int i = 0; i < wv->n; i++) {
        pinq_ir_frame_t fr;
        if (pinq_rc5_edge(c, s, wv->ts[i], wv->level[i], &fr) && ngot < 64)
            got[ngot++] = fr;
    }
    pinq_ir_frame_t fr; /* the line idle to the end of the wave */
    if (pinq_rc5_tick(c, s, wv->t, &fr) && ngot < 64)
        got[ngot++] = fr;
    return ngot;
}

static int one(const pinq_rc5_cfg_t *c, uint16_t bits, const uint32_t *dur, int odd, uint32_t odd_d)
{
    pinq_rc5_t s;
    bp_runs_t r;
    CHECK_EQ(pinq_rc5_init(&s, c), 0);
    rc5_bits(&r, bits, 14);
    wave_init(&w, 5000, !c->active);
    bp_emit(&w, c->active, &r, dur, odd, odd_d, 100000);
    return decode(c, &s, &w);
}

static void test_frames(void)
{
    CHECK_EQ(one(&LOW, rc5(5, 1, 1), NOMINAL, -1, 0), 1);
    CHECK_EQ(got[0].address, 5);
    CHECK_EQ(got[0].command, 1);
    CHECK_EQ(got[0].flags, PINQ_IR_TOGGLE);
    CHECK_EQ(got[0].proto, PINQ_IR_RC5);
    CHECK_EQ(got[0].bits, 14);
    CHECK_EQ(got[0].ts, 5000); /* the first mark: middle of the first start bit */

    /* every address, command (0-127: RC-5X) and both toggles, back to back */
    pinq_rc5_t s;
    CHECK_EQ(pinq_rc5_init(&s, &LOW), 0);
    int bad = 0, frames = 0;
    wave_init(&w, 0, 1);
    for (unsigned a = 0; a < 32; a++) {
        for (unsigned cmd = 0; cmd < 128; cmd++) {
            bp_runs_t r;
            unsigned tg = (a + cmd) & 1u;
            w.n = 0;
            rc5_bits(&r, rc5(a, cmd, tg), 14);
            bp_emit(&w, 0, &r, NOMINAL, -1, 0, 89000);
            frames += decode(&LOW, &s, &w);
            bad += ngot != 1 || got[0].address != a || got[0].command != cmd ||
                   got[0].flags != (tg ? PINQ_IR_TOGGLE : 0);
        }
    }
    CHECK_EQ(frames, 32 * 128);
    CHECK_EQ(bad, 0);
    CHECK_EQ(s.n.errors, 0);
}

/* Runs of one length at a limit of their band decode; a tick outside, nothing. */
static void test_limits(void)
{
    uint16_t bits = rc5(0x15, 0x2A, 0); /* 1- and 2-half runs of both levels */
    for (int u = 1; u <= 2; u++) {
        for (int side = 0; side < 2; side++) {
            for (int out = 0; out < 2; out++) {
                uint32_t dur[4] = {0, NOMINAL[1], NOMINAL[2], 0};
                dur[u] = side ? HI[u] + (uint32_t)out : LO[u] - (uint32_t)out;
                int n = one(&LOW, bits, dur, -1, 0);
                CHECK_EQ(n, 1 - out);
                if (n)
                    CHECK(got[0].address == 0x15 && got[0].command == 0x2A);
            }
        }
    }
    /* a single run outside, at each place in the frame: never a frame (a
     * final space is the idle line after the frame, not part of it) */
    bp_runs_t r;
    rc5_bits(&r, bits, 14);
    int wrong = 0;
    for (int k = 0; k < r.n - !r.mark[r.n - 1]; k++) {
        int u = r.units[k];
        wrong += one(&LOW, bits, NOMINAL, k, LO[u] - 1) != 0;
        wrong += one(&LOW, bits, NOMINAL, k, HI[u] + 1) != 0;
        wrong += one(&LOW, bits, NOMINAL, k, 1334) != 0; /* between the bands */
    }
    CHECK_EQ(wrong, 0);
}

static void test_malformed(void)
{
    /* a bit with no mid-bit transition: a 3t mark */
    bp_frame_t f = {.n = 0};
    bp_runs_t r;
    uint16_t bits = rc5(5, 12, 0);
    for (int i = 13; i >= 0; i--) {
        uint8_t b = bits >> i & 1u;
        bp_half(&f, i == 6 ? 1 : !b, 1);
        bp_half(&f, i == 6 ? 1 : b, 1);
    }
    bp_runs(&f, &r);
    pinq_rc5_t s;
    CHECK_EQ(pinq_rc5_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    bp_emit(&w, 0, &r, (const uint32_t[8]){0, 889, 1778, 2667, 3556, 0, 0, 0}, -1, 0, 89000);
    CHECK_EQ(decode(&LOW, &s, &w), 0);

    /* 13 bits then silence; a spike; then a good frame: only the good frame */
    CHECK_EQ(pinq_rc5_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    rc5_bits(&r, (uint16_t)(rc5(5, 12, 0) >> 1), 13);
    bp_emit(&w, 0, &r, NOMINAL, -1, 0, 89000);
    wave_run(&w, 0, 150);
    wave_run(&w, 1, 89000);
    rc5_bits(&r, rc5(5, 12, 1), 14);
    bp_emit(&w, 0, &r, NOMINAL, -1, 0, 89000);
    CHECK_EQ(decode(&LOW, &s, &w), 1);
    CHECK_EQ(got[0].command, 12);
    CHECK_EQ(got[0].flags, PINQ_IR_TOGGLE);
    CHECK_EQ(s.n.errors, 1);

    /* 15 bits: a longer signal that begins like a frame is not one */
    CHECK_EQ(pinq_rc5_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    rc5_bits(&r, (uint16_t)(rc5(5, 12, 0) << 1 | 1u), 15);
    bp_emit(&w, 0, &r, NOMINAL, -1, 0, 89000);
    CHECK_EQ(decode(&LOW, &s, &w), 0);
    CHECK_EQ(s.n.errors, 1);

    /* a glitch inside a frame (a "bogus packet"): dropped; the next decodes */
    CHECK_EQ(pinq_rc5_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    rc5_bits(&r, rc5(5, 2, 0), 14);
    for (int i = 0; i < 9; i++)
        wave_run(&w, r.mark[i] ? 0 : 1, NOMINAL[r.units[i]]);
    wave_run(&w, 1, 60); /* a dropout inside a mark */
    wave_run(&w, 0, 300);
    wave_run(&w, 1, 89000);
    rc5_bits(&r, rc5(5, 2, 0), 14);
    bp_emit(&w, 0, &r, NOMINAL, -1, 0, 89000);
    CHECK_EQ(decode(&LOW, &s, &w), 1);
    CHECK_EQ(got[0].command, 2);

    /* random run damage anywhere, outside both bands: never a frame */
    srand(5);
    int wrong = 0;
    for (int trial = 0; trial < 3000; trial++) {
        rc5_bits(&r, rc5((unsigned)rand() & 31u, (unsigned)rand() & 127u, (unsigned)rand() & 1u), 14);
        uint32_t d;
        do
            d = (uint32_t)(rand() % 4000) + 1;
        while ((d >= LO[1] && d <= HI[1]) || (d >= LO[2] && d <= HI[2]));
        CHECK_EQ(pinq_rc5_init(&s, &LOW), 0);
        wave_init(&w, 0, 1);
        bp_emit(&w, 0, &r, NOMINAL, rand() % (r.n - !r.mark[r.n - 1]), d, 89000);
        wrong += decode(&LOW, &s, &w) != 0;
    }
    CHECK_EQ(wrong, 0);
}

static void test_events_polarity_wrap(void)
{
    pinq_rc5_cfg_t high = LOW;
    high.active = 1;
    CHECK_EQ(one(&high, rc5(5, 12, 1), NOMINAL, -1, 0), 1);
    CHECK_EQ(got[0].command, 12);

    pinq_rc5_t s;
    bp_runs_t r;
    CHECK_EQ(pinq_rc5_init(&s, &LOW), 0);
    wave_init(&w, UINT64_MAX - 10000, 1);
    rc5_bits(&r, rc5(7, 33, 0), 14);
    bp_emit(&w, 0, &r, NOMINAL, -1, 0, 89000);
    int n = 0;
    for (int i = 0; i < w.n; i++) {
        pinq_ir_frame_t fr;
        pinq_event_t ev = {.ts = w.ts[i], .line = 0, .kind = w.level[i] ? PINQ_EV_RISE : PINQ_EV_FALL,
                           .level = w.level[i]};
        pinq_event_t other = {.ts = w.ts[i], .line = 1, .kind = PINQ_EV_RISE, .level = 1};
        n += pinq_rc5_feed(&LOW, &s, &other, &fr);
        n += pinq_rc5_feed(&LOW, &s, &ev, &fr);
    }
    CHECK_EQ(n, 0); /* held until the line has been idle 2t + t/4 */
    pinq_ticks_t when = 0;
    pinq_ir_frame_t fr;
    CHECK(pinq_rc5_deadline(&LOW, &s, &when));
    CHECK_EQ(when, w.ts[w.n - 1] + 2001);
    CHECK(!pinq_rc5_tick(&LOW, &s, when - 1, &fr));
    CHECK(pinq_rc5_tick(&LOW, &s, when, &fr));
    CHECK_EQ(fr.command, 33);
    CHECK_EQ(fr.ts, UINT64_MAX - 10000);
    CHECK(!pinq_rc5_deadline(&LOW, &s, &when));

    CHECK_EQ(pinq_rc5_init(&s, &LOW), 0);
    n = 0;
    for (int i = 0; i < w.n; i++) {
        pinq_ir_frame_t fr;
        pinq_event_t ev = {.ts = w.ts[i], .line = 0, .kind = w.level[i] ? PINQ_EV_RISE : PINQ_EV_FALL,
                           .level = w.level[i]};
        if (i == 8) {
            pinq_event_t rs = {.ts = w.ts[7], .lost = 1, .line = 0, .kind = PINQ_EV_RESYNC, .level = 0};
            n += pinq_rc5_feed(&LOW, &s, &rs, &fr);
        }
        n += pinq_rc5_feed(&LOW, &s, &ev, &fr);
    }
    CHECK_EQ(n, 0);
    CHECK_EQ(s.n.lost, 1);

    pinq_rc5_cfg_t slow = LOW;
    slow.tps = PINQ_IR_MIN_TPS - 1;
    CHECK_EQ(pinq_rc5_init(&s, &slow), PINQ_EINVAL);
    slow.tps = 36000; /* one tick per carrier period */
    CHECK_EQ(pinq_rc5_init(&s, &slow), 0);
    wave_init(&w, 0, 1);
    rc5_bits(&r, rc5(5, 1, 0), 14);
    bp_emit(&w, 0, &r, (const uint32_t[4]){0, 32, 64, 0}, -1, 0, 4000);
    CHECK_EQ(decode(&slow, &s, &w), 1);
    CHECK_EQ(got[0].command, 1);
}

int main(void)
{
    test_frames();
    test_limits();
    test_malformed();
    test_events_polarity_wrap();
    return check_done("test_decode_rc5");
}
