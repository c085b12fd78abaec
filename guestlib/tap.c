/* TAP producer over the UART (tap.h). */
#include "tap.h"

#include "psci.h"
#include "uart.h"

#include <stdarg.h>

static unsigned tap_run, tap_failed, tap_planned;

void plan(unsigned n)
{
	tap_planned = n;
	uart_printf("1..%u\n", n);
}

static void result(int pass, const char *directive, const char *fmt, va_list ap)
{
	tap_run++;
	if (!pass)
		tap_failed++;
	uart_printf("%sok %u - ", pass ? "" : "not ", tap_run);
	uart_vprintf(fmt, ap);
	if (directive)
		uart_printf(" # %s", directive);
	uart_putc('\n');
}

int ok(int pass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	result(pass, 0, fmt, ap);
	va_end(ap);
	return pass;
}

int is(uint32_t got, uint32_t expected, const char *fmt, ...)
{
	int pass = got == expected;
	va_list ap;

	va_start(ap, fmt);
	result(pass, 0, fmt, ap);
	va_end(ap);
	if (!pass) {
		uart_printf("#   got:      0x%08lx\n", got);
		uart_printf("#   expected: 0x%08lx\n", expected);
	}
	return pass;
}

void skip(const char *reason, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_run++;
	uart_printf("ok %u - ", tap_run);
	uart_vprintf(fmt, ap);
	uart_printf(" # SKIP %s\n", reason);
	va_end(ap);
}

void diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uart_puts("# ");
	uart_vprintf(fmt, ap);
	uart_putc('\n');
	va_end(ap);
}

void bail_out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uart_puts("Bail out! ");
	uart_vprintf(fmt, ap);
	uart_putc('\n');
	va_end(ap);
	psci_system_off();
}

unsigned done_testing(void)
{
	if (!tap_planned)
		uart_printf("1..%u\n", tap_run);
	else if (tap_planned != tap_run)
		diag("planned %u tests but ran %u", tap_planned, tap_run);
	return tap_failed;
}
