/* atomic_v6m.c - the read-modify-write atomics ARMv6-M lacks.
 *
 * Cortex-M0/M0+ have no LDREX/STREX, so gcc turns the core's
 * <stdatomic.h> read-modify-writes into calls to these libatomic entry
 * points. On a single core, masking interrupts with PRIMASK makes the
 * sequence atomic; each masked window is a handful of instructions, which
 * bounds the interrupt latency they add (measured by
 * targets/cortex-m/tests/test_irq_latency.c, docs/performance.md).
 * Aligned 4-byte loads and stores are single instructions and stay inline.
 * Signatures are gcc's built-in ones (unsigned int, not uint32_t, which
 * is unsigned long on arm-none-eabi).
 */
#include <stdbool.h>

#if defined(__ARM_ARCH_6M__)

static inline unsigned int mask_irq(void)
{
    unsigned int pm;
    __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(pm) : : "memory");
    return pm;
}

static inline void unmask_irq(unsigned int pm)
{
    __asm__ volatile("msr primask, %0" : : "r"(pm) : "memory");
}

/* __atomic_fetch_<op>_4 and __atomic_exchange_4: *p = old OP v under the
 * mask, old returned. The order argument is moot: single core, in order,
 * and masking orders everything. */
#define V6M_RMW(name, op)                                                \
    unsigned int name(volatile void *p, unsigned int v, int order)       \
    {                                                                    \
        (void)order;                                                     \
        volatile unsigned int *a = p;                                    \
        unsigned int pm = mask_irq();                                    \
        unsigned int old = *a;                                           \
        *a = op;                                                         \
        unmask_irq(pm);                                                  \
        return old;                                                      \
    }

V6M_RMW(__atomic_fetch_add_4, old + v)
V6M_RMW(__atomic_fetch_and_4, old & v)
V6M_RMW(__atomic_fetch_or_4, old | v)
V6M_RMW(__atomic_exchange_4, v)

bool __atomic_compare_exchange_4(volatile void *p, void *expected, unsigned int desired, bool weak,
                                 int success, int failure)
{
    (void)weak;
    (void)success;
    (void)failure;
    volatile unsigned int *a = p;
    unsigned int *e = expected;
    unsigned int pm = mask_irq();
    unsigned int cur = *a;
    bool ok = cur == *e;
    if (ok)
        *a = desired;
    unmask_irq(pm);
    if (!ok)
        *e = cur;
    return ok;
}

#endif
