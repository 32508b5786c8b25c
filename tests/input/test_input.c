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
    c = icfg;
    c.button_state = NULL;
    CHECK_EQ(pinq_input_init(&in, &c, &q), PINQ_EINVAL);
}

/* Each stage's parameters, and who owns each line, are checked at init. */
static int init_buttons(const pinq_button_cfg_t *b, uint16_t n)
{
    static pinq_button_t st[4];
    pinq_input_cfg_t c = {.buttons = b, .button_state = st, .nbuttons = n, .tps = TPS, .emit = trace_put,
                          .emit_ctx = &out};
    return pinq_input_init(&in, &c, &q);
}

static void test_bad_buttons(void)
{
    pinq_button_cfg_t b[2] = {PINQ_BUTTON_DEFAULT(BTN, TPS), PINQ_BUTTON_DEFAULT(CH_A, TPS)};
    CHECK_EQ(init_buttons(b, 2), PINQ_OK);
    b[1].line = BTN; /* one line, two buttons */
    CHECK_EQ(init_buttons(b, 2), PINQ_EINVAL);
    b[1].line = NLINES; /* not a line of q */
    CHECK_EQ(init_buttons(b, 2), PINQ_EINVAL);
    b[1] = (pinq_button_cfg_t)PINQ_BUTTON_DEFAULT(CH_A, TPS);
    b[1].debounce.algo = 4;
    CHECK_EQ(init_buttons(b, 2), PINQ_EINVAL);
    b[1] = (pinq_button_cfg_t)PINQ_BUTTON_DEFAULT(CH_A, TPS);
    b[1].debounce.active = 2;
    CHECK_EQ(init_buttons(b, 2), PINQ_EINVAL);
    b[1].debounce = (pinq_debounce_cfg_t){.algo = PINQ_DB_SAMPLES, .samples = 0};
    CHECK_EQ(init_buttons(b, 2), PINQ_EINVAL);
    b[1] = (pinq_button_cfg_t)PINQ_BUTTON_DEFAULT(CH_A, TPS);
    b[1].gesture.longp[0] = b[1].gesture.click; /* a long press must be longer than a click */
    CHECK_EQ(init_buttons(b, 2), PINQ_EINVAL);
    b[1].gesture.longp[0] = 1000 * MS;
    b[1].gesture.longp[1] = 900 * MS; /* thresholds increase */
    CHECK_EQ(init_buttons(b, 2), PINQ_EINVAL);
    b[1].gesture.longp[1] = 0;
    b[1].gesture.longp[2] = 2000 * MS; /* nothing after the list's end */
    CHECK_EQ(init_buttons(b, 2), PINQ_EINVAL);
    b[1].gesture.longp[1] = 1500 * MS;
    CHECK_EQ(init_buttons(b, 2), PINQ_OK);
    b[1].gesture.flags = 0x80;
    CHECK_EQ(init_buttons(b, 2), PINQ_EINVAL);
}

static int init_chords(const pinq_chord_cfg_t *ch, uint8_t n)
{
    pinq_input_cfg_t c = icfg;
    static pinq_chord_t st[2];
    c.chords = ch;
    c.chord_state = st;
    c.nchords = n;
    return pinq_input_init(&in, &c, &q);
}

static void test_bad_chords(void)
{
    static const uint16_t one[] = {CH_A}, plain[] = {CH_A, PLAIN}, twice[] = {CH_A, CH_A}, ab[] = {CH_A, CH_B},
                          b_btn[] = {CH_B, BTN};
    pinq_chord_cfg_t ch[2] = {{.lines = ab, .n = 2, .id = 0, .window = 80 * MS}};
    CHECK_EQ(init_chords(ch, 1), PINQ_OK); /* chord id 0 beside line 0: ids are their own namespace */
    ch[0].n = 1;
    ch[0].lines = one;
    CHECK_EQ(init_chords(ch, 1), PINQ_EINVAL);
    ch[0] = (pinq_chord_cfg_t){.lines = plain, .n = 2}; /* PLAIN is not a button */
    CHECK_EQ(init_chords(ch, 1), PINQ_EINVAL);
    ch[0] = (pinq_chord_cfg_t){.lines = twice, .n = 2};
    CHECK_EQ(init_chords(ch, 1), PINQ_EINVAL);
    ch[0] = (pinq_chord_cfg_t){.lines = NULL, .n = 2};
    CHECK_EQ(init_chords(ch, 1), PINQ_EINVAL);
    ch[0] = (pinq_chord_cfg_t){.lines = ab, .n = PINQ_CHORD_MAX + 1};
    CHECK_EQ(init_chords(ch, 1), PINQ_EINVAL);
    ch[0] = (pinq_chord_cfg_t){.lines = ab, .n = 2, .id = 7};
    ch[1] = (pinq_chord_cfg_t){.lines = b_btn, .n = 2, .id = 8}; /* CH_B in two chords */
    CHECK_EQ(init_chords(ch, 2), PINQ_EINVAL);
    /* two chords of their own members may not share an id */
    static const pinq_button_cfg_t four[] = {PINQ_BUTTON_DEFAULT(BTN, TPS), PINQ_BUTTON_DEFAULT(CH_A, TPS),
                                             PINQ_BUTTON_DEFAULT(CH_B, TPS), PINQ_BUTTON_DEFAULT(PLAIN, TPS)};
    static pinq_button_t four_st[4];
    static pinq_chord_t two_st[2];
    static const uint16_t btn_plain[] = {BTN, PLAIN};
    pinq_chord_cfg_t pair[2] = {{.lines = ab, .n = 2, .id = 7}, {.lines = btn_plain, .n = 2, .id = 7}};
    pinq_input_cfg_t c = {.buttons = four, .button_state = four_st, .nbuttons = 4, .chords = pair,
                          .chord_state = two_st, .nchords = 2, .tps = TPS, .emit = trace_put, .emit_ctx = &out};
    CHECK_EQ(pinq_input_init(&in, &c, &q), PINQ_EINVAL);
    pair[1].id = 8;
    CHECK_EQ(pinq_input_init(&in, &c, &q), PINQ_OK);
}

static int init_encoder(const pinq_encoder_cfg_t *e, pinq_t *core)
{
    static pinq_encoder_t st[1];
    pinq_input_cfg_t c = icfg;
    c.encoders = e;
    c.encoder_state = st;
    c.nencoders = 1;
    return pinq_input_init(&in, &c, core);
}

static void test_bad_encoders(void)
{
    pinq_encoder_cfg_t e = {.line_a = PLAIN, .line_b = PLAIN, .steps_per_detent = 4};
    CHECK_EQ(init_encoder(&e, &q), PINQ_EINVAL); /* one line for both phases */
    e.line_b = BTN; /* a button's line */
    CHECK_EQ(init_encoder(&e, &q), PINQ_EINVAL);
    e.line_b = NLINES;
    CHECK_EQ(init_encoder(&e, &q), PINQ_EINVAL);
    CHECK_EQ(init_encoder(&e, NULL), PINQ_OK); /* no core to check lines against */
    e.steps_per_detent = 3;
    CHECK_EQ(init_encoder(&e, NULL), PINQ_EINVAL);
    e.steps_per_detent = 2;
    e.accel_mult = 4; /* acceleration needs its window */
    CHECK_EQ(init_encoder(&e, NULL), PINQ_EINVAL);
    e.accel_window = 20 * MS;
    CHECK_EQ(init_encoder(&e, NULL), PINQ_OK);
}

/* The encoder's phase starts at its lines' levels: a knob resting at A=B=1
 * turned one detent forward (11 -> 10 -> 00 -> 01 -> 11) reports exactly
 * one STEP, not a half detent. */
static int high(void *ctx)
{
    (void)ctx;
    return 1;
}

enum { ENC_A, ENC_B, NENC };
static const pinq_line_cfg_t enc_lines[NENC] = {[ENC_A] = {.trigger = PINQ_TRIG_BOTH, .read = high},
                                                [ENC_B] = {.trigger = PINQ_TRIG_BOTH, .read = high}};
PINQ_DEFINE(eq, enc_lines, NENC, 16, PINQ_SPSC, PINQ_DROP_NEWEST);

static void test_encoder_start_phase(void)
{
    static const pinq_encoder_cfg_t knob[] = {{.line_a = ENC_A, .line_b = ENC_B, .steps_per_detent = 4}};
    static pinq_encoder_t st[1];
    static const pinq_input_cfg_t c = {.encoders = knob, .encoder_state = st, .nencoders = 1, .tps = TPS,
                                       .emit = trace_put, .emit_ctx = &out};
    pinq_input_t ein;
    CHECK_EQ(pinq_init(&eq, &eq_cfg), PINQ_OK);
    CHECK_EQ(pinq_input_init(&ein, &c, &eq), PINQ_OK);
    CHECK_EQ(st[0].ab, 3);
    trace_reset(&out, 0);
    const uint8_t walk[][2] = {{ENC_B, 0}, {ENC_A, 0}, {ENC_B, 1}, {ENC_A, 1}};
    for (unsigned i = 0; i < 4; i++) {
        pinq_event_t ev = {.ts = (i + 1) * MS, .line = walk[i][0], .level = walk[i][1],
                           .kind = walk[i][1] ? PINQ_EV_RISE : PINQ_EV_FALL};
        pinq_input_on_event(&ev, &ein);
    }
    CHECK_EQ(trace_count(&out, PINQ_EV_STEP), 1);
    CHECK_EQ(st[0].errors, 0);
    CHECK_EQ(st[0].sub, 0);
}

/* Synthetic time without a fake port: dispatch_at takes `now`. */
static void test_dispatch_at(void)
{
    setup(0);
    post_press(BTN, 10 * MS, 100);
    CHECK_EQ(pinq_input_dispatch_at(&in, 64, 200 * MS), 6u);
    CHECK_EQ(out.n, 2); /* PRESS, RELEASE; the click waits for the gap */
    pinq_input_dispatch_at(&in, 64, 500 * MS);
    want_t w[] = {{PINQ_EV_PRESS, 10700, 0}, {PINQ_EV_RELEASE, 110700, 0}, {PINQ_EV_CLICK, 410700, 1}, WANT_END};
    trace_expect(&out, w, "dispatch_at");
}

int main(void)
{
    test_stalled_consumer();
    test_one_shot_timer();
    test_chord();
    test_passthrough();
    test_sampled_button();
    test_bad_config();
    test_bad_buttons();
    test_bad_chords();
    test_bad_encoders();
    test_encoder_start_phase();
    test_dispatch_at();
    return check_done("test_input");
}
