/* lines.c - pinq_port_line_enable() for QEMU virt: masks the PLIC source
 * or the mie bit a (queue, line) pair is bound to. Callable from an ISR
 * (the storm guard trips there). */
#include "lines.h"
#include "pinq_port_bind.h"
#include "plic.h"

static pinq_port_bind_t bound[VIRT_MAX_BINDINGS];

int virt_bind_line(pinq_t *q, uint16_t line, unsigned src)
{
    bool plic = src >= 1u && src < PLIC_NSRC;
    if (!plic && src != VIRT_SRC_MTIMER && src != VIRT_SRC_MSOFT)
        return PINQ_EINVAL;
    return pinq_port_bind(bound, VIRT_MAX_BINDINGS, q, line, (uint16_t)src);
}

static void source_enable(unsigned src, bool on)
{
    if (!(src & VIRT_SRC_CLINT)) {
        plic_enable(src, on);
        return;
    }
    uint32_t bit = 1u << (src & 0x1fu);
    if (on)
        csr_set(mie, bit);
    else
        csr_clear(mie, bit);
}

void pinq_port_line_enable(pinq_t *q, uint16_t line, bool on)
{
    int src = pinq_port_bound(bound, VIRT_MAX_BINDINGS, q, line);
    if (src >= 0)
        source_enable((unsigned)src, on);
}
