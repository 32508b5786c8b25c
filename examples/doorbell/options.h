/* options.h - the demo's command line. */
#ifndef DOORBELL_OPTIONS_H
#define DOORBELL_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "run.h"

typedef struct options {
    run_cfg_t run;
    const char *strategies; /* subset of "abc", in order */
    uint32_t irq_slices;    /* (c): dispatches per work unit */
    bool csv;
} options_t;

enum { OPT_RUN = 0, OPT_HELP = 1, OPT_ERROR = 2 };

/* Parses argv into *o (defaults first). OPT_ERROR after printing why. */
int options_parse(int argc, char **argv, options_t *o);
void options_usage(FILE *to);

#endif
