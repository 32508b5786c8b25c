/* pinq.h - public API: the event, the ISR->main ring, lines, dispatcher.
 *
 * pinq moves external input (pin edges) from interrupt context to the main
 * loop without losing anything silently. The ISR timestamps an edge and
 * pushes a 16-byte event; the main loop pops events or lets pinq_dispatch()
 * run per-line handlers within a work budget.
 *
 * Invariant (exact, at any quiescent point, per ring):
 *     produced == delivered + dropped + coalesced
 * and every lost or merged event is reported to the consumer in a RESYNC
 * event naming its line and how many were lost.
 *
 * No heap: every object lives in storage the caller provides.
 *
 * Calling contexts (a PINQ_DEBUG build checks the two marked *):
 *
 *   function                                 may be called from
 *   pinq_init, pinq_ring_init                before any producer or consumer runs
 *   pinq_post, pinq_post_at, pinq_isr_post,  a producer (see the modes below)
 *     pinq_ring_push, pinq_ring_push_n,
 *     pinq_ring_push_inline
 *   pinq_post_sample                         the poller: pinq_dispatch() itself, or one
 *                                            polling thread on a PINQ_MPSC queue
 *   pinq_schedule                            anywhere: ISR, signal handler, any thread
 *   pinq_dispatch, pinq_wait, pinq_pop,      the consumer: one main loop or task, never
 *     pinq_pending,                          an interrupt handler (*)
 *     pinq_ring_pop, pinq_ring_pop_n,
 *     pinq_ring_pop_inline, pinq_ring_ready,
 *     pinq_ring_flush_lost
 *   pinq_line_enable, pinq_line_trip,        the consumer; they mask the interrupts
 *     pinq_line_set_polled                   around their change (stop producer threads)
 *   pinq_line_level, pinq_line_state,        anywhere: a snapshot
 *     pinq_line_uncertainty, pinq_ring_stats,
 *     pinq_schedule_refused, pinq_strerror
 *
 *   mode       producers it allows
 *   PINQ_SPSC  one producer context at a time (*): the ISRs of one priority
 *              level on one core, or the signal handlers pinq binds (they
 *              mask each other), with the main loop's poller, which masks
 *              them while it stores; or else a single thread and no polled
 *              line. Never ISRs at two priorities, two cores, or a thread
 *              beside ISRs. The consumer never writes into an SPSC ring.
 *   PINQ_MPSC  any number: ISRs at any priorities, other cores, threads,
 *              polling threads. A producer must not be killed mid-push:
 *              the ring would wait for its slot for good.
 *
 * pinq_isr.h compiles pinq_post() into an interrupt handler, and
 * pinq_ring_inline.h compiles the ring's push and pop into the caller.
 */
#ifndef PINQ_H
#define PINQ_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- version ------------------------------------------------------------ */

#define PINQ_VERSION_MAJOR 0 /* incompatible API changes */
#define PINQ_VERSION_MINOR 6 /* additions */
#define PINQ_VERSION_PATCH 0 /* fixes */
#define PINQ_VERSION_STRING "0.6.0" /* MAJOR.MINOR.PATCH */
/* One number that compares: MAJOR * 10000 + MINOR * 100 + PATCH. */
#define PINQ_VERSION (PINQ_VERSION_MAJOR * 10000 + PINQ_VERSION_MINOR * 100 + PINQ_VERSION_PATCH)

/* ---- build options -------------------------------------------------------
 * Parts of the core a program may leave out to save flash (-D on the
 * compiler's command line, for the core and its users alike). 1: built in
 * (the default). 0: left out, and asking for it is refused with
 * PINQ_ENOTSUP at pinq_init() / pinq_ring_init() or by the call itself
 * (a call that needs no left-out part, such as disarming a storm trip
 * without polling, still succeeds). */
#ifndef PINQ_CFG_MPSC
#define PINQ_CFG_MPSC 1 /* PINQ_MPSC rings and PINQ_DROP_OLDEST */
#endif
#ifndef PINQ_CFG_POLL
#define PINQ_CFG_POLL 1 /* polled lines and the storm guard's trip (pinq_cfg.poll) */
#endif
#ifndef PINQ_CFG_CALLS
#define PINQ_CFG_CALLS 1 /* the deferred-call queue (pinq_schedule) */
#endif
#ifndef PINQ_CFG_STATS
#define PINQ_CFG_STATS 1 /* per-line counts of the general post path (pinq_cfg.counts) */
#endif
/* How the consumer sleeps, chosen by the port (build-wide, like the
 * options above). 0: pinq_wait() sleeps in pinq_port_wait() with
 * interrupts masked and WFI semantics (bare metal, POSIX signals); the
 * ISR path has no wake-up code at all. 1: the consumer blocks in an RTOS
 * (pinq_port_block) and every producer that queues something wakes it
 * (pinq_port_wake): FreeRTOS, ESP-IDF. See "blocking consumers" below. */
#ifndef PINQ_CFG_WAKE
#define PINQ_CFG_WAKE 0 /* 0: WFI-style pinq_port_wait(); 1: RTOS block and wake */
#endif
/* 1: check the calling contexts of the table below at run time (a second
 * producer inside an SPSC push, a consumer call from an interrupt) and
 * count every push attempt in `produced`; a violation calls
 * pinq_debug_violation(). Costs the ISR fast path: for tests and bring-up. */
#ifndef PINQ_DEBUG
#define PINQ_DEBUG 0 /* 1: check calling contexts, count push attempts */
#endif

/* ---- errors ------------------------------------------------------------ */

enum {
    PINQ_OK = 0,
    PINQ_EINVAL = -1,    /* bad argument: NULL, bad capacity, bad line id */
    PINQ_EFULL = -2,     /* no room: the event was dropped or merged, and counted */
    PINQ_EDISABLED = -3, /* the line is disabled: nothing queued, nothing counted */
    PINQ_ENOTSUP = -4,   /* combination not supported by this build or port */
    PINQ_ESYS = -5       /* the operating system refused (POSIX port); see errno */
};

/* Short human-readable name of an error code, for logs. */
const char *pinq_strerror(int err);

/* ---- the event --------------------------------------------------------- */

typedef uint64_t pinq_ticks_t; /* port ticks; 64 bits so they never wrap in practice */

/* What an event says happened (pinq_event.kind). */
enum pinq_kind {
    PINQ_EV_RISE = 0,   /* level went 0 -> 1 */
    PINQ_EV_FALL = 1,   /* level went 1 -> 0 */
    PINQ_EV_LEVEL = 2,  /* level-triggered line is at its active level */
    PINQ_EV_RESYNC = 3, /* events on `line` were lost or merged: `lost` says how many */
    PINQ_EV_USER = 64   /* first kind free for stages built on pinq (gestures, ...) */
};

/* One edge (or RESYNC) as the consumer gets it: 16 bytes. */
typedef struct pinq_event {
    pinq_ticks_t ts; /* when the ISR saw the edge; RESYNC: ts of the last event delivered before it
                      (0 and PINQ_FLAG_NO_TS if none) */
    union {
        uint32_t seq;  /* ring position at push: gaps mean overwritten (drop-oldest) events */
        uint32_t lost; /* RESYNC only: events lost or merged on this line since the last RESYNC */
    };
    uint16_t line;  /* line id, index into the line table */
    uint8_t kind;   /* enum pinq_kind */
    uint8_t level;  /* bit 0: level after the edge (RESYNC: of the most recent lost event); PINQ_FLAG_* above */
} pinq_event_t;

/* Flags in an event's `level` byte above the level bit; PINQ_LEVEL() reads
 * the level alone. */
#define PINQ_FLAG_AT_LEAST 0x02u /* RESYNC: the line lost more than its account could hold; `lost` is a lower bound */
#define PINQ_FLAG_NO_TS 0x04u    /* RESYNC: no event was delivered before it, so its ts (0) is no time */
#define PINQ_FLAG_TS_UNSURE 0x80u /* 32-bit ISR stamp popped 2^32 ticks or more after the consumer last looked:
                                   * ts is the earliest time it can be; it may be k * 2^32 ticks later */
#define PINQ_LEVEL(ev) ((ev)->level & 1u) /* the level bit of an event, without the flags */

_Static_assert(sizeof(pinq_event_t) == 16, "pinq_event_t must be 16 bytes");

/* ---- the ring ---------------------------------------------------------- */

/* Storage of one event in a ring: 16 bytes, opaque to users. `seq` is
 * atomic: in MPSC rings it is the slot's publication stamp. line, kind and
 * level travel as one word (PINQ_TAG), so an ISR stores them at once. */
typedef struct pinq_slot {
    uint32_t ts_lo;       /* low 32 bits of ts */
    uint32_t tag;         /* PINQ_TAG(line, kind, level); next to ts_lo: an ISR stores both at once */
    uint32_t ts_hi;       /* high 32 bits; not stored for a 32-bit ISR stamp (see cfg.now) */
    _Atomic uint32_t seq; /* MPSC: publication stamp (position + 1 once written) */
} pinq_slot_t;

/* Line ids are below PINQ_MAX_LINES: a slot's tag uses the two bits above
 * (pinq_isr.h). */
#define PINQ_MAX_LINES 0x4000u

/* line, kind and level of an event packed as a slot stores them */
#define PINQ_TAG(line, kind, level) ((uint32_t)(line) | (uint32_t)(kind) << 16 | (uint32_t)(level) << 24)

_Static_assert(sizeof(pinq_slot_t) == 16, "pinq_slot_t must be 16 bytes");

/* Per-line overflow account kept by a ring (8 bytes per line). Two
 * free-running counts in bits 2-31, so that what is owed is their
 * difference and no count is ever reset (a taker cannot be fooled by a
 * count taken and grown back, pinq_ring.c):
 *   made   losses accounted; bit 0 the level of the most recent lost event
 *          (a hard handler that puts other values in `level` gets only
 *          that bit back in the RESYNC). Written by producers.
 *   taken  losses reported in RESYNCs; bit 1 set by a producer that found
 *          2^28 losses owed and stopped counting (PINQ_FLAG_AT_LEAST).
 *          Moved forward by takers with a compare-and-swap. */
typedef struct pinq_lost {
    _Atomic uint32_t made;  /* losses accounted (bits 2-31), level of the latest (bit 0) */
    _Atomic uint32_t taken; /* losses reported (bits 2-31), PINQ_FLAG_AT_LEAST owed (bit 1) */
} pinq_lost_t;

/* Who may push into a ring (the table at the top of this file). */
enum pinq_mode {
    PINQ_SPSC = 0, /* one producer (one ISR or signal handler), one consumer */
    PINQ_MPSC = 1  /* several producers at any priorities or on any cores, one consumer */
};

/* What a full ring does with one more event. */
enum pinq_policy {
    PINQ_DROP_NEWEST = 0, /* full ring refuses the new event */
    PINQ_DROP_OLDEST = 1, /* full ring discards its oldest event (like libgpiod) */
    PINQ_COALESCE = 2     /* full ring merges the new event into its line's state */
};

#ifndef PINQ_CACHELINE
#if defined(__linux__) || defined(__APPLE__) || defined(__unix__)
#define PINQ_CACHELINE 64 /* keep producer and consumer indices apart */
#else
#define PINQ_CACHELINE 4 /* microcontrollers: no caches to share, RAM is scarce */
#endif
#endif

/* Configuration of a ring used alone (pinq_ring_init()); pinq_init() builds its own. */
typedef struct pinq_ring_cfg {
    pinq_slot_t *slots;   /* capacity slots, caller-owned */
    uint32_t capacity;    /* power of two, >= 2 */
    pinq_lost_t *lost;    /* nlines accounts, caller-owned */
    uint16_t nlines;      /* line ids pushed must be < nlines; 1..PINQ_MAX_LINES */
    uint8_t mode;         /* enum pinq_mode */
    uint8_t policy;       /* enum pinq_policy */
    uint32_t start_index; /* initial free-running index; 0 normally (tests start near UINT32_MAX) */
    /* Clock of ISR stamps that are 32 bits (set by pinq_init() on such
     * ports, else NULL). pinq_post() then stores only the low word of ts
     * and pop restores the high word from now(): such an event must be
     * popped less than 2^32 ticks after its edge (171 s at 25 MHz). Events
     * pushed with a full ts keep it exactly. */
    pinq_ticks_t (*now)(void);
} pinq_ring_cfg_t;

/* Field order: what an ISR's push reads comes first, so that Thumb-1's
 * short load offsets reach it (pinq_isr.h). */
typedef struct pinq_ring {
    /* producer side: written on every push */
    _Alignas(PINQ_CACHELINE) _Atomic uint32_t tail; /* next position to fill */
    uint32_t tail_limit; /* SPSC: the producer stores below it without reading head; == tail
                          * while a RESYNC is owed, so one compare guards both */
    /* read by the producer on every push, written once at init */
    pinq_slot_t *slots; /* capacity slots */
    uint32_t mask; /* capacity - 1 */
    uint32_t fifo; /* index discipline: 1 fifo (SPSC, no DROP_OLDEST), 0 stamped */
    /* consumer side: written on every pop */
    _Alignas(PINQ_CACHELINE) _Atomic uint32_t head; /* next position to read */
    uint32_t head_cache;                            /* SPSC: consumer's stale view of tail */
    uint32_t cons_head;                             /* DROP_OLDEST: head as the consumer left it */
    _Atomic uint32_t delivered;                     /* stamped: events popped (RESYNC not counted) */
    _Atomic uint32_t markers_read;                  /* RESYNC markers popped */
    uint32_t high_water;                            /* max fill seen by the consumer */
    pinq_ticks_t last_ts;                           /* ts of last delivered event */
    pinq_ticks_t ts_floor;                          /* 32-bit stamps: no event still queued is older */
    _Atomic uint32_t ts_unsure;                     /* events delivered with PINQ_FLAG_TS_UNSURE */
    uint32_t scan_losses;                           /* DROP_OLDEST: `losses` when the RESYNC scan began */
    uint16_t scan_line;                             /* next line to check while emitting RESYNCs */
    uint8_t scanning;                               /* RESYNC emission in progress */
    uint8_t has_last;                               /* last_ts is set: an event was delivered */
    /* overflow accounts: written by producers only when the ring is full.
     * Losses are owed a RESYNC while losses != losses_flushed: a flusher
     * stores the `losses` it saw before a complete pass over lost[], so
     * a producer that finds them equal knows every marker for its own
     * earlier losses holds an earlier position than its next event. */
    _Alignas(PINQ_CACHELINE) _Atomic uint32_t losses; /* loss accounts made (mod 2^32) */
    _Atomic uint32_t losses_flushed;                /* losses whose RESYNCs are in place */
    _Atomic uint32_t discarded;                     /* DROP_OLDEST: stored events discarded; every other
                                                     * loss account is an event refused */
    _Atomic uint32_t markers;                       /* RESYNC markers stored in slots */
    _Atomic uint32_t attempts;                      /* PINQ_DEBUG: push attempts, counted by producers */
    _Atomic uint32_t pushing;                       /* PINQ_DEBUG: a fifo producer is inside a push */
    /* configuration: read-only after init */
    pinq_lost_t *lost; /* nlines accounts */
    pinq_ticks_t (*now)(void); /* 32-bit stamps: see pinq_ring_cfg */
    uint32_t start;  /* cfg.start_index */
    uint16_t nlines; /* accounts in lost[] */
    uint8_t mode;    /* enum pinq_mode */
    uint8_t policy;  /* enum pinq_policy */
} pinq_ring_t;

/* A ring's counters (pinq_ring_stats()): produced == delivered + dropped + coalesced + queued. */
typedef struct pinq_ring_stats {
    uint32_t produced;   /* push attempts with valid arguments (mod 2^32); counted by the
                          * producers with PINQ_DEBUG, else stored + refused */
    uint32_t delivered;  /* events popped */
    uint32_t dropped;    /* events lost */
    uint32_t coalesced;  /* events merged */
    uint32_t queued;     /* events in the ring now */
    uint32_t high_water; /* largest fill the consumer has seen */
    uint32_t ts_unsure;  /* events delivered with PINQ_FLAG_TS_UNSURE */
    uint32_t refused;    /* events never stored (part of dropped or coalesced) */
} pinq_ring_stats_t;

/* Declare static storage for a ring: name##_slots, name##_lost and the ring. */
#define PINQ_RING_STORAGE(name, cap, nlines) \
    static pinq_slot_t name##_slots[(cap)];  \
    static pinq_lost_t name##_lost[(nlines)]

/* Initialise a ring over caller storage. Returns PINQ_EINVAL for NULL
 * pointers, capacity not a power of two or < 2, nlines == 0, or an unknown
 * mode/policy. Not thread-safe: call before any producer runs. */
int pinq_ring_init(pinq_ring_t *r, const pinq_ring_cfg_t *cfg);

/* Push one event (producer side; ISR-safe). ev->seq is ignored.
 * SPSC: wait-free. MPSC: lock-free (a retry means another producer
 * succeeded); a producer preempted mid-push by another one loses nothing.
 * Returns PINQ_OK, PINQ_EFULL (dropped or merged, and counted: the ring
 * is full, or draining after a loss, see pinq_ring_pop), or
 * PINQ_EINVAL (NULL or line >= nlines; not counted). Under DROP_OLDEST the
 * new event is stored and PINQ_OK returned even when an old one was
 * discarded, unless the oldest slot was busy (then the new one is dropped). */
int pinq_ring_push(pinq_ring_t *r, const pinq_event_t *ev);

/* Push up to n events; returns how many were stored. The stored events
 * are always the first ones of ev[] (events with an invalid line are
 * skipped, not counted); once one is refused, the rest are refused too and
 * handled by the overflow policy exactly as pinq_ring_push does. */
uint32_t pinq_ring_push_n(pinq_ring_t *r, const pinq_event_t *ev, uint32_t n);

/* Pop one event (consumer side; one consumer only). Returns 1 with *ev
 * filled, 0 when nothing is ready, PINQ_EINVAL for NULL. In MPSC, an event
 * being written by a preempted producer is not ready yet: events behind it
 * wait.
 *
 * Where a RESYNC appears in the stream:
 *   DROP_NEWEST, COALESCE: a producer writes the owed RESYNCs into the
 *     ring before the next event it stores, so a RESYNC sits exactly where
 *     the events went missing (SPSC). After a loss the ring refuses (and
 *     counts on the same accounts) until it has drained to 9 free slots
 *     per line owing a RESYNC (at most half the ring, at least 2: the
 *     marker and the event), so under sustained overload each marker is
 *     followed by room for 8 events: at most one marker per 8 events
 *     delivered where the ring has 18 slots per line that loses (with
 *     several MPSC producers, others may take that room first, counted
 *     the same). In MPSC it comes after every event
 *     its line stored before the loss and before every event the losing
 *     producer stores afterwards, for a line with one producer (as each
 *     pinq line has its ISR; checked at every instruction under
 *     preemption, targets/cortex-m). Relative to other lines' events it
 *     may come later when producers race. Losses not yet followed by a
 *     stored event are flushed by pinq_ring_flush_lost().
 *   DROP_OLDEST: the discarded events were the oldest, so the consumer
 *     reports them before the next event it pops. If a producer on another
 *     core is discarding the slot the consumer wanted, the consumer waits
 *     for that producer to finish its accounting (a few instructions). A
 *     new event dropped because the oldest slot was busy (being written or
 *     read) is reported with them, so its RESYNC can come before older
 *     events still queued. */
int pinq_ring_pop(pinq_ring_t *r, pinq_event_t *ev);

/* Pop up to n events; returns how many were written to ev[]. */
uint32_t pinq_ring_pop_n(pinq_ring_t *r, pinq_event_t *ev, uint32_t n);

/* Write RESYNCs for losses that no stored event has followed yet. Consumer
 * side, but it acts as a producer: call it with the producers masked
 * (pinq_irq_save()) or stopped. pinq_dispatch() does this when the ring is
 * empty. Returns true when nothing is left pending (false: ring full). */
bool pinq_ring_flush_lost(pinq_ring_t *r);

/* True if losses are waiting to be reported (see pinq_ring_flush_lost). */
bool pinq_ring_lost_pending(const pinq_ring_t *r);

/* True if a pop would return an event now (queued or RESYNC pending). */
bool pinq_ring_ready(const pinq_ring_t *r);

/* Counters. Exact when no producer or consumer is running concurrently. */
void pinq_ring_stats(const pinq_ring_t *r, pinq_ring_stats_t *st);

/* ---- critical sections (implemented by the port) ----------------------- */

typedef uint32_t pinq_irqstate_t; /* what pinq_irq_save() masked, for pinq_irq_restore() */

/* Mask the interrupts (signals on POSIX) that may call into pinq; return the
 * previous state. Nests: restore in reverse order. Analogue of MicroPython's
 * machine.disable_irq(). On Cortex-M3/M4 the highest priorities stay
 * unmasked (BASEPRI); see the port's documentation. */
pinq_irqstate_t pinq_irq_save(void);
/* Undo the pinq_irq_save() that returned `state`. */
void pinq_irq_restore(pinq_irqstate_t state);

/* ---- lines and dispatcher ---------------------------------------------- */

/* Which edges or levels of a line make events (pinq_line_cfg.trigger). */
enum pinq_trigger {
    PINQ_TRIG_RISING = 0,    /* 0 -> 1 edges */
    PINQ_TRIG_FALLING = 1,   /* 1 -> 0 edges */
    PINQ_TRIG_BOTH = 2,      /* every edge */
    PINQ_TRIG_LEVEL_HIGH = 3, /* PINQ_EV_LEVEL while the line is high */
    PINQ_TRIG_LEVEL_LOW = 4  /* PINQ_EV_LEVEL while the line is low */
};

/* Where a line's events come from (pinq_line_cfg.source). */
enum pinq_source {
    PINQ_SRC_IRQ = 0, /* an ISR (or signal handler) calls pinq_post() */
    PINQ_SRC_POLL = 1 /* the dispatcher samples cfg->read every poll_period ticks */
};

struct pinq;

/* Hard handler: runs inside the ISR, with the event already timestamped.
 * Keep it short. Return true to also queue the event for the deferred
 * handler / consumer, false to consume it here. */
typedef bool (*pinq_hard_fn)(pinq_event_t *ev, void *ctx);

/* Deferred handler: runs from pinq_dispatch() in main-loop context. */
typedef void (*pinq_event_fn)(const pinq_event_t *ev, void *ctx);

/* Observer of the consumer's side: called once per event the consumer
 * took (RESYNCs too), after its handler returned, with the port ticks at
 * which pinq_dispatch() took it and the handler finished (pinq_pop():
 * both are the time it returns the event). Consumer context; keep it
 * short. Statistics and traces are observers (pinq_stats.h, pinq_trace.h). */
typedef void (*pinq_observe_fn)(const pinq_event_t *ev, pinq_ticks_t taken, pinq_ticks_t done, void *ctx);

/* Scheduled call (pinq_schedule), like micropython.schedule(). */
typedef void (*pinq_call_fn)(void *arg);

/* Per-line configuration: const, may live in flash. */
typedef struct pinq_line_cfg {
    pinq_hard_fn hard;         /* NULL: no hard handler */
    pinq_event_fn deferred;    /* NULL: events go to pinq_cfg.on_event */
    void *ctx;                 /* passed to both handlers and to read */
    int (*read)(void *ctx);    /* PINQ_SRC_POLL: current level 0/1, < 0 on error */
    uint32_t poll_period;      /* PINQ_SRC_POLL: sampling period in port ticks */
    uint8_t trigger;           /* enum pinq_trigger */
    uint8_t source;            /* enum pinq_source */
} pinq_line_cfg_t;

/* Runtime state of a line (pinq_line.enabled). */
enum pinq_line_state {
    PINQ_LINE_OFF = 0,   /* disabled: nothing queued */
    PINQ_LINE_ON = 1,    /* enabled; interrupt lines post from their ISR */
    PINQ_LINE_POLLED = 2 /* interrupt line handed to the poller by the storm guard */
};

/* Per-line state: RAM, 12 bytes; with the ring's 4-byte loss account, 16
 * bytes per line besides event storage. */
typedef struct pinq_line {
    _Atomic uint32_t fast[2]; /* PINQ_TAG the ISR stores for an edge leaving level 0 / 1; 0: general path */
    _Atomic uint8_t level;    /* last level seen by the ISR / poller */
    _Atomic uint8_t enabled;  /* enum pinq_line_state */
    uint8_t route;            /* trigger and hard handler, precomputed at init (see pinq_line.c) */
    uint8_t spare;            /* padding */
} pinq_line_t;

/* Sampling and storm-guard state of a line: RAM, 40 bytes, only in programs
 * that poll a line or arm a storm trip (pinq_cfg.poll). Each counter has a
 * single writer. */
typedef struct pinq_poll {
    pinq_ticks_t next_poll;         /* tick of the next sample */
    _Atomic uint32_t posts;         /* ISR posts through the general path (all of them since the trip was armed) */
    _Atomic uint32_t masked;        /* ISR posts refused while PINQ_LINE_POLLED (the ISR) */
    _Atomic uint32_t sampled_edges; /* edges found by sampling (the poller) */
    _Atomic uint32_t trip_mask;     /* rate check every trip_mask + 1 posts */
    _Atomic uint32_t trip_window;   /* ticks: a check sooner than this trips the line */
    _Atomic uint32_t trip_ts[2];    /* ts of the last check or of the arming, low / high word (the ISR):
                                       all 64 bits, so a long gap cannot pass for a short one */
    uint8_t sampled;                /* polled line has its first sample */
} pinq_poll_t;

/* What the general post path counts of a line (pinq_cfg.counts; read by
 * pinq_stats.h): RAM, 20 bytes. Never touched by an edge that takes the
 * ISR's fast path, so it costs that path nothing. Each counter has a
 * single writer, named below, and is never reset (a reader subtracts the
 * value it saw before). */
typedef struct pinq_line_counts {
    _Atomic uint32_t spurious; /* interrupts whose edge the trigger filtered (the line's ISR) */
    _Atomic uint32_t disabled; /* interrupt posts while PINQ_LINE_OFF (the line's ISR) */
    _Atomic uint32_t trips;    /* storm trips: the line handed to the poller (the line's ISR) */
    _Atomic uint32_t handed;   /* pinq_line_set_polled(.., true) from PINQ_LINE_ON (the consumer) */
    _Atomic uint32_t returns;  /* pinq_line_set_polled(.., false) from PINQ_LINE_POLLED (the consumer) */
} pinq_line_counts_t;

/* Entry of the deferred-call queue (pinq_schedule). */
typedef struct pinq_call {
    _Atomic uint32_t seq; /* publication stamp */
    pinq_call_fn fn; /* the call */
    void *arg;       /* its argument */
} pinq_call_t;

/* Configuration of a queue for pinq_init(); PINQ_DEFINE() declares one. */
typedef struct pinq_cfg {
    const pinq_line_cfg_t *lines; /* nlines entries */
    pinq_line_t *state;           /* nlines entries, caller-owned RAM */
    pinq_poll_t *poll;            /* nlines entries, or NULL if no line is polled or storm-tripped */
    uint16_t nlines;              /* lines, 1..PINQ_MAX_LINES */
    pinq_slot_t *slots;           /* event ring storage */
    pinq_lost_t *lost;            /* nlines overflow accounts */
    uint32_t capacity;            /* event ring capacity, power of two */
    uint8_t mode;                 /* enum pinq_mode: PINQ_MPSC if several ISRs post */
    uint8_t policy;               /* enum pinq_policy */
    pinq_call_t *calls;           /* deferred-call queue storage (may be NULL) */
    uint32_t ncalls;              /* its capacity, power of two, or 0 */
    pinq_event_fn on_event;       /* events of lines with no deferred handler; may be NULL */
    void *on_event_ctx;           /* passed to on_event */
    pinq_observe_fn observe;      /* NULL: nothing observes (no clock reads per event) */
    void *observe_ctx;            /* passed to observe */
    pinq_line_counts_t *counts;   /* nlines entries, or NULL: no counts (PINQ_CFG_STATS) */
} pinq_cfg_t;

/* A queue: lines, their ring, the call queue. Its fields are the library's. */
typedef struct pinq {
    pinq_line_t *state; /* first, with nlines: an ISR reads them (pinq_isr.h) */
    uint16_t nlines;        /* lines in the tables */
    _Atomic(void *) waiter; /* PINQ_CFG_WAKE: the consumer blocked in pinq_wait(), as
                             * pinq_port_waiter() names it; NULL while it is not waiting */
    pinq_ring_t ring;              /* the events */
    const pinq_line_cfg_t *lines;  /* cfg.lines */
    pinq_poll_t *poll;             /* cfg.poll */
    pinq_call_t *calls;            /* cfg.calls */
    uint32_t call_mask;            /* cfg.ncalls - 1 */
    _Atomic uint32_t call_tail;    /* next call slot to fill */
    _Atomic uint32_t call_head;    /* next call to run */
    _Atomic uint32_t call_full; /* pinq_schedule() calls refused because the queue was full */
    pinq_event_fn on_event;        /* cfg.on_event */
    void *on_event_ctx;            /* cfg.on_event_ctx */
    pinq_observe_fn observe;       /* cfg.observe */
    void *observe_ctx;             /* cfg.observe_ctx */
    pinq_line_counts_t *counts;    /* cfg.counts */
} pinq_t;

/* Initialise; all lines start enabled with level 0. PINQ_EINVAL on bad
 * configuration (NULLs, capacities, unknown trigger/source, a polled line
 * with no read function, a zero period or no cfg.poll storage). */
int pinq_init(pinq_t *q, const pinq_cfg_t *cfg);

/* Called by an ISR (or signal handler) for an edge on `line` that left the
 * pin at `level`: timestamps it, filters by trigger, runs the hard handler,
 * queues it. Returns PINQ_OK (queued, filtered or consumed by the hard
 * handler), PINQ_EFULL (lost, counted), PINQ_EDISABLED or PINQ_EINVAL. */
int pinq_post(pinq_t *q, uint16_t line, int level);

/* Same with a timestamp taken by the caller (e.g. a capture register). */
int pinq_post_at(pinq_t *q, uint16_t line, int level, pinq_ticks_t ts);

/* Queue fn(arg) to run from pinq_dispatch(); ISR-safe, any number of
 * producers. PINQ_EFULL (and counted in pinq_schedule_refused) when the
 * queue is full: never silently dropped. */
int pinq_schedule(pinq_t *q, pinq_call_fn fn, void *arg);
/* pinq_schedule() calls refused so far because the queue was full. */
uint32_t pinq_schedule_refused(const pinq_t *q);

/* Run at most `budget` units of work (one event or one scheduled call
 * each) in main-loop context: samples due polled lines, runs scheduled
 * calls and deferred handlers. Returns how many units ran. */
unsigned pinq_dispatch(pinq_t *q, unsigned budget);

#define PINQ_WAIT_FOREVER UINT32_MAX /* a timeout that never ends (pinq_wait(), pinq_pop()) */

/* Block until there is work or timeout_ms passes (0: do not block;
 * PINQ_WAIT_FOREVER: no timeout). Uses
 * the port's wait (WFI; sigtimedwait on POSIX; the RTOS's block with
 * PINQ_CFG_WAKE, where it sleeps again after an early wake-up for what is
 * left of the timeout). Returns true if work is pending. The check and
 * the sleep are atomic: no wake-up is missed. */
bool pinq_wait(pinq_t *q, uint32_t timeout_ms);

/* True if events or scheduled calls are waiting. */
bool pinq_pending(const pinq_t *q);

/* Take the next event for the caller, waiting up to timeout_ms for one
 * (0: do not wait; PINQ_WAIT_FOREVER: no timeout): the RTOS task's or
 * main loop's blocking read. Samples due polled lines and reports owed
 * losses (RESYNC) as pinq_dispatch() does, but runs no handler and no
 * scheduled call: the event is the caller's. Returns 1 with *ev filled,
 * 0 when the timeout passed with none, PINQ_EINVAL for NULL. */
int pinq_pop(pinq_t *q, pinq_event_t *ev, uint32_t timeout_ms);

/* Enable / disable a line (also masks its hardware source through the
 * port). Events of a disabled line are not queued. */
int pinq_line_enable(pinq_t *q, uint16_t line, bool on);

/* Last level the ISR or poller saw on a line (re-read after a RESYNC), or
 * PINQ_EINVAL. */
int pinq_line_level(const pinq_t *q, uint16_t line);

/* ---- polling and storm-guard hooks ------------------------------------- */

/* Post a sampled level from the poller (main loop, or one dedicated
 * polling thread per line): queues an edge only if the level differs from
 * the last one seen, stamped `ts` (the sample time; the edge happened up to
 * one sampling period earlier). Not subject to PINQ_LINE_POLLED or the
 * rate trip. Returns PINQ_OK, PINQ_EFULL, PINQ_EDISABLED or PINQ_EINVAL. */
int pinq_post_sample(pinq_t *q, uint16_t line, int level, pinq_ticks_t ts);

/* Arm the interrupt-rate trip of `line`: every `every` ISR posts (a power
 * of two), the ISR compares the time since the previous check (for the
 * first check: since this call) with `window` ticks (< 2^32); sooner means
 * the rate exceeds every/window, so the ISR masks the line's interrupt
 * (pinq_port_line_enable(.., false), called from the ISR) and hands the
 * line to the poller (PINQ_LINE_POLLED: sampled every cfg.poll_period
 * with cfg.read, which must be set). Times are compared in full 64 bits:
 * 2^32 ticks or more is never too soon. every == 0 disarms (always
 * possible). PINQ_EINVAL for a bad line or `every`, or, when arming, a
 * line with no read function or poll period to fall back on, or no
 * cfg.poll storage.
 * An armed line's posts take the general path (they are counted). */
int pinq_line_trip(pinq_t *q, uint16_t line, uint32_t every, uint32_t window);

/* Move an interrupt line to the poller (true) or back to its interrupt
 * (false, re-enabling it through the port). Main-loop context. */
int pinq_line_set_polled(pinq_t *q, uint16_t line, bool polled);

/* enum pinq_line_state of a line, or PINQ_EINVAL. */
int pinq_line_state(const pinq_t *q, uint16_t line);

/* Timestamp uncertainty of the line's events now: its poll period while it
 * is sampled (PINQ_SRC_POLL or PINQ_LINE_POLLED), 0 for interrupts. */
uint32_t pinq_line_uncertainty(const pinq_t *q, uint16_t line);

/* ---- port hooks (each port implements these) --------------------------- */

pinq_ticks_t pinq_port_now(void);            /* monotonic ticks, ISR-safe */
uint32_t pinq_port_ticks_per_sec(void);      /* tick rate */
void pinq_port_line_enable(pinq_t *q, uint16_t line, bool on); /* mask the source */
/* PINQ_CFG_WAKE 0 ports: sleep until an interrupt is pending or
 * timeout_ms passes. Called with
 * interrupts masked by pinq_irq_save(); must let a pending interrupt wake
 * it (WFI semantics), and return with them masked again. */
void pinq_port_wait(uint32_t timeout_ms);
/* PINQ_DEBUG builds only: true while running in an interrupt handler
 * (a signal handler on POSIX). */
bool pinq_port_in_isr(void);

/* ---- blocking consumers: the hooks of a PINQ_CFG_WAKE port --------------
 *
 * The consumer names itself in q->waiter, then looks for work, then
 * blocks; a producer publishes, then reads q->waiter and wakes whoever is
 * named. Each side orders its store before its load with a full fence, so
 * either the consumer sees the event or the producer sees the consumer:
 * no wake-up is lost (model/pinq_wake.pml checks this). A wake may come
 * late, for a wait already over: the port keeps it pending, the next
 * block returns at once, and pinq_wait()/pinq_pop() look again and block
 * for what is left of their timeout. One consumer per queue. Stop the
 * producers before the consumer task ends: one may still hold its name. */

/* The calling consumer's handle for pinq_port_wake() (its task), never NULL. */
void *pinq_port_waiter(void);
/* Block the calling consumer until pinq_port_wake() names it or
 * timeout_ms passes (a pending wake returns at once and is consumed).
 * Called with interrupts unmasked; may return early. */
void pinq_port_block(pinq_t *q, uint32_t timeout_ms);
/* Wake `waiter`, blocked in pinq_port_block() or about to be. Called by
 * every producer after it queued something while q->waiter was set: from
 * any interrupt that may call pinq (including ones too urgent for the
 * RTOS's API: the port relays those), a task, another core. */
void pinq_port_wake(pinq_t *q, void *waiter);

/* PINQ_DEBUG builds only: called when a calling context breaks the table
 * above (`what` says how). The library's weak default traps; a test or a
 * board may define its own. */
void pinq_debug_violation(const char *what);

/* ---- static definition ------------------------------------------------- */

/* Declare a queue and all its storage with matching sizes, checked at
 * compile time: the line table `line_cfgs` (an array, not a pointer) must
 * have `nlines_` entries and `capacity_` must be a power of two >= 2.
 * Declares name (the pinq_t), name##_state, name##_lost, name##_slots and
 * name##_cfg, a pinq_cfg_t ready for pinq_init(&name, &name##_cfg); set
 * its optional fields (poll, calls, on_event) before that call:
 *
 *     PINQ_DEFINE(q, lines, NLINES, 64, PINQ_SPSC, PINQ_DROP_NEWEST);
 *     PINQ_POLL_STORAGE(q, NLINES);          // only if a line is polled
 *     q_cfg.poll = q_poll;
 *     pinq_init(&q, &q_cfg);
 *
 * Usable at file scope and in a function (the objects are static). */
#define PINQ_DEFINE(name, line_cfgs, nlines_, capacity_, mode_, policy_)                                  \
    _Static_assert(sizeof(line_cfgs) / sizeof((line_cfgs)[0]) == (nlines_),                               \
                   "PINQ_DEFINE: " #line_cfgs " must have " #nlines_ " entries");                          \
    _Static_assert((nlines_) >= 1 && (nlines_) <= PINQ_MAX_LINES, "PINQ_DEFINE: 1 to PINQ_MAX_LINES lines"); \
    _Static_assert((capacity_) >= 2 && ((capacity_) & ((capacity_)-1)) == 0,                              \
                   "PINQ_DEFINE: capacity must be a power of two >= 2");                                   \
    static pinq_line_t name##_state[(nlines_)];                                                           \
    static pinq_lost_t name##_lost[(nlines_)];                                                            \
    static pinq_slot_t name##_slots[(capacity_)];                                                         \
    static pinq_t name;                                                                                   \
    static pinq_cfg_t name##_cfg = {.lines = (line_cfgs),                                                 \
                                    .state = name##_state,                                                \
                                    .nlines = (nlines_),                                                  \
                                    .slots = name##_slots,                                                \
                                    .lost = name##_lost,                                                  \
                                    .capacity = (capacity_),                                              \
                                    .mode = (mode_),                                                      \
                                    .policy = (policy_)}

/* Sampling and storm-guard storage for a PINQ_DEFINE queue: name##_poll. */
#define PINQ_POLL_STORAGE(name, nlines_) static pinq_poll_t name##_poll[(nlines_)]

/* Deferred-call queue storage (pinq_schedule): name##_calls, ncalls_ a
 * power of two. */
#define PINQ_CALL_STORAGE(name, ncalls_)                                                                  \
    _Static_assert((ncalls_) >= 1 && ((ncalls_) & ((ncalls_)-1)) == 0,                                    \
                   "PINQ_CALL_STORAGE: a power of two");                                                  \
    static pinq_call_t name##_calls[(ncalls_)]

#ifdef __cplusplus
}
#endif

#endif /* PINQ_H */
