/* test_matrix_cm.c - the key matrix (src/input/pinq_matrix.c) on a real
 * NVIC under -icount: a 4x4 matrix without diodes simulated in RAM (row
 * drive and column read callbacks), its "any column" interrupt a
 * software-pended NVIC interrupt bound to the matrix's irq_line, and a
 * main loop that sleeps in pinq_wait() and scans through
 * pinq_matrix_poll(). A timer ISR plays the key script and records the
 * port tick of every change.
 *
 * Checked: each key's PRESS/RELEASE in order, stamped within
 * [change, change + SLACK] port ticks; the interrupt -> scan -> interrupt
 * cycle once per idle press (wakes exact), no scan while idle, no single
 * row driven while the column interrupt is on, no column read before its
 * row settled; a ghost rectangle (three keys down on the corners of a
 * rectangle) reports the third key and the ghost corner as
 * PINQ_EV_KEY_AMBIGUOUS and presses neither. */
#include <stdio.h>

#include "board.h"
#include "check.h"
#include "pinq_cortex_m.h"
#include "pinq_isr.h"
#include "pinq_keys.h"

#define ROWS 4
#define COLS 4
#define NKEYS (ROWS * COLS)
#define SAMPLES 3 /* equal scans for a key to change */
enum { IRQ, NLINES };

static uint32_t tps;
#define MS(n) ((pinq_ticks_t)(n) * (tps / 1000u))
#define PERIOD MS(1)                      /* ticks between scans */
#define SETTLE ((uint32_t)(tps / 50000u)) /* 20 us: a row's columns are right this long after it is driven */
#define IDLE_MS 30                        /* every key up this long: sleep on the column interrupt */
/* a change is seen by the next scan, at most one period later, and the
 * debouncer stamps a key's change with the first of its SAMPLES equal
 * scans */
#define SLACK PERIOD

static pinq_matrix_t mat;
static pinq_matrix_cfg_t mcfg;
static uint16_t codes[NKEYS];
static const pinq_line_cfg_t lines[NLINES] = {
    [IRQ] = {.deferred = pinq_matrix_on_event, .ctx = &mat, .trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, NLINES, 16, PINQ_SPSC, PINQ_DROP_NEWEST);

/* ---- the engine and its log ------------------------------------------------ */

static pinq_button_cfg_t buttons[NKEYS];
static pinq_button_t button_state[NKEYS];
static pinq_input_cfg_t icfg;
static pinq_input_t in;

#define LOG_MAX 128
static struct {
    pinq_event_t ev[LOG_MAX];
    unsigned n;
} klog;

static void emit(const pinq_event_t *ev, void *ctx)
{
    (void)ctx;
    if (ev->line < PINQ_KEY_CODE(0))
        return; /* the column interrupt's own events, passed through */
    if (klog.n < LOG_MAX)
        klog.ev[klog.n] = *ev;
    klog.n++;
}

/* ---- the matrix model: RAM state, no diodes --------------------------------- */

static struct {
    volatile uint16_t closed; /* bit k: key k (row k / COLS, column k % COLS) closed; the script's ISR writes it */
    int row;                  /* driven: a row, PINQ_MATRIX_ALL or _NONE */
    pinq_ticks_t driven_at;
    uint32_t irq_cols;          /* columns the interrupt logic saw last */
    unsigned early_reads;       /* columns read before the row settled */
    unsigned drives_while_idle; /* a single row driven while the column interrupt is on */
    unsigned pends;             /* column interrupts raised */
} mdl;

/* Columns pulled with `rows` driven: without diodes current sneaks through
 * any chain of closed keys, so rows reach each other through shared
 * columns until nothing new is reached. */
static uint32_t columns(uint32_t rows)
{
    uint16_t closed = mdl.closed;
    uint32_t cols = 0;
    for (bool grew = true; grew;) {
        grew = false;
        for (unsigned r = 0; r < ROWS; r++)
            if (rows >> r & 1u)
                cols |= (uint32_t)(closed >> (r * COLS)) & ((1u << COLS) - 1u);
        for (unsigned r = 0; r < ROWS; r++)
            if (!(rows >> r & 1u) && ((uint32_t)(closed >> (r * COLS)) & cols)) {
                rows |= 1u << r;
                grew = true;
            }
    }
    return cols;
}

static uint32_t driven_columns(void)
{
    if (mdl.row == PINQ_MATRIX_NONE)
        return 0;
    return columns(mdl.row == PINQ_MATRIX_ALL ? (1u << ROWS) - 1u : 1u << mdl.row);
}

/* The column interrupt logic: an edge of the OR of the columns while every
 * row is driven raises the line's interrupt if it is enabled. Called with
 * interrupts masked or from the script's ISR. */
static void column_logic(void)
{
    uint32_t cols = mdl.row == PINQ_MATRIX_ALL ? columns((1u << ROWS) - 1u) : 0;
    if ((cols != 0) != (mdl.irq_cols != 0) && pinq_line_state(&q, IRQ) == PINQ_LINE_ON) {
        mdl.pends++;
        pinq_cm_irq_pend(BOARD_SOFT0_IRQ);
    }
    mdl.irq_cols = cols;
}

static void m_drive(void *ctx, int row)
{
    (void)ctx;
    pinq_irqstate_t s = pinq_irq_save();
    if (row >= 0 && pinq_line_state(&q, IRQ) == PINQ_LINE_ON)
        mdl.drives_while_idle++;
    mdl.row = row;
    mdl.driven_at = pinq_port_now();
    mdl.irq_cols = row == PINQ_MATRIX_ALL ? columns((1u << ROWS) - 1u) : 0; /* the logic starts from the levels now */
    pinq_irq_restore(s);
}

static uint32_t m_read(void *ctx)
{
    (void)ctx;
    if (pinq_port_now() - mdl.driven_at < SETTLE)
        mdl.early_reads++;
    pinq_irqstate_t s = pinq_irq_save();
    uint32_t cols = driven_columns();
    pinq_irq_restore(s);
    return cols;
}

static void m_wait(void *ctx, uint32_t ticks)
{
    (void)ctx;
    pinq_ticks_t until = pinq_port_now() + ticks;
    while ((int64_t)(pinq_port_now() - until) < 0) {
    }
}

/* The column interrupt: posts the OR of the columns. */
void board_soft0_isr(void)
{
    pinq_isr_post(&q, IRQ, mdl.irq_cols != 0);
}

/* ---- the script, played by timer 1 every millisecond ----------------------- */

#define K(n) (1u << (n))
static const struct step {
    uint32_t at_ms;  /* since the start */
    uint16_t closed; /* keys closed from then on */
} script[] = {
    /* five clicks, each from idle: interrupt -> scans -> idle -> interrupt */
    {100, K(0)},
    {160, 0},
    {300, K(5)},
    {380, 0},
    {500, K(10)},
    {540, 0},
    {700, K(15)},
    {800, 0},
    {900, K(3) | K(12)}, /* two keys in one change, on different rows and columns: no rectangle */
    {970, 0},
    /* a ghost rectangle: 0 and 1 held, then 4 closes; 5 reads closed too */
    {1100, K(0)},
    {1150, K(0) | K(1)},
    {1200, K(0) | K(1) | K(4)},
    {1300, K(0) | K(1)},
    {1400, K(0)},
    {1500, 0},
};
#define NSTEPS (sizeof script / sizeof script[0])
#define END_MS 1700u
#define IDLE_PRESSES 6u /* steps that close a key while every key was up */

static volatile uint32_t ms_count;
static volatile unsigned steps_done;
static pinq_ticks_t step_at[NSTEPS]; /* port tick each step took effect */

void board_timer1_isr(void)
{
    board_timer_ack(1);
    uint32_t ms = ++ms_count;
    if (steps_done < NSTEPS && ms >= script[steps_done].at_ms) {
        step_at[steps_done] = pinq_port_now();
        mdl.closed = script[steps_done].closed;
        steps_done++;
        column_logic();
    }
}

/* ---- checks ------------------------------------------------------------------ */

static unsigned count(uint16_t code, uint8_t kind)
{
    unsigned n = 0;
    for (unsigned i = 0; i < klog.n && i < LOG_MAX; i++)
        n += klog.ev[i].line == code && klog.ev[i].kind == kind;
    return n;
}

/* Keys that can be reported from a closed set: a key on a full rectangle
 * is not pressed unless held before (the script's rectangle: 4 and 5). */
static uint16_t visible(unsigned step)
{
    uint16_t set = script[step].closed;
    return set == (K(0) | K(1) | K(4)) ? (uint16_t)(K(0) | K(1)) : set;
}

/* Each key's PRESS/RELEASE are its visible changes, in order, each
 * stamped in [change, change + SLACK]. */
static void check_keys(void)
{
    unsigned bad = 0;
    pinq_ticks_t worst = 0;
    for (unsigned k = 0; k < NKEYS; k++) {
        unsigned e = 0;
        uint16_t was = 0;
        for (unsigned i = 0; i < NSTEPS; i++) {
            uint16_t now = visible(i) & K(k);
            if (now == was)
                continue;
            uint8_t kind = now ? PINQ_EV_PRESS : PINQ_EV_RELEASE;
            while (e < klog.n && (klog.ev[e].line != PINQ_KEY_CODE(k) || klog.ev[e].kind > PINQ_EV_RELEASE))
                e++;
            bool ok = e < klog.n && klog.ev[e].kind == kind && klog.ev[e].ts >= step_at[i] &&
                      klog.ev[e].ts - step_at[i] <= SLACK;
            if (ok && klog.ev[e].ts - step_at[i] > worst)
                worst = klog.ev[e].ts - step_at[i];
            if (!ok && bad++ < 4)
                printf("key %u step %u: want %s at +0..%lu ticks from %lu, got %s at %lu\n", k, i,
                       now ? "PRESS" : "RELEASE", (unsigned long)SLACK, (unsigned long)step_at[i],
                       e < klog.n ? (klog.ev[e].kind == PINQ_EV_PRESS ? "PRESS" : "RELEASE") : "nothing",
                       e < klog.n ? (unsigned long)klog.ev[e].ts : 0ul);
            e++;
            was = now;
        }
        while (e < klog.n && (klog.ev[e].line != PINQ_KEY_CODE(k) || klog.ev[e].kind > PINQ_EV_RELEASE))
            e++;
        if (e < klog.n && bad++ < 4)
            printf("key %u: extra event kind %u\n", k, klog.ev[e].kind);
    }
    printf("key events stamped at most %lu ticks after their change (bound %lu)\n", (unsigned long)worst,
           (unsigned long)SLACK);
    CHECK_EQ(bad, 0);
}

int main(void)
{
    tps = pinq_port_ticks_per_sec();
    for (unsigned i = 0; i < NKEYS; i++) {
        codes[i] = PINQ_KEY_CODE(i);
        buttons[i] = (pinq_button_cfg_t)PINQ_KEY_BUTTON(PINQ_KEY_CODE(i), SAMPLES, tps);
    }
    icfg = (pinq_input_cfg_t){.buttons = buttons, .button_state = button_state, .nbuttons = NKEYS, .tps = tps,
                              .emit = emit};
    mcfg = (pinq_matrix_cfg_t){.codes = codes, .drive = m_drive, .read = m_read, .wait = m_wait,
                               .period = (uint32_t)PERIOD, .settle = SETTLE, .idle_timeout = (uint32_t)MS(IDLE_MS),
                               .irq_line = IRQ, .rows = ROWS, .cols = COLS};
    mdl.row = PINQ_MATRIX_NONE;
    q_cfg.on_event = pinq_input_on_event;
    q_cfg.on_event_ctx = &in;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    CHECK_EQ(pinq_cm_irq_setup(BOARD_SOFT0_IRQ, 0x80), PINQ_OK);
    CHECK_EQ(pinq_cm_bind_irq(&q, IRQ, BOARD_SOFT0_IRQ), PINQ_OK);
    CHECK_EQ(pinq_input_init(&in, &icfg, &q), PINQ_OK);
    CHECK_EQ(pinq_matrix_init(&mat, &mcfg, &in, &q), PINQ_OK);
    CHECK_EQ(pinq_line_state(&q, IRQ), PINQ_LINE_OFF);

    CHECK_EQ(pinq_cm_irq_setup(BOARD_TIMER1_IRQ, 0x80), PINQ_OK);
    board_timer_start(1, board_timer_hz() / 1000u, true);
    unsigned idle_entries = 0;
    uint8_t was_idle = 0;
    while (ms_count < END_MS) {
        pinq_ticks_t now = pinq_port_now();
        pinq_input_dispatch_at(&in, 16, now); /* the column interrupt's event wakes the matrix here */
        pinq_matrix_poll(&mat, now);
        idle_entries += mat.idle && !was_idle;
        was_idle = mat.idle;
        /* idle: sleep until the column interrupt (or a look at the clock
         * for the script's end); scanning: until the next scan is due */
        pinq_wait(&q, mat.idle ? 50u : 1u);
    }
    board_timer_stop(1);
    pinq_input_tick(&in, pinq_port_now() + MS(5000)); /* every pending gesture decided */

    printf("matrix: %lu scans over %u ms, %lu wakes, %u idle periods, %lu scans while idle, %u interrupts\n",
           (unsigned long)mat.scans, END_MS, (unsigned long)mat.wakes, idle_entries, (unsigned long)mat.idle_scans,
           mdl.pends);
    CHECK_EQ(steps_done, NSTEPS);
    check_keys();
    CHECK_EQ(mat.wakes, IDLE_PRESSES);
    CHECK_EQ(idle_entries, IDLE_PRESSES + 1); /* after the first scans and after each burst */
    CHECK_EQ(mat.idle, 1);
    CHECK_EQ(mat.idle_scans, 0);
    CHECK_EQ(mdl.early_reads, 0);
    CHECK_EQ(mdl.drives_while_idle, 0);
    /* scans only from a wake to the idle time-out after the release (plus
     * debouncing and a period of slack), at most one per period: the
     * first IDLE_MS, then each burst's; and at least one per two periods
     * while a key is held */
    uint32_t busy_ms = IDLE_MS + 2, held_ms = 0;
    for (unsigned i = 0; i + 1 < NSTEPS; i++)
        if (script[i].closed && (i == 0 || !script[i - 1].closed)) {
            unsigned r = i + 1;
            while (script[r].closed)
                r++;
            held_ms += script[r].at_ms - script[i].at_ms;
            busy_ms += script[r].at_ms - script[i].at_ms + SAMPLES + IDLE_MS + 2;
        }
    printf("scans %lu: between %lu and %lu\n", (unsigned long)mat.scans, (unsigned long)(held_ms / 2),
           (unsigned long)busy_ms);
    CHECK(mat.scans <= busy_ms);
    CHECK(mat.scans >= held_ms / 2);
    /* the ghost rectangle: 4 closed and 5 its ghost corner, each reported
     * ambiguous once and never pressed; 0 and 1, held before, stay held */
    CHECK_EQ(mat.ambiguities, 2);
    CHECK_EQ(count(PINQ_KEY_CODE(4), PINQ_EV_KEY_AMBIGUOUS), 1);
    CHECK_EQ(count(PINQ_KEY_CODE(5), PINQ_EV_KEY_AMBIGUOUS), 1);
    CHECK_EQ(count(PINQ_KEY_CODE(4), PINQ_EV_PRESS), 0);
    CHECK_EQ(count(PINQ_KEY_CODE(0), PINQ_EV_PRESS), 2);
    CHECK_EQ(count(PINQ_KEY_CODE(1), PINQ_EV_PRESS), 1);
    CHECK(klog.n <= LOG_MAX);
    return check_done("test_matrix_cm");
}
