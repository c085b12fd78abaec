/*
 * Polled output on the PL011 UART of the virt-a15 platform (QEMU virt: 0x09000000).
 */
#ifndef GUESTLIB_UART_H
#define GUESTLIB_UART_H

#include <stdarg.h>

#define UART0_BASE      0x09000000u

/* Enables the UART for 8-bit frames with FIFOs; start.S calls it before main(). */
void uart_init(void);
/* Writes one character; '\n' goes out as "\r\n". */
void uart_putc(char c);
/* Writes a string as it is (no newline added). */
void uart_puts(const char *s);
/* Waits for a byte from the console and returns it (PL011 UARTFR.RXFE, UARTDR). */
char uart_getc(void);
/*
 * A minimal printf: %d %i %u %x %X %c %s %p %%, with an optional '0' or '-' flag, a field
 * width and an 'l' length modifier (e.g. %08lx, %-10s). On arm-none-eabi uint32_t is unsigned long, so
 * print it with %lx or %lu; the format attribute lets -Wformat check every call.
 */
void uart_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void uart_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
