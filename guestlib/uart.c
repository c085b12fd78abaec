/*
 * PL011 polled transmit. Register offsets and bits are from the PrimeCell UART (PL011)
 * Technical Reference Manual (ARM DDI 0183), 3.2 and 3.3.
 */
#include "uart.h"

#include <stdint.h>

#define UARTDR          0x000u
#define UARTFR          0x018u
#define UARTIBRD        0x024u
#define UARTFBRD        0x028u
#define UARTLCR_H       0x02cu
#define UARTCR          0x030u

#define UARTFR_TXFF     (1u << 5)       /* transmit FIFO full */
#define UARTFR_RXFE     (1u << 4)       /* receive FIFO empty */
#define UARTLCR_H_FEN   (1u << 4)       /* FIFO enable */
#define UARTLCR_H_WLEN_8 (3u << 5)      /* 8-bit words */
#define UARTCR_UARTEN   (1u << 0)
#define UARTCR_TXE      (1u << 8)
#define UARTCR_RXE      (1u << 9)

/* 115200 baud from the platform's 24 MHz UARTCLK: 24e6 / (16 * 115200) = 13 + 1/64. */
#define UART_IBRD       13u
#define UART_FBRD       1u

static inline void uart_write(uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(UART0_BASE + off) = v;
}

static inline uint32_t uart_read(uint32_t off)
{
	return *(volatile uint32_t *)(UART0_BASE + off);
}

void uart_init(void)
{
	/* The TRM's programming sequence: disable, program the line, then enable. */
	uart_write(UARTCR, 0);
	uart_write(UARTIBRD, UART_IBRD);
	uart_write(UARTFBRD, UART_FBRD);
	uart_write(UARTLCR_H, UARTLCR_H_WLEN_8 | UARTLCR_H_FEN);
	uart_write(UARTCR, UARTCR_UARTEN | UARTCR_TXE | UARTCR_RXE);
}

static void uart_tx(char c)
{
	while (uart_read(UARTFR) & UARTFR_TXFF)
		;
	uart_write(UARTDR, (uint8_t)c);
}

void uart_putc(char c)
{
	if (c == '\n')
		uart_tx('\r');
	uart_tx(c);
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

/* Writes the len characters at digits, last first, padded to width; pad 0 left-justifies. */
static void put_padded(const char *digits, unsigned len, unsigned width, char pad)
{
	unsigned n = len;

	for (; pad && width > len; width--)
		uart_putc(pad);
	while (n)
		uart_putc(digits[--n]);
	for (; width > len; width--)
		uart_putc(' ');
}

/* Writes v in base 10 or 16, digits generated least significant first. */
static void put_uint(uint32_t v, unsigned base, int upper, int negative, unsigned width,
		     char pad)
{
	const char *xdigits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[12];
	unsigned n = 0;

	do {
		buf[n++] = xdigits[v % base];
		v /= base;
	} while (v);
	if (negative) {
		if (pad == '0') {
			uart_putc('-');
			width = width ? width - 1 : 0;
		} else {
			buf[n++] = '-';
		}
	}
	put_padded(buf, n, width, pad);
}

void uart_vprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		char pad = ' ';
		unsigned width = 0;
		int is_long = 0;

		if (*fmt != '%') {
			uart_putc(*fmt);
			continue;
		}
		fmt++;
		if (*fmt == '-') {
			pad = 0;
			fmt++;
		} else if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		if (*fmt == 'l') {
			is_long = 1;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			long v = is_long ? va_arg(ap, long) : va_arg(ap, int);
			uint32_t mag = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
			put_uint(mag, 10, 0, v < 0, width, pad);
			break;
		}
		case 'u':
			put_uint(is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned),
				 10, 0, 0, width, pad);
			break;
		case 'x':
		case 'X':
			put_uint(is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned),
				 16, *fmt == 'X', 0, width, pad);
			break;
		case 'p':
			uart_puts("0x");
			put_uint((uint32_t)(uintptr_t)va_arg(ap, void *), 16, 0, 0, 8, '0');
			break;
		case 'c':
			uart_putc((char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			unsigned len = 0;
			if (!s)
				s = "(null)";
			while (s[len])
				len++;
			for (; pad && width > len; width--)
				uart_putc(pad);
			uart_puts(s);
			for (; width > len; width--)
				uart_putc(' ');
			break;
		}
		case '%':
			uart_putc('%');
			break;
		case '\0':
			return;
		default:                /* unknown conversion: show it */
			uart_putc('%');
			uart_putc(*fmt);
			break;
		}
	}
}

void uart_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uart_vprintf(fmt, ap);
	va_end(ap);
}

char uart_getc(void)
{
	while (uart_read(UARTFR) & UARTFR_RXFE)
		;
	return (char)(uart_read(UARTDR) & 0xffu);
}
