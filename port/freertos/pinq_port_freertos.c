/* pinq_port_freertos.c - pinq's blocking-consumer hooks (PINQ_CFG_WAKE=1)
 * on FreeRTOS, with the FreeRTOS API only: task notifications on a
 * dedicated index, and the relay table through which interrupts too urgent
 * for FreeRTOS wake a task. The CPU-specific part is behind
 * pinq_freertos.h's hooks. Contract: pinq_freertos.h. */
#include "pinq_freertos.h"

#include <stdatomic.h>

#if defined(ESP_PLATFORM) /* ESP-IDF keeps the kernel's headers under freertos/ */
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#else
#include "FreeRTOS.h"
#include "task.h"
#endif

#if !PINQ_CFG_WAKE
#error "the FreeRTOS port blocks the consumer: build pinq and its users with -DPINQ_CFG_WAKE=1"
#endif
#if configTASK_NOTIFICATION_ARRAY_ENTRIES <= PINQ_FREERTOS_NOTIFY_INDEX
/* pinq must not share the application's index 0: a user's notification
 * would end pinq's block early, and pinq's wake would satisfy the user's
 * own ulTaskNotifyTake (stream and message buffers use index 0 too). */
#error "pinq needs configTASK_NOTIFICATION_ARRAY_ENTRIES > PINQ_FREERTOS_NOTIFY_INDEX (default 1: set it to 2)"
#endif
#if !INCLUDE_xTaskGetCurrentTaskHandle
#error "pinq names the waiting task with xTaskGetCurrentTaskHandle: set INCLUDE_xTaskGetCurrentTaskHandle 1"
#endif
_Static_assert(PINQ_FREERTOS_MAX_WAITERS >= 1 && PINQ_FREERTOS_MAX_WAITERS <= 32,
               "PINQ_FREERTOS_MAX_WAITERS: one pending bit each in a 32-bit word");

/* Consumer tasks, entered once and kept; bit k of `pending`: the relay owes
 * waiters[k] a notification. */
static _Atomic(void *) waiters[PINQ_FREERTOS_MAX_WAITERS];
static _Atomic uint32_t pending;
static _Atomic uint32_t misses;

/* The table index of `w`, or -1. */
static int waiter_index(void *w)
{
    for (int k = 0; k < PINQ_FREERTOS_MAX_WAITERS; k++)
        if (atomic_load(&waiters[k]) == w)
            return k;
    return -1;
}

/* The index of `w`, entered in a free entry if it is not there yet; -1
 * when the table is full. Two contexts entering the same task at once may
 * both succeed: it then has two entries, and is woken twice (harmless). */
static int waiter_enter(void *w)
{
    int k = waiter_index(w);
    for (int i = 0; k < 0 && i < PINQ_FREERTOS_MAX_WAITERS; i++) {
        void *empty = NULL;
        if (atomic_compare_exchange_strong(&waiters[i], &empty, w))
            k = i;
    }
    return k;
}

void *pinq_port_waiter(void)
{
    void *self = xTaskGetCurrentTaskHandle();
    (void)waiter_enter(self);
    return self;
}

/* Whole ticks for ms, rounded up; finite timeouts stay finite. */
static TickType_t ms_to_ticks(uint32_t ms)
{
    if (ms == PINQ_WAIT_FOREVER)
        return portMAX_DELAY;
    uint64_t t = ((uint64_t)ms * configTICK_RATE_HZ + 999u) / 1000u;
    return t >= portMAX_DELAY ? portMAX_DELAY - 1 : (TickType_t)t;
}

void pinq_port_block(pinq_t *q, uint32_t timeout_ms)
{
    (void)q;
    TickType_t ticks = ms_to_ticks(timeout_ms);
    if (ticks > PINQ_FREERTOS_POLL_TICKS && waiter_index(xTaskGetCurrentTaskHandle()) < 0) {
        ticks = PINQ_FREERTOS_POLL_TICKS; /* no relay can name us: look again soon */
        atomic_fetch_add(&misses, 1);
    }
    (void)ulTaskNotifyTakeIndexed(PINQ_FREERTOS_NOTIFY_INDEX, pdTRUE, ticks);
}

/* From an urgent interrupt: mark the waiter, let the relay give. A waiter
 * with no entry polls (pinq_port_block), so nothing is owed to it. */
static void wake_relayed(void *waiter)
{
    int k = waiter_enter(waiter);
    if (k < 0)
        return;
    atomic_fetch_or(&pending, UINT32_C(1) << k);
    pinq_freertos_relay(waiter);
}

void pinq_port_wake(pinq_t *q, void *waiter)
{
    (void)q;
    switch (pinq_freertos_context()) {
    case PINQ_FREERTOS_TASK:
        xTaskNotifyGiveIndexed((TaskHandle_t)waiter, PINQ_FREERTOS_NOTIFY_INDEX);
        break;
    case PINQ_FREERTOS_ISR: {
        BaseType_t woken = pdFALSE;
        vTaskNotifyGiveIndexedFromISR((TaskHandle_t)waiter, PINQ_FREERTOS_NOTIFY_INDEX, &woken);
        portYIELD_FROM_ISR(woken);
        break;
    }
    default:
        wake_relayed(waiter);
        break;
    }
}

void pinq_freertos_relay_run(void)
{
    uint32_t owed = atomic_exchange(&pending, 0);
    BaseType_t woken = pdFALSE;
    for (int k = 0; owed != 0; k++, owed >>= 1)
        if (owed & 1u)
            vTaskNotifyGiveIndexedFromISR((TaskHandle_t)atomic_load(&waiters[k]), PINQ_FREERTOS_NOTIFY_INDEX,
                                          &woken);
    portYIELD_FROM_ISR(woken);
}

uint32_t pinq_freertos_relay_misses(void)
{
    return atomic_load(&misses);
}
