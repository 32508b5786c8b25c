/* footprint_app.c - the smallest useful pinq program, linked only to
 * measure how much of the core a program carries (footprint.cmake): two
 * interrupt lines, an SPSC ring, a handler posting with pinq_isr_post(),
 * and the main loop waiting and dispatching. The port hooks are empty
 * stand-ins (they belong to the port, not the core, and are not counted);
 * the image is never run. */
#include "pinq.h"
#include "pinq_isr.h"

static const pinq_line_cfg_t lines[2] = {{.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_FALLING}};
PINQ_DEFINE(q, lines, 2, 16, PINQ_SPSC, PINQ_DROP_NEWEST);
static volatile uint32_t pins, seen;

void footprint_isr(void);
void footprint_isr(void)
{
    pinq_isr_post(&q, 0, (int)(pins & 1u));
}

static void on_event(const pinq_event_t *e, void *ctx)
{
    (void)ctx;
    seen += e->kind;
}

int main(void)
{
    q_cfg.on_event = on_event;
    if (pinq_init(&q, &q_cfg) != PINQ_OK)
        return 1;
    for (;;) {
        pinq_wait(&q, PINQ_WAIT_FOREVER);
        pinq_dispatch(&q, 8);
    }
}

pinq_ticks_t pinq_port_now(void)
{
    return pins;
}

uint32_t pinq_port_ticks_per_sec(void)
{
    return 1;
}

void pinq_port_line_enable(pinq_t *qq, uint16_t line, bool on)
{
    (void)qq;
    (void)line;
    (void)on;
}

void pinq_port_wait(uint32_t timeout_ms)
{
    (void)timeout_ms;
}

pinq_irqstate_t pinq_irq_save(void)
{
    return 0;
}

void pinq_irq_restore(pinq_irqstate_t s)
{
    (void)s;
}

void _start(void);
void _start(void)
{
    main();
}
