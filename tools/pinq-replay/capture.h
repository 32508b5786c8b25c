/* capture.h - logic-analyzer captures as per-channel edge lists, read from
 * a sigrok session (.sr, through libsigrok) or a VCD export (.vcd, our own
 * strict parser). A host tool: it uses the heap, not the pinq core.
 *
 * A capture has a sample rate, a length in samples and named 1-bit
 * channels. Each channel is its level at sample 0 plus the samples where
 * the level changes: an edge at sample s with level L means samples s-1
 * and s differ and sample s reads L. Edges are strictly increasing in
 * sample, alternate in level (the first differs from the initial level)
 * and lie in 1 .. samples-1.
 *
 * The .sr reader keeps one libsigrok context for the process (made on
 * first use, released at exit) and takes over libsigrok's log to put its
 * last error into our messages: load captures from one thread at a time.
 * Pointer arguments must be valid unless a function says otherwise. */
#ifndef PINQ_REPLAY_CAPTURE_H
#define PINQ_REPLAY_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

typedef struct capture_edge {
    uint64_t sample; /* first sample at the new level */
    uint8_t level;   /* 0 or 1: the level after the edge */
} capture_edge_t;

typedef struct capture capture_t; /* opaque: build one with capture_load() */

/* Loads path by its extension: ".sr" (sigrok session, read by libsigrok)
 * or ".vcd" (Value Change Dump; capture_vcd.c documents the accepted
 * subset, the sample rate and the timescale). On success stores a new
 * capture in *out and returns 0. On failure returns -1, leaves *out NULL
 * and writes a NUL-terminated "file:line: reason" (VCD) or "file: reason"
 * message to err (truncated to errlen; err may be NULL when errlen is 0).
 * Malformed input of any kind is refused, never undefined behaviour. */
int capture_load(const char *path, capture_t **out, char *err, size_t errlen);

/* Same for a VCD already in memory (need not be NUL-terminated). name
 * prefixes the messages. For callers that do not read from a file, and
 * the fuzzer. */
int capture_load_vcd_mem(const char *buf, size_t len, const char *name, capture_t **out,
                         char *err, size_t errlen);

/* Sample rate in Hz (> 0) and length in samples (> 0). */
uint64_t capture_samplerate(const capture_t *c);
uint64_t capture_samples(const capture_t *c);

/* Number of channels (> 0); channel ids are 0 .. count-1, in the file's
 * order: libsigrok's channel index for .sr (enabled logic channels only),
 * declaration order for VCD. */
int capture_channel_count(const capture_t *c);

/* The channel's name, valid until capture_free(); NULL if ch is out of
 * range. Names are unique within a capture. */
const char *capture_channel_name(const capture_t *c, int ch);

/* The id of the channel called exactly name (spaces and case count), or -1. */
int capture_channel(const capture_t *c, const char *name);

/* The channel's edges (*n of them, valid until capture_free()) and, if
 * initial is not NULL, its level at sample 0. Returns NULL with *n = 0 for
 * a channel that never changes, and for ch out of range (then *initial is
 * left alone). */
const capture_edge_t *capture_edges(const capture_t *c, int ch, size_t *n, uint8_t *initial);

/* Frees c and everything it owns; NULL is allowed. */
void capture_free(capture_t *c);

#endif
