/* capture_sr_screen.c - refuses, before libsigrok sees them, sessions that
 * would make libsigrok 0.5.2 hang or run out of memory: it builds each
 * device's channel list with g_slist_append, so "total probes=20000000"
 * costs hours of CPU, and it allocates whatever size the zip declares for
 * the metadata at once. The metadata is read the way libsigrok reads it
 * (libzip, then GKeyFile); everything else about the file stays
 * libsigrok's to judge, so a file this cannot read passes through. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <zip.h>

#include "capture_build.h"

/* Real metadata is a few hundred bytes; 4096 named channels fit easily. */
#define SCREEN_MAX_METADATA (256 * 1024)

static uint64_t count(GKeyFile *kf, const char *group, const char *key)
{
    GError *e = NULL;
    gint v = g_key_file_get_integer(kf, group, key, &e);
    if (e) {
        g_error_free(e);
        return 0; /* unreadable: libsigrok refuses it itself */
    }
    return v > 0 ? (uint64_t)v : 0;
}

static const char *screen_metadata(const char *buf, size_t len)
{
    GKeyFile *kf = g_key_file_new();
    if (!g_key_file_load_from_data(kf, buf, len, G_KEY_FILE_NONE, NULL)) {
        g_key_file_free(kf);
        return NULL;
    }
    gchar **groups = g_key_file_get_groups(kf, NULL);
    uint64_t channels = 0, devices = 0;
    for (gchar **g = groups; *g; g++) {
        devices += strncmp(*g, "device ", 7) == 0;
        channels += count(kf, *g, "total probes") + count(kf, *g, "total analog");
    }
    g_strfreev(groups);
    g_key_file_free(kf);
    if (devices > 1)
        return "more than one device in the session";
    return channels > CAPTURE_MAX_CHANNELS ? "more channels than pinq-replay reads" : NULL;
}

static const char *screen_zip(zip_t *z)
{
    zip_stat_t st;
    if (zip_stat(z, "metadata", 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return NULL;
    if (st.size > SCREEN_MAX_METADATA)
        return "session metadata too large";
    char *buf = malloc(st.size + 1);
    zip_file_t *f = buf ? zip_fopen_index(z, st.index, 0) : NULL;
    zip_int64_t n = f ? zip_fread(f, buf, st.size) : -1;
    if (f)
        zip_fclose(f);
    const char *why = n >= 0 ? screen_metadata(buf, (size_t)n) : NULL;
    free(buf);
    return why;
}

const char *capture_sr_screen(const char *path)
{
    int ze;
    zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
    if (!z)
        return NULL;
    const char *why = screen_zip(z);
    zip_discard(z);
    return why;
}
