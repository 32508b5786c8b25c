/* sim_hist.h - latency histogram with log-linear buckets (64 per octave,
 * under 1.6 % error), so hour-long runs keep percentiles in fixed memory. */
#ifndef SIM_HIST_H
#define SIM_HIST_H

#include <stdint.h>

#define SIM_HIST_SUB 64
#define SIM_HIST_BUCKETS ((64 - 5) * SIM_HIST_SUB)

typedef struct sim_hist {
    uint64_t count;
    int64_t max;
    uint32_t bucket[SIM_HIST_BUCKETS];
} sim_hist_t;

void sim_hist_add(sim_hist_t *h, int64_t v);
/* Value at quantile q (0..1): the bucket's midpoint, the exact max for q=1. */
int64_t sim_hist_quantile(const sim_hist_t *h, double q);
/* Lowest value of bucket i (for plots). */
int64_t sim_hist_bucket_low(int i);

#endif
