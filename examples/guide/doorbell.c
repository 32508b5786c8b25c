/* doorbell.c - docs/guide.md, step 1: one rare, urgent input on an
 * interrupt line whose ISR only stamps and queues; the main loop sleeps
 * until there is something to do. On the host the POSIX port's signal
 * handler is the ISR (SIGUSR1 is the doorbell's pin); the program rings
 * itself three times and exits 0 once it has heard all six edges. */
#define _POSIX_C_SOURCE 200809L /* sigqueue */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "pinq.h"
#include "pinq_isr.h"
#include "pinq_posix.h"

enum { DOORBELL, NLINES };

static unsigned rings, edges;

/* Runs in the main loop, from pinq_dispatch(): take all the time needed. */
static void on_doorbell(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    edges++;
    if (ev->kind == PINQ_EV_FALL) /* active low: pressed */
        printf("ring %u at t = %llu ns\n", ++rings, (unsigned long long)ev->ts);
}

static const pinq_line_cfg_t lines[NLINES] = {
    [DOORBELL] = {.trigger = PINQ_TRIG_BOTH, .deferred = on_doorbell},
};
PINQ_DEFINE(q, lines, NLINES, 16, PINQ_SPSC, PINQ_DROP_NEWEST);

/* On a microcontroller this is the whole interrupt handler, the one the
 * vector table names (read_doorbell_pin() stands for the GPIO read): */
int read_doorbell_pin(void);
void doorbell_irq_handler(void)
{
    pinq_isr_post(&q, DOORBELL, read_doorbell_pin());
}

/* The host has no GPIO: its pin reads "released", and the POSIX port's
 * SIGUSR1 handler does what doorbell_irq_handler() does. */
int read_doorbell_pin(void)
{
    return 1;
}

/* The doorbell rings itself: each signal is an edge, its level in the value. */
static void press_and_release(void)
{
    sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 0}); /* pressed (active low) */
    sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 1}); /* released */
}

int main(void)
{
    if (pinq_init(&q, &q_cfg) != PINQ_OK || pinq_posix_bind_signal(&q, DOORBELL, SIGUSR1) != PINQ_OK)
        return 1;
    for (int i = 0; i < 3; i++)
        press_and_release();
    for (int idle = 0; edges < 6 && idle < 50; idle++) {
        pinq_wait(&q, 100);    /* sleep until an edge (or 100 ms); no wake-up is lost */
        pinq_dispatch(&q, 8);  /* at most 8 handlers, then back to the loop's other work */
    }
    printf("guide_doorbell: %u rings, %u edges\n", rings, edges);
    return edges == 6 ? 0 : 1;
}
