/* The hypsim command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "sim/cli/cli_util.h"

#include "hs_config.h"
#include "hypsim/hypsim.h"
#include "sim/cli/campaign_cmd.h"
#include "sim/cli/replay_cmd.h"
#include "sim/cli/run_options.h"
#include "sim/cli/trace_cmd.h"
#include "sim/cli/view_cmd.h"

#define usage_error(...) hs_cli_error("hypsim", "hypsim help", __VA_ARGS__)

/* Exit statuses (documented in --help and docs/cli.md). */
enum {
    EXIT_POWERED_OFF = 0,
    EXIT_GUEST = 1,
    EXIT_USAGE = 2,
};

static const char usage_text[] =
"Usage: hypsim COMMAND [options] ...\n"
"\n"
"Commands:\n"
"  run [options] IMAGE     run a guest image (ELF, or raw with --load-addr)\n"
"  trace COMMAND LOG ...   read an event log written by run --trace (see below)\n"
"  view LOG [LOG2] -o FILE.html | --serve\n"
"                          replay logs in a browser (hypsim view --help)\n"
"  replay LOG              run a recorded run again and compare its events with\n"
"                          the log's (see below)\n"
"  campaign [options] IMAGE\n"
"                          run an image over a grid of fault parameters and seeds\n"
"                          and collect the races each run found (see below)\n"
"  help                    this text\n"
"  version                 the version and the Unicorn it runs on\n"
"\n"
"Options of run:\n"
"  --platform NAME|FILE    platform description (default virt-a15; a NAME is looked\n"
"                          up in the platform directory, see HYPSIM_PLATFORM_DIR)\n"
"  -smp N                  number of vCPUs, 1..8 (default: the platform's, 1)\n"
"  -m SIZE                 RAM size; a plain number is MiB, or use K, M, G suffixes\n"
"                          (default: the platform's, 128M)\n"
"  --dtb FILE              pass this device tree blob instead of the generated one\n"
"  --load-addr ADDR        IMAGE is a raw binary: load it at ADDR and start there\n"
"  --quantum N             instructions per vCPU per quantum (default 10000)\n"
"  --exact-alignment       also fault the unaligned LDM, LDRD, ... that need\n"
"                          alignment with SCTLR.A clear; slower (docs/cpu.md)\n"
"  --kernel native|systemc the simulation kernel (default native); systemc runs\n"
"                          the same schedule on SystemC 2.3.4, with the same\n"
"                          results (docs/systemc.md)\n"
"  --max-insns N           stop after N instructions in all vCPUs (checked at quantum\n"
"                          ends); exit status 1\n"
"  --serial stdio|null|file:PATH\n"
"                          where the PL011 console goes (default stdio: output to\n"
"                          stdout, input from stdin)\n"
"  --no-reboot             PSCI SYSTEM_RESET ends the run (exit 0) instead of\n"
"                          restarting the image\n"
"  --trace FILE            record events to FILE\n"
"  --trace-events LIST     select events by class or name, comma-separated\n"
"                          (default all)\n"
"  --trace-vcpus LIST      record only these vCPUs: numbers and ranges, 0,2-3\n"
"  --trace-from TIME       record only events at or after TIME of simulated time\n"
"                          (ps, or with a unit: 250ns, 2.5us, 1ms)\n"
"  --trace-to TIME         record only events at or before TIME\n"
"  --check-races           run the race checkers during the run (they see every\n"
"                          event, whatever is recorded); each race is a race\n"
"                          event and a line on stderr at the end\n"
"  --race-window LO-HI|SYMBOL[+LEN]\n"
"                          with --check-races: a code range that a maintenance\n"
"                          interrupt must not interrupt (the critical-window\n"
"                          checker), e.g. the end of a VGIC's sync_to_cpu\n"
"  --storm-max N, --storm-window TIME\n"
"                          a maintenance storm is more than N maintenance\n"
"                          interrupts taken on one CPU within TIME (default 100\n"
"                          within 100us)\n"
"  -d LIST                 log diagnostics to stderr: guest_errors, unimp,\n"
"                          exceptions, blocks (every translation block run;\n"
"                          slow), all (all but blocks)\n"
"  -v                      at the end, print per-vCPU instructions, cycles and\n"
"                          simulated time to stderr\n"
"  --fault-plan FILE       inject the faults of a fault plan (docs/faults.md)\n"
"  --fault SPEC            inject a fault given as the comma-separated key=value\n"
"                          pairs of a plan's [fault] group, e.g.\n"
"                          wire=maintenance,action=delay,delay=500 (repeatable)\n"
"  --seed N                seed of the fault injector (default: the plan's, else 1)\n"
"\n"
"Exit status of run: 0 the guest powered off (PSCI SYSTEM_OFF, or SYSTEM_RESET with\n"
"--no-reboot); 1 a guest error, the instruction limit, or every vCPU stopped for\n"
"good; 2 a usage or input error (options, platform file, image, device tree).\n";

static int run_image(int argc, char **argv, char *command_line)
{
    hs_cli_run run;
    hs_options *o = &run.o;
    const char *serial;
    FILE *uart_out = NULL;
    hs_sim *sim;
    char *msg;
    hs_err err;
    hs_exit why;
    int status;

    if ((msg = hs_cli_run_parse(argc, argv, &run))) {
        status = usage_error("%s", msg);
        g_free(msg);
        return status;
    }
    o->command_line = command_line;
    serial = run.serial;
    if (!strcmp(serial, "stdio")) {
        o->uart_out = stdout;
        o->uart_in_fd = 0;
    } else if (!strcmp(serial, "null")) {
        uart_out = fopen("/dev/null", "w");
        o->uart_out = uart_out;
    } else if (g_str_has_prefix(serial, "file:")) {
        uart_out = fopen(serial + 5, "w");
        if (!uart_out) {
            fprintf(stderr, "hypsim: %s: %s\n", serial + 5, g_strerror(errno));
            return EXIT_USAGE;
        }
        o->uart_out = uart_out;
    } else {
        return usage_error("--serial %s: give stdio, null or file:PATH", serial);
    }

    err = hs_sim_new(o, &sim, &msg);
    if (err != HS_OK) {
        fprintf(stderr, "hypsim: %s\n", msg ? msg : hs_strerror(err));
        hs_free(msg);
        if (uart_out) {
            fclose(uart_out);
        }
        return EXIT_USAGE;
    }
    why = hs_sim_run(sim);
    if (hs_sim_exit_message(sim)) {
        fprintf(stderr, "hypsim: %s: %s\n", hs_exit_name(why), hs_sim_exit_message(sim));
    }
    if (o->check_races) {
        unsigned n = hs_sim_race_count(sim);
        if (n == 0) {
            fputs("hypsim: --check-races: no races\n", stderr);
        } else {
            const char *p = hs_sim_race_report(sim);
            fprintf(stderr, "hypsim: --check-races: %u race%s\n", n, n == 1 ? "" : "s");
            while (*p) {
                size_t len = strcspn(p, "\n");
                fprintf(stderr, "  %.*s\n", (int)len, p);
                p += len + (p[len] == '\n');
            }
        }
    }
    if (run.verbose) {
        uint64_t t = hs_sim_time_ps(sim);
        fprintf(stderr, "hypsim: %s after %" G_GUINT64_FORMAT ".%06" G_GUINT64_FORMAT
                " ms of simulated time\n", hs_exit_name(why), t / UINT64_C(1000000000),
                t / 1000 % 1000000);
        for (unsigned c = 0; c < hs_sim_ncpu(sim); c++) {
            hs_cpu_stats st;
            hs_sim_cpu_stats(sim, c, &st);
            fprintf(stderr, "vcpu%u: time_ps %" G_GUINT64_FORMAT " insns %" G_GUINT64_FORMAT
                    " cycles %" G_GUINT64_FORMAT
                    " idle_ps %" G_GUINT64_FORMAT " exceptions %" G_GUINT64_FORMAT
                    " returns %" G_GUINT64_FORMAT
                    " mmio %" G_GUINT64_FORMAT "\n", c, st.time_ps, st.insns, st.cycles, st.idle_ps,
                    st.exceptions, st.exc_returns, st.mmio);
        }
    }
    status = why == HS_EXIT_POWER_OFF || why == HS_EXIT_RESET ? EXIT_POWERED_OFF : EXIT_GUEST;
    hs_sim_free(sim);
    if (uart_out) {
        fclose(uart_out);
    }
    return status;
}

static int cmd_run(int argc, char **argv)
{
    char *command_line = hs_cli_shell_join(argc, argv);
    int status = run_image(argc, argv, command_line);
    g_free(command_line);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "run")) {
        return cmd_run(argc - 2, argv + 2);
    }
    if (!strcmp(argv[1], "view")) {
        return hs_cli_view(argc - 2, argv + 2);
    }
    if (!strcmp(argv[1], "trace")) {
        return hs_cli_trace(argc - 2, argv + 2);
    }
    if (!strcmp(argv[1], "replay")) {
        return hs_cli_replay(argc - 2, argv + 2);
    }
    if (!strcmp(argv[1], "campaign")) {
        return hs_cli_campaign(argc - 2, argv + 2, argv[0]);
    }
    if (!strcmp(argv[1], "help") || hs_cli_opt_is(argv[1], "help") || !strcmp(argv[1], "-h")) {
        fputs(usage_text, stdout);
        fputs("\n", stdout);
        fputs(hs_cli_trace_usage, stdout);
        fputs("\n", stdout);
        fputs(hs_cli_replay_usage, stdout);
        fputs("\n", stdout);
        fputs(hs_cli_campaign_usage, stdout);
        return 0;
    }
    if (!strcmp(argv[1], "version") || hs_cli_opt_is(argv[1], "version")) {
        printf("hypsim %s (Unicorn from %s)\n", HS_VERSION, HS_UNICORN_FLAVOUR);
        return 0;
    }
    return usage_error("unknown command '%s'", argv[1]);
}
