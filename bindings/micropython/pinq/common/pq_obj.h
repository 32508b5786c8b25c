/* pq_obj.h - the Python side of the module: the pinq.Queue object, the
 * protocol every event source implements, and the helpers the files of
 * the module share. Main-loop code only (it may allocate and raise). */
#ifndef PQ_OBJ_H
#define PQ_OBJ_H

#include "py/obj.h"
#include "py/runtime.h"

#include "pq_core.h"

typedef struct pq_queue_obj {
    mp_obj_base_t base;
    pq_core_t *core; /* aligned inside core_block */
    void *core_block; /* the heap block that holds it: keeps it alive */
    mp_obj_t callback;
    mp_obj_t sources; /* list: every attached source, so none is collected */
    mp_obj_t polled;  /* list: the attached sources the main loop samples */
    uint32_t drain_max; /* drain()'s default: a ring's worth and a stage's */
    bool live; /* in the root list: some interrupt context may reference it */
    bool closed;
} pq_queue_obj_t;

extern const mp_obj_type_t pq_queue_type;

/* ---- event sources --------------------------------------------------------
 * A source type's `protocol` slot points to its pq_source_ops_t; the
 * object starts with a pq_source_t. attach() runs with the line still
 * disabled (its level may be set with pq_line_preset) and may raise. */
#define PQ_SOURCE_MAGIC 0x70717372u

typedef struct pq_source {
    mp_obj_base_t base;
    pq_core_t *core; /* NULL while unattached */
    uint16_t line;
} pq_source_t;

typedef struct pq_source_ops {
    uint32_t magic;
    void (*attach)(mp_obj_t src, pq_queue_obj_t *q, uint16_t line);
    void (*detach)(mp_obj_t src);
    /* sampled by the main loop (pinq.Poll): returns the level, -1 if not due */
    int (*sample)(mp_obj_t src, pinq_ticks_t now);
} pq_source_ops_t;

/* The ops of a source object; TypeError if it is not one. */
const pq_source_ops_t *pq_source_ops(mp_obj_t src);
/* Set a disabled line's level without an event (pinq records the level of
 * a refused post). */
void pq_line_preset(pq_core_t *c, uint16_t line, int level);

/* ---- shared helpers ------------------------------------------------------ */

/* Raise the exception for a pinq error code: ValueError (EINVAL), OSError
 * (the rest), the message naming the code. No return. */
MP_NORETURN void pq_raise(int err, const char *what);
/* OSError for a failed system call (PINQ_ESYS), with errno's text. */
MP_NORETURN void pq_raise_errno(const char *what);
/* Milliseconds (>= 0) to port ticks, ValueError past 2^32 - 1 ticks. */
uint32_t pq_ms_to_ticks(mp_int_t ms, const char *what);
/* A port tick count as MicroPython's ticks_us (wrapping like time.ticks_us). */
mp_obj_t pq_ticks_us(pinq_ticks_t ts);
/* The port tick count of a time.ticks_us() value in the recent past. */
pinq_ticks_t pq_ticks_from_us(mp_int_t us);

/* Keep `obj` reachable from the roots while interrupt contexts use it. */
void pq_live_add(mp_obj_t obj);
void pq_live_remove(mp_obj_t obj);

/* Claim a free line for a source with the given role and trigger
 * (pq_lines.c); the line stays disabled until pq_line_start. */
uint16_t pq_line_claim(pq_queue_obj_t *q, mp_obj_t src, uint8_t role, uint8_t trigger, uint32_t lockout);
void pq_line_start(pq_queue_obj_t *q, uint16_t line);
void pq_line_release(pq_queue_obj_t *q, mp_obj_t src);
void pq_check_open(pq_queue_obj_t *q);

/* Drain machinery (pq_drain.c). */
void pq_engine_emit(const pinq_event_t *ev, void *core);
void pq_engine_arm(void *core, pinq_ticks_t deadline);
void pq_on_event(const pinq_event_t *ev, void *core);
void pq_sample_polled(pq_queue_obj_t *q, pinq_ticks_t now);
/* Work done by one drain; the next event or MP_OBJ_NULL (pq_drain.c). */
typedef struct pq_pass {
    uint32_t units; /* ring events dispatched */
} pq_pass_t;
mp_obj_t pq_next_event(pq_queue_obj_t *q, pq_pass_t *pass);
/* True if drain() would return something, or a decision is due. */
bool pq_ready(pq_queue_obj_t *q);
/* One event as a Python object (pq_event.c). */
mp_obj_t pq_event_new(const pinq_event_t *ev);

#endif
