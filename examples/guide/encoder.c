/* encoder.c - docs/guide.md, step 3: a rotary encoder on two interrupt
 * lines through the engine's encoder stage, and a storm guard on a
 * contact that may chatter. The knob's edges are posted with made-up
 * timestamps, as in button.c. Exits 0 when the engine reports three
 * detents one way and one back, with no invalid transition. */
#include <stdio.h>

#include "pinq.h"
#include "pinq_input.h"

#define TPS 1000000000u /* port ticks per second (host: ns) */
#define US(us) ((pinq_ticks_t)(us) * 1000u)

enum { KNOB_A, KNOB_B, LID, NLINES };

static int lid_pin = 1; /* the host's stand-in for the lid switch's GPIO */
static int read_lid(void *ctx)
{
    (void)ctx;
    return lid_pin;
}

/* Every edge of both phases matters: a missed edge is a lost or wrong
 * step, so the knob's lines interrupt on both edges and the ring is
 * large enough for a fast turn between two passes of the main loop. The
 * lid switch may chatter when its contact wears: the storm guard gives
 * it a read function and a poll period to fall back on. */
static const pinq_line_cfg_t lines[NLINES] = {
    [KNOB_A] = {.trigger = PINQ_TRIG_BOTH},
    [KNOB_B] = {.trigger = PINQ_TRIG_BOTH},
    [LID] = {.trigger = PINQ_TRIG_BOTH, .read = read_lid, .poll_period = 10 * 1000000u},
};
PINQ_DEFINE(q, lines, NLINES, 128, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_POLL_STORAGE(q, NLINES); /* the guard's trip and the polled fallback */

static const pinq_encoder_cfg_t knobs[] = {{.line_a = KNOB_A, .line_b = KNOB_B, .steps_per_detent = 4}};
static pinq_encoder_t knob_ram[1];
/* Above 2000 edges/s the lid's interrupt is masked and the line polled
 * (STORM); after 1 s below 50 edges/s it gets its interrupt back (CALM). */
static const pinq_guard_cfg_t guards[] = {
    {.line = LID, .check = 16, .storm_rate = 2000, .calm_rate = 50, .hold = PINQ_MS(1000, TPS)}};
static pinq_guard_t guard_ram[1];

static int detents, steps_events;

static void on_input(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind == PINQ_EV_STEP) {
        detents += pinq_input_value(ev); /* signed: the direction */
        steps_events++;
    } else if (ev->kind == PINQ_EV_STORM || ev->kind == PINQ_EV_CALM) { /* the lid's guard */
        printf("lid: %s\n", ev->kind == PINQ_EV_STORM ? "chattering, now polled" : "calm, interrupt back");
    }
}

static const pinq_input_cfg_t input_cfg = {.encoders = knobs, .encoder_state = knob_ram, .nencoders = 1,
                                           .guards = guards, .guard_state = guard_ram, .nguards = 1,
                                           .tps = TPS, .emit = on_input};
static pinq_input_t input;

/* One detent: a whole quadrature cycle from A B = 00, one phase changing
 * at each of its 4 edges, `gap` apart. */
static pinq_ticks_t turn(pinq_ticks_t t, int dir, pinq_ticks_t gap)
{
    /* A B after each edge; the engine counts B leading A as positive */
    static const uint8_t fwd[4] = {1, 3, 2, 0}, back[4] = {2, 3, 1, 0};
    uint8_t ab = 0;
    for (int i = 0; i < 4; i++) {
        uint8_t next = dir > 0 ? fwd[i] : back[i];
        if ((next ^ ab) & 2)
            pinq_post_at(&q, KNOB_A, next >> 1, t += gap);
        else
            pinq_post_at(&q, KNOB_B, next & 1, t += gap);
        ab = next;
    }
    return t;
}

int main(void)
{
    q_cfg.poll = q_poll;
    q_cfg.on_event = pinq_input_on_event;
    q_cfg.on_event_ctx = &input;
    if (pinq_init(&q, &q_cfg) != PINQ_OK || pinq_input_init(&input, &input_cfg, &q) != PINQ_OK)
        return 1;
    pinq_ticks_t t = 0;
    for (int i = 0; i < 3; i++)
        t = turn(t, +1, US(500)); /* 3 detents, 500 us between edges */
    t = turn(t, -1, US(500));     /* and 1 back */
    pinq_input_dispatch_at(&input, 64, t + US(1));
    printf("guide_encoder: %d detents in %d STEP events, %u invalid transitions\n", detents, steps_events,
           (unsigned)knob_ram[0].errors);
    return detents == 2 && steps_events == 4 && knob_ram[0].errors == 0 ? 0 : 1;
}
