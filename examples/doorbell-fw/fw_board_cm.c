/* fw_board_cm.c - fw_board.h on Cortex-M (mps2-an385/an386, micro:bit):
 * board timer 1 plays the button, the software-pended NVIC line
 * BOARD_SOFT0_IRQ is the pin's interrupt. Priorities: timer 0x40 (the
 * most urgent pinq masks: the world is never late, but the timer's
 * handler reads pinq_port_now()), pin 0x80. */
#include "board.h"
#include "fw_board.h"
#include "pinq_cortex_m.h"

const char *fw_board_cpu(void)
{
#if defined(__ARM_ARCH_6M__)
    return "Cortex-M0";
#elif defined(__ARM_ARCH_7EM__)
    return "Cortex-M4";
#else
    return "Cortex-M3";
#endif
}

void fw_board_init(void)
{
    /* the startup code has started the time base; interrupts are on */
    pinq_cm_irq_setup_raw(BOARD_TIMER1_IRQ, 0x40);
}

void fw_board_playback_at(pinq_ticks_t at)
{
    pinq_ticks_t now = pinq_port_now();
    uint64_t ticks = at > now ? at - now : 1;
    if (board_timer_hz() != pinq_port_ticks_per_sec()) /* both boards: equal, no 64-bit division */
        ticks = ticks * board_timer_hz() / pinq_port_ticks_per_sec();
    board_timer_start(1, ticks ? (uint32_t)ticks : 1u, false);
}

void board_timer1_isr(void)
{
    board_timer_ack(1);
    fw_playback_isr();
}

void fw_board_pin_irq_enable(bool on)
{
    if (on)
        pinq_cm_irq_setup(BOARD_SOFT0_IRQ, 0x80);
    else
        pinq_cm_irq_enable(BOARD_SOFT0_IRQ, false);
}

void fw_board_pin_irq_raise(void)
{
    pinq_cm_irq_pend(BOARD_SOFT0_IRQ);
}

void board_soft0_isr(void)
{
    fw_pin_isr();
}
