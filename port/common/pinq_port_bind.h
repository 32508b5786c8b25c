/* pinq_port_bind.h - the bindings table of a microcontroller port: which
 * interrupt source each (queue, line) pair masks, so that
 * pinq_port_line_enable() can find it.
 *
 * Keyed by the queue as well as the line: several pinq_t in one program
 * each number their lines from 0. The table is a small fixed array the
 * port owns (no heap), searched linearly: pinq_port_line_enable() runs in
 * the main loop and, on a storm-guard trip, inside an ISR, so its cost is
 * bounded by the table's size. Used by port/cortex-m (NVIC interrupts) and
 * boards/riscv-virt (PLIC sources, CLINT interrupts).
 */
#ifndef PINQ_PORT_BIND_H
#define PINQ_PORT_BIND_H

#include "pinq.h"

typedef struct pinq_port_bind {
    const pinq_t *q; /* NULL: a free entry */
    uint16_t line;
    uint16_t src; /* the port's number for the interrupt source */
} pinq_port_bind_t;

/* Bind (q, line) to `src` in the table t[0..n-1]: replaces the pair's
 * binding if it has one, else takes a free entry. PINQ_EINVAL for a NULL
 * q or line >= q->nlines (bind after pinq_init()), PINQ_EFULL when every
 * entry holds another pair. Masks interrupts while it writes, since an
 * ISR may be searching the table meanwhile (the storm guard's trip). */
static inline int pinq_port_bind(pinq_port_bind_t *t, unsigned n, const pinq_t *q, uint16_t line, uint16_t src)
{
    if (!q || line >= q->nlines)
        return PINQ_EINVAL;
    pinq_port_bind_t *e = NULL;
    pinq_irqstate_t s = pinq_irq_save();
    for (unsigned i = 0; i < n; i++) {
        if (t[i].q == q && t[i].line == line) {
            e = &t[i];
            break;
        }
        if (!t[i].q && !e)
            e = &t[i]; /* the first free entry, unless the pair is bound further on */
    }
    if (e)
        *e = (pinq_port_bind_t){.q = q, .line = line, .src = src};
    pinq_irq_restore(s);
    return e ? PINQ_OK : PINQ_EFULL;
}

/* The source bound to (q, line) in t[0..n-1], or -1 if the pair has none. */
static inline int pinq_port_bound(const pinq_port_bind_t *t, unsigned n, const pinq_t *q, uint16_t line)
{
    for (unsigned i = 0; q && i < n; i++)
        if (t[i].q == q && t[i].line == line)
            return t[i].src;
    return -1;
}

#endif
