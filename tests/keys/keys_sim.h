/* keys_sim.h - test harness of the key sources: an engine whose buttons
 * are keys, a log of what it reports, seeded random key scripts with
 * contact bounce, and the reference every source is held to: each key's
 * PRESS/RELEASE, in order, stamped between the true edge and the edge
 * plus a stated slack (bounce, settling, one sample period). */
#ifndef PINQ_KEYS_SIM_H
#define PINQ_KEYS_SIM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pinq_keys.h"

#define TPS 1000000000u /* host ticks are nanoseconds */
#define US 1000u
#define MS (1000u * US)
#define KEY(i) PINQ_KEY_CODE(i)
#define LOG_MAX 4096
#define SEG_MAX 64

/* ---- the engine, its keys and its log ---------------------------------- */

typedef struct klog {
    pinq_event_t ev[LOG_MAX];
    unsigned n;
} klog_t;

static klog_t klog;
static pinq_button_cfg_t kbuttons[PINQ_KEYS_MAX];
static pinq_button_t kbutton_state[PINQ_KEYS_MAX];
static pinq_input_cfg_t kcfg;
static pinq_input_t kin;

static void klog_put(const pinq_event_t *ev, void *ctx)
{
    klog_t *l = ctx;
    if (l->n < LOG_MAX)
        l->ev[l->n] = *ev;
    l->n++;
}

/* n keys KEY(0..n-1), each N samples to change; q may be NULL. */
static void engine_setup(unsigned n, uint8_t samples, pinq_t *q)
{
    for (unsigned i = 0; i < n; i++)
        kbuttons[i] = (pinq_button_cfg_t)PINQ_KEY_BUTTON(KEY(i), samples, TPS);
    kcfg = (pinq_input_cfg_t){.buttons = kbuttons, .button_state = kbutton_state, .nbuttons = (uint16_t)n,
                              .tps = TPS, .emit = klog_put, .emit_ctx = &klog};
    klog.n = 0;
    CHECK_EQ(pinq_input_init(&kin, &kcfg, q), PINQ_OK);
}

/* ---- seeded randomness ---------------------------------------------------- */

static uint64_t rng;

static uint32_t rnd(void)
{
    uint64_t z = (rng += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return (uint32_t)((z ^ (z >> 31)) >> 32);
}

static uint32_t rnd_below(uint32_t n)
{
    return (uint32_t)(((uint64_t)rnd() * n) >> 32);
}

/* A fixed pseudo-random bit of (a, b, c): bounce patterns without state. */
static unsigned hash_bit(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t z = a * UINT64_C(0x9E3779B97F4A7C15) ^ b * UINT64_C(0xC2B2AE3D27D4EB4F) ^ c * UINT64_C(0x165667B19E3779F9);
    z ^= z >> 29;
    z *= UINT64_C(0xBF58476D1CE4E5B9);
    return (unsigned)(z >> 40) & 1u;
}

/* ---- scripts: segments of a set of closed keys --------------------------- */

typedef struct seg {
    pinq_ticks_t start; /* from here on `set` is closed (after bounce/skew) */
    uint64_t set;       /* keys closed */
    uint32_t skew[6];   /* encoded lines: ticks after start each line switches */
} seg_t;

typedef struct script {
    seg_t seg[SEG_MAX];
    unsigned n;
    pinq_ticks_t end;   /* run until */
    uint32_t bounce;    /* ticks each changing contact bounces after start */
} script_t;

/* Keys closed at t: a key that changed at the segment's start bounces
 * between its old and new state for `bounce` ticks (20 us steps). */
static uint64_t script_closed(const script_t *s, pinq_ticks_t t)
{
    unsigned i = 0;
    while (i + 1 < s->n && t >= s->seg[i + 1].start)
        i++;
    if (!s->n || t < s->seg[0].start)
        return 0;
    uint64_t cur = s->seg[i].set, prev = i ? s->seg[i - 1].set : 0, out = cur;
    pinq_ticks_t since = t - s->seg[i].start;
    if (since >= s->bounce)
        return cur;
    for (unsigned k = 0; k < 64; k++) {
        uint64_t bit = UINT64_C(1) << k;
        if (((prev ^ cur) & bit) && !hash_bit(k, i, since / (20 * US)))
            out = (out & ~bit) | (prev & bit);
    }
    return out;
}

/* Append a segment `len` ticks after the last one's start. */
static void script_add(script_t *s, pinq_ticks_t at, uint64_t set)
{
    if (s->n < SEG_MAX)
        s->seg[s->n++] = (seg_t){.start = at, .set = set};
}

/* ---- the reference -------------------------------------------------------- */

/* How much before its edge a key may be stamped: a scan is stamped at its
 * start and reads its last row a little later (matrix: rows * settle). */
static pinq_ticks_t ref_early;

typedef uint64_t (*visible_fn)(uint64_t set); /* keys a source can report for a closed set */

static inline uint64_t all_visible(uint64_t set)
{
    return set;
}

/* Each key's PRESS/RELEASE must be those of the visible set's changes, in
 * order, each within [edge, edge + slack]; no other key reports any. */
static void expect_script(const klog_t *l, const script_t *s, visible_fn vis, unsigned nkeys, pinq_ticks_t slack,
                          const char *name)
{
    unsigned bad = 0;
    CHECK(l->n <= LOG_MAX);
    for (unsigned k = 0; k < nkeys; k++) {
        unsigned e = 0;
        uint64_t bit = UINT64_C(1) << k, was = 0;
        for (unsigned i = 0; i <= s->n; i++) {
            uint64_t now = i < s->n ? vis(s->seg[i].set) & bit : 0; /* all keys up after the script */
            pinq_ticks_t edge = i < s->n ? s->seg[i].start : s->end;
            if (now == was)
                continue;
            uint8_t kind = now ? PINQ_EV_PRESS : PINQ_EV_RELEASE;
            while (e < l->n && (l->ev[e].line != KEY(k) || l->ev[e].kind > PINQ_EV_RELEASE))
                e++;
            bool ok = e < l->n && l->ev[e].kind == kind && l->ev[e].ts + ref_early >= edge && l->ev[e].ts + ref_early - edge <= slack + ref_early;
            if (!ok && bad++ < 4)
                fprintf(stderr, "%s: key %u seg %u: want %s in [%llu, +%llu] us, got %s at %llu us\n", name, k, i,
                        now ? "PRESS" : "RELEASE", (unsigned long long)(edge / US), (unsigned long long)(slack / US),
                        e < l->n ? (l->ev[e].kind == PINQ_EV_PRESS ? "PRESS" : "RELEASE") : "nothing",
                        e < l->n ? (unsigned long long)(l->ev[e].ts / US) : 0ull);
            e++;
            was = now;
        }
        while (e < l->n && (l->ev[e].line != KEY(k) || l->ev[e].kind > PINQ_EV_RELEASE))
            e++;
        if (e < l->n && bad++ < 4)
            fprintf(stderr, "%s: key %u: extra event kind %u at %llu us\n", name, k, l->ev[e].kind,
                    (unsigned long long)(l->ev[e].ts / US));
    }
    CHECK_EQ(bad, 0);
}

/* Same events, same order, same timestamps and values. */
static void expect_same_log(const klog_t *a, const klog_t *b, const char *name)
{
    bool same = a->n == b->n && memcmp(a->ev, b->ev, sizeof(a->ev[0]) * (a->n < LOG_MAX ? a->n : LOG_MAX)) == 0;
    if (!same)
        fprintf(stderr, "%s: logs differ (%u vs %u events)\n", name, a->n, b->n);
    CHECK(same);
}

/* Kinds reported for key k, in order, as a string of letters
 * (P press, R release, C click, L long, U long-up, A ambiguous). */
static const char *key_story(const klog_t *l, uint16_t code, char *buf, unsigned size)
{
    unsigned n = 0;
    for (unsigned i = 0; i < l->n && i < LOG_MAX && n + 1 < size; i++) {
        const pinq_event_t *e = &l->ev[i];
        const char *letters = "PRCL?????U";
        if (e->line != code)
            continue;
        if (e->kind == PINQ_EV_KEY_AMBIGUOUS)
            buf[n++] = 'A';
        else if (e->kind >= PINQ_EV_PRESS && e->kind <= PINQ_EV_LONG_UP)
            buf[n++] = letters[e->kind - PINQ_EV_PRESS];
    }
    buf[n] = 0;
    return buf;
}

/* ---- the main loop ---------------------------------------------------------- */

static pinq_ticks_t sim_now; /* the hardware models' time */

/* Poll the source every 1 ms over the script and tick the engine every
 * tick_ms (a slow loop must report exactly what a fast one does). */
static void run_script(const script_t *s, pinq_ticks_t from, bool (*poll)(pinq_ticks_t now), unsigned tick_ms)
{
    unsigned step = 0;
    for (pinq_ticks_t t = from; t <= s->end; t += MS, step++) {
        sim_now = t;
        poll(t);
        if (step % tick_ms == 0)
            pinq_input_tick(&kin, t);
    }
    pinq_input_tick(&kin, s->end + 5000 * (pinq_ticks_t)MS);
}

#endif
