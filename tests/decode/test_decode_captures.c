/* test_decode_captures.c - every capture in the captures directory
 * (argv[1], MANIFEST.tsv) through its decoder, compared frame by frame
 * with sigrok's annotations (.expected.txt).
 *
 * Each capture's edges come from its .vcd (the test-only reader in
 * vcd_edges.h), one tick per sample (tps = samplerate). The decoder runs
 * as firmware would: edges in order, and a tick at every deadline the
 * decoder names before the next edge. Frames are compared as text built
 * from the frame-level facts both sides give (IR: address, command,
 * toggle or repeat; DHT: bytes, humidity, temperature, checksum; DCF77:
 * every field, and every bit with its place in the minute), matched by
 * their start (within 2 ms).
 *
 * A capture agrees when every frame matches, except the differences
 * listed in EXPECTED (sigrok_expected.h), each with the reason we believe sigrok is
 * wrong there (docs/decoders.md, "Where pinq and sigrok differ"). Every
 * listed difference must occur, exactly as listed: the table cannot go
 * stale silently. Exit 77 (skipped) when the directory is missing. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "check.h"
#include "pinq_decode.h"
#include "vcd_edges.h"

#include "frame_text.h"
#include "sigrok_expected.h"

/* ---- our decoders over the edges --------------------------------------- */

typedef struct run {
    const vcd_edges_t *e;
    uint32_t tps;
    frames_t *out, *bits;
} run_t;

static void ir_add(frames_t *out, const pinq_ir_frame_t *f)
{
    char text[128];
    frame_text_ir(text, sizeof text, f);
    add(out, f->ts, "%s", text);
}

/* Feed the edges, ticking at every deadline that falls before the next
 * edge and at the end of the capture. */
#define RUN_IR(name, cfg, st, r)                                                                       \
    do {                                                                                               \
        pinq_ir_frame_t f_;                                                                            \
        pinq_ticks_t when_;                                                                            \
        for (size_t i_ = 0; i_ < (r)->e->n; i_++) {                                                    \
            if (pinq_##name##_deadline((cfg), (st), &when_) && when_ <= (r)->e->t[i_] &&               \
                pinq_##name##_tick((cfg), (st), when_, &f_))                                           \
                ir_add((r)->out, &f_);                                                                 \
            if (pinq_##name##_edge((cfg), (st), (r)->e->t[i_], (r)->e->level[i_], &f_))                \
                ir_add((r)->out, &f_);                                                                 \
        }                                                                                              \
        if (pinq_##name##_tick((cfg), (st), (r)->e->end, &f_))                                         \
            ir_add((r)->out, &f_);                                                                     \
    } while (0)

static void ours_nec(run_t *r, uint8_t flags, pinq_ir_counts_t *n)
{
    pinq_nec_cfg_t c = {.tps = r->tps, .active = 0, .flags = flags};
    pinq_nec_t s;
    CHECK_EQ(pinq_nec_init(&s, &c), 0);
    RUN_IR(nec, &c, &s, r);
    *n = s.n;
}

static void ours_rc5(run_t *r, pinq_ir_counts_t *n)
{
    pinq_rc5_cfg_t c = {.tps = r->tps, .active = 0};
    pinq_rc5_t s;
    CHECK_EQ(pinq_rc5_init(&s, &c), 0);
    RUN_IR(rc5, &c, &s, r);
    *n = s.n;
}

static void ours_rc6(run_t *r, pinq_ir_counts_t *n)
{
    pinq_rc6_cfg_t c = {.tps = r->tps, .active = 0, .mode6_bits = 32};
    pinq_rc6_t s;
    CHECK_EQ(pinq_rc6_init(&s, &c), 0);
    RUN_IR(rc6, &c, &s, r);
    *n = s.n;
}

static void ours_sirc(run_t *r, pinq_ir_counts_t *n)
{
    pinq_sirc_cfg_t c = {.tps = r->tps, .active = 0};
    pinq_sirc_t s;
    CHECK_EQ(pinq_sirc_init(&s, &c), 0);
    RUN_IR(sirc, &c, &s, r);
    *n = s.n;
}

static void ours_dht(run_t *r, uint8_t model, uint32_t *errors)
{
    pinq_dht_cfg_t c = {.tps = r->tps, .model = model};
    pinq_dht_t s;
    CHECK_EQ(pinq_dht_init(&s, &c), 0);
    for (size_t i = 0; i < r->e->n; i++) {
        pinq_dht_reading_t d;
        char text[128];
        if (pinq_dht_edge(&c, &s, r->e->t[i], r->e->level[i], &d)) {
            frame_text_dht(text, sizeof text, &d);
            add(r->out, d.ts, "%s", text);
        }
    }
    *errors = s.errors;
}

static void ours_dcf77(run_t *r, uint32_t *glitches)
{
    pinq_dcf77_cfg_t c = {.tps = r->tps, .active = 1};
    pinq_dcf77_t s;
    CHECK_EQ(pinq_dcf77_init(&s, &c), 0);
    uint64_t minute_start = 0;
    for (size_t i = 0; i < r->e->n; i++) {
        pinq_dcf77_out_t o;
        char text[128];
        uint8_t what = pinq_dcf77_edge(&c, &s, r->e->t[i], r->e->level[i], &o);
        if (what & PINQ_DCF77_BIT) {
            frame_text_dcf77_bit(text, sizeof text, &o);
            add(r->bits, o.ts, "%s", text);
        }
        if (what & PINQ_DCF77_TIME) {
            frame_text_dcf77_time(text, sizeof text, &o.time);
            add(r->out, minute_start, "%s", text);
        }
        if (what & PINQ_DCF77_MARK)
            minute_start = o.ts;
    }
    *glitches = s.glitches;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/work/shared/captures";
    char path[1200], err[256];
    snprintf(path, sizeof path, "%s/MANIFEST.tsv", dir);
    FILE *mf = fopen(path, "r");
    if (!mf) {
        printf("test_decode_captures: no %s: skipped\n", path);
        return 77;
    }
    char line[4096];
    if (!fgets(line, sizeof line, mf)) { /* header */
        fclose(mf);
        return 1;
    }
    printf("%-42s %-8s %6s %6s %6s %7s %8s %s\n", "capture", "protocol", "edges", "sigrok", "pinq", "agree", "expected",
           "verdict");
    int skipped = 0;
    while (fgets(line, sizeof line, mf)) {
        char *p = line;
        char *rel = field(&p), *proto = field(&p), *chan = field(&p), *rate = field(&p), *edges = field(&p);
        if (!rel || !proto || !chan || !rate || !edges)
            continue;
        char name[256], stem[1100];
        base_name(rel, name, sizeof name);
        snprintf(stem, sizeof stem, "%s/%.*s", dir, (int)(strrchr(rel, '.') - rel), rel);
        uint64_t sr = (uint64_t)strtod(rate, NULL);

        if (!strcmp(proto, "rotary")) { /* decoded by the input engine's encoder stage, not here */
            vcd_edges_t a, b;
            snprintf(path, sizeof path, "%s.vcd", stem);
            int ok = vcd_load(path, "0", sr, &a, err, sizeof err) == 0;
            ok = ok && vcd_load(path, "1", sr, &b, err, sizeof err) == 0;
            CHECK(ok);
            if (!ok)
                continue;
            char want[64];
            snprintf(want, sizeof want, "%zu+%zu", a.n, b.n);
            CHECK(!strcmp(want, edges));
            size_t same = 0; /* both phases changing on one sample would be an invalid step */
            for (size_t i = 0, j = 0; i < a.n && j < b.n;) {
                if (a.t[i] == b.t[j])
                    same++, i++, j++;
                else if (a.t[i] < b.t[j])
                    i++;
                else
                    j++;
            }
            CHECK_EQ(same, 0);
            printf("%-42s %-8s %6s %6s %6s %7s %8s %s\n", name, proto, want, "-", "-", "-", "-",
                   "edges checked; to decode with pinq_encoder_*");
            vcd_free(&a);
            vcd_free(&b);
            continue;
        }

        vcd_edges_t e;
        snprintf(path, sizeof path, "%s.vcd", stem);
        if (vcd_load(path, chan, sr, &e, err, sizeof err)) {
            printf("%-42s %s: %s\n", name, path, err);
            CHECK(0);
            continue;
        }
        if (e.n == 0 && atol(edges) > 0) { /* the exporter's constant-channel defect */
            printf("%-42s %-8s %6s %6s %6s %7s %8s %s\n", name, proto, "0", "-", "-", "-", "-",
                   "SKIPPED: VCD channel constant (read the .sr)");
            skipped++;
            vcd_free(&e);
            continue;
        }
        CHECK_EQ((long)e.n, atol(edges));

        int nann = 0;
        snprintf(path, sizeof path, "%s.expected.txt", stem);
        ann_t *ann = load_ann(path, &nann);
        CHECK(ann != NULL);
        frames_t sg = {0}, us = {0}, sgb = {0}, usb = {0};
        run_t r = {.e = &e, .tps = (uint32_t)sr, .out = &us, .bits = &usb};
        tally_t t = {0};
        char note[128] = "";
        uint64_t tol = sr / 500; /* 2 ms */
        if (!strcmp(proto, "ir_nec") || !strcmp(proto, "ir_other")) {
            pinq_ir_counts_t n;
            sigrok_nec(ann, nann, &sg);
            ours_nec(&r, 0, &n);
            compare(name, &sg, &us, tol, &t);
            snprintf(note, sizeof note, "errors %u", n.errors);
            snprintf(path, sizeof path, "%s.expected.extended.txt", stem);
            int next = 0;
            ann_t *ext = load_ann(path, &next);
            if (ext) { /* the same capture with 16-bit addresses on both sides */
                char xname[300];
                frames_t sx = {0}, ux = {0};
                snprintf(xname, sizeof xname, "%s+ext", name);
                sigrok_nec(ext, next, &sx);
                r.out = &ux;
                ours_nec(&r, PINQ_NEC_ADDR16, &n);
                compare(xname, &sx, &ux, tol, &t);
                strcat(note, "; +extended run");
                free(ext);
                free(sx.f);
                free(ux.f);
            }
        } else if (!strcmp(proto, "ir_rc5")) {
            pinq_ir_counts_t n;
            sigrok_rc5(ann, nann, &sg);
            ours_rc5(&r, &n);
            compare(name, &sg, &us, tol, &t);
            snprintf(note, sizeof note, "errors %u", n.errors);
        } else if (!strcmp(proto, "ir_rc6")) {
            pinq_ir_counts_t n;
            sigrok_rc6(ann, nann, &sg);
            ours_rc6(&r, &n);
            compare(name, &sg, &us, tol, &t);
            snprintf(note, sizeof note, "errors %u", n.errors);
        } else if (!strcmp(proto, "ir_sirc")) {
            pinq_ir_counts_t n;
            sigrok_sirc(ann, nann, &sg);
            ours_sirc(&r, &n);
            compare(name, &sg, &us, tol, &t);
            snprintf(note, sizeof note, "errors %u", n.errors);
        } else if (!strcmp(proto, "dht11") || !strcmp(proto, "am230x")) {
            uint32_t errors;
            sigrok_dht(ann, nann, &sg);
            ours_dht(&r, !strcmp(proto, "dht11") ? PINQ_DHT11 : PINQ_AM230X, &errors);
            compare(name, &sg, &us, tol, &t);
            snprintf(note, sizeof note, "errors %u", errors);
        } else if (!strcmp(proto, "dcf77")) {
            uint32_t glitches;
            sigrok_dcf77(ann, nann, &sgb, &sg);
            ours_dcf77(&r, &glitches);
            compare(name, &sgb, &usb, tol, &t); /* every bit and its place */
            compare(name, &sg, &us, tol, &t);   /* every minute */
            snprintf(note, sizeof note, "%d bits; glitches %u", usb.n, glitches);
        } else {
            printf("%-42s unknown protocol %s\n", name, proto);
            CHECK(0);
        }
        CHECK_EQ(t.failed, 0);
        char cnt[32];
        snprintf(cnt, sizeof cnt, "%zu", e.n);
        printf("%-42s %-8s %6s %6d %6d %7d %8d %s (%s)\n", name, proto, cnt, t.sigrok, t.ours, t.matched, t.expected,
               t.failed ? "DISAGREES" : "agrees", note);
        free(ann);
        free(sg.f);
        free(us.f);
        free(sgb.f);
        free(usb.f);
        vcd_free(&e);
    }
    fclose(mf);

    printf("\nexpected differences (sigrok -> pinq), each seen as often as listed:\n");
    for (size_t k = 0; k < NEXPECTED; k++) {
        const expected_diff_t *x = &EXPECTED[k];
        int seen = used[k] == x->count;
        CHECK(seen);
        printf("  %s %s @%s%" PRIu64 ": \"%s\" -> \"%s\" x%d/%d: %s\n", seen ? "ok  " : "MISS", x->capture,
               x->at == ANY ? "any" : "", x->at == ANY ? 0 : x->at, x->sigrok, x->ours, used[k], x->count, x->why);
    }
    if (skipped)
        printf("%d capture(s) skipped: constant VCD channel\n", skipped);
    return check_done("test_decode_captures");
}
