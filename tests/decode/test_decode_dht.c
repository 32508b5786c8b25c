/* test_decode_dht.c - the DHT11 / AM230x decoder on synthetic waveforms:
 * readings (negative temperatures, DHT11 tenths), checksum failures
 * (dropped or flagged), every band limit, truncated and broken readings,
 * a capture that begins after the host's start pulse, events, wrap. */
#include <stdlib.h>

#include "check.h"
#include "pinq_decode.h"
#include "wave.h"

#define TPS 1000000u

enum { START, RELEASE, RESP_LOW, RESP_HIGH, LOW_, ZERO, ONE, NSYM };
static const uint32_t NOMINAL[NSYM] = {1000, 30, 80, 80, 50, 27, 70};
static const uint32_t LO[NSYM] = {750, 10, 40, 40, 30, 10, 55};
static const uint32_t HI[NSYM] = {0, 200, 120, 120, 100, 45, 100}; /* START has no upper limit */

static const pinq_dht_cfg_t AM = {.tps = TPS, .line = 5, .model = PINQ_AM230X};
static const pinq_dht_cfg_t D11 = {.tps = TPS, .line = 5, .model = PINQ_DHT11};

static wave_t w;
static pinq_dht_reading_t got[64];
static int ngot;

/* One reading: the host's start, the response, 40 bits, the end. */
static void reading(wave_t *wv, const uint32_t *t, const uint8_t b[5])
{
    wave_run(wv, 0, t[START]);
    wave_run(wv, 1, t[RELEASE]);
    wave_run(wv, 0, t[RESP_LOW]);
    wave_run(wv, 1, t[RESP_HIGH]);
    for (int i = 0; i < 40; i++) {
        wave_run(wv, 0, t[LOW_]);
        wave_run(wv, 1, b[i / 8] >> (7 - i % 8) & 1u ? t[ONE] : t[ZERO]);
    }
    wave_run(wv, 0, 50);
    wave_run(wv, 1, 2000000);
}

static void bytes(uint8_t b[5], uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3)
{
    b[0] = b0, b[1] = b1, b[2] = b2, b[3] = b3;
    b[4] = (uint8_t)(b0 + b1 + b2 + b3);
}

static int decode(const pinq_dht_cfg_t *c, pinq_dht_t *s, const wave_t *wv)
{
    ngot = 0;
    for (int i = 0; i < wv->n; i++) {
        pinq_dht_reading_t r;
        if (pinq_dht_edge(c, s, wv->ts[i], wv->level[i], &r) && ngot < 64)
            got[ngot++] = r;
    }
    return ngot;
}

static pinq_dht_t st;

static int one(const pinq_dht_cfg_t *c, const uint32_t *t, const uint8_t b[5])
{
    CHECK_EQ(pinq_dht_init(&st, c), 0);
    wave_init(&w, 777, 1);
    reading(&w, t, b);
    return decode(c, &st, &w);
}

static void test_readings(void)
{
    uint8_t b[5];
    bytes(b, 0x02, 0xD1, 0x00, 0xEE); /* the am2302 capture: 72.1 %RH, 23.8 degC, checksum 0xC1 */
    CHECK_EQ(b[4], 0xC1);
    CHECK_EQ(one(&AM, NOMINAL, b), 1);
    CHECK_EQ(got[0].humidity, 721);
    CHECK_EQ(got[0].temperature, 238);
    CHECK_EQ(got[0].flags, 0);
    CHECK_EQ(got[0].ts, 777);
    CHECK_EQ(got[0].raw[4], 0xC1);

    bytes(b, 0x03, 0xE8, 0x80, 0x65); /* 100.0 %RH, -10.1 degC */
    CHECK_EQ(one(&AM, NOMINAL, b), 1);
    CHECK_EQ(got[0].humidity, 1000);
    CHECK_EQ(got[0].temperature, -101);
    bytes(b, 0x01, 0x90, 0x81, 0x90); /* -40.0 degC */
    CHECK_EQ(one(&AM, NOMINAL, b), 1);
    CHECK_EQ(got[0].temperature, -400);
    bytes(b, 0x03, 0xE9, 0x00, 0x10); /* 100.1 %RH: impossible */
    CHECK_EQ(one(&AM, NOMINAL, b), 0);
    CHECK_EQ(st.errors, 1);

    bytes(b, 0x24, 0x00, 0x1B, 0x00); /* the dht11 capture: 36 %RH, 27 degC */
    CHECK_EQ(one(&D11, NOMINAL, b), 1);
    CHECK_EQ(got[0].humidity, 360);
    CHECK_EQ(got[0].temperature, 270);
    bytes(b, 0x25, 0x07, 0x02, 0x83); /* DHT11 with tenths: 37.7 %RH, -2.3 degC */
    CHECK_EQ(one(&D11, NOMINAL, b), 1);
    CHECK_EQ(got[0].humidity, 377);
    CHECK_EQ(got[0].temperature, -23);
    bytes(b, 0x25, 0x0A, 0x02, 0x00); /* a tenths byte above 9: not a DHT11 reading */
    CHECK_EQ(one(&D11, NOMINAL, b), 0);
    bytes(b, 0x65, 0x00, 0x02, 0x00); /* 101 %RH */
    CHECK_EQ(one(&D11, NOMINAL, b), 0);

    /* the checksum: dropped, or reported flagged */
    bytes(b, 0x02, 0xD1, 0x00, 0xEE);
    b[4] ^= 0x10;
    CHECK_EQ(one(&AM, NOMINAL, b), 0);
    CHECK_EQ(st.bad_sum, 1);
    pinq_dht_cfg_t keep = AM;
    keep.flags = PINQ_DHT_KEEP_BAD;
    CHECK_EQ(one(&keep, NOMINAL, b), 1);
    CHECK_EQ(got[0].flags, PINQ_DHT_BAD_SUM);
    CHECK_EQ(got[0].humidity, 721);
    CHECK_EQ(st.bad_sum, 1);

    /* every bit of every byte flipped once: never a reading */
    int wrong = 0;
    for (int bit = 0; bit < 40; bit++) {
        bytes(b, 0x02, 0xD1, 0x00, 0xEE);
        b[bit / 8] ^= (uint8_t)(0x80u >> bit % 8);
        wrong += one(&AM, NOMINAL, b);
    }
    CHECK_EQ(wrong, 0);

    /* readings every 2 s, back to back */
    pinq_dht_t s;
    CHECK_EQ(pinq_dht_init(&s, &AM), 0);
    wave_init(&w, 0, 1);
    for (int k = 0; k < 20; k++) {
        bytes(b, 0x01, (uint8_t)(0x80 + k), (uint8_t)(k & 1 ? 0x80 : 0), (uint8_t)(10 * k));
        reading(&w, NOMINAL, b);
    }
    CHECK_EQ(decode(&AM, &s, &w), 20);
    int bad = 0;
    for (int k = 0; k < 20 && k < ngot; k++)
        bad += got[k].humidity != 0x180 + k || got[k].temperature != (k & 1 ? -10 * k : 10 * k);
    CHECK_EQ(bad, 0);
    CHECK_EQ(s.readings, 20);
}

static void test_limits(void)
{
    static const char *names[] = {"start", "release", "resp_low", "resp_high", "low", "zero", "one"};
    uint8_t b[5];
    bytes(b, 0x01, 0xA5, 0x3C, 0xC3); /* 42.1 %RH, zeros and ones in every byte */
    for (int k = 0; k < NSYM; k++) {
        for (int side = 0; side < 2; side++) {
            if (k == START && side)
                continue;
            for (int out = 0; out < 2; out++) {
                uint32_t t[NSYM];
                for (int i = 0; i < NSYM; i++)
                    t[i] = NOMINAL[i];
                t[k] = side ? HI[k] + (uint32_t)out : LO[k] - (uint32_t)out;
                int n = one(&AM, t, b);
                if (n != 1 - out)
                    fprintf(stderr, "dht limit %s %s%s: %d\n", names[k], side ? "hi" : "lo", out ? " +-1" : "", n);
                CHECK_EQ(n, 1 - out);
            }
        }
    }
    uint32_t t[NSYM];
    for (int i = 0; i < NSYM; i++)
        t[i] = NOMINAL[i];
    t[START] = 20000000; /* a 20 s start: no upper limit */
    CHECK_EQ(one(&AM, t, b), 1);
    t[START] = 18000; /* DHT11 hosts hold 18-20 ms */
    CHECK_EQ(one(&D11, t, b), 0); /* tenths 0xA5: not a DHT11 reading */
}

static void test_malformed(void)
{
    uint8_t b[5];
    bytes(b, 0x02, 0xD1, 0x00, 0xEE);
    pinq_dht_t s;

    /* 39 bits, then silence; then a full reading */
    CHECK_EQ(pinq_dht_init(&s, &AM), 0);
    wave_init(&w, 0, 1);
    wave_run(&w, 0, 1000);
    wave_run(&w, 1, 30);
    wave_run(&w, 0, 80);
    wave_run(&w, 1, 80);
    for (int i = 0; i < 39; i++) {
        wave_run(&w, 0, 50);
        wave_run(&w, 1, 27);
    }
    wave_run(&w, 0, 50);
    wave_run(&w, 1, 2000000);
    reading(&w, NOMINAL, b);
    CHECK_EQ(decode(&AM, &s, &w), 1);
    CHECK_EQ(got[0].humidity, 721);
    CHECK_EQ(s.errors, 1);

    /* the capture starts after the start pulse (first edge: the release) */
    CHECK_EQ(pinq_dht_init(&s, &AM), 0);
    wave_init(&w, 0, 0);
    reading(&w, NOMINAL, b);
    CHECK_EQ(decode(&AM, &s, &w), 0);

    /* a 300 us start pulse, answered anyway: not a reading */
    uint32_t t[NSYM];
    for (int i = 0; i < NSYM; i++)
        t[i] = NOMINAL[i];
    t[START] = 300;
    CHECK_EQ(one(&AM, t, b), 0);

    /* random single-duration damage outside its band: never a reading */
    srand(22);
    int wrong = 0;
    for (int trial = 0; trial < 3000; trial++) {
        bytes(b, (uint8_t)rand(), (uint8_t)rand(), (uint8_t)rand(), (uint8_t)rand());
        wave_init(&w, 0, 1);
        reading(&w, NOMINAL, b);
        int victim = 1 + rand() % (w.n - 3); /* a run after the start pulse, before the end */
        bool high = w.level[victim] == 1;
        uint32_t d;
        if (victim == 1) /* the release */
            do
                d = (uint32_t)(rand() % 400) + 1;
            while (d >= 10 && d <= 200);
        else if (victim == 2 || victim == 3) /* the response */
            do
                d = (uint32_t)(rand() % 400) + 1;
            while (d >= 40 && d <= 120);
        else if (!high)
            do
                d = (uint32_t)(rand() % 400) + 1;
            while (d >= 30 && d <= 100);
        else
            do
                d = (uint32_t)(rand() % 400) + 1;
            while ((d >= 10 && d <= 45) || (d >= 55 && d <= 100));
        int64_t shift = (int64_t)d - (int64_t)(w.ts[victim + 1] - w.ts[victim]);
        for (int i = victim + 1; i < w.n; i++)
            w.ts[i] = (pinq_ticks_t)((int64_t)w.ts[i] + shift);
        CHECK_EQ(pinq_dht_init(&s, &AM), 0);
        wrong += decode(&AM, &s, &w) != 0;
    }
    CHECK_EQ(wrong, 0);
}

static void test_events_wrap(void)
{
    uint8_t b[5];
    bytes(b, 0x02, 0xD1, 0x00, 0xEE);
    pinq_dht_t s;
    CHECK_EQ(pinq_dht_init(&s, &AM), 0);
    wave_init(&w, UINT64_MAX - 2000, 1);
    reading(&w, NOMINAL, b);
    int n = 0;
    for (int i = 0; i < w.n; i++) {
        pinq_dht_reading_t r;
        pinq_event_t ev = {.ts = w.ts[i], .line = 5, .kind = w.level[i] ? PINQ_EV_RISE : PINQ_EV_FALL,
                           .level = w.level[i]};
        pinq_event_t other = {.ts = w.ts[i], .line = 6, .kind = PINQ_EV_FALL, .level = 0};
        n += pinq_dht_feed(&AM, &s, &other, &r);
        if (pinq_dht_feed(&AM, &s, &ev, &r)) {
            n++;
            CHECK_EQ(r.ts, UINT64_MAX - 2000);
            CHECK_EQ(r.temperature, 238);
        }
    }
    CHECK_EQ(n, 1);

    CHECK_EQ(pinq_dht_init(&s, &AM), 0);
    n = 0;
    for (int i = 0; i < w.n; i++) {
        pinq_dht_reading_t r;
        pinq_event_t ev = {.ts = w.ts[i], .line = 5, .kind = w.level[i] ? PINQ_EV_RISE : PINQ_EV_FALL,
                           .level = w.level[i]};
        if (i == 40) {
            pinq_event_t rs = {.ts = w.ts[39], .lost = 2, .line = 5, .kind = PINQ_EV_RESYNC, .level = 1};
            n += pinq_dht_feed(&AM, &s, &rs, &r);
        }
        n += pinq_dht_feed(&AM, &s, &ev, &r);
    }
    CHECK_EQ(n, 0);
    CHECK_EQ(s.lost, 1);

    /* 100 kHz (the slowest rate taken; two captures use it) */
    pinq_dht_cfg_t c = AM;
    c.tps = PINQ_DHT_MIN_TPS;
    CHECK_EQ(pinq_dht_init(&s, &c), 0);
    wave_init(&w, 0, 1);
    reading(&w, (const uint32_t[NSYM]){100, 4, 8, 8, 5, 3, 7}, b);
    CHECK_EQ(decode(&c, &s, &w), 1);
    c.tps = PINQ_DHT_MIN_TPS - 1;
    CHECK_EQ(pinq_dht_init(&s, &c), PINQ_EINVAL);
    c.tps = TPS;
    c.model = 2;
    CHECK_EQ(pinq_dht_init(&s, &c), PINQ_EINVAL);
}

int main(void)
{
    test_readings();
    test_limits();
    test_malformed();
    test_events_wrap();
    return check_done("test_decode_dht");
}
