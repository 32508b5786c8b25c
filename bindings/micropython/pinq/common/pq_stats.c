/* pq_stats.c - q.stats(): the books, whole queue and per line.
 *
 * Queue (pinq_ring_stats): produced == delivered + dropped + coalesced +
 * queued, exact when no producer runs. Per line, once drained:
 * produced == delivered + lost, where lost adds up the line's RESYNCs
 * (dropped and merged alike). */
#include "py/obj.h"

#include "pq_obj.h"

static void pq_put(mp_obj_t dict, qstr key, uint32_t v)
{
    mp_obj_dict_store(dict, MP_OBJ_NEW_QSTR(key), mp_obj_new_int_from_uint(v));
}

static mp_obj_t pq_line_stats(const pq_line_t *l)
{
    mp_obj_t d = mp_obj_new_dict(5);
    pq_put(d, MP_QSTR_produced, atomic_load_explicit(&l->produced, memory_order_relaxed));
    pq_put(d, MP_QSTR_delivered, l->delivered);
    pq_put(d, MP_QSTR_lost, l->lost);
    pq_put(d, MP_QSTR_bounced, atomic_load_explicit(&l->bounced, memory_order_relaxed));
    return d;
}

static mp_obj_t pq_lines_stats(const pq_core_t *c)
{
    mp_obj_t d = mp_obj_new_dict(0);
    for (uint16_t i = 0; i < c->nlines; i++)
        if (c->lines[i].role != PQ_FREE)
            mp_obj_dict_store(d, MP_OBJ_NEW_SMALL_INT(i), pq_line_stats(&c->lines[i]));
    return d;
}

static mp_obj_t pq_queue_stats(mp_obj_t self_in)
{
    pq_core_t *c = ((pq_queue_obj_t *)MP_OBJ_TO_PTR(self_in))->core;
    pinq_ring_stats_t st;
    pinq_ring_stats(&c->q.ring, &st);
    mp_obj_t d = mp_obj_new_dict(12);
    pq_put(d, MP_QSTR_produced, st.produced);
    pq_put(d, MP_QSTR_delivered, st.delivered);
    pq_put(d, MP_QSTR_dropped, st.dropped);
    pq_put(d, MP_QSTR_coalesced, st.coalesced);
    pq_put(d, MP_QSTR_queued, st.queued);
    pq_put(d, MP_QSTR_high_water, st.high_water);
    pq_put(d, MP_QSTR_capacity, c->cfg.capacity);
    pq_put(d, MP_QSTR_scheduled, atomic_load_explicit(&c->sched_calls, memory_order_relaxed));
    pq_put(d, MP_QSTR_sched_refused, atomic_load_explicit(&c->sched_refused, memory_order_relaxed));
    pq_put(d, MP_QSTR_late, c->in.late);
    mp_obj_dict_store(d, MP_OBJ_NEW_QSTR(MP_QSTR_lines), pq_lines_stats(c));
    return d;
}
MP_DEFINE_CONST_FUN_OBJ_1(pq_queue_stats_obj, pq_queue_stats);
