/* pq_lines.c - lines of a pinq.Queue: claiming one for a source, q.line()
 * and q.enable().
 *
 * pinq's line table is fixed at pinq_init(): every line is made at
 * construction with trigger BOTH and the binding's hard handler, and
 * starts disabled. Attaching a source fills the binding's per-line
 * record (trigger, lockout), which the hard handler applies, and enables
 * the line. */
#include "py/objlist.h"

#include "pq_obj.h"

const pq_source_ops_t *pq_source_ops(mp_obj_t src)
{
    const mp_obj_type_t *type = mp_obj_get_type(src);
    const pq_source_ops_t *ops = MP_OBJ_TYPE_GET_SLOT_OR_NULL(type, protocol);
    if (!mp_obj_is_obj(src) || !ops || ops->magic != PQ_SOURCE_MAGIC)
        mp_raise_TypeError(MP_ERROR_TEXT("a pinq source expected (pinq.Manual, pinq.Poll, or a port's source)"));
    return ops;
}

void pq_line_preset(pq_core_t *c, uint16_t line, int level)
{
    pinq_post(&c->q, line, level); /* refused by the disabled line, which keeps its level */
}

static uint16_t pq_free_line(pq_core_t *c)
{
    for (uint16_t i = 0; i < c->nlines; i++)
        if (c->lines[i].role == PQ_FREE)
            return i;
    pq_raise(PINQ_EINVAL, "no free line: every line of Queue(lines=...) is in use");
}

/* Claim and attach; if attach raises, the line is free again. */
uint16_t pq_line_claim(pq_queue_obj_t *q, mp_obj_t src_in, uint8_t role, uint8_t trigger, uint32_t lockout)
{
    pq_check_open(q);
    const pq_source_ops_t *ops = pq_source_ops(src_in);
    pq_source_t *src = MP_OBJ_TO_PTR(src_in);
    if (src->core)
        pq_raise(PINQ_EINVAL, "the source is already attached to a line");
    if (trigger > PINQ_TRIG_LEVEL_LOW)
        pq_raise(PINQ_EINVAL, "trigger must be RISING, FALLING, BOTH, LEVEL_HIGH or LEVEL_LOW");
    pq_core_t *c = q->core;
    uint16_t line = pq_free_line(c);
    c->lines[line] = (pq_line_t){.trigger = trigger, .lockout = lockout, .role = role};
    src->core = c;
    src->line = line;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        ops->attach(src_in, q, line);
        nlr_pop();
    } else {
        src->core = NULL;
        c->lines[line].role = PQ_FREE;
        nlr_jump(nlr.ret_val);
    }
    mp_obj_list_append(q->sources, src_in);
    if (ops->sample)
        mp_obj_list_append(q->polled, src_in);
    return line;
}

/* The line goes live: from now on its source's edges are queued, so the
 * queue must outlive any reference the garbage collector cannot see. */
void pq_line_start(pq_queue_obj_t *q, uint16_t line)
{
    if (!q->live) {
        q->live = true;
        pq_live_add(MP_OBJ_FROM_PTR(q));
    }
    pinq_line_enable(&q->core->q, line, true);
}

/* q.line(source, trigger=BOTH, debounce_ms=0) -> line id. Raw edges:
 * RISE / FALL (LEVEL for level triggers), each stamped in the ISR. With
 * debounce_ms, the first edge is taken and the next debounce_ms of edges
 * are counted as bounced (in the ISR, so bounce never fills the ring). */
static mp_obj_t pq_queue_line(size_t n_args, const mp_obj_t *pos, mp_map_t *kw)
{
    enum { ARG_source, ARG_trigger, ARG_debounce_ms };
    static const mp_arg_t allowed[] = {
        {MP_QSTR_source, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_trigger, MP_ARG_INT, {.u_int = PINQ_TRIG_BOTH}},
        {MP_QSTR_debounce_ms, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0}},
    };
    mp_arg_val_t a[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args - 1, pos + 1, kw, MP_ARRAY_SIZE(allowed), allowed, a);
    pq_queue_obj_t *q = MP_OBJ_TO_PTR(pos[0]);
    uint32_t lockout = pq_ms_to_ticks(a[ARG_debounce_ms].u_int, "debounce_ms out of range");
    mp_int_t trig = a[ARG_trigger].u_int;
    uint16_t line = pq_line_claim(q, a[ARG_source].u_obj, PQ_RAW, trig < 0 || trig > 0xff ? 0xff : (uint8_t)trig, lockout);
    pq_line_start(q, line);
    return MP_OBJ_NEW_SMALL_INT(line);
}
MP_DEFINE_CONST_FUN_OBJ_KW(pq_queue_line_obj, 2, pq_queue_line);

/* q.enable(line, on=True): pinq_line_enable. A disabled line queues and
 * counts nothing. */
static mp_obj_t pq_queue_enable(size_t n_args, const mp_obj_t *args)
{
    pq_queue_obj_t *q = MP_OBJ_TO_PTR(args[0]);
    pq_check_open(q);
    mp_int_t line = mp_obj_get_int(args[1]);
    if (line < 0 || line >= q->core->nlines || q->core->lines[line].role == PQ_FREE)
        pq_raise(PINQ_EINVAL, "no source is attached to that line");
    pinq_line_enable(&q->core->q, (uint16_t)line, n_args < 3 || mp_obj_is_true(args[2]));
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pq_queue_enable_obj, 2, 3, pq_queue_enable);

/* Undo pq_line_claim: detach, forget, free the line (a stage the engine
 * refused). */
void pq_line_release(pq_queue_obj_t *q, mp_obj_t src_in)
{
    pq_source_t *src = MP_OBJ_TO_PTR(src_in);
    const pq_source_ops_t *ops = pq_source_ops(src_in);
    uint16_t line = src->line;
    pinq_line_enable(&q->core->q, line, false);
    ops->detach(src_in);
    src->core = NULL;
    q->core->lines[line].role = PQ_FREE;
    mp_obj_list_remove(q->sources, src_in);
    if (ops->sample)
        mp_obj_list_remove(q->polled, src_in);
}
