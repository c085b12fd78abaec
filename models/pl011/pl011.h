/* ARM PrimeCell UART (PL011), revision r1p5 (ARM DDI 0183G).
 *
 * One UART with its 32-entry receive FIFO, an instantaneous transmitter and the
 * combined interrupt output UARTINTR. Register map, field meanings and every
 * choice this model makes where the TRM leaves room are in README.md beside this
 * file; the model itself is in pl011.c.
 *
 * The machine connects it three ways:
 *  - MMIO: hs_pl011_ops over a 4 KiB region, opaque = the hs_pl011;
 *  - output: every transmitted byte is passed to the tx callback given to
 *    hs_pl011_new() (the machine writes it to stdout or a file);
 *  - input: hs_pl011_receive() puts bytes on the receive line; a feeder asks
 *    hs_pl011_rx_space() first, since bytes pushed into a full FIFO are lost
 *    and set the overrun error, as on the real line. */
#ifndef HS_MODELS_PL011_H
#define HS_MODELS_PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/irq.h"
#include "sim/mmio.h"

typedef struct hs_pl011 hs_pl011;

/* Receives one transmitted byte (the 8 data bits of a UARTDR write). */
typedef void (*hs_pl011_tx_fn)(void *opaque, uint8_t byte);

extern const hs_mmio_ops hs_pl011_ops;

/* A new UART in its reset state; tx may be NULL (output discarded).
 * Returns NULL when out of memory. */
hs_pl011 *hs_pl011_new(hs_pl011_tx_fn tx, void *tx_opaque);
void hs_pl011_free(hs_pl011 *s);
/* PRESETn: every register to its reset value, both FIFOs empty. */
void hs_pl011_reset(hs_pl011 *s);
/* Connects UARTINTR and drives it at once with the current level. */
void hs_pl011_connect_irq(hs_pl011 *s, hs_irq line);

/* Free receive FIFO entries: 32 with UARTLCR_H.FEN set, else the 1-character
 * holding register; 0 in loopback (UARTCR.LBE), where the line is not listened to. */
size_t hs_pl011_rx_space(const hs_pl011 *s);
bool hs_pl011_can_receive(const hs_pl011 *s);
/* Puts len bytes on the receive line, then lets it go idle. */
void hs_pl011_receive(hs_pl011 *s, const uint8_t *buf, size_t len);

#endif
