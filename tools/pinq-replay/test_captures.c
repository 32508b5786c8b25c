/* test_captures.c - the readers against the real captures of MANIFEST.tsv.
 * Per capture: the .sr and the .vcd both load and keep capture.h's
 * promises; both have MANIFEST's sample rate, the same length (which is
 * MANIFEST's duration) and the same channel names; the decoded channel
 * exists and its .sr edge count is MANIFEST's `edges` (level changes after
 * sample 0); every channel's edges agree between .sr and .vcd, except the
 * known exporter defect (a VCD channel that is not libsigrok index 0 is
 * constant where the .sr is not), which is reported; the expected
 * decoder output's sample numbers lie inside the capture.
 *
 *   test_captures DIR MANIFEST [PATH.sr...]   (PATHs as in MANIFEST; all if none) */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "capture_check.h"
#include "check.h"

enum { COL_PATH, COL_PROTO, COL_CHANNEL, COL_RATE, COL_EDGES, COL_DURATION, NCOLS };

typedef struct row {
    char *col[NCOLS];
} row_t;

static const char *dir;

static capture_t *load(const char *rel, const char *ext)
{
    char path[4096], err[512];
    capture_t *c = NULL;
    snprintf(path, sizeof path, "%s/%.*s%s", dir, (int)(strlen(rel) - 3), rel, ext);
    if (capture_load(path, &c, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        CHECK(c != NULL);
        return NULL;
    }
    const char *why = capture_check(c);
    if (why)
        fprintf(stderr, "%s: %s\n", path, why);
    CHECK(why == NULL);
    return c;
}

static int same_edges(const capture_t *a, int cha, const capture_t *b, int chb)
{
    size_t na, nb;
    uint8_t ia, ib;
    const capture_edge_t *ea = capture_edges(a, cha, &na, &ia);
    const capture_edge_t *eb = capture_edges(b, chb, &nb, &ib);
    if (ia != ib || na != nb)
        return 0;
    for (size_t i = 0; i < na; i++)
        if (ea[i].sample != eb[i].sample || ea[i].level != eb[i].level)
            return 0;
    return 1;
}

/* Compares one channel; returns 1 if the VCD shows the exporter defect. */
static int compare_channel(const char *rel, const capture_t *sr, const capture_t *vcd, int ch)
{
    const char *name = capture_channel_name(sr, ch);
    int vch = capture_channel(vcd, name);
    CHECK(vch >= 0);
    if (vch < 0 || same_edges(sr, ch, vcd, vch))
        return 0;
    size_t nsr, nvcd;
    capture_edges(sr, ch, &nsr, NULL);
    capture_edges(vcd, vch, &nvcd, NULL);
    if (ch != 0 && nvcd == 0) {
        printf("VCD exporter defect: %s channel '%s' is constant in the .vcd, has %zu edges in "
               "the .sr\n", rel, name, nsr);
        return 1;
    }
    fprintf(stderr, "%s: channel '%s' differs: %zu edges in the .sr, %zu in the .vcd\n", rel,
            name, nsr, nvcd);
    CHECK(0);
    return 0;
}

/* Every annotation "start-end decoder: text" lies within the capture. */
static void check_expected(const char *rel, uint64_t samples)
{
    char path[4096], line[4096];
    snprintf(path, sizeof path, "%s/%.*s.expected.txt", dir, (int)(strlen(rel) - 3), rel);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f)
        return;
    unsigned long lines = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        uint64_t a, b;
        lines++;
        if (sscanf(line, "%" SCNu64 "-%" SCNu64, &a, &b) != 2 || a > b || b > samples)
            bad++;
    }
    fclose(f);
    if (bad)
        fprintf(stderr, "%s: %lu of %lu annotations outside 0..%" PRIu64 "\n", path, bad, lines,
                samples);
    CHECK_EQ(bad, 0);
}

/* MANIFEST's channel and edges columns: "IR" / "492", or "0+1" / "508+508". */
static void check_decoded(const row_t *r, const capture_t *sr, const capture_t *vcd)
{
    char names[256], counts[256], *sn, *sc;
    snprintf(names, sizeof names, "%s", r->col[COL_CHANNEL]);
    snprintf(counts, sizeof counts, "%s", r->col[COL_EDGES]);
    char *name = strtok_r(names, "+", &sn), *count = strtok_r(counts, "+", &sc);
    for (; name; name = strtok_r(NULL, "+", &sn), count = strtok_r(NULL, "+", &sc)) {
        int ch = capture_channel(sr, name);
        CHECK(ch >= 0);
        CHECK(capture_channel(vcd, name) >= 0);
        CHECK(count != NULL);
        if (ch < 0 || !count)
            return;
        size_t n;
        capture_edges(sr, ch, &n, NULL);
        if (n != strtoull(count, NULL, 10))
            fprintf(stderr, "%s: '%s' has %zu edges, MANIFEST says %s\n", r->col[COL_PATH], name,
                    n, count);
        CHECK_EQ(n, strtoull(count, NULL, 10));
    }
    CHECK(count == NULL);
}

static void check_row(const row_t *r)
{
    const char *rel = r->col[COL_PATH];
    capture_t *sr = load(rel, ".sr"), *vcd = load(rel, ".vcd");
    if (!sr || !vcd) {
        capture_free(sr);
        capture_free(vcd);
        return;
    }
    double rate = strtod(r->col[COL_RATE], NULL), dur = strtod(r->col[COL_DURATION], NULL);
    CHECK_EQ(capture_samplerate(sr), (uint64_t)rate);
    CHECK_EQ(capture_samplerate(vcd), (uint64_t)rate);
    CHECK_EQ(capture_samples(sr), capture_samples(vcd));
    CHECK(fabs((double)capture_samples(sr) / rate - dur) < 1e-6);
    CHECK_EQ(capture_channel_count(sr), capture_channel_count(vcd));
    check_decoded(r, sr, vcd);
    int defects = 0;
    for (int ch = 0; ch < capture_channel_count(sr); ch++)
        defects += compare_channel(rel, sr, vcd, ch);
    check_expected(rel, capture_samples(sr));
    printf("%s: %" PRIu64 " Hz, %" PRIu64 " samples, %d channels, %s\n", rel,
           capture_samplerate(sr), capture_samples(sr), capture_channel_count(sr),
           defects ? "VCD DEFECT (see above)" : ".sr and .vcd agree");
    capture_free(sr);
    capture_free(vcd);
}

/* Splits a MANIFEST line in place; 0 if it has too few columns. */
static int split(char *line, row_t *r)
{
    line[strcspn(line, "\r\n")] = '\0';
    char *s = line;
    for (int i = 0; i < NCOLS; i++) {
        r->col[i] = s;
        s = strchr(s, '\t');
        if (!s)
            return i == NCOLS - 1;
        *s++ = '\0';
    }
    return 1;
}

static int wanted(const char *path, int argc, char **argv, int *seen)
{
    if (argc == 0)
        return 1;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], path) == 0) {
            seen[i] = 1;
            return 1;
        }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_captures DIR MANIFEST [PATH.sr...]\n");
        return 2;
    }
    dir = argv[1];
    FILE *f = fopen(argv[2], "r");
    CHECK(f != NULL);
    int *seen = calloc((size_t)argc, sizeof *seen);
    char line[8192];
    int rows = 0;
    for (int first = 1; f && fgets(line, sizeof line, f); first = 0) {
        row_t r;
        if (first || !split(line, &r) || !wanted(r.col[COL_PATH], argc - 3, argv + 3, seen))
            continue;
        check_row(&r);
        rows++;
    }
    for (int i = 0; i < argc - 3; i++)
        if (!seen[i])
            fprintf(stderr, "%s: not in %s\n", argv[3 + i], argv[2]);
    CHECK_EQ(rows, argc > 3 ? argc - 3 : rows > 0 ? rows : -1);
    free(seen);
    if (f)
        fclose(f);
    return check_done("test_captures");
}
