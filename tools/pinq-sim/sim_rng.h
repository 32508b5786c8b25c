/* sim_rng.h - the simulator's own PRNG (splitmix64 seeding xoshiro256**),
 * so that a seed gives the same run on every libc, and the random-duration
 * type that scenario files describe ("5ms", "1ms..3ms", "exp(30s)"). */
#ifndef SIM_RNG_H
#define SIM_RNG_H

#include <stdint.h>

typedef int64_t simt; /* simulated time in picoseconds: cycles stay exact enough, 106 days fit */

#define SIM_PS_PER_S 1000000000000LL
#define SIM_NEVER INT64_MAX

typedef struct sim_rng {
    uint64_t s[4];
} sim_rng_t;

void sim_rng_seed(sim_rng_t *r, uint64_t seed, uint64_t stream);
uint64_t sim_rng_next(sim_rng_t *r);
/* Uniform in [0, 1). */
double sim_rng_unit(sim_rng_t *r);
/* Uniform integer in [lo, hi]. */
int64_t sim_rng_range(sim_rng_t *r, int64_t lo, int64_t hi);

enum sim_dist_kind { SIM_FIXED, SIM_UNIFORM, SIM_EXP };

typedef struct sim_dist {
    uint8_t kind; /* enum sim_dist_kind */
    simt a, b;    /* fixed: a; uniform: [a, b]; exp: mean a */
} sim_dist_t;

simt sim_dist_sample(const sim_dist_t *d, sim_rng_t *r);
/* The mean, for nominal loop periods and sweeps. */
simt sim_dist_mean(const sim_dist_t *d);
/* Multiply every parameter by `f` (sweeps scale loops and rates). */
void sim_dist_scale(sim_dist_t *d, double f);

#endif
