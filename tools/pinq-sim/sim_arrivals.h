/* sim_arrivals.h - one input's edges in time order: the arrival processes
 * (periodic, Poisson, bursty, doorbell with bounce, encoder, flood, a
 * capture's edges). An
 * "event" is what the application cares about (a press, a pulse); it can
 * carry several edges (bounce, release). */
#ifndef SIM_ARRIVALS_H
#define SIM_ARRIVALS_H

#include <stdbool.h>

#include "sim.h"

#define SIM_GEN_EDGES 16

typedef struct sim_gen {
    const sim_input_t *in;
    sim_rng_t rng;
    simt stop;       /* no event starts at or after this */
    simt next_t;     /* time of the current edge; SIM_NEVER when done */
    uint64_t ev;     /* event the current edge belongs to */
    bool first;      /* the current edge starts its event */
    simt edge[SIM_GEN_EDGES];
    int nedge, iedge;
    int ndown;       /* doorbell: edge[0..ndown) are the press's bouncing down transition */
    simt release;    /* level semantics: when the current event's level goes away */
    simt next_event; /* start of the following event */
    int burst_left;
    uint32_t capture_i; /* capture: the next edge ... */
    long capture_rep;   /* ... of this repetition */
} sim_gen_t;

/* Position on the first edge. `stream` separates inputs' random sequences. */
void sim_gen_init(sim_gen_t *g, const sim_input_t *in, simt duration, uint64_t seed, int stream);
/* Move to the next edge. */
void sim_gen_advance(sim_gen_t *g);

#endif
