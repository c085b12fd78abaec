/* What every hypsim subcommand's option parsing shares. */
#ifndef HS_SIM_CLI_UTIL_H
#define HS_SIM_CLI_UTIL_H

#include <stdbool.h>
#include <stdint.h>

/* Exit status of a usage or input error, for every command (docs in --help). */
#define HS_CLI_EXIT_USAGE 2

/* Accepts "-name" and "--name". */
bool hs_cli_opt_is(const char *arg, const char *name);

/* An unsigned number in C syntax (decimal, 0x..., 0...); NULL or junk is false. */
bool hs_cli_parse_u64(const char *s, uint64_t *out);

/* "PREFIX: message" on stderr, then "Try 'HELP'." when help is given; returns
 * HS_CLI_EXIT_USAGE. */
int hs_cli_error(const char *prefix, const char *help, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
