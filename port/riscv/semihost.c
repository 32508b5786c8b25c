/* semihost.c - the firmware's exit path: flush stdio, then
 * SYS_EXIT_EXTENDED, which makes QEMU exit with the given status. */
#include <stdio.h>

#include "semihost.h"

#define SYS_EXIT_EXTENDED 0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

void riscv_exit(int code)
{
    fflush(stdout);
    fflush(stderr);
    uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code};
    for (;;)
        riscv_semihost(SYS_EXIT_EXTENDED, block);
}
