/* test_wake.c - the blocking consumer of PINQ_CFG_WAKE builds (pinq.h,
 * "blocking consumers") on the host: the core built with PINQ_CFG_WAKE=1
 * over the POSIX port's semaphore wake-up (pinq_port_posix_wake.c).
 *
 *   api          pinq_pop's arguments and timeouts; a wake-up meant for an
 *                earlier wait does not end a later one before its time
 *   ping_pong    a producer (thread through pinq_post, pinq_isr_post or
 *                pinq_schedule; or a signal handler) hands over one item
 *                at a time and waits for it to be taken, so the consumer
 *                is blocked at nearly every post, and nothing but the
 *                producer's wake-up can end its block before the (long)
 *                timeout: a block that times out is a lost wake-up
 *   calls_only   a pending scheduled call does not make pinq_pop spin
 *   polled       pinq_pop(FOREVER) wakes to sample a polled line
 *   flood        producer threads overflow a small ring under each policy
 *                while the consumer blocks in pinq_pop: per line,
 *                produced == delivered + reported lost
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "pinq.h"
#include "pinq_isr.h"
#include "pinq_posix.h"

/* A block the producer's wake-up should end: its timeout only ends a
 * lost one, so it need not be short. */
#define LOST_MS 2000u

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define NL 3
#define CAP 16

static pinq_t q;
static pinq_line_t state[NL];
static pinq_lost_t lost[NL];
static pinq_slot_t slots[CAP];
static pinq_poll_t poll[NL];
static pinq_call_t calls[8];
static _Atomic int polled_level;

static int read_polled(void *ctx)
{
    (void)ctx;
    return atomic_load(&polled_level);
}

static const pinq_line_cfg_t lines[NL] = {
    {.trigger = PINQ_TRIG_BOTH},
    {.trigger = PINQ_TRIG_BOTH},
    {.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_POLL, .read = read_polled, .poll_period = 1000000},
};

static void setup(uint8_t policy, bool with_polled)
{
    pinq_cfg_t c = {.lines = lines, .state = state, .poll = poll, .nlines = with_polled ? NL : NL - 1,
                    .slots = slots, .lost = lost, .capacity = CAP, .mode = PINQ_MPSC, .policy = policy,
                    .calls = calls, .ncalls = 8};
    CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
}

/* ---- api ---------------------------------------------------------------- */

static void test_api(void)
{
    setup(PINQ_DROP_NEWEST, false);
    pinq_event_t ev;
    CHECK_EQ(pinq_pop(NULL, &ev, 0), PINQ_EINVAL);
    CHECK_EQ(pinq_pop(&q, NULL, 0), PINQ_EINVAL);
    CHECK_EQ(pinq_pop(&q, &ev, 0), 0);
    double t0 = now_s();
    CHECK_EQ(pinq_pop(&q, &ev, 30), 0);
    CHECK(now_s() - t0 >= 0.030); /* not before its timeout */
    CHECK(q.waiter == NULL);      /* not named once it returned */

    /* wake-ups given for earlier waits: the next wait returns at once from
     * its first block, finds nothing, and blocks again for the rest */
    for (int i = 0; i < 3; i++)
        pinq_port_wake(&q, pinq_port_waiter());
    uint32_t b0 = pinq_posix_wake_blocks();
    t0 = now_s();
    CHECK(!pinq_wait(&q, 40));
    CHECK(now_s() - t0 >= 0.040);
    CHECK(pinq_posix_wake_blocks() - b0 >= 2);

    CHECK_EQ(pinq_post_at(&q, 1, 1, 77), PINQ_OK);
    CHECK_EQ(pinq_pop(&q, &ev, 0), 1);
    CHECK_EQ(ev.line, 1);
    CHECK_EQ(ev.ts, 77);
    CHECK_EQ(ev.kind, PINQ_EV_RISE);
}

/* ---- ping_pong ---------------------------------------------------------- */

enum producer_kind { BY_POST, BY_ISR_POST, BY_SCHEDULE, BY_SIGNAL };
static const char *const kind_name[] = {"pinq_post", "pinq_isr_post", "pinq_schedule", "signal"};

#define ROUNDS 5000u

static _Atomic uint32_t taken, ran;
static _Atomic int producer_kind;
static pthread_t consumer_thread;

static void call_fn(void *arg)
{
    (void)arg;
    atomic_fetch_add(&ran, 1);
}

static void *ping_producer(void *arg)
{
    (void)arg;
    int kind = atomic_load(&producer_kind);
    for (uint32_t k = 1; k <= ROUNDS; k++) {
        if (kind == BY_POST)
            pinq_post(&q, 0, (int)(k & 1));
        else if (kind == BY_ISR_POST)
            pinq_isr_post(&q, 0, (int)(k & 1));
        else if (kind == BY_SCHEDULE)
            pinq_schedule(&q, call_fn, NULL);
        else
            pthread_sigqueue(consumer_thread, SIGUSR1, (union sigval){.sival_int = (int)(k & 1)});
        /* wait until it is taken: the consumer is blocked when the next comes */
        while (atomic_load(&taken) < k)
            sched_yield();
    }
    return NULL;
}

static void ping_pong(int kind)
{
    setup(PINQ_DROP_NEWEST, false);
    atomic_store(&taken, 0);
    atomic_store(&ran, 0);
    atomic_store(&producer_kind, kind);
    consumer_thread = pthread_self();
    if (kind == BY_SIGNAL)
        CHECK_EQ(pinq_posix_bind_signal(&q, 0, SIGUSR1), PINQ_OK);
    uint32_t b0 = pinq_posix_wake_blocks(), t0 = pinq_posix_wake_timeouts(), misses = 0, events = 0;
    pthread_t th;
    pthread_create(&th, NULL, ping_producer, NULL);
    while (atomic_load(&taken) < ROUNDS) {
        if (pinq_posix_wake_timeouts() != t0) {
            misses++; /* it slept through a post */
            break;
        }
        pinq_event_t ev;
        if (kind == BY_SCHEDULE) {
            if (!pinq_wait(&q, LOST_MS)) {
                misses++;
                break;
            }
            pinq_dispatch(&q, 8);
            atomic_store(&taken, atomic_load(&ran));
            continue;
        }
        if (pinq_pop(&q, &ev, LOST_MS) != 1) {
            misses++;
            break;
        }
        events++;
        CHECK(ev.kind != PINQ_EV_RESYNC);
        atomic_fetch_add(&taken, 1);
    }
    if (misses) /* release the producer */
        atomic_store(&taken, ROUNDS);
    pthread_join(th, NULL);
    if (kind == BY_SIGNAL)
        pinq_posix_unbind(SIGUSR1);
    uint32_t blocks = pinq_posix_wake_blocks() - b0;
    CHECK_EQ(misses, 0);
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.dropped + st.coalesced, 0);
    if (kind != BY_SCHEDULE)
        CHECK_EQ(events, ROUNDS);
    else
        CHECK_EQ(atomic_load(&ran), ROUNDS);
    CHECK(blocks > 0); /* it did block: the hand-over was by wake-up */
    printf("ping_pong %s: %u rounds, consumer blocked %u times%s\n", kind_name[kind], ROUNDS, blocks,
           misses ? ", A WAKE-UP WAS LOST" : "");
}

/* ---- calls_only ----------------------------------------------------------- */

static void test_calls_only(void)
{
    setup(PINQ_DROP_NEWEST, false);
    atomic_store(&ran, 0);
    CHECK_EQ(pinq_schedule(&q, call_fn, NULL), PINQ_OK);
    pinq_event_t ev;
    uint32_t b0 = pinq_posix_wake_blocks();
    double t0 = now_s();
    CHECK_EQ(pinq_pop(&q, &ev, 50), 0);
    CHECK(now_s() - t0 >= 0.050);
    CHECK(pinq_posix_wake_blocks() - b0 >= 1); /* it blocked rather than spun on the call */
    CHECK_EQ(atomic_load(&ran), 0);            /* and ran none */
    CHECK(pinq_wait(&q, 0));
    CHECK_EQ(pinq_dispatch(&q, 4), 1);
    CHECK_EQ(atomic_load(&ran), 1);
}

/* ---- polled --------------------------------------------------------------- */

#define TOGGLES 50

static void *toggler(void *arg)
{
    (void)arg;
    for (uint32_t k = 1; k <= TOGGLES; k++) {
        atomic_store(&polled_level, (int)(k & 1));
        while (atomic_load(&taken) < k)
            sched_yield();
    }
    return NULL;
}

static void test_polled(void)
{
    atomic_store(&polled_level, 0);
    setup(PINQ_DROP_NEWEST, true);
    atomic_store(&taken, 0);
    pinq_event_t ev;
    CHECK_EQ(pinq_pop(&q, &ev, 0), 0); /* the first sample sets the level */
    pthread_t th;
    pthread_create(&th, NULL, toggler, NULL);
    uint32_t got = 0;
    while (got < TOGGLES) {
        if (pinq_pop(&q, &ev, LOST_MS) != 1)
            break;
        CHECK_EQ(ev.line, 2);
        CHECK_EQ(PINQ_LEVEL(&ev), (got + 1) & 1);
        got++;
        atomic_store(&taken, got);
    }
    atomic_store(&taken, TOGGLES);
    pthread_join(th, NULL);
    CHECK_EQ(got, TOGGLES);
}

/* ---- flood ---------------------------------------------------------------- */

#define FLOOD_PER 200000u
#define FLOOD_LINES 2

static _Atomic int producers_done;
static uint64_t produced[FLOOD_LINES];

static void *flooder(void *arg)
{
    uint16_t l = (uint16_t)(uintptr_t)arg;
    uint64_t k = 0;
    while (k < FLOOD_PER) {
        k++;
        pinq_post_at(&q, l, (int)(k & 1), k); /* full: counted, reported */
        if ((k & 1023) == 0)
            sched_yield(); /* let the ring drain now and then, so the consumer blocks */
    }
    produced[l] = k;
    atomic_fetch_add(&producers_done, 1);
    return NULL;
}

static void flood(uint8_t policy)
{
    setup(policy, false);
    atomic_store(&producers_done, 0);
    uint64_t delivered[FLOOD_LINES] = {0}, lost_n[FLOOD_LINES] = {0}, last[FLOOD_LINES] = {0};
    unsigned disorder = 0;
    pthread_t th[FLOOD_LINES];
    for (uintptr_t l = 0; l < FLOOD_LINES; l++)
        pthread_create(&th[l], NULL, flooder, (void *)l);
    uint32_t b0 = pinq_posix_wake_blocks();
    for (;;) {
        bool done = atomic_load(&producers_done) == FLOOD_LINES; /* read before the last look */
        pinq_event_t ev;
        if (pinq_pop(&q, &ev, done ? 0 : 1000) != 1) {
            if (done)
                break;
            continue;
        }
        if (ev.kind == PINQ_EV_RESYNC) {
            lost_n[ev.line] += ev.lost;
            continue;
        }
        disorder += ev.ts <= last[ev.line];
        last[ev.line] = ev.ts;
        delivered[ev.line]++;
    }
    for (int l = 0; l < FLOOD_LINES; l++)
        pthread_join(th[l], NULL);
    for (int l = 0; l < FLOOD_LINES; l++)
        CHECK_EQ(delivered[l] + lost_n[l], produced[l]);
    CHECK_EQ(disorder, 0);
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    CHECK_EQ(st.queued, 0);
    printf("flood policy %u: delivered %llu + %llu, lost %llu + %llu, consumer blocked %u times\n", policy,
           (unsigned long long)delivered[0], (unsigned long long)delivered[1], (unsigned long long)lost_n[0],
           (unsigned long long)lost_n[1], pinq_posix_wake_blocks() - b0);
}

/* "signal": only the signal handler's ping_pong (ThreadSanitizer defers
 * and merges signals, so that run is left out of the TSan suite). */
int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "signal") == 0) {
        ping_pong(BY_SIGNAL);
        return check_done("test_wake signal");
    }
    test_api();
    for (int kind = BY_POST; kind < BY_SIGNAL; kind++)
        ping_pong(kind);
    test_calls_only();
    test_polled();
    flood(PINQ_DROP_NEWEST);
    flood(PINQ_DROP_OLDEST);
    flood(PINQ_COALESCE);
    return check_done("test_wake");
}
