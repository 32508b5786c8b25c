/* sim_stats.c - a queue strategy's simulated figures as pinq's statistics
 * report (pinq_stats_format, docs/stats.md): the format the library
 * prints on a target, so simulated and measured runs compare line by line. */
#include "sim_stats.h"

/* The simulated run mapped into a snapshot: nanosecond ticks, the queue a
 * DROP_NEWEST ring of the strategy's depth, each input a line. What the
 * simulator does not model stays 0: spurious and disabled posts, masked
 * posts (its storm-polled edges are handled by the poll, not queued),
 * RESYNC events. */
static void snap_of(const sim_scenario_t *s, const sim_result_t *r, pinq_stats_snap_t *o, pinq_line_stats_t *ls)
{
    *o = (pinq_stats_snap_t){.ticks_per_sec = 1000000000u, .span = (pinq_ticks_t)r->elapsed / 1000u,
                             .policy = PINQ_DROP_NEWEST, .capacity = (uint32_t)r->strategy.k,
                             .high_water = r->queue_hwm, .nlines = (uint16_t)s->ninputs, .lines = ls};
    for (int i = 0; i < s->ninputs; i++) {
        const sim_input_stats_t *in = &r->in[i];
        ls[i] = (pinq_line_stats_t){.events = (uint32_t)(in->dispatched + in->dropped),
                                    .delivered = (uint32_t)in->dispatched, .dropped = (uint32_t)in->dropped,
                                    .storms = (uint32_t)in->storms, .returns = (uint32_t)in->returns};
        o->produced += ls[i].events;
        o->delivered += ls[i].delivered;
        o->refused += ls[i].dropped;
    }
    for (int k = 0; k < PINQ_SPANS; k++)
        for (int b = 0; b < PINQ_STATS_BUCKETS; b++)
            o->hist[k][b] = r->lat_hist[k][b];
}

bool sim_stats_applies(const sim_result_t *r)
{
    return r->strategy.kind == SIM_QUEUE || r->strategy.kind == SIM_STORM;
}

void sim_stats_print(FILE *f, const sim_scenario_t *s, const sim_result_t *r)
{
    pinq_stats_snap_t snap;
    pinq_line_stats_t ls[SIM_MAX_INPUTS];
    snap_of(s, r, &snap, ls);
    char text[4096];
    pinq_stats_format(&snap, text, sizeof text);
    fprintf(f, "-- %s\n%s", r->strategy.name, text);
}
