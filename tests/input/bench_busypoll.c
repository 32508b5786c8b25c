/* bench_busypoll.c - reaction time to an external edge: the signal-driven
 * interrupt path versus the dedicated-core busy poller. A generator thread
 * makes one edge at a time (sigqueue, or flipping the "pin" the poller
 * reads) and waits until the main loop has it. Reaction = event timestamp
 * minus the moment the edge was made. Prints figures; checks exact
 * conservation and that every edge arrived, never a time threshold. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "pinq_input_posix.h"
#include "pinq_posix.h"
#include "trace.h"

#define EDGES 300
enum { SIG_LINE, POLL_LINE, NLINES };

static _Atomic int pin;
static int read_pin(void *ctx)
{
    (void)ctx;
    return atomic_load_explicit(&pin, memory_order_acquire);
}

static const pinq_line_cfg_t lines[NLINES] = {[SIG_LINE] = {.trigger = PINQ_TRIG_BOTH},
                                              [POLL_LINE] = {.trigger = PINQ_TRIG_BOTH, .read = read_pin}};
PINQ_DEFINE(q, lines, NLINES, 256, PINQ_MPSC, PINQ_DROP_NEWEST);
PINQ_DEFINE(spsc, lines, NLINES, 16, PINQ_SPSC, PINQ_DROP_NEWEST);

static _Atomic pinq_ticks_t made_at[EDGES];
static pinq_ticks_t reaction[NLINES][EDGES];
static _Atomic unsigned got[NLINES];
static _Atomic int gen_done;

static void on_event(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    unsigned k = atomic_load_explicit(&got[ev->line], memory_order_relaxed);
    if (k < EDGES)
        reaction[ev->line][k] = ev->ts - atomic_load_explicit(&made_at[k], memory_order_relaxed);
    atomic_store_explicit(&got[ev->line], k + 1, memory_order_release);
}

static void pause_us(long us)
{
    struct timespec t = {0, us * 1000};
    nanosleep(&t, NULL);
}

/* One edge at a time on `line`, each after the previous one arrived. */
static void *generate(void *arg)
{
    uint16_t line = (uint16_t)(uintptr_t)arg;
    for (unsigned k = 0; k < EDGES; k++) {
        atomic_store_explicit(&made_at[k], pinq_port_now(), memory_order_relaxed);
        if (line == SIG_LINE) {
            union sigval v = {.sival_int = (int)((k + 1) & 1)};
            sigqueue(getpid(), SIGRTMIN, v);
        } else {
            atomic_store_explicit(&pin, (int)((k + 1) & 1), memory_order_release);
        }
        while (atomic_load_explicit(&got[line], memory_order_acquire) <= k)
            pause_us(20);
        pause_us(100);
    }
    atomic_store_explicit(&gen_done, 1, memory_order_release);
    return NULL;
}

static int cmp(const void *a, const void *b)
{
    pinq_ticks_t x = *(const pinq_ticks_t *)a, y = *(const pinq_ticks_t *)b;
    return (x > y) - (x < y);
}

static void run(uint16_t line, const char *name, pinq_busypoll_t *bp)
{
    sigset_t rt, old;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN);
    pthread_sigmask(SIG_BLOCK, &rt, &old); /* threads leave the signal to the main loop */
    atomic_store(&gen_done, 0);
    pthread_t th;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    static const uint16_t polled[] = {POLL_LINE}; /* the poller keeps this pointer */
    if (bp)
        CHECK_EQ(pinq_busypoll_start(bp, &q, polled, 1, cpus > 1 ? (int)cpus - 1 : -1), PINQ_OK);
    pthread_create(&th, NULL, generate, (void *)(uintptr_t)line);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    while (!atomic_load_explicit(&gen_done, memory_order_acquire) || pinq_pending(&q)) {
        pinq_wait(&q, 1);
        pinq_dispatch(&q, 64);
    }
    pthread_join(th, NULL);
    uint32_t period = 0;
    if (bp) {
        pinq_busypoll_stop(bp);
        period = pinq_busypoll_period(bp);
    }
    CHECK_EQ(got[line], EDGES);
    qsort(reaction[line], EDGES, sizeof reaction[line][0], cmp);
    printf("%-22s reaction p50 %7.2f us  p99 %7.2f us  max %8.2f us", name, reaction[line][EDGES / 2] / 1e3,
           reaction[line][EDGES * 99 / 100] / 1e3, reaction[line][EDGES - 1] / 1e3);
    if (bp)
        printf("  (sweep period %u ns = timestamp uncertainty)", period);
    printf("\n");
}

int main(void)
{
    q_cfg.on_event = on_event;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_posix_bind_signal(&q, SIG_LINE, SIGRTMIN), PINQ_OK);
    run(SIG_LINE, "signal (interrupt):", NULL);
    pinq_busypoll_t bp;
    CHECK_EQ(pinq_busypoll_start(&bp, &q, (const uint16_t[]){SIG_LINE}, 1, -1), PINQ_EINVAL); /* no read hook */
    /* a polling thread beside the signal handlers would be a second
     * producer of an SPSC ring: refused */
    CHECK_EQ(pinq_init(&spsc, &spsc_cfg), PINQ_OK);
    CHECK_EQ(pinq_busypoll_start(&bp, &spsc, (const uint16_t[]){POLL_LINE}, 1, -1), PINQ_ENOTSUP);
    run(POLL_LINE, "busy poll (own core):", &bp);
    pinq_posix_unbind(SIGRTMIN);
    check_conserved(&q.ring, 2 * EDGES);
    return check_done("bench_busypoll");
}
