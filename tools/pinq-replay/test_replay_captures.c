/* test_replay_captures.c - one capture of MANIFEST.tsv (argv[1] the
 * captures folder, argv[2] the row's path) through pinq-replay's ideal
 * delivery model: its edges posted with pinq_post_at, popped with
 * pinq_dispatch and decoded with the decoders' _feed. The frames must be
 * those tests/decode/test_decode_captures.c finds feeding the decoders
 * directly: sigrok's annotations, apart from the listed differences
 * (sigrok_expected.h), each seen exactly as listed. The pipeline must also
 * account for every edge: all delivered, none merged, dropped or lost,
 * with no latency. A rotary capture goes through the encoder stage, whose
 * position must equal sigrok's count (graycode) at every step. */
#include "check.h"
#include "replay_input.h"
#include "replay_sweep.h"
#include "sigrok_expected.h"

typedef struct row {
    char path[512], protocol[32], channel[128];
    uint64_t rate;
} row_t;

static int find_row(const char *dir, const char *rel, row_t *r)
{
    char path[1100], line[4096];
    snprintf(path, sizeof path, "%s/MANIFEST.tsv", dir);
    FILE *f = fopen(path, "r");
    int found = 0;
    while (f && !found && fgets(line, sizeof line, f)) {
        char *p = line, *fields[8];
        for (int i = 0; i < 8; i++)
            fields[i] = field(&p);
        if (!fields[7] || strcmp(fields[0], rel) != 0)
            continue;
        snprintf(r->path, sizeof r->path, "%s/%s", dir, rel);
        snprintf(r->protocol, sizeof r->protocol, "%s", fields[1]);
        snprintf(r->channel, sizeof r->channel, "%s", fields[2]);
        r->rate = (uint64_t)strtod(fields[3], NULL);
        found = 1;
    }
    if (f)
        fclose(f);
    return found;
}

/* A replayed frame list as the comparison's frames, at sample numbers. */
static void as_samples(const replay_frames_t *in, uint64_t rate, frames_t *out)
{
    for (size_t i = 0; i < in->n; i++) {
        pinq_ticks_t t = in->f[i].ts;
        add(out, t / REPLAY_TPS * rate + t % REPLAY_TPS * rate / REPLAY_TPS, "%s", in->f[i].text);
    }
}

static void run_ideal(const replay_input_t *in, const char *decoder, replay_decoder_t *dec)
{
    replay_model_t m;
    replay_result_t r;
    replay_model_ideal(&m);
    CHECK_EQ(replay_once(in, decoder, -1, &m, dec, &r), 0);
    uint64_t edges = in->line[0].n + (in->nlines > 1 ? in->line[1].n : 0);
    CHECK_EQ(r.edges, edges);
    CHECK_EQ(r.ring.produced, edges);
    CHECK_EQ(r.ring.delivered, edges);
    CHECK_EQ(r.hidden + r.ring.dropped + r.ring.coalesced + r.resyncs, 0);
    CHECK_EQ(r.max, 0);
    replay_result_free(&r);
}

/* Every listed difference for this capture (and its +ext run) seen as often as listed. */
static void check_listed(const char *name)
{
    char ext[300];
    snprintf(ext, sizeof ext, "%s+ext", name);
    for (size_t k = 0; k < NEXPECTED; k++) {
        if (strcmp(EXPECTED[k].capture, name) && strcmp(EXPECTED[k].capture, ext))
            continue;
        if (used[k] != EXPECTED[k].count)
            printf("  MISS %s: \"%s\" -> \"%s\" seen %d of %d\n", EXPECTED[k].capture, EXPECTED[k].sigrok,
                   EXPECTED[k].ours, used[k], EXPECTED[k].count);
        CHECK_EQ(used[k], EXPECTED[k].count);
    }
}

/* Our frames (and DCF77 seconds) against sigrok's annotations in `txt`. */
static void against_sigrok(const row_t *row, const replay_input_t *in, const char *decoder, const char *name,
                           const char *txt, tally_t *t)
{
    int nann = 0;
    ann_t *ann = load_ann(txt, &nann);
    CHECK(ann != NULL);
    frames_t sg = {0}, us = {0}, sgb = {0}, usb = {0};
    const char *p = row->protocol;
    if (!strcmp(p, "ir_nec") || !strcmp(p, "ir_other"))
        sigrok_nec(ann, nann, &sg);
    else if (!strcmp(p, "ir_rc5"))
        sigrok_rc5(ann, nann, &sg);
    else if (!strcmp(p, "ir_rc6"))
        sigrok_rc6(ann, nann, &sg);
    else if (!strcmp(p, "ir_sirc"))
        sigrok_sirc(ann, nann, &sg);
    else if (!strcmp(p, "dcf77"))
        sigrok_dcf77(ann, nann, &sgb, &sg);
    else
        sigrok_dht(ann, nann, &sg);
    CHECK(nann == 0 || sg.n + sgb.n > 0); /* annotations that give no frame: the wrong protocol */
    replay_decoder_t dec;
    run_ideal(in, decoder, &dec);
    as_samples(&dec.frames, row->rate, &us);
    as_samples(&dec.bits, row->rate, &usb);
    compare(name, &sgb, &usb, row->rate / 500, t); /* DCF77: every second and its place */
    compare(name, &sg, &us, row->rate / 500, t);
    printf("%s: sigrok %d, pinq-replay %d, agree %d, listed differences %d, failed %d\n", name, t->sigrok, t->ours,
           t->matched, t->expected, t->failed);
    replay_decoder_free(&dec);
    free(ann);
    free(sg.f), free(us.f), free(sgb.f), free(usb.f);
}

/* sigrok's graycode decoder annotates each interval between two
 * transitions with four lines of that interval's span: the phase value,
 * the count, two periods; runs of one direction get one line ("+1") over
 * their whole span, which no interval shares. The count at each
 * interval's start (the second line of its span), in order. */
static int sigrok_counts(const char *txt, uint64_t *at, long *count, int max)
{
    int nann = 0, n = 0;
    ann_t *a = load_ann(txt, &nann);
    CHECK(a != NULL);
    for (int i = 0; a && i < nann && n < max; i++) {
        int before = 0, same = 0;
        for (int j = 0; j < nann; j++) {
            bool key = a[j].ss == a[i].ss && a[j].es == a[i].es;
            same += key;
            before += key && j < i;
        }
        if (same == 4 && before == 1) {
            at[n] = a[i].ss;
            count[n++] = atol(a[i].text);
        }
    }
    free(a);
    return n;
}

/* The encoder stage's position after each step, against sigrok's count.
 * pinq counts +1 for 00 -> 01 -> 11 -> 10 with phase A the high bit;
 * graycode reads d1 d0 as a Gray number, so the rows name the phases
 * "1+0" here (A = channel 1) for both to count alike. sigrok's first
 * interval (from sample 0) has no step; the interval after the capture's
 * last transition never ends, so that step has no count (docs/replay.md). */
static void rotary(const replay_input_t *in, const char *txt, uint64_t rate)
{
    enum { MAX = 4096 };
    static uint64_t at[MAX];
    static long count[MAX];
    int n = sigrok_counts(txt, at, count, MAX), matched = 0;
    replay_decoder_t dec;
    run_ideal(in, "encoder", &dec);
    long pos = 0;
    for (size_t i = 0; i < dec.frames.n; i++) {
        pinq_ticks_t t = dec.frames.f[i].ts;
        pos += atol(dec.frames.f[i].text + 5); /* "STEP +1" */
        uint64_t sample = t / REPLAY_TPS * rate + t % REPLAY_TPS * rate / REPLAY_TPS;
        int k = (int)i + 1; /* interval k begins at step i */
        matched += k < n && at[k] == sample && count[k] == pos;
    }
    replay_counts_t c = replay_decoder_counts(&dec);
    printf("rotary: %u steps, %d of sigrok's %d counts equal, position %ld (%d..%d)\n", c.frames, matched, n - 1,
           pos, (int)dec.pos_min, (int)dec.pos_max);
    CHECK_EQ(count[0], 0);
    CHECK_EQ(matched, n - 1);
    CHECK_EQ(dec.frames.n, (size_t)n); /* the first interval has no step, the last step no interval */
    CHECK_EQ(c.errors + c.lost, 0);
    replay_decoder_free(&dec);
}

static void capture(const row_t *row, const char *name)
{
    capture_t *c;
    replay_input_t in;
    char err[1024], stem[1100];
    bool rot = !strcmp(row->protocol, "rotary");
    CHECK_EQ(capture_load(row->path, &c, err, sizeof err), 0);
    CHECK_EQ(replay_input_load(c, rot ? "1+0" : row->channel, &in, err, sizeof err), 0);
    capture_free(c);
    snprintf(stem, sizeof stem, "%.*s.expected.txt", (int)(strrchr(row->path, '.') - row->path), row->path);
    if (rot) {
        CHECK(!strcmp(row->channel, "0+1"));
        rotary(&in, stem, row->rate);
    } else {
        tally_t t = {0};
        against_sigrok(row, &in, replay_decoder_for_protocol(row->protocol), name, stem, &t);
        CHECK_EQ(t.failed, 0);
        memcpy(strstr(stem, ".expected.txt"), ".expected.extended.txt", sizeof ".expected.extended.txt");
        FILE *ext = fopen(stem, "r");
        if (ext) { /* the same capture with 16-bit NEC addresses on both sides */
            char xname[300];
            tally_t x = {0};
            fclose(ext);
            snprintf(xname, sizeof xname, "%s+ext", name);
            against_sigrok(row, &in, "nec-ext", xname, stem, &x);
            CHECK_EQ(x.failed, 0);
        }
        check_listed(name);
    }
    replay_input_free(&in);
}

int main(int argc, char **argv)
{
    row_t row;
    char name[256];
    if (argc != 3) {
        fprintf(stderr, "usage: test_replay_captures CAPTURES_DIR PATH_IN_MANIFEST\n");
        return 2;
    }
    CHECK(find_row(argv[1], argv[2], &row));
    base_name(argv[2], name, sizeof name);
    if (check_fail == 0)
        capture(&row, name);
    return check_done("test_replay_captures");
}
