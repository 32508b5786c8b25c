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
    double sum; /* for the mean: a double cannot overflow, and 53 bits are plenty for it */
    uint32_t bucket[SIM_HIST_BUCKETS];
} sim_hist_t;

void sim_hist_add(sim_hist_t *h, int64_t v);
/* Value at quantile q (0..1): the bucket's midpoint, the exact max for q=1. */
int64_t sim_hist_quantile(const sim_hist_t *h, double q);
/* Arithmetic mean of the values added; 0 if none. */
double sim_hist_mean(const sim_hist_t *h);
/* Lowest value of bucket i (for plots); INT64_MAX from the first bucket
 * above every int64_t on. */
int64_t sim_hist_bucket_low(int i);

#endif
