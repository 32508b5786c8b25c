/* test_stamp32.c - events stored with a 32-bit ISR stamp (what pinq_post()
 * stores on the Cortex-M and RISC-V ports) come out of the ring with the
 * full 64-bit time restored from the ring's clock, across 2^32 wraps, in
 * both index disciplines; events pushed with a full ts keep it. Drives the
 * ring's internal fast path with a fake clock, so it runs on the host. */
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

static void setup(uint8_t mode)
{
    pinq_ring_cfg_t c = {.slots = slots, .capacity = CAP, .lost = lost, .nlines = 1, .mode = mode, .now = clock_now};
    CHECK_EQ(pinq_ring_init(&r, &c), PINQ_OK);
}

/* An ISR stamps `at` (its low word only); the consumer pops at `now`. */
static pinq_ticks_t stamped_then_popped(pinq_ticks_t at, pinq_ticks_t now)
{
    fast_ev_t e = {.lo = (uint32_t)at, .tag = PINQ_TAG(0, PINQ_EV_RISE, 1) | PINQ_TAG_STAMP32 | PINQ_TAG_FIFO};
    CHECK(ring_fast_push(&r, e));
    fake_now = now;
    pinq_event_t ev = {0};
    CHECK_EQ(pinq_ring_pop(&r, &ev), 1);
    CHECK_EQ(ev.kind, PINQ_EV_RISE);
    CHECK_EQ(ev.level, 1); /* the hint bits are not part of the level */
    return ev.ts;
}

static void test_extend(uint8_t mode)
{
    setup(mode);
    static const struct {
        pinq_ticks_t at, now;
    } rows[] = {
        {5, 5},                                             /* popped at once */
        {UINT64_C(0xFFFFFFF0), UINT64_C(0x100000005)},      /* stamped before a wrap, popped after */
        {UINT64_C(0x700000003), UINT64_C(0x700000003) + UINT32_MAX}, /* the oldest an event may be */
        {UINT64_C(0x1234FFFFFFFF), UINT64_C(0x123500000000)}, /* a wrap of the high word too */
        {UINT64_C(0x80000000), UINT64_C(0x80000000)},
    };
    for (unsigned i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECK_EQ(stamped_then_popped(rows[i].at, rows[i].now), rows[i].at);
}

/* An event pushed with its full ts (pinq_post_at, a capture register, the
 * input engine's own events) is not touched, even far from the clock. */
static void test_full_ts_kept(void)
{
    setup(PINQ_SPSC);
    fake_now = 10;
    pinq_event_t in = {.ts = UINT64_C(0x5500000001), .line = 0, .kind = PINQ_EV_FALL, .level = 0};
    CHECK_EQ(pinq_ring_push(&r, &in), PINQ_OK);
    pinq_event_t out;
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    CHECK_EQ(out.ts, in.ts);
}

int main(void)
{
    test_extend(PINQ_SPSC);
    test_extend(PINQ_MPSC);
    test_full_ts_kept();
    return check_done("test_stamp32");
}
