/* test_mpsc_sweep.c - MPSC ring under real preemption, swept instruction
 * by instruction (run under -icount shift=0: one instruction per ns).
 *
 * Producers at three NVIC priorities push into one ring while main pops:
 *   LOW  (TIMER1, periodic)  arms HIGH, waits j instructions, pushes;
 *   HIGH (TIMER0, one-shot)  fires k timer ticks after arming, pushes a
 *        burst (1 event, or enough to fill the ring), pends MID, and
 *        records the PC it preempted (from the exception frame);
 *   MID  (software IRQ)      pushes one event, preempting LOW where HIGH did.
 * Sweeping (k, j) moves HIGH across every instruction of LOW's push path,
 * in six passes (plain, full ring, loss owed, argument errors, stale
 * producer view of head, full ring with nothing owed: see
 * board_timer1_isr), for each overflow policy and for an SPSC ring (LOW
 * alone pushing, HIGH only recording). Checked exactly, per producer: events arrive
 * in order, and pushed == delivered + lost (as reported by RESYNCs); ring
 * counters balance. The firmware prints each preempted PC ("hit 0x...");
 * the runner checks every instruction of the push path was hit.
 *
 * Every configuration is run twice over: producers calling pinq_ring_push(),
 * and producers posting pin edges through pinq_isr_post() on a pinq_t
 * (its fast path inlined into isr_post(), whose every instruction is swept
 * too: the SPSC store, the MPSC claim by LDREX/STREX on v7-M, and every
 * fallback to the library's general path). There events carry the port's
 * timestamp instead of a sequence number: per producer it must not go back.
 *
 * Every configuration is swept twice, with LOW's period at 10 us and at
 * 12.5 us (LOW_PERIODS). Under -icount QEMU 7.2 does not always stop the CPU
 * at HIGH's deadline: in some phases the timer interrupt is raised only at
 * the next exit from the TB loop a few instructions later, which on ARMv6-M
 * is the PRIMASK write of the next atomic (port/cortex-m/atomic_v6m.c), so
 * HIGH is taken after it and the instruction at the deadline is never
 * preempted. Which phases lose their deadline depends on the absolute timing
 * of the run (the same (k, j) is exact in another run), not on the code
 * under test; the second period moves every phase to another absolute time,
 * so each instruction gets a second, independent chance. */
#include <stdio.h>

#include "board.h"
#include "check.h"
#include "pinq_cortex_m.h"
#include "pinq_isr.h"

#define CAP 8
#define NPROD 3 /* line id = producer: 0 LOW, 1 MID, 2 HIGH */
#define SLED 128 /* phase step j: 0..SLED-1 instructions; two timer ticks wide, so
                  * windows overlap even where a timer model rounds its deadline */
#define KMAX 14 /* phase step k: 1..KMAX timer ticks (>= 40 instructions each): reaches the end of
                 * the longest push path (a discard on ARMv6-M, atomics by masking) */
#define MAX_HITS 2048
#define PASS_LEN (SLED * KMAX)
#define NPASS 6
/* LOW's period in timer ticks, per round: 10 us, then 12.5 us. On ARMv6-M
 * four times that for pinq_isr_post() producers, whose general path there
 * (the port's clock read, atomics by masking) would otherwise make some
 * LOW phases run into the next period, which then re-arms HIGH before it
 * has fired. */
#if defined(__ARM_ARCH_6M__)
/* ARMv6-M: a discard's accounting (five read-modify-writes by masking)
 * needs twice the period */
#define LOW_PERIODS {board_timer_hz() / 50000, board_timer_hz() / 40000}
#else
#define LOW_PERIODS {board_timer_hz() / 100000, board_timer_hz() / 80000}
#endif
#if defined(__ARM_ARCH_6M__)
#define ISR_PERIOD_SCALE 4
#else
#define ISR_PERIOD_SCALE 2 /* the general path's overflow accounting, with room to spare */
#endif

enum { LOW, MID, HIGH };

PINQ_RING_STORAGE(rg, CAP, NPROD + 1);
static pinq_ring_t ring;
/* the pinq_isr_post() rounds: one rising-edge line per producer */
static const pinq_line_cfg_t line_cfg[NPROD] = {{.trigger = PINQ_TRIG_BOTH}, {.trigger = PINQ_TRIG_BOTH},
                                                {.trigger = PINQ_TRIG_BOTH}};
static pinq_line_t line_state[NPROD];
static pinq_t q;
static bool via_isr;     /* producers post through pinq_isr_post(&q, ...) */
static pinq_ring_t *R;   /* the ring under test: `ring`, or q's */

static uint32_t pushed[NPROD];       /* push attempts with a valid line, per producer */
static volatile uint32_t phase;      /* next (k, j, burst) to run */
static volatile uint32_t phases;     /* total for this configuration */
static volatile uint32_t einval_seen;
/* halfword addresses (pc >> 1): the firmware's code lies below 128 KiB,
 * and 16-bit entries leave RAM for the M0 board */
static volatile uint16_t hits[MAX_HITS];
static volatile uint32_t nhits, hits_lost;
/* HIGH runs per phase, as two bitmaps (the micro:bit has 16 KiB of RAM):
 * ran at least once, ran more than once */
static volatile uint32_t fired_once[(NPASS * PASS_LEN + 31) / 32], fired_again[(NPASS * PASS_LEN + 31) / 32];
static volatile uint32_t cur, high_runs;
static bool contend; /* HIGH and MID push too (MPSC); SPSC: LOW alone */

/* SLED nops then return: entering at nop #(SLED - j) delays j instructions. */
__attribute__((naked, aligned(4))) static void sled(void)
{
    __asm__ volatile(".rept 128\n\tnop\n\t.endr\n\tbx lr");
}

static void delay_instructions(uint32_t j)
{
    void (*entry)(void) = (void (*)(void))((uintptr_t)sled + 2u * (SLED - j));
    entry();
}

/* A pin ISR's post, pinq_isr_post() inlined here: the runner sweeps every
 * instruction of this function (CMakeLists.txt). */
__attribute__((noinline)) static int isr_post(uint16_t line, int level)
{
    return pinq_isr_post(&q, line, level);
}

/* A producer's n-th event: sequence n in ts for pinq_ring_push(); for
 * pinq_isr_post() (whose ts is the clock's) level n & 1, so that each
 * producer's levels alternate and the consumer can follow the chain. */
static uint32_t refused_new[NPROD]; /* DROP_OLDEST: a new event dropped (the oldest slot was busy) */

static void push_as(unsigned who)
{
    uint32_t n = pushed[who]++;
    pinq_event_t e = {.ts = n, .line = (uint16_t)who, .kind = PINQ_EV_RISE, .level = 1};
    if (!via_isr)
        pinq_ring_push(&ring, &e);
    else if (isr_post((uint16_t)who, (int)(n & 1u)) == PINQ_EFULL)
        refused_new[who]++; /* under DROP_OLDEST only a busy oldest slot refuses */
}

static void record_hit(uint32_t pc)
{
    if (pc >= (UINT32_C(1) << 17)) {
        hits_lost++; /* cannot be recorded: fails the run */
        return;
    }
    for (uint32_t i = 0; i < nhits; i++)
        if (hits[i] == pc >> 1)
            return;
    if (nhits < MAX_HITS)
        hits[nhits++] = (uint16_t)(pc >> 1);
    else
        hits_lost++;
}

/* The swept push of pass 3: each argument error path in turn. */
static void push_invalid(uint32_t kind)
{
    pinq_event_t bad = {.line = NPROD + 1};
    int rc = via_isr     ? isr_post(kind == 0 ? NPROD : UINT16_MAX, 1)
           : kind == 0 ? pinq_ring_push(&ring, &bad)
           : kind == 1 ? pinq_ring_push(&ring, NULL)
                       : pinq_ring_push(NULL, &bad);
    einval_seen += rc == PINQ_EINVAL;
}

static void push_n_as_low(unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        push_as(LOW);
}

/* One push as LOW; false if it left the tail where it was: a loss is owed
 * and its RESYNC needs two free slots (marker and event), which only main
 * can make. The fill loops below stop there instead of spinning forever. */
static bool push_moved(void)
{
    uint32_t t = R->tail;
    push_as(LOW);
    return R->tail != t;
}

/* LOW: one phase. Passes: 0 plain push (HIGH fills the ring under it);
 * 1 push into a full ring with a loss owed; 2 push into an emptied ring
 * that owes a RESYNC (then overflow again for the next phase); 3 the
 * argument errors; 4 push into an emptied ring whose SPSC producer still
 * sees it full (its cached head is a lap behind: the refresh path), then
 * fill it exactly, without a loss, for the next phase; 5 (SPSC) fill the
 * ring exactly, nothing owed, then push into it. */
void board_timer1_isr(void)
{
    board_timer_ack(1);
    uint32_t p = phase;
    if (p >= phases) {
        board_timer_stop(1);
        return;
    }
    phase = p + 1;
    uint32_t step = p % PASS_LEN, pass = p / PASS_LEN;
    uint32_t j = step % SLED, k = 1 + step / SLED;
    if (pass == 3)
        k = 1 + k % 3; /* the error paths are short: sweep each over k = 1..3 */
    if (pass == 1)
        push_n_as_low(CAP + 1);
    if (pass == 5 && !contend) /* MPSC meets a full ring in pass 0 already */
        while (R->tail - R->head < CAP && push_moved()) /* white box: main is not running now */
            ;
    cur = p;
    board_timer_start(0, k, false);
    delay_instructions(j);
    if (pass == 3)
        push_invalid(step / (3 * SLED) % 3);
    else
        push_as(LOW);
    if (pass == 2)
        push_n_as_low(CAP + 1);
    if (pass == 4)
        /* white box: a fifo producer reaches the limit of its cached view
         * of head (stamped rings keep no view: the first CAP positions) */
        while ((R->fifo ? R->tail != R->tail_limit : R->tail - R->start < CAP) && push_moved())
            ;
}

/* HIGH: the naked entry hands the exception frame to the C handler. */
void high_isr(const uint32_t *frame);
__attribute__((naked)) void board_timer0_isr(void)
{
    __asm__ volatile("mrs r0, msp\n\tldr r1, =high_isr\n\tbx r1");
}

void high_isr(const uint32_t *frame)
{
    board_timer_ack(0);
    uint32_t bit = 1u << (cur % 32);
    if (fired_once[cur / 32] & bit)
        fired_again[cur / 32] |= bit;
    fired_once[cur / 32] |= bit;
    high_runs++;
    record_hit(frame[6] & ~1u); /* stacked PC: the instruction HIGH preempted */
    /* pass 0: fill the ring while LOW is half-way through its push */
    unsigned burst = !contend ? 0 : cur / PASS_LEN == 0 ? CAP : 1;
    for (unsigned i = 0; i < burst; i++)
        push_as(HIGH);
    pinq_cm_irq_pend(BOARD_SOFT0_IRQ);
}

void board_soft0_isr(void) /* MID */
{
    if (contend)
        push_as(MID);
}

static uint32_t delivered[NPROD], lost[NPROD], order_errors;
static uint64_t next_seq[NPROD];
static int next_level[NPROD]; /* pinq_isr_post rounds: the level the next event must have, -1 any */
static uint32_t early_resyncs[NPROD];
static bool oldest;

/* pinq_isr_post rounds: levels alternate per producer, and a RESYNC
 * carries the level of the last event lost before the next one: a
 * swapped pair or a RESYNC out of place breaks the chain. (The clock's
 * ts alone cannot tell: several posts share one of its ticks.)
 * DROP_OLDEST reports at the head, with the discarded oldest events, a
 * new event dropped because the oldest slot was busy: that one's RESYNC
 * can come before older events still queued, and break the chain once
 * after them (design.md). Each such break is counted, and run() checks
 * that there are no more of them than such refusals; after a DROP_OLDEST
 * RESYNC any level may follow (its level bit may be an older event's).
 * A loose check under DROP_OLDEST, then: tests/test_ring.c covers its
 * consumer's RESYNC scan. */
static void follow_level(const pinq_event_t *e)
{
    int *next = &next_level[e->line];
    bool edge = e->kind == PINQ_EV_RISE || e->kind == PINQ_EV_FALL;
    if (edge && e->kind != (e->level ? PINQ_EV_RISE : PINQ_EV_FALL))
        order_errors++;
    if (edge && *next >= 0 && e->level != *next) {
        if (oldest)
            early_resyncs[e->line]++;
        else
            order_errors++;
    }
    *next = e->kind == PINQ_EV_RESYNC && oldest ? -1 : !(e->level & 1);
}

static void consume(const pinq_event_t *e)
{
    if (e->line >= NPROD) {
        order_errors++;
        return;
    }
    if (via_isr)
        follow_level(e);
    if (e->kind == PINQ_EV_RESYNC) {
        lost[e->line] += e->lost;
        return;
    }
    if (e->ts < next_seq[e->line]) /* per producer FIFO; gaps are losses */
        order_errors++;
    next_seq[e->line] = e->ts + !via_isr; /* two posts may share a clock tick */
    delivered[e->line]++;
}

static void drain(void)
{
    pinq_event_t e;
    for (;;) {
        while (pinq_ring_pop(R, &e) == 1)
            consume(&e);
        pinq_irqstate_t s = pinq_irq_save();
        bool done = pinq_ring_flush_lost(R);
        pinq_irq_restore(s);
        if (done && !pinq_ring_ready(R))
            return;
    }
}

/* The ring under test, standalone or inside q (via_isr). */
static void setup(uint8_t mode, uint8_t policy)
{
    if (via_isr) {
        pinq_cfg_t c = {.lines = line_cfg, .state = line_state, .nlines = NPROD, .slots = rg_slots,
                        .lost = rg_lost, .capacity = CAP, .mode = mode, .policy = policy};
        CHECK_EQ(pinq_init(&q, &c), PINQ_OK);
        R = &q.ring;
    } else {
        pinq_ring_cfg_t c = {.slots = rg_slots, .capacity = CAP, .lost = rg_lost, .nlines = NPROD + 1,
                             .mode = mode, .policy = policy};
        CHECK_EQ(pinq_ring_init(&ring, &c), PINQ_OK);
        R = &ring;
    }
}

static void run(uint8_t mode, uint8_t policy, const char *name, uint32_t low_period)
{
    contend = mode == PINQ_MPSC;
    setup(mode, policy);
    oldest = policy == PINQ_DROP_OLDEST;
    for (unsigned i = 0; i < NPROD; i++) {
        pushed[i] = delivered[i] = lost[i] = 0;
        next_seq[i] = 0;
        next_level[i] = 0;
        early_resyncs[i] = refused_new[i] = 0;
    }
    order_errors = einval_seen = 0;
    phase = high_runs = 0;
    phases = NPASS * PASS_LEN;
    /* LOW every >= 10000 instructions: room for HIGH's burst and MID, and for main to pop */
    board_timer_start(1, low_period, true);
    pinq_event_t e;
    /* main runs only when no ISR is active or pending: once HIGH has run
     * for the last phase, MID has too. A phase HIGH missed (LOW overran
     * its period) fails the misfire check below instead of hanging here. */
    uint32_t after = 0;
    while (high_runs < phases && !(phase >= phases && ++after > 1000000)) {
        /* SPSC: leaving one slot filled keeps the ring from running dry,
         * so LOW writes its own RESYNC markers (a fifo's consumer reports
         * only the losses no event has followed; drain() gets those) */
        if (!contend && atomic_load(&R->tail) - atomic_load(&R->head) < 2)
            continue;
        if (pinq_ring_pop(R, &e) == 1)
            consume(&e);
    }
    board_timer_stop(1);
    drain();

    pinq_ring_stats_t st;
    pinq_ring_stats(R, &st);
    printf("%s%s (LOW every %lu ticks): pushed %lu/%lu/%lu delivered %lu/%lu/%lu lost %lu/%lu/%lu\n", name,
           via_isr ? ", pinq_isr_post" : "", (unsigned long)low_period,
           (unsigned long)pushed[0], (unsigned long)pushed[1], (unsigned long)pushed[2],
           (unsigned long)delivered[0], (unsigned long)delivered[1], (unsigned long)delivered[2],
           (unsigned long)lost[0], (unsigned long)lost[1], (unsigned long)lost[2]);
    unsigned misfired = 0;
    for (unsigned i = 0; i < phases; i++) {
        uint32_t bit = 1u << (i % 32);
        misfired += !(fired_once[i / 32] & bit) || (fired_again[i / 32] & bit);
    }
    for (unsigned w = 0; w < (NPASS * PASS_LEN + 31) / 32; w++)
        fired_once[w] = fired_again[w] = 0;
    CHECK_EQ(misfired, 0); /* HIGH ran exactly once in every phase */
    CHECK_EQ(order_errors, 0);
    CHECK_EQ(einval_seen, PASS_LEN);
    for (unsigned i = 0; i < NPROD; i++) {
        CHECK_EQ(pushed[i], delivered[i] + lost[i]); /* exact, per producer */
        CHECK(early_resyncs[i] <= refused_new[i]);   /* see follow_level */
    }
    CHECK_EQ(st.produced, pushed[0] + pushed[1] + pushed[2]);
    CHECK_EQ(st.produced, st.delivered + st.dropped + st.coalesced);
    CHECK_EQ(st.queued, 0);
    CHECK(lost[LOW] > 0); /* LOW did meet a full ring */
    CHECK_EQ(pushed[HIGH], contend ? PASS_LEN * (CAP + NPASS - 1) : 0); /* CAP in pass 0, 1 in the others */
}

int main(void)
{
    CHECK_EQ(pinq_cm_irq_setup(BOARD_TIMER1_IRQ, 0xC0), PINQ_OK);
    CHECK_EQ(pinq_cm_irq_setup(BOARD_SOFT0_IRQ, 0x80), PINQ_OK);
    CHECK_EQ(pinq_cm_irq_setup(BOARD_TIMER0_IRQ, 0x40), PINQ_OK);
    const uint32_t periods[] = LOW_PERIODS;
    for (unsigned r = 0; r < 2 * sizeof periods / sizeof periods[0]; r++) {
        via_isr = r % 2;
        uint32_t period = periods[r / 2] * (via_isr ? ISR_PERIOD_SCALE : 1);
        run(PINQ_MPSC, PINQ_DROP_NEWEST, "mpsc drop-newest", period);
        run(PINQ_MPSC, PINQ_DROP_OLDEST, "mpsc drop-oldest", period);
        run(PINQ_MPSC, PINQ_COALESCE, "mpsc coalesce", period);
        run(PINQ_SPSC, PINQ_DROP_NEWEST, "spsc drop-newest", period);
    }
    CHECK_EQ(hits_lost, 0);
    for (uint32_t i = 0; i < nhits; i++)
        printf("hit 0x%08lx\n", (unsigned long)hits[i] << 1);
    return check_done("test_mpsc_sweep");
}
