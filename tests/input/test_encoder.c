/* test_encoder.c - quadrature decoder: both directions, detents of 1, 2
 * and 4 steps, glitches (valid back-and-forth), spurious edges, invalid
 * transitions counted as errors and not steps, acceleration, generated
 * noisy walks with exact counts. Portable: runs on the embedded ports too
 * (the threaded run through the ring is test_encoder_ring.c). */
#include "quadrature.h"
#include "trace.h"

/* Edge on A or B leaving it at `level`. */
static void edge(const pinq_encoder_cfg_t *c, pinq_encoder_t *s, uint16_t line, int level, pinq_ticks_t ts,
                 const pinq_sink_t *out)
{
    pinq_event_t ev = {.ts = ts, .line = line, .level = (uint8_t)level,
                       .kind = level ? PINQ_EV_RISE : PINQ_EV_FALL};
    pinq_encoder_feed(c, s, &ev, out);
}

static void turn(const pinq_encoder_cfg_t *c, pinq_encoder_t *s, int steps, pinq_ticks_t *ts,
                 const pinq_sink_t *out)
{
    int dir = steps > 0 ? 1 : -1;
    for (int i = 0; i != steps; i += dir) {
        uint16_t line;
        int level;
        step_edge(s->ab, dir, &line, &level);
        *ts += 100 * US;
        edge(c, s, line, level, *ts, out);
    }
}

static void test_directions_and_detents(void)
{
    const uint8_t per[] = {1, 2, 4};
    for (unsigned k = 0; k < 3; k++) {
        pinq_encoder_cfg_t c = {.line_a = LA, .line_b = LB, .steps_per_detent = per[k]};
        pinq_encoder_t s;
        static trace_t t;
        trace_reset(&t, 0);
        pinq_sink_t out = {trace_put, &t};
        pinq_ticks_t ts = 0;
        pinq_encoder_init(&s, 0, 0);
        turn(&c, &s, 8, &ts, &out);
        CHECK_EQ(s.steps, 8);
        CHECK_EQ(s.position, 8 / per[k]);
        CHECK_EQ(t.n, 8u / per[k]);
        CHECK_EQ(pinq_input_value(&t.ev[0]), 1);
        CHECK_EQ(t.ev[0].kind, PINQ_EV_STEP);
        turn(&c, &s, -12, &ts, &out);
        CHECK_EQ(s.steps, -4);
        CHECK_EQ(s.position, -4 / per[k]);
        CHECK_EQ(pinq_input_value(&t.ev[t.n - 1]), -1);
        CHECK_EQ(s.errors, 0);
    }
}

static void test_noise(void)
{
    pinq_encoder_cfg_t c = {.line_a = LA, .line_b = LB, .steps_per_detent = 4};
    pinq_encoder_t s;
    static trace_t t;
    trace_reset(&t, 0);
    pinq_sink_t out = {trace_put, &t};
    pinq_encoder_init(&s, 0, 0);
    /* a glitch on B at rest: +1 then -1, no detent */
    edge(&c, &s, LB, 1, 1, &out);
    edge(&c, &s, LB, 0, 2, &out);
    CHECK_EQ(s.steps, 0);
    CHECK_EQ(t.n, 0);
    /* spurious edge: B reported at the level it already has */
    edge(&c, &s, LB, 0, 3, &out);
    CHECK_EQ(s.spurious, 1);
    CHECK_EQ(s.steps, 0);
    /* polled encoder: both phases changed between two samples */
    pinq_encoder_sample(&c, &s, 3, 4, &out);
    CHECK_EQ(s.errors, 1);
    CHECK_EQ(s.steps, 0);
    pinq_encoder_sample(&c, &s, 2, 5, &out); /* 11 -> 10: valid, +1 */
    CHECK_EQ(s.steps, 1);
    pinq_encoder_sample(&c, &s, 1, 6, &out); /* 10 -> 01: invalid again */
    CHECK_EQ(s.errors, 2);
    CHECK_EQ(s.steps, 1);
    /* lost edges reported by the ring: direction unknown, an error */
    pinq_event_t rs = {.ts = 7, .line = LA, .kind = PINQ_EV_RESYNC, .level = 1, .lost = 3};
    pinq_encoder_feed(&c, &s, &rs, &out);
    CHECK_EQ(s.errors, 3);
    CHECK_EQ(s.ab, 3);
    CHECK_EQ(s.steps, 1);
    /* lines of other stages are ignored */
    edge(&c, &s, 9, 1, 8, &out);
    CHECK_EQ(s.spurious, 1);
}

static void test_acceleration(void)
{
    pinq_encoder_cfg_t c = {.line_a = LA, .line_b = LB, .steps_per_detent = 4, .accel_mult = 5,
                            .accel_window = 20 * MS};
    pinq_encoder_t s;
    static trace_t t;
    trace_reset(&t, 0);
    pinq_sink_t out = {trace_put, &t};
    pinq_encoder_init(&s, 0, 0);
    pinq_ticks_t ts = 0;
    turn(&c, &s, 4, &ts, &out); /* first detent: never accelerated */
    turn(&c, &s, 4, &ts, &out); /* 0.4 ms later: fast */
    ts += 100 * MS;
    turn(&c, &s, 4, &ts, &out); /* slow again */
    CHECK_EQ(t.n, 3);
    CHECK_EQ(pinq_input_value(&t.ev[0]), 1);
    CHECK_EQ(pinq_input_value(&t.ev[1]), 5);
    CHECK_EQ(pinq_input_value(&t.ev[2]), 1);
    CHECK_EQ(s.position, 7);
    CHECK_EQ(s.steps, 12);
}

typedef struct direct {
    const pinq_encoder_cfg_t *c;
    pinq_encoder_t *s;
    const pinq_sink_t *out;
    pinq_ticks_t ts;
} direct_t;

static void put_direct(void *ctx, uint16_t line, int level)
{
    direct_t *d = ctx;
    edge(d->c, d->s, line, level, ++d->ts, d->out);
}

static void test_generated(void)
{
    for (unsigned seed = 1; seed <= 20; seed++) {
        pinq_encoder_cfg_t c = {.line_a = LA, .line_b = LB, .steps_per_detent = (uint8_t)(1u << (seed % 3))};
        pinq_encoder_t s;
        static trace_t t;
        trace_reset(&t, 0);
        pinq_sink_t out = {trace_put, &t};
        pinq_encoder_init(&s, 0, 0);
        direct_t d = {&c, &s, &out, 0};
        long net = generate(seed, 20000, put_direct, &d);
        CHECK_EQ(s.steps, net);
        CHECK_EQ(s.position * c.steps_per_detent + s.sub, s.steps);
        CHECK_EQ(s.errors, 0);
        CHECK_EQ(s.spurious, 0);
    }
}

int main(void)
{
    test_directions_and_detents();
    test_noise();
    test_acceleration();
    test_generated();
    return check_done("test_encoder");
}
