/* capture_info.c - prints what a capture holds: rate, length, and per
 * channel its initial level and edge count. For looking at a capture by
 * hand and for the command-line tests. */
#include <inttypes.h>
#include <stdio.h>

#include "capture.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: capture-info FILE.sr|FILE.vcd...\n");
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        capture_t *c;
        char err[512];
        if (capture_load(argv[i], &c, err, sizeof err)) {
            fprintf(stderr, "capture-info: %s\n", err);
            rc = 1;
            continue;
        }
        printf("%s: %" PRIu64 " Hz, %" PRIu64 " samples\n", argv[i], capture_samplerate(c),
               capture_samples(c));
        for (int ch = 0; ch < capture_channel_count(c); ch++) {
            size_t n;
            uint8_t init;
            capture_edges(c, ch, &n, &init);
            printf("  %d '%s': initial %u, %zu edges\n", ch, capture_channel_name(c, ch), init, n);
        }
        capture_free(c);
    }
    return rc;
}
