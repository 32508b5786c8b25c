/* sweep.h - the instruction-exact preemption sweep on rv32 (QEMU
 * -icount shift=0,sleep=off: one minstret count and one nanosecond of
 * virtual time per instruction).
 *
 * The machine timer is armed to fire a fixed number of instructions after
 * the write to mtimecmp; the call under test is started d instructions
 * after that write, d = 0, 1, 2 ... (a nop sled), so the timer lands on
 * each instruction of the call in turn. The call is bracketed by minstret
 * reads (SWEEP_CALL); the timer handler reports where it landed
 * (sweep_landed): minstret says how many instructions of the call had
 * run, mepc where. The landing with mepc at the callee's entry calibrates
 * the offset; the path length L comes from the same call with the callee
 * swapped for a one-instruction stub. Covered means every k in 0..L-1 was
 * landed on; the steps where the timer fired after the call confirm that
 * the call swept is as long as the one measured.
 */
#ifndef SWEEP_H
#define SWEEP_H

#include <stdbool.h>
#include <stdint.h>

#include "rv_test.h"

struct sweep_call {
    volatile uint32_t i0, i1; /* minstret before and after */
    volatile uint8_t in;      /* the call is running */
};

/* Run `expr` (the call under test) bracketed for the sweep. */
#define SWEEP_CALL(c, expr)       \
    do {                          \
        (c)->i0 = rv_instret();   \
        (c)->in = 1;              \
        expr;                     \
        (c)->in = 0;              \
        (c)->i1 = rv_instret();   \
    } while (0)

typedef struct sweep_ops {
    void (*prepare)(void);    /* before each step: put the ring in the state to test */
    void (*fire)(void);       /* start the call (call it, or raise the interrupt that does) */
    void (*finish)(void);     /* wait for the call and the timer, check what was consumed */
    void (*stub)(bool on);    /* swap the callee for the one-instruction stub */
    uintptr_t entry;          /* the callee's first instruction */
    struct sweep_call *call;  /* the bracket SWEEP_CALL fills */
} sweep_ops_t;

typedef struct sweep_result {
    uint32_t path;        /* L: instructions of the call, ret included */
    uint32_t covered;     /* distinct k in 0..L-1 landed on */
    uint32_t distinct_pc; /* distinct mepc among them */
    uint32_t whole_calls; /* steps where the timer fired after the call */
    uint32_t other_paths; /* ... and the call's length differed from L's calibration */
} sweep_result_t;

/* Sweep; the timer handler must call sweep_landed() first thing and
 * disarm the timer. Returns false if the entry was never landed on. */
bool sweep_run(const sweep_ops_t *ops, sweep_result_t *res);

/* From the timer handler: `now` is minstret read on entry. */
void sweep_landed(uint32_t mepc, uint32_t now);

/* True while sweep_run is stepping (the timer handler then only disarms). */
bool sweep_active(void);

#endif
