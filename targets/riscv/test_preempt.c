/* test_preempt.c - the MPSC ring under real preemption on rv32.
 *
 * Producers in three interrupt contexts push into one ring while main
 * consumes: the UART (PLIC external, lowest), the machine software
 * interrupt (middle) and the machine timer (highest); lower handlers nest
 * by re-enabling MIE for the higher sources only.
 *
 * 1. Sweep: the timer is armed a fixed number of instructions ahead, then
 *    the software interrupt (whose handler pushes) is raised d instructions
 *    later, d = 0, 1, 2 ...: the timer lands on every instruction of the
 *    push path in turn. minstret says how many push instructions had run
 *    when it landed, mepc where; the test requires every one of the L
 *    instructions of the push path (L measured against a one-instruction
 *    call) to have been preempted.
 * 2. Stress: all three producers at pseudo-random rates, nested three
 *    deep, against a consumer that stalls now and then so the ring
 *    overflows.
 * Both check exact conservation and per-producer order.
 * Run with -icount shift=0,sleep=off: one minstret count and one
 * nanosecond of virtual time per instruction, so the timer is
 * instruction-exact and the run is deterministic.
 */
#include <string.h>

#include "check.h"
#include "pinq.h"
#include "plic.h"
#include "rv_test.h"
#include "uart16550.h"
#include "virt.h"

enum { LINE_SOFT, LINE_TIMER, LINE_UART, LINE_MAIN, NLINES }; /* LINE_MAIN: main fills the ring */
#define CAP 16
#define SLED_MAX 400
#define MAX_PATH 256
#define TIMER_LEAD 3 /* mtime ticks (100 instructions each) from arming to firing */

#ifndef PINQ_STRESS_EVENTS
#define PINQ_STRESS_EVENTS 20000
#endif

PINQ_RING_STORAGE(rb, CAP, NLINES);
static pinq_ring_t ring;

typedef int (*push_fn_t)(pinq_ring_t *, const pinq_event_t *);
int ret_push(pinq_ring_t *r, const pinq_event_t *ev) __asm__("ret_stub_push");

/* producer side; each element has one writer (its ISR) */
static volatile uint32_t made[NLINES]; /* push attempts = ts of the next event */
static volatile uint32_t depth, max_depth;
static volatile uint32_t preempted_pushes; /* timer landed inside another push */

/* the software-interrupt producer, instrumented for the sweep */
static volatile push_fn_t soft_push = pinq_ring_push;
static volatile uint32_t soft_i0, soft_i1;
static volatile uint8_t soft_in_push, uart_in_push, soft_done;

/* the timer: where it landed */
static volatile uint8_t sweeping, stressing, timer_done;
static volatile uint32_t land_raw, land_mepc;
static volatile uint8_t land_ok;
static uint32_t lcg = 12345;

/* consumer side */
static uint32_t expect[NLINES], gaps[NLINES];

static uint32_t rnd(uint32_t n)
{
    lcg = lcg * 1664525u + 1013904223u;
    return (lcg >> 16) % n;
}

static pinq_event_t next_event(uint16_t line)
{
    pinq_event_t ev = {.ts = made[line], .line = line, .kind = PINQ_EV_RISE, .level = 1};
    made[line] = made[line] + 1;
    return ev;
}

static void enter(void)
{
    depth = depth + 1;
    if (depth > max_depth)
        max_depth = depth;
}

static void leave(void)
{
    depth = depth - 1;
}

static void soft_handler(uint32_t mepc)
{
    (void)mepc;
    enter();
    riscv_msip_set(false);
    uint32_t m = riscv_irq_nest_begin(MIP_MTIP);
    pinq_event_t ev = next_event(LINE_SOFT);
    push_fn_t push = soft_push;
    soft_i0 = rv_instret();
    soft_in_push = 1;
    push(&ring, &ev);
    soft_in_push = 0;
    soft_i1 = rv_instret();
    riscv_irq_nest_end(m);
    soft_done = 1;
    leave();
}

static void uart_handler(uint32_t mepc)
{
    (void)mepc;
    enter();
    uint32_t m = riscv_irq_nest_begin(MIP_MSIP | MIP_MTIP);
    while (uart_rx_ready()) {
        (void)uart_rx();
        pinq_event_t ev = next_event(LINE_UART);
        uart_in_push = 1;
        pinq_ring_push(&ring, &ev);
        uart_in_push = 0;
    }
    riscv_irq_nest_end(m);
    leave();
}

/* Stress: re-arm at a random distance; every other tick also raises the
 * software interrupt, or sends a byte round the UART's loopback. */
static void stress_tick(void)
{
    if (!stressing) {
        riscv_mtimecmp_set(UINT64_MAX);
        return;
    }
    riscv_mtimecmp_set(riscv_mtime() + 1 + rnd(6));
    uint32_t r = rnd(4);
    if (r == 0)
        riscv_msip_set(true);
    else if (r == 1)
        uart_tx((uint8_t)made[LINE_TIMER]);
}

static void timer_handler(uint32_t mepc)
{
    uint32_t now = rv_instret();
    enter();
    if (sweeping && soft_in_push) {
        land_raw = now - soft_i0;
        land_mepc = mepc;
        land_ok = 1;
    }
    if (soft_in_push || uart_in_push)
        preempted_pushes = preempted_pushes + 1;
    if (sweeping)
        riscv_mtimecmp_set(UINT64_MAX);
    else
        stress_tick();
    pinq_event_t ev = next_event(LINE_TIMER);
    pinq_ring_push(&ring, &ev);
    timer_done = 1;
    leave();
}

/* Pop everything queued; per producer, ts must rise by one per event, and
 * a jump is a loss (counted in gaps[] and later matched to `dropped`). */
static void consume(void)
{
    pinq_event_t ev;
    while (pinq_ring_pop(&ring, &ev) == 1) {
        if (ev.kind == PINQ_EV_RESYNC)
            continue;
        CHECK(ev.line < NLINES);
        if (ev.line >= NLINES)
            continue;
        uint32_t ts = (uint32_t)ev.ts;
        CHECK(ts >= expect[ev.line]); /* per-producer order */
        if (ts > expect[ev.line])
            gaps[ev.line] += ts - expect[ev.line];
        expect[ev.line] = ts + 1;
    }
}

static uint32_t sum(const volatile uint32_t *v)
{
    uint32_t n = 0;
    for (unsigned i = 0; i < NLINES; i++)
        n += v[i];
    return n;
}

/* Every policy loses whole events (the newest, the oldest, or merged
 * ones), so each loss is a gap in its producer's sequence, or missing
 * from its end. */
static void check_conservation(void)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(&ring, &st);
    CHECK_EQ(st.produced, sum(made));
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    CHECK_EQ(st.queued, 0);
    uint32_t lost = sum(gaps);
    for (unsigned i = 0; i < NLINES; i++)
        lost += made[i] - expect[i]; /* trailing losses: no later event shows the gap */
    CHECK_EQ(lost, st.dropped + st.coalesced);
}

static uint32_t queued(void)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(&ring, &st);
    return st.queued;
}

/* Main as a fourth producer: fill the ring until it holds CAP events or
 * refuses one (slots may also hold RESYNC markers, which `queued` does
 * not count), so the next push takes the policy's overflow path. */
static void fill(void)
{
    while (queued() < CAP) {
        pinq_event_t ev = next_event(LINE_MAIN);
        if (pinq_ring_push(&ring, &ev) == PINQ_EFULL)
            return;
    }
}

/* Fresh ring and counters; no interrupt handler is running. */
static void reset(uint8_t policy)
{
    pinq_ring_cfg_t c = {.slots = rb_slots, .capacity = CAP, .lost = rb_lost, .nlines = NLINES,
                         .mode = PINQ_MPSC, .policy = policy};
    CHECK_EQ(pinq_ring_init(&ring, &c), PINQ_OK);
    for (unsigned i = 0; i < NLINES; i++)
        made[i] = expect[i] = gaps[i] = 0;
    max_depth = preempted_pushes = 0;
}

/* One software-interrupt push, not preempted: minstret from before the
 * call to after it. */
static uint32_t soft_push_cost(push_fn_t fn, bool full)
{
    if (full)
        fill();
    soft_push = fn;
    soft_done = 0;
    riscv_msip_set(true);
    while (!soft_done)
        ;
    soft_push = pinq_ring_push;
    if (fn != pinq_ring_push)
        made[LINE_SOFT] = made[LINE_SOFT] - 1; /* the stub stored nothing */
    consume();
    return soft_i1 - soft_i0;
}

/* One sweep step: the timer fires TIMER_LEAD ticks after it is armed; the
 * software interrupt is raised d instructions after the arming. */
static void sweep_step(uint32_t d, bool full)
{
    if (full)
        fill();
    soft_done = timer_done = land_ok = 0;
    uint64_t t = rv_mtime_edge();
    riscv_mtimecmp_set(t + TIMER_LEAD);
    nop_sled(d);
    riscv_msip_set(true);
    while (!soft_done || !timer_done)
        ;
    consume();
}

static const char *const policy_name[] = {"drop-newest", "drop-oldest", "coalesce"};

/* full: the ring is full when the software interrupt pushes, so the sweep
 * covers the overflow path of the policy instead of the store. */
static void test_sweep(uint8_t policy, bool full)
{
    reset(policy);
    /* L: instructions of one push, from entry to its ret inclusive */
    uint32_t path = soft_push_cost(pinq_ring_push, full) - soft_push_cost(ret_push, full) + 1;
    CHECK(path > 0 && path < MAX_PATH);
    static uint32_t raw[SLED_MAX], mepc_at[SLED_MAX];
    static uint8_t landed[SLED_MAX];
    uint32_t entry_raw = UINT32_MAX;
    sweeping = 1;
    for (uint32_t d = 0; d < SLED_MAX; d++) {
        sweep_step(d, full);
        landed[d] = land_ok;
        raw[d] = land_raw;
        mepc_at[d] = land_mepc;
        if (land_ok && land_mepc == (uint32_t)(uintptr_t)pinq_ring_push)
            entry_raw = land_raw; /* landed before the push's first instruction */
    }
    sweeping = 0;
    CHECK(entry_raw != UINT32_MAX);
    /* k = push instructions retired before the timer took over */
    static uint8_t hit[MAX_PATH];
    memset(hit, 0, sizeof hit);
    static uint32_t pcs[MAX_PATH];
    uint32_t covered = 0, distinct_pc = 0;
    for (uint32_t d = SLED_MAX; d-- > 0;) { /* larger d: earlier in the push */
        uint32_t k = raw[d] - entry_raw;
        if (!landed[d] || k >= path || path >= MAX_PATH || hit[k])
            continue;
        hit[k] = 1;
        covered++;
        uint32_t j = 0;
        while (j < distinct_pc && pcs[j] != mepc_at[d])
            j++;
        if (j == distinct_pc)
            pcs[distinct_pc++] = mepc_at[d];
    }
    CHECK_EQ(covered, path);
    check_conservation();
    printf("sweep %s, ring %s: push path %lu instructions, timer landed on %lu of them (%lu distinct pcs)\n",
           policy_name[policy], full ? "full" : "with room", (unsigned long)path, (unsigned long)covered,
           (unsigned long)distinct_pc);
}

/* Long enough for the producers to overfill the ring. */
static void stall(void)
{
    for (int i = 0; i < 8; i++)
        nop_sled(1000);
}

static void test_stress(uint8_t policy)
{
    reset(policy);
    stressing = 1;
    riscv_mtimecmp_set(riscv_mtime() + 1);
    uint32_t pops = 0;
    while (sum(made) < PINQ_STRESS_EVENTS) {
        consume();
        if (++pops % 256 == 0)
            stall();
    }
    stressing = 0;
    nop_sled(1000); /* last timer, then the software and UART work it raised */
    while (uart_rx_ready() || depth != 0)
        ;
    csr_clear(mstatus, MSTATUS_MIE);
    consume();
    check_conservation();
    pinq_ring_stats_t st;
    pinq_ring_stats(&ring, &st);
    CHECK(st.dropped + st.coalesced > 0); /* the overflow path ran */
    CHECK_EQ(max_depth, 3);      /* UART < software < timer all nested */
    CHECK(preempted_pushes > 0); /* pushes were interrupted by pushes */
    CHECK(made[LINE_UART] > 0 && made[LINE_SOFT] > 0);
    printf("stress %s: %lu events (%lu soft, %lu timer, %lu uart), %lu lost, %lu pushes preempted by the timer\n",
           policy_name[policy], (unsigned long)st.produced, (unsigned long)made[0], (unsigned long)made[1],
           (unsigned long)made[2], (unsigned long)(st.dropped + st.coalesced), (unsigned long)preempted_pushes);
    csr_set(mstatus, MSTATUS_MIE);
}

int main(void)
{
    riscv_mtimecmp_set(UINT64_MAX);
    uart_init(true);
    plic_attach(VIRT_UART0_IRQ, 1, uart_handler);
    riscv_irq_set_handler(IRQ_M_SOFT, soft_handler);
    riscv_irq_set_handler(IRQ_M_TIMER, timer_handler);
    csr_set(mstatus, MSTATUS_MIE);

    for (uint8_t policy = PINQ_DROP_NEWEST; policy <= PINQ_COALESCE; policy++) {
        test_sweep(policy, false);
        test_sweep(policy, true);
        test_stress(policy);
    }
    return check_done("test_preempt");
}
