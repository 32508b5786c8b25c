/* semihost.c - Arm semihosting: console output, the exit code, and files
 * written on the host (trace dumps).
 *
 * Under QEMU (-semihosting-config enable=on,target=native) SYS_WRITE0 text
 * goes to QEMU's stderr, and SYS_EXIT_EXTENDED makes QEMU exit with the
 * given status: that is how a test on the target passes or fails.
 * On real hardware without a debugger, BKPT would fault: tests only. */
#include "semihost.h"

#include <string.h>

#define SYS_OPEN 0x01
#define SYS_CLOSE 0x02
#define SYS_WRITE0 0x04
#define SYS_WRITE 0x05
#define SH_MODE_WB 5 /* fopen()'s "wb" in the semihosting mode table */
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static int sh_call(int op, const void *arg)
{
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void pinq_cm_puts(const char *s)
{
    sh_call(SYS_WRITE0, s);
}

void pinq_cm_write(const char *buf, size_t len)
{
    char chunk[65]; /* SYS_WRITE0 needs a terminated string */
    while (len > 0) {
        size_t n = len < 64 ? len : 64;
        memcpy(chunk, buf, n);
        chunk[n] = '\0';
        pinq_cm_puts(chunk);
        buf += n;
        len -= n;
    }
}

void pinq_cm_exit(int code)
{
    const unsigned int block[2] = {ADP_STOPPED_APPLICATION_EXIT, (unsigned int)code};
    for (;;)
        sh_call(SYS_EXIT_EXTENDED, block);
}

int pinq_cm_file_open(const char *path)
{
    const unsigned int block[3] = {(unsigned int)path, SH_MODE_WB, (unsigned int)strlen(path)};
    return sh_call(SYS_OPEN, block);
}

int pinq_cm_file_write(int fd, const void *buf, size_t len)
{
    const unsigned int block[3] = {(unsigned int)fd, (unsigned int)buf, (unsigned int)len};
    return sh_call(SYS_WRITE, block) == 0 ? 0 : -1; /* SYS_WRITE returns the bytes it did not write */
}

int pinq_cm_file_close(int fd)
{
    const unsigned int block[1] = {(unsigned int)fd};
    return sh_call(SYS_CLOSE, block);
}
