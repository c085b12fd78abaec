/* `hypsim trace`: the tools that read event logs (.hst). */
#ifndef HS_SIM_CLI_TRACE_CMD_H
#define HS_SIM_CLI_TRACE_CMD_H

extern const char hs_cli_trace_usage[];

/* argv[0] is the subcommand (dump, export, stats, races, catalog, help).
 * Returns the exit status: 0 success, 1 a damaged log (everything before the
 * damage was processed) or, for races, races found, 2 a usage error or a log
 * that cannot be opened. */
int hs_cli_trace(int argc, char **argv);

#endif
