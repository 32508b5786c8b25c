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

#include "fuzz_sr_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_tmp_path("fuzz_sr");
    if (!path)
        abort();
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f))
        abort();
    fuzz_load_check(path);
    return 0;
}
