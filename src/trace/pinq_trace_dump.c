/* pinq_trace_dump.c - the binary dump a target sends to its host, and its
 * reader: a 32-byte header and 40-byte records, every field little-endian
 * at a fixed offset (docs/trace.md), so the host need not share the
 * target's struct layout or byte order. */
#include <string.h>

#include "trace_util.h"

static const char magic[8] = {'P', 'I', 'N', 'Q', 'T', 'R', 'C', '1'};

static void le(uint8_t *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> 8 * i);
}

static uint64_t get_le(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = bytes; i-- > 0;)
        v = v << 8 | p[i];
    return v;
}

/* header: magic[8] tps:4 kept:4 lost:4 nlines:2 mode:1 record_size:1 zero[8] */
static void pack_header(uint8_t h[PINQ_TRACE_DUMP_HEADER], const pinq_trace_t *t, const pinq_trace_out_t *out)
{
    memset(h, 0, PINQ_TRACE_DUMP_HEADER);
    memcpy(h, magic, sizeof magic);
    le(h + 8, out->tps, 4);
    le(h + 12, t->kept, 4);
    le(h + 16, t->lost, 4);
    le(h + 20, out->nlines, 2);
    h[22] = t->mode;
    h[23] = PINQ_TRACE_DUMP_RECORD;
}

/* record: ts:8 seq:4 line:2 kind:1 level:1 taken:8 done:8 depth:4 state:1 origin:1 zero:2 */
static void pack(uint8_t b[PINQ_TRACE_DUMP_RECORD], const pinq_trace_rec_t *r)
{
    le(b, r->ev.ts, 8);
    le(b + 8, r->ev.seq, 4);
    le(b + 12, r->ev.line, 2);
    b[14] = r->ev.kind;
    b[15] = r->ev.level;
    le(b + 16, r->taken, 8);
    le(b + 24, r->done, 8);
    le(b + 32, r->depth, 4);
    b[36] = r->state;
    b[37] = r->origin;
    b[38] = b[39] = 0;
}

static void unpack(pinq_trace_rec_t *r, const uint8_t b[PINQ_TRACE_DUMP_RECORD])
{
    *r = (pinq_trace_rec_t){.taken = get_le(b + 16, 8), .done = get_le(b + 24, 8),
                            .depth = (uint32_t)get_le(b + 32, 4), .state = b[36], .origin = b[37]};
    r->ev.ts = get_le(b, 8);
    r->ev.seq = (uint32_t)get_le(b + 8, 4);
    r->ev.line = (uint16_t)get_le(b + 12, 2);
    r->ev.kind = b[14];
    r->ev.level = b[15];
}

int pinq_trace_dump(const pinq_trace_t *t, const pinq_trace_out_t *out)
{
    if (!t || !out || !out->write || !out->tps || !out->nlines)
        return PINQ_EINVAL;
    uint8_t b[PINQ_TRACE_DUMP_RECORD > PINQ_TRACE_DUMP_HEADER ? PINQ_TRACE_DUMP_RECORD : PINQ_TRACE_DUMP_HEADER];
    pack_header(b, t, out);
    if (out->write(b, PINQ_TRACE_DUMP_HEADER, out->ctx))
        return PINQ_ESYS;
    for (uint32_t i = 0; i < t->kept; i++) {
        pack(b, pinq_trace_at(t, i));
        if (out->write(b, PINQ_TRACE_DUMP_RECORD, out->ctx))
            return PINQ_ESYS;
    }
    return PINQ_OK;
}

int pinq_trace_load(pinq_trace_t *t, pinq_trace_rec_t *recs, uint32_t cap, const void *buf, size_t len,
                    uint32_t *tps, uint16_t *nlines)
{
    const uint8_t *h = buf;
    if (!t || !recs || !buf || !tps || !nlines || len < PINQ_TRACE_DUMP_HEADER || memcmp(h, magic, sizeof magic))
        return PINQ_EINVAL;
    uint32_t kept = (uint32_t)get_le(h + 12, 4);
    if (h[22] > PINQ_TRACE_KEEP_LAST || h[23] != PINQ_TRACE_DUMP_RECORD || kept > cap ||
        (len - PINQ_TRACE_DUMP_HEADER) / PINQ_TRACE_DUMP_RECORD != kept ||
        (len - PINQ_TRACE_DUMP_HEADER) % PINQ_TRACE_DUMP_RECORD)
        return PINQ_EINVAL;
    *tps = (uint32_t)get_le(h + 8, 4);
    *nlines = (uint16_t)get_le(h + 20, 2);
    if (!*tps || !*nlines)
        return PINQ_EINVAL;
    *t = (pinq_trace_t){.recs = recs, .cap = cap, .kept = kept, .lost = (uint32_t)get_le(h + 16, 4), .mode = h[22]};
    for (uint32_t i = 0; i < kept; i++)
        unpack(&recs[i], h + PINQ_TRACE_DUMP_HEADER + (size_t)i * PINQ_TRACE_DUMP_RECORD);
    return PINQ_OK;
}
