/* pq_src_manual.c - pinq.Manual: a source Python drives itself.
 *
 * m.edge(level, ticks_us=None) posts an edge through the same path an ISR
 * takes (stamped now, or at a given time.ticks_us() value). For tests and
 * for inputs that reach Python some other way (a UART line, a callback of
 * another module); it is not an interrupt. */
#include "pq_obj.h"

typedef struct pq_manual_obj {
    pq_source_t src;
    uint8_t level; /* before the first edge */
} pq_manual_obj_t;

static void pq_manual_attach(mp_obj_t self_in, pq_queue_obj_t *q, uint16_t line)
{
    pq_manual_obj_t *self = MP_OBJ_TO_PTR(self_in);
    pq_line_preset(q->core, line, self->level);
}

static void pq_manual_detach(mp_obj_t self_in)
{
}

static const pq_source_ops_t pq_manual_ops = {PQ_SOURCE_MAGIC, pq_manual_attach, pq_manual_detach, NULL};

static mp_obj_t pq_manual_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args)
{
    mp_arg_check_num(n_args, n_kw, 0, 1, false);
    pq_manual_obj_t *self = mp_obj_malloc(pq_manual_obj_t, type);
    self->level = n_args > 0 && mp_obj_is_true(args[0]);
    return MP_OBJ_FROM_PTR(self);
}

/* m.edge(level, ticks_us=None) -> pinq's return code (0; PINQ_EFULL:
 * lost and counted; PINQ_EDISABLED: line disabled). */
static mp_obj_t pq_manual_edge(size_t n_args, const mp_obj_t *args)
{
    pq_manual_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    pq_core_t *c = self->src.core;
    if (!c)
        pq_raise(PINQ_EINVAL, "the source is not attached to a queue");
    int level = mp_obj_is_true(args[1]);
    int err;
    if (n_args > 2 && args[2] != mp_const_none)
        err = pq_isr_edge_at(c, self->src.line, level, pq_ticks_from_us(mp_obj_get_int(args[2])), PQ_FROM_TASK);
    else
        err = pq_isr_edge(c, self->src.line, level, PQ_FROM_TASK);
    return MP_OBJ_NEW_SMALL_INT(err);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pq_manual_edge_obj, 2, 3, pq_manual_edge);

static const mp_rom_map_elem_t pq_manual_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_edge), MP_ROM_PTR(&pq_manual_edge_obj)},
};
static MP_DEFINE_CONST_DICT(pq_manual_locals, pq_manual_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(pq_manual_type, MP_QSTR_Manual, MP_TYPE_FLAG_NONE, make_new, pq_manual_make_new,
                         protocol, &pq_manual_ops, locals_dict, &pq_manual_locals);
