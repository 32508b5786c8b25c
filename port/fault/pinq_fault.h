/* pinq_fault.h - fault injection between a simulated pin source and
 * pinq's post path: the interrupts an ISR would really see from a line
 * that misbehaves, for tests on the host and on the QEMU targets.
 *
 * A source hands the layer clean edges (pinq_fault_edge); the layer
 * applies the line's fault and calls the test's "interrupt" for each
 * interrupt that would fire, with the level the ISR would read from the
 * pin then. Generated interrupts (chatter, a stuck level line re-raising)
 * are due at later ticks: pinq_fault_advance(now) delivers those due up to
 * `now`, in time order across lines, and every pinq_fault_edge() advances
 * to its own tick first. Portable C, no OS call, no heap; one caller at a
 * time (the source's context). Seeded: one plan and seed, one stream.
 *
 *   fault     what the ISR sees                      parameters
 *   SPURIOUS  an extra interrupt `period` ticks      chance (per edge)
 *             after the edge's own, pin unchanged
 *   LOST      the edge's interrupt never fires; the  chance (per edge)
 *             pin still moves (ESP32 errata GPIO-3.14)
 *   STUCK     from `from` to `until` the pin stays   level, period (0: no
 *             at `level`: one edge into it and one   re-raise; else a level
 *             back, none in between (the source's    interrupt re-raised
 *             edges are masked), unless re-raised    every period ticks)
 *   CHATTER   each edge is followed by 2 * count     count, period
 *             toggles `period` ticks apart, ending
 *             at the edge's level (a bouncing
 *             contact; 1 MHz: period = 1 us)
 *
 * The faults other than STUCK apply to edges in [from, until); until == 0
 * means for good, and from == until == 0 always. Ticks are compared
 * modulo 2^64, so a run may cross the clock's wrap. docs/faults.md has pinq's reaction to each.
 */
#ifndef PINQ_FAULT_H
#define PINQ_FAULT_H

#include <stdbool.h>
#include <stdint.h>

#include "pinq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What goes wrong on a line (pinq_fault_line.kind). */
enum pinq_fault_kind {
    PINQ_FAULT_NONE = 0,     /* a healthy line: one interrupt per edge */
    PINQ_FAULT_SPURIOUS = 1, /* interrupts with no edge */
    PINQ_FAULT_LOST = 2,     /* edges with no interrupt */
    PINQ_FAULT_STUCK = 3,    /* the pin stops following its source */
    PINQ_FAULT_CHATTER = 4   /* each edge bounces */
};

/* One line's fault: const, may live in flash. */
typedef struct pinq_fault_line {
    uint8_t kind;      /* enum pinq_fault_kind */
    uint8_t level;     /* STUCK: the level the pin is stuck at */
    uint32_t chance;   /* SPURIOUS, LOST: probability per edge, in 2^-32 */
    uint32_t count;    /* CHATTER: bounces per edge (2 toggles each) */
    uint32_t period;   /* ticks: SPURIOUS delay, CHATTER toggle interval, STUCK re-raise interval */
    pinq_ticks_t from; /* the fault acts from this tick */
    pinq_ticks_t until; /* to this one (0: for good) */
} pinq_fault_line_t;

/* The plan: a fault per line and the seed of its random choices. */
typedef struct pinq_fault_plan {
    const pinq_fault_line_t *lines; /* nlines entries */
    uint16_t nlines;                /* lines of the queue under test */
    uint64_t seed;                  /* any value */
} pinq_fault_plan_t;

/* What the layer did to a line: the tests' reference. */
typedef struct pinq_fault_stats {
    uint32_t edges;    /* clean edges from the source */
    uint32_t irqs;     /* interrupts delivered (real, spurious, generated) */
    uint32_t spurious; /* SPURIOUS interrupts added */
    uint32_t lost;     /* LOST edges whose interrupt was dropped */
    uint32_t unseen;   /* interrupts that read the level of the previous one because an odd number
                        * of edges before them went unseen: what the ISR can notice of LOST */
    uint32_t chatter;  /* CHATTER toggles added */
    uint32_t masked;   /* source edges a STUCK pin did not follow */
    uint32_t refired;  /* STUCK re-raised interrupts */
} pinq_fault_stats_t;

/* A line's state: caller RAM, set by pinq_fault_init(). */
typedef struct pinq_fault_pin {
    pinq_ticks_t next;     /* tick of its next generated interrupt (pending != 0) */
    uint32_t pending;      /* generated interrupts still due (CHATTER toggles; STUCK: 1 while armed) */
    uint8_t pin;           /* the level the pin shows */
    uint8_t src;           /* the source's level */
    uint8_t read;          /* the level its last interrupt read */
    uint8_t stuck;         /* STUCK: 0 before, 1 during, 2 after the fault */
    pinq_fault_stats_t st; /* counters */
} pinq_fault_pin_t;

/* The test's interrupt: the ISR of `line` runs at `ts` and reads `level`. */
typedef void (*pinq_fault_irq_fn)(void *ctx, uint16_t line, int level, pinq_ticks_t ts);

/* The layer over one queue's lines. */
typedef struct pinq_fault {
    const pinq_fault_plan_t *plan; /* the plan */
    pinq_fault_pin_t *pins;        /* plan->nlines states */
    pinq_fault_irq_fn irq;         /* the interrupt */
    void *ctx;                     /* passed to irq */
    uint64_t rnd;                  /* random state */
} pinq_fault_t;

/* Start every pin at level 0 (idle, nothing pending). PINQ_EINVAL for a
 * NULL argument, a zero line count or an unknown fault kind. */
int pinq_fault_init(pinq_fault_t *f, const pinq_fault_plan_t *plan, pinq_fault_pin_t *pins, pinq_fault_irq_fn irq,
                    void *ctx);

/* The source moves `line` to `level` at `ts` (ticks never go back). */
void pinq_fault_edge(pinq_fault_t *f, uint16_t line, int level, pinq_ticks_t ts);

/* Deliver the generated interrupts due at or before `now`. */
void pinq_fault_advance(pinq_fault_t *f, pinq_ticks_t now);

/* Tick of the next generated interrupt; false if none is due. */
bool pinq_fault_next(const pinq_fault_t *f, pinq_ticks_t *when);

/* The level `line` shows now: a poller's read. */
int pinq_fault_level(const pinq_fault_t *f, uint16_t line);

/* The counters of `line`. */
const pinq_fault_stats_t *pinq_fault_stats(const pinq_fault_t *f, uint16_t line);

#ifdef __cplusplus
}
#endif

#endif
