/* debounce.c - lockout debounce: the first edge of a transition wins at
 * once (no added latency), the bounce that follows it is ignored. */
#include "debounce.h"

void debounce_init(debounce_t *d, uint64_t lockout, int level)
{
    *d = (debounce_t){.lockout = lockout, .state = (uint8_t)(level != 0)};
}

bool debounce_edge(debounce_t *d, uint64_t ts, int level)
{
    level = level != 0;
    if (d->accepted && ts - d->last < d->lockout)
        return false;
    if (level == d->state)
        return false;
    d->state = (uint8_t)level;
    d->last = ts;
    d->accepted = 1;
    return true;
}
