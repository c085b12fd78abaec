/* ARM PrimeCell UART (PL011) r1p5. Section numbers are those of the Technical
 * Reference Manual, ARM DDI 0183G; README.md lists the choices made here. */
#include "models/pl011/pl011.h"

#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>

#include "models/primecell.h"
#include "sim/log.h"

/* Register offsets, §3.2 (summary of registers). */
enum {
    UARTDR = 0x000,
    UARTRSR = 0x004,            /* UARTECR when written */
    UARTFR = 0x018,
    UARTILPR = 0x020,
    UARTIBRD = 0x024,
    UARTFBRD = 0x028,
    UARTLCR_H = 0x02c,
    UARTCR = 0x030,
    UARTIFLS = 0x034,
    UARTIMSC = 0x038,
    UARTRIS = 0x03c,
    UARTMIS = 0x040,
    UARTICR = 0x044,
    UARTDMACR = 0x048,
    UARTPeriphID0 = 0xfe0,
    UARTPeriphID1 = 0xfe4,
    UARTPeriphID2 = 0xfe8,
    UARTPeriphID3 = 0xfec,
    UARTPCellID0 = 0xff0,
    UARTPCellID1 = 0xff4,
    UARTPCellID2 = 0xff8,
    UARTPCellID3 = 0xffc,
};

#define PL011_REGION_SIZE 0x1000u

/* UARTDR, §3.3: received data with its four error bits. */
#define UARTDR_DATA 0xffu
#define UARTDR_FE (1u << 8)
#define UARTDR_PE (1u << 9)
#define UARTDR_BE (1u << 10)
#define UARTDR_OE (1u << 11)

/* UARTRSR/UARTECR, §3.3. */
#define UARTRSR_FE (1u << 0)
#define UARTRSR_PE (1u << 1)
#define UARTRSR_BE (1u << 2)
#define UARTRSR_OE (1u << 3)

/* UARTFR, §3.3. */
#define UARTFR_CTS (1u << 0)
#define UARTFR_DSR (1u << 1)
#define UARTFR_DCD (1u << 2)
#define UARTFR_BUSY (1u << 3)
#define UARTFR_RXFE (1u << 4)
#define UARTFR_TXFF (1u << 5)
#define UARTFR_RXFF (1u << 6)
#define UARTFR_TXFE (1u << 7)
#define UARTFR_RI (1u << 8)

/* UARTILPR, UARTIBRD, UARTFBRD, §3.3: implemented widths. */
#define UARTILPR_ILPDVSR 0xffu
#define UARTIBRD_BAUD_DIVINT 0xffffu
#define UARTFBRD_BAUD_DIVFRAC 0x3fu

/* UARTLCR_H, §3.3. */
#define UARTLCR_H_BRK (1u << 0)
#define UARTLCR_H_PEN (1u << 1)
#define UARTLCR_H_EPS (1u << 2)
#define UARTLCR_H_STP2 (1u << 3)
#define UARTLCR_H_FEN (1u << 4)
#define UARTLCR_H_WLEN (3u << 5)
#define UARTLCR_H_SPS (1u << 7)
#define UARTLCR_H_MASK 0xffu

/* UARTCR, §3.3; bits [6:3] are reserved. */
#define UARTCR_UARTEN (1u << 0)
#define UARTCR_SIREN (1u << 1)
#define UARTCR_SIRLP (1u << 2)
#define UARTCR_LBE (1u << 7)
#define UARTCR_TXE (1u << 8)
#define UARTCR_RXE (1u << 9)
#define UARTCR_DTR (1u << 10)
#define UARTCR_RTS (1u << 11)
#define UARTCR_OUT1 (1u << 12)
#define UARTCR_OUT2 (1u << 13)
#define UARTCR_RTSEN (1u << 14)
#define UARTCR_CTSEN (1u << 15)
#define UARTCR_MASK 0xff87u
#define UARTCR_RESET (UARTCR_RXE | UARTCR_TXE)            /* 0x0300 */

/* UARTIFLS, §3.3: two 3-bit level selects, each b000 1/8, b001 1/4, b010 1/2,
 * b011 3/4, b100 7/8 full; b101-b111 reserved. */
#define UARTIFLS_TXIFLSEL_SHIFT 0
#define UARTIFLS_RXIFLSEL_SHIFT 3
#define UARTIFLS_IFLSEL_MASK 7u
#define UARTIFLS_MASK 0x3fu
#define UARTIFLS_RESET 0x12u                              /* both 1/2 */
#define UARTIFLS_LEVEL_1_8 0u
#define UARTIFLS_LEVEL_1_4 1u
#define UARTIFLS_LEVEL_1_2 2u
#define UARTIFLS_LEVEL_3_4 3u
#define UARTIFLS_LEVEL_7_8 4u

/* The eleven interrupt sources, §3.4; one bit each, in the same position in
 * UARTIMSC (xxIM), UARTRIS (xxRIS), UARTMIS (xxMIS) and UARTICR (xxIC). */
#define UARTRIINTR (1u << 0)
#define UARTCTSINTR (1u << 1)
#define UARTDCDINTR (1u << 2)
#define UARTDSRINTR (1u << 3)
#define UARTRXINTR (1u << 4)
#define UARTTXINTR (1u << 5)
#define UARTRTINTR (1u << 6)
#define UARTFEINTR (1u << 7)
#define UARTPEINTR (1u << 8)
#define UARTBEINTR (1u << 9)
#define UARTOEINTR (1u << 10)
#define UARTINTR_ALL 0x7ffu

/* UARTDMACR, §3.3. */
#define UARTDMACR_RXDMAE (1u << 0)
#define UARTDMACR_TXDMAE (1u << 1)
#define UARTDMACR_DMAONERR (1u << 2)
#define UARTDMACR_MASK 7u

/* Chapter 1 (features of r1p5) and §3.3 UARTLCR_H.FEN: 32-entry FIFOs; with FEN
 * clear each becomes a one-character holding register. */
#define PL011_FIFO_DEPTH 32u

/* §3.3: UARTPeriphID0-3 (part 0x011, designer 0x41 'A', revision 3 =
 * r1p5, configuration 0) and UARTPCellID0-3. */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

struct hs_pl011 {
    hs_pl011_tx_fn tx;
    void *tx_opaque;
    hs_irq irq;                     /* UARTINTR */

    uint32_t rsr;                   /* UARTRSR */
    uint32_t ilpr;                  /* UARTILPR */
    uint32_t ibrd;                  /* UARTIBRD */
    uint32_t fbrd;                  /* UARTFBRD */
    uint32_t lcr_h;                 /* UARTLCR_H */
    uint32_t cr;                    /* UARTCR */
    uint32_t ifls;                  /* UARTIFLS */
    uint32_t imsc;                  /* UARTIMSC */
    uint32_t ris;                   /* UARTRIS */
    uint32_t dmacr;                 /* UARTDMACR */

    /* Receive FIFO: 12-bit entries laid out as UARTDR reads them. */
    uint16_t rx_fifo[PL011_FIFO_DEPTH];
    unsigned rx_head, rx_count;
    /* A character was lost to a full FIFO; the next one stored carries OE. */
    bool rx_overrun;

    bool warned_tx_disabled, warned_rx_disabled;
};

static const char *pl011_reg_name(uint64_t offset)
{
    switch (offset) {
    case UARTDR: return "UARTDR";
    case UARTRSR: return "UARTRSR/UARTECR";
    case UARTFR: return "UARTFR";
    case UARTILPR: return "UARTILPR";
    case UARTIBRD: return "UARTIBRD";
    case UARTFBRD: return "UARTFBRD";
    case UARTLCR_H: return "UARTLCR_H";
    case UARTCR: return "UARTCR";
    case UARTIFLS: return "UARTIFLS";
    case UARTIMSC: return "UARTIMSC";
    case UARTRIS: return "UARTRIS";
    case UARTMIS: return "UARTMIS";
    case UARTICR: return "UARTICR";
    case UARTDMACR: return "UARTDMACR";
    case UARTPeriphID0: case UARTPeriphID1: case UARTPeriphID2: case UARTPeriphID3:
        return "UARTPeriphID";
    case UARTPCellID0: case UARTPCellID1: case UARTPCellID2: case UARTPCellID3:
        return "UARTPCellID";
    default: return "reserved";
    }
}

static unsigned rx_depth(const hs_pl011 *s)
{
    return (s->lcr_h & UARTLCR_H_FEN) ? PL011_FIFO_DEPTH : 1;
}

/* §3.4 UARTRXINTR: with the FIFO on, the receive interrupt asserts when the FIFO
 * reaches the UARTIFLS.RXIFLSEL level; with it off, on one character. */
static unsigned rx_trigger(const hs_pl011 *s)
{
    if (!(s->lcr_h & UARTLCR_H_FEN)) {
        return 1;
    }
    switch ((s->ifls >> UARTIFLS_RXIFLSEL_SHIFT) & UARTIFLS_IFLSEL_MASK) {
    case UARTIFLS_LEVEL_1_8: return PL011_FIFO_DEPTH / 8;
    case UARTIFLS_LEVEL_1_4: return PL011_FIFO_DEPTH / 4;
    case UARTIFLS_LEVEL_3_4: return PL011_FIFO_DEPTH * 3 / 4;
    case UARTIFLS_LEVEL_7_8: return PL011_FIFO_DEPTH * 7 / 8;
    case UARTIFLS_LEVEL_1_2:
    default:                /* reserved encodings: logged when written, act as 1/2 */
        return PL011_FIFO_DEPTH / 2;
    }
}

static void pl011_update(hs_pl011 *s)
{
    /* §3.4 UARTINTR: the OR of the masked individual interrupts. */
    hs_irq_set(&s->irq, (s->ris & s->imsc) != 0);
}

static void rx_flush(hs_pl011 *s)
{
    s->rx_head = 0;
    s->rx_count = 0;
    s->ris &= ~(UARTRXINTR | UARTRTINTR);
}

/* One character arrives from the line (or from the transmitter in loopback). */
static void rx_push(hs_pl011 *s, uint8_t byte)
{
    uint16_t entry = byte;

    if (s->rx_count == rx_depth(s)) {
        /* §3.3 UARTDR.OE and UARTRSR.OE: data received with the FIFO already
         * full; the FIFO contents stay valid and the new character is lost. OE
         * is reported at once in UARTRSR and UARTRIS, and in UARTDR with the next
         * character that finds room in the FIFO (the FIFO entries are 12 bits:
         * data and its four error bits). */
        s->rsr |= UARTRSR_OE;
        s->ris |= UARTOEINTR;
        s->rx_overrun = true;
        return;
    }
    if (s->rx_overrun) {
        entry |= UARTDR_OE;
        s->rx_overrun = false;
    }
    s->rx_fifo[(s->rx_head + s->rx_count) % PL011_FIFO_DEPTH] = entry;
    s->rx_count++;
    /* Checked on every character stored, not only on reaching the level, so a
     * level lowered under waiting data, or an RXIC while the FIFO stays above
     * the level, is seen at the next character. */
    if (s->rx_count >= rx_trigger(s)) {
        s->ris |= UARTRXINTR;
    }
}

/* §3.4 UARTRTINTR asserts when the FIFO is not empty and no more data arrives
 * for 32 bit periods. Input has no baud timing here: it arrives in bursts, and
 * the line counts as idle the moment a burst ends, so the timeout asserts then. */
static void rx_line_idle(hs_pl011 *s)
{
    if (s->rx_count) {
        s->ris |= UARTRTINTR;
    }
}

static uint32_t rx_pop(hs_pl011 *s)
{
    uint16_t entry;
    uint32_t status = 0;

    if (!s->rx_count) {
        /* The TRM gives no value for a read of an empty FIFO: zero. */
        return 0;
    }
    entry = s->rx_fifo[s->rx_head];
    s->rx_head = (s->rx_head + 1) % PL011_FIFO_DEPTH;
    s->rx_count--;

    /* §3.3 UARTRSR: it holds the error status of the character last read from
     * UARTDR; its OE stays set from the overrun until UARTECR is written. */
    if (entry & UARTDR_FE) {
        status |= UARTRSR_FE;
    }
    if (entry & UARTDR_PE) {
        status |= UARTRSR_PE;
    }
    if (entry & UARTDR_BE) {
        status |= UARTRSR_BE;
    }
    if (entry & UARTDR_OE) {
        status |= UARTRSR_OE;
    }
    s->rsr = (s->rsr & UARTRSR_OE) | status;

    /* §3.4: UARTRXINTR clears once the FIFO is read below the trigger level,
     * UARTRTINTR once it is empty. */
    if (s->rx_count < rx_trigger(s)) {
        s->ris &= ~UARTRXINTR;
    }
    if (!s->rx_count) {
        s->ris &= ~UARTRTINTR;
    }
    return entry;
}

static uint32_t pl011_fr(const hs_pl011 *s)
{
    /* The transmitter sends each character the moment it is written, so the
     * transmit FIFO is always empty and never busy. The modem status inputs
     * nUARTCTS, nUARTDSR, nUARTDCD and nUARTRI are tied inactive: CTS, DSR, DCD
     * and RI read as 0. */
    uint32_t fr = UARTFR_TXFE;

    if (!s->rx_count) {
        fr |= UARTFR_RXFE;
    }
    if (s->rx_count == rx_depth(s)) {
        fr |= UARTFR_RXFF;
    }
    return fr;
}

static void pl011_transmit(hs_pl011 *s, uint8_t byte)
{
    /* §3.3 UARTCR: transmission needs UARTEN and TXE. UARTCR resets to 0x0300,
     * with UARTEN clear, and bare-metal programs written for QEMU's virt board
     * (whose PL011 sends regardless of UARTCR) often never set it, since on that
     * board firmware normally would have. For compatibility with those images
     * the character is sent anyway; the first such write after reset is logged. */
    if ((s->cr & (UARTCR_UARTEN | UARTCR_TXE)) != (UARTCR_UARTEN | UARTCR_TXE) &&
        !s->warned_tx_disabled) {
        s->warned_tx_disabled = true;
        hs_log_guest_error("pl011: UARTDR written with UARTCR.UARTEN or UARTCR.TXE "
                           "clear (UARTCR=0x%04" PRIx32 "); transmitting anyway", s->cr);
    }
    if (s->tx) {
        s->tx(s->tx_opaque, byte);
    }
    /* §3.3 UARTCR.LBE: the transmit path is fed to the receive path. The byte
     * still goes to the tx callback, as in QEMU, so console output matches. */
    if (s->cr & UARTCR_LBE) {
        rx_push(s, byte);
        rx_line_idle(s);
    }
    /* §3.4 UARTTXINTR asserts on the transition of the transmit FIFO to or below
     * its trigger level once written data has left it; each character written
     * leaves at once, so each write asserts it. Only UARTICR.TXIC clears it, the
     * FIFO never staying above the level. */
    s->ris |= UARTTXINTR;
}

static void pl011_write_lcr_h(hs_pl011 *s, uint32_t value)
{
    /* §3.3 UARTCR (its programming sequence): clearing FEN flushes the FIFOs.
     * Setting it flushes them too, as QEMU does; the TRM does not say what a
     * holding register turned into a FIFO keeps. */
    if ((s->lcr_h ^ value) & UARTLCR_H_FEN) {
        rx_flush(s);
    }
    /* Word length, parity, stop bits, break and the baud-rate divisors are kept
     * for reading back but do not change the bytes exchanged. */
    s->lcr_h = value & UARTLCR_H_MASK;
}

static bool pl011_access_ok(uint64_t offset, unsigned size, const char *dir)
{
    return hs_primecell_access_ok("pl011", pl011_reg_name(offset & ~UINT64_C(3)), offset, size,
                                  PL011_REGION_SIZE, dir);
}

static uint64_t pl011_read(void *opaque, uint64_t offset, unsigned size, unsigned cpu)
{
    hs_pl011 *s = opaque;
    uint32_t r;

    (void)cpu;
    if (!pl011_access_ok(offset, size, "read")) {
        return 0;
    }
    switch (offset) {
    case UARTDR:
        r = rx_pop(s);
        pl011_update(s);
        break;
    case UARTRSR:
        r = s->rsr;
        break;
    case UARTFR:
        r = pl011_fr(s);
        break;
    case UARTILPR:
        r = s->ilpr;
        break;
    case UARTIBRD:
        r = s->ibrd;
        break;
    case UARTFBRD:
        r = s->fbrd;
        break;
    case UARTLCR_H:
        r = s->lcr_h;
        break;
    case UARTCR:
        r = s->cr;
        break;
    case UARTIFLS:
        r = s->ifls;
        break;
    case UARTIMSC:
        r = s->imsc;
        break;
    case UARTRIS:
        r = s->ris;
        break;
    case UARTMIS:
        r = s->ris & s->imsc;
        break;
    case UARTDMACR:
        r = s->dmacr;
        break;
    case UARTPeriphID0: case UARTPeriphID1: case UARTPeriphID2: case UARTPeriphID3:
    case UARTPCellID0: case UARTPCellID1: case UARTPCellID2: case UARTPCellID3:
        r = pl011_id[(offset - UARTPeriphID0) / 4];
        break;
    case UARTICR:
        hs_log_guest_error("pl011: read of write-only register UARTICR (offset 0x%03" PRIx64 ")",
                           offset);
        r = 0;
        break;
    default:
        hs_log_guest_error("pl011: read of reserved offset 0x%03" PRIx64, offset);
        r = 0;
        break;
    }
    return hs_primecell_narrow(r, size);
}

static void pl011_write(void *opaque, uint64_t offset, uint64_t value, unsigned size,
                        unsigned cpu)
{
    hs_pl011 *s = opaque;
    uint32_t v = (uint32_t)value;

    (void)cpu;
    if (!pl011_access_ok(offset, size, "write")) {
        return;
    }
    /* A sub-word write is zero-extended. That loses the upper byte of the four
     * registers wider than 8 bits, so such a byte write is logged. */
    if (size == 1 && (offset == UARTIBRD || offset == UARTCR || offset == UARTIMSC ||
                      offset == UARTICR)) {
        hs_log_guest_error("pl011: 8-bit write of 0x%02" PRIx32 " to 16-bit register %s "
                           "clears bits [15:8]", v, pl011_reg_name(offset));
    }
    switch (offset) {
    case UARTDR:
        pl011_transmit(s, (uint8_t)(v & UARTDR_DATA));
        break;
    case UARTRSR:
        /* UARTECR, §3.3: any write clears the four error flags. */
        s->rsr = 0;
        break;
    case UARTILPR:
        s->ilpr = v & UARTILPR_ILPDVSR;
        break;
    case UARTIBRD:
        s->ibrd = v & UARTIBRD_BAUD_DIVINT;
        break;
    case UARTFBRD:
        s->fbrd = v & UARTFBRD_BAUD_DIVFRAC;
        break;
    case UARTLCR_H:
        pl011_write_lcr_h(s, v);
        break;
    case UARTCR:
        s->cr = v & UARTCR_MASK;
        break;
    case UARTIFLS:
        if (((v >> UARTIFLS_RXIFLSEL_SHIFT) & UARTIFLS_IFLSEL_MASK) > UARTIFLS_LEVEL_7_8 ||
            ((v >> UARTIFLS_TXIFLSEL_SHIFT) & UARTIFLS_IFLSEL_MASK) > UARTIFLS_LEVEL_7_8) {
            hs_log_guest_error("pl011: UARTIFLS=0x%02" PRIx32 " selects a reserved level; "
                               "acting as 1/2", v & UARTIFLS_MASK);
        }
        /* A new level applies from the next character received or read. */
        s->ifls = v & UARTIFLS_MASK;
        break;
    case UARTIMSC:
        s->imsc = v & UARTINTR_ALL;
        break;
    case UARTICR:
        s->ris &= ~(v & UARTINTR_ALL);
        break;
    case UARTDMACR:
        s->dmacr = v & UARTDMACR_MASK;
        if (s->dmacr & (UARTDMACR_RXDMAE | UARTDMACR_TXDMAE)) {
            hs_log_unimp("pl011: UARTDMACR=0x%" PRIx32 ": DMA requests are not modelled",
                         s->dmacr);
        }
        break;
    case UARTFR:
    case UARTRIS:
    case UARTMIS:
    case UARTPeriphID0: case UARTPeriphID1: case UARTPeriphID2: case UARTPeriphID3:
    case UARTPCellID0: case UARTPCellID1: case UARTPCellID2: case UARTPCellID3:
        hs_log_guest_error("pl011: write of 0x%" PRIx32 " to read-only register %s "
                           "(offset 0x%03" PRIx64 ")", v, pl011_reg_name(offset), offset);
        break;
    default:
        hs_log_guest_error("pl011: write of 0x%" PRIx32 " to reserved offset 0x%03" PRIx64,
                           v, offset);
        break;
    }
    pl011_update(s);
}

const hs_mmio_ops hs_pl011_ops = {
    .read = pl011_read,
    .write = pl011_write,
};

hs_pl011 *hs_pl011_new(hs_pl011_tx_fn tx, void *tx_opaque)
{
    hs_pl011 *s = calloc(1, sizeof *s);

    if (!s) {
        return NULL;
    }
    s->tx = tx;
    s->tx_opaque = tx_opaque;
    s->irq = HS_IRQ_NONE;
    hs_pl011_reset(s);
    return s;
}

void hs_pl011_free(hs_pl011 *s)
{
    free(s);
}

void hs_pl011_reset(hs_pl011 *s)
{
    /* §3.2: reset values. */
    s->rsr = 0;
    s->ilpr = 0;
    s->ibrd = 0;
    s->fbrd = 0;
    s->lcr_h = 0;
    s->cr = UARTCR_RESET;
    s->ifls = UARTIFLS_RESET;
    s->imsc = 0;
    s->ris = 0;
    s->dmacr = 0;
    rx_flush(s);
    s->rx_overrun = false;
    s->warned_tx_disabled = false;
    s->warned_rx_disabled = false;
    pl011_update(s);
}

void hs_pl011_connect_irq(hs_pl011 *s, hs_irq line)
{
    s->irq = line;
    pl011_update(s);
}

size_t hs_pl011_rx_space(const hs_pl011 *s)
{
    if (s->cr & UARTCR_LBE) {
        return 0;
    }
    return rx_depth(s) - s->rx_count;
}

bool hs_pl011_can_receive(const hs_pl011 *s)
{
    return hs_pl011_rx_space(s) > 0;
}

void hs_pl011_receive(hs_pl011 *s, const uint8_t *buf, size_t len)
{
    assert(buf || !len);
    if (!len) {
        return;
    }
    /* §3.3 UARTCR.LBE: in loopback the receiver listens to the transmitter only; what
     * arrives on the line is lost. */
    if (s->cr & UARTCR_LBE) {
        return;
    }
    /* Reception needs UARTEN and RXE (§3.3 UARTCR); the same compatibility choice as
     * for transmission (pl011_transmit) keeps the receiver on regardless. */
    if ((s->cr & (UARTCR_UARTEN | UARTCR_RXE)) != (UARTCR_UARTEN | UARTCR_RXE) &&
        !s->warned_rx_disabled) {
        s->warned_rx_disabled = true;
        hs_log_guest_error("pl011: input received with UARTCR.UARTEN or UARTCR.RXE clear "
                           "(UARTCR=0x%04" PRIx32 "); receiving anyway", s->cr);
    }
    for (size_t i = 0; i < len; i++) {
        rx_push(s, buf[i]);
    }
    rx_line_idle(s);
    pl011_update(s);
}
