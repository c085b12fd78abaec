/* What the writer and the reader share: error texts and the image hash. */
#include "traces/log.h"

#include <errno.h>
#include <stdio.h>

#include <glib.h>

const char *hs_tracelog_strerror(hs_tracelog_err err)
{
    switch (err) {
    case HS_TRACELOG_OK: return "success";
    case HS_TRACELOG_ERR_IO: return "cannot open, read or write the file";
    case HS_TRACELOG_ERR_NOT_LOG: return "not a hypsim event log";
    case HS_TRACELOG_ERR_VERSION: return "event log format version not supported";
    case HS_TRACELOG_ERR_CORRUPT: return "event log corrupt";
    case HS_TRACELOG_ERR_TRUNCATED: return "event log truncated";
    case HS_TRACELOG_ERR_TOO_LARGE: return "event log metadata too large";
    }
    return "unknown error";
}

char *hs_file_sha256(const char *path, char **msg)
{
    FILE *f = fopen(path, "rb");
    GChecksum *sum;
    guchar buf[65536];
    size_t n;
    char *hex;

    if (!f) {
        *msg = g_strdup_printf("%s: %s", path, g_strerror(errno));
        return NULL;
    }
    sum = g_checksum_new(G_CHECKSUM_SHA256);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        g_checksum_update(sum, buf, (gssize)n);
    }
    if (ferror(f)) {
        *msg = g_strdup_printf("%s: read error", path);
        g_checksum_free(sum);
        fclose(f);
        return NULL;
    }
    fclose(f);
    hex = g_strdup(g_checksum_get_string(sum));
    g_checksum_free(sum);
    return hex;
}
