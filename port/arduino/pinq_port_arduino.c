/* pinq_port_arduino.c - pinq's port hooks on the Arduino API: time from
 * micros(), nesting-safe noInterrupts() / interrupts(), a bounded busy
 * wait, pins bound to lines with attachInterrupt(). The contract is in
 * pinq_arduino.h; docs/packaging.md has how it is built and tested. */
#include <Arduino.h>

#include "pinq.h"
#include "pinq_arduino.h"
#include "pinq_isr.h"

_Static_assert(PINQ_ARDUINO_MAX_PINS >= 1 && PINQ_ARDUINO_MAX_PINS <= 8, "PINQ_ARDUINO_MAX_PINS: 1 to 8");

/* Whether interrupts are on: the one thing the Arduino API cannot tell,
 * and what makes a critical section nest (restore only what was there). */
#if defined(PINQ_ARDUINO_IRQ_ENABLED)
#define IRQ_ENABLED() PINQ_ARDUINO_IRQ_ENABLED()
#elif defined(__AVR__)
#define IRQ_ENABLED() ((SREG & (1u << SREG_I)) != 0)
#elif defined(__arm__) && (defined(__ARM_ARCH_6M__) || defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__) || \
                           defined(__ARM_ARCH_8M_BASE__) || defined(__ARM_ARCH_8M_MAIN__))
static inline bool primask_clear(void)
{
    uint32_t pm;
    __asm__ volatile("mrs %0, primask" : "=r"(pm));
    return (pm & 1u) == 0;
}
#define IRQ_ENABLED() primask_clear()
#else
#error "pinq Arduino port: define PINQ_ARDUINO_IRQ_ENABLED() for this architecture (pinq_arduino.h)"
#endif

pinq_irqstate_t pinq_irq_save(void)
{
    pinq_irqstate_t was_on = IRQ_ENABLED();
    noInterrupts();
    return was_on;
}

void pinq_irq_restore(pinq_irqstate_t was_on)
{
    if (was_on)
        interrupts();
}

/* ---- time --------------------------------------------------------------- */

static pinq_ticks_t last; /* the last reading; its low 32 bits are micros() then */

/* micros()'s advance since the last reading is added to it: exact while
 * readings are less than 2^32 us apart. Masked, so an ISR's reading
 * cannot interleave with the consumer's. */
pinq_ticks_t pinq_port_now(void)
{
    pinq_irqstate_t s = pinq_irq_save();
    pinq_ticks_t t = last + (uint32_t)((uint32_t)micros() - (uint32_t)last);
    last = t;
    pinq_irq_restore(s);
    return t;
}

uint32_t pinq_port_ticks_per_sec(void)
{
    return 1000000u;
}

/* ---- pins bound to lines ------------------------------------------------ */

typedef struct bound_pin {
    pinq_t *q; /* NULL: free */
    uint16_t line;
    uint8_t pin;
} bound_pin_t;

static bound_pin_t pins[PINQ_ARDUINO_MAX_PINS];
static volatile uint8_t wakes;     /* interrupts that posted: ends a pinq_port_wait() */
static volatile uint8_t isr_depth; /* inside a trampoline (PINQ_DEBUG's pinq_port_in_isr) */
static pinq_arduino_line_hook line_hook;
static void *line_hook_ctx;

/* Eight trampolines exist whatever PINQ_ARDUINO_MAX_PINS is; only the
 * first PINQ_ARDUINO_MAX_PINS are ever attached. */
static void on_edge(uint8_t i)
{
    if (i >= PINQ_ARDUINO_MAX_PINS)
        return;
    isr_depth++;
    const bound_pin_t *b = &pins[i];
    if (b->q)
        (void)pinq_isr_post(b->q, b->line, digitalRead(b->pin)); /* losses are counted by pinq */
    wakes++;
    isr_depth--;
}

/* attachInterrupt() passes its handler nothing: one trampoline per entry. */
#define TRAMPOLINE(i) \
    static void edge_##i(void) { on_edge(i); }
TRAMPOLINE(0)
TRAMPOLINE(1)
TRAMPOLINE(2)
TRAMPOLINE(3)
TRAMPOLINE(4)
TRAMPOLINE(5)
TRAMPOLINE(6)
TRAMPOLINE(7)
static void (*const trampolines[8])(void) = {edge_0, edge_1, edge_2, edge_3, edge_4, edge_5, edge_6, edge_7};

static int find(const pinq_t *q, uint16_t line)
{
    for (int i = 0; i < PINQ_ARDUINO_MAX_PINS; i++)
        if (pins[i].q == q && pins[i].line == line)
            return i;
    return -1;
}

int pinq_arduino_attach(pinq_t *q, uint16_t line, uint8_t pin)
{
    if (!q || line >= q->nlines)
        return PINQ_EINVAL;
#ifdef NOT_AN_INTERRUPT
    if (digitalPinToInterrupt(pin) == NOT_AN_INTERRUPT)
        return PINQ_EINVAL;
#endif
    int i = find(q, line);
    if (i >= 0)
        detachInterrupt(digitalPinToInterrupt(pins[i].pin));
    for (int j = 0; i < 0 && j < PINQ_ARDUINO_MAX_PINS; j++)
        if (!pins[j].q)
            i = j;
    if (i < 0)
        return PINQ_EFULL;
    pinq_irqstate_t s = pinq_irq_save(); /* a trampoline may be reading the entry */
    pins[i] = (bound_pin_t){.q = q, .line = line, .pin = pin};
    pinq_irq_restore(s);
    attachInterrupt(digitalPinToInterrupt(pin), trampolines[i], CHANGE);
    return PINQ_OK;
}

void pinq_arduino_set_line_hook(pinq_arduino_line_hook fn, void *ctx)
{
    pinq_irqstate_t s = pinq_irq_save();
    line_hook = fn;
    line_hook_ctx = ctx;
    pinq_irq_restore(s);
}

void pinq_port_line_enable(pinq_t *q, uint16_t line, bool on)
{
    int i = find(q, line);
    if (i >= 0 && on)
        attachInterrupt(digitalPinToInterrupt(pins[i].pin), trampolines[i], CHANGE);
    else if (i >= 0)
        detachInterrupt(digitalPinToInterrupt(pins[i].pin));
    else if (line_hook)
        line_hook(q, line, on, line_hook_ctx);
}

void pinq_arduino_wake(void)
{
    wakes++;
}

bool pinq_port_in_isr(void)
{
    return isr_depth != 0;
}

/* ---- wait --------------------------------------------------------------- */

/* Entered masked, right after pinq_wait() found nothing pending: `wakes`
 * read here changes with any interrupt that posts from now on, so none is
 * missed. yield() lets cores that need it (ESP8266's watchdog, the
 * Scheduler library) run. */
void pinq_port_wait(uint32_t timeout_ms)
{
    uint8_t seen = wakes;
    pinq_ticks_t t0 = pinq_port_now(), span = (pinq_ticks_t)timeout_ms * 1000u;
    interrupts();
    while (wakes == seen && pinq_port_now() - t0 < span)
        yield();
    noInterrupts();
}
