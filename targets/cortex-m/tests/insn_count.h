/* insn_count.h - count instructions with SysTick under QEMU
 * -icount shift=10,sleep=off (guest time: 1024 ns per instruction, so the
 * processor-clocked SysTick advances cpu_hz * 1.024e-6 ticks each: 25.6 on
 * MPS2, 16.384 on the micro:bit). Method and its checks:
 * ../shared/notes/measuring-on-qemu.md. Takes SysTick over as a free-running
 * 24-bit down-counter without interrupt (the port keeps time on the
 * board's 32-bit counter and leaves SysTick to the application); only
 * bench and latency programs use it. */
#ifndef PINQ_INSN_COUNT_H
#define PINQ_INSN_COUNT_H

#include <stdint.h>

#include "board.h"
#include "cm_regs.h"

#define INSN_MASK24 0xFFFFFFu

static inline void insn_count_start(void)
{
    SYST_CSR = 0;
    SYST_RVR = INSN_MASK24;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_CLKSOURCE;
}

static inline uint32_t insn_stamp(void)
{
    return SYST_CVR;
}

/* SysTick ticks from stamp a to stamp b (a taken first; counts down). */
static inline uint32_t insn_ticks(uint32_t a, uint32_t b)
{
    return (a - b) & INSN_MASK24;
}

static inline double insn_ticks_per_insn(void)
{
    return board_cpu_hz() * 1024e-9;
}

#endif
