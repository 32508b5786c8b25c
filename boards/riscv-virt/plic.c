/* plic.c - PLIC source setup and claim/complete dispatch. */
#include "plic.h"
#include "virt.h"

#define PLIC_PRIO(s) (VIRT_PLIC + 4u * (s))
#define PLIC_ENABLE(s) (VIRT_PLIC + 0x2000u + 4u * ((s) / 32u)) /* context 0 = hart 0 M */
#define PLIC_THRESHOLD (VIRT_PLIC + 0x200000u)
#define PLIC_CLAIM (VIRT_PLIC + 0x200004u)

static riscv_irq_fn plic_handlers[PLIC_NSRC];

void plic_enable(unsigned src, bool on)
{
    uint32_t bit = 1u << (src % 32u);
    if (on)
        VIRT_REG32(PLIC_ENABLE(src)) |= bit;
    else
        VIRT_REG32(PLIC_ENABLE(src)) &= ~bit;
    /* QEMU 7.2 does not re-evaluate its output on enable writes: a source
     * that became pending while disabled would never interrupt. Rewriting
     * the threshold does re-evaluate (harmless on real hardware). */
    VIRT_REG32(PLIC_THRESHOLD) = VIRT_REG32(PLIC_THRESHOLD);
}

/* Claim every pending source in turn; a claimed source stays masked in the
 * PLIC until completed, so its handler may nest without re-entering. */
static void plic_dispatch(uint32_t mepc)
{
    uint32_t src;
    while ((src = VIRT_REG32(PLIC_CLAIM)) != 0) {
        if (src < PLIC_NSRC && plic_handlers[src])
            plic_handlers[src](mepc);
        VIRT_REG32(PLIC_CLAIM) = src;
    }
}

void plic_attach(unsigned src, unsigned prio, riscv_irq_fn fn)
{
    if (src == 0 || src >= PLIC_NSRC)
        return;
    plic_handlers[src] = fn;
    VIRT_REG32(PLIC_PRIO(src)) = prio;
    VIRT_REG32(PLIC_THRESHOLD) = 0;
    plic_enable(src, fn != 0);
    riscv_irq_set_handler(IRQ_M_EXT, plic_dispatch);
}
