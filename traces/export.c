#include "traces/export.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

int hs_export_format_parse(const char *name)
{
    if (!strcmp(name, "perfetto")) {
        return HS_EXPORT_PERFETTO;
    }
    if (!strcmp(name, "json")) {
        return HS_EXPORT_JSON;
    }
    if (!strcmp(name, "vcd")) {
        return HS_EXPORT_VCD;
    }
    return -1;
}

hs_tracelog_err hs_export_drain(hs_log_reader *r, void (*fn)(void *opaque, const hs_record *rec),
                                void *opaque, char **msg)
{
    hs_record rec;
    int got;

    while ((got = hs_log_reader_next(r, &rec, msg)) > 0) {
        fn(opaque, &rec);
    }
    return got < 0 ? hs_log_reader_error(r) : HS_TRACELOG_OK;
}

hs_tracelog_err hs_export(hs_log_reader *r, hs_export_format fmt, const char *out_path,
                          const hs_export_options *o, char **msg)
{
    static const hs_export_options none;
    hs_tracelog_err err;
    FILE *gtkw = NULL;
    FILE *out;
    bool out_ok, gtkw_ok = true;

    hs_export_options opts = o ? *o : none;

    if (!opts.out_name) {
        opts.out_name = out_path;
    }
    o = &opts;
    out = fopen(out_path, fmt == HS_EXPORT_PERFETTO ? "wb" : "w");
    if (!out) {
        *msg = g_strdup_printf("%s: %s", out_path, g_strerror(errno));
        return HS_TRACELOG_ERR_IO;
    }
    switch (fmt) {
    case HS_EXPORT_PERFETTO:
        err = hs_export_perfetto(r, out, o, msg);
        break;
    case HS_EXPORT_JSON:
        err = hs_export_json(r, out, o, msg);
        break;
    case HS_EXPORT_VCD:
    default:
        if (o->gtkw_path && !(gtkw = fopen(o->gtkw_path, "w"))) {
            *msg = g_strdup_printf("%s: %s", o->gtkw_path, g_strerror(errno));
            fclose(out);
            return HS_TRACELOG_ERR_IO;
        }
        err = hs_export_vcd(r, out, gtkw, o, msg);
        break;
    }
    /* An output error outranks the log's: the output is then incomplete. */
    out_ok = !ferror(out);
    out_ok = fclose(out) == 0 && out_ok;
    if (gtkw) {
        gtkw_ok = !ferror(gtkw);
        gtkw_ok = fclose(gtkw) == 0 && gtkw_ok;
    }
    if (!out_ok || !gtkw_ok) {
        if (err != HS_TRACELOG_OK) {
            g_free(*msg);
        }
        *msg = g_strdup_printf("%s: write error", out_ok ? o->gtkw_path : out_path);
        return HS_TRACELOG_ERR_IO;
    }
    return err;
}
