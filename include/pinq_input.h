/* pinq_input.h - the input engine: debounce, gestures, chords, rotary
 * encoders and the storm guard, as stages over the pinq event stream.
 *
 * Each stage is a listener in the Zephyr subsys/input style: it consumes
 * events (pinq_event_t) and reports new ones into the same stream through a
 * sink. Configuration is const (may live in flash); state is caller RAM.
 *
 * Every decision is taken on the ISR timeline (event timestamps), never
 * from when the main loop looks: the engine reports the same events, in the
 * same order, with the same timestamps, whether the loop runs every
 * millisecond, stalls for seconds, or wakes only on cfg.arm deadlines. The
 * one rule for callers: pinq_input_tick(now) only after every event stamped
 * before `now` has been fed (pinq_input_dispatch does this).
 *
 * All durations are in port ticks; PINQ_MS(ms, tps) converts. Timestamps
 * may wrap: every comparison is a modular difference.
 *
 * Events produced here use kinds from PINQ_EV_USER upward; their `seq`
 * field carries a value (click count, detents, counts): read it with
 * pinq_input_value(). docs/input.md has the table of events and the exact
 * rule at every threshold.
 */
#ifndef PINQ_INPUT_H
#define PINQ_INPUT_H

#include "pinq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Milliseconds to ticks, for tick rates that are constants (flash configs). */
#define PINQ_MS(ms, tps) ((uint32_t)((uint64_t)(ms) * (tps) / 1000u))

/* Kinds of the events the engine reports (after the core's pinq_kind). */
enum pinq_input_kind {
    PINQ_EV_PRESS = PINQ_EV_USER, /* debounced press; ts = the edge that began the settled level */
    PINQ_EV_RELEASE,              /* debounced release; ts likewise */
    PINQ_EV_CLICK,                /* value = clicks in the sequence; ts = when the sequence is known complete */
    PINQ_EV_LONG,                 /* held for longp[k]; value = k + 1; ts = press + longp[k]; fires while held */
    PINQ_EV_REPEAT,               /* auto-repeat while held; value = repeat number from 1 */
    PINQ_EV_CHORD,                /* line = chord id; value = bit mask of its members (index in cfg.lines) */
    PINQ_EV_STEP,                 /* encoder: line = line_a; value = signed detents (accelerated) */
    PINQ_EV_STORM,                /* guard: interrupt masked, line polled; value = ISR posts so far */
    PINQ_EV_CALM,                 /* guard: interrupt back; value = edges refused or sampled while polled */
    PINQ_EV_LONG_UP,              /* release after a LONG; value = LONG thresholds reached; ts = release */
    PINQ_EV_COUNT,                /* PINQ_GESTURE_COUNT: a click counted; value = clicks so far; ts = release */
    PINQ_EV_CHORD_HOLD,           /* line = chord id: every member still held `hold` after the CHORD */
    PINQ_EV_CHORD_UP,             /* line = chord id: the first member released (or lost) after the CHORD */
    PINQ_EV_LOST                  /* a button's or encoder's edges were lost (ring RESYNC): value = how many
                                   * (a lower bound if level has PINQ_FLAG_AT_LEAST); button: level bit 0 =
                                   * pressed after the loss; whatever was in progress is dropped */
};

/* The value carried by an engine event (signed: encoder steps). */
static inline int32_t pinq_input_value(const pinq_event_t *ev)
{
    uint32_t v = ev->seq;
    return v <= (uint32_t)INT32_MAX ? (int32_t)v : -(int32_t)(UINT32_MAX - v) - 1;
}

/* Where a stage reports its events. */
typedef struct pinq_sink {
    pinq_event_fn fn; /* (event, ctx), like every pinq handler */
    void *ctx;        /* passed to fn */
} pinq_sink_t;

/* ---- debounce ----------------------------------------------------------- */

/* How a debounce stage decides (pinq_debounce_cfg.algo). */
enum pinq_debounce_algo {
    PINQ_DB_NONE = 0,    /* pass level changes through */
    PINQ_DB_LOCKOUT = 1, /* accept the first edge at once, ignore the line for T after it */
    PINQ_DB_SETTLE = 2,  /* accept a level once it has been stable for T (integrator) */
    PINQ_DB_SAMPLES = 3  /* polled input: accept after N consecutive equal samples */
};

/* Debounce settings of one line. */
typedef struct pinq_debounce_cfg {
    uint32_t press;   /* ticks: T for a change to the active level */
    uint32_t release; /* ticks: T for a change away from it */
    uint8_t algo;     /* enum pinq_debounce_algo */
    uint8_t samples;  /* PINQ_DB_SAMPLES: N (>= 1) */
    uint8_t active;   /* level meaning "pressed" (0: active-low button to ground) */
} pinq_debounce_cfg_t;

/* Debounce state of one line: caller RAM, set by pinq_debounce_init(). */
typedef struct pinq_debounce {
    pinq_ticks_t since; /* SETTLE/SAMPLES: first edge off the stable level; LOCKOUT: lock start */
    pinq_ticks_t last;  /* ts of the last raw edge */
    uint32_t edges;     /* raw level changes seen */
    uint32_t accepted;  /* debounced changes reported */
    uint32_t lost;      /* RESYNCs seen (each reported as PINQ_EV_LOST) */
    uint16_t line;      /* the line debounced */
    uint8_t stable;     /* debounced level */
    uint8_t raw;        /* last raw level */
    uint8_t busy;       /* a decision is pending: *_deadline() is valid */
    uint8_t count;      /* SAMPLES: consecutive samples at `raw` */
} pinq_debounce_t;

/* Start with the line idle at `level`. */
void pinq_debounce_init(pinq_debounce_t *s, uint16_t line, uint8_t level);
/* One raw edge (RISE/FALL/LEVEL: its level at ev->ts) or, for
 * PINQ_DB_SAMPLES, one sample. Reports PRESS/RELEASE. A RESYNC takes the
 * line's level from it with no debounce and is reported as PINQ_EV_LOST. */
void pinq_debounce_feed(const pinq_debounce_cfg_t *c, pinq_debounce_t *s, const pinq_event_t *ev,
                        const pinq_sink_t *out);
/* Decide what time `now` settles. */
void pinq_debounce_tick(const pinq_debounce_cfg_t *c, pinq_debounce_t *s, pinq_ticks_t now,
                        const pinq_sink_t *out);
/* Tick at which a pending decision falls due; false if none. */
bool pinq_debounce_deadline(const pinq_debounce_cfg_t *c, const pinq_debounce_t *s, pinq_ticks_t *when);
/* The earliest timestamp this stage may still report, at time `now`:
 * later stages decide nothing at or after it. */
pinq_ticks_t pinq_debounce_horizon(const pinq_debounce_cfg_t *c, const pinq_debounce_t *s, pinq_ticks_t now);

/* ---- gestures ----------------------------------------------------------- */

#define PINQ_LONG_MAX 3 /* long-press thresholds per button */

#define PINQ_GESTURE_COUNT 0x01u     /* report PINQ_EV_COUNT at every counted click */
#define PINQ_GESTURE_IMMEDIATE 0x02u /* CLICK at every counted release (value: clicks so far), none at the end */

/* Gesture timing of one button. */
typedef struct pinq_gesture_cfg {
    uint32_t click;                /* ticks: a press shorter than this is a click */
    uint32_t multi;                /* ticks: a press sooner than this after a click continues it; 0: none */
    uint32_t longp[PINQ_LONG_MAX]; /* ticks held for LONG 1, 2, 3: increasing, each > click; 0 ends the list */
    uint32_t repeat_delay;         /* ticks held before the first REPEAT; 0: off */
    uint32_t repeat;               /* ticks between REPEATs (0: only one) */
    uint8_t max_clicks;            /* report the sequence as soon as it has this many; 0: no limit */
    uint8_t flags;                 /* PINQ_GESTURE_* */
} pinq_gesture_cfg_t;

/* Gesture state of one button: caller RAM, set by pinq_gesture_init(). */
typedef struct pinq_gesture {
    pinq_ticks_t press_ts;   /* of the current or last press */
    pinq_ticks_t release_ts; /* of the last counted click's release */
    uint32_t repeats;        /* REPEATs reported in this press */
    uint16_t line;           /* the button's line */
    uint8_t down;            /* pressed now */
    uint8_t clicks;          /* clicks in the open sequence */
    uint8_t longs;           /* LONG thresholds reported for this press */
    uint8_t unknown;         /* held since a loss: this press makes no gesture */
} pinq_gesture_t;

/* Start with the button released and no sequence open. */
void pinq_gesture_init(pinq_gesture_t *s, uint16_t line);
/* Consumes PRESS/RELEASE/LOST (passes them on) and reports CLICK, COUNT,
 * LONG, LONG_UP, REPEAT. Events must come in timestamp order. */
void pinq_gesture_feed(const pinq_gesture_cfg_t *c, pinq_gesture_t *s, const pinq_event_t *ev,
                       const pinq_sink_t *out);
/* Report every time-out up to `now` (no event stamped before it still to come). */
void pinq_gesture_tick(const pinq_gesture_cfg_t *c, pinq_gesture_t *s, pinq_ticks_t now, const pinq_sink_t *out);
/* Tick at which the next time-out falls due; false if none. */
bool pinq_gesture_deadline(const pinq_gesture_cfg_t *c, const pinq_gesture_t *s, pinq_ticks_t *when);

/* ---- chords ------------------------------------------------------------- */

#define PINQ_CHORD_MAX 8 /* lines per chord */
#ifndef PINQ_CHORD_QUEUE
#define PINQ_CHORD_QUEUE 8 /* member events waiting to be put in timestamp order */
#endif

/* One chord: buttons pressed together. */
typedef struct pinq_chord_cfg {
    const uint16_t *lines; /* members (2..PINQ_CHORD_MAX buttons); a line belongs to one chord */
    uint8_t n;             /* entries in lines */
    uint16_t id;           /* the line of CHORD events: chord ids are their own namespace */
    uint32_t window;       /* ticks: every member pressed sooner than this after the first */
    uint32_t hold;         /* ticks every member stays held after CHORD for CHORD_HOLD; 0: off */
} pinq_chord_cfg_t;

/* A member's event waiting for the others (debounce decides each line at
 * its own pace; the chord takes them in timestamp order). */
typedef struct pinq_chord_in {
    pinq_ticks_t ts; /* the event's */
    uint32_t value;  /* its value (pinq_input_value()) */
    uint8_t member;  /* index of its line in the chord */
    uint8_t kind;    /* its kind */
    uint8_t level;   /* its level byte */
} pinq_chord_in_t;

/* Chord state: caller RAM, set by pinq_chord_init() and pinq_input_init(). */
typedef struct pinq_chord {
    pinq_ticks_t first;                     /* ts of the first held-back press */
    pinq_ticks_t formed;                    /* ts of the CHORD */
    pinq_ticks_t held[PINQ_CHORD_MAX];      /* ts of each held-back press */
    pinq_chord_in_t queue[PINQ_CHORD_QUEUE]; /* member events waiting for their turn */
    uint32_t forced;                        /* events taken out of order because the queue was full */
    uint8_t queued;                         /* entries in queue */
    uint8_t pressed;                        /* members down */
    uint8_t pending;                        /* presses held back, waiting for the chord */
    uint8_t active;                         /* chord reported: members swallowed until all are up */
    uint8_t levels;                         /* level of each held-back press */
    uint8_t held_done;                      /* CHORD_HOLD reported */
    uint8_t up_done;                        /* CHORD_UP reported */
    uint16_t button[PINQ_CHORD_MAX];        /* set by pinq_input_init: each member's index in cfg.buttons */
} pinq_chord_t;

/* Start with every member up and nothing queued. */
void pinq_chord_init(pinq_chord_t *s);
/* Index of `line` in the chord, or -1. */
int pinq_chord_member(const pinq_chord_cfg_t *c, uint16_t line);
/* Queue a member's PRESS/RELEASE/LOST; pinq_chord_step takes it in order. */
void pinq_chord_feed(const pinq_chord_cfg_t *c, pinq_chord_t *s, const pinq_event_t *ev, const pinq_sink_t *out);
/* Timestamp of the next step that is final once no member can still
 * report anything before `horizon`; false if none. */
bool pinq_chord_next(const pinq_chord_cfg_t *c, const pinq_chord_t *s, pinq_ticks_t horizon, pinq_ticks_t *t);
/* Take that step: a queued event (held back, passed on, or completing the
 * CHORD), the end of the window (held presses let through with their own
 * ts, so gesture timing is unaffected) or CHORD_HOLD. */
void pinq_chord_step(const pinq_chord_cfg_t *c, pinq_chord_t *s, pinq_ticks_t horizon, const pinq_sink_t *out);
/* Every step final at `horizon` (members fed in timestamp order: `now`). */
void pinq_chord_tick(const pinq_chord_cfg_t *c, pinq_chord_t *s, pinq_ticks_t horizon, const pinq_sink_t *out);
/* Earliest timestamp the chord may still pass to `member`'s gestures, given
 * that member's debounce horizon h. */
pinq_ticks_t pinq_chord_horizon(const pinq_chord_cfg_t *c, const pinq_chord_t *s, int member, pinq_ticks_t h);
/* Tick at which the chord's next time-out (window, hold) falls due; false if none. */
bool pinq_chord_deadline(const pinq_chord_cfg_t *c, const pinq_chord_t *s, pinq_ticks_t *when);

/* ---- quadrature rotary encoder ------------------------------------------ */

/* A quadrature encoder on two lines. */
typedef struct pinq_encoder_cfg {
    uint16_t line_a, line_b;  /* phase A; phase B */
    uint8_t steps_per_detent; /* 1, 2 or 4 */
    uint8_t accel_mult;       /* detents closer than accel_window count this many times; <= 1: off */
    uint32_t accel_window;    /* ticks */
} pinq_encoder_cfg_t;

/* Encoder state: caller RAM, set by pinq_encoder_init(). */
typedef struct pinq_encoder {
    pinq_ticks_t last_detent; /* ts of the last reported detent */
    int32_t steps;            /* valid quadrature steps, signed */
    int32_t position;         /* detents reported, accelerated, signed */
    uint32_t errors;          /* invalid transitions (both phases changed, lost edges): not steps */
    uint32_t spurious;        /* events with no level change */
    int8_t sub;               /* steps towards the next detent */
    uint8_t ab;               /* phase levels: bit 1 = A, bit 0 = B */
} pinq_encoder_t;

/* Start at position 0 with phase levels a and b. */
void pinq_encoder_init(pinq_encoder_t *s, uint8_t a, uint8_t b);
/* One edge of line_a or line_b; reports STEP per detent. An edge that
 * leaves its phase unchanged is spurious (counted, no step). A RESYNC on
 * either line (edges lost) takes the phase from it, counts one error and
 * reports PINQ_EV_LOST (line = line_a). */
void pinq_encoder_feed(const pinq_encoder_cfg_t *c, pinq_encoder_t *s, const pinq_event_t *ev,
                       const pinq_sink_t *out);
/* Polled encoder: both phases sampled at once (ab: bit 1 = A, bit 0 = B).
 * A sample where both changed is an invalid transition: an error, no step. */
void pinq_encoder_sample(const pinq_encoder_cfg_t *c, pinq_encoder_t *s, uint8_t ab, pinq_ticks_t ts,
                         const pinq_sink_t *out);

/* ---- storm guard -------------------------------------------------------- */

/* Storm-guard settings of one interrupt line. */
typedef struct pinq_guard_cfg {
    uint16_t line;      /* an interrupt line with cfg.read and cfg.poll_period set */
    uint16_t check;     /* ISR posts between rate checks (power of two): trips within 2*check posts */
    uint32_t storm_rate; /* edges/s: above it the interrupt is masked and the line polled */
    uint32_t calm_rate; /* edges/s (< storm_rate): below it for `hold` the interrupt returns */
    uint32_t hold;      /* ticks; doubled (up to 64x) each time a storm returns within 4*hold */
} pinq_guard_cfg_t;

/* Storm-guard state: caller RAM, set by pinq_guard_init(). */
typedef struct pinq_guard {
    pinq_ticks_t since;  /* start of the current calm window / of the calm */
    uint32_t seen;       /* activity (sampled edges + refused posts) at window start */
    uint32_t storms;     /* STORM events reported */
    uint32_t spurious;   /* events with no level change on the line */
    uint8_t storm;       /* in storm mode */
    uint8_t backoff;     /* hold multiplier exponent */
    uint8_t level;       /* level of the last event (spurious detection) */
    uint8_t has_level;   /* `level` is set */
} pinq_guard_t;

/* Arm the trip wire on q's line (tps: port ticks per second). */
int pinq_guard_init(pinq_t *q, const pinq_guard_cfg_t *c, pinq_guard_t *s, uint32_t tps);
/* Count an event of the guarded line (spurious = same level twice). */
void pinq_guard_feed(const pinq_guard_cfg_t *c, pinq_guard_t *s, const pinq_event_t *ev);
/* End of the current calm window while in storm mode; false otherwise. */
bool pinq_guard_deadline(const pinq_guard_cfg_t *c, const pinq_guard_t *s, pinq_ticks_t *when);
/* Report a trip as STORM; return a line that stayed calm for `hold` to its
 * interrupt and report CALM. Main-loop context. */
void pinq_guard_tick(pinq_t *q, const pinq_guard_cfg_t *c, pinq_guard_t *s, pinq_ticks_t now,
                     uint32_t tps, const pinq_sink_t *out);

/* ---- the engine: stages wired together ---------------------------------- */

/* One push button: its line, debounce and gestures (PINQ_BUTTON_DEFAULT()). */
typedef struct pinq_button_cfg {
    uint16_t line;                /* the button's line */
    pinq_debounce_cfg_t debounce; /* its debounce */
    pinq_gesture_cfg_t gesture;   /* its gestures */
} pinq_button_cfg_t;

/* A button's state: caller RAM, set by pinq_input_init(). */
typedef struct pinq_button {
    pinq_debounce_t db; /* debounce stage */
    pinq_gesture_t g;   /* gesture stage */
    uint8_t chord;  /* set by pinq_input_init: index + 1 of its chord, 0 if none */
    uint8_t member; /* its index in that chord's lines */
} pinq_button_t;

/* Documented defaults for a mechanical push button to ground. Contacts
 * bounce for 1-6 ms: 10 ms press / 20 ms release settle times give margin.
 * click 250 ms, multi-click gap 300 ms, long press 1000 ms, repeat after
 * 500 ms every 200 ms (repeat is off unless set). */
#define PINQ_BUTTON_DEFAULT(ln, tps)                                                                     \
    {                                                                                                    \
        .line = (ln),                                                                                    \
        .debounce = {.press = PINQ_MS(10, tps), .release = PINQ_MS(20, tps), .algo = PINQ_DB_SETTLE,     \
                     .samples = 4, .active = 0},                                                         \
        .gesture = {.click = PINQ_MS(250, tps), .multi = PINQ_MS(300, tps), .longp = {PINQ_MS(1000, tps)}, \
                    .repeat_delay = 0, .repeat = PINQ_MS(200, tps), .max_clicks = 0, .flags = 0},        \
    }

/* The engine's configuration: its stages and where they report. */
typedef struct pinq_input_cfg {
    const pinq_button_cfg_t *buttons;   /* nbuttons buttons */
    pinq_button_t *button_state;        /* their state, nbuttons entries */
    const pinq_chord_cfg_t *chords;     /* nchords chords */
    pinq_chord_t *chord_state;          /* their state */
    const pinq_encoder_cfg_t *encoders; /* nencoders encoders */
    pinq_encoder_t *encoder_state;      /* their state */
    const pinq_guard_cfg_t *guards;     /* nguards storm guards */
    pinq_guard_t *guard_state;          /* their state */
    uint16_t nbuttons;                  /* entries in buttons */
    uint8_t nchords, nencoders, nguards; /* entries in chords; in encoders; in guards */
    uint32_t tps;                                 /* port ticks per second */
    pinq_event_fn emit;                           /* the application's events */
    void *emit_ctx;                               /* passed to emit */
    /* Low-power operation with no periodic tick: the engine asks for one
     * wake-up at `deadline` (replacing any earlier request) whenever a
     * decision is pending; the port's one-shot timer then makes the main
     * loop call pinq_input_tick(). May be NULL. */
    void (*arm)(void *ctx, pinq_ticks_t deadline);
    void *arm_ctx; /* passed to arm */
} pinq_input_cfg_t;

/* The engine's state: caller RAM, set by pinq_input_init(). */
typedef struct pinq_input {
    const pinq_input_cfg_t *cfg; /* its configuration */
    pinq_t *q;            /* the core the guards act on (may be NULL without guards) */
    pinq_ticks_t wall;    /* everything is decided up to this time */
    pinq_ticks_t last_ts; /* ts of the last event fed */
    pinq_ticks_t armed;   /* deadline last requested from cfg.arm */
    uint32_t late;        /* events stamped before `wall` (another producer's older stamp): taken at `wall` */
    uint8_t started;      /* `wall` is set */
    uint8_t is_armed;     /* a deadline is requested */
} pinq_input_t;

/* Check the whole configuration (PINQ_EINVAL: a stage's parameters, a line
 * owned twice, a chord member that is not a button, duplicate chord ids,
 * missing state) and initialise every stage; buttons start released (idle
 * level = !active); encoders start at their lines' levels (cfg.read of the
 * core's line if set, else pinq_line_level). Main-loop context. */
int pinq_input_init(pinq_input_t *in, const pinq_input_cfg_t *cfg, pinq_t *q);
/* Feed one event from the ring; matches pinq_event_fn, so it can be
 * pinq_cfg.on_event with the engine as context. Events of lines no stage
 * owns are passed to cfg.emit unchanged. Main-loop context. */
void pinq_input_on_event(const pinq_event_t *ev, void *engine);
/* Feed one sample of a polled line (PINQ_DB_SAMPLES buttons), e.g. from
 * a timer; same routing as pinq_input_on_event. */
void pinq_input_sample(pinq_input_t *in, uint16_t line, int level, pinq_ticks_t ts);
/* Decide everything due at `now` (every event stamped before it must have
 * been fed) and re-arm the one-shot timer. */
void pinq_input_tick(pinq_input_t *in, pinq_ticks_t now);
/* Earliest pending decision; false if none (the main loop may sleep). */
bool pinq_input_deadline(const pinq_input_t *in, pinq_ticks_t *when);
/* Main-loop step: take `now`, dispatch up to `budget` events, then tick at
 * `now` if the ring is drained, else at the last event's ts. */
unsigned pinq_input_dispatch(pinq_input_t *in, unsigned budget);
/* The same with `now` given (synthetic time, or a clock read by the
 * caller): it must be read before the ring is looked at. */
unsigned pinq_input_dispatch_at(pinq_input_t *in, unsigned budget, pinq_ticks_t now);

#ifdef __cplusplus
}
#endif

#endif /* PINQ_INPUT_H */
