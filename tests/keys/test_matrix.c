/* test_matrix.c - the key matrix against a model: rows that take 10 us to
 * settle after being driven, contacts that bounce, and a matrix without
 * diodes where current sneaks through closed keys (ghosts). Every 3-key
 * ghosting pattern of a 4x4 matrix in every press order; a diode matrix
 * (NKRO); the column interrupt -> scan -> interrupt cycle with no scan
 * while idle; seeded random scripts against the reference. */
#include "keys_sim.h"

#define SETTLE_MODEL (10 * US) /* a row's columns are right this long after it is driven */
enum { IRQ, NLINES };

static pinq_matrix_t mat;
static pinq_matrix_cfg_t mcfg;
static uint16_t mcodes[PINQ_KEYS_MAX];
static const pinq_line_cfg_t lines[NLINES] = {
    [IRQ] = {.deferred = pinq_matrix_on_event, .ctx = &mat, .trigger = PINQ_TRIG_BOTH}};
PINQ_DEFINE(q, lines, NLINES, 16, PINQ_SPSC, PINQ_DROP_NEWEST);

/* ---- the model ----------------------------------------------------------- */

static struct model {
    const script_t *script;
    unsigned rows, cols, diodes;
    int row;                  /* driven: a row, PINQ_MATRIX_ALL or _NONE */
    pinq_ticks_t driven_at;   /* when */
    uint32_t stale;           /* columns of what was driven before (until settled) */
    unsigned early_reads;     /* reads before the rows settled */
    unsigned drives_while_idle; /* a single row driven while the column interrupt is on */
    uint32_t irq_cols;        /* columns seen by the interrupt logic */
} mdl;

/* Columns pulled with `rows` (bit mask) driven: through one closed key with
 * diodes; without, through any chain of closed keys (rows and columns
 * reached from each other until nothing new). */
static uint32_t columns(uint64_t rows)
{
    uint64_t closed = script_closed(mdl.script, sim_now);
    uint32_t cols = 0, all = (1u << mdl.cols) - 1;
    for (bool grew = true; grew;) {
        grew = false;
        for (unsigned r = 0; r < mdl.rows; r++)
            if (rows >> r & 1u)
                cols |= (uint32_t)(closed >> (r * mdl.cols)) & all;
        if (mdl.diodes)
            break;
        for (unsigned r = 0; r < mdl.rows; r++)
            if (!(rows >> r & 1u) && ((uint32_t)(closed >> (r * mdl.cols)) & cols)) {
                rows |= UINT64_C(1) << r;
                grew = true;
            }
    }
    return cols;
}

static uint32_t driven_columns(void)
{
    if (mdl.row == PINQ_MATRIX_NONE)
        return 0;
    return columns(mdl.row == PINQ_MATRIX_ALL ? ~UINT64_C(0) : UINT64_C(1) << mdl.row);
}

static void m_drive(void *ctx, int row)
{
    (void)ctx;
    mdl.stale = driven_columns();
    mdl.row = row;
    mdl.driven_at = sim_now;
    if (row >= 0 && mcfg.idle_timeout && pinq_line_state(&q, IRQ) == PINQ_LINE_ON)
        mdl.drives_while_idle++;
}

static uint32_t m_read(void *ctx)
{
    (void)ctx;
    if (sim_now - mdl.driven_at < SETTLE_MODEL) {
        mdl.early_reads++;
        return mdl.stale;
    }
    return driven_columns();
}

static void m_wait(void *ctx, uint32_t ticks)
{
    (void)ctx;
    sim_now += ticks;
}

/* A column edge while every row is driven and the interrupt is on. */
static void m_irq(pinq_ticks_t t)
{
    uint32_t cols = mdl.row == PINQ_MATRIX_ALL ? columns(~UINT64_C(0)) : 0;
    if (cols != mdl.irq_cols && pinq_line_state(&q, IRQ) == PINQ_LINE_ON)
        pinq_post_at(&q, IRQ, cols != 0, t);
    mdl.irq_cols = cols;
}


static bool poll_matrix(pinq_ticks_t now)
{
    m_irq(now);
    pinq_input_dispatch_at(&kin, 16, now);
    return pinq_matrix_poll(&mat, now);
}

static void setup(unsigned rows, unsigned cols, unsigned diodes, uint32_t idle_ms, const script_t *s)
{
    mdl = (struct model){.script = s, .rows = rows, .cols = cols, .diodes = diodes, .row = PINQ_MATRIX_NONE};
    for (unsigned i = 0; i < rows * cols; i++)
        mcodes[i] = KEY(i);
    mcfg = (pinq_matrix_cfg_t){.codes = mcodes, .drive = m_drive, .read = m_read, .wait = m_wait, .period = MS,
                               .settle = SETTLE_MODEL, .idle_timeout = idle_ms * MS, .irq_line = IRQ,
                               .rows = (uint8_t)rows, .cols = (uint8_t)cols, .diodes = (uint8_t)diodes};
    q_cfg.on_event = pinq_input_on_event;
    q_cfg.on_event_ctx = &kin;
    CHECK_EQ(pinq_init(&q, &q_cfg), PINQ_OK);
    engine_setup(rows * cols, 3, &q);
    CHECK_EQ(pinq_matrix_init(&mat, &mcfg, &kin, &q), PINQ_OK);
}

static void run(const script_t *s, unsigned tick_ms)
{
    run_script(s, s->seg[0].start, poll_matrix, tick_ms);
    CHECK_EQ(mdl.early_reads, 0);
    CHECK_EQ(mdl.drives_while_idle, 0);
    CHECK_EQ(mat.idle_scans, 0);
}

/* ---- every 3-key ghosting pattern of a 4x4 matrix --------------------------- */

static unsigned presses(uint16_t code)
{
    unsigned n = 0;
    for (unsigned i = 0; i < klog.n && i < LOG_MAX; i++)
        n += klog.ev[i].line == code && klog.ev[i].kind == PINQ_EV_PRESS;
    return n;
}

static unsigned ambiguous_reports(uint16_t code)
{
    unsigned n = 0;
    for (unsigned i = 0; i < klog.n && i < LOG_MAX; i++)
        n += klog.ev[i].line == code && klog.ev[i].kind == PINQ_EV_KEY_AMBIGUOUS;
    return n;
}

/* Keys k[0..2] pressed in that order 50 ms apart (together if `together`),
 * held, released in reverse; g is the fourth corner. */
static void ghost_case(const unsigned k[3], unsigned g, unsigned diodes, bool together, unsigned bounce)
{
    static script_t s;
    pinq_ticks_t t = 1000 * (pinq_ticks_t)MS + 500 * US; /* edges between scans: the order is known */
    uint64_t set = 0;
    s = (script_t){.bounce = bounce};
    script_add(&s, t, 0);
    for (unsigned i = 0; i < 3; i++) {
        set |= UINT64_C(1) << k[i];
        if (!together || i == 2)
            script_add(&s, t += 50 * MS, set);
    }
    for (unsigned i = 3; i-- > 0;) {
        set &= ~(UINT64_C(1) << k[i]);
        script_add(&s, t += 100 * MS, set);
    }
    s.end = t + 300 * (pinq_ticks_t)MS;
    setup(4, 4, diodes, 0, &s);
    run(&s, 1);
    unsigned bad = presses(KEY(g)) != 0; /* never an invented key */
    if (diodes) {
        for (unsigned i = 0; i < 3; i++)
            bad += presses(KEY(k[i])) != 1;
        bad += mat.ambiguities != 0;
    } else if (together) {
        for (unsigned i = 0; i < 3; i++) /* none known while all four read; k[2] goes first, the others are clear then */
            bad += presses(KEY(k[i])) != (i < 2) || ambiguous_reports(KEY(k[i])) == 0;
        bad += ambiguous_reports(KEY(g)) == 0;
    } else {
        bad += presses(KEY(k[0])) != 1 || presses(KEY(k[1])) != 1; /* held keys stay held */
        bad += !bounce && (presses(KEY(k[2])) != 0 || ambiguous_reports(KEY(k[2])) == 0);
        bad += ambiguous_reports(KEY(g)) == 0;
    }
    for (unsigned i = 0; i < 16; i++) /* nothing from keys off the rectangle */
        bad += i != g && i != k[0] && i != k[1] && i != k[2] && (presses(KEY(i)) || ambiguous_reports(KEY(i)));
    if (bad)
        fprintf(stderr, "ghost case %u %u %u (ghost %u) diodes %u together %d bounce %u: bad\n", k[0], k[1], k[2], g,
                diodes, together, bounce);
    if (bad && getenv("MATRIX_VERBOSE"))
        for (unsigned i = 0; i < klog.n && i < LOG_MAX; i++)
            fprintf(stderr, "  kind %u key %u at %llu us\n", klog.ev[i].kind, klog.ev[i].line - KEY(0),
                    (unsigned long long)(klog.ev[i].ts / US));
    CHECK_EQ(bad, 0);
}

static void test_ghosts(void)
{
    static const unsigned order[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    unsigned cases = 0;
    for (unsigned r1 = 0; r1 < 4; r1++)
        for (unsigned r2 = r1 + 1; r2 < 4; r2++)
            for (unsigned c1 = 0; c1 < 4; c1++)
                for (unsigned c2 = c1 + 1; c2 < 4; c2++) {
                    unsigned corner[4] = {r1 * 4 + c1, r1 * 4 + c2, r2 * 4 + c1, r2 * 4 + c2};
                    for (unsigned ghost = 0; ghost < 4; ghost++) {
                        unsigned three[3], n = 0;
                        for (unsigned i = 0; i < 4; i++)
                            if (i != ghost)
                                three[n++] = corner[i];
                        for (unsigned o = 0; o < 6; o++) {
                            unsigned k[3] = {three[order[o][0]], three[order[o][1]], three[order[o][2]]};
                            ghost_case(k, corner[ghost], 0, false, 0);
                            ghost_case(k, corner[ghost], 0, false, 2 * MS);
                            ghost_case(k, corner[ghost], 1, false, 2 * MS);
                            cases++;
                        }
                        ghost_case(three, corner[ghost], 0, true, 0);
                    }
                }
    CHECK_EQ(cases, 36 * 4 * 6);
}

/* ---- idle: the column interrupt, then scans, then the interrupt again ------ */

static void test_idle_cycle(void)
{
    static script_t s;
    pinq_ticks_t t = 1000 * (pinq_ticks_t)MS + 300 * US;
    s = (script_t){.bounce = 2 * MS};
    script_add(&s, t, 0);
    for (unsigned burst = 0; burst < 5; burst++) {
        script_add(&s, t += 2000 * (pinq_ticks_t)MS, UINT64_C(1) << (burst * 3)); /* 2 s idle, then a click */
        script_add(&s, t += 80 * MS, 0);
    }
    s.end = t + 2000 * (pinq_ticks_t)MS;
    setup(4, 4, 1, 100, &s);
    run(&s, 1);
    CHECK_EQ(mat.wakes, 5);
    /* scans only around the bursts: the first 100 ms, then per burst
     * 80 ms held + 3 ms settling + 100 ms idle time-out (+2 slack) */
    CHECK(mat.scans <= 101 + 5 * 186);
    CHECK(mat.scans >= 5 * 180);
    CHECK_EQ(mat.idle, 1);
    expect_script(&klog, &s, all_visible, 16, 5 * (pinq_ticks_t)MS, "idle cycle");
    char story[16];
    CHECK(strcmp(key_story(&klog, KEY(3), story, sizeof story), "PRC") == 0);
    printf("matrix: %u scans over %llu s of script, %u wakes, %u scans while idle\n", mat.scans,
           (unsigned long long)((s.end - s.seg[0].start) / (1000 * (pinq_ticks_t)MS)), mat.wakes, mat.idle_scans);
}

/* ---- random scripts -------------------------------------------------------- */

/* Diodes: any set (NKRO). Without: at most two keys (no rectangle). */
static void random_script(script_t *s, unsigned nkeys, unsigned max_held)
{
    pinq_ticks_t t = 1000 * (pinq_ticks_t)MS;
    uint64_t set = 0;
    *s = (script_t){.bounce = 2 * MS};
    for (unsigned i = 0; i < 50; i++) {
        script_add(s, t, set);
        unsigned flips = 1 + rnd_below(3);
        for (unsigned f = 0; f < flips; f++) {
            uint64_t bit = UINT64_C(1) << rnd_below(nkeys);
            unsigned held = 0;
            for (uint64_t x = set; x; x &= x - 1)
                held++;
            if ((set & bit) || held < max_held)
                set ^= bit;
        }
        t += (20 + rnd_below(120)) * (pinq_ticks_t)MS + rnd_below(MS);
    }
    script_add(s, t, 0);
    s->end = t + 300 * (pinq_ticks_t)MS;
}

static void test_random(unsigned first, unsigned seeds)
{
    static script_t s;
    static klog_t fast;
    char name[48];
    for (unsigned seed = first; seed < first + seeds; seed++) {
        unsigned diodes = seed & 1u, side = diodes ? 8 : 4;
        rng = seed;
        random_script(&s, side * side, diodes ? 12 : 2);
        snprintf(name, sizeof name, "matrix seed %u", seed);
        setup(side, side, diodes, seed % 3 ? 50 : 0, &s);
        run(&s, 1);
        fast = klog;
        expect_script(&klog, &s, all_visible, side * side, 4 * (pinq_ticks_t)MS, name);
        setup(side, side, diodes, seed % 3 ? 50 : 0, &s);
        run(&s, 41);
        expect_same_log(&fast, &klog, name);
    }
}

/* Reading before the rows settle sees the previous row: the model can tell. */
static void test_settle_can_fail(void)
{
    static script_t s;
    rng = 11;
    random_script(&s, 16, 4);
    setup(4, 4, 1, 0, &s);
    mcfg.settle = 0;
    run_script(&s, s.seg[0].start, poll_matrix, 1);
    CHECK(mdl.early_reads > 0);
}

static void test_refused(void)
{
    static script_t s;
    s = (script_t){.n = 0};
    setup(4, 4, 0, 0, &s);
    pinq_matrix_cfg_t c = mcfg;
    c.rows = 9;
    c.cols = 8;
    CHECK_EQ(pinq_matrix_init(&mat, &c, &kin, &q), PINQ_EINVAL); /* 72 keys */
    c = mcfg;
    c.wait = NULL;
    CHECK_EQ(pinq_matrix_init(&mat, &c, &kin, &q), PINQ_EINVAL);
    c = mcfg;
    c.idle_timeout = MS;
    CHECK_EQ(pinq_matrix_init(&mat, &c, &kin, NULL), PINQ_EINVAL); /* idle needs the interrupt's core */
    c.irq_line = NLINES;
    CHECK_EQ(pinq_matrix_init(&mat, &c, &kin, &q), PINQ_EINVAL);
    c = mcfg;
    c.rows = 5; /* key 16 has no engine button */
    mcodes[16] = KEY(16);
    CHECK_EQ(pinq_matrix_init(&mat, &c, &kin, &q), PINQ_EKEYMAP);
    for (unsigned i = 16; i < 20; i++)
        mcodes[i] = PINQ_KEY_NONE; /* no switch there */
    CHECK_EQ(pinq_matrix_init(&mat, &c, &kin, &q), PINQ_OK);
}

int main(int argc, char **argv)
{
    ref_early = 8 * SETTLE_MODEL; /* the last row of an 8x8 scan */
    test_refused();
    test_settle_can_fail();
    test_ghosts();
    test_idle_cycle();
    test_random(argc > 2 ? (unsigned)atoi(argv[2]) : 1, argc > 1 ? (unsigned)atoi(argv[1]) : 100);
    return check_done("test_matrix");
}
