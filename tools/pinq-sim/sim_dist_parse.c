/* sim_dist_parse.c - a duration's text into a sim_dist_t; measured lists
 * inline or from a file of one value a line (# or ; comments). */
#define _POSIX_C_SOURCE 200809L /* getline, strtok_r */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_dist_parse.h"

typedef struct values {
    simt *v;
    uint32_t n, cap;
} values_t;

static bool time_ok(const sim_dist_src_t *src, const char *text, simt *out)
{
    return sim_parse_time(text, src->cpu_hz, out) && *out <= src->max;
}

/* One measured value; `unit` for a bare number (NULL: none allowed). */
static bool add_value(const sim_dist_src_t *src, values_t *vs, const char *text, const char *unit)
{
    char with_unit[128];
    simt t;
    snprintf(with_unit, sizeof with_unit, "%s%s", text, unit ? unit : "");
    if (!time_ok(src, text, &t) && !(unit && time_ok(src, with_unit, &t)))
        return false;
    if (vs->n == SIM_MAX_SAMPLES)
        return false;
    if (vs->n == vs->cap) {
        vs->cap = vs->cap ? 2 * vs->cap : 64;
        vs->v = realloc(vs->v, vs->cap * sizeof *vs->v);
        if (!vs->v) {
            fprintf(stderr, "pinq-sim: out of memory\n");
            exit(2);
        }
    }
    vs->v[vs->n++] = t;
    return true;
}

bool sim_dist_why(const sim_dist_src_t *src, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(src->why, src->whylen, fmt, ap);
    va_end(ap);
    return false;
}

/* "costs.txt" or "costs.txt, cyc": the path, and the unit of bare numbers. */
static bool file_values(const sim_dist_src_t *src, char *arg, values_t *vs)
{
    char *comma = strchr(arg, ','), *unit = NULL, path[1024];
    if (comma) {
        *comma = '\0';
        unit = comma + 1 + strspn(comma + 1, " \t");
    }
    snprintf(path, sizeof path, "%s%s%s", arg[0] == '/' ? "" : src->dir, arg[0] == '/' ? "" : "/", arg);
    FILE *f = fopen(path, "r");
    if (!f)
        return sim_dist_why(src, "%s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    bool ok = true;
    for (long no = 1; ok && getline(&line, &cap, f) >= 0; no++) {
        line[strcspn(line, "#;\r\n")] = '\0';
        char *v = line + strspn(line, " \t");
        for (size_t n = strlen(v); n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'); n--)
            v[n - 1] = '\0';
        if (*v && !add_value(src, vs, v, unit))
            ok = sim_dist_why(src, "%s:%ld: '%s' is not a time within the limit, or one value too many", path, no, v);
    }
    if (ok && ferror(f)) /* a directory, say */
        ok = sim_dist_why(src, "%s: %s", path, strerror(errno));
    free(line);
    fclose(f);
    return ok && (vs->n > 0 || sim_dist_why(src, "%s: no values", path));
}

static bool list_values(const sim_dist_src_t *src, char *arg, values_t *vs)
{
    char *save;
    for (char *tok = strtok_r(arg, " ,\t", &save); tok; tok = strtok_r(NULL, " ,\t", &save))
        if (!add_value(src, vs, tok, NULL))
            return false;
    return vs->n > 0;
}

/* "list(...)" / "file(...)": the values, kept by the scenario. */
static bool empirical(const sim_dist_src_t *src, char *buf, sim_dist_t *d)
{
    values_t vs = {0};
    bool file = buf[0] == 'f';
    bool ok = file ? file_values(src, buf + 5, &vs) : list_values(src, buf + 5, &vs);
    sim_scenario_t *s = src->owner;
    if (ok && s->nlists == SIM_MAX_LISTS)
        ok = sim_dist_why(src, "more than %d list() and file() values in one scenario", SIM_MAX_LISTS);
    if (!ok) {
        free(vs.v);
        return false;
    }
    s->lists[s->nlists++] = vs.v;
    *d = (sim_dist_t){.kind = SIM_EMPIRICAL, .v = vs.v, .n = vs.n, .f = 1};
    return true;
}

bool sim_dist_parse(const char *text, const sim_dist_src_t *src, sim_dist_t *d)
{
    char buf[1024];
    if (snprintf(buf, sizeof buf, "%s", text) >= (int)sizeof buf)
        return false;
    size_t n = strlen(buf);
    bool call = n > 5 && buf[n - 1] == ')';
    if (call)
        buf[n - 1] = '\0';
    if (call && (strncmp(buf, "list(", 5) == 0 || strncmp(buf, "file(", 5) == 0))
        return empirical(src, buf, d);
    *d = (sim_dist_t){.kind = SIM_FIXED};
    if (call && strncmp(buf, "exp(", 4) == 0) {
        d->kind = SIM_EXP;
        return time_ok(src, buf + 4, &d->a);
    }
    if (call)
        return false;
    char *dots = strstr(buf, "..");
    if (!dots)
        return time_ok(src, buf, &d->a);
    *dots = '\0';
    d->kind = SIM_UNIFORM;
    return time_ok(src, buf, &d->a) && time_ok(src, dots + 2, &d->b) && d->b >= d->a;
}
