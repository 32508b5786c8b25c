/* pinq_posix.h - POSIX host port: signals as interrupts.
 *
 * A line bound to a signal is a genuine asynchronous interrupt: the signal
 * handler only timestamps (CLOCK_MONOTONIC, async-signal-safe), posts and
 * returns. Port ticks are nanoseconds. pinq_irq_save() blocks every bound
 * signal in the calling thread; bind lines before starting other threads,
 * or block the bound signals in them, so the signals reach the thread
 * that runs pinq_wait()/pinq_dispatch().
 */
#ifndef PINQ_POSIX_H
#define PINQ_POSIX_H

#include "pinq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bind `line` to signal `signo` (SIGUSR1, SIGUSR2, SIGRTMIN..SIGRTMAX).
 * Each delivery is one edge. Its level is sival_int & 1 when sent with
 * sigqueue(), otherwise the line's level toggles. One line per signal.
 * PINQ_EINVAL for a bad signal or line, PINQ_ESYS if sigaction fails. */
int pinq_posix_bind_signal(pinq_t *q, uint16_t line, int signo);

/* Bind `line` to readiness of `fd` (pipe, socket, tty, character device):
 * O_ASYNC with F_SETSIG(signo), so `signo` (a real-time signal) arrives
 * when data does. The handler drains the fd; each byte read is one edge
 * with level = byte & 1. fd is made non-blocking. */
int pinq_posix_bind_fd(pinq_t *q, uint16_t line, int fd, int signo);

/* Undo a binding: default disposition, signal unblocked, fd left open. */
int pinq_posix_unbind(int signo);

/* A pinq_line_cfg.read for polled lines backed by a file holding '0' or
 * '1' (sysfs GPIO value, a test file): ctx points to an int fd. */
int pinq_posix_read_fd(void *ctx);

#ifdef __cplusplus
}
#endif

#endif
