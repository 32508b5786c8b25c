/* test_critical.c - critical sections and the race-free wait on rv32.
 *
 * pinq_irq_save/restore nest; an interrupt raised inside is held until the
 * outermost restore and taken on the very next instruction; pinq_wait()
 * never sleeps through an interrupt that fired after its check, and its
 * timeout (which borrows the machine timer) is honoured. Prints, in
 * instructions (-icount shift=0: minstret counts instructions), what the
 * masked sections cost: the figures, not asserted.
 */
#include "check.h"
#include "pinq.h"
#include "rv_test.h"

#define CAP 8
static const pinq_line_cfg_t lines[1] = {{.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_IRQ}};
PINQ_DEFINE(q, lines, 1, CAP, PINQ_SPSC, PINQ_DROP_NEWEST);

static volatile uint32_t soft_count, soft_mepc, soft_instret;
static volatile uint8_t soft_posts; /* the handler posts an edge on line 0 */

static void soft_handler(uint32_t mepc)
{
    soft_instret = rv_instret();
    riscv_msip_set(false);
    soft_count = soft_count + 1;
    soft_mepc = mepc;
    if (soft_posts)
        pinq_post(&q, 0, (int)(soft_count & 1));
}

static void timer_handler(uint32_t mepc)
{
    (void)mepc;
    riscv_mtimecmp_set(UINT64_MAX);
    riscv_msip_set(true); /* hand over to the software interrupt, which posts */
}

static bool mie_on(void)
{
    return (csr_read(mstatus) & MSTATUS_MIE) != 0;
}

/* Is the instruction just before pc `csrs mstatus, rs1` (csrrs x0,
 * mstatus, rs1)? It has no compressed form, so it starts at pc - 4. */
static bool after_csrs_mstatus(uint32_t pc)
{
    const volatile uint16_t *h = (const volatile uint16_t *)(uintptr_t)(pc - 4);
    uint32_t insn = h[0] | (uint32_t)h[1] << 16;
    return (insn & 0xFFF07FFFu) == 0x30002073u;
}

static void test_nesting(void)
{
    CHECK(mie_on());
    pinq_irqstate_t outer = pinq_irq_save();
    CHECK(!mie_on());
    pinq_irqstate_t inner = pinq_irq_save();
    CHECK(!mie_on());
    soft_count = 0;
    riscv_msip_set(true);
    nop_sled(100);
    CHECK_EQ(soft_count, 0); /* held while masked */
    pinq_irq_restore(inner);
    CHECK(!mie_on());
    nop_sled(100);
    CHECK_EQ(soft_count, 0); /* the inner restore must not unmask */
    pinq_irq_restore(outer);
    CHECK_EQ(soft_count, 1);
    CHECK(mie_on());
    /* taken on the instruction right after the csrs that set MIE again
     * (in pinq_irq_restore, or where LTO inlined it) */
    CHECK(after_csrs_mstatus(soft_mepc));
}

/* Instructions from raising the software interrupt to its handler's
 * first read of minstret, with `masked` instructions of masked section in
 * between (0: interrupts on). */
static uint32_t raise_to_handler(uint32_t masked)
{
    pinq_irqstate_t s = 0;
    if (masked)
        s = pinq_irq_save();
    uint32_t i0 = rv_instret();
    riscv_msip_set(true);
    if (masked) {
        nop_sled(masked);
        pinq_irq_restore(s);
    }
    return soft_instret - i0;
}

static void test_latency(void)
{
    uint32_t base = raise_to_handler(0);
    uint32_t with = raise_to_handler(200);
    CHECK(with > base); /* masking delays the handler, it does not lose it */
    uint32_t i0 = rv_instret();
    pinq_irq_restore(pinq_irq_save());
    uint32_t pair = rv_instret() - i0;
    i0 = rv_instret();
    uint32_t empty = rv_instret() - i0;

    /* pinq_wait with work already queued: its whole masked section runs */
    soft_posts = 1;
    riscv_msip_set(true);
    soft_posts = 0;
    CHECK(pinq_pending(&q));
    i0 = rv_instret();
    bool ready = pinq_wait(&q, 0);
    uint32_t wait_cost = rv_instret() - i0;
    CHECK(ready);
    CHECK_EQ(pinq_dispatch(&q, 10), 1);
    printf("latency: raise->handler %lu instr; a 200-nop masked section adds %lu; "
           "pinq_irq_save+restore pair %lu instr; pinq_wait(q, 0) with work pending %lu instr in all\n",
           (unsigned long)base, (unsigned long)(with - base), (unsigned long)(pair - empty),
           (unsigned long)(wait_cost - empty));
}

static void test_wait(void)
{
    /* An interrupt that fires after pinq_wait's check but before its sleep
     * (here: raised while the caller holds interrupts masked) must end the
     * sleep; with interrupts masked throughout, nothing is queued yet. */
    pinq_irqstate_t s = pinq_irq_save();
    soft_posts = 1;
    riscv_msip_set(true);
    CHECK(!pinq_wait(&q, PINQ_WAIT_FOREVER)); /* returns: WFI saw the pending bit */
    pinq_irq_restore(s);                       /* the handler runs and posts */
    CHECK(pinq_pending(&q));
    CHECK_EQ(pinq_dispatch(&q, 10), 1);

    /* Interrupt 1 ms from now wakes an unbounded wait with work queued. */
    riscv_irq_set_handler(IRQ_M_TIMER, timer_handler);
    riscv_mtimecmp_set(riscv_mtime() + riscv_mtime_hz() / 1000u);
    CHECK(pinq_wait(&q, PINQ_WAIT_FOREVER));
    CHECK_EQ(pinq_dispatch(&q, 10), 1);
    riscv_irq_set_handler(IRQ_M_TIMER, NULL);
    soft_posts = 0;

    /* Nothing comes: the timeout ends the wait, no earlier (virtual time). */
    uint32_t ms = riscv_mtime_hz() / 1000u;
    uint64_t t0 = riscv_mtime();
    uint64_t app_deadline = t0 + 1000u * ms; /* a disabled timer of the application's, due in 1 s */
    riscv_mtimecmp_set(app_deadline);
    CHECK(!pinq_wait(&q, 5));
    uint64_t waited = riscv_mtime() - t0;
    CHECK(waited >= 5u * ms);
    CHECK(waited < 1000u * ms);
    CHECK(!(csr_read(mie) & MIP_MTIP));            /* the borrowed timer is given back */
    CHECK_EQ(riscv_mtimecmp_get(), app_deadline); /* with the application's deadline */
    riscv_mtimecmp_set(UINT64_MAX);
}

int main(void)
{
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    riscv_mtimecmp_set(UINT64_MAX);
    riscv_irq_set_handler(IRQ_M_SOFT, soft_handler);
    csr_set(mstatus, MSTATUS_MIE);
    test_nesting();
    test_latency();
    test_wait();
    return check_done("test_critical");
}
