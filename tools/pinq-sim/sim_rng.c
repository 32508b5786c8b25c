/* sim_rng.c - deterministic random numbers and random durations. */
#include "sim_rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void sim_rng_seed(sim_rng_t *r, uint64_t seed, uint64_t stream)
{
    /* Each stream (an input, the task list) gets its own sequence, so adding
     * an input does not change the arrivals of the others. */
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t sim_rng_next(sim_rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double sim_rng_unit(sim_rng_t *r)
{
    return (double)(sim_rng_next(r) >> 11) * 0x1.0p-53;
}

int64_t sim_rng_range(sim_rng_t *r, int64_t lo, int64_t hi)
{
    if (hi <= lo)
        return lo;
    uint64_t span = (uint64_t)(hi - lo) + 1;
    return lo + (int64_t)(sim_rng_next(r) % span); /* bias < 2^-40 for the spans used here */
}

simt sim_time_from(double ps)
{
    if (!(ps > 0)) /* NaN too */
        return 0;
    return ps >= 0x1p63 ? SIM_NEVER : (simt)llround(ps);
}

static simt capped(double ps)
{
    simt t = sim_time_from(ps);
    return t < SIM_TIME_MAX ? t : SIM_TIME_MAX;
}

simt sim_dist_sample(const sim_dist_t *d, sim_rng_t *r)
{
    switch (d->kind) {
    case SIM_UNIFORM:
        return sim_rng_range(r, d->a, d->b);
    case SIM_EXP:
        return capped(-log1p(-sim_rng_unit(r)) * (double)d->a);
    case SIM_EMPIRICAL:
        return capped((double)d->v[sim_rng_range(r, 0, (int64_t)d->n - 1)] * d->f);
    default:
        return d->a;
    }
}

simt sim_dist_mean(const sim_dist_t *d)
{
    if (d->kind != SIM_EMPIRICAL)
        return d->kind == SIM_UNIFORM ? d->a + (d->b - d->a) / 2 : d->a;
    double sum = 0;
    for (uint32_t i = 0; i < d->n; i++)
        sum += (double)d->v[i];
    return sim_time_from(d->n ? sum / d->n * d->f : 0);
}

simt sim_dist_max(const sim_dist_t *d)
{
    simt max = 0;
    switch (d->kind) {
    case SIM_UNIFORM:
        return d->b;
    case SIM_EXP:
        return capped((double)d->a * SIM_EXP_TAIL);
    case SIM_EMPIRICAL:
        for (uint32_t i = 0; i < d->n; i++)
            max = d->v[i] > max ? d->v[i] : max;
        return sim_time_from((double)max * d->f);
    default:
        return d->a;
    }
}

void sim_dist_scale(sim_dist_t *d, double f)
{
    d->a = sim_time_from((double)d->a * f);
    d->b = sim_time_from((double)d->b * f);
    d->f *= f;
}
