/* semihost.h - semihosting console, exit and host files for target tests
 * and demos. */
#ifndef PINQ_SEMIHOST_H
#define PINQ_SEMIHOST_H

#include <stddef.h>

void pinq_cm_puts(const char *s);
void pinq_cm_write(const char *buf, size_t len);
_Noreturn void pinq_cm_exit(int code);

/* A file on the host (QEMU target=native: a path relative to QEMU's working
 * directory, or absolute). open: created or truncated for binary writing,
 * returns a handle >= 0 or -1. write: 0 when all len bytes were written.
 * close: 0 on success. */
int pinq_cm_file_open(const char *path);
int pinq_cm_file_write(int fd, const void *buf, size_t len);
int pinq_cm_file_close(int fd);

#endif
