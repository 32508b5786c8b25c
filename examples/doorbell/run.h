/* run.h - one run of one strategy: the busy main loop, the doorbell line
 * wired the strategy's way, a presser child, and the verdict. */
#ifndef DOORBELL_RUN_H
#define DOORBELL_RUN_H

#include <stdint.h>

#include "pinq.h"
#include "score.h"

typedef struct strategy {
    char id;           /* 'a', 'b', 'c' */
    const char *label;
    uint8_t source;    /* PINQ_SRC_POLL: the loop samples the pin; PINQ_SRC_IRQ: signals */
    uint32_t slices;   /* pinq_dispatch() runs after each 1/slices of a work unit */
} strategy_t;

typedef struct run_cfg {
    uint32_t presses;
    uint64_t seed;
    uint32_t work_ms;
    uint32_t deadline_ms;
} run_cfg_t;

typedef struct run_result {
    score_t score;
    uint32_t edges_sent;    /* signals the presser queued (IRQ strategy) */
    uint32_t edges_stamped; /* edges the hard handler saw: equals edges_sent */
    pinq_ring_stats_t ring; /* produced == delivered + dropped + coalesced + queued */
    char stats[3072];       /* the run's statistics report (pinq_stats_format, docs/stats.md) */
} run_result_t;

/* Returns 0, or -1 after printing why (system failure, child failure). */
int run_strategy(const strategy_t *s, const run_cfg_t *cfg, run_result_t *out);

#endif
