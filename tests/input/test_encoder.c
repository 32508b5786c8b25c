/* test_encoder.c - quadrature decoder: both directions, detents of 1, 2
 * and 4 steps, glitches (valid back-and-forth), spurious edges, invalid
 * transitions counted as errors and not steps, acceleration; then
 * generated noisy sequences pushed from a thread through the real ring,
 * far above the ~3.6 k interrupts/s where MicroPython's ESP32 pin IRQs
 * fail, with an exact count and exact conservation. */
#include <pthread.h>

#include "trace.h"

enum { LA = 0, LB = 1 };

/* Edge on A or B leaving it at `level`. */
static void edge(const pinq_encoder_cfg_t *c, pinq_encoder_t *s, uint16_t line, int level, pinq_ticks_t ts,
                 const pinq_sink_t *out)
{
    pinq_event_t ev = {.ts = ts, .line = line, .level = (uint8_t)level,
                       .kind = level ? PINQ_EV_RISE : PINQ_EV_FALL};
    pinq_encoder_feed(c, s, &ev, out);
}

/* One Gray-code step from phases ab in direction dir: which line moves. */
static void step_edge(uint8_t ab, int dir, uint16_t *line, int *level)
{
    static const uint8_t next_cw[4] = {1, 3, 0, 2}; /* 00->01->11->10->00 */
    static const uint8_t next_ccw[4] = {2, 0, 3, 1};
    uint8_t to = dir > 0 ? next_cw[ab] : next_ccw[ab];
    uint8_t diff = ab ^ to;
    *line = diff & 2 ? LA : LB;
    *level = (to & diff) != 0;
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
        trace_t t = {0};
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
    trace_t t = {0};
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
    trace_t t = {0};
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

/* ---- generated sequences ---- */

/* A noisy random walk: runs in one direction with reversals and glitches
 * (an edge and its undo). Calls put(line, level) per edge; returns the net
 * number of steps. */
typedef void (*put_fn)(void *ctx, uint16_t line, int level);

static long generate(unsigned seed, unsigned edges, put_fn put, void *ctx)
{
    uint8_t ab = 0;
    long net = 0;
    int dir = 1;
    for (unsigned n = 0; n < edges;) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = seed >> 16;
        if (r % 64 == 0)
            dir = -dir;
        uint16_t line;
        int level;
        step_edge(ab, dir, &line, &level);
        put(ctx, line, level);
        n++;
        if (r % 7 == 3 && n + 1 < edges) { /* glitch: the edge bounces back and forth once */
            put(ctx, line, !level);
            put(ctx, line, level);
            n += 2;
        }
        ab = (uint8_t)(line == LA ? (level ? ab | 2 : ab & 1) : (level ? ab | 1 : ab & 2));
        net += dir;
    }
    return net;
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
        trace_t t = {0};
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

/* ---- through the ring, from a producer thread ---- */

#define CAP 4096
static pinq_slot_t slots[CAP];
static pinq_lost_t lost[2];
static pinq_line_t lstate[2];
static const pinq_line_cfg_t lines[2] = {{.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_BOTH}};
static pinq_t q;
static pinq_input_t in;
static const pinq_encoder_cfg_t enc_cfg[1] = {{.line_a = LA, .line_b = LB, .steps_per_detent = 4}};
static pinq_encoder_t enc[1];
static _Atomic uint32_t consumed;
static _Atomic int producer_done;
static uint32_t sent;
static long detents_seen;

static void count_steps(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind == PINQ_EV_STEP)
        detents_seen += pinq_input_value(ev);
}

static void on_event(const pinq_event_t *ev, void *ctx)
{
    atomic_fetch_add_explicit(&consumed, 1, memory_order_relaxed);
    pinq_input_on_event(ev, ctx);
}

/* The "ISR": posts each edge with its timestamp, never overrunning the
 * consumer (flow control keeps the count exact without drops). */
static void put_ring(void *ctx, uint16_t line, int level)
{
    (void)ctx;
    while (sent - atomic_load_explicit(&consumed, memory_order_acquire) >= CAP - 2)
        ;
    pinq_post(&q, line, level);
    sent++;
}

static long net_sent;
static double produce_s;

static double secs(void)
{
    return (double)pinq_port_now() / pinq_port_ticks_per_sec();
}

static void *producer(void *arg)
{
    unsigned edges = *(unsigned *)arg;
    double t0 = secs();
    net_sent = generate(7, edges, put_ring, NULL);
    produce_s = secs() - t0;
    atomic_store_explicit(&producer_done, 1, memory_order_release);
    return NULL;
}

static void test_threaded(void)
{
    static const pinq_input_cfg_t icfg = {.encoders = enc_cfg, .encoder_state = enc, .nencoders = 1,
                                          .tps = 1000000000u, .emit = count_steps};
    pinq_cfg_t c = {.lines = lines, .state = lstate, .nlines = 2, .slots = slots, .lost = lost, .capacity = CAP,
                    .mode = PINQ_SPSC, .policy = PINQ_DROP_NEWEST, .on_event = on_event, .on_event_ctx = &in};
    CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
    CHECK_EQ(pinq_input_init(&in, &icfg, &q), PINQ_OK);
    unsigned edges = PINQ_STRESS_EVENTS / 5 < 2000000 ? PINQ_STRESS_EVENTS / 5 : 2000000;
    pthread_t th;
    pthread_create(&th, NULL, producer, &edges);
    while (!atomic_load_explicit(&producer_done, memory_order_acquire) || pinq_pending(&q))
        pinq_dispatch(&q, 256);
    pthread_join(th, NULL);
    check_conserved(&q.ring, sent);
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(enc[0].steps, net_sent);
    CHECK_EQ(enc[0].position, detents_seen);
    CHECK_EQ(enc[0].position * 4 + enc[0].sub, enc[0].steps);
    CHECK_EQ(enc[0].errors, 0);
    CHECK_EQ(enc[0].spurious, 0);
    printf("encoder through the ring: %u edges in %.3f s = %.0f edges/s, net %ld steps exact, "
           "high water %u/%u\n",
           sent, produce_s, sent / produce_s, net_sent, st.high_water, CAP);
}

int main(void)
{
    test_directions_and_detents();
    test_noise();
    test_acceleration();
    test_generated();
    test_threaded();
    return check_done("test_encoder");
}
