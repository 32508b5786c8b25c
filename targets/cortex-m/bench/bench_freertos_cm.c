/* bench_freertos_cm.c - FreeRTOS's side of bench_isr_cm: the ISR a
 * FreeRTOS application writes to hand a 16-byte item to a task
 * (xQueueSendFromISR, no task waiting, then portYIELD_FROM_ISR), and the
 * send alone. Built against the unmodified kernel extracted at build time. */
#include "FreeRTOS.h"
#include "queue.h"

#include "bench_cm.h"

static QueueHandle_t queue;
static uint8_t item[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

void freertos_isr(void)
{
    BaseType_t woken = pdFALSE;
    xQueueSendFromISR(queue, item, &woken);
    portYIELD_FROM_ISR(woken);
}

void freertos_send(void)
{
    BaseType_t woken = pdFALSE;
    xQueueSendFromISR(queue, item, &woken);
}

/* outside the measured bracket: keep the queue empty */
void freertos_drain(void)
{
    uint8_t out[16];
    BaseType_t woken = pdFALSE;
    while (xQueueReceiveFromISR(queue, out, &woken) == pdTRUE) {
    }
}

int freertos_init(void)
{
    queue = xQueueCreate(8, sizeof item);
    return queue != NULL;
}
