/* pinq_atomic_avr.c - the 4-byte atomics an 8-bit AVR lacks.
 *
 * avr-gcc has no atomic instructions, so every <stdatomic.h> access to a
 * 32-bit object in the core becomes a call to these libatomic entry
 * points, and avr-libc provides none. A 32-bit load or store is four byte
 * moves, so unlike on ARMv6-M (port/cortex-m/atomic_v6m.c) the plain
 * loads and stores need the mask too. Each runs with interrupts masked
 * through SREG (pinq_irq_save), for a handful of instructions. The order
 * argument is moot: one core, in order, and masking orders everything.
 * Empty on every other architecture. */
#if defined(__AVR__)

#include <stdbool.h>
#include <stdint.h>

#include "pinq.h"

uint32_t __atomic_load_4(const volatile void *p, int order)
{
    (void)order;
    pinq_irqstate_t s = pinq_irq_save();
    uint32_t v = *(const volatile uint32_t *)p;
    pinq_irq_restore(s);
    return v;
}

void __atomic_store_4(volatile void *p, uint32_t v, int order)
{
    (void)order;
    pinq_irqstate_t s = pinq_irq_save();
    *(volatile uint32_t *)p = v;
    pinq_irq_restore(s);
}

/* *p = old OP v under the mask; old returned */
#define AVR_RMW(name, expr)                                     \
    uint32_t name(volatile void *p, uint32_t v, int order)      \
    {                                                           \
        (void)order;                                            \
        volatile uint32_t *a = p;                               \
        pinq_irqstate_t s = pinq_irq_save();                    \
        uint32_t old = *a;                                      \
        *a = (expr);                                            \
        pinq_irq_restore(s);                                    \
        return old;                                             \
    }

AVR_RMW(__atomic_fetch_add_4, old + v)
AVR_RMW(__atomic_fetch_sub_4, old - v)
AVR_RMW(__atomic_fetch_and_4, old & v)
AVR_RMW(__atomic_fetch_or_4, old | v)
AVR_RMW(__atomic_exchange_4, v)

bool __atomic_compare_exchange_4(volatile void *p, void *expected, uint32_t desired, bool weak, int success,
                                 int failure)
{
    (void)weak;
    (void)success;
    (void)failure;
    volatile uint32_t *a = p;
    uint32_t *e = expected;
    pinq_irqstate_t s = pinq_irq_save();
    uint32_t cur = *a;
    bool ok = cur == *e;
    if (ok)
        *a = desired;
    pinq_irq_restore(s);
    if (!ok)
        *e = cur;
    return ok;
}

#endif
