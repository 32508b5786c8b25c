/* newlib_syscalls.c - the system calls newlib's stdio needs on a bare
 * target: output to the semihosting console, exit through semihosting, a
 * heap between .bss and the stack (the test harness's printf only; the
 * core never allocates). */
#include <errno.h>
#include <stddef.h>
#include <sys/stat.h>

#include "semihost.h"

extern char __heap_start[], __heap_end[];

int _write(int fd, const char *buf, int len);
int _read(int fd, char *buf, int len);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
int _lseek(int fd, int off, int whence);
void *_sbrk(ptrdiff_t incr);
int _kill(int pid, int sig);
int _getpid(void);
_Noreturn void _exit(int code);

int _write(int fd, const char *buf, int len)
{
    (void)fd;
    pinq_cm_write(buf, (size_t)len);
    return len;
}

int _read(int fd, char *buf, int len)
{
    (void)fd;
    (void)buf;
    (void)len;
    return 0;
}

int _close(int fd)
{
    (void)fd;
    return -1;
}

int _fstat(int fd, struct stat *st)
{
    (void)fd;
    st->st_mode = S_IFCHR;
    return 0;
}

int _isatty(int fd)
{
    (void)fd;
    return 1; /* line-buffered stdout: output interleaves in order */
}

int _lseek(int fd, int off, int whence)
{
    (void)fd;
    (void)off;
    (void)whence;
    return 0;
}

void *_sbrk(ptrdiff_t incr)
{
    static char *brk = __heap_start;
    if (incr > __heap_end - brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    char *old = brk;
    brk += incr;
    return old;
}

int _kill(int pid, int sig)
{
    (void)pid;
    (void)sig;
    errno = EINVAL;
    return -1;
}

int _getpid(void)
{
    return 1;
}

void _exit(int code)
{
    pinq_cm_exit(code);
}
