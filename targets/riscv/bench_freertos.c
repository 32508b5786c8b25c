/* bench_freertos.c - FreeRTOS's side of bench_isr: xQueueSendFromISR of a
 * 16-byte item with no task waiting, alone and inside an ISR body, timed
 * by the same harness (bench_harness.h) in the same run as pinq. */
#include "FreeRTOS.h"
#include "queue.h"

#include "bench_harness.h"

#define QLEN 2048

/* xQueueSendFromISR is a macro over this function */
BaseType_t stub_send(QueueHandle_t q, const void *item, BaseType_t *woken, BaseType_t pos) __asm__("ret_stub_send");

static QueueHandle_t queue;
static const uint8_t item[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static BaseType_t (*volatile send_fn)(QueueHandle_t, const void *, BaseType_t *, BaseType_t);

/* The ISR body a FreeRTOS application writes. */
static void __attribute__((noinline)) freertos_isr(void)
{
    BaseType_t woken = pdFALSE;
    xQueueSendFromISR(queue, item, &woken);
    portYIELD_FROM_ISR(woken);
}

static uint32_t send_delta(void)
{
    BaseType_t woken = pdFALSE;
    uint32_t i0 = bench_instret();
    send_fn(queue, item, &woken, queueSEND_TO_BACK);
    return bench_instret() - i0;
}

int freertos_bench_init(void)
{
    queue = xQueueCreate(QLEN, sizeof item);
    return queue != NULL;
}

void freertos_bench(struct bench_result *send, struct bench_result *isr)
{
    send_fn = stub_send;
    uint64_t base = bench_sum(send_delta);
    send_fn = xQueueGenericSendFromISR;
    *send = bench_result(bench_sum(send_delta), base);
    *isr = bench_call(freertos_isr);
    xQueueReset(queue);
}
