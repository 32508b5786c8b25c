/* pinq_port_posix_wake.c - the POSIX port's blocking consumer
 * (PINQ_CFG_WAKE; pinq.h, "blocking consumers"), so that the core's side
 * of the RTOS contract runs on the host with real threads, signal
 * handlers and the sanitizers. Each consumer thread blocks on a semaphore
 * of its own, which any producer posts: sem_post() is async-signal-safe,
 * so a signal handler wakes it as an ISR wakes a task. Linked only into
 * the PINQ_CFG_WAKE build of the host library (pinq_posix_wake). */
#define _GNU_SOURCE /* sem_clockwait */
#include <errno.h>
#include <semaphore.h>
#include <time.h>

#include "pinq_posix.h"

static _Thread_local sem_t self;
static _Thread_local int self_ready;
static _Thread_local uint32_t blocks, timeouts;

void *pinq_port_waiter(void)
{
    if (!self_ready) {
        sem_init(&self, 0, 0);
        self_ready = 1;
    }
    return &self;
}

static struct timespec after_ms(uint32_t ms)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_sec += ms / 1000u;
    t.tv_nsec += (long)(ms % 1000u) * 1000000L;
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

/* A signal may end it early (EINTR), which the contract allows. */
void pinq_port_block(pinq_t *q, uint32_t timeout_ms)
{
    (void)q;
    sem_t *s = pinq_port_waiter();
    blocks++;
    int r;
    if (timeout_ms == PINQ_WAIT_FOREVER) {
        r = sem_wait(s);
    } else {
        struct timespec t = after_ms(timeout_ms);
        r = sem_clockwait(s, CLOCK_MONOTONIC, &t);
    }
    if (r != 0 && errno == ETIMEDOUT)
        timeouts++;
    if (r == 0)
        while (sem_trywait(s) == 0) {
        } /* one wake-up however many were given, as a FreeRTOS task notification taken with pdTRUE */
}

void pinq_port_wake(pinq_t *q, void *waiter)
{
    (void)q;
    sem_post((sem_t *)waiter);
}

uint32_t pinq_posix_wake_blocks(void)
{
    return blocks;
}

uint32_t pinq_posix_wake_timeouts(void)
{
    return timeouts;
}
