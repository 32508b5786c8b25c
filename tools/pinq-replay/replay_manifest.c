/* replay_manifest.c - a capture's row in MANIFEST.tsv (path, protocol,
 * channel, ... tab-separated, a header line first): the decoder and
 * channel a replay takes when none is named. */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "replay_input.h"

/* `path` without its extension, into buf. */
static void stem(const char *path, char *buf, size_t len)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    size_t n = dot && (!slash || dot > slash) ? (size_t)(dot - path) : strlen(path);
    snprintf(buf, len, "%.*s", (int)n, path);
}

/* The capture `path` is the row's file: the same stem, or one ending in
 * "/" and the row's (the row's path is relative to the manifest). */
static int names(const char *path, const char *row_path)
{
    char a[1024], b[1024];
    stem(path, a, sizeof a);
    stem(row_path, b, sizeof b);
    size_t na = strlen(a), nb = strlen(b);
    return na == nb ? strcmp(a, b) == 0 : na > nb && a[na - nb - 1] == '/' && strcmp(a + na - nb, b) == 0;
}

static int scan(FILE *f, const char *capture, replay_manifest_row_t *row)
{
    char line[4096];
    if (!fgets(line, sizeof line, f)) /* the header */
        return 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *save, *path = strtok_r(line, "\t", &save), *proto = strtok_r(NULL, "\t", &save);
        char *chan = strtok_r(NULL, "\t", &save);
        if (!path || !proto || !chan || !names(capture, path))
            continue;
        snprintf(row->protocol, sizeof row->protocol, "%s", proto);
        snprintf(row->channel, sizeof row->channel, "%s", chan);
        return 1;
    }
    return 0;
}

/* MANIFEST.tsv in the capture's folder, else in the folder above. */
static FILE *find(const char *capture)
{
    char dir[1024], path[1100];
    const char *slash = strrchr(capture, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - capture) : 1, slash ? capture : ".");
    for (int up = 0; up < 2; up++) {
        snprintf(path, sizeof path, "%s/%sMANIFEST.tsv", dir, up ? "../" : "");
        FILE *f = fopen(path, "r");
        if (f)
            return f;
    }
    return NULL;
}

int replay_manifest_find(const char *capture, const char *manifest, replay_manifest_row_t *row, char *err,
                         size_t len)
{
    FILE *f = manifest ? fopen(manifest, "r") : find(capture);
    if (!f && manifest) {
        snprintf(err, len, "%s: %s", manifest, strerror(errno));
        return -1;
    }
    if (!f)
        return 0;
    int found = scan(f, capture, row);
    fclose(f);
    return found;
}
