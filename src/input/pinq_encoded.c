/* pinq_encoded.c - keys encoded in binary on k lines (0 = no key, v = key
 * v - 1): the number read is the one key fed as closed. The codes seen
 * while lines change one after another last a sample or an edge; the
 * keys' debounce (N equal samples, or a settle time) never accepts them. */
#include "pinq_input_util.h"
#include "pinq_keys.h"

int pinq_encoded_init(pinq_encoded_t *s, const pinq_encoded_cfg_t *c, pinq_input_t *in)
{
    if (!s || !c || c->bits < 1 || c->bits > 6 || (c->read && !c->period))
        return PINQ_EINVAL;
    *s = (pinq_encoded_t){.cfg = c};
    return pinq_keys_init(&s->keys, in, c->codes, (uint8_t)((1u << c->bits) - 1u));
}

void pinq_encoded_feed(pinq_encoded_t *s, uint32_t v, pinq_ticks_t ts)
{
    const pinq_encoded_cfg_t *c = s->cfg;
    uint8_t n = (uint8_t)((1u << c->bits) - 1u);
    v &= n;
    pinq_keys_feed(&s->keys, c->codes, n, v ? UINT64_C(1) << (v - 1u) : 0, ts);
}

bool pinq_encoded_poll(pinq_encoded_t *s, pinq_ticks_t now)
{
    const pinq_encoded_cfg_t *c = s->cfg;
    if (!c->read || !pinq_keys_due(&s->keys, c->period, now))
        return false;
    int v = c->read(c->ctx);
    if (v < 0)
        s->errors++; /* no sample: the keys keep their state */
    else
        pinq_encoded_feed(s, (uint32_t)v, now);
    return true;
}
