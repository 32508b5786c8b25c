/* report.c - printing results for people (table) and for scripts (CSV). */
#include "report.h"

#include <inttypes.h>
#include <stdio.h>

bool report_conserved(const row_t *row)
{
    const run_result_t *r = &row->r;
    const pinq_ring_stats_t *g = &r->ring;
    bool ok = r->score.presses == r->score.seen + r->score.missed;
    ok = ok && g->produced == g->delivered + g->dropped + g->coalesced + g->queued;
    return ok && (row->s->source != PINQ_SRC_IRQ || r->edges_sent == r->edges_stamped);
}

static bool meets(const row_t *row)
{
    return score_deadline_misses(&row->r.score) == 0;
}

static void table_row(const row_t *row)
{
    const score_t *sc = &row->r.score;
    printf("%-42s %7" PRIu32 " %5" PRIu32 " %6" PRIu32 " %8" PRIu32 " %7.1f %7.1f %7.1f %15" PRIu32 " %13.2f  %s\n",
           row->s->label, sc->presses, sc->seen, sc->missed, sc->spurious, sc->p50_ms, sc->p99_ms, sc->max_ms,
           score_deadline_misses(sc), sc->stamp_err_ms, meets(row) ? "yes" : "no");
}

static void table_notes(const row_t *row)
{
    const run_result_t *r = &row->r;
    printf("  %c: presses %" PRIu32 " = seen %" PRIu32 " + missed %" PRIu32 "; ring: produced %" PRIu32
           " = delivered %" PRIu32 " + dropped %" PRIu32 " + coalesced %" PRIu32 " + queued %" PRIu32,
           row->s->id, r->score.presses, r->score.seen, r->score.missed, r->ring.produced, r->ring.delivered,
           r->ring.dropped, r->ring.coalesced, r->ring.queued);
    if (row->s->source == PINQ_SRC_IRQ)
        printf("; edges signalled %" PRIu32 ", stamped by ISR %" PRIu32, r->edges_sent, r->edges_stamped);
    printf(" [%s]\n", report_conserved(row) ? "conserved" : "NOT CONSERVED");
}

void report_table(const row_t *rows, unsigned n, const run_cfg_t *cfg)
{
    printf("doorbell: %" PRIu32 " presses per strategy (seed %" PRIu64 "), work unit %" PRIu32 " ms, deadline %" PRIu32
           " ms\n\n",
           cfg->presses, cfg->seed, cfg->work_ms, cfg->deadline_ms);
    printf("%-42s %7s %5s %6s %8s %7s %7s %7s %15s %13s  meets %" PRIu32 " ms\n", "strategy", "presses", "seen",
           "missed", "spurious", "p50 ms", "p99 ms", "max ms", "deadline misses", "press-time err", cfg->deadline_ms);
    for (unsigned i = 0; i < n; i++)
        table_row(&rows[i]);
    printf("\nlatency: main-loop reaction minus the press's true first edge; deadline misses: late + missed.\n"
           "press-time err: how far the strategy's idea of when the press began is from the truth\n"
           "(polling only knows when it looked; the ISR stamps the edge itself).\n");
    for (unsigned i = 0; i < n; i++)
        table_notes(&rows[i]);
}

void report_csv(const row_t *rows, unsigned n, const run_cfg_t *cfg)
{
    printf("strategy,presses,seen,missed,spurious,p50_ms,p99_ms,max_ms,deadline_ms,deadline_misses,press_time_err_ms,"
           "meets_deadline,edges_signalled,edges_stamped,ring_produced,ring_delivered,ring_dropped,ring_coalesced,"
           "ring_queued,conserved\n");
    for (unsigned i = 0; i < n; i++) {
        const row_t *row = &rows[i];
        const run_result_t *r = &row->r;
        const score_t *sc = &r->score;
        printf("%c,%" PRIu32 ",%" PRIu32 ",%" PRIu32 ",%" PRIu32 ",%.3f,%.3f,%.3f,%" PRIu32 ",%" PRIu32 ",%.3f,%s,%" PRIu32
               ",%" PRIu32 ",%" PRIu32 ",%" PRIu32 ",%" PRIu32 ",%" PRIu32 ",%" PRIu32 ",%s\n",
               row->s->id, sc->presses, sc->seen, sc->missed, sc->spurious, sc->p50_ms, sc->p99_ms, sc->max_ms,
               cfg->deadline_ms, score_deadline_misses(sc), sc->stamp_err_ms, meets(row) ? "yes" : "no",
               r->edges_sent, r->edges_stamped, r->ring.produced, r->ring.delivered, r->ring.dropped,
               r->ring.coalesced, r->ring.queued, report_conserved(row) ? "yes" : "no");
    }
}
