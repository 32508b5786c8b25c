/* pinq_input.c - the engine: routes each event of the stream through the
 * stages that own its line (guard -> encoder | debounce -> chord ->
 * gestures -> application) and takes every decision in timeline order.
 *
 * A debouncer decides a level some time after the edge it reports, so the
 * stages after it may only decide up to its horizon (the earliest ts it may
 * still report). advance() replays the timeline up to a time w: each
 * debounce decision at its own time d, and before it every chord step and
 * gesture time-out that is final at d, earliest first. The same events thus
 * come out in the same order whether the loop calls tick() every
 * millisecond or once after a long stall. */
#include "pinq_input_util.h"

static void to_app(const pinq_event_t *ev, void *ctx)
{
    const pinq_input_t *in = ctx;
    in->cfg->emit(ev, in->cfg->emit_ctx);
}

static bool chord_kind(uint8_t kind)
{
    return kind == PINQ_EV_CHORD || kind == PINQ_EV_CHORD_HOLD || kind == PINQ_EV_CHORD_UP;
}

/* After the chord stage: a button's events go to its gestures; CHORD*
 * events carry a chord id, not a line, and go to the application. */
static void to_gesture(const pinq_event_t *ev, void *ctx)
{
    pinq_input_t *in = ctx;
    int b = chord_kind(ev->kind) ? -1 : button_index(in->cfg, ev->line);
    if (b < 0) {
        to_app(ev, in);
        return;
    }
    pinq_sink_t out = {to_app, in};
    pinq_gesture_feed(&in->cfg->buttons[b].gesture, &in->cfg->button_state[b].g, ev, &out);
}

/* After debounce: members of a chord wait in its queue. */
static void from_debounce(const pinq_event_t *ev, void *ctx)
{
    pinq_input_t *in = ctx;
    int k = in->cfg->button_state[button_index(in->cfg, ev->line)].chord - 1;
    pinq_sink_t out = {to_gesture, in};
    if (k < 0)
        to_gesture(ev, in);
    else
        pinq_chord_feed(&in->cfg->chords[k], &in->cfg->chord_state[k], ev, &out);
}

static pinq_ticks_t debounce_horizon(const pinq_input_cfg_t *cfg, int b, pinq_ticks_t wall)
{
    return pinq_debounce_horizon(&cfg->buttons[b].debounce, &cfg->button_state[b].db, wall);
}

/* Earliest ts any member of chord k may still send it. */
static pinq_ticks_t chord_input_horizon(const pinq_input_cfg_t *cfg, int k, pinq_ticks_t wall)
{
    pinq_ticks_t h = wall;
    for (int i = 0; i < cfg->chords[k].n; i++) {
        pinq_ticks_t m = debounce_horizon(cfg, cfg->chord_state[k].button[i], wall);
        h = reached(m, h) ? h : m;
    }
    return h;
}

/* Earliest ts button b's gestures may still be sent. */
static pinq_ticks_t gesture_horizon(const pinq_input_cfg_t *cfg, int b, pinq_ticks_t wall)
{
    pinq_ticks_t h = debounce_horizon(cfg, b, wall);
    const pinq_button_t *st = &cfg->button_state[b];
    if (!st->chord)
        return h;
    int k = st->chord - 1;
    return pinq_chord_horizon(&cfg->chords[k], &cfg->chord_state[k], st->member, h);
}

/* Take every chord step and gesture time-out that is final at `wall`,
 * earliest first (a chord before gestures on one tick: it feeds them). */
static void run_stages(pinq_input_t *in, pinq_ticks_t wall)
{
    const pinq_input_cfg_t *cfg = in->cfg;
    pinq_sink_t gesture = {to_gesture, in}, app = {to_app, in};
    for (;;) {
        int chord = -1, button = -1;
        pinq_ticks_t best = 0, t, h = 0;
        for (int k = 0; k < cfg->nchords; k++) {
            pinq_ticks_t hk = chord_input_horizon(cfg, k, wall);
            if (pinq_chord_next(&cfg->chords[k], &cfg->chord_state[k], hk, &t) &&
                (chord < 0 || !reached(t, best))) {
                chord = k;
                best = t;
                h = hk;
            }
        }
        for (int b = 0; b < cfg->nbuttons; b++) {
            if (pinq_gesture_deadline(&cfg->buttons[b].gesture, &cfg->button_state[b].g, &t) &&
                ((chord < 0 && button < 0) || !reached(t, best)) && reached(gesture_horizon(cfg, b, wall), t)) {
                chord = -1;
                button = b;
                best = t;
            }
        }
        if (chord >= 0)
            pinq_chord_step(&cfg->chords[chord], &cfg->chord_state[chord], h, &gesture);
        else if (button >= 0)
            pinq_gesture_tick(&cfg->buttons[button].gesture, &cfg->button_state[button].g, best, &app);
        else
            return;
    }
}

/* The debouncer whose decision falls due first, at or before w. */
static int next_debounce(const pinq_input_cfg_t *cfg, pinq_ticks_t w, pinq_ticks_t *d)
{
    int first = -1;
    pinq_ticks_t t;
    for (int b = 0; b < cfg->nbuttons; b++) {
        if (pinq_debounce_deadline(&cfg->buttons[b].debounce, &cfg->button_state[b].db, &t) && reached(w, t) &&
            (first < 0 || !reached(t, *d))) {
            first = b;
            *d = t;
        }
    }
    return first;
}

/* Replay the timeline up to w (see the top of this file). */
static void advance(pinq_input_t *in, pinq_ticks_t w)
{
    const pinq_input_cfg_t *cfg = in->cfg;
    pinq_sink_t out = {from_debounce, in};
    for (;;) {
        pinq_ticks_t d;
        int b = next_debounce(cfg, w, &d);
        run_stages(in, b >= 0 ? d : w);
        if (b < 0)
            break;
        pinq_debounce_tick(&cfg->buttons[b].debounce, &cfg->button_state[b].db, d, &out);
    }
    in->wall = w;
}

/* Move the engine's time to `now` if it is later; false if it is earlier. */
static bool catch_up(pinq_input_t *in, pinq_ticks_t now)
{
    if (!in->started) {
        in->started = 1;
        in->wall = now;
    }
    if (!reached(now, in->wall))
        return false;
    advance(in, now);
    return true;
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

/* Take an event's time. A RESYNC stamped with no time (nothing delivered
 * before it) is taken at the engine's time, once it has one. */
static void take_time(pinq_input_t *in, pinq_event_t *e)
{
    bool no_ts = e->kind == PINQ_EV_RESYNC && (e->level & PINQ_FLAG_NO_TS);
    if (no_ts) {
        if (in->started) {
            e->ts = in->wall;
            e->level &= (uint8_t)~PINQ_FLAG_NO_TS;
        }
    } else if (!catch_up(in, e->ts)) {
        e->ts = in->wall; /* another producer's older stamp: its time has been decided */
        in->late++;
    }
}

/* Before the engine has a time nothing is in progress: a RESYNC with no
 * time only sets the line's level and is reported (flag kept). */
static bool resync_at_start(pinq_input_t *in, const pinq_event_t *e, int b)
{
    if (in->started || e->kind != PINQ_EV_RESYNC || b < 0)
        return false;
    const pinq_input_cfg_t *cfg = in->cfg;
    pinq_sink_t out = {to_gesture, in};
    pinq_debounce_feed(&cfg->buttons[b].debounce, &cfg->button_state[b].db, e, &out);
    return true;
}

void pinq_input_on_event(const pinq_event_t *ev, void *engine)
{
    pinq_input_t *in = engine;
    const pinq_input_cfg_t *cfg = in->cfg;
    pinq_event_t e = *ev;
    take_time(in, &e);
    if (in->started)
        in->last_ts = e.ts;
    for (uint8_t i = 0; i < cfg->nguards; i++)
        pinq_guard_feed(&cfg->guards[i], &cfg->guard_state[i], &e);
    if (to_encoder(in, &e))
        return;
    int b = button_index(cfg, e.line);
    if (b < 0) {
        to_app(ev, in);
        return;
    }
    if (resync_at_start(in, &e, b))
        return;
    pinq_sink_t out = {from_debounce, in};
    pinq_debounce_feed(&cfg->buttons[b].debounce, &cfg->button_state[b].db, &e, &out);
    run_stages(in, e.ts);
}

void pinq_input_sample(pinq_input_t *in, uint16_t line, int level, pinq_ticks_t ts)
{
    pinq_event_t ev = {.ts = ts, .line = line, .kind = PINQ_EV_LEVEL, .level = (uint8_t)(level != 0)};
    pinq_input_on_event(&ev, in);
}

/* Keep in *when the earliest t still ahead of the engine's time. */
static void ahead(const pinq_input_t *in, pinq_ticks_t t, pinq_ticks_t *when, bool *have)
{
    if (!in->started || !reached(in->wall, t))
        earliest(t, when, have);
}

bool pinq_input_deadline(const pinq_input_t *in, pinq_ticks_t *when)
{
    const pinq_input_cfg_t *cfg = in->cfg;
    bool have = false;
    pinq_ticks_t t;
    for (uint16_t i = 0; i < cfg->nbuttons; i++) {
        if (pinq_debounce_deadline(&cfg->buttons[i].debounce, &cfg->button_state[i].db, &t))
            ahead(in, t, when, &have);
        if (pinq_gesture_deadline(&cfg->buttons[i].gesture, &cfg->button_state[i].g, &t))
            ahead(in, t, when, &have); /* one due already waits for a debounce deadline */
    }
    for (uint8_t i = 0; i < cfg->nchords; i++)
        if (pinq_chord_deadline(&cfg->chords[i], &cfg->chord_state[i], &t))
            ahead(in, t, when, &have);
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
    pinq_sink_t app = {to_app, in};
    catch_up(in, now);
    for (uint8_t i = 0; i < cfg->nguards; i++)
        pinq_guard_tick(in->q, &cfg->guards[i], &cfg->guard_state[i], now, cfg->tps, &app);
    rearm(in);
}

unsigned pinq_input_dispatch_at(pinq_input_t *in, unsigned budget, pinq_ticks_t now)
{
    /* On one core every event stamped before `now` is already queued, so
     * once the ring is drained no event can still reach back before it. */
    if (!in->q)
        return 0;
    unsigned n = pinq_dispatch(in->q, budget);
    if (!pinq_pending(in->q))
        pinq_input_tick(in, now);
    else if (in->started)
        pinq_input_tick(in, in->last_ts); /* no later: an event still queued may be older than `now` */
    return n;
}

unsigned pinq_input_dispatch(pinq_input_t *in, unsigned budget)
{
    return in->q ? pinq_input_dispatch_at(in, budget, pinq_port_now()) : 0;
}
