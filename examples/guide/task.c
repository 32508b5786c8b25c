/* task.c - docs/guide.md, step 4: a consumer task that blocks in
 * pinq_pop() until an event comes or its timeout passes. On an RTOS port
 * (built with PINQ_CFG_WAKE=1) the task sleeps in the RTOS and the ISR
 * that queues an event wakes it; on the host the same loop sleeps in the
 * POSIX port's sigtimedwait. The program posts five edges on SIGUSR1 and
 * exits 0 once the task has taken all five. */
#define _POSIX_C_SOURCE 200809L /* sigqueue */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "pinq.h"
#include "pinq_posix.h"

enum { SENSOR, NLINES };

static const pinq_line_cfg_t lines[NLINES] = {
    [SENSOR] = {.trigger = PINQ_TRIG_BOTH}, /* no handler: the task takes the events itself */
};
PINQ_DEFINE(q, lines, NLINES, 32, PINQ_SPSC, PINQ_DROP_NEWEST);

static unsigned taken, resyncs;

static void handle(const pinq_event_t *ev)
{
    if (ev->kind == PINQ_EV_RESYNC) /* the ring was full: ev->lost events of ev->line are gone */
        resyncs++;
    else
        taken++;
}

/* The consumer task: one event at a time, in order; the timeout is the
 * task's chance to do periodic work when nothing happens. */
static void sensor_task(void)
{
    for (int idle = 0; taken < 5 && idle < 20;) {
        pinq_event_t ev;
        if (pinq_pop(&q, &ev, 100) == 1)
            handle(&ev);
        else
            idle++; /* 100 ms without an event: time for housekeeping */
    }
}

int main(void)
{
    if (pinq_init(&q, &q_cfg) != PINQ_OK || pinq_posix_bind_signal(&q, SENSOR, SIGUSR1) != PINQ_OK)
        return 1;
    for (int i = 0; i < 5; i++)
        sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = i & 1});
    sensor_task();
    printf("guide_task: %u events taken, %u losses reported\n", taken, resyncs);
    return taken == 5 && resyncs == 0 ? 0 : 1;
}
