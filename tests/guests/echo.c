/*
 * Console input: reads five bytes from the PL011 and prints them back. Run with its input on
 * stdin by tests/guests/console.py (the difftests give guests no input), which also checks that
 * the input is recorded in the event log and that a replay gives it back.
 */
#include "guest.h"

int main(void)
{
	char got[6];

	/* Input that arrives before the UART is set up is lost when guestlib enables
	 * its FIFO (a change of UARTLCR_H.FEN flushes it): ask for it now. */
	uart_puts("ready\n");
	for (unsigned i = 0; i < 5; i++)
		got[i] = uart_getc();
	got[5] = 0;
	uart_printf("echo: %s\n", got);
	return 0;
}
