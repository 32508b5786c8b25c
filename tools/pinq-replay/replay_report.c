/* replay_report.c - one run in words and figures. */
#include <inttypes.h>

#include "replay_report.h"

const char *replay_fmt_time(pinq_ticks_t t, char *buf, size_t len)
{
    static const struct {
        const char *unit;
        double ns;
    } units[] = {{"s", 1e9}, {"ms", 1e6}, {"us", 1e3}};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if ((double)t >= units[i].ns) {
            snprintf(buf, len, "%.4g%s", (double)t / units[i].ns, units[i].unit);
            return buf;
        }
    snprintf(buf, len, "%" PRIu64 "ns", t);
    return buf;
}

static void print_window(FILE *f, const char *what, const replay_window_t *w)
{
    char a[24], b[24];
    if (w->every)
        fprintf(f, ", %s %s every %s", what, replay_fmt_time(w->len, a, sizeof a),
                replay_fmt_time(w->every, b, sizeof b));
}

/* "0..50us", or "0..50% of it" */
static const char *jitter(const replay_jitter_t *j, char *buf, size_t len)
{
    char t[24];
    if (j->pct)
        snprintf(buf, len, "0..%u%% of it", j->pct);
    else
        snprintf(buf, len, "0..%s", replay_fmt_time(j->ticks, t, sizeof t));
    return buf;
}

static const char *policy_name(uint8_t p)
{
    return p == PINQ_DROP_OLDEST ? "drop-oldest" : p == PINQ_COALESCE ? "coalesce" : "drop-newest";
}

void replay_print_model(FILE *f, const replay_model_t *m)
{
    char a[24], b[24];
    if (m->kind == REPLAY_POLL) {
        fprintf(f, "model: polling every %s", replay_fmt_time(m->poll_period, a, sizeof a));
        if (m->poll_jitter.ticks || m->poll_jitter.pct)
            fprintf(f, " + %s", jitter(&m->poll_jitter, a, sizeof a));
        fprintf(f, " (pinq_post_sample), consumer at each sample");
    } else {
        fprintf(f, "model: interrupt, entry %s + %s after the edge, stamped at %s",
                replay_fmt_time(m->isr_latency, a, sizeof a), jitter(&m->isr_jitter, b, sizeof b),
                m->stamp == REPLAY_STAMP_EDGE ? "the edge (capture timer)" : "ISR entry (pinq_post)");
        print_window(f, "masked", &m->masked);
        if (m->loop)
            fprintf(f, ", consumer every %s", replay_fmt_time(m->loop, a, sizeof a));
        else
            fprintf(f, ", consumer after every interrupt");
    }
    print_window(f, "stalled", &m->stall);
    fprintf(f, "; ring %" PRIu32 " %s", m->queue, policy_name(m->policy));
    if (m->budget)
        fprintf(f, ", budget %u", m->budget);
    fprintf(f, "; seed %" PRIu64 "\n", m->seed);
}

static void print_list(FILE *f, const replay_frames_t *fs)
{
    for (size_t i = 0; i < fs->n; i++)
        fprintf(f, "  %12.6f  %s\n", (double)fs->f[i].ts / REPLAY_TPS, fs->f[i].text);
}

void replay_print_frames(FILE *f, const replay_decoder_t *d)
{
    fprintf(f, "frames (start in s from the capture's start):\n");
    print_list(f, &d->bits);
    print_list(f, &d->frames);
}

void replay_print_counters(FILE *f, const replay_model_t *m, const replay_decoder_t *d, const replay_result_t *r)
{
    char a[24], b[24], c[24], note[160];
    const pinq_ring_stats_t *s = &r->ring;
    fprintf(f, "line:    edges %" PRIu64 ", posted %" PRIu64 ", hidden from pinq %" PRIu64 " (%s)\n", r->edges,
            r->posts, r->hidden,
            m->kind == REPLAY_POLL ? "came and went between samples" : "merged while the interrupt was pending");
    fprintf(f, "pinq:    produced %" PRIu32 ", delivered %" PRIu32 ", dropped %" PRIu32 ", coalesced %" PRIu32
               ", high water %" PRIu32 "; RESYNC events %" PRIu32 " (%" PRIu64 " lost)\n",
            s->produced, s->delivered, s->dropped, s->coalesced, s->high_water, r->resyncs, r->resync_lost);
    replay_counts_t n = replay_decoder_counts(d);
    replay_decoder_note(d, note, sizeof note);
    fprintf(f, "decoder: frames %" PRIu32 ", errors %" PRIu32 ", lost %" PRIu32 "%s%s\n", n.frames, n.errors, n.lost,
            note[0] ? "; " : "", note);
    if (r->nlatency)
        fprintf(f, "latency: p50 %s, p99 %s, max %s (edge on the wire to pinq_dispatch's handler, %zu edges)\n",
                replay_fmt_time(r->p50, a, sizeof a), replay_fmt_time(r->p99, b, sizeof b),
                replay_fmt_time(r->max, c, sizeof c), r->nlatency);
}
