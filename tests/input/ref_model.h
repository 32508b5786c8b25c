/* ref_model.h - an offline reference for the input engine's buttons and
 * chords, written from the rules in docs/input.md ("Order and the exact
 * rule at every threshold") by someone who did not write the engine.
 *
 * It sees a whole stream at once, so it needs no deadlines, horizons or
 * queues: each decision is read off the timeline directly.
 *
 *   ref_debounce  settle debounce of one line's raw edges: a change to a
 *                 level other than the stable one at e is accepted (ts e)
 *                 when the next change comes at or after e + T (T: press
 *                 time to the active level, release time away from it);
 *                 duplicates (same level) are no change.
 *   ref_chord     a chord over its members' debounced timelines: CHORD,
 *                 CHORD_HOLD, CHORD_UP and what each member's gestures see.
 *   ref_gesture   PRESS/RELEASE/CLICK/COUNT/LONG/LONG_UP/REPEAT of one
 *                 button from its (debounced, chord-filtered) timeline.
 *
 * Every threshold is reached at its tick, before any edge on that tick
 * (docs): a click lasts less than `click`; a press less than `multi` after
 * the last counted release continues the sequence, which otherwise ends
 * at release + multi; a press in the gap that is no click ends it at
 * press + click (or at its first REPEAT if sooner); a member pressed less
 * than `window` after the first held one completes a chord, the held
 * presses go on at first + window; LONG and REPEAT fire on their tick even
 * if the release comes on it. The settle debounce is the exception the
 * docs spell out: a level held exactly T is accepted.
 *
 * Times are offsets from the run's base (no wrap: the caller subtracts it).
 * Order on one line at one tick (docs: a time-out at t is taken before an
 * edge stamped t; LONG before REPEAT; the end of a sequence "just before"
 * the REPEAT that ends it; LONG_UP after the RELEASE). Where the docs say
 * nothing (COUNT and CLICK at one release) the model puts COUNT first:
 * see REF_RANK_*. */
#ifndef PINQ_TEST_REF_MODEL_H
#define PINQ_TEST_REF_MODEL_H

#include <stdint.h>
#include <stdlib.h>

#include "pinq_input.h"

#define REF_NONE UINT64_MAX


typedef struct ref_edge {
    uint64_t t;
    uint8_t level;
} ref_edge_t;

/* Same-tick order on one line. */
enum {
    REF_RANK_CLICK_TO = 0, /* CLICK(n) ending a sequence by time-out (gap over, press no click, REPEAT) */
    REF_RANK_LONG = 1,
    REF_RANK_REPEAT = 2,
    REF_RANK_EDGE = 3,     /* PRESS / RELEASE */
    REF_RANK_LONG_UP = 4,
    REF_RANK_COUNT = 5,
    REF_RANK_CLICK_IMM = 6, /* PINQ_GESTURE_IMMEDIATE */
    REF_RANK_CLICK_REL = 7  /* multi 0 or max_clicks: the sequence ends at the release */
};

typedef struct ref_ev {
    uint64_t t;
    uint32_t order; /* insertion order, ties */
    uint32_t edge;  /* the edge whose consequence it is (ranks from REF_RANK_EDGE) */
    int32_t value;
    uint8_t kind;
    uint8_t rank;
    uint8_t level; /* PRESS/RELEASE: the line's level; others: not modelled */
} ref_ev_t;

typedef struct ref_out {
    ref_ev_t *ev;
    unsigned n, cap;
    unsigned overflow;
    uint32_t edge; /* set before putting an edge's events */
} ref_out_t;

static inline void ref_put(ref_out_t *o, uint64_t t, uint8_t kind, uint8_t rank, int32_t value, uint8_t level)
{
    if (o->n >= o->cap) {
        o->overflow++;
        return;
    }
    o->ev[o->n] = (ref_ev_t){.t = t, .order = o->n, .edge = rank >= REF_RANK_EDGE ? o->edge : 0, .value = value,
                             .kind = kind, .rank = rank, .level = level};
    o->n++;
}

static inline int ref_cmp(const void *a, const void *b)
{
    const ref_ev_t *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    /* time-outs before edges; an edge's own events right after it, before
     * the next edge on the same tick */
    int gx = x->rank >= REF_RANK_EDGE, gy = y->rank >= REF_RANK_EDGE;
    if (gx != gy)
        return gx - gy;
    if (gx && x->edge != y->edge)
        return x->edge < y->edge ? -1 : 1;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static inline void ref_sort(ref_out_t *o)
{
    qsort(o->ev, o->n, sizeof o->ev[0], ref_cmp);
}

/* Settle debounce, offline. raw: one line's edges in order (levels 0/1,
 * duplicates allowed); the line idles at `idle`. A change still unsettled
 * at `end` (the last tick) is not reported. Returns accepted edges. */
static inline unsigned ref_debounce(const ref_edge_t *raw, unsigned n, uint8_t idle, uint8_t active, uint64_t tpress,
                                    uint64_t trelease, uint64_t end, ref_edge_t *out)
{
    uint8_t level = idle, stable = idle;
    unsigned k = 0;
    for (unsigned i = 0; i < n; i++) {
        if (raw[i].level == level)
            continue; /* duplicate: no change */
        level = raw[i].level;
        uint64_t next = REF_NONE;
        uint8_t l2 = level;
        for (unsigned j = i + 1; j < n; j++) {
            if (raw[j].level != l2) {
                next = raw[j].t;
                break;
            }
        }
        if (level == stable)
            continue; /* back to the stable level: nothing to accept */
        uint64_t T = level == active ? tpress : trelease;
        bool held = next == REF_NONE ? raw[i].t + T <= end : next - raw[i].t >= T;
        if (held) {
            stable = level;
            out[k++] = (ref_edge_t){raw[i].t, level};
        }
    }
    return k;
}

/* ---- gestures ------------------------------------------------------------ */

/* One button's gesture events from its timeline `db` (alternating PRESS,
 * RELEASE, ... as the gestures stage receives them), decided up to `end`. */
static inline void ref_gesture(const pinq_gesture_cfg_t *g, uint8_t active, const ref_edge_t *db, unsigned n,
                               uint64_t end, ref_out_t *o)
{
    const bool imm = (g->flags & PINQ_GESTURE_IMMEDIATE) != 0;
    unsigned open = 0;      /* clicks in the open sequence */
    uint64_t last_rel = 0;  /* release of its last click */
    for (unsigned i = 0; i < n; i++) {
        o->edge = i;
        if (db[i].level != active) {
            ref_put(o, db[i].t, PINQ_EV_RELEASE, REF_RANK_EDGE, 0, db[i].level);
            continue;
        }
        uint64_t p = db[i].t;
        uint64_t r = i + 1 < n ? db[i + 1].t : REF_NONE;
        uint64_t held_to = r == REF_NONE ? end : r; /* time-outs at or before this are taken while held */
        ref_put(o, p, PINQ_EV_PRESS, REF_RANK_EDGE, 0, db[i].level);

        /* the sequence open before this press: ended by the gap? */
        if (open && g->multi && p >= last_rel + g->multi) {
            if (!imm && last_rel + g->multi <= end)
                ref_put(o, last_rel + g->multi, PINQ_EV_CLICK, REF_RANK_CLICK_TO, (int32_t)open, 0);
            open = 0;
        }

        unsigned longs = 0;
        for (unsigned k = 0; k < PINQ_LONG_MAX && g->longp[k]; k++) {
            uint64_t t = p + g->longp[k];
            if (t > held_to)
                break;
            ref_put(o, t, PINQ_EV_LONG, REF_RANK_LONG, (int32_t)(k + 1), 1);
            longs++;
        }
        unsigned reps = 0;
        uint64_t first_rep = REF_NONE;
        if (g->repeat_delay) {
            for (uint32_t k = 1;; k++) {
                uint64_t t = p + g->repeat_delay + (uint64_t)(k - 1) * g->repeat;
                if (t > held_to)
                    break;
                if (k == 1)
                    first_rep = t;
                ref_put(o, t, PINQ_EV_REPEAT, REF_RANK_REPEAT, (int32_t)k, 1);
                reps++;
                if (!g->repeat)
                    break;
            }
        }
        o->edge = i + 1; /* what the release brings */
        if (r != REF_NONE && longs)
            ref_put(o, r, PINQ_EV_LONG_UP, REF_RANK_LONG_UP, (int32_t)longs, 0);
        bool click = r != REF_NONE && r - p < g->click && !longs && !reps;

        if (!click) {
            if (open) { /* the press that came is no click: ends the sequence */
                uint64_t t = p + g->click;
                if (first_rep < t)
                    t = first_rep;
                if (!imm && t <= end)
                    ref_put(o, t, PINQ_EV_CLICK, REF_RANK_CLICK_TO, (int32_t)open, 0);
                open = 0;
            }
            continue;
        }
        open++;
        last_rel = r;
        if (g->flags & PINQ_GESTURE_COUNT)
            ref_put(o, r, PINQ_EV_COUNT, REF_RANK_COUNT, (int32_t)open, 0);
        if (imm)
            ref_put(o, r, PINQ_EV_CLICK, REF_RANK_CLICK_IMM, (int32_t)open, 0);
        if (g->multi == 0 || open == g->max_clicks) {
            if (!imm)
                ref_put(o, r, PINQ_EV_CLICK, REF_RANK_CLICK_REL, (int32_t)open, 0);
            open = 0;
        }
    }
    if (open && g->multi && !imm && last_rel + g->multi <= end)
        ref_put(o, last_rel + g->multi, PINQ_EV_CLICK, REF_RANK_CLICK_TO, (int32_t)open, 0);
    ref_sort(o);
}

/* ---- chords --------------------------------------------------------------- */

typedef struct ref_mev {
    uint64_t t;
    uint8_t member, level, press;
} ref_mev_t;

static inline int ref_mev_cmp(const void *a, const void *b)
{
    const ref_mev_t *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return (int)x->member - (int)y->member; /* one tick: cfg.lines order */
}

/* A chord over its members' debounced timelines db[m] (nd[m] edges each).
 * CHORD/CHORD_HOLD/CHORD_UP go to `chord`; what each member's gestures see
 * (presses let through with their own ts, the rest passed or swallowed) to
 * pass[m] (room for nd[m] edges). mev: scratch for every member edge. */
static inline void ref_chord(const pinq_chord_cfg_t *c, const uint8_t *active, ref_edge_t *const *db,
                             const unsigned *nd, uint64_t end, ref_out_t *chord, ref_edge_t *const *pass,
                             unsigned *npass, ref_mev_t *mev)
{
    unsigned n = 0;
    const unsigned all = (1u << c->n) - 1u;
    for (unsigned m = 0; m < c->n; m++) {
        npass[m] = 0;
        for (unsigned i = 0; i < nd[m]; i++)
            mev[n++] = (ref_mev_t){db[m][i].t, (uint8_t)m, db[m][i].level, db[m][i].level == active[m]};
    }
    qsort(mev, n, sizeof mev[0], ref_mev_cmp);
    enum { IDLE, COLLECT, ACTIVE } st = IDLE;
    unsigned held = 0, down = 0;
    uint64_t first = 0, formed = 0, held_ts[PINQ_CHORD_MAX] = {0};
    uint8_t held_lvl[PINQ_CHORD_MAX] = {0};
    bool hold_done = false, up_done = false;
    /* the held presses go on, in timestamp order per member (each member's
     * list stays sorted: its later edges come after this press) */
#define REF_LET_GO()                                                                                           \
    do {                                                                                                       \
        for (unsigned m_ = 0; m_ < c->n; m_++)                                                                 \
            if (held >> m_ & 1u)                                                                               \
                pass[m_][npass[m_]++] = (ref_edge_t){held_ts[m_], held_lvl[m_]};                               \
        held = 0;                                                                                              \
        st = IDLE;                                                                                             \
    } while (0)
    for (unsigned i = 0; i <= n; i++) {
        uint64_t t = i < n ? mev[i].t : end;
        /* time-outs at or before t come first */
        if (st == COLLECT && first + c->window <= t)
            REF_LET_GO();
        if (st == ACTIVE && c->hold && !hold_done && !up_done && formed + c->hold <= t) {
            ref_put(chord, formed + c->hold, PINQ_EV_CHORD_HOLD, 0, (int32_t)all, 0);
            hold_done = true;
        }
        if (i == n)
            break;
        const ref_mev_t *e = &mev[i];
        unsigned bit = 1u << e->member;
        if (e->press) {
            down |= bit;
            if (st == ACTIVE)
                continue; /* swallowed */
            if (st == IDLE) {
                st = COLLECT;
                first = e->t;
            }
            held |= bit;
            held_ts[e->member] = e->t;
            held_lvl[e->member] = e->level;
            if (held == all) {
                ref_put(chord, e->t, PINQ_EV_CHORD, 0, (int32_t)all, 0);
                st = ACTIVE;
                formed = e->t;
                held = 0;
                hold_done = up_done = false;
            }
            continue;
        }
        down &= ~bit;
        if (st == ACTIVE) {
            if (!up_done)
                ref_put(chord, e->t, PINQ_EV_CHORD_UP, 0, (int32_t)all, 0);
            up_done = true;
            if (!down)
                st = IDLE;
            continue; /* swallowed */
        }
        if (st == COLLECT && (held & bit))
            REF_LET_GO(); /* a held member released first */
        pass[e->member][npass[e->member]++] = (ref_edge_t){e->t, e->level};
    }
#undef REF_LET_GO
    ref_sort(chord);
    /* let-through presses were appended late: keep each member's list in ts order */
    for (unsigned m = 0; m < c->n; m++)
        for (unsigned i = 1; i < npass[m]; i++)
            for (unsigned j = i; j > 0 && pass[m][j - 1].t > pass[m][j].t; j--) {
                ref_edge_t tmp = pass[m][j];
                pass[m][j] = pass[m][j - 1];
                pass[m][j - 1] = tmp;
            }
}

#endif
