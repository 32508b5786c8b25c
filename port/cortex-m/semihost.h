/* semihost.h - semihosting console and exit for target tests and demos. */
#ifndef PINQ_SEMIHOST_H
#define PINQ_SEMIHOST_H

#include <stddef.h>

void pinq_cm_puts(const char *s);
void pinq_cm_write(const char *buf, size_t len);
_Noreturn void pinq_cm_exit(int code);

#endif
