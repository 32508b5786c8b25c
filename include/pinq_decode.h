/* pinq_decode.h - protocol decoders over the pinq edge stream: IR remotes
 * (NEC, RC-5, RC-6, Sony SIRC), DHT11 / AM230x (DHT22) sensors and DCF77.
 *
 * Each decoder is a small state machine fed one edge at a time: the edge's
 * timestamp in port ticks and the line's level after it. It is portable C11
 * (built with -pedantic, no heap, no floating point): configuration is const
 * (may live in flash), state is caller RAM. The tick rate is given in the
 * configuration (`tps`); the decoder's init function turns its timing rules
 * into tick bands once, in the state, so the edge path only compares
 * integers. docs/decoders.md has every timing rule and tolerance.
 *
 * Two entry points per decoder:
 *   pinq_X_edge(cfg, state, ts, level, out)  one edge (level after it)
 *   pinq_X_feed(cfg, state, event, out)      one pinq_event_t: RISE/FALL on
 *       cfg->line are edges; a RESYNC on it (edges were lost), or an edge
 *       flagged PINQ_FLAG_TS_UNSURE (its time is not known), drops whatever
 *       was in progress, a frame held for its trailing idle included; any
 *       other event is ignored. Configure the line PINQ_TRIG_BOTH.
 * They return true (DCF77: a non-zero mask) when they wrote a result to
 * *out, at most one per call; *out is untouched otherwise.
 *
 * The IR decoders also have
 *   pinq_X_tick(cfg, state, now, out)  time `now` has come, and every edge
 *       stamped before it has been fed: reports the held frame (below) if
 *       the line has been idle long enough by `now`;
 *   pinq_X_deadline(cfg, state, &when) the tick from which pinq_X_tick()
 *       would report something; false if nothing is pending.
 * An IR frame is complete at its last edge but reported only once the line
 * has stayed idle after it longer than the longest space its protocol
 * allows inside a frame (pinq_ir_hold_t), at the next edge or at a tick,
 * whichever comes first. Its timestamp is still its first edge's.
 *
 * Contracts common to every decoder:
 * - Edges of one line are fed in timestamp order. Timestamps may wrap:
 *   durations are modular differences (an interval of more than 2^32 - 1
 *   ticks counts as 2^32 - 1, i.e. "long").
 * - An edge that leaves the level unchanged means edges were lost (a
 *   coalescing ring, a missed interrupt): it is handled like a RESYNC.
 * - A frame is reported only when every duration in it is inside its band
 *   and every check the protocol has (inverted bytes, parity, checksum,
 *   bit count, the idle after it) passes; anything else is dropped and
 *   counted. What a protocol does not check cannot be caught (a NEC
 *   extended address, a SIRC frame's length): docs/decoders.md lists it.
 * - Every band limit is inclusive: a duration exactly at the limit is
 *   accepted.
 * - The functions touch only the state they are given. A state serves one
 *   line; several decoders may watch the same line (NEC and RC-5 on one IR
 *   receiver), each with its own state. Call them from the consumer or
 *   from a hard handler (ISR), never from both for the same state.
 * - Init returns PINQ_EINVAL if a pointer is NULL, tps is below the
 *   decoder's minimum (PINQ_*_MIN_TPS below) or an option is out of range;
 *   0 otherwise. Init may divide in 64 bits; the edge path does not divide.
 */
#ifndef PINQ_DECODE_H
#define PINQ_DECODE_H

#include "pinq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Slowest tick rates the decoders take: a tick at most half as long as
 * the narrowest band (IR: 100 us; DHT: 10 us; DCF77: 1 ms). */
#define PINQ_IR_MIN_TPS 10000u    /* NEC, RC-5, RC-6, SIRC */
#define PINQ_DHT_MIN_TPS 100000u  /* DHT11, AM230x */
#define PINQ_DCF77_MIN_TPS 1000u  /* DCF77 */

/* Durations accepted for one symbol, in ticks, both ends inclusive. */
typedef struct pinq_band {
    uint32_t lo, hi; /* shortest; longest */
} pinq_band_t;

/* The line as a decoder last saw it, and where its state machine stands;
 * internal, set by init. Every decoder but DCF77 keeps one. */
typedef struct pinq_dec_line {
    pinq_ticks_t last;           /* last edge */
    uint8_t state, level, flags; /* state 0: idle */
} pinq_dec_line_t;

/* ---- IR remotes: one frame type for all four --------------------------- */

/* The protocol of an IR frame (pinq_ir_frame.proto). */
enum pinq_ir_proto { PINQ_IR_NEC = 1, PINQ_IR_RC5 = 2, PINQ_IR_RC6 = 3, PINQ_IR_SIRC = 4 };

#define PINQ_IR_REPEAT 0x01u /* NEC repeat code (key held); address/command repeat the last frame's */
#define PINQ_IR_ORPHAN 0x02u /* NEC repeat code with no frame within 135 ms before it: address/command 0 */
#define PINQ_IR_TOGGLE 0x04u /* RC-5 / RC-6: the toggle (RC-6: trailer) bit is set */
#define PINQ_IR_ADDR16 0x08u /* the address has 16 bits (NEC extended, RC-6 mode 6B) */

/* A decoded IR frame, whatever its protocol. */
typedef struct pinq_ir_frame {
    pinq_ticks_t ts;  /* first edge of the frame (RC-5: the first mark, mid start bit) */
    uint16_t address; /* NEC 8 or 16 bits; RC-5 5; RC-6 8 (mode 0, 6A) or 16 (6B); SIRC 5 or 8 */
    uint16_t command; /* NEC 8; RC-5 7 (6 + the inverted second start bit); RC-6 8 (mode 0) or
                       * mode6_bits - address bits; SIRC 7 */
    uint8_t ext;      /* SIRC-20: the 8 extended bits; RC-6: the mode (0 or 6); else 0 */
    uint8_t proto;    /* enum pinq_ir_proto */
    uint8_t flags;    /* PINQ_IR_* */
    uint8_t bits;     /* payload bits: NEC 32 (repeat 0), RC-5 14, RC-6 16 or mode6_bits, SIRC 12/15/20 */
} pinq_ir_frame_t;

/* A frame complete on the line but not reported yet: a frame is reported
 * only once the line has stayed idle longer than the longest space its
 * protocol allows inside a frame (`trail`), so a longer signal that merely
 * begins like a frame is never reported as one. That happens at the next
 * edge, or at pinq_X_tick() from pinq_X_deadline() on. */
typedef struct pinq_ir_hold {
    pinq_ir_frame_t frame; /* the frame held */
    uint32_t trail; /* ticks of idle line after the frame's last edge; set by init */
    uint8_t held;   /* a frame is held */
} pinq_ir_hold_t;

/* Counters every IR decoder keeps in its state. */
typedef struct pinq_ir_counts {
    uint32_t frames; /* reported, repeats included */
    uint32_t errors; /* frames begun (first symbol accepted) and abandoned: a bad duration or check,
                      * or a signal going on where the frame should have ended */
    uint32_t lost;   /* RESYNCs, unchanged-level and PINQ_FLAG_TS_UNSURE edges: the frame in progress dropped */
    uint32_t other;  /* RC-6: well-formed headers of a mode not configured (not counted as errors) */
} pinq_ir_counts_t;

/* ---- NEC ---------------------------------------------------------------- */

#define PINQ_NEC_ADDR16 0x01u /* report every address as 16 bits, as sigrok's "extended" option */
#define PINQ_NEC_STRICT 0x02u /* 8-bit addresses only: a frame whose address bytes are not inverse is dropped */

/* NEC decoder settings. */
typedef struct pinq_nec_cfg {
    uint32_t tps;   /* port ticks per second */
    uint16_t line;  /* line pinq_nec_feed() listens to */
    uint8_t active; /* level while the carrier is received: 0 for TSOP-style receivers (active-low) */
    uint8_t flags;  /* PINQ_NEC_*; 0: 8-bit address when the second byte is its inverse, else 16-bit */
} pinq_nec_cfg_t;

/* NEC decoder state: caller RAM, set by pinq_nec_init(). */
typedef struct pinq_nec {
    pinq_band_t lead_mark, lead_space, rep_space, mark, zero, one; /* set by init */
    uint32_t rep_window;                                            /* ticks, frame start to repeat start */
    pinq_dec_line_t ln;  /* the line as last seen */
    pinq_ticks_t start;      /* first edge of the frame in progress */
    pinq_ticks_t prev_start; /* start of the last frame or repeat reported */
    uint32_t data;           /* bits so far, LSB first as sent */
    pinq_ir_counts_t n;  /* frames, errors, losses */
    pinq_ir_hold_t hold; /* a complete frame waiting for the idle after it */
    uint16_t prev_address, prev_command; /* of the last frame: a repeat code repeats them */
    uint8_t prev_flags;                  /* of the last frame */
    uint8_t nbits; /* internal */
} pinq_nec_t;

/* Set up the state for c (bands from c->tps). The line is taken as idle. */
int pinq_nec_init(pinq_nec_t *s, const pinq_nec_cfg_t *c);
/* One edge: `level` is the line's level after it. A frame or repeat code
 * is complete at the end of its stop mark and reported 2.11 ms later (the
 * longest data space, +25 %) if the line is still idle then. */
bool pinq_nec_edge(const pinq_nec_cfg_t *c, pinq_nec_t *s, pinq_ticks_t ts, uint8_t level, pinq_ir_frame_t *out);
/* One event from the stream (see the top of this file). */
bool pinq_nec_feed(const pinq_nec_cfg_t *c, pinq_nec_t *s, const pinq_event_t *ev, pinq_ir_frame_t *out);
/* Time `now` has come and every edge stamped before it has been fed:
 * reports the held frame if the line has been idle long enough by now. */
bool pinq_nec_tick(const pinq_nec_cfg_t *c, pinq_nec_t *s, pinq_ticks_t now, pinq_ir_frame_t *out);
/* Tick from which pinq_nec_tick() reports the held frame; false if none is held. */
bool pinq_nec_deadline(const pinq_nec_cfg_t *c, const pinq_nec_t *s, pinq_ticks_t *when);

/* ---- Philips RC-5 (and RC-5X: the second start bit is command bit 6, inverted) */

/* RC-5 decoder settings. */
typedef struct pinq_rc5_cfg {
    uint32_t tps;   /* port ticks per second */
    uint16_t line;  /* the line the feed function listens to */
    uint8_t active; /* level while the carrier is received */
} pinq_rc5_cfg_t;

/* RC-5 decoder state: caller RAM, set by pinq_rc5_init(). */
typedef struct pinq_rc5 {
    pinq_band_t t1, t2; /* one and two half-bits; set by init */
    pinq_dec_line_t ln;  /* the line as last seen */
    pinq_ticks_t start;  /* first edge of the frame in progress */
    pinq_ir_counts_t n;  /* frames, errors, losses */
    pinq_ir_hold_t hold; /* a complete frame waiting for the idle after it */
    uint16_t bits;                   /* bits so far, MSB first */
    uint8_t halves, first;           /* half-bits so far; level of the current bit's first half */
} pinq_rc5_t;

/* Set up the state for c. The line is taken as idle. */
int pinq_rc5_init(pinq_rc5_t *s, const pinq_rc5_cfg_t *c);
/* One edge. A frame is complete at the mid-bit edge of its 14th bit (its
 * last edge) and reported 2 ms later (2t + t/4) if the line is still idle. */
bool pinq_rc5_edge(const pinq_rc5_cfg_t *c, pinq_rc5_t *s, pinq_ticks_t ts, uint8_t level, pinq_ir_frame_t *out);
/* One event (see the top of this file). */
bool pinq_rc5_feed(const pinq_rc5_cfg_t *c, pinq_rc5_t *s, const pinq_event_t *ev, pinq_ir_frame_t *out);
/* Report the held frame if the line has been idle long enough by `now`. */
bool pinq_rc5_tick(const pinq_rc5_cfg_t *c, pinq_rc5_t *s, pinq_ticks_t now, pinq_ir_frame_t *out);
/* Tick from which pinq_rc5_tick() reports the held frame; false if none is held. */
bool pinq_rc5_deadline(const pinq_rc5_cfg_t *c, const pinq_rc5_t *s, pinq_ticks_t *when);

/* ---- Philips RC-6: mode 0, and optionally mode 6 with a fixed length --- */

/* RC-6 decoder settings. */
typedef struct pinq_rc6_cfg {
    uint32_t tps;   /* port ticks per second */
    uint16_t line;  /* the line the feed function listens to */
    uint8_t active;     /* level while the carrier is received */
    uint8_t mode6_bits; /* 0: mode 0 only. 17-32: also mode 6 frames of this many payload bits
                         * (32: RC6-6-32 / MCE); 6A (first bit 0): 8-bit address, 6B: 16-bit */
} pinq_rc6_cfg_t;

/* RC-6 decoder state: caller RAM, set by pinq_rc6_init(). */
typedef struct pinq_rc6 {
    pinq_band_t lead, t1, t2, t3; /* leader mark; one, two, three half-bits; set by init */
    pinq_dec_line_t ln;  /* the line as last seen */
    pinq_ticks_t start;  /* first edge of the frame in progress */
    pinq_ir_counts_t n;  /* frames, errors, losses */
    pinq_ir_hold_t hold; /* a complete frame waiting for the idle after it */
    uint32_t data;            /* payload bits so far, MSB first */
    uint8_t head;             /* start, mode and trailer bits, MSB first */
    uint8_t halves, total;    /* half-bits so far after the leader; of the whole frame (0: unknown yet) */
    uint8_t first;            /* level of the current bit's first half */
} pinq_rc6_t;

/* Set up the state for c (PINQ_EINVAL: mode6_bits not 0 or 17-32). The line is taken as idle. */
int pinq_rc6_init(pinq_rc6_t *s, const pinq_rc6_cfg_t *c);
/* One edge. A frame is complete at its last edge, the end of the mark of
 * its last bit, and reported 1.44 ms later (3t + t/4) if the line is
 * still idle. */
bool pinq_rc6_edge(const pinq_rc6_cfg_t *c, pinq_rc6_t *s, pinq_ticks_t ts, uint8_t level, pinq_ir_frame_t *out);
/* One event (see the top of this file). */
bool pinq_rc6_feed(const pinq_rc6_cfg_t *c, pinq_rc6_t *s, const pinq_event_t *ev, pinq_ir_frame_t *out);
/* Report the held frame if the line has been idle long enough by `now`. */
bool pinq_rc6_tick(const pinq_rc6_cfg_t *c, pinq_rc6_t *s, pinq_ticks_t now, pinq_ir_frame_t *out);
/* Tick from which pinq_rc6_tick() reports the held frame; false if none is held. */
bool pinq_rc6_deadline(const pinq_rc6_cfg_t *c, const pinq_rc6_t *s, pinq_ticks_t *when);

/* ---- Sony SIRC (12, 15 and 20 bits) ------------------------------------ */

/* SIRC decoder settings. */
typedef struct pinq_sirc_cfg {
    uint32_t tps;   /* port ticks per second */
    uint16_t line;  /* the line the feed function listens to */
    uint8_t active; /* level while the carrier is received */
    uint8_t bits;   /* 0: 12, 15 or 20 as each frame's length says; 12, 15 or 20: only that length.
                     * Set it when the remote is known: a dropout of more than 750 us after bit 12
                     * (or 15) of a longer frame otherwise reads as a shorter frame */
} pinq_sirc_cfg_t;

/* SIRC decoder state: caller RAM, set by pinq_sirc_init(). */
typedef struct pinq_sirc {
    pinq_band_t agc, one, zero, space; /* set by init */
    pinq_dec_line_t ln;  /* the line as last seen */
    pinq_ticks_t start;  /* first edge of the frame in progress */
    pinq_ir_counts_t n;  /* frames, errors, losses */
    uint32_t data; /* bits so far, LSB first as sent */
    uint8_t nbits; /* internal */
} pinq_sirc_t;

/* Set up the state for c (PINQ_EINVAL: bits not 0, 12, 15 or 20). The line is taken as idle. */
int pinq_sirc_init(pinq_sirc_t *s, const pinq_sirc_cfg_t *c);
/* One edge. The length of a SIRC frame shows only in the silence after
 * it: a frame is reported once the space after its last mark is longer
 * than 750 us (the space band's top), at the next edge or by the tick. */
bool pinq_sirc_edge(const pinq_sirc_cfg_t *c, pinq_sirc_t *s, pinq_ticks_t ts, uint8_t level, pinq_ir_frame_t *out);
/* One event (see the top of this file). */
bool pinq_sirc_feed(const pinq_sirc_cfg_t *c, pinq_sirc_t *s, const pinq_event_t *ev, pinq_ir_frame_t *out);
/* End the frame in progress if the space after its last mark is over by
 * `now`: reports it if its bit count is one SIRC has (and cfg.bits allows). */
bool pinq_sirc_tick(const pinq_sirc_cfg_t *c, pinq_sirc_t *s, pinq_ticks_t now, pinq_ir_frame_t *out);
/* Tick from which pinq_sirc_tick() would end the frame in progress; false if none. */
bool pinq_sirc_deadline(const pinq_sirc_cfg_t *c, const pinq_sirc_t *s, pinq_ticks_t *when);

/* ---- DHT11 / AM230x (AM2301, AM2302 = DHT22, AM2303, AM2320, AM2321, RHT03) */

/* How a DHT sensor's five bytes read (pinq_dht_cfg.model). */
enum pinq_dht_model { PINQ_DHT11 = 0, PINQ_AM230X = 1 };

#define PINQ_DHT_KEEP_BAD 0x01u /* cfg: also report readings whose checksum fails (flagged) */
#define PINQ_DHT_BAD_SUM 0x01u  /* reading: the checksum failed; do not trust the values */

/* DHT11 / AM230x decoder settings. */
typedef struct pinq_dht_cfg {
    uint32_t tps;   /* port ticks per second */
    uint16_t line;  /* the line the feed function listens to */
    uint8_t model; /* enum pinq_dht_model: how the five bytes read */
    uint8_t flags; /* PINQ_DHT_KEEP_BAD */
} pinq_dht_cfg_t;

/* One sensor reading. */
typedef struct pinq_dht_reading {
    pinq_ticks_t ts;      /* the host's start pulse (its falling edge) */
    int16_t temperature;  /* 0.1 degC, signed */
    uint16_t humidity;    /* 0.1 %RH */
    uint8_t raw[5];       /* the bytes as sent; raw[4] is the checksum */
    uint8_t flags;        /* PINQ_DHT_BAD_SUM */
} pinq_dht_reading_t;

/* DHT decoder state: caller RAM, set by pinq_dht_init(). */
typedef struct pinq_dht {
    pinq_band_t release, resp, low, zero, one; /* set by init */
    uint32_t start_min; /* ticks: the shortest host start pulse; set by init */
    pinq_dec_line_t ln;  /* the line as last seen */
    pinq_ticks_t start;  /* first edge of the frame in progress */
    uint32_t readings; /* reported */
    uint32_t errors;   /* readings begun and abandoned */
    uint32_t lost;     /* RESYNCs and other losses */
    uint32_t bad_sum;  /* checksum failures (reported or not) */
    uint8_t raw[5]; /* the bytes so far */
    uint8_t nbits; /* internal */
} pinq_dht_t;

/* Set up the state for c (PINQ_EINVAL: unknown model or flags). */
int pinq_dht_init(pinq_dht_t *s, const pinq_dht_cfg_t *c);
/* One edge of the data line (idle high, open drain): the host's start
 * pulse must be among the edges (enable the line's interrupt before
 * driving it). Reports a reading at the end of the 40th bit. */
bool pinq_dht_edge(const pinq_dht_cfg_t *c, pinq_dht_t *s, pinq_ticks_t ts, uint8_t level, pinq_dht_reading_t *out);
/* One event (see the top of this file). */
bool pinq_dht_feed(const pinq_dht_cfg_t *c, pinq_dht_t *s, const pinq_event_t *ev, pinq_dht_reading_t *out);

/* ---- DCF77 -------------------------------------------------------------- */

#define PINQ_DCF77_BIT 0x01u  /* out: a second was measured: out->second, out->bit */
#define PINQ_DCF77_MARK 0x02u /* out: a minute marker: out->ts is second 0 of a new minute */
#define PINQ_DCF77_TIME 0x04u /* out: the minute that just ended decoded: out->time */

#define PINQ_DCF77_INVALID 2u /* out->bit: the pulse was longer than 260 ms */

/* pinq_dcf77_time_t.flags: bits 15-19 of the minute as sent */
#define PINQ_DCF77_CALL 0x01u   /* R: call bit (abnormal transmitter operation) */
#define PINQ_DCF77_SUMMER 0x02u /* A1: summer time change at the end of this hour */
#define PINQ_DCF77_CEST 0x04u   /* Z1: CEST in effect */
#define PINQ_DCF77_CET 0x08u    /* Z2: CET in effect */
#define PINQ_DCF77_LEAP 0x10u   /* A2: leap second at the end of this hour */
#define PINQ_DCF77_LEAPT 0x20u  /* the minute had the leap second (60 seconds) */

/* A decoded DCF77 minute. */
typedef struct pinq_dcf77_time {
    pinq_ticks_t ts;  /* start of second 0: the time below begins at this edge */
    uint16_t weather; /* bits 1-14 (civil warnings, weather), bit 1 in bit 0 */
    uint8_t minute, hour, day, weekday, month, year; /* 0-59; 0-23; 1-31; 1 = Monday; 1-12; 0-99 */
    uint8_t flags;    /* PINQ_DCF77_CALL ... */
} pinq_dcf77_time_t;

/* What pinq_dcf77_edge() measured (which fields: its return mask). */
typedef struct pinq_dcf77_out {
    pinq_ticks_t ts;        /* start of the second measured (with MARK: second 0) */
    pinq_dcf77_time_t time; /* with PINQ_DCF77_TIME */
    int8_t second;          /* with BIT: its place in the minute, 0-59; -1 before the first marker */
    uint8_t bit;            /* with BIT: 0, 1 or PINQ_DCF77_INVALID */
} pinq_dcf77_out_t;

/* DCF77 decoder settings. */
typedef struct pinq_dcf77_cfg {
    uint32_t tps;   /* port ticks per second */
    uint16_t line;  /* the line the feed function listens to */
    uint8_t active; /* level during the pulses (carrier reduced); modules differ (the Pollin DCF1: 1) */
} pinq_dcf77_cfg_t;

/* DCF77 decoder state: caller RAM, set by pinq_dcf77_init(). */
typedef struct pinq_dcf77 {
    pinq_band_t second, minute;         /* pulse start to pulse start; set by init */
    uint32_t pulse_min, split, pulse_max; /* ticks: shorter is a glitch; a bit 1 from here; longer is invalid */
    pinq_ticks_t last, sec, cand;       /* last edge; start of the last second; pulse being measured */
    uint64_t bits;                      /* the minute so far, bit i = second i */
    uint32_t seconds;                   /* measured */
    uint32_t glitches;                  /* pulses ignored as noise */
    uint32_t errors;                    /* minutes ended with a missing or bad second or check */
    uint32_t lost;                      /* RESYNCs and other losses */
    int8_t pos;                         /* next second's place in the minute; -1 unknown */
    uint8_t bad;                        /* the minute so far had an invalid pulse */
    uint8_t kind, state, level, flags;  /* internal */
} pinq_dcf77_t;

/* Set up the state for c. No second or minute is known yet. */
int pinq_dcf77_init(pinq_dcf77_t *s, const pinq_dcf77_cfg_t *c);
/* One edge. A second is measured when its pulse ends: returns
 * PINQ_DCF77_BIT then, with PINQ_DCF77_MARK when that second is second 0
 * of a minute (its pulse came about 2 s after the one before), and
 * PINQ_DCF77_TIME too when the minute before it decoded with every check
 * passed. 0 when nothing was measured. */
uint8_t pinq_dcf77_edge(const pinq_dcf77_cfg_t *c, pinq_dcf77_t *s, pinq_ticks_t ts, uint8_t level,
                        pinq_dcf77_out_t *out);
/* One event (see the top of this file); a loss also forgets the minute in progress. */
uint8_t pinq_dcf77_feed(const pinq_dcf77_cfg_t *c, pinq_dcf77_t *s, const pinq_event_t *ev, pinq_dcf77_out_t *out);
/* Decode one minute's bits (bit i = second i; nsec = 59, or 60 with a leap
 * second) into *t (t->ts untouched). false, *t partly written, if a check
 * fails: bit 0 = 0, bit 20 = 1, exactly one of bits 17/18, the three even
 * parities, BCD digits and ranges; a 60-second minute needs bit 19 set
 * and bit 59 = 0. */
bool pinq_dcf77_decode(uint64_t bits, int nsec, pinq_dcf77_time_t *t);

#ifdef __cplusplus
}
#endif

#endif
