/* replay_vcd.c - the wires and what the application saw, merged into one
 * time-ordered list of changes and written as VCD. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay_vcd.h"

typedef struct change {
    pinq_ticks_t t;
    uint8_t wire, level; /* wire 2i: line i as captured; 2i + 1: as seen */
} change_t;

static int by_time(const void *a, const void *b)
{
    const change_t *x = a, *y = b;
    if (x->t != y->t)
        return (x->t > y->t) - (x->t < y->t);
    return (x->wire > y->wire) - (x->wire < y->wire);
}

/* Every level change, captured and seen: an event that leaves the level
 * as it was draws nothing. */
static change_t *changes(const replay_input_t *in, const replay_result_t *r, size_t *n)
{
    size_t total = r->nseen;
    for (int i = 0; i < in->nlines; i++)
        total += in->line[i].n;
    change_t *c = calloc(total + 1, sizeof *c);
    if (!c)
        return NULL;
    *n = 0;
    uint8_t seen[REPLAY_MAX_LINES];
    for (int i = 0; i < in->nlines; i++) {
        seen[i] = in->line[i].initial;
        for (size_t k = 0; k < in->line[i].n; k++)
            c[(*n)++] = (change_t){in->line[i].t[k], (uint8_t)(2 * i), in->line[i].level[k]};
    }
    for (size_t k = 0; k < r->nseen; k++) {
        const replay_seen_t *s = &r->seen[k];
        if (s->line < in->nlines && s->level != seen[s->line])
            c[(*n)++] = (change_t){s->ts, (uint8_t)(2 * s->line + 1), seen[s->line] = s->level};
    }
    qsort(c, *n, sizeof *c, by_time);
    return c;
}

static void header(FILE *f, const replay_input_t *in)
{
    fprintf(f, "$comment pinq-replay: each line as captured, and as the application saw it (_seen) $end\n");
    fprintf(f, "$timescale 1 ns $end\n$scope module replay $end\n");
    for (int i = 0; i < in->nlines; i++) {
        char name[sizeof in->line[i].name];
        snprintf(name, sizeof name, "%s", in->line[i].name);
        for (char *p = name; *p; p++)
            *p = *p == ' ' || *p == '\t' ? '_' : *p;
        fprintf(f, "$var wire 1 %c %s $end\n$var wire 1 %c %s_seen $end\n", '!' + 2 * i, name, '!' + 2 * i + 1,
                name);
    }
    fprintf(f, "$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n");
    for (int i = 0; i < in->nlines; i++)
        fprintf(f, "%u%c\n%u%c\n", in->line[i].initial, '!' + 2 * i, in->line[i].initial, '!' + 2 * i + 1);
    fprintf(f, "$end\n");
}

static void body(FILE *f, const change_t *c, size_t n, pinq_ticks_t end)
{
    pinq_ticks_t at = 0;
    for (size_t k = 0; k < n; k++) {
        if (c[k].t != at)
            fprintf(f, "#%" PRIu64 "\n", at = c[k].t);
        fprintf(f, "%u%c\n", c[k].level, '!' + c[k].wire);
    }
    fprintf(f, "#%" PRIu64 "\n", end > at ? end : at + 1); /* the length, as sigrok ends its exports */
}

int replay_vcd_write(const char *path, const replay_input_t *in, const replay_result_t *r, char *err, size_t len)
{
    size_t n = 0;
    change_t *c = changes(in, r, &n);
    FILE *f = c ? fopen(path, "w") : NULL;
    if (!f) {
        snprintf(err, len, "%s: %s", path, c ? strerror(errno) : "out of memory");
        free(c);
        return -1;
    }
    header(f, in);
    body(f, c, n, in->end);
    free(c);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        snprintf(err, len, "%s: write failed", path);
        return -1;
    }
    return 0;
}
