/* footprint_freertos.c - the peer of footprint_app.c, linked only to
 * measure what FreeRTOS's kernel costs a program doing the same job the
 * way a FreeRTOS application does it: the pin ISR sends a 16-byte event
 * with xQueueSendFromISR, and a task blocks in xQueueReceive and consumes
 * it. Only the kernel's own symbols are counted (queue, list, tasks,
 * heap_4), not its port: pinq's port is not counted either. The kernel is
 * the unmodified upstream extracted at build time; the image is never run. */
#include "FreeRTOS.h"
#include "queue.h"
#include "task.h"

typedef struct {
    uint32_t ts_lo, ts_hi, seq, tag;
} event_t; /* pinq_event_t's size */

static QueueHandle_t queue;
static volatile uint32_t pins, seen;

void footprint_isr(void);
void footprint_isr(void)
{
    event_t ev = {.ts_lo = xTaskGetTickCountFromISR(), .tag = pins & 1u};
    BaseType_t woken = pdFALSE;
    xQueueSendFromISR(queue, &ev, &woken);
    portYIELD_FROM_ISR(woken);
}

static void consumer(void *arg)
{
    (void)arg;
    event_t ev;
    for (;;)
        if (xQueueReceive(queue, &ev, portMAX_DELAY) == pdTRUE)
            seen += ev.tag;
}

int main(void)
{
    queue = xQueueCreate(16, sizeof(event_t));
    if (!queue || xTaskCreate(consumer, "c", configMINIMAL_STACK_SIZE, NULL, 1, NULL) != pdPASS)
        return 1;
    vTaskStartScheduler();
    return 1;
}

void _start(void);
void _start(void)
{
    main();
}
