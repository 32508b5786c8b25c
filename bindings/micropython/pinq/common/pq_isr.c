/* pq_isr.c - the interrupt side of pinq.Queue: filter, push, notify.
 *
 * Runs in ISRs, signal handlers and producer threads. It touches only
 * memory allocated at construction and never the MicroPython heap: the
 * only MicroPython call is mp_sched_schedule(), made at most once per
 * batch (sched_pending), so pinq can never fill the scheduler's queue.
 */
#include "py/runtime.h"

#include "pq_core.h"

/* The scheduled call (pq_queue.c): its argument is the queue. */
extern const mp_obj_fun_builtin_fixed_t pq_trampoline_obj;

void pq_notify(pq_core_t *c)
{
    if (!atomic_load(&c->has_cb) || atomic_exchange(&c->sched_pending, 1))
        return;
    if (mp_sched_schedule(MP_OBJ_FROM_PTR(&pq_trampoline_obj), MP_OBJ_FROM_PTR(c->self))) {
        atomic_fetch_add_explicit(&c->sched_calls, 1, memory_order_relaxed);
    } else {
        /* others filled the scheduler: the events stay queued and the
         * next edge (or the backend's retry) asks again */
        atomic_store(&c->sched_pending, 0);
        atomic_fetch_add_explicit(&c->sched_refused, 1, memory_order_relaxed);
    }
}

/* Is an edge leaving the line at `level` one its trigger takes? */
static bool pq_trigger_takes(pq_line_t *l, pinq_event_t *ev)
{
    int level = PINQ_LEVEL(ev);
    switch (l->trigger) {
    case PINQ_TRIG_RISING: return level == 1;
    case PINQ_TRIG_FALLING: return level == 0;
    case PINQ_TRIG_LEVEL_HIGH: ev->kind = PINQ_EV_LEVEL; return level == 1;
    case PINQ_TRIG_LEVEL_LOW: ev->kind = PINQ_EV_LEVEL; return level == 0;
    default: return true; /* BOTH */
    }
}

/* The lockout debounce: the first edge is taken with its own timestamp,
 * the edges of the next `lockout` ticks are counted and swallowed. */
static bool pq_lockout_takes(pq_line_t *l, pinq_ticks_t ts)
{
    if (l->lockout && l->locked && ts - l->lock_start < l->lockout) {
        atomic_store_explicit(&l->bounced, atomic_load_explicit(&l->bounced, memory_order_relaxed) + 1,
                              memory_order_relaxed);
        return false;
    }
    l->lock_start = ts;
    l->locked = 1;
    return true;
}

/* Every line's hard handler (pinq_line_cfg.hard): pinq routes each edge
 * as BOTH; the trigger a Python caller chose is applied here, so lines can
 * be configured after pinq_init(). Single writer per line: its source. */
bool pq_hard(pinq_event_t *ev, void *line)
{
    pq_line_t *l = line;
    if (!pq_trigger_takes(l, ev) || !pq_lockout_takes(l, ev->ts))
        return false;
    atomic_store_explicit(&l->produced, atomic_load_explicit(&l->produced, memory_order_relaxed) + 1,
                          memory_order_relaxed);
    return true;
}

/* Tell Python, unless the edge was filtered out (nothing reached the
 * ring: nothing to say). A refused edge was produced: its RESYNC is news. */
static void pq_after_push(pq_core_t *c, uint16_t line, uint32_t before, enum pq_ctx ctx)
{
    if (line >= c->nlines || atomic_load_explicit(&c->lines[line].produced, memory_order_relaxed) == before)
        return;
    if (ctx != PQ_FROM_SIGNAL)
        pq_notify(c);
    else if (atomic_load(&c->has_cb) && !atomic_load(&c->sched_pending))
        pq_backend_kick(c); /* the helper checks both again: this only spares it needless wake-ups */
}

static uint32_t pq_produced(pq_core_t *c, uint16_t line)
{
    return line < c->nlines ? atomic_load_explicit(&c->lines[line].produced, memory_order_relaxed) : 0;
}

int pq_isr_edge(pq_core_t *c, uint16_t line, int level, enum pq_ctx ctx)
{
    uint32_t before = pq_produced(c, line);
    int err = pinq_post(&c->q, line, level);
    pq_after_push(c, line, before, ctx);
    return err;
}

int pq_isr_edge_at(pq_core_t *c, uint16_t line, int level, pinq_ticks_t ts, enum pq_ctx ctx)
{
    uint32_t before = pq_produced(c, line);
    int err = pinq_post_at(&c->q, line, level, ts);
    pq_after_push(c, line, before, ctx);
    return err;
}
