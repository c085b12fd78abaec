/* `hypsim view`: writes the trace viewer's page for one log, or two to compare,
 * or serves it on the loopback interface. The work is done in traces/viewer/;
 * this file parses options and reports. */
#include "sim/cli/view_cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "sim/cli/cli_util.h"

#include "traces/log.h"
#include "traces/symbols.h"
#include "traces/viewer/viewer.h"

enum { EXIT_OK = 0, EXIT_DAMAGED = 1, EXIT_USAGE = 2 };

const char hs_cli_view_usage[] =
"Usage: hypsim view LOG [LOG2] (-o FILE.html | --serve [--port N]) [options]\n"
"\n"
"Writes one self-contained HTML page that replays LOG event by event in a\n"
"browser (it loads nothing from elsewhere and opens from disk), or, with LOG2,\n"
"shows two logs of the same image side by side, aligned by sequence number,\n"
"with their first divergence marked.\n"
"\n"
"Options:\n"
"  -o, --output FILE       write the page to FILE\n"
"  --serve                 serve the page on 127.0.0.1 and print its URL; runs\n"
"                          until interrupted (Ctrl-C)\n"
"  --port N                the port for --serve (default 0: any free port)\n"
"  --image ELF             read symbols from ELF instead of the image the log\n"
"                          names (for LOG2 too, unless --image2)\n"
"  --image2 ELF            the same for LOG2\n"
"  --assets DIR            read viewer.html, viewer.css and viewer.js from DIR\n"
"                          instead of the copies built into hypsim (to work on\n"
"                          the viewer: --assets traces/viewer)\n"
"\n"
"Exit status: 0 success; 1 a log is damaged (the page holds everything before\n"
"the damage); 2 a usage error, a log that cannot be opened, or a page that\n"
"cannot be written or served.\n";

#define usage_error(...) hs_cli_error("hypsim view", "hypsim view --help", __VA_ARGS__)

/* The symbols of a log's image (hs_symtab_open_for_log); problems are warnings. */
static hs_symtab *open_symbols(const hs_log_reader *r, const char *log, const char *image)
{
    char *why;
    hs_symtab *s = hs_symtab_open_for_log(r, image, &why);
    if (!s && why) {
        fprintf(stderr, "hypsim view: warning: %s: %s\n", log, why);
    }
    g_free(why);
    return s;
}

static void print_url(const char *url, void *opaque)
{
    const char *what = opaque;
    printf("%s\n", url);
    fflush(stdout);
    fprintf(stderr, "hypsim view: serving %s at %s (loopback only); Ctrl-C stops\n", what, url);
}

int hs_cli_view(int argc, char **argv)
{
    const char *paths[2] = { NULL, NULL }, *images[2] = { NULL, NULL };
    const char *out = NULL, *assets_dir = NULL;
    bool serve = false;
    uint64_t port = 0;
    unsigned n = 0;
    hs_viewer_log logs[2];
    hs_log_reader *readers[2] = { NULL, NULL };
    hs_symtab *syms[2] = { NULL, NULL };
    hs_symbolizer symz[2];
    hs_viewer_assets assets = { 0 };
    GString *page = NULL;
    hs_tracelog_err err;
    char *msg = NULL;
    int status = EXIT_OK;

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = !strcmp(a, "-o") || hs_cli_opt_is(a, "output") || hs_cli_opt_is(a, "port") ||
                     hs_cli_opt_is(a, "image") || hs_cli_opt_is(a, "image2") || hs_cli_opt_is(a, "assets");
        if (takes && !val) {
            return usage_error("option %s needs a value", a);
        }
        if (!strcmp(a, "-h") || hs_cli_opt_is(a, "help") || !strcmp(a, "help")) {
            fputs(hs_cli_view_usage, stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "-o") || hs_cli_opt_is(a, "output")) {
            out = val;
        } else if (hs_cli_opt_is(a, "serve")) {
            serve = true;
        } else if (hs_cli_opt_is(a, "port")) {
            char *end;
            errno = 0;
            port = g_ascii_strtoull(val, &end, 10);
            if (!g_ascii_isdigit(*val) || *end || errno || port > 65535) {
                return usage_error("--port %s: give a port number from 0 to 65535", val);
            }
        } else if (hs_cli_opt_is(a, "image")) {
            images[0] = val;
        } else if (hs_cli_opt_is(a, "image2")) {
            images[1] = val;
        } else if (hs_cli_opt_is(a, "assets")) {
            assets_dir = val;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else if (n < 2) {
            paths[n++] = a;
        } else {
            return usage_error("more than two logs ('%s')", a);
        }
        if (takes) {
            i++;
        }
    }
    if (!n) {
        return usage_error("no log given");
    }
    if (!out && !serve) {
        return usage_error("give -o FILE.html, or --serve");
    }
    if (port && !serve) {
        return usage_error("--port goes with --serve");
    }
    if (images[1] && n < 2) {
        return usage_error("--image2 goes with a second log");
    }
    if (!images[1]) {
        images[1] = images[0];
    }
    if (assets_dir && !hs_viewer_assets_load(assets_dir, &assets, &msg)) {
        fprintf(stderr, "hypsim view: --assets: %s\n", msg);
        g_free(msg);
        return EXIT_USAGE;
    }

    for (unsigned i = 0; i < n; i++) {
        if (hs_log_reader_open(paths[i], &readers[i], &msg) != HS_TRACELOG_OK) {
            fprintf(stderr, "hypsim view: %s\n", msg);
            g_free(msg);
            status = EXIT_USAGE;
            goto done;
        }
        syms[i] = open_symbols(readers[i], paths[i], images[i]);
        if (syms[i]) {
            symz[i] = hs_symtab_symbolizer(syms[i]);
        }
        logs[i] = (hs_viewer_log){ readers[i], paths[i], syms[i] ? &symz[i] : NULL };
    }

    err = hs_viewer_page(logs, n, &assets, &page, &msg);
    if (!page) {
        fprintf(stderr, "hypsim view: %s\n", msg ? msg : hs_tracelog_strerror(err));
        status = EXIT_USAGE;
        goto done;
    }
    if (err != HS_TRACELOG_OK) {
        fprintf(stderr, "hypsim view: %s (the page shows the records before it)\n",
                msg ? msg : hs_tracelog_strerror(err));
        status = err == HS_TRACELOG_ERR_IO ? EXIT_USAGE : EXIT_DAMAGED;
    }
    g_clear_pointer(&msg, g_free);

    if (out) {
        GError *e = NULL;
        if (!g_file_set_contents(out, page->str, (gssize)page->len, &e)) {
            fprintf(stderr, "hypsim view: cannot write the page to %s: %s\n", out, e->message);
            g_error_free(e);
            status = EXIT_USAGE;
            goto done;
        }
    }
    if (serve) {
        gsize len = page->len;
        GBytes *bytes = g_bytes_new_take(g_string_free(page, FALSE), len);
        char *what = n == 2 ? g_strdup_printf("%s vs %s", paths[0], paths[1]) : g_strdup(paths[0]);
        page = NULL;
        if (!hs_viewer_serve(bytes, (unsigned)port, print_url, what, &msg)) {
            fprintf(stderr, "hypsim view: --serve: %s\n", msg);
            g_free(msg);
            status = EXIT_USAGE;
        }
        g_free(what);
        g_bytes_unref(bytes);
    }

done:
    if (page) {
        g_string_free(page, TRUE);
    }
    for (unsigned i = 0; i < 2; i++) {
        hs_symtab_free(syms[i]);
        if (readers[i]) {
            hs_log_reader_close(readers[i]);
        }
    }
    hs_viewer_assets_clear(&assets);
    return status;
}
