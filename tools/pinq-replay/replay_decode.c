/* replay_decode.c - one decoder behind one interface: the four IR
 * decoders share a shape (feed, tick, deadline, counts), wrapped alike;
 * DHT, DCF77 and the encoder stage each have their own. */
#include <stdio.h>
#include <string.h>

#include "frame_text.h"
#include "replay_decode.h"

enum kind { K_NEC, K_RC5, K_RC6, K_SIRC, K_DHT, K_DCF77, K_ENC };

/* ---- the IR decoders ----------------------------------------------------- */

static void ir_keep(replay_decoder_t *d, const pinq_ir_frame_t *f)
{
    char text[REPLAY_TEXT];
    frame_text_ir(text, sizeof text, f);
    replay_frames_add(&d->frames, f->ts, text);
}

/* feed, tick and deadline of decoder `name`, over the union's member */
#define IR_OPS(name)                                                                                   \
    static void name##_feed(replay_decoder_t *d, const pinq_event_t *ev)                               \
    {                                                                                                  \
        pinq_ir_frame_t f;                                                                             \
        if (pinq_##name##_feed(&d->u.name.c, &d->u.name.s, ev, &f))                                    \
            ir_keep(d, &f);                                                                            \
    }                                                                                                  \
    static void name##_tick(replay_decoder_t *d, pinq_ticks_t now)                                     \
    {                                                                                                  \
        pinq_ir_frame_t f;                                                                             \
        if (pinq_##name##_tick(&d->u.name.c, &d->u.name.s, now, &f))                                   \
            ir_keep(d, &f);                                                                            \
    }                                                                                                  \
    static bool name##_deadline(const replay_decoder_t *d, pinq_ticks_t *when)                         \
    {                                                                                                  \
        return pinq_##name##_deadline(&d->u.name.c, &d->u.name.s, when);                               \
    }
IR_OPS(nec)
IR_OPS(rc5)
IR_OPS(rc6)
IR_OPS(sirc)

static const struct ir_ops {
    void (*feed)(replay_decoder_t *, const pinq_event_t *);
    void (*tick)(replay_decoder_t *, pinq_ticks_t);
    bool (*deadline)(const replay_decoder_t *, pinq_ticks_t *);
} ir_ops[] = {
    [K_NEC] = {nec_feed, nec_tick, nec_deadline},
    [K_RC5] = {rc5_feed, rc5_tick, rc5_deadline},
    [K_RC6] = {rc6_feed, rc6_tick, rc6_deadline},
    [K_SIRC] = {sirc_feed, sirc_tick, sirc_deadline},
};

static bool is_ir(const replay_decoder_t *d)
{
    return d->kind <= K_SIRC;
}

static const pinq_ir_counts_t *ir_counts(const replay_decoder_t *d)
{
    switch (d->kind) {
    case K_NEC:
        return &d->u.nec.s.n;
    case K_RC5:
        return &d->u.rc5.s.n;
    case K_RC6:
        return &d->u.rc6.s.n;
    default:
        return &d->u.sirc.s.n;
    }
}

/* ---- DHT, DCF77 ---------------------------------------------------------- */

static void dht_feed(replay_decoder_t *d, const pinq_event_t *ev)
{
    pinq_dht_reading_t r;
    char text[REPLAY_TEXT];
    if (!pinq_dht_feed(&d->u.dht.c, &d->u.dht.s, ev, &r))
        return;
    frame_text_dht(text, sizeof text, &r);
    replay_frames_add(&d->frames, r.ts, text);
}

/* A minute is stamped with the marker that began it, as sigrok stamps it. */
static void dcf77_feed(replay_decoder_t *d, const pinq_event_t *ev)
{
    pinq_dcf77_out_t o;
    char text[REPLAY_TEXT];
    uint8_t what = pinq_dcf77_feed(&d->u.dcf77.c, &d->u.dcf77.s, ev, &o);
    if (what & PINQ_DCF77_BIT) {
        frame_text_dcf77_bit(text, sizeof text, &o);
        replay_frames_add(&d->bits, o.ts, text);
    }
    if (what & PINQ_DCF77_TIME) {
        frame_text_dcf77_time(text, sizeof text, &o.time);
        replay_frames_add(&d->frames, d->minute_start, text);
    }
    if (what & PINQ_DCF77_MARK)
        d->minute_start = o.ts;
}

/* ---- the encoder stage ------------------------------------------------- */

/* The stage's sink: STEP reports become frames, LOST reports are counted. */
static void enc_report(const pinq_event_t *ev, void *ctx)
{
    replay_decoder_t *d = ctx;
    if (ev->kind == PINQ_EV_LOST) {
        d->enc_lost++;
        return;
    }
    if (ev->kind != PINQ_EV_STEP)
        return;
    int32_t pos = d->u.enc.s.position;
    d->pos_min = pos < d->pos_min ? pos : d->pos_min;
    d->pos_max = pos > d->pos_max ? pos : d->pos_max;
    char text[REPLAY_TEXT];
    snprintf(text, sizeof text, "STEP %+d", (int)pinq_input_value(ev));
    replay_frames_add(&d->frames, ev->ts, text);
}

static void enc_feed(replay_decoder_t *d, const pinq_event_t *ev)
{
    pinq_sink_t sink = {enc_report, d};
    pinq_encoder_feed(&d->u.enc.c, &d->u.enc.s, ev, &sink);
}

/* ---- one interface ------------------------------------------------------- */

static const struct named {
    const char *name;
    enum kind kind;
    int variant; /* NEC: flags; DHT: model */
} names[] = {
    {"nec", K_NEC, 0},          {"nec-ext", K_NEC, PINQ_NEC_ADDR16}, {"rc5", K_RC5, 0},
    {"rc6", K_RC6, 0},          {"sirc", K_SIRC, 0},                 {"sirc12", K_SIRC, 12},
    {"sirc15", K_SIRC, 15},     {"sirc20", K_SIRC, 20},              {"dht11", K_DHT, PINQ_DHT11},
    {"am230x", K_DHT, PINQ_AM230X}, {"dcf77", K_DCF77, 0},           {"encoder", K_ENC, 0},
};

/* The configuration of decoder n; 0 or PINQ_EINVAL from its init. */
static int setup(replay_decoder_t *d, const struct named *n, uint32_t tps, int active, const uint8_t initial[2])
{
    uint8_t ir = (uint8_t)(active < 0 ? 0 : active);
    switch (n->kind) {
    case K_NEC:
        d->u.nec.c = (pinq_nec_cfg_t){.tps = tps, .active = ir, .flags = (uint8_t)n->variant};
        return pinq_nec_init(&d->u.nec.s, &d->u.nec.c);
    case K_RC5:
        d->u.rc5.c = (pinq_rc5_cfg_t){.tps = tps, .active = ir};
        return pinq_rc5_init(&d->u.rc5.s, &d->u.rc5.c);
    case K_RC6:
        d->u.rc6.c = (pinq_rc6_cfg_t){.tps = tps, .active = ir, .mode6_bits = 32};
        return pinq_rc6_init(&d->u.rc6.s, &d->u.rc6.c);
    case K_SIRC:
        d->u.sirc.c = (pinq_sirc_cfg_t){.tps = tps, .active = ir, .bits = (uint8_t)n->variant};
        return pinq_sirc_init(&d->u.sirc.s, &d->u.sirc.c);
    case K_DHT:
        d->u.dht.c = (pinq_dht_cfg_t){.tps = tps, .model = (uint8_t)n->variant};
        return pinq_dht_init(&d->u.dht.s, &d->u.dht.c);
    case K_DCF77:
        d->u.dcf77.c = (pinq_dcf77_cfg_t){.tps = tps, .active = (uint8_t)(active < 0 ? 1 : active)};
        return pinq_dcf77_init(&d->u.dcf77.s, &d->u.dcf77.c);
    case K_ENC:
        d->u.enc.c = (pinq_encoder_cfg_t){.line_a = 0, .line_b = 1, .steps_per_detent = 1};
        pinq_encoder_init(&d->u.enc.s, initial[0], initial[1]);
        return 0;
    }
    return PINQ_EINVAL;
}

int replay_decoder_init(replay_decoder_t *d, const char *name, uint32_t tps, int active, const uint8_t initial[2])
{
    *d = (replay_decoder_t){0};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(names[i].name, name) != 0)
            continue;
        d->kind = (uint8_t)names[i].kind;
        return setup(d, &names[i], tps, active, initial) == 0 ? 0 : -1;
    }
    return -1;
}

int replay_decoder_lines(const replay_decoder_t *d)
{
    return d->kind == K_ENC ? 2 : 1;
}

void replay_decoder_feed(replay_decoder_t *d, const pinq_event_t *ev)
{
    if (is_ir(d))
        ir_ops[d->kind].feed(d, ev);
    else if (d->kind == K_DHT)
        dht_feed(d, ev);
    else if (d->kind == K_DCF77)
        dcf77_feed(d, ev);
    else
        enc_feed(d, ev);
}

bool replay_decoder_deadline(const replay_decoder_t *d, pinq_ticks_t *when)
{
    return is_ir(d) && ir_ops[d->kind].deadline(d, when);
}

void replay_decoder_tick(replay_decoder_t *d, pinq_ticks_t now)
{
    if (is_ir(d))
        ir_ops[d->kind].tick(d, now);
}

replay_counts_t replay_decoder_counts(const replay_decoder_t *d)
{
    if (is_ir(d)) {
        const pinq_ir_counts_t *n = ir_counts(d);
        return (replay_counts_t){n->frames, n->errors, n->lost};
    }
    uint32_t frames = (uint32_t)(d->frames.n + d->bits.n);
    if (d->kind == K_DHT)
        return (replay_counts_t){frames, d->u.dht.s.errors, d->u.dht.s.lost};
    if (d->kind == K_DCF77)
        return (replay_counts_t){frames, d->u.dcf77.s.errors, d->u.dcf77.s.lost};
    /* the stage counts a RESYNC as an error too; an unchanged phase is a lost edge */
    const pinq_encoder_t *s = &d->u.enc.s;
    return (replay_counts_t){frames, s->errors - d->enc_lost, d->enc_lost + s->spurious};
}

void replay_decoder_note(const replay_decoder_t *d, char *buf, size_t len)
{
    if (d->kind == K_ENC)
        snprintf(buf, len, "position %d (min %d, max %d)", (int)d->u.enc.s.position, (int)d->pos_min,
                 (int)d->pos_max);
    else if (d->kind == K_DCF77)
        snprintf(buf, len, "%zu seconds, %zu minutes; glitches %u", d->bits.n, d->frames.n,
                 (unsigned)d->u.dcf77.s.glitches);
    else if (len)
        buf[0] = '\0';
}

void replay_decoder_free(replay_decoder_t *d)
{
    replay_frames_free(&d->frames);
    replay_frames_free(&d->bits);
}

const char *replay_decoder_for_protocol(const char *protocol)
{
    static const char *const map[][2] = {
        {"ir_nec", "nec"}, {"ir_other", "nec"}, {"ir_rc5", "rc5"},   {"ir_rc6", "rc6"},       {"ir_sirc", "sirc"},
        {"dht11", "dht11"}, {"am230x", "am230x"}, {"dcf77", "dcf77"}, {"rotary", "encoder"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], protocol) == 0)
            return map[i][1];
    return NULL;
}
