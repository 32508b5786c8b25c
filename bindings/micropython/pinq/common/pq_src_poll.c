/* pq_src_poll.c - pinq.Poll(read, period_ms): a polled line.
 *
 * The main loop samples it: every drain(), pending() and asyncio poll
 * round calls read() once its period has passed, and a changed level is
 * posted with pinq_post_sample(), stamped at the sample (the edge happened
 * up to one period earlier). read is any callable returning the level,
 * e.g. machine.Pin(n).value. */
#include "pq_obj.h"

typedef struct pq_poll_obj {
    pq_source_t src;
    mp_obj_t read;
    uint32_t period; /* ticks */
    pinq_ticks_t next;
} pq_poll_obj_t;

static int pq_poll_read(pq_poll_obj_t *self)
{
    return mp_obj_is_true(mp_call_function_0(self->read));
}

static void pq_poll_attach(mp_obj_t self_in, pq_queue_obj_t *q, uint16_t line)
{
    pq_poll_obj_t *self = MP_OBJ_TO_PTR(self_in);
    pq_line_preset(q->core, line, pq_poll_read(self)); /* the first sample is the level, not an edge */
    self->next = pinq_port_now() + self->period;
}

static void pq_poll_detach(mp_obj_t self_in)
{
}

static int pq_poll_sample(mp_obj_t self_in, pinq_ticks_t now)
{
    pq_poll_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if ((int64_t)(now - self->next) < 0)
        return -1;
    self->next = now + self->period;
    return pq_poll_read(self);
}

static const pq_source_ops_t pq_poll_ops = {PQ_SOURCE_MAGIC, pq_poll_attach, pq_poll_detach, pq_poll_sample};

static mp_obj_t pq_poll_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all)
{
    enum { ARG_read, ARG_period_ms };
    static const mp_arg_t allowed[] = {
        {MP_QSTR_read, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_obj = MP_OBJ_NULL}},
        {MP_QSTR_period_ms, MP_ARG_INT, {.u_int = 10}},
    };
    mp_arg_val_t a[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all, MP_ARRAY_SIZE(allowed), allowed, a);
    if (!mp_obj_is_callable(a[ARG_read].u_obj))
        mp_raise_TypeError(MP_ERROR_TEXT("Poll needs a callable returning the level"));
    pq_poll_obj_t *self = mp_obj_malloc(pq_poll_obj_t, type);
    self->read = a[ARG_read].u_obj;
    self->period = pq_ms_to_ticks(a[ARG_period_ms].u_int, "period_ms out of range");
    if (self->period == 0)
        pq_raise(PINQ_EINVAL, "period_ms must be > 0");
    return MP_OBJ_FROM_PTR(self);
}

MP_DEFINE_CONST_OBJ_TYPE(pq_poll_type, MP_QSTR_Poll, MP_TYPE_FLAG_NONE, make_new, pq_poll_make_new, protocol,
                         &pq_poll_ops);
