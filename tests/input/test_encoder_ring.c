/* test_encoder_ring.c - generated noisy quadrature edges pushed from a
 * producer thread (the "ISR") through the real ring and decoded by the
 * engine in the main loop, far above the ~3.6 k interrupts/s where
 * MicroPython's ESP32 pin IRQs fail: exact count, exact conservation,
 * rate printed. */
#include <pthread.h>

#include "quadrature.h"
#include "trace.h"

#define CAP 4096
static const pinq_line_cfg_t lines[2] = {{.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, 2, CAP, PINQ_SPSC, PINQ_DROP_NEWEST);
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
    q_cfg.on_event = on_event;
    q_cfg.on_event_ctx = &in;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
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
    test_threaded();
    return check_done("test_encoder_ring");
}
