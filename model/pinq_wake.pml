/* model/pinq_wake.pml - Promela model of the blocking consumer's wake-up
 * handshake (PINQ_CFG_WAKE; pinq.h, "blocking consumers"): the consumer
 * names itself in q->waiter, fences, looks for work, and blocks; each
 * producer publishes, fences, reads q->waiter and wakes whoever is named.
 * Checked by tools/check-model.sh: no run may end with the consumer
 * blocked while an event it has not taken is published.
 *
 * Memory. Each side's stores go through a store buffer that drains to
 * memory at any later step (as on a multi-core part with a write buffer,
 * or TSO): a fence waits for its own buffer to drain. Without the fences
 * (-DNO_FENCE) the classic store-buffering outcome is reachable, both
 * sides read the other's old value, and the wake-up is lost: that run
 * must fail. One core (PINQ_SINGLE_CORE, a compiler fence only) is the
 * case where buffers drain before any interrupt runs, covered by these
 * runs as one interleaving among the others.
 *
 * Configurations (spin -D...):
 *   NP=n, NEV=n  producers (ISRs, tasks, other cores), events each
 *   RELAY        producers too urgent for the RTOS's API pend a relay
 *                interrupt that gives the notification later
 *   NO_FENCE     the fences left out: must fail
 *   REACH_WOKEN  reachability probe: asserts that the consumer is never
 *                woken by a notification (so the runs above do reach it)
 *   EARLY=n      the block may end early n times in a run (a timeout, or
 *                a notification meant for an earlier wait): the consumer
 *                then looks again, as pinq_wait() does
 * Otherwise the consumer waits with no timeout (PINQ_WAIT_FOREVER), so a
 * lost wake-up leaves it blocked for good: when nothing else can move,
 * the monitor asserts that it has taken every event.
 *
 * Labels c_<name> mark the steps that stand for a C statement with the
 * comment "model: c_<name>" (tools/check-model-map.sh).
 */

#ifndef NP
#define NP 2
#endif
#ifndef NEV
#define NEV 2
#endif
#ifndef EARLY
#define EARLY 1
#endif
#define TOTAL (NP * NEV)

byte ring;      /* events published, in memory */
byte taken;     /* events the consumer took */
bit waiter;     /* q->waiter != NULL, in memory */
bit token;      /* the consumer's pending notification (a binary one) */
bit relay;      /* RELAY: the relay interrupt is pended */

/* store buffers: the consumer's pending store to waiter; each producer's
 * pending publication */
bit cbuf, cval;
byte pbuf[NP];

/* the buffers drain at any step: the consumer's, then each producer's */
active proctype consumer_memory()
{
end:
    do
    :: atomic { cbuf -> waiter = cval; cbuf = 0 }
    od
}

proctype producer_memory(byte id)
{
end:
    do
    :: atomic { pbuf[id] > 0 -> ring++; pbuf[id]-- }
    od
}

proctype producer(byte id)
{
    byte n = 0;
    do
    :: n < NEV ->
c_wake_publish:
        pbuf[id]++; /* the slot's publication, into the store buffer */
#ifndef NO_FENCE
c_wake_fence_p:
        (pbuf[id] == 0);
#endif
c_wake_load:
        if
        :: waiter ->
#ifdef RELAY
            relay = 1
#else
            token = 1
#endif
        :: else -> skip
        fi;
        n++
    :: else -> break
    od
}

#ifdef RELAY
/* the relay interrupt, at a priority allowed to call the RTOS */
active proctype relay_isr()
{
end:
    do
    :: atomic { relay -> relay = 0; token = 1 }
    od
}
#endif

active proctype consumer()
{
    byte early = 0;
    do
    :: taken < TOTAL ->
c_wake_name:
        atomic { cbuf = 1; cval = 1 };
#ifndef NO_FENCE
c_wake_fence_c:
        (cbuf == 0);
#endif
c_wake_look:
        if
        :: ring > taken -> taken = ring
        :: else ->
c_wake_block:
end:
            if
            :: atomic { token -> token = 0 }
#ifdef REACH_WOKEN
                assert(false)
#endif
            :: early < EARLY -> early++ /* timed out, or woken early */
            fi
        fi;
        atomic { cbuf = 1; cval = 0 }
    :: else -> break
    od
}

init
{
    byte i;
    atomic {
        for (i : 0 .. NP - 1) {
            run producer(i);
            run producer_memory(i)
        }
    }
}

/* When no process can move, the consumer has taken every event. */
active proctype monitor()
{
    timeout -> assert(taken == TOTAL)
}
