/* `hypsim replay LOG`: rebuilds a run from its log's header (image, platform
 * text, options; docs/traces.md "Deterministic replay") and compares the new
 * event stream with the log's through a recording sink (traces/replay.h). */
#include "sim/cli/replay_cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "sim/cli/cli_util.h"

#include "hypsim/hypsim.h"
#include "sim/cli/run_options.h"
#include "traces/log.h"
#include "traces/replay.h"

#define input_error(...) hs_cli_error("hypsim replay", NULL, __VA_ARGS__)

enum { EXIT_SAME = 0, EXIT_DIVERGED = 1, EXIT_INPUT = 2 };

const char hs_cli_replay_usage[] =
"Usage: hypsim replay LOG [--image FILE]\n"
"\n"
"Runs the run that recorded LOG again: the image the log names (it must have\n"
"the SHA-256 the log holds; --image gives another path to it), the platform\n"
"text the log holds, and the options of the run, without writing a log, with\n"
"the console output discarded and no console input. Every event is compared\n"
"with the log's, record by record; the first difference is named by its\n"
"sequence number with both records.\n"
"\n"
"Exit status of replay: 0 identical to the end of the log; 1 the runs diverge;\n"
"2 a usage error, a log that cannot be read or replayed, or a changed image.\n";

/* The image to run: --image, or the log's image.path as given (relative to
 * the directory of the recorded run when it is not found from here); it must
 * be the file the log was recorded with. */
static char *find_image(const char *log, const hs_log_reader *r, const char *given)
{
    const hs_log_meta *m = hs_log_reader_meta(r);
    const char *cwd = hs_log_reader_meta_get(r, "run.cwd");
    char *path, *sha, *msg = NULL;

    if (!m->image_path && !given) {
        input_error("%s: the log names no image", log);
        return NULL;
    }
    if (!m->image_sha256) {
        input_error("%s: the log holds no SHA-256 of its image, so the image cannot be "
                    "checked", log);
        return NULL;
    }
    path = g_strdup(given ? given : m->image_path);
    if (!given && !g_file_test(path, G_FILE_TEST_EXISTS) && cwd && !g_path_is_absolute(path)) {
        char *there = g_build_filename(cwd, path, NULL);
        if (g_file_test(there, G_FILE_TEST_EXISTS)) {
            g_free(path);
            path = there;
        } else {
            g_free(there);
        }
    }
    if (!(sha = hs_file_sha256(path, &msg))) {
        input_error("%s: cannot read the image the log was recorded with: %s%s", log, msg,
                    given ? "" : " (give --image FILE)");
        g_free(msg);
        g_free(path);
        return NULL;
    }
    if (strcmp(sha, m->image_sha256)) {
        input_error("%s: %s is not the image this log was recorded with: its SHA-256 is %s, "
                    "the log's %s (rebuild the image as it was, or give --image FILE)", log,
                    path, sha, m->image_sha256);
        g_free(sha);
        g_free(path);
        return NULL;
    }
    g_free(sha);
    return path;
}

typedef struct replay_run {
    hs_replay *cmp;
    hs_sim *sim;
} replay_run;

static void on_record(void *opaque, const struct hs_record *r)
{
    replay_run *p = opaque;

    hs_replay_record(p->cmp, r);
    if (p->sim && hs_replay_status_of(p->cmp) != HS_REPLAY_MATCHING) {
        hs_sim_stop(p->sim, "the replay stopped comparing");
    }
}

/* The console input the recorded run received (its console_input records), to
 * give the replay at the same quantum ends; read with a reader of its own. */
static GArray *console_script(const char *log)
{
    GArray *script = g_array_new(FALSE, FALSE, sizeof(hs_console_input));
    hs_log_reader *r;
    hs_record rec;
    char *msg = NULL;

    if (hs_log_reader_open(log, &r, &msg) != HS_TRACELOG_OK) {
        g_free(msg);
        return script;                  /* the main reader reports the problem */
    }
    while (hs_log_reader_next(r, &rec, &msg) > 0) {
        if (rec.event == HS_EV_console_input && rec.f[0] >= 1 && rec.f[0] <= 8) {
            hs_console_input in = { .time_ps = rec.time_ps, .count = (unsigned)rec.f[0] };
            for (unsigned i = 0; i < in.count; i++) {
                in.bytes[i] = (uint8_t)(rec.f[1] >> (8 * i));
            }
            g_array_append_val(script, in);
        }
    }
    g_free(msg);
    hs_log_reader_close(r);
    return script;
}

static int replay(const char *log, hs_log_reader *r, const char *image_arg)
{
    const hs_log_meta *m = hs_log_reader_meta(r);
    replay_run p = { NULL, NULL };
    hs_cli_run run;
    char **argv = NULL, *image, *msg = NULL;
    int argc, status;
    GError *gerr = NULL;
    FILE *devnull;
    hs_exit why = HS_EXIT_LIMIT;
    hs_err err;
    GArray *script = NULL;

    if (!m->command_line || !m->platform_text) {
        return input_error("%s: the log does not hold the %s of its run, so it cannot be "
                           "replayed", log, m->command_line ? "platform text" : "options");
    }
    if (!g_shell_parse_argv(m->command_line, &argc, &argv, &gerr)) {
        status = input_error("%s: the options the log holds do not parse (%s): %s", log,
                             gerr->message, m->command_line);
        g_error_free(gerr);
        return status;
    }
    if ((msg = hs_cli_run_parse(argc, argv, &run))) {
        status = input_error("%s: the options the log holds (%s): %s", log, m->command_line,
                             msg);
        g_free(msg);
        g_strfreev(argv);
        return status;
    }
    if (!(image = find_image(log, r, image_arg))) {
        g_strfreev(argv);
        return EXIT_INPUT;
    }
    if (run.o.dtb) {
        /* The device tree is read again: it must be the one the run had. */
        const char *want = hs_log_reader_meta_get(r, "dtb.sha256");
        char *sha = hs_file_sha256(run.o.dtb, &msg);
        if (!sha || (want && strcmp(sha, want))) {
            status = input_error("%s: %s is not the device tree this log was recorded with "
                                 "(%s)", log, run.o.dtb,
                                 sha ? "its SHA-256 differs" : msg);
            g_free(sha);
            g_free(msg);
            g_free(image);
            g_strfreev(argv);
            return status;
        }
        g_free(sha);
    }
    devnull = fopen("/dev/null", "w");
    run.o.image = image;
    run.o.platform = m->platform_name ? m->platform_name : "the log's platform";
    run.o.platform_text = m->platform_text;
    run.o.trace_file = NULL;
    run.o.trace_record = on_record;
    run.o.trace_opaque = &p;
    run.o.uart_out = devnull;
    run.o.uart_in_fd = -1;
    script = console_script(log);
    run.o.console_script = (const hs_console_input *)script->data;
    run.o.console_script_len = script->len;
    run.o.log_mask = 0;
    /* The faults and seed the log holds, rather than plan files that may have
     * changed since. */
    if (m->fault_plan) {
        run.o.fault_plan = NULL;
        run.o.faults = NULL;
        run.o.fault_plan_text = m->fault_plan;
    }
    if (m->seed && g_ascii_isdigit(*m->seed)) {
        char *end;
        uint64_t seed = g_ascii_strtoull(m->seed, &end, 10);
        if (!*end) {
            run.o.seed = seed;
            run.o.has_seed = true;
        }
    }
    p.cmp = hs_replay_new(r);

    err = hs_sim_new(&run.o, &p.sim, &msg);
    if (err != HS_OK) {
        status = input_error("%s: the recorded run cannot be rebuilt: %s", log,
                             msg ? msg : hs_strerror(err));
        hs_free(msg);
    } else {
        if (hs_replay_status_of(p.cmp) == HS_REPLAY_MATCHING) {
            why = hs_sim_run(p.sim);
        }
        switch (hs_replay_finish(p.cmp)) {
        case HS_REPLAY_MATCHING:
            printf("hypsim replay: %s: identical: %" G_GUINT64_FORMAT " records; the run ended "
                   "with %s\n", log, hs_replay_matched(p.cmp), hs_exit_name(why));
            status = EXIT_SAME;
            break;
        case HS_REPLAY_LOG_CUT:
            printf("hypsim replay: %s: identical for the %" G_GUINT64_FORMAT " records the log "
                   "holds; the log is cut short (%s), so the replay stopped there\n", log,
                   hs_replay_matched(p.cmp), hs_replay_message(p.cmp));
            status = EXIT_SAME;
            break;
        case HS_REPLAY_DIVERGED:
            printf("hypsim replay: %s: diverges after %" G_GUINT64_FORMAT " identical records: "
                   "%s\n", log, hs_replay_matched(p.cmp), hs_replay_message(p.cmp));
            status = EXIT_DIVERGED;
            break;
        case HS_REPLAY_DAMAGED:
        default:
            status = input_error("%s (after %" G_GUINT64_FORMAT " identical records)",
                                 hs_replay_message(p.cmp), hs_replay_matched(p.cmp));
            break;
        }
        fflush(stdout);
        hs_sim_free(p.sim);
    }
    hs_replay_free(p.cmp);
    if (devnull) {
        fclose(devnull);
    }
    g_free(image);
    g_strfreev(argv);
    if (script) {
        g_array_free(script, TRUE);
    }
    return status;
}

int hs_cli_replay(int argc, char **argv)
{
    const char *log = NULL, *image = NULL;
    hs_log_reader *r;
    char *msg = NULL;
    int status;

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--image") || !strcmp(a, "-image")) {
            if (i + 1 >= argc) {
                return input_error("option %s needs a value\nTry 'hypsim replay --help'.", a);
            }
            image = argv[++i];
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(hs_cli_replay_usage, stdout);
            return EXIT_SAME;
        } else if (a[0] == '-' && a[1]) {
            return input_error("unknown option '%s'\nTry 'hypsim replay --help'.", a);
        } else if (!log) {
            log = a;
        } else {
            return input_error("more than one log ('%s' and '%s')", log, a);
        }
    }
    if (!log) {
        fputs(hs_cli_replay_usage, stderr);
        return EXIT_INPUT;
    }
    if (hs_log_reader_open(log, &r, &msg) != HS_TRACELOG_OK) {
        status = input_error("%s", msg);
        g_free(msg);
        return status;
    }
    status = replay(log, r, image);
    hs_log_reader_close(r);
    return status;
}
