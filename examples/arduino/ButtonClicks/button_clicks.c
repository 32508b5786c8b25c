/* button_clicks.c - ButtonClicks' pinq side, in C: the queue, the input
 * engine with the default button timings (docs/input.md), and the pin's
 * interrupt bound through the Arduino port. */
#include "button_clicks.h"

#include "pinq_arduino.h"
#include "pinq_input.h"

#define TPS 1000000u /* the Arduino port's ticks: microseconds */

enum { BUTTON, NLINES };

static const pinq_line_cfg_t lines[NLINES] = {[BUTTON] = {.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, NLINES, 16, PINQ_SPSC, PINQ_DROP_NEWEST);

static const pinq_button_cfg_t buttons[] = {PINQ_BUTTON_DEFAULT(BUTTON, TPS)};
static pinq_button_t button_ram[1];

/* Gestures the engine reported and the sketch has not taken yet. One
 * raw event makes at most three (RELEASE's LONG_UP, CLICK...), and the
 * engine is fed one event at a time, only when this is empty. */
static button_gesture_t ready[4];
static uint8_t nready, taken;

static void on_input(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    uint8_t kind = ev->kind == PINQ_EV_CLICK     ? BUTTON_CLICK
                   : ev->kind == PINQ_EV_LONG    ? BUTTON_LONG
                   : ev->kind == PINQ_EV_LONG_UP ? BUTTON_LONG_UP
                   : ev->kind == PINQ_EV_LOST    ? BUTTON_LOST
                                                 : 0; /* PRESS, RELEASE: not printed */
    if (kind && nready < sizeof ready / sizeof ready[0])
        ready[nready++] = (button_gesture_t){kind, pinq_input_value(ev), (uint32_t)(ev->ts / (TPS / 1000u))};
}

static const pinq_input_cfg_t input_cfg = {
    .buttons = buttons, .button_state = button_ram, .nbuttons = 1, .tps = TPS, .emit = on_input};
static pinq_input_t input;

int button_clicks_begin(uint8_t pin)
{
    q_cfg.on_event = pinq_input_on_event; /* the core feeds the engine */
    q_cfg.on_event_ctx = &input;
    int err = pinq_init(&q, &q_cfg);
    if (err == PINQ_OK)
        err = pinq_input_init(&input, &input_cfg, &q);
    if (err == PINQ_OK)
        err = pinq_arduino_attach(&q, BUTTON, pin);
    return err;
}

bool button_clicks_next(button_gesture_t *g, uint32_t wait_ms)
{
    if (taken == nready) {
        taken = nready = 0;
        /* with no one-shot timer the engine's time-outs (multi-click gap,
         * long press) are decided by this periodic pass */
        pinq_wait(&q, wait_ms);
        pinq_input_dispatch(&input, 1);
    }
    if (taken == nready)
        return false;
    *g = ready[taken++];
    return true;
}
