/* presser.h - the doorbell button: a child process that plays a schedule
 * on a pin held in a shared page, and (interrupt strategy) raises one
 * real-time signal per edge carrying the new level. */
#ifndef DOORBELL_PRESSER_H
#define DOORBELL_PRESSER_H

#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#define PRESSES_MAX 1000

/* Shared between parent and child (MAP_SHARED). */
typedef struct pin_page {
    _Atomic uint32_t level; /* the pin, as a poller reads it: 1 = pressed */
    _Atomic uint32_t done;  /* the child has played every press */
    uint32_t edges_sent;    /* signals queued (read after the child exits) */
    uint32_t send_errors;   /* sigqueue failures after retries */
    uint64_t down_ns[PRESSES_MAX]; /* true time of each press's first edge */
} pin_page_t;

pin_page_t *pin_page_map(void);
void pin_page_unmap(pin_page_t *pg);

/* Forks the child: it plays `presses` presses of schedule `seed`, the
 * first starting from t0_ns, and exits. signo > 0: also sigqueue(signo)
 * each edge to the caller; 0: pin only. Returns the pid, -1 on error. */
pid_t presser_start(pin_page_t *pg, uint64_t seed, uint32_t presses, uint64_t t0_ns, int signo);

#endif
