/* clock.h - the one clock of the example: CLOCK_MONOTONIC nanoseconds,
 * shared by parent and presser child, and the same clock as the POSIX
 * port's ISR timestamps (pinq_port_now). */
#ifndef DOORBELL_CLOCK_H
#define DOORBELL_CLOCK_H

#include <errno.h>
#include <stdint.h>
#include <time.h>

#define NS_PER_MS UINT64_C(1000000)

static inline uint64_t clock_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Sleep until an absolute time; a signal (an "interrupt") does not cut
 * the sleep short, as an ISR does not shorten the work it interrupts. */
static inline void clock_sleep_until(uint64_t t_ns)
{
    struct timespec ts = {.tv_sec = (time_t)(t_ns / 1000000000u), .tv_nsec = (long)(t_ns % 1000000000u)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

#endif
