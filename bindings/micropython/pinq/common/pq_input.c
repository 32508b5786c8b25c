/* pq_input.c - q.button(), q.encoder(), q.chord(): stages of pinq's input
 * engine (include/pinq_input.h) on lines of the queue.
 *
 * The engine's configuration is checked and applied as a whole by
 * pinq_input_init(): each addition appends to the tables and initialises
 * the engine again (restarting every stage: add them before the edges
 * flow). A configuration the engine refuses is rolled back and raised
 * as ValueError. Decisions are taken on the ISR timestamps, so a main
 * loop that stalls still classifies a press by its real duration. */
#include "pq_obj.h"

/* Re-initialise with the tables as they are; false if refused. */
static bool pq_engine_apply(pq_core_t *c)
{
    return pinq_input_init(&c->in, &c->in_cfg, &c->q) == PINQ_OK;
}

static MP_NORETURN void pq_engine_refused(pq_core_t *c, const char *what)
{
    if (!pq_engine_apply(c))
        pq_raise(PINQ_EINVAL, "input engine: previous configuration refused");
    pq_raise(PINQ_EINVAL, what);
}

static uint8_t pq_level_arg(mp_int_t v, const char *what)
{
    if (v != 0 && v != 1)
        pq_raise(PINQ_EINVAL, what);
    return (uint8_t)v;
}

enum { B_source, B_active, B_debounce_ms, B_release_ms, B_click_ms, B_multi_ms, B_long_ms, B_repeat_ms,
       B_repeat_every_ms, B_max_clicks, B_N };

static pinq_button_cfg_t pq_button_cfg(uint16_t line, const mp_arg_val_t *a)
{
    pinq_button_cfg_t b = {.line = line};
    b.debounce = (pinq_debounce_cfg_t){.press = pq_ms_to_ticks(a[B_debounce_ms].u_int, "debounce_ms out of range"),
                                       .release = pq_ms_to_ticks(a[B_release_ms].u_int, "release_ms out of range"),
                                       .algo = PINQ_DB_SETTLE,
                                       .samples = 1,
                                       .active = pq_level_arg(a[B_active].u_int, "active must be 0 or 1")};
    b.gesture = (pinq_gesture_cfg_t){.click = pq_ms_to_ticks(a[B_click_ms].u_int, "click_ms out of range"),
                                     .multi = pq_ms_to_ticks(a[B_multi_ms].u_int, "multi_ms out of range"),
                                     .longp = {pq_ms_to_ticks(a[B_long_ms].u_int, "long_ms out of range")},
                                     .repeat_delay = pq_ms_to_ticks(a[B_repeat_ms].u_int, "repeat_ms out of range"),
                                     .repeat = pq_ms_to_ticks(a[B_repeat_every_ms].u_int, "repeat_every_ms out of range")};
    if (a[B_max_clicks].u_int < 0 || a[B_max_clicks].u_int > 255)
        pq_raise(PINQ_EINVAL, "max_clicks must be 0 to 255");
    b.gesture.max_clicks = (uint8_t)a[B_max_clicks].u_int;
    return b;
}

/* q.button(source, active=0, debounce_ms=10, release_ms=20, click_ms=250,
 * multi_ms=300, long_ms=1000, repeat_ms=0, repeat_every_ms=200,
 * max_clicks=0) -> line id. Settle-time debounce, then gestures: PRESS,
 * RELEASE, CLICK (value: clicks), LONG, LONG_UP, REPEAT, LOST. */
static mp_obj_t pq_queue_button(size_t n_args, const mp_obj_t *pos, mp_map_t *kw)
{
    static const mp_arg_t allowed[B_N] = {
        [B_source] = {MP_QSTR_source, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        [B_active] = {MP_QSTR_active, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0}},
        [B_debounce_ms] = {MP_QSTR_debounce_ms, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 10}},
        [B_release_ms] = {MP_QSTR_release_ms, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 20}},
        [B_click_ms] = {MP_QSTR_click_ms, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 250}},
        [B_multi_ms] = {MP_QSTR_multi_ms, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 300}},
        [B_long_ms] = {MP_QSTR_long_ms, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 1000}},
        [B_repeat_ms] = {MP_QSTR_repeat_ms, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0}},
        [B_repeat_every_ms] = {MP_QSTR_repeat_every_ms, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 200}},
        [B_max_clicks] = {MP_QSTR_max_clicks, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0}},
    };
    mp_arg_val_t a[B_N];
    mp_arg_parse_all(n_args - 1, pos + 1, kw, B_N, allowed, a);
    pq_queue_obj_t *q = MP_OBJ_TO_PTR(pos[0]);
    pq_core_t *c = q->core;
    pinq_button_cfg_t cfg = pq_button_cfg(0, a); /* every argument checked before the line is taken */
    uint16_t line = pq_line_claim(q, a[B_source].u_obj, PQ_BUTTON, PINQ_TRIG_BOTH, 0);
    cfg.line = line;
    c->buttons[c->in_cfg.nbuttons++] = cfg;
    if (!pq_engine_apply(c)) {
        c->in_cfg.nbuttons--;
        pq_line_release(q, a[B_source].u_obj);
        pq_engine_refused(c, "button refused by the input engine (long_ms must exceed click_ms)");
    }
    pq_line_start(q, line);
    return MP_OBJ_NEW_SMALL_INT(line);
}
MP_DEFINE_CONST_FUN_OBJ_KW(pq_queue_button_obj, 2, pq_queue_button);

/* q.encoder(a, b, steps_per_detent=4, accel=1, accel_ms=0) -> line id of
 * phase A, the line of its STEP events (value: signed detents). */
static mp_obj_t pq_queue_encoder(size_t n_args, const mp_obj_t *pos, mp_map_t *kw)
{
    enum { ARG_a, ARG_b, ARG_steps, ARG_accel, ARG_accel_ms };
    static const mp_arg_t allowed[] = {
        {MP_QSTR_a, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_b, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_steps_per_detent, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 4}},
        {MP_QSTR_accel, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 1}},
        {MP_QSTR_accel_ms, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0}},
    };
    mp_arg_val_t a[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args - 1, pos + 1, kw, MP_ARRAY_SIZE(allowed), allowed, a);
    pq_queue_obj_t *q = MP_OBJ_TO_PTR(pos[0]);
    pq_core_t *c = q->core;
    if (a[ARG_steps].u_int < 0 || a[ARG_steps].u_int > 255 || a[ARG_accel].u_int < 0 || a[ARG_accel].u_int > 255)
        pq_raise(PINQ_EINVAL, "steps_per_detent must be 1, 2 or 4; accel 0 to 255");
    pinq_encoder_cfg_t cfg = {.steps_per_detent = (uint8_t)a[ARG_steps].u_int,
                              .accel_mult = (uint8_t)a[ARG_accel].u_int,
                              .accel_window = pq_ms_to_ticks(a[ARG_accel_ms].u_int, "accel_ms out of range")};
    cfg.line_a = pq_line_claim(q, a[ARG_a].u_obj, PQ_ENCODER, PINQ_TRIG_BOTH, 0);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        cfg.line_b = pq_line_claim(q, a[ARG_b].u_obj, PQ_ENCODER, PINQ_TRIG_BOTH, 0);
        nlr_pop();
    } else {
        pq_line_release(q, a[ARG_a].u_obj);
        nlr_jump(nlr.ret_val);
    }
    c->encoders[c->in_cfg.nencoders++] = cfg;
    if (!pq_engine_apply(c)) {
        c->in_cfg.nencoders--;
        pq_line_release(q, a[ARG_a].u_obj);
        pq_line_release(q, a[ARG_b].u_obj);
        pq_engine_refused(c, "encoder refused by the input engine (steps_per_detent 1, 2 or 4)");
    }
    pq_line_start(q, cfg.line_a);
    pq_line_start(q, cfg.line_b);
    return MP_OBJ_NEW_SMALL_INT(cfg.line_a);
}
MP_DEFINE_CONST_FUN_OBJ_KW(pq_queue_encoder_obj, 3, pq_queue_encoder);

/* q.chord(buttons, window_ms=80, hold_ms=0, id=n) -> chord id, the `line`
 * of its CHORD, CHORD_HOLD and CHORD_UP events. `buttons`: line ids of
 * buttons of this queue (2 to 8, each in one chord). */
static mp_obj_t pq_queue_chord(size_t n_args, const mp_obj_t *pos, mp_map_t *kw)
{
    enum { ARG_buttons, ARG_window_ms, ARG_hold_ms, ARG_id };
    static const mp_arg_t allowed[] = {
        {MP_QSTR_buttons, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_window_ms, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 80}},
        {MP_QSTR_hold_ms, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0}},
        {MP_QSTR_id, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = -1}},
    };
    mp_arg_val_t a[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args - 1, pos + 1, kw, MP_ARRAY_SIZE(allowed), allowed, a);
    pq_queue_obj_t *q = MP_OBJ_TO_PTR(pos[0]);
    pq_check_open(q);
    pq_core_t *c = q->core;
    uint8_t k = c->in_cfg.nchords;
    if (k >= c->max_chords)
        pq_raise(PINQ_EINVAL, "no free chord: Queue(chords=...) are all used");
    size_t n;
    mp_obj_t *items;
    mp_obj_get_array(a[ARG_buttons].u_obj, &n, &items);
    if (n < 2 || n > PINQ_CHORD_MAX)
        pq_raise(PINQ_EINVAL, "a chord has 2 to 8 buttons");
    uint16_t *members = &c->chord_lines[k * PINQ_CHORD_MAX];
    for (size_t i = 0; i < n; i++) {
        mp_int_t line = mp_obj_get_int(items[i]);
        members[i] = line >= 0 && line < c->nlines ? (uint16_t)line : UINT16_MAX;
    }
    mp_int_t id = a[ARG_id].u_int < 0 ? k : a[ARG_id].u_int;
    if (id > UINT16_MAX)
        pq_raise(PINQ_EINVAL, "id must be 0 to 65535");
    c->chords[k] = (pinq_chord_cfg_t){.lines = members, .n = (uint8_t)n, .id = (uint16_t)id,
                                      .window = pq_ms_to_ticks(a[ARG_window_ms].u_int, "window_ms out of range"),
                                      .hold = pq_ms_to_ticks(a[ARG_hold_ms].u_int, "hold_ms out of range")};
    c->in_cfg.nchords++;
    if (!pq_engine_apply(c)) {
        c->in_cfg.nchords--;
        pq_engine_refused(c, "chord refused: members must be distinct buttons of this queue, in no other chord, "
                             "and ids unique");
    }
    return MP_OBJ_NEW_SMALL_INT(id);
}
MP_DEFINE_CONST_FUN_OBJ_KW(pq_queue_chord_obj, 2, pq_queue_chord);
