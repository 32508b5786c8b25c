/* test_stamp_wrap.c - the 32-bit ISR stamp across a wrap of mtime's low
 * word, on the real machine timer. pinq_post() from an interrupt stores
 * only mtime's low word; the ring restores the high word when main pops.
 * mtime is set just short of 2^32 and 2^33: events posted before and
 * after each wrap, popped after it, must come out with their true 64-bit
 * time, between the clock reads around them and in order. */
#include "check.h"
#include "pinq.h"
#include "rv_test.h"
#include "virt.h"

#define CAP 16
#define POSTS 6

static const pinq_line_cfg_t lines[1] = {{.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_IRQ}};
PINQ_DEFINE(q, lines, 1, CAP, PINQ_SPSC, PINQ_DROP_NEWEST);
static volatile uint32_t soft_count;

static void soft_handler(uint32_t mepc)
{
    (void)mepc;
    riscv_msip_set(false);
    soft_count = soft_count + 1;
    CHECK_EQ(pinq_post(&q, 0, (int)(soft_count & 1)), PINQ_OK);
}

/* mtime := t (low word first at 0, so no carry can run into the high word) */
static void mtime_set(uint64_t t)
{
    VIRT_REG32(VIRT_CLINT_MTIME) = 0;
    VIRT_REG32(VIRT_CLINT_MTIME + 4) = (uint32_t)(t >> 32);
    VIRT_REG32(VIRT_CLINT_MTIME) = (uint32_t)t;
}

static void post_from_irq(void)
{
    riscv_msip_set(true); /* the handler runs before the next instruction */
}

/* Posts from the interrupt before and after the wrap at `wrap`, then pops
 * them all after it. */
static void across(uint64_t wrap)
{
    mtime_set(wrap - 10000); /* 1 ms at 10 MHz before the wrap */
    pinq_event_t ev;
    /* the consumer looks at the ring after the clock's jump, as a loop
     * does at least every 2^32 ticks (else the times would be flagged) */
    CHECK_EQ(pinq_ring_pop(&q.ring, &ev), 0);
    uint64_t t0 = riscv_mtime();
    for (int i = 0; i < POSTS / 2; i++)
        post_from_irq();
    while (riscv_mtime() <= wrap)
        ;
    for (int i = 0; i < POSTS / 2; i++)
        post_from_irq();
    uint64_t t1 = riscv_mtime();
    uint64_t prev = 0;
    int n = 0, before = 0;
    while (pinq_ring_pop(&q.ring, &ev) == 1) {
        CHECK(ev.ts >= t0 && ev.ts <= t1);
        CHECK(ev.ts >= prev);
        CHECK_EQ(ev.level & PINQ_FLAG_TS_UNSURE, 0);
        before += ev.ts < wrap;
        prev = ev.ts;
        n++;
    }
    CHECK_EQ(n, POSTS);
    CHECK_EQ(before, POSTS / 2); /* the first half before the wrap, the rest after */
}

int main(void)
{
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    riscv_mtimecmp_set(UINT64_MAX);
    riscv_irq_set_handler(IRQ_M_SOFT, soft_handler);
    csr_set(mie, MIP_MSIP);
    csr_set(mstatus, MSTATUS_MIE);
    across(UINT64_C(1) << 32);
    across(UINT64_C(3) << 32);
    return check_done("test_stamp_wrap");
}
