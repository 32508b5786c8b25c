/* doorbell.c - the doorbell demo's entry point: runs the chosen strategies
 * one after another on the same seeded presses and reports them side by
 * side. Exit status: 0 normal run, 1 failure or broken conservation,
 * 2 bad command line. */
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "report.h"

static strategy_t strategy_for(char id, uint32_t work_ms, uint32_t irq_slices, char *label, size_t len)
{
    /* a samples once per unit, b twice */
    strategy_t s = {.id = id, .label = label, .source = PINQ_SRC_POLL, .slices = (uint32_t)(id - 'a' + 1)};
    if (id == 'c') {
        s.source = PINQ_SRC_IRQ;
        s.slices = irq_slices;
        snprintf(label, len, "c: irq + deferred, dispatch every %.3g ms", (double)work_ms / s.slices);
    } else {
        snprintf(label, len, "%c: poll %s per loop (every %.3g ms)", id, id == 'a' ? "once" : "twice",
                 (double)work_ms / s.slices);
    }
    return s;
}

int main(int argc, char **argv)
{
    options_t o;
    int p = options_parse(argc, argv, &o);
    if (p != OPT_RUN) {
        options_usage(p == OPT_HELP ? stdout : stderr);
        return p == OPT_HELP ? 0 : 2;
    }
    static char labels[3][64];
    strategy_t strategies[3];
    row_t rows[3];
    unsigned n = 0;
    bool ok = true;
    for (const char *id = o.strategies; *id; id++, n++) {
        strategies[n] = strategy_for(*id, o.run.work_ms, o.irq_slices, labels[n], sizeof labels[n]);
        rows[n].s = &strategies[n];
        if (!o.csv) /* a run takes seconds of real time: say what is going on */
            fprintf(stderr, "running %s ...\n", strategies[n].label);
        if (run_strategy(&strategies[n], &o.run, &rows[n].r) != 0)
            return 1;
        ok = ok && report_conserved(&rows[n]);
    }
    if (o.csv)
        report_csv(rows, n, &o.run);
    else
        report_table(rows, n, &o.run);
    for (unsigned i = 0; i < n && !o.csv; i++) /* the statistics report, as pinq-sim --stats prints it */
        printf("\n-- %s\n%s", rows[i].s->label, rows[i].r.stats);
    if (!ok)
        fprintf(stderr, "doorbell: counts are not conserved (see the notes above)\n");
    return ok ? 0 : 1;
}
