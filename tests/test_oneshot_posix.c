/* test_oneshot_posix.c - the input engine's low-power mode on the real
 * POSIX port: a bouncy button press and release (edges posted with past
 * ISR stamps, each ended by a real bound signal), the engine's `arm` =
 * pinq_posix_oneshot_arm, and a main loop that only sleeps in
 * pinq_wait(PINQ_WAIT_FOREVER). Debounce and click decisions must come
 * from the one-shot timer alone: exactly three timer wake-ups (press
 * settled, release settled, multi-click gap over), a bounded number of
 * wake-ups in all. Also: an expiry while the loop is busy is not lost,
 * a past deadline fires at once, an expiry posts nothing. A watchdog
 * (SIGALRM) fails the test instead of sleeping forever. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "pinq_input.h"
#include "trace.h"
#include "pinq_posix.h"

#define TPS 1000000000u
enum { BTN, NLINES };

static pinq_input_t in;
static int sig_btn, sig_timer;

static const pinq_line_cfg_t lines[NLINES] = {[BTN] = {.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, NLINES, 32, PINQ_SPSC, PINQ_DROP_NEWEST);

/* Active-low button; settle times are decided from ISR stamps, the click
 * limit is a generous sanity bound (no long press, no repeat). */
static const pinq_button_cfg_t buttons[] = {
    {.line = BTN,
     .debounce = {.press = 10 * MS, .release = 20 * MS, .algo = PINQ_DB_SETTLE, .active = 0},
     .gesture = {.click = 10000u * MS, .multi = 30 * MS}}};
static pinq_button_t button_state[1];

static trace_t out; /* what the engine reports */

static const pinq_input_cfg_t icfg = {.buttons = buttons, .button_state = button_state, .nbuttons = 1,
                                      .tps = TPS, .emit = trace_put, .emit_ctx = &out, .arm = pinq_posix_oneshot_arm};

static void watchdog(int signo)
{
    (void)signo;
    static const char msg[] = "test_oneshot_posix: watchdog: the main loop slept through a deadline\n";
    if (write(2, msg, sizeof msg - 1) < 0)
        _exit(2);
    _exit(1);
}

/* A bounce train ending at `level`: two opposite-then-target glitches with
 * past ISR stamps, then the final edge through the real bound signal
 * (delivered in this thread before sigqueue returns, stamped then). */
static void bouncy_edge(int level)
{
    pinq_ticks_t now = pinq_port_now();
    pinq_irqstate_t s = pinq_irq_save();
    CHECK_EQ(pinq_post_at(&q, BTN, level, now - 700 * US), PINQ_OK);
    CHECK_EQ(pinq_post_at(&q, BTN, !level, now - 400 * US), PINQ_OK);
    pinq_irq_restore(s);
    CHECK_EQ(sigqueue(getpid(), sig_btn, (union sigval){.sival_int = level}), 0);
}

static void test_click_without_tick(void)
{
    q_cfg.on_event = pinq_input_on_event;
    q_cfg.on_event_ctx = &in;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_input_init(&in, &icfg, &q), PINQ_OK);
    CHECK_EQ(pinq_posix_bind_signal(&q, BTN, sig_btn), PINQ_OK);
    (void)pinq_posix_oneshot_fired();
    uint32_t expiries0 = pinq_posix_oneshot_count();

    bouncy_edge(0); /* press */
    unsigned wakes = 0, timer_wakes = 0;
    bool released = false;
    while (trace_count(&out, PINQ_EV_CLICK) == 0 && wakes < 20) {
        pinq_wait(&q, PINQ_WAIT_FOREVER); /* the only place the loop sleeps */
        wakes++;
        if (pinq_posix_oneshot_fired())
            timer_wakes++;
        pinq_input_dispatch(&in, 64); /* dispatch, then tick at now and re-arm */
        if (!released && trace_count(&out, PINQ_EV_PRESS)) {
            released = true;
            bouncy_edge(1); /* release */
        }
    }
    CHECK_EQ(out.n, 3);
    CHECK(out.n >= 3 && out.ev[0].kind == PINQ_EV_PRESS && out.ev[1].kind == PINQ_EV_RELEASE &&
          out.ev[2].kind == PINQ_EV_CLICK);
    CHECK(out.n >= 3 && pinq_input_value(&out.ev[2]) == 1);
    CHECK(out.n >= 3 && out.ev[0].line == BTN && out.ev[2].line == BTN);
    CHECK(out.n >= 3 && out.ev[1].ts - out.ev[0].ts < 10000u * MS);
    CHECK_EQ(timer_wakes, 3); /* press settled, release settled, multi-click gap over */
    CHECK_EQ(pinq_posix_oneshot_count() - expiries0, 3);
    /* 2 wakes for the edge bursts + 3 timer wakes; a little slack for a
     * burst split across two wakes, none for a periodic tick */
    CHECK(wakes >= 5 && wakes <= 7);
    CHECK(!pinq_input_deadline(&in, &(pinq_ticks_t){0})); /* nothing left pending */
    CHECK_EQ(pinq_posix_unbind(sig_btn), PINQ_OK);
}

/* An expiry while the loop is busy stays pending: the next pinq_wait()
 * returns at once. A past deadline fires at once. An expiry posts nothing. */
static void test_no_lost_wakeup(void)
{
    (void)pinq_posix_oneshot_fired();
    pinq_ticks_t d = pinq_port_now() + 1 * MS;
    pinq_posix_oneshot_arm(NULL, d);
    while (pinq_port_now() <= d) /* busy: not waiting when it expires */
        ;
    CHECK(!pinq_wait(&q, PINQ_WAIT_FOREVER));
    CHECK(pinq_posix_oneshot_fired());
    CHECK(!pinq_posix_oneshot_fired()); /* test-and-clear */

    pinq_posix_oneshot_arm(NULL, pinq_port_now() - 5 * MS); /* already past */
    CHECK(!pinq_wait(&q, PINQ_WAIT_FOREVER));
    CHECK(pinq_posix_oneshot_fired());
    CHECK(!pinq_pending(&q));

    /* re-arming replaces: only the later deadline fires */
    uint32_t n0 = pinq_posix_oneshot_count();
    pinq_posix_oneshot_arm(NULL, pinq_port_now() + 1 * MS);
    pinq_ticks_t later = pinq_port_now() + 3 * MS;
    pinq_posix_oneshot_arm(NULL, later);
    CHECK(!pinq_wait(&q, PINQ_WAIT_FOREVER));
    CHECK(pinq_port_now() >= later);
    CHECK_EQ(pinq_posix_oneshot_count() - n0, 1);
}

static void test_errors(void)
{
    CHECK_EQ(pinq_posix_oneshot_init(SIGUSR1), PINQ_EINVAL); /* not real-time */
    CHECK_EQ(pinq_posix_oneshot_init(sig_timer), PINQ_EINVAL); /* one timer per process */
    CHECK_EQ(pinq_posix_bind_wake(0, NULL), PINQ_EINVAL);
}

int main(void)
{
    sig_btn = SIGRTMIN + 1;
    sig_timer = SIGRTMIN + 2;
    signal(SIGALRM, watchdog);
    alarm(30);
    CHECK_EQ(pinq_posix_oneshot_init(sig_timer), PINQ_OK);
    test_errors();
    test_click_without_tick();
    test_no_lost_wakeup();
    pinq_posix_oneshot_deinit();
    CHECK_EQ(pinq_posix_oneshot_init(sig_timer), PINQ_OK); /* again after deinit */
    pinq_posix_oneshot_arm(NULL, 1); /* long past: expires at once, left pending */
    struct timespec ms5 = {0, 5 * (long)MS};
    nanosleep(&ms5, NULL);
    pinq_posix_oneshot_deinit(); /* drops it: the process lives on */
    CHECK(!pinq_posix_oneshot_fired());
    return check_done("test_oneshot_posix");
}
