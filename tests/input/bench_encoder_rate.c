/* bench_encoder_rate.c - cost per encoder edge, portable (host and every
 * embedded port): generated quadrature edges go through the real path -
 * pinq_post (timestamp, trip counter, ring push) then pinq_dispatch (pop,
 * route, decode) - in bursts of 32, like an ISR and a main loop taking
 * turns. Prints port ticks per edge and edges/s of port time; checks the
 * count and conservation exactly. Under QEMU with -icount shift=10 on mps2
 * (25 MHz SysTick) one instruction is 25.6 ticks, so the figure is also an
 * exact instruction count per edge. */
#include "quadrature.h"
#include "trace.h"

#define EDGES 100000u
#define BURST 32u

static const pinq_line_cfg_t lines[2] = {{.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, 2, 64, PINQ_SPSC, PINQ_DROP_NEWEST);
static const pinq_encoder_cfg_t enc_cfg[1] = {{.line_a = LA, .line_b = LB, .steps_per_detent = 4}};
static pinq_encoder_t enc[1];
static long detents;

static void on_step(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    detents += pinq_input_value(ev);
}

static const pinq_input_cfg_t icfg = {.encoders = enc_cfg, .encoder_state = enc, .nencoders = 1,
                                      .tps = 1, .emit = on_step};

int main(void)
{
    static pinq_input_t in;
    q_cfg.on_event = pinq_input_on_event;
    q_cfg.on_event_ctx = &in;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_input_init(&in, &icfg, &q), PINQ_OK);
    uint8_t ab = 0;
    long net = 0;
    pinq_ticks_t t0 = pinq_port_now();
    for (uint32_t sent = 0; sent < EDGES; sent += BURST) {
        for (uint32_t k = 0; k < BURST; k++) {
            int dir = (sent / 4096u) % 3 == 2 ? -1 : 1; /* two turns forward, one back */
            uint16_t line;
            int level;
            step_edge(ab, dir, &line, &level);
            pinq_post(&q, line, level);
            ab = phases_after(ab, line, level);
            net += dir;
        }
        pinq_dispatch(&q, BURST);
    }
    pinq_ticks_t ticks = pinq_port_now() - t0;
    check_conserved(&q.ring, EDGES);
    CHECK_EQ(enc[0].steps, net);
    CHECK_EQ(enc[0].position, detents);
    CHECK_EQ(enc[0].errors, 0);
    uint32_t tps = pinq_port_ticks_per_sec();
    printf("encoder path: %u edges, %lu.%02lu port ticks per edge (post + dispatch + decode), "
           "%lu edges/s of port time (%lu ticks/s)\n",
           EDGES, (unsigned long)(ticks / EDGES), (unsigned long)(ticks * 100 / EDGES % 100),
           (unsigned long)(ticks ? (uint64_t)EDGES * tps / ticks : 0), (unsigned long)tps);
    return check_done("bench_encoder_rate");
}
