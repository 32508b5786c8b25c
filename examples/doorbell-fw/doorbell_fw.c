/* doorbell_fw.c - the doorbell example on a microcontroller (QEMU
 * mps2-an385/an386 and micro:bit, Cortex-M; virt, RISC-V rv32): the main
 * loop is busy with 100 ms units of work, a bouncing doorbell button
 * (button.c, played by a second hardware timer) must be answered within
 * 60 ms. Everything target-specific is behind fw_board.h. Three strategies, same seeded presses:
 *   (a) poll once per loop   a polled pinq line, dispatched between units;
 *   (b) poll twice per loop  also dispatched in the middle of each unit;
 *   (c) interrupt            the pin ISR posts each edge (timestamp +
 *                            queue), the hard handler records it, the
 *                            deferred handler reacts; dispatch every 25 ms.
 * The deferred handler is the host example's: a lockout debounce on the
 * event's timestamp; a debounced press "answers the door". Scoring is the
 * host example's score.c. Prints presses seen/missed and latency
 * percentiles per strategy; exits 1 if any count fails to add up or if (c)
 * misses a press. */
#include <stdio.h>

#include "button.h"
#include "debounce.h"
#include "fw_board.h"
#include "pinq_isr.h"
#include "score.h"

#ifndef DOORBELL_PRESSES
#define DOORBELL_PRESSES 10
#endif
#ifndef DOORBELL_SEED
#define DOORBELL_SEED 1
#endif
#define WORK_MS 100
#define DEADLINE_MS 60
#define LOCKOUT_MS 20
#define LINE 0

typedef struct strategy {
    const char *name;
    uint8_t source;   /* enum pinq_source */
    unsigned slices;  /* dispatches per unit of work */
} strategy_t;

static const strategy_t strategies[] = {
    {"a: poll once per loop (every 100 ms)", PINQ_SRC_POLL, 1},
    {"b: poll twice per loop (every 50 ms)", PINQ_SRC_POLL, 2},
    {"c: irq + deferred, dispatch every 25 ms", PINQ_SRC_IRQ, 4},
};

/* The button's line: run() fills it in for the strategy of the run. */
static pinq_line_cfg_t lines[1];
PINQ_DEFINE(q, lines, 1, 64, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_POLL_STORAGE(q, 1);
static debounce_t deb;
static reaction_t reactions[2 * BUTTON_PRESSES_MAX];
static uint32_t nreactions, stamped;
static button_truth_t truth;

static pinq_ticks_t ms_to_ticks(uint32_t ms)
{
    return (pinq_ticks_t)ms * pinq_port_ticks_per_sec() / 1000u;
}

static uint64_t ticks_to_ns(pinq_ticks_t t)
{
    return t * 1000u / (pinq_port_ticks_per_sec() / 1000000u);
}

static int read_pin(void *ctx)
{
    (void)ctx;
    return button_level();
}

/* Hard handler (ISR): record the stamped edge, let it through. */
static bool record(pinq_event_t *ev, void *ctx)
{
    (void)ev;
    (void)ctx;
    stamped++;
    return true;
}

/* Deferred handler (main loop): debounce on the event's own timestamp. */
static void answer(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind == PINQ_EV_RESYNC || !debounce_edge(&deb, ev->ts, ev->level) || !ev->level)
        return;
    if (nreactions < sizeof reactions / sizeof reactions[0])
        reactions[nreactions++] = (reaction_t){.stamp_ns = ticks_to_ns(ev->ts),
                                               .react_ns = ticks_to_ns(pinq_port_now())};
}

/* The pin's interrupt: what a GPIO edge ISR does with pinq (pinq_isr.h:
 * the common case inlined here; this line has a hard handler, so it is
 * handed on to pinq_post()). */
void fw_pin_isr(void)
{
    pinq_isr_post(&q, LINE, button_level());
}

/* One slice of work: the CPU is busy until the slice ends; interrupts run,
 * main-loop code does not. (A WFI-based wait would take no host time, but
 * QEMU 7.2's -icount sleep=off then skips the mps2 button timer's deadlines.) */
static void work_until(pinq_ticks_t t)
{
    while (pinq_port_now() < t) {
    }
}

static bool run(const strategy_t *s, score_t *sc, pinq_ring_stats_t *st)
{
    lines[LINE] = (pinq_line_cfg_t){.hard = s->source == PINQ_SRC_IRQ ? record : NULL,
                                    .deferred = answer,
                                    .read = read_pin,
                                    .poll_period = 1, /* sample at every dispatch */
                                    .trigger = PINQ_TRIG_BOTH,
                                    .source = s->source};
    q_cfg.poll = q_poll;
    if (pinq_init(&q, &q_cfg) != PINQ_OK)
        return false;
    fw_board_pin_irq_enable(true);
    debounce_init(&deb, ms_to_ticks(LOCKOUT_MS), 0);
    nreactions = stamped = 0;
    button_start(&truth, DOORBELL_SEED, DOORBELL_PRESSES, s->source == PINQ_SRC_IRQ);

    pinq_ticks_t unit = pinq_port_now();
    bool last = false;
    while (!last) {
        last = truth.done; /* one more unit after the last edge */
        for (unsigned k = 1; k <= s->slices; k++) {
            work_until(unit + ms_to_ticks(WORK_MS) * k / s->slices);
            pinq_dispatch(&q, 64);
        }
        unit += ms_to_ticks(WORK_MS);
    }
    fw_board_pin_irq_enable(false);

    static uint64_t down_ns[BUTTON_PRESSES_MAX], scratch[BUTTON_PRESSES_MAX];
    for (uint32_t i = 0; i < truth.presses; i++)
        down_ns[i] = ticks_to_ns(truth.down[i]);
    score_run(down_ns, truth.presses, reactions, nreactions, (uint64_t)DEADLINE_MS * 1000000u, scratch, sc);
    pinq_ring_stats(&q.ring, st);
    return true;
}

int main(void)
{
    fw_board_init();
    printf("doorbell-fw on %s: %u presses per strategy (seed %u), work unit %u ms, deadline %u ms\n\n",
           fw_board_cpu(), DOORBELL_PRESSES, DOORBELL_SEED, WORK_MS, DEADLINE_MS);
    printf("%-40s %7s %5s %6s %7s %7s %7s %15s %s\n", "strategy", "presses", "seen", "missed", "p50 ms",
           "p99 ms", "max ms", "deadline misses", "meets");
    bool ok = true;
    char notes[3][160];
    for (unsigned i = 0; i < 3; i++) {
        score_t sc;
        pinq_ring_stats_t st;
        if (!run(&strategies[i], &sc, &st))
            return 2;
        uint32_t misses = score_deadline_misses(&sc);
        printf("%-40s %7lu %5lu %6lu %7.1f %7.1f %7.1f %15lu %s\n", strategies[i].name,
               (unsigned long)sc.presses, (unsigned long)sc.seen, (unsigned long)sc.missed, sc.p50_ms,
               sc.p99_ms, sc.max_ms, (unsigned long)misses, misses ? "no" : "yes");
        bool conserved = sc.presses == sc.seen + sc.missed && sc.presses == DOORBELL_PRESSES &&
                         st.produced == st.delivered + st.dropped + st.coalesced + st.queued;
        if (strategies[i].source == PINQ_SRC_IRQ)
            conserved = conserved && stamped == truth.edges && st.produced == truth.edges;
        ok = ok && conserved;
        if (strategies[i].source == PINQ_SRC_IRQ)
            ok = ok && sc.seen == sc.presses; /* the interrupt sees every press */
        snprintf(notes[i], sizeof notes[i],
                 "  %c: edges played %lu, stamped by ISR %lu; ring produced %lu = delivered %lu + dropped %lu + "
                 "coalesced %lu + queued %lu [%s]",
                 strategies[i].name[0], (unsigned long)truth.edges,
                 (unsigned long)(strategies[i].source == PINQ_SRC_IRQ ? stamped : 0), (unsigned long)st.produced,
                 (unsigned long)st.delivered, (unsigned long)st.dropped, (unsigned long)st.coalesced,
                 (unsigned long)st.queued, conserved ? "conserved" : "NOT CONSERVED");
    }
    printf("\nlatency: main-loop reaction minus the press's true first edge (stamped by the button timer ISR)\n");
    for (unsigned i = 0; i < 3; i++)
        printf("%s\n", notes[i]);
    return ok ? 0 : 1;
}
