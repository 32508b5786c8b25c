/* pinq_dht.c - DHT11 / AM230x single-wire reading: the host pulls the line
 * low (>= 0.75 ms) and releases it; the sensor answers low 80 us, high
 * 80 us, then sends 40 bits MSB first, each a low of 50 us and a high of
 * 26-28 us (0) or 70 us (1): humidity (2 bytes), temperature (2 bytes),
 * checksum (low byte of the sum of the four). Band limits: pinq_dht_init. */
#include "pinq_decode_util.h"

enum { IDLE, START, RELEASED, RESP_LOW, RESP_HIGH, BIT_LOW, BIT_HIGH };

#define US 1000u /* ns */

int pinq_dht_init(pinq_dht_t *s, const pinq_dht_cfg_t *c)
{
    if (!s || !c || c->tps < PINQ_DHT_MIN_TPS || c->model > PINQ_AM230X || c->flags > PINQ_DHT_KEEP_BAD)
        return PINQ_EINVAL;
    *s = (pinq_dht_t){0};
    s->start_min = dec_band(c->tps, 750u * US, 750u * US).lo; /* host start pulse, no upper limit */
    s->release = dec_band(c->tps, 10u * US, 200u * US);       /* host release to sensor response */
    s->resp = dec_band(c->tps, 40u * US, 120u * US);          /* response low and high, 80 us */
    s->low = dec_band(c->tps, 30u * US, 100u * US);           /* a bit's low, 50 us */
    s->zero = dec_band(c->tps, 10u * US, 45u * US);           /* 26-28 us */
    s->one = dec_band(c->tps, 55u * US, 100u * US);           /* 70 us */
    return dec_ok(s->release) && dec_ok(s->resp) && dec_ok(s->low) && dec_ok(s->zero) && dec_ok(s->one) &&
                   s->zero.hi < s->one.lo
               ? 0
               : PINQ_EINVAL;
}

static void fail(pinq_dht_t *s)
{
    if (s->ln.state >= RELEASED)
        s->errors++;
    s->ln.state = IDLE;
}

static void begin(pinq_dht_t *s, pinq_ticks_t ts)
{
    s->ln.state = START;
    s->start = ts;
}

/* The 40 bits are in: check and interpret them. */
static bool reading(const pinq_dht_cfg_t *c, pinq_dht_t *s, pinq_dht_reading_t *out)
{
    const uint8_t *b = s->raw;
    s->ln.state = IDLE;
    bool sum_ok = (uint8_t)(b[0] + b[1] + b[2] + b[3]) == b[4];
    unsigned hum, temp;
    bool neg;
    if (c->model == PINQ_DHT11) { /* integer and tenths bytes; sign in bit 7 of the temperature tenths */
        hum = b[0] * 10u + b[1];
        temp = b[2] * 10u + (b[3] & 0x7Fu);
        neg = b[3] & 0x80u;
        if (sum_ok && (b[1] > 9 || (b[3] & 0x7Fu) > 9)) { /* not a DHT11 reading */
            s->errors++;
            return false;
        }
    } else { /* 16-bit tenths; temperature in sign and magnitude */
        hum = (unsigned)b[0] << 8 | b[1];
        temp = (unsigned)(b[2] & 0x7Fu) << 8 | b[3];
        neg = b[2] & 0x80u;
    }
    if (sum_ok && hum > 1000u) { /* above 100.0 %RH */
        s->errors++;
        return false;
    }
    if (!sum_ok) {
        s->bad_sum++;
        if (!(c->flags & PINQ_DHT_KEEP_BAD))
            return false;
    }
    *out = (pinq_dht_reading_t){.ts = s->start,
                                .temperature = (int16_t)(neg ? -(int)temp : (int)temp),
                                .humidity = (uint16_t)hum,
                                .flags = sum_ok ? 0 : PINQ_DHT_BAD_SUM};
    for (int i = 0; i < 5; i++)
        out->raw[i] = b[i];
    s->readings++;
    return true;
}

bool pinq_dht_edge(const pinq_dht_cfg_t *c, pinq_dht_t *s, pinq_ticks_t ts, uint8_t level, pinq_dht_reading_t *out)
{
    level = level != 0;
    uint32_t d; /* the low or high this edge ends */
    int f = dec_front(&s->ln, &s->lost, NULL, ts, level, &d);
    if (f != FRONT_EDGE) {
        if (f == FRONT_FIRST && !level)
            begin(s, ts);
        return false;
    }
    if (level) { /* a low ended */
        switch (s->ln.state) {
        case START:
            s->ln.state = d >= s->start_min ? RELEASED : IDLE; /* a short low is not a start */
            return false;
        case RESP_LOW:
            if (in_band(d, s->resp)) {
                s->ln.state = RESP_HIGH;
                return false;
            }
            break;
        case BIT_LOW:
            if (in_band(d, s->low)) {
                s->ln.state = BIT_HIGH;
                return false;
            }
            break;
        default:
            return false;
        }
        fail(s);
        return false;
    }
    switch (s->ln.state) { /* a high ended */
    case RELEASED:
        if (in_band(d, s->release)) {
            s->ln.state = RESP_LOW;
            return false;
        }
        break;
    case RESP_HIGH:
        if (in_band(d, s->resp)) {
            s->ln.state = BIT_LOW;
            s->nbits = 0;
            return false;
        }
        break;
    case BIT_HIGH:
        if (in_band(d, s->zero) || in_band(d, s->one)) {
            uint8_t *byte = &s->raw[s->nbits / 8u];
            *byte = (uint8_t)(*byte << 1 | in_band(d, s->one));
            if (++s->nbits == 40)
                return reading(c, s, out);
            s->ln.state = BIT_LOW;
            return false;
        }
        break;
    default:
        break;
    }
    fail(s);       /* nothing if idle */
    begin(s, ts); /* this low may be the host's next start */
    return false;
}

bool pinq_dht_feed(const pinq_dht_cfg_t *c, pinq_dht_t *s, const pinq_event_t *ev, pinq_dht_reading_t *out)
{
    int l = dec_feed(&s->ln, &s->lost, NULL, ev, c->line);
    return l != DEC_SKIP && pinq_dht_edge(c, s, ev->ts, (uint8_t)l, out);
}
