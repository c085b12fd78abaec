#include "sim/cli/cli_util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

bool hs_cli_opt_is(const char *arg, const char *name)
{
    if (arg[0] != '-') {
        return false;
    }
    arg += arg[1] == '-' ? 2 : 1;
    return !strcmp(arg, name);
}

bool hs_cli_parse_u64(const char *s, uint64_t *out)
{
    char *end;
    uint64_t v;

    if (!s || !g_ascii_isdigit(*s)) {
        return false;
    }
    errno = 0;
    v = g_ascii_strtoull(s, &end, 0);
    if (errno || *end) {
        return false;
    }
    *out = v;
    return true;
}

int hs_cli_error(const char *prefix, const char *help, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", prefix);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (help) {
        fprintf(stderr, "Try '%s'.\n", help);
    }
    return HS_CLI_EXIT_USAGE;
}
