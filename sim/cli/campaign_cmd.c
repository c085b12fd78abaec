/* `hypsim campaign`: a grid of fault-plan parameters x seeds, each point a
 * `hypsim run --check-races` of the image in a subprocess, bounded in
 * instructions and in wall-clock time; the races come from each run's log
 * (its `race` records). The campaign directory holds everything a later step
 * needs: campaign.ini (the run list), runs/NNNN/ (plan, result, and for a run
 * that found a race its log and repro.sh: the minimal reproducer), the
 * summaries, and for other machines a job list for GNU parallel and a Slurm
 * array script whose jobs run `hypsim campaign --run-one`; `--merge` then
 * summarizes. */
#include "sim/cli/campaign_cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib.h>

#include "sim/cli/cli_util.h"
#include <glib/gstdio.h>

#include "sim/fault.h"
#include "traces/log.h"
#include "traces/races.h"

#define usage_error(...) hs_cli_error("hypsim campaign", "hypsim help", __VA_ARGS__)
#define input_error(...) hs_cli_error("hypsim campaign", NULL, __VA_ARGS__)

enum { EXIT_OK = 0, EXIT_RACE = 1, EXIT_USAGE = 2 };

#define DEFAULT_MAX_INSNS UINT64_C(20000000)
#define DEFAULT_TIMEOUT_S 120u
#define CAMPAIGN_FILE "campaign.ini"
#define MAX_PARAMS 8

const char hs_cli_campaign_usage[] =
"Usage: hypsim campaign [options] IMAGE [-- RUN-OPTIONS]\n"
"\n"
"Runs IMAGE once for each point of a grid of fault-plan parameters and each\n"
"seed (hypsim run --check-races), and summarizes the races the runs found.\n"
"\n"
"  --plan FILE             the fault plan; ${NAME} in it is replaced by the\n"
"                          grid's value of NAME, ${seed} by the run's seed\n"
"  --fault SPEC            a fault as for run --fault, also with ${NAME}\n"
"  --param NAME=VALUES     a grid axis: a,b,c or FROM:TO:STEP (repeatable)\n"
"  --seeds LIST            seeds: numbers and ranges, 1-8,20 (default 1)\n"
"  -j N                    runs at a time (default: the number of cores)\n"
"  --max-insns N           instruction bound of each run (default 20000000)\n"
"  --timeout SECONDS       wall-clock bound of each run (default 120)\n"
"  --out DIR               the campaign directory (default campaign)\n"
"  --csv FILE, --json FILE the summary also as CSV or JSON (always written in\n"
"                          DIR as summary.csv and summary.json)\n"
"  --races LIST            count only these checkers' races (names as in\n"
"                          docs/traces.md, comma-separated; default all)\n"
"  --fail-on-race          exit status 1 when a run found a race\n"
"  --no-progress           no progress bar (there is none unless stderr is a\n"
"                          terminal)\n"
"  --jobs parallel|slurm   do not run: write the run list for other machines\n"
"                          (DIR/jobs.txt for GNU parallel, DIR/jobs.sbatch for a\n"
"                          Slurm array) to run with DIR shared, then --merge\n"
"  --hypsim PATH           the hypsim the jobs run (default: this one)\n"
"  --merge DIR             summarize the runs of DIR done by the jobs\n"
"  --run-one DIR N         run the Nth run of DIR (what each job does)\n"
"RUN-OPTIONS after -- go to every run (-smp 2, --quantum 100, ...).\n"
"\n"
"Exit status: 0 done; 1 with --fail-on-race, a run found a race; 2 a usage\n"
"or input error (a plan that a grid point makes malformed names the point).\n";

typedef struct race_found {
    char *checker;
    unsigned vcpu;
    uint64_t seq0, seq1, detail, time_ps;
    char *text;
} race_found;

typedef enum run_status { RUN_PENDING, RUN_DONE, RUN_TIMEOUT, RUN_ERROR } run_status;

typedef struct run {
    unsigned index;
    char **values;           /* one per parameter */
    uint64_t seed;
    char *dir;               /* DIR/runs/NNNN */
    char **argv;             /* hypsim run ..., relative to dir */
    /* Results. */
    run_status status;
    int exit_code;
    uint64_t faults;         /* fault events that acted */
    GArray *races;           /* of race_found */
    GSubprocess *proc;
    guint timeout_source;
    struct campaign *c;
} run;

typedef struct campaign {
    char *out;
    char *image;
    char *hypsim;
    char *plan_text;         /* the template, or NULL */
    char *plan_path;
    GPtrArray *specs;        /* --fault templates */
    char *param_name[MAX_PARAMS];
    GPtrArray *param_values[MAX_PARAMS];
    unsigned nparams;
    GArray *seeds;           /* uint64_t */
    GPtrArray *run_opts;
    unsigned jobs;
    uint64_t max_insns;
    unsigned timeout_s;
    bool fail_on_race, progress;
    unsigned checkers;       /* bit per hs_race_checker counted */
    const char *csv, *json;
    run *runs;
    unsigned nruns;
    /* Local execution. */
    GMainLoop *loop;
    unsigned next, running, done, with_race;
    gint64 started_us;
} campaign;

/* ---- the grid --------------------------------------------------------------------- */

/* VALUES: a,b,c or FROM:TO:STEP (integers, TO included). */
static bool parse_values(const char *s, GPtrArray *out)
{
    char **range = g_strsplit(s, ":", -1);
    bool ok = true;

    if (g_strv_length(range) == 3) {
        uint64_t from, to, step;
        ok = hs_cli_parse_u64(range[0], &from) && hs_cli_parse_u64(range[1], &to) &&
             hs_cli_parse_u64(range[2], &step) && step > 0 && from <= to && (to - from) / step < 100000;
        for (uint64_t v = from; ok && v <= to; v += step) {
            g_ptr_array_add(out, g_strdup_printf("%" G_GUINT64_FORMAT, v));
            if (to - v < step) {
                break;
            }
        }
    } else {
        char **items = g_strsplit(s, ",", -1);
        for (unsigned i = 0; items[i]; i++) {
            if (!*items[i]) {
                ok = false;
            }
            g_ptr_array_add(out, g_strdup(items[i]));
        }
        g_strfreev(items);
    }
    g_strfreev(range);
    return ok && out->len > 0;
}

static bool parse_seeds(const char *s, GArray *out)
{
    char **items = g_strsplit(s, ",", -1);
    bool ok = true;

    for (unsigned i = 0; items[i] && ok; i++) {
        char **lh = g_strsplit(items[i], "-", 2);
        uint64_t lo, hi;
        ok = hs_cli_parse_u64(lh[0], &lo) && (!lh[1] || hs_cli_parse_u64(lh[1], &hi));
        if (ok && !lh[1]) {
            hi = lo;
        }
        ok = ok && lo <= hi && hi - lo < 1000000;
        for (uint64_t v = lo; ok && v <= hi; v++) {
            g_array_append_val(out, v);
            if (v == UINT64_MAX) {
                break;
            }
        }
        g_strfreev(lh);
    }
    g_strfreev(items);
    return ok && out->len > 0;
}

/* The template with ${NAME} replaced by the run's values and ${seed} by its
 * seed; NULL with a message naming the unknown name. */
static char *instantiate(const campaign *c, const run *r, const char *tmpl, char **msg)
{
    GString *out = g_string_new(NULL);
    const char *p = tmpl;

    while (*p) {
        const char *open = strstr(p, "${");
        const char *close;
        char *name;
        unsigned k;

        if (!open) {
            g_string_append(out, p);
            break;
        }
        g_string_append_len(out, p, open - p);
        close = strchr(open, '}');
        if (!close) {
            *msg = g_strdup("a '${' has no closing '}'");
            g_string_free(out, TRUE);
            return NULL;
        }
        name = g_strndup(open + 2, (gsize)(close - open - 2));
        for (k = 0; k < c->nparams && strcmp(c->param_name[k], name); k++) {
        }
        if (k < c->nparams) {
            g_string_append(out, r->values[k]);
        } else if (!strcmp(name, "seed")) {
            g_string_append_printf(out, "%" G_GUINT64_FORMAT, r->seed);
        } else {
            *msg = g_strdup_printf("${%s} is not a --param", name);
            g_free(name);
            g_string_free(out, TRUE);
            return NULL;
        }
        g_free(name);
        p = close + 1;
    }
    return g_string_free(out, FALSE);
}

static char *run_label(const campaign *c, const run *r)
{
    GString *s = g_string_new(NULL);
    for (unsigned k = 0; k < c->nparams; k++) {
        g_string_append_printf(s, "%s=%s ", c->param_name[k], r->values[k]);
    }
    g_string_append_printf(s, "seed=%" G_GUINT64_FORMAT, r->seed);
    return g_string_free(s, FALSE);
}

static void runs_free(campaign *c)
{
    for (unsigned i = 0; i < c->nruns; i++) {
        run *r = &c->runs[i];
        g_strfreev(r->values);
        g_strfreev(r->argv);
        g_free(r->dir);
        if (r->races) {
            for (unsigned j = 0; j < r->races->len; j++) {
                g_free(g_array_index(r->races, race_found, j).checker);
                g_free(g_array_index(r->races, race_found, j).text);
            }
            g_array_unref(r->races);
        }
    }
    g_free(c->runs);
    c->runs = NULL;
    c->nruns = 0;
}

/* Every grid point x seed: its plan written to its directory and checked by the
 * plan parser, and the arguments of its hypsim run. */
static int make_runs(campaign *c)
{
    unsigned npoints = 1;

    for (unsigned k = 0; k < c->nparams; k++) {
        npoints *= c->param_values[k]->len;
    }
    c->nruns = npoints * c->seeds->len;
    c->runs = g_new0(run, c->nruns);
    for (unsigned i = 0; i < c->nruns; i++) {
        run *r = &c->runs[i];
        unsigned point = i / c->seeds->len, rest = point;
        GPtrArray *argv = g_ptr_array_new();
        hs_fault_plan *plan = hs_fault_plan_new();
        char *msg = NULL, *label;
        hs_fault_err fe = HS_FAULT_OK;

        r->index = i;
        r->c = c;
        r->seed = g_array_index(c->seeds, uint64_t, i % c->seeds->len);
        r->values = g_new0(char *, c->nparams + 1);
        for (int k = (int)c->nparams - 1; k >= 0; k--) {
            GPtrArray *v = c->param_values[k];
            r->values[k] = g_strdup(g_ptr_array_index(v, rest % v->len));
            rest /= v->len;
        }
        r->dir = g_strdup_printf("%s/runs/%04u", c->out, i);
        label = run_label(c, r);
        g_ptr_array_add(argv, g_strdup(c->hypsim));
        g_ptr_array_add(argv, g_strdup("run"));
        if (c->plan_text) {
            char *text = instantiate(c, r, c->plan_text, &msg);
            if (text) {
                char *path = g_build_filename(r->dir, "plan", NULL);
                fe = hs_fault_plan_add_text(plan, c->plan_path, text, &msg);
                if (fe == HS_FAULT_OK && (g_mkdir_with_parents(r->dir, 0755) != 0 ||
                                          !g_file_set_contents(path, text, -1, NULL))) {
                    msg = g_strdup_printf("%s: %s", path, g_strerror(errno));
                    fe = HS_FAULT_ERR_IO;
                }
                g_free(path);
                g_free(text);
            } else {
                char *m = g_strdup_printf("%s: %s", c->plan_path, msg);
                g_free(msg);
                msg = m;
                fe = HS_FAULT_ERR_FIELD;
            }
            g_ptr_array_add(argv, g_strdup("--fault-plan"));
            g_ptr_array_add(argv, g_strdup("plan"));
        }
        for (unsigned s = 0; fe == HS_FAULT_OK && s < c->specs->len; s++) {
            char *spec = instantiate(c, r, g_ptr_array_index(c->specs, s), &msg);
            if (!spec) {
                char *m = g_strdup_printf("--fault %u: %s", s + 1, msg);
                g_free(msg);
                msg = m;
                fe = HS_FAULT_ERR_FIELD;
                break;
            }
            fe = hs_fault_plan_add_spec(plan, spec, s + 1, &msg);
            g_ptr_array_add(argv, g_strdup("--fault"));
            g_ptr_array_add(argv, spec);
        }
        hs_fault_plan_free(plan);
        if (fe == HS_FAULT_OK && g_mkdir_with_parents(r->dir, 0755) != 0) {
            msg = g_strdup_printf("%s: %s", r->dir, g_strerror(errno));
            fe = HS_FAULT_ERR_IO;
        }
        if (fe != HS_FAULT_OK) {
            int status = input_error("run %u (%s): %s", i, label, msg);
            g_free(msg);
            g_free(label);
            g_ptr_array_add(argv, NULL);
            g_strfreev((char **)g_ptr_array_free(argv, FALSE));
            return status;
        }
        g_free(label);
        g_ptr_array_add(argv, g_strdup("--seed"));
        g_ptr_array_add(argv, g_strdup_printf("%" G_GUINT64_FORMAT, r->seed));
        g_ptr_array_add(argv, g_strdup("--max-insns"));
        g_ptr_array_add(argv, g_strdup_printf("%" G_GUINT64_FORMAT, c->max_insns));
        g_ptr_array_add(argv, g_strdup("--check-races"));
        g_ptr_array_add(argv, g_strdup("--trace"));
        g_ptr_array_add(argv, g_strdup("run.hst"));
        g_ptr_array_add(argv, g_strdup("--serial"));
        g_ptr_array_add(argv, g_strdup("file:console.txt"));
        for (unsigned o = 0; o < c->run_opts->len; o++) {
            g_ptr_array_add(argv, g_strdup(g_ptr_array_index(c->run_opts, o)));
        }
        g_ptr_array_add(argv, g_strdup(c->image));
        g_ptr_array_add(argv, NULL);
        r->argv = (char **)g_ptr_array_free(argv, FALSE);
    }
    return EXIT_OK;
}

/* ---- the campaign file --------------------------------------------------------- */

static bool save_campaign(const campaign *c, char **msg)
{
    GKeyFile *kf = g_key_file_new();
    char *path = g_build_filename(c->out, CAMPAIGN_FILE, NULL);
    GError *gerr = NULL;
    bool ok;

    g_key_file_set_string(kf, "campaign", "image", c->image);
    g_key_file_set_string(kf, "campaign", "hypsim", c->hypsim);
    g_key_file_set_string_list(kf, "campaign", "params", (const char *const *)c->param_name,
                               c->nparams);
    g_key_file_set_uint64(kf, "campaign", "max-insns", c->max_insns);
    g_key_file_set_uint64(kf, "campaign", "timeout", c->timeout_s);
    g_key_file_set_uint64(kf, "campaign", "runs", c->nruns);
    g_key_file_set_uint64(kf, "campaign", "checkers", c->checkers);
    for (unsigned i = 0; i < c->nruns; i++) {
        const run *r = &c->runs[i];
        char *group = g_strdup_printf("run %u", i);
        g_key_file_set_string_list(kf, group, "values", (const char *const *)r->values,
                                   c->nparams);
        g_key_file_set_uint64(kf, group, "seed", r->seed);
        g_key_file_set_string_list(kf, group, "argv", (const char *const *)r->argv,
                                   g_strv_length(r->argv));
        g_free(group);
    }
    ok = g_key_file_save_to_file(kf, path, &gerr);
    if (!ok) {
        *msg = g_strdup(gerr->message);
        g_error_free(gerr);
    }
    g_free(path);
    g_key_file_free(kf);
    return ok;
}

static bool load_campaign(campaign *c, char **msg)
{
    GKeyFile *kf = g_key_file_new();
    char *path = g_build_filename(c->out, CAMPAIGN_FILE, NULL);
    GError *gerr = NULL;
    char **names = NULL;
    gsize n = 0;
    bool ok = g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &gerr);

    if (ok) {
        c->image = g_key_file_get_string(kf, "campaign", "image", &gerr);
    }
    if (ok && !gerr) {
        c->hypsim = g_key_file_get_string(kf, "campaign", "hypsim", &gerr);
    }
    if (ok && !gerr) {
        names = g_key_file_get_string_list(kf, "campaign", "params", &n, NULL);
        c->max_insns = g_key_file_get_uint64(kf, "campaign", "max-insns", &gerr);
    }
    if (ok && !gerr) {
        c->timeout_s = (unsigned)g_key_file_get_uint64(kf, "campaign", "timeout", &gerr);
    }
    if (ok && !gerr) {
        c->nruns = (unsigned)g_key_file_get_uint64(kf, "campaign", "runs", &gerr);
    }
    if (ok && !gerr) {
        c->checkers = (unsigned)g_key_file_get_uint64(kf, "campaign", "checkers", &gerr);
    }
    ok = ok && !gerr && n <= MAX_PARAMS;
    if (ok) {
        c->nparams = (unsigned)n;
        for (unsigned k = 0; k < n; k++) {
            c->param_name[k] = g_strdup(names[k]);
        }
        c->runs = g_new0(run, c->nruns);
    }
    for (unsigned i = 0; ok && i < c->nruns; i++) {
        run *r = &c->runs[i];
        char *group = g_strdup_printf("run %u", i);
        gsize nv = 0;
        r->index = i;
        r->c = c;
        r->values = g_key_file_get_string_list(kf, group, "values", &nv, NULL);
        if (!r->values) {
            r->values = g_new0(char *, 1);
        }
        r->seed = g_key_file_get_uint64(kf, group, "seed", &gerr);
        r->argv = g_key_file_get_string_list(kf, group, "argv", NULL, gerr ? NULL : &gerr);
        r->dir = g_strdup_printf("%s/runs/%04u", c->out, i);
        ok = !gerr && nv == c->nparams;
        g_free(group);
    }
    if (!ok) {
        *msg = g_strdup_printf("%s: %s", path, gerr ? gerr->message : "not a campaign file");
    }
    if (gerr) {
        g_error_free(gerr);
    }
    g_strfreev(names);
    g_free(path);
    g_key_file_free(kf);
    return ok;
}

/* ---- one run's result ----------------------------------------------------------- */

/* The races and acting faults the run's log holds; a log cut short (a run
 * that timed out) gives what it has. */
static void read_log(run *r)
{
    char *path = g_build_filename(r->dir, "run.hst", NULL);
    hs_log_reader *lr;
    hs_record rec;
    char *msg = NULL;

    r->races = g_array_new(FALSE, FALSE, sizeof(race_found));
    if (hs_log_reader_open(path, &lr, &msg) != HS_TRACELOG_OK) {
        g_free(msg);
        g_free(path);
        return;
    }
    while (hs_log_reader_next(lr, &rec, &msg) == 1) {
        if (rec.event == HS_EV_race && rec.f[0] < 32 && (r->c->checkers >> rec.f[0] & 1)) {
            GString *text = g_string_new(NULL);
            const char *name = hs_race_checker_name(rec.f[0]);
            race_found f = {
                .checker = name ? g_strdup(name)
                                : g_strdup_printf("checker-%" G_GUINT64_FORMAT, rec.f[0]),
                .vcpu = rec.vcpu, .seq0 = rec.f[1], .seq1 = rec.f[2], .detail = rec.f[3],
                .time_ps = rec.time_ps,
            };
            hs_race_describe(text, &rec);
            f.text = g_string_free(text, FALSE);
            g_array_append_val(r->races, f);
        } else if (rec.event == HS_EV_fault && rec.f[0] != HS_FAULT_EV_RELEASE &&
                   rec.f[0] != HS_FAULT_EV_ARM) {
            r->faults++;
        }
    }
    g_free(msg);
    hs_log_reader_close(lr);
    g_free(path);
}

static const char *status_name(run_status s)
{
    switch (s) {
    case RUN_PENDING: return "pending";
    case RUN_DONE: return "done";
    case RUN_TIMEOUT: return "timeout";
    case RUN_ERROR: return "error";
    }
    return "?";
}

static void remove_in(const char *dir, const char *name)
{
    char *p = g_build_filename(dir, name, NULL);
    g_unlink(p);
    g_free(p);
}

/* The result file, and what is kept: a run that found a race keeps its log,
 * console, plan and a repro.sh; another only its result (and its stderr when it
 * failed). */
static void finish_run(run *r)
{
    GKeyFile *kf = g_key_file_new();
    char *path = g_build_filename(r->dir, "result", NULL);

    read_log(r);
    g_key_file_set_string(kf, "result", "status", status_name(r->status));
    g_key_file_set_integer(kf, "result", "exit", r->exit_code);
    g_key_file_set_uint64(kf, "result", "faults", r->faults);
    g_key_file_set_uint64(kf, "result", "races", r->races->len);
    for (unsigned i = 0; i < r->races->len; i++) {
        const race_found *f = &g_array_index(r->races, race_found, i);
        char *g = g_strdup_printf("race %u", i);
        g_key_file_set_string(kf, g, "checker", f->checker);
        g_key_file_set_uint64(kf, g, "vcpu", f->vcpu);
        g_key_file_set_uint64(kf, g, "seq0", f->seq0);
        g_key_file_set_uint64(kf, g, "seq1", f->seq1);
        g_key_file_set_uint64(kf, g, "detail", f->detail);
        g_key_file_set_uint64(kf, g, "time-ps", f->time_ps);
        g_key_file_set_string(kf, g, "text", f->text);
        g_free(g);
    }
    g_key_file_save_to_file(kf, path, NULL);
    g_key_file_free(kf);
    g_free(path);
    if (r->races->len) {
        GString *sh = g_string_new("#!/bin/sh\n# Reproduces a run of hypsim campaign that found:\n");
        char *p = g_build_filename(r->dir, "repro.sh", NULL);
        for (unsigned i = 0; i < r->races->len; i++) {
            g_string_append_printf(sh, "#   %s (vCPU %u)\n",
                                   g_array_index(r->races, race_found, i).text,
                                   g_array_index(r->races, race_found, i).vcpu);
        }
        g_string_append(sh, "cd \"$(dirname \"$0\")\" && exec");
        for (unsigned i = 0; r->argv[i]; i++) {
            char *q = g_shell_quote(r->argv[i]);
            g_string_append_printf(sh, " %s", q);
            g_free(q);
        }
        g_string_append(sh, " \"$@\"\n");
        g_file_set_contents(p, sh->str, -1, NULL);
        g_chmod(p, 0755);
        g_free(p);
        g_string_free(sh, TRUE);
        return;
    }
    remove_in(r->dir, "run.hst");
    remove_in(r->dir, "console.txt");
    if (r->status == RUN_DONE) {
        remove_in(r->dir, "stderr.txt");
    }
}

static bool load_result(run *r)
{
    GKeyFile *kf = g_key_file_new();
    char *path = g_build_filename(r->dir, "result", NULL);
    bool ok = g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, NULL);
    char *status;
    uint64_t n;

    r->races = g_array_new(FALSE, FALSE, sizeof(race_found));
    if (!ok) {
        r->status = RUN_PENDING;
        g_free(path);
        g_key_file_free(kf);
        return false;
    }
    status = g_key_file_get_string(kf, "result", "status", NULL);
    r->status = !status ? RUN_ERROR : !strcmp(status, "done") ? RUN_DONE
              : !strcmp(status, "timeout") ? RUN_TIMEOUT : RUN_ERROR;
    g_free(status);
    r->exit_code = g_key_file_get_integer(kf, "result", "exit", NULL);
    r->faults = g_key_file_get_uint64(kf, "result", "faults", NULL);
    n = g_key_file_get_uint64(kf, "result", "races", NULL);
    for (unsigned i = 0; i < n; i++) {
        char *g = g_strdup_printf("race %u", i);
        race_found f = {
            .checker = g_key_file_get_string(kf, g, "checker", NULL),
            .vcpu = (unsigned)g_key_file_get_uint64(kf, g, "vcpu", NULL),
            .seq0 = g_key_file_get_uint64(kf, g, "seq0", NULL),
            .seq1 = g_key_file_get_uint64(kf, g, "seq1", NULL),
            .detail = g_key_file_get_uint64(kf, g, "detail", NULL),
            .time_ps = g_key_file_get_uint64(kf, g, "time-ps", NULL),
            .text = g_key_file_get_string(kf, g, "text", NULL),
        };
        if (!f.checker) {
            f.checker = g_strdup("?");
        }
        if (!f.text) {
            f.text = g_strdup("");
        }
        g_array_append_val(r->races, f);
        g_free(g);
    }
    g_free(path);
    g_key_file_free(kf);
    return true;
}

static GSubprocess *spawn(run *r, GError **gerr)
{
    GSubprocessLauncher *l = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
    char *err_path = g_build_filename(r->dir, "stderr.txt", NULL);
    GSubprocess *p;

    g_subprocess_launcher_set_cwd(l, r->dir);
    g_subprocess_launcher_set_stderr_file_path(l, err_path);
    p = g_subprocess_launcher_spawnv(l, (const char *const *)r->argv, gerr);
    g_free(err_path);
    g_object_unref(l);
    return p;
}

/* A run's exit: 0 and 1 are the guest's (powered off; error or limit); 2 is
 * an input error (the plan, the image); a signal is the timeout's kill. */
static void note_exit(run *r, GSubprocess *p, bool timed_out)
{
    if (g_subprocess_get_if_exited(p)) {
        r->exit_code = g_subprocess_get_exit_status(p);
        r->status = r->exit_code == 2 ? RUN_ERROR : RUN_DONE;
    } else {
        r->exit_code = -1;
        r->status = timed_out ? RUN_TIMEOUT : RUN_ERROR;
    }
}

/* ---- running here ---------------------------------------------------------------- */

static void progress(campaign *c, bool final)
{
    const unsigned width = 30;
    unsigned filled = c->nruns ? c->done * width / c->nruns : width;
    gint64 s = (g_get_monotonic_time() - c->started_us) / G_USEC_PER_SEC;
    char bar[64];

    if (!c->progress) {
        return;
    }
    memset(bar, '#', filled);
    memset(bar + filled, '.', width - filled);
    bar[width] = 0;
    fprintf(stderr, "\r[%s] %u/%u runs, %u running, %u with races, %" G_GINT64_FORMAT
            ":%02" G_GINT64_FORMAT "%s", bar, c->done, c->nruns, c->running, c->with_race,
            s / 60, s % 60, final ? "\n" : "");
    fflush(stderr);
}

static void start_next(campaign *c);

static gboolean run_timed_out(gpointer data)
{
    run *r = data;
    r->timeout_source = 0;
    r->status = RUN_TIMEOUT;
    g_subprocess_force_exit(r->proc);
    return G_SOURCE_REMOVE;
}

static void run_exited(GObject *src, GAsyncResult *res, gpointer data)
{
    run *r = data;
    campaign *c = r->c;
    bool timed_out = r->status == RUN_TIMEOUT;

    g_subprocess_wait_finish(G_SUBPROCESS(src), res, NULL);
    if (r->timeout_source) {
        g_source_remove(r->timeout_source);
        r->timeout_source = 0;
    }
    note_exit(r, r->proc, timed_out);
    g_clear_object(&r->proc);
    finish_run(r);
    c->running--;
    c->done++;
    c->with_race += r->races->len > 0;
    progress(c, false);
    start_next(c);
}

static void start_next(campaign *c)
{
    while (c->running < c->jobs && c->next < c->nruns) {
        run *r = &c->runs[c->next++];
        GError *gerr = NULL;
        r->proc = spawn(r, &gerr);
        if (!r->proc) {
            fprintf(stderr, "\nhypsim campaign: run %u: %s\n", r->index, gerr->message);
            g_error_free(gerr);
            r->status = RUN_ERROR;
            r->exit_code = -1;
            finish_run(r);
            c->done++;
            continue;
        }
        c->running++;
        r->timeout_source = g_timeout_add_seconds(c->timeout_s, run_timed_out, r);
        g_subprocess_wait_async(r->proc, NULL, run_exited, r);
    }
    if (c->running == 0 && c->next == c->nruns) {
        g_main_loop_quit(c->loop);
    }
}

static gboolean tick(gpointer data)
{
    progress(data, false);
    return G_SOURCE_CONTINUE;
}

static void run_here(campaign *c)
{
    guint t;

    c->loop = g_main_loop_new(NULL, FALSE);
    c->started_us = g_get_monotonic_time();
    t = c->progress ? g_timeout_add(500, tick, c) : 0;
    progress(c, false);
    start_next(c);
    if (c->running || c->next < c->nruns) {
        g_main_loop_run(c->loop);
    }
    if (t) {
        g_source_remove(t);
    }
    progress(c, true);
    g_main_loop_unref(c->loop);
}

static void one_exited(GObject *src, GAsyncResult *res, gpointer data)
{
    g_subprocess_wait_finish(G_SUBPROCESS(src), res, NULL);
    g_main_loop_quit(data);
}

/* `--run-one DIR N`: one run, bounded by the campaign's timeout, for a job. */
static int run_one(campaign *c, unsigned index)
{
    run *r = &c->runs[index];
    GError *gerr = NULL;
    GMainLoop *loop;

    r->proc = spawn(r, &gerr);
    if (!r->proc) {
        int status = input_error("run %u: %s", index, gerr->message);
        g_error_free(gerr);
        return status;
    }
    loop = g_main_loop_new(NULL, FALSE);
    r->timeout_source = g_timeout_add_seconds(c->timeout_s, run_timed_out, r);
    g_subprocess_wait_async(r->proc, NULL, one_exited, loop);
    g_main_loop_run(loop);
    g_main_loop_unref(loop);
    if (r->timeout_source) {
        g_source_remove(r->timeout_source);
        r->timeout_source = 0;
    }
    note_exit(r, r->proc, r->status == RUN_TIMEOUT);
    g_clear_object(&r->proc);
    finish_run(r);
    return EXIT_OK;
}

/* ---- the summary -------------------------------------------------------------------- */

static void json_string(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            g_string_append_printf(out, "\\%c", ch);
        } else if (ch < 0x20) {
            g_string_append_printf(out, "\\u%04x", ch);
        } else {
            g_string_append_c(out, (char)ch);
        }
    }
    g_string_append_c(out, '"');
}

static void csv_field(GString *out, const char *s)
{
    if (strpbrk(s, ",\"\n")) {
        g_string_append_c(out, '"');
        for (; *s; s++) {
            if (*s == '"') {
                g_string_append_c(out, '"');
            }
            g_string_append_c(out, *s);
        }
        g_string_append_c(out, '"');
    } else {
        g_string_append(out, s);
    }
}

/* "late-maintenance x3, lost-virq x1" over a set of runs. */
static char *checker_counts(const run *const *rs, unsigned n)
{
    GString *s = g_string_new(NULL);
    GPtrArray *names = g_ptr_array_new();
    GArray *counts = g_array_new(FALSE, TRUE, sizeof(unsigned));

    for (unsigned i = 0; i < n; i++) {
        for (unsigned j = 0; rs[i]->races && j < rs[i]->races->len; j++) {
            const char *name = g_array_index(rs[i]->races, race_found, j).checker;
            unsigned k;
            for (k = 0; k < names->len && strcmp(g_ptr_array_index(names, k), name); k++) {
            }
            if (k == names->len) {
                unsigned zero = 0;
                g_ptr_array_add(names, (gpointer)name);
                g_array_append_val(counts, zero);
            }
            g_array_index(counts, unsigned, k)++;
        }
    }
    for (unsigned k = 0; k < names->len; k++) {
        g_string_append_printf(s, "%s%s x%u", k ? ", " : "", (char *)g_ptr_array_index(names, k),
                               g_array_index(counts, unsigned, k));
    }
    g_ptr_array_unref(names);
    g_array_unref(counts);
    return g_string_free(s, FALSE);
}

static bool write_file(const char *path, const GString *s)
{
    GError *gerr = NULL;
    if (!g_file_set_contents(path, s->str, (gssize)s->len, &gerr)) {
        fprintf(stderr, "hypsim campaign: %s\n", gerr->message);
        g_error_free(gerr);
        return false;
    }
    return true;
}

/* The table (one row per grid point: its runs, the runs with a race, the races
 * by checker) and per-run CSV and JSON. Returns the runs that found a race. */
static unsigned summarize(const campaign *c)
{
    unsigned per_point = c->seeds && c->seeds->len ? c->seeds->len : 0;
    GString *table = g_string_new(NULL), *csv = g_string_new(NULL), *json = g_string_new(NULL);
    unsigned with_race = 0, pending = 0, failed = 0;
    char *path;

    if (!per_point) {                       /* a merge: points are consecutive runs */
        per_point = 1;
        while (per_point < c->nruns &&
               g_strv_equal((const char *const *)c->runs[per_point].values,
                            (const char *const *)c->runs[0].values)) {
            per_point++;
        }
    }
    for (unsigned k = 0; k < c->nparams; k++) {
        g_string_append_printf(table, "%-12s ", c->param_name[k]);
    }
    g_string_append(table, "runs  with-race  races\n");
    for (unsigned p = 0; p * per_point < c->nruns; p++) {
        const run *rs[4096];
        unsigned n = 0, wr = 0;
        char *counts;
        for (unsigned i = p * per_point; i < (p + 1) * per_point && i < c->nruns && n < 4096; i++) {
            rs[n++] = &c->runs[i];
            wr += c->runs[i].races && c->runs[i].races->len > 0;
        }
        for (unsigned k = 0; k < c->nparams; k++) {
            g_string_append_printf(table, "%-12s ", rs[0]->values[k]);
        }
        counts = checker_counts(rs, n);
        g_string_append_printf(table, "%4u  %9u  %s\n", n, wr, *counts ? counts : "-");
        g_free(counts);
    }

    g_string_append(csv, "run");
    for (unsigned k = 0; k < c->nparams; k++) {
        g_string_append_c(csv, ',');
        csv_field(csv, c->param_name[k]);
    }
    g_string_append(csv, ",seed,status,exit,faults,races,checkers,reproducer\n");
    g_string_append(json, "{\n  \"image\": ");
    json_string(json, c->image ? c->image : "");
    g_string_append(json, ",\n  \"params\": [");
    for (unsigned k = 0; k < c->nparams; k++) {
        g_string_append(json, k ? ", " : "");
        json_string(json, c->param_name[k]);
    }
    g_string_append(json, "],\n  \"runs\": [");
    for (unsigned i = 0; i < c->nruns; i++) {
        const run *r = &c->runs[i];
        const run *one[1] = { r };
        char *counts = checker_counts(one, 1);
        bool race = r->races && r->races->len;
        with_race += race;
        pending += r->status == RUN_PENDING;
        failed += r->status == RUN_ERROR;
        g_string_append_printf(csv, "%u", i);
        for (unsigned k = 0; k < c->nparams; k++) {
            g_string_append_c(csv, ',');
            csv_field(csv, r->values[k]);
        }
        g_string_append_printf(csv, ",%" G_GUINT64_FORMAT ",%s,%d,%" G_GUINT64_FORMAT ",%u,",
                               r->seed, status_name(r->status), r->exit_code, r->faults,
                               r->races ? r->races->len : 0);
        csv_field(csv, counts);
        g_string_append_c(csv, ',');
        csv_field(csv, race ? r->dir : "");
        g_string_append_c(csv, '\n');

        g_string_append_printf(json, "%s\n    {\"run\": %u, \"params\": {", i ? "," : "", i);
        for (unsigned k = 0; k < c->nparams; k++) {
            g_string_append(json, k ? ", " : "");
            json_string(json, c->param_name[k]);
            g_string_append(json, ": ");
            json_string(json, r->values[k]);
        }
        g_string_append_printf(json, "}, \"seed\": %" G_GUINT64_FORMAT ", \"status\": \"%s\", "
                               "\"exit\": %d, \"faults\": %" G_GUINT64_FORMAT ", \"races\": [",
                               r->seed, status_name(r->status), r->exit_code, r->faults);
        for (unsigned j = 0; r->races && j < r->races->len; j++) {
            const race_found *f = &g_array_index(r->races, race_found, j);
            g_string_append(json, j ? ", " : "");
            g_string_append(json, "{\"checker\": ");
            json_string(json, f->checker);
            g_string_append_printf(json, ", \"vcpu\": %u, \"seq0\": %" G_GUINT64_FORMAT
                                   ", \"seq1\": %" G_GUINT64_FORMAT ", \"detail\": %"
                                   G_GUINT64_FORMAT ", \"time_ps\": %" G_GUINT64_FORMAT
                                   ", \"text\": ", f->vcpu, f->seq0, f->seq1, f->detail,
                                   f->time_ps);
            json_string(json, f->text);
            g_string_append_c(json, '}');
        }
        g_string_append(json, "], \"reproducer\": ");
        if (race) {
            json_string(json, r->dir);
        } else {
            g_string_append(json, "null");
        }
        g_string_append_c(json, '}');
        g_free(counts);
    }
    g_string_append(json, "\n  ]\n}\n");
    g_string_append_printf(table, "\n%u run%s, %u found a race", c->nruns,
                           c->nruns == 1 ? "" : "s", with_race);
    if (failed) {
        g_string_append_printf(table, ", %u failed (see their stderr.txt)", failed);
    }
    if (pending) {
        g_string_append_printf(table, ", %u not run yet", pending);
    }
    g_string_append(table, "\n");
    for (unsigned i = 0; i < c->nruns; i++) {
        const run *r = &c->runs[i];
        if (r->races && r->races->len) {
            g_string_append_printf(table, "  %s: %s%s\n", r->dir,
                                   g_array_index(r->races, race_found, 0).text,
                                   r->races->len > 1 ? " (and more)" : "");
        }
    }
    fputs(table->str, stdout);
    path = g_build_filename(c->out, "summary.txt", NULL);
    write_file(path, table);
    g_free(path);
    path = g_build_filename(c->out, "summary.csv", NULL);
    write_file(path, csv);
    g_free(path);
    path = g_build_filename(c->out, "summary.json", NULL);
    write_file(path, json);
    g_free(path);
    if (c->csv) {
        write_file(c->csv, csv);
    }
    if (c->json) {
        write_file(c->json, json);
    }
    g_string_free(table, TRUE);
    g_string_free(csv, TRUE);
    g_string_free(json, TRUE);
    return with_race;
}

/* ---- jobs for other machines -------------------------------------------------------- */

static int write_jobs(const campaign *c, const char *kind)
{
    char *abs_out = g_canonicalize_filename(c->out, NULL);
    char *q_hypsim = g_shell_quote(c->hypsim), *q_out = g_shell_quote(abs_out);
    GString *s = g_string_new(NULL);
    char *path;
    int status = EXIT_OK;

    if (!strcmp(kind, "parallel")) {
        for (unsigned i = 0; i < c->nruns; i++) {
            g_string_append_printf(s, "%s campaign --run-one %s %u\n", q_hypsim, q_out, i);
        }
        path = g_build_filename(c->out, "jobs.txt", NULL);
        if (write_file(path, s)) {
            printf("%u jobs in %s; run them, e.g.\n  parallel -j 16 < %s\nthen\n  %s campaign "
                   "--merge %s\n", c->nruns, path, path, c->hypsim, abs_out);
        } else {
            status = EXIT_USAGE;
        }
    } else {
        g_string_append_printf(s, "#!/bin/sh\n#SBATCH --job-name=hypsim-campaign\n"
                               "#SBATCH --array=0-%u\n#SBATCH --ntasks=1\n"
                               "#SBATCH --time=%u\n"
                               "exec %s campaign --run-one %s \"$SLURM_ARRAY_TASK_ID\"\n",
                               c->nruns - 1, c->timeout_s / 60 + 2, q_hypsim, q_out);
        path = g_build_filename(c->out, "jobs.sbatch", NULL);
        if (write_file(path, s)) {
            printf("a Slurm array of %u jobs in %s; submit it with\n  sbatch %s\nthen, when it "
                   "has finished,\n  %s campaign --merge %s\n", c->nruns, path, path, c->hypsim,
                   abs_out);
        } else {
            status = EXIT_USAGE;
        }
    }
    g_free(path);
    g_string_free(s, TRUE);
    g_free(q_hypsim);
    g_free(q_out);
    g_free(abs_out);
    return status;
}

/* ---- the command ------------------------------------------------------------------- */

static char *this_hypsim(const char *self)
{
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    if (exe) {
        return exe;
    }
    if (strchr(self, '/')) {
        return g_canonicalize_filename(self, NULL);
    }
    exe = g_find_program_in_path(self);
    return exe ? exe : g_strdup(self);
}

static void campaign_free(campaign *c)
{
    runs_free(c);
    for (unsigned k = 0; k < c->nparams; k++) {
        g_free(c->param_name[k]);
        if (c->param_values[k]) {
            g_ptr_array_unref(c->param_values[k]);
        }
    }
    if (c->specs) {
        g_ptr_array_unref(c->specs);
    }
    if (c->run_opts) {
        g_ptr_array_unref(c->run_opts);
    }
    if (c->seeds) {
        g_array_unref(c->seeds);
    }
    g_free(c->plan_text);
    g_free(c->image);
    g_free(c->hypsim);
    g_free(c->out);
}

static int load_existing(campaign *c, const char *dir)
{
    char *msg = NULL;
    c->out = g_strdup(dir);
    if (!load_campaign(c, &msg)) {
        int status = input_error("%s", msg);
        g_free(msg);
        return status;
    }
    return EXIT_OK;
}

int hs_cli_campaign(int argc, char **argv, const char *self)
{
    campaign c = { 0 };
    const char *jobs_kind = NULL, *merge_dir = NULL, *one_dir = NULL, *hypsim = NULL;
    uint64_t one_index = 0, n;
    int status = EXIT_OK;
    int i;

    c.specs = g_ptr_array_new_with_free_func(g_free);
    c.run_opts = g_ptr_array_new_with_free_func(g_free);
    c.seeds = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    c.jobs = g_get_num_processors();
    c.max_insns = DEFAULT_MAX_INSNS;
    c.timeout_s = DEFAULT_TIMEOUT_S;
    c.progress = isatty(2);
    c.checkers = HS_RACE_ALL;
    for (i = 0; i < argc && status == EXIT_OK; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;

#define NEED_VALUE()                                                                   \
        if (!val) {                                                                    \
            status = usage_error("option %s needs a value", a);                        \
            break;                                                                     \
        }                                                                              \
        i++

        if (!strcmp(a, "--")) {
            for (i++; i < argc; i++) {
                g_ptr_array_add(c.run_opts, g_strdup(argv[i]));
            }
            break;
        } else if (hs_cli_opt_is(a, "plan")) {
            GError *gerr = NULL;
            NEED_VALUE();
            c.plan_path = (char *)val;
            if (!g_file_get_contents(val, &c.plan_text, NULL, &gerr)) {
                status = input_error("%s", gerr->message);
                g_error_free(gerr);
            }
        } else if (hs_cli_opt_is(a, "fault")) {
            NEED_VALUE();
            g_ptr_array_add(c.specs, g_strdup(val));
        } else if (hs_cli_opt_is(a, "param")) {
            const char *eq;
            NEED_VALUE();
            eq = strchr(val, '=');
            if (c.nparams == MAX_PARAMS) {
                status = usage_error("--param: at most %d parameters", MAX_PARAMS);
            } else if (!eq || eq == val) {
                status = usage_error("--param %s: give NAME=VALUES", val);
            } else {
                unsigned k = c.nparams;
                c.param_name[k] = g_strndup(val, (gsize)(eq - val));
                c.param_values[k] = g_ptr_array_new_with_free_func(g_free);
                c.nparams++;
                for (const char *q = c.param_name[k]; *q; q++) {
                    if (!g_ascii_isalnum(*q) && *q != '_' && *q != '-') {
                        status = usage_error("--param %s: a name is letters, digits, '_' and "
                                             "'-'", val);
                        break;
                    }
                }
                if (status == EXIT_OK && (!strcmp(c.param_name[k], "seed") ||
                                          !parse_values(eq + 1, c.param_values[k]))) {
                    status = usage_error("--param %s: give NAME=a,b,c or NAME=FROM:TO:STEP "
                                         "(not 'seed': use --seeds)", val);
                }
                for (unsigned j = 0; status == EXIT_OK && j < k; j++) {
                    if (!strcmp(c.param_name[j], c.param_name[k])) {
                        status = usage_error("--param %s: given twice", c.param_name[k]);
                    }
                }
            }
        } else if (hs_cli_opt_is(a, "seeds")) {
            NEED_VALUE();
            g_array_set_size(c.seeds, 0);
            if (!parse_seeds(val, c.seeds)) {
                status = usage_error("--seeds %s: give numbers and ranges, e.g. 1-8,20", val);
            }
        } else if (!strcmp(a, "-j") || hs_cli_opt_is(a, "jobs-here")) {
            NEED_VALUE();
            if (!hs_cli_parse_u64(val, &n) || n < 1 || n > 1024) {
                status = usage_error("-j %s: give 1 to 1024 runs at a time", val);
            }
            c.jobs = (unsigned)n;
        } else if (hs_cli_opt_is(a, "max-insns")) {
            NEED_VALUE();
            if (!hs_cli_parse_u64(val, &c.max_insns) || c.max_insns < 1) {
                status = usage_error("--max-insns %s: give a positive number", val);
            }
        } else if (hs_cli_opt_is(a, "timeout")) {
            NEED_VALUE();
            if (!hs_cli_parse_u64(val, &n) || n < 1 || n > 7 * 24 * 3600) {
                status = usage_error("--timeout %s: give seconds, 1 to a week", val);
            }
            c.timeout_s = (unsigned)n;
        } else if (hs_cli_opt_is(a, "out")) {
            NEED_VALUE();
            g_free(c.out);
            c.out = g_strdup(val);
        } else if (hs_cli_opt_is(a, "csv")) {
            NEED_VALUE();
            c.csv = val;
        } else if (hs_cli_opt_is(a, "json")) {
            NEED_VALUE();
            c.json = val;
        } else if (hs_cli_opt_is(a, "races")) {
            const char *bad;
            NEED_VALUE();
            if (hs_race_parse_checkers(val, &c.checkers, &bad) != 0) {
                status = usage_error("--races: unknown checker '%s' (see docs/traces.md)", bad);
            }
        } else if (hs_cli_opt_is(a, "fail-on-race")) {
            c.fail_on_race = true;
        } else if (hs_cli_opt_is(a, "no-progress")) {
            c.progress = false;
        } else if (hs_cli_opt_is(a, "jobs")) {
            NEED_VALUE();
            if (strcmp(val, "parallel") && strcmp(val, "slurm")) {
                status = usage_error("--jobs %s: give parallel or slurm", val);
            }
            jobs_kind = val;
        } else if (hs_cli_opt_is(a, "hypsim")) {
            NEED_VALUE();
            hypsim = val;
        } else if (hs_cli_opt_is(a, "merge")) {
            NEED_VALUE();
            merge_dir = val;
        } else if (hs_cli_opt_is(a, "run-one")) {
            NEED_VALUE();
            one_dir = val;
            if (i + 1 >= argc || !hs_cli_parse_u64(argv[i + 1], &one_index)) {
                status = usage_error("--run-one DIR N: give the campaign directory and a run "
                                     "number");
            }
            i++;
        } else if (a[0] == '-' && a[1]) {
            status = usage_error("unknown option '%s'", a);
        } else if (!c.image) {
            c.image = g_canonicalize_filename(a, NULL);
        } else {
            status = usage_error("more than one image ('%s' and '%s')", c.image, a);
        }
#undef NEED_VALUE
    }
    if (status != EXIT_OK) {
        goto out;
    }

    if (one_dir || merge_dir) {
        status = load_existing(&c, one_dir ? one_dir : merge_dir);
        if (status == EXIT_OK && one_dir) {
            status = one_index < c.nruns
                   ? run_one(&c, (unsigned)one_index)
                   : input_error("--run-one: %s has runs 0 to %u", one_dir, c.nruns - 1);
        } else if (status == EXIT_OK) {
            unsigned races;
            g_array_set_size(c.seeds, 0);
            for (unsigned r = 0; r < c.nruns; r++) {
                load_result(&c.runs[r]);
            }
            races = summarize(&c);
            status = c.fail_on_race && races ? EXIT_RACE : EXIT_OK;
        }
        goto out;
    }
    if (!c.image) {
        status = usage_error("no image given");
        goto out;
    }
    if (!c.plan_text && !c.specs->len) {
        status = usage_error("give the faults: --plan FILE or --fault SPEC");
        goto out;
    }
    if (!c.seeds->len) {
        uint64_t one = 1;
        g_array_append_val(c.seeds, one);
    }
    if (!c.out) {
        c.out = g_strdup("campaign");
    }
    c.hypsim = hypsim ? g_strdup(hypsim) : this_hypsim(self);
    if (g_mkdir_with_parents(c.out, 0755) != 0) {
        status = input_error("%s: %s", c.out, g_strerror(errno));
        goto out;
    }
    status = make_runs(&c);
    if (status == EXIT_OK) {
        char *msg = NULL;
        if (!save_campaign(&c, &msg)) {
            status = input_error("%s", msg);
            g_free(msg);
        }
    }
    if (status != EXIT_OK) {
        goto out;
    }
    if (jobs_kind) {
        status = write_jobs(&c, jobs_kind);
    } else {
        unsigned races;
        run_here(&c);
        races = summarize(&c);
        status = c.fail_on_race && races ? EXIT_RACE : EXIT_OK;
    }
out:
    campaign_free(&c);
    return status;
}
