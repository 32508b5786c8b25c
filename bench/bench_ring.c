/* bench_ring.c - throughput of pinq's event ring against Concurrency Kit's
 * ck_ring in the same run, on the same 16-byte records, producers pinned to
 * CPU 0 and the consumer to CPU 1. Prints events/s per library and the
 * pinq/ck ratio (median of the repetitions). Every run checks conservation
 * (count, checksum, per-producer order, pinq's drop accounting) and the
 * program exits 1 if one fails; the speed figures are never asserted.
 *
 * Both libraries are driven the same way: a producer that finds the ring
 * full backs off briefly and retries the events that were not stored, so
 * each run moves exactly `events` records. ck_ring has no batch calls: in
 * the batched cases it moves the same records one call each.
 *
 * A run that exceeds RUN_LIMIT_NS is stopped (producers finish their batch
 * and quit) and its rate is what it achieved; the row is flagged. That
 * happens to ck_ring with two producers on one CPU: its multi-producer
 * enqueue waits for earlier tickets to commit, so a producer preempted
 * between claim and commit makes the other spin out its time slice.
 *
 * usage: bench_ring [events_per_run [repetitions [case-name-prefix]]]
 */
#define _GNU_SOURCE /* ck headers use GNU C builtins behind feature tests */
#include <ck_ring.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_util.h"
#include "pinq.h"
#include "pinq_ring_inline.h"

#define CAP 1024     /* slots in either ring (ck_ring holds CAP - 1) */
#define BATCH 32     /* events per push_n / pop_n in the batched cases */
#define MAX_PROD 2   /* also the pinq ring's line count: line = producer */
#define MAX_REPS 64
#define BACKOFF 16   /* PAUSEs after finding the ring full or empty */
#define YIELD_AFTER 256 /* failed tries in a row before giving the CPU away */
#define RUN_LIMIT_NS UINT64_C(2000000000)

/* ck_ring stores whole records inline through its typed interface, so both
 * rings copy the same 16 bytes per event (no pointer indirection for ck). */
CK_RING_PROTOTYPE(ev, pinq_event)

/* LIB_PINQ calls pinq_ring_inline.h's push and pop, compiled in here as
 * ck_ring's are; LIB_PINQ_CALL (the one-thread figure only) calls the
 * library's pinq_ring_push() and pinq_ring_pop(). */
enum lib { LIB_PINQ, LIB_CK, NLIBS, LIB_PINQ_CALL = NLIBS };
static const char *const lib_name[NLIBS] = {"pinq", "ck_ring"};

struct bench_case {
    const char *name;
    uint8_t mode;   /* PINQ_SPSC or PINQ_MPSC (ck: _spsc or _mpsc calls) */
    uint32_t batch; /* 1: single-item calls */
    unsigned nprod; /* all on CPU 0: like several ISRs preempting each other on one core */
};

static const struct bench_case cases[] = {
    {"SPSC single", PINQ_SPSC, 1, 1},
    {"SPSC batch32", PINQ_SPSC, BATCH, 1},
    {"MPSC single, 1 prod", PINQ_MPSC, 1, 1},
    {"MPSC single, 2 prod", PINQ_MPSC, 1, 2},
    {"MPSC batch32, 2 prod", PINQ_MPSC, BATCH, 2},
};

/* What one thread saw; written once, after its loop. */
struct tally {
    uint64_t n;       /* events moved */
    uint64_t sum;     /* checksum of consumed events (consumer) */
    uint64_t refused; /* pinq events refused as full: must equal its dropped count */
    uint64_t full;    /* push attempts that found the ring full */
    uint64_t lost;    /* sum of RESYNC `lost` seen (consumer, pinq) */
    uint64_t bad;     /* out-of-order or foreign events (consumer) */
    uint64_t bad_at;  /* consumer: index of the first bad event, its line, expected and found ts */
    uint64_t bad_line, bad_want, bad_got;
};

struct run {
    const struct bench_case *c;
    enum lib lib;
    uint64_t per_prod;
    _Atomic unsigned ready;
    _Atomic int go;
    _Atomic int stop;          /* main: time limit reached */
    _Atomic unsigned prod_done; /* producers whose tally is written */
    _Atomic int finished;      /* consumer: t_end and tally written */
    uint64_t t_end;
    struct tally prod[MAX_PROD], cons;
};

struct worker {
    struct run *r;
    unsigned id;
};

static pinq_ring_t pring;
static _Alignas(64) pinq_slot_t pslots[CAP];
static pinq_lost_t plost[MAX_PROD];
static _Alignas(64) ck_ring_t cring;
static _Alignas(64) struct pinq_event cbuf[CAP];

static pinq_event_t make_event(unsigned prod, uint64_t i)
{
    return (pinq_event_t){.ts = i, .line = (uint16_t)prod, .kind = (i & 1) ? PINQ_EV_RISE : PINQ_EV_FALL,
                          .level = (uint8_t)(i & 1)};
}

/* Order-independent checksum term; seq is left out because pinq rewrites it. */
static uint64_t ev_hash(const pinq_event_t *e)
{
    uint64_t h = e->ts ^ ((uint64_t)e->line << 40) ^ ((uint64_t)e->kind << 48) ^ ((uint64_t)e->level << 56);
    return h * UINT64_C(0x9E3779B97F4A7C15);
}

/* Wait a little after finding the ring full or empty. On a shared machine
 * the other side may be descheduled: after YIELD_AFTER tries in a row, let
 * it run instead of spinning through our time slice. */
static void backoff(uint32_t *tries)
{
    if (++*tries % YIELD_AFTER == 0) {
        sched_yield();
        return;
    }
    for (int i = 0; i < BACKOFF; i++)
        bench_relax();
}

static void start_gate(struct run *r)
{
    atomic_fetch_add(&r->ready, 1);
    while (!atomic_load_explicit(&r->go, memory_order_acquire))
        bench_relax();
}

/* Store a prefix of ev[0..n); returns its length. pinq counts the rest as
 * dropped (DROP_NEWEST), ck_ring just refuses. */
static inline uint32_t push_some(enum lib lib, uint8_t mode, pinq_event_t *ev, uint32_t n)
{
    if (lib == LIB_PINQ_CALL)
        return (uint32_t)(pinq_ring_push(&pring, ev) == PINQ_OK);
    if (lib == LIB_PINQ)
        return n == 1 ? (uint32_t)(pinq_ring_push_inline(&pring, ev) == PINQ_OK) : pinq_ring_push_n(&pring, ev, n);
    uint32_t k = 0;
    if (mode == PINQ_SPSC)
        while (k < n && ck_ring_enqueue_spsc_ev(&cring, cbuf, &ev[k]))
            k++;
    else
        while (k < n && ck_ring_enqueue_mpsc_ev(&cring, cbuf, &ev[k]))
            k++;
    return k;
}

static inline uint32_t pop_some(enum lib lib, pinq_event_t *ev, uint32_t n)
{
    if (lib == LIB_PINQ_CALL)
        return (uint32_t)(pinq_ring_pop(&pring, ev) == 1);
    if (lib == LIB_PINQ)
        return n == 1 ? (uint32_t)(pinq_ring_pop_inline(&pring, ev) == 1) : pinq_ring_pop_n(&pring, ev, n);
    uint32_t k = 0; /* one consumer: ck's _mpsc dequeue is this same call */
    while (k < n && ck_ring_dequeue_spsc_ev(&cring, cbuf, &ev[k]))
        k++;
    return k;
}

static inline void produce(struct run *r, unsigned id, enum lib lib)
{
    pinq_event_t buf[BATCH];
    struct tally t = {0};
    const uint32_t b = r->c->batch;
    start_gate(r);
    for (uint64_t i = 0; i < r->per_prod && !atomic_load_explicit(&r->stop, memory_order_relaxed); i += b) {
        uint32_t k = r->per_prod - i < b ? (uint32_t)(r->per_prod - i) : b;
        for (uint32_t j = 0; j < k; j++)
            buf[j] = make_event(id, i + j);
        for (uint32_t done = 0, tries = 0;;) {
            uint32_t s = push_some(lib, r->c->mode, buf + done, k - done);
            done += s;
            if (done == k)
                break;
            t.full++;
            if (lib == LIB_PINQ)
                t.refused += k - done;
            backoff(&tries);
        }
        t.n += k;
    }
    r->prod[id] = t;
    atomic_fetch_add_explicit(&r->prod_done, 1, memory_order_release);
}

/* Events the producers stored; valid once they are all done. */
static uint64_t produced_total(const struct run *r)
{
    uint64_t n = 0;
    for (unsigned p = 0; p < r->c->nprod; p++)
        n += r->prod[p].n;
    return n;
}

static inline void consume(struct run *r, enum lib lib)
{
    pinq_event_t buf[BATCH];
    uint64_t next[MAX_PROD] = {0};
    struct tally t = {0};
    uint64_t target = r->per_prod * r->c->nprod;
    uint32_t tries = 0;
    bool ended = false;
    start_gate(r);
    while (t.n < target) {
        uint32_t k = pop_some(lib, buf, r->c->batch);
        if (k == 0 && !ended && atomic_load_explicit(&r->prod_done, memory_order_acquire) == r->c->nprod) {
            target = produced_total(r); /* less than asked if main stopped the run */
            ended = true;
        }
        if (k == 0 && ended && tries > YIELD_AFTER)
            break; /* everything stored is published by now: the rest is lost, and the books will say so */
        if (k == 0)
            backoff(&tries);
        else
            tries = 0;
        for (uint32_t j = 0; j < k; j++) {
            const pinq_event_t *e = &buf[j];
            if (e->kind == PINQ_EV_RESYNC) {
                t.lost += e->lost;
                continue;
            }
            if (e->line >= r->c->nprod || e->ts != next[e->line]) {
                if (t.bad++ == 0)
                    t.bad_at = t.n, t.bad_line = e->line, t.bad_got = e->ts,
                    t.bad_want = e->line < MAX_PROD ? next[e->line] : 0;
            } else {
                next[e->line]++;
            }
            t.sum += ev_hash(e);
            t.n++;
        }
    }
    r->t_end = bench_now_ns();
    r->cons = t;
    atomic_store_explicit(&r->finished, 1, memory_order_release);
}

static void *producer_main(void *arg)
{
    struct worker *w = arg;
    bench_pin(0, "producer");
    if (w->r->lib == LIB_PINQ) /* constant lib: each loop compiles on its own */
        produce(w->r, w->id, LIB_PINQ);
    else
        produce(w->r, w->id, LIB_CK);
    return NULL;
}

static void *consumer_main(void *arg)
{
    struct worker *w = arg;
    bench_pin(1, "consumer");
    if (w->r->lib == LIB_PINQ)
        consume(w->r, LIB_PINQ);
    else
        consume(w->r, LIB_CK);
    return NULL;
}

static void rings_init(uint8_t mode)
{
    pinq_ring_cfg_t cfg = {.slots = pslots, .capacity = CAP, .lost = plost, .nlines = MAX_PROD,
                           .mode = mode, .policy = PINQ_DROP_NEWEST};
    if (pinq_ring_init(&pring, &cfg) != PINQ_OK) {
        fprintf(stderr, "pinq_ring_init failed\n");
        exit(2);
    }
    ck_ring_init(&cring, CAP);
}

/* pinq's own books after a run: losses not yet followed by a stored event
 * are flushed as RESYNCs (the producers have stopped) and drained, then
 * produced == delivered + dropped + coalesced + queued must hold exactly and
 * match what the threads counted. */
static bool pinq_books_ok(const struct run *r, uint64_t refused, uint64_t lost)
{
    pinq_event_t e;
    uint64_t extra = 0;
    bool flushed = pinq_ring_flush_lost(&pring);
    while (pinq_ring_pop(&pring, &e) == 1) {
        if (e.kind == PINQ_EV_RESYNC)
            lost += e.lost;
        else
            extra++;
    }
    pinq_ring_stats_t st;
    pinq_ring_stats(&pring, &st);
    uint64_t moved = r->cons.n;
    bool ok = st.produced == st.delivered + st.dropped + st.coalesced + st.queued && st.queued == 0 &&
              flushed && extra == 0 && st.delivered == (uint32_t)moved && st.produced == (uint32_t)(moved + refused) &&
              st.dropped == (uint32_t)refused && lost == refused;
    if (!ok)
        fprintf(stderr,
                "pinq books: produced %" PRIu32 " delivered %" PRIu32 " dropped %" PRIu32 " queued %" PRIu32
                " extra %" PRIu64 " refused %" PRIu64 " resync-lost %" PRIu64 "\n",
                st.produced, st.delivered, st.dropped, st.queued, extra, refused, lost);
    return ok;
}

static uint64_t expected_sum(const struct run *r)
{
    uint64_t sum = 0;
    for (unsigned p = 0; p < r->c->nprod; p++)
        for (uint64_t i = 0; i < r->prod[p].n; i++) {
            pinq_event_t e = make_event(p, i);
            sum += ev_hash(&e);
        }
    return sum;
}

static bool conserved(const struct run *r)
{
    uint64_t target = produced_total(r), refused = 0, expect_sum = expected_sum(r);
    for (unsigned p = 0; p < r->c->nprod; p++)
        refused += r->prod[p].refused;
    bool ok = r->cons.n == target && r->cons.sum == expect_sum && r->cons.bad == 0;
    if (!ok)
        fprintf(stderr,
                "%s %s: consumed %" PRIu64 "/%" PRIu64 ", checksum %s, %" PRIu64 " out of order (first: event %" PRIu64
                ", line %" PRIu64 ", ts %" PRIu64 " where %" PRIu64 " was due)\n",
                r->c->name, lib_name[r->lib], r->cons.n, target, r->cons.sum == expect_sum ? "ok" : "WRONG",
                r->cons.bad, r->cons.bad_at, r->cons.bad_line, r->cons.bad_got, r->cons.bad_want);
    if (r->lib == LIB_PINQ)
        return pinq_books_ok(r, refused, r->cons.lost) && ok;
    return ck_ring_size(&cring) == 0 && ok;
}

/* Wait for the consumer; past RUN_LIMIT_NS, tell the producers to stop.
 * Returns true if the limit was hit. */
static bool supervise(struct run *r, uint64_t t0)
{
    const struct timespec tick = {.tv_nsec = 5000000};
    bool stopped = false;
    while (!atomic_load_explicit(&r->finished, memory_order_acquire)) {
        nanosleep(&tick, NULL);
        if (!stopped && bench_now_ns() - t0 > RUN_LIMIT_NS) {
            atomic_store_explicit(&r->stop, 1, memory_order_relaxed);
            stopped = true;
        }
    }
    return stopped;
}

/* One timed run; returns events/s, or 0 if conservation failed. */
static double one_run(const struct bench_case *c, enum lib lib, uint64_t per_prod, uint64_t *full, bool *limited)
{
    static struct run r;
    r = (struct run){.c = c, .lib = lib, .per_prod = per_prod};
    rings_init(c->mode);
    pthread_t th[MAX_PROD + 1];
    struct worker w[MAX_PROD + 1];
    for (unsigned i = 0; i <= c->nprod; i++) {
        w[i] = (struct worker){.r = &r, .id = i};
        if (pthread_create(&th[i], NULL, i == c->nprod ? consumer_main : producer_main, &w[i]) != 0) {
            perror("pthread_create");
            exit(2);
        }
    }
    while (atomic_load(&r.ready) != c->nprod + 1)
        sched_yield();
    uint64_t t0 = bench_now_ns();
    atomic_store_explicit(&r.go, 1, memory_order_release);
    *limited = supervise(&r, t0) || *limited;
    for (unsigned i = 0; i <= c->nprod; i++)
        pthread_join(th[i], NULL);
    for (unsigned p = 0; p < c->nprod; p++)
        *full += r.prod[p].full;
    if (!conserved(&r))
        return 0;
    return (double)r.cons.n / ((double)(r.t_end - t0) * 1e-9);
}

/* One push of b events and the pop that takes them back; returns the
 * events moved. The per-library wrappers are out of line, so that
 * `valgrind --tool=callgrind` counts each one's instructions per round
 * (docs/performance.md). */
static inline uint32_t round_of(enum lib lib, uint8_t mode, pinq_event_t *in, pinq_event_t *out, uint32_t b)
{
    uint32_t k = push_some(lib, mode, in, b);
    return pop_some(lib, out, b) == k ? k : 0;
}

typedef uint32_t round_fn(uint8_t mode, pinq_event_t *in, pinq_event_t *out, uint32_t b);
static __attribute__((noinline)) uint32_t round_pinq(uint8_t mode, pinq_event_t *in, pinq_event_t *out, uint32_t b)
{
    return round_of(LIB_PINQ, mode, in, out, b);
}
static __attribute__((noinline)) uint32_t round_ck(uint8_t mode, pinq_event_t *in, pinq_event_t *out, uint32_t b)
{
    return round_of(LIB_CK, mode, in, out, b);
}
static __attribute__((noinline)) uint32_t round_call(uint8_t mode, pinq_event_t *in, pinq_event_t *out, uint32_t b)
{
    return round_of(LIB_PINQ_CALL, mode, in, out, b);
}

/* Cost of the calls alone, which the machine's load barely disturbs: one
 * thread pushes a batch (or one event) and pops it back, no sharing, no
 * waiting. Returns ns per event (best of `reps`), or 0 if an event went
 * missing. */
static double solo_ns(const struct bench_case *c, enum lib lib, uint64_t events, unsigned reps)
{
    pinq_event_t in[BATCH], out[BATCH];
    const uint32_t b = c->batch;
    for (uint32_t j = 0; j < b; j++)
        in[j] = make_event(0, j);
    round_fn *round = lib == LIB_CK ? round_ck : lib == LIB_PINQ ? round_pinq : round_call;
    double best = 0;
    for (unsigned rep = 0; rep < reps; rep++) {
        rings_init(c->mode);
        uint64_t moved = 0, t0 = bench_now_ns();
        for (uint64_t i = 0; i < events; i += b)
            moved += round(c->mode, in, out, b);
        double ns = (double)(bench_now_ns() - t0) / (double)moved;
        if (moved != (events + b - 1) / b * b)
            return 0;
        if (rep == 0 || ns < best)
            best = ns;
    }
    return best;
}

/* All repetitions of one case, libraries alternating first so that drift
 * in the machine's load hits both alike. Returns false on a conservation failure. */
static bool bench_case(const struct bench_case *c, uint64_t events, unsigned reps, bool *limited_any)
{
    uint64_t per_prod = events / c->nprod;
    double rate[NLIBS][MAX_REPS];
    uint64_t full[NLIBS] = {0};
    bool limited[NLIBS] = {false, false};
    bool ok = true;
    for (unsigned i = 0; i < reps; i++)
        for (unsigned j = 0; j < NLIBS; j++) {
            enum lib lib = (enum lib)((i + j) % NLIBS);
            rate[lib][i] = one_run(c, lib, per_prod, &full[lib], &limited[lib]);
            ok = ok && rate[lib][i] > 0;
        }
    /* batch rows: push_n and pop_n are library calls in both pinq columns */
    double solo[NLIBS + 1] = {solo_ns(c, LIB_PINQ, events, reps), solo_ns(c, LIB_CK, events, reps), 0};
    solo[LIB_PINQ_CALL] = c->batch == 1 ? solo_ns(c, LIB_PINQ_CALL, events, reps) : solo[LIB_PINQ];
    ok = ok && solo[LIB_PINQ] > 0 && solo[LIB_CK] > 0 && solo[LIB_PINQ_CALL] > 0;
    double med[NLIBS];
    for (unsigned l = 0; l < NLIBS; l++)
        med[l] = bench_quantile(rate[l], reps, 0.5); /* sorts: [0] min, [reps-1] max */
    printf("%-22s %8.2f%c[%6.2f..%6.2f] %8.2f%c[%6.2f..%6.2f] %6.2fx %10.1f %10.1f %6.2f %6.2f %6.2f  %s\n", c->name,
           med[LIB_PINQ] / 1e6, limited[LIB_PINQ] ? '*' : ' ', rate[LIB_PINQ][0] / 1e6,
           rate[LIB_PINQ][reps - 1] / 1e6, med[LIB_CK] / 1e6, limited[LIB_CK] ? '*' : ' ', rate[LIB_CK][0] / 1e6,
           rate[LIB_CK][reps - 1] / 1e6, med[LIB_CK] > 0 ? med[LIB_PINQ] / med[LIB_CK] : 0,
           (double)full[LIB_PINQ] / reps, (double)full[LIB_CK] / reps, solo[LIB_PINQ], solo[LIB_PINQ_CALL], solo[LIB_CK],
           ok ? "ok" : "FAILED");
    *limited_any = *limited_any || limited[LIB_PINQ] || limited[LIB_CK];
    return ok;
}

int main(int argc, char **argv)
{
    uint64_t events = argc > 1 ? strtoull(argv[1], NULL, 0) : 4000000;
    unsigned reps = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 5;
    const char *only = argc > 3 ? argv[3] : ""; /* e.g. "SPSC" or "MPSC single": for profiling */
    if (events < MAX_PROD || reps < 1 || reps > MAX_REPS) {
        fprintf(stderr, "usage: %s [events_per_run >= %d [repetitions 1..%d [case-name-prefix]]]\n", argv[0], MAX_PROD,
                MAX_REPS);
        return 2;
    }
    printf("bench_ring: %" PRIu64 " events of %zu bytes per run, %u repetitions, capacity %d, batch %d;\n"
           "producers on CPU 0, consumer on CPU 1. Mev/s = million events/s: median [min..max].\n\n",
           events, sizeof(pinq_event_t), reps, CAP, BATCH);
    printf("%-22s %8s %16s %8s %16s %7s %10s %10s %20s  %s\n", "case", "pinq", "", "ck_ring", "", "ratio",
           "full/run", "full/run", "1 thread ns", "conservation");
    printf("%-22s %8s %16s %8s %16s %7s %10s %10s %6s %6s %6s\n", "", "Mev/s", "", "Mev/s", "", "pinq/ck", "pinq", "ck",
           "pinq", "call", "ck");
    setvbuf(stdout, NULL, _IOLBF, 0); /* rows appear as cases finish */
    bool ok = true, limited = false;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (strncmp(cases[i].name, only, strlen(only)) == 0)
            ok = bench_case(&cases[i], events, reps, &limited) && ok;
    printf("\n1 thread ns: one thread pushes then pops (best of the repetitions): the calls' cost alone.\n"
           "pinq: pinq_ring_inline.h, compiled in as ck_ring is; call: the library's pinq_ring_push/pop.\n");
    if (limited)
        printf("* some runs hit the %.0f s limit and were stopped early (rate = what they moved).\n",
               (double)RUN_LIMIT_NS / 1e9);
    printf("conservation (count, checksum, order, pinq drop/RESYNC books) in every run: %s\n", ok ? "exact" : "FAILED");
    return ok ? 0 : 1;
}
