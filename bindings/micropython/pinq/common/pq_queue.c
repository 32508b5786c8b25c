/* pq_queue.c - pinq.Queue: construction, callback, life cycle.
 *
 * All the memory the interrupt side uses (ring, line tables, engine
 * tables) is allocated here, from the MicroPython heap, before any source
 * can be attached. The methods live in the files named in the table at
 * the end (one job per file). */
#include "py/stream.h"

#include "pq_obj.h"

#define PQ_MAX_LINES 256   /* per queue: the line tables are scanned per event */
#define PQ_MAX_CAPACITY (1u << 24)
#define PQ_STAGE_INIT 64   /* engine events staged before the drain takes them; grows if a pass makes more */

/* The core, aligned as pinq's ring asks (cache lines on hosts). */
static pq_core_t *pq_core_alloc(pq_queue_obj_t *self)
{
    size_t align = _Alignof(pq_core_t);
    self->core_block = m_malloc0(sizeof(pq_core_t) + align - 1);
    uintptr_t p = ((uintptr_t)self->core_block + align - 1) & ~(uintptr_t)(align - 1);
    return (pq_core_t *)p;
}

static void pq_lines_alloc(pq_core_t *c, uint16_t n, uint32_t capacity, uint8_t policy)
{
    c->nlines = n;
    c->line_cfg = m_new0(pinq_line_cfg_t, n);
    c->lines = m_new0(pq_line_t, n);
    for (uint16_t i = 0; i < n; i++)
        c->line_cfg[i] = (pinq_line_cfg_t){.hard = pq_hard, .ctx = &c->lines[i], .trigger = PINQ_TRIG_BOTH};
    c->cfg = (pinq_cfg_t){.lines = c->line_cfg,
                          .state = m_new0(pinq_line_t, n),
                          .nlines = n,
                          .slots = m_new0(pinq_slot_t, capacity),
                          .lost = m_new0(pinq_lost_t, n),
                          .capacity = capacity,
                          .mode = PINQ_MPSC, /* producers: ISRs, signal handlers and threads at once */
                          .policy = policy,
                          .on_event = pq_on_event,
                          .on_event_ctx = c};
}

/* The engine starts with no stage; buttons, encoders and chords add theirs. */
static void pq_engine_alloc(pq_core_t *c, uint8_t max_chords)
{
    uint16_t n = c->nlines;
    c->buttons = m_new0(pinq_button_cfg_t, n);
    c->button_state = m_new0(pinq_button_t, n);
    c->encoders = m_new0(pinq_encoder_cfg_t, n / 2 + 1);
    c->encoder_state = m_new0(pinq_encoder_t, n / 2 + 1);
    c->max_chords = max_chords;
    c->chords = m_new0(pinq_chord_cfg_t, max_chords + 1);
    c->chord_state = m_new0(pinq_chord_t, max_chords + 1);
    c->chord_lines = m_new0(uint16_t, (max_chords + 1) * PINQ_CHORD_MAX);
    c->stage_cap = PQ_STAGE_INIT;
    c->stage = m_new0(pinq_event_t, c->stage_cap);
    c->in_cfg = (pinq_input_cfg_t){.buttons = c->buttons,
                                   .button_state = c->button_state,
                                   .chords = c->chords,
                                   .chord_state = c->chord_state,
                                   .encoders = c->encoders,
                                   .encoder_state = c->encoder_state,
                                   .tps = pinq_port_ticks_per_sec(),
                                   .emit = pq_engine_emit,
                                   .emit_ctx = c,
                                   .arm = pq_engine_arm,
                                   .arm_ctx = c};
}

static void pq_core_start(pq_core_t *c)
{
    int err = pinq_init(&c->q, &c->cfg);
    if (err != PINQ_OK)
        pq_raise(err, "capacity must be a power of two >= 2");
    for (uint16_t i = 0; i < c->nlines; i++)
        pinq_line_enable(&c->q, i, false); /* a line starts when a source is attached */
    err = pinq_input_init(&c->in, &c->in_cfg, &c->q);
    if (err != PINQ_OK)
        pq_raise(err, "input engine");
    pq_backend_init(c);
}

static mp_obj_t pq_queue_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all)
{
    enum { ARG_capacity, ARG_overflow, ARG_lines, ARG_chords };
    static const mp_arg_t allowed[] = {
        {MP_QSTR_capacity, MP_ARG_REQUIRED | MP_ARG_INT, {.u_int = 0}},
        {MP_QSTR_overflow, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = PINQ_DROP_NEWEST}},
        {MP_QSTR_lines, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 8}},
        {MP_QSTR_chords, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 2}},
    };
    mp_arg_val_t a[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all, MP_ARRAY_SIZE(allowed), allowed, a);
    mp_int_t cap = a[ARG_capacity].u_int, lines = a[ARG_lines].u_int, chords = a[ARG_chords].u_int;
    if (cap < 2 || cap > (mp_int_t)PQ_MAX_CAPACITY || (cap & (cap - 1)) != 0)
        pq_raise(PINQ_EINVAL, "capacity must be a power of two, 2 to 2**24");
    if (lines < 1 || lines > PQ_MAX_LINES)
        pq_raise(PINQ_EINVAL, "lines must be 1 to 256");
    if (a[ARG_overflow].u_int < PINQ_DROP_NEWEST || a[ARG_overflow].u_int > PINQ_COALESCE)
        pq_raise(PINQ_EINVAL, "overflow must be DROP_NEWEST, DROP_OLDEST or COALESCE");
    if (chords < 0 || chords > 16)
        pq_raise(PINQ_EINVAL, "chords must be 0 to 16");

    pq_queue_obj_t *self = mp_obj_malloc(pq_queue_obj_t, type);
    self->callback = mp_const_none;
    self->sources = mp_obj_new_list(0, NULL);
    self->polled = mp_obj_new_list(0, NULL);
    self->drain_max = (uint32_t)cap + PQ_STAGE_INIT;
    pq_core_t *c = pq_core_alloc(self);
    self->core = c;
    c->self = self;
    pq_lines_alloc(c, (uint16_t)lines, (uint32_t)cap, (uint8_t)a[ARG_overflow].u_int);
    pq_engine_alloc(c, (uint8_t)chords);
    pq_core_start(c);
    return MP_OBJ_FROM_PTR(self);
}

void pq_check_open(pq_queue_obj_t *q)
{
    if (q->closed)
        pq_raise(PINQ_EINVAL, "queue is closed");
}

/* The call pq_notify() schedules. The flag is cleared before the
 * callback drains, so an edge arriving meanwhile schedules the next call
 * and none is missed; events the callback left (drain(max)) bring it back. */
static mp_obj_t pq_trampoline(mp_obj_t self_in)
{
    pq_queue_obj_t *self = MP_OBJ_TO_PTR(self_in);
    atomic_store(&self->core->sched_pending, 0);
    if (self->closed || self->callback == mp_const_none)
        return mp_const_none;
    mp_call_function_1(self->callback, self_in);
    if (!self->closed && pq_ready(self))
        pq_notify(self->core);
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_1(pq_trampoline_obj, pq_trampoline);

/* q.on_events(callback): one scheduled call callback(q) per batch of
 * events, never one per edge; None removes it. */
static mp_obj_t pq_queue_on_events(mp_obj_t self_in, mp_obj_t cb)
{
    pq_queue_obj_t *self = MP_OBJ_TO_PTR(self_in);
    pq_check_open(self);
    if (cb != mp_const_none && !mp_obj_is_callable(cb))
        mp_raise_TypeError(MP_ERROR_TEXT("on_events needs a callable or None"));
    self->callback = cb;
    atomic_store(&self->core->has_cb, cb != mp_const_none);
    if (cb == mp_const_none)
        return mp_const_none;
    if (!self->live) {
        self->live = true;
        pq_live_add(self_in); /* the scheduler will hold it only while a call is queued */
    }
    pinq_ticks_t when;
    if (pinq_input_deadline(&self->core->in, &when))
        pq_backend_arm(self->core, when);
    if (pq_ready(self))
        pq_notify(self->core); /* events that came before the callback was set */
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(pq_queue_on_events_obj, pq_queue_on_events);

/* q.close(): stop and detach every source, stop the backend's helpers,
 * release the queue to the garbage collector. Events still queued can be
 * drained. */
static mp_obj_t pq_queue_close(mp_obj_t self_in)
{
    pq_queue_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->closed)
        return mp_const_none;
    self->closed = true;
    atomic_store(&self->core->has_cb, 0);
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(self->sources, &n, &items);
    for (size_t i = 0; i < n; i++) {
        pq_source_ops(items[i])->detach(items[i]);
        ((pq_source_t *)MP_OBJ_TO_PTR(items[i]))->core = NULL; /* free to feed another queue */
    }
    for (uint16_t i = 0; i < self->core->nlines; i++)
        pinq_line_enable(&self->core->q, i, false);
    pq_backend_close(self->core);
    if (self->live)
        pq_live_remove(self_in);
    self->live = false;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pq_queue_close_obj, pq_queue_close);

static mp_obj_t pq_queue_exit(size_t n_args, const mp_obj_t *args)
{
    return pq_queue_close(args[0]);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pq_queue_exit_obj, 4, 4, pq_queue_exit);

static mp_obj_t pq_queue_enter(mp_obj_t self_in)
{
    return self_in;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pq_queue_enter_obj, pq_queue_enter);

/* Methods defined in the other files of the module. */
MP_DECLARE_CONST_FUN_OBJ_KW(pq_queue_line_obj);
MP_DECLARE_CONST_FUN_OBJ_VAR_BETWEEN(pq_queue_enable_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(pq_queue_button_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(pq_queue_encoder_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(pq_queue_chord_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(pq_queue_drain_obj);
MP_DECLARE_CONST_FUN_OBJ_1(pq_queue_pending_obj);
MP_DECLARE_CONST_FUN_OBJ_1(pq_queue_stats_obj);
MP_DECLARE_CONST_FUN_OBJ_1(pq_queue_wait_obj);
MP_DECLARE_CONST_FUN_OBJ_1(pq_queue_aiter_obj);
MP_DECLARE_CONST_FUN_OBJ_1(pq_queue_anext_obj);
extern const mp_stream_p_t pq_queue_stream_p;

static const mp_rom_map_elem_t pq_queue_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_line), MP_ROM_PTR(&pq_queue_line_obj)},
    {MP_ROM_QSTR(MP_QSTR_button), MP_ROM_PTR(&pq_queue_button_obj)},
    {MP_ROM_QSTR(MP_QSTR_encoder), MP_ROM_PTR(&pq_queue_encoder_obj)},
    {MP_ROM_QSTR(MP_QSTR_chord), MP_ROM_PTR(&pq_queue_chord_obj)},
    {MP_ROM_QSTR(MP_QSTR_enable), MP_ROM_PTR(&pq_queue_enable_obj)},
    {MP_ROM_QSTR(MP_QSTR_on_events), MP_ROM_PTR(&pq_queue_on_events_obj)},
    {MP_ROM_QSTR(MP_QSTR_drain), MP_ROM_PTR(&pq_queue_drain_obj)},
    {MP_ROM_QSTR(MP_QSTR_pending), MP_ROM_PTR(&pq_queue_pending_obj)},
    {MP_ROM_QSTR(MP_QSTR_stats), MP_ROM_PTR(&pq_queue_stats_obj)},
    {MP_ROM_QSTR(MP_QSTR_wait), MP_ROM_PTR(&pq_queue_wait_obj)},
    {MP_ROM_QSTR(MP_QSTR___aiter__), MP_ROM_PTR(&pq_queue_aiter_obj)},
    {MP_ROM_QSTR(MP_QSTR___anext__), MP_ROM_PTR(&pq_queue_anext_obj)},
    {MP_ROM_QSTR(MP_QSTR_close), MP_ROM_PTR(&pq_queue_close_obj)},
    {MP_ROM_QSTR(MP_QSTR___enter__), MP_ROM_PTR(&pq_queue_enter_obj)},
    {MP_ROM_QSTR(MP_QSTR___exit__), MP_ROM_PTR(&pq_queue_exit_obj)},
};
static MP_DEFINE_CONST_DICT(pq_queue_locals, pq_queue_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(pq_queue_type, MP_QSTR_Queue, MP_TYPE_FLAG_NONE, make_new, pq_queue_make_new, protocol,
                         &pq_queue_stream_p, locals_dict, &pq_queue_locals);
