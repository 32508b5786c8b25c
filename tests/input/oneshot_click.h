/* oneshot_click.h - the low-power click scenario shared by the targets'
 * one-shot tests: a bouncy press and release, each ended by a real edge
 * interrupt, and a main loop that sleeps only in pinq_wait(FOREVER) and
 * ticks the engine when the port's one-shot timer fired. The port supplies
 * its one-shot functions and a way to raise the edge interrupt. Include it
 * from one test file: it also holds that test's line, ring and engine. */
#ifndef PINQ_TEST_ONESHOT_CLICK_H
#define PINQ_TEST_ONESHOT_CLICK_H

#include <stdio.h>

#include "trace.h"

enum { BTN, NLINES };
static const pinq_line_cfg_t lines[NLINES] = {[BTN] = {.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_IRQ}};
PINQ_DEFINE(q, lines, NLINES, 32, PINQ_SPSC, PINQ_DROP_NEWEST);
static pinq_input_t in;
static uint32_t tps, ms;
static pinq_button_cfg_t buttons[1];
static pinq_button_t button_state[1];
static pinq_input_cfg_t icfg;
static trace_t out; /* what the engine reports */

/* One active-low button: settle 10 ms press / 20 ms release, a 30 ms
 * multi-click gap; `arm` is the port's one-shot timer. */
static inline void oneshot_setup(void (*arm)(void *ctx, pinq_ticks_t deadline))
{
    tps = pinq_port_ticks_per_sec();
    ms = tps / 1000u;
    buttons[0] = (pinq_button_cfg_t){
        .line = BTN,
        .debounce = {.press = 10u * ms, .release = 20u * ms, .algo = PINQ_DB_SETTLE, .active = 0},
        .gesture = {.click = 10000u * ms, .multi = 30u * ms}};
    icfg = (pinq_input_cfg_t){.buttons = buttons, .button_state = button_state, .nbuttons = 1, .tps = tps,
                              .emit = trace_put, .emit_ctx = &out, .arm = arm};
}

/* The core and the engine, fed by the button's interrupt. */
static inline void oneshot_start(void)
{
    q_cfg.on_event = pinq_input_on_event;
    q_cfg.on_event_ctx = &in;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_input_init(&in, &icfg, &q), PINQ_OK);
}

typedef struct oneshot_port {
    bool (*fired)(void);              /* test-and-clear: the deadline passed */
    uint32_t (*count)(void);          /* expiries so far */
    void (*raise_edge)(int level);    /* a real interrupt that posts `level` */
    void (*arm)(void *ctx, pinq_ticks_t deadline); /* the engine's hook */
} oneshot_port_t;

/* Two glitch edges stamped in the past, then the real edge interrupt. */
static inline void oneshot_bouncy_edge(pinq_t *q, uint16_t line, int level, uint32_t tps, const oneshot_port_t *p)
{
    pinq_ticks_t now = pinq_port_now();
    pinq_irqstate_t s = pinq_irq_save();
    CHECK_EQ(pinq_post_at(q, line, level, now - 7u * (tps / 10000u)), PINQ_OK);  /* 700 us ago */
    CHECK_EQ(pinq_post_at(q, line, !level, now - 4u * (tps / 10000u)), PINQ_OK); /* 400 us ago */
    pinq_irq_restore(s);
    p->raise_edge(level); /* taken at once */
}

/* One loop step: sleep in pinq_wait(FOREVER) unless the timer already
 * fired; the flag is tested with interrupts masked, so an expiry between
 * the test and the sleep is a pending interrupt that ends the sleep. */
static inline bool oneshot_sleep_step(pinq_t *q, const oneshot_port_t *p)
{
    pinq_irqstate_t s = pinq_irq_save();
    bool f = p->fired();
    if (!f)
        pinq_wait(q, PINQ_WAIT_FOREVER);
    pinq_irq_restore(s); /* the timer's handler runs here */
    return f || p->fired();
}

/* Press, release, and the engine's CLICK with no periodic tick: exactly
 * three timer wake-ups (press settled, release settled, multi-click gap
 * over) and a bounded number in all. Returns the ticks the click took. */
static inline pinq_ticks_t oneshot_click(pinq_t *q, pinq_input_t *in, const trace_t *out, uint16_t line,
                                         uint32_t tps, const oneshot_port_t *p)
{
    uint32_t e0 = p->count();
    pinq_ticks_t start = pinq_port_now();
    oneshot_bouncy_edge(q, line, 0, tps, p); /* press */
    unsigned wakes = 0, timer_wakes = 0;
    bool released = false;
    while (trace_count(out, PINQ_EV_CLICK) == 0 && wakes < 20) {
        if (oneshot_sleep_step(q, p))
            timer_wakes++;
        wakes++;
        pinq_input_dispatch(in, 64); /* dispatch, then tick at now and re-arm */
        if (!released && trace_count(out, PINQ_EV_PRESS)) {
            released = true;
            oneshot_bouncy_edge(q, line, 1, tps, p); /* release */
        }
    }
    pinq_ticks_t took = pinq_port_now() - start;
    CHECK_EQ(out->n, 3);
    CHECK(out->n >= 3 && out->ev[0].kind == PINQ_EV_PRESS && out->ev[1].kind == PINQ_EV_RELEASE &&
          out->ev[2].kind == PINQ_EV_CLICK);
    CHECK(out->n >= 3 && pinq_input_value(&out->ev[2]) == 1);
    CHECK_EQ(timer_wakes, 3);
    CHECK_EQ(p->count() - e0, 3);
    CHECK(wakes >= 5 && wakes <= 7); /* two edge bursts + three deadlines; no periodic tick */
    printf("click decided %lu us after the press, %u wake-ups\n", (unsigned long)(took / (tps / 1000000u)),
           wakes);
    return took;
}

/* An expiry while the loop is busy with interrupts masked is not lost; a
 * deadline already past fires at once; re-arming replaces the deadline.
 * Returns the expiry count after these, for the caller's cancel checks. */
static inline uint32_t oneshot_edge_cases(pinq_t *q, const oneshot_port_t *p, uint32_t ms)
{
    pinq_ticks_t d = pinq_port_now() + 1u * ms;
    p->arm(NULL, d);
    pinq_irqstate_t s = pinq_irq_save();
    while (pinq_port_now() <= d + 1u * ms) /* busy: the expiry waits as a pending interrupt */
        ;
    pinq_irq_restore(s);
    CHECK(oneshot_sleep_step(q, p));
    CHECK(!p->fired()); /* test-and-clear */

    p->arm(NULL, pinq_port_now() - 1u * ms);
    CHECK(oneshot_sleep_step(q, p));
    uint32_t n0 = p->count();
    p->arm(NULL, pinq_port_now() + 1u * ms);
    pinq_ticks_t later = pinq_port_now() + 3u * ms;
    p->arm(NULL, later);
    CHECK(oneshot_sleep_step(q, p));
    CHECK(pinq_port_now() >= later);
    CHECK_EQ(p->count() - n0, 1);
    return p->count();
}

#endif
