/* capture_check.h - capture.h's promises checked from outside, for the
 * tests and the fuzzers: a reader that breaks one is a bug. */
#ifndef PINQ_REPLAY_CAPTURE_CHECK_H
#define PINQ_REPLAY_CAPTURE_CHECK_H

#include "capture.h"

/* NULL if c keeps every promise of capture.h, else the first one broken. */
const char *capture_check(const capture_t *c);

#endif
