/* run.c - one run of one strategy. All three strategies share this loop
 * and pinq_dispatch(); they differ only in where the doorbell's edges come
 * from (a polled line sampled by the dispatcher, or a signal-driven line
 * whose ISR stamps edges) and how often per work unit the loop dispatches. */
#include "run.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "clock.h"
#include "debounce.h"
#include "pinq_posix.h"
#include "pinq_stats.h"
#include "presser.h"

#define RING_CAP 256         /* > every edge of a press + release arriving within one slice */
#define LOCKOUT_MS 20        /* > the longest bounce (5 ms), < the shortest hold or gap */
#define LEAD_IN_MS 20        /* the child starts its schedule this long after fork */
#define REACTIONS_MAX (2 * PRESSES_MAX)


/* What the doorbell line's handlers share. */
static struct bell_ctx {
    pin_page_t *pin;
    _Atomic uint32_t isr_edges; /* written by the hard handler only */
    debounce_t db;
    reaction_t reactions[REACTIONS_MAX];
    uint32_t nreactions, reactions_lost;
} ctx;

static uint64_t scratch[PRESSES_MAX];

/* The doorbell's line: setup() fills it in for the strategy of the run. */
static pinq_line_cfg_t bell_line[1];
PINQ_DEFINE(bell, bell_line, 1, RING_CAP, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_POLL_STORAGE(bell, 1); /* the polling strategies sample the line */
/* Run-time statistics of the line, printed with the results. */
static pinq_line_counts_t bell_counts[1];
static pinq_stats_line_t bell_stats_line[1];
static pinq_stats_t bell_stats;

/* PINQ_SRC_POLL read: the pin level the child mirrors in shared memory. */
static int read_pin(void *c)
{
    return (int)atomic_load_explicit(&((struct bell_ctx *)c)->pin->level, memory_order_acquire);
}

/* The hard handler, in the signal handler: record and let the event through. */
static bool on_edge_isr(pinq_event_t *ev, void *c)
{
    (void)ev;
    atomic_fetch_add_explicit(&((struct bell_ctx *)c)->isr_edges, 1, memory_order_relaxed);
    return true;
}

/* The deferred handler, in the main loop: debounce from the event's stamp,
 * then answer the door. */
static void on_edge(const pinq_event_t *ev, void *cv)
{
    struct bell_ctx *c = cv;
    if (ev->kind == PINQ_EV_RESYNC) { /* edges lost: trust the line's level again */
        debounce_init(&c->db, c->db.lockout, ev->level);
        return;
    }
    if (!debounce_edge(&c->db, ev->ts, ev->level) || !ev->level)
        return;
    if (c->nreactions == REACTIONS_MAX) {
        c->reactions_lost++;
        return;
    }
    c->reactions[c->nreactions++] = (reaction_t){.stamp_ns = ev->ts, .react_ns = pinq_port_now()};
}

static int setup(const strategy_t *s)
{
    bell_line[0] = (pinq_line_cfg_t){.hard = s->source == PINQ_SRC_IRQ ? on_edge_isr : NULL, .deferred = on_edge,
                                     .ctx = &ctx, .read = read_pin, .poll_period = 1, /* every dispatch samples */
                                     .trigger = PINQ_TRIG_BOTH, .source = s->source};
    bell_cfg.poll = bell_poll;
    bell_cfg.counts = bell_counts;
    bell_cfg.observe = pinq_stats_observe;
    bell_cfg.observe_ctx = &bell_stats;
    int err = pinq_init(&bell, &bell_cfg);
    if (err == PINQ_OK)
        err = pinq_stats_init(&bell_stats, &bell, bell_stats_line, 1);
    if (err == PINQ_OK && s->source == PINQ_SRC_IRQ)
        err = pinq_posix_bind_signal(&bell, 0, SIGRTMIN);
    if (err != PINQ_OK)
        fprintf(stderr, "doorbell: pinq setup: %s\n", pinq_strerror(err));
    return err == PINQ_OK ? 0 : -1;
}

/* The firmware's main loop: units of work (sleeps: see docs/doorbell.md),
 * each cut into slices; the loop dispatches between slices. Ends with the
 * first unit that finishes after the presser is done. */
static void main_loop(pinq_t *q, const strategy_t *s, uint64_t t0, uint64_t work_ns)
{
    pinq_dispatch(q, UINT32_MAX); /* first sample of a polled line: its idle level */
    for (uint64_t unit = t0; !atomic_load_explicit(&ctx.pin->done, memory_order_acquire); unit += work_ns)
        for (uint32_t j = 1; j <= s->slices; j++) {
            clock_sleep_until(unit + work_ns * j / s->slices); /* the work */
            pinq_dispatch(q, UINT32_MAX);
        }
}

static int reap(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return 0;
    fprintf(stderr, "doorbell: presser failed (status %d)\n", st);
    return -1;
}

static void collect(pinq_t *q, const run_cfg_t *cfg, run_result_t *out)
{
    pinq_dispatch(q, UINT32_MAX); /* edges queued during the last slice */
    score_run(ctx.pin->down_ns, cfg->presses, ctx.reactions, ctx.nreactions, cfg->deadline_ms * NS_PER_MS, scratch,
              &out->score);
    out->score.spurious += ctx.reactions_lost;
    out->edges_sent = ctx.pin->edges_sent;
    out->edges_stamped = atomic_load(&ctx.isr_edges);
    pinq_ring_stats(&q->ring, &out->ring);
    pinq_line_stats_t line;
    pinq_stats_snap_t snap;
    pinq_stats_snapshot(&bell_stats, &snap, &line, 1, false);
    pinq_stats_format(&snap, out->stats, sizeof out->stats);
}

int run_strategy(const strategy_t *s, const run_cfg_t *cfg, run_result_t *out)
{
    memset(&ctx, 0, sizeof ctx);
    memset(out, 0, sizeof *out);
    debounce_init(&ctx.db, LOCKOUT_MS * NS_PER_MS, 0);
    if (!(ctx.pin = pin_page_map())) {
        perror("doorbell: mmap");
        return -1;
    }
    int rc = setup(s);
    uint64_t t0 = pinq_port_now() + LEAD_IN_MS * NS_PER_MS;
    pid_t pid = rc ? -1 : presser_start(ctx.pin, cfg->seed, cfg->presses, t0, s->source == PINQ_SRC_IRQ ? SIGRTMIN : 0);
    if (rc == 0 && pid < 0) {
        perror("doorbell: fork");
        rc = -1;
    }
    if (rc == 0) {
        main_loop(&bell, s, t0, (uint64_t)cfg->work_ms * NS_PER_MS);
        rc = reap(pid);
        collect(&bell, cfg, out);
    }
    if (s->source == PINQ_SRC_IRQ)
        pinq_posix_unbind(SIGRTMIN); /* no-op if never bound */
    pin_page_unmap(ctx.pin);
    return rc;
}
