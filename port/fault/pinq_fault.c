/* pinq_fault.c - the fault layer (pinq_fault.h): turns a source's clean
 * edges into the interrupts a faulty line raises. Portable C: the same
 * file runs in host tests and in Cortex-M firmware under QEMU. */
#include "pinq_fault.h"

#include <stddef.h>

/* splitmix64: one 64-bit state, any seed, good enough for coin flips. */
static uint32_t rnd32(pinq_fault_t *f)
{
    uint64_t z = (f->rnd += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return (uint32_t)((z ^ (z >> 31)) >> 32);
}

/* One coin flip of probability chance / 2^32; no flip at all for 0, so a
 * plan's other lines keep their random sequence when one turns its off. */
static bool roll(pinq_fault_t *f, uint32_t chance)
{
    return chance != 0 && rnd32(f) < chance;
}

static const pinq_fault_line_t *cfg_of(const pinq_fault_t *f, uint16_t line)
{
    return &f->plan->lines[line];
}

/* a before b, for ticks less than 2^63 apart: right across the clock's
 * 2^64 wrap, which a test may start close to */
static bool before(pinq_ticks_t a, pinq_ticks_t b)
{
    return (int64_t)(a - b) < 0;
}

/* from == until == 0: always, wherever the clock started */
static bool active(const pinq_fault_line_t *c, pinq_ticks_t ts)
{
    if (c->from == 0 && c->until == 0)
        return true;
    return c->until == 0 ? !before(ts, c->from) : ts - c->from < c->until - c->from;
}

/* The ISR of `line` runs at ts and reads the pin. `edge`: raised by a
 * change of the pin, so reading the level of the previous interrupt means
 * an odd number of changes before it went unseen. */
static void fire(pinq_fault_t *f, uint16_t line, pinq_ticks_t ts, bool edge)
{
    pinq_fault_pin_t *p = &f->pins[line];
    p->st.unseen += edge && p->pin == p->read;
    p->read = p->pin;
    p->st.irqs++;
    f->irq(f->ctx, line, p->pin, ts);
}

int pinq_fault_init(pinq_fault_t *f, const pinq_fault_plan_t *plan, pinq_fault_pin_t *pins, pinq_fault_irq_fn irq,
                    void *ctx)
{
    if (!f || !plan || !plan->lines || plan->nlines == 0 || !pins || !irq)
        return PINQ_EINVAL;
    for (uint16_t i = 0; i < plan->nlines; i++)
        if (plan->lines[i].kind > PINQ_FAULT_CHATTER)
            return PINQ_EINVAL;
    *f = (pinq_fault_t){.plan = plan, .pins = pins, .irq = irq, .ctx = ctx, .rnd = plan->seed};
    for (uint16_t i = 0; i < plan->nlines; i++) {
        const pinq_fault_line_t *c = &plan->lines[i];
        bool stuck = c->kind == PINQ_FAULT_STUCK;
        pins[i] = (pinq_fault_pin_t){.pending = stuck, .next = c->from};
    }
    return PINQ_OK;
}

/* A STUCK line's due step: into the fault, a re-raise, or out of it. */
static void stuck_step(pinq_fault_t *f, uint16_t line)
{
    const pinq_fault_line_t *c = cfg_of(f, line);
    pinq_fault_pin_t *p = &f->pins[line];
    pinq_ticks_t at = p->next;
    bool ending = c->until != 0 && !before(at, c->until);
    uint8_t to = ending ? p->src : c->level;
    if (ending)
        p->stuck = 2;
    else if (p->stuck == 1)
        p->st.refired++;
    p->stuck = p->stuck ? p->stuck : 1;
    bool moved = p->pin != to;
    p->pin = to;
    if (moved || (!ending && at != c->from))
        fire(f, line, at, moved);
    p->pending = !ending && (c->period != 0 || c->until != 0);
    p->next = c->period != 0 ? at + c->period : c->until;
    if (c->until != 0 && before(c->until, p->next))
        p->next = c->until;
}

/* The generated interrupt due on `line`. */
static void generated(pinq_fault_t *f, uint16_t line)
{
    const pinq_fault_line_t *c = cfg_of(f, line);
    pinq_fault_pin_t *p = &f->pins[line];
    if (c->kind == PINQ_FAULT_STUCK) {
        stuck_step(f, line);
        return;
    }
    pinq_ticks_t at = p->next;
    p->pending--;
    p->next = at + c->period;
    if (c->kind == PINQ_FAULT_SPURIOUS) {
        p->st.spurious++;
        fire(f, line, at, false);
        return;
    }
    p->pin ^= 1u; /* CHATTER */
    p->st.chatter++;
    fire(f, line, at, true);
}

bool pinq_fault_next(const pinq_fault_t *f, pinq_ticks_t *when)
{
    bool any = false;
    for (uint16_t i = 0; i < f->plan->nlines; i++) {
        const pinq_fault_pin_t *p = &f->pins[i];
        if (p->pending && (!any || before(p->next, *when))) {
            *when = p->next;
            any = true;
        }
    }
    return any;
}

void pinq_fault_advance(pinq_fault_t *f, pinq_ticks_t now)
{
    pinq_ticks_t t = now; /* set by pinq_fault_next() whenever it is read */
    while (pinq_fault_next(f, &t) && !before(now, t))
        for (uint16_t i = 0; i < f->plan->nlines; i++)
            if (f->pins[i].pending && f->pins[i].next == t) {
                generated(f, i);
                break;
            }
}

/* What follows the interrupt of an edge the pin made at ts. */
static void after_edge(pinq_fault_t *f, uint16_t line, pinq_ticks_t ts)
{
    const pinq_fault_line_t *c = cfg_of(f, line);
    pinq_fault_pin_t *p = &f->pins[line];
    if (c->kind == PINQ_FAULT_SPURIOUS && roll(f, c->chance)) {
        p->pending = 1;
        p->next = ts + c->period;
    } else if (c->kind == PINQ_FAULT_CHATTER) {
        p->pending = 2 * c->count;
        p->next = ts + c->period;
    }
}

void pinq_fault_edge(pinq_fault_t *f, uint16_t line, int level, pinq_ticks_t ts)
{
    if (line >= f->plan->nlines)
        return;
    pinq_fault_advance(f, ts);
    const pinq_fault_line_t *c = cfg_of(f, line);
    pinq_fault_pin_t *p = &f->pins[line];
    p->src = (uint8_t)(level != 0);
    p->st.edges++;
    if (c->kind == PINQ_FAULT_STUCK && p->stuck == 1) {
        p->st.masked++;
        return;
    }
    if (p->pin == p->src)
        return;
    p->pin = p->src;
    if (c->kind == PINQ_FAULT_STUCK || !active(c, ts)) {
        fire(f, line, ts, true);
        return;
    }
    if (c->kind == PINQ_FAULT_LOST && roll(f, c->chance)) {
        p->st.lost++;
        return;
    }
    fire(f, line, ts, true);
    after_edge(f, line, ts);
}

int pinq_fault_level(const pinq_fault_t *f, uint16_t line)
{
    return line < f->plan->nlines ? f->pins[line].pin : PINQ_EINVAL;
}

const pinq_fault_stats_t *pinq_fault_stats(const pinq_fault_t *f, uint16_t line)
{
    return line < f->plan->nlines ? &f->pins[line].st : NULL;
}
