/* replay_decode.h - the application side of a replay: one decoder from
 * include/pinq_decode.h, or the input engine's quadrature stage
 * (pinq_encoder_*, include/pinq_input.h) for rotary encoders, fed the
 * events pinq_dispatch() delivers, RESYNCs included, through their _feed
 * entry points, as firmware feeds them. What they report is kept as text
 * (replay_frames.h). The decoder listens to line 0; the encoder to lines 0
 * (phase A) and 1 (phase B). */
#ifndef REPLAY_DECODE_H
#define REPLAY_DECODE_H

#include <stdbool.h>

#include "pinq_decode.h"
#include "pinq_input.h"
#include "replay_frames.h"

/* The names replay_decoder_init() takes, for messages and --help. */
#define REPLAY_DECODERS "nec, nec-ext, rc5, rc6, sirc, sirc12, sirc15, sirc20, dht11, am230x, dcf77, encoder"

typedef struct replay_counts {
    uint32_t frames; /* frames, readings, DCF77 seconds and minutes, encoder steps reported */
    uint32_t errors; /* begun and abandoned: a bad duration or check (encoder: invalid transitions) */
    uint32_t lost;   /* dropped for a loss pinq reported: a RESYNC, an edge that left the level unchanged */
} replay_counts_t;

typedef struct replay_decoder {
    uint8_t kind; /* which of the union is in use (replay_decode.c) */
    union {
        struct { pinq_nec_cfg_t c; pinq_nec_t s; } nec;
        struct { pinq_rc5_cfg_t c; pinq_rc5_t s; } rc5;
        struct { pinq_rc6_cfg_t c; pinq_rc6_t s; } rc6;
        struct { pinq_sirc_cfg_t c; pinq_sirc_t s; } sirc;
        struct { pinq_dht_cfg_t c; pinq_dht_t s; } dht;
        struct { pinq_dcf77_cfg_t c; pinq_dcf77_t s; } dcf77;
        struct { pinq_encoder_cfg_t c; pinq_encoder_t s; } enc;
    } u;
    replay_frames_t frames;    /* in the order reported: frames, readings, DCF77 minutes, encoder steps */
    replay_frames_t bits;      /* DCF77: every second measured, with its place in the minute */
    pinq_ticks_t minute_start; /* DCF77: the last minute marker, the start of the minute decoded next */
    int32_t pos_min, pos_max;  /* encoder: the range of its position */
    uint32_t enc_lost;         /* encoder: PINQ_EV_LOST reports */
} replay_decoder_t;

/* Sets up decoder `name` (REPLAY_DECODERS) for `tps` ticks per second.
 * active: the level while an IR or DCF77 carrier is received, -1 for the
 * default (IR 0, DCF77 1); initial: the lines' levels at the start (the
 * encoder's phases). NEC reports 8-bit addresses where the second byte is
 * the first's inverse (nec-ext: always 16 bits); RC-6 also takes mode 6
 * frames of 32 bits; sirc takes 12, 15 and 20-bit frames, sirc12/15/20 that
 * length only. Returns 0, or -1 for an unknown name. */
int replay_decoder_init(replay_decoder_t *d, const char *name, uint32_t tps, int active, const uint8_t initial[2]);

/* Lines the decoder listens to: 1, or 2 for the encoder. */
int replay_decoder_lines(const replay_decoder_t *d);

/* One event popped from the ring. */
void replay_decoder_feed(replay_decoder_t *d, const pinq_event_t *ev);

/* IR decoders hold a complete frame until the line has been idle long
 * enough: the tick from which replay_decoder_tick() reports it; false if
 * nothing is held. */
bool replay_decoder_deadline(const replay_decoder_t *d, pinq_ticks_t *when);

/* Time `now` has come and every edge stamped before it has been fed. */
void replay_decoder_tick(replay_decoder_t *d, pinq_ticks_t now);

replay_counts_t replay_decoder_counts(const replay_decoder_t *d);

/* A line on the decoder's final state, or "" (encoder: its position). */
void replay_decoder_note(const replay_decoder_t *d, char *buf, size_t len);

void replay_decoder_free(replay_decoder_t *d);

/* The decoder for a MANIFEST.tsv protocol (ir_nec, ir_other, ir_rc5,
 * ir_rc6, ir_sirc, dht11, am230x, dcf77, rotary), or NULL. */
const char *replay_decoder_for_protocol(const char *protocol);

#endif
