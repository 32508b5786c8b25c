/* pinq_posix_oneshot.c - the POSIX port's one-shot timer for the input
 * engine's low-power mode: a CLOCK_MONOTONIC POSIX timer armed at an
 * absolute deadline (TIMER_ABSTIME), expiring as a wake-only real-time
 * signal that ends pinq_wait(). No heap, no periodic tick.
 *
 * The signal stays blocked in the main thread and is taken synchronously
 * by pinq_port_wait()'s sigtimedwait (pinq_posix_bind_wake), so an expiry
 * while the main loop is busy waits as a pending signal and the next
 * pinq_wait() returns at once. Expiries are counted, not queued: a timer
 * signal is never queued twice (overruns merge), and neither are two
 * expiries before the loop looks (the flag is test-and-clear). */
#define _POSIX_C_SOURCE 200809L
#include "pinq_posix.h"

#include <signal.h>
#include <stdatomic.h>
#include <time.h>

static timer_t timer;
static int timer_signo; /* 0: no timer */
static atomic_bool fired;
static atomic_uint expiries;

static void on_expiry(int signo)
{
    (void)signo;
    atomic_fetch_add_explicit(&expiries, 1u, memory_order_relaxed);
    atomic_store_explicit(&fired, true, memory_order_release);
}

int pinq_posix_oneshot_init(int signo)
{
    if (timer_signo || signo < SIGRTMIN || signo > SIGRTMAX)
        return PINQ_EINVAL;
    int err = pinq_posix_bind_wake(signo, on_expiry);
    if (err != PINQ_OK)
        return err;
    struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = signo};
    if (timer_create(CLOCK_MONOTONIC, &sev, &timer) != 0) {
        pinq_posix_unbind(signo);
        return PINQ_ESYS;
    }
    atomic_store(&fired, false);
    timer_signo = signo;
    return PINQ_OK;
}

void pinq_posix_oneshot_arm(void *ctx, pinq_ticks_t deadline)
{
    (void)ctx;
    if (!timer_signo)
        return;
    if (deadline == 0)
        deadline = 1; /* an all-zero it_value would disarm */
    struct itimerspec its = {.it_value = {.tv_sec = (time_t)(deadline / 1000000000u),
                                          .tv_nsec = (long)(deadline % 1000000000u)}};
    timer_settime(timer, TIMER_ABSTIME, &its, NULL);
}

bool pinq_posix_oneshot_fired(void)
{
    return atomic_exchange_explicit(&fired, false, memory_order_acquire);
}

uint32_t pinq_posix_oneshot_count(void)
{
    return atomic_load_explicit(&expiries, memory_order_relaxed);
}

void pinq_posix_oneshot_deinit(void)
{
    if (!timer_signo)
        return;
    timer_delete(timer);
    /* drop an expiry still pending: unblocked with the default action,
     * a real-time signal would end the process */
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, timer_signo);
    struct timespec zero = {0, 0};
    while (sigtimedwait(&one, NULL, &zero) > 0)
        ;
    pinq_posix_unbind(timer_signo);
    timer_signo = 0;
}
