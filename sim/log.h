/* Diagnostics. Guest errors (a guest doing something the hardware tolerates but
 * that is almost certainly a bug: a bad offset, a bad access size, a write to a
 * read-only register) and unimplemented features are logged when their class is
 * enabled with `-d guest_errors,unimp` and never stop the simulation. */
#ifndef HS_SIM_LOG_H
#define HS_SIM_LOG_H

#include <stdio.h>

enum {
    HS_LOG_GUEST_ERROR = 1u << 0,
    HS_LOG_UNIMP = 1u << 1,
    HS_LOG_EXCEPTIONS = 1u << 2,
    HS_LOG_BLOCKS = 1u << 3,
};

extern unsigned hs_log_mask;
extern FILE *hs_log_file;

/* Parses a comma-separated list of class names ("guest_errors", "unimp",
 * "exceptions", "all"); returns 0, or -1 with the offending name in *bad. */
int hs_log_parse(const char *list, unsigned *mask, const char **bad);

void hs_log(unsigned cls, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define hs_log_guest_error(...) \
    do { if (hs_log_mask & HS_LOG_GUEST_ERROR) hs_log(HS_LOG_GUEST_ERROR, __VA_ARGS__); } while (0)
#define hs_log_unimp(...) \
    do { if (hs_log_mask & HS_LOG_UNIMP) hs_log(HS_LOG_UNIMP, __VA_ARGS__); } while (0)

#endif
