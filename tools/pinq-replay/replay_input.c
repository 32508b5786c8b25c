/* replay_input.c - a capture's channels as replay lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay_input.h"

pinq_ticks_t replay_ticks(uint64_t s, uint64_t rate)
{
    /* whole seconds apart: s * 10^9 would overflow past 18 s at 10^9 samples/s */
    uint64_t whole = s / rate, part = s % rate;
    return whole * REPLAY_TPS + (part * REPLAY_TPS + rate / 2) / rate;
}

static void list_channels(const capture_t *c, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int ch = 0; ch < capture_channel_count(c) && used < len; ch++) {
        int n = snprintf(buf + used, len - used, "%s'%s'", ch ? ", " : "", capture_channel_name(c, ch));
        used += n > 0 ? (size_t)n : 0;
    }
}

static int line_load(const capture_t *c, int ch, replay_line_t *l)
{
    size_t n;
    const capture_edge_t *e = capture_edges(c, ch, &n, &l->initial);
    snprintf(l->name, sizeof l->name, "%s", capture_channel_name(c, ch));
    l->t = calloc(n + 1, sizeof *l->t);
    l->level = calloc(n + 1, 1);
    if (!l->t || !l->level)
        return -1;
    for (size_t i = 0; i < n; i++) {
        l->t[i] = replay_ticks(e[i].sample, capture_samplerate(c));
        l->level[i] = e[i].level;
    }
    l->n = n;
    return 0;
}

/* The channel ids that `spec` names: itself, or its two halves at a '+'. */
static int resolve(const capture_t *c, const char *spec, int ids[REPLAY_MAX_LINES])
{
    ids[0] = capture_channel(c, spec);
    if (ids[0] >= 0)
        return 1;
    const char *plus = strchr(spec, '+');
    if (!plus || strchr(plus + 1, '+'))
        return 0;
    char a[256];
    snprintf(a, sizeof a, "%.*s", (int)(plus - spec), spec);
    ids[0] = capture_channel(c, a);
    ids[1] = capture_channel(c, plus + 1);
    return ids[0] >= 0 && ids[1] >= 0 ? 2 : 0;
}

int replay_input_load(const capture_t *c, const char *channels, replay_input_t *in, char *err, size_t len)
{
    char names[1024];
    int ids[REPLAY_MAX_LINES] = {0};
    *in = (replay_input_t){.end = replay_ticks(capture_samples(c), capture_samplerate(c))};
    list_channels(c, names, sizeof names);
    if (!channels && capture_channel_count(c) > 1) {
        snprintf(err, len, "the capture has %d channels (%s): name one with --channel", capture_channel_count(c),
                 names);
        return -1;
    }
    in->nlines = channels ? resolve(c, channels, ids) : 1;
    if (in->nlines == 0) {
        snprintf(err, len, "no channel '%s' in the capture (channels: %s; two phases: A+B)", channels, names);
        return -1;
    }
    for (int i = 0; i < in->nlines; i++) {
        if (line_load(c, ids[i], &in->line[i])) {
            in->nlines = i + 1;
            replay_input_free(in);
            snprintf(err, len, "out of memory");
            return -1;
        }
    }
    return 0;
}

int replay_input_open(const char *path, const char *channels, replay_input_t *in, char *err, size_t len)
{
    replay_manifest_row_t row;
    capture_t *c;
    *in = (replay_input_t){0};
    if (!channels && replay_manifest_find(path, NULL, &row, err, len) != 1) {
        snprintf(err, len, "%s: no row in a MANIFEST.tsv beside it: name the channel", path);
        return -1;
    }
    if (capture_load(path, &c, err, len))
        return -1;
    int rc = replay_input_load(c, channels ? channels : row.channel, in, err, len);
    capture_free(c);
    return rc;
}

void replay_input_free(replay_input_t *in)
{
    for (int i = 0; i < in->nlines; i++) {
        free(in->line[i].t);
        free(in->line[i].level);
    }
    *in = (replay_input_t){0};
}
