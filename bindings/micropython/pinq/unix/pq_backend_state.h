/* pq_backend_state.h (unix) - per-queue state of the unix backend: the
 * helper thread that turns signal-handler kicks and input-engine deadlines
 * into scheduled calls (pq_unix_kick.c). */
#ifndef PQ_BACKEND_STATE_H
#define PQ_BACKEND_STATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

typedef struct pq_backend_state {
    pthread_t thread;
    int efd;                    /* eventfd the helper sleeps on; -1 until started */
    _Atomic uint8_t stop;
    _Atomic uint8_t sig_kick;   /* a signal handler queued an edge */
    _Atomic uint8_t has_deadline;
    _Atomic uint64_t deadline;  /* port ticks (CLOCK_MONOTONIC ns) */
} pq_backend_state_t;

#endif
