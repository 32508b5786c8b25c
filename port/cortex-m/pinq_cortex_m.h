/* pinq_cortex_m.h - Cortex-M port (ARMv6-M: M0/M0+, ARMv7-M: M3/M4/M7).
 *
 * Time: SysTick runs from the processor clock with a reload of
 * 2^PINQ_CM_TICK_SHIFT - 1 and a tiny wrap handler; pinq_port_now() joins
 * the wrap count and the counter into 64-bit ticks of the CPU clock. It is
 * safe in every context that may call pinq (main, and ISRs at priorities
 * pinq masks): a wrap whose exception is still pending (we preempted it, or
 * interrupts are masked) is detected through ICSR.PENDSTSET, and the wrap
 * handler runs at the most urgent maskable priority (0 on v6-M,
 * PINQ_CM_BASEPRI on v7-M) so no such reader can preempt it half-way.
 * Time stays exact as long as interrupts are never masked for longer than
 * one SysTick period (2^18 ticks: 10.5 ms at 25 MHz, 16.4 ms at 16 MHz).
 *
 * Critical sections (pinq_irq_save/restore):
 *   ARMv6-M  PRIMASK: every interrupt is masked.
 *   ARMv7-M  BASEPRI = PINQ_CM_BASEPRI: interrupts with a priority value
 *            below it (more urgent: 0x00..0x3F by default) are NEVER masked
 *            by pinq, so a motor-control or safety ISR keeps its latency.
 *            Such ISRs must not call pinq. ISRs that post to pinq must run
 *            at priority values >= PINQ_CM_BASEPRI (pinq_cm_irq_setup()
 *            refuses anything else).
 * Atomics: ARMv7-M uses LDREX/STREX inline; ARMv6-M has none, so the port
 * provides gcc's __atomic_*_4 library calls with PRIMASK (atomic_v6m.c).
 */
#ifndef PINQ_CORTEX_M_H
#define PINQ_CORTEX_M_H

#include "pinq.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef PINQ_CM_TICK_SHIFT
#define PINQ_CM_TICK_SHIFT 18 /* SysTick period 2^18 ticks; 24 at most */
#endif
#ifndef PINQ_CM_BASEPRI
#define PINQ_CM_BASEPRI 0x40u /* v7-M: priority values below this are never masked */
#endif
#ifndef PINQ_CM_MAX_LINES
#define PINQ_CM_MAX_LINES 32 /* lines that can be bound to an NVIC interrupt */
#endif

/* Start the time base: SysTick from a `cpu_hz` processor clock. Call once
 * before anything else (the startup code does). */
void pinq_cm_init(uint32_t cpu_hz);

/* Give NVIC interrupt `irqn` priority `prio` (0 = most urgent, upper bits
 * significant) and enable it. PINQ_EINVAL if prio is in the never-masked
 * band on ARMv7-M (an ISR there cannot safely call pinq). */
int pinq_cm_irq_setup(unsigned irqn, uint8_t prio);

/* Enable the raw priority of an interrupt that does NOT call pinq (may be
 * in the never-masked band). */
void pinq_cm_irq_setup_raw(unsigned irqn, uint8_t prio);

/* Bind `line` to NVIC interrupt `irqn`: pinq_line_enable() then enables
 * and disables that interrupt. One table for the whole program. */
int pinq_cm_bind_irq(uint16_t line, unsigned irqn);

void pinq_cm_irq_enable(unsigned irqn, bool on);
void pinq_cm_irq_pend(unsigned irqn);

/* SysTick exception handler (the vector table points here). */
void pinq_cm_systick_isr(void);

/* One-shot timer for the input engine's low-power mode (pinq_cm_oneshot.c,
 * on board timer `t` of boards/common/board.h): pinq_input_cfg.arm =
 * pinq_cm_oneshot_arm; the timer's vector calls pinq_cm_oneshot_isr().
 * init stops the timer and enables NVIC `irqn` at `prio` (as
 * pinq_cm_irq_setup: PINQ_EINVAL in the never-masked band). Deadlines are
 * absolute port ticks; one too far for the timer is reached in steps, a
 * deadline already past fires at once. pinq_cm_oneshot_fired() is true
 * once per expiry (test-and-clear). Race-free loop: test it with
 * interrupts masked and wait inside the same critical section:
 *   s = pinq_irq_save(); f = pinq_cm_oneshot_fired();
 *   if (!f) pinq_wait(q, PINQ_WAIT_FOREVER); // ends on the pending timer IRQ
 *   pinq_irq_restore(s);                     // the ISR runs here
 *   if (f || pinq_cm_oneshot_fired()) ...     // pinq_input_dispatch() */
int pinq_cm_oneshot_init(unsigned t, unsigned irqn, uint8_t prio);
void pinq_cm_oneshot_arm(void *ctx, pinq_ticks_t deadline);
void pinq_cm_oneshot_cancel(void);
void pinq_cm_oneshot_isr(void);
bool pinq_cm_oneshot_fired(void);
uint32_t pinq_cm_oneshot_count(void); /* expiries so far */

#ifdef __cplusplus
}
#endif

#endif
