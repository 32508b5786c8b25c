/* semihost.h - RISC-V semihosting: the tests' exit code channel to QEMU.
 * Console output goes through picolibc's semihost stdio (--oslib=semihost). */
#ifndef PINQ_SEMIHOST_H
#define PINQ_SEMIHOST_H

#include <stdint.h>

/* One semihosting call (start.S): op in a0, parameter block in a1. */
uint32_t riscv_semihost(uint32_t op, void *arg);

/* Leave QEMU with exit status `code` (SYS_EXIT_EXTENDED). Never returns. */
__attribute__((noreturn)) void riscv_exit(int code);

#endif
