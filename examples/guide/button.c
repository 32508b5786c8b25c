/* button.c - docs/guide.md, step 2: a mechanical button through the input
 * engine: debounce, then click, double click and long press. The edges
 * here are posted with made-up timestamps (pinq_post_at) and the engine is
 * stepped on the same made-up clock, so the run is exact and repeatable:
 * the engine decides on the edges' timestamps only, never on when the
 * main loop looks. Exits 0 when it reports CLICK x1, CLICK x2 and LONG. */
#include <stdio.h>
#include <string.h>

#include "pinq.h"
#include "pinq_input.h"

#define TPS 1000000000u /* port ticks per second (host: ns) */
#define MS(ms) ((pinq_ticks_t)(ms) * 1000000u)

enum { BUTTON, NLINES };

static const pinq_line_cfg_t lines[NLINES] = {
    [BUTTON] = {.trigger = PINQ_TRIG_BOTH}, /* no handler: the engine gets the edges */
};
PINQ_DEFINE(q, lines, NLINES, 64, PINQ_SPSC, PINQ_DROP_NEWEST);

static char seen[128];

/* The application's events: debounced, gestures decided. */
static void on_input(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    char one[32] = "";
    if (ev->kind == PINQ_EV_CLICK)
        snprintf(one, sizeof one, "CLICK x%d ", (int)pinq_input_value(ev));
    else if (ev->kind == PINQ_EV_LONG)
        snprintf(one, sizeof one, "LONG ");
    strncat(seen, one, sizeof seen - strlen(seen) - 1);
}

/* An active-low button to ground with the documented defaults: 10 ms
 * press / 20 ms release settle times, click < 250 ms, double click within
 * 300 ms, long press at 1 s (docs/input.md has the exact rules). */
static const pinq_button_cfg_t buttons[] = {PINQ_BUTTON_DEFAULT(BUTTON, TPS)};
static pinq_button_t button_ram[1];
static const pinq_input_cfg_t input_cfg = {
    .buttons = buttons, .button_state = button_ram, .nbuttons = 1, .tps = TPS, .emit = on_input};
static pinq_input_t input;

/* The pin's edges, as the ISR would stamp them. */
static struct {
    pinq_ticks_t t;
    int level;
} pin[64];
static unsigned npin;

/* A contact that bounces: three short bounces, then `level`. */
static void bouncy_edge(pinq_ticks_t t, int level)
{
    for (int i = 0; i < 3; i++) {
        pin[npin].t = t + MS(i), pin[npin++].level = level;
        pin[npin].t = t + MS(i) + MS(1) / 2, pin[npin++].level = !level;
    }
    pin[npin].t = t + MS(3), pin[npin++].level = level;
}

static void press(pinq_ticks_t at, pinq_ticks_t held)
{
    bouncy_edge(at, 0);
    bouncy_edge(at + held, 1);
}

int main(void)
{
    q_cfg.on_event = pinq_input_on_event; /* the core feeds the engine */
    q_cfg.on_event_ctx = &input;
    if (pinq_init(&q, &q_cfg) != PINQ_OK || pinq_input_init(&input, &input_cfg, &q) != PINQ_OK)
        return 1;

    press(MS(100), MS(120));  /* a click */
    press(MS(1000), MS(100)); /* a double click: a second press */
    press(MS(1300), MS(100)); /*   200 ms after the first one's release */
    press(MS(3000), MS(1500)); /* a long press */
    unsigned next = 0;
    for (pinq_ticks_t now = 0; now <= MS(6000); now += MS(10)) { /* a 10 ms main loop */
        while (next < npin && pin[next].t <= now) { /* the edges since the last pass (the "ISR") */
            pinq_post_at(&q, BUTTON, pin[next].level, pin[next].t);
            next++;
        }
        pinq_input_dispatch_at(&input, 32, now); /* feed the engine, decide what is due */
    }
    printf("guide_button: %s\n", seen);
    return strcmp(seen, "CLICK x1 CLICK x2 LONG ") == 0 ? 0 : 1;
}
