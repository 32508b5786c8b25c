/* bench_harness.c - see bench_harness.h. */
#include <stdio.h>

#include "bench_harness.h"
#include "rv_test.h"

static uint32_t unit = 1; /* minstret counts per instruction */

void ret_stub_void(void) __asm__("ret_stub");

static uint32_t sled_delta(uint32_t n)
{
    uint32_t i0 = bench_instret();
    nop_sled(n);
    return bench_instret() - i0;
}

void bench_calibrate(void)
{
    unit = (sled_delta(1000) - sled_delta(0)) / 1000u;
    if (unit == 0)
        unit = 1;
}

uint64_t bench_sum(uint32_t (*delta)(void))
{
    uint64_t sum = 0;
    for (int i = 0; i < BENCH_REPS; i++)
        sum += delta();
    return sum;
}

struct bench_result bench_result(uint64_t sum, uint64_t stub_sum)
{
    uint64_t per = (sum - stub_sum) * 1000u / ((uint64_t)unit * BENCH_REPS);
    return (struct bench_result){.milli = (uint32_t)per + 1000u};
}

static void (*volatile call_fn)(void);

static uint32_t call_delta(void)
{
    uint32_t i0 = bench_instret();
    call_fn();
    return bench_instret() - i0;
}

struct bench_result bench_call(void (*fn)(void))
{
    call_fn = ret_stub_void;
    uint64_t base = bench_sum(call_delta);
    call_fn = fn;
    return bench_result(bench_sum(call_delta), base);
}

void bench_print(const char *what, struct bench_result r)
{
    printf("  %-52s %4lu.%lu instructions\n", what, (unsigned long)(r.milli / 1000u),
           (unsigned long)(r.milli % 1000u / 100u));
}
