/* main.c - pinq's ESP-IDF example: a push button to ground on a GPIO,
 * debounced, with click / double-click and long press from the input
 * engine, printed by the consumer task (app_main itself), which blocks in
 * pinq_wait() until an edge or the engine's next deadline. Lost edges and
 * edges the port had to synthesize (ESP32 errata GPIO-3.14) are printed
 * too. Never run on hardware here: compiled against ESP-IDF's headers
 * (targets/esp32). */
#include <inttypes.h>
#include <stdio.h>

#include "driver/gpio.h"
#include "sdkconfig.h"

#include "pinq.h"
#include "pinq_esp_idf.h"
#include "pinq_input.h"

#define BUTTON_GPIO ((gpio_num_t)CONFIG_PINQ_EXAMPLE_BUTTON_GPIO)
#define TPS 1000000u /* the port's ticks: microseconds */

enum { BUTTON, NLINES };

/* Polled fallback for the storm guard: the same pin, read every 2 ms. */
static const pinq_line_cfg_t lines[NLINES] = {
    [BUTTON] = {.trigger = PINQ_TRIG_BOTH, .read = pinq_esp_read, .ctx = (void *)(intptr_t)BUTTON_GPIO,
                .poll_period = 2000}};
/* Mode and policy from menuconfig: MPSC by default on the dual-core
 * ESP32, where the GPIO ISR and this task may run on different cores
 * (pinq_esp_idf.h, "cores"). */
PINQ_DEFINE(q, lines, NLINES, CONFIG_PINQ_QUEUE_CAPACITY, PINQ_ESP_MODE, PINQ_ESP_POLICY);
PINQ_POLL_STORAGE(q, NLINES);

static const pinq_button_cfg_t buttons[] = {PINQ_BUTTON_DEFAULT(BUTTON, TPS)};
static pinq_button_t button_ram[1];

static void on_input(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    unsigned ms = (unsigned)(ev->ts / 1000u);
    switch (ev->kind) {
    case PINQ_EV_CLICK: printf("%u ms: click x%" PRIu32 "\n", ms, pinq_input_value(ev)); break;
    case PINQ_EV_LONG: printf("%u ms: long press\n", ms); break;
    case PINQ_EV_LONG_UP: printf("%u ms: released after a long press\n", ms); break;
    case PINQ_EV_LOST: printf("%u ms: %" PRIu32 " edges lost\n", ms, pinq_input_value(ev)); break;
    default: break;
    }
}

static const pinq_input_cfg_t input_cfg = {
    .buttons = buttons, .button_state = button_ram, .nbuttons = 1, .tps = TPS, .emit = on_input};
static pinq_input_t input;

/* The pin as an input with its pull-up; pinq_esp_attach sets the
 * interrupt type and handler. */
static int button_setup(void)
{
    gpio_config_t io = {.pin_bit_mask = 1ULL << BUTTON_GPIO, .mode = GPIO_MODE_INPUT,
                        .pull_up_en = GPIO_PULLUP_ENABLE, .intr_type = GPIO_INTR_DISABLE};
    if (gpio_config(&io) != ESP_OK)
        return PINQ_ESYS;
    q_cfg.poll = q_poll;
    q_cfg.on_event = pinq_input_on_event; /* the core feeds the engine */
    q_cfg.on_event_ctx = &input;
    int err = pinq_init(&q, &q_cfg);
    if (err == PINQ_OK)
        err = pinq_input_init(&input, &input_cfg, &q);
    if (err == PINQ_OK) /* a flood of more than 64 edges in 50 ms hands the pin to the poller */
        err = pinq_line_trip(&q, BUTTON, 64, 50000);
    return err == PINQ_OK ? pinq_esp_attach(&q, BUTTON, BUTTON_GPIO) : err;
}

/* How long the engine lets the task sleep: until its next decision. */
static uint32_t sleep_ms(void)
{
    pinq_ticks_t when;
    if (!pinq_input_deadline(&input, &when))
        return PINQ_WAIT_FOREVER;
    pinq_ticks_t now = pinq_port_now();
    return when <= now ? 0 : (uint32_t)((when - now + 999u) / 1000u);
}

void app_main(void)
{
    int err = button_setup();
    if (err != PINQ_OK) {
        printf("pinq: %s\n", pinq_strerror(err));
        return;
    }
    uint32_t synthesized = 0;
    for (;;) {
        pinq_wait(&q, sleep_ms());
        pinq_input_dispatch(&input, 16);
        uint32_t s = pinq_esp_synthesized(&q, BUTTON);
        if (s != synthesized)
            printf("%" PRIu32 " missed edges synthesized so far\n", synthesized = s);
    }
}
