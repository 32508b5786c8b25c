/* test_gesture.c - table-driven gesture and chord tests from timestamp
 * sequences: click, multi-click, long press, repeat, a click before a long
 * press, chords and near-chords. Every case runs with a prompt consumer
 * (ticked every ms), a stalled one (ticked once at the end) and across the
 * 64-bit tick wrap; all must report exactly the table. */
#include "trace.h"

typedef struct press {
    uint32_t t_us;
    uint16_t line;
    uint8_t down;
} press_t;

#define PRESS_END {UINT32_MAX, 0, 0}

typedef struct gcase {
    const char *name;
    pinq_gesture_cfg_t cfg;
    press_t in[16];
    uint32_t end_us;
    want_t want[16];
} gcase_t;

#define P PINQ_EV_PRESS
#define R PINQ_EV_RELEASE
#define C PINQ_EV_CLICK
#define L PINQ_EV_LONG
#define RP PINQ_EV_REPEAT
#define LU PINQ_EV_LONG_UP
#define CN PINQ_EV_COUNT

/* defaults of PINQ_BUTTON_DEFAULT, in host ticks */
#define STD {.click = 250 * MS, .multi = 300 * MS, .longp = {1000 * MS}, .repeat = 200 * MS}

/* CLICK is stamped when the sequence is known complete: last release +
 * multi, the release itself (multi 0, max_clicks, immediate), or press +
 * click for a press in the gap that is no click. */
static const gcase_t cases[] = {
    {"single click", STD, {{0, 0, 1}, {100000, 0, 0}, PRESS_END}, 2000000,
     {{P, 0, 0}, {R, 100000, 0}, {C, 400000, 1}, WANT_END}},
    {"double click", STD, {{0, 0, 1}, {80000, 0, 0}, {300000, 0, 1}, {380000, 0, 0}, PRESS_END}, 2000000,
     {{P, 0, 0}, {R, 80000, 0}, {P, 300000, 0}, {R, 380000, 0}, {C, 680000, 2}, WANT_END}},
    {"two singles: gap longer than multi", STD,
     {{0, 0, 1}, {80000, 0, 0}, {400000, 0, 1}, {480000, 0, 0}, PRESS_END}, 2000000,
     {{P, 0, 0}, {R, 80000, 0}, {C, 380000, 1}, {P, 400000, 0}, {R, 480000, 0}, {C, 780000, 1}, WANT_END}},
    {"gap of exactly multi: two singles", STD,
     {{0, 0, 1}, {80000, 0, 0}, {380000, 0, 1}, {460000, 0, 0}, PRESS_END}, 2000000,
     {{P, 0, 0}, {R, 80000, 0}, {C, 380000, 1}, {P, 380000, 0}, {R, 460000, 0}, {C, 760000, 1}, WANT_END}},
    {"press of exactly click: no click", STD, {{0, 0, 1}, {250000, 0, 0}, PRESS_END}, 2000000,
     {{P, 0, 0}, {R, 250000, 0}, WANT_END}},
    {"triple click", STD,
     {{0, 0, 1}, {50000, 0, 0}, {150000, 0, 1}, {200000, 0, 0}, {300000, 0, 1}, {350000, 0, 0}, PRESS_END},
     2000000,
     {{P, 0, 0}, {R, 50000, 0}, {P, 150000, 0}, {R, 200000, 0}, {P, 300000, 0}, {R, 350000, 0}, {C, 650000, 3},
      WANT_END}},
    {"long press fires while held", STD, {{0, 0, 1}, {1500000, 0, 0}, PRESS_END}, 3000000,
     {{P, 0, 0}, {L, 1000000, 1}, {R, 1500000, 0}, {LU, 1500000, 1}, WANT_END}},
    {"released exactly at longp: LONG first", STD, {{0, 0, 1}, {1000000, 0, 0}, PRESS_END}, 3000000,
     {{P, 0, 0}, {L, 1000000, 1}, {R, 1000000, 0}, {LU, 1000000, 1}, WANT_END}},
    {"three long thresholds", {.click = 250 * MS, .multi = 300 * MS, .longp = {500 * MS, 1000 * MS, 2000 * MS}},
     {{0, 0, 1}, {1500000, 0, 0}, PRESS_END}, 3000000,
     {{P, 0, 0}, {L, 500000, 1}, {L, 1000000, 2}, {R, 1500000, 0}, {LU, 1500000, 2}, WANT_END}},
    {"medium press is neither", STD, {{0, 0, 1}, {600000, 0, 0}, PRESS_END}, 3000000,
     {{P, 0, 0}, {R, 600000, 0}, WANT_END}},
    {"click then long press", STD, {{0, 0, 1}, {100000, 0, 0}, {200000, 0, 1}, {1300000, 0, 0}, PRESS_END}, 3000000,
     {{P, 0, 0}, {R, 100000, 0}, {P, 200000, 0}, {C, 450000, 1}, {L, 1200000, 1}, {R, 1300000, 0},
      {LU, 1300000, 1}, WANT_END}},
    {"auto-repeat while held",
     {.click = 250 * MS, .multi = 300 * MS, .repeat_delay = 500 * MS, .repeat = 200 * MS},
     {{0, 0, 1}, {1000000, 0, 0}, PRESS_END}, 3000000,
     {{P, 0, 0}, {RP, 500000, 1}, {RP, 700000, 2}, {RP, 900000, 3}, {R, 1000000, 0}, WANT_END}},
    {"long and repeat together",
     {.click = 250 * MS, .multi = 300 * MS, .longp = {600 * MS}, .repeat_delay = 500 * MS, .repeat = 200 * MS},
     {{0, 0, 1}, {750000, 0, 0}, PRESS_END}, 3000000,
     {{P, 0, 0}, {RP, 500000, 1}, {L, 600000, 1}, {RP, 700000, 2}, {R, 750000, 0}, {LU, 750000, 1}, WANT_END}},
    {"a repeat in the gap ends the sequence first",
     {.click = 250 * MS, .multi = 300 * MS, .repeat_delay = 100 * MS, .repeat = 100 * MS},
     {{0, 0, 1}, {50000, 0, 0}, {100000, 0, 1}, {250000, 0, 0}, PRESS_END}, 3000000,
     {{P, 0, 0}, {R, 50000, 0}, {P, 100000, 0}, {C, 200000, 1}, {RP, 200000, 1}, {R, 250000, 0}, WANT_END}},
    {"multi 0 reports at release", {.click = 250 * MS, .longp = {1000 * MS}},
     {{0, 0, 1}, {100000, 0, 0}, {150000, 0, 1}, {200000, 0, 0}, PRESS_END}, 3000000,
     {{P, 0, 0}, {R, 100000, 0}, {C, 100000, 1}, {P, 150000, 0}, {R, 200000, 0}, {C, 200000, 1}, WANT_END}},
    {"max_clicks reports at once", {.click = 250 * MS, .multi = 300 * MS, .max_clicks = 2},
     {{0, 0, 1}, {50000, 0, 0}, {100000, 0, 1}, {150000, 0, 0}, {200000, 0, 1}, {250000, 0, 0}, PRESS_END},
     3000000,
     {{P, 0, 0}, {R, 50000, 0}, {P, 100000, 0}, {R, 150000, 0}, {C, 150000, 2}, {P, 200000, 0}, {R, 250000, 0},
      {C, 550000, 1}, WANT_END}},
    {"running count", {.click = 250 * MS, .multi = 300 * MS, .flags = PINQ_GESTURE_COUNT},
     {{0, 0, 1}, {50000, 0, 0}, {100000, 0, 1}, {150000, 0, 0}, PRESS_END}, 3000000,
     {{P, 0, 0}, {R, 50000, 0}, {CN, 50000, 1}, {P, 100000, 0}, {R, 150000, 0}, {CN, 150000, 2}, {C, 450000, 2},
      WANT_END}},
    {"immediate clicks", {.click = 250 * MS, .multi = 300 * MS, .flags = PINQ_GESTURE_IMMEDIATE},
     {{0, 0, 1}, {50000, 0, 0}, {100000, 0, 1}, {150000, 0, 0}, PRESS_END}, 3000000,
     {{P, 0, 0}, {R, 50000, 0}, {C, 50000, 1}, {P, 100000, 0}, {R, 150000, 0}, {C, 150000, 2}, WANT_END}},
};

/* Table presses as PRESS/RELEASE events (active-low levels). */
static unsigned to_events(const press_t *in, pinq_event_t *ev)
{
    unsigned n = 0;
    for (const press_t *p = in; p->t_us != UINT32_MAX; p++)
        ev[n++] = (pinq_event_t){.ts = (pinq_ticks_t)p->t_us * US, .line = p->line, .level = !p->down,
                                 .kind = p->down ? PINQ_EV_PRESS : PINQ_EV_RELEASE};
    return n;
}

typedef struct gstage {
    const pinq_gesture_cfg_t *c;
    pinq_gesture_t s;
} gstage_t;

static void g_feed(void *p, const pinq_event_t *ev, const pinq_sink_t *out)
{
    gstage_t *g = p;
    pinq_gesture_feed(g->c, &g->s, ev, out);
}

static void g_tick(void *p, pinq_ticks_t now, const pinq_sink_t *out)
{
    gstage_t *g = p;
    pinq_gesture_tick(g->c, &g->s, now, out);
}

static void run(const void *cv, pinq_ticks_t base, uint32_t step_us, trace_t *t)
{
    const gcase_t *c = cv;
    gstage_t g = {.c = &c->cfg};
    pinq_gesture_init(&g.s, 0);
    pinq_event_t ev[16];
    unsigned n = to_events(c->in, ev);
    trace_reset(t, base);
    replay(&(stage_t){g_feed, g_tick, &g}, ev, n, c->end_us, step_us, t);
    pinq_ticks_t when;
    CHECK(!pinq_gesture_deadline(&c->cfg, &g.s, &when));
}

static void test_gestures(void)
{
    const pinq_ticks_t bases[] = {0, 987654321, UINT64_MAX - 90 * MS};
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(run, &cases[i], cases[i].want, cases[i].name, bases, 3, 1000);
}

/* ---- chords ---- */

static const uint16_t ab[] = {1, 2};
static const pinq_chord_cfg_t chord = {.lines = ab, .n = 2, .id = 100, .window = 80 * MS, .hold = 500 * MS};

typedef struct ccase {
    const char *name;
    press_t in[8];
    uint32_t end_us;
    want_t want[8];
    uint16_t lines[8]; /* expected line of each reported event */
} ccase_t;

#define CH PINQ_EV_CHORD
#define CHU PINQ_EV_CHORD_UP
#define CHH PINQ_EV_CHORD_HOLD

static const ccase_t chord_cases[] = {
    {"chord within window", {{0, 1, 1}, {30000, 2, 1}, {200000, 1, 0}, {210000, 2, 0}, PRESS_END}, 1000000,
     {{CH, 30000, 3}, {CHU, 200000, 3}, WANT_END}, {100, 100}},
    {"chord held: hold, then up", {{0, 1, 1}, {30000, 2, 1}, {600000, 2, 0}, {610000, 1, 0}, PRESS_END}, 1000000,
     {{CH, 30000, 3}, {CHH, 530000, 3}, {CHU, 600000, 3}, WANT_END}, {100, 100, 100}},
    {"too far apart: two presses", {{0, 1, 1}, {90000, 2, 1}, {200000, 1, 0}, {210000, 2, 0}, PRESS_END}, 1000000,
     {{P, 0, 0}, {P, 90000, 0}, {R, 200000, 0}, {R, 210000, 0}, WANT_END}, {1, 2, 1, 2}},
    {"exactly the window apart: two presses", {{0, 1, 1}, {80000, 2, 1}, {200000, 1, 0}, PRESS_END}, 1000000,
     {{P, 0, 0}, {P, 80000, 0}, {R, 200000, 0}, WANT_END}, {1, 2, 1}},
    {"first released just before the second: no chord", {{0, 1, 1}, {50000, 1, 0}, {55000, 2, 1}, PRESS_END},
     1000000, {{P, 0, 0}, {R, 50000, 0}, {P, 55000, 0}, WANT_END}, {1, 1, 2}},
    {"lone member released inside window", {{0, 2, 1}, {50000, 2, 0}, PRESS_END}, 1000000,
     {{P, 0, 0}, {R, 50000, 0}, WANT_END}, {2, 2}},
    {"second chord after all released",
     {{0, 2, 1}, {10000, 1, 1}, {100000, 1, 0}, {120000, 2, 0}, {300000, 1, 1}, {310000, 2, 1}, PRESS_END},
     1000000, {{CH, 10000, 3}, {CHU, 100000, 3}, {CH, 310000, 3}, {CHH, 810000, 3}, WANT_END}, {100, 100, 100, 100}},
};

static void c_feed(void *p, const pinq_event_t *ev, const pinq_sink_t *out)
{
    pinq_chord_feed(&chord, p, ev, out);
}

static void c_tick(void *p, pinq_ticks_t now, const pinq_sink_t *out)
{
    pinq_chord_tick(&chord, p, now, out);
}

static void run_chord(const void *cv, pinq_ticks_t base, uint32_t step_us, trace_t *t)
{
    const ccase_t *c = cv;
    pinq_chord_t s;
    pinq_chord_init(&s);
    pinq_event_t ev[8];
    unsigned n = to_events(c->in, ev);
    trace_reset(t, base);
    replay(&(stage_t){c_feed, c_tick, &s}, ev, n, c->end_us, step_us, t);
    for (unsigned i = 0; i < t->n && i < 8; i++)
        CHECK_EQ(t->ev[i].line, c->lines[i]);
}

static void test_chords(void)
{
    const pinq_ticks_t bases[] = {0, UINT64_MAX - 20 * MS};
    for (unsigned i = 0; i < sizeof chord_cases / sizeof chord_cases[0]; i++)
        run_case(run_chord, &chord_cases[i], chord_cases[i].want, chord_cases[i].name, bases, 2, 1000);
    CHECK_EQ(pinq_chord_member(&chord, 2), 1);
    CHECK_EQ(pinq_chord_member(&chord, 3), -1);
}

/* A full queue whose oldest step is the end of a window: the stage takes
 * steps until an event fits (with ASan, one step was an overflow). */
static void test_chord_queue_full(void)
{
    pinq_chord_t s;
    trace_t t;
    pinq_sink_t out = {trace_put, &t};
    pinq_chord_init(&s);
    trace_reset(&t, 0);
    pinq_event_t ev = {.ts = 0, .line = 1, .kind = PINQ_EV_PRESS};
    pinq_chord_feed(&chord, &s, &ev, &out);
    pinq_chord_tick(&chord, &s, 1 * MS, &out); /* held: the window ends at 80 ms */
    for (unsigned i = 0; i <= PINQ_CHORD_QUEUE; i++) {
        ev = (pinq_event_t){.ts = (100 + i) * MS, .line = 2, .kind = (i & 1) ? PINQ_EV_RELEASE : PINQ_EV_PRESS};
        pinq_chord_feed(&chord, &s, &ev, &out);
        CHECK(s.queued <= PINQ_CHORD_QUEUE);
    }
    CHECK_EQ(s.forced, 1);
    pinq_chord_tick(&chord, &s, 1000 * MS, &out);
    CHECK_EQ(t.n, 2 + PINQ_CHORD_QUEUE); /* the held press, then every member event in order */
    CHECK_EQ(t.ev[0].ts, 0);
    for (unsigned i = 1; i < t.n && i < TRACE_MAX; i++)
        CHECK_EQ(t.ev[i].ts, (100 + i - 1) * MS);
}

int main(void)
{
    test_gestures();
    test_chords();
    test_chord_queue_full();
    return check_done("test_gesture");
}
