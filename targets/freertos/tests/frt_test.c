/* frt_test.c - the FreeRTOS tests' shared harness (frt_test.h): kernel
 * hooks that fail the test, the relay's vector, the watchdog task. */
#include "frt_test.h"

#include <stdio.h>

#include "pinq_cortex_m.h"
#include "pinq_freertos_cm.h"
#include "semihost.h"

void frt_assert_failed(const char *file, int line)
{
    printf("FreeRTOS assertion failed: %s:%d\n", file, line);
    pinq_cm_exit(4);
}

void vApplicationStackOverflowHook(TaskHandle_t task, char *name);
void vApplicationStackOverflowHook(TaskHandle_t task, char *name)
{
    (void)task;
    printf("stack overflow in task %s\n", name);
    pinq_cm_exit(5);
}

void vApplicationMallocFailedHook(void);
void vApplicationMallocFailedHook(void)
{
    pinq_cm_puts("FreeRTOS heap exhausted\n");
    pinq_cm_exit(6);
}

volatile uint32_t frt_relay_runs;

void board_soft1_isr(void)
{
    frt_relay_runs++;
    pinq_freertos_cm_relay_isr();
}

void frt_task(TaskFunction_t fn, const char *name, uint32_t words, UBaseType_t prio, void *arg)
{
    if (xTaskCreate(fn, name, words, arg, prio, NULL) != pdPASS) {
        printf("cannot create task %s\n", name);
        pinq_cm_exit(6);
    }
}

static uint32_t (*wd_progress)(void);
static void (*wd_report)(void);
static uint32_t wd_period_ms;

static void watchdog(void *arg)
{
    (void)arg;
    uint32_t last = wd_progress();
    for (;;) {
        vTaskDelay(pdMS_TO_TICKS(wd_period_ms));
        uint32_t now = wd_progress();
        if (now == last) {
            printf("watchdog: no progress in %lu ms (at %lu): a lost wake-up?\n", (unsigned long)wd_period_ms,
                   (unsigned long)now);
            if (wd_report)
                wd_report();
            pinq_cm_exit(3);
        }
        last = now;
    }
}

void frt_watchdog(uint32_t period_ms, uint32_t (*progress)(void), void (*report)(void))
{
    wd_progress = progress;
    wd_report = report;
    wd_period_ms = period_ms;
    frt_task(watchdog, "wdog", configMINIMAL_STACK_SIZE * 4, FRT_PRIO_WATCHDOG, NULL);
}

_Noreturn void frt_start(void)
{
    if (pinq_freertos_cm_init(FRT_RELAY_IRQ) != 0) {
        printf("pinq_freertos_cm_init refused the relay\n");
        pinq_cm_exit(7);
    }
    vTaskStartScheduler();
    printf("the scheduler did not start\n");
    pinq_cm_exit(8);
}

_Noreturn void frt_finish(bool ok)
{
    fflush(stdout);
    pinq_cm_exit(ok ? 0 : 1);
}

void frt_irq(unsigned irqn, uint8_t prio)
{
    if (pinq_freertos_cm_irq_setup(irqn, prio) != 0) {
        printf("pinq refused interrupt %u at priority 0x%02x\n", irqn, prio);
        pinq_cm_exit(7);
    }
}
