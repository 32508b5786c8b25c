/* pinq_input_util.h - wrap-safe tick arithmetic and event emission shared
 * by the input stages (internal). */
#ifndef PINQ_INPUT_UTIL_H
#define PINQ_INPUT_UTIL_H

#include "pinq_input.h"

/* Ticks from a to b, modulo 2^64: correct across timestamp wrap. */
static inline pinq_ticks_t span(pinq_ticks_t a, pinq_ticks_t b)
{
    return b - a;
}

/* Has `now` reached `t`? (t no more than 2^63 ticks away, either side) */
static inline bool reached(pinq_ticks_t now, pinq_ticks_t t)
{
    return span(t, now) < (UINT64_C(1) << 63);
}

/* Keep the earlier of `t` and *best in *best (*have: *best is set). */
static inline void earliest(pinq_ticks_t t, pinq_ticks_t *best, bool *have)
{
    if (!*have || !reached(t, *best))
        *best = t;
    *have = true;
}

/* Index of the button on `line` in cfg.buttons, or -1. */
static inline int button_index(const pinq_input_cfg_t *cfg, uint16_t line)
{
    for (uint16_t i = 0; i < cfg->nbuttons; i++)
        if (cfg->buttons[i].line == line)
            return i;
    return -1;
}

static inline void emit(const pinq_sink_t *out, pinq_ticks_t ts, uint16_t line, uint8_t kind, uint8_t level,
                        uint32_t value)
{
    pinq_event_t ev = {.ts = ts, .seq = value, .line = line, .kind = kind, .level = level};
    out->fn(&ev, out->ctx);
}

#endif
