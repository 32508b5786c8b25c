/* pq_unix_sim.c - pinq.Sim: a pin driven by a C generator thread.
 *
 *   sim = pinq.Sim(rate=1000, count=0, bounce=0, bounce_us=100, level=0)
 *
 * A square wave of `rate` edges per second (count edges, 0: until stop()),
 * each edge followed by `bounce` glitch pairs bounce_us apart, as a
 * mechanical contact does. The thread runs beside the interpreter, so its
 * edges arrive at any point of the Python program, and it delivers them
 * one of three ways:
 *   q.line(sim) / q.button(sim)  the thread is the line's ISR: it posts
 *                                each edge stamped with its planned time
 *                                (pinq_post_at), one scheduled call per batch
 *   sim.irq(handler)             micropython.schedule(handler, arg) per
 *                                edge, as MicroPython's Pin.irq does: the
 *                                baseline of the side-by-side test
 *   sim.signal(signo)            a real-time signal per edge to the main
 *                                thread, whose handler (pinq.Signal) is the ISR
 * sim.edges counts the edges made, sim.refused those the baseline's
 * scheduler or the kernel's signal queue refused: the ground truth. */
#define _GNU_SOURCE /* pthread_sigqueue */
#include <signal.h>
#include <sys/prctl.h>
#include <time.h>

#include "pq_obj.h"
#include "pq_unix.h"

enum { PQ_SIM_NONE, PQ_SIM_LINE, PQ_SIM_IRQ, PQ_SIM_SIGNAL };

#define PQ_SPIN_NS 150000 /* closer than this to an edge, spin: sleeps overshoot by ~60 us */

typedef struct pq_sim_obj {
    pq_source_t src;
    uint64_t period, bounce_ns; /* ns */
    uint32_t count, bounce;
    uint8_t level0, target, measure;
    mp_obj_t handler;
    int signo;
    pthread_t main, thread;
    bool started, joined;
    _Atomic uint8_t stop, done;
    _Atomic uint32_t edges, refused;
} pq_sim_obj_t;

static void pq_sim_until(uint64_t t)
{
    uint64_t now = pinq_port_now();
    if (t > now + PQ_SPIN_NS) {
        uint64_t wake = t - PQ_SPIN_NS / 2;
        struct timespec ts = {.tv_sec = (time_t)(wake / 1000000000u), .tv_nsec = (long)(wake % 1000000000u)};
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    }
    while (pinq_port_now() < t) {
    }
}

/* One edge, planned for time t, delivered the configured way. A line's
 * edge is stamped t, as an input-capture timer would stamp it: the
 * timeline (bounce spacing, press lengths) stays exact however late the
 * thread gets the CPU, and a thread running late posts a burst. */
static void pq_sim_emit(pq_sim_obj_t *s, int level, uint64_t t)
{
    bool ok = true;
    if (s->target == PQ_SIM_LINE) {
        pq_isr_edge_at(s->src.core, s->src.line, level, t, PQ_FROM_TASK);
    } else if (s->target == PQ_SIM_IRQ) {
        /* measure: the edge's time rides along for the latency figures;
         * a real Pin.irq handler gets the pin, not a time */
        mp_obj_t arg = s->measure ? pq_ticks_us(t) : MP_OBJ_FROM_PTR(s);
        ok = mp_sched_schedule(s->handler, arg);
    } else { /* the signal handler stamps it on arrival */
        ok = pthread_sigqueue(s->main, s->signo, (union sigval){.sival_int = level}) == 0;
    }
    atomic_fetch_add(&s->edges, 1);
    if (!ok)
        atomic_fetch_add(&s->refused, 1);
}

static void *pq_sim_thread(void *arg)
{
    pq_sim_obj_t *s = arg;
    prctl(PR_SET_TIMERSLACK, 1UL); /* the default 50 us slack would smear the edges */
    uint64_t t = pinq_port_now();
    int level = s->level0;
    for (uint32_t i = 0; (s->count == 0 || i < s->count) && !atomic_load(&s->stop); i++) {
        t += s->period;
        pq_sim_until(t);
        level ^= 1;
        pq_sim_emit(s, level, t);
        uint64_t tb = t;
        for (uint32_t b = 0; b < s->bounce; b++) {
            pq_sim_until(tb += s->bounce_ns);
            pq_sim_emit(s, !level, tb);
            pq_sim_until(tb += s->bounce_ns);
            pq_sim_emit(s, level, tb);
        }
    }
    atomic_store(&s->done, 1);
    return NULL;
}

/* ---- as a line's source ---------------------------------------------------- */

static void pq_sim_stop_thread(pq_sim_obj_t *s)
{
    if (!s->started || s->joined)
        return;
    atomic_store(&s->stop, 1);
    pthread_join(s->thread, NULL);
    s->joined = true;
    pq_live_remove(MP_OBJ_FROM_PTR(s));
}

static void pq_sim_attach(mp_obj_t self_in, pq_queue_obj_t *q, uint16_t line)
{
    pq_sim_obj_t *s = MP_OBJ_TO_PTR(self_in);
    if (s->target != PQ_SIM_NONE || s->started)
        pq_raise(PINQ_EINVAL, "the Sim already has a target");
    s->target = PQ_SIM_LINE;
    pq_line_preset(q->core, line, s->level0);
}

static void pq_sim_detach(mp_obj_t self_in)
{
    pq_sim_obj_t *s = MP_OBJ_TO_PTR(self_in);
    pq_sim_stop_thread(s);
    if (!s->started)
        s->target = PQ_SIM_NONE; /* never ran: free for another target */
}

static const pq_source_ops_t pq_sim_ops = {PQ_SOURCE_MAGIC, pq_sim_attach, pq_sim_detach, NULL};

static mp_obj_t pq_sim_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *all)
{
    enum { ARG_rate, ARG_count, ARG_bounce, ARG_bounce_us, ARG_level };
    static const mp_arg_t allowed[] = {
        {MP_QSTR_rate, MP_ARG_INT, {.u_int = 1000}},
        {MP_QSTR_count, MP_ARG_INT, {.u_int = 0}},
        {MP_QSTR_bounce, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0}},
        {MP_QSTR_bounce_us, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 100}},
        {MP_QSTR_level, MP_ARG_KW_ONLY | MP_ARG_INT, {.u_int = 0}},
    };
    mp_arg_val_t a[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all_kw_array(n_args, n_kw, all, MP_ARRAY_SIZE(allowed), allowed, a);
    mp_int_t rate = a[ARG_rate].u_int, bounce = a[ARG_bounce].u_int, bounce_us = a[ARG_bounce_us].u_int;
    if (rate < 1 || rate > 2000000)
        pq_raise(PINQ_EINVAL, "rate must be 1 to 2000000 edges/s");
    if (a[ARG_count].u_int < 0 || a[ARG_count].u_int > (mp_int_t)UINT32_MAX / 2)
        pq_raise(PINQ_EINVAL, "count must be >= 0");
    if (bounce < 0 || bounce > 100 || bounce_us < 1 || 2 * bounce * bounce_us * 1000 >= 1000000000 / rate)
        pq_raise(PINQ_EINVAL, "bounce pairs (0 to 100, bounce_us >= 1) must fit between two edges");
    pq_sim_obj_t *s = mp_obj_malloc(pq_sim_obj_t, type);
    s->period = 1000000000u / (uint64_t)rate;
    s->count = (uint32_t)a[ARG_count].u_int;
    s->bounce = (uint32_t)bounce;
    s->bounce_ns = (uint64_t)bounce_us * 1000u;
    s->level0 = a[ARG_level].u_int != 0;
    s->handler = mp_const_none;
    return MP_OBJ_FROM_PTR(s);
}

/* ---- the other targets and control ------------------------------------------- */

static pq_sim_obj_t *pq_sim_unused(mp_obj_t self_in)
{
    pq_sim_obj_t *s = MP_OBJ_TO_PTR(self_in);
    if (s->target != PQ_SIM_NONE || s->started)
        pq_raise(PINQ_EINVAL, "the Sim already has a target");
    return s;
}

/* sim.irq(handler, measure=False): micropython.schedule(handler, arg) per
 * edge; arg is the Sim, or with measure=True the edge's ticks_us. */
static mp_obj_t pq_sim_irq(size_t n_args, const mp_obj_t *args)
{
    pq_sim_obj_t *s = pq_sim_unused(args[0]);
    if (!mp_obj_is_callable(args[1]))
        mp_raise_TypeError(MP_ERROR_TEXT("irq needs a callable"));
    s->handler = args[1];
    s->measure = n_args > 2 && mp_obj_is_true(args[2]);
    s->target = PQ_SIM_IRQ;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(pq_sim_irq_obj, 2, 3, pq_sim_irq);

/* sim.signal(signo): each edge is sigqueue'd to the calling thread. */
static mp_obj_t pq_sim_signal(mp_obj_t self_in, mp_obj_t signo_in)
{
    pq_sim_obj_t *s = pq_sim_unused(self_in);
    mp_int_t signo = mp_obj_get_int(signo_in);
    if (signo < SIGRTMIN || signo > SIGRTMAX)
        pq_raise(PINQ_EINVAL, "a real-time signal (pinq.sigrt(n)): they queue, one per edge");
    s->signo = (int)signo;
    s->main = pthread_self();
    s->target = PQ_SIM_SIGNAL;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(pq_sim_signal_obj, pq_sim_signal);

static mp_obj_t pq_sim_start(mp_obj_t self_in)
{
    pq_sim_obj_t *s = MP_OBJ_TO_PTR(self_in);
    if (s->started)
        pq_raise(PINQ_EINVAL, "a Sim runs once");
    if (s->target == PQ_SIM_NONE)
        pq_raise(PINQ_EINVAL, "give the Sim a target first: q.line(sim), sim.irq() or sim.signal()");
    pq_live_add(self_in); /* the thread uses it: keep it from the collector until stop() */
    if (pq_unix_thread(&s->thread, pq_sim_thread, s) != 0) {
        pq_live_remove(self_in);
        pq_raise_errno("pthread_create");
    }
    s->started = true;
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pq_sim_start_obj, pq_sim_start);

/* sim.stop(): end the wave and join the thread (also at q.close()). */
static mp_obj_t pq_sim_stop(mp_obj_t self_in)
{
    pq_sim_stop_thread(MP_OBJ_TO_PTR(self_in));
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(pq_sim_stop_obj, pq_sim_stop);

static mp_obj_t pq_sim_done(mp_obj_t self_in)
{
    pq_sim_obj_t *s = MP_OBJ_TO_PTR(self_in);
    return mp_obj_new_bool(atomic_load(&s->done));
}
static MP_DEFINE_CONST_FUN_OBJ_1(pq_sim_done_obj, pq_sim_done);

/* sim.edges, sim.refused; methods through the locals dict. */
static void pq_sim_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest)
{
    pq_sim_obj_t *s = MP_OBJ_TO_PTR(self_in);
    if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR_edges)
        dest[0] = mp_obj_new_int_from_uint(atomic_load(&s->edges));
    else if (dest[0] == MP_OBJ_NULL && attr == MP_QSTR_refused)
        dest[0] = mp_obj_new_int_from_uint(atomic_load(&s->refused));
    else
        dest[1] = MP_OBJ_SENTINEL;
}

static const mp_rom_map_elem_t pq_sim_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_irq), MP_ROM_PTR(&pq_sim_irq_obj)},
    {MP_ROM_QSTR(MP_QSTR_signal), MP_ROM_PTR(&pq_sim_signal_obj)},
    {MP_ROM_QSTR(MP_QSTR_start), MP_ROM_PTR(&pq_sim_start_obj)},
    {MP_ROM_QSTR(MP_QSTR_stop), MP_ROM_PTR(&pq_sim_stop_obj)},
    {MP_ROM_QSTR(MP_QSTR_done), MP_ROM_PTR(&pq_sim_done_obj)},
};
static MP_DEFINE_CONST_DICT(pq_sim_locals, pq_sim_locals_table);

MP_DEFINE_CONST_OBJ_TYPE(pq_sim_type, MP_QSTR_Sim, MP_TYPE_FLAG_NONE, make_new, pq_sim_make_new, attr, pq_sim_attr,
                         protocol, &pq_sim_ops, locals_dict, &pq_sim_locals);
