/* pinq_port_esp32.c - pinq's port hooks on ESP32 (ESP-IDF, FreeRTOS), as
 * the MicroPython module needs them.
 *
 * Time: esp_timer, 1 MHz, 64 bits. Critical sections mask this core's
 * interrupts up to the kernel's level: GPIO handlers run on the core that
 * installed the ISR service, MicroPython's, so masking there is enough;
 * the ring is MPSC anyway. Line masking is left to the core, which
 * refuses a disabled line's events (the module arms no storm trip).
 * pinq_port_wait is not used by the module (MicroPython's loop does the
 * waiting) and returns at once, which pinq_wait treats as a wake-up. */
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"

#include "pinq.h"

pinq_ticks_t pinq_port_now(void)
{
    return (pinq_ticks_t)esp_timer_get_time();
}

uint32_t pinq_port_ticks_per_sec(void)
{
    return 1000000u;
}

void pinq_port_line_enable(pinq_t *q, uint16_t line, bool on)
{
    (void)q;
    (void)line;
    (void)on;
}

pinq_irqstate_t pinq_irq_save(void)
{
    return (pinq_irqstate_t)portSET_INTERRUPT_MASK_FROM_ISR();
}

void pinq_irq_restore(pinq_irqstate_t state)
{
    portCLEAR_INTERRUPT_MASK_FROM_ISR((UBaseType_t)state);
}

void pinq_port_wait(uint32_t timeout_ms)
{
    (void)timeout_ms;
}

bool pinq_port_in_isr(void)
{
    return xPortInIsrContext();
}
