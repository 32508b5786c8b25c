/* test_decode_sirc.c - the Sony SIRC decoder on synthetic waveforms: 12,
 * 15 and 20-bit frames, wrong bit counts, every band limit, the end of a
 * frame by the next edge and by the tick (deadline exact), polarity,
 * events, wrap. */
#include <stdlib.h>

#include "check.h"
#include "pinq_decode.h"
#include "wave.h"

#define TPS 1000000u

enum { AGC, ONE, ZERO, SPACE, NSYM };
static const uint32_t NOMINAL[NSYM] = {2400, 1200, 600, 600};
static const uint32_t LO[NSYM] = {1800, 900, 450, 450};
static const uint32_t HI[NSYM] = {3000, 1500, 750, 750};

static const pinq_sirc_cfg_t LOW = {.tps = TPS, .line = 1, .active = 0};

static wave_t w;
static pinq_ir_frame_t got[64];
static int ngot;

/* A frame of n bits, LSB first, then `gap` idle. */
static void sirc(wave_t *wv, uint8_t active, const uint32_t *t, uint32_t data, int n, uint32_t gap)
{
    wave_run(wv, active, t[AGC]);
    for (int i = 0; i < n; i++) {
        wave_run(wv, !active, t[SPACE]);
        wave_run(wv, active, data >> i & 1u ? t[ONE] : t[ZERO]);
    }
    wave_run(wv, !active, gap);
}

static int decode(const pinq_sirc_cfg_t *c, pinq_sirc_t *s, const wave_t *wv)
{
    ngot = 0;
    for (int i = 0; i < wv->n; i++) {
        pinq_ir_frame_t fr;
        if (pinq_sirc_edge(c, s, wv->ts[i], wv->level[i], &fr) && ngot < 64)
            got[ngot++] = fr;
    }
    pinq_ir_frame_t fr;
    if (pinq_sirc_tick(c, s, wv->t, &fr) && ngot < 64)
        got[ngot++] = fr;
    return ngot;
}

static pinq_sirc_t st;

static int one(const pinq_sirc_cfg_t *c, const uint32_t *t, uint32_t data, int n)
{
    CHECK_EQ(pinq_sirc_init(&st, c), 0);
    wave_init(&w, 100, !c->active);
    sirc(&w, c->active, t, data, n, 30000);
    return decode(c, &st, &w);
}

static void test_frames(void)
{
    /* 20 bits: command 0x2C, address 0x10, extended 0x08 (the sigrok capture's frame) */
    uint32_t d20 = 0x2Cu | 0x10u << 7 | 0x08u << 12;
    CHECK_EQ(one(&LOW, NOMINAL, d20, 20), 1);
    CHECK_EQ(got[0].command, 0x2C);
    CHECK_EQ(got[0].address, 0x10);
    CHECK_EQ(got[0].ext, 0x08);
    CHECK_EQ(got[0].bits, 20);
    CHECK_EQ(got[0].proto, PINQ_IR_SIRC);
    CHECK_EQ(got[0].ts, 100);
    CHECK_EQ(one(&LOW, NOMINAL, 0x15u | 0x01u << 7, 12), 1);
    CHECK_EQ(got[0].command, 0x15);
    CHECK_EQ(got[0].address, 0x01);
    CHECK_EQ(got[0].ext, 0);
    CHECK_EQ(got[0].bits, 12);
    CHECK_EQ(one(&LOW, NOMINAL, 0x7Fu | 0xA5u << 7, 15), 1);
    CHECK_EQ(got[0].command, 0x7F);
    CHECK_EQ(got[0].address, 0xA5);
    CHECK_EQ(got[0].bits, 15);

    /* every bit count from 1 to 22: only 12, 15 and 20 are frames; with
     * the length configured, only that one */
    for (int n = 1; n <= 22; n++) {
        int want = n == 12 || n == 15 || n == 20;
        CHECK_EQ(one(&LOW, NOMINAL, 0xFFFFFu, n), want);
        pinq_sirc_cfg_t c15 = LOW;
        c15.bits = 15;
        CHECK_EQ(one(&c15, NOMINAL, 0xFFFFFu, n), n == 15);
    }

    /* frames 45 ms apart, the usual three: each ends at the next one's start */
    pinq_sirc_t s;
    CHECK_EQ(pinq_sirc_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    srand(20);
    uint32_t data[30];
    for (int k = 0; k < 30; k++) {
        pinq_ticks_t t0 = w.t;
        data[k] = (uint32_t)rand() & 0xFFFFFu;
        sirc(&w, 0, NOMINAL, data[k], k % 3 == 0 ? 12 : k % 3 == 1 ? 15 : 20, 0);
        wave_run(&w, 1, t0 + 45000 - w.t);
    }
    CHECK_EQ(decode(&LOW, &s, &w), 30);
    int bad = 0;
    for (int k = 0; k < 30 && k < ngot; k++) {
        int n = k % 3 == 0 ? 12 : k % 3 == 1 ? 15 : 20;
        uint32_t v = data[k] & ((1u << n) - 1u);
        bad += got[k].bits != n || got[k].command != (v & 0x7Fu) ||
               got[k].address != (v >> 7 & (n == 15 ? 0xFFu : 0x1Fu)) || got[k].ext != (n == 20 ? v >> 12 : 0u);
    }
    CHECK_EQ(bad, 0);
    CHECK_EQ(s.n.errors, 0);
}

static void test_limits(void)
{
    static const char *names[] = {"agc", "one", "zero", "space"};
    uint32_t data = 0x2Cu | 0x10u << 7; /* ones and zeros */
    for (int k = 0; k < NSYM; k++) {
        for (int side = 0; side < 2; side++) {
            for (int out = 0; out < 2; out++) {
                uint32_t t[NSYM];
                for (int i = 0; i < NSYM; i++)
                    t[i] = NOMINAL[i];
                t[k] = side ? HI[k] + (uint32_t)out : LO[k] - (uint32_t)out;
                int n = one(&LOW, t, data, 12);
                if (n != 1 - out)
                    fprintf(stderr, "sirc limit %s %s%s: %d frames\n", names[k], side ? "hi" : "lo", out ? " +-1" : "",
                            n);
                CHECK_EQ(n, 1 - out);
                if (n)
                    CHECK(got[0].command == 0x2C && got[0].address == 0x10);
            }
        }
    }

    /* the frame ends when the space after its last mark exceeds 750 us */
    pinq_sirc_t s;
    pinq_ir_frame_t fr;
    pinq_ticks_t when;
    CHECK_EQ(pinq_sirc_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    sirc(&w, 0, NOMINAL, data, 12, 0);
    CHECK_EQ(decode(&LOW, &s, &w), 0);
    CHECK(pinq_sirc_deadline(&LOW, &s, &when));
    CHECK_EQ(when, w.t + 751);
    CHECK(!pinq_sirc_tick(&LOW, &s, when - 1, &fr));
    CHECK(pinq_sirc_tick(&LOW, &s, when, &fr));
    CHECK_EQ(fr.command, 0x2C);
    CHECK(!pinq_sirc_deadline(&LOW, &s, &when));
    /* a mark 750 us after is one more bit: 13 bits, no frame; 751 us after: the frame, then a new start */
    for (int late = 0; late < 2; late++) {
        CHECK_EQ(pinq_sirc_init(&s, &LOW), 0);
        wave_init(&w, 0, 1);
        sirc(&w, 0, NOMINAL, data, 12, 750u + (uint32_t)late);
        wave_run(&w, 0, 600);
        wave_run(&w, 1, 30000);
        CHECK_EQ(decode(&LOW, &s, &w), late);
    }
}

static void test_malformed(void)
{
    /* random single-duration damage outside every band: never a frame. A
     * space too long cuts the frame: with the length configured, the part
     * before the cut is no frame either */
    srand(12);
    int wrong = 0;
    pinq_sirc_t s;
    static const uint8_t lens[3] = {12, 15, 20};
    for (int trial = 0; trial < 6000; trial++) {
        pinq_sirc_cfg_t c = LOW;
        c.bits = lens[rand() % 3];
        wave_init(&w, 0, 1);
        sirc(&w, 0, NOMINAL, (uint32_t)rand(), c.bits, 30000);
        int victim = rand() % (w.n - 1);
        uint32_t d;
        bool mark = w.level[victim] == 0;
        do
            d = (uint32_t)(rand() % 6000) + 1;
        while (mark ? (d >= 450 && d <= 750) || (d >= 900 && d <= 1500) || (d >= 1800 && d <= 3000)
                    : d >= 450 && d <= 750);
        int64_t shift = (int64_t)d - (int64_t)(w.ts[victim + 1] - w.ts[victim]);
        for (int i = victim + 1; i < w.n; i++)
            w.ts[i] = (pinq_ticks_t)((int64_t)w.ts[i] + shift);
        w.t = (pinq_ticks_t)((int64_t)w.t + shift);
        CHECK_EQ(pinq_sirc_init(&s, &c), 0);
        wrong += decode(&c, &s, &w) != 0;
    }
    CHECK_EQ(wrong, 0);

    /* without the length configured, a 15-bit frame cut after bit 12 reads
     * as a 12-bit frame (the protocol's limit; see docs/decoders.md) */
    CHECK_EQ(pinq_sirc_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    wave_run(&w, 0, 2400);
    for (int i = 0; i < 15; i++) {
        wave_run(&w, 1, i == 12 ? 2000 : 600);
        wave_run(&w, 0, 600);
    }
    wave_run(&w, 1, 30000);
    CHECK_EQ(decode(&LOW, &s, &w), 1);
    CHECK_EQ(got[0].bits, 12);
    pinq_sirc_cfg_t c15 = LOW;
    c15.bits = 15;
    CHECK_EQ(pinq_sirc_init(&s, &c15), 0);
    CHECK_EQ(decode(&c15, &s, &w), 0);

    /* a frame cut short by a long space: the first part has too few bits,
     * the rest has no start mark */
    CHECK_EQ(pinq_sirc_init(&s, &LOW), 0);
    wave_init(&w, 0, 1);
    wave_run(&w, 0, 2400);
    for (int i = 0; i < 12; i++) {
        wave_run(&w, 1, i == 6 ? 5000 : 600);
        wave_run(&w, 0, 600);
    }
    wave_run(&w, 1, 30000);
    CHECK_EQ(decode(&LOW, &s, &w), 0);
    CHECK_EQ(s.n.errors, 1);
}

static void test_events_polarity_wrap(void)
{
    pinq_sirc_cfg_t high = LOW;
    high.active = 1;
    CHECK_EQ(one(&high, NOMINAL, 0x2Cu | 0x10u << 7, 12), 1);
    CHECK_EQ(got[0].command, 0x2C);

    pinq_sirc_t s;
    CHECK_EQ(pinq_sirc_init(&s, &LOW), 0);
    wave_init(&w, UINT64_MAX - 4000, 1);
    sirc(&w, 0, NOMINAL, 0x2Cu | 0x10u << 7, 12, 30000);
    sirc(&w, 0, NOMINAL, 0x2Du | 0x10u << 7, 12, 30000);
    int n = 0;
    for (int i = 0; i < w.n; i++) {
        pinq_ir_frame_t fr;
        pinq_event_t ev = {.ts = w.ts[i], .line = 1, .kind = w.level[i] ? PINQ_EV_RISE : PINQ_EV_FALL,
                           .level = w.level[i]};
        pinq_event_t other = {.ts = w.ts[i], .line = 2, .kind = PINQ_EV_FALL, .level = 0};
        n += pinq_sirc_feed(&LOW, &s, &other, &fr);
        if (pinq_sirc_feed(&LOW, &s, &ev, &fr)) {
            n++;
            CHECK_EQ(fr.command, 0x2C);
            CHECK_EQ(fr.ts, UINT64_MAX - 4000);
        }
    }
    CHECK_EQ(n, 1); /* the second waits for its tick */

    CHECK_EQ(pinq_sirc_init(&s, &LOW), 0);
    n = 0;
    for (int i = 0; i < w.n; i++) {
        pinq_ir_frame_t fr;
        pinq_event_t ev = {.ts = w.ts[i], .line = 1, .kind = w.level[i] ? PINQ_EV_RISE : PINQ_EV_FALL,
                           .level = w.level[i]};
        if (i == 10) {
            pinq_event_t rs = {.ts = w.ts[9], .lost = 2, .line = 1, .kind = PINQ_EV_RESYNC, .level = 1};
            n += pinq_sirc_feed(&LOW, &s, &rs, &fr);
        }
        n += pinq_sirc_feed(&LOW, &s, &ev, &fr);
    }
    CHECK_EQ(n, 0); /* the first frame lost edges; the second waits for its tick */
    CHECK_EQ(s.n.lost, 1);

    /* the capture's rate: 20 kHz, 50 us ticks */
    pinq_sirc_cfg_t c = LOW;
    c.tps = 20000;
    CHECK_EQ(pinq_sirc_init(&s, &c), 0);
    wave_init(&w, 0, 1);
    sirc(&w, 0, (const uint32_t[NSYM]){48, 24, 12, 12}, 0x2Cu | 0x10u << 7 | 0x08u << 12, 20, 300);
    CHECK_EQ(decode(&c, &s, &w), 1);
    CHECK_EQ(got[0].ext, 0x08);
    c.tps = PINQ_IR_MIN_TPS - 1;
    CHECK_EQ(pinq_sirc_init(&s, &c), PINQ_EINVAL);
    c.tps = TPS;
    c.bits = 13;
    CHECK_EQ(pinq_sirc_init(&s, &c), PINQ_EINVAL);
}

int main(void)
{
    test_frames();
    test_limits();
    test_malformed();
    test_events_polarity_wrap();
    return check_done("test_decode_sirc");
}
