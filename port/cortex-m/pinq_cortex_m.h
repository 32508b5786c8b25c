/* pinq_cortex_m.h - Cortex-M port (ARMv6-M: M0/M0+, ARMv7-M: M3/M4/M7).
 *
 * Time: the board's free-running 32-bit hardware counter at the CPU clock
 * (boards/<board>/pinq_board_clock.h: the CMSDK dual timer on MPS2, TIMER0
 * on the nRF51), extended to 64 bits in software: pinq_port_now() adds the
 * ticks since the previous reading (masked, so any context that may call
 * pinq can). ISRs stamp events with the counter alone, inline
 * (pinq_port_stamp.h): the low 32 bits of pinq_port_now(). The counter's
 * alarm interrupt reads the time at least every 2^30 ticks (the keep-alive;
 * it runs at the most urgent priority pinq masks and needs nothing from
 * other code). Time stays exact as long as interrupts are never masked
 * for longer than 2^31 ticks (86 s at 25 MHz, 134 s at 16 MHz). SysTick is
 * not used: it is free for the application (the tests count instructions
 * with it).
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

#ifndef PINQ_CM_BASEPRI
#define PINQ_CM_BASEPRI 0x40u /* v7-M: priority values below this are never masked */
#endif
#ifndef PINQ_CM_WAIT_SLICE
/* pinq_port_wait() sleeps at most this many ticks per WFI (2^18: 10.5 ms
 * at 25 MHz), then checks and sleeps again; at most 2^30. The default is
 * short for QEMU 7.2: under -icount sleep=off, an expiry of an MPS2 CMSDK
 * APB timer (the boards' test timers) that falls while the CPU sleeps in
 * WFI with no earlier wake-up is delivered one timer period late; waking
 * every slice keeps it within about a slice of its deadline
 * (test_oneshot_cm). Silicon can take 2^30. */
#define PINQ_CM_WAIT_SLICE (UINT32_C(1) << 18)
#endif
#ifndef PINQ_CM_MAX_BINDINGS
/* (queue, line) pairs that can be bound to an NVIC interrupt, over every
 * pinq_t of the program: 8 bytes of RAM each, and pinq_line_enable()
 * searches them all (so does a storm-guard trip, in its ISR). */
#define PINQ_CM_MAX_BINDINGS 8
#endif

/* Start the time base: the board's counter, which runs at the `cpu_hz`
 * processor clock, from 0; its interrupt enabled. Call once before
 * anything else (the startup code does). */
void pinq_cm_init(uint32_t cpu_hz);

/* Test hook: move the board's counter to `value` (so that
 * pinq_port_stamp() reads it next), time jumping forward to the next tick
 * whose low 32 bits are `value`. PINQ_EINVAL where the counter cannot be
 * written (the nRF51's TIMER). */
int pinq_cm_clock_set(uint32_t value);

/* Give NVIC interrupt `irqn` priority `prio` (0 = most urgent, upper bits
 * significant) and enable it. PINQ_EINVAL if prio is in the never-masked
 * band on ARMv7-M (an ISR there cannot safely call pinq). */
int pinq_cm_irq_setup(unsigned irqn, uint8_t prio);

/* Enable the raw priority of an interrupt that does NOT call pinq (may be
 * in the never-masked band). */
void pinq_cm_irq_setup_raw(unsigned irqn, uint8_t prio);

/* Bind `line` of queue `q` to NVIC interrupt `irqn`: pinq_line_enable(q,
 * line, ..) then enables and disables that interrupt. Call after
 * pinq_init(q); binding the pair again replaces its interrupt. Lines of
 * different queues are different pairs, whatever their numbers; several
 * pairs may share one interrupt (a GPIO port's), and then masking one
 * masks them all. PINQ_EINVAL for a NULL q, line >= q->nlines, an irqn
 * the NVIC does not have (32 on ARMv6-M, 496 on ARMv7-M) or the port
 * clock's (PINQ_BOARD_CLOCK_IRQ); PINQ_EFULL when PINQ_CM_MAX_BINDINGS
 * other pairs are bound. */
int pinq_cm_bind_irq(pinq_t *q, uint16_t line, unsigned irqn);

void pinq_cm_irq_enable(unsigned irqn, bool on);
void pinq_cm_irq_pend(unsigned irqn);

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
