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
        ST_RLX(&r->lost[i].count_level, 0);
    }
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
        r->tail_limit = LD_ACQ(&r->head) + r->mask + 1;
        room = r->tail_limit - t;
    }
    return room;
}

static bool claim(pinq_ring_t *r, uint32_t *pos)
{
    if (IS_FIFO(r)) {
        uint32_t t = LD_RLX(&r->tail); /* only this producer writes tail */
        *pos = t;
        return fifo_room(r, t, 1) != 0;
    }
    return stamp_claim(&r->tail, r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, pos);
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

/* The fields of a loss account word (pinq_lost_t). */
#define LOST_COUNT_BITS UINT32_C(0x00FFFFFE) /* count << 1 */
#define LOST_TAKE_ONE (UINT32_C(1) << 24)    /* one take, in the top byte */

static uint32_t lost_count(uint32_t w)
{
    return (w & LOST_COUNT_BITS) >> 1;
}

/* Record one lost event of `line` in its account (pinq_lost_t: count << 1
 * | level): the level first, then the count, then `losses`, each with
 * release, so whoever takes the count (take_lost) finds a level at least
 * this new. Three plain read-modify-writes, no retry loop: wait-free, and
 * on ARMv6-M (interrupt masking) every instruction runs on every loss,
 * which the preemption sweep checks. The level bit survives a take. */
static void account_lost(pinq_ring_t *r, uint16_t line, uint8_t level)
{
    _Atomic uint32_t *a = &r->lost[line].count_level;
    uint32_t bit = level & 1u;
    AND_RLX(a, ~UINT32_C(1) | bit); /* clears a 1 when level is 0 */
    OR_REL(a, bit);                 /* sets it when level is 1 */
    ADD_REL(a, 2); /* count + 1; 2^23 losses without a RESYNC carry into the take byte */
    ADD_REL(&r->losses, 1);
}

/* Take a line's lost count (DROP_OLDEST consumer, the only taker there),
 * leaving its level bit. */
static uint32_t take_lost(pinq_ring_t *r, uint16_t line, uint8_t *level)
{
    uint32_t w = AND_ACQ(&r->lost[line].count_level, ~LOST_COUNT_BITS);
    *level = (uint8_t)(w & 1u);
    return lost_count(w); /* modulo 2^23 between two RESYNCs of a line */
}

/* The new event is not stored: drop it or merge it, and count it. */
static int refuse(pinq_ring_t *r, const pinq_event_t *ev)
{
    account_lost(r, ev->line, ev->level);
    if (IS_FIFO(r)) /* the only producer: its fast path must come here to write the RESYNC first */
        r->tail_limit = LD_RLX(&r->tail);
    ADD_RLX(r->policy == PINQ_COALESCE ? &r->coalesced : &r->dropped, 1);
    ADD_RLX(&r->refused, 1);
    return PINQ_EFULL;
}

/* Write line l's RESYNC marker at the claimed position `pos`, with the
 * count in the ts field. `w` is the account peeked before the claim, and
 * only that is taken: losses made after the claim belong after it, since
 * their line may have stored events in between (taking them too put a
 * RESYNC ahead of events older than the losses it reported: found by the
 * preemption sweep). If the account moved, another flusher took it (its
 * marker sits earlier) or a later loss grew it (its `losses` keeps the
 * line owed): the marker says 0, the consumer skips it, and the count
 * stays for the next flush. A take also bumps the account's take byte:
 * without it a count taken and grown back to the peeked value by a
 * preempting producer passed the compare, and its RESYNC came ahead of an
 * event stored before the loss (test_ring: test_flush_aba). */
static void flush_line(pinq_ring_t *r, uint16_t l, uint32_t w, uint32_t pos)
{
    pinq_slot_t *s = &r->slots[pos & r->mask];
    uint32_t expect = w;
    uint32_t taken = ((w & ~LOST_COUNT_BITS) + LOST_TAKE_ONE) | (w & 1u); /* count 0, level kept */
    uint32_t took = CAS_ACQ(&r->lost[l].count_level, &expect, taken);
    s->ts_lo = lost_count(w) & (0u - took); /* branch-free: the sweep's coverage holds for both outcomes */
    s->tag = PINQ_TAG(l, PINQ_EV_RESYNC, w & 1u);
    ADD_RLX(&r->markers, 1);
    publish(r, pos);
}

/* One RESYNC marker per line with losses (a pass over every line: called
 * when losses are owed). A finished pass marks the losses seen at its
 * start flushed (see flush_line for the counts it could not take); a
 * producer that preempts it mid-pass still finds losses owed and writes
 * its own line's marker before its next event. Several flushers may
 * store out of order; a `losses_flushed` that goes back only costs a pass
 * that finds nothing. False: no room for a marker (the rest still owed). */
static bool flush_markers(pinq_ring_t *r)
{
    uint32_t seen = LD_ACQ(&r->losses); /* acquire: the counts behind it are in lost[] */
    for (uint16_t l = 0; l < r->nlines; l++) {
        /* acquire: a claim made before this loss (its line's last event) is
         * ordered before ours */
        uint32_t w = LD_ACQ(&r->lost[l].count_level), pos;
        if (lost_count(w) == 0)
            continue;
        if (!claim(r, &pos))
            return false;
        flush_line(r, l, w, pos);
    }
    ST_REL(&r->losses_flushed, seen); /* release: after our markers' claims */
    return true;
}

/* DROP_OLDEST: take the oldest event away from the consumer. Fails (0) if
 * that slot is still being written by a preempted producer or is being
 * read by the consumer: the caller then drops the new event instead, so a
 * producer never waits and never empties the ring in a loop. */
static int discard_oldest(pinq_ring_t *r)
{
    uint32_t h = LD_RLX(&r->head);
    if (!stamp_ready(r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, h))
        return 0;
    if (!atomic_compare_exchange_strong_explicit(&r->head, &h, h + 1, memory_order_relaxed,
                                                 memory_order_relaxed))
        return 0; /* the consumer (or another producer) took it: room is coming */
    /* We own slot h now; the acquire in stamp_ready ordered its contents.
     * The account is complete before the release below: the consumer
     * waits for that release before it reports (sync_discards). */
    uint32_t tag = r->slots[h & r->mask].tag;
    account_lost(r, (uint16_t)(tag & (PINQ_MAX_LINES - 1)), (uint8_t)(tag >> 24));
    ADD_RLX(&r->dropped, 1);
    stamp_release(r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, h);
    return 1;
}

/* ---- push ------------------------------------------------------------ */

/* A RESYNC owed goes into the stream before the next event, and in a fifo
 * ring only when at least one more slot is free: with room for a marker
 * alone the event is refused and the marker stays owed, so a consumer that
 * frees one slot at a time still gets events, not markers alone. (With
 * several lines owing markers, they may still take the room.) */
static bool resync_before(pinq_ring_t *r)
{
    if (IS_FIFO(r) && fifo_room(r, LD_RLX(&r->tail), 2) < 2)
        return false;
    return flush_markers(r);
}

static int push_one(pinq_ring_t *r, const pinq_event_t *ev)
{
    if (!HAS_OLDEST(r) && pinq_losses_owed_(r) && !resync_before(r))
        return refuse(r, ev);
    uint32_t pos;
    bool ok = claim(r, &pos);
    if (!ok && HAS_OLDEST(r) && discard_oldest(r))
        ok = claim(r, &pos); /* fails if another producer took the slot, or the consumer still reads it */
    if (!ok) /* one refusal for both claims: the sweep reaches it through the first */
        return refuse(r, ev);
    slot_fill(&r->slots[pos & r->mask], ev);
    publish(r, pos);
    return PINQ_OK;
}

static bool push_args_ok(const pinq_ring_t *r, const pinq_event_t *ev)
{
    return r && ev && ev->line < r->nlines;
}

/* pinq_ring_fast.h: a second fast attempt after the caller's would fail too. */
int pinq_ring_push_general_(pinq_ring_t *r, const pinq_event_t *ev)
{
    return push_args_ok(r, ev) ? push_one(r, ev) : PINQ_EINVAL;
}

int pinq_ring_push(pinq_ring_t *r, const pinq_event_t *ev)
{
    if (!push_args_ok(r, ev))
        return PINQ_EINVAL;
    /* SPSC: the one-attempt fast path inline. MPSC: its fast path is the
     * ISR entries' (pinq_isr_post, pinq_post). */
    if (IS_FIFO(r) && fast_push_fifo(r, ev_fast(ev)))
        return PINQ_OK;
    return push_one(r, ev);
}

/* fifo batch: one room check and one release for the whole batch; what
 * does not fit is refused after the release (refuse() leaves tail_limit
 * at the final tail). */
static uint32_t push_n_fifo(pinq_ring_t *r, const pinq_event_t *ev, uint32_t n)
{
    uint32_t t = LD_RLX(&r->tail);
    uint32_t room = fifo_room(r, t, n);
    uint32_t k = 0, i = 0;
    for (; i < n && k < room; i++) {
        if (ev[i].line >= r->nlines)
            continue; /* invalid: neither stored nor counted, as in pinq_ring_push */
        slot_fill(&r->slots[(t + k) & r->mask], &ev[i]);
        k++;
    }
    ST_REL(&r->tail, t + k);
    for (; i < n; i++)
        if (ev[i].line < r->nlines)
            refuse(r, &ev[i]);
    return k;
}

uint32_t pinq_ring_push_n(pinq_ring_t *r, const pinq_event_t *ev, uint32_t n)
{
    if (!r || !ev)
        return 0;
    if (IS_FIFO(r) && !pinq_losses_owed_(r))
        return push_n_fifo(r, ev, n);
    /* Once one event is refused, refuse the rest of the batch too: what is
     * stored is always a prefix, so a producer that retries the remainder
     * never reorders its events. */
    uint32_t stored = 0;
    bool full = false;
    for (uint32_t i = 0; i < n; i++) {
        if (ev[i].line >= r->nlines)
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

bool pinq_ring_flush_lost(pinq_ring_t *r)
{
    if (!r || HAS_OLDEST(r))
        return true; /* DROP_OLDEST losses are reported by the consumer itself */
    return flush_markers(r);
}

bool pinq_ring_lost_pending(const pinq_ring_t *r)
{
    return r && pinq_losses_owed_(r);
}

/* ---- pop ------------------------------------------------------------- */

/* DROP_OLDEST: emit the next pending RESYNC, one line per call. A scan
 * spans several pops; discards made meanwhile into lines it has passed
 * are owed again when it ends, so it starts over before any event goes
 * out (it used to end there and let the next event through ahead of
 * their RESYNC: test_oldest_rescan). */
static int take_resync(pinq_ring_t *r, pinq_event_t *ev)
{
    for (;;) {
        if (!r->scanning) {
            if (!pinq_losses_owed_(r))
                return 0;
            r->scan_losses = LD_ACQ(&r->losses); /* acquire: the counts behind it are in lost[] */
            r->scanning = 1;
            r->scan_line = 0;
        }
        while (r->scan_line < r->nlines) {
            uint16_t line = r->scan_line++;
            uint8_t level;
            uint32_t n = take_lost(r, line, &level);
            if (n) {
                *ev = (pinq_event_t){.ts = r->last_ts, .line = line, .kind = PINQ_EV_RESYNC, .level = level};
                ev->lost = n;
                return 1;
            }
        }
        r->scanning = 0;
        ST_RLX(&r->losses_flushed, r->scan_losses); /* the consumer is the only flusher here */
    }
}

/* DROP_OLDEST: producers moved head past slots the consumer never saw.
 * Wait until each discarder has released its slot: its loss account is
 * complete then, so the RESYNC that follows is not one event late. On a
 * single core the discarding ISR has always finished: no waiting. */
static void sync_discards(pinq_ring_t *r)
{
    uint32_t h = LD_RLX(&r->head);
    for (uint32_t p = r->cons_head; p != h; p++)
        while (IDX_DIFF(LD_ACQ(stamp_at(r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, p)), p + r->mask + 1) < 0)
            ;
    r->cons_head = h;
}

/* Turn what was read from a slot into the event handed out. Returns false
 * for a marker that carries nothing (skip it). */
static bool finish(pinq_ring_t *r, pinq_event_t *ev)
{
    if (ev->kind != PINQ_EV_RESYNC) {
        r->last_ts = ev->ts;
        return true;
    }
    ST_RLX(&r->markers_read, LD_RLX(&r->markers_read) + 1);
    ev->lost = (uint32_t)ev->ts;
    ev->ts = r->last_ts;
    return ev->lost != 0;
}

/* The consumer's clock, for events stored with a 32-bit stamp (0 if the
 * ring has none). Read after the acquire that showed the slots: they were
 * stamped before it. */
static pinq_ticks_t pop_now(const pinq_ring_t *r)
{
    return r->now ? r->now() : 0;
}

static void slot_read(const pinq_ring_t *r, const pinq_slot_t *s, pinq_event_t *ev, uint32_t pos,
                      pinq_ticks_t now)
{
    uint32_t tag = s->tag;
    if ((tag & PINQ_TAG_STAMP32) && r->now)
        ev->ts = stamp_extend(s->ts_lo, now);
    else
        ev->ts = (pinq_ticks_t)s->ts_hi << 32 | s->ts_lo;
    ev->seq = pos;
    ev->line = (uint16_t)(tag & (PINQ_MAX_LINES - 1)); /* the bits above it are hints to producers */
    ev->kind = (uint8_t)(tag >> 16);
    ev->level = (uint8_t)(tag >> 24);
}

static void note_delivered(pinq_ring_t *r, uint32_t k, uint32_t fill)
{
    if (fill > r->mask + 1)
        fill = r->mask + 1; /* tail read after a preemption may include later claims */
    if (fill > r->high_water)
        r->high_water = fill;
    /* single writer: a load and a store, no read-modify-write needed */
    ST_RLX(&r->delivered, LD_RLX(&r->delivered) + k);
}

/* Filled slots from h on as the fifo consumer sees them; reads the
 * producer's tail only when the cached view holds fewer than `want`. */
static uint32_t fifo_filled(pinq_ring_t *r, uint32_t h, uint32_t want)
{
    if (r->head_cache - h < want)
        r->head_cache = LD_ACQ(&r->tail); /* acquire: slots up to tail are written */
    return r->head_cache - h;
}

/* fifo: read up to n slots at once, one release for all of them */
static uint32_t pop_fifo(pinq_ring_t *r, pinq_event_t *ev, uint32_t n)
{
    uint32_t h = LD_RLX(&r->head); /* only the consumer writes head */
    uint32_t fill = fifo_filled(r, h, n);
    uint32_t k = fill < n ? fill : n;
    if (k == 0)
        return 0;
    pinq_ticks_t now = pop_now(r);
    for (uint32_t i = 0; i < k; i++)
        slot_read(r, &r->slots[(h + i) & r->mask], &ev[i], h + i, now);
    ST_REL(&r->head, h + k); /* release: our reads are done before the slots are reused */
    uint32_t out = 0, events = 0;
    for (uint32_t i = 0; i < k; i++) {
        if (!finish(r, &ev[i]))
            continue;
        events += ev[i].kind != PINQ_EV_RESYNC;
        if (out != i) /* copying onto itself would reload what was just stored field by field */
            ev[out] = ev[i];
        out++;
    }
    note_delivered(r, events, fill);
    return out;
}

/* fifo, one event: what pinq_dispatch() takes, without the batch's
 * bookkeeping (a program that pops one at a time does not carry it). */
static uint32_t pop_one_fifo(pinq_ring_t *r, pinq_event_t *ev)
{
    for (;;) {
        uint32_t h = LD_RLX(&r->head); /* only the consumer writes head */
        uint32_t fill = fifo_filled(r, h, 1);
        if (fill == 0)
            return 0;
        slot_read(r, &r->slots[h & r->mask], ev, h, pop_now(r));
        ST_REL(&r->head, h + 1); /* release: the read is done before the slot is reused */
        if (finish(r, ev)) {
            note_delivered(r, ev->kind != PINQ_EV_RESYNC, fill);
            return 1;
        }
    }
}

/* stamped: one slot; with DROP_OLDEST producers may move head under us */
static uint32_t pop_stamped(pinq_ring_t *r, pinq_event_t *ev)
{
    bool contended = HAS_OLDEST(r);
    for (;;) {
        if (contended)
            sync_discards(r);
        uint32_t h = LD_RLX(&r->head);
        bool ready = stamp_ready(r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, h);
        /* Losses are looked for after the slot's acquire: a producer that
         * dropped an event (its oldest slot busy) and then stored the one
         * at h accounted the loss first, so its RESYNC goes out before that
         * event; looked for before, it could come one event late. */
        if (contended && take_resync(r, ev))
            return 1;
        if (!ready) {
            if (contended && LD_RLX(&r->head) != h)
                continue; /* a producer discarded it: report, then look further */
            return 0; /* empty, or the oldest is still being written */
        }
        if (!contended)
            ST_RLX(&r->head, h + 1);
        else if (!CAS_RLX(&r->head, &h, h + 1))
            continue; /* a producer discarded h first */
        r->cons_head = h + 1;
        slot_read(r, &r->slots[h & r->mask], ev, h, pop_now(r));
        stamp_release(r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, h);
        if (!finish(r, ev))
            continue;
        if (ev->kind != PINQ_EV_RESYNC)
            note_delivered(r, 1, LD_RLX(&r->tail) - h);
        return 1;
    }
}

uint32_t pinq_ring_pop_n(pinq_ring_t *r, pinq_event_t *ev, uint32_t n)
{
    if (!r || !ev)
        return 0;
    uint32_t got = 0;
    if (IS_FIFO(r)) {
        /* null markers never occur in SPSC, but a batch may come back
         * short by skipped ones: loop until nothing more is ready */
        uint32_t k;
        while (got < n && (k = pop_fifo(r, ev + got, n - got)) != 0)
            got += k;
        return got;
    }
    while (got < n && pop_stamped(r, &ev[got]))
        got++;
    return got;
}

int pinq_ring_pop(pinq_ring_t *r, pinq_event_t *ev)
{
    if (!r || !ev)
        return PINQ_EINVAL;
    return (int)(IS_FIFO(r) ? pop_one_fifo(r, ev) : pop_stamped(r, ev));
}

bool pinq_ring_ready(const pinq_ring_t *r)
{
    if (!r)
        return false;
    if (HAS_OLDEST(r) && (r->scanning || pinq_losses_owed_(r)))
        return true;
    uint32_t h = LD_RLX(&r->head);
    if (IS_FIFO(r))
        return LD_ACQ(&r->tail) != h;
    return stamp_ready(r->slots, SLOT_STRIDE, SLOT_STAMP, r->mask, h);
}

void pinq_ring_stats(const pinq_ring_t *r, pinq_ring_stats_t *st)
{
    if (!r || !st)
        return;
    uint32_t tail = LD_ACQ(&r->tail);
    uint32_t head = LD_ACQ(&r->head);
    uint32_t markers = LD_RLX(&r->markers);
    /* every stored event advanced tail once; refused ones never did */
    st->produced = (tail - r->start) - markers + LD_RLX(&r->refused);
    st->delivered = LD_RLX(&r->delivered);
    st->dropped = LD_RLX(&r->dropped);
    st->coalesced = LD_RLX(&r->coalesced);
    st->queued = (tail - head) - (markers - LD_RLX(&r->markers_read));
    st->high_water = r->high_water;
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
