/* pinq_freertos_cm.c - the FreeRTOS port's CPU hooks on Cortex-M: the
 * calling context from IPSR and the active exception's priority, and the
 * relay as an NVIC interrupt pended by software. Time, ISR stamps,
 * critical sections and line binding stay port/cortex-m's.
 *
 * ARMv7-M priority bands (values: lower is more urgent), and what pinq
 * does in each:
 *   0 .. PINQ_CM_BASEPRI-1       never masked by pinq or FreeRTOS: must
 *                                not call either (pinq_cm_irq_setup refuses)
 *   PINQ_CM_BASEPRI ..           masked by pinq's sections, not by
 *   configMAX_SYSCALL-1          FreeRTOS's: may post; the wake goes
 *                                through the relay interrupt
 *   configMAX_SYSCALL .. lowest  may post and call ...FromISR: woken
 *                                directly. The relay interrupt sits here,
 *                                at configKERNEL_INTERRUPT_PRIORITY.
 * ARMv6-M (FreeRTOS's ARM_CM0 port masks with PRIMASK) has no urgent band:
 * every interrupt may call ...FromISR. */
#include <stdint.h>

#include "FreeRTOS.h"
#include "cm_regs.h"
#include "pinq_board_clock.h"
#include "pinq_cortex_m.h"
#include "pinq_freertos.h"
#include "pinq_freertos_cm.h"

#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__)
#define CM_HAS_BASEPRI 1
/* The bands above exist only in this order: pinq's mask covers FreeRTOS's,
 * so every interrupt allowed to call FreeRTOS may also post to pinq. */
#if PINQ_CM_BASEPRI > configMAX_SYSCALL_INTERRUPT_PRIORITY
#error "PINQ_CM_BASEPRI must be at or above (numerically <=) configMAX_SYSCALL_INTERRUPT_PRIORITY"
#endif
#if configKERNEL_INTERRUPT_PRIORITY < configMAX_SYSCALL_INTERRUPT_PRIORITY
#error "the relay runs at configKERNEL_INTERRUPT_PRIORITY and calls FreeRTOS: it must not be above configMAX_SYSCALL_INTERRUPT_PRIORITY"
#endif
#else
#define CM_HAS_BASEPRI 0
#endif

#define SCB_SHPR_BYTE(exc) (*(volatile uint8_t *)(0xE000ED18u + (exc)-4u)) /* exceptions 4..15 */
#define NVIC_IPR_BYTE(irq) (*(volatile uint8_t *)(0xE000E400u + (irq)))   /* v7-M: byte access */
#define EXC_IRQ0 16u

static unsigned relay_irqn = UINT32_MAX;

#if CM_HAS_BASEPRI
/* Priority of exception `exc` (IPSR), 0 for NMI and HardFault (their
 * fixed priorities are above every configurable one). */
static uint8_t exception_priority(uint32_t exc)
{
    if (exc >= EXC_IRQ0)
        return NVIC_IPR_BYTE(exc - EXC_IRQ0);
    return exc >= 4u ? SCB_SHPR_BYTE(exc) : 0u;
}
#endif

int pinq_freertos_context(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    ipsr &= 0x1FFu;
    if (ipsr == 0)
        return PINQ_FREERTOS_TASK;
#if CM_HAS_BASEPRI
    if (exception_priority(ipsr) < configMAX_SYSCALL_INTERRUPT_PRIORITY)
        return PINQ_FREERTOS_ISR_URGENT;
#endif
    return PINQ_FREERTOS_ISR;
}

void pinq_freertos_relay(void *waiter)
{
    (void)waiter; /* pinq_port_freertos.c marked it */
    pinq_cm_irq_pend(relay_irqn);
}

void pinq_freertos_cm_relay_isr(void)
{
    pinq_freertos_relay_run();
}

int pinq_freertos_cm_init(unsigned irqn)
{
    if (irqn == PINQ_BOARD_CLOCK_IRQ || irqn >= 496u)
        return PINQ_EINVAL;
    relay_irqn = irqn;
    pinq_cm_irq_setup_raw(irqn, configKERNEL_INTERRUPT_PRIORITY);
    return pinq_freertos_cm_check();
}

/* The relay's priority as the NVIC kept it (unimplemented low bits read
 * as 0) must still allow FreeRTOS calls. */
int pinq_freertos_cm_check(void)
{
    if (relay_irqn == UINT32_MAX)
        return PINQ_EINVAL;
#if CM_HAS_BASEPRI
    if (NVIC_IPR_BYTE(relay_irqn) < configMAX_SYSCALL_INTERRUPT_PRIORITY)
        return PINQ_EINVAL;
#endif
    return PINQ_OK;
}

int pinq_freertos_cm_irq_setup(unsigned irqn, uint8_t prio)
{
    if (irqn == relay_irqn)
        return PINQ_EINVAL;
    return pinq_cm_irq_setup(irqn, prio);
}
