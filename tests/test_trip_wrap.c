/* test_trip_wrap.c - the storm trip wire (pinq_line_trip) against the wrap
 * of its clock's low 32 bits, with explicit timestamps (pinq_post_at) laid
 * out from the clock read just after arming. A slow line never trips: not
 * when a check lands just past a multiple of 2^32 ticks (the first window
 * starts at the arming, not at tick 0), nor when two checks are 2^32 ticks
 * and a little apart. A flood still trips: right after the arming, across
 * a wrap, and after a quiet gap longer than 2^32 ticks. Portable: needs
 * only the port's clock and critical sections. */
#include "check.h"
#include "pinq.h"

#define EVERY 16 /* posts per rate check */
#define TWO32 ((pinq_ticks_t)1 << 32)

enum { L_TRIP, NL };

static int read_low(void *ctx)
{
    (void)ctx;
    return 0;
}

static const pinq_line_cfg_t lines[NL] = {
    [L_TRIP] = {.trigger = PINQ_TRIG_BOTH, .read = read_low, .poll_period = 1000},
};

PINQ_DEFINE(q, lines, NL, 128, PINQ_MPSC, PINQ_DROP_NEWEST);
PINQ_POLL_STORAGE(q, NL);

static uint32_t window; /* EVERY posts at 1000 edges/s: anything faster trips */
static int level;

/* A fresh queue with the trip armed. Returns a tick no earlier than the
 * arming: posts stamped from there on are timed from the arming. */
static pinq_ticks_t arm(void)
{
    q_cfg.poll = q_poll;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_line_trip(&q, L_TRIP, EVERY, window), PINQ_OK);
    level = 0;
    return pinq_port_now();
}

/* One edge stamped ts, while the line is still on its interrupt. */
static void post(pinq_ticks_t ts)
{
    level ^= 1;
    CHECK_EQ(pinq_post_at(&q, L_TRIP, level, ts), PINQ_OK);
}

static int state(void)
{
    return pinq_line_state(&q, L_TRIP);
}

/* 2 edges/s, the first check's post just past a multiple of 2^32 ticks:
 * its low word is smaller than the window, yet 7.5 s have passed. */
static void test_slow_first_check_past_wrap(void)
{
    pinq_ticks_t t = arm();
    pinq_ticks_t half_s = pinq_port_ticks_per_sec() / 2;
    pinq_ticks_t wrap = ((t >> 32) + 1) << 32;
    while (wrap - (EVERY - 1) * half_s <= t)
        wrap += TWO32;
    pinq_ticks_t check = wrap + window / 2;
    for (int i = EVERY - 1; i >= 0; i--)
        post(check - (pinq_ticks_t)i * half_s);
    CHECK_EQ(state(), PINQ_LINE_ON);
    for (int i = 1; i <= EVERY; i++) /* the next window, at the same rate */
        post(check + (pinq_ticks_t)i * half_s);
    CHECK_EQ(state(), PINQ_LINE_ON);
}

/* About 3.7 edges/s, two checks 2^32 + window / 2 ticks apart: modulo
 * 2^32 that is half the window. */
static void test_slow_checks_2_32_apart(void)
{
    pinq_ticks_t t = arm();
    /* the first check's low word far from 0 and from the window */
    pinq_ticks_t first = ((t >> 32) + 2) << 32 | (TWO32 / 2);
    pinq_ticks_t step = TWO32 / EVERY;
    for (int i = EVERY - 1; i >= 0; i--)
        post(first - (pinq_ticks_t)i * step);
    CHECK_EQ(state(), PINQ_LINE_ON);
    pinq_ticks_t gap = TWO32 + window / 2;
    for (int i = 1; i <= EVERY; i++)
        post(first + gap * (pinq_ticks_t)i / EVERY);
    CHECK_EQ(state(), PINQ_LINE_ON);
    /* a flood after that long quiet still trips at its first full check */
    pinq_ticks_t ts = first + gap;
    for (int i = 1; i <= EVERY; i++)
        post(ts += window / (4 * EVERY));
    CHECK_EQ(state(), PINQ_LINE_POLLED);
}

/* Flood at once: the check on the EVERY-th post since the arming trips. */
static void test_flood_after_arming(void)
{
    pinq_ticks_t ts = arm();
    for (int i = 1; i < EVERY; i++)
        post(ts += window / (4 * EVERY));
    CHECK_EQ(state(), PINQ_LINE_ON);
    post(ts += window / (4 * EVERY));
    CHECK_EQ(state(), PINQ_LINE_POLLED);
    CHECK_EQ(pinq_post_at(&q, L_TRIP, !level, ts + 1), PINQ_EDISABLED);
}

/* A flood whose window spans a multiple of 2^32 ticks: its checks' low
 * words run backwards, the time between them is still half a window. */
static void test_flood_across_wrap(void)
{
    pinq_ticks_t t = arm();
    pinq_ticks_t wrap = ((t >> 32) + 2) << 32;
    pinq_ticks_t first = wrap - window / 4;
    pinq_ticks_t step = TWO32 / EVERY;
    for (int i = EVERY - 1; i >= 0; i--) /* slow: about 3.7 edges/s on a 1 GHz clock */
        post(first - (pinq_ticks_t)i * step);
    CHECK_EQ(state(), PINQ_LINE_ON);
    for (int i = 1; i <= EVERY; i++)
        post(first + (pinq_ticks_t)window / 2 * (pinq_ticks_t)i / EVERY);
    CHECK_EQ(state(), PINQ_LINE_POLLED);
}

/* Posts counted under an earlier arming do not shorten the first check of
 * a new one: 5 slow posts, disarm, re-arm, then 11 quick ones are fewer
 * than EVERY since the arming and must not trip. */
static void test_rearm_counts_from_zero(void)
{
    pinq_ticks_t t = arm();
    for (int i = 1; i <= 5; i++)
        post(t + (pinq_ticks_t)i * window);
    CHECK_EQ(pinq_line_trip(&q, L_TRIP, 0, 0), PINQ_OK);
    CHECK_EQ(pinq_line_trip(&q, L_TRIP, EVERY, window), PINQ_OK);
    t = pinq_port_now();
    for (int i = 1; i <= EVERY - 5; i++)
        post(t + (pinq_ticks_t)i);
    CHECK_EQ(state(), PINQ_LINE_ON);
}

int main(void)
{
    window = (uint32_t)((uint64_t)EVERY * pinq_port_ticks_per_sec() / 1000);
    CHECK(window >= 4 * EVERY); /* the floods below are faster than the window allows */
    test_slow_first_check_past_wrap();
    test_slow_checks_2_32_apart();
    test_flood_after_arming();
    test_flood_across_wrap();
    test_rearm_counts_from_zero();
    return check_done("test_trip_wrap");
}
