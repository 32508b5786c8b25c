/* capture.c - the capture_t container: channels, edge lists, look-ups, and
 * capture_load()'s choice of reader by file extension. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture_build.h"

typedef struct channel {
    char *name;
    uint8_t initial;
    capture_edge_t *edge;
    size_t n, cap;
} channel_t;

struct capture {
    uint64_t samplerate, samples;
    channel_t *ch;
    size_t nch, capch;
};

int capture_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

capture_t *capture_new(void)
{
    return calloc(1, sizeof(capture_t));
}

void capture_free(capture_t *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nch; i++) {
        free(c->ch[i].name);
        free(c->ch[i].edge);
    }
    free(c->ch);
    free(c);
}

/* Returns p grown to hold at least n + 1 elements of size sz (*cap updated)
 * or NULL, p untouched, if memory or size_t runs out. Doubling keeps n
 * pushes O(n). */
static void *grow(void *p, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return p;
    size_t ncap = *cap ? *cap : 16;
    while (ncap <= n) {
        if (ncap > SIZE_MAX / 2 / sz)
            return NULL;
        ncap *= 2;
    }
    void *q = realloc(p, ncap * sz);
    if (q)
        *cap = ncap;
    return q;
}

static int find(const capture_t *c, const char *name, size_t len)
{
    for (size_t i = 0; i < c->nch; i++)
        if (strlen(c->ch[i].name) == len && memcmp(c->ch[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

enum capture_status capture_add_channel(capture_t *c, const char *name, size_t len,
                                        uint8_t initial)
{
    if (find(c, name, len) >= 0)
        return CAPTURE_EDUP;
    if (c->nch >= CAPTURE_MAX_CHANNELS)
        return CAPTURE_ELIMIT;
    channel_t *ch = grow(c->ch, &c->capch, c->nch, sizeof *c->ch);
    if (!ch)
        return CAPTURE_ENOMEM;
    c->ch = ch;
    char *copy = malloc(len + 1);
    if (!copy)
        return CAPTURE_ENOMEM;
    memcpy(copy, name, len);
    copy[len] = '\0';
    c->ch[c->nch++] = (channel_t){.name = copy, .initial = initial != 0};
    return CAPTURE_OK;
}

uint8_t capture_level(const capture_t *c, int ch)
{
    const channel_t *k = &c->ch[ch];
    return k->n ? k->edge[k->n - 1].level : k->initial;
}

enum capture_status capture_push_edge(capture_t *c, int ch, uint64_t sample, uint8_t level)
{
    channel_t *k = &c->ch[ch];
    level = level != 0;
    if (level == capture_level(c, ch))
        return CAPTURE_OK;
    if (sample == 0 || (k->n && sample <= k->edge[k->n - 1].sample))
        return CAPTURE_EORDER;
    capture_edge_t *e = grow(k->edge, &k->cap, k->n, sizeof *k->edge);
    if (!e)
        return CAPTURE_ENOMEM;
    k->edge = e;
    k->edge[k->n++] = (capture_edge_t){.sample = sample, .level = level};
    return CAPTURE_OK;
}

int capture_finish(capture_t *c, uint64_t samplerate, uint64_t samples)
{
    if (samplerate == 0 || samples == 0 || c->nch == 0)
        return -1;
    for (size_t i = 0; i < c->nch; i++) {
        const channel_t *k = &c->ch[i];
        if (k->n && k->edge[k->n - 1].sample >= samples)
            return -1;
    }
    c->samplerate = samplerate;
    c->samples = samples;
    return 0;
}

uint64_t capture_samplerate(const capture_t *c)
{
    return c->samplerate;
}

uint64_t capture_samples(const capture_t *c)
{
    return c->samples;
}

int capture_channel_count(const capture_t *c)
{
    return (int)c->nch;
}

const char *capture_channel_name(const capture_t *c, int ch)
{
    if (ch < 0 || (size_t)ch >= c->nch)
        return NULL;
    return c->ch[ch].name;
}

int capture_channel(const capture_t *c, const char *name)
{
    return find(c, name, strlen(name));
}

const capture_edge_t *capture_edges(const capture_t *c, int ch, size_t *n, uint8_t *initial)
{
    *n = 0;
    if (ch < 0 || (size_t)ch >= c->nch)
        return NULL;
    if (initial)
        *initial = c->ch[ch].initial;
    *n = c->ch[ch].n;
    return c->ch[ch].n ? c->ch[ch].edge : NULL;
}

/* True if path ends in ext (compared exactly: ".SR" is not ".sr"). */
static int has_ext(const char *path, const char *ext)
{
    size_t lp = strlen(path), le = strlen(ext);
    return lp > le && strcmp(path + lp - le, ext) == 0;
}

int capture_load(const char *path, capture_t **out, char *err, size_t errlen)
{
    *out = NULL;
    if (has_ext(path, ".sr"))
        return capture_load_sr(path, out, err, errlen);
    if (has_ext(path, ".vcd"))
        return capture_load_vcd(path, out, err, errlen);
    return capture_err(err, errlen, "%s: unknown file type (expected .sr or .vcd)", path);
}
