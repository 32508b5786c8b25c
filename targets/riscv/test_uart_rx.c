/* test_uart_rx.c - NS16550 UART RX through the PLIC as the doorbell.
 *
 * The host (run_uart_rx.cmake) pipes a known byte stream into QEMU's
 * serial port: "SS", PINQ_UART_BYTES payload bytes, ".". Each received
 * byte interrupts; the ISR posts it as one event on line 0 (the hard
 * handler puts the byte in ev->level) and main dispatches. Checks: every
 * payload byte arrives once and in order, no RESYNC (nothing lost),
 * conservation, and pinq_line_enable(.., false) really masks the PLIC
 * source (no interrupt while disabled, nothing lost across it).
 * Up to one 'S' may be flushed when the UART FIFOs are switched on, hence
 * two. Verdicts do not depend on when bytes arrive in guest time.
 */
#include "check.h"
#include "lines.h"
#include "pinq.h"
#include "plic.h"
#include "rv_test.h"
#include "uart16550.h"
#include "virt.h"

#ifndef PINQ_UART_BYTES
#define PINQ_UART_BYTES 4096
#endif
#define CAP 64
#define TIMEOUT_S 20

static volatile uint8_t rx_byte;
static volatile uint32_t isr_bytes;

static bool stamp_byte(pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    ev->level = rx_byte;
    return true;
}

static const pinq_line_cfg_t lines[1] = {{.hard = stamp_byte, .trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_IRQ}};
PINQ_DEFINE(q, lines, 1, CAP, PINQ_SPSC, PINQ_DROP_NEWEST);

static volatile uint32_t throttles;

static uint32_t queued(void)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    return st.queued;
}

/* QEMU refills the UART FIFO as fast as it is read, so an ISR that drains
 * it can outrun main. Backpressure instead of loss: when the ring is full
 * the ISR masks its PLIC source and leaves the bytes in the UART (the
 * host side is flow-controlled); main unmasks it once it has caught up. */
static void uart_isr(uint32_t mepc)
{
    (void)mepc;
    while (uart_rx_ready()) {
        if (queued() == CAP) {
            plic_enable(VIRT_UART0_IRQ, false);
            throttles = throttles + 1;
            return;
        }
        rx_byte = uart_rx();
        isr_bytes = isr_bytes + 1;
        pinq_post(&q, 0, 1);
    }
}

/* consumer state */
static uint32_t payload, mismatches, resyncs;
static bool started, ended;
static pinq_ticks_t last_ts;

static uint8_t pattern(uint32_t i)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    return (uint8_t)alphabet[i % 36u];
}

static void on_event(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind == PINQ_EV_RESYNC) {
        resyncs++;
        return;
    }
    CHECK(ev->ts >= last_ts);
    last_ts = ev->ts;
    uint8_t b = ev->level;
    if (!started && b == 'S')
        return;
    started = true;
    if (b == '.') {
        ended = true;
        return;
    }
    mismatches += b != pattern(payload);
    payload++;
}

/* Dispatch until `want` payload bytes (or the end marker) or the timeout. */
static void run_until(uint32_t want, uint64_t deadline)
{
    while (!ended && payload < want && riscv_mtime() < deadline) {
        if (pinq_wait(&q, 10))
            pinq_dispatch(&q, 16);
        if (queued() == 0)
            plic_enable(VIRT_UART0_IRQ, true); /* caught up: lift the backpressure */
    }
}

int main(void)
{
    q_cfg.on_event = on_event;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    riscv_mtimecmp_set(UINT64_MAX);
    uart_init(false);
    CHECK_EQ(virt_bind_line(&q, 0, VIRT_UART0_IRQ), PINQ_OK);
    plic_attach(VIRT_UART0_IRQ, 1, uart_isr);
    csr_set(mstatus, MSTATUS_MIE);
    uint64_t deadline = riscv_mtime() + (uint64_t)TIMEOUT_S * riscv_mtime_hz();

    /* half the stream, then the line off for 20 ms: the PLIC must hold it */
    run_until(PINQ_UART_BYTES / 2, deadline);
    CHECK_EQ(pinq_line_enable(&q, 0, false), PINQ_OK);
    pinq_dispatch(&q, CAP); /* what was queued before the mask */
    uint32_t before = isr_bytes;
    uint64_t t = riscv_mtime();
    while (riscv_mtime() - t < riscv_mtime_hz() / 50u)
        ;
    CHECK_EQ(isr_bytes, before);
    CHECK_EQ(pinq_line_enable(&q, 0, true), PINQ_OK);
    run_until(UINT32_MAX, deadline);

    CHECK(ended);
    CHECK_EQ(payload, PINQ_UART_BYTES);
    CHECK_EQ(mismatches, 0);
    CHECK_EQ(resyncs, 0);
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.produced, isr_bytes);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    CHECK_EQ(st.dropped + st.coalesced, 0);
    printf("uart: %lu bytes by interrupt, %lu payload in order, ring high water %lu of %u, %lu backpressure pauses\n",
           (unsigned long)isr_bytes, (unsigned long)payload, (unsigned long)st.high_water, CAP,
           (unsigned long)throttles);
    return check_done("test_uart_rx");
}
