/* fuzz_vcd.c - libFuzzer target for the VCD reader: any bytes either load
 * into a capture that keeps capture.h's promises or are refused with a
 * "name:line: " message; no crash, leak or sanitizer report. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "capture_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    capture_t *c = NULL;
    char err[256];
    memset(err, 'x', sizeof err);
    if (capture_load_vcd_mem((const char *)data, size, "in.vcd", &c, err, sizeof err) == 0) {
        if (!c || capture_check(c))
            abort();
        capture_free(c);
    } else if (c || strncmp(err, "in.vcd:", 7) != 0 || !memchr(err, '\0', sizeof err)) {
        abort();
    }
    return 0;
}
