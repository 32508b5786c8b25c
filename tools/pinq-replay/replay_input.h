/* replay_input.h - a capture's channels as the lines of a replay (replay.h):
 * edges in ticks from the capture's start, and the defaults a capture's
 * MANIFEST.tsv row gives (protocol, channel). */
#ifndef REPLAY_INPUT_H
#define REPLAY_INPUT_H

#include <stddef.h>

#include "capture.h"
#include "replay.h"

/* Sample `s` at `rate` Hz in ticks, rounded to the nearest. */
pinq_ticks_t replay_ticks(uint64_t s, uint64_t rate);

/* Lines from channels "NAME", or "A+B" for an encoder's two phases (a name
 * that exists as it stands is never split); NULL takes a capture's only
 * channel. On error returns -1 with a message naming the channels. */
int replay_input_load(const capture_t *c, const char *channels, replay_input_t *in, char *err, size_t len);
void replay_input_free(replay_input_t *in);

/* The capture at `path` as lines: `channels`, or those of its MANIFEST.tsv
 * row when NULL. 0, or -1 with a message. */
int replay_input_open(const char *path, const char *channels, replay_input_t *in, char *err, size_t len);

typedef struct replay_manifest_row {
    char protocol[32];
    char channel[128];
} replay_manifest_row_t;

/* The row of MANIFEST.tsv (`manifest`, or NULL: the one in the capture's
 * folder or the folder above it) whose path names `capture` (its .sr, or
 * another file of the same name: the .vcd export). 1: found; 0: no
 * manifest, or no row; -1: `manifest` was named and cannot be read. */
int replay_manifest_find(const char *capture, const char *manifest, replay_manifest_row_t *row, char *err,
                         size_t len);

#endif
