/* test_stress_retry.c - producers that can wait (threads, not ISRs) retry
 * what a batch push refused. Regression test: pinq_ring_push_n once stored
 * a non-prefix of the batch after a refusal, so retrying reordered events.
 * Checks every event arrives exactly once and in order, and that the books
 * balance: refusals counted == lost reported by RESYNC == ring's drops. */
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#include "check.h"
#include "pinq.h"

#define CAP 64
#define BATCH 16
#define PRODUCERS 2

static pinq_slot_t slots[CAP];
static pinq_lost_t lost[PRODUCERS];
static pinq_ring_t ring;
static uint32_t per_producer;
static _Atomic uint64_t refusals;

static void *producer(void *arg)
{
    uint16_t id = (uint16_t)(uintptr_t)arg;
    pinq_event_t b[BATCH];
    for (uint32_t i = 0; i < per_producer;) {
        uint32_t k = per_producer - i < BATCH ? per_producer - i : BATCH;
        for (uint32_t j = 0; j < k; j++)
            b[j] = (pinq_event_t){.ts = i + j, .line = id, .kind = PINQ_EV_RISE};
        for (uint32_t done = 0; done < k;) {
            uint32_t s = pinq_ring_push_n(&ring, b + done, k - done);
            done += s;
            if (done < k) {
                atomic_fetch_add(&refusals, k - done); /* counted as lost by the ring */
                sched_yield();
            }
        }
        i += k;
    }
    return NULL;
}

static void run(uint8_t mode, unsigned nprod, uint32_t total)
{
    pinq_ring_cfg_t c = {.slots = slots, .capacity = CAP, .lost = lost, .nlines = PRODUCERS, .mode = mode,
                         .policy = PINQ_DROP_NEWEST};
    CHECK_EQ(pinq_ring_init(&ring, &c), PINQ_OK);
    per_producer = total / nprod;
    atomic_store(&refusals, 0);
    pthread_t th[PRODUCERS];
    for (uintptr_t i = 0; i < nprod; i++)
        pthread_create(&th[i], NULL, producer, (void *)i);
    uint64_t next[PRODUCERS] = {0}, order_errors = 0, got = 0, lostsum = 0;
    pinq_event_t e[BATCH];
    while (got < (uint64_t)per_producer * nprod) {
        uint32_t n = pinq_ring_pop_n(&ring, e, BATCH);
        for (uint32_t i = 0; i < n; i++) {
            if (e[i].kind == PINQ_EV_RESYNC) {
                lostsum += e[i].lost;
                continue;
            }
            order_errors += e[i].ts != next[e[i].line];
            next[e[i].line] = e[i].ts + 1;
            got++;
        }
    }
    for (unsigned i = 0; i < nprod; i++)
        pthread_join(th[i], NULL);
    CHECK(pinq_ring_flush_lost(&ring));
    while (pinq_ring_pop(&ring, e) == 1)
        lostsum += e[0].kind == PINQ_EV_RESYNC ? e[0].lost : 0;
    CHECK_EQ(order_errors, 0);
    pinq_ring_stats_t st;
    pinq_ring_stats(&ring, &st);
    CHECK_EQ(lostsum, atomic_load(&refusals));
    CHECK_EQ(st.dropped, (uint32_t)lostsum);
    CHECK_EQ(st.produced, st.delivered + st.dropped);
    printf("retry mode %u: delivered %u, refused and retried %u\n", mode, st.delivered, st.dropped);
}

int main(int argc, char **argv)
{
    uint32_t total = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : PINQ_STRESS_EVENTS / 10;
    run(PINQ_SPSC, 1, total);
    run(PINQ_MPSC, PRODUCERS, total);
    return check_done("test_stress_retry");
}
