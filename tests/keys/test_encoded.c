/* test_encoded.c - keys binary-encoded on 3 lines (7 keys): each line of
 * a change switches at its own skew of up to 2 ms, so codes of other keys
 * show for a moment; seeded random scripts must report exactly the keys
 * pressed (no transient key), the same under a fast and a slow loop. */
#include "keys_sim.h"

#define BITS 3
#define NKEYS 7
static const uint16_t codes[NKEYS] = {KEY(0), KEY(1), KEY(2), KEY(3), KEY(4), KEY(5), KEY(6)};
static const script_t *cur;

/* The lines at sim_now: each bit of the new number arrives at its skew. */
static int lines_read(void *ctx)
{
    (void)ctx;
    unsigned i = 0;
    while (i + 1 < cur->n && sim_now >= cur->seg[i + 1].start)
        i++;
    uint64_t now = cur->seg[i].set, prev = i ? cur->seg[i - 1].set : 0;
    unsigned v = 0, a = now ? 1u + (unsigned)__builtin_ctzll(now) : 0, b = prev ? 1u + (unsigned)__builtin_ctzll(prev) : 0;
    for (unsigned bit = 0; bit < BITS; bit++)
        v |= ((sim_now - cur->seg[i].start >= cur->seg[i].skew[bit] ? a : b) >> bit & 1u) << bit;
    return (int)v;
}

static const pinq_encoded_cfg_t ecfg = {.codes = codes, .read = lines_read, .period = MS, .bits = BITS};
static pinq_encoded_t enc;

static bool poll_encoded(pinq_ticks_t now)
{
    return pinq_encoded_poll(&enc, now);
}

static void random_script(script_t *s, pinq_ticks_t base, uint32_t skew_max)
{
    pinq_ticks_t t = base;
    *s = (script_t){.bounce = 0};
    for (unsigned i = 0; i < 40; i++) {
        script_add(s, t, rnd_below(3) ? UINT64_C(1) << rnd_below(NKEYS) : 0);
        for (unsigned b = 0; b < BITS; b++)
            s->seg[s->n - 1].skew[b] = rnd_below(skew_max + 1);
        t += (30 + rnd_below(150)) * (pinq_ticks_t)MS + rnd_below(MS);
    }
    script_add(s, t, 0);
    s->end = t + 300 * (pinq_ticks_t)MS;
}

static void run(const script_t *s, uint8_t samples, unsigned tick_ms)
{
    cur = s;
    engine_setup(NKEYS, samples, NULL);
    CHECK_EQ(pinq_encoded_init(&enc, &ecfg, &kin), PINQ_OK);
    run_script(s, s->seg[0].start, poll_encoded, tick_ms);
}

/* Transient keys a run reported: presses of keys the script never held then. */
static unsigned transients(const script_t *s)
{
    unsigned n = 0;
    for (unsigned i = 0; i < klog.n && i < LOG_MAX; i++)
        if (klog.ev[i].kind == PINQ_EV_PRESS &&
            !(script_closed(s, klog.ev[i].ts + 5 * MS) >> (klog.ev[i].line - KEY(0)) & 1u))
            n++;
    return n;
}

static void test_random(unsigned first, unsigned seeds)
{
    static script_t s;
    static klog_t fast;
    char name[48];
    unsigned weak = 0;
    for (unsigned seed = first; seed < first + seeds; seed++) {
        rng = seed;
        random_script(&s, 1000 * (pinq_ticks_t)MS, 2 * MS);
        snprintf(name, sizeof name, "encoded seed %u", seed);
        run(&s, 4, 1); /* 4 samples: a code must hold 3 ms+, skews last < 3 */
        fast = klog;
        expect_script(&klog, &s, all_visible, NKEYS, 3 * (pinq_ticks_t)MS, name);
        CHECK_EQ(transients(&s), 0);
        run(&s, 4, 53);
        expect_same_log(&fast, &klog, name);
        run(&s, 1, 1); /* the same without the settle: transient keys show (the test can fail) */
        weak += transients(&s);
    }
    CHECK(weak > 0);
}

static void test_gestures(void)
{
    static script_t s;
    char story[32];
    pinq_ticks_t b = 1000 * (pinq_ticks_t)MS;
    s = (script_t){.bounce = 0};
    script_add(&s, b, 0);
    script_add(&s, b + 100 * MS, 1u << 4);
    s.seg[1].skew[0] = 1500 * US; /* 000 -> 101: 100 (key 3) for 1.5 ms */
    script_add(&s, b + 200 * MS, 0);
    script_add(&s, b + 1500 * (pinq_ticks_t)MS, 1u << 4);
    script_add(&s, b + 3200 * (pinq_ticks_t)MS, 0);
    s.end = b + 4000 * (pinq_ticks_t)MS;
    run(&s, 4, 1);
    CHECK(strcmp(key_story(&klog, KEY(4), story, sizeof story), "PRCPLRU") == 0);
    CHECK(key_story(&klog, KEY(3), story, sizeof story)[0] == 0);
}

static void test_refused(void)
{
    static const uint16_t short_map[3] = {KEY(0), KEY(1), KEY(0)};
    pinq_encoded_cfg_t c = ecfg;
    engine_setup(NKEYS, 4, NULL);
    c.bits = 7;
    CHECK_EQ(pinq_encoded_init(&enc, &c, &kin), PINQ_EINVAL);
    c.bits = 3;
    c.period = 0;
    CHECK_EQ(pinq_encoded_init(&enc, &c, &kin), PINQ_EINVAL);
    c = (pinq_encoded_cfg_t){.codes = short_map, .bits = 2};
    CHECK_EQ(pinq_encoded_init(&enc, &c, &kin), PINQ_EKEYMAP);
}

int main(int argc, char **argv)
{
    test_refused();
    test_gestures();
    test_random(argc > 2 ? (unsigned)atoi(argv[2]) : 1, argc > 1 ? (unsigned)atoi(argv[1]) : 300);
    return check_done("test_encoded");
}
