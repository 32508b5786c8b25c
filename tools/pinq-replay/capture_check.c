/* capture_check.c - see capture_check.h. */
#include <string.h>

#include "capture_check.h"

static const char *check_channel(const capture_t *c, int ch)
{
    size_t n;
    uint8_t level = 2;
    const capture_edge_t *e = capture_edges(c, ch, &n, &level);
    if (level > 1)
        return "initial level not 0 or 1";
    if ((n == 0) != (e == NULL))
        return "edge pointer and count disagree";
    for (size_t i = 0; i < n; i++) {
        if (e[i].level > 1 || e[i].level == level)
            return "edge does not change the level";
        if (e[i].sample == 0 || e[i].sample >= capture_samples(c) ||
            (i > 0 && e[i].sample <= e[i - 1].sample))
            return "edge sample out of order or range";
        level = e[i].level;
    }
    return NULL;
}

const char *capture_check(const capture_t *c)
{
    int n = capture_channel_count(c);
    if (capture_samplerate(c) == 0 || capture_samples(c) == 0 || n <= 0)
        return "zero rate, length or channel count";
    for (int ch = 0; ch < n; ch++) {
        const char *name = capture_channel_name(c, ch);
        if (!name || capture_channel(c, name) != ch)
            return "channel name missing or not unique";
        const char *why = check_channel(c, ch);
        if (why)
            return why;
    }
    if (capture_channel_name(c, n) || capture_channel_name(c, -1))
        return "channel name out of range";
    return NULL;
}
