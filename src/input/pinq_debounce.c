/* pinq_debounce.c - per-line debounce stage: lockout, settle (integrator)
 * and N-equal-samples, decided from the ISR's edge timestamps only. */
#include "pinq_input_util.h"

void pinq_debounce_init(pinq_debounce_t *s, uint16_t line, uint8_t level)
{
    *s = (pinq_debounce_t){.line = line, .stable = level, .raw = level};
}

/* T for a change to `level`: press or release time. */
static pinq_ticks_t hold_for(const pinq_debounce_cfg_t *c, uint8_t level)
{
    return level == c->active ? c->press : c->release;
}

/* Report the stable level changing to `level` at `ts`. */
static void accept(const pinq_debounce_cfg_t *c, pinq_debounce_t *s, uint8_t level, pinq_ticks_t ts,
                   const pinq_sink_t *out)
{
    s->stable = level;
    s->accepted++;
    emit(out, ts, s->line, level == c->active ? PINQ_EV_PRESS : PINQ_EV_RELEASE, level, 0);
}

pinq_ticks_t pinq_debounce_horizon(const pinq_debounce_cfg_t *c, const pinq_debounce_t *s, pinq_ticks_t now)
{
    if (!s->busy)
        return now; /* the next report is of an edge not yet seen */
    if (c->algo == PINQ_DB_LOCKOUT)
        return s->raw != s->stable ? s->last : now; /* the lock's end reports `last` */
    return s->since; /* SETTLE, SAMPLES: the pending change is reported at its start */
}

bool pinq_debounce_deadline(const pinq_debounce_cfg_t *c, const pinq_debounce_t *s, pinq_ticks_t *when)
{
    if (!s->busy || c->algo == PINQ_DB_SAMPLES || c->algo == PINQ_DB_NONE)
        return false; /* samples decide on the next sample, not on time */
    if (c->algo == PINQ_DB_LOCKOUT)
        *when = s->since + hold_for(c, s->stable);
    else
        *when = s->last + hold_for(c, s->raw);
    return true;
}

/* Settle: the raw level has stayed off the stable one for T since its last
 * edge; report it at the first edge of the train (when the change began). */
static void settle_tick(const pinq_debounce_cfg_t *c, pinq_debounce_t *s, pinq_ticks_t now,
                        const pinq_sink_t *out)
{
    if (s->busy && reached(now, s->last + hold_for(c, s->raw))) {
        s->busy = 0;
        accept(c, s, s->raw, s->since, out);
    }
}

/* Lockout: at the end of the lock, a level that moved during it (a real
 * change hidden by the lock, or a glitch's tail) is reported at its edge. */
static void lockout_tick(const pinq_debounce_cfg_t *c, pinq_debounce_t *s, pinq_ticks_t now,
                         const pinq_sink_t *out)
{
    while (s->busy && reached(now, s->since + hold_for(c, s->stable))) {
        if (s->raw == s->stable) {
            s->busy = 0;
        } else {
            s->since = s->last; /* a new lock starts at the hidden edge */
            accept(c, s, s->raw, s->last, out);
        }
    }
}

void pinq_debounce_tick(const pinq_debounce_cfg_t *c, pinq_debounce_t *s, pinq_ticks_t now,
                        const pinq_sink_t *out)
{
    if (c->algo == PINQ_DB_LOCKOUT)
        lockout_tick(c, s, now, out);
    else if (c->algo == PINQ_DB_SETTLE)
        settle_tick(c, s, now, out);
}

/* N consecutive samples at a level other than the stable one. */
static void sample(const pinq_debounce_cfg_t *c, pinq_debounce_t *s, uint8_t level, pinq_ticks_t ts,
                   const pinq_sink_t *out)
{
    if (level == s->stable) {
        s->busy = 0;
        return;
    }
    if (!s->busy || level != s->raw) {
        s->busy = 1;
        s->count = 0;
        s->since = ts;
    }
    s->raw = level;
    if (++s->count >= (c->samples ? c->samples : 1)) {
        s->busy = 0;
        accept(c, s, level, s->since, out);
    }
}

/* Edges were lost: take the line's level from the RESYNC as it is, with
 * nothing pending, and say so. The loss is reported where the line became
 * uncertain: at a change still settling (its outcome is among what was
 * lost), else at the RESYNC. */
static void resync(const pinq_debounce_cfg_t *c, pinq_debounce_t *s, const pinq_event_t *ev, const pinq_sink_t *out)
{
    uint8_t level = (uint8_t)PINQ_LEVEL(ev);
    pinq_ticks_t at = pinq_debounce_horizon(c, s, ev->ts);
    s->lost++;
    s->busy = 0;
    s->count = 0;
    s->raw = s->stable = level;
    s->since = s->last = at;
    emit(out, at, s->line, PINQ_EV_LOST,
         (uint8_t)((level == c->active) | (ev->level & (PINQ_FLAG_AT_LEAST | PINQ_FLAG_NO_TS))), ev->lost);
}

void pinq_debounce_feed(const pinq_debounce_cfg_t *c, pinq_debounce_t *s, const pinq_event_t *ev,
                        const pinq_sink_t *out)
{
    uint8_t level = (uint8_t)PINQ_LEVEL(ev);
    if (ev->kind == PINQ_EV_RESYNC) {
        pinq_debounce_tick(c, s, ev->ts, out);
        resync(c, s, ev, out);
        return;
    }
    if (c->algo == PINQ_DB_SAMPLES) {
        s->edges += level != s->raw;
        sample(c, s, level, ev->ts, out);
        return;
    }
    pinq_debounce_tick(c, s, ev->ts, out); /* what settled before this edge */
    if (level == s->raw)
        return; /* no change (duplicate, or a RESYNC confirming the level) */
    s->edges++;
    s->raw = level;
    s->last = ev->ts;
    if (c->algo == PINQ_DB_NONE) {
        accept(c, s, level, ev->ts, out);
    } else if (c->algo == PINQ_DB_LOCKOUT) {
        if (!s->busy) {
            s->busy = 1;
            s->since = ev->ts;
            accept(c, s, level, ev->ts, out);
        }
    } else if (level == s->stable) {
        s->busy = 0; /* a glitch shorter than T: back where we were */
    } else if (!s->busy) {
        s->busy = 1;
        s->since = ev->ts;
    }
}
