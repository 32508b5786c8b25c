/* pinq_gesture.c - per-button gesture stage: press/release in; click,
 * multi-click, long presses, auto-repeat and their running counts out,
 * each decided at a timestamp on the ISR timeline, so a stalled consumer
 * classifies like a prompt one. */
#include "pinq_input_util.h"

void pinq_gesture_init(pinq_gesture_t *s, uint16_t line)
{
    *s = (pinq_gesture_t){.line = line};
}

/* Thresholds are increasing and end at the first 0. */
static bool long_pending(const pinq_gesture_cfg_t *c, const pinq_gesture_t *s)
{
    return s->down && !s->unknown && s->longs < PINQ_LONG_MAX && c->longp[s->longs];
}

static pinq_ticks_t long_at(const pinq_gesture_cfg_t *c, const pinq_gesture_t *s)
{
    return s->press_ts + c->longp[s->longs];
}

static bool repeat_pending(const pinq_gesture_cfg_t *c, const pinq_gesture_t *s)
{
    return s->down && !s->unknown && c->repeat_delay && (c->repeat || s->repeats == 0);
}

static pinq_ticks_t repeat_at(const pinq_gesture_cfg_t *c, const pinq_gesture_t *s)
{
    return s->press_ts + c->repeat_delay + (pinq_ticks_t)s->repeats * c->repeat;
}

/* A press in an open sequence stops being a click at press + click. */
static bool too_long_pending(const pinq_gesture_t *s)
{
    return s->down && s->clicks && !s->unknown;
}

/* The open sequence is over at `t`: report it unless each click already was. */
static void end_sequence(const pinq_gesture_cfg_t *c, pinq_gesture_t *s, pinq_ticks_t t, const pinq_sink_t *out)
{
    if (s->clicks && !(c->flags & PINQ_GESTURE_IMMEDIATE))
        emit(out, t, s->line, PINQ_EV_CLICK, 0, s->clicks);
    s->clicks = 0;
}

bool pinq_gesture_deadline(const pinq_gesture_cfg_t *c, const pinq_gesture_t *s, pinq_ticks_t *when)
{
    bool have = false;
    if (long_pending(c, s))
        earliest(long_at(c, s), when, &have);
    if (repeat_pending(c, s))
        earliest(repeat_at(c, s), when, &have);
    if (too_long_pending(s))
        earliest(s->press_ts + c->click, when, &have);
    if (!s->down && s->clicks && c->multi)
        earliest(s->release_ts + c->multi, when, &have);
    return have;
}

/* One time-out at `t`; on one tick: end of sequence, LONG, then REPEAT.
 * While a sequence is open every time-out ends it: the gap ran out, or the
 * press in it reached `click` (or, sooner, its first REPEAT). */
static void time_out(const pinq_gesture_cfg_t *c, pinq_gesture_t *s, pinq_ticks_t t, const pinq_sink_t *out)
{
    if (s->clicks) {
        end_sequence(c, s, t, out);
    } else if (long_pending(c, s) && t == long_at(c, s)) {
        s->longs++;
        emit(out, t, s->line, PINQ_EV_LONG, 1, s->longs);
    } else if (repeat_pending(c, s) && t == repeat_at(c, s)) {
        s->repeats++;
        emit(out, t, s->line, PINQ_EV_REPEAT, 1, s->repeats);
    }
}

void pinq_gesture_tick(const pinq_gesture_cfg_t *c, pinq_gesture_t *s, pinq_ticks_t now, const pinq_sink_t *out)
{
    pinq_ticks_t t;
    while (pinq_gesture_deadline(c, s, &t) && reached(now, t))
        time_out(c, s, t, out);
}

/* A counted click: report it as the flags ask; close a full sequence. */
static void count_click(const pinq_gesture_cfg_t *c, pinq_gesture_t *s, pinq_ticks_t ts, const pinq_sink_t *out)
{
    s->clicks++;
    s->release_ts = ts;
    if (c->flags & PINQ_GESTURE_COUNT)
        emit(out, ts, s->line, PINQ_EV_COUNT, 0, s->clicks);
    if (c->flags & PINQ_GESTURE_IMMEDIATE)
        emit(out, ts, s->line, PINQ_EV_CLICK, 0, s->clicks);
    if (c->multi == 0 || s->clicks == c->max_clicks)
        end_sequence(c, s, ts, out);
}

static void on_release(const pinq_gesture_cfg_t *c, pinq_gesture_t *s, const pinq_event_t *ev,
                       const pinq_sink_t *out)
{
    s->down = 0;
    out->fn(ev, out->ctx);
    if (s->unknown) {
        s->unknown = 0; /* it began during a loss */
        return;
    }
    if (s->longs)
        emit(out, ev->ts, s->line, PINQ_EV_LONG_UP, 0, s->longs);
    if (!s->longs && !s->repeats && span(s->press_ts, ev->ts) < c->click)
        count_click(c, s, ev->ts, out);
}

/* Edges were lost: nothing in progress can be trusted. */
static void on_lost(pinq_gesture_t *s, const pinq_event_t *ev, const pinq_sink_t *out)
{
    s->clicks = 0;
    s->down = (uint8_t)PINQ_LEVEL(ev);
    s->unknown = s->down;
    out->fn(ev, out->ctx);
}

void pinq_gesture_feed(const pinq_gesture_cfg_t *c, pinq_gesture_t *s, const pinq_event_t *ev,
                       const pinq_sink_t *out)
{
    pinq_gesture_tick(c, s, ev->ts, out); /* time-outs at or before this event */
    if (ev->kind == PINQ_EV_PRESS && !s->down) {
        s->down = 1;
        s->unknown = 0;
        s->press_ts = ev->ts;
        s->longs = 0;
        s->repeats = 0;
        out->fn(ev, out->ctx);
    } else if (ev->kind == PINQ_EV_RELEASE && s->down) {
        on_release(c, s, ev, out);
    } else if (ev->kind == PINQ_EV_LOST) {
        on_lost(s, ev, out);
    }
}
