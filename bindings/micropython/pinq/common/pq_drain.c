/* pq_drain.c - the consumer side: ring -> input engine -> Python events.
 *
 * Events popped from the ring are counted per line (the books of
 * q.stats()), then fed to the input engine, which passes the events of
 * lines it does not own through unchanged and turns button and encoder
 * edges into PRESS, CLICK, STEP ... Its output is staged in C and only
 * made into Python objects after pinq's dispatcher has returned: nothing
 * that can raise runs inside pinq's callbacks. */
#include <string.h>

#include "pq_obj.h"

#define PQ_BUDGET 32u /* ring events per dispatcher pass */

/* pinq_cfg.on_event: every event popped from the ring. */
void pq_on_event(const pinq_event_t *ev, void *core)
{
    pq_core_t *c = core;
    if (ev->line < c->nlines) {
        pq_line_t *l = &c->lines[ev->line];
        if (ev->kind == PINQ_EV_RESYNC)
            l->lost += ev->lost;
        else
            l->delivered++;
    }
    pinq_input_on_event(ev, &c->in);
}

/* pinq_input_cfg.emit: stage one engine event. The stage grows without
 * raising; an event that still finds no room is counted, and the drain
 * raises MemoryError: never a silent loss. */
void pq_engine_emit(const pinq_event_t *ev, void *core)
{
    pq_core_t *c = core;
    if (c->stage_head > 0 && c->stage_head + c->stage_len == c->stage_cap) {
        memmove(c->stage, c->stage + c->stage_head, c->stage_len * sizeof *c->stage);
        c->stage_head = 0;
    }
    if (c->stage_len == c->stage_cap) {
        pinq_event_t *grown = m_renew_maybe(pinq_event_t, c->stage, c->stage_cap, c->stage_cap * 2, true);
        if (!grown) {
            c->stage_lost++;
            return;
        }
        c->stage = grown;
        c->stage_cap *= 2;
    }
    c->stage[c->stage_head + c->stage_len++] = *ev;
}

/* pinq_input_cfg.arm: a decision falls due at `deadline` with no edge to
 * wake anyone. Only a callback needs the backend's timer: drain() and
 * q.wait() look at the deadline themselves. */
void pq_engine_arm(void *core, pinq_ticks_t deadline)
{
    pq_core_t *c = core;
    if (atomic_load(&c->has_cb))
        pq_backend_arm(c, deadline);
}

/* Sample the polled sources that are due (main loop: pinq's poller role). */
void pq_sample_polled(pq_queue_obj_t *q, pinq_ticks_t now)
{
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(q->polled, &n, &items);
    for (size_t i = 0; i < n; i++) {
        mp_obj_list_get(q->polled, &n, &items); /* a read may attach more sources */
        pq_source_t *src = MP_OBJ_TO_PTR(items[i]);
        int level = pq_source_ops(items[i])->sample(items[i], now);
        if (level >= 0 && src->core)
            pinq_post_sample(&src->core->q, src->line, level, now);
    }
}

static bool pq_deadline_due(pq_core_t *c, pinq_ticks_t now)
{
    pinq_ticks_t when;
    return pinq_input_deadline(&c->in, &when) && (int64_t)(now - when) >= 0;
}

bool pq_ready(pq_queue_obj_t *q)
{
    pinq_ticks_t now = pinq_port_now();
    pq_sample_polled(q, now);
    return q->core->stage_len > 0 || pinq_pending(&q->core->q) || pq_deadline_due(q->core, now);
}

/* The next event as a Python object, or MP_OBJ_NULL when there is none
 * now or `pass` has done a ring's worth of work (producers faster than
 * the consumer cannot keep it here). An event leaves the stage only once
 * its object exists: a MemoryError loses nothing. */
mp_obj_t pq_next_event(pq_queue_obj_t *q, pq_pass_t *pass)
{
    pq_core_t *c = q->core;
    while (c->stage_len == 0 && pass->units <= c->cfg.capacity) {
        pinq_ticks_t now = pinq_port_now(); /* read before the ring is looked at (pinq_input_dispatch_at) */
        unsigned done = pinq_input_dispatch_at(&c->in, PQ_BUDGET, now);
        pass->units += done;
        if (done == 0)
            break;
    }
    if (c->stage_lost) {
        c->stage_lost = 0;
        mp_raise_msg(&mp_type_MemoryError, MP_ERROR_TEXT("PINQ_EFULL: input engine events lost, heap full"));
    }
    if (c->stage_len == 0)
        return MP_OBJ_NULL;
    mp_obj_t ev = pq_event_new(&c->stage[c->stage_head]);
    c->stage_head++;
    if (--c->stage_len == 0)
        c->stage_head = 0;
    return ev;
}

/* q.drain(max=capacity + 64): an iterator over the events available now,
 * oldest first, made into objects one at a time (constant memory). */
typedef struct pq_drain_obj {
    mp_obj_base_t base;
    mp_obj_t queue;
    size_t left;
    pq_pass_t pass;
} pq_drain_obj_t;

static mp_obj_t pq_drain_iternext(mp_obj_t self_in)
{
    pq_drain_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->left == 0)
        return MP_OBJ_STOP_ITERATION;
    mp_obj_t ev = pq_next_event(MP_OBJ_TO_PTR(self->queue), &self->pass);
    if (ev == MP_OBJ_NULL) {
        self->left = 0;
        return MP_OBJ_STOP_ITERATION;
    }
    self->left--;
    return ev;
}

static MP_DEFINE_CONST_OBJ_TYPE(pq_drain_type, MP_QSTR_Drain, MP_TYPE_FLAG_ITER_IS_ITERNEXT, iter,
                                pq_drain_iternext);

static mp_obj_t pq_queue_drain(size_t n_args, const mp_obj_t *pos, mp_map_t *kw)
{
    static const mp_arg_t allowed[] = {{MP_QSTR_max, MP_ARG_OBJ, {.u_obj = mp_const_none}}};
    mp_arg_val_t a[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args - 1, pos + 1, kw, MP_ARRAY_SIZE(allowed), allowed, a);
    pq_queue_obj_t *q = MP_OBJ_TO_PTR(pos[0]);
    mp_int_t max = a[0].u_obj == mp_const_none ? (mp_int_t)q->drain_max : mp_obj_get_int(a[0].u_obj);
    if (max < 0)
        pq_raise(PINQ_EINVAL, "max must be >= 0");
    pq_sample_polled(q, pinq_port_now());
    pq_drain_obj_t *it = mp_obj_malloc(pq_drain_obj_t, &pq_drain_type);
    it->queue = pos[0];
    it->left = (size_t)max;
    it->pass = (pq_pass_t){0};
    return MP_OBJ_FROM_PTR(it);
}
MP_DEFINE_CONST_FUN_OBJ_KW(pq_queue_drain_obj, 1, pq_queue_drain);

/* q.pending() -> True if drain() has something to do now. */
static mp_obj_t pq_queue_pending(mp_obj_t self_in)
{
    return mp_obj_new_bool(pq_ready(MP_OBJ_TO_PTR(self_in)));
}
MP_DEFINE_CONST_FUN_OBJ_1(pq_queue_pending_obj, pq_queue_pending);
