/* The options of `hypsim run`, parsed for run and for replay, which reads
 * them back from the command line a log records. */
#ifndef HS_SIM_CLI_RUN_OPTIONS_H
#define HS_SIM_CLI_RUN_OPTIONS_H

#include <stdbool.h>

#include "hypsim/hypsim.h"

#define HS_CLI_MAX_FAULTS 64

typedef struct hs_cli_run {
    hs_options o;              /* strings point into argv */
    const char *faults[HS_CLI_MAX_FAULTS + 1];  /* --fault specs: o.faults */
    bool verbose;              /* -v */
    const char *serial;        /* --serial: stdio, null or file:PATH (not checked here) */
} hs_cli_run;

/* Parses the arguments after "run". Returns NULL, or on a usage error what is
 * wrong (g_free it). */
char *hs_cli_run_parse(int argc, char **argv, hs_cli_run *out);

/* Joins arguments with spaces, quoting each that a POSIX shell would split or
 * expand, so that g_shell_parse_argv() gives them back. */
char *hs_cli_shell_join(int argc, char **argv);

#endif
