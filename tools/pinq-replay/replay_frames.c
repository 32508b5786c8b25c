/* replay_frames.c - frame lists and their comparison with an ideal run. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay_frames.h"

void replay_frames_add(replay_frames_t *fs, pinq_ticks_t ts, const char *text)
{
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? 2 * fs->cap : 64;
        fs->f = realloc(fs->f, fs->cap * sizeof *fs->f);
        if (!fs->f) {
            fputs("pinq-replay: out of memory\n", stderr);
            exit(1);
        }
    }
    replay_frame_t *f = &fs->f[fs->n++];
    f->ts = ts;
    snprintf(f->text, sizeof f->text, "%s", text);
}

void replay_frames_free(replay_frames_t *fs)
{
    free(fs->f);
    *fs = (replay_frames_t){0};
}

static pinq_ticks_t distance(pinq_ticks_t a, pinq_ticks_t b)
{
    return a > b ? a - b : b - a;
}

/* "DCF77 bit ?=1" says what "DCF77 bit 17=1" says, less the place. */
static bool place_unknown(const char *ideal, const char *got)
{
    static const char bit[] = "DCF77 bit ";
    size_t n = sizeof bit - 1;
    if (strncmp(ideal, bit, n) || strncmp(got, bit, n) || strncmp(got + n, "?=", 2))
        return false;
    const char *eq = strchr(ideal + n, '=');
    return eq && strcmp(eq, got + n + 1) == 0;
}

/* The earliest unused ideal frame that `g` matches (*partial: without its
 * place), or -1. */
static long match(const replay_frames_t *ideal, const unsigned char *used, const replay_frame_t *g,
                  pinq_ticks_t tol, bool *partial)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < ideal->n; i++) {
            const replay_frame_t *f = &ideal->f[i];
            if (used[i] || distance(f->ts, g->ts) > tol)
                continue;
            if (pass ? place_unknown(f->text, g->text) : strcmp(f->text, g->text) == 0)
                return (*partial = pass), (long)i;
        }
    }
    return -1;
}

void replay_agree(const replay_frames_t *ideal, const replay_frames_t *got, pinq_ticks_t tol,
                  replay_agreement_t *a, FILE *wrong)
{
    unsigned char *used = calloc(ideal->n + 1, 1);
    if (!used) {
        fputs("pinq-replay: out of memory\n", stderr);
        exit(1);
    }
    a->ideal += ideal->n;
    a->got += got->n;
    for (size_t j = 0; j < got->n; j++) {
        bool partial = false;
        long i = match(ideal, used, &got->f[j], tol, &partial);
        if (i < 0) {
            a->wrong++;
            if (wrong)
                fprintf(wrong, "  %12.6f  %s  WRONG: no such frame in the ideal run\n",
                        (double)got->f[j].ts / 1e9, got->f[j].text);
            continue;
        }
        used[i] = 1;
        a->agree += !partial;
        a->partial += partial;
    }
    free(used);
}

double replay_success(const replay_agreement_t *a)
{
    return a->ideal ? (double)a->agree / (double)a->ideal : 1.0;
}
