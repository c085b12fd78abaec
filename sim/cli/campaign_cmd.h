/* `hypsim campaign`: runs an image over a grid of fault-plan parameters and
 * seeds, in parallel on the local cores or as a job array for GNU parallel or
 * Slurm, and summarizes the races each run found (docs/faults.md). */
#ifndef HS_SIM_CLI_CAMPAIGN_CMD_H
#define HS_SIM_CLI_CAMPAIGN_CMD_H

extern const char hs_cli_campaign_usage[];

/* argv: the arguments after "campaign"; self: how hypsim was invoked (argv[0]),
 * used when /proc/self/exe is unavailable. Returns the exit status: 0 done
 * (1 with --fail-on-race when a run found a race), 2 a usage or input error. */
int hs_cli_campaign(int argc, char **argv, const char *self);

#endif
