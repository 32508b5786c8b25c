/* pinq_ladder.c - keys on a resistor ladder read by one ADC channel: each
 * key a band of codes (tolerance, plus hysteresis around the key read
 * now), an optional median of 3 against spikes, and no key while the
 * reading moves by more than tol per sample; the band's key is fed to the
 * engine as closed, every other key as open. */
#include "pinq_input_util.h"
#include "pinq_keys.h"

/* Neighbouring bands, each widened by hyst while held, never meet, and
 * the idle reading is in none of them. */
static bool bands_ok(const pinq_ladder_cfg_t *c)
{
    uint32_t w = (uint32_t)c->tol + c->hyst;
    for (uint8_t k = 0; k < c->n; k++) {
        uint32_t at = c->centre[k];
        if (k && (at <= c->centre[k - 1] || at - c->centre[k - 1] <= 2u * c->tol + c->hyst))
            return false;
        if (c->idle + w >= at && c->idle <= at + w)
            return false;
    }
    return true;
}

int pinq_ladder_init(pinq_ladder_t *s, const pinq_ladder_cfg_t *c, pinq_input_t *in)
{
    if (!s || !c || !c->centre || (c->read && !c->period) || c->median > 1)
        return PINQ_EINVAL;
    if (c->n && c->n <= PINQ_KEYS_MAX && !bands_ok(c))
        return PINQ_EBANDS;
    *s = (pinq_ladder_t){.cfg = c, .key = c->n};
    return pinq_keys_init(&s->keys, in, c->codes, c->n);
}

static bool near(uint16_t centre, uint16_t reading, uint32_t w)
{
    return (uint32_t)(reading > centre ? reading - centre : centre - reading) <= w;
}

uint8_t pinq_ladder_classify(const pinq_ladder_cfg_t *c, uint8_t key, uint16_t reading)
{
    if (key < c->n && near(c->centre[key], reading, (uint32_t)c->tol + c->hyst))
        return key;
    for (uint8_t k = 0; k < c->n; k++)
        if (near(c->centre[k], reading, c->tol))
            return k;
    return c->n;
}

/* Median of this reading and the two before it (fewer at the start: the reading). */
static uint16_t median3(pinq_ladder_t *s, uint16_t r)
{
    uint16_t a = s->hist[0], b = s->hist[1], m = r;
    if (s->nhist == 2) {
        uint16_t lo = a < b ? a : b, hi = a < b ? b : a;
        m = r < lo ? lo : r > hi ? hi : r;
    } else {
        s->nhist++;
    }
    s->hist[0] = b;
    s->hist[1] = r;
    return m;
}

void pinq_ladder_feed(pinq_ladder_t *s, uint16_t reading, pinq_ticks_t ts)
{
    const pinq_ladder_cfg_t *c = s->cfg;
    uint16_t r = c->median ? median3(s, reading) : reading;
    bool moving = s->primed && !near(s->last, r, c->tol); /* a slow edge on its way through other bands */
    s->key = moving ? c->n : pinq_ladder_classify(c, s->key, r);
    s->last = r;
    s->primed = 1;
    uint64_t down = s->key < c->n ? UINT64_C(1) << s->key : 0;
    pinq_keys_feed(&s->keys, c->codes, c->n, down, ts);
}

bool pinq_ladder_poll(pinq_ladder_t *s, pinq_ticks_t now)
{
    const pinq_ladder_cfg_t *c = s->cfg;
    if (!c->read || !pinq_keys_due(&s->keys, c->period, now))
        return false;
    int v = c->read(c->ctx);
    if (v < 0 || v > UINT16_MAX)
        s->errors++; /* no sample: the keys keep their state */
    else
        pinq_ladder_feed(s, (uint16_t)v, now);
    return true;
}
