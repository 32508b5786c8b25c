/* pq_event.c - pinq.Event: one event as a Python object.
 *
 * Attributes (read-only):
 *   line      line id (a chord's id for CHORD events)
 *   kind      pinq.RISE, FALL, LEVEL, RESYNC, PRESS, CLICK, STEP ...
 *   level     the line's level after the edge (RESYNC: after the last lost one)
 *   ticks_us  when the ISR saw the edge, comparable with time.ticks_us()
 *             (engine events: the time of their decision); None for a
 *             RESYNC that no delivered event preceded (FLAG_NO_TS)
 *   seq       ring position of a raw edge: a gap is where events were lost
 *   lost      RESYNC and LOST: events of the line lost or merged
 *   value     engine events: clicks, LONG level, signed encoder detents ...
 *   flags     FLAG_AT_LEAST (lost is a lower bound), FLAG_NO_TS, FLAG_TS_UNSURE
 * The object fits one heap block (the time is kept as ticks_us): events
 * are made at high rates, and MicroPython's allocator finds a one-block
 * object in constant time, a multi-block one by a scan of the heap. */
#include <string.h>

#include "pq_obj.h"

typedef struct pq_event_obj {
    mp_obj_base_t base;
    mp_uint_t us; /* ticks_us */
    uint32_t seq; /* seq, lost, or the engine's value, as pinq_event_t has it */
    uint16_t line;
    uint8_t kind;
    uint8_t level; /* level bit and PINQ_FLAG_* */
} pq_event_obj_t;

static bool pq_is_loss(const pq_event_obj_t *e)
{
    return e->kind == PINQ_EV_RESYNC || e->kind == PINQ_EV_LOST;
}

static bool pq_is_raw(const pq_event_obj_t *e)
{
    return e->kind < PINQ_EV_USER && e->kind != PINQ_EV_RESYNC;
}

static mp_obj_t pq_event_ticks(const pq_event_obj_t *e)
{
    bool no_ts = e->kind == PINQ_EV_RESYNC && (e->level & PINQ_FLAG_NO_TS);
    return no_ts ? mp_const_none : MP_OBJ_NEW_SMALL_INT(e->us);
}

static mp_obj_t pq_event_value(const pq_event_obj_t *e)
{
    pinq_event_t ev = {.seq = e->seq, .kind = e->kind};
    return mp_obj_new_int(e->kind >= PINQ_EV_USER ? pinq_input_value(&ev) : 0);
}

static void pq_event_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest)
{
    const pq_event_obj_t *e = MP_OBJ_TO_PTR(self_in);
    if (dest[0] != MP_OBJ_NULL)
        return; /* read-only */
    switch (attr) {
    case MP_QSTR_line: dest[0] = MP_OBJ_NEW_SMALL_INT(e->line); break;
    case MP_QSTR_kind: dest[0] = MP_OBJ_NEW_SMALL_INT(e->kind); break;
    case MP_QSTR_level: dest[0] = MP_OBJ_NEW_SMALL_INT(e->level & 1u); break;
    case MP_QSTR_ticks_us: dest[0] = pq_event_ticks(e); break;
    case MP_QSTR_seq: dest[0] = mp_obj_new_int_from_uint(pq_is_raw(e) ? e->seq : 0); break;
    case MP_QSTR_lost: dest[0] = mp_obj_new_int_from_uint(pq_is_loss(e) ? e->seq : 0); break;
    case MP_QSTR_value: dest[0] = pq_event_value(e); break;
    case MP_QSTR_flags: dest[0] = MP_OBJ_NEW_SMALL_INT(e->level & ~1u); break;
    default: break;
    }
}

/* Kind names, for printing events and pinq.kind_name(kind). */
static const char *const pq_raw_names[] = {"RISE", "FALL", "LEVEL", "RESYNC"};
static const char *const pq_engine_names[] = {"PRESS", "RELEASE", "CLICK", "LONG", "REPEAT", "CHORD",
                                               "STEP", "STORM", "CALM", "LONG_UP", "COUNT", "CHORD_HOLD",
                                               "CHORD_UP", "LOST"};

static const char *pq_kind_str(mp_int_t k)
{
    if (k >= 0 && k < (mp_int_t)MP_ARRAY_SIZE(pq_raw_names))
        return pq_raw_names[k];
    if (k >= PINQ_EV_USER && k < PINQ_EV_USER + (mp_int_t)MP_ARRAY_SIZE(pq_engine_names))
        return pq_engine_names[k - PINQ_EV_USER];
    return "?";
}

static void pq_event_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind)
{
    const pq_event_obj_t *e = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "Event(line=%u, kind=%s, level=%u, ticks_us=", e->line, pq_kind_str(e->kind), e->level & 1u);
    mp_obj_print_helper(print, pq_event_ticks(e), PRINT_REPR);
    mp_printf(print, ", seq=%u, flags=0x%02x)", (unsigned)e->seq, e->level & ~1u);
}

MP_DEFINE_CONST_OBJ_TYPE(pq_event_type, MP_QSTR_Event, MP_TYPE_FLAG_NONE, attr, pq_event_attr, print,
                         pq_event_print);

mp_obj_t pq_event_new(const pinq_event_t *ev)
{
    pq_event_obj_t *e = mp_obj_malloc(pq_event_obj_t, &pq_event_type);
    e->us = (mp_uint_t)MP_OBJ_SMALL_INT_VALUE(pq_ticks_us(ev->ts));
    e->seq = ev->seq;
    e->line = ev->line;
    e->kind = ev->kind;
    e->level = ev->level;
    return MP_OBJ_FROM_PTR(e);
}

/* pinq.kind_name(kind) -> 'RISE', 'CLICK', ... */
static mp_obj_t pq_kind_name(mp_obj_t kind_in)
{
    const char *name = pq_kind_str(mp_obj_get_int(kind_in));
    return mp_obj_new_str(name, strlen(name));
}
MP_DEFINE_CONST_FUN_OBJ_1(pq_kind_name_obj, pq_kind_name);
