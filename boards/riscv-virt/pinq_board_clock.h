/* pinq_board_clock.h - where the RISC-V port's ISR stamp comes from on
 * QEMU virt: the low word of the CLINT's mtime. */
#ifndef PINQ_BOARD_CLOCK_H
#define PINQ_BOARD_CLOCK_H

#include "virt.h"

#define PINQ_BOARD_MTIME_LO ((uintptr_t)VIRT_CLINT_MTIME)

#endif
