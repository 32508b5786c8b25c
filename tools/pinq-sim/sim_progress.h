/* sim_progress.h - a status line on stderr while pinq-sim works, so that a
 * long run is not a silent one. stdout never sees it. */
#ifndef SIM_PROGRESS_H
#define SIM_PROGRESS_H

#include "sim_rng.h"

enum sim_progress_mode {
    SIM_PROGRESS_NEVER,  /* the library's default: tests and benches stay quiet */
    SIM_PROGRESS_AUTO,   /* once the work has taken 2 s of wall time */
    SIM_PROGRESS_ALWAYS, /* every stage, from the start */
};

void sim_progress_mode(enum sim_progress_mode mode);
/* Named before every stage: the scenario file being worked on. */
void sim_progress_scope(const char *scope);
/* What is being worked on ("scenarios/1.ini", "isr (2/4)"); printed at
 * once in ALWAYS mode. printf-style. */
__attribute__((format(printf, 1, 2))) void sim_progress_stage(const char *fmt, ...);
/* Called by the engine every so many steps: simulated time reached. */
void sim_progress_tick(simt now, simt end);
/* Erases a status line left on a terminal: call before printing to stdout. */
void sim_progress_done(void);

#endif
