/* pinq_input.c - the engine: routes each event of the stream through the
 * stages that own its line (guard -> encoder | debounce -> chord ->
 * gestures -> application), ticks their time-outs and keeps the port's
 * one-shot timer armed at the earliest pending decision. */
#include "pinq_input_util.h"

int pinq_input_init(pinq_input_t *in, const pinq_input_cfg_t *cfg, pinq_t *q)
{
    if (!in || !cfg || !cfg->emit || !cfg->tps || (cfg->nguards && !q))
        return PINQ_EINVAL;
    *in = (pinq_input_t){.cfg = cfg, .q = q};
    for (uint16_t i = 0; i < cfg->nbuttons; i++) {
        const pinq_button_cfg_t *b = &cfg->buttons[i];
        pinq_debounce_init(&cfg->button_state[i].db, b->line, !b->debounce.active);
        pinq_gesture_init(&cfg->button_state[i].g, b->line);
    }
    for (uint8_t i = 0; i < cfg->nchords; i++)
        pinq_chord_init(&cfg->chord_state[i]);
    for (uint8_t i = 0; i < cfg->nencoders; i++)
        pinq_encoder_init(&cfg->encoder_state[i], 0, 0);
    for (uint8_t i = 0; i < cfg->nguards; i++) {
        int err = pinq_guard_init(q, &cfg->guards[i], &cfg->guard_state[i], cfg->tps);
        if (err != PINQ_OK)
            return err;
    }
    return PINQ_OK;
}

static int button_of(const pinq_input_cfg_t *cfg, uint16_t line)
{
    for (uint16_t i = 0; i < cfg->nbuttons; i++)
        if (cfg->buttons[i].line == line)
            return i;
    return -1;
}

static int chord_of(const pinq_input_cfg_t *cfg, uint16_t line)
{
    for (uint8_t i = 0; i < cfg->nchords; i++)
        if (pinq_chord_member(&cfg->chords[i], line) >= 0)
            return i;
    return -1;
}

static void to_app(const pinq_event_t *ev, void *ctx)
{
    const pinq_input_t *in = ctx;
    in->cfg->emit(ev, in->cfg->emit_ctx);
}

/* After the chord stage: presses and releases go to their button's gestures. */
static void to_gesture(const pinq_event_t *ev, void *ctx)
{
    pinq_input_t *in = ctx;
    int b = button_of(in->cfg, ev->line);
    if (ev->kind == PINQ_EV_CHORD || b < 0) {
        to_app(ev, in);
        return;
    }
    pinq_sink_t out = {to_app, in};
    pinq_gesture_feed(&in->cfg->buttons[b].gesture, &in->cfg->button_state[b].g, ev, &out);
}

/* After debounce: members of a chord pass through it first. */
static void to_chord(const pinq_event_t *ev, void *ctx)
{
    pinq_input_t *in = ctx;
    int k = chord_of(in->cfg, ev->line);
    pinq_sink_t out = {to_gesture, in};
    if (k < 0)
        to_gesture(ev, in);
    else
        pinq_chord_feed(&in->cfg->chords[k], &in->cfg->chord_state[k], ev, &out);
}

static bool to_encoder(pinq_input_t *in, const pinq_event_t *ev)
{
    const pinq_input_cfg_t *cfg = in->cfg;
    pinq_sink_t out = {to_app, in};
    for (uint8_t i = 0; i < cfg->nencoders; i++) {
        if (cfg->encoders[i].line_a == ev->line || cfg->encoders[i].line_b == ev->line) {
            pinq_encoder_feed(&cfg->encoders[i], &cfg->encoder_state[i], ev, &out);
            return true;
        }
    }
    return false;
}

void pinq_input_on_event(const pinq_event_t *ev, void *engine)
{
    pinq_input_t *in = engine;
    const pinq_input_cfg_t *cfg = in->cfg;
    in->last_ts = ev->ts;
    for (uint8_t i = 0; i < cfg->nguards; i++)
        pinq_guard_feed(&cfg->guards[i], &cfg->guard_state[i], ev);
    if (to_encoder(in, ev))
        return;
    int b = button_of(cfg, ev->line);
    if (b < 0) {
        to_app(ev, in);
        return;
    }
    pinq_sink_t out = {to_chord, in};
    pinq_debounce_feed(&cfg->buttons[b].debounce, &cfg->button_state[b].db, ev, &out);
}

void pinq_input_sample(pinq_input_t *in, uint16_t line, int level, pinq_ticks_t ts)
{
    pinq_event_t ev = {.ts = ts, .line = line, .kind = PINQ_EV_LEVEL, .level = (uint8_t)(level != 0)};
    pinq_input_on_event(&ev, in);
}

bool pinq_input_deadline(const pinq_input_t *in, pinq_ticks_t *when)
{
    const pinq_input_cfg_t *cfg = in->cfg;
    bool have = false;
    pinq_ticks_t t;
    for (uint16_t i = 0; i < cfg->nbuttons; i++) {
        if (pinq_debounce_deadline(&cfg->buttons[i].debounce, &cfg->button_state[i].db, &t))
            earliest(t, when, &have);
        if (pinq_gesture_deadline(&cfg->buttons[i].gesture, &cfg->button_state[i].g, &t))
            earliest(t, when, &have);
    }
    for (uint8_t i = 0; i < cfg->nchords; i++)
        if (pinq_chord_deadline(&cfg->chords[i], &cfg->chord_state[i], &t))
            earliest(t, when, &have);
    for (uint8_t i = 0; i < cfg->nguards; i++)
        if (pinq_guard_deadline(&cfg->guards[i], &cfg->guard_state[i], &t))
            earliest(t, when, &have);
    return have;
}

/* Ask the port's one-shot timer for the next decision, once per deadline. */
static void rearm(pinq_input_t *in)
{
    pinq_ticks_t t;
    if (!in->cfg->arm || !pinq_input_deadline(in, &t)) {
        in->is_armed = 0;
        return;
    }
    if (!in->is_armed || in->armed != t)
        in->cfg->arm(in->cfg->arm_ctx, t);
    in->armed = t;
    in->is_armed = 1;
}

void pinq_input_tick(pinq_input_t *in, pinq_ticks_t now)
{
    const pinq_input_cfg_t *cfg = in->cfg;
    pinq_sink_t chord = {to_chord, in}, gesture = {to_gesture, in}, app = {to_app, in};
    for (uint16_t i = 0; i < cfg->nbuttons; i++)
        pinq_debounce_tick(&cfg->buttons[i].debounce, &cfg->button_state[i].db, now, &chord);
    for (uint8_t i = 0; i < cfg->nchords; i++)
        pinq_chord_tick(&cfg->chords[i], &cfg->chord_state[i], now, &gesture);
    for (uint16_t i = 0; i < cfg->nbuttons; i++)
        pinq_gesture_tick(&cfg->buttons[i].gesture, &cfg->button_state[i].g, now, &app);
    for (uint8_t i = 0; i < cfg->nguards; i++)
        pinq_guard_tick(in->q, &cfg->guards[i], &cfg->guard_state[i], now, cfg->tps, &app);
    rearm(in);
}

unsigned pinq_input_dispatch(pinq_input_t *in, unsigned budget)
{
    /* On one core every event stamped before `now` is already queued, so
     * once the ring is drained no event can still reach back before it. */
    if (!in->q)
        return 0;
    pinq_ticks_t now = pinq_port_now();
    unsigned n = pinq_dispatch(in->q, budget);
    pinq_input_tick(in, pinq_pending(in->q) ? in->last_ts : now);
    return n;
}
