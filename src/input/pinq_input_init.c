/* pinq_input_init.c - the engine's set-up: checks a whole configuration
 * (every stage's parameters, which stage owns each line) and initialises
 * every stage, so a configuration the engine accepts is one it handles. */
#include "pinq_input_util.h"

static bool debounce_ok(const pinq_debounce_cfg_t *d)
{
    return d->algo <= PINQ_DB_SAMPLES && d->active <= 1 && (d->algo != PINQ_DB_SAMPLES || d->samples >= 1);
}

/* Long thresholds increase from above `click`; 0 ends the list. */
static bool gesture_ok(const pinq_gesture_cfg_t *g)
{
    uint32_t prev = g->click;
    bool ended = false;
    for (int k = 0; k < PINQ_LONG_MAX; k++) {
        if (!g->longp[k])
            ended = true;
        else if (ended || g->longp[k] <= prev)
            return false;
        else
            prev = g->longp[k];
    }
    return (g->flags & ~(PINQ_GESTURE_COUNT | PINQ_GESTURE_IMMEDIATE)) == 0;
}

static bool encoder_ok(const pinq_encoder_cfg_t *e)
{
    uint8_t per = e->steps_per_detent;
    return (per == 1 || per == 2 || per == 4) && e->line_a != e->line_b && (e->accel_mult <= 1 || e->accel_window);
}

/* How many buttons and encoder phases use `line`. */
static unsigned owners(const pinq_input_cfg_t *cfg, uint16_t line)
{
    unsigned n = 0;
    for (uint16_t i = 0; i < cfg->nbuttons; i++)
        n += cfg->buttons[i].line == line;
    for (uint8_t i = 0; i < cfg->nencoders; i++)
        n += (cfg->encoders[i].line_a == line) + (cfg->encoders[i].line_b == line);
    return n;
}

static bool line_ok(const pinq_input_cfg_t *cfg, const pinq_t *q, uint16_t line)
{
    return owners(cfg, line) == 1 && (!q || line < q->nlines);
}

/* A button's line may also be virtual, from PINQ_MAX_LINES up: a key of a
 * source that feeds it by software (pinq_keys.h), never a core line. */
static bool button_line_ok(const pinq_input_cfg_t *cfg, const pinq_t *q, uint16_t line)
{
    return line >= PINQ_MAX_LINES ? owners(cfg, line) == 1 : line_ok(cfg, q, line);
}

/* Members: buttons, distinct, in no other chord; ids unique. */
static bool chord_ok(const pinq_input_cfg_t *cfg, uint8_t k)
{
    const pinq_chord_cfg_t *c = &cfg->chords[k];
    if (!c->lines || c->n < 2 || c->n > PINQ_CHORD_MAX)
        return false;
    for (int i = 0; i < c->n; i++) {
        if (button_index(cfg, c->lines[i]) < 0 || pinq_chord_member(c, c->lines[i]) != i)
            return false;
        for (uint8_t j = 0; j < cfg->nchords; j++)
            if (j != k && pinq_chord_member(&cfg->chords[j], c->lines[i]) >= 0)
                return false;
    }
    for (uint8_t j = 0; j < k; j++)
        if (cfg->chords[j].id == c->id)
            return false;
    return true;
}

static bool arrays_ok(const pinq_input_cfg_t *cfg)
{
    return (!cfg->nbuttons || (cfg->buttons && cfg->button_state)) &&
           (!cfg->nchords || (cfg->chords && cfg->chord_state)) &&
           (!cfg->nencoders || (cfg->encoders && cfg->encoder_state)) &&
           (!cfg->nguards || (cfg->guards && cfg->guard_state));
}

static bool cfg_ok(const pinq_input_cfg_t *cfg, const pinq_t *q)
{
    if (!cfg->emit || !cfg->tps || (cfg->nguards && !q) || !arrays_ok(cfg))
        return false;
    for (uint16_t i = 0; i < cfg->nbuttons; i++) {
        const pinq_button_cfg_t *b = &cfg->buttons[i];
        if (!debounce_ok(&b->debounce) || !gesture_ok(&b->gesture) || !button_line_ok(cfg, q, b->line))
            return false;
    }
    for (uint8_t i = 0; i < cfg->nencoders; i++) {
        const pinq_encoder_cfg_t *e = &cfg->encoders[i];
        if (!encoder_ok(e) || !line_ok(cfg, q, e->line_a) || !line_ok(cfg, q, e->line_b))
            return false;
    }
    for (uint8_t i = 0; i < cfg->nchords; i++)
        if (!chord_ok(cfg, i))
            return false;
    return true;
}

/* A line's level now: its read callback if it has one, else the core's. */
static uint8_t level_now(const pinq_t *q, uint16_t line)
{
    if (!q)
        return 0;
    const pinq_line_cfg_t *lc = &q->lines[line];
    int v = lc->read ? lc->read(lc->ctx) : -1;
    if (v < 0)
        v = pinq_line_level(q, line);
    return v > 0;
}

/* Chord k and its members' buttons know each other (the engine asks on
 * every step). */
static void link_members(const pinq_input_cfg_t *cfg, uint8_t k)
{
    const pinq_chord_cfg_t *c = &cfg->chords[k];
    for (uint16_t b = 0; b < cfg->nbuttons; b++) {
        int m = pinq_chord_member(c, cfg->buttons[b].line);
        if (m >= 0) {
            cfg->chord_state[k].button[m] = b;
            cfg->button_state[b].chord = (uint8_t)(k + 1);
            cfg->button_state[b].member = (uint8_t)m;
        }
    }
}

int pinq_input_init(pinq_input_t *in, const pinq_input_cfg_t *cfg, pinq_t *q)
{
    if (!in || !cfg || !cfg_ok(cfg, q))
        return PINQ_EINVAL;
    *in = (pinq_input_t){.cfg = cfg, .q = q};
    for (uint16_t i = 0; i < cfg->nbuttons; i++) {
        const pinq_button_cfg_t *b = &cfg->buttons[i];
        pinq_debounce_init(&cfg->button_state[i].db, b->line, !b->debounce.active);
        pinq_gesture_init(&cfg->button_state[i].g, b->line);
        cfg->button_state[i].chord = 0;
    }
    for (uint8_t i = 0; i < cfg->nchords; i++) {
        pinq_chord_init(&cfg->chord_state[i]);
        link_members(cfg, i);
    }
    for (uint8_t i = 0; i < cfg->nencoders; i++) {
        const pinq_encoder_cfg_t *e = &cfg->encoders[i];
        pinq_encoder_init(&cfg->encoder_state[i], level_now(q, e->line_a), level_now(q, e->line_b));
    }
    for (uint8_t i = 0; i < cfg->nguards; i++) {
        int err = pinq_guard_init(q, &cfg->guards[i], &cfg->guard_state[i], cfg->tps);
        if (err != PINQ_OK)
            return err;
    }
    return PINQ_OK;
}
