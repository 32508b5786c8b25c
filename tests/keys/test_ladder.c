/* test_ladder.c - the resistor ladder against an ADC model: a series
 * ladder whose resistors are off by up to 1 %, an RC-filtered node (slow
 * edges that cross other keys' bands), noise and spikes, contact bounce;
 * seeded random scripts (with hidden keys behind a priority key) checked
 * against the reference, a click and a long press through the gestures,
 * and every configuration init must refuse. */
#include <math.h>

#include "keys_sim.h"

#define NKEYS 8
#define RPULL 10000u
/* key k to ground through the taps below it: nominal codes 10 %, 20 %, ... 80 % of full scale */
static const uint32_t r_key[NKEYS] = {1111, 2500, 4286, 6667, 10000, 15000, 23333, 40000};
static const uint16_t centre[NKEYS] = {
    PINQ_LADDER_CODE(RPULL, 1111, 10, 3300, 3300),  PINQ_LADDER_CODE(RPULL, 2500, 10, 3300, 3300),
    PINQ_LADDER_CODE(RPULL, 4286, 10, 3300, 3300),  PINQ_LADDER_CODE(RPULL, 6667, 10, 3300, 3300),
    PINQ_LADDER_CODE(RPULL, 10000, 10, 3300, 3300), PINQ_LADDER_CODE(RPULL, 15000, 10, 3300, 3300),
    PINQ_LADDER_CODE(RPULL, 23333, 10, 3300, 3300), PINQ_LADDER_CODE(RPULL, 40000, 10, 3300, 3300)};
static const uint16_t codes[NKEYS] = {KEY(0), KEY(1), KEY(2), KEY(3), KEY(4), KEY(5), KEY(6), KEY(7)};

/* ---- the ADC model -------------------------------------------------------- */

static int debug_adc;

static struct adc {
    const script_t *script;
    double rpull, r[NKEYS]; /* actual resistances to ground */
    double v;               /* node, in codes */
    pinq_ticks_t last;      /* time of the last conversion */
    double tau_ms, noise;   /* RC time constant; noise amplitude (codes) */
    unsigned spikes;        /* 1 in `spikes` conversions is a spike (0: none) */
    unsigned since_spike;   /* conversions since the last spike: spikes are isolated (median of 3) */
} adc;

static void adc_setup(const script_t *s, double tol)
{
    double series = 0, prev = 0;
    adc.script = s;
    adc.rpull = RPULL * (1 + tol * ((double)rnd_below(2001) / 1000 - 1));
    for (unsigned k = 0; k < NKEYS; k++) { /* each series resistor of the ladder off by up to tol */
        series += (r_key[k] - prev) * (1 + tol * ((double)rnd_below(2001) / 1000 - 1));
        prev = r_key[k];
        adc.r[k] = series;
    }
    adc.v = 1023;
    adc.last = s->seg[0].start;
    adc.since_spike = 0;
}

/* The node's target: the closed key nearest ground wins (series ladder). */
static double adc_target(uint64_t closed)
{
    for (unsigned k = 0; k < NKEYS; k++)
        if (closed >> k & 1u)
            return 1023.0 * adc.r[k] / (adc.r[k] + adc.rpull);
    return 1023.0;
}

static int adc_read(void *ctx)
{
    (void)ctx;
    double dt = (double)(sim_now - adc.last) / MS, target = adc_target(script_closed(adc.script, sim_now));
    adc.v = target + (adc.v - target) * exp(-dt / adc.tau_ms);
    adc.last = sim_now;
    double r = adc.v + adc.noise * ((double)rnd_below(2001) / 1000 - 1);
    if (adc.spikes && ++adc.since_spike > 2 && rnd_below(adc.spikes) == 0) {
        r = rnd_below(1024);
        adc.since_spike = 0;
    }
    int code = r < 0 ? 0 : r > 1023 ? 1023 : (int)lround(r);
    if (debug_adc)
        fprintf(stderr, "%llu us: closed %llx target %.0f read %d\n", (unsigned long long)(sim_now / US),
                (unsigned long long)script_closed(adc.script, sim_now), target, code);
    return code;
}

static const pinq_ladder_cfg_t lcfg = {.codes = codes, .centre = centre, .read = adc_read, .period = MS,
                                       .tol = 30, .hyst = 10, .idle = 1023, .n = NKEYS, .median = 1};
static pinq_ladder_t lad;

static bool poll_ladder(pinq_ticks_t now)
{
    return pinq_ladder_poll(&lad, now);
}

/* What a series ladder can show: the closed key nearest ground. */
static uint64_t priority(uint64_t set)
{
    return set & (~set + 1);
}

/* Segments of 40-200 ms: no key or one key, or a second key (further
 * from ground, hidden) pressed and released while one is held; keys held
 * together are released one at a time. */
static uint64_t next_set(uint64_t prev)
{
    if (prev & (prev - 1)) /* two held: release one */
        return rnd_below(2) ? priority(prev) : prev & (prev - 1);
    if (prev && !(prev >> (NKEYS - 1)) && rnd_below(4) == 0) {
        unsigned k = 0;
        while (!(prev >> k & 1u))
            k++;
        return prev | UINT64_C(1) << (k + 1 + rnd_below(NKEYS - 1 - k));
    }
    return rnd_below(3) ? UINT64_C(1) << rnd_below(NKEYS) : 0;
}

static void random_script(script_t *s, pinq_ticks_t base)
{
    pinq_ticks_t t = base;
    uint64_t set = 0;
    s->n = 0;
    s->bounce = 2 * MS;
    for (unsigned i = 0; i < 40; i++) {
        script_add(s, t, set);
        set = next_set(set);
        t += (40 + rnd_below(161)) * (pinq_ticks_t)MS + rnd_below(MS);
    }
    script_add(s, t, 0);
    s->end = t + 300 * (pinq_ticks_t)MS;
}

/* 6 samples at 1 ms: longer than bounce 2 ms + RC ~2 ms + the median's 1 */
static void run_ladder(const script_t *s, unsigned tick_ms)
{
    engine_setup(NKEYS, 6, NULL);
    CHECK_EQ(pinq_ladder_init(&lad, &lcfg, &kin), PINQ_OK);
    run_script(s, s->seg[0].start, poll_ladder, tick_ms);
}

static void test_random(unsigned first, unsigned seeds)
{
    static script_t s;
    static klog_t fast;
    char name[64];
    for (unsigned seed = first; seed < first + seeds; seed++) {
        rng = seed;
        random_script(&s, 1000 * (pinq_ticks_t)MS);
        uint64_t adc_seed = rng;
        adc.tau_ms = 1;
        adc.noise = 3;
        adc.spikes = 50;
        adc_setup(&s, 0.01);
        debug_adc = getenv("LADDER_DEBUG") != NULL;
        run_ladder(&s, 1);
        debug_adc = 0;
        fast = klog;
        snprintf(name, sizeof name, "ladder seed %u", seed);
        /* bounce 2 ms + RC within tol ~4 ms + median 1 + a period */
        expect_script(&klog, &s, priority, NKEYS, 9 * (pinq_ticks_t)MS, name);
        rng = adc_seed;
        adc_setup(&s, 0.01);
        run_ladder(&s, 37);
        expect_same_log(&fast, &klog, name);
    }
}

/* A click and a long press on key 2, through the engine's gestures. */
static void test_gestures(void)
{
    static script_t s;
    char story[32];
    pinq_ticks_t b = 1000 * (pinq_ticks_t)MS;
    s = (script_t){.bounce = 2 * MS};
    script_add(&s, b, 0);
    script_add(&s, b + 100 * MS, 1u << 2);
    script_add(&s, b + 200 * MS, 0);
    script_add(&s, b + 1500 * (pinq_ticks_t)MS, 1u << 2);
    script_add(&s, b + 3200 * (pinq_ticks_t)MS, 0);
    s.end = b + 4000 * (pinq_ticks_t)MS;
    rng = 7;
    adc.tau_ms = 1;
    adc.noise = 3;
    adc.spikes = 0;
    adc_setup(&s, 0.01);
    run_ladder(&s, 1);
    CHECK(strcmp(key_story(&klog, KEY(2), story, sizeof story), "PRCPLRU") == 0);
    printf("ladder key 2: %s\n", story);
    for (unsigned k = 0; k < NKEYS; k++)
        CHECK(k == 2 || key_story(&klog, KEY(k), story, sizeof story)[0] == 0);
}

/* Without the median, an RC as slow as the keys' debounce invents keys:
 * the harness can tell (a test that cannot fail proves nothing). */
static void test_model_can_fail(void)
{
    static script_t s;
    rng = 3;
    random_script(&s, 1000 * (pinq_ticks_t)MS);
    adc.tau_ms = 6;
    adc.noise = 0;
    adc.spikes = 0;
    adc_setup(&s, 0.01);
    engine_setup(NKEYS, 2, NULL);
    CHECK_EQ(pinq_ladder_init(&lad, &lcfg, &kin), PINQ_OK);
    run_script(&s, s.seg[0].start, poll_ladder, 1);
    unsigned extra = 0;
    for (unsigned i = 0; i < klog.n && i < LOG_MAX; i++) {
        const pinq_event_t *e = &klog.ev[i];
        pinq_ticks_t t = e->ts;
        if (e->kind == PINQ_EV_PRESS && !(priority(script_closed(&s, t + 20 * MS)) >> (e->line - KEY(0)) & 1u))
            extra++;
    }
    CHECK(extra > 0); /* slow edges through other bands, two samples each: transient keys */
}

static void test_classify(void)
{
    CHECK_EQ(pinq_ladder_classify(&lcfg, NKEYS, centre[3]), 3);
    CHECK_EQ(pinq_ladder_classify(&lcfg, NKEYS, (uint16_t)(centre[3] + 30)), 3);
    CHECK_EQ(pinq_ladder_classify(&lcfg, NKEYS, (uint16_t)(centre[3] + 31)), NKEYS); /* entering: tol */
    CHECK_EQ(pinq_ladder_classify(&lcfg, 3, (uint16_t)(centre[3] + 40)), 3);         /* held: tol + hyst */
    CHECK_EQ(pinq_ladder_classify(&lcfg, 3, (uint16_t)(centre[3] + 41)), NKEYS);
    CHECK_EQ(pinq_ladder_classify(&lcfg, NKEYS, 1023), NKEYS);
    CHECK_EQ(centre[0], 102); /* 1023 * 1111 / 11111, rounded */
    CHECK_EQ(centre[4], 512);
}

static void test_refused(void)
{
    static const uint16_t close_bands[2] = {100, 170}, idle_in[2] = {100, 1000}, unordered[2] = {500, 200};
    static const uint16_t dup[2] = {KEY(0), KEY(0)}, stranger[2] = {KEY(0), KEY(40)};
    pinq_ladder_cfg_t c = {.codes = codes, .centre = close_bands, .tol = 30, .hyst = 10, .idle = 1023, .n = 2};
    engine_setup(NKEYS, 4, NULL);
    CHECK_EQ(pinq_ladder_init(&lad, &c, &kin), PINQ_EBANDS); /* 70 apart: held band meets the next */
    c.centre = (const uint16_t[]){100, 171};
    CHECK_EQ(pinq_ladder_init(&lad, &c, &kin), PINQ_OK);
    c.centre = idle_in;
    CHECK_EQ(pinq_ladder_init(&lad, &c, &kin), PINQ_EBANDS);
    c.centre = unordered;
    CHECK_EQ(pinq_ladder_init(&lad, &c, &kin), PINQ_EBANDS);
    c.centre = centre;
    c.codes = dup;
    CHECK_EQ(pinq_ladder_init(&lad, &c, &kin), PINQ_EKEYMAP);
    c.codes = stranger;
    CHECK_EQ(pinq_ladder_init(&lad, &c, &kin), PINQ_EKEYMAP);
    c.codes = codes;
    c.read = adc_read; /* polled with no period */
    CHECK_EQ(pinq_ladder_init(&lad, &c, &kin), PINQ_EINVAL);
    c.read = NULL;
    c.n = 0;
    CHECK_EQ(pinq_ladder_init(&lad, &c, &kin), PINQ_EINVAL);
    kbuttons[1].debounce.active = 0; /* an active-low key: the source feeds 1 = closed */
    c.n = 2;
    CHECK_EQ(pinq_input_init(&kin, &kcfg, NULL), PINQ_OK);
    CHECK_EQ(pinq_ladder_init(&lad, &c, &kin), PINQ_EKEYMAP);
    CHECK(strstr(pinq_keys_strerror(PINQ_EBANDS), "ladder") != NULL);
}

int main(int argc, char **argv)
{
    unsigned seeds = argc > 1 ? (unsigned)atoi(argv[1]) : 300;
    test_classify();
    test_refused();
    test_gestures();
    test_model_can_fail();
    test_random(argc > 2 ? (unsigned)atoi(argv[2]) : 1, seeds);
    return check_done("test_ladder");
}
