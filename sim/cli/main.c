/* The hypsim command line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "hs_config.h"
#include "hypsim/hypsim.h"
#include "sim/cli/trace_cmd.h"
#include "sim/log.h"

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
"  -d LIST                 log diagnostics to stderr: guest_errors, unimp,\n"
"                          exceptions, blocks (every translation block run;\n"
"                          slow), all (all but blocks)\n"
"  -v                      at the end, print per-vCPU instructions, cycles and\n"
"                          simulated time to stderr\n"
"\n"
"Exit status of run: 0 the guest powered off (PSCI SYSTEM_OFF, or SYSTEM_RESET with\n"
"--no-reboot); 1 a guest error, the instruction limit, or every vCPU stopped for\n"
"good; 2 a usage or input error (options, platform file, image, device tree).\n";

static int usage_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("hypsim: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'hypsim help'.\n", stderr);
    return EXIT_USAGE;
}

static bool parse_number(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    if (!s || !g_ascii_isdigit(*s)) {
        return false;
    }
    errno = 0;
    v = strtoull(s, &end, 0);
    if (errno || *end) {
        return false;
    }
    *out = v;
    return true;
}

/* QEMU's -m syntax: a number of MiB, or a number with a K, M, G suffix. */
static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    unsigned shift = 20;
    if (!s || !g_ascii_isdigit(*s)) {
        return false;
    }
    errno = 0;
    v = strtoull(s, &end, 0);
    if (errno) {
        return false;
    }
    switch (*end) {
    case 0: break;
    case 'K': case 'k': shift = 10; end++; break;
    case 'M': case 'm': shift = 20; end++; break;
    case 'G': case 'g': shift = 30; end++; break;
    default: return false;
    }
    if (*end == 'B' || *end == 'b') {
        end++;
    }
    if (*end || v > (UINT64_MAX >> shift)) {
        return false;
    }
    *out = (uint64_t)v << shift;
    return true;
}

/* Accepts "-name" and "--name". */
static bool opt_is(const char *arg, const char *name)
{
    if (arg[0] != '-') {
        return false;
    }
    arg += arg[1] == '-' ? 2 : 1;
    return !strcmp(arg, name);
}

static int run_image(int argc, char **argv, char *command_line)
{
    hs_options o;
    bool verbose = false;
    const char *serial = "stdio";
    FILE *uart_out = NULL;
    hs_sim *sim;
    char *msg = NULL;
    hs_err err;
    hs_exit why;
    int status;

    hs_options_init(&o);
    o.command_line = command_line;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t n;

#define NEED_VALUE()                                                                   \
        do {                                                                           \
            if (!val) {                                                                \
                return usage_error("option %s needs a value", a);                      \
            }                                                                          \
            i++;                                                                       \
        } while (0)

        if (opt_is(a, "platform")) {
            NEED_VALUE();
            o.platform = val;
        } else if (opt_is(a, "smp")) {
            NEED_VALUE();
            if (!parse_number(val, &n) || n < 1 || n > 8) {
                return usage_error("-smp %s: give a number of vCPUs from 1 to 8", val);
            }
            o.smp = (unsigned)n;
        } else if (!strcmp(a, "-m") || opt_is(a, "memory")) {
            NEED_VALUE();
            if (!parse_size(val, &o.ram_size)) {
                return usage_error("-m %s: give a size such as 128 (MiB), 256M or 1G", val);
            }
        } else if (opt_is(a, "dtb")) {
            NEED_VALUE();
            o.dtb = val;
        } else if (opt_is(a, "load-addr")) {
            NEED_VALUE();
            if (!parse_number(val, &o.load_addr) || o.load_addr > UINT32_MAX) {
                return usage_error("--load-addr %s: give a 32-bit address", val);
            }
            o.has_load_addr = true;
        } else if (opt_is(a, "quantum")) {
            NEED_VALUE();
            if (!parse_number(val, &o.quantum) || o.quantum < 1 ||
                o.quantum > UINT64_C(1000000000)) {
                return usage_error("--quantum %s: give a number of instructions from 1 to "
                                   "1000000000", val);
            }
        } else if (opt_is(a, "max-insns")) {
            NEED_VALUE();
            if (!parse_number(val, &o.max_insns) || o.max_insns < 1) {
                return usage_error("--max-insns %s: give a positive number", val);
            }
        } else if (opt_is(a, "serial")) {
            NEED_VALUE();
            serial = val;
        } else if (opt_is(a, "no-reboot")) {
            o.no_reboot = true;
        } else if (opt_is(a, "trace")) {
            NEED_VALUE();
            o.trace_file = val;
        } else if (opt_is(a, "trace-events")) {
            NEED_VALUE();
            o.trace_events = val;
        } else if (!strcmp(a, "-d")) {
            const char *bad;
            NEED_VALUE();
            if (hs_log_parse(val, &o.log_mask, &bad) != 0) {
                return usage_error("-d: unknown log class '%s' (known: guest_errors, unimp, "
                                   "exceptions, blocks, all)", bad);
            }
        } else if (!strcmp(a, "-v") || opt_is(a, "verbose")) {
            verbose = true;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("run: unknown option '%s'", a);
        } else if (!o.image) {
            o.image = a;
        } else {
            return usage_error("run: more than one image ('%s' and '%s')", o.image, a);
        }
#undef NEED_VALUE
    }
    if (!o.image) {
        return usage_error("run: no image given");
    }
    if (!strcmp(serial, "stdio")) {
        o.uart_out = stdout;
        o.uart_in_fd = 0;
    } else if (!strcmp(serial, "null")) {
        uart_out = fopen("/dev/null", "w");
        o.uart_out = uart_out;
    } else if (g_str_has_prefix(serial, "file:")) {
        uart_out = fopen(serial + 5, "w");
        if (!uart_out) {
            fprintf(stderr, "hypsim: %s: %s\n", serial + 5, g_strerror(errno));
            return EXIT_USAGE;
        }
        o.uart_out = uart_out;
    } else {
        return usage_error("--serial %s: give stdio, null or file:PATH", serial);
    }

    err = hs_sim_new(&o, &sim, &msg);
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
    if (verbose) {
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
    char *command_line = g_strjoinv(" ", argv);
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
    if (!strcmp(argv[1], "trace")) {
        return hs_cli_trace(argc - 2, argv + 2);
    }
    if (!strcmp(argv[1], "help") || opt_is(argv[1], "help") || !strcmp(argv[1], "-h")) {
        fputs(usage_text, stdout);
        fputs("\n", stdout);
        fputs(hs_cli_trace_usage, stdout);
        return 0;
    }
    if (!strcmp(argv[1], "version") || opt_is(argv[1], "version")) {
        printf("hypsim %s (Unicorn from %s)\n", HS_VERSION, HS_UNICORN_FLAVOUR);
        return 0;
    }
    return usage_error("unknown command '%s'", argv[1]);
}
