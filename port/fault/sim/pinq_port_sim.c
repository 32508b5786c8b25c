/* pinq_port_sim.c - the simulated port (pinq_sim.h): pinq's port hooks
 * over a clock the test sets. No OS call: deterministic on any host. */
#include <stdatomic.h>

#include "pinq_sim.h"

static _Atomic pinq_ticks_t sim_now;
static _Atomic uint64_t sim_slept;
static _Atomic bool sim_mask[PINQ_SIM_LINES];

void pinq_sim_set(pinq_ticks_t now)
{
    atomic_store(&sim_now, now);
}

uint64_t pinq_sim_slept_ms(void)
{
    return atomic_load(&sim_slept);
}

bool pinq_sim_masked(uint16_t line)
{
    return line < PINQ_SIM_LINES && atomic_load(&sim_mask[line]);
}

void pinq_sim_reset(pinq_ticks_t now)
{
    pinq_sim_set(now);
    atomic_store(&sim_slept, 0);
    for (unsigned i = 0; i < PINQ_SIM_LINES; i++)
        atomic_store(&sim_mask[i], false);
}

pinq_ticks_t pinq_port_now(void)
{
    return atomic_load(&sim_now);
}

uint32_t pinq_port_ticks_per_sec(void)
{
    return PINQ_SIM_TPS;
}

void pinq_port_line_enable(pinq_t *q, uint16_t line, bool on)
{
    (void)q;
    if (line < PINQ_SIM_LINES)
        atomic_store(&sim_mask[line], !on);
}

/* Nothing can interrupt a simulated sleep: it lasts its whole timeout. */
void pinq_port_wait(uint32_t timeout_ms)
{
    atomic_fetch_add(&sim_slept, timeout_ms);
    atomic_fetch_add(&sim_now, (pinq_ticks_t)timeout_ms * (PINQ_SIM_TPS / 1000u));
}

bool pinq_port_in_isr(void)
{
    return false;
}

/* Interrupts are calls the test makes between the consumer's: nothing to mask. */
pinq_irqstate_t pinq_irq_save(void)
{
    return 0;
}

void pinq_irq_restore(pinq_irqstate_t state)
{
    (void)state;
}
