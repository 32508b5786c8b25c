/* replay_sweep.c - runs compared with the ideal run, one knob swept. */
#include <inttypes.h>
#include <stdlib.h>

#include "replay_report.h"
#include "replay_sweep.h"

int replay_once(const replay_input_t *in, const char *decoder, int active, const replay_model_t *m,
                replay_decoder_t *dec, replay_result_t *r)
{
    uint8_t initial[REPLAY_MAX_LINES] = {in->line[0].initial, in->nlines > 1 ? in->line[1].initial : 0};
    *r = (replay_result_t){0};
    if (replay_decoder_init(dec, decoder, REPLAY_TPS, active, initial))
        return -1;
    return replay_run(in, m, dec, r);
}

replay_agreement_t replay_compare(const replay_decoder_t *ideal, const replay_decoder_t *got, const replay_model_t *m,
                                  FILE *wrong)
{
    replay_agreement_t a = {0};
    pinq_ticks_t tol = REPLAY_MATCH_TOL + replay_model_delay(m);
    replay_agree(&ideal->frames, &got->frames, tol, &a, wrong);
    replay_agree(&ideal->bits, &got->bits, tol, &a, wrong);
    return a;
}

void replay_sweep_model(const replay_sweep_spec_t *sw, const replay_model_t *base, pinq_ticks_t v, replay_model_t *m)
{
    *m = *base;
    if (sw->knob == REPLAY_KNOB_POLL_PERIOD) {
        m->kind = REPLAY_POLL;
        m->poll_period = v;
    } else if (sw->knob == REPLAY_KNOB_ISR_LATENCY) {
        m->isr_latency = v;
    } else {
        m->isr_jitter = (replay_jitter_t){.ticks = v};
    }
}

static int point(const replay_input_t *in, const char *decoder, int active, const replay_model_t *m,
                 const replay_decoder_t *ideal, replay_sweep_point_t *p)
{
    replay_decoder_t dec;
    replay_result_t r;
    int err = replay_once(in, decoder, active, m, &dec, &r);
    if (!err) {
        p->a = replay_compare(ideal, &dec, m, NULL);
        p->counts = replay_decoder_counts(&dec);
        p->hidden = r.hidden;
        p->dropped = r.ring.dropped;
        p->resyncs = r.resyncs;
    }
    replay_decoder_free(&dec);
    replay_result_free(&r);
    return err ? -1 : 0;
}

int replay_sweep_run(const replay_input_t *in, const char *decoder, int active, const replay_model_t *base,
                     const replay_sweep_spec_t *sw, replay_sweep_t *out)
{
    replay_model_t ideal_model, m;
    replay_decoder_t ideal;
    replay_result_t r;
    replay_model_ideal(&ideal_model);
    *out = (replay_sweep_t){.spec = *sw, .p = calloc((size_t)sw->n, sizeof *out->p)};
    if (!out->p)
        return -1;
    int err = replay_once(in, decoder, active, &ideal_model, &ideal, &r);
    replay_result_free(&r);
    for (int i = 0; i < sw->n && !err; i++) {
        pinq_ticks_t v = sw->lo + (sw->hi - sw->lo) * (pinq_ticks_t)i / (pinq_ticks_t)(sw->n - 1);
        out->p[i].value = v;
        replay_sweep_model(sw, base, v, &m);
        err = point(in, decoder, active, &m, &ideal, &out->p[i]);
    }
    replay_decoder_free(&ideal);
    return err;
}

void replay_sweep_free(replay_sweep_t *s)
{
    free(s->p);
    s->p = NULL;
}

static const char *knob_name(uint8_t knob)
{
    return knob == REPLAY_KNOB_POLL_PERIOD ? "poll-period" : knob == REPLAY_KNOB_ISR_LATENCY ? "isr-latency"
                                                                                             : "isr-jitter";
}

void replay_sweep_print(FILE *f, const replay_sweep_t *s)
{
    char v[24];
    fprintf(f, "%-12s %7s %7s %7s %6s %8s %7s %8s %7s %6s\n", knob_name(s->spec.knob), "ideal", "agree", "partial",
            "wrong", "success", "hidden", "dropped", "resync", "lost");
    for (int i = 0; i < s->spec.n; i++) {
        const replay_sweep_point_t *p = &s->p[i];
        fprintf(f, "%-12s %7zu %7zu %7zu %6zu %7.1f%% %7" PRIu64 " %8" PRIu32 " %7" PRIu32 " %6" PRIu32 "\n",
                replay_fmt_time(p->value, v, sizeof v), p->a.ideal, p->a.agree, p->a.partial, p->a.wrong,
                100 * replay_success(&p->a), p->hidden, p->dropped, p->resyncs, p->counts.lost);
    }
}
