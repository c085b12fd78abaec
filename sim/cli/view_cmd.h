/* `hypsim view`: the trace viewer, a page that replays event logs (.hst). */
#ifndef HS_SIM_CLI_VIEW_CMD_H
#define HS_SIM_CLI_VIEW_CMD_H

extern const char hs_cli_view_usage[];

/* argv holds the arguments after "view". Returns the exit status: 0 success, 1
 * a damaged log (the page holds everything before the damage), 2 a usage
 * error, a log that cannot be opened or a page that cannot be written or
 * served. */
int hs_cli_view(int argc, char **argv);

#endif
