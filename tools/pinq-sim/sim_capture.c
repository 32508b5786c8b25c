/* sim_capture.c - a capture's channel as an input's arrivals. The reader
 * is tools/pinq-replay's (libsigrok for .sr): where it is not built
 * (SIM_CAPTURES unset), the source is refused with the reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_capture.h"

#ifdef SIM_CAPTURES
#include "capture.h"
#endif

#ifdef SIM_CAPTURES

/* Sample s at `rate` Hz in picoseconds: whole seconds exactly, the rest
 * rounded (s * 10^12 overflows past 9 s at 1 MHz). */
static simt at(uint64_t s, uint64_t rate)
{
    return (simt)(s / rate) * SIM_PS_PER_S + sim_time_from((double)(s % rate) * 1e12 / (double)rate);
}

/* The channel's edges into a list the scenario keeps. */
static bool take(const sim_dist_src_t *src, const capture_t *c, int ch, const char *path, sim_input_t *in)
{
    size_t n;
    const capture_edge_t *e = capture_edges(c, ch, &n, NULL);
    uint64_t rate = capture_samplerate(c);
    simt span = at(capture_samples(c), rate);
    if (n == 0 || n > UINT32_MAX)
        return sim_dist_why(src, "%s: channel '%s' has no edges", path, capture_channel_name(c, ch));
    if (span > src->max)
        return sim_dist_why(src, "%s: the capture is longer than the %lldh limit", path, src->max / SIM_HOUR);
    if (src->owner->nlists == SIM_MAX_LISTS)
        return sim_dist_why(src, "more than %d list(), file() and capture sources in one scenario", SIM_MAX_LISTS);
    simt *t = sim_calloc(n, sizeof *t);
    for (size_t i = 0; i < n; i++)
        t[i] = at(e[i].sample, rate);
    src->owner->lists[src->owner->nlists++] = t;
    in->arrival = SIM_CAPTURE;
    in->edges = t;
    in->nedges = (uint32_t)n;
    in->span = span;
    return true;
}

static bool load(const sim_dist_src_t *src, const char *path, const char *channel, sim_input_t *in)
{
    capture_t *c;
    char err[512];
    if (capture_load(path, &c, err, sizeof err))
        return sim_dist_why(src, "%s", err);
    int ch = capture_channel(c, channel);
    bool ok = ch >= 0 && take(src, c, ch, path, in);
    if (ch < 0) {
        int used = snprintf(src->why, src->whylen, "%s has no channel '%s' (channels:", path, channel);
        for (int i = 0; i < capture_channel_count(c) && used > 0 && (size_t)used < src->whylen; i++)
            used += snprintf(src->why + used, src->whylen - (size_t)used, " '%s'", capture_channel_name(c, i));
        if (used > 0 && (size_t)used < src->whylen)
            snprintf(src->why + used, src->whylen - (size_t)used, ")");
    }
    capture_free(c);
    return ok;
}

#else

static bool load(const sim_dist_src_t *src, const char *path, const char *channel, sim_input_t *in)
{
    (void)path, (void)channel, (void)in;
    return sim_dist_why(src, "this pinq-sim was built without the capture reader, which needs libsigrok "
                    "(apt-get install libsigrok-dev, or tools/deps.sh, then rebuild)");
}

#endif

bool sim_capture_parse(const char *text, const sim_dist_src_t *src, sim_input_t *in)
{
    static const char prefix[] = "capture:";
    char path[1024];
    if (strncmp(text, prefix, sizeof prefix - 1) != 0)
        return sim_dist_why(src, "capture:FILE:CHANNEL, FILE from the scenario's folder or absolute");
    const char *file = text + sizeof prefix - 1, *colon = strrchr(text, ':');
    if (colon <= file || !colon[1])
        return sim_dist_why(src, "capture:FILE:CHANNEL, FILE from the scenario's folder or absolute");
    int n = snprintf(path, sizeof path, "%s%s%.*s", file[0] == '/' ? "" : src->dir, file[0] == '/' ? "" : "/",
                     (int)(colon - file), file);
    if (n < 0 || (size_t)n >= sizeof path)
        return sim_dist_why(src, "the path is longer than %zu characters", sizeof path - 1);
    return load(src, path, colon + 1, in);
}
