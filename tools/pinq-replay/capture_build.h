/* capture_build.h - what the readers (capture_sr.c, capture_vcd.c) use to
 * fill a capture_t; not part of the public API (capture.h). The builder
 * checks the invariants capture.h promises, so a reader cannot hand out a
 * capture that breaks them. */
#ifndef PINQ_REPLAY_CAPTURE_BUILD_H
#define PINQ_REPLAY_CAPTURE_BUILD_H

#include "capture.h"

/* Outcome of a builder call that can fail for more than one reason. */
enum capture_status {
    CAPTURE_OK = 0,
    CAPTURE_ENOMEM,
    CAPTURE_EDUP,
    CAPTURE_ELIMIT,
    CAPTURE_EORDER,
};

/* Channels per capture: far above any logic analyzer's, and low enough
 * that the linear name checks stay cheap on hostile input. */
#define CAPTURE_MAX_CHANNELS 4096

/* An empty capture (no channels, rate and length 0), or NULL. */
capture_t *capture_new(void);

/* Adds a channel named by the len bytes at name (copied) with the given
 * level at sample 0; its id is the previous channel count.
 * CAPTURE_EDUP: a channel of that name exists; CAPTURE_ELIMIT: there are
 * CAPTURE_MAX_CHANNELS already. */
enum capture_status capture_add_channel(capture_t *c, const char *name, size_t len,
                                        uint8_t initial);

/* The channel's current level: the initial one or that of its last edge. */
uint8_t capture_level(const capture_t *c, int ch);

/* Records that channel ch reads level from sample on. A level equal to the
 * current one is no edge and is ignored. CAPTURE_EORDER: sample is 0 or not
 * after the channel's last edge. */
enum capture_status capture_push_edge(capture_t *c, int ch, uint64_t sample, uint8_t level);

/* Sets the rate and length; returns -1 (and changes nothing) if either is 0
 * or an edge lies at or beyond samples. */
int capture_finish(capture_t *c, uint64_t samplerate, uint64_t samples);

/* Writes the printf-style message to err (if errlen > 0) and returns -1,
 * so a reader can `return capture_err(...)`. */
int capture_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* NULL if the session file at path may go to libsigrok, else why not:
 * limits that keep libsigrok 0.5.2 from hanging on hostile metadata. */
const char *capture_sr_screen(const char *path);

/* The readers behind capture_load(). */
int capture_load_sr(const char *path, capture_t **out, char *err, size_t errlen);
int capture_load_vcd(const char *path, capture_t **out, char *err, size_t errlen);

#endif
