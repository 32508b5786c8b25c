/* capture_vcd.c - a strict reader for the VCD subset logic analyzers
 * write, sigrok's export in particular. Debian packages no VCD library
 * (gtkwave is a viewer), and libsigrok's VCD input module resamples to the
 * timescale (a 2 s, 8 MHz capture at 1 ns becomes 2*10^9 samples) and
 * keeps two words of a channel name, joined ("IR Toy IRRX" -> "IRToy"), so
 * the format is read here.
 *
 * Accepted, in this order:
 *   header  $date, $version, $comment ... $end (free text);
 *           $timescale <1|10|100><s|ms|us|ns|ps|fs> $end, exactly once;
 *           $scope <type> <name> $end / $upscope $end, balanced (scopes
 *           do not prefix names);
 *           $var wire|reg 1 <id> <name> $end: the name is all the text
 *           between the id and $end (inner spaces kept, outer white space
 *           dropped, printable, unique); at least one;
 *           $enddefinitions $end.
 *   body    #<time>, non-decreasing, the first one #0; 0<id> and 1<id>;
 *           $dumpvars or $dumpall ... $end around value changes;
 *           $comment ... $end.
 * Everything else is refused with file:line: x and z values (a replayed
 * pin is 0 or 1), vectors and reals, $dumpon/$dumpoff, unknown or
 * repeated ids, a channel with no value at time 0 or two at one sample,
 * time going backwards, numbers out of range, and a file that ends in the
 * header or inside $dumpvars or $comment. A file cut between two records
 * cannot be told from a shorter capture: VCD has no end marker.
 *
 * Sample rate: sigrok writes it in a header comment ("Acquisition with
 * 8/8 channels at 2 MHz") and picks the timescale as the next power of ten
 * of that rate, up to 100 times finer when the rate does not divide it: a
 * unit is one sample only when the rate is a power of ten (1 MHz -> 1 us,
 * but 2 MHz -> 100 ns and 8 MHz -> 1 ns). With that comment the rate is
 * the comment's and each time stamp must lie within half a unit of a
 * sample (sigrok rounds to the unit); without it the rate is 1/timescale.
 * Length: the last time stamp's sample, plus one if a value changes there
 * (sigrok ends with a bare #N, N the number of samples). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture_build.h"
#include "vcd_lex.h"
#include "vcd_time.h"

typedef struct var {
    vcd_tok_t id, name; /* point into the buffer */
    int init;           /* level at time 0, -1 until given */
    uint64_t last;      /* sample of its last value, UINT64_MAX before any */
} var_t;

typedef struct id_ix {
    const char *s;
    size_t len, var;
} id_ix_t;

typedef struct vcd {
    const char *file;
    char *err;
    size_t errlen;
    vcd_lex_t lx;
    var_t *var;
    size_t nvar, capvar;
    id_ix_t *by_id;          /* sorted by id, for the body's look-ups */
    unsigned mult, exp10;    /* $timescale, once have_ts */
    int have_ts;
    uint64_t hz;             /* from sigrok's comment; 0 if none */
    vcd_clock_t clk;
    capture_t *c;            /* made when time first moves past 0 */
    int have_time, in_dump, changed_now;
    uint64_t t, sample;      /* the current time stamp and its sample */
} vcd_t;

/* Tokens quoted in messages: printable, and short. */
static const char *quote(const vcd_tok_t *t, char buf[48])
{
    size_t n = t->len < 40 ? t->len : 40, i;
    for (i = 0; i < n; i++)
        buf[i] = (t->s[i] >= 0x20 && t->s[i] < 0x7f) ? t->s[i] : '?';
    strcpy(buf + i, t->len > n ? "..." : "");
    return buf;
}

__attribute__((format(printf, 3, 4))) static int fail(vcd_t *v, unsigned long line,
                                                      const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return capture_err(v->err, v->errlen, "%s:%lu: %s", v->file, line, msg);
}

static int printable(const vcd_tok_t *t)
{
    for (size_t i = 0; i < t->len; i++)
        if ((unsigned char)t->s[i] < 0x20 || t->s[i] == 0x7f)
            return 0;
    return 1;
}

static int same(const vcd_tok_t *a, const vcd_tok_t *b)
{
    return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

/* "#123" to 123; -1 if not digits, -2 if beyond 64 bits. */
static int parse_time(const vcd_tok_t *t, uint64_t *v)
{
    if (t->len < 2)
        return -1;
    *v = 0;
    for (size_t i = 1; i < t->len; i++) {
        unsigned d = (unsigned)(unsigned char)t->s[i] - '0';
        if (d > 9)
            return -1;
        if (*v > (UINT64_MAX - d) / 10)
            return -2;
        *v = *v * 10 + d;
    }
    return 0;
}

/* ---- header ---------------------------------------------------------- */

static int expect_end(vcd_t *v, const char *what)
{
    vcd_tok_t t;
    char q[48];
    if (!vcd_lex_next(&v->lx, &t))
        return fail(v, t.line, "file ends inside %s", what);
    if (!vcd_tok_is(&t, "$end"))
        return fail(v, t.line, "expected $end after %s, found '%s'", what, quote(&t, q));
    return 0;
}

static int decl_comment(vcd_t *v, const vcd_tok_t *kw)
{
    vcd_tok_t text;
    uint64_t hz;
    if (!vcd_lex_text(&v->lx, &text))
        return fail(v, kw->line, "file ends inside %.*s", (int)kw->len, kw->s);
    if (!vcd_tok_is(kw, "$comment"))
        return 0;
    int r = vcd_sigrok_rate(text.s, text.len, &hz);
    if (r < 0)
        return fail(v, text.line, "unreadable sample rate in sigrok's acquisition comment");
    if (r > 0 && v->hz && v->hz != hz)
        return fail(v, text.line, "second acquisition comment with a different sample rate");
    if (r > 0)
        v->hz = hz;
    return 0;
}

static int decl_timescale(vcd_t *v, const vcd_tok_t *kw)
{
    vcd_tok_t text;
    char q[48];
    if (v->have_ts)
        return fail(v, kw->line, "second $timescale");
    if (!vcd_lex_text(&v->lx, &text))
        return fail(v, kw->line, "file ends inside $timescale");
    if (vcd_timescale_parse(text.s, text.len, &v->mult, &v->exp10))
        return fail(v, text.line, "bad timescale '%s' (expected 1, 10 or 100 and s .. fs)",
                    quote(&text, q));
    v->have_ts = 1;
    return 0;
}

static int decl_scope(vcd_t *v, const vcd_tok_t *kw, unsigned long *depth)
{
    vcd_tok_t text;
    if (vcd_tok_is(kw, "$upscope")) {
        if (*depth == 0)
            return fail(v, kw->line, "$upscope without $scope");
        --*depth;
        return expect_end(v, "$upscope");
    }
    if (!vcd_lex_text(&v->lx, &text))
        return fail(v, kw->line, "file ends inside $scope");
    if (text.len == 0)
        return fail(v, kw->line, "$scope without a type and name");
    ++*depth;
    return 0;
}

static int check_var(vcd_t *v, const vcd_tok_t *type, const vcd_tok_t *size, const vcd_tok_t *id,
                     const vcd_tok_t *name)
{
    char q[48];
    if (!vcd_tok_is(type, "wire") && !vcd_tok_is(type, "reg"))
        return fail(v, type->line, "unsupported variable type '%s' (only wire and reg)",
                    quote(type, q));
    if (!vcd_tok_is(size, "1"))
        return fail(v, size->line, "unsupported variable width '%s' (only 1)", quote(size, q));
    for (size_t i = 0; i < id->len; i++)
        if (id->s[i] < 0x21 || id->s[i] > 0x7e)
            return fail(v, id->line, "bad identifier code '%s'", quote(id, q));
    if (name->len == 0 || !printable(name))
        return fail(v, name->line, "missing or unprintable variable name");
    for (size_t i = 0; i < v->nvar; i++)
        if (same(&v->var[i].name, name))
            return fail(v, name->line, "second variable named '%s' (first on line %lu)",
                        quote(name, q), v->var[i].name.line);
    if (v->nvar >= CAPTURE_MAX_CHANNELS)
        return fail(v, name->line, "more than %d variables", CAPTURE_MAX_CHANNELS);
    return 0;
}

static int decl_var(vcd_t *v, const vcd_tok_t *kw)
{
    vcd_tok_t type, size, id, name;
    if (!vcd_lex_next(&v->lx, &type) || !vcd_lex_next(&v->lx, &size) ||
        !vcd_lex_next(&v->lx, &id) || !vcd_lex_text(&v->lx, &name))
        return fail(v, kw->line, "file ends inside $var");
    if (check_var(v, &type, &size, &id, &name))
        return -1;
    if (v->nvar == v->capvar) {
        size_t cap = v->capvar ? 2 * v->capvar : 16;
        var_t *p = realloc(v->var, cap * sizeof *p);
        if (!p)
            return fail(v, kw->line, "out of memory");
        v->var = p;
        v->capvar = cap;
    }
    v->var[v->nvar++] = (var_t){.id = id, .name = name, .init = -1, .last = UINT64_MAX};
    return 0;
}

static int cmp_id(const void *pa, const void *pb)
{
    const id_ix_t *a = pa, *b = pb;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return memcmp(a->s, b->s, a->len);
}

/* The id index, which also finds an id declared twice. */
static int index_ids(vcd_t *v)
{
    char q[48];
    if (!(v->by_id = malloc(v->nvar * sizeof *v->by_id)))
        return fail(v, v->lx.line, "out of memory");
    for (size_t i = 0; i < v->nvar; i++)
        v->by_id[i] = (id_ix_t){.s = v->var[i].id.s, .len = v->var[i].id.len, .var = i};
    qsort(v->by_id, v->nvar, sizeof *v->by_id, cmp_id);
    for (size_t i = 1; i < v->nvar; i++)
        if (cmp_id(&v->by_id[i - 1], &v->by_id[i]) == 0) {
            size_t a = v->by_id[i - 1].var, b = v->by_id[i].var;
            const var_t *later = &v->var[a > b ? a : b];
            return fail(v, later->id.line, "identifier code '%s' declared twice",
                        quote(&later->id, q));
        }
    return 0;
}

static int end_header(vcd_t *v, const vcd_tok_t *kw, unsigned long depth)
{
    if (expect_end(v, "$enddefinitions"))
        return -1;
    if (depth)
        return fail(v, kw->line, "$scope not closed by $upscope");
    if (!v->have_ts)
        return fail(v, kw->line, "no $timescale");
    if (v->nvar == 0)
        return fail(v, kw->line, "no variables");
    const char *why = vcd_clock_init(&v->clk, v->mult, v->exp10, v->hz);
    if (why)
        return fail(v, kw->line, "%s", why);
    return index_ids(v);
}

static int declaration(vcd_t *v, const vcd_tok_t *kw, unsigned long *depth)
{
    char q[48];
    if (vcd_tok_is(kw, "$date") || vcd_tok_is(kw, "$version") || vcd_tok_is(kw, "$comment"))
        return decl_comment(v, kw);
    if (vcd_tok_is(kw, "$timescale"))
        return decl_timescale(v, kw);
    if (vcd_tok_is(kw, "$scope") || vcd_tok_is(kw, "$upscope"))
        return decl_scope(v, kw, depth);
    if (vcd_tok_is(kw, "$var"))
        return decl_var(v, kw);
    return fail(v, kw->line, "unexpected '%s' in the header", quote(kw, q));
}

static int header(vcd_t *v)
{
    unsigned long depth = 0;
    vcd_tok_t kw;
    for (;;) {
        if (!vcd_lex_next(&v->lx, &kw))
            return fail(v, kw.line, "file ends in the header (no $enddefinitions)");
        if (vcd_tok_is(&kw, "$enddefinitions"))
            return end_header(v, &kw, depth);
        if (declaration(v, &kw, &depth))
            return -1;
    }
}

/* ---- body ------------------------------------------------------------ */

/* The capture's channels, once every variable's level at time 0 is known. */
static int make_channels(vcd_t *v, unsigned long line)
{
    char q[48];
    if (!(v->c = capture_new()))
        return fail(v, line, "out of memory");
    for (size_t i = 0; i < v->nvar; i++) {
        const var_t *k = &v->var[i];
        if (k->init < 0)
            return fail(v, line, "variable '%s' has no value at time 0", quote(&k->name, q));
        if (capture_add_channel(v->c, k->name.s, k->name.len, (uint8_t)k->init) != CAPTURE_OK)
            return fail(v, line, "out of memory");
    }
    return 0;
}

static int time_stamp(vcd_t *v, const vcd_tok_t *tok)
{
    char q[48];
    uint64_t t, s;
    int r = parse_time(tok, &t);
    if (r)
        return fail(v, tok->line, r == -1 ? "bad time stamp '%s'" : "time stamp '%s' out of range",
                    quote(tok, q));
    if (v->in_dump)
        return fail(v, tok->line, "time stamp inside $dumpvars");
    if (!v->have_time) {
        if (t != 0)
            return fail(v, tok->line, "the first time stamp is not #0");
        v->have_time = 1;
        return 0;
    }
    if (t < v->t)
        return fail(v, tok->line, "time goes backwards (#%llu after #%llu)", (unsigned long long)t,
                    (unsigned long long)v->t);
    if (t == v->t)
        return 0;
    enum vcd_sample_status st = vcd_clock_sample(&v->clk, t, &s);
    if (st != VCD_SAMPLE_OK)
        return fail(v, tok->line,
                    st == VCD_SAMPLE_RANGE ? "time stamp #%llu out of range"
                                           : "time stamp #%llu is not a sample time at %llu Hz",
                    (unsigned long long)t, (unsigned long long)v->clk.hz);
    if (s == v->sample)
        return fail(v, tok->line, "time stamps #%llu and #%llu fall on one sample",
                    (unsigned long long)v->t, (unsigned long long)t);
    if (!v->c && make_channels(v, tok->line))
        return -1;
    v->t = t;
    v->sample = s;
    v->changed_now = 0;
    return 0;
}

static var_t *lookup(vcd_t *v, const char *id, size_t len)
{
    id_ix_t key = {.s = id, .len = len};
    const id_ix_t *hit = bsearch(&key, v->by_id, v->nvar, sizeof key, cmp_id);
    return hit ? &v->var[hit->var] : NULL;
}

static int value_change(vcd_t *v, const vcd_tok_t *tok)
{
    char q[48];
    vcd_tok_t id = {tok->s + 1, tok->len - 1, tok->line};
    var_t *k = lookup(v, id.s, id.len);
    if (!k)
        return fail(v, tok->line, "unknown identifier code '%s'", quote(&id, q));
    if (!v->have_time)
        return fail(v, tok->line, "value change before the first time stamp");
    if (k->last == v->sample)
        return fail(v, tok->line, "variable '%s' changes twice at #%llu", quote(&k->name, q),
                    (unsigned long long)v->t);
    uint8_t level = tok->s[0] == '1';
    k->last = v->sample;
    v->changed_now = 1;
    if (v->sample == 0) {
        k->init = level;
        return 0;
    }
    if (capture_push_edge(v->c, (int)(k - v->var), v->sample, level) != CAPTURE_OK)
        return fail(v, tok->line, "out of memory");
    return 0;
}

static int body_keyword(vcd_t *v, const vcd_tok_t *kw)
{
    char q[48];
    vcd_tok_t text;
    if (vcd_tok_is(kw, "$dumpvars") || vcd_tok_is(kw, "$dumpall")) {
        if (v->in_dump)
            return fail(v, kw->line, "%s inside $dumpvars", quote(kw, q));
        v->in_dump = 1;
        return 0;
    }
    if (vcd_tok_is(kw, "$end")) {
        if (!v->in_dump)
            return fail(v, kw->line, "$end without $dumpvars");
        v->in_dump = 0;
        return 0;
    }
    if (vcd_tok_is(kw, "$comment"))
        return vcd_lex_text(&v->lx, &text) ? 0 : fail(v, kw->line, "file ends inside $comment");
    return fail(v, kw->line, "unsupported '%s' after $enddefinitions", quote(kw, q));
}

static int body_token(vcd_t *v, const vcd_tok_t *tok)
{
    char q[48];
    switch (tok->s[0]) {
    case '#':
        return time_stamp(v, tok);
    case '0':
    case '1':
        return value_change(v, tok);
    case 'x': case 'X': case 'z': case 'Z':
        return fail(v, tok->line, "value '%s': x and z are not supported", quote(tok, q));
    case 'b': case 'B': case 'r': case 'R':
        return fail(v, tok->line, "vector or real value '%s' not supported", quote(tok, q));
    case '$':
        return body_keyword(v, tok);
    default:
        return fail(v, tok->line, "unexpected '%s'", quote(tok, q));
    }
}

static int body(vcd_t *v)
{
    vcd_tok_t tok;
    while (vcd_lex_next(&v->lx, &tok))
        if (body_token(v, &tok))
            return -1;
    if (v->in_dump)
        return fail(v, tok.line, "file ends inside $dumpvars");
    if (!v->have_time)
        return fail(v, tok.line, "no time stamp after $enddefinitions");
    if (!v->c && make_channels(v, tok.line))
        return -1;
    uint64_t samples = v->sample + (v->changed_now ? 1 : 0);
    if (capture_finish(v->c, v->clk.hz, samples))
        return fail(v, tok.line, "inconsistent capture");
    return 0;
}

int capture_load_vcd_mem(const char *buf, size_t len, const char *name, capture_t **out,
                         char *err, size_t errlen)
{
    vcd_t v = {.file = name, .err = err, .errlen = errlen};
    *out = NULL;
    vcd_lex_init(&v.lx, buf, len);
    int rc = header(&v) || body(&v) ? -1 : 0;
    if (rc == 0)
        *out = v.c;
    else
        capture_free(v.c);
    free(v.var);
    free(v.by_id);
    return rc;
}

/* The whole file, read in growing blocks so pipes and special files work. */
static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *more = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
        if (!more)
            free(buf);
        buf = more;
        cap *= 2;
    }
    *len = n;
    return buf;
}

int capture_load_vcd(const char *path, capture_t **out, char *err, size_t errlen)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return capture_err(err, errlen, "%s: %s", path, strerror(errno));
    size_t len;
    char *buf = slurp(f, &len);
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        return capture_err(err, errlen, "%s: %s", path, buf ? "read error" : "out of memory");
    }
    int rc = capture_load_vcd_mem(buf, len, path, out, err, errlen);
    free(buf);
    return rc;
}
