/* The page: viewer.html with its stylesheet, its script and the data of each
 * log in place of the template's markers. The data is a JSON header and, per
 * log, the binary columns gzip-compressed and base64-encoded; the page
 * decompresses them with the browser's DecompressionStream. */
#include "traces/viewer/viewer_internal.h"

#include <string.h>

#include <gio/gio.h>

#include "hs_config.h"

/* Markers of viewer.html, each replaced once. */
static const char *const markers[] = {
    "@HS_CSP@", "@HS_TITLE@", "@HS_CSS@", "@HS_DATA@", "@HS_JS@",
};
enum { M_CSP, M_TITLE, M_CSS, M_DATA, M_JS, M__COUNT };

bool hs_viewer_assets_load(const char *dir, hs_viewer_assets *out, char **msg)
{
    static const char *const names[] = { "viewer.html", "viewer.css", "viewer.js" };
    char **slot[] = { (char **)&out->html, (char **)&out->css, (char **)&out->js };

    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        char *path = g_build_filename(dir, names[i], NULL);
        GError *err = NULL;
        if (!g_file_get_contents(path, slot[i], NULL, &err)) {
            *msg = g_strdup(err->message);
            g_error_free(err);
            g_free(path);
            hs_viewer_assets_clear(out);
            return false;
        }
        g_free(path);
    }
    return true;
}

void hs_viewer_assets_clear(hs_viewer_assets *a)
{
    g_free((char *)a->html);
    g_free((char *)a->css);
    g_free((char *)a->js);
    memset(a, 0, sizeof *a);
}

static GBytes *gzip(const guint8 *data, gsize len)
{
    GZlibCompressor *z = g_zlib_compressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
    GByteArray *out = g_byte_array_sized_new((guint)MIN(len / 4 + 64, G_MAXUINT / 2));
    guint8 buf[65536];
    gsize in = 0;

    for (;;) {
        gsize read = 0, written = 0;
        GError *err = NULL;
        GConverterResult res = g_converter_convert(G_CONVERTER(z), data + in, len - in, buf,
                                                   sizeof buf, G_CONVERTER_INPUT_AT_END, &read,
                                                   &written, &err);
        /* Compressing memory into memory cannot fail but by a bug. */
        g_assert_no_error(err);
        in += read;
        g_byte_array_append(out, buf, (guint)written);
        if (res == G_CONVERTER_FINISHED) {
            break;
        }
    }
    g_object_unref(z);
    return g_byte_array_free_to_bytes(out);
}

/* The Content-Security-Policy of the page: nothing from anywhere, its own
 * script by its hash, inline styles. */
static char *csp(const char *js)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    guint8 digest[32];
    gsize len = sizeof digest;
    char *b64, *out;

    g_checksum_update(sum, (const guchar *)js, (gssize)strlen(js));
    g_checksum_get_digest(sum, digest, &len);
    b64 = g_base64_encode(digest, len);
    out = g_strdup_printf("default-src 'none'; script-src 'sha256-%s'; style-src 'unsafe-inline'; "
                          "img-src data:; base-uri 'none'; form-action 'none'", b64);
    g_free(b64);
    g_checksum_free(sum);
    return out;
}

static char *title(const hs_viewer_log *logs, unsigned n)
{
    GString *t = g_string_new(NULL);
    for (unsigned i = 0; i < n; i++) {
        char *base = g_path_get_basename(logs[i].path);
        g_string_append_printf(t, "%s%s", i ? " vs " : "", base);
        g_free(base);
    }
    g_string_append(t, " - hypsim trace viewer");
    return g_string_free(t, FALSE);
}

hs_tracelog_err hs_viewer_page(const hs_viewer_log *logs, unsigned n,
                               const hs_viewer_assets *assets, GString **page, char **msg)
{
    const char *html = assets && assets->html ? assets->html : hs_viewer_html;
    const char *css = assets && assets->css ? assets->css : hs_viewer_css;
    const char *js = assets && assets->js ? assets->js : hs_viewer_js;
    GString *json = g_string_new(NULL), *data = g_string_new(NULL), *out;
    const char *fill[M__COUNT];
    hs_tracelog_err first_err = HS_TRACELOG_OK;
    char *csp_text, *title_text;
    const char *p;

    g_assert(n >= 1 && n <= 2);
    *page = NULL;
    if (strstr(js, "</script") || strstr(css, "</style")) {
        *msg = g_strdup("viewer.js holds \"</script\" or viewer.css \"</style\", which would end "
                        "them inside the page");
        g_string_free(json, TRUE);
        g_string_free(data, TRUE);
        return HS_TRACELOG_ERR_IO;
    }

    g_string_append(json, "{\"format\":1,\"generator\":");
    vw_json_string(json, "hypsim " HS_VERSION);
    g_string_append(json, ",\"globals\":");
    vw_globals_json(json);
    g_string_append(json, ",\"logs\":[");
    for (unsigned i = 0; i < n; i++) {
        GByteArray *bin = g_byte_array_new();
        char *m = NULL, *b64;
        hs_tracelog_err err = vw_log_data(&logs[i], json, bin, &m);
        GBytes *z;

        if (i + 1 < n) {
            g_string_append_c(json, ',');
        }
        if (err != HS_TRACELOG_OK && first_err == HS_TRACELOG_OK) {
            first_err = err;
            *msg = m;
            m = NULL;
        }
        g_free(m);
        z = gzip(bin->data, bin->len);
        b64 = g_base64_encode(g_bytes_get_data(z, NULL), g_bytes_get_size(z));
        g_string_append_printf(data, "<script id=\"hs-data-%u\" type=\"application/octet-stream\">",
                               i);
        g_string_append(data, b64);
        g_string_append(data, "</script>\n");
        g_free(b64);
        g_bytes_unref(z);
        g_byte_array_free(bin, TRUE);
    }
    g_string_append(json, "]}");
    g_string_prepend(data, "</script>\n");
    g_string_prepend(data, json->str);
    g_string_prepend(data, "<script id=\"hs-meta\" type=\"application/json\">");

    csp_text = csp(js);
    title_text = title(logs, n);
    fill[M_CSP] = csp_text;
    fill[M_TITLE] = g_markup_escape_text(title_text, -1);
    fill[M_CSS] = css;
    fill[M_DATA] = data->str;
    fill[M_JS] = js;

    /* The template with each marker replaced, in the order they appear. */
    out = g_string_sized_new(strlen(html) + strlen(css) + strlen(js) + data->len + 256);
    p = html;
    for (;;) {
        const char *best = NULL;
        int which = -1;
        for (int m = 0; m < M__COUNT; m++) {
            const char *at = strstr(p, markers[m]);
            if (at && (!best || at < best)) {
                best = at;
                which = m;
            }
        }
        if (!best) {
            g_string_append(out, p);
            break;
        }
        g_string_append_len(out, p, best - p);
        g_string_append(out, fill[which]);
        p = best + strlen(markers[which]);
    }

    g_free((char *)fill[M_TITLE]);
    g_free(title_text);
    g_free(csp_text);
    g_string_free(json, TRUE);
    g_string_free(data, TRUE);
    *page = out;
    return first_err;
}
