/* schedule.h - what the doorbell user does: seeded, reproducible presses
 * with realistic hold times and contact bounce on both transitions.
 * Pure computation (no clock, no I/O) so that tests can check it exactly. */
#ifndef DOORBELL_SCHEDULE_H
#define DOORBELL_SCHEDULE_H

#include <stdint.h>

#define HOLD_MIN_MS 80     /* a quick jab */
#define HOLD_MAX_MS 300    /* a deliberate press */
#define GAP_MIN_MS 150     /* pin settled up before the next press */
#define GAP_MAX_MS 600
#define BOUNCE_MAX_EDGES 7 /* edges of one transition, bounce included */
#define BOUNCE_STEP_MIN_US 150
#define BOUNCE_STEP_MAX_US 800 /* 7 edges span at most 4.8 ms */

/* One transition of the contact: n edges (odd), alternating levels, the
 * first and the last one at the new level. */
typedef struct transition {
    uint8_t n;
    uint32_t at_us[BOUNCE_MAX_EDGES]; /* offsets from the first edge; at_us[0] == 0 */
} transition_t;

typedef struct press_plan {
    uint64_t down_us; /* first edge of the press, from the start of the run */
    uint64_t up_us;   /* first edge of the release */
    transition_t down, up;
} press_plan_t;

typedef struct schedule {
    uint64_t rng;
    uint64_t settled_us; /* when the previous release stopped bouncing */
} schedule_t;

void schedule_init(schedule_t *s, uint64_t seed);

/* The next press, after the previous one. */
void schedule_next(schedule_t *s, press_plan_t *p);

/* Level left by edge i of a transition to level `to`. */
static inline int transition_level(int to, unsigned i)
{
    return (i & 1u) ? !to : to;
}

#endif
