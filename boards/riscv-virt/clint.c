/* clint.c - machine timer and software interrupt of QEMU virt's CLINT. */
#include "riscv_timer.h"
#include "virt.h"

/* rv32 reads 64-bit mtime in two halves: re-read if the high half moved
 * in between, so the low half belongs to the high half returned. */
uint64_t riscv_mtime(void)
{
    uint32_t hi, lo;
    do {
        hi = VIRT_REG32(VIRT_CLINT_MTIME + 4);
        lo = VIRT_REG32(VIRT_CLINT_MTIME);
    } while (hi != VIRT_REG32(VIRT_CLINT_MTIME + 4));
    return (uint64_t)hi << 32 | lo;
}

uint32_t riscv_mtime_hz(void)
{
    return VIRT_MTIME_HZ;
}

/* Low half to all-ones first, so no intermediate value fires early. */
void riscv_mtimecmp_set(uint64_t when)
{
    VIRT_REG32(VIRT_CLINT_MTIMECMP) = UINT32_MAX;
    VIRT_REG32(VIRT_CLINT_MTIMECMP + 4) = (uint32_t)(when >> 32);
    VIRT_REG32(VIRT_CLINT_MTIMECMP) = (uint32_t)when;
}

uint64_t riscv_mtimecmp_get(void)
{
    return (uint64_t)VIRT_REG32(VIRT_CLINT_MTIMECMP + 4) << 32 | VIRT_REG32(VIRT_CLINT_MTIMECMP);
}

void riscv_msip_set(bool on)
{
    VIRT_REG32(VIRT_CLINT_MSIP) = on ? 1u : 0u;
}
