/* test_port_cm.c - the Cortex-M port against real NVIC and timer semantics:
 * the ISR stamp is the low 32 bits of pinq_port_now(); 64-bit time
 * monotonic from main and ISR context, across a wrap of the board's 32-bit
 * counter (unmasked, and under a mask); the clock's own interrupt never
 * ends a wait; critical-section nesting, the never-masked priority band
 * (v7-M), WFI wait woken by a masked pending interrupt, pinq_wait with a
 * timer ISR posting, line masking. */
#include "board.h"
#include "check.h"
#include "pinq_board_clock.h"
#include "pinq_cortex_m.h"
#include "pinq_port_stamp.h"

#define PRIO_PINQ 0x80u  /* a pinq ISR: masked by pinq_irq_save() */
#define PRIO_URGENT 0x00u /* above BASEPRI on v7-M */
#define WINDOW (UINT64_C(1) << 18) /* ticks: 10.5 ms at 25 MHz, 16.4 ms at 16 MHz */

static volatile pinq_ticks_t last_seen;
static volatile unsigned time_errors, isr_reads, soft0_runs, soft1_runs, timer1_runs;
static volatile unsigned stamp_errors, stamp_checks, stamp_close;
static volatile uint32_t stamp_max; /* widest stamp-now-stamp bracket seen, ticks */
static pinq_t *timer_q; /* timer1 posts here when set */

/* Read the clock and check it against every earlier read, in any context. */
static void read_checked(void)
{
    pinq_irqstate_t s = pinq_irq_save();
    pinq_ticks_t t = pinq_port_now();
    if (t < last_seen && time_errors++ == 0)
        printf("time went back: 0x%llx after 0x%llx\n", (unsigned long long)t, (unsigned long long)last_seen);
    last_seen = t;
    pinq_irq_restore(s);
}

/* Stamp, now, stamp back to back: now's low word lies between the stamps,
 * always. They are a few ticks apart, but QEMU runs in host time here and
 * the host may preempt it between two reads: most brackets must be within
 * STAMP_CLOSE ticks, the widest is reported. */
#define STAMP_CLOSE 64u
static void stamp_checked(void)
{
    pinq_irqstate_t s = pinq_irq_save();
    uint32_t a = pinq_port_stamp();
    uint32_t t = (uint32_t)pinq_port_now();
    uint32_t b = pinq_port_stamp();
    pinq_irq_restore(s);
    uint32_t width = b - a;
    if ((t - a > width || width > UINT32_MAX / 2u) && stamp_errors++ == 0)
        printf("stamp 0x%08lx, now 0x%08lx, stamp 0x%08lx\n", (unsigned long)a, (unsigned long)t, (unsigned long)b);
    if (width > stamp_max)
        stamp_max = width;
    stamp_close += width <= STAMP_CLOSE;
    stamp_checks++;
}

void board_timer1_isr(void)
{
    board_timer_ack(1);
    timer1_runs++;
    if (timer_q)
        pinq_post(timer_q, 0, 1);
    else {
        read_checked();
        stamp_checked();
        isr_reads++;
    }
}

void board_soft0_isr(void)
{
    soft0_runs++;
}

void board_soft1_isr(void)
{
    soft1_runs++;
}

/* Read from main, unmasked and masked, and from a timer ISR, for `span`
 * ticks. */
static void read_for(pinq_ticks_t span, bool masked)
{
    pinq_ticks_t start = pinq_port_now();
    while (pinq_port_now() - start < span) {
        pinq_irqstate_t s = masked ? pinq_irq_save() : 0;
        for (int i = 0; i < 50; i++) {
            read_checked();
            stamp_checked();
        }
        if (masked)
            pinq_irq_restore(s);
    }
}

static void test_time(void)
{
    CHECK_EQ(pinq_port_ticks_per_sec(), board_cpu_hz());
    CHECK_EQ(PINQ_PORT_STAMP_BITS, 32);
    CHECK_EQ(pinq_cm_irq_setup(BOARD_TIMER1_IRQ, PRIO_PINQ), PINQ_OK);
    board_timer_start(1, 3001, true); /* an ISR reading the clock, off-beat */
    pinq_ticks_t start = pinq_port_now();
    read_for(3 * WINDOW, false);
    read_for(3 * WINDOW, true);
    board_timer_stop(1);
    CHECK_EQ(time_errors, 0);
    CHECK(isr_reads > 10);
    CHECK(pinq_port_now() - start >= 6 * WINDOW);
}

/* Across a wrap of the 32-bit counter, with the counter moved to WINDOW
 * ticks before it: once read unmasked (with the timer ISR reading too),
 * once all under a mask. The high word goes up by exactly one. Where the
 * counter cannot be written (the nRF51: 2^32 ticks are 268 s at 16 MHz),
 * only the software extension is exercised, by test_time. */
static void test_wrap(void)
{
    if (pinq_cm_clock_set(0) != PINQ_OK) {
        printf("test_port_cm: counter not writable on this board: 32-bit wrap not tested\n");
        return;
    }
    board_timer_start(1, 3001, true);
    for (int masked = 0; masked < 2; masked++) {
        pinq_ticks_t t0 = pinq_port_now();
        CHECK_EQ(pinq_cm_clock_set((uint32_t)(UINT32_MAX - WINDOW)), PINQ_OK);
        pinq_ticks_t t1 = pinq_port_now();
        CHECK(t1 > t0);
        CHECK((uint32_t)t1 >= UINT32_MAX - WINDOW); /* not wrapped yet */
        read_for(2 * WINDOW, masked);
        pinq_ticks_t t2 = pinq_port_now();
        CHECK_EQ(t2 >> 32, (t1 >> 32) + 1);
        CHECK(t2 - t1 >= 2 * WINDOW && t2 - t1 < 8 * WINDOW);
    }
    board_timer_stop(1);
    CHECK_EQ(time_errors, 0);
}

static void test_stamp(void)
{
    CHECK_EQ(stamp_errors, 0);
    CHECK(stamp_checks > 1000);
    CHECK(stamp_close >= stamp_checks / 10u * 9u);
    printf("test_port_cm: stamp <= now <= stamp in %u reads, %u within %u ticks, widest %lu\n", stamp_checks,
           stamp_close, STAMP_CLOSE, (unsigned long)stamp_max);
}

/* The clock's interrupt: served (and acknowledged: no storm, no stray
 * exception) when it runs; pending under a mask, it does not end a wait. */
static void test_clock_irq(void)
{
    pinq_ticks_t t0 = pinq_port_now();
    pinq_cm_irq_pend(PINQ_BOARD_CLOCK_IRQ);
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    CHECK(pinq_port_now() >= t0);

    pinq_irqstate_t s = pinq_irq_save();
    pinq_cm_irq_pend(PINQ_BOARD_CLOCK_IRQ);
    t0 = pinq_port_now();
    pinq_port_wait(20);
    pinq_ticks_t waited = pinq_port_now() - t0;
    pinq_irq_restore(s);
    CHECK(waited >= (pinq_ticks_t)pinq_port_ticks_per_sec() * 20 / 1000);
    read_for(WINDOW, false); /* time goes on */
    CHECK_EQ(time_errors, 0);
}

static void test_nesting(void)
{
    pinq_cm_irq_setup_raw(BOARD_SOFT0_IRQ, PRIO_PINQ);
    soft0_runs = 0;
    pinq_irqstate_t a = pinq_irq_save();
    pinq_irqstate_t b = pinq_irq_save();
    pinq_cm_irq_pend(BOARD_SOFT0_IRQ);
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    CHECK_EQ(soft0_runs, 0);
    pinq_irq_restore(b);
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    CHECK_EQ(soft0_runs, 0); /* inner restore keeps the outer section */
    pinq_irq_restore(a);
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    CHECK_EQ(soft0_runs, 1);
}

/* v7-M: priorities below PINQ_CM_BASEPRI keep running inside sections,
 * and pinq refuses to set up a posting ISR there. v6-M masks everything. */
static void test_unmasked_band(void)
{
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__)
    const unsigned want = 1;
    CHECK_EQ(pinq_cm_irq_setup(BOARD_SOFT1_IRQ, PRIO_URGENT), PINQ_EINVAL);
#else
    const unsigned want = 0;
    CHECK_EQ(pinq_cm_irq_setup(BOARD_SOFT1_IRQ, PRIO_URGENT), PINQ_OK);
#endif
    pinq_cm_irq_setup_raw(BOARD_SOFT1_IRQ, PRIO_URGENT);
    soft1_runs = 0;
    pinq_irqstate_t s = pinq_irq_save();
    pinq_cm_irq_pend(BOARD_SOFT1_IRQ);
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    CHECK_EQ(soft1_runs, want);
    pinq_irq_restore(s);
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    CHECK_EQ(soft1_runs, 1);
}

/* The port's wait returns for a pending (masked) interrupt, and runs the
 * full timeout otherwise. */
static void test_port_wait(void)
{
    soft0_runs = 0;
    pinq_irqstate_t s = pinq_irq_save();
    pinq_cm_irq_pend(BOARD_SOFT0_IRQ);
    pinq_ticks_t t0 = pinq_port_now();
    pinq_port_wait(1000);
    pinq_ticks_t waited = pinq_port_now() - t0;
    CHECK_EQ(soft0_runs, 0);
    CHECK(waited < pinq_port_ticks_per_sec()); /* woke before the 1 s timeout */
    pinq_irq_restore(s);
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    CHECK_EQ(soft0_runs, 1);

    s = pinq_irq_save();
    t0 = pinq_port_now();
    pinq_port_wait(30);
    waited = pinq_port_now() - t0;
    pinq_irq_restore(s);
    CHECK(waited >= (pinq_ticks_t)pinq_port_ticks_per_sec() * 30 / 1000);
}

/* pinq_wait() sleeps until a timer ISR posts; the event carries the ISR's
 * timestamp; a disabled line masks its interrupt in the NVIC. */
static void test_pinq_wait(void)
{
    static const pinq_line_cfg_t lines[1] = {{.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_IRQ}};
    PINQ_DEFINE(q, lines, 1, 8, PINQ_MPSC, PINQ_DROP_NEWEST);
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_cm_bind_irq(&q, 0, BOARD_TIMER1_IRQ), PINQ_OK);
    timer_q = &q;
    timer1_runs = 0;
    pinq_ticks_t t0 = pinq_port_now();
    board_timer_start(1, board_timer_hz() / 200, false); /* 5 ms */
    CHECK(pinq_wait(&q, PINQ_WAIT_FOREVER));
    pinq_event_t e;
    CHECK_EQ(pinq_ring_pop(&q.ring, &e), 1);
    CHECK_EQ(e.kind, PINQ_EV_RISE);
    CHECK(e.ts > t0 && e.ts <= pinq_port_now());
    CHECK(e.ts - t0 >= (pinq_ticks_t)pinq_port_ticks_per_sec() / 200);

    CHECK_EQ(pinq_line_enable(&q, 0, false), PINQ_OK);
    board_timer_start(1, board_timer_hz() / 1000, false);
    CHECK(!pinq_wait(&q, 20)); /* the interrupt is masked: nothing arrives */
    CHECK_EQ(timer1_runs, 1);
    CHECK_EQ(pinq_line_enable(&q, 0, true), PINQ_OK);
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    CHECK_EQ(timer1_runs, 2); /* the interrupt was pending all along */
    CHECK(pinq_pending(&q));
    timer_q = NULL;
}

int main(void)
{
    test_time();
    test_wrap();
    test_stamp();
    test_clock_irq();
    test_nesting();
    test_unmasked_band();
    test_port_wait();
    test_pinq_wait();
    return check_done("test_port_cm");
}
