/* modpinq.c - the `pinq` module: types and constants.
 *
 *   q = pinq.Queue(64, overflow=pinq.DROP_OLDEST)
 *   btn = q.line(source, trigger=pinq.BOTH, debounce_ms=10)
 *   q.on_events(callback)   # one scheduled call per batch, never per edge
 *   for ev in q.drain(): ...
 *
 * Sources common to every port: pinq.Manual, pinq.Poll, pinq.GPIO (pin
 * interrupts where the backend has them: ESP32). The unix backend adds
 * its own (PQ_BACKEND_GLOBALS): signals and an edge generator thread. docs/micropython.md has the whole API. */
#include "py/objstr.h"

#include "pq_obj.h"
#include "pq_backend_globals.h"
#include "pq_gpio.h"

extern const mp_obj_type_t pq_queue_type;
extern const mp_obj_type_t pq_manual_type;
extern const mp_obj_type_t pq_poll_type;
extern const mp_obj_type_t pq_event_type;
extern const mp_obj_type_t pq_gpio_type;
MP_DECLARE_CONST_FUN_OBJ_1(pq_busy_obj);
MP_DECLARE_CONST_FUN_OBJ_1(pq_kind_name_obj);

static MP_DEFINE_STR_OBJ(pq_version_obj, PINQ_VERSION_STRING);

#define PQ_INT(name, value) {MP_ROM_QSTR(MP_QSTR_##name), MP_ROM_INT(value)}

static const mp_rom_map_elem_t pq_module_globals_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_pinq)},
    {MP_ROM_QSTR(MP_QSTR_Queue), MP_ROM_PTR(&pq_queue_type)},
    {MP_ROM_QSTR(MP_QSTR_Manual), MP_ROM_PTR(&pq_manual_type)},
    {MP_ROM_QSTR(MP_QSTR_Poll), MP_ROM_PTR(&pq_poll_type)},
    {MP_ROM_QSTR(MP_QSTR_GPIO), MP_ROM_PTR(&pq_gpio_type)},
    {MP_ROM_QSTR(MP_QSTR_Event), MP_ROM_PTR(&pq_event_type)},
    {MP_ROM_QSTR(MP_QSTR_kind_name), MP_ROM_PTR(&pq_kind_name_obj)},
    {MP_ROM_QSTR(MP_QSTR__busy), MP_ROM_PTR(&pq_busy_obj)},
    {MP_ROM_QSTR(MP_QSTR_VERSION), MP_ROM_PTR(&pq_version_obj)},
    /* overflow policies */
    PQ_INT(DROP_NEWEST, PINQ_DROP_NEWEST),
    PQ_INT(DROP_OLDEST, PINQ_DROP_OLDEST),
    PQ_INT(COALESCE, PINQ_COALESCE),
    /* triggers */
    PQ_INT(RISING, PINQ_TRIG_RISING),
    PQ_INT(FALLING, PINQ_TRIG_FALLING),
    PQ_INT(BOTH, PINQ_TRIG_BOTH),
    PQ_INT(LEVEL_HIGH, PINQ_TRIG_LEVEL_HIGH),
    PQ_INT(LEVEL_LOW, PINQ_TRIG_LEVEL_LOW),
    /* event kinds */
    PQ_INT(RISE, PINQ_EV_RISE),
    PQ_INT(FALL, PINQ_EV_FALL),
    PQ_INT(LEVEL, PINQ_EV_LEVEL),
    PQ_INT(RESYNC, PINQ_EV_RESYNC),
    PQ_INT(PRESS, PINQ_EV_PRESS),
    PQ_INT(RELEASE, PINQ_EV_RELEASE),
    PQ_INT(CLICK, PINQ_EV_CLICK),
    PQ_INT(LONG, PINQ_EV_LONG),
    PQ_INT(REPEAT, PINQ_EV_REPEAT),
    PQ_INT(CHORD, PINQ_EV_CHORD),
    PQ_INT(STEP, PINQ_EV_STEP),
    PQ_INT(LONG_UP, PINQ_EV_LONG_UP),
    PQ_INT(COUNT, PINQ_EV_COUNT),
    PQ_INT(CHORD_HOLD, PINQ_EV_CHORD_HOLD),
    PQ_INT(CHORD_UP, PINQ_EV_CHORD_UP),
    PQ_INT(LOST, PINQ_EV_LOST),
    /* event flags */
    PQ_INT(FLAG_AT_LEAST, PINQ_FLAG_AT_LEAST),
    PQ_INT(FLAG_NO_TS, PINQ_FLAG_NO_TS),
    PQ_INT(FLAG_TS_UNSURE, PINQ_FLAG_TS_UNSURE),
    /* GPIO pulls */
    PQ_INT(PULL_UP, PQ_PULL_UP),
    PQ_INT(PULL_DOWN, PQ_PULL_DOWN),
    /* pinq return codes (Manual.edge) */
    PQ_INT(EFULL, PINQ_EFULL),
    PQ_INT(EDISABLED, PINQ_EDISABLED),
    PQ_BACKEND_GLOBALS
};
static MP_DEFINE_CONST_DICT(pq_module_globals, pq_module_globals_table);

const mp_obj_module_t pq_module = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&pq_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR_pinq, pq_module);
