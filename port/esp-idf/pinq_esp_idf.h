/* pinq_esp_idf.h - the ESP-IDF port's own API: GPIO pins bound to pinq
 * lines through the GPIO ISR service, a read helper for polled lines, and
 * the count of edges the port had to synthesize.
 *
 * Port contract (docs/port-esp-idf.md has the why of each):
 *   ESP-IDF   5.3 or later (the GPIO driver in esp_driver_gpio); older
 *             versions do not compile.
 *   time      pinq_port_now() and the ISR stamp: esp_timer_get_time(),
 *             64-bit microseconds, 1 000 000 ticks per second.
 *   masking   pinq_irq_save(): portENTER_CRITICAL_SAFE on one portMUX
 *             spinlock: masks this core's interrupts up to the kernel's
 *             level and excludes the other core's sections. ESP-IDF
 *             counts the nesting; the returned state carries nothing.
 *   consumer  PINQ_CFG_WAKE=1 only: the consumer is a task blocked in
 *             pinq_wait()/pinq_pop(), woken by port/freertos. GPIO ISRs
 *             (levels 1-3) wake it with ...FromISR calls directly.
 *             Interrupts above the kernel's level (Xtensa levels 4-7,
 *             RISC-V above RVHAL_EXCM_LEVEL) must not post: pinq's
 *             critical sections cannot mask them, so no relay is offered
 *             (pinq_freertos_relay() is a refusal; see the .c file).
 *   lines     pinq_esp_attach() binds (q, line) to a GPIO; the port's
 *             IRAM handler reads the pin and posts (pinq_isr_post).
 *             pinq_line_enable() and the storm guard mask the pin with
 *             gpio_intr_disable()/gpio_intr_enable().
 *   IRAM      with CONFIG_PINQ_IN_IRAM (default) the ISR service is
 *             installed with ESP_INTR_FLAG_IRAM and the whole post path
 *             is in IRAM (linker.lf): edges are taken while the flash
 *             cache is off. A line's hard handler then runs from IRAM
 *             context too: mark it IRAM_ATTR, and keep a line table that
 *             has one in DRAM (DRAM_ATTR), as the post path reads it.
 *   cores     dual-core ESP32: the ISR runs on the core that installed
 *             the GPIO ISR service (the first pinq_esp_attach() call).
 *             Use a PINQ_MPSC queue, or pin the consumer task to that
 *             core if the queue is PINQ_SPSC with a polled line (the
 *             poller masks only its own core).
 *
 * Missed edges (ESP32 errata GPIO-3.14, "Within the same group of GPIO
 * pins, edge interrupts cannot be used together with other interrupts":
 * a status write elsewhere in the group can swallow an edge interrupt).
 * A PINQ_TRIG_BOTH line reads the pin in its ISR; when the level equals
 * the one it posted last, the pin cannot have made one edge: an odd number
 * of edges in between went unseen (an interrupt lost to the errata, or a
 * pulse shorter than the interrupt latency). The port then posts the
 * opposite edge first, stamped like the real one, so the stream stays a
 * strict alternation of RISE and FALL, and counts it (pinq_esp_synthesized).
 * Nothing is lost without being counted: the consumer sees a zero-length
 * pulse where edges were missed, and the count says how many were made up.
 */
#ifndef PINQ_ESP_IDF_H
#define PINQ_ESP_IDF_H

#include <stdint.h>

#include "driver/gpio.h"
#include "esp_idf_version.h"
#include "sdkconfig.h"

#include "pinq.h"

#if ESP_IDF_VERSION < ESP_IDF_VERSION_VAL(5, 3, 0)
#error "pinq's ESP-IDF port needs ESP-IDF 5.3 or later (the GPIO driver in esp_driver_gpio)"
#endif

#ifdef __cplusplus
extern "C" {
#endif

#ifndef PINQ_ESP_MAX_PINS
#ifdef CONFIG_PINQ_MAX_PINS
#define PINQ_ESP_MAX_PINS CONFIG_PINQ_MAX_PINS
#else
/* Pins the port can bind, over all queues: 16 bytes of RAM each. */
#define PINQ_ESP_MAX_PINS 8
#endif
#endif

/* The queue defaults chosen in menuconfig (idf/pinq/Kconfig), for
 * PINQ_DEFINE(name, lines, n, CONFIG_PINQ_QUEUE_CAPACITY, PINQ_ESP_MODE,
 * PINQ_ESP_POLICY). */
#if defined(CONFIG_PINQ_MODE_MPSC)
#define PINQ_ESP_MODE PINQ_MPSC
#else
#define PINQ_ESP_MODE PINQ_SPSC
#endif
#if defined(CONFIG_PINQ_POLICY_DROP_OLDEST)
#define PINQ_ESP_POLICY PINQ_DROP_OLDEST
#elif defined(CONFIG_PINQ_POLICY_COALESCE)
#define PINQ_ESP_POLICY PINQ_COALESCE
#else
#define PINQ_ESP_POLICY PINQ_DROP_NEWEST
#endif

/* Bind `gpio` to (q, line), after pinq_init() and after the pin is
 * configured as an input (gpio_config): sets its interrupt type from the
 * line's trigger (RISING: positive edge, FALLING: negative edge, BOTH: any
 * edge), installs the GPIO ISR service if nobody has, adds the port's
 * handler and enables the pin's interrupt. Rebinding (q, line) moves it
 * to the new pin. Returns PINQ_OK; PINQ_EINVAL for a NULL q, a line out
 * of range or an invalid GPIO; PINQ_ENOTSUP for a polled or
 * level-triggered line (poll it: PINQ_SRC_POLL with pinq_esp_read);
 * PINQ_EFULL when PINQ_ESP_MAX_PINS pins are bound; PINQ_ESYS when the
 * GPIO driver refuses. Task context. */
int pinq_esp_attach(pinq_t *q, uint16_t line, gpio_num_t gpio);

/* A pinq_line_cfg.read for polled lines: the level of the GPIO given as
 * ctx, `(void *)(intptr_t)GPIO_NUM_x` (gpio_get_level; from the consumer,
 * not from an ISR). */
int pinq_esp_read(void *ctx);

/* Edges the port synthesized on (q, line) for missed ones (see above),
 * mod 2^32; 0 for a pair that is not bound. Any context. */
uint32_t pinq_esp_synthesized(const pinq_t *q, uint16_t line);

#ifdef __cplusplus
}
#endif

#endif
