/* pinq_freertos.h - the FreeRTOS port: pinq's blocking consumer
 * (PINQ_CFG_WAKE=1) as a FreeRTOS task, woken by task notifications.
 *
 * pinq_port_freertos.c is plain FreeRTOS API (any FreeRTOS port, ESP-IDF's
 * included); the few things only the CPU knows are the hooks below, which
 * a CPU port implements (pinq_freertos_cm.c for Cortex-M). Build the core
 * and every file that includes pinq with -DPINQ_CFG_WAKE=1.
 *
 * What the port does for pinq's hooks (include/pinq.h, "blocking
 * consumers"):
 *   pinq_port_waiter()  the calling task's handle (xTaskGetCurrentTaskHandle);
 *                       it also enters the task in the relay table (below).
 *   pinq_port_block()   ulTaskNotifyTakeIndexed(PINQ_FREERTOS_NOTIFY_INDEX,
 *                       pdTRUE, ticks): timeout rounded up to whole ticks,
 *                       PINQ_WAIT_FOREVER -> portMAX_DELAY.
 *   pinq_port_wake()    by calling context (pinq_freertos_context()):
 *     task              xTaskNotifyGiveIndexed
 *     ISR               vTaskNotifyGiveIndexedFromISR + portYIELD_FROM_ISR
 *     urgent ISR        no FreeRTOS call at all: marks the waiter in the
 *                       relay table and pends the relay interrupt
 *                       (pinq_freertos_relay), whose handler gives the
 *                       notification (pinq_freertos_relay_run).
 *
 * The notification index. pinq blocks on its own index of the task's
 * notification array, so that the application's notifications (index 0,
 * which stream and message buffers also use) never end pinq's wait early
 * and pinq's wakes never satisfy the application's ulTaskNotifyTake. A
 * consumer task must not use PINQ_FREERTOS_NOTIFY_INDEX for anything else.
 *
 * The relay table. Urgent interrupts cannot name a task to FreeRTOS, so
 * the relay handler must find the task later. Every consumer task enters
 * itself, once, in a fixed table of PINQ_FREERTOS_MAX_WAITERS handles the
 * first time it waits (task context, compare-and-swap: lock-free); an
 * urgent producer sets the pending bit of its waiter's entry (one atomic
 * OR) and pends the relay; the relay handler takes all pending bits at
 * once (one atomic exchange) and gives each marked task its notification.
 * A waiter is in the table at most once, and marking it twice before the
 * relay runs gives one notification, which is enough: the consumer looks
 * at the whole queue when it wakes. If the table is full when a consumer
 * first waits, that consumer is not entered: it never sleeps longer than
 * PINQ_FREERTOS_POLL_TICKS at a time (pinq then looks again), so an urgent
 * wake reaches it at most that late and none is lost; each such block is
 * counted (pinq_freertos_relay_misses()). An entry stays for the life of
 * the program (a task created later at the same address reuses it).
 *
 * Priority bands on Cortex-M (values: lower is more urgent; see
 * pinq_freertos_cm.c and docs/port-freertos.md):
 *   0 .. PINQ_CM_BASEPRI-1            never masked; must not call pinq
 *                                     (pinq_cm_irq_setup refuses) nor FreeRTOS
 *   PINQ_CM_BASEPRI ..                may post to pinq (pinq's sections mask
 *     configMAX_SYSCALL_INTERRUPT_PRIORITY-1   them); the wake is relayed
 *   configMAX_SYSCALL_INTERRUPT_PRIORITY ..   may post to pinq and call
 *     lowest                          FreeRTOS ...FromISR: woken directly
 */
#ifndef PINQ_FREERTOS_H
#define PINQ_FREERTOS_H

#include "pinq.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef PINQ_FREERTOS_NOTIFY_INDEX
/* pinq's index in each consumer task's notification array; needs
 * configTASK_NOTIFICATION_ARRAY_ENTRIES > this (checked at compile time). */
#define PINQ_FREERTOS_NOTIFY_INDEX 1
#endif
#ifndef PINQ_FREERTOS_MAX_WAITERS
/* Consumer tasks the relay can name (1..32): a pointer each of RAM, and an
 * urgent producer compares at most this many to find its waiter. */
#define PINQ_FREERTOS_MAX_WAITERS 4
#endif
#ifndef PINQ_FREERTOS_POLL_TICKS
/* The longest block of a consumer the relay table had no room for. */
#define PINQ_FREERTOS_POLL_TICKS 1
#endif

/* ---- CPU hooks: implemented by the CPU port (pinq_freertos_cm.c) ------- */

enum {
    PINQ_FREERTOS_TASK = 0,      /* task context (or before the scheduler runs) */
    PINQ_FREERTOS_ISR = 1,       /* an interrupt allowed to call FreeRTOS's ...FromISR */
    PINQ_FREERTOS_ISR_URGENT = 2 /* an interrupt above configMAX_SYSCALL_INTERRUPT_PRIORITY:
                                  * it may post to pinq but must not call FreeRTOS */
};

/* Which of the three the caller is. Any context; no side effect. */
int pinq_freertos_context(void);

/* Pend the relay interrupt, whose handler calls pinq_freertos_relay_run().
 * Called from an urgent interrupt after it marked `waiter` in the relay
 * table; must not call FreeRTOS. The relay interrupt runs at a priority
 * allowed to call FreeRTOS (configKERNEL_INTERRUPT_PRIORITY on Cortex-M)
 * and so after every urgent handler has returned. */
void pinq_freertos_relay(void *waiter);

/* ---- the generic part (pinq_port_freertos.c) ---------------------------- */

/* The relay interrupt's work: gives the notification to every waiter
 * marked since the last run, then portYIELD_FROM_ISR. Call it from the
 * relay interrupt's handler only (an interrupt allowed to call FreeRTOS). */
void pinq_freertos_relay_run(void);

/* Blocks of consumers the relay table had no room for (they polled every
 * PINQ_FREERTOS_POLL_TICKS instead; 0 when PINQ_FREERTOS_MAX_WAITERS is
 * large enough). Any context. */
uint32_t pinq_freertos_relay_misses(void);

#ifdef __cplusplus
}
#endif

#endif /* PINQ_FREERTOS_H */
