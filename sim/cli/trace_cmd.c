/* `hypsim trace`: dump, export, stats and catalog. The work is done in traces/;
 * this file parses options and reports. */
#include "sim/cli/trace_cmd.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "traces/catalog_doc.h"
#include "traces/decode.h"
#include "traces/export.h"
#include "traces/log.h"
#include "traces/stats.h"
#include "traces/symbols.h"

enum { EXIT_OK = 0, EXIT_DAMAGED = 1, EXIT_USAGE = 2 };

const char hs_cli_trace_usage[] =
"Usage: hypsim trace COMMAND [options]\n"
"\n"
"Commands:\n"
"  dump LOG [--events LIST] [--vcpu N] [--from TIME] [--to TIME] [--image ELF]\n"
"                          one record a line: sequence number, time (ps), vCPU,\n"
"                          cycle, event, fields and what they mean; code addresses\n"
"                          as symbol+offset from the image the log names\n"
"  export --format perfetto|json|vcd LOG -o OUT [--gtkw FILE] [--image ELF]\n"
"                          for ui.perfetto.dev (perfetto, json), chrome://tracing\n"
"                          (json) or GTKWave (vcd, with a save file OUT.gtkw)\n"
"  stats LOG               records per event and interrupt delivery latencies\n"
"  catalog [--markdown]    the events hypsim can record (docs/events.md)\n"
"\n"
"LIST selects events by class or name, comma-separated (see catalog). TIME is in\n"
"picoseconds, or give a unit: 250ns, 2.5us, 1ms, 1s. --image reads symbols from\n"
"ELF instead of the image named in the log.\n"
"\n"
"Exit status: 0 success; 1 the log is damaged (everything before the damage was\n"
"processed); 2 a usage error or a log that cannot be opened.\n";

static int usage_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("hypsim trace: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'hypsim trace help'.\n", stderr);
    return EXIT_USAGE;
}

static bool opt_is(const char *arg, const char *name)
{
    if (arg[0] != '-') {
        return false;
    }
    arg += arg[1] == '-' ? 2 : 1;
    return !strcmp(arg, name);
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (!g_ascii_isdigit(*s)) {
        return false;
    }
    errno = 0;
    *out = g_ascii_strtoull(s, &end, 0);
    return !errno && !*end;
}

/* A time: digits, optionally a fraction, optionally a unit (ps by default). */
static bool parse_time(const char *s, uint64_t *ps)
{
    static const struct { const char *unit; uint64_t ps; } units[] = {
        { "", 1 }, { "ps", 1 }, { "ns", 1000 }, { "us", 1000000 }, { "ms", UINT64_C(1000000000) },
        { "s", UINT64_C(1000000000000) },
    };
    uint64_t whole = 0, frac = 0, scale = 1;
    const char *p = s;

    if (!g_ascii_isdigit(*p)) {
        return false;
    }
    for (; g_ascii_isdigit(*p); p++) {
        if (whole > (UINT64_MAX - 9) / 10) {
            return false;
        }
        whole = whole * 10 + (uint64_t)(*p - '0');
    }
    if (*p == '.') {
        for (p++; g_ascii_isdigit(*p); p++) {
            if (scale < UINT64_C(1000000000000)) {
                frac = frac * 10 + (uint64_t)(*p - '0');
                scale *= 10;
            }
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
        if (!strcmp(p, units[i].unit)) {
            if (whole > UINT64_MAX / units[i].ps) {
                return false;
            }
            *ps = whole * units[i].ps + frac * units[i].ps / scale;
            return true;
        }
    }
    return false;
}

static hs_log_reader *open_log(const char *cmd, const char *path)
{
    hs_log_reader *r;
    char *msg = NULL;
    if (hs_log_reader_open(path, &r, &msg) != HS_TRACELOG_OK) {
        fprintf(stderr, "hypsim trace %s: %s\n", cmd, msg);
        g_free(msg);
        return NULL;
    }
    return r;
}

/* The symbols of the image: --image, or the one the log names when it is still
 * the same file (its SHA-256 is in the log). Problems are warnings. */
static hs_symtab *open_symbols(const char *cmd, const hs_log_reader *r, const char *image)
{
    const hs_log_meta *m = hs_log_reader_meta(r);
    hs_symtab *s;
    char *msg = NULL;

    if (!image) {
        char *sha;
        image = m->image_path;
        if (!image) {
            return NULL;
        }
        if (!g_file_test(image, G_FILE_TEST_IS_REGULAR)) {
            fprintf(stderr, "hypsim trace %s: warning: %s, the image this log was recorded "
                    "with, is not there; no symbols shown (give --image)\n", cmd, image);
            return NULL;
        }
        sha = hs_file_sha256(image, &msg);
        if (!sha || (m->image_sha256 && strcmp(sha, m->image_sha256))) {
            fprintf(stderr, "hypsim trace %s: warning: %s is not the image this log was "
                    "recorded with (%s); no symbols shown (give --image to force)\n", cmd, image,
                    sha ? "its SHA-256 differs" : msg);
            g_free(sha);
            g_free(msg);
            return NULL;
        }
        g_free(sha);
    }
    s = hs_symtab_open(image, &msg);
    if (!s) {
        fprintf(stderr, "hypsim trace %s: warning: no symbols: %s\n", cmd, msg);
        g_free(msg);
    }
    return s;
}

/* Reports the reader's damage, if any, after the output it allowed. */
static int finish(const char *cmd, hs_tracelog_err err, char *msg)
{
    if (err == HS_TRACELOG_OK) {
        return EXIT_OK;
    }
    fprintf(stderr, "hypsim trace %s: %s\n", cmd, msg ? msg : hs_tracelog_strerror(err));
    g_free(msg);
    return err == HS_TRACELOG_ERR_IO ? EXIT_USAGE : EXIT_DAMAGED;
}

#define NEED_VALUE(cmd)                                                                  \
    do {                                                                                 \
        if (i + 1 >= argc) {                                                             \
            return usage_error("%s: option %s needs a value", cmd, argv[i]);             \
        }                                                                                \
        val = argv[++i];                                                                 \
    } while (0)

typedef struct dump_filter {
    uint64_t events;               /* mask of hs_event; foreign events pass only with all */
    bool all_events;
    bool has_vcpu;
    uint32_t vcpu;
    uint64_t from, to;
} dump_filter;

static bool passes(const dump_filter *f, const hs_record *r)
{
    if (!f->all_events && (r->event >= HS_EV__COUNT || !(f->events >> r->event & 1))) {
        return false;
    }
    if (f->has_vcpu && r->vcpu != f->vcpu) {
        return false;
    }
    return r->time_ps >= f->from && r->time_ps <= f->to;
}

static int cmd_dump(int argc, char **argv)
{
    dump_filter filt = { .all_events = true, .to = UINT64_MAX };
    const char *path = NULL, *image = NULL, *val;
    hs_log_reader *r;
    hs_symtab *syms;
    hs_symbolizer sym;
    hs_record rec;
    GString *line = g_string_new(NULL);
    char *msg = NULL;
    int got;

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        uint64_t n;
        if (opt_is(a, "events")) {
            hs_tracer t;
            const char *bad;
            NEED_VALUE("dump");
            hs_tracer_init(&t);
            if (hs_tracer_select(&t, val, &bad) != 0) {
                return usage_error("dump: --events: unknown event or class '%s'", bad);
            }
            filt.events = t.enabled;
            filt.all_events = false;
        } else if (opt_is(a, "vcpu")) {
            NEED_VALUE("dump");
            if (!parse_u64(val, &n) || n > UINT32_MAX) {
                return usage_error("dump: --vcpu %s: give a vCPU number", val);
            }
            filt.has_vcpu = true;
            filt.vcpu = (uint32_t)n;
        } else if (opt_is(a, "from") || opt_is(a, "to")) {
            bool from = opt_is(a, "from");
            NEED_VALUE("dump");
            if (!parse_time(val, from ? &filt.from : &filt.to)) {
                return usage_error("dump: %s %s: give a time in ps, or with a unit (ns, us, "
                                   "ms, s)", a, val);
            }
        } else if (opt_is(a, "image")) {
            NEED_VALUE("dump");
            image = val;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("dump: unknown option '%s'", a);
        } else if (!path) {
            path = a;
        } else {
            return usage_error("dump: more than one log ('%s' and '%s')", path, a);
        }
    }
    if (!path) {
        return usage_error("dump: no log given");
    }
    if (!(r = open_log("dump", path))) {
        return EXIT_USAGE;
    }
    syms = open_symbols("dump", r, image);
    if (syms) {
        sym = hs_symtab_symbolizer(syms);
    }
    puts(hs_record_format_header);
    while ((got = hs_log_reader_next(r, &rec, &msg)) > 0) {
        if (passes(&filt, &rec)) {
            g_string_truncate(line, 0);
            hs_record_format(line, &rec, hs_log_reader_event_info(r, rec.event),
                             syms ? &sym : NULL);
            puts(line->str);
        }
    }
    fflush(stdout);
    g_string_free(line, TRUE);
    got = finish("dump", got < 0 ? hs_log_reader_error(r) : HS_TRACELOG_OK, msg);
    hs_symtab_free(syms);
    hs_log_reader_close(r);
    return got;
}

static int cmd_export(int argc, char **argv)
{
    const char *path = NULL, *out = NULL, *format = NULL, *gtkw = NULL, *image = NULL, *val;
    hs_export_options o = { 0 };
    hs_log_reader *r;
    hs_symtab *syms;
    hs_symbolizer sym;
    char *gtkw_default = NULL, *abs_out = NULL, *msg = NULL;
    hs_tracelog_err err;
    int fmt, status;

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (opt_is(a, "format")) {
            NEED_VALUE("export");
            format = val;
        } else if (!strcmp(a, "-o") || opt_is(a, "output")) {
            NEED_VALUE("export");
            out = val;
        } else if (opt_is(a, "gtkw")) {
            NEED_VALUE("export");
            gtkw = val;
        } else if (opt_is(a, "image")) {
            NEED_VALUE("export");
            image = val;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("export: unknown option '%s'", a);
        } else if (!path) {
            path = a;
        } else {
            return usage_error("export: more than one log ('%s' and '%s')", path, a);
        }
    }
    if (!format) {
        return usage_error("export: give --format perfetto, json or vcd");
    }
    if ((fmt = hs_export_format_parse(format)) < 0) {
        return usage_error("export: --format %s: give perfetto, json or vcd", format);
    }
    if (!path) {
        return usage_error("export: no log given");
    }
    if (!out) {
        return usage_error("export: give the output file with -o OUT");
    }
    if (gtkw && fmt != HS_EXPORT_VCD) {
        return usage_error("export: --gtkw goes with --format vcd");
    }
    if (!(r = open_log("export", path))) {
        return EXIT_USAGE;
    }
    syms = open_symbols("export", r, image);
    if (syms) {
        sym = hs_symtab_symbolizer(syms);
        o.sym = &sym;
    }
    if (fmt == HS_EXPORT_VCD) {
        if (!gtkw) {
            gtkw = gtkw_default = g_str_has_suffix(out, ".vcd")
                ? g_strdup_printf("%.*s.gtkw", (int)strlen(out) - 4, out)
                : g_strdup_printf("%s.gtkw", out);
        }
        o.gtkw_path = gtkw;
        o.out_name = abs_out = g_canonicalize_filename(out, NULL);
    }
    err = hs_export(r, (hs_export_format)fmt, out, &o, &msg);
    status = finish("export", err, msg);
    g_free(gtkw_default);
    g_free(abs_out);
    hs_symtab_free(syms);
    hs_log_reader_close(r);
    return status;
}

static void stats_feed(void *opaque, const hs_record *rec)
{
    hs_trace_stats_record(opaque, rec);
}

static int cmd_stats(int argc, char **argv)
{
    hs_log_reader *r;
    hs_trace_stats *s;
    hs_tracelog_err err;
    char *msg = NULL;

    if (argc != 1 || argv[0][0] == '-') {
        return usage_error("stats: give one log, and no options");
    }
    if (!(r = open_log("stats", argv[0]))) {
        return EXIT_USAGE;
    }
    s = hs_trace_stats_new();
    err = hs_export_drain(r, stats_feed, s, &msg);
    hs_trace_stats_finish(s);
    hs_trace_stats_print(s, r, stdout);
    fflush(stdout);
    hs_trace_stats_free(s);
    hs_log_reader_close(r);
    return finish("stats", err, msg);
}

static int cmd_catalog(int argc, char **argv)
{
    GString *out = g_string_new(NULL);
    bool md = false;

    for (int i = 0; i < argc; i++) {
        if (opt_is(argv[i], "markdown")) {
            md = true;
        } else {
            g_string_free(out, TRUE);
            return usage_error("catalog: unknown argument '%s'", argv[i]);
        }
    }
    hs_catalog_describe(out, md);
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
    return EXIT_OK;
}

int hs_cli_trace(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int argc, char **argv);
    } cmds[] = {
        { "dump", cmd_dump }, { "export", cmd_export }, { "stats", cmd_stats },
        { "catalog", cmd_catalog },
    };

    if (argc < 1) {
        fputs(hs_cli_trace_usage, stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[0], "help") || opt_is(argv[0], "help") || !strcmp(argv[0], "-h")) {
        fputs(hs_cli_trace_usage, stdout);
        return EXIT_OK;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(cmds); i++) {
        if (!strcmp(argv[0], cmds[i].name)) {
            return cmds[i].fn(argc - 1, argv + 1);
        }
    }
    return usage_error("unknown command '%s'", argv[0]);
}
