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

#include "sim/cli/cli_util.h"

#include "traces/catalog_doc.h"
#include "traces/decode.h"
#include "traces/export.h"
#include "traces/log.h"
#include "traces/races.h"
#include "traces/stats.h"
#include "traces/symbols.h"
#include "traces/time_arg.h"

#define usage_error(...) hs_cli_error("hypsim trace", "hypsim trace help", __VA_ARGS__)

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
"  races LOG [--checkers LIST] [--storm-max N] [--storm-window TIME]\n"
"            [--window LO-HI|SYMBOL[+LEN]]\n"
"            [--maint-intid N] [--image ELF]\n"
"                          run the race checkers over the log and print each race\n"
"                          with its evidence records (docs/traces.md); LIST names\n"
"                          checkers: late-maintenance, spurious-maintenance,\n"
"                          lost-virq, eoi-reused-lr, maintenance-storm, or all\n"
"  catalog [--markdown]    the events hypsim can record (docs/events.md)\n"
"\n"
"LIST selects events by class or name, comma-separated (see catalog). TIME is in\n"
"picoseconds, or give a unit: 250ns, 2.5us, 1ms, 1s. --image reads symbols from\n"
"ELF instead of the image named in the log.\n"
"\n"
"Exit status: 0 success; 1 the log is damaged (everything before the damage was\n"
"processed) or, for races, a race was found; 2 a usage error or a log that\n"
"cannot be opened.\n";

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

/* The symbols of the log's image (hs_symtab_open_for_log); problems are warnings. */
static hs_symtab *open_symbols(const char *cmd, const hs_log_reader *r, const char *image)
{
    char *why;
    hs_symtab *s = hs_symtab_open_for_log(r, image, &why);
    if (!s && why) {
        fprintf(stderr, "hypsim trace %s: warning: %s\n", cmd, why);
    }
    g_free(why);
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
        if (hs_cli_opt_is(a, "events")) {
            const char *bad;
            NEED_VALUE("dump");
            if (hs_trace_parse_events(val, &filt.events, &bad) != 0) {
                return usage_error("dump: --events: unknown event or class '%s'", bad);
            }
            filt.all_events = false;
        } else if (hs_cli_opt_is(a, "vcpu")) {
            NEED_VALUE("dump");
            if (!hs_cli_parse_u64(val, &n) || n > UINT32_MAX) {
                return usage_error("dump: --vcpu %s: give a vCPU number", val);
            }
            filt.has_vcpu = true;
            filt.vcpu = (uint32_t)n;
        } else if (hs_cli_opt_is(a, "from") || hs_cli_opt_is(a, "to")) {
            bool from = hs_cli_opt_is(a, "from");
            NEED_VALUE("dump");
            if (!hs_time_arg_parse(val, from ? &filt.from : &filt.to)) {
                return usage_error("dump: %s %s: give a time in ps, or with a unit (ns, us, "
                                   "ms, s)", a, val);
            }
        } else if (hs_cli_opt_is(a, "image")) {
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
        if (hs_cli_opt_is(a, "format")) {
            NEED_VALUE("export");
            format = val;
        } else if (!strcmp(a, "-o") || hs_cli_opt_is(a, "output")) {
            NEED_VALUE("export");
            out = val;
        } else if (hs_cli_opt_is(a, "gtkw")) {
            NEED_VALUE("export");
            gtkw = val;
        } else if (hs_cli_opt_is(a, "image")) {
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

/* ---- races ------------------------------------------------------------------- */

typedef struct found_race {
    hs_race race;                  /* text: owned */
} found_race;

static void collect_race(void *opaque, const hs_race *race)
{
    found_race f = { *race };
    f.race.text = g_strdup(race->text);
    g_array_append_val(opaque, f);
}

static void races_feed(void *opaque, const hs_record *rec)
{
    hs_races_record(opaque, rec);
}

/* Drops the checkers the log cannot feed (it was recorded without events
 * they read) and says why; warns about a log that holds part of its run. */
static void races_fit_log(const char *path, const hs_log_reader *r, hs_race_config *cfg)
{
    const char *sel = hs_log_reader_meta_get(r, "trace.events");
    const char *bad;
    uint64_t have = HS_EV_ALL;

    if (sel && hs_trace_parse_events(sel, &have, &bad) != 0) {
        fprintf(stderr, "hypsim trace races: %s: warning: the log's selection of events "
                "(%s) names '%s', which this build does not know\n", path, sel, bad);
        have = HS_EV_ALL;
    }
    for (unsigned k = 0; k < HS_RACE__COUNT; k++) {
        uint64_t missing = hs_race_checker_needs((hs_race_checker)k) & ~have;
        GString *names;
        if (!(cfg->checkers >> k & 1) || !missing) {
            continue;
        }
        names = g_string_new(NULL);
        for (unsigned e = 0; e < HS_EV__COUNT; e++) {
            if (missing >> e & 1) {
                g_string_append_printf(names, "%s%s", names->len ? "," : "",
                                       hs_event_table[e].name);
            }
        }
        fprintf(stderr, "hypsim trace races: %s: %s not run: the log was recorded with "
                "--trace-events %s, without %s\n", path, hs_race_checker_name(k), sel,
                names->str);
        g_string_free(names, TRUE);
        cfg->checkers &= ~(1u << k);
    }
    if (hs_log_reader_meta_get(r, "trace.from-ps") || hs_log_reader_meta_get(r, "trace.to-ps")) {
        fprintf(stderr, "hypsim trace races: %s: warning: the log holds a time window of its "
                "run; the checkers start from nothing at its start, so races there may be "
                "missed or wrongly reported\n", path);
    }
    if ((sel = hs_log_reader_meta_get(r, "trace.vcpus"))) {
        fprintf(stderr, "hypsim trace races: %s: note: the log holds vCPUs %s only\n", path,
                sel);
    }
}

/* Whether a race's detail field is the sequence number of a record. */
static bool detail_is_seq(const hs_race *race)
{
    return race->detail != HS_RACE_NO_SEQ &&
           (race->checker == HS_RACE_LATE_MAINT || race->checker == HS_RACE_SPURIOUS_MAINT ||
            race->checker == HS_RACE_EOI_REUSED_LR);
}

/* Prints each race and the records it names (a second pass over the log). */
static void races_print(const char *path, const GArray *found, hs_symtab *syms)
{
    GHashTable *want = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    hs_symbolizer sym;
    hs_log_reader *r;
    hs_record rec;
    GString *line = g_string_new(NULL);
    char *msg = NULL;
    unsigned counts[HS_RACE__COUNT] = { 0 };

    for (guint i = 0; i < found->len; i++) {
        const hs_race *race = &g_array_index(found, found_race, i).race;
        const uint64_t seqs[3] = { race->seq0, race->seq1, detail_is_seq(race) ? race->detail
                                                                                 : race->seq0 };
        for (unsigned k = 0; k < 3; k++) {
            g_hash_table_insert(want, g_memdup2(&seqs[k], sizeof seqs[k]), NULL);
        }
    }
    if (syms) {
        sym = hs_symtab_symbolizer(syms);
    }
    if (hs_log_reader_open(path, &r, &msg) == HS_TRACELOG_OK) {
        while (hs_log_reader_next(r, &rec, &msg) > 0) {
            gpointer key;
            if (g_hash_table_lookup_extended(want, &rec.seq, &key, NULL)) {
                g_string_truncate(line, 0);
                hs_record_format(line, &rec, hs_log_reader_event_info(r, rec.event),
                                 syms ? &sym : NULL);
                g_hash_table_replace(want, g_memdup2(&rec.seq, sizeof rec.seq),
                                     g_strdup(line->str));
            }
        }
        hs_log_reader_close(r);
    }
    g_free(msg);
    for (guint i = 0; i < found->len; i++) {
        const hs_race *race = &g_array_index(found, found_race, i).race;
        const uint64_t seqs[3] = { race->seq0, race->seq1, race->detail };
        const unsigned n = detail_is_seq(race) ? 3 : 2;
        uint64_t sorted[3];

        counts[race->checker]++;
        printf("race %u: %s on vCPU %u: %s\n%s\n", i + 1, hs_race_checker_name(race->checker),
               race->vcpu, race->text, hs_record_format_header);
        memcpy(sorted, seqs, sizeof sorted);
        for (unsigned a = 0; a < n; a++) {
            for (unsigned b = a + 1; b < n; b++) {
                if (sorted[b] < sorted[a]) {
                    uint64_t t = sorted[a];
                    sorted[a] = sorted[b];
                    sorted[b] = t;
                }
            }
        }
        for (unsigned k = 0; k < n; k++) {
            const char *text;
            if (k && sorted[k] == sorted[k - 1]) {
                continue;
            }
            text = g_hash_table_lookup(want, &sorted[k]);
            if (text) {
                puts(text);
            } else {
                printf("%10" G_GUINT64_FORMAT " (not in the log)\n", sorted[k]);
            }
        }
        putchar('\n');
    }
    printf("%u race%s:", found->len, found->len == 1 ? "" : "s");
    for (unsigned k = 0, first = 1; k < HS_RACE__COUNT; k++) {
        if (counts[k]) {
            printf("%s %s %u", first ? "" : ",", hs_race_checker_name(k), counts[k]);
            first = 0;
        }
    }
    putchar('\n');
    g_string_free(line, TRUE);
    g_hash_table_destroy(want);
}

static int cmd_races(int argc, char **argv)
{
    const char *window = NULL;
    const char *path = NULL, *image = NULL, *val, *bad;
    hs_race_config cfg;
    bool intid_given = false;
    hs_log_reader *r;
    hs_races *races;
    hs_symtab *syms = NULL;
    GArray *found;
    hs_tracelog_err err;
    char *msg = NULL;
    int status;

    hs_race_config_init(&cfg);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        uint64_t n;
        if (hs_cli_opt_is(a, "checkers")) {
            NEED_VALUE("races");
            if (hs_race_parse_checkers(val, &cfg.checkers, &bad) != 0) {
                return usage_error("races: --checkers: unknown checker '%s'", bad);
            }
        } else if (hs_cli_opt_is(a, "storm-max")) {
            NEED_VALUE("races");
            if (!hs_cli_parse_u64(val, &n) || n < 1 || n > HS_RACE_STORM_MAX_LIMIT) {
                return usage_error("races: --storm-max %s: give a number from 1 to %u", val,
                                   HS_RACE_STORM_MAX_LIMIT);
            }
            cfg.storm_max = n;
        } else if (hs_cli_opt_is(a, "storm-window")) {
            NEED_VALUE("races");
            if (!hs_time_arg_parse(val, &cfg.storm_window_ps) || !cfg.storm_window_ps) {
                return usage_error("races: --storm-window %s: give a time above 0, in ps or "
                                   "with a unit (ns, us, ms, s)", val);
            }
        } else if (hs_cli_opt_is(a, "maint-intid")) {
            NEED_VALUE("races");
            if (!hs_cli_parse_u64(val, &n) || n >= 1020) {
                return usage_error("races: --maint-intid %s: give an interrupt ID below 1020",
                                   val);
            }
            cfg.maint_intid = (unsigned)n;
            intid_given = true;
        } else if (hs_cli_opt_is(a, "image")) {
            NEED_VALUE("races");
            image = val;
        } else if (hs_cli_opt_is(a, "window")) {
            NEED_VALUE("races");
            window = val;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("races: unknown option '%s'", a);
        } else if (!path) {
            path = a;
        } else {
            return usage_error("races: more than one log ('%s' and '%s')", path, a);
        }
    }
    if (!path) {
        return usage_error("races: no log given");
    }
    if (!(r = open_log("races", path))) {
        return EXIT_USAGE;
    }
    if (!intid_given) {
        const char *v = hs_log_reader_meta_get(r, "gic.maintenance-intid");
        uint64_t n;
        if (v && hs_cli_parse_u64(v, &n) && n < 1020) {
            cfg.maint_intid = (unsigned)n;
        } else {
            fprintf(stderr, "hypsim trace races: %s: note: the log does not say which INTID "
                    "the maintenance interrupt has; %u assumed (give --maint-intid)\n", path,
                    cfg.maint_intid);
        }
    }
    races_fit_log(path, r, &cfg);
    if (window) {
        const char *img = image ? image : hs_log_reader_meta(r)->image_path;
        if (!hs_race_parse_window(window, img, &cfg.window_lo, &cfg.window_hi, &msg)) {
            hs_log_reader_close(r);
            status = usage_error("races: --window: %s", msg);
            g_free(msg);
            return status;
        }
    }
    found = g_array_new(FALSE, FALSE, sizeof(found_race));
    races = hs_races_new(&cfg, collect_race, found);
    err = hs_export_drain(r, races_feed, races, &msg);
    hs_races_free(races);
    if (found->len) {
        syms = open_symbols("races", r, image);
    }
    hs_log_reader_close(r);
    if (found->len) {
        races_print(path, found, syms);
    } else {
        puts("no races");
    }
    fflush(stdout);
    status = finish("races", err, msg);
    if (status == EXIT_OK && found->len) {
        status = EXIT_DAMAGED;      /* 1: races found */
    }
    for (guint i = 0; i < found->len; i++) {
        g_free((char *)g_array_index(found, found_race, i).race.text);
    }
    g_array_free(found, TRUE);
    hs_symtab_free(syms);
    return status;
}

static int cmd_catalog(int argc, char **argv)
{
    GString *out = g_string_new(NULL);
    bool md = false;

    for (int i = 0; i < argc; i++) {
        if (hs_cli_opt_is(argv[i], "markdown")) {
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
        { "races", cmd_races }, { "catalog", cmd_catalog },
    };

    if (argc < 1) {
        fputs(hs_cli_trace_usage, stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[0], "help") || hs_cli_opt_is(argv[0], "help") || !strcmp(argv[0], "-h")) {
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
