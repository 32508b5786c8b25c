/* test_spsc_poll_cm.c - an SPSC ring with a polled line, on a real NVIC:
 * a timer interrupt posts edges of one line (pinq_isr_post) while the main
 * loop's dispatcher samples another line whose level changes at every
 * read. The poller is a second producer of the ring: it must store with
 * the interrupt masked, or the interrupt's event is overwritten in the
 * slot they both claimed, with nothing reported. Checked per line and per
 * policy: posted == delivered + reported lost, exactly. */
#include <stdio.h>

#include "board.h"
#include "check.h"
#include "pinq_cortex_m.h"
#include "pinq_isr.h"

enum { L_IRQ, L_POLL, NLINES };
#define CAP 8
#define RUN_MS 40

static volatile uint32_t irq_posts, poll_reads;
static volatile bool run_over;

static int read_toggling(void *ctx)
{
    (void)ctx;
    return (int)(++poll_reads & 1u);
}

static pinq_line_cfg_t lines[NLINES];
PINQ_DEFINE(q, lines, NLINES, CAP, PINQ_SPSC, PINQ_DROP_NEWEST);
PINQ_POLL_STORAGE(q, NLINES);

void board_timer0_isr(void)
{
    board_timer_ack(0);
    uint32_t n = ++irq_posts;
    pinq_isr_post(&q, L_IRQ, (int)(n & 1u));
}

void board_timer1_isr(void)
{
    board_timer_ack(1);
    board_timer_stop(0);
    run_over = true;
}

static uint32_t delivered[NLINES], reported[NLINES];

static void on_event(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind == PINQ_EV_RESYNC)
        reported[ev->line] += ev->lost;
    else
        delivered[ev->line]++;
}

static void run(uint8_t policy)
{
    lines[L_IRQ] = (pinq_line_cfg_t){.trigger = PINQ_TRIG_BOTH};
    lines[L_POLL] = (pinq_line_cfg_t){.read = read_toggling, .poll_period = 1, .trigger = PINQ_TRIG_BOTH,
                                      .source = PINQ_SRC_POLL};
    q_cfg.poll = q_poll;
    q_cfg.on_event = on_event;
    q_cfg.policy = policy;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    irq_posts = poll_reads = 0;
    for (unsigned l = 0; l < NLINES; l++)
        delivered[l] = reported[l] = 0;
    run_over = false;
    board_timer_start(1, board_timer_hz() / 1000u * RUN_MS, false);
    board_timer_start(0, board_timer_hz() / 50000u, true); /* an edge every 20 us */
    uint32_t turn = 0;
    while (!run_over)
        pinq_dispatch(&q, (++turn & 7u) == 0 ? 8 : 0); /* sample every pass, drain now and then */
    CHECK_EQ(pinq_line_enable(&q, L_POLL, false), PINQ_OK); /* else every pass samples a new edge */
    while (pinq_dispatch(&q, 64) > 0) {
    }
    uint32_t polled = q_poll[L_POLL].sampled_edges; /* the first read sets the level: not an edge */
    printf("policy %u: interrupt %lu posted, %lu delivered, %lu reported lost; polled %lu edges, %lu delivered, "
           "%lu reported lost\n",
           policy, (unsigned long)irq_posts, (unsigned long)delivered[L_IRQ], (unsigned long)reported[L_IRQ],
           (unsigned long)polled, (unsigned long)delivered[L_POLL], (unsigned long)reported[L_POLL]);
    CHECK_EQ(delivered[L_IRQ] + reported[L_IRQ], irq_posts);
    CHECK_EQ(delivered[L_POLL] + reported[L_POLL], polled);
    CHECK(reported[L_IRQ] > 0 && reported[L_POLL] > 0); /* the ring did overflow */
    CHECK(polled > 100 && irq_posts > 100);
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.produced, irq_posts + polled);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
}

int main(void)
{
    CHECK_EQ(pinq_cm_irq_setup(BOARD_TIMER0_IRQ, 0x80), PINQ_OK);
    pinq_cm_irq_setup_raw(BOARD_TIMER1_IRQ, 0x40);
    pinq_cm_irq_enable(BOARD_TIMER0_IRQ, true);
    run(PINQ_DROP_NEWEST);
    run(PINQ_COALESCE);
    return check_done("test_spsc_poll_cm");
}
