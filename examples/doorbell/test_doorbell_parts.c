/* test_doorbell_parts.c - exact tests of the doorbell example's pure parts:
 * the seeded schedule, the timestamp debounce and the scoring. */
#include <stdbool.h>
#include <string.h>

#include "check.h"
#include "debounce.h"
#include "schedule.h"
#include "score.h"

#define MS UINT64_C(1000000)

static void check_transition(const transition_t *t)
{
    CHECK(t->n >= 3 && t->n <= BOUNCE_MAX_EDGES && (t->n & 1));
    CHECK_EQ(t->at_us[0], 0);
    for (unsigned i = 1; i < t->n; i++)
        CHECK(t->at_us[i] >= t->at_us[i - 1] + BOUNCE_STEP_MIN_US && t->at_us[i] <= t->at_us[i - 1] + BOUNCE_STEP_MAX_US);
    CHECK(t->at_us[t->n - 1] <= 5000); /* "several edges within ~1-5 ms" */
}

static void test_schedule_shape(void)
{
    schedule_t s;
    schedule_init(&s, 42);
    uint64_t settled = 0;
    unsigned bounce_counts[BOUNCE_MAX_EDGES + 1] = {0};
    for (int k = 0; k < 1000; k++) {
        press_plan_t p;
        schedule_next(&s, &p);
        CHECK(p.down_us >= settled + GAP_MIN_MS * 1000u && p.down_us <= settled + GAP_MAX_MS * 1000u);
        CHECK(p.up_us >= p.down_us + HOLD_MIN_MS * 1000u && p.up_us <= p.down_us + HOLD_MAX_MS * 1000u);
        check_transition(&p.down);
        check_transition(&p.up);
        bounce_counts[p.down.n]++;
        settled = p.up_us + p.up.at_us[p.up.n - 1];
        CHECK_EQ(s.settled_us, settled);
    }
    CHECK(bounce_counts[3] > 0 && bounce_counts[5] > 0 && bounce_counts[7] > 0); /* every bounce length occurs */
}

static bool transition_eq(const transition_t *a, const transition_t *b)
{
    return a->n == b->n && memcmp(a->at_us, b->at_us, a->n * sizeof a->at_us[0]) == 0;
}

/* Field by field: memcmp would also compare padding. */
static bool plan_eq(const press_plan_t *a, const press_plan_t *b)
{
    return a->down_us == b->down_us && a->up_us == b->up_us && transition_eq(&a->down, &b->down) &&
           transition_eq(&a->up, &b->up);
}

static void test_schedule_seeded(void)
{
    schedule_t s1, s2, s3;
    schedule_init(&s1, 7);
    schedule_init(&s2, 7);
    schedule_init(&s3, 8);
    int same = 1, differ = 0;
    for (int k = 0; k < 50; k++) {
        press_plan_t a, b, c;
        schedule_next(&s1, &a);
        schedule_next(&s2, &b);
        schedule_next(&s3, &c);
        same &= plan_eq(&a, &b);
        differ |= a.down_us != c.down_us;
    }
    CHECK(same);
    CHECK(differ);
}

static void test_transition_level(void)
{
    CHECK_EQ(transition_level(1, 0), 1);
    CHECK_EQ(transition_level(1, 1), 0);
    CHECK_EQ(transition_level(1, 6), 1);
    CHECK_EQ(transition_level(0, 0), 0);
    CHECK_EQ(transition_level(0, 3), 1);
}

static void test_debounce(void)
{
    debounce_t d;
    debounce_init(&d, 20 * MS, 0);
    CHECK(!debounce_edge(&d, 1 * MS, 0)); /* no change */
    /* a press bouncing 1 0 1 0 1 over 4 ms: only its first edge counts */
    CHECK(debounce_edge(&d, 10 * MS, 1));
    CHECK(!debounce_edge(&d, 11 * MS, 0));
    CHECK(!debounce_edge(&d, 12 * MS, 1));
    CHECK(!debounce_edge(&d, 13 * MS, 0));
    CHECK(!debounce_edge(&d, 14 * MS, 1));
    CHECK_EQ(d.state, 1);
    CHECK(!debounce_edge(&d, 29 * MS, 0)); /* still inside the lockout */
    CHECK(debounce_edge(&d, 30 * MS, 0));  /* lockout over: the release */
    CHECK(!debounce_edge(&d, 31 * MS, 1));
    CHECK_EQ(d.state, 0);
    CHECK(!debounce_edge(&d, 100 * MS, 0)); /* same level after the lockout */
    CHECK(debounce_edge(&d, 101 * MS, 1));
}

static void test_score_matching(void)
{
    const uint64_t down[] = {100 * MS, 500 * MS, 900 * MS};
    const reaction_t r[] = {
        {.stamp_ns = 50 * MS, .react_ns = 60 * MS},   /* before any press: spurious */
        {.stamp_ns = 101 * MS, .react_ns = 130 * MS}, /* press 0, 30 ms */
        {.stamp_ns = 200 * MS, .react_ns = 200 * MS}, /* press 0 again: spurious */
        {.stamp_ns = 950 * MS, .react_ns = 980 * MS}, /* press 2, 80 ms: late */
    };
    uint64_t scratch[3];
    score_t s;
    score_run(down, 3, r, 4, 60 * MS, scratch, &s);
    CHECK_EQ(s.presses, 3);
    CHECK_EQ(s.seen, 2);
    CHECK_EQ(s.missed, 1);
    CHECK_EQ(s.presses, s.seen + s.missed);
    CHECK_EQ(s.spurious, 2);
    CHECK_EQ(s.late, 1);
    CHECK_EQ(score_deadline_misses(&s), 2);
    CHECK(s.p50_ms == 30.0 && s.p99_ms == 80.0 && s.max_ms == 80.0);
    CHECK(s.stamp_err_ms == 50.0);
}

static void test_score_percentiles(void)
{
    enum { N = 100 };
    uint64_t down[N], scratch[N];
    reaction_t r[N];
    for (int k = 0; k < N; k++) { /* press k answered in (N - k) ms, out of order on purpose */
        down[k] = (uint64_t)k * 1000 * MS;
        r[k] = (reaction_t){.stamp_ns = down[k], .react_ns = down[k] + (uint64_t)(N - k) * MS};
    }
    score_t s;
    score_run(down, N, r, N, 60 * MS, scratch, &s);
    CHECK_EQ(s.seen, N);
    CHECK_EQ(s.late, 40);
    CHECK(s.p50_ms == 50.0 && s.p99_ms == 99.0 && s.max_ms == 100.0 && s.stamp_err_ms == 0.0);
    score_run(down, N, r, 0, 60 * MS, scratch, &s);
    CHECK_EQ(s.missed, N);
    CHECK_EQ(score_deadline_misses(&s), N);
}

int main(void)
{
    test_schedule_shape();
    test_schedule_seeded();
    test_transition_level();
    test_debounce();
    test_score_matching();
    test_score_percentiles();
    return check_done("test_doorbell_parts");
}
