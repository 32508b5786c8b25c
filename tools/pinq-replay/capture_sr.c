/* capture_sr.c - sigrok session files (.sr) read by libsigrok itself:
 * sr_session_load() parses the zip and its metadata, the session's data
 * feed delivers the samples, and we turn SR_DF_LOGIC packets into edges.
 * We do not interpret the zip, so what libsigrok reads is what the file
 * means; capture_sr_screen.c only keeps libsigrok away from metadata that
 * would hang it. Analog channels are ignored. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libsigrok/libsigrok.h>

#include "capture_build.h"

/* libsigrok reports why it refused a file only through its log; the last
 * error-level line is kept here to go into our message. */
static char sr_last_log[256];

typedef struct sr_chan {
    const char *name;
    int index; /* bit number within a sample unit */
} sr_chan_t;

/* State of one load, shared with the data-feed callback. */
typedef struct sr_job {
    struct sr_session *session;
    capture_t *c;
    sr_chan_t *chan;
    int nchan;
    size_t unitsize;
    uint8_t *prev;      /* the last unit of the previous packet */
    uint64_t pos;       /* samples seen so far */
    const char *failed; /* first reason to refuse the file, or NULL */
} sr_job_t;

static int log_last(void *cb_data, int loglevel, const char *format, va_list args)
{
    (void)cb_data;
    if (loglevel <= SR_LOG_ERR)
        vsnprintf(sr_last_log, sizeof sr_last_log, format, args);
    return 0;
}

static uint8_t bit_of(const uint8_t *unit, int index)
{
    return (unit[index / 8] >> (index % 8)) & 1;
}

static void fail(sr_job_t *j, const char *why)
{
    if (!j->failed)
        j->failed = why;
    sr_session_stop(j->session);
}

/* The first sample fixes each channel's initial level. */
static void first_sample(sr_job_t *j, const uint8_t *unit)
{
    for (int i = 0; i < j->nchan; i++) {
        const sr_chan_t *k = &j->chan[i];
        enum capture_status st =
            capture_add_channel(j->c, k->name, strlen(k->name), bit_of(unit, k->index));
        if (st != CAPTURE_OK) {
            fail(j, st == CAPTURE_EDUP ? "two channels have the same name" : "out of memory");
            return;
        }
    }
}

static void changed_sample(sr_job_t *j, const uint8_t *unit)
{
    for (int i = 0; i < j->nchan; i++)
        if (capture_push_edge(j->c, i, j->pos, bit_of(unit, j->chan[i].index)) != CAPTURE_OK) {
            fail(j, "out of memory");
            return;
        }
}

/* The first unit at or after d that differs from prev (end if none).
 * Captures are long runs of one value, so this loop is the reader's cost:
 * one-byte units, the common case, are compared eight at a time. */
static const uint8_t *skip_same(const uint8_t *d, const uint8_t *end, size_t us,
                                const uint8_t *prev)
{
    if (us != 1) {
        while (d < end && memcmp(d, prev, us) == 0)
            d += us;
        return d;
    }
    uint64_t pat = *prev * UINT64_C(0x0101010101010101), w;
    while (end - d >= 8 && (memcpy(&w, d, 8), w == pat))
        d += 8;
    while (d < end && *d == *prev)
        d++;
    return d;
}

static void on_logic(sr_job_t *j, const struct sr_datafeed_logic *lg)
{
    size_t us = j->unitsize;
    if (lg->unitsize != us || lg->length % us != 0) {
        fail(j, "logic data is not a whole number of samples of the stated unit size");
        return;
    }
    const uint8_t *d = lg->data, *end = d + lg->length, *prev = j->prev;
    if (j->pos == 0 && d < end) {
        first_sample(j, d);
        prev = d;
        d += us;
        j->pos++;
    }
    while (d < end && !j->failed) {
        const uint8_t *next = skip_same(d, end, us, prev);
        j->pos += (uint64_t)(next - d) / us;
        if (next == end)
            break;
        changed_sample(j, next);
        prev = next;
        d = next + us;
        j->pos++;
    }
    if (prev != j->prev)
        memcpy(j->prev, prev, us);
}

static void on_packet(const struct sr_dev_inst *sdi, const struct sr_datafeed_packet *p, void *data)
{
    sr_job_t *j = data;
    (void)sdi;
    if (!j->failed && p->type == SR_DF_LOGIC)
        on_logic(j, p->payload);
}

static int config_u64(const struct sr_dev_inst *sdi, uint32_t key, uint64_t *v)
{
    GVariant *g = NULL;
    if (sr_config_get(sr_dev_inst_driver_get(sdi), sdi, NULL, key, &g) != SR_OK || !g)
        return -1;
    int ok = g_variant_is_of_type(g, G_VARIANT_TYPE_UINT64);
    if (ok)
        *v = g_variant_get_uint64(g);
    g_variant_unref(g);
    return ok ? 0 : -1;
}

/* The enabled logic channels, which must fit in the sample unit. */
static const char *list_channels(sr_job_t *j, const struct sr_dev_inst *sdi)
{
    GSList *l = sr_dev_inst_channels_get(sdi);
    j->chan = calloc(g_slist_length(l) + 1, sizeof *j->chan);
    if (!j->chan)
        return "out of memory";
    for (; l; l = l->next) {
        const struct sr_channel *ch = l->data;
        if (ch->type != SR_CHANNEL_LOGIC || !ch->enabled)
            continue;
        if (ch->index < 0 || (size_t)ch->index >= j->unitsize * 8 || !ch->name)
            return "a logic channel lies outside the sample unit";
        if (j->nchan >= CAPTURE_MAX_CHANNELS)
            return "too many channels";
        j->chan[j->nchan++] = (sr_chan_t){.name = ch->name, .index = ch->index};
    }
    return j->nchan ? NULL : "no enabled logic channel";
}

/* Reads the one device's settings and channels, then runs the session. */
static const char *run_device(sr_job_t *j, const struct sr_dev_inst *sdi, uint64_t *rate)
{
    uint64_t us;
    if (config_u64(sdi, SR_CONF_SAMPLERATE, rate) || *rate == 0)
        return "no sample rate";
    if (config_u64(sdi, SR_CONF_CAPTURE_UNITSIZE, &us) || us == 0 ||
        us > CAPTURE_MAX_CHANNELS / 8)
        return "no usable logic unit size";
    j->unitsize = (size_t)us;
    const char *why = list_channels(j, sdi);
    if (why)
        return why;
    if (!(j->prev = malloc(j->unitsize)))
        return "out of memory";
    if (sr_session_datafeed_callback_add(j->session, on_packet, j) != SR_OK ||
        sr_session_start(j->session) != SR_OK || sr_session_run(j->session) != SR_OK)
        return j->failed ? j->failed : "libsigrok could not replay the session";
    if (j->failed)
        return j->failed;
    return j->pos ? NULL : "no logic samples";
}

static const char *run_session(sr_job_t *j, uint64_t *rate)
{
    GSList *devs = NULL;
    if (sr_session_dev_list(j->session, &devs) != SR_OK)
        return "no device in the session";
    const char *why = g_slist_length(devs) != 1 ? "not exactly one device in the session"
                                                : run_device(j, devs->data, rate);
    g_slist_free(devs);
    return why;
}

/* sr_session_destroy() frees the devices without closing them, and only
 * closing frees the session driver's per-device state. */
static void close_and_destroy(struct sr_session *session)
{
    GSList *devs = NULL;
    if (sr_session_dev_list(session, &devs) == SR_OK)
        for (GSList *l = devs; l; l = l->next)
            sr_dev_close(l->data);
    g_slist_free(devs);
    sr_session_destroy(session);
}

/* Loads with an initialised libsigrok context; the message names the
 * libsigrok error and its last log line when libsigrok refused the file. */
static int load(struct sr_context *ctx, const char *path, capture_t **out, char *err,
                size_t errlen)
{
    sr_job_t j = {0};
    int ret = sr_session_load(ctx, path, &j.session);
    if (ret != SR_OK) {
        if (j.session)
            close_and_destroy(j.session);
        return capture_err(err, errlen, "%s: not a readable sigrok session (libsigrok: %s%s%s)",
                           path, sr_strerror(ret), sr_last_log[0] ? ": " : "", sr_last_log);
    }
    uint64_t rate = 0;
    const char *why = (j.c = capture_new()) ? run_session(&j, &rate) : "out of memory";
    close_and_destroy(j.session);
    if (!why && capture_finish(j.c, rate, j.pos))
        why = "inconsistent capture";
    free(j.chan);
    free(j.prev);
    if (why) {
        capture_free(j.c);
        return capture_err(err, errlen, "%s: %s", path, why);
    }
    *out = j.c;
    return 0;
}

/* One libsigrok context for the process: sr_init() starts libusb (a thread,
 * a device scan) and costs far more than loading a small session. */
static struct sr_context *sr_ctx;

static void sr_ctx_exit(void)
{
    sr_exit(sr_ctx);
    sr_ctx = NULL;
}

static int sr_ctx_get(void)
{
    if (sr_ctx)
        return 0;
    sr_log_loglevel_set(SR_LOG_ERR);
    sr_log_callback_set(log_last, NULL);
    if (sr_init(&sr_ctx) != SR_OK) {
        sr_ctx = NULL;
        return -1;
    }
    atexit(sr_ctx_exit);
    return 0;
}

int capture_load_sr(const char *path, capture_t **out, char *err, size_t errlen)
{
    *out = NULL;
    FILE *f = fopen(path, "rb"); /* libsigrok would only say "generic error" */
    if (!f)
        return capture_err(err, errlen, "%s: %s", path, strerror(errno));
    fclose(f);
    const char *why = capture_sr_screen(path);
    if (why)
        return capture_err(err, errlen, "%s: %s", path, why);
    sr_last_log[0] = '\0';
    if (sr_ctx_get())
        return capture_err(err, errlen, "%s: libsigrok failed to initialise: %s", path,
                           sr_last_log);
    return load(sr_ctx, path, out, err, errlen);
}
