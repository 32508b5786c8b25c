/* test_two_queues_rv.c - two pinq_t in one firmware, each with a line 0
 * bound to its own source: qa's to the CLINT software interrupt (msip),
 * qb's to the machine timer (mtimecmp), both masked in mie. The scenario
 * of tests/two_queues_irq.h (own events per queue; masking either queue's
 * line 0, by pinq_line_enable() or by a storm trip in its handler, masks
 * its source only; the table's PINQ_EFULL and rebinding), and the sources
 * virt_bind_line() refuses. */
#include "lines.h"
#include "plic.h"
#include "riscv_irq.h"
#include "riscv_timer.h"
#include "virt.h"

#define TQ_MAX_BINDINGS VIRT_MAX_BINDINGS
#include "two_queues_irq.h"

static void soft_handler(uint32_t mepc)
{
    (void)mepc;
    riscv_msip_set(false);
    tq_post(&tq_a);
}

static void timer_handler(uint32_t mepc)
{
    (void)mepc;
    riscv_mtimecmp_set(UINT64_MAX); /* MTIP is level-triggered: drop it */
    tq_post(&tq_b);
}

/* QEMU takes a pending interrupt at the end of a translation block: a
 * few loop iterations reach one. */
static void settle(void)
{
    for (volatile int i = 0; i < 16; i++) {
    }
}

static void raise_src(tq_src_t *s)
{
    if (s->irq == VIRT_SRC_MSOFT)
        riscv_msip_set(true);
    else
        riscv_mtimecmp_set(0); /* mtime >= 0: due now */
    settle();
}

static bool enabled(const tq_src_t *s)
{
    return (csr_read(mie) >> (s->irq & 0x1fu)) & 1u;
}

static const tq_port_t port = {
    .bind = virt_bind_line, .raise = raise_src, .settle = settle, .enabled = enabled, .fill = VIRT_UART0_IRQ};

int main(void)
{
    riscv_mtimecmp_set(UINT64_MAX);
    tq_irq_init(&port, VIRT_SRC_MSOFT, VIRT_SRC_MTIMER);
    CHECK_EQ(virt_bind_line(&qa, 0, 0), PINQ_EINVAL); /* PLIC source 0 is "none" */
    CHECK_EQ(virt_bind_line(&qa, 0, PLIC_NSRC), PINQ_EINVAL);
    CHECK_EQ(virt_bind_line(&qa, 0, VIRT_SRC_CLINT | IRQ_M_EXT), PINQ_EINVAL); /* the PLIC itself */
    riscv_irq_set_handler(IRQ_M_SOFT, soft_handler);
    riscv_irq_set_handler(IRQ_M_TIMER, timer_handler);
    csr_set(mstatus, MSTATUS_MIE);
    tq_irq_run(&port);
    return check_done("test_two_queues_rv");
}
