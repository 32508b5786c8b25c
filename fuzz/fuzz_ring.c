/* fuzz_ring.c - differential fuzzer of the ring: the input is a ring
 * configuration and a sequence of push / push_n / pop / pop_n /
 * flush_lost calls, applied single-threaded to the real ring and to the
 * reference of ring_ref.h; every popped event, every return value and
 * every counter of pinq_ring_stats must agree, after every call.
 * Built twice: against the core as it ships, and (FUZZ_SAT_SHIFT) over
 * pinq_ring.c compiled with a saturation limit of 4 owed per line, so
 * that PINQ_FLAG_AT_LEAST is reachable in a few pushes.
 *
 * Input: byte 0 mode (bit 0), policy (bits 1-2, mod 3), start index near
 * 2^32 or 0 (bits 3-7); byte 1 capacity 2^(1 + b % 6); byte 2 lines
 * 1 + b % 8; then operations, one byte each plus their operands. */
#include <stdio.h>
#include <stdlib.h>

#ifdef FUZZ_SAT_SHIFT
#define LOST_SAT_SHIFT FUZZ_SAT_SHIFT
#include "pinq_ring.c"
#define SAT_LIMIT (UINT32_C(1) << (FUZZ_SAT_SHIFT - 2))
#else
#include "pinq.h"
#define SAT_LIMIT (UINT32_C(1) << 28)
#endif
#include "pinq_ring_inline.h"
#include "ring_ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct input {
    const uint8_t *p, *end;
} input_t;

static uint8_t next(input_t *in)
{
    return in->p < in->end ? *in->p++ : 0;
}

static pinq_slot_t slots[REF_MAX_CAP];
static pinq_lost_t lost[REF_MAX_LINES];
static pinq_ring_t ring;
static ref_ring_t model;
static pinq_ticks_t clock_ts;
static uint32_t high_water;
/* Pops in a row that found nothing, nothing pushed since. Finding 2
 * (docs/fuzzing.md): the pop that ends a fifo consumer's report pass may
 * leave lost_pending (and ready) true with nothing owed, until the next
 * pop or push; so they are exact from the second empty pop on. */
static uint32_t empty_pops;
#define settled (empty_pops >= 2)

/* FUZZ_RING_TRACE=1 in the environment: every call on stderr, to read a
 * failing input as a sequence of calls. */
static int trace = -1;
#define TRACE(...) (trace ? fprintf(stderr, __VA_ARGS__) : 0)

static void fail(const char *what, uint32_t got, uint32_t want)
{
    fprintf(stderr, "fuzz_ring: %s: ring %u, reference %u\n", what, (unsigned)got, (unsigned)want);
    abort();
}

static void expect(bool ok, const char *what)
{
    if (!ok)
        fail(what, 0, 1);
}

/* One event from an operand byte: line (some out of range), kind (some
 * RESYNC, which the ring refuses), level byte with flag bits at times. */
static pinq_event_t make_event(input_t *in)
{
    uint8_t b = next(in);
    static const uint8_t kinds[8] = {PINQ_EV_RISE, PINQ_EV_FALL, PINQ_EV_RISE, PINQ_EV_FALL,
                                     PINQ_EV_LEVEL, PINQ_EV_USER, PINQ_EV_RESYNC, 200};
    pinq_event_t ev = {.ts = ++clock_ts, .line = (uint16_t)(b & 7u), .kind = kinds[(b >> 3) & 7u],
                       .level = (uint8_t)((b >> 6) & 1u)};
    if (b >> 7)
        ev.level |= 0x80u; /* bits above the level bit travel unchanged */
    if ((b & 0x3Fu) == 0x3Fu)
        ev.line = PINQ_MAX_LINES - 1;
    return ev;
}

static bool valid(const pinq_event_t *ev)
{
    return ev->line < model.nlines && ev->kind != PINQ_EV_RESYNC;
}

static void check_counters(void)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(&ring, &st);
    if (st.produced != model.produced)
        fail("produced", st.produced, model.produced);
    if (st.delivered != model.delivered)
        fail("delivered", st.delivered, model.delivered);
    if (st.dropped != model.dropped)
        fail("dropped", st.dropped, model.dropped);
    if (st.coalesced != model.coalesced)
        fail("coalesced", st.coalesced, model.coalesced);
    if (st.queued != ref_queued(&model))
        fail("queued", st.queued, ref_queued(&model));
    if (st.ts_unsure != 0)
        fail("ts_unsure", st.ts_unsure, 0);
    /* the largest fill the consumer has seen: never more than there was,
     * never less than it saw before */
    if (st.high_water > model.max_fill || st.high_water < high_water)
        fail("high_water", st.high_water, model.max_fill);
    high_water = st.high_water;
    /* lost_pending and ready may stay true for a pass the consumer has
     * not finished, and one pop longer (finding 2): never false while
     * something is owed or ready, exact once settled */
    bool pending = pinq_ring_lost_pending(&ring), ready = pinq_ring_ready(&ring);
    if (pending != ref_owes(&model) && (!pending || settled))
        fail("lost_pending", pending, ref_owes(&model));
    if (ready != ref_ready(&model) && (!ready || settled))
        fail("ready", ready, ref_ready(&model));
}

static void popped(const pinq_event_t *ev)
{
    if (!ref_pop_check(&model, ev)) {
        fprintf(stderr, "fuzz_ring: popped line %u kind %u level 0x%x seq/lost %u ts %llu: not what the reference allows\n",
                ev->line, ev->kind, ev->level, (unsigned)ev->seq, (unsigned long long)ev->ts);
        abort();
    }
}

/* Single pushes and pops take turns between the library's calls and
 * pinq_ring_inline.h's, which must behave alike (the input's bytes are
 * not spent on it, so kept inputs replay as they did). */
static uint32_t single_calls;

static void op_push(input_t *in)
{
    pinq_event_t ev = make_event(in);
    int want = valid(&ev) ? ref_push(&model, &ev) : PINQ_EINVAL;
    int got = single_calls++ & 1 ? pinq_ring_push_inline(&ring, &ev) : pinq_ring_push(&ring, &ev);
    TRACE("push line %u kind %u level 0x%x ts %llu -> %d\n", ev.line, ev.kind, ev.level, (unsigned long long)ev.ts, got);
    empty_pops = got == PINQ_EINVAL ? empty_pops : 0;
    if (got != want)
        fail("push", (uint32_t)got, (uint32_t)want);
}

static void op_push_n(input_t *in)
{
    pinq_event_t ev[8] = {0};
    uint32_t n = next(in) % 9u, want = 0;
    bool refused = false;
    for (uint32_t i = 0; i < n; i++)
        ev[i] = make_event(in);
    for (uint32_t i = 0; i < n; i++) {
        if (!valid(&ev[i]))
            continue;
        if (refused) /* once one is refused, the rest are */
            ref_refuse(&model, &ev[i]), model.produced++;
        else if (ref_push(&model, &ev[i]) == PINQ_OK)
            want++;
        else
            refused = true;
    }
    uint32_t got = pinq_ring_push_n(&ring, ev, n);
    for (uint32_t i = 0; i < n; i++)
        TRACE("push_n[%u] line %u kind %u level 0x%x ts %llu\n", (unsigned)i, ev[i].line, ev[i].kind, ev[i].level,
              (unsigned long long)ev[i].ts);
    TRACE("push_n %u -> %u\n", (unsigned)n, (unsigned)got);
    empty_pops = want == 0 && !refused ? empty_pops : 0;
    if (got != want)
        fail("push_n", got, want);
}

static void op_pop(void)
{
    pinq_event_t ev = {0};
    bool want = ref_ready(&model);
    int got = single_calls++ & 1 ? pinq_ring_pop_inline(&ring, &ev) : pinq_ring_pop(&ring, &ev);
    TRACE("pop -> %d", got);
    if (got == 1)
        TRACE(": line %u kind %u level 0x%x seq/lost %u ts %llu", ev.line, ev.kind, ev.level, (unsigned)ev.seq,
              (unsigned long long)ev.ts);
    TRACE("\n");
    if (got != (int)want)
        fail("pop", (uint32_t)got, want);
    if (got == 1)
        popped(&ev);
    empty_pops = got == 0 ? empty_pops + 1 : 0;
}

static void op_pop_n(input_t *in)
{
    pinq_event_t ev[8] = {0};
    uint32_t n = next(in) % 9u;
    uint32_t got = pinq_ring_pop_n(&ring, ev, n);
    TRACE("pop_n %u -> %u\n", (unsigned)n, (unsigned)got);
    for (uint32_t i = 0; i < got; i++)
        popped(&ev[i]);
    empty_pops = got < n ? empty_pops + 1 : 0;
    if (got < n && ref_ready(&model))
        fail("pop_n stopped early", got, n);
}

static void op_flush(void)
{
    bool want = ref_flush_lost(&model);
    bool got = pinq_ring_flush_lost(&ring);
    TRACE("flush_lost -> %d\n", got);
    if (got != want)
        fail("flush_lost", got, want);
}

static void op_drain(void)
{
    for (uint32_t i = 0; i < 2 * REF_MAX_CAP + REF_MAX_LINES && ref_ready(&model); i++)
        op_pop();
    expect(!ref_ready(&model), "drain: still ready");
    op_pop(); /* and the ring agrees that nothing is left */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input_t in = {data, data + size};
    if (trace < 0)
        trace = getenv("FUZZ_RING_TRACE") != NULL;
    uint8_t b0 = next(&in), b1 = next(&in), b2 = next(&in);
    uint8_t mode = b0 & 1u, policy = (uint8_t)(((b0 >> 1) & 3u) % 3u);
    uint32_t start = (b0 >> 3) == 0 ? 0 : UINT32_MAX - (uint32_t)(b0 >> 3) * 3u; /* wraps within a few dozen pushes */
    uint32_t cap = UINT32_C(2) << (b1 % 6u);
    uint32_t nlines = 1u + b2 % REF_MAX_LINES;
    pinq_ring_cfg_t cfg = {.slots = slots, .capacity = cap, .lost = lost, .nlines = (uint16_t)nlines,
                           .mode = mode, .policy = policy, .start_index = start};
    if (pinq_ring_init(&ring, &cfg) != PINQ_OK)
        fail("init", 1, 0);
    TRACE("ring: %s %s capacity %u lines %u start %u\n", mode ? "MPSC" : "SPSC",
          policy == PINQ_DROP_NEWEST ? "DROP_NEWEST" : policy == PINQ_DROP_OLDEST ? "DROP_OLDEST" : "COALESCE",
          (unsigned)cap, (unsigned)nlines, (unsigned)start);
    ref_init(&model, cap, nlines, mode, policy, start, SAT_LIMIT);
    clock_ts = 1000;
    high_water = 0;
    empty_pops = 2;
    check_counters();
    for (uint32_t ops = 0; in.p < in.end && ops < 4096; ops++) {
        uint8_t op = next(&in);
        switch (op % 8u) {
        case 0:
        case 1:
        case 2: op_push(&in); break;
        case 3: op_push_n(&in); break;
        case 4: op_pop(); break;
        case 5: op_pop_n(&in); break;
        case 6: op_flush(); break;
        default: op_drain(); break;
        }
        check_counters();
    }
    /* at the end: flush and drain (markers may need room the drain
     * makes), and every loss was reported */
    for (uint32_t i = 0; i <= nlines; i++) {
        op_flush();
        op_drain();
    }
    check_counters();
    expect(!ref_owes(&model), "losses still owed after flush and drain");
    return 0;
}
