/* bench_isr_cm.c - ISR post cost in instructions, pinq against FreeRTOS in
 * the same run (run under -icount shift=10,sleep=off; counting method in
 * tests/insn_count.h). Printed figures, recorded in docs/performance.md:
 *   pinq pin ISR     read the pin, pinq_isr_post() inlined (pinq_isr.h):
 *                    timestamp, trigger filter, push, overflow accounting
 *                    (SPSC and MPSC rings); and the same calling pinq_post();
 *   pinq refused     the pin ISR on a full ring that owes a RESYNC: the
 *                    event refused and counted (sustained overload);
 *   pinq push alone  pinq_ring_push() of a 16-byte event;
 *   its parts        pinq_port_now(), and pinq_post_at() (post without the
 *                    timestamp);
 *   FreeRTOS ISR     xQueueSendFromISR of a 16-byte item + portYIELD_FROM_ISR;
 *   FreeRTOS send    xQueueSendFromISR alone.
 * Each figure: a bracketed indirect call, averaged over REPS, minus the
 * same bracket around an empty function (so the callee's return is not
 * counted); hardware exception entry/exit is not counted either. The queue
 * is drained outside the bracket, so every push finds room (but in the
 * refused rows, where it stays full). Exits non-zero only if the bench
 * itself misbehaves (a push refused where there was room, a count wrong). */
#include <stdio.h>
#include <stdlib.h>

#include "bench_cm.h"
#include "board.h"
#include "insn_count.h"
#include "pinq_cortex_m.h"
#include "pinq_isr.h"

#define REPS 1000
#define PIN_LINE 0

static volatile uint32_t gpio_in = 1; /* stands for the pin's input register */
static const pinq_line_cfg_t lines[1] = {{.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_IRQ}};
PINQ_DEFINE(q, lines, 1, 8, PINQ_SPSC, PINQ_DROP_NEWEST); /* setup() sets the mode */
static pinq_ring_t ring;
static pinq_event_t ev = {.line = 0, .kind = PINQ_EV_RISE, .level = 1};
static uint32_t popped;

static void empty(void)
{
}

static void pin_isr(void)
{
    pinq_isr_post(&q, PIN_LINE, (int)(gpio_in & 1u));
}

static void pin_isr_call(void)
{
    pinq_post(&q, PIN_LINE, (int)(gpio_in & 1u));
}

static void timestamp_alone(void)
{
    (void)pinq_port_now();
}

static void post_at_alone(void)
{
    pinq_post_at(&q, PIN_LINE, (int)(gpio_in & 1u), 12345u);
}

static void push_alone(void)
{
    pinq_ring_push(&ring, &ev);
}

static void drain_q(void)
{
    pinq_event_t e;
    while (pinq_ring_pop(&q.ring, &e) == 1)
        popped++;
}

static void drain_ring(void)
{
    pinq_event_t e;
    while (pinq_ring_pop(&ring, &e) == 1)
        popped++;
}

/* Average SysTick ticks of one call of fn (indirect, not inlined). */
static double bracket(void (*volatile fn)(void), void (*drain)(void))
{
    uint64_t sum = 0;
    for (int i = 0; i < REPS; i++) {
        uint32_t a = insn_stamp();
        fn();
        uint32_t b = insn_stamp();
        sum += insn_ticks(a, b);
        if (drain)
            drain();
    }
    return (double)sum / REPS;
}

static double cost(void (*fn)(void), void (*drain)(void))
{
    return (bracket(fn, drain) - bracket(empty, NULL)) / insn_ticks_per_insn();
}

static void setup(uint8_t mode)
{
    PINQ_RING_STORAGE(rs, 8, 1);
    q_cfg.mode = mode;
    pinq_ring_cfg_t rc = {.slots = rs_slots, .capacity = 8, .lost = rs_lost, .nlines = 1, .mode = mode};
    if (pinq_init(&q, &q_cfg) != PINQ_OK || pinq_ring_init(&ring, &rc) != PINQ_OK) {
        printf("bench setup failed\n");
        exit(2);
    }
}

/* The pin ISR on a full ring that owes a RESYNC, as under sustained
 * overload; checks that every refused post was counted. Returns its cost,
 * or -1. */
static double refused_cost(uint8_t mode)
{
    setup(mode);
    uint32_t stored = 0;
    while (pinq_post(&q, PIN_LINE, 1) == PINQ_OK)
        stored++; /* the first refusal makes a RESYNC owed */
    double c = cost(pin_isr, NULL);
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    if (st.queued != stored || st.dropped != 1 + REPS || st.produced != stored + st.dropped) {
        printf("pinq refused posts miscounted: queued %lu dropped %lu\n", (unsigned long)st.queued,
               (unsigned long)st.dropped);
        return -1;
    }
    return c;
}

int main(void)
{
#if defined(__ARM_ARCH_6M__)
    const char *cpu = "Cortex-M0";
#elif defined(__ARM_ARCH_7EM__)
    const char *cpu = "Cortex-M4";
#else
    const char *cpu = "Cortex-M3";
#endif
    insn_count_start();
    printf("bench_isr_cm on %s, instructions per call (-icount shift=10)\n", cpu);
    printf("  timestamp pinq_port_now(): %.1f\n", cost(timestamp_alone, NULL));
    static const char *const modes[2] = {"SPSC", "MPSC"};
    double isr[2];
    for (uint8_t m = PINQ_SPSC; m <= PINQ_MPSC; m++) {
        setup(m);
        isr[m] = cost(pin_isr, drain_q);
        double call = cost(pin_isr_call, drain_q);
        double push = cost(push_alone, drain_ring);
        double post_at = cost(post_at_alone, drain_q);
        printf("  pinq %s: whole pin ISR %.1f (calling pinq_post() %.1f; pinq_post_at without timestamp %.1f), "
               "push alone %.1f\n",
               modes[m], isr[m], call, post_at, push);
        pinq_ring_stats_t st;
        pinq_ring_stats(&q.ring, &st);
        if (st.produced != 3 * REPS || st.delivered != st.produced) {
            printf("pinq lost events: produced %lu delivered %lu\n", (unsigned long)st.produced,
                   (unsigned long)st.delivered);
            return 1;
        }
        double refused = refused_cost(m);
        if (refused < 0)
            return 1;
        printf("  pinq %s: whole pin ISR on a full ring, event refused and counted %.1f (%.2fx an accepted one)\n",
               modes[m], refused, refused / isr[m]);
    }
#ifdef PINQ_HAVE_FREERTOS
    if (!freertos_init())
        return 3;
    double fr_isr = cost(freertos_isr, freertos_drain);
    double fr_send = cost(freertos_send, freertos_drain);
    printf("  FreeRTOS: whole ISR %.1f, xQueueSendFromISR %.1f\n", fr_isr, fr_send);
    printf("  FreeRTOS whole ISR / pinq whole pin ISR: %.1fx (SPSC), %.1fx (MPSC)\n", fr_isr / isr[0],
           fr_isr / isr[1]);
#endif
    printf("  RAM per line: state %u + loss account %u = %u bytes (+ event storage)\n",
           (unsigned)sizeof(pinq_line_t), (unsigned)sizeof(pinq_lost_t),
           (unsigned)(sizeof(pinq_line_t) + sizeof(pinq_lost_t)));
    return 0;
}
