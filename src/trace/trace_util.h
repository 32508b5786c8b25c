/* trace_util.h - what the trace writers share: decimal numbers without
 * printf (newlib's may reach for the heap on a target) and the kind test
 * that splits records into edges, RESYNCs and engine notes. */
#ifndef PINQ_TRACE_UTIL_H
#define PINQ_TRACE_UTIL_H

#include <stdbool.h>

#include "pinq_trace.h"

/* Longest decimal uint64_t, with its NUL. */
#define TRACE_U64_CHARS 21

/* v in decimal into buf (TRACE_U64_CHARS bytes); returns the length. */
static inline unsigned trace_u64(uint64_t v, char *buf)
{
    char tmp[TRACE_U64_CHARS];
    unsigned n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    for (unsigned i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return n;
}

/* An edge the consumer took: it sets a line's level. */
static inline bool trace_is_edge(const pinq_trace_rec_t *r)
{
    return r->origin == PINQ_TRACE_CORE && r->ev.kind <= PINQ_EV_LEVEL;
}

/* A RESYNC the consumer took. */
static inline bool trace_is_resync(const pinq_trace_rec_t *r)
{
    return r->origin == PINQ_TRACE_CORE && r->ev.kind == PINQ_EV_RESYNC;
}

/* The record's time on the ISR timeline: its event's stamp, or for a
 * RESYNC with no stamp, `floor` (the time before it). */
static inline pinq_ticks_t trace_stamp(const pinq_trace_rec_t *r, pinq_ticks_t floor)
{
    if (trace_is_resync(r) && (r->ev.level & PINQ_FLAG_NO_TS))
        return floor;
    return r->ev.ts;
}

#endif
