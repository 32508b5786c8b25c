/* sim_rng.h - the simulator's own PRNG (splitmix64 seeding xoshiro256**),
 * so that a seed gives the same run on every libc, and the random-duration
 * type that scenario files describe ("5ms", "1ms..3ms", "exp(30s)",
 * "list(18us 20us 31us)"). */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <stdint.h>

typedef int64_t simt; /* simulated time in picoseconds: cycles stay exact enough, 106 days fit */

#define SIM_PS_PER_S 1000000000000LL
#define SIM_NEVER INT64_MAX
#define SIM_HOUR (3600 * SIM_PS_PER_S)
/* The largest single time a scenario may give (a task, a cost, an interval,
 * a deadline), and the longest simulated duration. With them a run's end
 * (duration + 2 deadlines + 4 loops) and one loop past it stay below 1800 h,
 * well inside the 2562 h that 64-bit picoseconds hold. */
#define SIM_TIME_MAX (100 * SIM_HOUR)
#define SIM_DURATION_MAX (1000 * SIM_HOUR)
/* The longest exponential draw, in means: -ln(2^-53) for the 53-bit uniform
 * it is made from. Draws are also cut at SIM_TIME_MAX. */
#define SIM_EXP_TAIL 36.8

/* a + b, or SIM_NEVER where that would overflow: the engine's clock can
 * then only stop, never wrap, whatever a caller hands it. */
static inline simt sim_tadd(simt a, simt b)
{
    simt s;
    return __builtin_add_overflow(a, b, &s) ? SIM_NEVER : s;
}

/* A time in picoseconds, rounded and held to [0, SIM_NEVER]. */
simt sim_time_from(double ps);

typedef struct sim_rng {
    uint64_t s[4];
} sim_rng_t;

void sim_rng_seed(sim_rng_t *r, uint64_t seed, uint64_t stream);
uint64_t sim_rng_next(sim_rng_t *r);
/* Uniform in [0, 1). */
double sim_rng_unit(sim_rng_t *r);
/* Uniform integer in [lo, hi]. */
int64_t sim_rng_range(sim_rng_t *r, int64_t lo, int64_t hi);

enum sim_dist_kind { SIM_FIXED, SIM_UNIFORM, SIM_EXP, SIM_EMPIRICAL };

typedef struct sim_dist {
    uint8_t kind;  /* enum sim_dist_kind */
    simt a, b;     /* fixed: a; uniform: [a, b]; exp: mean a */
    const simt *v; /* empirical: n measured values, each as likely, times f */
    uint32_t n;
    double f;
} sim_dist_t;

/* A draw; never above SIM_TIME_MAX (an exponential's tail is cut there). */
simt sim_dist_sample(const sim_dist_t *d, sim_rng_t *r);
/* The mean, for nominal loop periods and sweeps. */
simt sim_dist_mean(const sim_dist_t *d);
/* The longest possible draw, for the limits a scenario must keep. */
simt sim_dist_max(const sim_dist_t *d);
/* Multiply every parameter by `f` (sweeps scale loops and rates). */
void sim_dist_scale(sim_dist_t *d, double f);

#endif
