/* sim_hist.c - log-linear latency histogram. */
#include "sim_hist.h"

static int bucket_of(int64_t v)
{
    if (v < SIM_HIST_SUB)
        return v < 0 ? 0 : (int)v;
    int e = 63 - __builtin_clzll((uint64_t)v); /* >= 6 */
    int sub = (int)((v >> (e - 6)) & (SIM_HIST_SUB - 1));
    return (e - 5) * SIM_HIST_SUB + sub;
}

int64_t sim_hist_bucket_low(int i)
{
    if (i < SIM_HIST_SUB)
        return i;
    int e = i / SIM_HIST_SUB + 5;
    if (e >= 63) /* (64 + sub) << 57 would not fit */
        return INT64_MAX;
    int64_t sub = i % SIM_HIST_SUB;
    return (SIM_HIST_SUB + sub) << (e - 6);
}

void sim_hist_add(sim_hist_t *h, int64_t v)
{
    h->bucket[bucket_of(v)]++;
    h->count++;
    h->sum += (double)v;
    if (v > h->max)
        h->max = v;
}

double sim_hist_mean(const sim_hist_t *h)
{
    return h->count ? h->sum / (double)h->count : 0;
}

int64_t sim_hist_quantile(const sim_hist_t *h, double q)
{
    if (h->count == 0)
        return 0;
    if (q >= 1.0)
        return h->max;
    uint64_t rank = (uint64_t)(q * (double)h->count); /* events at or below the answer: rank+1 */
    uint64_t seen = 0;
    for (int i = 0; i < SIM_HIST_BUCKETS; i++) {
        seen += h->bucket[i];
        if (seen > rank) {
            int64_t lo = sim_hist_bucket_low(i);
            int64_t hi = i + 1 < SIM_HIST_BUCKETS ? sim_hist_bucket_low(i + 1) : lo;
            int64_t mid = lo + (hi - lo) / 2;
            return mid < h->max ? mid : h->max;
        }
    }
    return h->max;
}
