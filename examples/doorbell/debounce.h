/* debounce.h - minimal lockout debounce computed from edge timestamps
 * (the ISR's, never the time the main loop happens to look). Local to the
 * example; the library's debounce module is separate. */
#ifndef DOORBELL_DEBOUNCE_H
#define DOORBELL_DEBOUNCE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct debounce {
    uint64_t lockout;  /* ticks during which edges after an accepted one are bounce */
    uint64_t last;     /* timestamp of the last accepted edge */
    uint8_t state;     /* debounced level */
    uint8_t accepted;  /* an edge has been accepted: `last` is valid */
} debounce_t;

void debounce_init(debounce_t *d, uint64_t lockout, int level);

/* Feed one edge; true if it changes the debounced level (to `level`). */
bool debounce_edge(debounce_t *d, uint64_t ts, int level);

#endif
