#include "sim/cli/run_options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "sim/cli/cli_util.h"

#include "sim/log.h"
#include "traces/time_arg.h"

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

char *hs_cli_run_parse(int argc, char **argv, hs_cli_run *out)
{
    hs_options *o = &out->o;
    unsigned nfaults = 0;

    hs_options_init(o);
    out->verbose = false;
    out->serial = "stdio";
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        uint64_t n;

#define NEED_VALUE()                                                                   \
        do {                                                                           \
            if (!val) {                                                                \
                return g_strdup_printf("option %s needs a value", a);                  \
            }                                                                          \
            i++;                                                                       \
        } while (0)

        if (hs_cli_opt_is(a, "platform")) {
            NEED_VALUE();
            o->platform = val;
        } else if (hs_cli_opt_is(a, "smp")) {
            NEED_VALUE();
            if (!hs_cli_parse_u64(val, &n) || n < 1 || n > 8) {
                return g_strdup_printf("-smp %s: give a number of vCPUs from 1 to 8", val);
            }
            o->smp = (unsigned)n;
        } else if (!strcmp(a, "-m") || hs_cli_opt_is(a, "memory")) {
            NEED_VALUE();
            if (!parse_size(val, &o->ram_size)) {
                return g_strdup_printf("-m %s: give a size such as 128 (MiB), 256M or 1G", val);
            }
        } else if (hs_cli_opt_is(a, "dtb")) {
            NEED_VALUE();
            o->dtb = val;
        } else if (hs_cli_opt_is(a, "load-addr")) {
            NEED_VALUE();
            if (!hs_cli_parse_u64(val, &o->load_addr) || o->load_addr > UINT32_MAX) {
                return g_strdup_printf("--load-addr %s: give a 32-bit address", val);
            }
            o->has_load_addr = true;
        } else if (hs_cli_opt_is(a, "quantum")) {
            NEED_VALUE();
            if (!hs_cli_parse_u64(val, &o->quantum) || o->quantum < 1 ||
                o->quantum > UINT64_C(1000000000)) {
                return g_strdup_printf("--quantum %s: give a number of instructions from 1 to "
                                       "1000000000", val);
            }
        } else if (hs_cli_opt_is(a, "exact-alignment")) {
            o->exact_alignment = true;
        } else if (hs_cli_opt_is(a, "kernel")) {
            NEED_VALUE();
            if (!strcmp(val, "native")) {
                o->kernel = HS_KERNEL_NATIVE;
            } else if (!strcmp(val, "systemc")) {
                o->kernel = HS_KERNEL_SYSTEMC;
            } else {
                return g_strdup_printf("--kernel %s: give native or systemc", val);
            }
        } else if (hs_cli_opt_is(a, "max-insns")) {
            NEED_VALUE();
            if (!hs_cli_parse_u64(val, &o->max_insns) || o->max_insns < 1) {
                return g_strdup_printf("--max-insns %s: give a positive number", val);
            }
        } else if (hs_cli_opt_is(a, "serial")) {
            NEED_VALUE();
            out->serial = val;
        } else if (hs_cli_opt_is(a, "no-reboot")) {
            o->no_reboot = true;
        } else if (hs_cli_opt_is(a, "trace")) {
            NEED_VALUE();
            o->trace_file = val;
        } else if (hs_cli_opt_is(a, "trace-events")) {
            NEED_VALUE();
            o->trace_events = val;
        } else if (hs_cli_opt_is(a, "trace-vcpus")) {
            NEED_VALUE();
            o->trace_vcpus = val;
        } else if (hs_cli_opt_is(a, "trace-from") || hs_cli_opt_is(a, "trace-to")) {
            const bool to = hs_cli_opt_is(a, "trace-to");
            NEED_VALUE();
            if (!hs_time_arg_parse(val, to ? &o->trace_to_ps : &o->trace_from_ps)) {
                return g_strdup_printf("%s %s: give a time in ps, or with a unit (ns, us, ms, "
                                       "s)", a, val);
            }
            o->has_trace_to |= to;
        } else if (hs_cli_opt_is(a, "check-races")) {
            o->check_races = true;
        } else if (hs_cli_opt_is(a, "race-window")) {
            NEED_VALUE();
            o->race_window = val;
        } else if (hs_cli_opt_is(a, "storm-max")) {
            NEED_VALUE();
            if (!hs_cli_parse_u64(val, &o->storm_max) || o->storm_max < 1) {
                return g_strdup_printf("--storm-max %s: give a positive number", val);
            }
        } else if (hs_cli_opt_is(a, "storm-window")) {
            NEED_VALUE();
            if (!hs_time_arg_parse(val, &o->storm_window_ps) || o->storm_window_ps < 1) {
                return g_strdup_printf("--storm-window %s: give a time above 0, in ps or with "
                                       "a unit (ns, us, ms, s)", val);
            }
        } else if (!strcmp(a, "-d")) {
            const char *bad;
            NEED_VALUE();
            if (hs_log_parse(val, &o->log_mask, &bad) != 0) {
                return g_strdup_printf("-d: unknown log class '%s' (known: guest_errors, unimp, "
                                       "exceptions, blocks, all)", bad);
            }
        } else if (hs_cli_opt_is(a, "fault-plan")) {
            NEED_VALUE();
            o->fault_plan = val;
        } else if (hs_cli_opt_is(a, "fault")) {
            NEED_VALUE();
            if (nfaults == HS_CLI_MAX_FAULTS) {
                return g_strdup_printf("--fault: at most %d of them; put more in a "
                                       "--fault-plan file", HS_CLI_MAX_FAULTS);
            }
            out->faults[nfaults++] = val;
            out->faults[nfaults] = NULL;
            o->faults = out->faults;
        } else if (hs_cli_opt_is(a, "seed")) {
            NEED_VALUE();
            if (!hs_cli_parse_u64(val, &o->seed)) {
                return g_strdup_printf("--seed %s: give a number from 0 to 2^64-1", val);
            }
            o->has_seed = true;
        } else if (!strcmp(a, "-v") || hs_cli_opt_is(a, "verbose")) {
            out->verbose = true;
        } else if (a[0] == '-' && a[1]) {
            return g_strdup_printf("run: unknown option '%s'", a);
        } else if (!o->image) {
            o->image = a;
        } else {
            return g_strdup_printf("run: more than one image ('%s' and '%s')", o->image, a);
        }
#undef NEED_VALUE
    }
    if (!o->image) {
        return g_strdup("run: no image given");
    }
    return NULL;
}

char *hs_cli_shell_join(int argc, char **argv)
{
    GString *out = g_string_new(NULL);

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (i) {
            g_string_append_c(out, ' ');
        }
        if (*a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                            "-_./,:=+@%") == strlen(a)) {
            g_string_append(out, a);
        } else {
            char *q = g_shell_quote(a);
            g_string_append(out, q);
            g_free(q);
        }
    }
    return g_string_free(out, FALSE);
}
