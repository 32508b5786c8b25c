/* test_stress_signal.c - signal handlers as the producer of an SPSC ring,
 * through the real POSIX port: a writer thread feeds a pipe bound with
 * pinq_posix_bind_fd(); each write raises a real-time signal whose handler
 * interrupts the consumer (main thread) at arbitrary points, drains the
 * pipe and posts one edge per byte. Checks conservation exactly (bytes
 * written == delivered + lost reported by RESYNC == ring counters) and
 * order: the bytes alternate levels, so after any event the next one on
 * the line must have the other level unless a RESYNC reported a loss.
 * The writer sends bursts of pseudo-random size and lets the consumer
 * catch up in between, so some bursts fit and others overflow the ring,
 * often with more bursts stored behind the loss before it is reported. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "pinq_posix.h"

#define CAP 256
#define CHUNK 512

static const pinq_line_cfg_t lines[1] = {{.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, 1, CAP, PINQ_SPSC, PINQ_DROP_NEWEST);
static int pipefd[2];
static uint64_t total;
static _Atomic int writer_done;
static _Atomic uint64_t accounted; /* delivered + reported lost, by the consumer */

static void *writer(void *arg)
{
    (void)arg;
    unsigned char buf[CHUNK];
    uint64_t sent = 0;
    uint32_t rnd = 12345;
    while (sent < total) {
        while (atomic_load(&accounted) + 2 * CAP < sent)
            sched_yield(); /* flow control: at most 2 * CAP events outstanding */
        rnd = rnd * 1103515245u + 12345u;
        size_t n = 1 + (rnd >> 16) % CHUNK;
        if (n > total - sent)
            n = (size_t)(total - sent);
        for (size_t i = 0; i < n; i++)
            buf[i] = (unsigned char)((sent + i) & 1); /* levels alternate 0,1,0,1... */
        ssize_t w = write(pipefd[1], buf, n);
        if (w > 0)
            sent += (uint64_t)w;
        /* a full pipe blocks the writer: the pipe is not what is tested */
    }
    atomic_store(&writer_done, 1);
    return NULL;
}

int main(int argc, char **argv)
{
    total = argc > 1 ? strtoull(argv[1], NULL, 0) : PINQ_STRESS_EVENTS;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pipe(pipefd), 0);
    int sig = SIGRTMIN + 1;
    CHECK_EQ(pinq_posix_bind_fd(&q, 0, pipefd[0], sig), PINQ_OK);

    /* only the main thread may take the signal: the writer blocks it */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, sig);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    pthread_t th;
    pthread_create(&th, NULL, writer, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    uint64_t delivered = 0, lostsum = 0, order_errors = 0;
    int expect = 0, known = 1; /* first byte has level 0 */
    pinq_event_t ev;
    for (;;) {
        int done = atomic_load(&writer_done);
        int n = pinq_ring_pop(&q.ring, &ev);
        if (n == 1) {
            if (ev.kind == PINQ_EV_RESYNC) {
                lostsum += ev.lost;
                known = 0; /* after a loss the next level is unknown */
            } else {
                if (known && ev.level != expect)
                    order_errors++;
                expect = !ev.level;
                known = 1;
                delivered++;
            }
            atomic_store(&accounted, delivered + lostsum);
            continue;
        }
        /* ring dry: as pinq_wait()/pinq_dispatch() do, with the producer
         * (the signal) masked: write the RESYNCs still owed, or sleep until
         * the next signal */
        pinq_irqstate_t s = pinq_irq_save();
        if (pinq_ring_lost_pending(&q.ring))
            pinq_ring_flush_lost(&q.ring);
        else if (!pinq_ring_ready(&q.ring) && !(done && delivered + lostsum >= total))
            pinq_port_wait(1);
        pinq_irq_restore(s);
        if (done && delivered + lostsum >= total && !pinq_ring_ready(&q.ring))
            break;
    }
    pthread_join(th, NULL);

    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(delivered + lostsum, total);
    CHECK_EQ(st.produced, (uint32_t)total);
    CHECK_EQ(st.delivered, (uint32_t)delivered);
    CHECK_EQ(st.dropped, (uint32_t)lostsum);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced);
    CHECK_EQ(order_errors, 0);
    printf("spsc from signal handler: produced %u delivered %u dropped %u high-water %u\n", st.produced,
           st.delivered, st.dropped, st.high_water);
    pinq_posix_unbind(sig);
    return check_done("test_stress_signal");
}
