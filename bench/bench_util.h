/* bench_util.h - what the host benchmarks share: a nanosecond clock, CPU
 * pinning, order statistics and the spin-wait hint. Not part of pinq. */
#ifndef PINQ_BENCH_UTIL_H
#define PINQ_BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* CLOCK_MONOTONIC in ns: the same clock as the POSIX port's pinq_port_now(),
 * so event timestamps and benchmark timestamps can be subtracted. */
uint64_t bench_now_ns(void);

/* Pin the calling thread to `cpu`. On failure (fewer CPUs, a cpuset) print
 * a warning naming `who` and go on unpinned: figures stay usable, and the
 * warning says why they may be worse. */
void bench_pin(int cpu, const char *who);

/* q-quantile (0..1, nearest rank) of v[0..n); sorts v in place. 0 if n == 0. */
double bench_quantile(double *v, size_t n, double q);

/* Tell the CPU we are spinning (x86 PAUSE), so a spinning thread yields
 * pipeline resources and does not hammer the line it polls. */
static inline void bench_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

#endif
