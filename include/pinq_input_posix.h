/* pinq_input_posix.h - host-only part of the input engine: the
 * dedicated-core busy-poll mode (a thread pinned to one core sampling
 * lines as fast as it can), for multi-core hosts. Not for embedded ports. */
#ifndef PINQ_INPUT_POSIX_H
#define PINQ_INPUT_POSIX_H

#include <pthread.h>

#include "pinq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A busy-poll thread and its figures (pinq_busypoll_start()). */
typedef struct pinq_busypoll {
    pinq_t *q;                 /* the queue it posts to */
    const uint16_t *lines;     /* sampled through their cfg.read; source PINQ_SRC_IRQ, so the
                                  dispatcher does not sample them too */
    uint16_t n;                /* entries in lines */
    int cpu;                   /* core the thread is pinned to, -1: not pinned */
    pthread_t thread;          /* the sampling thread */
    _Atomic int stop;          /* set by pinq_busypoll_stop() */
    _Atomic uint64_t sweeps;   /* passes over all lines */
    _Atomic uint64_t busy_ticks; /* time the sweeps took */
} pinq_busypoll_t;

/* Start sampling `lines` of q from a thread pinned to `cpu`: each change is
 * posted with pinq_post_sample(), stamped right after the read. The ring
 * must be PINQ_MPSC (PINQ_ENOTSUP otherwise): the thread is a producer of
 * its own, beside the signal handlers and the main loop's poller.
 * PINQ_EINVAL for a line without a read function, PINQ_ESYS if the thread
 * cannot be created or pinned. */
int pinq_busypoll_start(pinq_busypoll_t *bp, pinq_t *q, const uint16_t *lines, uint16_t n, int cpu);

/* Stop and join the thread. */
void pinq_busypoll_stop(pinq_busypoll_t *bp);

/* Mean sweep period in ticks so far: the timestamp uncertainty of the
 * events the busy poller posts (0 before the first sweep). */
uint32_t pinq_busypoll_period(const pinq_busypoll_t *bp);

#ifdef __cplusplus
}
#endif

#endif
