/* fuzz_sr.c - libFuzzer target for .sr loading. libsigrok reads sessions
 * only from a named file, so each input is written to a temporary file
 * and loaded through capture_load(), libsigrok and all: the result is a
 * capture that keeps capture.h's promises or a "path: " message. libsigrok
 * is not instrumented, so coverage guidance sees only our reader; the
 * seeds are the small real captures. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "capture_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], path[80];

static void cleanup(void)
{
    unlink(path);
    rmdir(dir);
}

/* One temporary file for the whole run, rewritten per input. */
static int tmpfile_once(void)
{
    if (path[0])
        return 0;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/fuzz_sr.XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/in.sr", dir);
    atexit(cleanup);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (tmpfile_once())
        abort();
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f))
        abort();
    capture_t *c = NULL;
    char err[512];
    if (capture_load(path, &c, err, sizeof err) == 0) {
        if (!c || capture_check(c))
            abort();
        capture_free(c);
    } else if (c || strncmp(err, path, strlen(path)) != 0) {
        abort();
    }
    return 0;
}
