/* stamp32_ring.h - a one-line ring that restores 32-bit ISR stamps from a
 * clock the test sets (fake_now), for the tests of that restoration. */
#ifndef STAMP32_RING_H
#define STAMP32_RING_H

#include "check.h"
#include "pinq.h"
#include "pinq_ring_fast.h"

#define CAP 8

static pinq_slot_t slots[CAP];
static pinq_lost_t lost[1];
static pinq_ring_t r;
static pinq_ticks_t fake_now;

static pinq_ticks_t clock_now(void)
{
    return fake_now;
}

/* A new ring whose clock reads `t0`: a ring never sees time go back. */
static void stamp32_ring_init(uint8_t mode, pinq_ticks_t t0)
{
    fake_now = t0;
    pinq_ring_cfg_t c = {.slots = slots, .capacity = CAP, .lost = lost, .nlines = 1, .mode = mode, .now = clock_now};
    CHECK_EQ(pinq_ring_init(&r, &c), PINQ_OK);
}

#endif
