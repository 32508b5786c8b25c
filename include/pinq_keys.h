/* pinq_keys.h - many buttons on few pins: a resistor ladder on an ADC
 * channel, binary-encoded keys, a scanned key matrix, and the key map that
 * names their keys.
 *
 * Every key of every source is a virtual button of the input engine
 * (pinq_input.h): a pinq_button_cfg whose `line` is the key's application
 * code (PINQ_KEY_CODE(n), above the core's line ids). A source samples its
 * hardware, decides which keys are closed at the sample's time and feeds
 * each key's level to that button's debouncer, stamped with the sample
 * time (uncertainty: one sample period). Debounce, clicks, long presses,
 * repeats and chords then work as for any button, and the application
 * sees PRESS/CLICK/... with line = KEY_5 rather than "line 3, band 2".
 *
 * Sources are polled from the main loop (pinq_*_poll(now) before the
 * engine ticks at a later time); the matrix can also sleep on a column
 * interrupt. docs/input.md has a wiring picture and the rules of each.
 */
#ifndef PINQ_KEYS_H
#define PINQ_KEYS_H

#include "pinq_input.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Application key code n: a virtual line of the engine, never a core line. */
#define PINQ_KEY_CODE(n) ((uint16_t)(PINQ_MAX_LINES + (n)))
#define PINQ_KEY_NONE 0xFFFFu /* key map entry: no key there */
#define PINQ_KEYS_MAX 64      /* keys per source (one bit each in a uint64_t) */

/* Errors of the sources' init, besides PINQ_EINVAL (a bad field). */
enum {
    PINQ_EKEYMAP = -32, /* a key's code is no active-high button of the engine, or two keys share it */
    PINQ_EBANDS = -33   /* ladder: bands (with hysteresis) overlap, touch the idle reading, or are unordered */
};

/* Kinds of the sources' own events (after the engine's). */
enum {
    PINQ_EV_KEY_AMBIGUOUS = PINQ_EV_USER + 32 /* matrix: line = key code that may be a ghost; value =
                                               * keys ambiguous now; ts = the scan. Not pressed. */
};
_Static_assert((int)PINQ_EV_KEY_AMBIGUOUS > (int)PINQ_EV_LOST, "key events follow the engine's kinds");

/* The engine button of one key: polled level, pressed = 1, N equal
 * samples in a row to change (N * period is the key's settle time), the
 * gesture defaults of PINQ_BUTTON_DEFAULT. */
#define PINQ_KEY_BUTTON(code, n, tps)                                                                    \
    {                                                                                                    \
        .line = (code), .debounce = {.algo = PINQ_DB_SAMPLES, .samples = (n), .active = 1},               \
        .gesture = {.click = PINQ_MS(250, tps), .multi = PINQ_MS(300, tps), .longp = {PINQ_MS(1000, tps)}, \
                    .repeat = PINQ_MS(200, tps)},                                                        \
    }

/* What a source has fed the engine: RAM, set by the source's init. */
typedef struct pinq_keys {
    pinq_input_t *in;  /* the engine */
    pinq_ticks_t next; /* polled sources: next sample due (the first: at once) */
    uint64_t fed;      /* level last fed, per key */
    uint64_t settling; /* keys whose debouncer has not settled on `fed` yet: fed every sample */
    uint32_t samples;  /* samples taken */
} pinq_keys_t;

/* Short name of an error code (pinq_strerror's, and the ones above). */
const char *pinq_keys_strerror(int err);
/* Check a key map of n keys against the engine (PINQ_EKEYMAP) and start
 * with every key up. */
int pinq_keys_init(pinq_keys_t *k, pinq_input_t *in, const uint16_t *codes, uint8_t n);
/* Key i is closed at ts iff bit i of `down`: feed every key that changed
 * or is still settling to its engine button. */
void pinq_keys_feed(pinq_keys_t *k, const uint16_t *codes, uint8_t n, uint64_t down, pinq_ticks_t ts);
/* The keys of `among` whose engine button is pressed (debounced). */
uint64_t pinq_keys_held(const pinq_keys_t *k, const uint16_t *codes, uint64_t among);
/* A polled source's schedule: true (and the next sample set) if one is due at now. */
bool pinq_keys_due(pinq_keys_t *k, uint32_t period, pinq_ticks_t now);

/* ---- resistor ladder on an ADC channel ---------------------------------- */

/* Nominal ADC code of a key whose resistance to ground is r_key, under a
 * pull-up r_pull to the supply v_mv, on a `bits` ADC with reference ref_mv. */
#define PINQ_LADDER_CODE(r_pull, r_key, bits, v_mv, ref_mv)                                              \
    ((uint16_t)(((uint64_t)(r_key) * (v_mv) * ((1u << (bits)) - 1u) +                                  \
                 (uint64_t)((r_pull) + (r_key)) * (ref_mv) / 2u) /                                       \
                ((uint64_t)((r_pull) + (r_key)) * (ref_mv))))

/* A ladder: key k pressed reads centre[k]. Series wiring (each key shorts
 * its tap to ground): with several keys down the one closest to ground,
 * the lowest code, is read; the others are up until it is released. A
 * reading more than tol from the previous one is a slow edge in transit:
 * no key. The keys' N samples must outlast contact bounce plus the RC
 * settling time (plus one sample with the median). */
typedef struct pinq_ladder_cfg {
    const uint16_t *codes;  /* key map: key k -> key code, n entries */
    const uint16_t *centre; /* ADC code of each key (PINQ_LADDER_CODE or measured), increasing */
    int (*read)(void *ctx); /* one conversion: code >= 0, < 0 on error (sample skipped) */
    void *ctx;              /* passed to read */
    uint32_t period;        /* ticks between samples */
    uint16_t tol;           /* a reading within centre +- tol enters the key's band */
    uint16_t hyst;          /* the band of the key read now is wider by this on each side */
    uint16_t idle;          /* the reading with no key down (full scale under a pull-up) */
    uint8_t n;              /* keys, 1..PINQ_KEYS_MAX */
    uint8_t median;         /* 1: classify the median of the last 3 readings (spikes) */
} pinq_ladder_cfg_t;

/* Ladder state: caller RAM, set by pinq_ladder_init(). */
typedef struct pinq_ladder {
    const pinq_ladder_cfg_t *cfg; /* its configuration */
    pinq_keys_t keys;             /* what was fed, when the next sample is due */
    uint32_t errors;              /* failed conversions */
    uint16_t hist[2];             /* the two readings before the last (median) */
    uint16_t last;                /* the reading classified last: one more than tol away is moving */
    uint8_t nhist;                /* readings in hist */
    uint8_t primed;               /* `last` is set */
    uint8_t key;                  /* band of the last reading, n if none */
} pinq_ladder_t;

/* Check the bands (PINQ_EBANDS) and the key map; first sample due at once. */
int pinq_ladder_init(pinq_ladder_t *s, const pinq_ladder_cfg_t *c, pinq_input_t *in);
/* Key (0..n-1) a reading is in, n if none, given the key read so far. */
uint8_t pinq_ladder_classify(const pinq_ladder_cfg_t *c, uint8_t key, uint16_t reading);
/* One reading taken at ts (an ADC interrupt, DMA, or poll below). */
void pinq_ladder_feed(pinq_ladder_t *s, uint16_t reading, pinq_ticks_t ts);
/* Read and feed if a sample is due at `now`; true if one was taken. */
bool pinq_ladder_poll(pinq_ladder_t *s, pinq_ticks_t now);

/* ---- binary-encoded keys ------------------------------------------------- */

/* k lines carry a number v: 0 is no key, v = 1 .. 2^k - 1 is key v - 1
 * (diode encoders, Encoded4To2 / 8To3 wiring). While lines change one
 * after another other numbers show for a moment: the keys' debounce (N
 * equal samples, or a settle time when fed from edges) filters them. */
typedef struct pinq_encoded_cfg {
    const uint16_t *codes;  /* key map: v - 1 -> key code, 2^bits - 1 entries */
    int (*read)(void *ctx); /* the lines as a number (line 0 = bit 0), < 0 on error */
    void *ctx;              /* passed to read */
    uint32_t period;        /* ticks between samples */
    uint8_t bits;           /* lines, 1..6 */
} pinq_encoded_cfg_t;

/* Encoded keys' state: caller RAM, set by pinq_encoded_init(). */
typedef struct pinq_encoded {
    const pinq_encoded_cfg_t *cfg; /* its configuration */
    pinq_keys_t keys;              /* what was fed, when the next sample is due */
    uint32_t errors;               /* failed reads */
} pinq_encoded_t;

/* Check c and bind its keys to buttons of `in` (after pinq_input_init):
 * PINQ_OK, PINQ_EINVAL or PINQ_EKEYMAP. Before any feed or poll. */
int pinq_encoded_init(pinq_encoded_t *s, const pinq_encoded_cfg_t *c, pinq_input_t *in);
/* The lines read v at ts (a sample, or any line's edge). */
void pinq_encoded_feed(pinq_encoded_t *s, uint32_t v, pinq_ticks_t ts);
/* Read and feed if a sample is due at `now`; true if one was taken. */
bool pinq_encoded_poll(pinq_encoded_t *s, pinq_ticks_t now);

/* ---- key matrix ---------------------------------------------------------- */

#define PINQ_MATRIX_ALL (-1)  /* drive(): every row (idle: any key pulls its column) */
#define PINQ_MATRIX_NONE (-2) /* drive(): no row */

/* Rows driven one at a time, columns read. Without a diode per key, three
 * keys on the corners of a rectangle make the fourth read closed: a key
 * not already held that lies on such a rectangle is reported
 * PINQ_EV_KEY_AMBIGUOUS and not pressed; held keys stay held. */
typedef struct pinq_matrix_cfg {
    const uint16_t *codes;                   /* key map: key row * cols + col -> key code (or PINQ_KEY_NONE) */
    void (*drive)(void *ctx, int row);       /* drive `row` (others released), or PINQ_MATRIX_ALL/_NONE */
    uint32_t (*read)(void *ctx);             /* columns: bit c set = a closed key pulls column c */
    void (*wait)(void *ctx, uint32_t ticks); /* busy-wait: the row settle time */
    void *ctx;                               /* passed to the callbacks */
    uint32_t period;                         /* ticks between scans */
    uint32_t settle;                         /* ticks from driving a row to reading the columns */
    uint32_t idle_timeout;                   /* ticks with every key up before sleeping on irq_line; 0: never */
    uint16_t irq_line;                       /* core line: any column edge while every row is driven */
    uint8_t rows, cols;                      /* rows * cols <= PINQ_KEYS_MAX */
    uint8_t diodes;                          /* 1: a diode per key: no ghosts, every key combination (NKRO) */
} pinq_matrix_cfg_t;

/* Matrix state: caller RAM, set by pinq_matrix_init(). */
typedef struct pinq_matrix {
    const pinq_matrix_cfg_t *cfg; /* its configuration */
    pinq_keys_t keys;             /* what was fed, when the next scan is due */
    pinq_t *q;                    /* the core of irq_line (NULL: never idle) */
    pinq_ticks_t busy;            /* last scan with a key down or settling */
    uint64_t ambiguous;           /* keys ambiguous at the last scan */
    uint32_t scans;               /* scans done */
    uint32_t idle_scans;          /* scans done while idle: none, by design */
    uint32_t wakes;               /* column interrupts that started scanning */
    uint32_t ambiguities;         /* PINQ_EV_KEY_AMBIGUOUS reported */
    uint8_t idle;                 /* every row driven, waiting for the column interrupt */
} pinq_matrix_t;

/* Check the matrix and key map; q (may be NULL without idle_timeout)
 * holds irq_line, which idle mode enables and scanning disables. Starts
 * scanning, irq_line disabled. */
int pinq_matrix_init(pinq_matrix_t *s, const pinq_matrix_cfg_t *c, pinq_input_t *in, pinq_t *q);
/* Scan every row once at ts and feed the keys. */
void pinq_matrix_scan(pinq_matrix_t *s, pinq_ticks_t ts);
/* Scan if one is due at `now` and not idle; go idle after idle_timeout.
 * True if a scan was done. */
bool pinq_matrix_poll(pinq_matrix_t *s, pinq_ticks_t now);
/* irq_line's deferred handler (ctx: the pinq_matrix_t): a column edge
 * while idle starts scanning at its ts. */
void pinq_matrix_on_event(const pinq_event_t *ev, void *matrix);

#ifdef __cplusplus
}
#endif

#endif /* PINQ_KEYS_H */
