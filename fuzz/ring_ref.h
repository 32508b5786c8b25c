/* ring_ref.h - a trivially correct reference of one ring, single-threaded,
 * written from the promises of include/pinq.h (pinq_ring_push, _pop and
 * their comments), not from pinq_ring.c:
 *   - a plain array queue of items, each an event or a RESYNC marker; a
 *     marker takes a slot like an event;
 *   - per line: the losses owed, the level of the latest lost event, and
 *     whether it stopped counting (PINQ_FLAG_AT_LEAST, after `sat_limit`
 *     owed: the lost count is then a lower bound, the owed count plus the
 *     one loss its producer did not count);
 *   - DROP_NEWEST / COALESCE: a full ring refuses the new event and counts
 *     it (dropped / coalesced); owed RESYNCs are stored before the next
 *     event stored, pinq.h's "exactly where the events went missing" (the
 *     ring first drains to 9 free slots per line owing, at most half the
 *     ring, at least 2: a marker and the event; until then it refuses
 *     events on the same accounts), and reported by the consumer itself
 *     when a fifo ring is empty; in MPSC,
 *     losses no stored event follows wait for pinq_ring_flush_lost;
 *   - DROP_OLDEST: a full ring discards its oldest event (counted dropped,
 *     owed on that event's line) and stores the new one; the consumer
 *     reports every owed loss before the next event it pops.
 * Freedoms the docs leave, and the model accepts: the order of RESYNCs of
 * different lines that are due at the same place (a run of markers, or the
 * consumer's own reports). */
#ifndef PINQ_FUZZ_RING_REF_H
#define PINQ_FUZZ_RING_REF_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "pinq.h"

#define REF_MAX_CAP 64
#define REF_MAX_LINES 8

typedef struct ref_item {
    pinq_event_t ev; /* marker: kind RESYNC, line; its count is taken when it is stored */
    uint32_t lost;   /* marker: losses it carries */
    uint8_t flags;   /* marker: level bit and PINQ_FLAG_AT_LEAST */
} ref_item_t;

typedef struct ref_ring {
    ref_item_t q[REF_MAX_CAP]; /* q[0] is the oldest */
    uint32_t n, cap, nlines, sat_limit, next_pos;
    uint8_t mode, policy;
    uint32_t owed[REF_MAX_LINES];
    uint8_t lvl[REF_MAX_LINES], sat[REF_MAX_LINES];
    uint32_t produced, delivered, dropped, coalesced, max_fill;
    pinq_ticks_t last_ts;
    bool has_last;
} ref_ring_t;

static bool ref_fifo(const ref_ring_t *m)
{
    return m->mode == PINQ_SPSC && m->policy != PINQ_DROP_OLDEST;
}

/* The consumer reports losses itself (no marker in the ring). */
static bool ref_self_reports(const ref_ring_t *m)
{
    return m->policy == PINQ_DROP_OLDEST;
}

static bool ref_line_owes(const ref_ring_t *m, uint32_t l)
{
    return m->owed[l] || m->sat[l];
}

static bool ref_owes(const ref_ring_t *m)
{
    for (uint32_t l = 0; l < m->nlines; l++)
        if (ref_line_owes(m, l))
            return true;
    return false;
}

static uint32_t ref_queued(const ref_ring_t *m)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->n; i++)
        k += m->q[i].ev.kind != PINQ_EV_RESYNC;
    return k;
}

static void ref_account(ref_ring_t *m, uint16_t line, uint8_t level)
{
    m->lvl[line] = level & 1u;
    if (m->owed[line] >= m->sat_limit)
        m->sat[line] = 1;
    else
        m->owed[line]++;
}

/* Take line l's account: the count a RESYNC reports and its flags. */
static uint32_t ref_take(ref_ring_t *m, uint32_t l, uint8_t *flags)
{
    uint32_t n = m->owed[l] + m->sat[l];
    *flags = (uint8_t)(m->lvl[l] | (m->sat[l] ? PINQ_FLAG_AT_LEAST : 0u));
    m->owed[l] = 0;
    m->sat[l] = 0;
    return n;
}

static void ref_store(ref_ring_t *m, const pinq_event_t *ev, uint32_t lost, uint8_t flags)
{
    ref_item_t *it = &m->q[m->n++];
    it->ev = *ev;
    it->ev.seq = m->next_pos++;
    it->lost = lost;
    it->flags = flags;
    if (m->n > m->max_fill)
        m->max_fill = m->n;
}

static void ref_init(ref_ring_t *m, uint32_t cap, uint32_t nlines, uint8_t mode, uint8_t policy, uint32_t start,
                     uint32_t sat_limit)
{
    memset(m, 0, sizeof *m);
    m->cap = cap;
    m->nlines = nlines;
    m->mode = mode;
    m->policy = policy;
    m->next_pos = start;
    m->sat_limit = sat_limit;
}

/* Markers for every line that owes, while there is room; false if the
 * room ran out first (the rest stay owed). */
static bool ref_flush_markers(ref_ring_t *m)
{
    for (uint32_t l = 0; l < m->nlines; l++) {
        if (!ref_line_owes(m, l))
            continue;
        if (m->n == m->cap)
            return false;
        uint8_t flags;
        pinq_event_t mk = {.line = (uint16_t)l, .kind = PINQ_EV_RESYNC};
        uint32_t lost = ref_take(m, l, &flags);
        ref_store(m, &mk, lost, flags);
    }
    return true;
}

/* Free slots a ring wants before owed markers and the event go in
 * (pinq.h): 9 per line owing, at most half the ring, at least 2. */
static uint32_t ref_resync_room(const ref_ring_t *m)
{
    uint32_t owing = 0, half = m->cap / 2;
    for (uint32_t l = 0; l < m->nlines; l++)
        owing += ref_line_owes(m, l);
    uint32_t want = owing * 9;
    if (want > half)
        want = half;
    return want < 2 ? 2 : want;
}

static int ref_refuse(ref_ring_t *m, const pinq_event_t *ev)
{
    ref_account(m, ev->line, ev->level);
    if (m->policy == PINQ_COALESCE)
        m->coalesced++;
    else
        m->dropped++;
    return PINQ_EFULL;
}

/* pinq_ring_push of a valid event. */
static int ref_push(ref_ring_t *m, const pinq_event_t *ev)
{
    m->produced++;
    if (m->policy == PINQ_DROP_OLDEST) {
        if (m->n == m->cap) {
            ref_account(m, m->q[0].ev.line, m->q[0].ev.level);
            m->dropped++;
            memmove(&m->q[0], &m->q[1], (m->n - 1) * sizeof m->q[0]);
            m->n--;
        }
        ref_store(m, ev, 0, 0);
        return PINQ_OK;
    }
    if (ref_owes(m)) {
        if (m->cap - m->n < ref_resync_room(m))
            return ref_refuse(m, ev);
        if (!ref_flush_markers(m))
            return ref_refuse(m, ev);
    }
    if (m->n == m->cap)
        return ref_refuse(m, ev);
    ref_store(m, ev, 0, 0);
    return PINQ_OK;
}

/* pinq_ring_flush_lost: only an MPSC ring without DROP_OLDEST stores
 * markers; the others' consumer reports losses itself. */
static bool ref_flush_lost(ref_ring_t *m)
{
    if (ref_fifo(m) || ref_self_reports(m))
        return true;
    return ref_flush_markers(m);
}

/* Whether a pop would return something now. */
static bool ref_ready(const ref_ring_t *m)
{
    if (ref_self_reports(m) && ref_owes(m))
        return true;
    if (m->n)
        return true;
    return ref_fifo(m) && ref_owes(m);
}

/* The RESYNC the consumer reports for line l, as pinq_ring_pop fills it. */
static void ref_resync(const ref_ring_t *m, pinq_event_t *ev, uint32_t line, uint32_t lost, uint8_t flags)
{
    *ev = (pinq_event_t){.ts = m->last_ts, .line = (uint16_t)line, .kind = PINQ_EV_RESYNC,
                         .level = (uint8_t)(flags | (m->has_last ? 0u : PINQ_FLAG_NO_TS))};
    ev->lost = lost;
}

/* Check the event the real ring popped, `got`, against the model and
 * take it out; false if the model allows no such event. */
static bool ref_pop_check(ref_ring_t *m, const pinq_event_t *got)
{
    pinq_event_t want;
    bool self = (ref_self_reports(m) || (ref_fifo(m) && m->n == 0)) && ref_owes(m);
    if (got->kind == PINQ_EV_RESYNC && self) {
        /* any line that owes, with its whole account */
        if (got->line >= m->nlines || !ref_line_owes(m, got->line))
            return false;
        uint8_t flags;
        uint32_t lost = ref_take(m, got->line, &flags);
        ref_resync(m, &want, got->line, lost, flags);
        return memcmp(&want, got, sizeof want) == 0;
    }
    if (self || m->n == 0)
        return false;
    uint32_t i = 0;
    if (got->kind == PINQ_EV_RESYNC) /* any marker of the run at the front */
        while (i < m->n && m->q[i].ev.kind == PINQ_EV_RESYNC && m->q[i].ev.line != got->line)
            i++;
    if (i == m->n || (m->q[i].ev.kind == PINQ_EV_RESYNC) != (got->kind == PINQ_EV_RESYNC))
        return false;
    if (got->kind == PINQ_EV_RESYNC) {
        ref_resync(m, &want, got->line, m->q[i].lost, m->q[i].flags);
    } else {
        want = m->q[i].ev;
        m->delivered++;
        m->last_ts = want.ts;
        m->has_last = true;
    }
    memmove(&m->q[i], &m->q[i + 1], (m->n - i - 1) * sizeof m->q[0]);
    m->n--;
    return memcmp(&want, got, sizeof want) == 0;
}

#endif
