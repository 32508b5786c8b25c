/* test_decode_captures.c - every capture in the captures directory
 * (argv[1], MANIFEST.tsv) through its decoder, compared frame by frame
 * with sigrok's annotations (.expected.txt).
 *
 * Each capture's edges come from its .vcd (the test-only reader in
 * vcd_edges.h), one tick per sample (tps = samplerate). The decoder runs
 * as firmware would: edges in order, and a tick at every deadline the
 * decoder names before the next edge. Frames are compared as text built
 * from the frame-level facts both sides give (IR: address, command,
 * toggle or repeat; DHT: bytes, humidity, temperature, checksum; DCF77:
 * every field, and every bit with its place in the minute), matched by
 * their start (within 2 ms).
 *
 * A capture agrees when every frame matches, except the differences
 * listed in EXPECTED below, each with the reason we believe sigrok is
 * wrong there (docs/decoders.md, "Where pinq and sigrok differ"). Every
 * listed difference must occur, exactly as listed: the table cannot go
 * stale silently. Exit 77 (skipped) when the directory is missing. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "check.h"
#include "pinq_decode.h"
#include "vcd_edges.h"

#define ANY UINT64_MAX

/* ---- the differences we expect, and why ------------------------------- */

typedef struct expected_diff {
    const char *capture; /* file name without extension; "+ext" for the extended-address run */
    uint64_t at;         /* sample where the frame starts (sigrok's, or ours if sigrok has none); ANY */
    const char *sigrok;  /* sigrok's frame, "-" for none */
    const char *ours;    /* ours, "-" for none */
    int count;           /* how many times (at = ANY), else 1 */
    const char *why;
} expected_diff_t;

static const expected_diff_t EXPECTED[] = {
    {"ir_nec_ru-m111_button1_press", 2114636, "NEC repeat", "-", 1,
     "not NEC: 7.9 ms mark + 4.0 ms space, then bits. sigrok times mark+space together (11.92 ms, within "
     "8 % of the 11.25 ms repeat code); pinq times each: 4.0 ms is a leader space (4.5 ms -11 %), not a "
     "repeat space (2.25 ms +78 %), and the frame breaks at its 9th bit (a 4.0 ms space)"},
    {"ir_nec_ru-m111_button1_hold", ANY, "NEC repeat", "-", 26, "the same remote, held: 26 such frames"},
    {"dcf77_120s", 77973648, "DCF77 bit 49=0", "-", 1,
     "a 44.7 ms pulse 794 ms after second 48 began: off the 1 s grid, a glitch; sigrok takes any pulse of "
     "40-160 ms for a bit"},
    {"dcf77_120s", 78186436, "DCF77 bit 50=0", "DCF77 bit 49=0", 1, "sigrok counts one bit too many from the glitch"},
    {"dcf77_120s", 79165888, "DCF77 bit 51=0", "DCF77 bit 50=0", 1, "(shifted)"},
    {"dcf77_120s", 80160082, "DCF77 bit 52=1", "DCF77 bit 51=1", 1, "(shifted)"},
    {"dcf77_120s", 81166877, "DCF77 bit 53=0", "DCF77 bit 52=0", 1, "(shifted)"},
    {"dcf77_120s", 82194701, "DCF77 bit 54=0", "DCF77 bit 53=0", 1, "(shifted)"},
    {"dcf77_120s", 83173464, "DCF77 bit 55=1", "DCF77 bit 54=1", 1, "(shifted)"},
    {"dcf77_120s", 84177056, "DCF77 bit 56=0", "DCF77 bit 55=0", 1, "(shifted)"},
    {"dcf77_120s", 85160876, "DCF77 bit 57=0", "DCF77 bit 56=0", 1, "(shifted)"},
    {"dcf77_120s", 86170380, "DCF77 bit 58=0", "DCF77 bit 57=0", 1, "(shifted)"},
    {"dcf77_120s", 87164293, "DCF77 bit 59=0", "DCF77 bit 58=0", 1,
     "(shifted; sigrok warns \"Invalid DCF77 bit: 59\" and decodes the minute anyway)"},
    {"dcf77_120s", 29153497,
     "DCF77 23:49 day=9 dow=1 month=1 year=24 CET weather=0x37E flags=--- parity=ok,ok,ok",
     "DCF77 23:49 day=9 dow=1 month=1 year=12 CET weather=0x37E flags=--- parity=ok,ok,ok", 1,
     "sigrok reads the year from bits 50-57 shifted by the glitch (year 24; the capture is from 2012-01-09, a "
     "Monday); its date parity happens to come out even"},
};
#define NEXPECTED (sizeof EXPECTED / sizeof EXPECTED[0])
static int used[NEXPECTED];

/* ---- frames as text ---------------------------------------------------- */

typedef struct fr {
    uint64_t at;
    char d[128];
    int matched;
} fr_t;

typedef struct frames {
    fr_t *f;
    int n, cap;
} frames_t;

static void add(frames_t *fs, uint64_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#include <stdarg.h>
static void add(frames_t *fs, uint64_t at, const char *fmt, ...)
{
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? fs->cap * 2 : 64;
        fs->f = realloc(fs->f, (size_t)fs->cap * sizeof *fs->f);
        if (!fs->f)
            abort();
    }
    fr_t *f = &fs->f[fs->n++];
    f->at = at;
    f->matched = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->d, sizeof f->d, fmt, ap);
    va_end(ap);
}

/* ---- sigrok's annotations ---------------------------------------------- */

typedef struct ann {
    uint64_t ss, es;
    char text[200];
} ann_t;

static ann_t *load_ann(const char *path, int *n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    int cap = 1024;
    ann_t *a = malloc((size_t)cap * sizeof *a);
    char line[512];
    *n = 0;
    while (a && fgets(line, sizeof line, f)) {
        unsigned long long ss, es;
        int used_chars = 0;
        if (sscanf(line, "%llu-%llu %*s %n", &ss, &es, &used_chars) != 2 || !used_chars)
            continue;
        if (*n == cap) {
            cap *= 2;
            a = realloc(a, (size_t)cap * sizeof *a);
            if (!a)
                break;
        }
        a[*n].ss = ss;
        a[*n].es = es;
        snprintf(a[*n].text, sizeof a[*n].text, "%s", line + used_chars);
        a[*n].text[strcspn(a[*n].text, "\r\n")] = 0;
        (*n)++;
    }
    fclose(f);
    return a;
}

static int starts(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* NEC: a frame ends at the stop bit after Command#; a repeat is "Repeat code". */
static void sigrok_nec(const ann_t *a, int n, frames_t *out)
{
    uint64_t at = 0;
    long addr = -1, addr16 = -1, cmd = -1, cmd_ok = 1, stage = 0;
    for (int i = 0; i < n; i++) {
        const char *t = a[i].text;
        if (!strcmp(t, "Leader code")) {
            at = a[i].ss, addr = addr16 = cmd = -1, cmd_ok = 1, stage = 1;
        } else if (stage && starts(t, "Address: ")) {
            addr = strtol(t + 9, NULL, 16);
            if (strlen(t + 9) > 4)
                addr16 = addr; /* the extended option: 16 bits */
        } else if (stage && starts(t, "Address# error: ")) {
            addr16 = strtol(t + 16, NULL, 16); /* the two address bytes sigrok saw */
        } else if (stage && starts(t, "Command: ")) {
            cmd = strtol(t + 9, NULL, 16);
        } else if (stage && starts(t, "Command# error")) {
            cmd_ok = 0;
        } else if (stage && starts(t, "Command#: ")) {
            stage = 2;
        } else if (stage == 2 && !strcmp(t, "Stop bit")) {
            if (addr16 >= 0)
                add(out, at, "NEC a=0x%04lX c=0x%02lX%s", addr16, cmd, cmd_ok ? "" : " cmd-inverse-bad");
            else
                add(out, at, "NEC a=0x%02lX c=0x%02lX%s", addr, cmd, cmd_ok ? "" : " cmd-inverse-bad");
            stage = 0;
        } else if (!strcmp(t, "Repeat code")) {
            add(out, a[i].ss, "NEC repeat");
        }
    }
}

static void sigrok_rc5(const ann_t *a, int n, frames_t *out)
{
    uint64_t at = 0;
    long s2 = 1, tg = 0, addr = -1;
    for (int i = 0; i < n; i++) {
        const char *t = a[i].text;
        if (starts(t, "Startbit1: "))
            at = a[i].ss;
        else if (starts(t, "Startbit2: "))
            s2 = atol(t + 11);
        else if (starts(t, "Togglebit: "))
            tg = atol(t + 11);
        else if (starts(t, "Address: "))
            addr = atol(t + 9);
        else if (starts(t, "Command: "))
            add(out, at, "RC5 a=%ld c=%ld t=%ld", addr, atol(t + 9) | (s2 ? 0 : 64), tg);
    }
}

static void sigrok_rc6(const ann_t *a, int n, frames_t *out)
{
    uint64_t at = 0;
    long mode = -1, tg = 0, addr = -1;
    for (int i = 0; i < n; i++) {
        const char *t = a[i].text;
        if (!strcmp(t, "Synchronisation"))
            at = a[i].ss, mode = addr = -1;
        else if (starts(t, "Field: "))
            mode = atol(t + 7);
        else if (starts(t, "Toggle: "))
            tg = atol(t + 8);
        else if (starts(t, "Address: "))
            addr = strtol(t + 9, NULL, 16);
        else if (starts(t, "Data: "))
            add(out, at, "RC6 mode=%ld a=%lX c=%lX t=%ld", mode, addr, strtol(t + 6, NULL, 16), tg);
    }
}

static void sigrok_sirc(const ann_t *a, int n, frames_t *out)
{
    uint64_t at = 0;
    long cmd = -1, addr = -1, ext = -1;
    int open = 0;
    for (int i = 0; i <= n; i++) {
        const char *t = i < n ? a[i].text : "Start";
        if (!strcmp(t, "Start")) {
            if (open && cmd >= 0 && addr >= 0) {
                if (ext >= 0)
                    add(out, at, "SIRC c=0x%02lX a=0x%02lX e=0x%02lX", cmd, addr, ext);
                else
                    add(out, at, "SIRC c=0x%02lX a=0x%02lX", cmd, addr);
            }
            if (i < n)
                at = a[i].ss;
            open = 1, cmd = addr = ext = -1;
        } else if (starts(t, "Command: ")) {
            cmd = strtol(t + 9, NULL, 16);
        } else if (starts(t, "Address: ")) {
            addr = strtol(t + 9, NULL, 16);
        } else if (starts(t, "Extended: ")) {
            ext = strtol(t + 10, NULL, 16);
        }
    }
}

/* "72.1" or "-3.1" to tenths */
static long tenths(const char *s)
{
    int neg = *s == '-';
    long whole = labs(strtol(s, (char **)&s, 10));
    long frac = *s == '.' ? s[1] - '0' : 0;
    return neg ? -(whole * 10 + frac) : whole * 10 + frac;
}

static void sigrok_dht(const ann_t *a, int n, frames_t *out)
{
    uint64_t at = 0;
    long rh = 0, temp = 0;
    unsigned b[5] = {0};
    int nb = 0;
    for (int i = 0; i < n; i++) {
        const char *t = a[i].text;
        if (!strcmp(t, "Start"))
            at = a[i].ss, nb = 0;
        else if (starts(t, "Byte: ") && nb < 5)
            b[nb++] = (unsigned)strtoul(t + 6, NULL, 16);
        else if (starts(t, "Humidity: "))
            rh = tenths(t + 10);
        else if (starts(t, "Temperature: "))
            temp = tenths(t + 13);
        else if (starts(t, "Checksum: "))
            add(out, at, "DHT rh=%ld t=%ld raw=%02x%02x%02x%02x%02x sum=%s", rh, temp, b[0], b[1], b[2], b[3], b[4],
                strcmp(t + 10, "OK") ? "bad" : "ok");
    }
}

/* DCF77: every bit ("Bit N: v" where sigrok knows the place, else
 * "Unknown bit N: v") and every minute it decodes (fields between "Start
 * of minute" and "Date parity"). */
static void sigrok_dcf77(const ann_t *a, int n, frames_t *bits, frames_t *mins)
{
    uint64_t at = 0;
    long min = -1, hour = -1, day = -1, dow = -1, mon = -1, year = -1, weather = -1;
    int cest = 0, cet = 0, a1 = 0, a2 = 0, r = 0;
    char mp[8] = "?", hp[8] = "?";
    for (int i = 0; i < n; i++) {
        const char *t = a[i].text;
        long pos;
        int v;
        if (sscanf(t, "Bit %ld: %d", &pos, &v) == 2)
            add(bits, a[i].ss, "DCF77 bit %ld=%d", pos, v);
        else if (sscanf(t, "Unknown bit %ld: %d", &pos, &v) == 2)
            add(bits, a[i].ss, "DCF77 bit ?=%d", v);
        if (starts(t, "Start of minute"))
            at = a[i].ss, min = hour = day = dow = mon = year = weather = -1;
        else if (starts(t, "Special bits: "))
            weather = strtol(t + 14, NULL, 2);
        else if (starts(t, "Call bit: "))
            r = !strstr(t, "not");
        else if (starts(t, "Summer time announcement: "))
            a1 = !strstr(t, "not");
        else if (starts(t, "CEST: "))
            cest = !strstr(t, "not");
        else if (starts(t, "CET: "))
            cet = !strstr(t, "not");
        else if (starts(t, "Leap second announcement: "))
            a2 = !strstr(t, "not");
        else if (starts(t, "Minutes: "))
            min = atol(t + 9);
        else if (starts(t, "Minute parity: "))
            snprintf(mp, sizeof mp, "%s", strcmp(t + 15, "OK") ? "bad" : "ok");
        else if (starts(t, "Hours: "))
            hour = atol(t + 7);
        else if (starts(t, "Hour parity: "))
            snprintf(hp, sizeof hp, "%s", strcmp(t + 13, "OK") ? "bad" : "ok");
        else if (starts(t, "Day: "))
            day = atol(t + 5);
        else if (starts(t, "Day of week: "))
            dow = atol(t + 13);
        else if (starts(t, "Month: "))
            mon = atol(t + 7);
        else if (starts(t, "Year: "))
            year = atol(t + 6);
        else if (starts(t, "Date parity: "))
            add(mins, at,
                "DCF77 %02ld:%02ld day=%ld dow=%ld month=%ld year=%ld %s weather=0x%lX flags=%c%c%c parity=%s,%s,%s",
                hour, min, day, dow, mon, year, cest && !cet ? "CEST" : cet && !cest ? "CET" : "CEST?CET", weather,
                r ? 'R' : '-', a1 ? 'A' : '-', a2 ? 'L' : '-', mp, hp, strcmp(t + 13, "OK") ? "bad" : "ok");
    }
}

/* ---- our decoders over the edges --------------------------------------- */

typedef struct run {
    const vcd_edges_t *e;
    uint32_t tps;
    frames_t *out, *bits;
} run_t;

static void ir_add(frames_t *out, const pinq_ir_frame_t *f)
{
    switch (f->proto) {
    case PINQ_IR_NEC:
        if (f->flags & PINQ_IR_REPEAT)
            add(out, f->ts, "NEC repeat");
        else if (f->flags & PINQ_IR_ADDR16)
            add(out, f->ts, "NEC a=0x%04X c=0x%02X", f->address, f->command);
        else
            add(out, f->ts, "NEC a=0x%02X c=0x%02X", f->address, f->command);
        break;
    case PINQ_IR_RC5:
        add(out, f->ts, "RC5 a=%u c=%u t=%u", f->address, f->command, f->flags & PINQ_IR_TOGGLE ? 1u : 0u);
        break;
    case PINQ_IR_RC6:
        add(out, f->ts, "RC6 mode=%u a=%X c=%X t=%u", f->ext, f->address, f->command,
            f->flags & PINQ_IR_TOGGLE ? 1u : 0u);
        break;
    case PINQ_IR_SIRC:
        if (f->bits == 20)
            add(out, f->ts, "SIRC c=0x%02X a=0x%02X e=0x%02X", f->command, f->address, f->ext);
        else
            add(out, f->ts, "SIRC c=0x%02X a=0x%02X", f->command, f->address);
        break;
    default:
        add(out, f->ts, "IR?");
    }
}

/* Feed the edges, ticking at every deadline that falls before the next
 * edge and at the end of the capture. */
#define RUN_IR(name, cfg, st, r)                                                                       \
    do {                                                                                               \
        pinq_ir_frame_t f_;                                                                            \
        pinq_ticks_t when_;                                                                            \
        for (size_t i_ = 0; i_ < (r)->e->n; i_++) {                                                    \
            if (pinq_##name##_deadline((cfg), (st), &when_) && when_ <= (r)->e->t[i_] &&               \
                pinq_##name##_tick((cfg), (st), when_, &f_))                                           \
                ir_add((r)->out, &f_);                                                                 \
            if (pinq_##name##_edge((cfg), (st), (r)->e->t[i_], (r)->e->level[i_], &f_))                \
                ir_add((r)->out, &f_);                                                                 \
        }                                                                                              \
        if (pinq_##name##_tick((cfg), (st), (r)->e->end, &f_))                                         \
            ir_add((r)->out, &f_);                                                                     \
    } while (0)

static void ours_nec(run_t *r, uint8_t flags, pinq_ir_counts_t *n)
{
    pinq_nec_cfg_t c = {.tps = r->tps, .active = 0, .flags = flags};
    pinq_nec_t s;
    CHECK_EQ(pinq_nec_init(&s, &c), 0);
    RUN_IR(nec, &c, &s, r);
    *n = s.n;
}

static void ours_rc5(run_t *r, pinq_ir_counts_t *n)
{
    pinq_rc5_cfg_t c = {.tps = r->tps, .active = 0};
    pinq_rc5_t s;
    CHECK_EQ(pinq_rc5_init(&s, &c), 0);
    RUN_IR(rc5, &c, &s, r);
    *n = s.n;
}

static void ours_rc6(run_t *r, pinq_ir_counts_t *n)
{
    pinq_rc6_cfg_t c = {.tps = r->tps, .active = 0, .mode6_bits = 32};
    pinq_rc6_t s;
    CHECK_EQ(pinq_rc6_init(&s, &c), 0);
    RUN_IR(rc6, &c, &s, r);
    *n = s.n;
}

static void ours_sirc(run_t *r, pinq_ir_counts_t *n)
{
    pinq_sirc_cfg_t c = {.tps = r->tps, .active = 0};
    pinq_sirc_t s;
    CHECK_EQ(pinq_sirc_init(&s, &c), 0);
    RUN_IR(sirc, &c, &s, r);
    *n = s.n;
}

static void ours_dht(run_t *r, uint8_t model, uint32_t *errors)
{
    pinq_dht_cfg_t c = {.tps = r->tps, .model = model};
    pinq_dht_t s;
    CHECK_EQ(pinq_dht_init(&s, &c), 0);
    for (size_t i = 0; i < r->e->n; i++) {
        pinq_dht_reading_t d;
        if (pinq_dht_edge(&c, &s, r->e->t[i], r->e->level[i], &d))
            add(r->out, d.ts, "DHT rh=%u t=%d raw=%02x%02x%02x%02x%02x sum=%s", d.humidity, d.temperature, d.raw[0],
                d.raw[1], d.raw[2], d.raw[3], d.raw[4], d.flags & PINQ_DHT_BAD_SUM ? "bad" : "ok");
    }
    *errors = s.errors;
}

static void ours_dcf77(run_t *r, uint32_t *glitches)
{
    pinq_dcf77_cfg_t c = {.tps = r->tps, .active = 1};
    pinq_dcf77_t s;
    CHECK_EQ(pinq_dcf77_init(&s, &c), 0);
    uint64_t minute_start = 0;
    for (size_t i = 0; i < r->e->n; i++) {
        pinq_dcf77_out_t o;
        uint8_t what = pinq_dcf77_edge(&c, &s, r->e->t[i], r->e->level[i], &o);
        if (what & PINQ_DCF77_BIT) {
            if (o.second >= 0)
                add(r->bits, o.ts, "DCF77 bit %d=%u", o.second, o.bit);
            else
                add(r->bits, o.ts, "DCF77 bit ?=%u", o.bit);
        }
        if (what & PINQ_DCF77_TIME) {
            const pinq_dcf77_time_t *t = &o.time;
            add(r->out, minute_start,
                "DCF77 %02u:%02u day=%u dow=%u month=%u year=%u %s weather=0x%X flags=%c%c%c parity=ok,ok,ok",
                t->hour, t->minute, t->day, t->weekday, t->month, t->year,
                t->flags & PINQ_DCF77_CEST ? "CEST" : "CET", t->weather, t->flags & PINQ_DCF77_CALL ? 'R' : '-',
                t->flags & PINQ_DCF77_SUMMER ? 'A' : '-', t->flags & PINQ_DCF77_LEAP ? 'L' : '-');
        }
        if (what & PINQ_DCF77_MARK)
            minute_start = o.ts;
    }
    *glitches = s.glitches;
}

/* ---- comparison -------------------------------------------------------- */

typedef struct tally {
    int sigrok, ours, matched, expected, failed;
} tally_t;

static int take_expected(const char *capture, uint64_t at, const char *sg, const char *us)
{
    for (size_t k = 0; k < NEXPECTED; k++) {
        const expected_diff_t *x = &EXPECTED[k];
        if (strcmp(x->capture, capture) || strcmp(x->sigrok, sg) || strcmp(x->ours, us))
            continue;
        if (x->at != ANY && x->at != at)
            continue;
        if (used[k] >= x->count)
            continue;
        used[k]++;
        return 1;
    }
    return 0;
}

/* Match sigrok's frames to ours by start (within tol samples, in order). */
static void compare(const char *capture, frames_t *sg, frames_t *us, uint64_t tol, tally_t *t)
{
    int j0 = 0;
    t->sigrok += sg->n;
    t->ours += us->n;
    for (int i = 0; i < sg->n; i++) {
        fr_t *a = &sg->f[i];
        fr_t *b = NULL;
        for (int j = j0; j < us->n; j++) {
            fr_t *c = &us->f[j];
            if (c->matched)
                continue;
            if (c->at + tol < a->at) {
                continue;
            }
            if (c->at > a->at + tol)
                break;
            b = c;
            break;
        }
        if (b) {
            b->matched = a->matched = 1;
            if (!strcmp(a->d, b->d)) {
                t->matched++;
            } else if (take_expected(capture, a->at, a->d, b->d)) {
                t->expected++;
            } else {
                t->failed++;
                printf("  MISMATCH %s @%" PRIu64 ": sigrok \"%s\", pinq \"%s\" (@%" PRIu64 ")\n", capture, a->at, a->d,
                       b->d, b->at);
            }
        } else if (take_expected(capture, a->at, a->d, "-")) {
            t->expected++;
        } else {
            t->failed++;
            printf("  SIGROK ONLY %s @%" PRIu64 ": \"%s\"\n", capture, a->at, a->d);
        }
    }
    for (int j = 0; j < us->n; j++) {
        fr_t *b = &us->f[j];
        if (b->matched)
            continue;
        if (take_expected(capture, b->at, "-", b->d)) {
            t->expected++;
        } else {
            t->failed++;
            printf("  PINQ ONLY %s @%" PRIu64 ": \"%s\"\n", capture, b->at, b->d);
        }
    }
}

/* ---- the manifest -------------------------------------------------------- */

static char *field(char **line)
{
    char *s = *line, *tab = s ? strchr(s, '\t') : NULL;
    if (tab) {
        *tab = 0;
        *line = tab + 1;
    } else {
        *line = NULL;
    }
    if (s)
        s[strcspn(s, "\r\n")] = 0;
    return s;
}

static void base_name(const char *path, char *out, size_t len)
{
    const char *b = strrchr(path, '/');
    snprintf(out, len, "%s", b ? b + 1 : path);
    char *dot = strrchr(out, '.');
    if (dot)
        *dot = 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/work/shared/captures";
    char path[1200], err[256];
    snprintf(path, sizeof path, "%s/MANIFEST.tsv", dir);
    FILE *mf = fopen(path, "r");
    if (!mf) {
        printf("test_decode_captures: no %s: skipped\n", path);
        return 77;
    }
    char line[4096];
    if (!fgets(line, sizeof line, mf)) { /* header */
        fclose(mf);
        return 1;
    }
    printf("%-42s %-8s %6s %6s %6s %7s %8s %s\n", "capture", "protocol", "edges", "sigrok", "pinq", "agree", "expected",
           "verdict");
    int skipped = 0;
    while (fgets(line, sizeof line, mf)) {
        char *p = line;
        char *rel = field(&p), *proto = field(&p), *chan = field(&p), *rate = field(&p), *edges = field(&p);
        if (!rel || !proto || !chan || !rate || !edges)
            continue;
        char name[256], stem[1100];
        base_name(rel, name, sizeof name);
        snprintf(stem, sizeof stem, "%s/%.*s", dir, (int)(strrchr(rel, '.') - rel), rel);
        uint64_t sr = (uint64_t)strtod(rate, NULL);

        if (!strcmp(proto, "rotary")) { /* decoded by the input engine's encoder stage, not here */
            vcd_edges_t a, b;
            snprintf(path, sizeof path, "%s.vcd", stem);
            int ok = vcd_load(path, "0", sr, &a, err, sizeof err) == 0;
            ok = ok && vcd_load(path, "1", sr, &b, err, sizeof err) == 0;
            CHECK(ok);
            if (!ok)
                continue;
            char want[64];
            snprintf(want, sizeof want, "%zu+%zu", a.n, b.n);
            CHECK(!strcmp(want, edges));
            size_t same = 0; /* both phases changing on one sample would be an invalid step */
            for (size_t i = 0, j = 0; i < a.n && j < b.n;) {
                if (a.t[i] == b.t[j])
                    same++, i++, j++;
                else if (a.t[i] < b.t[j])
                    i++;
                else
                    j++;
            }
            CHECK_EQ(same, 0);
            printf("%-42s %-8s %6s %6s %6s %7s %8s %s\n", name, proto, want, "-", "-", "-", "-",
                   "edges checked; to decode with pinq_encoder_*");
            vcd_free(&a);
            vcd_free(&b);
            continue;
        }

        vcd_edges_t e;
        snprintf(path, sizeof path, "%s.vcd", stem);
        if (vcd_load(path, chan, sr, &e, err, sizeof err)) {
            printf("%-42s %s: %s\n", name, path, err);
            CHECK(0);
            continue;
        }
        if (e.n == 0 && atol(edges) > 0) { /* the exporter's constant-channel defect */
            printf("%-42s %-8s %6s %6s %6s %7s %8s %s\n", name, proto, "0", "-", "-", "-", "-",
                   "SKIPPED: VCD channel constant (read the .sr)");
            skipped++;
            vcd_free(&e);
            continue;
        }
        CHECK_EQ((long)e.n, atol(edges));

        int nann = 0;
        snprintf(path, sizeof path, "%s.expected.txt", stem);
        ann_t *ann = load_ann(path, &nann);
        CHECK(ann != NULL);
        frames_t sg = {0}, us = {0}, sgb = {0}, usb = {0};
        run_t r = {.e = &e, .tps = (uint32_t)sr, .out = &us, .bits = &usb};
        tally_t t = {0};
        char note[128] = "";
        uint64_t tol = sr / 500; /* 2 ms */
        if (!strcmp(proto, "ir_nec") || !strcmp(proto, "ir_other")) {
            pinq_ir_counts_t n;
            sigrok_nec(ann, nann, &sg);
            ours_nec(&r, 0, &n);
            compare(name, &sg, &us, tol, &t);
            snprintf(note, sizeof note, "errors %u", n.errors);
            snprintf(path, sizeof path, "%s.expected.extended.txt", stem);
            int next = 0;
            ann_t *ext = load_ann(path, &next);
            if (ext) { /* the same capture with 16-bit addresses on both sides */
                char xname[300];
                frames_t sx = {0}, ux = {0};
                snprintf(xname, sizeof xname, "%s+ext", name);
                sigrok_nec(ext, next, &sx);
                r.out = &ux;
                ours_nec(&r, PINQ_NEC_ADDR16, &n);
                compare(xname, &sx, &ux, tol, &t);
                strcat(note, "; +extended run");
                free(ext);
                free(sx.f);
                free(ux.f);
            }
        } else if (!strcmp(proto, "ir_rc5")) {
            pinq_ir_counts_t n;
            sigrok_rc5(ann, nann, &sg);
            ours_rc5(&r, &n);
            compare(name, &sg, &us, tol, &t);
            snprintf(note, sizeof note, "errors %u", n.errors);
        } else if (!strcmp(proto, "ir_rc6")) {
            pinq_ir_counts_t n;
            sigrok_rc6(ann, nann, &sg);
            ours_rc6(&r, &n);
            compare(name, &sg, &us, tol, &t);
            snprintf(note, sizeof note, "errors %u", n.errors);
        } else if (!strcmp(proto, "ir_sirc")) {
            pinq_ir_counts_t n;
            sigrok_sirc(ann, nann, &sg);
            ours_sirc(&r, &n);
            compare(name, &sg, &us, tol, &t);
            snprintf(note, sizeof note, "errors %u", n.errors);
        } else if (!strcmp(proto, "dht11") || !strcmp(proto, "am230x")) {
            uint32_t errors;
            sigrok_dht(ann, nann, &sg);
            ours_dht(&r, !strcmp(proto, "dht11") ? PINQ_DHT11 : PINQ_AM230X, &errors);
            compare(name, &sg, &us, tol, &t);
            snprintf(note, sizeof note, "errors %u", errors);
        } else if (!strcmp(proto, "dcf77")) {
            uint32_t glitches;
            sigrok_dcf77(ann, nann, &sgb, &sg);
            ours_dcf77(&r, &glitches);
            compare(name, &sgb, &usb, tol, &t); /* every bit and its place */
            compare(name, &sg, &us, tol, &t);   /* every minute */
            snprintf(note, sizeof note, "%d bits; glitches %u", usb.n, glitches);
        } else {
            printf("%-42s unknown protocol %s\n", name, proto);
            CHECK(0);
        }
        CHECK_EQ(t.failed, 0);
        char cnt[32];
        snprintf(cnt, sizeof cnt, "%zu", e.n);
        printf("%-42s %-8s %6s %6d %6d %7d %8d %s (%s)\n", name, proto, cnt, t.sigrok, t.ours, t.matched, t.expected,
               t.failed ? "DISAGREES" : "agrees", note);
        free(ann);
        free(sg.f);
        free(us.f);
        free(sgb.f);
        free(usb.f);
        vcd_free(&e);
    }
    fclose(mf);

    printf("\nexpected differences (sigrok -> pinq), each seen as often as listed:\n");
    for (size_t k = 0; k < NEXPECTED; k++) {
        const expected_diff_t *x = &EXPECTED[k];
        int seen = used[k] == x->count;
        CHECK(seen);
        printf("  %s %s @%s%" PRIu64 ": \"%s\" -> \"%s\" x%d/%d: %s\n", seen ? "ok  " : "MISS", x->capture,
               x->at == ANY ? "any" : "", x->at == ANY ? 0 : x->at, x->sigrok, x->ours, used[k], x->count, x->why);
    }
    if (skipped)
        printf("%d capture(s) skipped: constant VCD channel\n", skipped);
    return check_done("test_decode_captures");
}
