/* sim_progress.c - the status line: on a terminal one line rewritten in
 * place, elsewhere (a log) whole lines; at most one a second either way. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, fileno */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"
#include "sim_progress.h"

#define AUTO_AFTER 2.0 /* seconds of work before AUTO speaks */
#define EVERY 1.0      /* seconds between two lines */

static struct {
    enum sim_progress_mode mode;
    double start, last; /* wall clock: first stage, last line printed */
    bool open;          /* a terminal line without its newline */
    char scope[200], stage[200];
} P = {.last = -1e9};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void show(const char *line)
{
    if (isatty(fileno(stderr))) {
        fprintf(stderr, "\r\033[Kpinq-sim: %s: %s", P.scope, line);
        P.open = true;
    } else {
        fprintf(stderr, "pinq-sim: %s: %s\n", P.scope, line);
    }
    fflush(stderr);
    P.last = now_s();
}

void sim_progress_mode(enum sim_progress_mode mode)
{
    P.mode = mode;
    P.start = now_s();
}

void sim_progress_scope(const char *scope)
{
    snprintf(P.scope, sizeof P.scope, "%s", scope);
}

void sim_progress_stage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(P.stage, sizeof P.stage, fmt, ap);
    va_end(ap);
    double t = now_s();
    if (P.mode == SIM_PROGRESS_ALWAYS || (P.mode == SIM_PROGRESS_AUTO && t - P.start >= AUTO_AFTER &&
                                          t - P.last >= EVERY))
        show(P.stage);
}

void sim_progress_tick(simt now, simt end)
{
    if (P.mode == SIM_PROGRESS_NEVER)
        return;
    double t = now_s();
    if (t - P.last < EVERY || (P.mode == SIM_PROGRESS_AUTO && t - P.start < AUTO_AFTER))
        return;
    char line[300], a[24], b[24];
    snprintf(line, sizeof line, "%s: simulated %s of %s (%.0f%%)", P.stage, sim_fmt_time(now, a, sizeof a),
             sim_fmt_time(end, b, sizeof b), 100.0 * (double)now / (double)end);
    show(line);
}

void sim_progress_done(void)
{
    if (P.open) /* erased, so that what stdout prints next starts a clean line */
        fputs("\r\033[K", stderr);
    P.open = false;
}
