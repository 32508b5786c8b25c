/* pinq_freertos_cm.h - set-up of the FreeRTOS port on Cortex-M
 * (pinq_freertos_cm.c): the relay interrupt and the configuration checks.
 * The rest is port/cortex-m's API (pinq_cortex_m.h) and pinq_freertos.h.
 *
 * Build: FreeRTOS's ARM_CM3 port (M3, soft-float M4) or ARM_CM4F, with
 *   configTASK_NOTIFICATION_ARRAY_ENTRIES   >= 2 (pinq's index 1)
 *   configMAX_SYSCALL_INTERRUPT_PRIORITY    FreeRTOS's mask
 *   configKERNEL_INTERRUPT_PRIORITY         the relay's priority (lowest)
 * and every file that includes pinq compiled with -DPINQ_CFG_WAKE=1 and
 * -DPINQ_CM_BASEPRI=<pinq's mask>, at or above configMAX_SYSCALL (a
 * numerically lower or equal value; a build that breaks this, or puts the
 * relay above configMAX_SYSCALL, does not compile). Equal values leave no
 * urgent band: nothing is relayed. Map the vectors to the kernel's
 * handlers (vPortSVCHandler, xPortPendSVHandler, xPortSysTickHandler),
 * e.g. in FreeRTOSConfig.h as targets/freertos does:
 *   #define vPortSVCHandler svc_isr
 *
 * Which interrupt may do what (values: lower is more urgent):
 *   prio < PINQ_CM_BASEPRI               neither pinq nor FreeRTOS
 *   PINQ_CM_BASEPRI <= prio < MAX_SYSCALL pinq_post / pinq_isr_post /
 *                                        pinq_schedule (woken via relay)
 *   MAX_SYSCALL <= prio                  pinq and FreeRTOS ...FromISR
 */
#ifndef PINQ_FREERTOS_CM_H
#define PINQ_FREERTOS_CM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Use NVIC interrupt `irqn` (one no peripheral raises, or a spare one) as
 * the relay: priority configKERNEL_INTERRUPT_PRIORITY, enabled. Its vector
 * must call pinq_freertos_cm_relay_isr(). Call once, before the scheduler
 * starts and before any urgent interrupt posts. Returns
 * pinq_freertos_cm_check(), or PINQ_EINVAL for the port clock's interrupt
 * or one the NVIC does not have. */
int pinq_freertos_cm_init(unsigned irqn);

/* PINQ_OK when the relay is set up and its priority, as the NVIC kept it,
 * may call FreeRTOS; PINQ_EINVAL otherwise. Any context. */
int pinq_freertos_cm_check(void);

/* The relay interrupt's handler: call it from the relay's vector. */
void pinq_freertos_cm_relay_isr(void);

/* pinq_cm_irq_setup() for a pin interrupt of a FreeRTOS program: also
 * refuses the relay's own interrupt. */
int pinq_freertos_cm_irq_setup(unsigned irqn, uint8_t prio);

#ifdef __cplusplus
}
#endif

#endif /* PINQ_FREERTOS_CM_H */
