/* main.c - pinq-trace: converts a binary trace dump (pinq_trace_dump(),
 * from a target over semihosting or a UART, or from a host program) into
 * VCD or Perfetto JSON, and checks a dump by exporting both and reading
 * them back. Host tool: uses the heap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pinq_trace.h"
#ifdef PINQ_TRACE_CHECK
#include "trace_check.h"
#endif

static int usage(void)
{
    fputs("usage: pinq-trace vcd|json DUMP [OUT] [--names a,b,...]\n"
          "       pinq-trace check DUMP [--names a,b,...]   export both formats, read them back, compare\n",
          stderr);
    return 2;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    if (!f)
        return NULL;
    do {
        if (n == cap && !(buf = realloc(buf, cap = cap ? 2 * cap : 65536)))
            break;
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got);
    fclose(f);
    *len = n;
    return buf;
}

/* Output gathered in memory (for check) or written to a FILE. */
typedef struct sink {
    FILE *f;
    char *buf;
    size_t n, cap;
} sink_t;

static int sink_write(const void *p, size_t len, void *ctx)
{
    sink_t *s = ctx;
    if (s->f)
        return fwrite(p, 1, len, s->f) != len;
    if (s->n + len + 1 > s->cap) {
        size_t cap = 2 * (s->n + len + 1);
        char *b = realloc(s->buf, cap);
        if (!b)
            return 1;
        s->buf = b, s->cap = cap;
    }
    memcpy(s->buf + s->n, p, len);
    s->n += len;
    s->buf[s->n] = '\0';
    return 0;
}

/* "a,b,c" as nlines names (missing ones NULL: the default name). */
static const char **split_names(char *list, uint16_t nlines)
{
    const char **names = calloc(nlines, sizeof *names);
    for (uint16_t i = 0; names && list && i < nlines; i++) {
        names[i] = list;
        char *comma = strchr(list, ',');
        list = comma ? (*comma = '\0', comma + 1) : NULL;
    }
    return names;
}

#ifdef PINQ_TRACE_CHECK
static int check(const pinq_trace_t *t, pinq_trace_out_t *out)
{
    sink_t vcd = {0}, json = {0};
    char err[256] = "";
    out->ctx = &vcd;
    int rc = pinq_trace_vcd(t, out) || trace_check_vcd(t, out, vcd.buf, vcd.n, err, sizeof err);
    out->ctx = &json;
    rc = rc || pinq_trace_json(t, out) || trace_check_json(t, out, json.buf, err, sizeof err);
    if (rc)
        fprintf(stderr, "pinq-trace check: %s\n", err[0] ? err : "export failed");
    else
        printf("pinq-trace check: %u records (%u lost) match in VCD and JSON\n", t->kept, t->lost);
    free(vcd.buf);
    free(json.buf);
    return rc ? 1 : 0;
}
#endif

static int export(const char *what, const pinq_trace_t *t, pinq_trace_out_t *out, const char *path)
{
    sink_t s = {.f = path ? fopen(path, "w") : stdout};
    if (!s.f)
        return perror(path), 1;
    out->ctx = &s;
    int rc = !strcmp(what, "vcd") ? pinq_trace_vcd(t, out) : pinq_trace_json(t, out);
    if (path && fclose(s.f))
        rc = PINQ_ESYS;
    if (rc)
        fprintf(stderr, "pinq-trace %s: %s\n", what, pinq_strerror(rc));
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    char *names = NULL, *args[3];
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--names") && i + 1 < argc)
            names = argv[++i];
        else if (n < 3)
            args[n++] = argv[i];
        else
            return usage();
    }
    int is_check = n == 2 && !strcmp(args[0], "check");
    if (!is_check && (n < 2 || (strcmp(args[0], "vcd") && strcmp(args[0], "json"))))
        return usage();
    size_t len = 0;
    char *buf = slurp(args[1], &len);
    if (!buf)
        return perror(args[1]), 1;
    uint32_t cap = (uint32_t)(len / PINQ_TRACE_DUMP_RECORD + 1), tps;
    pinq_trace_rec_t *recs = calloc(cap, sizeof *recs);
    pinq_trace_t t;
    pinq_trace_out_t out = {.write = sink_write};
    if (!recs || pinq_trace_load(&t, recs, cap, buf, len, &tps, &out.nlines) != PINQ_OK) {
        fprintf(stderr, "pinq-trace: %s: not a pinq trace dump\n", args[1]);
        return 1;
    }
    out.tps = tps;
    out.names = split_names(names, out.nlines);
    int rc;
#ifdef PINQ_TRACE_CHECK
    rc = is_check ? check(&t, &out) : export(args[0], &t, &out, n == 3 ? args[2] : NULL);
#else
    rc = is_check ? (fputs("pinq-trace: built without pinq-replay's reader: no check\n", stderr), 1)
                  : export(args[0], &t, &out, n == 3 ? args[2] : NULL);
#endif
    free((void *)out.names);
    free(recs);
    free(buf);
    return rc;
}
