/* test_uart_doorbell.c - UART RX as the doorbell: bytes sent by the host
 * (the CTest runner feeds a file to -serial stdio) arrive as receive
 * interrupts; the ISR posts each one through pinq_post() (timestamp, hard
 * handler, ring), and the main loop, sleeping in pinq_wait(), handles them
 * in a deferred handler. A UART can deliver faster than main drains (the
 * nRF51 model refills its FIFO at once): when the ring nears full the ISR
 * masks its line with pinq_line_enable(), leaving the bytes in the UART
 * (whose flow control holds the host back), and main unmasks it once it
 * has caught up. Checked: every byte arrives exactly once and in
 * order, no loss is reported, timestamps never go back, ring counters
 * balance. The byte sequence is the one uart_input.cmake writes. */
#include <stdio.h>

#include "board.h"
#include "check.h"
#include "pinq_cortex_m.h"

#ifndef UART_BYTES
#define UART_BYTES 2000
#endif

static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* byte i of the host's sequence (keep in step with uart_input.cmake) */
static char expected(uint32_t i)
{
    return alphabet[(i * 17u + i / 62u) % 62u];
}

static volatile uint8_t rx_byte; /* handed from the ISR to the hard handler */
static uint32_t received, wrong, resyncs;
static pinq_ticks_t last_ts;
static unsigned ts_back;

/* Hard handler (ISR context): the event carries the byte as a user event. */
static bool tag_byte(pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    ev->kind = PINQ_EV_USER;
    ev->level = rx_byte;
    return true;
}

/* Deferred handler (main loop). */
static void on_byte(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind == PINQ_EV_RESYNC) {
        resyncs++;
        return;
    }
    if (ev->level != (uint8_t)expected(received))
        wrong++;
    if (ev->ts < last_ts)
        ts_back++;
    last_ts = ev->ts;
    received++;
}

#define CAP 64
#define HIGH_MARK (CAP - 8)
#define LOW_MARK (CAP / 4)

static const pinq_line_cfg_t lines[1] = {
    {.hard = tag_byte, .deferred = on_byte, .trigger = PINQ_TRIG_RISING, .source = PINQ_SRC_IRQ}};
PINQ_DEFINE(q, lines, 1, CAP, PINQ_SPSC, PINQ_DROP_NEWEST);

static uint32_t ring_fill(void)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    return st.queued;
}

static volatile unsigned throttled;
static volatile bool masked; /* the ISR masked its line: main unmasks */

void board_uart_rx_isr(void)
{
    int c;
    while ((c = board_uart_getc()) >= 0) {
        rx_byte = (uint8_t)c;
        pinq_post(&q, 0, 1);
        if (ring_fill() >= HIGH_MARK) {
            masked = true;
            pinq_line_enable(&q, 0, false); /* backpressure: bytes wait in the UART */
            throttled++;
            return;
        }
    }
}

int main(void)
{
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_cm_bind_irq(&q, 0, BOARD_UART_RX_IRQ), PINQ_OK);
    board_uart_init();
    CHECK_EQ(pinq_cm_irq_setup(BOARD_UART_RX_IRQ, 0x80), PINQ_OK);

    /* until every byte is in, or 3 s of silence (a lost byte) */
    while (received + resyncs < UART_BYTES) {
        if (!pinq_wait(&q, 3000))
            break;
        pinq_dispatch(&q, 16);
        if (masked && ring_fill() <= LOW_MARK) {
            masked = false; /* before unmasking: the ISR may run at once */
            pinq_line_enable(&q, 0, true);
        }
    }
    printf("bytes %lu, throttled %u times\n", (unsigned long)received, throttled);
    CHECK_EQ(received, UART_BYTES);
    CHECK_EQ(wrong, 0);
    CHECK_EQ(resyncs, 0);
    CHECK_EQ(ts_back, 0);
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.produced, UART_BYTES);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    CHECK_EQ(st.dropped, 0);
    return check_done("test_uart_doorbell");
}
