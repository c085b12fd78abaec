/*
 * A TAP (Test Anything Protocol, version 13) producer writing to the UART, in the style of
 * Perl's Test::More: plan(), ok(), is(), diag(), skip(), done_testing(). The differential
 * harness (tests/guests/difftest.py) reads the stream and meson reads it from there.
 * Descriptions must not contain '#', which starts a TAP directive (difftest.py fails the
 * stream if one does).
 */
#ifndef GUESTLIB_TAP_H
#define GUESTLIB_TAP_H

#include <stdint.h>

#define TAP_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Prints the plan "1..n"; call it first, or let done_testing() print it last. */
void plan(unsigned n);
/* "ok N - desc" if pass, else "not ok N - desc"; returns pass. */
int ok(int pass, const char *fmt, ...) TAP_PRINTF(2, 3);
/* ok(got == expected), with got and expected as hex diagnostics on failure. */
int is(uint32_t got, uint32_t expected, const char *fmt, ...) TAP_PRINTF(3, 4);
/* "ok N - desc # SKIP reason" for a test that cannot run. */
void skip(const char *reason, const char *fmt, ...) TAP_PRINTF(2, 3);
/* "# ..." diagnostic line. */
void diag(const char *fmt, ...) TAP_PRINTF(1, 2);
/* "Bail out! ..." and power off. */
void bail_out(const char *fmt, ...) TAP_PRINTF(1, 2) __attribute__((noreturn));
/* Prints the plan if plan() was not called; returns the number of failed tests. */
unsigned done_testing(void);

#endif
