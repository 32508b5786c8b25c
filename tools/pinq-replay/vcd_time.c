/* vcd_time.c - timescale, sigrok's rate comment and time-to-sample
 * conversion (see vcd_time.h). Exact integer arithmetic throughout: a
 * capture's edges must land on the very samples the .sr has. */
#include <string.h>

#include "vcd_time.h"

/* Products of a 64-bit time stamp and a rate need 121 bits. */
__extension__ typedef unsigned __int128 u128;

static int digits(const char *s, size_t len, size_t *i, uint64_t *v, size_t *ndig)
{
    *v = 0;
    *ndig = 0;
    while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
        if (*v > (UINT64_MAX - 9) / 10)
            return -1;
        *v = *v * 10 + (uint64_t)(s[*i] - '0');
        (*i)++;
        (*ndig)++;
    }
    return 0;
}

static int eq(const char *s, size_t len, const char *word)
{
    return len == strlen(word) && memcmp(s, word, len) == 0;
}

int vcd_timescale_parse(const char *s, size_t len, unsigned *mult, unsigned *exp10)
{
    static const char *const units[] = {"s", "ms", "us", "ns", "ps", "fs"};
    size_t i = 0, nd;
    uint64_t m;
    if (digits(s, len, &i, &m, &nd) || (m != 1 && m != 10 && m != 100) ||
        nd != (m == 1 ? 1u : m == 10 ? 2u : 3u)) /* no leading zeros */
        return -1;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    for (unsigned u = 0; u < sizeof units / sizeof units[0]; u++)
        if (eq(s + i, len - i, units[u])) {
            *mult = (unsigned)m;
            *exp10 = 3 * u;
            return 0;
        }
    return -1;
}

static uint64_t pow10u(unsigned e)
{
    uint64_t p = 1;
    while (e--)
        p *= 10;
    return p;
}

/* "R[.F] [k|M|G|T]Hz" to Hz; -1 unless it is an exact whole number of Hz
 * within VCD_MAX_HZ. */
static int parse_hz(const char *s, size_t len, uint64_t *hz)
{
    static const char *const units[] = {"Hz", "kHz", "MHz", "GHz", "THz"};
    size_t i = 0, nd, nf = 0;
    uint64_t whole, frac = 0;
    if (digits(s, len, &i, &whole, &nd) || nd == 0 || nd > 15)
        return -1;
    if (i < len && s[i] == '.') {
        i++;
        if (digits(s, len, &i, &frac, &nf) || nf == 0 || nf > 15)
            return -1;
    }
    if (i >= len || s[i] != ' ')
        return -1;
    i++;
    for (unsigned u = 0; u < sizeof units / sizeof units[0]; u++) {
        if (!eq(s + i, len - i, units[u]))
            continue;
        if (nf > 3 * u)
            return -1; /* a fraction of a Hz */
        u128 v = (u128)whole * pow10u(3 * u) + (u128)frac * pow10u(3 * u - (unsigned)nf);
        if (v == 0 || v > VCD_MAX_HZ)
            return -1;
        *hz = (uint64_t)v;
        return 0;
    }
    return -1;
}

int vcd_sigrok_rate(const char *s, size_t len, uint64_t *hz)
{
    static const char head[] = "Acquisition with ", mid[] = " channels", at[] = " at ";
    size_t i = sizeof head - 1, nd;
    uint64_t v;
    if (len < i || memcmp(s, head, i) != 0)
        return 0;
    if (digits(s, len, &i, &v, &nd) || nd == 0 || i >= len || s[i++] != '/' ||
        digits(s, len, &i, &v, &nd) || nd == 0)
        return -1;
    if (len - i < sizeof mid - 1 || memcmp(s + i, mid, sizeof mid - 1) != 0)
        return -1;
    i += sizeof mid - 1;
    if (i == len)
        return 0; /* sigrok writes no rate when it has none */
    if (len - i < sizeof at - 1 || memcmp(s + i, at, sizeof at - 1) != 0)
        return -1;
    i += sizeof at - 1;
    return parse_hz(s + i, len - i, hz) ? -1 : 1;
}

static uint64_t gcd(uint64_t x, uint64_t y)
{
    while (y) {
        uint64_t r = x % y;
        x = y;
        y = r;
    }
    return x;
}

const char *vcd_clock_init(vcd_clock_t *k, unsigned mult, unsigned exp10, uint64_t hz)
{
    uint64_t b = pow10u(exp10); /* one unit = mult / b seconds */
    if (hz == 0) {
        if (b % mult)
            return "timescale longer than 1 s: no whole sample rate";
        hz = b / mult;
    }
    if (hz > VCD_MAX_HZ)
        return "sample rate too high";
    uint64_t a = mult * hz; /* samples per unit = a / b */
    if (a > b)
        return "timescale unit longer than the sample period";
    uint64_t g = gcd(a, b);
    *k = (vcd_clock_t){.a = a / g, .b = b / g, .hz = hz};
    return NULL;
}

enum vcd_sample_status vcd_clock_sample(const vcd_clock_t *k, uint64_t t, uint64_t *sample)
{
    u128 x = (u128)t * k->a; /* b times the exact sample position */
    u128 s = (2 * x + k->b) / (2 * (u128)k->b);
    if (s >= UINT64_MAX) /* so that a length one past it still fits */
        return VCD_SAMPLE_RANGE;
    u128 sb = s * k->b;
    u128 diff = x > sb ? x - sb : sb - x;
    if (2 * diff > k->a)
        return VCD_SAMPLE_OFF_GRID;
    *sample = (uint64_t)s;
    return VCD_SAMPLE_OK;
}
