/* cm_regs.h - the few Cortex-M system registers the port touches (SysTick,
 * SCB, NVIC), as addresses from the ARMv6-M / ARMv7-M architecture manuals.
 * Written here instead of pulling in a vendor CMSIS tree. Internal. */
#ifndef PINQ_CM_REGS_H
#define PINQ_CM_REGS_H

#include <stdint.h>

#define CM_REG(addr) (*(volatile uint32_t *)(addr))

#define SYST_CSR CM_REG(0xE000E010u) /* SysTick control and status */
#define SYST_RVR CM_REG(0xE000E014u) /* reload value */
#define SYST_CVR CM_REG(0xE000E018u) /* current value, counts down */
#define SYST_CSR_ENABLE (1u << 0)
#define SYST_CSR_TICKINT (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2) /* 1: processor clock */

#define SCB_ICSR CM_REG(0xE000ED04u)
#define SCB_ICSR_PENDSTSET (1u << 26) /* SysTick exception pending */
#define SCB_ICSR_ISRPENDING (1u << 22) /* some external interrupt pending */
#define SCB_SHPR3 CM_REG(0xE000ED20u) /* priorities of PendSV (bits 23:16), SysTick (31:24) */

#define NVIC_ISER(n) CM_REG(0xE000E100u + 4u * (n)) /* set-enable */
#define NVIC_ICER(n) CM_REG(0xE000E180u + 4u * (n)) /* clear-enable */
#define NVIC_ISPR(n) CM_REG(0xE000E200u + 4u * (n)) /* set-pending */
#define NVIC_ICPR(n) CM_REG(0xE000E280u + 4u * (n)) /* clear-pending */
#define NVIC_IPR(n) CM_REG(0xE000E400u + 4u * (n))  /* priorities, 4 per word (word access: v6-M) */

#endif
