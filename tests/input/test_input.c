/* test_input.c - the engine wired to the real core: edges posted with ISR
 * timestamps through the ring, a consumer stalled for 500 ms that must
 * still see a 100 ms press as a click, low-power operation driven only by
 * the one-shot timer hook, a chord, a polled (sampled) button and lines no
 * stage owns passing through. */
#include "trace.h"

#define TPS 1000000000u
enum { BTN, CH_A, CH_B, PLAIN, NLINES };

static trace_t out;
static pinq_input_t in;

static const pinq_line_cfg_t lines[NLINES] = {
    [BTN] = {.trigger = PINQ_TRIG_BOTH}, [CH_A] = {.trigger = PINQ_TRIG_BOTH},
    [CH_B] = {.trigger = PINQ_TRIG_BOTH}, [PLAIN] = {.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, NLINES, 64, PINQ_SPSC, PINQ_DROP_NEWEST);

/* A button, a two-key chord and a polled button, in a few lines. */
static const pinq_button_cfg_t buttons[] = {PINQ_BUTTON_DEFAULT(BTN, TPS), PINQ_BUTTON_DEFAULT(CH_A, TPS),
                                            PINQ_BUTTON_DEFAULT(CH_B, TPS)};
static pinq_button_t button_state[3];
static const uint16_t chord_lines[] = {CH_A, CH_B};
static const pinq_chord_cfg_t chords[] = {{.lines = chord_lines, .n = 2, .id = 200, .window = PINQ_MS(80, TPS)}};
static pinq_chord_t chord_state[1];

/* the port's one-shot timer, faked */
static pinq_ticks_t timer_at;
static unsigned timer_arms;
static void arm(void *ctx, pinq_ticks_t deadline)
{
    (void)ctx;
    timer_at = deadline;
    timer_arms++;
}

static const pinq_input_cfg_t icfg = {
    .buttons = buttons, .button_state = button_state, .nbuttons = 3,
    .chords = chords, .chord_state = chord_state, .nchords = 1,
    .tps = TPS, .emit = trace_put, .emit_ctx = &out, .arm = arm};

static void setup(pinq_ticks_t base)
{
    q_cfg.on_event = pinq_input_on_event;
    q_cfg.on_event_ctx = &in;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_input_init(&in, &icfg, &q), PINQ_OK);
    trace_reset(&out, base);
    timer_arms = 0;
}

/* A contact bounce train on an active-low line, ending at `level`. */
static void post_train(uint16_t line, pinq_ticks_t t, int level)
{
    const uint32_t bounce_us[] = {0, 300, 700}; /* levels: level, !level, level */
    for (unsigned i = 0; i < 3; i++)
        pinq_post_at(&q, line, (i & 1) ? !level : level, t + bounce_us[i] * US);
}

/* An active-low press of `ms` with a bounce train on each edge. */
static void post_press(uint16_t line, pinq_ticks_t t, uint32_t ms)
{
    post_train(line, t, 0);
    post_train(line, t + (pinq_ticks_t)ms * MS, 1);
}

/* The consumer wakes 500 ms after the release: it must drain the ring
 * before deciding any time-out, or the press would look 600 ms long. */
static void test_stalled_consumer(void)
{
    pinq_ticks_t now = pinq_port_now();
    setup(now - 600 * MS);
    post_press(BTN, now - 600 * MS, 100);
    pinq_input_dispatch(&in, 64);
    want_t w[] = {{PINQ_EV_PRESS, 700, 0}, {PINQ_EV_RELEASE, 100700, 0}, {PINQ_EV_CLICK, 400700, 1}, WANT_END};
    trace_expect(&out, w, "stalled consumer");

    /* the same with a budget of one event per dispatch: time-outs are only
     * ever decided up to what has been fed */
    setup(now - 600 * MS);
    post_press(BTN, now - 600 * MS, 100);
    while (pinq_pending(&q))
        pinq_input_dispatch(&in, 1);
    pinq_input_dispatch(&in, 1);
    trace_expect(&out, w, "stalled consumer, budget 1");

    /* negative control: deciding time-outs at `now` with the release still
     * queued is exactly the mistake that makes this click a long press */
    setup(now - 600 * MS);
    post_press(BTN, now - 600 * MS, 100);
    pinq_dispatch(&q, 3); /* the press's bounce train only */
    pinq_input_tick(&in, now);
    unsigned longs = 0;
    for (unsigned i = 0; i < out.n; i++)
        longs += out.ev[i].kind == PINQ_EV_LONG;
    CHECK_EQ(longs, 0); /* 600 ms < long press: not yet wrong... */
    pinq_input_tick(&in, now + 500 * MS);
    for (unsigned i = 0; i < out.n; i++)
        longs += out.ev[i].kind == PINQ_EV_LONG;
    CHECK_EQ(longs, 1); /* ...but 1100 ms later it is, though the press lasted 100 ms */
    pinq_dispatch(&q, 64);
}

/* No periodic tick: the main loop runs only when an "interrupt" posts or
 * the one-shot timer fires at the deadline the engine asked for. */
static void test_one_shot_timer(void)
{
    const pinq_ticks_t t0 = UINT64_MAX - 50 * MS; /* and the 64-bit tick wraps on the way */
    setup(t0);
    unsigned wakes = 0;
    pinq_post_at(&q, BTN, 0, t0);
    pinq_dispatch(&q, 64);
    pinq_input_tick(&in, t0 + 1 * US);
    CHECK_EQ(timer_at - t0, 10 * MS); /* press settle time */
    while (out.n == 0 && timer_arms < 10) {
        wakes++;
        pinq_input_tick(&in, timer_at);
    }
    CHECK_EQ(out.n, 1);
    CHECK_EQ(timer_at - t0, 1000 * MS); /* next: the long-press deadline */
    pinq_post_at(&q, BTN, 1, t0 + 100 * MS);
    pinq_dispatch(&q, 64);
    pinq_input_tick(&in, t0 + 100 * MS + 5 * US);
    CHECK_EQ(timer_at - t0, 120 * MS); /* release settle time */
    pinq_ticks_t when;
    while (pinq_input_deadline(&in, &when) && wakes < 10) {
        CHECK_EQ(when, timer_at);
        wakes++;
        pinq_input_tick(&in, timer_at);
    }
    CHECK_EQ(wakes, 3); /* press settled, release settled, multi-click gap over */
    want_t w[] = {{PINQ_EV_PRESS, 0, 0}, {PINQ_EV_RELEASE, 100000, 0}, {PINQ_EV_CLICK, 400000, 1}, WANT_END};
    trace_expect(&out, w, "one-shot timer");
}

/* Chord members pressed 20 ms apart, with bounce: one CHORD, no clicks,
 * CHORD_UP at the first release. */
static void test_chord(void)
{
    pinq_ticks_t t0 = 5 * MS;
    setup(0);
    post_train(CH_A, t0, 0);
    post_train(CH_B, t0 + 20 * MS, 0);
    post_train(CH_B, t0 + 140 * MS, 1);
    post_train(CH_A, t0 + 150 * MS, 1);
    pinq_dispatch(&q, 64);
    pinq_input_tick(&in, t0 + 2000 * MS);
    want_t w[] = {{PINQ_EV_CHORD, 5000 + 20700, 3}, {PINQ_EV_CHORD_UP, 5000 + 140700, 3}, WANT_END};
    trace_expect(&out, w, "chord");
    CHECK_EQ(out.ev[0].line, 200);
}

/* Lines no stage owns reach the application unchanged. */
static void test_passthrough(void)
{
    setup(0);
    pinq_post_at(&q, PLAIN, 1, 7 * MS);
    pinq_dispatch(&q, 64);
    CHECK_EQ(out.n, 1);
    CHECK_EQ(out.ev[0].kind, PINQ_EV_RISE);
    CHECK_EQ(out.ev[0].line, PLAIN);
    CHECK_EQ(out.ev[0].ts, 7 * MS);
}

/* A polled button debounced by N equal samples, fed one sample at a time. */
static void test_sampled_button(void)
{
    static const pinq_button_cfg_t polled[] = {{.line = 0,
                                                .debounce = {.algo = PINQ_DB_SAMPLES, .samples = 3, .active = 1},
                                                .gesture = {.click = 250 * MS, .multi = 0}}};
    static pinq_button_t st[1];
    static const pinq_input_cfg_t pc = {.buttons = polled, .button_state = st, .nbuttons = 1, .tps = TPS,
                                        .emit = trace_put, .emit_ctx = &out};
    pinq_input_t pin;
    CHECK_EQ(pinq_input_init(&pin, &pc, NULL), PINQ_OK);
    trace_reset(&out, 0);
    const uint8_t samples[] = {0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0};
    for (unsigned i = 0; i < sizeof samples; i++)
        pinq_input_sample(&pin, 0, samples[i], (pinq_ticks_t)i * 5 * MS);
    pinq_input_tick(&pin, 1000 * MS);
    want_t w[] = {{PINQ_EV_PRESS, 15000, 0}, {PINQ_EV_RELEASE, 50000, 0}, {PINQ_EV_CLICK, 50000, 1}, WANT_END};
    trace_expect(&out, w, "sampled button");
}

static void test_bad_config(void)
{
    pinq_input_cfg_t c = icfg;
    CHECK_EQ(pinq_input_init(NULL, &c, &q), PINQ_EINVAL);
    c.tps = 0;
    CHECK_EQ(pinq_input_init(&in, &c, &q), PINQ_EINVAL);
    c = icfg;
    c.emit = NULL;
    CHECK_EQ(pinq_input_init(&in, &c, &q), PINQ_EINVAL);
}

int main(void)
{
    test_stalled_consumer();
    test_one_shot_timer();
    test_chord();
    test_passthrough();
    test_sampled_button();
    test_bad_config();
    return check_done("test_input");
}
