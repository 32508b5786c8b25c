/* clock.h - sleeping on the example's one clock. Times are read with
 * pinq_port_now(): on the POSIX port, CLOCK_MONOTONIC nanoseconds, the
 * clock of the ISR timestamps, shared by parent and presser child. */
#ifndef DOORBELL_CLOCK_H
#define DOORBELL_CLOCK_H

#include <errno.h>
#include <stdint.h>
#include <time.h>

#define NS_PER_MS UINT64_C(1000000)

/* Sleep until an absolute time; a signal (an "interrupt") does not cut
 * the sleep short, as an ISR does not shorten the work it interrupts. */
static inline void clock_sleep_until(uint64_t t_ns)
{
    struct timespec ts = {.tv_sec = (time_t)(t_ns / 1000000000u), .tv_nsec = (long)(t_ns % 1000000000u)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

#endif
