/* pinq_busypoll.c - dedicated-core busy-poll mode (host): a thread pinned
 * to one core samples its lines back to back and posts every change with
 * the sample's timestamp. On a multi-core processor this is the fastest way
 * to react to an external event: no interrupt entry, no wake-up, one core
 * spent on it. */
#define _GNU_SOURCE /* pthread_setaffinity_np */
#include "pinq_input_posix.h"

#include <sched.h>

static void sweep(pinq_busypoll_t *bp)
{
    for (uint16_t i = 0; i < bp->n; i++) {
        uint16_t line = bp->lines[i];
        const pinq_line_cfg_t *c = &bp->q->lines[line];
        int level = c->read(c->ctx);
        if (level >= 0)
            pinq_post_sample(bp->q, line, level, pinq_port_now());
    }
}

static void *run(void *arg)
{
    pinq_busypoll_t *bp = arg;
    pinq_ticks_t t0 = pinq_port_now();
    uint64_t n = 0;
    while (!atomic_load_explicit(&bp->stop, memory_order_relaxed)) {
        sweep(bp);
        if ((++n & 1023u) == 0) { /* publish the rate now and then, not per sweep */
            atomic_store_explicit(&bp->sweeps, n, memory_order_relaxed);
            atomic_store_explicit(&bp->busy_ticks, pinq_port_now() - t0, memory_order_relaxed);
        }
    }
    atomic_store_explicit(&bp->sweeps, n, memory_order_relaxed);
    atomic_store_explicit(&bp->busy_ticks, pinq_port_now() - t0, memory_order_relaxed);
    return NULL;
}

int pinq_busypoll_start(pinq_busypoll_t *bp, pinq_t *q, const uint16_t *lines, uint16_t n, int cpu)
{
    if (!bp || !q || !lines || n == 0)
        return PINQ_EINVAL;
    for (uint16_t i = 0; i < n; i++)
        if (lines[i] >= q->nlines || !q->lines[lines[i]].read)
            return PINQ_EINVAL;
    /* A second thread posting: an SPSC ring's one producer context would
     * be shared with the signal handlers and the main loop's poller. */
    if (q->ring.mode != PINQ_MPSC)
        return PINQ_ENOTSUP;
    bp->q = q;
    bp->lines = lines;
    bp->n = n;
    bp->cpu = cpu;
    atomic_store(&bp->stop, 0);
    atomic_store(&bp->sweeps, 0);
    atomic_store(&bp->busy_ticks, 0);
    if (pthread_create(&bp->thread, NULL, run, bp) != 0)
        return PINQ_ESYS;
    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (pthread_setaffinity_np(bp->thread, sizeof set, &set) != 0) {
            pinq_busypoll_stop(bp);
            return PINQ_ESYS;
        }
    }
    return PINQ_OK;
}

void pinq_busypoll_stop(pinq_busypoll_t *bp)
{
    atomic_store(&bp->stop, 1);
    pthread_join(bp->thread, NULL);
}

uint32_t pinq_busypoll_period(const pinq_busypoll_t *bp)
{
    uint64_t n = atomic_load_explicit(&bp->sweeps, memory_order_relaxed);
    uint64_t t = atomic_load_explicit(&bp->busy_ticks, memory_order_relaxed);
    return n ? (uint32_t)(t / n) : 0;
}
