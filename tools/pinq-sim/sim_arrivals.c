/* sim_arrivals.c - edge generators for each arrival process. Sums saturate
 * (sim_tadd): an edge beyond the clock's range is one that never comes. */
#include "sim_arrivals.h"

static simt interval(sim_gen_t *g)
{
    sim_dist_t d_in = g->in->interval;
    if (g->in->arrival == SIM_POISSON && d_in.kind == SIM_FIXED)
        d_in.kind = SIM_EXP; /* "poisson, interval 2s": exponential gaps of mean 2 s */
    simt d = sim_dist_sample(&d_in, &g->rng);
    return d > 0 ? d : 1;
}

/* One transition of a bouncing contact: an odd number of edges, so it ends
 * at the new level. Returns the time of its last edge. */
static simt transition(sim_gen_t *g, simt t)
{
    const sim_input_t *in = g->in;
    int lo = in->bounce_lo | 1; /* odd counts, uniformly: a transition ends at its new level */
    int n = lo + 2 * (int)sim_rng_range(&g->rng, 0, (in->bounce_hi - lo) / 2);
    if (n > SIM_GEN_EDGES / 2)
        n = SIM_GEN_EDGES / 2 - 1;
    for (int i = 0; i < n; i++) {
        if (i > 0) {
            simt step = sim_dist_sample(&in->bounce_step, &g->rng);
            t = sim_tadd(t, step > 0 ? step : 1);
        }
        g->edge[g->nedge++] = t;
    }
    return t;
}

static void doorbell(sim_gen_t *g, simt t)
{
    simt last_down = transition(g, t);
    g->ndown = g->nedge;
    simt up = sim_tadd(t, sim_dist_sample(&g->in->hold, &g->rng));
    if (up <= last_down)
        up = sim_tadd(last_down, 1);
    g->release = up;
    simt last_up = transition(g, up);
    g->next_event = sim_tadd(last_up, interval(g));
    if (g->in->level) /* the pin is read, not latched: only the press's start matters */
        g->nedge = 1;
}

/* A capture's next edge, or SIM_NEVER after its last repetition. Each
 * edge is an event of its own. */
static simt capture_next(sim_gen_t *g)
{
    const sim_input_t *in = g->in;
    if (in->repeat && g->capture_rep >= in->repeat)
        return SIM_NEVER;
    double t = ((double)g->capture_rep * (double)in->span + (double)in->edges[g->capture_i]) * in->scale;
    if (++g->capture_i == in->nedges) {
        g->capture_i = 0;
        g->capture_rep++;
    }
    return sim_tadd(in->start, sim_time_from(t));
}

static void start_event(sim_gen_t *g)
{
    simt t = g->next_event;
    if (t >= g->stop) {
        g->next_t = SIM_NEVER;
        return;
    }
    g->ev++;
    g->first = true;
    g->nedge = 0;
    g->iedge = 0;
    g->ndown = 1;
    switch (g->in->arrival) {
    case SIM_DOORBELL:
        doorbell(g, t);
        break;
    case SIM_CAPTURE:
        g->edge[g->nedge++] = t;
        g->next_event = capture_next(g);
        break;
    case SIM_BURSTY:
        g->edge[g->nedge++] = t;
        if (--g->burst_left > 0) {
            g->next_event = sim_tadd(t, g->in->burst_gap);
        } else {
            g->burst_left = g->in->burst;
            g->next_event = sim_tadd(t, interval(g));
        }
        break;
    default:
        g->edge[g->nedge++] = t;
        g->next_event = sim_tadd(t, interval(g));
        break;
    }
    if (g->in->arrival != SIM_DOORBELL)
        g->release = sim_tadd(t, sim_dist_sample(&g->in->hold, &g->rng));
    g->next_t = g->edge[0];
}

void sim_gen_advance(sim_gen_t *g)
{
    if (++g->iedge < g->nedge) {
        g->first = false;
        g->next_t = g->edge[g->iedge];
        return;
    }
    start_event(g);
}

void sim_gen_init(sim_gen_t *g, const sim_input_t *in, simt duration, uint64_t seed, int stream)
{
    *g = (sim_gen_t){.in = in, .ev = UINT64_MAX, .burst_left = in->burst > 0 ? in->burst : 1};
    sim_rng_seed(&g->rng, seed, (uint64_t)stream + 1);
    g->stop = in->stop < duration ? in->stop : duration;
    /* A flood starts at once; other processes one interval in, like a
     * system that was idle before the run. */
    if (in->arrival == SIM_CAPTURE)
        g->next_event = capture_next(g);
    else
        g->next_event = sim_tadd(in->start, in->arrival == SIM_FLOOD ? 0 : interval(g));
    start_event(g);
}
