/* sim.h - pinq-sim's model: a scenario (system, main loop, inputs), the
 * strategies it can be run with, and the figures one run produces. */
#ifndef SIM_H
#define SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pinq_stats.h"
#include "sim_hist.h"
#include "sim_rng.h"

#define SIM_MAX_TASKS 16
#define SIM_MAX_INPUTS 8
#define SIM_MAX_STRATEGIES 12
#define SIM_MAX_QUEUE 65536
#define SIM_NAME 64
/* cpu_hz: every microcontroller's clock, and cycles of at least 10 ps so
 * that picoseconds still count them closely. */
#define SIM_HZ_MIN 1e3
#define SIM_HZ_MAX 1e11
#define SIM_MAX_LISTS 64 /* measured-cost lists (list(...), file(...)) and captures per scenario */

/* SIM_CAPTURE: a logic-analyzer capture's channel (source = capture:...),
 * each edge an arrival at its time in the capture. */
enum sim_arrival { SIM_PERIODIC, SIM_POISSON, SIM_BURSTY, SIM_DOORBELL, SIM_ENCODER, SIM_FLOOD, SIM_CAPTURE };

typedef struct sim_task {
    char name[SIM_NAME];
    sim_dist_t duration;
    bool masked; /* a critical section: interrupts wait until it ends */
} sim_task_t;

typedef struct sim_input {
    char name[SIM_NAME];
    uint8_t arrival;     /* enum sim_arrival */
    sim_dist_t interval; /* between events (bursts, presses); doorbell: gap after release */
    simt start, stop;    /* events only inside [start, stop) */
    int burst;           /* bursty: edges per burst */
    simt burst_gap;      /* bursty: between the edges of a burst */
    sim_dist_t hold;     /* doorbell: press length; level inputs: how long the level stays */
    int bounce_lo, bounce_hi; /* doorbell: edges per transition, bounce included */
    sim_dist_t bounce_step;   /* doorbell: between bounce edges */
    bool level;          /* level semantics: visible only while held; else a latched edge */
    simt deadline;       /* arrival of the event's first edge -> its handler finished */
    sim_dist_t handler;  /* the work one observed edge costs */
    int priority;        /* higher preempts lower (when nesting is on) */
    bool polled;         /* always polled by the main loop, whatever the strategy */
    const simt *edges;   /* SIM_CAPTURE: the channel's edges from the capture's start (owned by the scenario) */
    uint32_t nedges;
    simt span;           /* SIM_CAPTURE: the capture's length; a repetition starts this long after the last */
    long repeat;         /* SIM_CAPTURE: times the capture is played; 0: until the duration ends */
    double scale;        /* SIM_CAPTURE: its times multiplied by this (1; a rate sweep divides it) */
} sim_input_t;

typedef struct sim_system {
    double cpu_hz;
    int cores;
    sim_dist_t isr_entry, isr_exit; /* hardware exception entry / exit */
    sim_dist_t push;                /* pinq ISR: timestamp + ring push */
    sim_dist_t dispatch;            /* pinq_dispatch per event, before the handler */
    simt poll;                /* reading one input's pin or flag */
    simt loop_overhead;       /* one main-loop iteration's own cost */
    simt dedicated_poll;      /* one iteration of the dedicated core's polling loop */
    bool nesting;
    simt storm_window;        /* storm guard: ISRs counted per window ... */
    int storm_max;            /* ... above this many, the line is polled instead */
} sim_system_t;

enum sim_kind { SIM_POLL, SIM_ISR, SIM_QUEUE, SIM_DEDICATED, SIM_STORM };

typedef struct sim_strategy {
    uint8_t kind; /* enum sim_kind */
    int k;        /* SIM_POLL: polls per loop; SIM_QUEUE / SIM_STORM: queue depth */
    int points;   /* poll / dispatch points per loop ("queue16/4": 4) */
    char name[SIM_NAME];
} sim_strategy_t;

typedef struct sim_scenario {
    char name[SIM_NAME];
    simt duration;
    uint64_t seed;
    sim_system_t sys;
    sim_task_t tasks[SIM_MAX_TASKS];
    int ntasks;
    sim_input_t inputs[SIM_MAX_INPUTS];
    int ninputs;
    sim_strategy_t strategies[SIM_MAX_STRATEGIES];
    int nstrategies;
    int queue_depth; /* default depth for "queue" and "storm" */
    simt *lists[SIM_MAX_LISTS]; /* the empirical distributions' values and the captures' edges, owned here */
    int nlists;
} sim_scenario_t;

/* Why an event was never handled. */
enum sim_reason { SIM_MERGED = 1, SIM_QFULL = 2, SIM_UNSAMPLED = 4 };

typedef struct sim_input_stats {
    /* events (presses, bursts' edges...) */
    uint64_t events, seen, missed, unfinished;
    uint64_t missed_merged, missed_qfull, missed_unsampled;
    uint64_t deadline_misses;
    /* edges: generated == handled + merged + dropped + expired + outstanding */
    uint64_t edges, handled, merged, dropped, expired, outstanding;
    uint64_t dispatched;      /* queue strategies: edges handled from the queue */
    uint64_t storms, returns; /* storm guard: switches to polling, and back */
    sim_hist_t latency;
} sim_input_stats_t;

typedef struct sim_result {
    sim_strategy_t strategy;
    simt elapsed;     /* the whole run, the drain after the duration included */
    simt task_time;   /* main-loop task work done */
    uint64_t loops;   /* main-loop iterations */
    /* The same over the loops that started within the scenario's duration,
     * while events arrive: a drain of idle loops would dilute them. */
    simt active;
    simt active_task_time;
    uint64_t active_loops;
    uint32_t queue_hwm;
    uint64_t storms;  /* storm guard: switches to polling */
    uint64_t isrs;
    /* queue strategies: ISR stamp -> taken by the dispatcher -> handler
     * done, in nanoseconds, as pinq_stats_observe() counts them */
    uint32_t lat_hist[PINQ_SPANS][PINQ_STATS_BUCKETS];
    sim_input_stats_t in[SIM_MAX_INPUTS];
} sim_result_t;

/* Defaults (see docs/simulator.md for their sources); the system's are
 * cycle counts, so they depend on the clock. */
void sim_scenario_defaults(sim_scenario_t *s);
void sim_system_defaults(sim_system_t *sys, double cpu_hz);

/* Run one strategy on the scenario. Deterministic for s->seed. Arrivals
 * stop at s->duration; the run goes on until nothing is in flight, or for
 * twice the longest deadline and four loops at most. */
void sim_run(const sim_scenario_t *s, const sim_strategy_t *st, sim_result_t *r);

/* Share of the main core taken from the main loop's tasks while events
 * arrive (the active loops), 0..1. */
double sim_cpu_share(const sim_result_t *r);
/* Mean main-loop period over the active loops; 0 if none ran. */
simt sim_loop_mean(const sim_result_t *r);
/* Nominal main-loop period: the tasks' mean durations. */
simt sim_loop_period(const sim_scenario_t *s);
/* Longest main-loop iteration the tasks can make: their longest draws plus
 * loop_overhead, in picoseconds (a double: it is checked, not used). */
double sim_loop_max(const sim_scenario_t *s);
/* Events generated, over every input of a result. */
uint64_t sim_events(const sim_scenario_t *s, const sim_result_t *r);
/* True if every event was handled, none late. */
bool sim_meets(const sim_scenario_t *s, const sim_result_t *r);
/* Parse "poll2", "isr", "queue64", "dedicated", "storm"; a "/N" suffix asks
 * for N dispatch points per loop ("queue16/4"). False if unknown. */
bool sim_strategy_parse(const char *name, int default_depth, sim_strategy_t *st);

/* Load an INI scenario. On error: nonzero, and `err` holds "file:line: why".
 * A loaded scenario may own memory: sim_scenario_free() before reusing it. */
int sim_scenario_load(const char *path, sim_scenario_t *s, char *err, size_t errlen);
/* The same from a stream already open (the fuzzer's, in memory): `path`
 * names it in messages, and relative file(...) and capture: paths are
 * found from its folder. The caller closes f. */
int sim_scenario_read(FILE *f, const char *path, sim_scenario_t *s, char *err, size_t errlen);
void sim_scenario_free(sim_scenario_t *s);

/* Whether every time in the scenario is within the limits the clock holds
 * (SIM_TIME_MAX, SIM_DURATION_MAX, a loop of at most SIM_TIME_MAX); for
 * scenarios changed after loading (sweeps, searches). 0, or -1 and `why`. */
int sim_check_limits(const sim_scenario_t *s, char *why, size_t len);

/* "100ms", "12cyc" (at cpu_hz), "1.5us", "0" -> picoseconds, at most
 * SIM_DURATION_MAX; false if malformed or longer. */
bool sim_parse_time(const char *text, double cpu_hz, simt *out);
/* A decimal 0..2^64-1 and nothing else (no sign, no blanks). */
bool sim_parse_u64(const char *text, uint64_t *out);
/* "1.23ms": three significant digits and the unit that suits ("none" for
 * SIM_NEVER); never an exponent. */
const char *sim_fmt_time(simt t, char *buf, size_t len);
/* The same with `digits` significant digits (1..15). */
const char *sim_fmt_time_digits(simt t, int digits, char *buf, size_t len);

/* calloc that exits on failure: the tool cannot do anything useful without memory. */
void *sim_calloc(size_t n, size_t size);

#endif
