/* pinq_chord.c - chord stage: two or more lines pressed within a window
 * make one CHORD event, and their own presses (hence clicks) are swallowed
 * until every member is up; CHORD_HOLD and CHORD_UP let a chord act as a
 * modifier. Sits between debounce and gestures. Each member's debouncer
 * decides at its own pace, so member events are queued and taken in
 * timestamp order once no member can still report an earlier one (the
 * caller's `horizon`); a press held back is let through with its own
 * timestamp, so gesture timing is unaffected. */
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

/* Is queued event a before b? Timestamp, then member order. */
static bool in_before(const pinq_chord_in_t *a, const pinq_chord_in_t *b)
{
    return a->ts != b->ts ? !reached(a->ts, b->ts) : a->member < b->member;
}

/* Index of the first queued event, or -1; among equals the first queued,
 * so one member's events on one tick keep their order. */
static int queue_first(const pinq_chord_t *s)
{
    int first = -1;
    for (int i = 0; i < s->queued; i++)
        if (first < 0 || in_before(&s->queue[i], &s->queue[first]))
            first = i;
    return first;
}

static void pass(const pinq_chord_cfg_t *c, const pinq_chord_in_t *e, const pinq_sink_t *out)
{
    emit(out, e->ts, c->lines[e->member], e->kind, e->level, e->value);
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

static void chord_up(const pinq_chord_cfg_t *c, pinq_chord_t *s, pinq_ticks_t ts, const pinq_sink_t *out)
{
    if (!s->up_done)
        emit(out, ts, c->id, PINQ_EV_CHORD_UP, 0, all_members(c));
    s->up_done = 1;
    s->active = s->pressed != 0; /* swallow until every member is up */
}

static void on_press(const pinq_chord_cfg_t *c, pinq_chord_t *s, const pinq_chord_in_t *e, const pinq_sink_t *out)
{
    uint8_t bit = (uint8_t)(1u << e->member);
    s->pressed |= bit;
    if (s->active)
        return;
    if (!s->pending)
        s->first = e->ts;
    s->pending |= bit;
    s->held[e->member] = e->ts;
    s->levels = (uint8_t)((s->levels & ~bit) | (unsigned)(e->level & 1u) << e->member);
    if (s->pending != all_members(c))
        return;
    s->pending = 0;
    s->active = 1;
    s->formed = e->ts;
    s->held_done = s->up_done = 0;
    emit(out, e->ts, c->id, PINQ_EV_CHORD, 1, all_members(c));
}

/* Release or loss of a member: a held chord ends; a forming one fails and
 * lets its presses through (a lost member's own press is dropped). */
static void on_up(const pinq_chord_cfg_t *c, pinq_chord_t *s, const pinq_chord_in_t *e, const pinq_sink_t *out)
{
    uint8_t bit = (uint8_t)(1u << e->member);
    bool lost = e->kind == PINQ_EV_LOST;
    s->pressed = (uint8_t)((s->pressed & ~bit) | (lost && (e->level & 1u) ? bit : 0u));
    if (s->active) {
        chord_up(c, s, e->ts, out);
        if (!lost)
            return;
    }
    if (lost)
        s->pending &= (uint8_t)~bit;
    if (lost || (s->pending & bit))
        release_held(c, s, out);
    pass(c, e, out);
}

static void take(const pinq_chord_cfg_t *c, pinq_chord_t *s, const pinq_chord_in_t *e, const pinq_sink_t *out)
{
    if (e->kind == PINQ_EV_PRESS)
        on_press(c, s, e, out);
    else if (e->kind == PINQ_EV_RELEASE || e->kind == PINQ_EV_LOST)
        on_up(c, s, e, out);
}

static bool hold_pending(const pinq_chord_cfg_t *c, const pinq_chord_t *s)
{
    return s->active && c->hold && !s->held_done && !s->up_done;
}

enum step { STEP_NONE, STEP_WINDOW, STEP_HOLD, STEP_EVENT };

/* The next step final at `horizon`: time-outs at t <= horizon (a member
 * event stamped t comes after them), queued events stamped < horizon. */
static enum step next_step(const pinq_chord_cfg_t *c, const pinq_chord_t *s, pinq_ticks_t horizon, pinq_ticks_t *t)
{
    enum step st = STEP_NONE;
    bool have = false;
    int i = queue_first(s);
    if (i >= 0 && !reached(s->queue[i].ts, horizon)) {
        *t = s->queue[i].ts;
        have = true;
        st = STEP_EVENT;
    }
    pinq_ticks_t w = s->first + c->window, h = s->formed + c->hold;
    if (s->pending && reached(horizon, w) && (!have || reached(*t, w))) {
        *t = w;
        have = true;
        st = STEP_WINDOW;
    }
    if (hold_pending(c, s) && reached(horizon, h) && (!have || reached(*t, h))) {
        *t = h;
        st = STEP_HOLD;
    }
    return st;
}

bool pinq_chord_next(const pinq_chord_cfg_t *c, const pinq_chord_t *s, pinq_ticks_t horizon, pinq_ticks_t *t)
{
    return next_step(c, s, horizon, t) != STEP_NONE;
}

void pinq_chord_step(const pinq_chord_cfg_t *c, pinq_chord_t *s, pinq_ticks_t horizon, const pinq_sink_t *out)
{
    pinq_ticks_t t;
    switch (next_step(c, s, horizon, &t)) {
    case STEP_WINDOW:
        release_held(c, s, out);
        break;
    case STEP_HOLD:
        s->held_done = 1;
        emit(out, t, c->id, PINQ_EV_CHORD_HOLD, 1, all_members(c));
        break;
    case STEP_EVENT: {
        int i = queue_first(s);
        pinq_chord_in_t e = s->queue[i];
        s->queued--;
        for (; i < s->queued; i++)
            s->queue[i] = s->queue[i + 1]; /* keep arrival order: it breaks ties within a member */
        take(c, s, &e, out);
        break;
    }
    case STEP_NONE:
        break;
    }
}

void pinq_chord_tick(const pinq_chord_cfg_t *c, pinq_chord_t *s, pinq_ticks_t horizon, const pinq_sink_t *out)
{
    pinq_ticks_t t;
    while (pinq_chord_next(c, s, horizon, &t))
        pinq_chord_step(c, s, horizon, out);
}

void pinq_chord_feed(const pinq_chord_cfg_t *c, pinq_chord_t *s, const pinq_event_t *ev, const pinq_sink_t *out)
{
    int m = pinq_chord_member(c, ev->line);
    if (m < 0)
        return;
    if (s->queued == PINQ_CHORD_QUEUE)
        s->forced++;
    while (s->queued == PINQ_CHORD_QUEUE) {
        /* a member kept deciding while another's decision stayed open:
         * take the oldest now (and any time-out before it), out of order
         * if that member later reports something older */
        pinq_chord_step(c, s, s->queue[queue_first(s)].ts + 1, out);
    }
    s->queue[s->queued++] = (pinq_chord_in_t){
        .ts = ev->ts, .value = ev->seq, .member = (uint8_t)m, .kind = ev->kind, .level = ev->level};
}

pinq_ticks_t pinq_chord_horizon(const pinq_chord_cfg_t *c, const pinq_chord_t *s, int member, pinq_ticks_t h)
{
    (void)c;
    if (s->pending >> member & 1u)
        h = reached(s->held[member], h) ? h : s->held[member];
    for (int i = 0; i < s->queued; i++)
        if (s->queue[i].member == member && !reached(s->queue[i].ts, h))
            h = s->queue[i].ts;
    return h;
}

bool pinq_chord_deadline(const pinq_chord_cfg_t *c, const pinq_chord_t *s, pinq_ticks_t *when)
{
    bool have = false;
    int i = queue_first(s);
    if (i >= 0)
        earliest(s->queue[i].ts + 1, when, &have); /* final once time has moved past it */
    if (s->pending)
        earliest(s->first + c->window, when, &have);
    if (hold_pending(c, s))
        earliest(s->formed + c->hold, when, &have);
    return have;
}
