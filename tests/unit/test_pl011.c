/* PL011 UART model against the PrimeCell UART (PL011) r1p5 Technical Reference
 * Manual, ARM DDI 0183G. Offsets, reset values and field positions below are
 * transcribed from the TRM (§3.2 summary of registers, §3.3 register
 * descriptions, §3.4 interrupts), not from the model's header. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/pl011/pl011.h"
#include "sim/log.h"

/* §3.2 register offsets. */
#define UARTDR 0x000
#define UARTRSR 0x004
#define UARTECR 0x004
#define UARTFR 0x018
#define UARTILPR 0x020
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIFLS 0x034
#define UARTIMSC 0x038
#define UARTRIS 0x03c
#define UARTMIS 0x040
#define UARTICR 0x044
#define UARTDMACR 0x048
#define UARTPeriphID0 0xfe0

/* §3.3 fields. */
#define DR_OE 0x800u
#define RSR_OE 0x8u
#define FR_BUSY 0x08u
#define FR_RXFE 0x10u
#define FR_TXFF 0x20u
#define FR_RXFF 0x40u
#define FR_TXFE 0x80u
#define LCR_H_FEN 0x10u
#define CR_UARTEN 0x001u
#define CR_LBE 0x080u
#define CR_TXE 0x100u
#define CR_RXE 0x200u
#define IFLS_RX_SHIFT 3
#define INT_RX 0x010u           /* RXIM/RXRIS/RXMIS/RXIC */
#define INT_TX 0x020u
#define INT_RT 0x040u
#define INT_OE 0x400u

/* r1p5 FIFO depth (chapter 1 features: 32 x 8 transmit, 32 x 12 receive). */
#define FIFO_DEPTH 32u

typedef struct {
    hs_pl011 *s;
    GString *tx;
    int level;
    unsigned edges;
    char *log;
    size_t loglen;
    unsigned rx_seq;            /* characters sent so far by rx_n() */
} fixture;

static void tx_capture(void *opaque, uint8_t byte)
{
    fixture *f = opaque;
    g_string_append_c(f->tx, (char)byte);
}

static void irq_capture(void *opaque, int n, int level)
{
    fixture *f = opaque;
    g_assert_cmpint(n, ==, 7);
    if (level && !f->level) {
        f->edges++;
    }
    f->level = level;
}

static void setup(fixture *f, gconstpointer data)
{
    (void)data;
    memset(f, 0, sizeof *f);
    f->tx = g_string_new(NULL);
    hs_log_file = open_memstream(&f->log, &f->loglen);
    g_assert_nonnull(hs_log_file);
    hs_log_mask = HS_LOG_GUEST_ERROR | HS_LOG_UNIMP;
    f->s = hs_pl011_new(tx_capture, f);
    g_assert_nonnull(f->s);
    hs_pl011_connect_irq(f->s, hs_irq_make(irq_capture, f, 7));
}

static void teardown(fixture *f, gconstpointer data)
{
    (void)data;
    hs_pl011_free(f->s);
    fclose(hs_log_file);
    hs_log_file = NULL;
    hs_log_mask = 0;
    free(f->log);
    g_string_free(f->tx, TRUE);
}

/* The log written so far (NUL-terminated by the memstream). */
static const char *log_text(fixture *f)
{
    fflush(hs_log_file);
    return f->log;
}

static unsigned log_lines(fixture *f)
{
    unsigned n = 0;
    for (const char *p = log_text(f); *p; p++) {
        n += *p == '\n';
    }
    return n;
}

static uint32_t rd(fixture *f, uint64_t off)
{
    return (uint32_t)hs_pl011_ops.read(f->s, off, 4, 0);
}

static void wr(fixture *f, uint64_t off, uint32_t v)
{
    hs_pl011_ops.write(f->s, off, v, 4, 0);
}

static void rx(fixture *f, const char *str)
{
    hs_pl011_receive(f->s, (const uint8_t *)str, strlen(str));
}

/* Sends n characters one at a time, continuing the sequence a, b, ..., z, a, ... */
static void rx_n(fixture *f, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint8_t b = (uint8_t)('a' + f->rx_seq++ % 26);
        hs_pl011_receive(f->s, &b, 1);
    }
}

/* §3.2: reset values. UARTFR resets to 0b-10010---: TXFE and RXFE set, BUSY,
 * TXFF, RXFF clear; the modem bits follow inputs the model ties inactive. */
static void test_reset_values(fixture *f, gconstpointer data)
{
    (void)data;
    g_assert_cmphex(rd(f, UARTFR), ==, 0x90);
    g_assert_cmphex(rd(f, UARTRSR), ==, 0);
    g_assert_cmphex(rd(f, UARTILPR), ==, 0);
    g_assert_cmphex(rd(f, UARTIBRD), ==, 0);
    g_assert_cmphex(rd(f, UARTFBRD), ==, 0);
    g_assert_cmphex(rd(f, UARTLCR_H), ==, 0);
    g_assert_cmphex(rd(f, UARTCR), ==, 0x0300);
    g_assert_cmphex(rd(f, UARTIFLS), ==, 0x12);
    g_assert_cmphex(rd(f, UARTIMSC), ==, 0);
    g_assert_cmphex(rd(f, UARTRIS), ==, 0);
    g_assert_cmphex(rd(f, UARTMIS), ==, 0);
    g_assert_cmphex(rd(f, UARTDMACR), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    g_assert_cmpuint(log_lines(f), ==, 0);
}

/* §3.3 UARTPeriphID0-3 / UARTPCellID0-3 of r1p5. */
static void test_id_registers(fixture *f, gconstpointer data)
{
    static const uint32_t id[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
    (void)data;
    for (unsigned i = 0; i < 8; i++) {
        g_assert_cmphex(rd(f, UARTPeriphID0 + 4 * i), ==, id[i]);
    }
}

/* §3.3 register widths: UARTILPR 8, UARTIBRD 16, UARTFBRD 6, UARTLCR_H 8,
 * UARTCR 16 with [6:3] reserved, UARTIFLS 6, UARTIMSC 11, UARTDMACR 3 bits. */
static void test_register_widths(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTILPR, 0xffffffff);
    wr(f, UARTIBRD, 0xffffffff);
    wr(f, UARTFBRD, 0xffffffff);
    wr(f, UARTLCR_H, 0xffffffff);
    wr(f, UARTCR, 0xffffffff);
    wr(f, UARTIFLS, 0x24);      /* TX 7/8 (b100), RX 7/8 (b100) */
    wr(f, UARTIMSC, 0xffffffff);
    g_assert_cmphex(rd(f, UARTILPR), ==, 0xff);
    g_assert_cmphex(rd(f, UARTIBRD), ==, 0xffff);
    g_assert_cmphex(rd(f, UARTFBRD), ==, 0x3f);
    g_assert_cmphex(rd(f, UARTLCR_H), ==, 0xff);
    g_assert_cmphex(rd(f, UARTCR), ==, 0xff87);
    g_assert_cmphex(rd(f, UARTIFLS), ==, 0x24);
    g_assert_cmphex(rd(f, UARTIMSC), ==, 0x7ff);
    g_assert_cmpuint(log_lines(f), ==, 0);
    wr(f, UARTDMACR, 0xffffffff);
    g_assert_cmphex(rd(f, UARTDMACR), ==, 0x7);
}

/* §3.3 UARTDR: a write sends bits [7:0]. */
static void test_tx_bytes(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
    wr(f, UARTDR, 'h');
    wr(f, UARTDR, 0xf00 | 'i');
    hs_pl011_ops.write(f->s, UARTDR, '!', 1, 0);
    hs_pl011_ops.write(f->s, UARTDR, '\n', 2, 0);
    g_assert_cmpstr(f->tx->str, ==, "hi!\n");
    /* Transmission is instantaneous: the FIFO is empty and idle again. */
    g_assert_cmphex(rd(f, UARTFR) & (FR_TXFE | FR_TXFF | FR_BUSY), ==, FR_TXFE);
    wr(f, UARTLCR_H, LCR_H_FEN);
    for (unsigned i = 0; i < 2 * FIFO_DEPTH; i++) {
        wr(f, UARTDR, '.');
        g_assert_cmphex(rd(f, UARTFR) & (FR_TXFE | FR_TXFF), ==, FR_TXFE);
    }
    g_assert_cmpuint(f->tx->len, ==, 4 + 2 * FIFO_DEPTH);
    g_assert_cmpuint(log_lines(f), ==, 0);
}

/* UARTCR resets with UARTEN clear; the model transmits anyway (QEMU virt images)
 * and logs that once. */
static void test_tx_disabled_logged_once(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTDR, 'a');
    wr(f, UARTDR, 'b');
    g_assert_cmpstr(f->tx->str, ==, "ab");
    g_assert_cmpuint(log_lines(f), ==, 1);
    g_assert_nonnull(strstr(log_text(f), "UARTEN"));
    wr(f, UARTCR, CR_UARTEN | CR_TXE);
    wr(f, UARTDR, 'c');
    g_assert_cmpstr(f->tx->str, ==, "abc");
    g_assert_cmpuint(log_lines(f), ==, 1);
}

/* §3.4 UARTTXINTR: not asserted before data is written; asserted once written
 * data has left the FIFO; cleared through UARTICR.TXIC. */
static void test_tx_interrupt(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
    wr(f, UARTIMSC, INT_TX);
    g_assert_cmphex(rd(f, UARTRIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    wr(f, UARTDR, 'x');
    g_assert_cmphex(rd(f, UARTRIS), ==, INT_TX);
    g_assert_cmphex(rd(f, UARTMIS), ==, INT_TX);
    g_assert_cmpint(f->level, ==, 1);
    wr(f, UARTICR, INT_TX);
    g_assert_cmphex(rd(f, UARTRIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    wr(f, UARTDR, 'y');
    g_assert_cmpint(f->level, ==, 1);
    g_assert_cmpuint(f->edges, ==, 2);
}

/* §3.3 UARTLCR_H.FEN = 0: the receive FIFO is a one-character holding register;
 * §3.4 UARTRXINTR then asserts on one character. */
static void test_rx_holding_register(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
    wr(f, UARTIMSC, INT_RX);
    g_assert_cmpuint(hs_pl011_rx_space(f->s), ==, 1);
    g_assert_true(hs_pl011_can_receive(f->s));
    rx(f, "a");
    g_assert_cmphex(rd(f, UARTFR) & (FR_RXFE | FR_RXFF), ==, FR_RXFF);
    g_assert_cmpuint(hs_pl011_rx_space(f->s), ==, 0);
    g_assert_false(hs_pl011_can_receive(f->s));
    g_assert_cmphex(rd(f, UARTRIS) & INT_RX, ==, INT_RX);
    g_assert_cmpint(f->level, ==, 1);
    g_assert_cmphex(rd(f, UARTDR), ==, 'a');
    g_assert_cmphex(rd(f, UARTFR) & (FR_RXFE | FR_RXFF), ==, FR_RXFE);
    g_assert_cmphex(rd(f, UARTRIS) & (INT_RX | INT_RT), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    g_assert_cmpuint(log_lines(f), ==, 0);
}

/* §3.3 UARTDR.OE / UARTRSR.OE, §3.4 UARTOEINTR: a character arriving at a full
 * FIFO is lost, the FIFO contents stay valid, OE is set in UARTRSR and UARTRIS;
 * UARTDR.OE clears once a new character can be written to the FIFO, which is the
 * character carrying it. UARTECR clears UARTRSR; UARTICR.OEIC clears the
 * interrupt. */
static void test_rx_overrun_holding_register(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
    wr(f, UARTIMSC, INT_OE);
    rx(f, "ab");
    g_assert_cmphex(rd(f, UARTRSR), ==, RSR_OE);
    g_assert_cmphex(rd(f, UARTRIS) & INT_OE, ==, INT_OE);
    g_assert_cmphex(rd(f, UARTMIS), ==, INT_OE);
    g_assert_cmpint(f->level, ==, 1);
    g_assert_cmphex(rd(f, UARTDR), ==, 'a');
    rx(f, "c");
    g_assert_cmphex(rd(f, UARTDR), ==, DR_OE | 'c');
    rx(f, "d");
    g_assert_cmphex(rd(f, UARTDR), ==, 'd');
    g_assert_cmphex(rd(f, UARTRSR), ==, RSR_OE);
    hs_pl011_ops.write(f->s, UARTECR, 0, 4, 0);
    g_assert_cmphex(rd(f, UARTRSR), ==, 0);
    g_assert_cmpint(f->level, ==, 1);
    wr(f, UARTICR, INT_OE);
    g_assert_cmphex(rd(f, UARTRIS) & INT_OE, ==, 0);
    g_assert_cmpint(f->level, ==, 0);
}

/* Reception with UARTCR.UARTEN clear (its reset state) goes on, for the same
 * compatibility reason as transmission, and is logged once. */
static void test_rx_disabled_logged_once(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTLCR_H, LCR_H_FEN);
    rx(f, "in");
    rx(f, "put");
    g_assert_cmpuint(log_lines(f), ==, 1);
    g_assert_nonnull(strstr(log_text(f), "RXE"));
    for (const char *p = "input"; *p; p++) {
        g_assert_cmphex(rd(f, UARTDR), ==, (uint8_t)*p);
    }
    g_assert_cmpuint(log_lines(f), ==, 1);
}

/* §3.3 UARTFR.RXFF/RXFE with FEN = 1: full at 32 entries; a 33rd overruns. */
static void test_rx_fifo_full(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
    wr(f, UARTLCR_H, LCR_H_FEN);
    g_assert_cmpuint(hs_pl011_rx_space(f->s), ==, FIFO_DEPTH);
    rx_n(f, FIFO_DEPTH - 1);
    g_assert_cmphex(rd(f, UARTFR) & (FR_RXFE | FR_RXFF), ==, 0);
    g_assert_cmpuint(hs_pl011_rx_space(f->s), ==, 1);
    rx_n(f, 1);
    g_assert_cmphex(rd(f, UARTFR) & (FR_RXFE | FR_RXFF), ==, FR_RXFF);
    g_assert_false(hs_pl011_can_receive(f->s));
    g_assert_cmphex(rd(f, UARTRSR), ==, 0);
    rx(f, "!");
    g_assert_cmphex(rd(f, UARTRSR), ==, RSR_OE);
    g_assert_cmphex(rd(f, UARTRIS) & INT_OE, ==, INT_OE);
    for (unsigned i = 0; i < FIFO_DEPTH; i++) {
        g_assert_cmphex(rd(f, UARTDR), ==, 'a' + i % 26);
    }
    g_assert_cmphex(rd(f, UARTFR) & (FR_RXFE | FR_RXFF), ==, FR_RXFE);
    g_assert_cmpuint(hs_pl011_rx_space(f->s), ==, FIFO_DEPTH);
}

/* §3.3 UARTIFLS.RXIFLSEL: b000 1/8, b001 1/4, b010 1/2, b011 3/4, b100 7/8 of the
 * 32-entry FIFO. §3.4 UARTRXINTR: asserted when the FIFO reaches the level,
 * cleared when reading takes it below the level. */
static void test_rx_trigger_levels(fixture *f, gconstpointer data)
{
    static const unsigned level[5] = { 4, 8, 16, 24, 28 };
    (void)data;
    for (unsigned sel = 0; sel < 5; sel++) {
        hs_pl011_reset(f->s);
        wr(f, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
        wr(f, UARTLCR_H, LCR_H_FEN);
        wr(f, UARTIFLS, sel << IFLS_RX_SHIFT);
        wr(f, UARTIMSC, INT_RX);
        rx_n(f, level[sel] - 1);
        g_assert_cmphex(rd(f, UARTRIS) & INT_RX, ==, 0);
        g_assert_cmpint(f->level, ==, 0);
        rx_n(f, 1);
        g_assert_cmphex(rd(f, UARTRIS) & INT_RX, ==, INT_RX);
        g_assert_cmpint(f->level, ==, 1);
        rd(f, UARTDR);
        g_assert_cmphex(rd(f, UARTRIS) & INT_RX, ==, 0);
        g_assert_cmpint(f->level, ==, 0);
    }
}

/* UARTICR.RXIC clears UARTRXINTR with the FIFO still at its level (§3.4); the
 * FIFO is unchanged. */
static void test_rx_clear_at_level(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
    wr(f, UARTLCR_H, LCR_H_FEN);
    wr(f, UARTIMSC, INT_RX);
    rx_n(f, 16);                /* the reset level, 1/2 of 32 */
    g_assert_cmpint(f->level, ==, 1);
    wr(f, UARTICR, INT_RX);
    g_assert_cmphex(rd(f, UARTRIS) & INT_RX, ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    for (unsigned i = 0; i < 16; i++) {
        g_assert_cmphex(rd(f, UARTDR), ==, 'a' + i);
    }
    g_assert_cmphex(rd(f, UARTFR) & FR_RXFE, ==, FR_RXFE);
}

/* §3.4 UARTRTINTR: asserted when the FIFO is not empty and the line stays idle;
 * cleared when the FIFO is emptied by reading, or through UARTICR.RTIC. */
static void test_rx_timeout(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
    wr(f, UARTLCR_H, LCR_H_FEN);
    wr(f, UARTIMSC, INT_RT);
    rx(f, "ok");
    g_assert_cmphex(rd(f, UARTRIS) & (INT_RX | INT_RT), ==, INT_RT);
    g_assert_cmpint(f->level, ==, 1);
    g_assert_cmphex(rd(f, UARTDR), ==, 'o');
    g_assert_cmphex(rd(f, UARTRIS) & INT_RT, ==, INT_RT);
    g_assert_cmphex(rd(f, UARTDR), ==, 'k');
    g_assert_cmphex(rd(f, UARTRIS) & INT_RT, ==, 0);
    g_assert_cmpint(f->level, ==, 0);

    rx(f, "z");
    g_assert_cmpint(f->level, ==, 1);
    wr(f, UARTICR, INT_RT);
    g_assert_cmphex(rd(f, UARTRIS) & INT_RT, ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    g_assert_cmphex(rd(f, UARTFR) & FR_RXFE, ==, 0);
}

/* §3.3 UARTMIS = UARTRIS & UARTIMSC; UARTICR clears only the bits written as 1;
 * §3.4 UARTINTR is the OR of the masked interrupts. */
static void test_mask_and_clear(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
    wr(f, UARTDR, '1');
    rx(f, "2");
    g_assert_cmphex(rd(f, UARTRIS), ==, INT_TX | INT_RX | INT_RT);
    g_assert_cmphex(rd(f, UARTMIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
    wr(f, UARTIMSC, INT_RX);
    g_assert_cmphex(rd(f, UARTMIS), ==, INT_RX);
    g_assert_cmpint(f->level, ==, 1);
    wr(f, UARTICR, INT_TX);
    g_assert_cmphex(rd(f, UARTRIS), ==, INT_RX | INT_RT);
    g_assert_cmpint(f->level, ==, 1);
    wr(f, UARTIMSC, 0);
    g_assert_cmpint(f->level, ==, 0);
    wr(f, UARTIMSC, INT_RT | INT_TX);
    g_assert_cmpint(f->level, ==, 1);
    wr(f, UARTICR, 0x7ff);
    g_assert_cmphex(rd(f, UARTRIS), ==, 0);
    g_assert_cmpint(f->level, ==, 0);
}

/* §3.3 UARTCR.LBE: the transmit path feeds the receive path; input from the line
 * is not received. */
static void test_loopback(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTCR, CR_UARTEN | CR_TXE | CR_RXE | CR_LBE);
    wr(f, UARTLCR_H, LCR_H_FEN);
    g_assert_cmpuint(hs_pl011_rx_space(f->s), ==, 0);
    rx(f, "lost");
    g_assert_cmphex(rd(f, UARTFR) & FR_RXFE, ==, FR_RXFE);
    wr(f, UARTDR, 'L');
    g_assert_cmpstr(f->tx->str, ==, "L");
    g_assert_cmphex(rd(f, UARTFR) & FR_RXFE, ==, 0);
    g_assert_cmphex(rd(f, UARTDR), ==, 'L');
    g_assert_cmphex(rd(f, UARTFR) & FR_RXFE, ==, FR_RXFE);
}

/* §3.3 UARTCR programming sequence: clearing UARTLCR_H.FEN flushes the FIFO. */
static void test_fen_change_flushes(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
    wr(f, UARTLCR_H, LCR_H_FEN);
    rx(f, "abc");
    g_assert_cmphex(rd(f, UARTFR) & FR_RXFE, ==, 0);
    wr(f, UARTLCR_H, 0);
    g_assert_cmphex(rd(f, UARTFR) & FR_RXFE, ==, FR_RXFE);
    g_assert_cmphex(rd(f, UARTRIS) & (INT_RX | INT_RT), ==, 0);
    g_assert_cmpuint(hs_pl011_rx_space(f->s), ==, 1);
}

/* Access sizes: the registers are at word offsets; 8- and 16-bit accesses to them
 * are served, 64-bit and unaligned ones are guest errors. */
static void test_access_sizes(fixture *f, gconstpointer data)
{
    (void)data;
    g_assert_cmphex(hs_pl011_ops.read(f->s, UARTCR, 2, 0), ==, 0x0300);
    g_assert_cmphex(hs_pl011_ops.read(f->s, UARTCR, 1, 0), ==, 0x00);
    g_assert_cmphex(hs_pl011_ops.read(f->s, UARTPeriphID0 + 8, 1, 0), ==, 0x34);
    hs_pl011_ops.write(f->s, UARTCR, CR_UARTEN | CR_TXE | CR_RXE, 2, 0);
    g_assert_cmphex(rd(f, UARTCR), ==, CR_UARTEN | CR_TXE | CR_RXE);
    rx(f, "q");
    g_assert_cmphex(hs_pl011_ops.read(f->s, UARTDR, 1, 0), ==, 'q');
    g_assert_cmphex(rd(f, UARTFR) & FR_RXFE, ==, FR_RXFE);
    g_assert_cmpuint(log_lines(f), ==, 0);

    g_assert_cmphex(hs_pl011_ops.read(f->s, UARTCR, 8, 0), ==, 0);
    g_assert_cmpuint(log_lines(f), ==, 1);
    hs_pl011_ops.write(f->s, UARTCR + 1, 0xff, 1, 0);
    g_assert_cmphex(rd(f, UARTCR), ==, CR_UARTEN | CR_TXE | CR_RXE);
    g_assert_cmpuint(log_lines(f), ==, 2);
    /* A byte write to a 16-bit register writes zero above it: logged. */
    hs_pl011_ops.write(f->s, UARTCR, CR_UARTEN, 1, 0);
    g_assert_cmphex(rd(f, UARTCR), ==, CR_UARTEN);
    g_assert_cmpuint(log_lines(f), ==, 3);
    g_assert_nonnull(strstr(log_text(f), "UARTCR"));
}

/* Writes to the read-only registers, reads of the write-only UARTICR and accesses
 * to reserved offsets are guest errors with no effect. */
static void test_bad_accesses(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTFR, 0);
    g_assert_cmphex(rd(f, UARTFR), ==, 0x90);
    wr(f, UARTRIS, 0x7ff);
    wr(f, UARTMIS, 0x7ff);
    g_assert_cmphex(rd(f, UARTRIS), ==, 0);
    wr(f, UARTPeriphID0, 0);
    g_assert_cmphex(rd(f, UARTPeriphID0), ==, 0x11);
    g_assert_cmpuint(log_lines(f), ==, 4);
    g_assert_nonnull(strstr(log_text(f), "read-only register UARTFR"));
    g_assert_cmphex(rd(f, UARTICR), ==, 0);
    g_assert_cmpuint(log_lines(f), ==, 5);
    g_assert_cmphex(rd(f, 0x008), ==, 0);
    wr(f, 0x04c, 1);
    g_assert_cmpuint(log_lines(f), ==, 7);
    g_assert_nonnull(strstr(log_text(f), "0x04c"));
    /* §3.3 UARTIFLS: b101-b111 are reserved encodings. */
    wr(f, UARTIFLS, 5u << IFLS_RX_SHIFT);
    g_assert_cmpuint(log_lines(f), ==, 8);
    g_assert_nonnull(strstr(log_text(f), "UARTIFLS"));
}

/* hs_pl011_reset() returns every register to its §3.2 reset value and drops the
 * interrupt line. */
static void test_reset_after_activity(fixture *f, gconstpointer data)
{
    (void)data;
    wr(f, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
    wr(f, UARTLCR_H, LCR_H_FEN | 0x60);
    wr(f, UARTIBRD, 26);
    wr(f, UARTFBRD, 3);
    wr(f, UARTIFLS, 0);
    wr(f, UARTIMSC, INT_RT | INT_TX);
    wr(f, UARTDR, 'x');
    rx_n(f, FIFO_DEPTH + 1);
    g_assert_cmpint(f->level, ==, 1);
    hs_pl011_reset(f->s);
    g_assert_cmpint(f->level, ==, 0);
    g_assert_cmphex(rd(f, UARTFR), ==, 0x90);
    g_assert_cmphex(rd(f, UARTRSR), ==, 0);
    g_assert_cmphex(rd(f, UARTCR), ==, 0x0300);
    g_assert_cmphex(rd(f, UARTLCR_H), ==, 0);
    g_assert_cmphex(rd(f, UARTIBRD), ==, 0);
    g_assert_cmphex(rd(f, UARTFBRD), ==, 0);
    g_assert_cmphex(rd(f, UARTIFLS), ==, 0x12);
    g_assert_cmphex(rd(f, UARTIMSC), ==, 0);
    g_assert_cmphex(rd(f, UARTRIS), ==, 0);
    g_assert_cmpuint(hs_pl011_rx_space(f->s), ==, 1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, fixture, NULL, setup, fn, teardown)
    ADD("/pl011/reset-values", test_reset_values);
    ADD("/pl011/id-registers", test_id_registers);
    ADD("/pl011/register-widths", test_register_widths);
    ADD("/pl011/tx/bytes", test_tx_bytes);
    ADD("/pl011/tx/disabled-logged-once", test_tx_disabled_logged_once);
    ADD("/pl011/tx/interrupt", test_tx_interrupt);
    ADD("/pl011/rx/holding-register", test_rx_holding_register);
    ADD("/pl011/rx/overrun-holding-register", test_rx_overrun_holding_register);
    ADD("/pl011/rx/disabled-logged-once", test_rx_disabled_logged_once);
    ADD("/pl011/rx/fifo-full", test_rx_fifo_full);
    ADD("/pl011/rx/trigger-levels", test_rx_trigger_levels);
    ADD("/pl011/rx/clear-at-level", test_rx_clear_at_level);
    ADD("/pl011/rx/timeout", test_rx_timeout);
    ADD("/pl011/irq/mask-and-clear", test_mask_and_clear);
    ADD("/pl011/loopback", test_loopback);
    ADD("/pl011/fen-change-flushes", test_fen_change_flushes);
    ADD("/pl011/access/sizes", test_access_sizes);
    ADD("/pl011/access/bad", test_bad_accesses);
    ADD("/pl011/reset-after-activity", test_reset_after_activity);
#undef ADD
    return g_test_run();
}
