/* pinq_gesture.c - per-button gesture stage: press/release in, click,
 * multi-click, long press and auto-repeat out, classified from event
 * timestamps so a stalled consumer classifies like a prompt one. */
#include "pinq_input_util.h"

void pinq_gesture_init(pinq_gesture_t *s, uint16_t line)
{
    *s = (pinq_gesture_t){.line = line};
}

static pinq_ticks_t long_at(const pinq_gesture_cfg_t *c, const pinq_gesture_t *s)
{
    return s->press_ts + c->longp;
}

static pinq_ticks_t repeat_at(const pinq_gesture_cfg_t *c, const pinq_gesture_t *s)
{
    return s->press_ts + c->repeat_delay + (pinq_ticks_t)s->repeats * c->repeat;
}

static bool long_pending(const pinq_gesture_cfg_t *c, const pinq_gesture_t *s)
{
    return s->down && c->longp && !s->long_done;
}

static bool repeat_pending(const pinq_gesture_cfg_t *c, const pinq_gesture_t *s)
{
    return s->down && c->repeat_delay && (c->repeat || s->repeats == 0);
}

/* Report the open multi-click sequence, if any. */
static void flush_clicks(pinq_gesture_t *s, const pinq_sink_t *out)
{
    if (s->clicks)
        emit(out, s->release_ts, s->line, PINQ_EV_CLICK, 0, s->clicks);
    s->clicks = 0;
}

bool pinq_gesture_deadline(const pinq_gesture_cfg_t *c, const pinq_gesture_t *s, pinq_ticks_t *when)
{
    bool have = false;
    if (long_pending(c, s))
        earliest(long_at(c, s), when, &have);
    if (repeat_pending(c, s))
        earliest(repeat_at(c, s), when, &have);
    if (!s->down && s->clicks && c->multi)
        earliest(s->release_ts + c->multi + 1, when, &have);
    return have;
}

/* Report, in time order, every time-out reached by `now`. */
void pinq_gesture_tick(const pinq_gesture_cfg_t *c, pinq_gesture_t *s, pinq_ticks_t now, const pinq_sink_t *out)
{
    pinq_ticks_t t;
    while (pinq_gesture_deadline(c, s, &t) && reached(now, t)) {
        if (long_pending(c, s) && t == long_at(c, s)) {
            s->long_done = 1;
            flush_clicks(s, out); /* a click before a long press stands alone */
            emit(out, t, s->line, PINQ_EV_LONG, 1, 0);
        } else if (repeat_pending(c, s) && t == repeat_at(c, s)) {
            s->repeats++;
            emit(out, t, s->line, PINQ_EV_REPEAT, 1, s->repeats);
        } else {
            flush_clicks(s, out); /* the multi-click gap ran out */
        }
    }
}

static void on_release(const pinq_gesture_cfg_t *c, pinq_gesture_t *s, const pinq_event_t *ev,
                       const pinq_sink_t *out)
{
    s->down = 0;
    out->fn(ev, out->ctx);
    if (s->long_done || s->repeats)
        return; /* a held press is not a click */
    if (span(s->press_ts, ev->ts) > c->click) {
        flush_clicks(s, out);
        return;
    }
    s->clicks++;
    s->release_ts = ev->ts;
    if (c->multi == 0 || s->clicks == c->max_clicks)
        flush_clicks(s, out);
}

void pinq_gesture_feed(const pinq_gesture_cfg_t *c, pinq_gesture_t *s, const pinq_event_t *ev,
                       const pinq_sink_t *out)
{
    pinq_gesture_tick(c, s, ev->ts, out); /* time-outs that ran out before this event */
    if (ev->kind == PINQ_EV_PRESS && !s->down) {
        s->down = 1;
        s->press_ts = ev->ts;
        s->long_done = 0;
        s->repeats = 0;
        out->fn(ev, out->ctx);
    } else if (ev->kind == PINQ_EV_RELEASE && s->down) {
        on_release(c, s, ev, out);
    }
}
