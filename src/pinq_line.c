/* pinq_line.c - the line table and the ISR entry point pinq_post().
 *
 * Each line is owned by one ISR (or one poller): `level` has a single
 * writer, so the edge classification below needs no read-modify-write.
 */
#include "pinq.h"
#include "pinq_atomic.h"
#include "pinq_isr.h" /* the port's ISR timestamp, inlined */
#include "pinq_ring_fast.h"
#include "pinq_stamp.h"

/* A storm trip is armed on the line: its ISR counts posts (general path). */
static bool trip_armed(const pinq_t *q, uint16_t line)
{
    return HAS_POLL(q) && LD_RLX(&q->poll[line].trip_mask) != UINT32_MAX;
}

/* One more of a line's counts (pinq_cfg.counts). Its caller is the
 * counter's single writer: a load and a store, no read-modify-write. */
#define COUNT(q, line, field)                                                                             \
    do {                                                                                                  \
        if (PINQ_CFG_STATS && (q)->counts)                                                                \
            ST_RLX(&(q)->counts[line].field, LD_RLX(&(q)->counts[line].field) + 1);                       \
    } while (0)

static int calls_init(pinq_t *q, pinq_call_t *calls, uint32_t n)
{
    if (n == 0)
        return calls ? PINQ_EINVAL : PINQ_OK;
    if (!PINQ_CFG_CALLS)
        return PINQ_ENOTSUP;
    if (!calls || (n & (n - 1)) != 0 || n > (UINT32_C(1) << 31))
        return PINQ_EINVAL;
    q->calls = calls;
    q->call_mask = n - 1;
    stamp_init(calls, sizeof(pinq_call_t), offsetof(pinq_call_t, seq), n, 0);
    return PINQ_OK;
}

/* A line's route byte, so the ISR reads one byte of its own RAM state
 * instead of walking the const config: bits 0-2 the event kind for an
 * edge leaving the pin at level 0, bits 3-5 at level 1 (ROUTE_NONE: the
 * trigger filters it), bit 6 set when a hard handler must run. */
#define ROUTE_NONE 7u
#define ROUTE_HARD 0x40u
#define ROUTE(kind0, kind1) ((kind0) | (kind1) << 3)

/* Indexed by trigger, validated at pinq_init(). */
static const uint8_t route_of_trigger[5] = {
    [PINQ_TRIG_RISING] = ROUTE(ROUTE_NONE, PINQ_EV_RISE),
    [PINQ_TRIG_FALLING] = ROUTE(PINQ_EV_FALL, ROUTE_NONE),
    [PINQ_TRIG_BOTH] = ROUTE(PINQ_EV_FALL, PINQ_EV_RISE),
    [PINQ_TRIG_LEVEL_HIGH] = ROUTE(ROUTE_NONE, PINQ_EV_LEVEL),
    [PINQ_TRIG_LEVEL_LOW] = ROUTE(PINQ_EV_LEVEL, ROUTE_NONE),
};

static uint8_t route_of(const pinq_line_cfg_t *c)
{
    return (uint8_t)(route_of_trigger[c->trigger] | (c->hard ? ROUTE_HARD : 0));
}

/* The tag an ISR may store straight into the ring for an edge leaving the
 * line at `level`, or 0 where the general path must decide: the trigger
 * filters the edge, a hard handler runs, the line is not PINQ_LINE_ON, or
 * the storm trip counts its posts; and always in a PINQ_DEBUG library,
 * which checks and counts every post, also from a file built without it
 * that inlines pinq_isr_post(). (0 is never a valid tag: a RISE leaves
 * level 1.) */
static uint32_t fast_tag(const pinq_t *q, uint16_t line, int level)
{
    const pinq_line_t *s = &q->state[line];
    unsigned kind = (s->route >> (3 * level)) & 7u;
    if (PINQ_DEBUG || kind == ROUTE_NONE || (s->route & ROUTE_HARD) || LD_RLX(&s->enabled) != PINQ_LINE_ON ||
        trip_armed(q, line))
        return 0;
    return PINQ_TAG(line, kind, level) | (PINQ_PORT_STAMP_BITS == 32 ? PINQ_TAG_STAMP32 : 0) |
           (IS_FIFO(&q->ring) ? PINQ_TAG_FIFO : 0);
}

/* Recompute a line's fast-path tags after its state changed. The main
 * loop changes the state and the tags in one pinq_irq_save() section: an
 * ISR between the two would post through a stale tag, and its own change
 * (post_trip) must not fall between the main loop's read and write. With
 * producer threads (POSIX) stop them around such a change. */
static void fast_tags_set(pinq_t *q, uint16_t line)
{
    for (int level = 0; level < 2; level++)
        ST_RLX(&q->state[line].fast[level], fast_tag(q, line, level));
}

/* A line's configuration: PINQ_OK, PINQ_ENOTSUP (polled, built without
 * polling) or PINQ_EINVAL. */
static int line_check(const pinq_line_cfg_t *c, const pinq_poll_t *poll)
{
    if (!PINQ_CFG_POLL && c->source == PINQ_SRC_POLL)
        return PINQ_ENOTSUP;
    if (c->trigger > PINQ_TRIG_LEVEL_LOW || c->source > PINQ_SRC_POLL)
        return PINQ_EINVAL;
    bool pollable = c->read && c->poll_period != 0 && poll;
    return c->source != PINQ_SRC_POLL || pollable ? PINQ_OK : PINQ_EINVAL;
}

/* Line i's state: on, level 0. */
static void line_init(pinq_t *q, uint16_t i)
{
    q->state[i] = (pinq_line_t){.enabled = PINQ_LINE_ON, .route = route_of(&q->lines[i])};
    if (HAS_POLL(q)) {
        q->poll[i] = (pinq_poll_t){0};
        ST_RLX(&q->poll[i].trip_mask, UINT32_MAX); /* disarmed */
    }
    if (q->counts)
        q->counts[i] = (pinq_line_counts_t){0};
    fast_tags_set(q, i);
}

int pinq_init(pinq_t *q, const pinq_cfg_t *cfg)
{
    if (!q || !cfg || !cfg->lines || !cfg->state)
        return PINQ_EINVAL;
    /* every line first: a bad one leaves q as it was, still usable */
    for (uint16_t i = 0; i < cfg->nlines; i++) {
        int err = line_check(&cfg->lines[i], cfg->poll);
        if (err != PINQ_OK)
            return err;
    }
    if (!PINQ_CFG_STATS && cfg->counts)
        return PINQ_ENOTSUP;
    *q = (pinq_t){.state = cfg->state, .nlines = cfg->nlines, .lines = cfg->lines, .poll = cfg->poll,
                  .on_event = cfg->on_event, .on_event_ctx = cfg->on_event_ctx, .observe = cfg->observe,
                  .observe_ctx = cfg->observe_ctx, .counts = cfg->counts};
    pinq_ring_cfg_t rc = {.slots = cfg->slots, .capacity = cfg->capacity, .lost = cfg->lost,
                          .nlines = cfg->nlines, .mode = cfg->mode, .policy = cfg->policy};
#if PINQ_PORT_STAMP_BITS == 32
    rc.now = pinq_port_now; /* pinq_post() stores the port's 32-bit stamps (PINQ_TAG_STAMP32) */
#endif
    int err = pinq_ring_init(&q->ring, &rc);
    if (err == PINQ_OK)
        err = calls_init(q, cfg->calls, cfg->ncalls);
    if (err != PINQ_OK) {
        /* no lines and an empty fifo ring without storage: posts are
         * refused, the consumer's calls find nothing */
        *q = (pinq_t){.ring.fifo = 1};
        return err;
    }
    for (uint16_t i = 0; i < q->nlines; i++)
        line_init(q, i);
    atomic_thread_fence(memory_order_release);
    return PINQ_OK;
}

/* Cold path of pinq_post_at for a line that is not PINQ_LINE_ON. */
PINQ_COLD int post_refused(pinq_t *q, uint16_t line, uint8_t state, int level)
{
    pinq_line_t *s = &q->state[line];
    if (state == PINQ_LINE_POLLED) { /* only lines with cfg.poll storage get here */
        pinq_poll_t *p = &q->poll[line];
        ST_RLX(&p->masked, LD_RLX(&p->masked) + 1); /* the poller owns `level` now */
    } else {
        ST_RLX(&s->level, (uint8_t)level);
        COUNT(q, line, disabled);
    }
    return PINQ_EDISABLED;
}

/* Start the trip's next window at `ts`. Two words, since a 32-bit core has
 * no lock-free 64-bit atomic; none is needed: only the line's ISR writes
 * them, or pinq_line_trip() with that ISR masked, and only the ISR reads. */
static void trip_ts_set(pinq_poll_t *p, pinq_ticks_t ts)
{
    ST_RLX(&p->trip_ts[0], (uint32_t)ts);
    ST_RLX(&p->trip_ts[1], (uint32_t)(ts >> 32));
}

/* Storm-guard trip wire, run by the ISR every trip_mask + 1 posts: that
 * many posts in less than trip_window ticks is a storm; mask the interrupt
 * and let the poller take the line (NAPI-style). The time is taken in 64
 * bits: a low word alone wraps every 2^32 ticks (4.3 s of POSIX
 * nanoseconds), so a slow line would now and then look like a flood. An
 * elapsed time beyond 32 bits, or a stamp older than the window's start
 * (wrapping to a huge difference), is never a storm. */
PINQ_COLD void post_trip(pinq_t *q, uint16_t line, pinq_ticks_t ts)
{
    pinq_poll_t *p = &q->poll[line];
    pinq_ticks_t start = (pinq_ticks_t)LD_RLX(&p->trip_ts[1]) << 32 | LD_RLX(&p->trip_ts[0]);
    trip_ts_set(p, ts);
    if (ts - start >= LD_RLX(&p->trip_window))
        return;
    COUNT(q, line, trips);
    ST_RLX(&q->state[line].enabled, PINQ_LINE_POLLED);
    fast_tags_set(q, line); /* we are the line's ISR: nothing else posts on it now */
    pinq_port_line_enable(q, line, false);
}

/* Classify, run the hard handler, queue: common to interrupts and samples.
 * The ring's general push (no fast attempt: the caller's just failed, or
 * the line needs this path). The hard handler may rewrite the event: the
 * push checks its line again. */
static int post_edge(pinq_t *q, uint16_t line, int level, pinq_ticks_t ts)
{
    unsigned route = q->state[line].route;
    unsigned kind = (route >> (3 * level)) & 7u;
    if (kind == ROUTE_NONE)
        return PINQ_OK;
    pinq_event_t ev = {.ts = ts, .line = line, .kind = (uint8_t)kind, .level = (uint8_t)level};
    const pinq_line_cfg_t *c = &q->lines[line];
    if ((route & ROUTE_HARD) && !c->hard(&ev, c->ctx))
        return PINQ_OK;
    return pinq_ring_push_general_(&q->ring, &ev);
}

/* An edge the line's fast tag takes (the line is on, no trip armed, no
 * hard handler, the trigger passes it) into a ring sure to refuse it
 * needs nothing else: refused and counted here, its level recorded.
 * False: not so, take the whole general path. */
static bool refused_at_once(pinq_t *q, uint16_t line, int level)
{
    pinq_line_t *s = &q->state[line];
    if (PINQ_DEBUG || LD_RLX(&s->fast[level]) == 0 ||
        pinq_ring_refuse_full_(&q->ring, line, (uint8_t)level) != PINQ_EFULL)
        return false;
    ST_RLX(&s->level, (uint8_t)level);
    return true;
}

/* An interrupt post, every case: line state, storm trip, trigger, hard
 * handler, overflow. */
static int post_checked(pinq_t *q, uint16_t line, int level, pinq_ticks_t ts)
{
    pinq_line_t *s = &q->state[line];
    uint8_t state = LD_RLX(&s->enabled);
    if (state != PINQ_LINE_ON)
        return post_refused(q, line, state, level);
    ST_RLX(&s->level, (uint8_t)level);
    if (HAS_POLL(q)) {
        pinq_poll_t *p = &q->poll[line];
        uint32_t n = LD_RLX(&p->posts) + 1; /* single writer: the line's ISR */
        ST_RLX(&p->posts, n);
        if ((n & LD_RLX(&p->trip_mask)) == 0)
            post_trip(q, line, ts);
    }
    if (((s->route >> (3 * level)) & 7u) == ROUTE_NONE)
        COUNT(q, line, spurious); /* the trigger filters it: post_edge queues nothing */
    return post_edge(q, line, level, ts);
}

/* The general path of pinq_post() and pinq_post_at(). */
PINQ_COLD int post_general(pinq_t *q, uint16_t line, int level, pinq_ticks_t ts)
{
    return refused_at_once(q, line, level) ? PINQ_EFULL : post_checked(q, line, level, ts);
}

/* The general path for a 32-bit ISR stamp: its high word first. */
PINQ_COLD int post_general32(pinq_t *q, uint16_t line, int level, uint32_t lo)
{
    return refused_at_once(q, line, level) ? PINQ_EFULL
                                           : post_checked(q, line, level, stamp_extend(lo, pinq_port_now()));
}

/* A producer's result, once it has woken a waiting consumer (PINQ_CFG_WAKE;
 * nothing otherwise): whatever it queued, lost or merged is work. */
static inline int woken(pinq_t *q, int err)
{
    pinq_wake_(q);
    return err;
}

/* A refused edge needs no time stamp: the ring's verdict first. */
int pinq_post_general_(pinq_t *q, uint16_t line, int level)
{
    if (line >= q->nlines)
        return PINQ_EINVAL;
    level = level != 0;
    if (refused_at_once(q, line, level))
        return woken(q, PINQ_EFULL);
    return woken(q, post_checked(q, line, level, pinq_port_now()));
}

/* The ISR entry, inlined into pinq_post() and pinq_post_at(): one load
 * tells whether the edge can go straight into the ring (see fast_tag). */
PINQ_ALWAYS_INLINE int post_at(pinq_t *q, uint16_t line, int level, fast_ev_t e)
{
    level = level != 0;
    pinq_line_t *s = &q->state[line];
    e.tag = LD_RLX(&s->fast[level]);
    if (e.with_hi)
        e.tag &= ~PINQ_TAG_STAMP32; /* a full stamp: the ring keeps all of it */
    if (!PINQ_DEBUG && e.tag != 0 && ring_fast_push(&q->ring, e)) {
        ST_RLX(&s->level, (uint8_t)level); /* single writer: the line's ISR */
        return PINQ_OK;
    }
    /* tail calls: the fast path needs no stack frame */
    if (!e.with_hi)
        return post_general32(q, line, level, e.lo);
    return post_general(q, line, level, (pinq_ticks_t)e.hi << 32 | e.lo);
}

int pinq_post_at(pinq_t *q, uint16_t line, int level, pinq_ticks_t ts)
{
    if (!q || line >= q->nlines)
        return PINQ_EINVAL;
    return woken(q, post_at(q, line, level, fast_ev_full(ts, 0)));
}

int pinq_post_sample(pinq_t *q, uint16_t line, int level, pinq_ticks_t ts)
{
    if (!q || line >= q->nlines)
        return PINQ_EINVAL;
    level = level != 0;
    pinq_line_t *s = &q->state[line];
    if (LD_RLX(&s->enabled) == PINQ_LINE_OFF)
        return PINQ_EDISABLED;
    if (LD_RLX(&s->level) == level)
        return PINQ_OK; /* no edge since the last sample */
    ST_RLX(&s->level, (uint8_t)level);
    if (HAS_POLL(q))
        ST_RLX(&q->poll[line].sampled_edges, LD_RLX(&q->poll[line].sampled_edges) + 1);
    if (!IS_FIFO(&q->ring))
        return woken(q, post_edge(q, line, level, ts)); /* one more producer of a stamped ring */
    /* A fifo has one producer: the poller stores with the interrupts that
     * post masked, so it and they take turns */
    pinq_irqstate_t m = pinq_irq_save();
    int err = post_edge(q, line, level, ts);
    pinq_irq_restore(m);
    return woken(q, err);
}

int pinq_post(pinq_t *q, uint16_t line, int level)
{
    if (!q || line >= q->nlines)
        return PINQ_EINVAL;
#if PINQ_PORT_STAMP_BITS == 32
    /* 32-bit stamp: no high word to store, the ring restores it (pinq_init) */
    return woken(q, post_at(q, line, level, (fast_ev_t){pinq_port_stamp(), 0, 0, false}));
#else
    pinq_ticks_t ts = pinq_port_stamp();
    return woken(q, post_at(q, line, level, fast_ev_full(ts, 0)));
#endif
}

int pinq_line_enable(pinq_t *q, uint16_t line, bool on)
{
    if (!q || line >= q->nlines)
        return PINQ_EINVAL;
    /* Off: mask the source before the flag, on: the flag before the
     * unmask. Either way the line's ISR never runs while the flag says
     * off, so an edge it already took from the hardware (a UART byte, a
     * latched pin) is never thrown away by the switch itself. */
    if (!on)
        pinq_port_line_enable(q, line, false);
    pinq_irqstate_t m = pinq_irq_save();
    ST_RLX(&q->state[line].enabled, on ? PINQ_LINE_ON : PINQ_LINE_OFF);
    fast_tags_set(q, line);
    pinq_irq_restore(m);
    if (on)
        pinq_port_line_enable(q, line, true);
    return PINQ_OK;
}

int pinq_line_trip(pinq_t *q, uint16_t line, uint32_t every, uint32_t window)
{
    if (!q || line >= q->nlines || (every & (every - 1)) != 0)
        return PINQ_EINVAL;
    if (!PINQ_CFG_POLL)
        return every ? PINQ_ENOTSUP : PINQ_OK; /* no trip can be armed: disarming is done */
    if (!q->poll)
        return every ? PINQ_EINVAL : PINQ_OK; /* nowhere to poll a tripped line: none is armed */
    if (every && (!q->lines[line].read || !q->lines[line].poll_period))
        return PINQ_EINVAL; /* a tripped line must be pollable */
    pinq_poll_t *p = &q->poll[line];
    /* The first window starts now: the first check times the posts since
     * the arming, so a flood that was already under way trips it at once. */
    pinq_ticks_t now = every ? pinq_port_now() : 0;
    pinq_irqstate_t m = pinq_irq_save();
    trip_ts_set(p, now);
    if (every)
        ST_RLX(&p->posts, 0); /* the first check comes after `every` posts since the arming */
    ST_RLX(&p->trip_window, every ? window : 0);
    ST_RLX(&p->trip_mask, every ? every - 1 : UINT32_MAX);
    fast_tags_set(q, line);
    pinq_irq_restore(m);
    return PINQ_OK;
}

int pinq_line_set_polled(pinq_t *q, uint16_t line, bool polled)
{
    if (!q || line >= q->nlines)
        return PINQ_EINVAL;
    if (!PINQ_CFG_POLL && polled)
        return PINQ_ENOTSUP; /* back to the interrupt is the same as without polling */
    if (polled && (!q->lines[line].read || !q->poll))
        return PINQ_EINVAL;
    if (HAS_POLL(q))
        q->poll[line].sampled = 0; /* first sample is due at once; it compares with the ISR's level */
    pinq_irqstate_t m = pinq_irq_save();
    uint8_t was = LD_RLX(&q->state[line].enabled); /* no trip can come between: its ISR is masked */
    ST_RLX(&q->state[line].enabled, polled ? PINQ_LINE_POLLED : PINQ_LINE_ON);
    fast_tags_set(q, line);
    pinq_irq_restore(m);
    if (polled && was == PINQ_LINE_ON)
        COUNT(q, line, handed);
    else if (!polled && was == PINQ_LINE_POLLED)
        COUNT(q, line, returns);
    pinq_port_line_enable(q, line, !polled);
    return PINQ_OK;
}

int pinq_line_state(const pinq_t *q, uint16_t line)
{
    if (!q || line >= q->nlines)
        return PINQ_EINVAL;
    return LD_RLX(&q->state[line].enabled);
}

uint32_t pinq_line_uncertainty(const pinq_t *q, uint16_t line)
{
    if (!q || line >= q->nlines)
        return 0;
    const pinq_line_cfg_t *c = &q->lines[line];
    bool sampled = c->source == PINQ_SRC_POLL || LD_RLX(&q->state[line].enabled) == PINQ_LINE_POLLED;
    return sampled ? c->poll_period : 0;
}

int pinq_line_level(const pinq_t *q, uint16_t line)
{
    if (!q || line >= q->nlines)
        return PINQ_EINVAL;
    return LD_RLX(&q->state[line].level);
}
