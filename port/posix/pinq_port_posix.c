/* pinq_port_posix.c - POSIX host port: signal bindings, CLOCK_MONOTONIC
 * timestamps, signal-mask critical sections, sigtimedwait-based wait. */
#define _GNU_SOURCE /* F_SETSIG */
#include "pinq_posix.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_SIG 65

/* Table read by the signal handler; written before the handler is
 * installed (atomics: the writer and the interrupted thread may differ). */
static struct binding {
    _Atomic(pinq_t *) q;
    _Atomic uint16_t line;
    _Atomic int fd; /* -1: plain signal binding */
} bindings[MAX_SIG];

static sigset_t bound; /* signals masked by pinq_irq_save() */
/* Wake-only signals (one-shot timers): kept blocked, so they are only ever
 * taken by pinq_port_wait()'s sigtimedwait, which runs their hook. */
static sigset_t wakers;
static _Atomic(pinq_posix_wake_fn) wake_fns[MAX_SIG];
static pthread_mutex_t bind_lock = PTHREAD_MUTEX_INITIALIZER;

pinq_ticks_t pinq_port_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (pinq_ticks_t)ts.tv_sec * 1000000000u + (pinq_ticks_t)ts.tv_nsec;
}

uint32_t pinq_port_ticks_per_sec(void)
{
    return 1000000000u;
}

/* Lines bound to signals have no hardware mask to set: the core already
 * stops queueing events of a disabled line. */
void pinq_port_line_enable(pinq_t *q, uint16_t line, bool on)
{
    (void)q;
    (void)line;
    (void)on;
}

pinq_irqstate_t pinq_irq_save(void)
{
    sigset_t old;
    pthread_sigmask(SIG_BLOCK, &bound, &old);
    for (int s = 1; s < MAX_SIG; s++)
        if (sigismember(&bound, s) == 1)
            return sigismember(&old, s) == 1; /* already masked: we are nested */
    return 1; /* nothing bound: nothing to restore */
}

void pinq_irq_restore(pinq_irqstate_t state)
{
    if (!state)
        pthread_sigmask(SIG_UNBLOCK, &bound, NULL);
}

static void drain_fd(pinq_t *q, uint16_t line, int fd)
{
    unsigned char buf[64];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        for (ssize_t i = 0; i < n; i++)
            pinq_post(q, line, buf[i] & 1);
}

/* The interrupt handler: async-signal-safe calls only. */
/* Depth of pinq signal handlers running on this thread (PINQ_DEBUG's
 * pinq_port_in_isr). */
static _Thread_local unsigned handler_depth;

bool pinq_port_in_isr(void)
{
    return handler_depth != 0;
}

static void on_signal(int signo, siginfo_t *si, void *uc)
{
    (void)uc;
    int saved = errno;
    handler_depth++;
    struct binding *b = &bindings[signo];
    pinq_posix_wake_fn wake = atomic_load_explicit(&wake_fns[signo], memory_order_acquire);
    if (wake)
        wake(signo);
    pinq_t *q = atomic_load_explicit(&b->q, memory_order_acquire);
    if (q) {
        uint16_t line = atomic_load_explicit(&b->line, memory_order_relaxed);
        int fd = atomic_load_explicit(&b->fd, memory_order_relaxed);
        if (fd >= 0)
            drain_fd(q, line, fd);
        else if (si->si_code == SI_QUEUE)
            pinq_post(q, line, si->si_value.sival_int & 1);
        else
            pinq_post(q, line, !pinq_line_level(q, line));
    }
    handler_depth--;
    errno = saved;
}

/* (Re)install every bound handler with all bound signals in its sa_mask:
 * pinq handlers never interrupt each other, so all signal producers of
 * one thread count as a single producer (an SPSC ring is enough). */
static int mask_all_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sa.sa_mask = bound;
    for (int s = 1; s < MAX_SIG; s++)
        if (sigismember(&bound, s) == 1 && sigaction(s, &sa, NULL) != 0)
            return -1;
    return 0;
}

/* Called with the bound signals masked (pinq_irq_save): take a pending
 * or arriving one synchronously and run its handler here, in the same
 * masked context a delivered handler would have. No signal frame, no
 * sigreturn, no EINTR round trip; nothing can be missed between the
 * caller's check and this wait, since the signal stays pending. */
void pinq_port_wait(uint32_t timeout_ms)
{
    struct timespec ts = {.tv_sec = timeout_ms / 1000, .tv_nsec = (long)(timeout_ms % 1000) * 1000000L};
    siginfo_t si;
    sigset_t set = bound;
    for (int s = 1; s < MAX_SIG; s++)
        if (sigismember(&wakers, s) == 1)
            sigaddset(&set, s);
    int sig = sigtimedwait(&set, &si, timeout_ms == PINQ_WAIT_FOREVER ? NULL : &ts);
    if (sig > 0)
        on_signal(sig, &si, NULL);
}

static int install(pinq_t *q, uint16_t line, int signo, int fd)
{
    if (!q || line >= q->nlines || signo <= 0 || signo >= MAX_SIG || signo == SIGKILL || signo == SIGSTOP)
        return PINQ_EINVAL;
    pthread_mutex_lock(&bind_lock);
    atomic_store_explicit(&bindings[signo].line, line, memory_order_relaxed);
    atomic_store_explicit(&bindings[signo].fd, fd, memory_order_relaxed);
    atomic_store_explicit(&bindings[signo].q, q, memory_order_release);
    sigaddset(&bound, signo);
    int rc = mask_all_handlers();
    pthread_mutex_unlock(&bind_lock);
    return rc == 0 ? PINQ_OK : PINQ_ESYS;
}

int pinq_posix_bind_wake(int signo, pinq_posix_wake_fn fn)
{
    if (!fn || signo <= 0 || signo >= MAX_SIG || signo == SIGKILL || signo == SIGSTOP)
        return PINQ_EINVAL;
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, signo);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal; /* only if another thread left it unblocked */
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sa.sa_mask = bound;
    pthread_mutex_lock(&bind_lock);
    atomic_store_explicit(&wake_fns[signo], fn, memory_order_release);
    sigaddset(&wakers, signo);
    int rc = pthread_sigmask(SIG_BLOCK, &one, NULL) == 0 && sigaction(signo, &sa, NULL) == 0;
    pthread_mutex_unlock(&bind_lock);
    return rc ? PINQ_OK : PINQ_ESYS;
}

int pinq_posix_bind_signal(pinq_t *q, uint16_t line, int signo)
{
    return install(q, line, signo, -1);
}

int pinq_posix_bind_fd(pinq_t *q, uint16_t line, int fd, int signo)
{
    if (fd < 0 || signo < SIGRTMIN || signo > SIGRTMAX)
        return PINQ_EINVAL;
    int err = install(q, line, signo, fd);
    if (err != PINQ_OK)
        return err;
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETOWN, getpid()) < 0 || fcntl(fd, F_SETSIG, signo) < 0 ||
        fcntl(fd, F_SETFL, fl | O_ASYNC | O_NONBLOCK) < 0) {
        pinq_posix_unbind(signo);
        return PINQ_ESYS;
    }
    return PINQ_OK;
}

int pinq_posix_unbind(int signo)
{
    if (signo <= 0 || signo >= MAX_SIG)
        return PINQ_EINVAL;
    pthread_mutex_lock(&bind_lock);
    signal(signo, SIG_DFL);
    int fd = atomic_load_explicit(&bindings[signo].fd, memory_order_relaxed);
    if (fd >= 0 && atomic_load_explicit(&bindings[signo].q, memory_order_relaxed)) {
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0)
            fcntl(fd, F_SETFL, fl & ~O_ASYNC);
    }
    atomic_store_explicit(&bindings[signo].q, NULL, memory_order_release);
    sigdelset(&bound, signo);
    atomic_store_explicit(&wake_fns[signo], NULL, memory_order_release);
    sigdelset(&wakers, signo);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, signo);
    pthread_sigmask(SIG_UNBLOCK, &one, NULL);
    pthread_mutex_unlock(&bind_lock);
    return PINQ_OK;
}

int pinq_posix_read_fd(void *ctx)
{
    char c;
    if (!ctx || pread(*(const int *)ctx, &c, 1, 0) != 1)
        return -1;
    return c == '1';
}
