/* test_oneshot_cm.c - the input engine's low-power mode on Cortex-M under
 * QEMU: a bouncy press and release (glitches posted with past ISR stamps,
 * each ended by a real edge from a software-pended NVIC interrupt), the
 * engine's `arm` = pinq_cm_oneshot_arm (board timer 0), and a main loop
 * that only sleeps in pinq_wait(PINQ_WAIT_FOREVER): the timer interrupt at
 * the deadline must wake it (SysTick wraps do not). Exactly three timer
 * wake-ups (press settled, release settled, multi-click gap over), a
 * bounded number of wake-ups in all; then: an expiry while the loop is
 * busy with interrupts masked is not lost, a past deadline fires at once,
 * re-arming replaces, cancel cancels. */
#include <stdio.h>

#include "board.h"
#include "check.h"
#include "pinq_cortex_m.h"
#include "pinq_input.h"

#define PRIO 0x80u
enum { BTN, NLINES };
static pinq_slot_t slots[32];
static pinq_lost_t lost[NLINES];
static pinq_line_t lstate[NLINES];
static const pinq_line_cfg_t lines[NLINES] = {[BTN] = {.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_IRQ}};
static pinq_t q;
static pinq_input_t in;
static uint32_t tps, ms;

static pinq_button_cfg_t buttons[1];
static pinq_button_t button_state[1];
static pinq_input_cfg_t icfg;

static struct {
    pinq_event_t ev[16];
    unsigned n;
} out;

static void emit(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (out.n < 16)
        out.ev[out.n] = *ev;
    out.n++;
}

static unsigned count(uint8_t kind)
{
    unsigned k = 0;
    for (unsigned i = 0; i < out.n && i < 16; i++)
        k += out.ev[i].kind == kind;
    return k;
}

void board_timer0_isr(void)
{
    pinq_cm_oneshot_isr();
}

/* the button's final edge: a real interrupt */
static volatile int soft_level;
void board_soft0_isr(void)
{
    pinq_post(&q, BTN, soft_level);
}

static void bouncy_edge(int level)
{
    pinq_ticks_t now = pinq_port_now();
    pinq_irqstate_t s = pinq_irq_save();
    CHECK_EQ(pinq_post_at(&q, BTN, level, now - 7u * (tps / 10000u)), PINQ_OK);  /* 700 us ago */
    CHECK_EQ(pinq_post_at(&q, BTN, !level, now - 4u * (tps / 10000u)), PINQ_OK); /* 400 us ago */
    pinq_irq_restore(s);
    soft_level = level;
    pinq_cm_irq_pend(BOARD_SOFT0_IRQ); /* taken at once */
}

/* One loop step: sleep in pinq_wait(FOREVER) unless the timer already
 * fired; the flag is tested with interrupts masked, so an expiry between
 * the test and the sleep is a pending interrupt that ends the sleep. */
static bool sleep_step(void)
{
    pinq_irqstate_t s = pinq_irq_save();
    bool f = pinq_cm_oneshot_fired();
    if (!f)
        pinq_wait(&q, PINQ_WAIT_FOREVER);
    pinq_irq_restore(s); /* the timer ISR runs here */
    return f || pinq_cm_oneshot_fired();
}

static void test_click_without_tick(void)
{
    pinq_cfg_t c = {.lines = lines, .state = lstate, .nlines = NLINES, .slots = slots, .lost = lost,
                    .capacity = 32, .mode = PINQ_SPSC, .on_event = pinq_input_on_event, .on_event_ctx = &in};
    CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
    CHECK_EQ(pinq_input_init(&in, &icfg, &q), PINQ_OK);
    CHECK_EQ(pinq_cm_irq_setup(BOARD_SOFT0_IRQ, PRIO), PINQ_OK);
    uint32_t e0 = pinq_cm_oneshot_count();

    pinq_ticks_t start = pinq_port_now();
    bouncy_edge(0); /* press */
    unsigned wakes = 0, timer_wakes = 0;
    bool released = false;
    while (count(PINQ_EV_CLICK) == 0 && wakes < 20) {
        if (sleep_step())
            timer_wakes++;
        wakes++;
        pinq_input_dispatch(&in, 64); /* dispatch, then tick at now and re-arm */
        if (!released && count(PINQ_EV_PRESS)) {
            released = true;
            bouncy_edge(1); /* release */
        }
    }
    pinq_ticks_t took = pinq_port_now() - start;
    CHECK_EQ(out.n, 3);
    CHECK(out.n >= 3 && out.ev[0].kind == PINQ_EV_PRESS && out.ev[1].kind == PINQ_EV_RELEASE &&
          out.ev[2].kind == PINQ_EV_CLICK);
    CHECK(out.n >= 3 && pinq_input_value(&out.ev[2]) == 1);
    CHECK_EQ(timer_wakes, 3); /* press settled, release settled, multi-click gap over */
    CHECK_EQ(pinq_cm_oneshot_count() - e0, 3);
    CHECK(wakes >= 5 && wakes <= 7); /* two edge bursts + three deadlines; no periodic tick */
    /* press settles at 10 ms, the release is stamped then, the 30 ms gap
     * closes at 40 ms: a generous sanity bound in guest time */
    printf("click decided %lu us after the press, %u wake-ups\n", (unsigned long)(took / (ms / 1000u)), wakes);
    CHECK(took >= 35u * ms && took < 2000u * ms);
}

static void test_edges(void)
{
    /* an expiry while the loop is busy, interrupts masked, is not lost */
    pinq_ticks_t d = pinq_port_now() + 1u * ms;
    pinq_cm_oneshot_arm(NULL, d);
    pinq_irqstate_t s = pinq_irq_save();
    while (pinq_port_now() <= d + 1u * ms) /* busy: the expiry waits as a pending IRQ */
        ;
    pinq_irq_restore(s);
    CHECK(sleep_step());
    CHECK(!pinq_cm_oneshot_fired()); /* test-and-clear */

    /* a deadline already past fires at once; re-arming replaces */
    pinq_cm_oneshot_arm(NULL, pinq_port_now() - 1u * ms);
    CHECK(sleep_step());
    uint32_t n0 = pinq_cm_oneshot_count();
    pinq_cm_oneshot_arm(NULL, pinq_port_now() + 1u * ms);
    pinq_ticks_t later = pinq_port_now() + 3u * ms;
    pinq_cm_oneshot_arm(NULL, later);
    CHECK(sleep_step());
    CHECK(pinq_port_now() >= later);
    CHECK_EQ(pinq_cm_oneshot_count() - n0, 1);

    /* cancelled: nothing fires (a finite wait bounds the check) */
    pinq_cm_oneshot_arm(NULL, pinq_port_now() + 1u * ms);
    pinq_cm_oneshot_cancel();
    pinq_ticks_t t0 = pinq_port_now();
    while (pinq_port_now() - t0 < 5u * ms)
        pinq_wait(&q, 5);
    CHECK(!pinq_cm_oneshot_fired());
    CHECK_EQ(pinq_cm_oneshot_count() - n0, 1);
}

int main(void)
{
    tps = pinq_port_ticks_per_sec();
    ms = tps / 1000u;
    buttons[0] = (pinq_button_cfg_t){
        .line = BTN,
        .debounce = {.press = 10u * ms, .release = 20u * ms, .algo = PINQ_DB_SETTLE, .active = 0},
        .gesture = {.click = 10000u * ms, .multi = 30u * ms}};
    icfg = (pinq_input_cfg_t){.buttons = buttons, .button_state = button_state, .nbuttons = 1, .tps = tps,
                              .emit = emit, .arm = pinq_cm_oneshot_arm};
    CHECK_EQ(pinq_cm_oneshot_init(2, BOARD_TIMER0_IRQ, PRIO), PINQ_EINVAL);
    CHECK_EQ(pinq_cm_oneshot_init(0, BOARD_TIMER0_IRQ, PRIO), PINQ_OK);
    while (pinq_port_now() < 2u * ms) /* past stamps below need some history */
        ;
    test_click_without_tick();
    test_edges();
    return check_done("test_oneshot_cm");
}
