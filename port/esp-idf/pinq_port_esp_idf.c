/* pinq_port_esp_idf.c - pinq's port hooks on ESP-IDF: esp_timer time,
 * portMUX critical sections, the debug context check, and the CPU hooks
 * of the FreeRTOS port (port/freertos) that wakes the blocked consumer.
 * Line masking is in pinq_esp_gpio.c, beside the pins it masks.
 *
 * Everything an ISR reaches is IRAM_ATTR: the GPIO ISR service runs with
 * ESP_INTR_FLAG_IRAM (CONFIG_PINQ_IN_IRAM), when the flash cache may be
 * off. Contract: pinq_esp_idf.h. */
#include "esp_attr.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"

#include "pinq.h"
#include "pinq_esp_idf.h"
#include "pinq_freertos.h"

#if !PINQ_CFG_WAKE
#error "the ESP-IDF port's consumer is a FreeRTOS task: build pinq and its users with -DPINQ_CFG_WAKE=1"
#endif

pinq_ticks_t IRAM_ATTR pinq_port_now(void)
{
    return (pinq_ticks_t)esp_timer_get_time();
}

uint32_t pinq_port_ticks_per_sec(void)
{
    return 1000000u;
}

/* One lock for all of pinq: its sections are a few instructions long,
 * and one lock is what makes a section exclude the other core too. */
static portMUX_TYPE pinq_mux = portMUX_INITIALIZER_UNLOCKED;

/* _SAFE: pinq masks from tasks and from ISRs (a storm trip), and
 * ESP-IDF's compliance checks want the variant that matches the context.
 * The spinlock and the kernel's per-core count both nest. */
pinq_irqstate_t IRAM_ATTR pinq_irq_save(void)
{
    portENTER_CRITICAL_SAFE(&pinq_mux);
    return 0;
}

void IRAM_ATTR pinq_irq_restore(pinq_irqstate_t state)
{
    (void)state;
    portEXIT_CRITICAL_SAFE(&pinq_mux);
}

bool IRAM_ATTR pinq_port_in_isr(void)
{
    return xPortInIsrContext();
}

/* Only interrupts FreeRTOS manages run C code that can reach pinq: on
 * Xtensa, levels 4-7 are assembly handlers; on RISC-V, a handler above
 * RVHAL_EXCM_LEVEL is not masked by pinq_irq_save(), so it may not post
 * (pinq.h: every producer is masked by the consumer's sections). Every
 * interrupt context that may post is therefore one that may call
 * ...FromISR, and none needs the relay. */
int IRAM_ATTR pinq_freertos_context(void)
{
    return xPortInIsrContext() ? PINQ_FREERTOS_ISR : PINQ_FREERTOS_TASK;
}

/* Never called, since pinq_freertos_context() never says urgent. A
 * relay would need a software interrupt of its own, and ESP-IDF keeps
 * the cross-core ones (FROM_CPU_INTR) for itself. */
void IRAM_ATTR pinq_freertos_relay(void *waiter)
{
    (void)waiter;
#if PINQ_DEBUG
    pinq_debug_violation("ESP-IDF: no relay; an interrupt above the kernel's level posted");
#endif
}
