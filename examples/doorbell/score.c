/* score.c - matches reactions to presses and summarises latencies. */
#include "score.h"

#include <stdlib.h>

#define UNSEEN UINT64_MAX

/* Index of the last press with down_ns <= t, or -1 (binary search). */
static long press_at(const uint64_t *down_ns, uint32_t presses, uint64_t t)
{
    long lo = 0, hi = (long)presses; /* answer is lo - 1 */
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (down_ns[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo - 1;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of n sorted values (n > 0). */
static double percentile_ms(const uint64_t *sorted, uint32_t n, unsigned pct)
{
    uint32_t rank = (uint32_t)(((uint64_t)n * pct + 99) / 100);
    return (double)sorted[rank ? rank - 1 : 0] / 1e6;
}

void score_run(const uint64_t *down_ns, uint32_t presses, const reaction_t *r, uint32_t nr, uint64_t deadline_ns,
               uint64_t *scratch, score_t *out)
{
    *out = (score_t){.presses = presses};
    for (uint32_t k = 0; k < presses; k++)
        scratch[k] = UNSEEN;
    for (uint32_t i = 0; i < nr; i++) {
        long k = press_at(down_ns, presses, r[i].stamp_ns);
        if (k < 0 || scratch[k] != UNSEEN) {
            out->spurious++;
            continue;
        }
        scratch[k] = r[i].react_ns - down_ns[k];
        double err = (double)(r[i].stamp_ns - down_ns[k]) / 1e6;
        if (err > out->stamp_err_ms)
            out->stamp_err_ms = err;
    }
    for (uint32_t k = 0; k < presses; k++) {
        if (scratch[k] == UNSEEN)
            continue;
        out->late += scratch[k] > deadline_ns;
        scratch[out->seen++] = scratch[k]; /* compact: seen <= k */
    }
    out->missed = presses - out->seen;
    if (out->seen == 0)
        return;
    qsort(scratch, out->seen, sizeof scratch[0], cmp_u64);
    out->p50_ms = percentile_ms(scratch, out->seen, 50);
    out->p99_ms = percentile_ms(scratch, out->seen, 99);
    out->max_ms = (double)scratch[out->seen - 1] / 1e6;
}
