/* pinq_esp_gpio.c - GPIO pins into pinq on ESP-IDF: the per-pin handler
 * in the GPIO ISR service, the (queue, line) -> GPIO bindings that
 * pinq_port_line_enable() masks, the missed-edge check, and the read
 * helper for polled lines. Contract: pinq_esp_idf.h. */
#include "driver/gpio.h"
#include "esp_attr.h"
#include "esp_intr_alloc.h"
#include "hal/gpio_ll.h" /* the level read the ISR may do with the cache off */
#include "sdkconfig.h"

#include "pinq_esp_idf.h"
#include "pinq_isr.h"
#include "pinq_port_bind.h"

/* The GPIO ISR service's flags: IRAM, so that edges are taken while the
 * flash cache is off (linker.lf puts the post path in IRAM with it). */
#ifdef CONFIG_PINQ_IN_IRAM
#define PINQ_ESP_INTR_FLAGS ESP_INTR_FLAG_IRAM
#if !defined(CONFIG_GPIO_CTRL_FUNC_IN_IRAM)
#error "CONFIG_PINQ_IN_IRAM needs CONFIG_GPIO_CTRL_FUNC_IN_IRAM: a storm trip calls gpio_intr_disable() in the ISR"
#endif
#else
#define PINQ_ESP_INTR_FLAGS 0
#endif

/* Per binding, beside the table entry of the same index: the level the
 * handler posted last (its only writer is that handler, or the consumer
 * while the pin's interrupt is masked), and what the line posts. */
typedef struct {
    uint8_t level;
    int8_t fixed; /* RISING 1, FALLING 0: the level the edge leaves; -1 (BOTH): read the pin */
    _Atomic uint32_t synthesized; /* one writer, the handler: a load and a store */
} pin_state_t;

/* DRAM_ATTR: the handler reads both with the cache off. */
static DRAM_ATTR pinq_port_bind_t binds[PINQ_ESP_MAX_PINS];
static DRAM_ATTR pin_state_t pins[PINQ_ESP_MAX_PINS];

/* Post the missing opposite edge first when the pin is back at the level
 * posted last (pinq_esp_idf.h, "Missed edges"). */
static void IRAM_ATTR post_missed(pinq_t *q, uint16_t line, pin_state_t *p, int level)
{
    if (level != p->level)
        return;
    atomic_store_explicit(&p->synthesized, atomic_load_explicit(&p->synthesized, memory_order_relaxed) + 1,
                          memory_order_relaxed);
    (void)pinq_post(q, line, !level);
}

/* The handler of every bound pin; arg is its binding. */
static void IRAM_ATTR pin_isr(void *arg)
{
    pinq_port_bind_t *b = arg;
    pin_state_t *p = &pins[b - binds];
    pinq_t *q = (pinq_t *)b->q;
    int level = p->fixed;
    if (level < 0) {
        level = gpio_ll_get_level(&GPIO, b->src);
        post_missed(q, b->line, p, level);
    }
    p->level = (uint8_t)level;
    (void)pinq_isr_post(q, b->line, level);
}

/* The binding index of (q, line), or -1. */
static int IRAM_ATTR bind_index(const pinq_t *q, uint16_t line)
{
    for (int i = 0; q && i < PINQ_ESP_MAX_PINS; i++)
        if (binds[i].q == q && binds[i].line == line)
            return i;
    return -1;
}

/* Unmask a bound pin, its level read afresh: it may have moved while
 * its interrupt was masked (a masked line reports nothing: pinq.h). Task
 * context only, so in flash: only the consumer unmasks
 * (pinq_line_enable, pinq_line_set_polled). */
static __attribute__((noinline)) void line_unmask(int i)
{
    gpio_num_t gpio = (gpio_num_t)binds[i].src;
    if (pins[i].fixed < 0)
        pins[i].level = (uint8_t)gpio_get_level(gpio);
    gpio_intr_enable(gpio);
}

/* Masking also comes from the storm guard's trip, inside the handler:
 * that half is IRAM-safe (gpio_intr_disable with
 * CONFIG_GPIO_CTRL_FUNC_IN_IRAM). */
void IRAM_ATTR pinq_port_line_enable(pinq_t *q, uint16_t line, bool on)
{
    int i = bind_index(q, line);
    if (i < 0)
        return;
    if (on)
        line_unmask(i);
    else
        gpio_intr_disable((gpio_num_t)binds[i].src);
}

/* The GPIO interrupt type of a line's trigger, or GPIO_INTR_DISABLE for
 * the ones this port does not take from interrupts. */
static gpio_int_type_t intr_type_of(const pinq_line_cfg_t *c)
{
    if (c->source != PINQ_SRC_IRQ)
        return GPIO_INTR_DISABLE;
    switch (c->trigger) {
    case PINQ_TRIG_RISING: return GPIO_INTR_POSEDGE;
    case PINQ_TRIG_FALLING: return GPIO_INTR_NEGEDGE;
    case PINQ_TRIG_BOTH: return GPIO_INTR_ANYEDGE;
    default: return GPIO_INTR_DISABLE;
    }
}

/* Install the ISR service once; another component may have done it
 * (ESP_ERR_INVALID_STATE), possibly without IRAM. */
static int service_install(void)
{
    esp_err_t err = gpio_install_isr_service(PINQ_ESP_INTR_FLAGS);
    return err == ESP_OK || err == ESP_ERR_INVALID_STATE ? PINQ_OK : PINQ_ESYS;
}

/* The pin's state before its handler is added: the handler may run at
 * once. */
static void pin_prepare(int i, gpio_num_t gpio, gpio_int_type_t type)
{
    pins[i].fixed = type == GPIO_INTR_POSEDGE ? 1 : type == GPIO_INTR_NEGEDGE ? 0 : -1;
    pins[i].level = (uint8_t)gpio_get_level(gpio);
    atomic_store_explicit(&pins[i].synthesized, 0, memory_order_relaxed);
}

int pinq_esp_attach(pinq_t *q, uint16_t line, gpio_num_t gpio)
{
    if (!q || line >= q->nlines || !GPIO_IS_VALID_GPIO(gpio))
        return PINQ_EINVAL;
    gpio_int_type_t type = intr_type_of(&q->lines[line]);
    if (type == GPIO_INTR_DISABLE)
        return PINQ_ENOTSUP;
    int old = bind_index(q, line);
    if (old >= 0) {
        gpio_num_t prev = (gpio_num_t)binds[old].src;
        gpio_intr_disable(prev);
        gpio_isr_handler_remove(prev);
    }
    int err = pinq_port_bind(binds, PINQ_ESP_MAX_PINS, q, line, (uint16_t)gpio);
    if (err != PINQ_OK)
        return err;
    int i = bind_index(q, line);
    pin_prepare(i, gpio, type);
    if (gpio_set_intr_type(gpio, type) != ESP_OK || service_install() != PINQ_OK ||
        gpio_isr_handler_add(gpio, pin_isr, &binds[i]) != ESP_OK || gpio_intr_enable(gpio) != ESP_OK)
        return PINQ_ESYS;
    return PINQ_OK;
}

int pinq_esp_read(void *ctx)
{
    return gpio_get_level((gpio_num_t)(intptr_t)ctx);
}

uint32_t pinq_esp_synthesized(const pinq_t *q, uint16_t line)
{
    int i = bind_index(q, line);
    return i < 0 ? 0 : atomic_load_explicit(&pins[i].synthesized, memory_order_relaxed);
}
