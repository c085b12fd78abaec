/* `hypsim replay LOG`: runs a recorded run again and compares its events with
 * the log's. */
#ifndef HS_SIM_CLI_REPLAY_CMD_H
#define HS_SIM_CLI_REPLAY_CMD_H

extern const char hs_cli_replay_usage[];

/* argv: the arguments after "replay". Returns the exit status: 0 identical,
 * 1 diverged, 2 a usage or input error. */
int hs_cli_replay(int argc, char **argv);

#endif
