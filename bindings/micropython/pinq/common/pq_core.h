/* pq_core.h - the C side of a pinq.Queue: what interrupt contexts reach.
 *
 * A pinq.Queue is a Python object (pq_queue_obj_t) holding a pq_core_t in
 * a block of the MicroPython heap allocated at construction. Everything an
 * interrupt (ISR, signal handler, producer thread) touches lives in that
 * block or in arrays it points to, all allocated before any source is
 * attached: the interrupt side never allocates, never raises, never runs
 * Python. It pushes into the pinq ring and, when Python asked for a
 * callback, schedules at most one call per queue (sched_pending).
 */
#ifndef PQ_CORE_H
#define PQ_CORE_H

#include <stdatomic.h>

#include "pinq.h"
#include "pinq_input.h"
#include "pq_backend_state.h" /* the backend's per-queue state (unix/ or esp32/) */

/* Binding bookkeeping of one line. The ISR fields have a single writer:
 * the line's source (one source per line). */
typedef struct pq_line {
    _Atomic uint32_t produced; /* ISR: edges handed to the ring (trigger and lockout passed) */
    _Atomic uint32_t bounced;  /* ISR: edges swallowed by the lockout debounce */
    pinq_ticks_t lock_start;   /* ISR: ts of the last edge taken (lockout) */
    uint32_t lockout;          /* ticks; 0: no lockout. Set before the line is enabled */
    uint32_t delivered;        /* consumer: events of the line popped from the ring */
    uint32_t lost;             /* consumer: losses reported by RESYNCs of the line */
    uint8_t trigger;           /* enum pinq_trigger, applied by the hard handler */
    uint8_t locked;            /* ISR: lock_start is valid */
    uint8_t role;              /* enum pq_role */
} pq_line_t;

enum pq_role { PQ_FREE = 0, PQ_RAW, PQ_BUTTON, PQ_ENCODER };

/* Where an edge comes from: it decides how Python is told. */
enum pq_ctx {
    PQ_FROM_TASK = 0,  /* ISR on a port whose mp_sched_schedule is ISR-safe, a thread, the main loop */
    PQ_FROM_SIGNAL = 1 /* POSIX signal handler: only async-signal-safe calls (pq_backend_kick) */
};

typedef struct pq_core {
    pinq_t q; /* first: port hooks get the pinq_t and find the core at the same address */
    pinq_cfg_t cfg;
    pinq_line_cfg_t *line_cfg; /* every line: trigger BOTH, hard handler pq_hard */
    pq_line_t *lines;
    uint16_t nlines;

    /* the input engine; its configuration grows as buttons are added */
    pinq_input_t in;
    pinq_input_cfg_t in_cfg;
    pinq_button_cfg_t *buttons;
    pinq_button_t *button_state;
    pinq_encoder_cfg_t *encoders;
    pinq_encoder_t *encoder_state;
    pinq_chord_cfg_t *chords;
    pinq_chord_t *chord_state;
    uint16_t *chord_lines; /* PINQ_CHORD_MAX per chord */
    uint8_t max_chords;

    /* engine output waiting to become Python objects (consumer only) */
    pinq_event_t *stage;
    uint32_t stage_cap, stage_head, stage_len;
    uint32_t stage_lost; /* engine events that found no room: raised as MemoryError */

    /* notification */
    void *self; /* the pinq.Queue (mp_obj_t), argument of the scheduled call */
    _Atomic uint8_t has_cb;
    _Atomic uint8_t sched_pending;    /* a scheduled call is queued and has not started */
    _Atomic uint32_t sched_calls;     /* calls scheduled */
    _Atomic uint32_t sched_refused;   /* mp_sched_schedule refused (scheduler full of others' calls) */
    pq_backend_state_t be;
} pq_core_t;

/* The core of a pinq_t (the port hooks' argument). */
static inline pq_core_t *pq_core_of(pinq_t *q)
{
    return (pq_core_t *)(void *)q;
}

/* ---- interrupt side (pq_isr.c): no heap, no Python ---------------------- */

/* The line table's hard handler: trigger, lockout debounce, counts. */
bool pq_hard(pinq_event_t *ev, void *line);
/* An edge on `line` leaving it at `level`, stamped now / at ts. */
int pq_isr_edge(pq_core_t *c, uint16_t line, int level, enum pq_ctx ctx);
int pq_isr_edge_at(pq_core_t *c, uint16_t line, int level, pinq_ticks_t ts, enum pq_ctx ctx);
/* Tell Python events are waiting: schedule the callback unless one is
 * already pending. Any context but a signal handler. */
void pq_notify(pq_core_t *c);

/* ---- backend (unix/ or esp32/) ------------------------------------------ */

void pq_backend_init(pq_core_t *c);  /* at construction, main loop */
void pq_backend_close(pq_core_t *c); /* stop helpers (main loop) */
/* Wake Python at `deadline` (port ticks): the engine has a decision due
 * and no edge may come to trigger it. Main loop. */
void pq_backend_arm(pq_core_t *c, pinq_ticks_t deadline);
/* pq_notify from a context that may not call it (a signal handler):
 * async-signal-safe. */
void pq_backend_kick(pq_core_t *c);

#endif
