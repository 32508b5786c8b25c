/* main.c - pinq-replay: a capture's channel through the pinq pipeline
 * under a delivery model, decoded as the application would (replay.h);
 * one run, or a sweep of one knob against the ideal run. Exit status 0;
 * 1 for a capture, channel or output that cannot be used; 2 for a bad
 * option. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "replay_input.h"
#include "replay_report.h"
#include "replay_sweep.h"
#include "replay_vcd.h"

typedef struct job {
    const replay_opts_t *o;
    const char *decoder; /* resolved: --decoder, or the MANIFEST protocol's */
    const char *channel; /* resolved: --channel, the MANIFEST's, or NULL for the only one */
    replay_manifest_row_t row;
    replay_input_t in;
    char err[1024];
} job_t;

static int fail(const job_t *j, int status)
{
    fprintf(stderr, "pinq-replay: %s\n", j->err);
    return status;
}

/* The decoder and channel: the options', else the capture's MANIFEST row's. */
static int resolve(job_t *j)
{
    const replay_opts_t *o = j->o;
    int found = replay_manifest_find(o->capture, o->manifest, &j->row, j->err, sizeof j->err);
    if (found < 0)
        return 1;
    j->decoder = o->decoder ? o->decoder : found ? replay_decoder_for_protocol(j->row.protocol) : NULL;
    j->channel = o->channel ? o->channel : found ? j->row.channel : NULL;
    replay_decoder_t probe;
    uint8_t initial[2] = {0, 0};
    if (!j->decoder)
        return snprintf(j->err, sizeof j->err, "%s: no decoder for it in a MANIFEST.tsv: name one with --decoder (%s)",
                        o->capture, REPLAY_DECODERS), 2;
    if (replay_decoder_init(&probe, j->decoder, REPLAY_TPS, o->active, initial))
        return snprintf(j->err, sizeof j->err, "unknown decoder '%s' (%s)", j->decoder, REPLAY_DECODERS), 2;
    j->in.nlines = replay_decoder_lines(&probe); /* what the decoder needs, checked against the channels */
    replay_decoder_free(&probe);
    return 0;
}

/* The capture, then the decoder and channels it is read with. */
static int load(job_t *j)
{
    capture_t *c;
    if (capture_load(j->o->capture, &c, j->err, sizeof j->err))
        return 1;
    int rc = resolve(j), need = j->in.nlines;
    if (rc == 0 && replay_input_load(c, j->channel, &j->in, j->err, sizeof j->err))
        rc = 1;
    if (rc == 0 && j->in.nlines != need) {
        snprintf(j->err, sizeof j->err, "decoder %s takes %s", j->decoder,
                 need == 2 ? "two channels: --channel A+B" : "one channel: --channel NAME");
        rc = 1;
    }
    if (rc == 0)
        printf("%s: channel '%s%s%s', %zu edges, %.6g s; decoder %s\n", j->o->capture, j->in.line[0].name,
               j->in.nlines > 1 ? "' + '" : "", j->in.nlines > 1 ? j->in.line[1].name : "",
               j->in.line[0].n + (j->in.nlines > 1 ? j->in.line[1].n : 0), (double)j->in.end / REPLAY_TPS,
               j->decoder);
    capture_free(c);
    return rc;
}

/* The run against the ideal one: how many frames it kept, which it made up. */
static void against_ideal(job_t *j, const replay_decoder_t *dec)
{
    replay_model_t m;
    replay_decoder_t ideal;
    replay_result_t r;
    replay_model_ideal(&m);
    replay_once(&j->in, j->decoder, j->o->active, &m, &ideal, &r);
    replay_agreement_t a = replay_compare(&ideal, dec, &j->o->model, stdout);
    printf("ideal:   %zu of the ideal run's %zu frames decoded alike (%.1f%%), %zu with less in them, %zu wrong\n",
           a.agree, a.ideal, 100 * replay_success(&a), a.partial, a.wrong);
    replay_decoder_free(&ideal);
    replay_result_free(&r);
}

static int one(job_t *j)
{
    const replay_opts_t *o = j->o;
    replay_decoder_t dec;
    replay_result_t r;
    if (replay_once(&j->in, j->decoder, o->active, &o->model, &dec, &r)) {
        snprintf(j->err, sizeof j->err, "the model cannot be run (%s)", pinq_strerror(PINQ_EINVAL));
        replay_decoder_free(&dec);
        replay_result_free(&r);
        return fail(j, 2);
    }
    replay_print_model(stdout, &o->model);
    if (o->frames)
        replay_print_frames(stdout, &dec);
    replay_print_counters(stdout, &o->model, &dec, &r);
    against_ideal(j, &dec);
    int rc = o->vcd && replay_vcd_write(o->vcd, &j->in, &r, j->err, sizeof j->err) ? fail(j, 1) : 0;
    replay_decoder_free(&dec);
    replay_result_free(&r);
    return rc;
}

static int sweep(job_t *j)
{
    const replay_opts_t *o = j->o;
    replay_sweep_t s;
    replay_model_t first;
    char title[1200];
    replay_sweep_model(&o->sw, &o->model, o->sw.lo, &first);
    printf("at the sweep's first value, ");
    replay_print_model(stdout, &first);
    printf("sweep %s; success: the ideal run's frames decoded alike\n", o->text);
    if (replay_sweep_run(&j->in, j->decoder, o->active, &o->model, &o->sw, &s)) {
        snprintf(j->err, sizeof j->err, "the sweep's model cannot be run (%s)", pinq_strerror(PINQ_EINVAL));
        replay_sweep_free(&s);
        return fail(j, 2);
    }
    replay_sweep_print(stdout, &s);
    snprintf(title, sizeof title, "%s (%s): frames decoded as with ideal delivery", o->capture, j->decoder);
    int rc = o->plot && replay_sweep_plot(o->plot, &s, title, j->err, sizeof j->err) ? fail(j, 1) : 0;
    replay_sweep_free(&s);
    return rc;
}

int main(int argc, char **argv)
{
    replay_opts_t o;
    job_t j = {.o = &o};
    int rc = replay_opts_parse(argc, argv, &o, j.err, sizeof j.err);
    if (rc == 1) {
        fputs(replay_usage, stdout);
        return 0;
    }
    if (rc < 0)
        return fail(&j, 2);
    if ((rc = load(&j)) != 0) {
        replay_input_free(&j.in);
        return fail(&j, rc);
    }
    rc = o.sweep ? sweep(&j) : one(&j);
    replay_input_free(&j.in);
    return rc;
}
