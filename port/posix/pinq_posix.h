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
 * sigqueue(), otherwise the line's level toggles. One line per signal;
 * the binding is the signal's and names its queue, so lines of several
 * pinq_t in one program may have the same numbers.
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

/* Wake-only signal: `signo` is blocked in the calling thread (create other
 * threads afterwards, or block it there) and pinq_port_wait() also waits
 * for it, running fn(signo) when it arrives; it posts nothing. A signal
 * that fires while the main loop is busy stays pending, so the next
 * pinq_wait() returns at once: no wake-up is lost. pinq_posix_unbind()
 * undoes it. */
typedef void (*pinq_posix_wake_fn)(int signo);
int pinq_posix_bind_wake(int signo, pinq_posix_wake_fn fn);

/* One-shot timer for the input engine's low-power mode
 * (pinq_input_cfg.arm = pinq_posix_oneshot_arm): a POSIX timer on
 * CLOCK_MONOTONIC that sends the real-time signal `signo`, bound with
 * pinq_posix_bind_wake(), so it ends pinq_wait(q, PINQ_WAIT_FOREVER).
 * Main loop: pinq_wait(); if pinq_posix_oneshot_fired(), tick the engine
 * (pinq_input_dispatch does both). One timer per process.
 * PINQ_EINVAL for a signal outside SIGRTMIN..SIGRTMAX, PINQ_ESYS if
 * timer_create fails. */
int pinq_posix_oneshot_init(int signo);
/* Arm for the absolute `deadline` in port ticks (CLOCK_MONOTONIC ns),
 * replacing any earlier one; a deadline already past fires at once. */
void pinq_posix_oneshot_arm(void *ctx, pinq_ticks_t deadline);
/* True once after each expiry (test-and-clear). */
bool pinq_posix_oneshot_fired(void);
/* Expiries delivered so far (wake-ups caused by the timer). */
uint32_t pinq_posix_oneshot_count(void);
/* Delete the timer and unbind its signal. */
void pinq_posix_oneshot_deinit(void);

/* The PINQ_CFG_WAKE build of the host library (pinq_posix_wake) only:
 * how many times the calling thread has blocked in pinq_port_block(),
 * for tests that must tell a blocked consumer from a spinning one. */
uint32_t pinq_posix_wake_blocks(void);
/* ... and how many of those blocks ran their whole timeout. */
uint32_t pinq_posix_wake_timeouts(void);

#ifdef __cplusplus
}
#endif

#endif
