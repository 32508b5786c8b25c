/* pinq_ring.c - the ISR->main event ring: SPSC and MPSC, overflow accounting
 * and RESYNC delivery.
 *
 * Two index disciplines over the same 16-byte slots:
 *   fifo    SPSC with DROP_NEWEST or COALESCE. kfifo-style free-running
 *           head/tail; each side caches the other's index so the shared
 *           cache line is read only when the cached view says full/empty.
 *   stamped MPSC, and any ring with DROP_OLDEST (the producer must be able
 *           to take the oldest slot away from the consumer safely). One
 *           stamp per slot; see pinq_stamp.h.
 * Indices are free-running uint32_t: fill = tail - head, correct across
 * wrap because capacity is a power of two <= 2^31.
 */
#include <stddef.h>

#include "pinq.h"
#include "pinq_atomic.h"
#include "pinq_ring_fast.h"
#include "pinq_stamp.h"

#define SLOT_STRIDE sizeof(pinq_slot_t)
#define SLOT_STAMP offsetof(pinq_slot_t, seq)

int pinq_ring_init(pinq_ring_t *r, const pinq_ring_cfg_t *cfg)
{
    if (!r || !cfg || !cfg->slots || !cfg->lost || cfg->nlines == 0 || cfg->nlines > PINQ_MAX_LINES)
        return PINQ_EINVAL;
    uint32_t cap = cfg->capacity;
    if (cap < 2 || cap > (UINT32_C(1) << 31) || (cap & (cap - 1)) != 0)
        return PINQ_EINVAL;
    if (cfg->mode > PINQ_MPSC || cfg->policy > PINQ_COALESCE)
        return PINQ_EINVAL;
    if (!PINQ_CFG_MPSC && (cfg->mode == PINQ_MPSC || cfg->policy == PINQ_DROP_OLDEST))
        return PINQ_ENOTSUP; /* built without the stamped discipline */

    *r = (pinq_ring_t){0};
    r->slots = cfg->slots;
    r->lost = cfg->lost;
    r->mask = cap - 1;
    r->start = cfg->start_index;
    r->nlines = cfg->nlines;
    r->mode = cfg->mode;
    r->policy = cfg->policy;
    r->now = cfg->now;
    r->fifo = cfg->mode == PINQ_SPSC && cfg->policy != PINQ_DROP_OLDEST;
    ST_RLX(&r->tail, r->start);
    ST_RLX(&r->head, r->start);
    r->head_cache = r->cons_head = r->start;
    r->tail_limit = r->start + cap;
    for (uint16_t i = 0; i < r->nlines; i++) {
        ST_RLX(&r->lost[i].made, 0);
        ST_RLX(&r->lost[i].taken, 0);
    }
    if (r->now)
        r->ts_floor = r->now(); /* no event is older than the ring */
    if (!IS_FIFO(r))
        stamp_init(r->slots, SLOT_STRIDE, SLOT_STAMP, cap, r->start);
    atomic_thread_fence(memory_order_release);
    return PINQ_OK;
}

/* ---- claiming and publishing a slot (producer side) ------------------ */

/* Free slots as a fifo producer sees them; refreshes its view of head only
 * when the stale one is not enough (the common case touches no shared
 * cache line but its own). tail_limit is head as last seen plus the
 * capacity, or tail itself after a refusal (refuse()): never below tail,
 * so the fast path compares for equality. */
PINQ_COLD uint32_t fifo_room(pinq_ring_t *r, uint32_t t, uint32_t want)
{
    uint32_t room = r->tail_limit - t;
    if (room < want) {
        /* acquire: the consumer finished reading a slot before it moved head */
        r->tail_limit = LD_ACQ(&r->head) + r->mask + 1; /* model: c_fifo_room */
        room = r->tail_limit - t;
    }
    return room;
}

/* Claim the next position if `room` positions from it are free (above 1
 * only in rings where the consumer alone frees slots: not DROP_OLDEST). */
PINQ_ALWAYS_INLINE bool claim_room(pinq_ring_t *r, uint32_t room, uint32_t *pos)
{
    if (IS_FIFO(r)) {
        uint32_t t = LD_RLX(&r->tail); /* only this producer writes tail */
        *pos = t;
        return fifo_room(r, t, room) >= room;
    }
    return stamp_claim_room(&r->tail, r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, room, pos);
}

/* Claim the next position for an event. Out of line: its two calls in
 * push_one() share one copy, so the preemption sweep reaches all of it. */
PINQ_NOINLINE static bool claim(pinq_ring_t *r, uint32_t *pos)
{
    return claim_room(r, 1, pos);
}

/* Make the filled slot at `pos` visible to the consumer (release). */
static void publish(pinq_ring_t *r, uint32_t pos)
{
    if (IS_FIFO(r))
        ST_REL(&r->tail, pos + 1); /* a fifo slot's seq is derived by the consumer */
    else
        ST_REL(&r->slots[pos & r->mask].seq, pos + 1);
}

/* An event as the producer's fast path takes it. */
static fast_ev_t ev_fast(const pinq_event_t *ev)
{
    return fast_ev_full(ev->ts, PINQ_TAG(ev->line, ev->kind, ev->level));
}

static void slot_fill(pinq_slot_t *s, const pinq_event_t *ev)
{
    fast_fill(s, ev_fast(ev));
}

/* ---- overflow -------------------------------------------------------- */

/* The loss accounts (pinq_lost_t): counts are kept in bits 2-31, so the
 * difference of two free-running words is a count << 2 as well. */
#define LOST_ONE UINT32_C(4)
#define LOST_LEVEL UINT32_C(1)     /* made: level of the most recent lost event */
#define LOST_SATURATED UINT32_C(2) /* taken: a producer stopped counting */
#define LOST_COUNT(w) ((w) & ~UINT32_C(3))
/* A producer stops counting at 2^28 owed (2^30 as count << 2): the words
 * tell 2^30 apart, so the few producers that may pass the limit at once
 * never make a difference ambiguous. */
#ifndef LOST_SAT_SHIFT /* a white-box test lowers it */
#define LOST_SAT_SHIFT 30
#endif

/* Record one lost event of `line`: its level, then the count (with 2^28
 * already owed: the saturation flag instead, so the RESYNC says "at
 * least" rather than wrap), then `losses`, each with release, so whoever
 * reads `losses` finds the count and whoever takes the count finds a
 * level at least this new. `taken` is read before `made`, so the
 * difference is never below what is owed. Stamped rings have several
 * producers: plain read-modify-writes and no branch, wait-free, and every
 * instruction runs on every loss, which the preemption sweep checks. */
static void account_lost(pinq_ring_t *r, uint16_t line, uint8_t level)
{
    pinq_lost_t *a = &r->lost[line];
    uint32_t bit = level & 1u;
    AND_RLX(&a->made, ~LOST_LEVEL | bit); /* clears a 1 when level is 0 */
    OR_REL(&a->made, bit);                /* sets it when level is 1 */
    uint32_t t = LD_ACQ(&a->taken); /* model: c_account_peek_taken */
    uint32_t owed = LOST_COUNT(LD_RLX(&a->made)) - LOST_COUNT(t); /* model: c_account_peek_made */
    uint32_t sat = ((owed >> LOST_SAT_SHIFT) | (owed >> (LOST_SAT_SHIFT + 1))) & 1u;
    ADD_REL(&a->made, LOST_ONE - (sat << 2)); /* model: c_account_made */
    OR_REL(&a->taken, sat << 1);              /* model: c_account_saturate */
    ADD_REL(&r->losses, 1);                   /* model: c_account_losses */
}

/* account_lost() for a fifo, whose one producer is the only writer of
 * `made` and `losses`: loads and stores, the level and the count in one
 * store. `taken` is the consumer's too: a read-modify-write. */
static void account_lost_fifo(pinq_ring_t *r, uint16_t line, uint8_t level)
{
    pinq_lost_t *a = &r->lost[line];
    uint32_t t = LD_ACQ(&a->taken); /* model: c_account_peek_taken */
    uint32_t m = LD_RLX(&a->made);  /* model: c_account_peek_made */
    uint32_t owed = LOST_COUNT(m) - LOST_COUNT(t);
    uint32_t sat = ((owed >> LOST_SAT_SHIFT) | (owed >> (LOST_SAT_SHIFT + 1))) & 1u;
    ST_REL(&a->made, ((m & ~LOST_LEVEL) | (level & 1u)) + LOST_ONE - (sat << 2)); /* model: c_account_made */
    OR_REL(&a->taken, sat << 1);                                                /* model: c_account_saturate */
    ST_REL(&r->losses, LD_RLX(&r->losses) + 1);                                 /* model: c_account_losses */
}

/* Take what line `a` owes up to `m`, a `made` read after `t0`, a `taken`:
 * move `taken` from wherever it is to m with a compare-and-swap, so that
 * every loss is taken once, and only losses made before m was read. A
 * flusher claims its marker's position after that read, so the marker
 * comes after every event its line stored before those losses; and since
 * `taken` only moves forward, a count taken by someone else and grown
 * back cannot pass for the one read. The saturation flag is taken with
 * the count, and stands for one more loss: the producer that set it did
 * not count its own (it may set it just after a take emptied the count,
 * so a flag alone is owed too). Returns the count (0: another taker went
 * up to m or past it) and, in *flags, PINQ_FLAG_AT_LEAST with the flag.
 * A retry means another taker moved `taken`, or a producer set the flag:
 * lock-free. Out of line: its retry is rare and needs no room in the
 * callers' frames. */
PINQ_COLD uint32_t take_lost(pinq_lost_t *a, uint32_t t0, uint32_t m, uint8_t *flags)
{
    uint32_t t = t0;
    uint32_t span = LOST_COUNT(m) - LOST_COUNT(t0);
    do {
        uint32_t passed = LOST_COUNT(t) - LOST_COUNT(t0);
        if (passed > span || (passed == span && !(t & LOST_SATURATED)))
            return 0;
    } while (!CAS_ACQ_REL(&a->taken, &t, LOST_COUNT(m))); /* model: c_take_cas */
    uint32_t uncounted = (t & LOST_SATURATED) >> 1;
    *flags = uncounted ? PINQ_FLAG_AT_LEAST : 0;
    return ((LOST_COUNT(m) - LOST_COUNT(t)) >> 2) + uncounted;
}

/* A line's account as a taker reads it before claiming a position:
 * `taken` first, so `made` is never behind it. */
typedef struct lost_peek {
    uint32_t t0, m;
} lost_peek_t;

static lost_peek_t peek_lost(const pinq_lost_t *a)
{
    lost_peek_t p;
    p.t0 = LD_ACQ(&a->taken); /* model: c_peek_taken */
    /* acquire: a claim made before this loss (its line's last event) is
     * ordered before ours */
    p.m = LD_ACQ(&a->made); /* model: c_peek_made */
    return p;
}

/* A count to take, or a saturation flag (see take_lost). */
static bool peek_owes(lost_peek_t p)
{
    return LOST_COUNT(p.m) != LOST_COUNT(p.t0) || (p.t0 & LOST_SATURATED);
}

/* An event of `line` at `level` is not stored: drop it or merge it, and
 * count it. Its loss account is its count: pinq_ring_stats() tells
 * refused events from discarded ones by `discarded`. One copy for every
 * caller, so the preemption sweep reaches all of it. */
PINQ_NOINLINE static int refuse_as(pinq_ring_t *r, uint16_t line, uint8_t level)
{
    if (!IS_FIFO(r)) {
        account_lost(r, line, level);
        return PINQ_EFULL;
    }
    account_lost_fifo(r, line, level);
    /* the only producer: its fast path must come here to write the RESYNC first */
    r->tail_limit = LD_RLX(&r->tail); /* model: c_refuse_limit */
    return PINQ_EFULL;
}

static int refuse(pinq_ring_t *r, const pinq_event_t *ev)
{
    return refuse_as(r, ev->line, ev->level);
}

/* pinq_isr.h: a producer's fast attempt failed. Refuse and count the
 * event here when the general path would: no slot free, or a RESYNC owed
 * and no room for it and the event (it waits for at least that much,
 * resync_room()). Never under DROP_OLDEST, whose full ring discards
 * instead. In MPSC a flush another producer has claimed but not finished
 * still reads as owed: the general path might then store the event in
 * the one slot free, and this refuses it, counted like any refusal.
 * Returns PINQ_EFULL, or PINQ_OK: not sure, take the general path. */
int pinq_ring_refuse_full_(pinq_ring_t *r, uint16_t line, uint8_t level)
{
    if (HAS_OLDEST(r))
        return PINQ_OK;
    uint32_t want = pinq_losses_owed_(r) ? 2u : 1u;
    uint32_t t = LD_RLX(&r->tail);
    bool room = IS_FIFO(r) ? fifo_room(r, t, want) >= want
                           : stamp_room(r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, t, want) >= 0;
    return room ? PINQ_OK : refuse_as(r, line, level);
}

/* Write line l's RESYNC marker at the claimed position `pos`, carrying
 * what take_lost() takes up to the peeked account (the count in the ts
 * field). A marker that takes nothing says 0 and the consumer skips it:
 * another flusher's marker, earlier, has those losses. */
static void flush_line(pinq_ring_t *r, uint16_t l, lost_peek_t p, uint32_t pos)
{
    pinq_slot_t *s = &r->slots[pos & r->mask];
    uint8_t flags = 0;
    s->ts_lo = take_lost(&r->lost[l], p.t0, p.m, &flags);
    s->tag = PINQ_TAG(l, PINQ_EV_RESYNC, (p.m & LOST_LEVEL) | flags); /* model: c_marker_fill */
    ADD_RLX(&r->markers, 1);
    publish(r, pos); /* model: c_marker_publish */
}

/* Mark the losses counted up to `seen` reported, unless a flusher has
 * marked later ones already: several flushers (producers, the consumer)
 * finish their passes in any order, and a mark that went back would leave
 * losses owed that are not, so the next push would keep a slot free for
 * a marker nobody writes and refuse an event with room for it. */
static void mark_flushed(pinq_ring_t *r, uint32_t seen)
{
    uint32_t cur = LD_RLX(&r->losses_flushed);
    while (IDX_DIFF(seen, cur) > 0 && !CAS_ACQ_REL(&r->losses_flushed, &cur, seen))
        ;
}

/* One RESYNC marker per line with losses (a pass over every line: called
 * when losses are owed), the first only if `room` positions are free. A
 * finished pass marks the losses seen at its start flushed; a producer
 * that preempts it mid-pass still finds losses owed and writes its own
 * line's marker before its next event. False: no room for a marker (the
 * rest still owed). */
static bool flush_markers(pinq_ring_t *r, uint32_t room)
{
    uint32_t seen = LD_ACQ(&r->losses); /* model: c_flush_seen. acquire: the counts behind it are in lost[] */
    for (uint16_t l = 0; l < r->nlines; l++) {
        lost_peek_t p = peek_lost(&r->lost[l]);
        uint32_t pos;
        if (!peek_owes(p))
            continue;
        if (!claim_room(r, room, &pos)) /* model: c_flush_claim */
            return false;
        room = 1; /* the room asked for includes the other markers */
        flush_line(r, l, p, pos);
    }
    mark_flushed(r, seen); /* model: c_flushed_store */
    return true;
}

/* DROP_OLDEST: take the oldest event away from the consumer. Fails (0) if
 * that slot is still being written by a preempted producer or is being
 * read by the consumer: the caller then drops the new event instead, so a
 * producer never waits and never empties the ring in a loop. */
static int discard_oldest(pinq_ring_t *r)
{
    uint32_t h = LD_RLX(&r->head); /* model: c_discard_head */
    if (!stamp_ready(r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, h)) /* model: c_discard_ready */
        return 0;
    /* model: c_discard_cas */
    if (!atomic_compare_exchange_strong_explicit(&r->head, &h, h + 1, memory_order_relaxed,
                                                 memory_order_relaxed))
        return 0; /* the consumer (or another producer) took it: room is coming */
    /* We own slot h now; the acquire in stamp_ready ordered its contents.
     * The account is complete before the release below: the consumer
     * neither reports nor pops past h before it (sync_discards). */
    uint32_t tag = r->slots[h & r->mask].tag; /* model: c_discard_tag */
    account_lost(r, (uint16_t)(tag & (PINQ_MAX_LINES - 1)), (uint8_t)(tag >> 24));
    ADD_RLX(&r->discarded, 1);
    stamp_release(r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, h); /* model: c_discard_release */
    return 1;
}

/* ---- push ------------------------------------------------------------ */

/* Free slots a producer that owes RESYNCs waits for before it writes the
 * markers and its event: room for RESYNC_EVENTS events after each marker
 * owed, capped at half the ring, and at least 2 (a marker and the event).
 * Until then every event is refused and counted on its line's account, so
 * under sustained overload the consumer gets at most one marker per
 * RESYNC_EVENTS events delivered wherever the ring is large enough (18
 * slots per line owing), instead of a marker per event
 * (docs/performance.md). Out of line, and not among the functions the
 * preemption sweep must cover: it only reads the loss accounts, and
 * whatever it answers is safe, since refusing an event is always allowed
 * and counted. */
#define RESYNC_EVENTS 8u

PINQ_COLD uint32_t resync_room(const pinq_ring_t *r)
{
    uint32_t owing = 0, half = (r->mask + 1u) / 2u;
    for (uint16_t l = 0; l < r->nlines && owing * (RESYNC_EVENTS + 1u) < half; l++)
        owing += peek_owes(peek_lost(&r->lost[l]));
    uint32_t want = owing * (RESYNC_EVENTS + 1u);
    want = want > half ? half : want;
    return want < 2u ? 2u : want;
}

/* A RESYNC owed goes into the stream before the next event, once the ring
 * has drained as resync_room() wants: with less the event is refused and
 * the markers stay owed. (Other producers, or several lines owing
 * markers, may still take the room.) */
static int push_one(pinq_ring_t *r, const pinq_event_t *ev)
{
    if (!HAS_OLDEST(r) && pinq_losses_owed_(r) && !flush_markers(r, resync_room(r)))
        return refuse(r, ev);
    uint32_t pos;
    bool ok = claim(r, &pos); /* model: c_push_claim */
    if (!ok && HAS_OLDEST(r) && discard_oldest(r))
        ok = claim(r, &pos); /* model: c_discard_claim. Fails: another producer took it, or it is read */
    if (!ok) /* one refusal for both claims: the sweep reaches it through the first */
        return refuse(r, ev);
    slot_fill(&r->slots[pos & r->mask], ev); /* model: c_event_fill */
    publish(r, pos);                         /* model: c_event_publish */
    return PINQ_OK;
}

/* A producer may store this event: a valid line, and not a RESYNC, whose
 * count only the ring may write (the consumer would swallow it). */
PINQ_ALWAYS_INLINE bool event_ok(const pinq_ring_t *r, const pinq_event_t *ev)
{
    return ev->line < r->nlines && ev->kind != PINQ_EV_RESYNC;
}

/* Inline whatever the optimisation level: a call would cost the push its
 * frame. */
PINQ_ALWAYS_INLINE bool push_args_ok(const pinq_ring_t *r, const pinq_event_t *ev)
{
    return pinq_ring_ok_(r) && ev && event_ok(r, ev);
}

/* PINQ_DEBUG: count attempts where the producers make them, and catch a
 * second producer inside a fifo push (the one case a fifo cannot
 * survive). */
static void debug_enter(pinq_ring_t *r, uint32_t attempts)
{
    if (!PINQ_DEBUG)
        return;
    ADD_RLX(&r->attempts, attempts);
    if (IS_FIFO(r) && atomic_exchange_explicit(&r->pushing, 1, memory_order_relaxed))
        pinq_debug_violation("two producers inside one SPSC push: use PINQ_MPSC");
}

static void debug_leave(pinq_ring_t *r)
{
    if (PINQ_DEBUG && IS_FIFO(r))
        ST_RLX(&r->pushing, 0);
}

/* A push whose arguments were checked: the general path, inside the
 * PINQ_DEBUG bookkeeping. */
static int push_checked(pinq_ring_t *r, const pinq_event_t *ev)
{
    debug_enter(r, 1);
    int err = push_one(r, ev);
    debug_leave(r);
    return err;
}

/* pinq_ring_inline.h: a second fast attempt after the caller's would fail
 * too. */
int pinq_ring_push_general_(pinq_ring_t *r, const pinq_event_t *ev)
{
    return push_args_ok(r, ev) ? push_checked(r, ev) : PINQ_EINVAL;
}

/* The arguments checked once: a valid event that misses the fast path goes
 * straight on (pinq_ring_push_general_ would check them again). SPSC: the
 * one-attempt fast path. MPSC: its fast path is the ISR entries'
 * (pinq_isr_post, pinq_post) and pinq_ring_push_inline(). */
int pinq_ring_push(pinq_ring_t *r, const pinq_event_t *ev)
{
    if (!push_args_ok(r, ev))
        return PINQ_EINVAL;
    if (!PINQ_DEBUG && IS_FIFO(r) && fast_push_fifo(r, ev_fast(ev)))
        return PINQ_OK;
    return push_checked(r, ev);
}

/* fifo batch: one room check and one release for the whole batch; what
 * does not fit is refused after the release (refuse() leaves tail_limit
 * at the final tail). */
static uint32_t push_n_fifo(pinq_ring_t *r, const pinq_event_t *ev, uint32_t n)
{
    uint32_t t = LD_RLX(&r->tail);
    uint32_t room = r->tail_limit - t;
    if (room < n) /* a cold call: GCC would move whatever follows it out of line too */
        room = fifo_room(r, t, n);
    uint32_t k = 0, i = 0;
    for (; i < n && k < room; i++) {
        if (!event_ok(r, &ev[i]))
            continue; /* invalid: neither stored nor counted, as in pinq_ring_push */
        slot_fill(&r->slots[(t + k) & r->mask], &ev[i]);
        k++;
    }
    ST_REL(&r->tail, t + k);
    for (; i < n; i++)
        if (event_ok(r, &ev[i]))
            refuse(r, &ev[i]);
    return k;
}

/* Once one event is refused, refuse the rest of the batch too: what is
 * stored is always a prefix, so a producer that retries the remainder
 * never reorders its events. */
static uint32_t push_n_each(pinq_ring_t *r, const pinq_event_t *ev, uint32_t n)
{
    uint32_t stored = 0;
    bool full = false;
    for (uint32_t i = 0; i < n; i++) {
        if (!event_ok(r, &ev[i]))
            continue;
        if (full)
            refuse(r, &ev[i]);
        else if (push_one(r, &ev[i]) == PINQ_OK)
            stored++;
        else
            full = true;
    }
    return stored;
}

uint32_t pinq_ring_push_n(pinq_ring_t *r, const pinq_event_t *ev, uint32_t n)
{
    if (!pinq_ring_ok_(r) || !ev)
        return 0;
    uint32_t valid = 0;
    for (uint32_t i = 0; PINQ_DEBUG && i < n; i++)
        valid += event_ok(r, &ev[i]);
    debug_enter(r, valid);
    uint32_t stored = IS_FIFO(r) && !pinq_losses_owed_(r) ? push_n_fifo(r, ev, n) : push_n_each(r, ev, n);
    debug_leave(r);
    return stored;
}

bool pinq_ring_flush_lost(pinq_ring_t *r)
{
    /* fifo and DROP_OLDEST: the consumer reports these losses itself when
     * it pops, and writes nothing into the ring */
    if (!pinq_ring_ok_(r) || IS_FIFO(r) || HAS_OLDEST(r))
        return true;
    return flush_markers(r, 1);
}

bool pinq_ring_lost_pending(const pinq_ring_t *r)
{
    return pinq_ring_ok_(r) && pinq_losses_owed_(r);
}

#if PINQ_DEBUG && defined(__GNUC__)
/* Default: stop at the violation (a debugger shows where). A test or a
 * board replaces it with its own definition. */
__attribute__((weak)) void pinq_debug_violation(const char *what)
{
    (void)what;
    __builtin_trap();
}
#endif

/* ---- pop ------------------------------------------------------------- */

static void resync_event(pinq_ring_t *r, pinq_event_t *ev, uint16_t line, uint32_t n, uint8_t level)
{
    *ev = (pinq_event_t){.ts = r->last_ts, .line = line, .kind = PINQ_EV_RESYNC,
                         .level = (uint8_t)(level | (r->has_last ? 0u : PINQ_FLAG_NO_TS))};
    ev->lost = n;
}

/* Report the next line with losses owed, taking its count (a pass over
 * the lines, one RESYNC per call), for consumers that report losses
 * themselves instead of reading a marker: fifo rings (only their producer
 * writes into them) and DROP_OLDEST. `h` is the position the consumer
 * will pop next: a fifo takes a count only while tail still reads h, so
 * every loss it reports came after every event stored before it. Returns
 * 1 with *ev, 0 when a pass ends with nothing owed (it then marks the
 * losses seen at its start reported), -1 when events arrived (pop them:
 * their producer writes the RESYNCs owed before them). */
static int report_lost(pinq_ring_t *r, pinq_event_t *ev, uint32_t h)
{
    if (!r->scanning) {
        if (!pinq_losses_owed_(r))
            return 0;
        r->scan_losses = LD_ACQ(&r->losses); /* model: c_report_seen. acquire: the counts behind it are in lost[] */
        r->scanning = 1;
        r->scan_line = 0;
    }
    for (; r->scan_line < r->nlines; r->scan_line++) {
        uint16_t line = r->scan_line;
        lost_peek_t p = peek_lost(&r->lost[line]);
        if (!peek_owes(p))
            continue;
        if (IS_FIFO(r) && LD_ACQ(&r->tail) != h) /* model: c_trailing_tail_check */
            return -1;
        uint8_t flags = 0;
        uint32_t n = take_lost(&r->lost[line], p.t0, p.m, &flags);
        if (n) {
            r->scan_line++;
            resync_event(r, ev, line, n, (uint8_t)((p.m & LOST_LEVEL) | flags));
            return 1;
        }
    }
    r->scanning = 0;
    mark_flushed(r, r->scan_losses); /* model: c_reported_store */
    return 0;
}

/* A RESYNC scan spans several pops; losses made meanwhile into lines it
 * has passed are owed again when it ends, so it starts over: before any
 * event goes out (DROP_OLDEST), and before a fifo pop says nothing is
 * ready. */
static int take_resync(pinq_ring_t *r, pinq_event_t *ev, uint32_t h)
{
    int got;
    while ((got = report_lost(r, ev, h)) == 0 && pinq_losses_owed_(r))
        ;
    return got;
}

/* DROP_OLDEST: producers moved head to h past slots the consumer never
 * saw. Their loss accounts are complete once they have released those
 * slots; before that a RESYNC would come one event late, so the consumer
 * reports nothing and pops nothing (false) instead of waiting for a
 * producer that may not run again soon (a preempted thread). On a single
 * core the discarding ISR has always finished. */
static bool sync_discards(pinq_ring_t *r, uint32_t h)
{
    for (; r->cons_head != h; r->cons_head++)
        /* model: c_sync_stamp */
        if (IDX_DIFF(LD_ACQ(stamp_at(r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, r->cons_head)),
                     r->cons_head + r->mask + 1) < 0)
            return false;
    return true;
}

/* A marker read from a slot, turned into the RESYNC handed out: stamped
 * with the last event delivered before it. Returns false for a marker
 * that carries nothing (skip it). */
static bool finish_marker(pinq_ring_t *r, pinq_event_t *ev)
{
    ST_RLX(&r->markers_read, LD_RLX(&r->markers_read) + 1);
    ev->lost = (uint32_t)ev->ts;
    ev->ts = r->last_ts;
    ev->level |= r->has_last ? 0u : PINQ_FLAG_NO_TS;
    return ev->lost != 0;
}

/* Turn what was read from a slot into the event handed out. Returns false
 * for a marker that carries nothing (skip it). */
static bool finish(pinq_ring_t *r, pinq_event_t *ev)
{
    if (ev->kind != PINQ_EV_RESYNC) {
        pinq_note_event_(r, ev->ts);
        return true;
    }
    return finish_marker(r, ev);
}

/* The consumer's clock, for events stored with a 32-bit stamp (0 if the
 * ring has none). Read after the acquire that showed the slots: they were
 * stamped before it. */
static pinq_ticks_t pop_now(const pinq_ring_t *r)
{
    return r->now ? r->now() : 0;
}

/* Stamped rings: how far an event may be stamped before one ahead of it
 * in the ring: an interrupt that claimed its position, was preempted, and
 * stamped after the one that preempted it. A fifo has one producer
 * context, whose events are in stamp order. */
#define STAMP_SLACK (UINT32_C(1) << 20)

/* The ring seen empty by a consumer that read the clock at `now` just
 * before: whatever comes later was stamped after now (32-bit stamps come
 * from single-core ports, where no producer is between its stamp and its
 * publication while the consumer looks). */
static void note_empty(pinq_ring_t *r, pinq_ticks_t now)
{
    if (r->now && now > r->ts_floor)
        r->ts_floor = now;
}

/* The full time of a 32-bit stamp: the first one at or after ts_floor,
 * before which nothing still queued was stamped (the ring was seen empty
 * then, or an event of about that time delivered). Exact unless a
 * candidate 2^32 ticks later is possible too, when the consumer has not
 * looked at the ring for that long: then say so (PINQ_FLAG_TS_UNSURE) and
 * count it, taking the first candidate not before the event delivered
 * last, which keeps the stream in order. */
static pinq_ticks_t stamp_restore(pinq_ring_t *r, uint32_t lo, pinq_ticks_t now, uint8_t *level)
{
    pinq_ticks_t ts = r->ts_floor + (uint32_t)(lo - (uint32_t)r->ts_floor);
    if (ts <= now && now - ts >= (UINT64_C(1) << 32)) {
        *level |= PINQ_FLAG_TS_UNSURE;
        ADD_RLX(&r->ts_unsure, 1);
        if (ts < r->last_ts)
            ts += UINT64_C(1) << 32; /* as likely, and not before the event delivered last */
    }
    pinq_ticks_t floor = IS_FIFO(r) || ts < STAMP_SLACK ? ts : ts - STAMP_SLACK;
    if (floor > r->ts_floor)
        r->ts_floor = floor;
    return ts;
}

void pinq_ring_note_idle_(pinq_ring_t *r)
{
    if (!pinq_ring_ok_(r) || !r->now)
        return;
    pinq_ticks_t now = r->now(); /* before the look: see note_empty */
    if (LD_ACQ(&r->tail) == LD_RLX(&r->head))
        note_empty(r, now);
}

/* A slot's event, a 32-bit ISR stamp (whose high word was not stored)
 * restored in full; returns its kind. */
PINQ_ALWAYS_INLINE uint8_t slot_read(pinq_ring_t *r, const pinq_slot_t *s, pinq_event_t *ev, uint32_t pos, pinq_ticks_t now)
{
    uint32_t tag = s->tag;
    pinq_slot_event_(s, tag, ev, pos);
    if ((tag & PINQ_TAG_STAMP32) && r->now)
        ev->ts = stamp_restore(r, s->ts_lo, now, &ev->level);
    return (uint8_t)(tag >> 16);
}

/* fifo: read up to n slots at once, one release for all of them */
static uint32_t pop_fifo(pinq_ring_t *r, pinq_event_t *ev, uint32_t n)
{
    uint32_t h, fill, k;
    pinq_ticks_t now;
    for (;;) {
        h = LD_RLX(&r->head); /* only the consumer writes head */
        now = pop_now(r);
        fill = pinq_fifo_filled_(r, h, n);
        k = fill < n ? fill : n;
        if (k)
            break;
        note_empty(r, now);
        int got = take_resync(r, ev, h);
        if (got >= 0)
            return (uint32_t)got;
        /* events arrived meanwhile */
    }
    /* The last event is noted once, or before what needs its ts: a marker,
     * or a 32-bit stamp (restored no earlier than it). Noting each would
     * store to the ring between the event's stores and loads. A marker
     * that carries nothing is overwritten. */
    uint32_t out = 0, last = 0; /* last: 1 + index of the latest event not yet noted */
    bool restores = r->now != NULL; /* loaded once: the event stores may alias the ring */
    for (uint32_t i = 0; i < k; i++) {
        const pinq_slot_t *s = &r->slots[(h + i) & r->mask];
        if (last && restores && (s->tag & PINQ_TAG_STAMP32)) {
            pinq_note_event_(r, ev[last - 1].ts);
            last = 0;
        }
        if (slot_read(r, s, &ev[out], h + i, now) != PINQ_EV_RESYNC) {
            last = ++out;
            continue;
        }
        if (last)
            pinq_note_event_(r, ev[last - 1].ts);
        last = 0;
        out += finish_marker(r, &ev[out]);
    }
    if (last)
        pinq_note_event_(r, ev[last - 1].ts);
    ST_REL(&r->head, h + k); /* release: our reads are done before the slots are reused */
    return out;
}

/* fifo, one event: what pinq_dispatch() takes, without the batch's
 * bookkeeping (a program that pops one at a time does not carry it). */
static uint32_t pop_one_fifo(pinq_ring_t *r, pinq_event_t *ev)
{
    for (;;) {
        uint32_t h = LD_RLX(&r->head); /* only the consumer writes head */
        pinq_ticks_t now = pop_now(r);
        uint32_t fill = pinq_fifo_filled_(r, h, 1);
        if (fill == 0) {
            note_empty(r, now);
            int got = take_resync(r, ev, h);
            if (got >= 0)
                return (uint32_t)got;
            continue; /* events arrived meanwhile */
        }
        slot_read(r, &r->slots[h & r->mask], ev, h, now); /* model: c_fifo_pop_read */
        ST_REL(&r->head, h + 1); /* model: c_fifo_pop_head. release: the read is done before the slot is reused */
        if (finish(r, ev))
            return 1;
    }
}

/* stamped: one slot; with DROP_OLDEST producers may move head under us */
static uint32_t pop_stamped(pinq_ring_t *r, pinq_event_t *ev)
{
    bool contended = HAS_OLDEST(r);
    for (;;) {
        uint32_t h = LD_RLX(&r->head); /* model: c_pop_head_load */
        pinq_ticks_t now = pop_now(r);
        if (contended && !sync_discards(r, h))
            return 0; /* a discarder has not finished its accounting yet */
        bool ready = stamp_ready(r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, h); /* model: c_stamp_ready */
        /* Losses are looked for after the slot's acquire: a producer that
         * dropped an event (its oldest slot busy) and then stored the one
         * at h accounted the loss first, so its RESYNC goes out before that
         * event. */
        if (contended && take_resync(r, ev, h))
            return 1;
        if (!ready) {
            if (contended && LD_RLX(&r->head) != h) /* model: c_pop_head_recheck */
                continue; /* a producer discarded it: report, then look further */
            if (LD_ACQ(&r->tail) == h)
                note_empty(r, now); /* not a position claimed and still being written */
            return 0; /* empty, or the oldest is still being written */
        }
        /* DROP_OLDEST: popping from the h synced above, so no discard
         * before it is left unreported */
        if (!contended)
            ST_RLX(&r->head, h + 1);
        else if (!CAS_RLX(&r->head, &h, h + 1)) /* model: c_pop_head_cas */
            continue; /* a producer discarded h first */
        r->cons_head = h + 1;
        slot_read(r, &r->slots[h & r->mask], ev, h, now);             /* model: c_stamped_pop_read */
        stamp_release(r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, h); /* model: c_stamp_release */
        if (!finish(r, ev))
            continue;
        if (ev->kind != PINQ_EV_RESYNC)
            pinq_note_delivered_(r, 1, LD_RLX(&r->tail) - h);
        return 1;
    }
}

/* PINQ_DEBUG: the consumer's calls belong to the main loop or a task. The
 * ring alone may be linked without a port: then there is nothing to ask. */
#if PINQ_DEBUG && defined(__GNUC__)
extern bool pinq_port_in_isr(void) __attribute__((weak));
#endif
void pinq_debug_consumer_(void)
{
#if PINQ_DEBUG && defined(__GNUC__)
    if (pinq_port_in_isr && pinq_port_in_isr())
        pinq_debug_violation("consumer call from an interrupt handler");
#endif
}

uint32_t pinq_ring_pop_n(pinq_ring_t *r, pinq_event_t *ev, uint32_t n)
{
    if (!pinq_ring_ok_(r) || !ev)
        return 0;
    pinq_debug_consumer_();
    uint32_t got = 0;
    if (IS_FIFO(r)) {
        /* a batch may come back short by skipped markers: loop until
         * nothing more is ready */
        uint32_t k;
        while (got < n && (k = pop_fifo(r, ev + got, n - got)) != 0)
            got += k;
        return got;
    }
    while (got < n && pop_stamped(r, &ev[got]))
        got++;
    return got;
}

/* Every case: also the rest of pinq_ring_pop_inline(). Not itself inline,
 * which would double the common case's code in the library. */
int pinq_ring_pop(pinq_ring_t *r, pinq_event_t *ev)
{
    if (!pinq_ring_ok_(r) || !ev)
        return PINQ_EINVAL;
    pinq_debug_consumer_();
    return (int)(IS_FIFO(r) ? pop_one_fifo(r, ev) : pop_stamped(r, ev));
}

bool pinq_ring_ready(const pinq_ring_t *r)
{
    if (!pinq_ring_ok_(r))
        return false;
    uint32_t h = LD_RLX(&r->head);
    if (IS_FIFO(r)) /* losses owed are reported by the pop */
        return LD_ACQ(&r->tail) != h || pinq_losses_owed_(r);
    if (HAS_OLDEST(r) && (r->scanning || pinq_losses_owed_(r)))
        return true;
    return stamp_ready(r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, h);
}

bool pinq_ring_in_flight_(const pinq_ring_t *r)
{
    return pinq_ring_ok_(r) && !IS_FIFO(r) && LD_RLX(&r->tail) != LD_RLX(&r->head) && !pinq_ring_ready(r);
}

void pinq_ring_stats(const pinq_ring_t *r, pinq_ring_stats_t *st)
{
    if (!r || !st)
        return;
    *st = (pinq_ring_stats_t){0};
    if (!pinq_ring_ok_(r))
        return;
    uint32_t tail = LD_ACQ(&r->tail);
    uint32_t head = LD_ACQ(&r->head);
    uint32_t markers = LD_RLX(&r->markers);
    uint32_t discarded = LD_RLX(&r->discarded);
    /* every loss accounted is an event refused or discarded */
    st->refused = LD_RLX(&r->losses) - discarded;
    /* every stored event advanced tail once; refused ones never did */
    st->produced = PINQ_DEBUG ? LD_RLX(&r->attempts) : (tail - r->start) - markers + st->refused;
    /* a fifo pops each slot once, and a slot that is not a marker is an event */
    st->delivered = IS_FIFO(r) ? (head - r->start) - LD_RLX(&r->markers_read) : LD_RLX(&r->delivered);
    st->coalesced = r->policy == PINQ_COALESCE ? st->refused : 0;
    st->dropped = st->refused - st->coalesced + discarded;
    st->queued = (tail - head) - (markers - LD_RLX(&r->markers_read));
    st->high_water = r->high_water;
    st->ts_unsure = LD_RLX(&r->ts_unsure);
}

const char *pinq_strerror(int err)
{
    switch (err) {
    case PINQ_OK: return "ok";
    case PINQ_EINVAL: return "invalid argument";
    case PINQ_EFULL: return "queue full (event counted as lost)";
    case PINQ_EDISABLED: return "line disabled";
    case PINQ_ENOTSUP: return "not supported";
    case PINQ_ESYS: return "system call failed";
    default: return "unknown error";
    }
}
