/* pq_esp32_gpio.c - the ESP32 backend: GPIO interrupts into pinq.
 *
 * Each pinq.GPIO line (common/pq_src_gpio.c) has its own handler in ESP-IDF's GPIO ISR service,
 * the one MicroPython's machine.Pin uses too (installing it again is
 * harmless). The handler reads the pin, and pq_isr_edge() stamps
 * (esp_timer, microseconds), pushes and, at most once per batch, calls
 * mp_sched_schedule(), which MicroPython's ESP32 port makes ISR-safe.
 *
 * IRAM: the handler is IRAM_ATTR, but pinq's core is linked into flash,
 * so the service is installed without ESP_INTR_FLAG_IRAM (as machine.Pin
 * does): during a flash write the interrupt waits, latched, and is taken
 * when the cache is back; its timestamp is then late by that much.
 *
 * Compiled here only with host gcc -fsyntax-only against ESP-IDF's headers
 * (no Xtensa toolchain); never run. docs/micropython.md, "ESP32". */
#include "driver/gpio.h"
#include "esp_attr.h"
#include "esp_timer.h"

#include "pq_gpio.h"

static void IRAM_ATTR pq_gpio_isr(void *arg)
{
    pq_gpio_bind_t *b = arg;
    pq_isr_edge(b->core, b->line, gpio_get_level((gpio_num_t)b->pin), PQ_FROM_TASK);
}

int pq_backend_gpio_attach(pq_gpio_bind_t *b, int pull)
{
    if (!GPIO_IS_VALID_GPIO(b->pin))
        return PINQ_EINVAL;
    gpio_config_t io = {.pin_bit_mask = 1ULL << b->pin,
                        .mode = GPIO_MODE_INPUT,
                        .pull_up_en = pull == PQ_PULL_UP ? GPIO_PULLUP_ENABLE : GPIO_PULLUP_DISABLE,
                        .pull_down_en = pull == PQ_PULL_DOWN ? GPIO_PULLDOWN_ENABLE : GPIO_PULLDOWN_DISABLE,
                        .intr_type = GPIO_INTR_ANYEDGE};
    if (gpio_config(&io) != ESP_OK)
        return PINQ_EINVAL;
    esp_err_t err = gpio_install_isr_service(0);
    if (err != ESP_OK && err != ESP_ERR_INVALID_STATE) /* INVALID_STATE: already installed */
        return PINQ_ESYS;
    return gpio_isr_handler_add((gpio_num_t)b->pin, pq_gpio_isr, b) == ESP_OK ? PINQ_OK : PINQ_ESYS;
}

void pq_backend_gpio_detach(pq_gpio_bind_t *b)
{
    gpio_set_intr_type((gpio_num_t)b->pin, GPIO_INTR_DISABLE);
    gpio_isr_handler_remove((gpio_num_t)b->pin);
}

int pq_backend_gpio_level(const pq_gpio_bind_t *b)
{
    return gpio_get_level((gpio_num_t)b->pin);
}

/* ---- backend hooks ----------------------------------------------------------
 * The engine's deadlines: an esp_timer one-shot, dispatched from the
 * esp_timer task, which may call mp_sched_schedule() like any task. */

static void pq_timer_fired(void *core)
{
    pq_notify(core);
}

void pq_backend_init(pq_core_t *c)
{
    esp_timer_create_args_t args = {.callback = pq_timer_fired, .arg = c, .dispatch_method = ESP_TIMER_TASK,
                                    .name = "pinq"};
    if (esp_timer_create(&args, &c->be.timer) != ESP_OK)
        c->be.timer = NULL;
}

void pq_backend_close(pq_core_t *c)
{
    if (!c->be.timer)
        return;
    esp_timer_stop(c->be.timer);
    esp_timer_delete(c->be.timer);
    c->be.timer = NULL;
}

void pq_backend_arm(pq_core_t *c, pinq_ticks_t deadline)
{
    if (!c->be.timer)
        return;
    int64_t left = (int64_t)(deadline - pinq_port_now()); /* ticks are microseconds */
    esp_timer_stop(c->be.timer);                         /* ESP_ERR_INVALID_STATE if idle: fine */
    esp_timer_start_once(c->be.timer, left > 0 ? (uint64_t)left : 1u);
}

/* No signal handlers on ESP32: every context may notify directly. */
void pq_backend_kick(pq_core_t *c)
{
    pq_notify(c);
}
