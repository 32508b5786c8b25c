/* pinq_stats.h - run-time statistics of a queue: per-line counts, the
 * ring's fill, latency histograms, and the text report.
 *
 * Nothing here runs in an interrupt. The figures come from three places:
 *   - an observer (pinq_stats_observe, set as pinq_cfg.observe) that counts
 *     each event the consumer takes: per line, what was delivered and what
 *     the RESYNCs reported lost; and the latencies edge stamp -> taken by
 *     the dispatcher -> handler done, in log2 buckets;
 *   - the general post path's per-line counts (pinq_cfg.counts, built with
 *     PINQ_CFG_STATS): spurious interrupts, posts to a disabled line, storm
 *     trips. An edge that takes the ISR's fast path never touches them;
 *   - the ring's own counters (pinq_ring_stats) and the storm guard's
 *     (pinq_poll_t.masked).
 * So per line: events == delivered + dropped + coalesced, where events is
 * what the consumer has learnt of (queued events and losses not yet
 * reported come later), and over the queue the ring's produced ==
 * delivered + refused + discarded + coalesced once it is drained.
 *
 *     static pinq_line_counts_t counts[NLINES];
 *     static pinq_stats_line_t st_lines[NLINES];
 *     static pinq_stats_t st;
 *     q_cfg.counts = counts;
 *     q_cfg.observe = pinq_stats_observe;
 *     q_cfg.observe_ctx = &st;
 *     pinq_init(&q, &q_cfg);
 *     pinq_stats_init(&st, &q, st_lines, NLINES);    // before the consumer runs
 *     ...
 *     pinq_line_stats_t lines[NLINES];
 *     pinq_stats_snap_t snap;
 *     pinq_stats_snapshot(&st, &snap, lines, NLINES, true);   // consumer context
 *     char text[2048];
 *     pinq_stats_format(&snap, text, sizeof text);
 *
 * Consistency while producers run: every counter has one writer and is
 * never reset by anyone else. The observer's counters and histograms are
 * the consumer's, and a snapshot is taken in consumer context, so it sees
 * them whole and may zero them. The producers' counters (the ring's, the
 * line counts) are free-running: a snapshot reports each as its value
 * minus the value the last reset read (mod 2^32). Successive intervals
 * therefore tile time exactly: the sums of the figures over snapshots
 * taken with reset equal the totals, whatever the producers did between.
 * Within one snapshot, figures from different writers may be a post apart
 * (an event the ring counted as produced that the consumer has not taken
 * yet); at a quiescent point every identity above holds exactly.
 *
 * docs/stats.md documents the report's format, which examples/doorbell and
 * tools/pinq-sim print too.
 */
#ifndef PINQ_STATS_H
#define PINQ_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pinq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Latency histogram buckets: bucket 0 holds 0 ticks, bucket k (1..30)
 * holds [2^(k-1), 2^k - 1] ticks, bucket 31 everything from 2^30 on. */
#define PINQ_STATS_BUCKETS 32

/* The spans of an event's life that are histogrammed. */
enum pinq_stats_span {
    PINQ_SPAN_WAIT = 0,    /* edge stamp -> taken by the consumer (queueing delay) */
    PINQ_SPAN_HANDLER = 1, /* taken -> its handler finished */
    PINQ_SPAN_TOTAL = 2,   /* edge stamp -> handler finished */
    PINQ_SPANS = 3
};

/* The bucket of a latency of v ticks: its bit length, capped. No division,
 * no floating point, and one 32-bit count-leading-zeros: everything from
 * 2^30 on shares the last bucket. */
static inline unsigned pinq_stats_bucket(uint64_t v)
{
    if (v >> (PINQ_STATS_BUCKETS - 2))
        return PINQ_STATS_BUCKETS - 1;
    uint32_t w = (uint32_t)v;
#if defined(__GNUC__)
    return w ? 32u - (unsigned)__builtin_clz(w) : 0u;
#else
    unsigned bits = 0;
    for (; w; w >>= 1)
        bits++;
    return bits;
#endif
}

/* Add a latency of v ticks to a histogram (simulators fill a snapshot with it). */
static inline void pinq_stats_hist_add(uint32_t hist[PINQ_STATS_BUCKETS], uint64_t v)
{
    hist[pinq_stats_bucket(v)]++;
}

/* Lowest latency in ticks that falls in bucket b (< PINQ_STATS_BUCKETS). */
static inline uint64_t pinq_stats_bucket_low(unsigned b)
{
    return b == 0 ? 0 : UINT64_C(1) << (b - 1);
}

/* One line's figures over an interval (a snapshot). */
typedef struct pinq_line_stats {
    uint32_t events;    /* delivered + dropped + coalesced */
    uint32_t delivered; /* events the consumer took (RESYNCs not counted) */
    uint32_t dropped;   /* lost to a full ring and reported: refused (DROP_NEWEST) or discarded (DROP_OLDEST) */
    uint32_t coalesced; /* merged by a full ring and reported (COALESCE) */
    uint32_t disabled;  /* interrupt posts while the line was off */
    uint32_t masked;    /* interrupt posts while the storm guard had the line polled */
    uint32_t spurious;  /* interrupts whose edge the trigger filtered */
    uint32_t storms;    /* storm episodes begun: trips in the ISR and hand-overs to the poller */
    uint32_t returns;   /* storm episodes ended: the line given back to its interrupt */
} pinq_line_stats_t;

/* A queue's figures over an interval: what pinq_stats_format() prints.
 * Filled by pinq_stats_snapshot(), or by a simulator for the same report. */
typedef struct pinq_stats_snap {
    uint32_t ticks_per_sec; /* the tick the spans and latencies are counted in */
    pinq_ticks_t span;      /* ticks the interval lasted */
    uint8_t policy;         /* enum pinq_policy */
    uint32_t capacity;      /* ring slots */
    uint32_t depth;         /* events queued at the snapshot */
    uint32_t high_water;    /* largest fill the consumer saw in the interval */
    uint32_t produced;      /* the ring's: events posted into it */
    uint32_t delivered;     /* the ring's: events popped */
    uint32_t refused;       /* the ring's: events a full ring refused (lost) */
    uint32_t discarded;     /* the ring's: old events a full ring discarded (DROP_OLDEST) */
    uint32_t coalesced;     /* the ring's: events a full ring merged (COALESCE) */
    uint32_t resyncs;       /* RESYNC events taken */
    uint32_t at_least;      /* of them, lower bounds (PINQ_FLAG_AT_LEAST) */
    uint32_t ts_unsure;     /* events delivered with PINQ_FLAG_TS_UNSURE */
    uint32_t hist[PINQ_SPANS][PINQ_STATS_BUCKETS]; /* latencies in ticks, by span */
    uint16_t nlines;        /* entries in lines[] */
    const pinq_line_stats_t *lines; /* per line */
} pinq_stats_snap_t;

/* What the observer keeps of a line: caller storage, 32 bytes. */
typedef struct pinq_stats_line {
    uint32_t delivered;  /* events taken since the last reset */
    uint32_t lost;       /* losses RESYNCs reported since the last reset */
    uint32_t base[6];    /* the producers' counters as the last reset read them */
} pinq_stats_line_t;

/* Statistics of one queue; its fields are the library's. */
typedef struct pinq_stats {
    pinq_t *q;                /* a reset restarts its ring's high-water mark */
    pinq_stats_line_t *lines; /* nlines entries */
    uint16_t nlines;          /* entries in lines[]: the queue's lines */
    pinq_ticks_t since;       /* tick of the last reset */
    uint32_t resyncs;         /* since the last reset: RESYNCs taken */
    uint32_t at_least;        /* ... of them with PINQ_FLAG_AT_LEAST */
    uint32_t ring_base[6];    /* the ring's counters as the last reset read them */
    uint32_t hist[PINQ_SPANS][PINQ_STATS_BUCKETS]; /* latencies since the last reset, by span */
} pinq_stats_t;

/* Attach statistics to a queue pinq_init() accepted, with storage for
 * nlines lines (q's nlines; fewer are refused): starts the first interval.
 * Call it before the consumer runs; set pinq_stats_observe as the queue's
 * observer (pinq_cfg.observe, observe_ctx = st) for the consumer-side
 * figures, and pinq_cfg.counts for the general path's. PINQ_OK or
 * PINQ_EINVAL. */
int pinq_stats_init(pinq_stats_t *st, pinq_t *q, pinq_stats_line_t *lines, uint16_t nlines);

/* The observer (a pinq_observe_fn): ctx is the pinq_stats_t. Counts the
 * event for its line and, except for a RESYNC, adds its latencies (a stamp
 * later than `taken`, which a clock of coarser grain can give, counts as 0). */
void pinq_stats_observe(const pinq_event_t *ev, pinq_ticks_t taken, pinq_ticks_t done, void *ctx);

/* The figures since the last reset into *out, and those of lines
 * 0..nlines-1 into lines[] (out->lines points there; nlines at most the
 * queue's). reset: start a new interval now. Consumer context (where
 * pinq_dispatch() runs), while producers run (see the top of this file).
 * PINQ_OK or PINQ_EINVAL. */
int pinq_stats_snapshot(pinq_stats_t *st, pinq_stats_snap_t *out, pinq_line_stats_t *lines, uint16_t nlines,
                        bool reset);


/* Write the report of a snapshot into buf (len bytes, always
 * NUL-terminated when len > 0), as snprintf() does: returns the length the
 * whole report has, so a result >= len means it was cut. No heap, no
 * floating point. The format is in docs/stats.md. */
size_t pinq_stats_format(const pinq_stats_snap_t *s, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* PINQ_STATS_H */
