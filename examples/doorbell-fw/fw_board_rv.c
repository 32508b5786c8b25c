/* fw_board_rv.c - fw_board.h on RISC-V rv32 (QEMU virt, machine mode):
 * the CLINT machine timer (mtimecmp, absolute deadlines in mtime ticks,
 * which are the port's ticks) plays the button; the machine software
 * interrupt (CLINT MSIP) is the pin's interrupt. Machine mode does not
 * nest by itself: the pin's handler lets the timer preempt it
 * (riscv_irq_nest_begin), the timer's handler runs with everything
 * masked. */
#include <stdint.h>

#include "fw_board.h"
#include "riscv_csr.h"
#include "riscv_irq.h"
#include "riscv_timer.h"

const char *fw_board_cpu(void)
{
    return "RV32IMAC";
}

static void timer_handler(uint32_t mepc)
{
    (void)mepc;
    riscv_mtimecmp_set(UINT64_MAX); /* acknowledge: MTIP falls */
    fw_playback_isr();
}

static void soft_handler(uint32_t mepc)
{
    (void)mepc;
    riscv_msip_set(false); /* acknowledge before nesting, or it re-enters */
    uint32_t m = riscv_irq_nest_begin(MIP_MTIP);
    fw_pin_isr();
    riscv_irq_nest_end(m);
}

void fw_board_init(void)
{
    riscv_mtimecmp_set(UINT64_MAX);
    riscv_msip_set(false);
    riscv_irq_set_handler(IRQ_M_TIMER, timer_handler);
    csr_set(mstatus, MSTATUS_MIE);
}

void fw_board_playback_at(pinq_ticks_t at)
{
    riscv_mtimecmp_set(at); /* already passed: MTIP at once */
}

void fw_board_pin_irq_enable(bool on)
{
    riscv_irq_set_handler(IRQ_M_SOFT, on ? soft_handler : 0);
}

void fw_board_pin_irq_raise(void)
{
    riscv_msip_set(true);
}
