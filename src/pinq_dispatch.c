/* pinq_dispatch.c - main-loop side: deferred-call queue, polled lines, the
 * budgeted dispatcher and the race-free wait. */
#include "pinq.h"
#include "pinq_atomic.h"
#include "pinq_ring_fast.h"
#include "pinq_stamp.h"

/* The longest pinq_wait() sleeps while a producer is publishing
 * (in_flight_cap). */
#define IN_FLIGHT_MS 1u


#define CALL_STRIDE sizeof(pinq_call_t)
#define CALL_STAMP offsetof(pinq_call_t, seq)

int pinq_schedule(pinq_t *q, pinq_call_fn fn, void *arg)
{
    if (!PINQ_CFG_CALLS)
        return PINQ_ENOTSUP;
    if (!q || !fn || !q->calls)
        return PINQ_EINVAL;
    uint32_t pos;
    if (!stamp_claim(&q->call_tail, q->calls, CALL_STRIDE, CALL_STAMP, q->call_mask, &pos)) {
        ADD_RLX(&q->call_full, 1);
        return PINQ_EFULL;
    }
    pinq_call_t *c = &q->calls[pos & q->call_mask];
    c->fn = fn;
    c->arg = arg;
    ST_REL(&c->seq, pos + 1);
    pinq_wake_(q);
    return PINQ_OK;
}

uint32_t pinq_schedule_refused(const pinq_t *q)
{
    return q ? LD_RLX(&q->call_full) : 0;
}

static bool call_ready(const pinq_t *q)
{
    return HAS_CALLS(q) && stamp_ready(q->calls, CALL_STRIDE, CALL_STAMP, q->call_mask, LD_RLX(&q->call_head));
}

static bool run_call(pinq_t *q)
{
    if (!call_ready(q))
        return false;
    uint32_t h = LD_RLX(&q->call_head);
    pinq_call_fn fn = q->calls[h & q->call_mask].fn;
    void *arg = q->calls[h & q->call_mask].arg;
    stamp_release(q->calls, CALL_STRIDE, CALL_STAMP, q->call_mask, h);
    ST_RLX(&q->call_head, h + 1);
    fn(arg);
    return true;
}

/* Losses that no later event has followed are reported once the ring
 * runs dry. A stamped (MPSC) ring takes the dispatcher's markers as one
 * more producer's; masking keeps this core's producers from taking turns
 * with it mid-pass. A fifo's consumer reports them in its pop instead. */
static void flush_lost(pinq_t *q)
{
    pinq_irqstate_t s = pinq_irq_save();
    pinq_ring_flush_lost(&q->ring);
    pinq_irq_restore(s);
}

/* The next event, or the RESYNC of losses no event has followed. */
static bool take_event(pinq_t *q, pinq_event_t *ev)
{
    if (pinq_ring_pop(&q->ring, ev) == 1)
        return true;
    if (!pinq_ring_lost_pending(&q->ring))
        return false;
    flush_lost(q);
    return pinq_ring_pop(&q->ring, ev) == 1;
}

static bool run_event(pinq_t *q)
{
    pinq_event_t ev;
    if (!take_event(q, &ev))
        return false;
    pinq_ticks_t taken = q->observe ? pinq_port_now() : 0;
    const pinq_line_cfg_t *c = &q->lines[ev.line];
    if (c->deferred)
        c->deferred(&ev, c->ctx);
    else if (q->on_event)
        q->on_event(&ev, q->on_event_ctx);
    if (q->observe)
        q->observe(&ev, taken, pinq_port_now(), q->observe_ctx);
    return true;
}

/* Sampled by the dispatcher: a polled line, or an interrupt line the
 * storm guard handed over. */
static bool is_polled(const pinq_line_cfg_t *c, const pinq_line_t *s)
{
    uint8_t state = LD_RLX(&s->enabled);
    return state == PINQ_LINE_POLLED || (c->source == PINQ_SRC_POLL && state != PINQ_LINE_OFF);
}

/* Ticks until line `i` is due (0: due now). 64-bit: any period a line
 * may have (up to 2^32 - 1 ticks) compares right. */
static pinq_ticks_t poll_due_in(const pinq_t *q, uint16_t i, pinq_ticks_t now)
{
    pinq_ticks_t next = q->poll[i].next_poll;
    return next > now ? next - now : 0;
}

/* Sample every polled line whose period has elapsed. The event is stamped
 * with its line's sampling time; the true edge lies up to one period
 * earlier. */
static void poll_lines(pinq_t *q)
{
    if (!HAS_POLL(q))
        return; /* no line can be polled (pinq_init, pinq_line_set_polled) */
    pinq_ticks_t now = pinq_port_now();
    for (uint16_t i = 0; i < q->nlines; i++) {
        const pinq_line_cfg_t *c = &q->lines[i];
        pinq_poll_t *p = &q->poll[i];
        if (!is_polled(c, &q->state[i]))
            continue;
        if (p->sampled && poll_due_in(q, i, now) > 0)
            continue;
        /* the sample's own time: an interrupt that handed this line over
         * earlier in the pass posted after the pass began */
        now = pinq_port_now();
        int level = c->read(c->ctx);
        p->next_poll = now + c->poll_period;
        if (level < 0)
            continue; /* read error: keep the last level */
        if (!p->sampled && c->source == PINQ_SRC_POLL)
            ST_RLX(&q->state[i].level, (uint8_t)(level != 0)); /* the first sample sets the level; it is not an edge */
        else
            pinq_post_sample(q, i, level, now); /* storm-polled lines compare with the ISR's last level */
        p->sampled = 1;
    }
}

unsigned pinq_dispatch(pinq_t *q, unsigned budget)
{
    if (!q)
        return 0;
    pinq_debug_consumer_();
    poll_lines(q);
    unsigned done = 0;
    /* alternate calls and events so neither starves the other */
    while (done < budget) {
        bool any = run_call(q);
        done += any;
        if (done < budget && run_event(q)) {
            done++;
            any = true;
        }
        if (!any)
            break;
    }
    return done;
}

/* What pinq_pop() waits for: events, not scheduled calls (it runs none). */
static bool events_pending(const pinq_t *q)
{
    return pinq_ring_ready(&q->ring) || pinq_ring_lost_pending(&q->ring);
}

bool pinq_pending(const pinq_t *q)
{
    return q && (events_pending(q) || call_ready(q));
}

typedef bool (*work_fn)(const pinq_t *q);

/* Milliseconds until the next polled line is due, capped at `limit`. */
static uint32_t next_poll_ms(const pinq_t *q, uint32_t limit)
{
    if (!HAS_POLL(q))
        return limit;
    pinq_ticks_t now = pinq_port_now();
    uint32_t tps = pinq_port_ticks_per_sec();
    for (uint16_t i = 0; i < q->nlines; i++) {
        if (!is_polled(&q->lines[i], &q->state[i]))
            continue;
        pinq_ticks_t due = poll_due_in(q, i, now); /* < 2^32: the product cannot overflow */
        pinq_ticks_t ms = (due * 1000u + tps - 1) / tps;
        if (ms < limit)
            limit = (uint32_t)ms;
    }
    return limit;
}

/* The longest one sleep may last: 2^31 ticks with 32-bit ISR stamps, so
 * the ring is seen empty often enough to restore their high words exactly
 * (pinq_ring_note_idle_). No cap for a wait of 0 ms: nothing to divide. */
static uint32_t idle_cap_ms(const pinq_t *q, uint32_t timeout_ms)
{
    if (!q->ring.now || timeout_ms == 0)
        return PINQ_WAIT_FOREVER;
    return (uint32_t)((UINT64_C(1) << 31) * 1000u / pinq_port_ticks_per_sec());
}

/* The port tick `ms` from now, and the whole milliseconds (rounded up)
 * left until such a deadline: pinq_pop()'s timeout, and the blocking
 * pinq_wait()'s. ms and the tick rate are below 2^32, so neither product
 * overflows 64 bits. */
static pinq_ticks_t deadline_in(uint32_t ms)
{
    return pinq_port_now() + (pinq_ticks_t)ms * pinq_port_ticks_per_sec() / 1000u;
}

static uint32_t ms_left(pinq_ticks_t deadline)
{
    pinq_ticks_t now = pinq_port_now(), tps = pinq_port_ticks_per_sec();
    return now >= deadline ? 0 : (uint32_t)(((deadline - now) * 1000u + tps - 1) / tps);
}

/* Sleep no longer than this while a stamped ring has a position claimed
 * and not yet published by a producer on another thread or core: no
 * interrupt or wake-up will say when it is. */
static uint32_t in_flight_cap(const pinq_t *q, uint32_t ms)
{
    return ms > IN_FLIGHT_MS && pinq_ring_in_flight_(&q->ring) ? IN_FLIGHT_MS : ms;
}

#if PINQ_CFG_WAKE

/* One check-and-block of at most min(left, cap) ms; returns how long it
 * asked to block (0: work was pending). The consumer names itself before
 * it looks (pinq.h, "blocking consumers"): a producer that publishes after
 * the look finds the name and wakes it. */
static uint32_t wait_once(pinq_t *q, uint32_t left, uint32_t cap, work_fn work)
{
    pinq_ring_note_idle_(&q->ring);
    ST_RLX(&q->waiter, pinq_port_waiter()); /* model: c_wake_name */
    PINQ_FENCE_SC_();                       /* model: c_wake_fence_c */
    uint32_t ms = work(q) ? 0 : in_flight_cap(q, next_poll_ms(q, left)); /* model: c_wake_look */
    if (ms > cap)
        ms = cap;
    if (ms > 0)
        pinq_port_block(q, ms); /* model: c_wake_block */
    ST_RLX(&q->waiter, NULL);
    return ms;
}

/* Blocks until work, a polled line falls due, or the timeout: an early
 * wake-up (one meant for an earlier wait) blocks again for what is left. */
static bool wait_for(pinq_t *q, uint32_t timeout_ms, work_fn work)
{
    bool forever = timeout_ms == PINQ_WAIT_FOREVER;
    pinq_ticks_t deadline = forever ? 0 : deadline_in(timeout_ms);
    uint32_t left = timeout_ms, cap = idle_cap_ms(q, timeout_ms);
    for (;;) {
        if (wait_once(q, left, cap, work) == 0)
            return work(q); /* work at the look, a polled line due, or no time left */
        if (work(q))
            return true; /* what woke it: one look after the block, the task's latency */
        if (!forever && (left = ms_left(deadline)) == 0)
            return false;
        if (next_poll_ms(q, left) == 0)
            return false; /* the caller samples it */
    }
}

#else

/* One masked check-and-sleep of at most min(left, cap) ms; returns how
 * long it asked to sleep (0: work was pending). */
static uint32_t wait_once(pinq_t *q, uint32_t left, uint32_t cap, work_fn work)
{
    /* Unmasked: it reads the clock before it looks, and what an interrupt
     * stores in between only makes it look at a ring that is not empty. */
    pinq_ring_note_idle_(&q->ring);
    pinq_irqstate_t s = pinq_irq_save();
    uint32_t ms = work(q) ? 0 : in_flight_cap(q, next_poll_ms(q, left));
    if (ms > cap)
        ms = cap;
    if (ms > 0)
        pinq_port_wait(ms); /* wakes on a pending interrupt although masked */
    pinq_irq_restore(s);
    return ms;
}

/* WFI semantics: any interrupt ends the wait. */
static bool wait_for(pinq_t *q, uint32_t timeout_ms, work_fn work)
{
    uint32_t left = timeout_ms, cap = idle_cap_ms(q, timeout_ms);
    for (;;) {
        pinq_ticks_t t0 = cap < left ? pinq_port_now() : 0; /* only a sleep the cap may cut is timed */
        uint32_t ms = wait_once(q, left, cap, work);
        /* another sleep only when this one was cut by the idle cap and
         * ran its whole length: any interrupt that woke it ends the wait,
         * as a one-shot timer's deadline must */
        if (ms != cap || ms >= left || work(q))
            break;
        if ((pinq_port_now() - t0) * 1000u / pinq_port_ticks_per_sec() < ms)
            break;
        if (left != PINQ_WAIT_FOREVER)
            left -= ms;
    }
    return work(q);
}

#endif

bool pinq_wait(pinq_t *q, uint32_t timeout_ms)
{
    if (!q)
        return false;
    pinq_debug_consumer_();
    return wait_for(q, timeout_ms, pinq_pending);
}

int pinq_pop(pinq_t *q, pinq_event_t *ev, uint32_t timeout_ms)
{
    if (!q || !ev)
        return PINQ_EINVAL;
    pinq_debug_consumer_();
    bool forever = timeout_ms == PINQ_WAIT_FOREVER;
    pinq_ticks_t deadline = forever ? 0 : deadline_in(timeout_ms);
    uint32_t left = timeout_ms;
    for (;;) {
        poll_lines(q);
        if (take_event(q, ev)) {
            if (q->observe) {
                pinq_ticks_t now = pinq_port_now();
                q->observe(ev, now, now, q->observe_ctx);
            }
            return 1;
        }
        if (!forever && (left = ms_left(deadline)) == 0)
            return 0;
        wait_for(q, left, events_pending);
    }
}
