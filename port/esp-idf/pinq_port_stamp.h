/* pinq_port_stamp.h - ESP-IDF port: what the core inlines from its port.
 *
 * The ISR stamp is esp_timer_get_time(): 64-bit microseconds from the
 * system timer, the same clock as pinq_port_now(), so rings keep full
 * timestamps (no 32-bit restore, no PINQ_FLAG_TS_UNSURE). Not the CPU's
 * cycle counter: dynamic frequency scaling (CONFIG_PM_ENABLE) changes its
 * rate, light sleep stops it, and on the dual-core ESP32 each core has its
 * own, unsynchronised, so a stamp taken on one core could not be extended
 * against a reading on the other. esp_timer_get_time() is in IRAM.
 *
 * PINQ_SINGLE_CORE follows FreeRTOS: 1 on single-core builds (ESP32-C3,
 * CONFIG_FREERTOS_UNICORE), where every producer is an interrupt on the
 * consumer's own core; 0 on the dual-core ESP32, where the core keeps
 * real fences. */
#ifndef PINQ_PORT_STAMP_H
#define PINQ_PORT_STAMP_H

#include "esp_timer.h"
#include "sdkconfig.h"

#include "pinq.h"

#define PINQ_PORT_STAMP_BITS 64
#ifndef PINQ_SINGLE_CORE
#ifdef CONFIG_FREERTOS_UNICORE
#define PINQ_SINGLE_CORE 1
#else
#define PINQ_SINGLE_CORE 0
#endif
#endif

static inline pinq_ticks_t pinq_port_stamp(void)
{
    return (pinq_ticks_t)esp_timer_get_time();
}

#endif
