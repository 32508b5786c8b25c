/* pinq_encoder.c - quadrature decoder stage: a transition table over the
 * two phase levels; transitions that change both phases are counted as
 * errors, never as steps; detents of 1, 2 or 4 steps; optional acceleration. */
#include "pinq_input_util.h"

#define BAD 2 /* both phases changed: direction unknown */

/* Step for (previous AB << 2 | new AB), Gray order 00 -> 01 -> 11 -> 10 -> 00 is +1. */
static const int8_t step_table[16] = {
    0, +1, -1, BAD, /* from 00 */
    -1, 0, BAD, +1, /* from 01 */
    +1, BAD, 0, -1, /* from 10 */
    BAD, -1, +1, 0, /* from 11 */
};

void pinq_encoder_init(pinq_encoder_t *s, uint8_t a, uint8_t b)
{
    *s = (pinq_encoder_t){.ab = (uint8_t)((a != 0) << 1 | (b != 0))};
}

/* One detent in direction dir (+1/-1), accelerated when close to the last. */
static void detent(const pinq_encoder_cfg_t *c, pinq_encoder_t *s, int dir, pinq_ticks_t ts, const pinq_sink_t *out)
{
    int32_t n = dir;
    if (c->accel_mult > 1 && s->position != 0 && span(s->last_detent, ts) < c->accel_window)
        n *= c->accel_mult;
    s->last_detent = ts;
    s->position += n;
    emit(out, ts, c->line_a, PINQ_EV_STEP, s->ab, (uint32_t)n);
}

/* Move the phases to `ab`: one step, none, or an invalid jump. */
static void transition(const pinq_encoder_cfg_t *c, pinq_encoder_t *s, uint8_t ab, pinq_ticks_t ts,
                       const pinq_sink_t *out)
{
    int8_t d = step_table[s->ab << 2 | ab];
    s->ab = ab;
    if (d == 0) {
        s->spurious++;
        return;
    }
    if (d == BAD) {
        s->errors++;
        return;
    }
    s->steps += d;
    s->sub = (int8_t)(s->sub + d);
    int per = c->steps_per_detent ? c->steps_per_detent : 4;
    if (s->sub >= per || s->sub <= -per) {
        s->sub = 0;
        detent(c, s, d, ts, out);
    }
}

void pinq_encoder_feed(const pinq_encoder_cfg_t *c, pinq_encoder_t *s, const pinq_event_t *ev,
                       const pinq_sink_t *out)
{
    uint8_t bit = ev->line == c->line_a ? 2u : ev->line == c->line_b ? 1u : 0u;
    if (!bit)
        return;
    uint8_t ab = (uint8_t)(PINQ_LEVEL(ev) ? (s->ab | bit) : (s->ab & ~bit));
    if (ev->kind == PINQ_EV_RESYNC) {
        s->errors++; /* edges were lost: their direction is unknown */
        s->sub = 0;
        s->ab = ab;
        emit(out, ev->ts, c->line_a, PINQ_EV_LOST, ev->level & (PINQ_FLAG_AT_LEAST | PINQ_FLAG_NO_TS), ev->lost);
        return;
    }
    transition(c, s, ab, ev->ts, out);
}

void pinq_encoder_sample(const pinq_encoder_cfg_t *c, pinq_encoder_t *s, uint8_t ab, pinq_ticks_t ts,
                         const pinq_sink_t *out)
{
    transition(c, s, ab & 3u, ts, out);
}
