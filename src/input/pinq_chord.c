/* pinq_chord.c - chord stage: two or more lines pressed within a window
 * make one CHORD event, and their own presses (hence clicks) are swallowed.
 * Sits between debounce and gestures; a press it holds back is let through
 * with its original timestamp, so gesture timing is unaffected. */
#include "pinq_input_util.h"

void pinq_chord_init(pinq_chord_t *s)
{
    *s = (pinq_chord_t){0};
}

int pinq_chord_member(const pinq_chord_cfg_t *c, uint16_t line)
{
    for (int i = 0; i < c->n && i < PINQ_CHORD_MAX; i++)
        if (c->lines[i] == line)
            return i;
    return -1;
}

static uint8_t all_members(const pinq_chord_cfg_t *c)
{
    return (uint8_t)((1u << c->n) - 1u);
}

/* Let the held-back presses through, oldest first. */
static void release_held(const pinq_chord_cfg_t *c, pinq_chord_t *s, const pinq_sink_t *out)
{
    while (s->pending) {
        int first = -1;
        for (int i = 0; i < c->n; i++)
            if ((s->pending >> i & 1u) && (first < 0 || !reached(s->held[i], s->held[first])))
                first = i;
        s->pending &= (uint8_t)~(1u << first);
        emit(out, s->held[first], c->lines[first], PINQ_EV_PRESS, s->levels >> first & 1u, 0);
    }
}

bool pinq_chord_deadline(const pinq_chord_cfg_t *c, const pinq_chord_t *s, pinq_ticks_t *when)
{
    if (!s->pending)
        return false;
    *when = s->first + c->window + 1;
    return true;
}

void pinq_chord_tick(const pinq_chord_cfg_t *c, pinq_chord_t *s, pinq_ticks_t now, const pinq_sink_t *out)
{
    pinq_ticks_t t;
    if (pinq_chord_deadline(c, s, &t) && reached(now, t))
        release_held(c, s, out);
}

static void on_press(const pinq_chord_cfg_t *c, pinq_chord_t *s, int i, const pinq_event_t *ev,
                     const pinq_sink_t *out)
{
    s->pressed |= (uint8_t)(1u << i);
    if (s->active)
        return;
    if (!s->pending)
        s->first = ev->ts;
    s->pending |= (uint8_t)(1u << i);
    s->held[i] = ev->ts;
    s->levels = (uint8_t)((s->levels & ~(1u << i)) | (unsigned)PINQ_LEVEL(ev) << i);
    if (s->pending == all_members(c)) {
        s->pending = 0;
        s->active = 1;
        emit(out, ev->ts, c->id, PINQ_EV_CHORD, 1, all_members(c));
    }
}

void pinq_chord_feed(const pinq_chord_cfg_t *c, pinq_chord_t *s, const pinq_event_t *ev, const pinq_sink_t *out)
{
    int i = pinq_chord_member(c, ev->line);
    if (i < 0)
        return;
    pinq_chord_tick(c, s, ev->ts, out);
    if (ev->kind == PINQ_EV_PRESS) {
        on_press(c, s, i, ev, out);
        return;
    }
    if (ev->kind != PINQ_EV_RELEASE)
        return;
    s->pressed &= (uint8_t)~(1u << i);
    if (s->active) {
        s->active = s->pressed != 0; /* swallow until every member is up */
        return;
    }
    if (s->pending >> i & 1u)
        release_held(c, s, out); /* released before the chord formed: a plain press */
    out->fn(ev, out->ctx);
}
