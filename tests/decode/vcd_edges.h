/* vcd_edges.h - TEST ONLY: a minimal reader for the VCD files sigrok-cli
 * exports, enough for the decoder tests (scalar wires, `#time` stamps,
 * `0<id>` / `1<id>` changes). It is not the project's capture reader:
 * tools/pinq-replay/capture.h (capture_load / capture_channel /
 * capture_edges, .sr through libsigrok) is, and replaces this once it
 * lands. Host only: it allocates.
 *
 * Times are converted to sample numbers at the capture's sample rate
 * (exactly: a time that is not a whole sample is an error), so a decoder
 * configured with tps = samplerate sees the same numbers sigrok prints. */
#ifndef PINQ_TEST_VCD_EDGES_H
#define PINQ_TEST_VCD_EDGES_H

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct vcd_edges {
    uint64_t *t;    /* sample number of each level change */
    uint8_t *level; /* level after it */
    size_t n, cap;
    int initial;     /* level at the first time stamp, -1 if never given */
    uint64_t end;    /* last time stamp in the file, in samples */
} vcd_edges_t;

static inline void vcd_free(vcd_edges_t *e)
{
    free(e->t);
    free(e->level);
    memset(e, 0, sizeof *e);
}

static inline int vcd_push(vcd_edges_t *e, uint64_t t, uint8_t level)
{
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 1024;
        uint64_t *nt = realloc(e->t, cap * sizeof *nt);
        if (!nt)
            return -1;
        e->t = nt;
        uint8_t *nl = realloc(e->level, cap);
        if (!nl)
            return -1;
        e->level = nl;
        e->cap = cap;
    }
    e->t[e->n] = t;
    e->level[e->n++] = level;
    return 0;
}

static inline uint64_t vcd_gcd(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t r = a % b;
        a = b;
        b = r;
    }
    return a;
}

/* Load the level changes of the wire named `name` (the whole text between
 * the id code and $end, spaces included) from `path`, with times in
 * samples at `samplerate` Hz. Returns 0, or -1 with a reason in err. */
static inline int vcd_load(const char *path, const char *name, uint64_t samplerate, vcd_edges_t *out, char *err,
                           size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->initial = -1;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot open %s", path);
        return -1;
    }
    char line[4096], id[64] = "";
    uint64_t fs_per_unit = 0; /* femtoseconds per VCD time unit */
    int in_defs = 1;
    uint64_t num = 0, den = 1, now = 0;
    int level = -1, rc = 0;
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        if (in_defs) {
            if (strstr(p, "$timescale")) {
                char rest[256] = "";
                if (!strstr(p, "$end")) { /* the value may be on the next line */
                    if (!fgets(rest, sizeof rest, f))
                        break;
                }
                char *q = strstr(p, "$timescale") + 10;
                char buf[512];
                snprintf(buf, sizeof buf, "%s %s", q, rest);
                unsigned long long n = 0;
                char unit[8] = "";
                if (sscanf(buf, " %llu %7[a-z]", &n, unit) != 2) {
                    snprintf(err, errlen, "bad $timescale");
                    rc = -1;
                    break;
                }
                static const struct {
                    const char *u;
                    uint64_t fs;
                } units[] = {{"s", 1000000000000000ull}, {"ms", 1000000000000ull}, {"us", 1000000000ull},
                             {"ns", 1000000ull},         {"ps", 1000ull},          {"fs", 1ull}};
                for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
                    if (!strcmp(unit, units[i].u))
                        fs_per_unit = n * units[i].fs;
            } else if (!strncmp(p, "$var", 4)) {
                char kind[32], code[64];
                int width, used = 0;
                if (sscanf(p, "$var %31s %d %63s %n", kind, &width, code, &used) == 3 && width == 1) {
                    char *nm = p + used, *end = strstr(nm, " $end");
                    if (end && (size_t)(end - nm) == strlen(name) && !strncmp(nm, name, strlen(name)))
                        snprintf(id, sizeof id, "%s", code);
                }
            } else if (strstr(p, "$enddefinitions")) {
                in_defs = 0;
                if (!id[0]) {
                    snprintf(err, errlen, "no wire named \"%s\"", name);
                    rc = -1;
                    break;
                }
                if (!fs_per_unit) {
                    snprintf(err, errlen, "no $timescale");
                    rc = -1;
                    break;
                }
                /* samples = time * fs_per_unit * samplerate / 1e15, reduced */
                uint64_t a = fs_per_unit, b = samplerate, d = 1000000000000000ull;
                uint64_t g = vcd_gcd(a, d);
                a /= g, d /= g;
                g = vcd_gcd(b, d);
                b /= g, d /= g;
                num = a * b;
                den = d;
            }
            continue;
        }
        for (char *tok = strtok(p, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n")) {
            if (tok[0] == '#') {
                unsigned long long t = strtoull(tok + 1, NULL, 10);
                if ((t * num) % den) {
                    snprintf(err, errlen, "time %llu is not a whole sample", t);
                    rc = -1;
                    goto done;
                }
                now = t * num / den;
                out->end = now;
            } else if ((tok[0] == '0' || tok[0] == '1') && !strcmp(tok + 1, id)) {
                int v = tok[0] - '0';
                if (level < 0)
                    out->initial = v;
                else if (v != level && vcd_push(out, now, (uint8_t)v)) {
                    snprintf(err, errlen, "out of memory");
                    rc = -1;
                    goto done;
                }
                level = v;
            }
        }
    }
done:
    fclose(f);
    if (rc == 0 && in_defs) {
        snprintf(err, errlen, "no $enddefinitions");
        rc = -1;
    }
    if (rc)
        vcd_free(out);
    return rc;
}

#endif
