/* test_two_queues_cm.c - two pinq_t in one firmware, each with a line 0
 * bound to its own NVIC interrupt (the board's two software-pended lines,
 * raised with pinq_cm_irq_pend): the scenario of tests/two_queues_irq.h
 * (own events per queue; masking either queue's line 0, by
 * pinq_line_enable() or by a storm trip in its ISR, masks its interrupt
 * only; the table's PINQ_EFULL and rebinding), and the arguments
 * pinq_cm_bind_irq() refuses. */
#include "board.h"
#include "cm_regs.h"
#include "pinq_board_clock.h"
#include "pinq_cortex_m.h"

#define TQ_MAX_BINDINGS PINQ_CM_MAX_BINDINGS
#include "two_queues_irq.h"

#define PRIO 0x80u /* masked by pinq_irq_save() */

void board_soft0_isr(void)
{
    tq_post(&tq_a);
}

void board_soft1_isr(void)
{
    tq_post(&tq_b);
}

static void settle(void)
{
    __asm__ volatile("dsb\n\tisb" ::: "memory"); /* a pending, enabled interrupt has run */
}

static void pend(tq_src_t *s)
{
    pinq_cm_irq_pend(s->irq);
    settle();
}

static bool enabled(const tq_src_t *s)
{
    return (NVIC_ISER(s->irq / 32u) >> (s->irq % 32u)) & 1u;
}

static const tq_port_t port = {
    .bind = pinq_cm_bind_irq, .raise = pend, .settle = settle, .enabled = enabled, .fill = BOARD_TIMER0_IRQ};

int main(void)
{
    tq_irq_init(&port, BOARD_SOFT0_IRQ, BOARD_SOFT1_IRQ);
    CHECK_EQ(pinq_cm_bind_irq(&qa, 0, 496), PINQ_EINVAL); /* no NVIC has it */
#if !defined(__ARM_ARCH_7M__) && !defined(__ARM_ARCH_7EM__)
    CHECK_EQ(pinq_cm_bind_irq(&qa, 0, 32), PINQ_EINVAL); /* ARMv6-M has 32 */
#endif
    CHECK_EQ(pinq_cm_bind_irq(&qa, 0, PINQ_BOARD_CLOCK_IRQ), PINQ_EINVAL);
    CHECK_EQ(pinq_cm_irq_setup(BOARD_SOFT0_IRQ, PRIO), PINQ_OK);
    CHECK_EQ(pinq_cm_irq_setup(BOARD_SOFT1_IRQ, PRIO), PINQ_OK);
    tq_irq_run(&port);
    return check_done("test_two_queues_cm");
}
