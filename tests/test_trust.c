/* test_trust.c - adversarial regression tests of the "no silent loss"
 * promise, written against the public API only (pinq.h, pinq_posix.h),
 * single-threaded or with real POSIX signals as the interrupts:
 *
 *   signal_poller    an SPSC ring fed by a signal handler (a helper thread
 *                    sends real-time signals to the main thread) while the
 *                    main loop's poller samples a line whose level toggles
 *                    at every read: per line, posted == delivered + lost
 *                    reported by RESYNC, exactly. Also with the storm guard
 *                    handing an interrupt line to the poller at run time.
 *   loss_count_limits 2^23 and 2^23 + 5 refusals on one line between two
 *                    RESYNCs are reported exactly (opt-in: 2^28 + 10, the
 *                    saturation flag; `test_trust --saturate`, ~12 s).
 *   long_poll_period a poll period of 3 s (>= 2^31 POSIX ticks) is sampled
 *                    once per period, and pinq_wait() sleeps meanwhile.
 *   resync_push      a RESYNC pushed by a producer is refused, uncounted.
 *   zeroed_queue     a never-initialised pinq_t answers "nothing" (run in a
 *                    child process, so a crash is a failure, not the end).
 *   property         seeded random push/pop interleavings, every mode x
 *                    policy, against a reference model: per-line order,
 *                    exact conservation, RESYNC position.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "pinq_posix.h"

/* Shims so that the same file builds against the API before the fix
 * (4ef76c8), to show which tests fail there. */
#ifndef PINQ_FLAG_AT_LEAST
#define PINQ_FLAG_AT_LEAST 0x02u
#endif
#ifndef PINQ_LEVEL
#define PINQ_LEVEL(ev) ((ev)->level & 1u)
#endif

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- 1. signal producer + polled line on an SPSC ring ------------------ */

enum { L_IRQ, L_POLL, L_STORM, NL1 };
#define CAP1 8

static pinq_t q1;
static pinq_line_t q1_state[NL1];
static pinq_lost_t q1_lost[NL1];
static pinq_slot_t q1_slots[CAP1];
static pinq_poll_t q1_poll[NL1];

static _Atomic uint32_t poll_reads;    /* L_POLL read() calls (main loop) */
static _Atomic uint32_t storm_reads;   /* L_STORM read() calls once tripped */
static _Atomic uint64_t storm_events;  /* L_STORM events reaching the ring (hard handler: ISR and poller) */
static _Atomic uint64_t sent[NL1];     /* signals the sender got queued, per line */
static _Atomic int sender_done;
static pthread_t main_thread;
static int sig_of[NL1];
static int sender_lines; /* 1: L_IRQ only; 2: L_IRQ and L_STORM */
static uint32_t sender_total;
/* Time bounds of a run, for a loaded machine: past the first, stop once
 * 1000 signals are out; past the second, stop whatever the count. */
static double sender_deadline, sender_hard_deadline;

struct tally1 {
    uint64_t delivered, lost, ts_back;
    pinq_ticks_t last_ts;
} t1[NL1];

static int toggle_read(void *ctx)
{
    _Atomic uint32_t *n = ctx;
    return (int)(atomic_fetch_add(n, 1) & 1u);
}

static bool count_storm(pinq_event_t *ev, void *ctx)
{
    (void)ev;
    (void)ctx;
    atomic_fetch_add(&storm_events, 1); /* one lock-prefixed add: a signal cannot split it */
    return true;
}

static void tally_event(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    struct tally1 *t = &t1[ev->line];
    if (ev->kind == PINQ_EV_RESYNC) {
        t->lost += ev->lost;
        return;
    }
    t->delivered++;
    t->ts_back += ev->ts < t->last_ts; /* one producer at a time per line: its stamps only grow */
    t->last_ts = ev->ts;
}

static const pinq_line_cfg_t lines1[NL1] = {
    [L_IRQ] = {.trigger = PINQ_TRIG_BOTH},
    [L_POLL] = {.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_POLL, .read = toggle_read, .ctx = &poll_reads,
                .poll_period = 1},
    [L_STORM] = {.trigger = PINQ_TRIG_BOTH, .hard = count_storm, .read = toggle_read, .ctx = &storm_reads,
                 .poll_period = 1},
};

static _Atomic uint32_t main_iter; /* main loop iterations, for the sender's pacing */

/* Wait until the main loop has gone round `n` more times: every signal
 * sent before has been handled then (each round samples L_POLL, whose
 * level toggles, so the poller unmasks the signals at least once). */
static void await_main(uint32_t n)
{
    uint32_t want = atomic_load(&main_iter) + n;
    for (unsigned spin = 0; (int32_t)(atomic_load(&main_iter) - want) < 0; spin++)
        if (spin % 1000000 == 999999)
            sched_yield(); /* the main thread is off its core: do not hold ours meanwhile */
}

/* Mostly single signals, each sent once the main loop has gone round 1 to
 * 3 more times, so that the loop runs (and samples) between them and each
 * signal lands at some point inside it, whatever the load of the machine;
 * sometimes a burst of 8 to 31 that overflows the ring, so that losses are
 * owed while the poller stores. (Unpaced, a signal per delivery time keeps
 * the main thread inside handlers until the sender stops, and a loaded
 * machine turns time-paced signals into bursts.) */
static void *sender(void *arg)
{
    (void)arg;
    uint32_t rnd = 2463534242u, burst = 0;
    for (uint32_t i = 0; i < sender_total; i++) {
        double t = now_s();
        if ((t > sender_deadline && i >= 1000) || t > sender_hard_deadline)
            break;
        if (burst == 0) {
            rnd = rnd * 1664525u + 1013904223u;
            if ((rnd >> 24) < 8)
                burst = 8 + (rnd >> 8) % 24;
            else
                await_main(1 + (rnd >> 8) % 3);
        } else {
            burst--;
        }
        int line = sender_lines == 2 && (i & 1) ? L_STORM : L_IRQ;
        union sigval v = {.sival_int = (int)(i >> 1) & 1};
        while (pthread_sigqueue(main_thread, sig_of[line], v) != 0) {
            if (errno != EAGAIN) {
                fprintf(stderr, "pthread_sigqueue: %s\n", strerror(errno));
                atomic_store(&sender_done, 1);
                return NULL;
            }
            sched_yield(); /* the main thread's queue of real-time signals is full */
        }
        atomic_fetch_add(&sent[line], 1);
    }
    atomic_store(&sender_done, 1);
    return NULL;
}

/* Run until every signal queued by the sender has been handled. */
static void settle_signals(void)
{
    for (int tries = 0; tries < 1000; tries++) {
        sigset_t pend;
        sigpending(&pend); /* delivered on the way back from the call */
        int any = 0;
        for (int l = 0; l < NL1; l++)
            any |= sig_of[l] && sigismember(&pend, sig_of[l]) == 1;
        if (!any)
            return;
        usleep(100);
    }
}

static void signal_poller_run(uint8_t policy, int storm, uint32_t total)
{
    pinq_cfg_t c = {.lines = lines1, .state = q1_state, .poll = q1_poll, .nlines = NL1, .slots = q1_slots,
                    .lost = q1_lost, .capacity = CAP1, .mode = PINQ_SPSC, .policy = policy,
                    .on_event = tally_event};
    CHECK_EQ(pinq_init(&q1, &c), PINQ_OK);
    memset(t1, 0, sizeof t1);
    atomic_store(&poll_reads, 0);
    atomic_store(&storm_reads, 0);
    atomic_store(&storm_events, 0);
    for (int l = 0; l < NL1; l++)
        atomic_store(&sent[l], 0);
    atomic_store(&sender_done, 0);
    sig_of[L_IRQ] = SIGRTMIN + 3;
    sig_of[L_STORM] = SIGRTMIN + 6;
    CHECK_EQ(pinq_posix_bind_signal(&q1, L_IRQ, sig_of[L_IRQ]), PINQ_OK);
    CHECK_EQ(pinq_posix_bind_signal(&q1, L_STORM, sig_of[L_STORM]), PINQ_OK);
    if (storm) /* every 2nd post checks the rate; any rate trips it: the poller takes the line at once */
        CHECK_EQ(pinq_line_trip(&q1, L_STORM, 2, UINT32_MAX), PINQ_OK);
    sender_lines = storm ? 2 : 1;
    sender_total = total;
    sender_deadline = now_s() + 1.0;
    sender_hard_deadline = sender_deadline + 3.0;
    main_thread = pthread_self();

    /* the sender must never take the signals itself */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, sig_of[L_IRQ]);
    sigaddset(&block, sig_of[L_STORM]);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    pthread_t th;
    pthread_create(&th, NULL, sender, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    unsigned iter = 0, trips = 0;
    while (!atomic_load(&sender_done)) {
        iter++;
        atomic_store(&main_iter, iter);
        pinq_dispatch(&q1, 1 + iter % 4); /* samples L_POLL (and L_STORM once tripped) every call */
        if (storm && iter % 256 == 0 && pinq_line_state(&q1, L_STORM) == PINQ_LINE_POLLED) {
            trips++;
            pinq_line_set_polled(&q1, L_STORM, false); /* back to its interrupt: it trips again */
        }
    }
    pthread_join(th, NULL);
    settle_signals();
    /* stop the sampling, then drain: events, then the losses still owed */
    CHECK_EQ(pinq_line_enable(&q1, L_POLL, false), PINQ_OK);
    CHECK_EQ(pinq_line_enable(&q1, L_STORM, false), PINQ_OK);
    for (int i = 0; i < 100000 && (pinq_dispatch(&q1, 64) || pinq_pending(&q1)); i++)
        ;
    CHECK(!pinq_pending(&q1));

    uint64_t posted[NL1];
    posted[L_IRQ] = atomic_load(&sent[L_IRQ]);
    uint32_t reads = atomic_load(&poll_reads);
    posted[L_POLL] = reads ? reads - 1 : 0; /* the first sample sets the level; every later one toggles it */
    posted[L_STORM] = atomic_load(&storm_events);
    CHECK_EQ(q1_poll[L_POLL].sampled_edges, posted[L_POLL]);
    uint64_t total_posted = 0, total_lost = 0;
    for (int l = 0; l < NL1; l++) {
        if (t1[l].delivered + t1[l].lost != posted[l])
            fprintf(stderr, "signal_poller policy %u storm %d line %d: posted %llu, delivered %llu + lost %llu\n",
                    policy, storm, l, (unsigned long long)posted[l], (unsigned long long)t1[l].delivered,
                    (unsigned long long)t1[l].lost);
        CHECK_EQ(t1[l].delivered + t1[l].lost, posted[l]);
        if (t1[l].ts_back)
            fprintf(stderr, "signal_poller policy %u storm %d line %d: %llu events stamped before the one ahead of "
                    "them\n", policy, storm, l, (unsigned long long)t1[l].ts_back);
        /* L_STORM: a sample is stamped with the time its pass began; an ISR
         * event of the line posted during that pass (tripping it) must not
         * come out ahead of it with a later stamp */
        CHECK_EQ(t1[l].ts_back, 0);
        total_posted += posted[l];
        total_lost += t1[l].lost;
    }
    pinq_ring_stats_t st;
    pinq_ring_stats(&q1.ring, &st);
    CHECK_EQ(st.produced, (uint32_t)total_posted);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    CHECK_EQ(st.queued, 0);
    CHECK_EQ(st.dropped + st.coalesced, (uint32_t)total_lost);
    if (storm && total >= 1000)
        CHECK(trips > 0); /* the storm guard did hand the line over */
    printf("signal_poller policy %u storm %d: irq %llu (lost %llu), polled %llu (lost %llu), storm %llu (lost "
           "%llu, %u trips)\n",
           policy, storm, (unsigned long long)posted[L_IRQ], (unsigned long long)t1[L_IRQ].lost,
           (unsigned long long)posted[L_POLL], (unsigned long long)t1[L_POLL].lost,
           (unsigned long long)posted[L_STORM], (unsigned long long)t1[L_STORM].lost, trips);
    pinq_posix_unbind(sig_of[L_IRQ]);
    pinq_posix_unbind(sig_of[L_STORM]);
}

static void test_signal_poller(uint32_t n)
{
#if defined(__SANITIZE_THREAD__)
    /* TSan takes a signal into one pending slot per signal number and
     * runs the handler later: queued real-time signals merge, so the
     * sender's count is not what the handler posts. */
    printf("signal_poller: not run under TSan (it merges queued real-time signals)\n");
    return;
#endif
    signal_poller_run(PINQ_DROP_NEWEST, 0, n);
    signal_poller_run(PINQ_COALESCE, 0, n);
    signal_poller_run(PINQ_DROP_NEWEST, 1, n);
    signal_poller_run(PINQ_COALESCE, 1, n);
}

/* ---- 3. per-line loss count at its limits ------------------------------ */

static pinq_slot_t slots3[4];
static pinq_lost_t lost3[2];

/* Fill a ring of 2 with line 1's events, have `n` events of line 0
 * refused (levels alternate, the last one `n & 1 ? 0 : 1`...), then pop:
 * the 2 events, then one RESYNC of line 0 saying n (exactly, or at least
 * `n` with the saturation flag when `saturates`). */
static void loss_count_run(uint8_t mode, uint8_t policy, uint32_t n, int saturates)
{
    pinq_ring_t r;
    pinq_ring_cfg_t c = {.slots = slots3, .capacity = 2, .lost = lost3, .nlines = 2, .mode = mode, .policy = policy};
    CHECK_EQ(pinq_ring_init(&r, &c), PINQ_OK);
    pinq_event_t e = {.ts = 1, .line = 1, .kind = PINQ_EV_RISE, .level = 1};
    CHECK_EQ(pinq_ring_push(&r, &e), PINQ_OK);
    e.ts = 2;
    CHECK_EQ(pinq_ring_push(&r, &e), PINQ_OK);
    uint32_t refused = 0;
    pinq_event_t lose = {.ts = 3, .line = 0, .kind = PINQ_EV_RISE, .level = 1};
    for (uint32_t i = 0; i < n; i++) {
        lose.level = (uint8_t)(i & 1);
        lose.kind = lose.level ? PINQ_EV_RISE : PINQ_EV_FALL;
        refused += pinq_ring_push(&r, &lose) == PINQ_EFULL;
    }
    CHECK_EQ(refused, n);
    pinq_event_t out;
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    CHECK_EQ(out.ts, 1);
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    CHECK_EQ(out.ts, 2);
    int got = pinq_ring_pop(&r, &out);
    if (got != 1 && pinq_ring_lost_pending(&r)) { /* a stamped ring: the dispatcher's flush */
        pinq_ring_flush_lost(&r);
        got = pinq_ring_pop(&r, &out);
    }
    CHECK_EQ(got, 1);
    if (got == 1) {
        CHECK_EQ(out.kind, PINQ_EV_RESYNC);
        CHECK_EQ(out.line, 0);
        CHECK_EQ(PINQ_LEVEL(&out), (n - 1) & 1); /* level of the most recent lost event */
        if (saturates) {
            CHECK(out.level & PINQ_FLAG_AT_LEAST);
            CHECK(out.lost >= (UINT32_C(1) << 28) && out.lost <= n);
        } else {
            CHECK_EQ(out.lost, n);
            CHECK_EQ(out.level & PINQ_FLAG_AT_LEAST, 0);
        }
        printf("loss_count mode %u policy %u: %u refused, RESYNC lost %u level 0x%02x\n", mode, policy, n,
               out.lost, out.level);
    }
    CHECK_EQ(pinq_ring_pop(&r, &out), 0);
    pinq_ring_stats_t st;
    pinq_ring_stats(&r, &st);
    CHECK_EQ(st.produced, n + 2);
    CHECK_EQ(st.dropped + st.coalesced, n); /* ring-wide: exact even when the line's account saturated */
    CHECK_EQ(st.delivered, 2);
    CHECK_EQ(st.queued, 0);

    /* the account is usable again: one more loss, reported as exactly 1 */
    e.ts = 4;
    CHECK_EQ(pinq_ring_push(&r, &e), PINQ_OK);
    CHECK_EQ(pinq_ring_push(&r, &e), PINQ_OK);
    lose.level = 1;
    CHECK_EQ(pinq_ring_push(&r, &lose), PINQ_EFULL);
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    if (pinq_ring_pop(&r, &out) != 1) {
        pinq_ring_flush_lost(&r);
        CHECK_EQ(pinq_ring_pop(&r, &out), 1);
    }
    CHECK_EQ(out.kind, PINQ_EV_RESYNC);
    CHECK_EQ(out.lost, 1);
    CHECK_EQ(out.level, 1);
}

static void test_loss_count_limits(int saturate)
{
    uint32_t big = UINT32_C(1) << 23;
#if !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__) /* 2^23 pushes each: slow under sanitizers */
    loss_count_run(PINQ_SPSC, PINQ_DROP_NEWEST, big, 0);
    loss_count_run(PINQ_MPSC, PINQ_COALESCE, big + 5, 0);
#endif
    loss_count_run(PINQ_SPSC, PINQ_DROP_NEWEST, big + 5, 0);
    if (saturate) {
        double t0 = now_s();
        loss_count_run(PINQ_SPSC, PINQ_DROP_NEWEST, (UINT32_C(1) << 28) + 10, 1);
        printf("saturation run: %.1f s\n", now_s() - t0);
    }
}

/* ---- 5. a poll period of 2^31 ticks or more ---------------------------- */

static _Atomic uint32_t slow_reads;
static int slow_read(void *ctx)
{
    (void)ctx;
    atomic_fetch_add(&slow_reads, 1);
    return 0;
}

static void test_long_poll_period(void)
{
    static const pinq_line_cfg_t lines[1] = {
        {.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_POLL, .read = slow_read, .poll_period = 3000000000u}};
    static pinq_t q;
    static pinq_line_t state[1];
    static pinq_lost_t lost[1];
    static pinq_slot_t slots[4];
    static pinq_poll_t poll[1];
    pinq_cfg_t c = {.lines = lines, .state = state, .poll = poll, .nlines = 1, .slots = slots, .lost = lost,
                    .capacity = 4, .mode = PINQ_SPSC, .policy = PINQ_DROP_NEWEST};
    CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
    CHECK_EQ(pinq_port_ticks_per_sec(), 1000000000u); /* 3 s is 3e9 ticks > 2^31 */
    double t0 = now_s();
    while (now_s() - t0 < 0.05)
        pinq_dispatch(&q, 4);
    CHECK_EQ(atomic_load(&slow_reads), 1); /* sampled once: the next sample is 3 s away */
    t0 = now_s();
    CHECK(!pinq_wait(&q, 20));
    double slept = now_s() - t0;
    CHECK(slept >= 0.015); /* it slept (a lower bound only: a behaviour, not a speed) */
    printf("long_poll_period: %u reads in 50 ms, pinq_wait(20) took %.1f ms\n", atomic_load(&slow_reads),
           slept * 1e3);
}

/* ---- 9. a producer's RESYNC; a zeroed queue ---------------------------- */

static void test_resync_push(void)
{
    static pinq_slot_t slots[8];
    static pinq_lost_t lost[2];
    for (uint8_t mode = PINQ_SPSC; mode <= PINQ_MPSC; mode++) {
        for (uint8_t policy = PINQ_DROP_NEWEST; policy <= PINQ_COALESCE; policy++) {
            pinq_ring_t r;
            pinq_ring_cfg_t c = {.slots = slots, .capacity = 8, .lost = lost, .nlines = 2, .mode = mode,
                                 .policy = policy};
            CHECK_EQ(pinq_ring_init(&r, &c), PINQ_OK);
            pinq_event_t bad = {.ts = 7, .line = 1, .kind = PINQ_EV_RESYNC, .level = 1};
            bad.lost = 3;
            CHECK_EQ(pinq_ring_push(&r, &bad), PINQ_EINVAL);
            pinq_ring_stats_t st;
            pinq_ring_stats(&r, &st);
            CHECK_EQ(st.produced, 0);
            CHECK_EQ(st.queued, 0);
            pinq_event_t out;
            CHECK_EQ(pinq_ring_pop(&r, &out), 0);

            pinq_event_t batch[3] = {
                {.ts = 10, .line = 0, .kind = PINQ_EV_RISE, .level = 1},
                bad,
                {.ts = 11, .line = 1, .kind = PINQ_EV_FALL, .level = 0},
            };
            CHECK_EQ(pinq_ring_push_n(&r, batch, 3), 2);
            pinq_ring_stats(&r, &st);
            CHECK_EQ(st.produced, 2);
            CHECK_EQ(pinq_ring_pop(&r, &out), 1);
            CHECK_EQ(out.ts, 10);
            CHECK_EQ(pinq_ring_pop(&r, &out), 1);
            CHECK_EQ(out.ts, 11);
            CHECK_EQ(out.kind, PINQ_EV_FALL);
            CHECK_EQ(pinq_ring_pop(&r, &out), 0);
            pinq_ring_stats(&r, &st);
            CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
            CHECK_EQ(st.delivered, 2);
        }
    }
}

static pinq_t zeroed; /* never initialised */
static void no_call(void *arg)
{
    (void)arg;
}

/* Runs in a child: returns its failure count. */
static unsigned zeroed_checks(void)
{
    pinq_event_t ev = {.ts = 1, .line = 0, .kind = PINQ_EV_RISE, .level = 1};
    CHECK(!pinq_pending(&zeroed));
    CHECK_EQ(pinq_dispatch(&zeroed, 8), 0);
    CHECK(!pinq_wait(&zeroed, 0));
    CHECK_EQ(pinq_post(&zeroed, 0, 1), PINQ_EINVAL);
    CHECK_EQ(pinq_post_at(&zeroed, 0, 1, 5), PINQ_EINVAL);
    CHECK_EQ(pinq_post_sample(&zeroed, 0, 1, 5), PINQ_EINVAL);
    CHECK_EQ(pinq_line_enable(&zeroed, 0, true), PINQ_EINVAL);
    CHECK_EQ(pinq_line_level(&zeroed, 0), PINQ_EINVAL);
    CHECK_EQ(pinq_schedule(&zeroed, no_call, NULL), PINQ_EINVAL);
    int got = pinq_ring_pop(&zeroed.ring, &ev);
    CHECK(got == 0 || got == PINQ_EINVAL);
    CHECK_EQ(pinq_ring_pop_n(&zeroed.ring, &ev, 1), 0);
    CHECK(pinq_ring_push(&zeroed.ring, &ev) != PINQ_OK);
    CHECK(!pinq_ring_ready(&zeroed.ring));
    CHECK(!pinq_ring_lost_pending(&zeroed.ring));
    pinq_ring_stats_t st;
    memset(&st, 0xA5, sizeof st);
    pinq_ring_stats(&zeroed.ring, &st);
    CHECK_EQ(st.produced, 0);
    CHECK_EQ(st.delivered, 0);
    CHECK_EQ(st.queued, 0);
    CHECK_EQ(st.dropped + st.coalesced, 0);
    return check_fail;
}

static void test_zeroed_queue(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        unsigned fails = zeroed_checks();
        fflush(NULL);
        _exit(fails > 100 ? 100 : (int)fails);
    }
    int status = 0;
    CHECK_EQ(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status))
        fprintf(stderr, "zeroed_queue: child killed by signal %d\n", WTERMSIG(status));
    CHECK(WIFEXITED(status));
    CHECK_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
}

/* ---- property test: random streams against a reference model ---------- */

#define PT_LINES 3
#define PT_MAXCAP 16
#define PT_OPS 600
#define PT_MAXEV 4096 /* events per line at most: PT_OPS * 6 */

struct model {
    pinq_ring_t r;
    uint8_t mode, policy, nlines;
    /* global index g (the event's ts) -> line, per-line number k, level */
    uint16_t line_of[PT_MAXEV];
    uint32_t k_of[PT_MAXEV];
    uint8_t level_of[PT_MAXEV];
    uint32_t g;                  /* events pushed so far (ts of the next is g + 1) */
    uint32_t pushed[PT_LINES];   /* per-line events pushed (k of the last) */
    uint8_t refused[PT_LINES][PT_MAXEV];
    uint8_t lvl[PT_LINES][PT_MAXEV];
    uint32_t accounted[PT_LINES]; /* delivered + reported lost, per line */
    uint32_t delivered, lost_reported, efull;
    pinq_ticks_t last_g;          /* ts of the last delivered event */
    unsigned bad;                 /* property violations in this seed */
};

static pinq_slot_t pt_slots[PT_MAXCAP];
static pinq_lost_t pt_lost[PT_LINES];
static struct model m;

static uint32_t rnd_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (uint32_t)(*s >> 11);
}

#define PT_CHECK(cond, ...)                                                     \
    do {                                                                        \
        if (!(cond)) {                                                          \
            if (m.bad++ < 3) {                                                  \
                fprintf(stderr, "property seed %llu mode %u policy %u: ", (unsigned long long)seed, m.mode, \
                        m.policy);                                              \
                fprintf(stderr, __VA_ARGS__);                                   \
                fputc('\n', stderr);                                            \
            }                                                                   \
        }                                                                       \
    } while (0)

static pinq_event_t pt_make(uint16_t line, uint8_t level)
{
    m.g++;
    m.line_of[m.g] = line;
    m.level_of[m.g] = level;
    m.k_of[m.g] = ++m.pushed[line];
    m.lvl[line][m.pushed[line]] = level;
    return (pinq_event_t){.ts = m.g, .line = line, .kind = level ? PINQ_EV_RISE : PINQ_EV_FALL, .level = level};
}

static void pt_take(uint64_t seed, const pinq_event_t *ev)
{
    if (ev->line >= m.nlines) {
        PT_CHECK(0, "line %u out of range", ev->line);
        return;
    }
    uint16_t l = ev->line;
    if (ev->kind == PINQ_EV_RESYNC) {
        PT_CHECK(ev->lost > 0, "RESYNC of line %u carries 0", l);
        PT_CHECK(ev->ts == m.last_g, "RESYNC ts %llu, last delivered %llu", (unsigned long long)ev->ts,
                 (unsigned long long)m.last_g);
        uint32_t to = m.accounted[l] + ev->lost;
        PT_CHECK(to <= m.pushed[l], "RESYNC of line %u reports %u lost, only %u unaccounted", l, ev->lost,
                 m.pushed[l] - m.accounted[l]);
        if (to > m.pushed[l])
            to = m.pushed[l];
        for (uint32_t k = m.accounted[l] + 1; k <= to && m.policy != PINQ_DROP_OLDEST; k++)
            PT_CHECK(m.refused[l][k], "RESYNC of line %u reports event %u, which was stored", l, k);
        if (to > m.accounted[l])
            PT_CHECK(PINQ_LEVEL(ev) == m.lvl[l][to], "RESYNC of line %u level %u, last lost event's %u", l,
                     PINQ_LEVEL(ev), m.lvl[l][to]);
        PT_CHECK((ev->level & PINQ_FLAG_AT_LEAST) == 0, "RESYNC with AT_LEAST");
        m.lost_reported += ev->lost;
        m.accounted[l] = to;
        return;
    }
    uint32_t g = (uint32_t)ev->ts;
    if (g == 0 || g > m.g) {
        PT_CHECK(0, "event with ts %llu never pushed", (unsigned long long)ev->ts);
        return;
    }
    PT_CHECK(g > m.last_g, "event %u after event %llu: out of order", g, (unsigned long long)m.last_g);
    PT_CHECK(ev->line == m.line_of[g] && ev->level == m.level_of[g] &&
                 ev->kind == (m.level_of[g] ? PINQ_EV_RISE : PINQ_EV_FALL),
             "event %u altered", g);
    uint32_t k = m.k_of[g];
    PT_CHECK(!m.refused[l][k], "event %u of line %u delivered though refused", k, l);
    PT_CHECK(m.accounted[l] == k - 1, "event %u of line %u popped with %u earlier accounted", k, l, m.accounted[l]);
    m.accounted[l] = k;
    m.last_g = g;
    m.delivered++;
}

static void pt_check_stats(uint64_t seed)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(&m.r, &st);
    PT_CHECK(st.produced == m.g, "produced %u, pushed %u", st.produced, m.g);
    PT_CHECK(st.delivered == m.delivered, "delivered %u, popped %u", st.delivered, m.delivered);
    PT_CHECK(st.produced == st.delivered + st.dropped + st.coalesced + st.queued,
             "produced %u != delivered %u + dropped %u + coalesced %u + queued %u", st.produced, st.delivered,
             st.dropped, st.coalesced, st.queued);
    if (m.policy == PINQ_DROP_NEWEST)
        PT_CHECK(st.dropped == m.efull && st.coalesced == 0, "dropped %u coalesced %u, refused %u", st.dropped,
                 st.coalesced, m.efull);
    else if (m.policy == PINQ_COALESCE)
        PT_CHECK(st.coalesced == m.efull && st.dropped == 0, "coalesced %u dropped %u, refused %u", st.coalesced,
                 st.dropped, m.efull);
    else
        PT_CHECK(st.coalesced == 0 && m.efull == 0, "DROP_OLDEST: coalesced %u, refused %u", st.coalesced, m.efull);
}

static void pt_pop_some(uint64_t seed, uint32_t n, int batch)
{
    pinq_event_t buf[8];
    if (batch) {
        uint32_t got = pinq_ring_pop_n(&m.r, buf, n);
        for (uint32_t i = 0; i < got; i++)
            pt_take(seed, &buf[i]);
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        int got = pinq_ring_pop(&m.r, buf);
        if (got != 1)
            return;
        pt_take(seed, buf);
    }
}

/* pinq_dispatch()'s way: pop; once dry, flush what is owed and pop again */
static int pt_pop_or_flush(uint64_t seed)
{
    pinq_event_t ev;
    if (pinq_ring_pop(&m.r, &ev) == 1) {
        pt_take(seed, &ev);
        return 1;
    }
    if (!pinq_ring_lost_pending(&m.r))
        return 0;
    pinq_ring_flush_lost(&m.r);
    if (pinq_ring_pop(&m.r, &ev) != 1)
        return 0;
    pt_take(seed, &ev);
    return 1;
}

static unsigned property_seed(uint64_t seed, uint8_t mode, uint8_t policy)
{
    uint64_t s = seed * 0x9E3779B97F4A7C15u + 1;
    memset(&m, 0, sizeof m);
    m.mode = mode;
    m.policy = policy;
    m.nlines = (uint8_t)(1 + rnd_next(&s) % PT_LINES);
    uint32_t cap = UINT32_C(2) << rnd_next(&s) % 4; /* 2..16 */
    uint32_t start = rnd_next(&s) & 1 ? UINT32_MAX - rnd_next(&s) % 64 : 0;
    pinq_ring_cfg_t c = {.slots = pt_slots, .capacity = cap, .lost = pt_lost, .nlines = m.nlines, .mode = mode,
                         .policy = policy, .start_index = start};
    if (pinq_ring_init(&m.r, &c) != PINQ_OK) {
        PT_CHECK(0, "init");
        return m.bad;
    }
    uint32_t push_bias = 30 + rnd_next(&s) % 50; /* some seeds overflow a lot, some hardly */
    for (int op = 0; op < PT_OPS && m.g + 8 < PT_MAXEV; op++) {
        uint32_t x = rnd_next(&s) % 100;
        if (x < push_bias) {
            bool idle = !pinq_ring_ready(&m.r) && !pinq_ring_lost_pending(&m.r);
            uint16_t l = (uint16_t)(rnd_next(&s) % m.nlines);
            pinq_event_t ev = pt_make(l, (uint8_t)(rnd_next(&s) & 1));
            int err = pinq_ring_push(&m.r, &ev);
            PT_CHECK(err == PINQ_OK || err == PINQ_EFULL, "push returned %d", err);
            PT_CHECK(!idle || err == PINQ_OK, "push into a ring with nothing to pop and nothing owed refused");
            if (policy == PINQ_DROP_OLDEST)
                PT_CHECK(err == PINQ_OK, "DROP_OLDEST push refused with no contention");
            if (err == PINQ_EFULL) {
                m.refused[l][m.k_of[m.g]] = 1;
                m.efull++;
            }
        } else if (x < push_bias + 8) {
            /* a batch, sometimes with an invalid event in it: a line out of
             * range or a producer's RESYNC (skipped, not counted) */
            pinq_event_t batch[6];
            uint32_t n = 1 + rnd_next(&s) % 6, valid = 0, bad_at = rnd_next(&s) % 12;
            uint32_t first_g = m.g + 1;
            for (uint32_t i = 0; i < n; i++) {
                if (i == bad_at) {
                    if (rnd_next(&s) & 1) {
                        batch[i] = (pinq_event_t){.ts = 0, .line = m.nlines, .kind = PINQ_EV_RISE, .level = 1};
                    } else {
                        batch[i] = (pinq_event_t){.ts = 99999, .line = 0, .kind = PINQ_EV_RESYNC, .level = 1};
                        batch[i].lost = 7;
                    }
                    continue;
                }
                batch[i] = pt_make((uint16_t)(rnd_next(&s) % m.nlines), (uint8_t)(rnd_next(&s) & 1));
                valid++;
            }
            uint32_t stored = pinq_ring_push_n(&m.r, batch, n);
            PT_CHECK(stored <= valid, "push_n stored %u of %u", stored, valid);
            if (policy == PINQ_DROP_OLDEST)
                PT_CHECK(stored == valid, "DROP_OLDEST push_n stored %u of %u", stored, valid);
            for (uint32_t g = first_g + stored; g <= m.g; g++) { /* a prefix is stored, the rest refused */
                m.refused[m.line_of[g]][m.k_of[g]] = 1;
                m.efull++;
            }
        } else if (x < push_bias + 10) {
            /* a producer's RESYNC: refused, nothing counted */
            pinq_event_t bad = {.ts = 12345, .line = (uint16_t)(rnd_next(&s) % m.nlines), .kind = PINQ_EV_RESYNC};
            bad.lost = 1 + rnd_next(&s) % 9;
            PT_CHECK(pinq_ring_push(&m.r, &bad) == PINQ_EINVAL, "a producer's RESYNC accepted");
        } else if (x < push_bias + 8 + 10) {
            pt_pop_some(seed, 1 + rnd_next(&s) % 5, 1);
        } else if (x < push_bias + 8 + 25) {
            pt_pop_some(seed, 1, 0);
        } else {
            pt_pop_or_flush(seed);
        }
        pt_check_stats(seed);
        if (m.bad)
            return m.bad;
    }
    /* the producers stop: everything comes out, every loss is reported */
    for (int i = 0; i < 100000 && pt_pop_or_flush(seed); i++)
        ;
    pt_check_stats(seed);
    pinq_ring_stats_t st;
    pinq_ring_stats(&m.r, &st);
    PT_CHECK(st.queued == 0, "queued %u after the drain", st.queued);
    PT_CHECK(!pinq_ring_ready(&m.r) && !pinq_ring_lost_pending(&m.r), "still something to pop");
    PT_CHECK(m.lost_reported == st.dropped + st.coalesced, "RESYNCs reported %u, ring lost %u", m.lost_reported,
             st.dropped + st.coalesced);
    for (uint16_t l = 0; l < m.nlines; l++)
        PT_CHECK(m.accounted[l] == m.pushed[l], "line %u: %u pushed, %u accounted", l, m.pushed[l], m.accounted[l]);
    return m.bad;
}

/* Seeds that failed once, run first whatever the count (none yet). */
static const uint64_t regression_seeds[] = {0};

static void test_property(unsigned seeds)
{
    for (uint8_t mode = PINQ_SPSC; mode <= PINQ_MPSC; mode++) {
        for (uint8_t policy = PINQ_DROP_NEWEST; policy <= PINQ_COALESCE; policy++) {
            unsigned failed = 0;
            for (unsigned i = 0; i < sizeof regression_seeds / sizeof regression_seeds[0]; i++)
                failed += property_seed(regression_seeds[i], mode, policy) != 0;
            for (uint64_t seed = 1; seed <= seeds; seed++)
                failed += property_seed(seed, mode, policy) != 0;
            if (failed)
                fprintf(stderr, "property mode %u policy %u: %u seeds failed\n", mode, policy, failed);
            CHECK_EQ(failed, 0);
        }
    }
}

/* test_trust [--saturate] [signals per signal_poller run] */
int main(int argc, char **argv)
{
    int saturate = 0;
    uint32_t signals = 4000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--saturate") == 0)
            saturate = 1;
        else
            signals = (uint32_t)strtoul(argv[i], NULL, 0);
    }
    double t0 = now_s();
    test_resync_push();
    test_zeroed_queue();
    test_property(400);
    double t1 = now_s();
    test_loss_count_limits(saturate);
    double t2 = now_s();
    test_long_poll_period();
    test_signal_poller(signals);
    printf("times: property %.2f s, loss counts %.2f s, signals %.2f s\n", t1 - t0, t2 - t1, now_s() - t2);
    return check_done("test_trust");
}
