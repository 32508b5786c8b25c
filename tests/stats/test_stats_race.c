/* test_stats_race.c - snapshots with reset taken by the consumer while
 * producer threads post into an MPSC queue: the figures summed over the
 * intervals equal the counts the producers kept of what they posted, and
 * every interval's per-line identity holds. Host only (threads). */
#include <pthread.h>
#include <sched.h>
#include <string.h>

#include "check.h"
#include "pinq.h"
#include "pinq_stats.h"

#define NL 4
#define CAP 16
#define POSTS 20000

static const pinq_line_cfg_t lines[NL] = {{.trigger = PINQ_TRIG_BOTH},
                                          {.trigger = PINQ_TRIG_RISING},
                                          {.trigger = PINQ_TRIG_BOTH},
                                          {.trigger = PINQ_TRIG_FALLING}};
PINQ_DEFINE(q, lines, NL, CAP, PINQ_MPSC, PINQ_DROP_NEWEST);
static pinq_line_counts_t counts[NL];
static pinq_stats_line_t st_lines[NL];
static pinq_stats_t st;

/* What each producer posted: written by its thread, read after the join. */
static struct producer {
    pthread_t tid;
    uint16_t line;
    uint32_t produced, spurious;
} prod[NL];
static _Atomic int running;

static void *produce(void *arg)
{
    struct producer *p = arg;
    uint64_t x = 0x9e3779b97f4a7c15u * (p->line + 1u);
    for (int i = 0; i < POSTS; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int level = (int)(x >> 63);
        pinq_post(&q, p->line, level);
        uint8_t trig = lines[p->line].trigger;
        bool filtered = (trig == PINQ_TRIG_RISING && !level) || (trig == PINQ_TRIG_FALLING && level);
        p->spurious += filtered;
        p->produced += !filtered;
        if (i % 4 == 0)
            sched_yield(); /* let the consumer keep up part of the time: deliveries and losses both */
    }
    atomic_fetch_sub(&running, 1);
    return NULL;
}

static pinq_line_stats_t sum[NL];
static uint32_t sum_produced, sum_delivered, sum_lost;

static void snapshot(void)
{
    pinq_stats_snap_t s;
    pinq_line_stats_t ls[NL];
    CHECK_EQ(pinq_stats_snapshot(&st, &s, ls, NL, true), PINQ_OK);
    sum_produced += s.produced;
    sum_delivered += s.delivered;
    sum_lost += s.refused + s.discarded + s.coalesced;
    for (int i = 0; i < NL; i++) {
        CHECK_EQ(ls[i].events, ls[i].delivered + ls[i].dropped + ls[i].coalesced);
        sum[i].events += ls[i].events;
        sum[i].delivered += ls[i].delivered;
        sum[i].dropped += ls[i].dropped;
        sum[i].spurious += ls[i].spurious;
    }
}

int main(void)
{
    q_cfg.counts = counts;
    q_cfg.observe = pinq_stats_observe;
    q_cfg.observe_ctx = &st;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_stats_init(&st, &q, st_lines, NL), PINQ_OK);
    atomic_store(&running, NL);
    for (uint16_t i = 0; i < NL; i++) {
        prod[i].line = i;
        CHECK_EQ(pthread_create(&prod[i].tid, NULL, produce, &prod[i]), 0);
    }
    unsigned snaps = 0;
    for (unsigned n = 0; atomic_load(&running) > 0; n++) {
        pinq_dispatch(&q, 3);
        if (n % 1000 == 0) {
            snapshot();
            snaps++;
        }
    }
    for (int i = 0; i < NL; i++)
        pthread_join(prod[i].tid, NULL);
    while (pinq_dispatch(&q, 64) > 0)
        ;
    snapshot();
    uint32_t produced = 0;
    for (int i = 0; i < NL; i++) {
        CHECK_EQ(sum[i].events, prod[i].produced);
        CHECK_EQ(sum[i].spurious, prod[i].spurious);
        produced += prod[i].produced;
    }
    CHECK_EQ(sum_produced, produced);
    CHECK_EQ(sum_delivered + sum_lost, produced);
    CHECK(snaps > 2 && sum_delivered > 0 && sum_lost > 0);
    printf("test_stats_race: %u snapshots, %u events, %u lost\n", snaps + 1, produced, sum_lost);
    return check_done("test_stats_race");
}
