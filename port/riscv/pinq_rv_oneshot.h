/* pinq_rv_oneshot.h - the rv32 port's one-shot timer (mtimecmp) for the
 * input engine's low-power mode: pinq_input_cfg.arm = pinq_rv_oneshot_arm.
 * See pinq_rv_oneshot.c for how it shares the machine timer with
 * pinq_port_wait(). */
#ifndef PINQ_RV_ONESHOT_H
#define PINQ_RV_ONESHOT_H

#include "pinq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Take the machine timer interrupt (riscv_irq_set_handler(IRQ_M_TIMER));
 * nothing armed, mie.MTIE clear. */
void pinq_rv_oneshot_init(void);
/* Arm for the absolute `deadline` in port ticks (= mtime), replacing any
 * earlier one; a deadline already past fires at once. */
void pinq_rv_oneshot_arm(void *ctx, pinq_ticks_t deadline);
/* Cancel an armed deadline (mie.MTIE cleared). */
void pinq_rv_oneshot_cancel(void);
/* True once after each expiry (test-and-clear). */
bool pinq_rv_oneshot_fired(void);
/* Expiries so far. */
uint32_t pinq_rv_oneshot_count(void);

#ifdef __cplusplus
}
#endif

#endif
