/* pinq_port_cortex_m.c - Cortex-M port hooks: 64-bit time extended in
 * software from the board's free-running 32-bit counter, PRIMASK / BASEPRI
 * critical sections, WFI wait, NVIC line masking.
 * See pinq_cortex_m.h for the contract. */
#include "pinq_cortex_m.h"

#include "cm_regs.h"
#include "pinq_board_clock.h"
#include "pinq_port_bind.h"

#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__)
#define CM_HAS_BASEPRI 1
#else
#define CM_HAS_BASEPRI 0 /* ARMv6-M: PRIMASK only */
#endif

#if CM_HAS_BASEPRI
#define CLOCK_PRIO PINQ_CM_BASEPRI
#define NVIC_IRQS 496u /* the most ARMv7-M allows */
#else
#define CLOCK_PRIO 0u
#define NVIC_IRQS 32u
#endif

/* The clock's interrupt comes at least this often (2^30 ticks: 43 s at
 * 25 MHz, 67 s at 16 MHz), so pinq_port_now() runs at least once per 2^32
 * ticks unless interrupts stay masked for more than the 3 * 2^30 left. */
#define KEEPALIVE (UINT32_C(1) << 30)
#define CLOCK_BIT (1u << (PINQ_BOARD_CLOCK_IRQ % 32u))

static pinq_ticks_t last;   /* the last reading; its low 32 bits are the counter's then */
static uint32_t cpu_hz;
static pinq_port_bind_t line_irq[PINQ_CM_MAX_BINDINGS]; /* (queue, line) -> NVIC irqn */

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

/* The counter's ticks since the last reading are added to it: exact as
 * long as readings are less than 2^32 ticks apart (the keep-alive). */
pinq_ticks_t pinq_port_now(void)
{
    pinq_irqstate_t s = pinq_irq_save();
    uint32_t c = pinq_board_clock_read();
    pinq_ticks_t t = last + (uint32_t)(c - (uint32_t)last);
    last = t;
    pinq_irq_restore(s);
    return t;
}

/* Interrupt once after min(ticks, limit), never after 0 ticks. */
static int clock_alarm(pinq_ticks_t ticks, uint32_t limit)
{
    return pinq_board_clock_alarm(ticks == 0 ? 1u : ticks < limit ? (uint32_t)ticks : limit);
}

static void clock_keepalive(void)
{
    pinq_irqstate_t s = pinq_irq_save();
    (void)pinq_port_now();
    (void)clock_alarm(KEEPALIVE, KEEPALIVE);
    pinq_irq_restore(s);
}

/* The clock's interrupt: acknowledged, time read, keep-alive re-armed. */
void pinq_board_clock_isr(void)
{
    pinq_board_clock_ack();
    clock_keepalive();
}

void pinq_cm_init(uint32_t hz)
{
    cpu_hz = hz;
    pinq_irqstate_t s = pinq_irq_save();
    pinq_board_clock_start();
    last = pinq_board_clock_read(); /* the epoch: the counter's start, 0 */
    (void)clock_alarm(KEEPALIVE, KEEPALIVE);
    pinq_irq_restore(s);
    pinq_cm_irq_setup_raw(PINQ_BOARD_CLOCK_IRQ, CLOCK_PRIO);
}

int pinq_cm_clock_set(uint32_t value)
{
    pinq_irqstate_t s = pinq_irq_save();
    (void)pinq_port_now();
    int r = pinq_board_clock_set(value) == 0 ? PINQ_OK : PINQ_EINVAL;
    (void)pinq_port_now(); /* forward to the next tick whose low bits are `value` */
    pinq_irq_restore(s);
    return r;
}

/* In a handler exactly when IPSR holds an exception number. */
bool pinq_port_in_isr(void)
{
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    return ipsr != 0;
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

/* With PRIMASK set: if the clock's interrupt is pending, serve it here
 * (acknowledge, clear, read the time) so that it neither ends the wait
 * nor runs later; the wait re-arms the alarm itself. */
static void take_pending_clock(void)
{
    if (NVIC_ISPR(PINQ_BOARD_CLOCK_IRQ / 32u) & CLOCK_BIT) {
        pinq_board_clock_ack();
        NVIC_ICPR(PINQ_BOARD_CLOCK_IRQ / 32u) = CLOCK_BIT;
        (void)pinq_port_now();
    }
}

/* One WFI, at most until `deadline` or for PINQ_CM_WAIT_SLICE ticks (the
 * clock's alarm, `*armed` set); true when the wait is over: an interrupt
 * other than the clock's is pending, or the deadline has passed. A pending
 * interrupt wakes WFI only if it could preempt with PRIMASK clear, so on
 * v7-M BASEPRI is dropped for the WFI while PRIMASK keeps everything from
 * actually running. */
static bool sleep_once(pinq_ticks_t deadline, bool *armed)
{
    uint32_t pm = primask_get();
    __asm__ volatile("cpsid i" : : : "memory");
#if CM_HAS_BASEPRI
    uint32_t bp;
    __asm__ volatile("mrs %0, basepri" : "=r"(bp));
    __asm__ volatile("msr basepri, %0" : : "r"(0u) : "memory");
#endif
    take_pending_clock();
    pinq_ticks_t now = pinq_port_now();
    bool done = (SCB_ICSR & SCB_ICSR_ISRPENDING) || now >= deadline;
    if (!done) {
        *armed = true;
        if (clock_alarm(deadline - now, PINQ_CM_WAIT_SLICE)) {
            __asm__ volatile("dsb\n\twfi" : : : "memory");
            take_pending_clock();
        }
    }
#if CM_HAS_BASEPRI
    __asm__ volatile("msr basepri, %0" : : "r"(bp) : "memory");
#endif
    primask_set(pm);
    return done;
}

void pinq_port_wait(uint32_t timeout_ms)
{
    pinq_ticks_t deadline = UINT64_MAX;
    if (timeout_ms != PINQ_WAIT_FOREVER)
        deadline = pinq_port_now() + (pinq_ticks_t)timeout_ms * cpu_hz / 1000u;
    /* the clock's alarm wakes us too; only another interrupt ends the wait */
    bool armed = false;
    while (!sleep_once(deadline, &armed)) {
    }
    if (armed)
        clock_keepalive(); /* the alarm back to the keep-alive: no stray wake-up */
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

int pinq_cm_bind_irq(pinq_t *q, uint16_t line, unsigned irqn)
{
    /* a line masking the clock would stop its keep-alive */
    if (irqn >= NVIC_IRQS || irqn == PINQ_BOARD_CLOCK_IRQ)
        return PINQ_EINVAL;
    return pinq_port_bind(line_irq, PINQ_CM_MAX_BINDINGS, q, line, (uint16_t)irqn);
}

void pinq_port_line_enable(pinq_t *q, uint16_t line, bool on)
{
    int irqn = pinq_port_bound(line_irq, PINQ_CM_MAX_BINDINGS, q, line);
    if (irqn >= 0)
        pinq_cm_irq_enable((unsigned)irqn, on);
}
