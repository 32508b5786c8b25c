/* frt_lines.h - the per-line books the FreeRTOS tests keep as a consumer
 * pops: events and reported losses per line, and the order check. Each
 * producer alternates its line's level (1, 0, 1, ...), so every post is
 * an edge, and a RESYNC carries the level of the last event it reports
 * lost: a swapped, repeated or misplaced event breaks the chain. */
#ifndef FRT_LINES_H
#define FRT_LINES_H

#include <stdbool.h>
#include <stdint.h>

#include "pinq.h"

typedef struct frt_line {
    volatile uint32_t posted; /* by the line's ISR: posts that returned PINQ_OK or PINQ_EFULL */
    uint32_t delivered, lost, breaks;
    uint8_t level;   /* the chain: level of the last event seen or reported lost */
    pinq_ticks_t ts; /* of the last event delivered */
} frt_line_t;

/* The level the line's ISR posts next (alternating, from 1). */
static inline int frt_line_next(frt_line_t *l)
{
    return (int)(l->posted & 1u) ^ 1;
}

/* Account one popped event (consumer). */
static inline void frt_line_take(frt_line_t *l, const pinq_event_t *ev)
{
    uint8_t lv = (uint8_t)PINQ_LEVEL(ev);
    if (ev->kind == PINQ_EV_RESYNC) {
        l->lost += ev->lost;
        l->breaks += lv != (uint8_t)(l->level ^ (ev->lost & 1u));
    } else {
        l->delivered++;
        l->breaks += lv != (uint8_t)(l->level ^ 1u) || ev->ts < l->ts ||
                     ev->kind != (lv ? PINQ_EV_RISE : PINQ_EV_FALL);
        l->ts = ev->ts;
    }
    l->level = lv;
}

/* Every post accounted for: delivered or reported lost. */
static inline bool frt_line_balanced(const frt_line_t *l)
{
    return l->posted == l->delivered + l->lost;
}

#endif
