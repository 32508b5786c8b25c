/* test_preempt.c - the MPSC ring under real preemption on rv32.
 *
 * Producers in three interrupt contexts push into one ring while main
 * consumes: the UART (PLIC external, lowest), the machine software
 * interrupt (middle) and the machine timer (highest); lower handlers nest
 * by re-enabling MIE for the higher sources only.
 *
 * 1. Sweeps (sweep.h): the timer, whose handler pushes, lands on every
 *    instruction of a push made by the software interrupt's handler, and
 *    on every instruction of a pop made by main; for each overflow policy,
 *    with room in the ring and with the ring full (the overflow paths,
 *    and drop-oldest's producer taking the slot the consumer wants).
 * 2. Stress: all three producers at pseudo-random rates, nested three
 *    deep, against a consumer that stalls now and then so the ring
 *    overflows.
 * All check exact conservation and per-producer order.
 * Run with -icount shift=0,sleep=off (deterministic).
 */
#include "check.h"
#include "pinq.h"
#include "plic.h"
#include "sweep.h"
#include "uart16550.h"
#include "virt.h"

enum { LINE_SOFT, LINE_TIMER, LINE_UART, LINE_MAIN, NLINES }; /* LINE_MAIN: main fills the ring */
#define CAP 16

#ifndef PINQ_STRESS_EVENTS
#define PINQ_STRESS_EVENTS 20000
#endif

PINQ_RING_STORAGE(rb, CAP, NLINES);
static pinq_ring_t ring;

typedef int (*push_fn_t)(pinq_ring_t *, const pinq_event_t *);
typedef int (*pop_fn_t)(pinq_ring_t *, pinq_event_t *);
int ret_push(pinq_ring_t *r, const pinq_event_t *ev) __asm__("ret_stub_push");
int ret_pop(pinq_ring_t *r, pinq_event_t *ev) __asm__("ret_stub_pop");

/* producer side; each element has one writer (its ISR, or main) */
static volatile uint32_t made[NLINES]; /* push attempts = ts of the next event */
static volatile uint32_t depth, max_depth;
static volatile uint32_t preempted_pushes; /* timer landed inside another push */
static volatile uint8_t stressing, overrun, timer_done, soft_done, uart_in_push;
static uint64_t stress_deadline;
#define STRESS_TICKS_PER_EVENT 50 /* 5000 instructions per event: 10x what -O2 needs */
static uint32_t lcg = 12345;

/* the calls swept: the software interrupt's push, main's pop */
static struct sweep_call soft_call, pop_call;
static volatile push_fn_t soft_push = pinq_ring_push;
static volatile pop_fn_t main_pop = pinq_ring_pop;
static bool sweep_full; /* the ring is full when the swept call runs */

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
    SWEEP_CALL(&soft_call, push(&ring, &ev));
    if (push == ret_push)
        made[LINE_SOFT] = made[LINE_SOFT] - 1; /* the stub stored nothing */
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

/* Stress: every other tick also raises the software interrupt, or sends a
 * byte round the UART's loopback. */
static void stress_tick(void)
{
    uint32_t r = rnd(4);
    if (r == 0)
        riscv_msip_set(true);
    else if (r == 1)
        uart_tx((uint8_t)made[LINE_TIMER]);
}

/* Next stress tick at a random distance from the end of this handler, so
 * main keeps some time however long the handlers take. Past the deadline
 * (main starved: the handlers take all the time) the flood stops, so the
 * test fails instead of hanging. */
static void stress_rearm(void)
{
    uint64_t now = riscv_mtime();
    if (stressing && now > stress_deadline) {
        stressing = 0;
        overrun = 1;
    }
    riscv_mtimecmp_set(stressing ? now + 1 + rnd(6) : UINT64_MAX);
}

static void timer_handler(uint32_t mepc)
{
    uint32_t now = rv_instret();
    sweep_landed(mepc, now);
    enter();
    if (soft_call.in || uart_in_push)
        preempted_pushes = preempted_pushes + 1;
    if (sweep_active())
        riscv_mtimecmp_set(UINT64_MAX);
    else if (stressing)
        stress_tick();
    pinq_event_t ev = next_event(LINE_TIMER);
    pinq_ring_push(&ring, &ev);
    if (!sweep_active())
        stress_rearm();
    timer_done = 1;
    leave();
}

/* Per producer, ts must rise by one per event; a jump is a loss (counted
 * in gaps[] and later matched to `dropped` + `coalesced`). */
static void check_event(const pinq_event_t *ev)
{
    if (ev->kind == PINQ_EV_RESYNC)
        return;
    CHECK(ev->line < NLINES);
    if (ev->line >= NLINES)
        return;
    uint32_t ts = (uint32_t)ev->ts;
    CHECK(ts >= expect[ev->line]); /* per-producer order */
    if (ts > expect[ev->line])
        gaps[ev->line] += ts - expect[ev->line];
    expect[ev->line] = ts + 1;
}

/* Pop what is there, at most a few rings' worth: under a flood the ring
 * is never empty, and the stress loop must still look at its counts. */
static void consume(void)
{
    pinq_event_t ev;
    for (int n = 0; n < 4 * CAP && pinq_ring_pop(&ring, &ev) == 1; n++)
        check_event(&ev);
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

/* Main as a fourth producer: fill the ring until it holds `n` events or
 * refuses one (slots may also hold RESYNC markers, which `queued` does
 * not count). */
static void fill(uint32_t n)
{
    while (queued() < n) {
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

/* ---- the swept calls ------------------------------------------------- */

static void push_prepare(void)
{
    if (sweep_full)
        fill(CAP);
    soft_done = timer_done = 0;
}

static void push_fire(void)
{
    riscv_msip_set(true);
}

static void push_finish(void)
{
    while (!soft_done || (sweep_active() && !timer_done))
        ;
    consume();
}

static void push_stub(bool on)
{
    soft_push = on ? ret_push : pinq_ring_push;
}

/* The pop finds one event, or a full ring the timer's push may take the
 * oldest slot of (drop-oldest) while the pop is on it. */
static void pop_prepare(void)
{
    fill(sweep_full ? CAP : 1);
    timer_done = 0;
}

static void pop_fire(void)
{
    pinq_event_t ev;
    pop_fn_t pop = main_pop;
    int got = 0;
    SWEEP_CALL(&pop_call, got = pop(&ring, &ev));
    if (got == 1)
        check_event(&ev);
}

static void pop_finish(void)
{
    while (sweep_active() && !timer_done)
        ;
    consume();
}

static void pop_stub(bool on)
{
    main_pop = on ? ret_pop : pinq_ring_pop;
}

static const sweep_ops_t push_ops = {.prepare = push_prepare, .fire = push_fire, .finish = push_finish,
                                     .stub = push_stub, .entry = (uintptr_t)pinq_ring_push,
                                     .call = &soft_call};
static const sweep_ops_t pop_ops = {.prepare = pop_prepare, .fire = pop_fire, .finish = pop_finish,
                                    .stub = pop_stub, .entry = (uintptr_t)pinq_ring_pop, .call = &pop_call};

static const char *const policy_name[] = {"drop-newest", "drop-oldest", "coalesce"};

static void test_sweep(const sweep_ops_t *ops, const char *what, uint8_t policy, bool full)
{
    reset(policy);
    sweep_full = full;
    sweep_result_t res;
    CHECK(sweep_run(ops, &res)); /* found the entry, sane path length */
    CHECK_EQ(res.covered, res.path);
    CHECK(res.whole_calls > 0);
    CHECK_EQ(res.other_paths, 0); /* the path swept is the one measured */
    check_conservation();
    printf("sweep %s %s, ring %s: %lu instructions, timer landed on %lu of them (%lu distinct pcs)\n", what,
           policy_name[policy], full ? "full" : "with room", (unsigned long)res.path, (unsigned long)res.covered,
           (unsigned long)res.distinct_pc);
}

/* ---- stress ---------------------------------------------------------- */

/* Long enough for the producers to overfill the ring. */
static void stall(void)
{
    for (int i = 0; i < 8; i++)
        nop_sled(1000);
}

static void test_stress(uint8_t policy)
{
    reset(policy);
    overrun = 0;
    stress_deadline = riscv_mtime() + (uint64_t)PINQ_STRESS_EVENTS * STRESS_TICKS_PER_EVENT;
    stressing = 1;
    riscv_mtimecmp_set(riscv_mtime() + 1);
    uint32_t pops = 0;
    while (sum(made) < PINQ_STRESS_EVENTS && !overrun) {
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
    CHECK(!overrun); /* main was never starved for long */
    check_conservation();
    pinq_ring_stats_t st;
    pinq_ring_stats(&ring, &st);
    CHECK(st.dropped + st.coalesced > 0); /* the overflow path ran */
    CHECK_EQ(max_depth, 3);               /* UART < software < timer all nested */
    CHECK(preempted_pushes > 0);          /* pushes were interrupted by pushes */
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
        for (int full = 0; full <= 1; full++) {
            test_sweep(&push_ops, "push", policy, full);
            test_sweep(&pop_ops, "pop", policy, full);
        }
        test_stress(policy);
    }
    return check_done("test_preempt");
}
