/* fuzz_sr_session.c - libFuzzer target for .sr loading below the zip
 * layer. Raw bytes (fuzz_sr) rarely survive the zip's checksums, so here
 * the input is a session's parts and this harness zips them with libzip:
 * the metadata text, then (after a line "--logic-1-1--") the logic data.
 * libsigrok then parses metadata the fuzzer chose - channel names, unit
 * size, channel counts, rates - and feeds data of any length to our
 * reader. Same verdict as fuzz_sr: a capture that keeps capture.h's
 * promises or a "path: " message. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "fuzz_sr_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char SEP[] = "\n--logic-1-1--\n";

static int add(zip_t *z, const char *name, const void *buf, size_t len)
{
    zip_source_t *s = zip_source_buffer(z, buf, len, 0);
    if (s && zip_file_add(z, name, s, ZIP_FL_OVERWRITE) >= 0)
        return 0;
    zip_source_free(s);
    return -1;
}

/* The session as libsigrok writes it: "version", "metadata", "logic-1-1"
 * (left out when the input has no separator). */
static void write_session(const char *path, const uint8_t *data, size_t size)
{
    const uint8_t *sep = NULL;
    for (size_t i = 0; i + sizeof SEP - 1 <= size && !sep; i++)
        if (memcmp(data + i, SEP, sizeof SEP - 1) == 0)
            sep = data + i;
    size_t mlen = sep ? (size_t)(sep - data) : size;
    int ze;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!z || add(z, "version", "2", 1) || add(z, "metadata", data, mlen) ||
        (sep && add(z, "logic-1-1", sep + sizeof SEP - 1, size - mlen - (sizeof SEP - 1))) ||
        zip_close(z))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_tmp_path("fuzz_srs");
    if (!path)
        abort();
    write_session(path, data, size);
    fuzz_load_check(path);
    return 0;
}
