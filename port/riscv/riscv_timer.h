/* riscv_timer.h - the machine timer (mtime/mtimecmp) and software
 * interrupt (msip) that the port needs; the board provides them, since
 * their addresses are platform-specific (CLINT/ACLINT on QEMU virt). */
#ifndef RISCV_TIMER_H
#define RISCV_TIMER_H

#include <stdbool.h>
#include <stdint.h>

uint64_t riscv_mtime(void);             /* consistent 64-bit read */
uint32_t riscv_mtime_hz(void);          /* mtime rate */
void riscv_mtimecmp_set(uint64_t when); /* MTIP rises when mtime >= when; UINT64_MAX: never */
uint64_t riscv_mtimecmp_get(void);
void riscv_msip_set(bool on);           /* raise/clear the machine software interrupt */

#endif
