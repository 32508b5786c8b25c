/* pinq_guard.c - storm guard (the analogue of Linux NAPI and spurious-IRQ
 * detection). The core's ISR trip wire masks a flooding line and hands it
 * to the poller; this main-loop stage reports STORM, watches the line's
 * activity while polled and, after `hold` below calm_rate, gives the line
 * its interrupt back and reports CALM. Two thresholds plus the hold time
 * give hysteresis; a storm that returns soon doubles the hold (backoff), so
 * a flood the poller cannot see (aliasing) does not make the line oscillate. */
#include "pinq_input_util.h"

#define BACKOFF_MAX 6 /* hold up to 64x */

int pinq_guard_init(pinq_t *q, const pinq_guard_cfg_t *c, pinq_guard_t *s, uint32_t tps)
{
    *s = (pinq_guard_t){0};
    if (!c->storm_rate || c->calm_rate >= c->storm_rate)
        return PINQ_EINVAL;
    uint64_t window = (uint64_t)c->check * tps / c->storm_rate;
    if (window == 0 || window > UINT32_MAX)
        return PINQ_EINVAL;
    return pinq_line_trip(q, c->line, c->check, (uint32_t)window);
}

void pinq_guard_feed(const pinq_guard_cfg_t *c, pinq_guard_t *s, const pinq_event_t *ev)
{
    if (ev->line != c->line || ev->kind > PINQ_EV_FALL)
        return;
    if (s->has_level && PINQ_LEVEL(ev) == s->level)
        s->spurious++;
    s->level = (uint8_t)PINQ_LEVEL(ev);
    s->has_level = 1;
}

/* Activity of a polled line: edges its sampler found plus ISR posts
 * refused while masked (ports whose mask cannot stop the source). */
static uint32_t activity(const pinq_t *q, uint16_t line)
{
    const pinq_poll_t *st = &q->poll[line];
    return atomic_load_explicit(&st->sampled_edges, memory_order_relaxed) +
           atomic_load_explicit(&st->masked, memory_order_relaxed);
}

static pinq_ticks_t hold_of(const pinq_guard_cfg_t *c, const pinq_guard_t *s)
{
    return (pinq_ticks_t)c->hold << s->backoff;
}

static void enter_storm(pinq_t *q, const pinq_guard_cfg_t *c, pinq_guard_t *s, pinq_ticks_t now,
                        const pinq_sink_t *out)
{
    if (s->storms && span(s->since, now) < 4 * hold_of(c, s))
        s->backoff += s->backoff < BACKOFF_MAX; /* came back soon after the last calm */
    else
        s->backoff = 0;
    s->storm = 1;
    s->storms++;
    s->since = now;
    s->seen = activity(q, c->line);
    emit(out, now, c->line, PINQ_EV_STORM, 1,
         atomic_load_explicit(&q->poll[c->line].posts, memory_order_relaxed));
}

/* At the end of each hold window: calm if the window's activity stayed
 * under calm_rate, else start another window. */
static void check_calm(pinq_t *q, const pinq_guard_cfg_t *c, pinq_guard_t *s, pinq_ticks_t now, uint32_t tps,
                       const pinq_sink_t *out)
{
    pinq_ticks_t hold = hold_of(c, s);
    if (!reached(now, s->since + hold))
        return;
    uint32_t act = activity(q, c->line) - s->seen;
    uint64_t allowed = (uint64_t)c->calm_rate * span(s->since, now) / tps;
    s->since = now;
    s->seen += act;
    if (act > allowed)
        return;
    s->storm = 0;
    pinq_line_set_polled(q, c->line, false);
    emit(out, now, c->line, PINQ_EV_CALM, 0, s->seen);
}

bool pinq_guard_deadline(const pinq_guard_cfg_t *c, const pinq_guard_t *s, pinq_ticks_t *when)
{
    if (!s->storm)
        return false;
    *when = s->since + hold_of(c, s);
    return true;
}

void pinq_guard_tick(pinq_t *q, const pinq_guard_cfg_t *c, pinq_guard_t *s, pinq_ticks_t now, uint32_t tps,
                     const pinq_sink_t *out)
{
    if (!s->storm) {
        if (pinq_line_state(q, c->line) == PINQ_LINE_POLLED)
            enter_storm(q, c, s, now, out);
    } else {
        check_calm(q, c, s, now, tps, out);
    }
}
