/* test_frt_latency.c - wake-up latency in instructions (-icount
 * shift=10,sleep=off: the 25 MHz port clock advances 25.6 ticks per
 * instruction), from the pin ISR's first instruction to the consumer task
 * running after its blocking read returned, pinq against FreeRTOS's own
 * queue in the same firmware run:
 *   pinq          ISR (0x80) pinq_isr_post -> task in pinq_pop(PINQ_WAIT_FOREVER)
 *   pinq relayed  ISR (0x30, above configMAX_SYSCALL) pinq_isr_post -> relay
 *                 interrupt (0xE0) -> task in pinq_pop
 *   FreeRTOS      ISR (0x80) xQueueSendFromISR of a 16-byte item +
 *                 portYIELD_FROM_ISR -> task in xQueueReceive(portMAX_DELAY)
 * Each ISR reads the clock first; the task reads it when its read returns.
 * A driver task at the lowest priority pends the ISR by software (the
 * interrupts' timers stay stopped), so the consumer is blocked every time.
 * Reported: median and minimum of REPS (and the median spent in the ISR
 * itself, up to its return), less the cost of two back-to-back
 * clock reads; hardware exception entry is not counted (12 cycles on
 * silicon). Fails if an event goes missing or a median is out of reason. */
#include <stdio.h>
#include <stdlib.h>

#include "frt_test.h"
#include "pinq_board_clock.h"
#include "pinq_isr.h"
#include "queue.h"

#define REPS 301
#define PINQ_IRQ BOARD_SOFT0_IRQ
#define URGENT_IRQ BOARD_TIMER1_IRQ
#define FREERTOS_IRQ BOARD_TIMER0_IRQ

static const pinq_line_cfg_t lines[1] = {{.trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, 1, 8, PINQ_MPSC, PINQ_DROP_NEWEST);
static QueueHandle_t fq;
static volatile uint32_t t_isr, t_isr_end, got;
static uint32_t level, lat[REPS], in_isr[REPS];
static uint8_t item[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

void board_soft0_isr(void)
{
    t_isr = pinq_board_clock_stamp();
    pinq_isr_post(&q, 0, (int)(level ^= 1u));
    t_isr_end = pinq_board_clock_stamp();
}

void board_timer1_isr(void)
{
    t_isr = pinq_board_clock_stamp();
    pinq_isr_post(&q, 0, (int)(level ^= 1u));
    t_isr_end = pinq_board_clock_stamp();
}

void board_timer0_isr(void)
{
    t_isr = pinq_board_clock_stamp();
    BaseType_t woken = pdFALSE;
    xQueueSendFromISR(fq, item, &woken);
    portYIELD_FROM_ISR(woken);
    t_isr_end = pinq_board_clock_stamp();
}

static void record(uint32_t t)
{
    if (got < REPS) {
        lat[got] = t - t_isr;
        in_isr[got] = t_isr_end - t_isr;
    }
    got++;
}

static void pinq_consumer(void *arg)
{
    (void)arg;
    pinq_event_t ev;
    for (;;) {
        if (pinq_pop(&q, &ev, PINQ_WAIT_FOREVER) == 1)
            record(pinq_board_clock_stamp());
    }
}

static void freertos_consumer(void *arg)
{
    (void)arg;
    uint8_t buf[16];
    for (;;) {
        if (xQueueReceive(fq, buf, portMAX_DELAY) == pdTRUE)
            record(pinq_board_clock_stamp());
    }
}

static int by_value(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* REPS wake-ups through `irqn`; median and minimum in instructions. */
static bool measure(const char *what, unsigned irqn, uint32_t bracket, double *median)
{
    got = 0;
    for (uint32_t i = 0; i < REPS; i++) {
        pinq_cm_irq_pend(irqn); /* the consumer runs before this task does again */
        if (got != i + 1) {
            printf("%s: wake-up %lu did not reach the consumer\n", what, (unsigned long)i);
            return false;
        }
    }
    qsort(lat, REPS, sizeof lat[0], by_value);
    qsort(in_isr, REPS, sizeof in_isr[0], by_value);
    double per = board_cpu_hz() * 1024e-9; /* clock ticks per instruction */
    *median = (lat[REPS / 2] - bracket) / per;
    printf("  %-60s median %6.1f  min %6.1f  (in the ISR %5.1f)\n", what, *median, (lat[0] - bracket) / per,
           (in_isr[REPS / 2] - bracket) / per);
    return true;
}

static void driver(void *arg)
{
    (void)arg;
    uint32_t a = pinq_board_clock_stamp(), b = pinq_board_clock_stamp();
    uint32_t bracket = b - a;
    double m[3];
    printf("test_frt_latency on %s: ISR entry -> consumer task running, instructions (-icount shift=10)\n",
#if defined(__ARM_PCS_VFP)
           "Cortex-M4F (hard float, ARM_CM4F)"
#elif defined(__ARM_ARCH_7EM__)
           "Cortex-M4"
#else
           "Cortex-M3"
#endif
    );
    bool ok = measure("pinq: pinq_isr_post (0x80) -> pinq_pop returns", PINQ_IRQ, bracket, &m[0]) &&
              measure("pinq relayed: pinq_isr_post (0x30) -> relay (0xE0) -> pinq_pop", URGENT_IRQ, bracket,
                      &m[1]) &&
              measure("FreeRTOS: xQueueSendFromISR (0x80) -> xQueueReceive returns", FREERTOS_IRQ, bracket, &m[2]);
    if (ok)
        printf("  FreeRTOS queue / pinq: %.2fx; relay adds %.1f\n", m[2] / m[0], m[1] - m[0]);
    /* out of reason: a wake-up that waited for a tick or a timeout */
    for (unsigned i = 0; ok && i < 3; i++)
        ok = m[i] > 0 && m[i] < 3000;
    printf("test_frt_latency: %s\n", ok ? "ok" : "FAILED");
    frt_finish(ok);
}

int main(void)
{
    fq = xQueueCreate(8, sizeof item);
    if (!fq || pinq_init(&q, &q_cfg) != PINQ_OK)
        return 2;
    frt_irq(PINQ_IRQ, 0x80);
    frt_irq(URGENT_IRQ, 0x30);
    frt_irq(FREERTOS_IRQ, 0x80);
    frt_task(pinq_consumer, "pinq", 512, 3, NULL);
    frt_task(freertos_consumer, "frtq", 512, 3, NULL);
    frt_task(driver, "driver", 1024, 1, NULL);
    frt_start();
}
