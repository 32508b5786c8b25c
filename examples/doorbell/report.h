/* report.h - the side-by-side table (or CSV) of the strategies' results,
 * and the exact conservation checks behind it. */
#ifndef DOORBELL_REPORT_H
#define DOORBELL_REPORT_H

#include <stdbool.h>

#include "run.h"

typedef struct row {
    const strategy_t *s;
    run_result_t r;
} row_t;

/* presses == seen + missed; ring produced == delivered + dropped +
 * coalesced + queued; for interrupts, edges sent == edges stamped. */
bool report_conserved(const row_t *row);

void report_table(const row_t *rows, unsigned n, const run_cfg_t *cfg);
void report_csv(const row_t *rows, unsigned n, const run_cfg_t *cfg);

#endif
