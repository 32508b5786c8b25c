/* bench_signal.c - latency from sigqueue() in a sender thread to the
 * handling of that edge in the main thread, through pinq and through a raw
 * sigwaitinfo() loop, interleaved sample by sample in the same run with the
 * same sender (CPU 0; main thread on CPU 1).
 *
 *   pinq  signal handler -> pinq_post -> ring; main thread in pinq_wait(),
 *         then pinq_dispatch() runs the deferred handler: "consumed" is the
 *         time in that handler. "stamp" is event.ts, taken in the signal
 *         handler: the edge time pinq hands the consumer however late it runs.
 *   raw   the signal stays blocked; main thread in sigwaitinfo().
 * Latency = that time - the sender's clock just before sigqueue(). Prints
 * p50/p99/max and the % pinq adds; checks that every signal sent was
 * handled exactly once (exit 1 otherwise). Figures are never asserted.
 *
 * usage: bench_signal [samples_per_path [gap_us]]
 */
#define _GNU_SOURCE /* sigqueue, sigtimedwait, nanosleep */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "pinq.h"
#include "pinq_posix.h"

#define TIMEOUT_NS UINT64_C(5000000000) /* a lost signal fails the run, never hangs it */

enum path { PATH_PINQ, PATH_RAW };

static struct {
    uint32_t samples; /* per path */
    uint32_t gap_us;  /* sender pause before each signal: the main thread is asleep by then */
    int sig_pinq, sig_raw;
    _Atomic uint64_t sent_at; /* send time of the signal in flight */
    _Atomic uint32_t done;    /* samples the main thread has finished */
} B;

/* Latencies in ns, samples entries each. */
static double *lat_consumed, *lat_stamp, *lat_raw;
static uint32_t n_pinq, n_raw;

/* Pairs alternate which path goes first (0,1,1,0,0,1,...): neither always
 * follows the other's cache and scheduler footprint. */
static enum path path_of(uint32_t i)
{
    return ((i ^ (i >> 1)) & 1) ? PATH_RAW : PATH_PINQ;
}

static void *sender_main(void *arg)
{
    (void)arg;
    bench_pin(0, "sender");
    pid_t self = getpid();
    struct timespec gap = {.tv_sec = 0, .tv_nsec = (long)B.gap_us * 1000};
    for (uint32_t i = 0; i < 2 * B.samples; i++) {
        do
            nanosleep(&gap, NULL);
        while (atomic_load_explicit(&B.done, memory_order_acquire) != i);
        int sig = path_of(i) == PATH_PINQ ? B.sig_pinq : B.sig_raw;
        atomic_store_explicit(&B.sent_at, bench_now_ns(), memory_order_relaxed);
        /* sigqueue is a system call: the kernel orders the store before delivery */
        if (sigqueue(self, sig, (union sigval){.sival_int = (int)i}) != 0) {
            perror("sigqueue");
            exit(2);
        }
    }
    return NULL;
}

/* pinq's deferred handler: the consumer's view of the edge. */
static void on_edge(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    uint64_t now = bench_now_ns();
    uint64_t sent = atomic_load_explicit(&B.sent_at, memory_order_relaxed);
    if (ev->kind == PINQ_EV_RESYNC || n_pinq == B.samples)
        return; /* cannot happen with one signal in flight; the books below would show it */
    lat_consumed[n_pinq] = (double)(now - sent);
    lat_stamp[n_pinq] = (double)(ev->ts - sent);
    n_pinq++;
}

static bool take_pinq(pinq_t *q)
{
    uint32_t before = n_pinq;
    uint64_t deadline = bench_now_ns() + TIMEOUT_NS;
    while (n_pinq == before) {
        if (bench_now_ns() > deadline)
            return false;
        if (pinq_wait(q, 100))
            pinq_dispatch(q, 4);
    }
    return true;
}

static bool take_raw(uint32_t i)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, B.sig_raw);
    siginfo_t si;
    struct timespec limit = {.tv_sec = (time_t)(TIMEOUT_NS / 1000000000u)};
    int sig;
    do
        sig = sigtimedwait(&set, &si, &limit);
    while (sig < 0 && errno == EINTR);
    uint64_t now = bench_now_ns();
    if (sig != B.sig_raw || si.si_value.sival_int != (int)i)
        return false;
    lat_raw[n_raw++] = (double)(now - atomic_load_explicit(&B.sent_at, memory_order_relaxed));
    return true;
}

static void print_row(const char *what, double *v, uint32_t n, double base_p50, double base_p99)
{
    double p50 = bench_quantile(v, n, 0.50), p99 = bench_quantile(v, n, 0.99), max = v[n ? n - 1 : 0];
    printf("%-34s %9.2f %9.2f %9.2f", what, p50 / 1e3, p99 / 1e3, max / 1e3);
    if (base_p50 > 0)
        printf("   %+7.1f %% %+7.1f %%", 100 * (p50 - base_p50) / base_p50, 100 * (p99 - base_p99) / base_p99);
    printf("\n");
}

/* pinq's books for the run: every pinq-path signal became exactly one
 * delivered event, nothing dropped or merged. */
static bool pinq_books_ok(const pinq_t *q)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(&q->ring, &st);
    bool ok = n_pinq == B.samples && st.produced == B.samples && st.delivered == B.samples && st.dropped == 0 &&
              st.coalesced == 0 && st.queued == 0;
    printf("conservation: pinq %" PRIu32 " sent, %" PRIu32 " handled (ring: produced %" PRIu32 " delivered %" PRIu32
           " dropped %" PRIu32 " coalesced %" PRIu32 "); raw %" PRIu32 " sent, %" PRIu32 " handled: %s\n",
           B.samples, n_pinq, st.produced, st.delivered, st.dropped, st.coalesced, B.samples, n_raw,
           ok && n_raw == B.samples ? "exact" : "FAILED");
    return ok && n_raw == B.samples;
}

static void setup(pinq_t *q, const pinq_cfg_t *cfg, pthread_t *sender)
{
    B.sig_pinq = SIGRTMIN;
    B.sig_raw = SIGRTMIN + 1;
    sigset_t both;
    sigemptyset(&both);
    sigaddset(&both, B.sig_pinq);
    sigaddset(&both, B.sig_raw);
    /* the sender inherits this mask: both signals go to the main thread */
    pthread_sigmask(SIG_BLOCK, &both, NULL);
    int err = pinq_init(q, cfg);
    if (err == PINQ_OK)
        err = pinq_posix_bind_signal(q, 0, B.sig_pinq);
    if (err != PINQ_OK) {
        fprintf(stderr, "pinq setup: %s\n", pinq_strerror(err));
        exit(2);
    }
    if (pthread_create(sender, NULL, sender_main, NULL) != 0) {
        perror("pthread_create");
        exit(2);
    }
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, B.sig_pinq);
    pthread_sigmask(SIG_UNBLOCK, &one, NULL); /* the raw signal stays blocked: sigwaitinfo takes it */
}

int main(int argc, char **argv)
{
    B.samples = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : 20000;
    B.gap_us = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 0) : 50;
    if (B.samples == 0 || B.samples > 10000000 || B.gap_us > 1000000) {
        fprintf(stderr, "usage: %s [samples_per_path 1..10000000 [gap_us <= 1000000]]\n", argv[0]);
        return 2;
    }
    lat_consumed = malloc(B.samples * sizeof *lat_consumed);
    lat_stamp = malloc(B.samples * sizeof *lat_stamp);
    lat_raw = malloc(B.samples * sizeof *lat_raw);
    if (!lat_consumed || !lat_stamp || !lat_raw)
        return 2;
    setvbuf(stdout, NULL, _IOLBF, 0);
    bench_pin(1, "main thread");
    static const pinq_line_cfg_t lines[1] = {{.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_IRQ}};
    PINQ_DEFINE(q, lines, 1, 64, PINQ_SPSC, PINQ_DROP_NEWEST);
    q_cfg.on_event = on_edge;
    pthread_t sender;
    setup(&q, &q_cfg, &sender);

    bool ok = true;
    for (uint32_t i = 0; ok && i < 2 * B.samples; i++) {
        ok = path_of(i) == PATH_PINQ ? take_pinq(&q) : take_raw(i);
        atomic_store_explicit(&B.done, i + 1, memory_order_release);
    }
    if (!ok) {
        fprintf(stderr, "a signal was not handled within %" PRIu64 " s\n", TIMEOUT_NS / 1000000000u);
        return 1; /* the sender may still be waiting: exit takes it down */
    }
    pthread_join(sender, NULL);

    printf("bench_signal: %" PRIu32 " samples per path, interleaved, sender gap %" PRIu32
           " us; sender on CPU 0, main thread on CPU 1.\n\n",
           B.samples, B.gap_us);
    printf("%-34s %9s %9s %9s   %s\n", "latency from sigqueue(), us", "p50", "p99", "max", "added vs raw (p50, p99)");
    double raw[2] = {bench_quantile(lat_raw, n_raw, 0.50), bench_quantile(lat_raw, n_raw, 0.99)};
    print_row("raw: sigwaitinfo() returns", lat_raw, n_raw, 0, 0);
    print_row("pinq: deferred handler runs", lat_consumed, n_pinq, raw[0], raw[1]);
    print_row("pinq: event.ts (in signal handler)", lat_stamp, n_pinq, raw[0], raw[1]);
    printf("\n");
    return pinq_books_ok(&q) ? 0 : 1;
}
