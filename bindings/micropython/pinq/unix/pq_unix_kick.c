/* pq_unix_kick.c - the unix backend's helper thread.
 *
 * A signal handler may not call mp_sched_schedule(): on the unix port its
 * critical section is a pthread mutex, which the interrupted thread may
 * hold. The handler sets a flag and writes an eventfd (async-signal-safe);
 * this thread, blocked on the eventfd, makes the scheduled call. It also
 * keeps the input engine's deadline for a queue with a callback (a CLICK
 * is decided after the last edge, when no edge comes to wake anyone), and
 * retries a call the scheduler refused. Producer threads (pinq.Sim) call
 * mp_sched_schedule() themselves: for them the mutex is a plain lock. */
#define _GNU_SOURCE /* ppoll */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "pq_unix.h"

#define PQ_RETRY_NS 1000000u /* a refused call is asked again 1 ms later */

static void pq_wake(pq_backend_state_t *b)
{
    uint64_t one = 1;
    if (b->efd >= 0 && write(b->efd, &one, sizeof one) < 0) {
        /* the counter is saturated: the helper has a wake-up pending anyway */
    }
}

static void pq_set_deadline(pq_backend_state_t *b, pinq_ticks_t t)
{
    atomic_store(&b->deadline, t);
    atomic_store(&b->has_deadline, 1);
}

/* Sleep until a kick or the deadline; true if the deadline has passed. */
static bool pq_sleep(pq_backend_state_t *b)
{
    struct pollfd p = {.fd = b->efd, .events = POLLIN};
    struct timespec ts, *tp = NULL;
    if (atomic_load(&b->has_deadline)) {
        int64_t left = (int64_t)(atomic_load(&b->deadline) - pinq_port_now());
        left = left < 0 ? 0 : left;
        ts = (struct timespec){.tv_sec = left / 1000000000, .tv_nsec = left % 1000000000};
        tp = &ts;
    }
    ppoll(&p, 1, tp, NULL);
    uint64_t v;
    if (read(b->efd, &v, sizeof v) < 0 && errno != EAGAIN) {
        /* nothing to drain */
    }
    if (!atomic_load(&b->has_deadline) || (int64_t)(pinq_port_now() - atomic_load(&b->deadline)) < 0)
        return false;
    atomic_store(&b->has_deadline, 0);
    return true;
}

static void *pq_helper(void *arg)
{
    pq_core_t *c = arg;
    pq_backend_state_t *b = &c->be;
    while (!atomic_load(&b->stop)) {
        bool due = pq_sleep(b);
        if (!atomic_exchange(&b->sig_kick, 0) && !due)
            continue;
        uint32_t refused = atomic_load(&c->sched_refused);
        pq_notify(c);
        if (atomic_load(&c->sched_refused) != refused)
            pq_set_deadline(b, pinq_port_now() + PQ_RETRY_NS);
    }
    return NULL;
}

int pq_unix_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int err = pthread_create(t, NULL, fn, arg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return err;
}

void pq_backend_init(pq_core_t *c)
{
    c->be.efd = -1;
}

bool pq_unix_helper_start(pq_core_t *c)
{
    pq_backend_state_t *b = &c->be;
    if (b->efd >= 0)
        return true;
    b->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (b->efd < 0)
        return false;
    atomic_store(&b->stop, 0);
    if (pq_unix_thread(&b->thread, pq_helper, c) != 0) {
        close(b->efd);
        b->efd = -1;
        return false;
    }
    return true;
}

void pq_backend_close(pq_core_t *c)
{
    pq_backend_state_t *b = &c->be;
    if (b->efd < 0)
        return;
    atomic_store(&b->stop, 1);
    pq_wake(b);
    pthread_join(b->thread, NULL);
    close(b->efd);
    b->efd = -1;
}

/* Runs inside pinq's dispatcher: no raising. Without a helper (no thread
 * could be made) the decision is reported by the next drain(). */
void pq_backend_arm(pq_core_t *c, pinq_ticks_t deadline)
{
    if (!pq_unix_helper_start(c))
        return;
    pq_set_deadline(&c->be, deadline);
    pq_wake(&c->be);
}

void pq_backend_kick(pq_core_t *c)
{
    atomic_store(&c->be.sig_kick, 1);
    pq_wake(&c->be);
}
