/* sweep.c - the preemption sweep engine; see sweep.h. */
#include <string.h>

#include "sweep.h"

#define SLED_MAX 1024 /* nop_sled's limit: the longest stretch one sweep covers */
#define MAX_PATH 768
#define MARGIN 64      /* instructions swept beyond each end of the call */

static const sweep_ops_t *active;
static volatile uint32_t land_raw, land_mepc;
static volatile uint8_t land_ok, fired_after;

void sweep_landed(uint32_t mepc, uint32_t now)
{
    if (!active)
        return;
    if (!active->call->in) {
        fired_after = active->call->i1 != 0; /* the call ran whole, unpreempted */
        return;
    }
    land_raw = now - active->call->i0;
    land_mepc = mepc;
    land_ok = 1;
}

bool sweep_active(void)
{
    return active != 0;
}

/* One unpreempted call: minstret from before it to after it. */
static uint32_t call_cost(const sweep_ops_t *ops, bool stub)
{
    ops->prepare();
    ops->stub(stub);
    ops->fire();
    ops->finish();
    ops->stub(false);
    return ops->call->i1 - ops->call->i0;
}

/* The timer fires `lead` mtime ticks after the write to mtimecmp. */
static uint32_t lead;

/* Arm the timer (lead 0: not at all) and start the call d instructions
 * later. Returns minstret just after the arming write. */
static uint32_t arm_and_fire(const sweep_ops_t *ops, uint32_t d)
{
    uint64_t t = rv_mtime_edge(); /* a whole tick before the next: no straddle */
    riscv_mtimecmp_set(lead ? t + lead : UINT64_MAX);
    uint32_t armed = rv_instret();
    nop_sled(d);
    ops->fire();
    return armed;
}

/* One step; `whole` is the calibrated duration of an unpreempted call.
 * A call the timer fired after must have taken exactly that long, or the
 * swept path is not the calibrated one. */
static void step(const sweep_ops_t *ops, uint32_t d, uint32_t whole, sweep_result_t *res)
{
    ops->prepare();
    land_ok = fired_after = 0;
    ops->call->i0 = ops->call->i1 = 0;
    (void)arm_and_fire(ops, d);
    ops->finish();
    if (fired_after) {
        res->whole_calls++;
        res->other_paths += ops->call->i1 - ops->call->i0 != whole;
    }
}

static uint32_t count_distinct(const uint32_t *pc, const uint8_t *take, uint32_t n)
{
    static uint32_t seen[MAX_PATH];
    uint32_t distinct = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!take[i])
            continue;
        uint32_t j = 0;
        while (j < distinct && seen[j] != pc[i])
            j++;
        if (j == distinct && distinct < MAX_PATH)
            seen[distinct++] = pc[i];
    }
    return distinct;
}

bool sweep_run(const sweep_ops_t *ops, sweep_result_t *res)
{
    *res = (sweep_result_t){0};
    /* a first call warms up data-dependent paths (e.g. a high-water mark
     * the first pop raises), so the measured one is the one swept */
    (void)call_cost(ops, false);
    uint32_t whole = call_cost(ops, false);
    res->path = whole - call_cost(ops, true) + 1;
    if (res->path == 0 || res->path >= MAX_PATH)
        return false;
    /* Size the sweep: `reach` instructions from arming to the callee's
     * entry at d = 0; the timer must fire past the end of the call there,
     * and d must run until it fires before the entry. */
    lead = 0;
    ops->prepare();
    uint32_t armed = arm_and_fire(ops, 0);
    ops->finish();
    uint32_t reach = ops->call->i0 - armed;
    uint32_t per_tick = rv_instret_per_mtime_tick();
    lead = (reach + whole + MARGIN) / per_tick + 1;
    uint32_t steps = lead * per_tick - reach + MARGIN;
    if (steps > SLED_MAX)
        return false; /* call too long for one sweep */
    static uint32_t raw[SLED_MAX], pc[SLED_MAX];
    static uint8_t landed[SLED_MAX], take[SLED_MAX];
    uint32_t entry_raw = UINT32_MAX;
    active = ops;
    for (uint32_t d = 0; d < steps; d++) {
        step(ops, d, whole, res);
        landed[d] = land_ok;
        raw[d] = land_raw;
        pc[d] = land_mepc;
        if (land_ok && land_mepc == (uint32_t)ops->entry)
            entry_raw = land_raw; /* landed before the callee's first instruction */
    }
    active = 0;
    if (entry_raw == UINT32_MAX)
        return false;
    static uint8_t hit[MAX_PATH];
    memset(hit, 0, sizeof hit);
    memset(take, 0, sizeof take);
    for (uint32_t d = 0; d < steps; d++) {
        uint32_t k = raw[d] - entry_raw; /* instructions of the callee run before the timer */
        if (!landed[d] || k >= res->path || hit[k])
            continue;
        hit[k] = take[d] = 1;
        res->covered++;
    }
    res->distinct_pc = count_distinct(pc, take, steps);
    return true;
}
