/* replay_frames.h - what a decoder reported during a replay, as text
 * (tests/decode/frame_text.h's form) stamped with the frame's start, and
 * the comparison of a run's frames with an ideal run's: the measure of a
 * delivery model (frames agreeing / ideal frames) and the check that a
 * degraded pipeline never reports a frame the signal did not carry. */
#ifndef REPLAY_FRAMES_H
#define REPLAY_FRAMES_H

#include <stddef.h>
#include <stdio.h>

#include "pinq.h"

#define REPLAY_TEXT 128

typedef struct replay_frame {
    pinq_ticks_t ts;         /* the frame's start, as its decoder stamps it */
    char text[REPLAY_TEXT];
} replay_frame_t;

typedef struct replay_frames {
    replay_frame_t *f;
    size_t n, cap;
} replay_frames_t;

/* Appends a frame (exits on out of memory: a host tool). */
void replay_frames_add(replay_frames_t *fs, pinq_ticks_t ts, const char *text);
void replay_frames_free(replay_frames_t *fs);

typedef struct replay_agreement {
    size_t ideal; /* frames of the ideal run */
    size_t got;   /* frames of the run compared */
    size_t agree;   /* frames of the run equal to an ideal frame, each ideal frame used once */
    size_t partial; /* frames that say less than an ideal frame and nothing else: a DCF77 second whose place
                     * in the minute was lost with the edges before it ("bit ?=1" for "bit 17=1") */
    size_t wrong;   /* frames of the run that match no ideal frame: the pipeline reported a frame the signal
                     * did not carry */
} replay_agreement_t;

/* Adds to *a the comparison of `got` with `ideal`: a frame agrees with an
 * unused ideal frame of the same text whose start lies within `tol` ticks
 * of its own (a delivery model delays stamps, never advances them), or is
 * partial where only its unknown place differs. Frames are taken in order,
 * each the earliest candidate. Each wrong frame is also listed on `wrong`,
 * if not NULL. */
void replay_agree(const replay_frames_t *ideal, const replay_frames_t *got, pinq_ticks_t tol,
                  replay_agreement_t *a, FILE *wrong);

/* agree / ideal, in 0..1; 1 when the ideal run has no frame. */
double replay_success(const replay_agreement_t *a);

#endif
