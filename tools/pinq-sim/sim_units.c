/* sim_units.c - durations as people write them: "100ms", "12cyc", "1.5us". */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

static const struct {
    const char *name;
    double ps;
} units[] = {{"ps", 1}, {"ns", 1e3}, {"us", 1e6}, {"ms", 1e9}, {"s", 1e12}, {"min", 60e12}, {"h", 3600e12}};

/* "100ms", "12cyc", "1.5us", "0". */
bool sim_parse_time(const char *text, double cpu_hz, simt *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || errno || v < 0 || !isfinite(v))
        return false;
    while (isspace((unsigned char)*end))
        end++;
    double ps = -1;
    if (*end == '\0' && v == 0)
        ps = 0;
    else if (strcmp(end, "cyc") == 0 || strcmp(end, "cycles") == 0) {
        ps = (double)SIM_PS_PER_S / cpu_hz;
    }
    for (size_t i = 0; ps < 0 && i < sizeof units / sizeof units[0]; i++)
        if (strcmp(end, units[i].name) == 0)
            ps = units[i].ps;
    if (ps < 0 || v * ps > 9e18)
        return false;
    *out = (simt)llround(v * ps);
    return true;
}

