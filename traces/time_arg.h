/* Simulated times as users write them on the command line: picoseconds, or a
 * number with a unit ("250ns", "2.5us", "1ms", "1s"). */
#ifndef HS_TRACES_TIME_ARG_H
#define HS_TRACES_TIME_ARG_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

/* Digits, optionally a fraction, optionally a unit (ps, ns, us, ms, s; ps by
 * default); false for anything else or a value beyond 2^64 ps. */
bool hs_time_arg_parse(const char *s, uint64_t *ps);
/* Appends a time in the largest unit that shows it exactly: "100us", "2500ps". */
void hs_time_arg_format(GString *out, uint64_t ps);

#endif
