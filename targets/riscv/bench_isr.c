/* bench_isr.c - ISR post cost on rv32, in instructions, against FreeRTOS's
 * xQueueSendFromISR (16-byte item, no task waiting) in the same run.
 *
 * Run under -icount shift=10,sleep=off; bench_harness.h explains the
 * counting (minstret, calibrated per instruction). Figures are printed,
 * not asserted; the run fails only if pinq loses or invents an event.
 *   whole pin ISR   the body of a pin's interrupt handler: pinq_isr_post()
 *                   inlined into it (pinq_isr.h), or a call of pinq_post():
 *                   timestamp (mtime's low word), trigger filter, push,
 *                   overflow accounting, the handler's call and return
 *   push alone      pinq_ring_push() of a prepared event
 *   interrupt       raise MSIP .. back in main: software trap entry and
 *                   exit (start.S, riscv_trap) around the whole pin ISR
 */
#include "bench_harness.h"
#include "check.h"
#include "pinq.h"
#include "pinq_isr.h"
#include "rv_test.h"

#define CAP 2048
#ifndef BENCH_OPT
#define BENCH_OPT ""
#endif

static pinq_slot_t slots[CAP];
static pinq_lost_t lost[1];
static pinq_line_t state[1];
static const pinq_line_cfg_t lines[1] = {{.trigger = PINQ_TRIG_BOTH, .source = PINQ_SRC_IRQ}};
static pinq_t q;

int stub_push(pinq_ring_t *r, const pinq_event_t *ev) __asm__("ret_stub_push");
static int (*volatile push_fn)(pinq_ring_t *, const pinq_event_t *);
static const pinq_event_t ev = {.ts = 1, .line = 0, .kind = PINQ_EV_RISE, .level = 1};

#ifdef PINQ_HAVE_FREERTOS
int freertos_bench_init(void);
void freertos_bench(struct bench_result *send, struct bench_result *isr);
#endif

static void reset(uint8_t mode, uint32_t cap)
{
    pinq_cfg_t cfg = {.lines = lines, .state = state, .nlines = 1, .slots = slots, .lost = lost,
                      .capacity = cap, .mode = mode, .policy = PINQ_DROP_NEWEST};
    CHECK_EQ(pinq_init(&q, &cfg), PINQ_OK);
}

static void __attribute__((noinline)) pin_isr(void)
{
    pinq_isr_post(&q, 0, 1);
}

static void __attribute__((noinline)) pin_isr_call(void)
{
    pinq_post(&q, 0, 1);
}

static void __attribute__((noinline)) stamp_only(void)
{
    (void)pinq_port_now();
}

static uint32_t push_delta(void)
{
    uint32_t i0 = bench_instret();
    push_fn(&q.ring, &ev);
    return bench_instret() - i0;
}

static struct bench_result push_cost(void)
{
    push_fn = stub_push;
    uint64_t base = bench_sum(push_delta);
    push_fn = pinq_ring_push;
    return bench_result(bench_sum(push_delta), base);
}

static void soft_isr(uint32_t mepc)
{
    (void)mepc;
    riscv_msip_set(false);
    pin_isr();
}

static uint32_t irq_delta(void)
{
    uint32_t i0 = bench_instret();
    riscv_msip_set(true);
    return bench_instret() - i0;
}

static uint32_t empty_delta(void)
{
    uint32_t i0 = bench_instret();
    return bench_instret() - i0;
}

/* All posted events come out again: the figures are of working code. */
static void drain_and_check(uint32_t expected)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.produced, expected);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced + st.queued);
    pinq_event_t out;
    uint32_t n = 0;
    while (pinq_ring_pop(&q.ring, &out) == 1)
        n += out.kind != PINQ_EV_RESYNC;
    pinq_ring_stats(&q.ring, &st);
    CHECK_EQ(st.delivered, n);
}

/* One whole-pin-ISR figure on a fresh queue, then its events checked. */
static void pin_isr_cost(const char *label, uint8_t mode, void (*isr)(void))
{
    reset(mode, CAP);
    bench_print(label, bench_call(isr));
    drain_and_check(BENCH_REPS);
}

int main(void)
{
    riscv_mtimecmp_set(UINT64_MAX);
    bench_calibrate();
    printf("bench_isr " BENCH_OPT " (rv32imac, QEMU virt, instructions counted with minstret under -icount):\n");

    pin_isr_cost("pinq whole pin ISR, SPSC ring", PINQ_SPSC, pin_isr);
    pin_isr_cost("pinq whole pin ISR, MPSC ring", PINQ_MPSC, pin_isr);
    pin_isr_cost("pinq whole pin ISR calling pinq_post(), SPSC", PINQ_SPSC, pin_isr_call);
    pin_isr_cost("pinq whole pin ISR calling pinq_post(), MPSC", PINQ_MPSC, pin_isr_call);
    bench_print("pinq_port_now() (mtime, hi/lo/hi MMIO)", bench_call(stamp_only));
    reset(PINQ_SPSC, CAP);
    bench_print("pinq push alone, SPSC ring", push_cost());
    drain_and_check(BENCH_REPS);
    reset(PINQ_MPSC, CAP);
    bench_print("pinq push alone, MPSC ring", push_cost());
    drain_and_check(BENCH_REPS);
    reset(PINQ_MPSC, 2); /* full after two: the overflow accounting path */
    pin_isr();
    pin_isr();
    bench_print("pinq whole pin ISR, MPSC ring full (loss counted)", bench_call(pin_isr));
    drain_and_check(BENCH_REPS + 2);

    reset(PINQ_SPSC, CAP);
    riscv_irq_set_handler(IRQ_M_SOFT, soft_isr);
    csr_set(mstatus, MSTATUS_MIE);
    uint64_t empty = bench_sum(empty_delta);
    bench_print("pinq interrupt incl. trap entry/exit, SPSC", bench_result(bench_sum(irq_delta), empty));
    csr_clear(mstatus, MSTATUS_MIE);
    drain_and_check(BENCH_REPS);

#ifdef PINQ_HAVE_FREERTOS
    CHECK(freertos_bench_init());
    struct bench_result send, isr;
    freertos_bench(&send, &isr);
    bench_print("FreeRTOS xQueueSendFromISR (16 B), call", send);
    bench_print("FreeRTOS whole ISR around it", isr);
#else
    printf("  FreeRTOS comparison not built (kernel tarball not found)\n");
#endif
    printf("  RAM per line: pinq_line_t %u + pinq_lost_t %u bytes\n", (unsigned)sizeof(pinq_line_t),
           (unsigned)sizeof(pinq_lost_t));
    return check_done("bench_isr");
}
