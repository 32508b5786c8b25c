/* frame_text.h - pinq's decoder outputs as the text the capture checks
 * compare with sigrok's annotations (sigrok_expected.h builds sigrok's
 * side): only the frame-level facts both decoders give. Shared by
 * tests/decode/test_decode_captures.c and tools/pinq-replay, which prints
 * its frames in this form, so that a replayed frame compares as it reads. */
#ifndef PINQ_FRAME_TEXT_H
#define PINQ_FRAME_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include "pinq_decode.h"

/* "NEC a=0x40 c=0x44", "NEC repeat", "RC5 a=5 c=1 t=0", ... */
static inline void frame_text_ir(char *buf, size_t len, const pinq_ir_frame_t *f)
{
    unsigned toggle = f->flags & PINQ_IR_TOGGLE ? 1u : 0u;
    switch (f->proto) {
    case PINQ_IR_NEC:
        if (f->flags & PINQ_IR_REPEAT)
            snprintf(buf, len, "NEC repeat");
        else
            snprintf(buf, len, f->flags & PINQ_IR_ADDR16 ? "NEC a=0x%04X c=0x%02X" : "NEC a=0x%02X c=0x%02X",
                     f->address, f->command);
        break;
    case PINQ_IR_RC5:
        snprintf(buf, len, "RC5 a=%u c=%u t=%u", f->address, f->command, toggle);
        break;
    case PINQ_IR_RC6:
        snprintf(buf, len, "RC6 mode=%u a=%X c=%X t=%u", f->ext, f->address, f->command, toggle);
        break;
    case PINQ_IR_SIRC:
        if (f->bits == 20)
            snprintf(buf, len, "SIRC c=0x%02X a=0x%02X e=0x%02X", f->command, f->address, f->ext);
        else
            snprintf(buf, len, "SIRC c=0x%02X a=0x%02X", f->command, f->address);
        break;
    default:
        snprintf(buf, len, "IR?");
    }
}

/* "DHT rh=360 t=270 raw=24001b0057 sum=ok" (tenths of %RH and degC) */
static inline void frame_text_dht(char *buf, size_t len, const pinq_dht_reading_t *d)
{
    snprintf(buf, len, "DHT rh=%u t=%d raw=%02x%02x%02x%02x%02x sum=%s", d->humidity, d->temperature, d->raw[0],
             d->raw[1], d->raw[2], d->raw[3], d->raw[4], d->flags & PINQ_DHT_BAD_SUM ? "bad" : "ok");
}

/* "DCF77 bit 17=0", or "DCF77 bit ?=1" before the first minute marker */
static inline void frame_text_dcf77_bit(char *buf, size_t len, const pinq_dcf77_out_t *o)
{
    if (o->second >= 0)
        snprintf(buf, len, "DCF77 bit %d=%u", o->second, o->bit);
    else
        snprintf(buf, len, "DCF77 bit ?=%u", o->bit);
}

/* "DCF77 23:49 day=9 dow=1 month=1 year=12 CET weather=0x37E flags=--- parity=ok,ok,ok":
 * pinq reports only minutes whose parities pass */
static inline void frame_text_dcf77_time(char *buf, size_t len, const pinq_dcf77_time_t *t)
{
    snprintf(buf, len, "DCF77 %02u:%02u day=%u dow=%u month=%u year=%u %s weather=0x%X flags=%c%c%c parity=ok,ok,ok",
             t->hour, t->minute, t->day, t->weekday, t->month, t->year, t->flags & PINQ_DCF77_CEST ? "CEST" : "CET",
             t->weather, t->flags & PINQ_DCF77_CALL ? 'R' : '-', t->flags & PINQ_DCF77_SUMMER ? 'A' : '-',
             t->flags & PINQ_DCF77_LEAP ? 'L' : '-');
}

#endif
