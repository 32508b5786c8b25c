/* replay.h - a capture's edges through the pinq pipeline, as if they came
 * on an input line, under a delivery model; simulated time.
 *
 * The edges enter through the entry points firmware uses: an interrupt
 * model calls pinq_post_at() from its simulated ISR, a polling model
 * pinq_post_sample() at its sampling times; the consumer pops them with
 * pinq_dispatch() into a decoder (replay_decode.h), which sees only what
 * pinq delivered, RESYNCs included. Time is simulated: a deterministic
 * discrete-event run that jumps from one happening (an edge, an ISR, a
 * sample, a consumer pass) to the next; every random draw comes from the
 * seed, so a run repeats exactly. Ticks are nanoseconds (REPLAY_TPS, the
 * POSIX port's rate).
 *
 * Interrupt model: an edge sets the line's pending flag; the ISR enters
 * isr_latency plus a draw in [0, isr_jitter] later, or when a masked
 * section ends, clears the flag, reads the pin and posts that level,
 * stamped with its entry time (pinq_post) or with the edge's (a timer
 * capture register). Edges while the flag is set are merged by the
 * hardware (one interrupt, the pin read once). The consumer runs after
 * every interrupt (pinq_wait waking) or every `loop`, at most `budget`
 * events a pass, not during stalls.
 *
 * Polling model: the main loop samples the pin every poll_period (plus a
 * draw in [0, poll_jitter]) and posts a change with pinq_post_sample(),
 * stamped with the sample's time, then dispatches, as pinq_dispatch's
 * poller does; a stall delays the loop, samples and all. */
#ifndef REPLAY_H
#define REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pinq.h"
#include "replay_decode.h"

#define REPLAY_TPS 1000000000u /* ticks per second: nanoseconds */
#define REPLAY_NEVER UINT64_MAX
#define REPLAY_MAX_LINES 2     /* a rotary encoder's two phases */

/* One input line: the capture channel's edges in ticks from its start. */
typedef struct replay_line {
    char name[64];
    pinq_ticks_t *t;   /* strictly increasing, below the input's end */
    uint8_t *level;    /* the level after each edge */
    size_t n;
    uint8_t initial;   /* the level at time 0 */
} replay_line_t;

typedef struct replay_input {
    replay_line_t line[REPLAY_MAX_LINES];
    int nlines;
    pinq_ticks_t end;  /* the capture's length */
} replay_input_t;

/* Periodic windows [k * every, k * every + len), k >= 0; every == 0: none. */
typedef struct replay_window {
    pinq_ticks_t every, len; /* len < every */
} replay_window_t;

/* A uniform draw in [0, span] added to each ISR entry or sample: span is
 * `ticks`, or with pct > 0 that share of the latency or the period, so
 * that a sweep scales it along. */
typedef struct replay_jitter {
    pinq_ticks_t ticks;
    uint8_t pct; /* 0 .. 100; polling: below 100 */
} replay_jitter_t;

enum replay_kind { REPLAY_IRQ, REPLAY_POLL };
enum replay_stamp { REPLAY_STAMP_ISR, REPLAY_STAMP_EDGE };

typedef struct replay_model {
    uint8_t kind;                          /* enum replay_kind */
    uint8_t stamp;                         /* interrupts: enum replay_stamp */
    uint8_t policy;                        /* enum pinq_policy */
    pinq_ticks_t isr_latency;              /* interrupts: entry after the edge, fixed part ... */
    replay_jitter_t isr_jitter;            /* ... and random part */
    replay_window_t masked;                /* interrupts: critical sections, the ISR waits */
    pinq_ticks_t poll_period;              /* polling */
    replay_jitter_t poll_jitter;           /* polling: below the period, so samples keep their order */
    uint32_t queue;                        /* ring capacity, a power of two, 2 .. 65536 */
    pinq_ticks_t loop;                     /* interrupts: consumer pass every `loop`; 0: after every ISR */
    unsigned budget;                       /* events per pinq_dispatch() call; 0: no limit */
    replay_window_t stall;                 /* the main loop does not run */
    uint64_t seed;
} replay_model_t;

/* An event the consumer popped: what the application saw. */
typedef struct replay_seen {
    pinq_ticks_t ts;
    uint16_t line;
    uint8_t level;
} replay_seen_t;

typedef struct replay_result {
    uint64_t edges;            /* on the wire */
    uint64_t posts;            /* ISR posts, or samples that found a change */
    uint64_t hidden;           /* edges pinq was never told of: merged while the interrupt was pending,
                                * or come and gone between two samples */
    pinq_ring_stats_t ring;    /* after the run, the ring drained */
    uint32_t resyncs;          /* RESYNC events delivered ... */
    uint64_t resync_lost;      /* ... and the events they report lost or merged */
    size_t nlatency;           /* delivered edges timed: from the wire to pinq_dispatch's handler */
    pinq_ticks_t p50, p99, max;
    replay_seen_t *seen;       /* every RISE/FALL delivered, in order */
    size_t nseen;
} replay_result_t;

/* Zero latency, no jitter, no masking or stalls, a 4096-event ring, the
 * consumer after every interrupt with no budget: the reference run. */
void replay_model_ideal(replay_model_t *m);

/* The longest a model can hold an edge back from the decoder (latency,
 * jitter, masking, polling, stalls): replays run that long past the
 * capture's end, and frames compare within it. */
pinq_ticks_t replay_model_delay(const replay_model_t *m);

/* Replays `in` under `m` into `dec`, set up for `in`'s lines at
 * REPLAY_TPS. Returns 0, or PINQ_EINVAL for a model the run cannot keep
 * (a window no shorter than its period, polling jitter not below the
 * period, a capacity that is not a power of two). Free *r with
 * replay_result_free either way. */
int replay_run(const replay_input_t *in, const replay_model_t *m, replay_decoder_t *dec, replay_result_t *r);
void replay_result_free(replay_result_t *r);

#endif
