/* fuzz_sr_file.h - what the .sr fuzzers share: the one temporary file
 * they rewrite for every input (libsigrok reads sessions from files only),
 * in a directory of its own removed at exit, and the verdict on loading
 * it: a capture that keeps capture.h's promises, or a "path: " message. */
#ifndef PINQ_FUZZ_SR_FILE_H
#define PINQ_FUZZ_SR_FILE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "capture_check.h"

static char fuzz_dir[64], fuzz_path[80];

static void fuzz_tmp_cleanup(void)
{
    unlink(fuzz_path);
    rmdir(fuzz_dir);
}

/* The file's path, made on first use under $TMPDIR (tag names the
 * directory); NULL if it cannot be made. */
static const char *fuzz_tmp_path(const char *tag)
{
    if (fuzz_path[0])
        return fuzz_path;
    const char *tmp = getenv("TMPDIR");
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/%s.XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp", tag);
    if (!mkdtemp(fuzz_dir))
        return NULL;
    snprintf(fuzz_path, sizeof fuzz_path, "%s/in.sr", fuzz_dir);
    atexit(fuzz_tmp_cleanup);
    return fuzz_path;
}

/* Load path; abort (the fuzzer's crash) on a broken promise. */
static void fuzz_load_check(const char *path)
{
    capture_t *c = NULL;
    char err[512];
    if (capture_load(path, &c, err, sizeof err) == 0) {
        if (!c || capture_check(c))
            abort();
        capture_free(c);
    } else if (c || strncmp(err, path, strlen(path)) != 0) {
        abort();
    }
}

#endif
