/* test_guard.c - storm guard: the ISR trip wire and the main-loop stage.
 * First step by step with synthetic timestamps (trip within 2*check posts,
 * STORM, refused posts, CALM after the hold, no re-trip at a slow rate,
 * backoff on a quick return); then a real flood from a thread at well over
 * 100 k edges/s while a second thread posts a quiet line: the flood line
 * goes to polling and comes back exactly once, every quiet event is
 * delivered (latency printed), and conservation holds exactly. */
#define _POSIX_C_SOURCE 200809L /* nanosleep, sigqueue */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "pinq_posix.h"
#include "trace.h"

#define TPS 1000000000u
enum { FLOOD, QUIET, NLINES };

static _Atomic int flood_level;
static int read_flood(void *ctx)
{
    (void)ctx;
    return atomic_load_explicit(&flood_level, memory_order_relaxed);
}

static const pinq_line_cfg_t lines[NLINES] = {
    [FLOOD] = {.trigger = PINQ_TRIG_BOTH, .read = read_flood, .poll_period = 1000000},
    [QUIET] = {.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, NLINES, 1024, PINQ_SPSC, PINQ_DROP_NEWEST); /* setup() sets the mode */
PINQ_POLL_STORAGE(q, NLINES);
static pinq_input_t in;
static const pinq_guard_cfg_t guard[1] = {
    {.line = FLOOD, .check = 16, .storm_rate = 10000, .calm_rate = 100, .hold = 20 * MS}};
static pinq_guard_t gstate[1];

/* what the application sees */
static unsigned storms, calms, per_line[NLINES];
static _Atomic unsigned quiet_got; /* per_line[QUIET], for the quiet thread's pacing */
static pinq_ticks_t lat[4096];
static unsigned nlat;
static uint32_t storm_value;

static void app(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind == PINQ_EV_STORM) {
        storms++;
        storm_value = ev->seq;
    } else if (ev->kind == PINQ_EV_CALM) {
        calms++;
    } else if (ev->line < NLINES) {
        per_line[ev->line]++;
        if (ev->line == QUIET)
            atomic_store_explicit(&quiet_got, per_line[QUIET], memory_order_release);
        if (ev->line == QUIET && nlat < 4096)
            lat[nlat++] = pinq_port_now() - ev->ts;
    }
}

static const pinq_input_cfg_t icfg = {.guards = guard, .guard_state = gstate, .nguards = 1, .tps = TPS,
                                      .emit = app};

static void setup(uint8_t mode)
{
    q_cfg.poll = q_poll;
    q_cfg.mode = mode;
    q_cfg.on_event = pinq_input_on_event;
    q_cfg.on_event_ctx = &in;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_input_init(&in, &icfg, &q), PINQ_OK);
    storms = calms = nlat = 0;
    atomic_store(&quiet_got, 0);
    per_line[FLOOD] = per_line[QUIET] = 0;
}

/* Feed what is queued to the engine (no sampling: timestamps are synthetic). */
static void drain(void)
{
    pinq_event_t ev;
    while (pinq_ring_pop(&q.ring, &ev) == 1)
        pinq_input_on_event(&ev, &in);
}

static uint32_t counter(_Atomic uint32_t *c)
{
    return atomic_load_explicit(c, memory_order_relaxed);
}

static void test_step_by_step(void)
{
    setup(PINQ_SPSC);
    pinq_ticks_t t = 1000 * MS;
    /* 1 edge per ms is far below 10 k/s: no trip */
    for (int i = 0; i < 100; i++)
        CHECK_EQ(pinq_post_at(&q, FLOOD, i & 1, t += MS), PINQ_OK);
    CHECK_EQ(pinq_line_state(&q, FLOOD), PINQ_LINE_ON);
    /* 100 k edges/s: tripped within 2 * check posts */
    uint32_t before = counter(&q_poll[FLOOD].posts);
    int i = 0;
    while (pinq_line_state(&q, FLOOD) == PINQ_LINE_ON && i < 1000)
        pinq_post_at(&q, FLOOD, i++ & 1, t += 10 * US);
    CHECK(i <= 2 * guard[0].check);
    CHECK_EQ(counter(&q_poll[FLOOD].posts) - before, (uint32_t)i);
    CHECK_EQ(pinq_line_uncertainty(&q, FLOOD), 1000000);
    CHECK_EQ(pinq_line_uncertainty(&q, QUIET), 0);
    drain();
    pinq_input_tick(&in, t);
    CHECK_EQ(storms, 1);
    CHECK_EQ(storm_value, counter(&q_poll[FLOOD].posts));
    /* the flood goes on: posts are refused and counted, nothing queued */
    for (int k = 0; k < 500; k++)
        CHECK_EQ(pinq_post_at(&q, FLOOD, k & 1, t += 10 * US), PINQ_EDISABLED);
    CHECK_EQ(counter(&q_poll[FLOOD].masked), 500);
    CHECK(!pinq_pending(&q));
    pinq_ticks_t when;
    CHECK(pinq_input_deadline(&in, &when));
    pinq_input_tick(&in, when); /* that hold window was busy: still polled */
    CHECK_EQ(calms, 0);
    CHECK_EQ(pinq_line_state(&q, FLOOD), PINQ_LINE_POLLED);
    /* the poller sees one edge in the next window: under 100/s */
    CHECK_EQ(pinq_post_sample(&q, FLOOD, !pinq_line_level(&q, FLOOD), when + MS), PINQ_OK);
    CHECK_EQ(pinq_post_sample(&q, FLOOD, pinq_line_level(&q, FLOOD), when + 2 * MS), PINQ_OK); /* no edge */
    CHECK_EQ(counter(&q_poll[FLOOD].sampled_edges), 1);
    drain();
    CHECK(pinq_input_deadline(&in, &t));
    pinq_input_tick(&in, t);
    CHECK_EQ(calms, 1);
    CHECK_EQ(pinq_line_state(&q, FLOOD), PINQ_LINE_ON);
    CHECK(!pinq_input_deadline(&in, &when));
    /* back on its interrupt at a normal rate: no oscillation */
    for (int k = 0; k < 20; k++)
        pinq_post_at(&q, FLOOD, k & 1, t += 2 * MS);
    drain();
    pinq_input_tick(&in, t);
    CHECK_EQ(storms, 1);
    CHECK_EQ(pinq_line_state(&q, FLOOD), PINQ_LINE_ON);
    /* a storm soon after the calm doubles the hold */
    for (int k = 0; k < 64 && pinq_line_state(&q, FLOOD) == PINQ_LINE_ON; k++)
        pinq_post_at(&q, FLOOD, k & 1, t += 10 * US);
    drain();
    pinq_input_tick(&in, t);
    CHECK_EQ(storms, 2);
    CHECK(pinq_input_deadline(&in, &when));
    CHECK_EQ(when - t, 2 * guard[0].hold);
    /* an edge that does not change the level is spurious */
    pinq_guard_t g = {0};
    pinq_event_t ev = {.line = FLOOD, .kind = PINQ_EV_RISE, .level = 1};
    pinq_guard_feed(&guard[0], &g, &ev);
    pinq_guard_feed(&guard[0], &g, &ev);
    ev.line = QUIET;
    pinq_guard_feed(&guard[0], &g, &ev);
    CHECK_EQ(g.spurious, 1);
}

static void test_bad_config(void)
{
    pinq_guard_t g;
    pinq_guard_cfg_t c = guard[0];
    c.calm_rate = c.storm_rate;
    CHECK_EQ(pinq_guard_init(&q, &c, &g, TPS), PINQ_EINVAL);
    c = guard[0];
    c.check = 12; /* not a power of two */
    CHECK_EQ(pinq_guard_init(&q, &c, &g, TPS), PINQ_EINVAL);
    CHECK_EQ(pinq_line_trip(&q, NLINES, 16, 1000), PINQ_EINVAL);
    CHECK_EQ(pinq_line_trip(&q, QUIET, 16, 1000), PINQ_EINVAL); /* could not be polled */
    CHECK_EQ(pinq_line_trip(&q, QUIET, 0, 0), PINQ_OK);
    CHECK_EQ(pinq_line_set_polled(&q, QUIET, true), PINQ_EINVAL); /* no read hook to poll with */
}

/* ---- a real flood ---- */

#define FLOOD_MS 200
#define QUIET_EDGES 200
static _Atomic int flood_done, quiet_done;
static uint32_t flood_sent;

static void *flood(void *arg)
{
    (void)arg;
    pinq_ticks_t end = pinq_port_now() + (pinq_ticks_t)FLOOD_MS * MS;
    uint32_t n = 0;
    do {
        for (int k = 0; k < 64; k++, n++) {
            atomic_store_explicit(&flood_level, (int)(n & 1), memory_order_relaxed);
            pinq_post(&q, FLOOD, (int)(n & 1));
        }
    } while (pinq_port_now() < end);
    flood_sent = n;
    atomic_store_explicit(&flood_done, 1, memory_order_release);
    return NULL;
}

/* The quiet line is a real interrupt: a queued signal per edge, whose
 * handler posts it and wakes the main loop's pinq_wait(). One signal is
 * outstanding at a time (TSan's signal emulation merges pending signals of
 * one number; the kernel would not). */
static void *quiet(void *arg)
{
    (void)arg;
    struct timespec gap = {0, 500000};
    for (unsigned i = 0; i < QUIET_EDGES; i++) {
        union sigval v = {.sival_int = (int)(i & 1)};
        while (sigqueue(getpid(), SIGRTMIN, v) != 0)
            nanosleep(&gap, NULL); /* the kernel's signal queue is full: retry, nothing is lost */
        for (int w = 0; w < 4000 && atomic_load_explicit(&quiet_got, memory_order_acquire) <= i; w++)
            nanosleep(&gap, NULL); /* bounded: a lost signal shows in the checks, not as a hang */
    }
    atomic_store_explicit(&quiet_done, 1, memory_order_release);
    return NULL;
}

static int cmp_ticks(const void *a, const void *b)
{
    pinq_ticks_t x = *(const pinq_ticks_t *)a, y = *(const pinq_ticks_t *)b;
    return (x > y) - (x < y);
}

static void test_flood(void)
{
    setup(PINQ_MPSC);
    CHECK_EQ(pinq_posix_bind_signal(&q, QUIET, SIGRTMIN), PINQ_OK);
    /* the threads start with the signal blocked, so the main thread takes it */
    sigset_t rt, old;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN);
    pthread_sigmask(SIG_BLOCK, &rt, &old);
    pthread_t tf, tq;
    pthread_create(&tq, NULL, quiet, NULL);
    pthread_create(&tf, NULL, flood, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    unsigned loops = 0, loops_in_storm = 0;
    pinq_ticks_t give_up = 0;
    for (;;) {
        pinq_input_dispatch(&in, 64);
        loops++;
        loops_in_storm += gstate[0].storm;
        bool threads = atomic_load_explicit(&flood_done, memory_order_acquire) &&
                       atomic_load_explicit(&quiet_done, memory_order_acquire);
        if (threads && !give_up)
            give_up = pinq_port_now() + 5000 * MS; /* a bound on the loop, not a timing assertion */
        if (threads && !pinq_pending(&q) && ((calms && !gstate[0].storm) || pinq_port_now() > give_up))
            break;
        pinq_wait(&q, 1);
    }
    pthread_join(tf, NULL);
    pthread_join(tq, NULL);
    pinq_posix_unbind(SIGRTMIN);
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    uint32_t posts = counter(&q_poll[FLOOD].posts), masked = counter(&q_poll[FLOOD].masked);
    uint32_t sampled = counter(&q_poll[FLOOD].sampled_edges);
    /* A flood thread kept off the CPU for a whole hold (a loaded machine)
     * looks calm: then the line comes back and trips again. Each episode
     * must still trip within 2 * check posts and end in a CALM. */
    CHECK(storms >= 1);
    CHECK_EQ(calms, storms);
    CHECK(posts <= 2u * guard[0].check * storms);        /* each trip within the configured window */
    CHECK_EQ(flood_sent, posts + masked);                /* every ISR entry accepted or refused, counted */
    CHECK_EQ(st.produced, posts + sampled + QUIET_EDGES); /* everything queued came from an ISR or the poller */
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    CHECK_EQ(st.dropped, 0);
    CHECK_EQ(per_line[QUIET], QUIET_EDGES);              /* the quiet line lost nothing */
    CHECK_EQ(per_line[FLOOD] + per_line[QUIET], st.delivered);
    CHECK_EQ(pinq_line_state(&q, FLOOD), PINQ_LINE_ON);
    CHECK(loops_in_storm > 0);                           /* the main loop ran during the storm */
    qsort(lat, nlat, sizeof lat[0], cmp_ticks);
    printf("flood: %u edges in %d ms (%.0f edges/s); %u accepted before the trip (check %u), %u refused, "
           "%u sampled while polled; main loop ran %u times (%u in storm)\n",
           flood_sent, FLOOD_MS, flood_sent * 1000.0 / FLOOD_MS, posts, guard[0].check, masked, sampled, loops,
           loops_in_storm);
    if (nlat)
        printf("quiet line during the flood: %u events, latency p50 %.1f us, p99 %.1f us, max %.1f us\n", nlat,
               lat[nlat / 2] / 1e3, lat[nlat * 99 / 100] / 1e3, lat[nlat - 1] / 1e3);
}

int main(void)
{
    test_step_by_step();
    test_bad_config();
    test_flood();
    return check_done("test_guard");
}
