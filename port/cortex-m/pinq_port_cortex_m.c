/* pinq_port_cortex_m.c - Cortex-M port hooks: SysTick-extended 64-bit time,
 * PRIMASK / BASEPRI critical sections, WFI wait, NVIC line masking.
 * See pinq_cortex_m.h for the contract. */
#include "pinq_cortex_m.h"

#include "cm_regs.h"

#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__)
#define CM_HAS_BASEPRI 1
#else
#define CM_HAS_BASEPRI 0 /* ARMv6-M: PRIMASK only */
#endif

#if CM_HAS_BASEPRI
#define SYSTICK_PRIO PINQ_CM_BASEPRI
#else
#define SYSTICK_PRIO 0u
#endif

#define TICK_MASK ((1u << PINQ_CM_TICK_SHIFT) - 1u)
#define SCB_ICSR_PENDSTCLR (1u << 25)

static _Atomic uint32_t wraps; /* SysTick periods elapsed; one writer at a time */
static uint32_t cpu_hz;
static uint8_t line_irq[PINQ_CM_MAX_LINES]; /* irqn + 1; 0: not bound */

static inline uint32_t primask_get(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, primask" : "=r"(v));
    return v;
}

static inline void primask_set(uint32_t v)
{
    __asm__ volatile("msr primask, %0" : : "r"(v) : "memory");
}

void pinq_cm_init(uint32_t hz)
{
    cpu_hz = hz;
    /* SysTick at the most urgent priority that pinq masks: no reader of
     * the clock can preempt the handler between its entry (which clears
     * the pending bit) and its increment, where time would look one
     * period behind. */
    SCB_SHPR3 = (SCB_SHPR3 & 0x00FFFFFFu) | ((uint32_t)SYSTICK_PRIO << 24);
    SYST_CSR = 0;
    SYST_RVR = TICK_MASK;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE;
    /* The counter reads 0 until its first reload, which would look like the
     * end of a period: start the count only once it is running. */
    while (SYST_CVR == 0) {
    }
    SCB_ICSR = SCB_ICSR_PENDSTCLR;
    atomic_store_explicit(&wraps, 0, memory_order_relaxed);
}

/* Single writer at any time (the handler, or take_pending_wrap() with the
 * handler masked): a load and a store, no read-modify-write needed. */
static inline void count_wrap(void)
{
    atomic_store_explicit(&wraps, atomic_load_explicit(&wraps, memory_order_relaxed) + 1, memory_order_relaxed);
}

void pinq_cm_systick_isr(void)
{
    count_wrap();
}

/* If a wrap is pending, account it here instead of in the handler. Only
 * with PRIMASK set: nothing, not even an unmasked-band reader, may see the
 * count and the pending bit disagree. */
static void take_pending_wrap(void)
{
    if (SCB_ICSR & SCB_ICSR_PENDSTSET) {
        SCB_ICSR = SCB_ICSR_PENDSTCLR;
        count_wrap();
    }
}

pinq_ticks_t pinq_port_now(void)
{
    uint32_t w0, w, v;
    do {
        w0 = atomic_load_explicit(&wraps, memory_order_relaxed);
        w = w0;
        v = SYST_CVR;
        if (SCB_ICSR & SCB_ICSR_PENDSTSET) {
            /* wrapped, handler not run yet: v may be from either side of
             * the wrap, a second read is certainly after it */
            v = SYST_CVR;
            w++;
        }
    } while (atomic_load_explicit(&wraps, memory_order_relaxed) != w0);
    return ((pinq_ticks_t)w << PINQ_CM_TICK_SHIFT) | (TICK_MASK - v);
}

uint32_t pinq_port_ticks_per_sec(void)
{
    return cpu_hz;
}

#if CM_HAS_BASEPRI
pinq_irqstate_t pinq_irq_save(void)
{
    uint32_t old;
    __asm__ volatile("mrs %0, basepri" : "=r"(old));
    /* basepri_max only ever raises the mask: nesting inside a stricter
     * section keeps the stricter one */
    __asm__ volatile("msr basepri_max, %0\n\tisb" : : "r"(PINQ_CM_BASEPRI) : "memory");
    return old;
}

void pinq_irq_restore(pinq_irqstate_t state)
{
    __asm__ volatile("msr basepri, %0" : : "r"(state) : "memory");
}
#else
pinq_irqstate_t pinq_irq_save(void)
{
    uint32_t old = primask_get();
    __asm__ volatile("cpsid i" : : : "memory");
    return old;
}

void pinq_irq_restore(pinq_irqstate_t state)
{
    primask_set(state);
}
#endif

/* One WFI. A pending interrupt wakes WFI only if it could preempt with
 * PRIMASK clear, so on v7-M BASEPRI is dropped for the WFI while PRIMASK
 * keeps everything from actually running. */
static void sleep_once(void)
{
    uint32_t pm = primask_get();
    __asm__ volatile("cpsid i" : : : "memory");
#if CM_HAS_BASEPRI
    uint32_t bp;
    __asm__ volatile("mrs %0, basepri" : "=r"(bp));
    __asm__ volatile("msr basepri, %0" : : "r"(0u) : "memory");
#endif
    __asm__ volatile("dsb\n\twfi" : : : "memory");
    take_pending_wrap(); /* SysTick is masked here: count its wrap ourselves */
#if CM_HAS_BASEPRI
    __asm__ volatile("msr basepri, %0" : : "r"(bp) : "memory");
#endif
    primask_set(pm);
}

void pinq_port_wait(uint32_t timeout_ms)
{
    pinq_ticks_t deadline = UINT64_MAX;
    if (timeout_ms != PINQ_WAIT_FOREVER)
        deadline = pinq_port_now() + (pinq_ticks_t)timeout_ms * cpu_hz / 1000u;
    /* SysTick wraps wake us too; only an external interrupt ends the wait */
    while (!(SCB_ICSR & SCB_ICSR_ISRPENDING) && pinq_port_now() < deadline)
        sleep_once();
}

void pinq_cm_irq_enable(unsigned irqn, bool on)
{
    if (on)
        NVIC_ISER(irqn / 32u) = 1u << (irqn % 32u);
    else
        NVIC_ICER(irqn / 32u) = 1u << (irqn % 32u);
}

void pinq_cm_irq_pend(unsigned irqn)
{
    NVIC_ISPR(irqn / 32u) = 1u << (irqn % 32u);
}

void pinq_cm_irq_setup_raw(unsigned irqn, uint8_t prio)
{
    /* word access: ARMv6-M does not allow byte access to IPR */
    unsigned shift = 8u * (irqn % 4u);
    uint32_t ipr = NVIC_IPR(irqn / 4u) & ~(0xFFu << shift);
    NVIC_IPR(irqn / 4u) = ipr | ((uint32_t)prio << shift);
    pinq_cm_irq_enable(irqn, true);
}

int pinq_cm_irq_setup(unsigned irqn, uint8_t prio)
{
    if (CM_HAS_BASEPRI && prio < PINQ_CM_BASEPRI)
        return PINQ_EINVAL; /* would not be masked by pinq_irq_save() */
    pinq_cm_irq_setup_raw(irqn, prio);
    return PINQ_OK;
}

int pinq_cm_bind_irq(uint16_t line, unsigned irqn)
{
    if (line >= PINQ_CM_MAX_LINES || irqn > 254u)
        return PINQ_EINVAL;
    line_irq[line] = (uint8_t)(irqn + 1u);
    return PINQ_OK;
}

void pinq_port_line_enable(pinq_t *q, uint16_t line, bool on)
{
    (void)q;
    if (line < PINQ_CM_MAX_LINES && line_irq[line])
        pinq_cm_irq_enable(line_irq[line] - 1u, on);
}
