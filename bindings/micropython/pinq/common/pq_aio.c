/* pq_aio.c - asyncio: `await q.wait()` and `async for ev in q`.
 *
 * A pinq.Queue is a stream whose MP_STREAM_POLL ioctl reports readable
 * when drain() has something to return, or a decision of the input engine
 * has fallen due. An awaitable that finds nothing parks its task on
 * asyncio's I/O queue with the queue as the stream, the way
 * asyncio.ThreadSafeFlag does: select.poll() asks the ioctl again each
 * round (every millisecond on the unix port, which has no descriptor to
 * block on), so no interrupt context ever touches asyncio. One task may
 * wait on a queue at a time. The awaitable also has send() and throw(),
 * so asyncio.create_task() and wait_for() take it like a coroutine. */
#include "py/stream.h"

#include "pq_obj.h"

typedef struct pq_wait_obj {
    mp_obj_base_t base;
    mp_obj_t queue;
    bool next; /* __anext__: return one event; wait(): return None once ready */
} pq_wait_obj_t;

/* asyncio.core._io_queue.queue_read(queue) for the running task. */
static void pq_park(mp_obj_t queue)
{
    mp_obj_t asyncio = mp_import_name(MP_QSTR_asyncio, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
    mp_obj_t io_queue = mp_load_attr(mp_load_attr(asyncio, MP_QSTR_core), MP_QSTR__io_queue);
    mp_obj_t call[3];
    mp_load_method(io_queue, MP_QSTR_queue_read, call);
    call[2] = queue;
    mp_call_method_n_kw(1, 0, call);
}

/* The next event, or MP_OBJ_NULL if there is none now. */
static mp_obj_t pq_take_one(pq_queue_obj_t *q)
{
    pq_pass_t pass = {0};
    pq_sample_polled(q, pinq_port_now());
    return pq_next_event(q, &pass);
}

static mp_obj_t pq_wait_iternext(mp_obj_t self_in)
{
    pq_wait_obj_t *self = MP_OBJ_TO_PTR(self_in);
    pq_queue_obj_t *q = MP_OBJ_TO_PTR(self->queue);
    if (self->next) {
        mp_obj_t ev = pq_take_one(q);
        if (ev != MP_OBJ_NULL)
            return mp_make_stop_iteration(ev);
    } else if (pq_ready(q)) {
        return MP_OBJ_STOP_ITERATION;
    }
    pq_park(self->queue);
    return mp_const_none; /* yield to the scheduler */
}

static mp_obj_t pq_wait_send(mp_obj_t self_in, mp_obj_t value)
{
    if (value != mp_const_none)
        mp_raise_TypeError(MP_ERROR_TEXT("can't send non-None value to a pinq awaitable"));
    MP_STATE_THREAD(stop_iteration_arg) = MP_OBJ_NULL;
    mp_obj_t ret = pq_wait_iternext(self_in);
    if (ret != MP_OBJ_STOP_ITERATION)
        return ret;
    mp_obj_t result = MP_STATE_THREAD(stop_iteration_arg);
    mp_raise_StopIteration(result == MP_OBJ_NULL ? mp_const_none : result);
}
static MP_DEFINE_CONST_FUN_OBJ_2(pq_wait_send_obj, pq_wait_send);

/* Cancellation: asyncio has already taken the task off its I/O queue. */
static mp_obj_t pq_wait_throw(size_t n_args, const mp_obj_t *args)
{
    nlr_raise(mp_make_raise_obj(args[1]));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pq_wait_throw_obj, 2, 4, pq_wait_throw);

static mp_obj_t pq_wait_close(mp_obj_t self_in)
{
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pq_wait_close_obj, pq_wait_close);

static const mp_rom_map_elem_t pq_wait_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_send), MP_ROM_PTR(&pq_wait_send_obj)},
    {MP_ROM_QSTR(MP_QSTR_throw), MP_ROM_PTR(&pq_wait_throw_obj)},
    {MP_ROM_QSTR(MP_QSTR_close), MP_ROM_PTR(&pq_wait_close_obj)},
};
static MP_DEFINE_CONST_DICT(pq_wait_locals, pq_wait_locals_table);

static MP_DEFINE_CONST_OBJ_TYPE(pq_wait_type, MP_QSTR_Wait, MP_TYPE_FLAG_ITER_IS_ITERNEXT, iter, pq_wait_iternext,
                                locals_dict, &pq_wait_locals);

static mp_obj_t pq_wait_new(mp_obj_t queue, bool next)
{
    pq_wait_obj_t *w = mp_obj_malloc(pq_wait_obj_t, &pq_wait_type);
    w->queue = queue;
    w->next = next;
    return MP_OBJ_FROM_PTR(w);
}

/* await q.wait(): returns once drain() has something (or a decision is due). */
static mp_obj_t pq_queue_wait(mp_obj_t self_in)
{
    return pq_wait_new(self_in, false);
}
MP_DEFINE_CONST_FUN_OBJ_1(pq_queue_wait_obj, pq_queue_wait);

static mp_obj_t pq_queue_aiter(mp_obj_t self_in)
{
    return self_in;
}
MP_DEFINE_CONST_FUN_OBJ_1(pq_queue_aiter_obj, pq_queue_aiter);

/* async for ev in q: one event per step, for as long as the loop runs. */
static mp_obj_t pq_queue_anext(mp_obj_t self_in)
{
    return pq_wait_new(self_in, true);
}
MP_DEFINE_CONST_FUN_OBJ_1(pq_queue_anext_obj, pq_queue_anext);

static mp_uint_t pq_queue_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode)
{
    if (request == MP_STREAM_POLL)
        return (arg & MP_STREAM_POLL_RD) && pq_ready(MP_OBJ_TO_PTR(self_in)) ? MP_STREAM_POLL_RD : 0;
    *errcode = MP_EINVAL;
    return MP_STREAM_ERROR;
}

const mp_stream_p_t pq_queue_stream_p = {.ioctl = pq_queue_ioctl};
