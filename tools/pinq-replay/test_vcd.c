/* test_vcd.c - the VCD reader on small inline files: what it must accept
 * (sigrok's layout, spaces in names, $dumpvars, scopes, rates whose
 * timescale unit is not one sample) with the exact edges, and every
 * malformed case refused with the right file:line message. */
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "capture_check.h"
#include "check.h"

#define HDR_SIGROK(rate, ts)                                                        \
    "$date Wed Nov 25 19:00:07 2026 $end\n$version libsigrok 0.5.2 $end\n"          \
    "$comment\n  Acquisition with 2/2 channels at " rate "\n$end\n$timescale " ts   \
    " $end\n$scope module libsigrok $end\n$var wire 1 ! IR Toy IRRX $end\n"         \
    "$var wire 1 \" DATA $end\n$upscope $end\n$enddefinitions $end\n"

static capture_t *load(const char *text, char *err, size_t errlen)
{
    capture_t *c = NULL;
    if (capture_load_vcd_mem(text, strlen(text), "t.vcd", &c, err, errlen)) {
        CHECK(c == NULL);
        return NULL;
    }
    CHECK(c != NULL);
    const char *why = capture_check(c);
    if (why)
        fprintf(stderr, "capture_check: %s\n", why);
    CHECK(why == NULL);
    return c;
}

static capture_t *load_ok(const char *text)
{
    char err[256] = "";
    capture_t *c = load(text, err, sizeof err);
    if (!c)
        fprintf(stderr, "unexpected refusal: %s\n", err);
    CHECK(c != NULL);
    return c;
}

/* The channel's edges as "sample:level ..." for compact comparisons. */
static void expect_edges(const capture_t *c, const char *name, int initial, const char *want)
{
    char got[256] = "";
    size_t n, len = 0;
    uint8_t init = 9;
    int ch = capture_channel(c, name);
    CHECK(ch >= 0);
    const capture_edge_t *e = capture_edges(c, ch, &n, &init);
    for (size_t i = 0; i < n && len < sizeof got - 40; i++)
        len += (size_t)snprintf(got + len, sizeof got - len, "%s%llu:%u", i ? " " : "",
                                (unsigned long long)e[i].sample, e[i].level);
    CHECK_EQ(init, initial);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "%s: edges '%s', want '%s'\n", name, got, want);
    CHECK(strcmp(got, want) == 0);
}

static void test_sigrok_layout(void)
{
    /* 2 MHz is written at 100 ns: five units per sample. */
    capture_t *c = load_ok(HDR_SIGROK("2 MHz", "100 ns") "#0 1! 0\"\n#5 0!\n#15 1! 1\"\n#40\n");
    CHECK_EQ(capture_samplerate(c), 2000000);
    CHECK_EQ(capture_samples(c), 8);
    CHECK_EQ(capture_channel_count(c), 2);
    CHECK(strcmp(capture_channel_name(c, 0), "IR Toy IRRX") == 0);
    expect_edges(c, "IR Toy IRRX", 1, "1:0 3:1");
    expect_edges(c, "DATA", 0, "3:1");
    CHECK_EQ(capture_channel(c, "IR Toy"), -1);
    CHECK_EQ(capture_channel(c, "IR  Toy IRRX"), -1);
    CHECK_EQ(capture_channel(c, "data"), -1);
    capture_free(c);

    /* 8 MHz at 1 ns: 125 units per sample. */
    c = load_ok(HDR_SIGROK("8 MHz", "1 ns") "#0 1! 1\"\n#125 0!\n#2000 1!\n#16000000\n");
    CHECK_EQ(capture_samples(c), 128000);
    expect_edges(c, "IR Toy IRRX", 1, "1:0 16:1");
    capture_free(c);

    /* 3 MHz at 1 ns: sigrok rounds each sample's time to the unit. */
    c = load_ok(HDR_SIGROK("3 MHz", "1 ns") "#0 0! 0\"\n#333 1!\n#667 0!\n#1000 1\"\n");
    expect_edges(c, "IR Toy IRRX", 0, "1:1 2:0");
    expect_edges(c, "DATA", 0, "3:1");
    CHECK_EQ(capture_samples(c), 4); /* no closing #N: one past the last change */
    capture_free(c);

    c = load_ok(HDR_SIGROK("31.5 kHz", "1 us") "#0 0! 0\"\n#127 1!\n#2000\n");
    CHECK_EQ(capture_samplerate(c), 31500);
    CHECK_EQ(capture_samples(c), 63);
    expect_edges(c, "IR Toy IRRX", 0, "4:1");
    capture_free(c);
}

static void test_general_vcd(void)
{
    /* No sigrok comment: the unit is the sample period. $dumpvars, nested
     * scopes, reg, a value equal to the current one (no edge) and a
     * repeated time stamp are fine. */
    capture_t *c = load_ok("$timescale 10us $end\n$scope module top $end\n"
                           "$scope module sub $end\n$var reg 1 a1 clk $end\n$upscope $end\n"
                           "$var wire 1 # x [0] $end\n$upscope $end\n$enddefinitions $end\n"
                           "$comment body comment $end\n#0\n$dumpvars\n0a1\n1#\n$end\n"
                           "#3 1a1 1#\n#3\n#4 0#\n#7 1a1\n#9\n");
    CHECK_EQ(capture_samplerate(c), 100000);
    CHECK_EQ(capture_samples(c), 9);
    expect_edges(c, "clk", 0, "3:1");
    expect_edges(c, "x [0]", 1, "4:0");
    capture_free(c);

    c = load_ok("$timescale 1 s $end $var wire 1 ! a $end $enddefinitions $end #0 0!");
    CHECK_EQ(capture_samplerate(c), 1);
    CHECK_EQ(capture_samples(c), 1);
    capture_free(c);
}

typedef struct bad {
    const char *text, *want; /* want: the start of the message after "t.vcd:" */
} bad_t;

#define TS "$timescale 1 us $end\n"
#define V1 "$var wire 1 ! a $end\n"
#define ED "$enddefinitions $end\n"

static const bad_t bad[] = {
    {"", "1: file ends in the header (no $enddefinitions)"},
    {TS V1, "3: file ends in the header (no $enddefinitions)"},
    {TS "$var wire 1 ! a", "2: file ends inside $var"},
    {TS "$comment unterminated\n", "2: file ends inside $comment"},
    {TS V1 ED "#0 $dumpvars 1!\n", "5: file ends inside $dumpvars"},
    {TS V1 ED, "4: no time stamp after $enddefinitions"},
    {TS V1 "#0 1!\n", "3: unexpected '#0' in the header"},
    {TS V1 ED "#0 1?\n", "4: unknown identifier code '?'"},
    {TS V1 ED "#0 1\n", "4: unknown identifier code ''"},
    {TS "$var wire 1 \x01 a $end\n" ED, "2: bad identifier code '?'"},
    {TS "$var wire 1 \xc3\xa9 a $end\n" ED, "2: bad identifier code '?\?'"},
    {TS V1 "$var wire 1 ! b $end\n" ED, "3: identifier code '!' declared twice"},
    {TS V1 "$var wire 1 \" a $end\n" ED, "3: second variable named 'a' (first on line 2)"},
    {TS "$var wire 1 ! a\x01 $end\n" ED, "2: missing or unprintable variable name"},
    {TS "$var wire 1 ! $end\n" ED, "2: missing or unprintable variable name"},
    {TS V1 ED "#0 1!\n#10 0!\n#5 1!\n", "6: time goes backwards (#5 after #10)"},
    {TS V1 ED "#0 1!\n#99999999999999999999999 0!\n",
     "5: time stamp '#99999999999999999999999' out of range"},
    {TS V1 ED "#0 1!\n#18446744073709551615 0!\n",
     "5: time stamp #18446744073709551615 out of range"},
    {TS V1 ED "#0 1!\n#12a\n", "5: bad time stamp '#12a'"},
    {TS V1 ED "#0 1!\n#\n", "5: bad time stamp '#'"},
    {TS "$var wire 99999999999999999999 ! a $end\n" ED,
     "2: unsupported variable width '99999999999999999999' (only 1)"},
    {TS "$var wire 8 ! a $end\n" ED, "2: unsupported variable width '8' (only 1)"},
    {TS "$var integer 1 ! a $end\n" ED,
     "2: unsupported variable type 'integer' (only wire and reg)"},
    {"$timescale 1000000000000000000000 ns $end\n",
     "1: bad timescale '1000000000000000000000 ns' (expected 1, 10 or 100 and s .. fs)"},
    {"$timescale 2 ns $end\n", "1: bad timescale '2 ns' (expected 1, 10 or 100 and s .. fs)"},
    {"$timescale 1 ks $end\n", "1: bad timescale '1 ks' (expected 1, 10 or 100 and s .. fs)"},
    {"$timescale 100 s $end\n" V1 ED, "3: timescale longer than 1 s: no whole sample rate"},
    {"$comment Acquisition with 1/1 channels at 99999999999999999 THz $end\n",
     "1: unreadable sample rate in sigrok's acquisition comment"},
    {"$comment Acquisition with 1/1 channels at 1.5 Hz $end\n",
     "1: unreadable sample rate in sigrok's acquisition comment"},
    {"$comment Acquisition with 1/1 channels at 1 MHz $end\n$timescale 10 us $end\n" V1 ED,
     "4: timescale unit longer than the sample period"},
    {TS TS, "2: second $timescale"},
    {V1 ED, "2: no $timescale"},
    {TS ED, "2: no variables"},
    {TS "$scope module m $end\n" V1 ED, "4: $scope not closed by $upscope"},
    {TS "$upscope $end\n", "2: $upscope without $scope"},
    {TS "$scope module m $end $upscope\n", "3: file ends inside $upscope"},
    {TS "$scope $end\n", "2: $scope without a type and name"},
    {TS "$enddefinitions\n#0", "3: expected $end after $enddefinitions, found '#0'"},
    {TS "$bogus $end\n", "2: unexpected '$bogus' in the header"},
    {TS V1 ED "#1 1!\n", "4: the first time stamp is not #0"},
    {TS V1 ED "1!\n#0\n", "4: value change before the first time stamp"},
    {TS V1 "$var wire 1 \" b $end\n" ED "#0 1!\n#3 0!\n", "6: variable 'b' has no value at time 0"},
    {TS V1 "$var wire 1 \" b $end\n" ED "#0 1!\n", "6: variable 'b' has no value at time 0"},
    {TS V1 ED "#0 1!\n#3 0! 1!\n", "5: variable 'a' changes twice at #3"},
    {TS V1 ED "#0 1!\n$dumpvars 0! $end\n", "5: variable 'a' changes twice at #0"},
    {TS V1 ED "#0 x!\n", "4: value 'x!': x and z are not supported"},
    {TS V1 ED "#0 Z!\n", "4: value 'Z!': x and z are not supported"},
    {TS V1 ED "#0 b101 !\n", "4: vector or real value 'b101' not supported"},
    {TS V1 ED "#0 r1.5 !\n", "4: vector or real value 'r1.5' not supported"},
    {TS V1 ED "#0 1!\n$dumpoff\n", "5: unsupported '$dumpoff' after $enddefinitions"},
    {TS V1 ED "#0 1!\n$end\n", "5: $end without $dumpvars"},
    {TS V1 ED "#0 $dumpvars $dumpall\n", "4: $dumpall inside $dumpvars"},
    {TS V1 ED "#0 $dumpvars 1! #1\n", "4: time stamp inside $dumpvars"},
    {TS V1 ED "#0 1!\nhello\n", "5: unexpected 'hello'"},
    {TS V1 ED "#0 1!\n$comment never closed\n", "5: file ends inside $comment"},
    {"$comment Acquisition with 1/1 channels at 8 MHz $end\n$timescale 1 ns $end\n" V1 ED
     "#0 1!\n#126 0!\n", "6: time stamp #126 is not a sample time at 8000000 Hz"},
    {"$comment Acquisition with 1/1 channels at 400 MHz $end\n$timescale 1 ns $end\n" V1 ED
     "#0 1!\n#2 0!\n#3 1!\n", "7: time stamps #2 and #3 fall on one sample"},
};

static void test_bad(void)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char err[256] = "", want[256];
        snprintf(want, sizeof want, "t.vcd:%s", bad[i].want);
        capture_t *c = load(bad[i].text, err, sizeof err);
        CHECK(c == NULL);
        capture_free(c);
        if (strcmp(err, want) != 0)
            fprintf(stderr, "case %zu: got '%s', want '%s'\n", i, err, want);
        CHECK(strcmp(err, want) == 0);
    }
}

static void test_messages(void)
{
    /* Short or absent message buffers are never overrun. */
    char small[8];
    memset(small, 'x', sizeof small);
    capture_t *c = load("", small, sizeof small);
    CHECK(c == NULL);
    CHECK(strcmp(small, "t.vcd:1") == 0);
    c = load("", NULL, 0);
    CHECK(c == NULL);

    /* A NUL byte is data, not the end of the buffer. */
    static const char nul[] = TS "$var wire 1 ! a\0b $end\n" ED "#0 1!\n";
    char err[256] = "";
    CHECK(capture_load_vcd_mem(nul, sizeof nul - 1, "t.vcd", &c, err, sizeof err) == -1);
    CHECK(strcmp(err, "t.vcd:2: missing or unprintable variable name") == 0);
}

int main(void)
{
    test_sigrok_layout();
    test_general_vcd();
    test_bad();
    test_messages();
    return check_done("test_vcd");
}
