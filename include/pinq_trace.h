/* pinq_trace.h - trace recorder and exporters: the consumer's event stream,
 * with dispatch and handler times, recorded into caller storage and written
 * out as a Value Change Dump (GTKWave, PulseView), as a binary dump for a
 * host to convert, or (host builds with cJSON) as Chrome/Perfetto
 * trace-event JSON (ui.perfetto.dev). docs/trace.md has the formats.
 *
 * The recorder is a pinq_observe_fn: set cfg.observe = pinq_trace_observe
 * and cfg.observe_ctx = &trace, and every event pinq_dispatch() or
 * pinq_pop() takes becomes one record. Engine events that never pass the
 * core's dispatcher (the storm guard's STORM and CALM, pinq_input.h) are
 * recorded by handing them to pinq_trace_note() from the engine's emit.
 * A full buffer keeps the first or the last records and counts the rest:
 * every export says how many records it lacks. No heap; the recorder and
 * the VCD and dump writers build on every port. */
#ifndef PINQ_TRACE_H
#define PINQ_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "pinq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where a record came from (pinq_trace_rec.origin). */
enum pinq_trace_origin {
    PINQ_TRACE_CORE = 0, /* the observer: an event the consumer took, with its handler's span */
    PINQ_TRACE_NOTE = 1  /* pinq_trace_note(): an engine event, taken == done == its ts */
};

#define PINQ_TRACE_NO_STATE 0xFFu /* pinq_trace_rec.state of a line id the queue does not have */

/* One recorded event: 40 bytes. */
typedef struct pinq_trace_rec {
    pinq_event_t ev;     /* the event as the consumer got it */
    pinq_ticks_t taken;  /* port ticks when the dispatcher took it */
    pinq_ticks_t done;   /* port ticks when its handler returned (pinq_pop(): == taken) */
    uint32_t depth;      /* events still queued when it was recorded */
    uint8_t state;       /* enum pinq_line_state of ev.line then, or PINQ_TRACE_NO_STATE */
    uint8_t origin;      /* enum pinq_trace_origin */
    uint16_t spare;      /* zero */
} pinq_trace_rec_t;

/* What a full buffer does with one more record; either way it is counted
 * in `lost` and the exports say so. */
enum pinq_trace_mode {
    PINQ_TRACE_KEEP_FIRST = 0, /* linear: later records are refused */
    PINQ_TRACE_KEEP_LAST = 1   /* ring: the oldest record is overwritten */
};

/* A recorder over caller storage (pinq_trace_init()). Consumer context only. */
typedef struct pinq_trace {
    pinq_trace_rec_t *recs; /* cap records */
    uint32_t cap;           /* capacity in records */
    uint32_t first;         /* index of the oldest record kept */
    uint32_t kept;          /* records kept, <= cap */
    uint32_t lost;          /* records not kept (saturates at UINT32_MAX) */
    uint8_t mode;           /* enum pinq_trace_mode */
    const pinq_t *q;        /* queue whose depth and line states are read; may be NULL */
} pinq_trace_t;

/* Set up a recorder over recs[cap] for queue q (q may be NULL: depth 0 and
 * no line state). PINQ_EINVAL for NULL t or recs, cap 0, a bad mode. */
int pinq_trace_init(pinq_trace_t *t, pinq_trace_rec_t *recs, uint32_t cap, uint8_t mode, const pinq_t *q);

/* The observer (pinq_observe_fn); ctx is the pinq_trace_t. */
void pinq_trace_observe(const pinq_event_t *ev, pinq_ticks_t taken, pinq_ticks_t done, void *ctx);

/* Record an engine event (STORM, CALM, or any kind from PINQ_EV_USER up)
 * at its own ts. Call it from the engine's emit, in consumer context. */
void pinq_trace_note(pinq_trace_t *t, const pinq_event_t *ev);

/* Records kept. */
uint32_t pinq_trace_count(const pinq_trace_t *t);
/* The i-th oldest record kept (NULL past the end). */
const pinq_trace_rec_t *pinq_trace_at(const pinq_trace_t *t, uint32_t i);

/* Forget every record and the lost count. */
void pinq_trace_clear(pinq_trace_t *t);

/* The earliest tick in the trace (event stamps, taken, done; a RESYNC
 * with PINQ_FLAG_NO_TS has no stamp): time 0 of the JSON export, one tick
 * after time 0 of the VCD. 0 for an empty trace. */
pinq_ticks_t pinq_trace_origin(const pinq_trace_t *t);

/* ---- export ------------------------------------------------------------ */

/* Where an export goes: write(buf, len, ctx) returns 0, or nonzero to stop
 * the export (which then returns PINQ_ESYS). A file, semihosting, a UART. */
typedef int (*pinq_trace_write_fn)(const void *buf, size_t len, void *ctx);

/* How to export: the sink and what a trace does not know itself. */
typedef struct pinq_trace_out {
    pinq_trace_write_fn write; /* the sink */
    void *ctx;                 /* passed to write */
    uint32_t tps;              /* pinq_port_ticks_per_sec() of the recording, > 0 */
    uint16_t nlines;           /* lines of the queue, 1..PINQ_TRACE_VCD_MAX_LINES for the VCD */
    const char *const *names;  /* nlines line names, or NULL for "line0", "line1", ... */
} pinq_trace_out_t;

/* Lines a VCD export can draw: its writer keeps 2 bytes per line on the stack. */
#ifndef PINQ_TRACE_VCD_MAX_LINES
#define PINQ_TRACE_VCD_MAX_LINES 64
#endif

/* The trace as a VCD, streamed through out->write: per line its level,
 * its handler's span, whether it is polled, its storm state and a RESYNC
 * marker, plus a trace_lost wire; the timescale is the coarsest power of
 * ten no longer than a tick. docs/trace.md lists the signals. Returns
 * PINQ_OK, PINQ_EINVAL (bad arguments, a record's line >= nlines), PINQ_ENOTSUP
 * (nlines > PINQ_TRACE_VCD_MAX_LINES) or PINQ_ESYS (write failed). */
int pinq_trace_vcd(const pinq_trace_t *t, const pinq_trace_out_t *out);

/* The trace as a binary dump (little-endian header and 40-byte records,
 * docs/trace.md), for pinq_trace_load() on a host. Names are not dumped. */
int pinq_trace_dump(const pinq_trace_t *t, const pinq_trace_out_t *out);

#define PINQ_TRACE_DUMP_HEADER 32u /* bytes of a dump's header */
#define PINQ_TRACE_DUMP_RECORD 40u /* bytes of one record in a dump */

/* Read a dump of len bytes into recs[cap] and set up *t over them (t->q
 * NULL), with the dump's tick rate and line count in *tps and *nlines.
 * PINQ_EINVAL for a malformed or truncated dump, or more records than cap. */
int pinq_trace_load(pinq_trace_t *t, pinq_trace_rec_t *recs, uint32_t cap, const void *buf, size_t len,
                    uint32_t *tps, uint16_t *nlines);

/* Host builds with cJSON (the pinq_trace_json library): the trace as
 * Chrome/Perfetto trace-event JSON, one track per line with its handler
 * spans, a "queue depth" counter track, instant markers for RESYNC,
 * STORM/CALM and a lost-records warning. Exact ticks ride in each event's
 * args. PINQ_OK, PINQ_EINVAL, PINQ_ESYS (write or out of memory). */
int pinq_trace_json(const pinq_trace_t *t, const pinq_trace_out_t *out);

/* Short name of an event kind as the exports print it ("RISE", "STORM",
 * "USER+12"); buf holds at least 16 bytes and is returned. */
const char *pinq_trace_kind_name(uint8_t kind, char *buf);

#ifdef __cplusplus
}
#endif

#endif /* PINQ_TRACE_H */
