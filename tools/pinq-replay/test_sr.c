/* test_sr.c - the .sr reader and capture_load() refusing what they cannot
 * read, with a message naming the file: a missing file, an unknown
 * extension, an empty file, text that is no zip, real captures cut short
 * (needs the captures directory; the good ones are test_captures'), and
 * sessions zipped here with metadata libsigrok accepts but we must not
 * (hostile channel counts, names, unit sizes), plus one we read exactly. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "capture.h"
#include "check.h"

static char tmp[64];

/* Writes len bytes to tmp/name and returns the path (static buffer). */
static const char *put(const char *name, const void *data, size_t len)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", tmp, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        CHECK_EQ(fwrite(data, 1, len, f), len);
        fclose(f);
    }
    return path;
}

/* Loading path fails, with a message starting "path: " and containing want. */
static void refused(const char *path, const char *want)
{
    capture_t *c = (capture_t *)1;
    char err[512] = "";
    CHECK_EQ(capture_load(path, &c, err, sizeof err), -1);
    CHECK(c == NULL);
    int ok = strncmp(err, path, strlen(path)) == 0 && strncmp(err + strlen(path), ": ", 2) == 0 &&
             strstr(err, want) != NULL;
    if (!ok)
        fprintf(stderr, "%s: got '%s', want '%s'\n", path, err, want);
    CHECK(ok);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    *len = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    return buf;
}

/* A real session cut at several points: the zip's directory is at its end,
 * so every cut loses it (or a member's data) and must be refused. */
static void test_truncated(const char *captures)
{
    char src[4096];
    size_t len;
    snprintf(src, sizeof src, "%s/ir_sirc/sirc-1.sr", captures);
    char *buf = slurp(src, &len);
    if (!buf)
        return;
    CHECK(len > 100);
    capture_t *c;
    char err[512];
    CHECK_EQ(capture_load(put("whole.sr", buf, len), &c, err, sizeof err), 0);
    capture_free(c);
    for (size_t cut = 0; cut < len; cut += len / 7 + 1)
        refused(put("cut.sr", buf, cut), "not a readable sigrok session");
    refused(put("cut.sr", buf, len - 1), "not a readable sigrok session");
    free(buf);
}

/* A session as libsigrok writes it, from its metadata and logic data. */
static const char *session(const char *meta, const void *logic, size_t len)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/made.sr", tmp);
    int ze;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    CHECK(z != NULL);
    if (!z)
        return path;
    const struct { const char *name; const void *data; size_t len; } part[] = {
        {"version", "2", 1}, {"metadata", meta, strlen(meta)}, {"logic-1-1", logic, len}};
    for (size_t i = 0; i < 3; i++) {
        zip_source_t *src = zip_source_buffer(z, part[i].data, part[i].len, 0);
        CHECK(src != NULL && zip_file_add(z, part[i].name, src, ZIP_FL_OVERWRITE) >= 0);
    }
    CHECK_EQ(zip_close(z), 0);
    return path;
}

#define META(extra) "[global]\nsigrok version=0.5.2\n[device 1]\ncapturefile=logic-1\n" extra

static void test_made(void)
{
    static const unsigned char logic[] = {0x01, 0x03, 0x02, 0x02, 0x00};
    capture_t *c;
    char err[512] = "";
    /* Bits 0 and 1 named, bit 2 not listed: channels follow libsigrok's index. */
    const char *p = session(META("total probes=3\nsamplerate=10 kHz\nunitsize=1\n"
                                 "probe1=A b\nprobe2=B\n"), logic, sizeof logic);
    CHECK_EQ(capture_load(p, &c, err, sizeof err), 0);
    if (c) {
        size_t n;
        uint8_t init;
        CHECK_EQ(capture_samplerate(c), 10000);
        CHECK_EQ(capture_samples(c), 5);
        CHECK_EQ(capture_channel_count(c), 2);
        const capture_edge_t *e = capture_edges(c, capture_channel(c, "A b"), &n, &init);
        CHECK(init == 1 && n == 1 && e[0].sample == 2 && e[0].level == 0);
        e = capture_edges(c, capture_channel(c, "B"), &n, &init);
        CHECK(init == 0 && n == 2 && e[0].sample == 1 && e[1].sample == 4 && e[1].level == 0);
        capture_free(c);
    }
    refused(session(META("total probes=20000000\nsamplerate=1 MHz\nunitsize=1\nprobe1=A\n"),
                    logic, 1), "more channels than pinq-replay reads");
    refused(session(META("total probes=2\ntotal analog=4095\nsamplerate=1 MHz\nunitsize=1\n"
                         "probe1=A\n"), logic, 1), "more channels than pinq-replay reads");
    refused(session(META("total probes=1\nsamplerate=1 MHz\nunitsize=1\nprobe1=A\n"
                         "[device 2]\ncapturefile=logic-1\n"), logic, 1),
            "more than one device in the session");
    refused(session(META("total probes=2\nsamplerate=1 MHz\nunitsize=1\nprobe1=A\nprobe2=A\n"),
                    logic, 1), "two channels have the same name");
    refused(session(META("total probes=9\nsamplerate=1 MHz\nunitsize=1\nprobe1=A\nprobe9=I\n"),
                    logic, 1), "a logic channel lies outside the sample unit");
    refused(session(META("total probes=1\nunitsize=1\nprobe1=A\n"), logic, 1), "no sample rate");
    refused(session(META("total probes=1\nsamplerate=1 MHz\nunitsize=1\nprobe1=A\n"), logic, 0),
            "no logic samples");
    refused(session(META("total probes=1\nsamplerate=1 MHz\nunitsize=2\nprobe1=A\n"), logic, 5),
            "not a whole number of samples");
    refused(session(META("total probes=1\nsamplerate=1 MHz\nunitsize=1000\nprobe1=A\n"), logic, 5),
            "no usable logic unit size");
    refused(session(META("total probes=1\nsamplerate=1 MHz\nunitsize=1\n"), logic, 1),
            "no enabled logic channel");
    refused(session(META("total probes=1\nsamplerate=fast\nunitsize=1\nprobe1=A\n"), logic, 1),
            "not a readable sigrok session");
    char *big = malloc(300 * 1024);
    if (big) {
        memset(big, '#', 300 * 1024 - 1);
        big[300 * 1024 - 1] = '\0';
        memcpy(big, "[global]\n", 9);
        refused(session(big, logic, 1), "session metadata too large");
        free(big);
    }
}

int main(int argc, char **argv)
{
    snprintf(tmp, sizeof tmp, "/tmp/test_sr.XXXXXX");
    CHECK(mkdtemp(tmp) != NULL);
    refused("/nonexistent/x.sr", "No such file or directory");
    refused("/nonexistent/x.vcd", "No such file or directory");
    refused(put("notes.txt", "x", 1), "unknown file type (expected .sr or .vcd)");
    refused(put("empty.sr", "", 0), "not a readable sigrok session");
    refused(put("text.sr", "hello, not a zip\n", 17), "not a readable sigrok session");
    refused(tmp, "unknown file type");
    test_made();
    if (argc > 1)
        test_truncated(argv[1]);
    const char *names[] = {"whole.sr", "cut.sr", "notes.txt", "empty.sr", "text.sr", "made.sr"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", tmp, names[i]);
        unlink(path);
    }
    rmdir(tmp);
    return check_done("test_sr");
}
