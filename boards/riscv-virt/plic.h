/* plic.h - QEMU virt's PLIC, hart 0 machine-mode context. */
#ifndef PLIC_H
#define PLIC_H

#include <stdbool.h>
#include <stdint.h>

#include "riscv_irq.h"

#define PLIC_NSRC 64u

/* Route source `src` (1..PLIC_NSRC-1) to `fn` at priority 1..7, enable it
 * and the machine external interrupt. fn runs between claim and complete. */
void plic_attach(unsigned src, unsigned prio, riscv_irq_fn fn);
void plic_enable(unsigned src, bool on);

#endif
