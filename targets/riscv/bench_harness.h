/* bench_harness.h - instruction counting for bench_isr on rv32.
 *
 * Under -icount shift=N QEMU's minstret is virtual time: 2^N per
 * instruction, exactly. The harness calibrates that unit on a 1000-nop
 * sled, then reports the cost of a function as the instructions it
 * executes, ret included: delta(call fn) - delta(call ret_stub) + 1, the
 * stub being a one-instruction function called the same way. Means over
 * BENCH_REPS calls, interrupts masked.
 */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H

#include <stdint.h>

#define BENCH_REPS 1000

struct bench_result {
    uint32_t milli; /* mean instructions x 1000 */
};

static inline uint32_t bench_instret(void)
{
    uint32_t v;
    __asm__ volatile("csrr %0, minstret" : "=r"(v)::"memory");
    return v;
}

void bench_calibrate(void);
/* Sum of BENCH_REPS calls of `delta`, each returning a minstret delta. */
uint64_t bench_sum(uint32_t (*delta)(void));
/* Cost from the sums for the function and for ret_stub at the same site. */
struct bench_result bench_result(uint64_t sum, uint64_t stub_sum);
/* Cost of a void(void) function. */
struct bench_result bench_call(void (*fn)(void));
void bench_print(const char *what, struct bench_result r);

#endif
