/* schedule.c - the seeded press generator (splitmix64: tiny, and the same
 * sequence on every platform, so a seed names one scenario). */
#include "schedule.h"

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [lo, hi]; the modulo bias is irrelevant at these ranges. */
static uint32_t rng_range(uint64_t *s, uint32_t lo, uint32_t hi)
{
    return lo + (uint32_t)(rng_next(s) % ((uint64_t)hi - lo + 1));
}

void schedule_init(schedule_t *s, uint64_t seed)
{
    s->rng = seed;
    s->settled_us = 0;
}

static void bounce(uint64_t *rng, transition_t *t)
{
    t->n = (uint8_t)(2 * rng_range(rng, 1, (BOUNCE_MAX_EDGES - 1) / 2) + 1);
    t->at_us[0] = 0;
    for (unsigned i = 1; i < t->n; i++)
        t->at_us[i] = t->at_us[i - 1] + rng_range(rng, BOUNCE_STEP_MIN_US, BOUNCE_STEP_MAX_US);
}

void schedule_next(schedule_t *s, press_plan_t *p)
{
    p->down_us = s->settled_us + 1000u * rng_range(&s->rng, GAP_MIN_MS, GAP_MAX_MS);
    p->up_us = p->down_us + 1000u * rng_range(&s->rng, HOLD_MIN_MS, HOLD_MAX_MS);
    bounce(&s->rng, &p->down);
    bounce(&s->rng, &p->up);
    s->settled_us = p->up_us + p->up.at_us[p->up.n - 1];
}
