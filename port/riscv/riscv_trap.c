/* riscv_trap.c - trap dispatch: interrupts to their handlers; any
 * exception is a firmware bug, reported and turned into a failing exit. */
#include <stdio.h>

#include "pinq.h"
#include "riscv_irq.h"
#include "semihost.h"

static riscv_irq_fn handlers[16];
/* Interrupt handlers running, counted for PINQ_DEBUG's pinq_port_in_isr
 * only: other builds keep the trap path as short as it can be. */
static volatile unsigned trap_depth;

bool pinq_port_in_isr(void)
{
    return PINQ_DEBUG && trap_depth != 0;
}

void riscv_irq_set_handler(unsigned irq, riscv_irq_fn fn)
{
    if (irq >= 16)
        return;
    handlers[irq] = fn;
    if (fn)
        csr_set(mie, 1u << irq);
    else
        csr_clear(mie, 1u << irq);
}

void riscv_trap(uint32_t mcause, uint32_t mepc)
{
    unsigned code = mcause & 0xfu;
    if ((mcause & MCAUSE_IRQ) && handlers[code]) {
        if (PINQ_DEBUG)
            trap_depth++;
        handlers[code](mepc);
        if (PINQ_DEBUG)
            trap_depth--;
        return;
    }
    fprintf(stderr, "unexpected trap: mcause 0x%08lx mepc 0x%08lx mtval 0x%08lx\n", (unsigned long)mcause,
            (unsigned long)mepc, (unsigned long)csr_read(mtval));
    riscv_exit(70);
}
