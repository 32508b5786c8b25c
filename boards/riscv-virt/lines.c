/* lines.c - pinq_port_line_enable() for QEMU virt: masks the PLIC source
 * or the mie bit a line is bound to. Callable from an ISR (the storm
 * guard trips there). */
#include "lines.h"
#include "pinq.h"
#include "plic.h"

#define MAX_BOUND 8

static struct {
    uint16_t line;
    uint16_t src; /* 0: free */
} bound[MAX_BOUND];

int virt_bind_line(uint16_t line, unsigned src)
{
    for (unsigned i = 0; i < MAX_BOUND; i++) {
        if (bound[i].src == 0 || bound[i].line == line) {
            bound[i].line = line;
            bound[i].src = (uint16_t)src;
            return PINQ_OK;
        }
    }
    return PINQ_EFULL;
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
    (void)q;
    for (unsigned i = 0; i < MAX_BOUND; i++)
        if (bound[i].src != 0 && bound[i].line == line)
            source_enable(bound[i].src, on);
}
