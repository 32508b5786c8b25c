/* pinq_keymap.c - what every key source shares: the key map checked
 * against the engine (each key is a virtual button named by its code), and
 * the feeding of sampled key levels to those buttons' debouncers. */
#include "pinq_input_util.h"
#include "pinq_keys.h"

const char *pinq_keys_strerror(int err)
{
    if (err == PINQ_EKEYMAP)
        return "key map: a code is no active-high engine button, or is used twice";
    if (err == PINQ_EBANDS)
        return "ladder: bands overlap, are unordered or contain the idle reading";
    return pinq_strerror(err);
}

/* Code i names an active-high button and no earlier key. */
static bool code_ok(const pinq_input_cfg_t *cfg, const uint16_t *codes, uint8_t i)
{
    if (codes[i] == PINQ_KEY_NONE)
        return true;
    int b = button_index(cfg, codes[i]);
    if (b < 0 || cfg->buttons[b].debounce.active != 1)
        return false;
    for (uint8_t j = 0; j < i; j++)
        if (codes[j] == codes[i])
            return false;
    return true;
}

int pinq_keys_init(pinq_keys_t *k, pinq_input_t *in, const uint16_t *codes, uint8_t n)
{
    if (!k || !in || !in->cfg || !codes || n == 0 || n > PINQ_KEYS_MAX)
        return PINQ_EINVAL;
    for (uint8_t i = 0; i < n; i++)
        if (!code_ok(in->cfg, codes, i))
            return PINQ_EKEYMAP;
    *k = (pinq_keys_t){.in = in};
    return PINQ_OK;
}

bool pinq_keys_due(pinq_keys_t *k, uint32_t period, pinq_ticks_t now)
{
    if (k->samples && !reached(now, k->next))
        return false;
    k->next = now + period;
    return true;
}

/* One key's level to its button; it stays `settling` until its debouncer
 * holds that level with nothing pending (then only a change is fed). */
static void feed_key(pinq_keys_t *k, uint16_t code, uint8_t i, int level, pinq_ticks_t ts)
{
    const pinq_input_cfg_t *cfg = k->in->cfg;
    const pinq_debounce_t *db = &cfg->button_state[button_index(cfg, code)].db;
    uint64_t bit = UINT64_C(1) << i;
    pinq_input_sample(k->in, code, level, ts);
    k->fed = level ? k->fed | bit : k->fed & ~bit;
    if (db->busy || db->stable != level)
        k->settling |= bit;
    else
        k->settling &= ~bit;
}

void pinq_keys_feed(pinq_keys_t *k, const uint16_t *codes, uint8_t n, uint64_t down, pinq_ticks_t ts)
{
    uint64_t todo = (down ^ k->fed) | k->settling;
    k->samples++;
    for (uint8_t i = 0; i < n && todo >> i; i++)
        if ((todo >> i & 1u) && codes[i] != PINQ_KEY_NONE)
            feed_key(k, codes[i], i, (int)(down >> i & 1u), ts);
}

uint64_t pinq_keys_held(const pinq_keys_t *k, const uint16_t *codes, uint64_t among)
{
    const pinq_input_cfg_t *cfg = k->in->cfg;
    uint64_t held = 0;
    for (uint8_t i = 0; i < PINQ_KEYS_MAX && among >> i; i++)
        if ((among >> i & 1u) && codes[i] != PINQ_KEY_NONE &&
            cfg->button_state[button_index(cfg, codes[i])].db.stable == 1)
            held |= UINT64_C(1) << i;
    return held;
}
