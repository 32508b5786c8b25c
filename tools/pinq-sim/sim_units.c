/* sim_units.c - durations as people write and read them: "100ms", "12cyc",
 * "1.5us"; and seeds. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
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
    if (ps < 0 || !(v * ps <= (double)SIM_DURATION_MAX))
        return false;
    *out = (simt)llround(v * ps);
    return true;
}

bool sim_parse_u64(const char *text, uint64_t *out)
{
    if (!isdigit((unsigned char)text[0])) /* strtoull would take "-7" as 2^64-7 */
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (*end || errno)
        return false;
    *out = v;
    return true;
}

/* The smallest unit in which `t` rounds to under 1000: 999.9996 us stays in
 * microseconds at 7 digits, and becomes 1 ms at 3. */
const char *sim_fmt_time_digits(simt t, int digits, char *buf, size_t len)
{
    static const struct {
        const char *unit;
        double ps;
    } u[] = {{"ns", 1e3}, {"us", 1e6}, {"ms", 1e9}, {"s", 1e12}};
    if (t == SIM_NEVER) { /* an input without a deadline */
        snprintf(buf, len, "none");
        return buf;
    }
    double below = 1000 - 0.5 * pow(10, 3 - digits);
    size_t i = 0;
    while (i + 1 < sizeof u / sizeof u[0] && (double)t / u[i].ps >= below)
        i++;
    double v = (double)t / u[i].ps;
    const char *unit = u[i].unit;
    if (v >= below && t >= SIM_HOUR) { /* "110h", not "396000s" */
        v = (double)t / (double)SIM_HOUR;
        unit = "h";
    }
    if (v >= pow(10, digits) - 0.5) /* %g would switch to an exponent */
        snprintf(buf, len, "%.0f%s", v, unit);
    else
        snprintf(buf, len, "%.*g%s", digits, v, unit);
    return buf;
}

const char *sim_fmt_time(simt t, char *buf, size_t len)
{
    return sim_fmt_time_digits(t, 3, buf, len);
}
