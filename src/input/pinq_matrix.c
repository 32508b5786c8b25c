/* pinq_matrix.c - a scanned key matrix: rows driven one at a time through
 * the board's callbacks, columns read after a settle time; ghost keys of a
 * matrix without diodes reported as ambiguous, never pressed; and an idle
 * mode where every row is driven and a column interrupt (a core line)
 * restarts the scan, so an idle keyboard costs no scans at all. */
#include "pinq_input_util.h"
#include "pinq_keys.h"

static bool matrix_ok(const pinq_matrix_cfg_t *c, const pinq_t *q)
{
    bool idle_ok = !c->idle_timeout || (q && c->irq_line < q->nlines);
    return c->drive && c->read && (c->wait || !c->settle) && c->period && c->rows && c->cols &&
           c->cols <= 32 && (unsigned)c->rows * c->cols <= PINQ_KEYS_MAX && idle_ok;
}

int pinq_matrix_init(pinq_matrix_t *s, const pinq_matrix_cfg_t *c, pinq_input_t *in, pinq_t *q)
{
    if (!s || !c || !matrix_ok(c, q))
        return PINQ_EINVAL;
    *s = (pinq_matrix_t){.cfg = c, .q = q};
    int err = pinq_keys_init(&s->keys, in, c->codes, (uint8_t)(c->rows * c->cols));
    if (err != PINQ_OK)
        return err;
    if (c->idle_timeout)
        pinq_line_enable(q, c->irq_line, false);
    c->drive(c->ctx, PINQ_MATRIX_NONE);
    return PINQ_OK;
}

static unsigned popcount(uint64_t x)
{
    unsigned n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* Keys on a rectangle whose four corners all read closed: any one of them
 * may be the ghost of the other three. Two rows sharing two or more
 * closed columns make every such corner one. */
static uint64_t rectangles(const pinq_matrix_cfg_t *c, uint64_t seen)
{
    uint64_t amb = 0, row_mask = (UINT64_C(1) << c->cols) - 1;
    for (uint8_t a = 0; a < c->rows; a++)
        for (uint8_t b = (uint8_t)(a + 1); b < c->rows; b++) {
            uint64_t common = (seen >> (a * c->cols)) & (seen >> (b * c->cols)) & row_mask;
            if (popcount(common) >= 2)
                amb |= common << (a * c->cols) | common << (b * c->cols);
        }
    return amb;
}

/* Without diodes: a key already held (debounced) stays held; any other
 * key on a full rectangle is not pressed, and reported once when it
 * becomes ambiguous. A key still settling is not held: a scan taken while
 * a contact bounces can miss one corner and make a ghost look real once. */
static uint64_t unghost(pinq_matrix_t *s, uint64_t seen, pinq_ticks_t ts)
{
    const pinq_matrix_cfg_t *c = s->cfg;
    uint64_t rect = rectangles(c, seen);
    uint64_t amb = rect & ~pinq_keys_held(&s->keys, c->codes, rect & s->keys.fed);
    uint64_t fresh = amb & ~s->ambiguous;
    const pinq_input_cfg_t *icfg = s->keys.in->cfg;
    for (uint8_t i = 0; fresh >> i; i++) {
        if ((fresh >> i & 1u) && c->codes[i] != PINQ_KEY_NONE) {
            pinq_event_t ev = {.ts = ts, .seq = popcount(amb), .line = c->codes[i], .kind = PINQ_EV_KEY_AMBIGUOUS};
            s->ambiguities++;
            icfg->emit(&ev, icfg->emit_ctx);
        }
    }
    s->ambiguous = amb;
    return seen & ~amb;
}

void pinq_matrix_scan(pinq_matrix_t *s, pinq_ticks_t ts)
{
    const pinq_matrix_cfg_t *c = s->cfg;
    uint64_t seen = 0, col_mask = (UINT64_C(1) << c->cols) - 1;
    for (uint8_t r = 0; r < c->rows; r++) {
        c->drive(c->ctx, r);
        if (c->settle)
            c->wait(c->ctx, c->settle);
        seen |= (c->read(c->ctx) & col_mask) << (r * c->cols);
    }
    c->drive(c->ctx, PINQ_MATRIX_NONE);
    s->scans++;
    s->idle_scans += s->idle;
    uint64_t down = c->diodes ? seen : unghost(s, seen, ts);
    pinq_keys_feed(&s->keys, c->codes, (uint8_t)(c->rows * c->cols), down, ts);
}

/* Back to scanning from the next poll on (ts: the column edge). */
static void wake(pinq_matrix_t *s, pinq_ticks_t ts)
{
    const pinq_matrix_cfg_t *c = s->cfg;
    pinq_line_enable(s->q, c->irq_line, false);
    c->drive(c->ctx, PINQ_MATRIX_NONE);
    s->idle = 0;
    s->busy = ts;
    s->keys.next = ts;
}

/* Every row driven, the column interrupt on; a key closed before the
 * interrupt was on is seen by the read after it, so none is missed. */
static void sleep_on_irq(pinq_matrix_t *s, pinq_ticks_t now)
{
    const pinq_matrix_cfg_t *c = s->cfg;
    c->drive(c->ctx, PINQ_MATRIX_ALL);
    if (c->settle)
        c->wait(c->ctx, c->settle);
    s->idle = 1;
    pinq_line_enable(s->q, c->irq_line, true);
    if (c->read(c->ctx) & ((UINT64_C(1) << c->cols) - 1))
        wake(s, now);
}

bool pinq_matrix_poll(pinq_matrix_t *s, pinq_ticks_t now)
{
    const pinq_matrix_cfg_t *c = s->cfg;
    if (s->idle || !pinq_keys_due(&s->keys, c->period, now))
        return false;
    pinq_matrix_scan(s, now);
    if (s->keys.fed || s->keys.settling || s->ambiguous || s->keys.samples == 1)
        s->busy = now; /* the idle time-out counts from the last of these (or the first scan) */
    else if (c->idle_timeout && reached(now, s->busy + c->idle_timeout))
        sleep_on_irq(s, now);
    return true;
}

void pinq_matrix_on_event(const pinq_event_t *ev, void *matrix)
{
    pinq_matrix_t *s = matrix;
    if (!s->idle)
        return; /* an edge from before scanning took over, or a key seen by the scan */
    s->wakes++;
    wake(s, ev->ts);
}
