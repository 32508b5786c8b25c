/* fuzz_cfg.c - libFuzzer target for the configurations callers hand in:
 * bytes become a pinq_ring_cfg_t, a pinq_cfg_t (with its line table) and a
 * pinq_input_cfg_t, each pointer aimed at storage large enough for what
 * the config says or left NULL. pinq_ring_init, pinq_init and
 * pinq_input_init must refuse with an error code or give a working
 * queue: then events are posted and popped, and conservation
 * (produced == delivered + dropped + coalesced + queued) must hold, and
 * the RESYNCs must report every loss (exactly, unless PINQ_FLAG_AT_LEAST). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pinq.h"
#include "pinq_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_LINES 8
#define MAX_CAP 64
#define MAX_IN 4

typedef struct input {
    const uint8_t *p, *end;
} input_t;

static uint8_t next(input_t *in)
{
    return in->p < in->end ? *in->p++ : 0;
}

/* Raw bytes into a field or struct (zeros once the input ends). */
static void take(input_t *in, void *dst, size_t n)
{
    uint8_t *d = dst;
    for (size_t i = 0; i < n; i++)
        d[i] = next(in);
}

static pinq_slot_t slots[MAX_CAP];
static pinq_lost_t lost[MAX_LINES];
static pinq_line_t state[MAX_LINES];
static pinq_poll_t poll[MAX_LINES];
static pinq_call_t calls[MAX_CAP];
static pinq_line_cfg_t lines[MAX_LINES];
static pinq_ring_t ring;
static pinq_t q;
static uint32_t reported;
static int level_now;

static void fail(const char *what)
{
    fprintf(stderr, "fuzz_cfg: %s\n", what);
    abort();
}

/* A capacity within the storage, some of them refused. */
static uint32_t capacity(input_t *in, uint32_t max)
{
    static const uint32_t caps[8] = {0, 1, 2, 3, 4, 6, 16, 64};
    uint32_t c = caps[next(in) & 7u];
    return c <= max ? c : max;
}

static void conservation(const pinq_ring_t *r)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(r, &st);
    if (st.produced != st.delivered + st.dropped + st.coalesced + st.queued)
        fail("produced != delivered + dropped + coalesced + queued");
}

static void count(const pinq_event_t *ev)
{
    if (ev->kind == PINQ_EV_RESYNC)
        reported += ev->lost;
}

static void on_event(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    count(ev);
}

static bool hard(pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    return ev->ts & 1u; /* consumes every other event */
}

static int read_level(void *ctx)
{
    (void)ctx;
    return level_now;
}

/* The losses a drained ring owes none of: reported == dropped + coalesced. */
static void all_reported(const pinq_ring_t *r)
{
    pinq_ring_stats_t st;
    pinq_ring_stats(r, &st);
    if (st.queued != 0 || reported != st.dropped + st.coalesced)
        fail("losses not all reported after the drain");
}

static void ring_case(input_t *in)
{
    uint8_t f = next(in);
    pinq_ring_cfg_t c = {.slots = f & 1u ? NULL : slots, .lost = f & 2u ? NULL : lost};
    c.capacity = capacity(in, MAX_CAP);
    c.nlines = (uint16_t)(next(in) % (MAX_LINES + 1));
    c.mode = next(in) % 3u;
    c.policy = next(in) % 4u;
    take(in, &c.start_index, sizeof c.start_index);
    int rc = pinq_ring_init(&ring, &c);
    if (rc != PINQ_OK) {
        if (rc != PINQ_EINVAL && rc != PINQ_ENOTSUP)
            fail("pinq_ring_init: unknown error code");
        return;
    }
    reported = 0;
    for (uint32_t i = 0; i < 3 * c.capacity; i++) {
        pinq_event_t ev = {.ts = i, .line = (uint16_t)(i % c.nlines), .kind = PINQ_EV_RISE, .level = 1};
        pinq_ring_push(&ring, &ev);
        conservation(&ring);
    }
    pinq_event_t ev;
    for (uint32_t i = 0; i < 8u * MAX_CAP; i++) { /* bounded: a ring that never empties fails below */
        pinq_ring_flush_lost(&ring);
        if (pinq_ring_pop(&ring, &ev) == 1)
            count(&ev);
        else if (!pinq_ring_lost_pending(&ring))
            break;
    }
    conservation(&ring);
    all_reported(&ring);
}

static void queue_case(input_t *in)
{
    uint8_t f = next(in);
    uint16_t n = (uint16_t)(next(in) % (MAX_LINES + 1));
    for (uint16_t l = 0; l < n; l++) {
        uint8_t b = next(in);
        lines[l] = (pinq_line_cfg_t){.hard = b & 1u ? hard : NULL, .deferred = b & 2u ? on_event : NULL,
                                     .read = b & 4u ? read_level : NULL, .trigger = next(in) % 6u,
                                     .source = (b >> 3) % 3u};
        take(in, &lines[l].poll_period, 1);
    }
    pinq_cfg_t c = {.lines = f & 1u ? NULL : lines, .state = f & 2u ? NULL : state, .poll = f & 4u ? poll : NULL,
                    .nlines = n, .slots = f & 8u ? NULL : slots, .lost = f & 16u ? NULL : lost,
                    .mode = next(in) % 3u, .policy = next(in) % 4u, .calls = f & 32u ? calls : NULL,
                    .on_event = f & 64u ? on_event : NULL};
    c.capacity = capacity(in, MAX_CAP);
    c.ncalls = c.calls ? capacity(in, MAX_CAP) : 0;
    int rc = pinq_init(&q, &c);
    if (rc != PINQ_OK) {
        if (rc != PINQ_EINVAL && rc != PINQ_ENOTSUP)
            fail("pinq_init: unknown error code");
        return;
    }
    reported = 0;
    for (uint32_t i = 0; i < 2 * c.capacity + 4; i++) {
        uint8_t b = next(in);
        level_now = b & 1;
        int e = pinq_post_at(&q, (uint16_t)(b >> 1) % (n + 1u), b & 1, 100u * i + (b >> 7));
        if (e != PINQ_OK && e != PINQ_EFULL && e != PINQ_EINVAL && e != PINQ_EDISABLED)
            fail("pinq_post_at: unknown error code");
        conservation(&q.ring);
        if (b == 0xFF)
            pinq_dispatch(&q, 4);
    }
    pinq_event_t ev;
    for (uint32_t i = 0; i < 8u * MAX_CAP && pinq_pop(&q, &ev, 0) == 1; i++)
        count(&ev);
    conservation(&q.ring);
}

static void emit(const pinq_event_t *ev, void *ctx)
{
    (void)ev, (void)ctx;
}

static void input_case(input_t *in)
{
    static pinq_button_cfg_t buttons[MAX_IN];
    static pinq_button_t button_state[MAX_IN];
    static pinq_chord_cfg_t chords[MAX_IN];
    static pinq_chord_t chord_state[MAX_IN];
    static uint16_t members[MAX_IN][PINQ_CHORD_MAX];
    static pinq_encoder_cfg_t encoders[MAX_IN];
    static pinq_encoder_t encoder_state[MAX_IN];
    static pinq_guard_cfg_t guards[MAX_IN];
    static pinq_guard_t guard_state[MAX_IN];
    static pinq_input_t engine;
    uint8_t f = next(in);
    pinq_input_cfg_t c = {.nbuttons = next(in) % (MAX_IN + 1), .nchords = next(in) % (MAX_IN + 1),
                          .nencoders = next(in) % (MAX_IN + 1), .nguards = next(in) % (MAX_IN + 1)};
    take(in, buttons, c.nbuttons * sizeof buttons[0]);
    for (uint8_t i = 0; i < c.nchords; i++) {
        take(in, &chords[i], sizeof chords[i]);
        take(in, members[i], sizeof members[i]);
        chords[i].lines = members[i];
        chords[i].n %= PINQ_CHORD_MAX + 1; /* the storage's length: a longer n is the caller's overrun */
    }
    take(in, encoders, c.nencoders * sizeof encoders[0]);
    take(in, guards, c.nguards * sizeof guards[0]);
    take(in, &c.tps, sizeof c.tps);
    c.buttons = f & 1u ? NULL : buttons;
    c.button_state = f & 2u ? NULL : button_state;
    c.chords = f & 4u ? NULL : chords;
    c.chord_state = f & 8u ? NULL : chord_state;
    c.encoders = f & 16u ? NULL : encoders;
    c.encoder_state = f & 32u ? NULL : encoder_state;
    c.guards = f & 64u ? NULL : guards;
    c.guard_state = guard_state;
    c.emit = f & 128u ? NULL : emit;
    /* the core: a queue of 8 lines, all interrupt lines with a read function and a poll period */
    for (uint16_t l = 0; l < MAX_LINES; l++)
        lines[l] = (pinq_line_cfg_t){.read = read_level, .poll_period = 1000, .trigger = PINQ_TRIG_BOTH};
    pinq_cfg_t qc = {.lines = lines, .state = state, .poll = poll, .nlines = MAX_LINES, .slots = slots,
                     .lost = lost, .capacity = 16};
    if (pinq_init(&q, &qc) != PINQ_OK)
        fail("pinq_init of a valid queue");
    int rc = pinq_input_init(&engine, &c, next(in) & 1u ? &q : NULL);
    if (rc != PINQ_OK) {
        if (rc != PINQ_EINVAL)
            fail("pinq_input_init: unknown error code");
        return;
    }
    pinq_ticks_t t = 1;
    while (in->p < in->end) {
        uint8_t b = next(in);
        t += (pinq_ticks_t)next(in) << (b & 7u);
        pinq_event_t ev = {.ts = t, .line = (uint16_t)((b >> 3) & 7u), .kind = (b >> 6) & 1u ? PINQ_EV_RISE : PINQ_EV_FALL,
                           .level = (b >> 6) & 1u};
        if (b >> 7)
            ev = (pinq_event_t){.ts = t, .line = ev.line, .kind = PINQ_EV_RESYNC, .level = ev.level};
        pinq_input_on_event(&ev, &engine);
        pinq_input_dispatch_at(&engine, 8, t);
    }
    pinq_input_dispatch_at(&engine, 1000, t + ((pinq_ticks_t)1 << 40));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input_t in = {data, data + size};
    switch (next(&in) % 3u) {
    case 0: ring_case(&in); break;
    case 1: queue_case(&in); break;
    default: input_case(&in); break;
    }
    return 0;
}
