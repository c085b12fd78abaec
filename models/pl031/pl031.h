/* ARM PrimeCell Real Time Clock (PL031), ARM DDI 0224B.
 *
 * A 32-bit seconds counter with a match register and one interrupt output,
 * RTCINTR. Time is simulated time only: CLK1HZ rises at every whole second of
 * the event queue's clock, and the platform gives, as `epoch`, the value the RTC
 * reads at simulated time 0, so runs are deterministic. Register map and the
 * choices this model makes are in README.md beside this file.
 *
 * The machine connects it through hs_pl031_ops over a 4 KiB region (opaque = the
 * hs_pl031) and hs_pl031_connect_irq(). */
#ifndef HS_MODELS_PL031_H
#define HS_MODELS_PL031_H

#include <stdint.h>

#include "sim/eventq.h"
#include "sim/irq.h"
#include "sim/mmio.h"

typedef struct hs_pl031 hs_pl031;

extern const hs_mmio_ops hs_pl031_ops;

/* A new RTC in its reset state, reading `epoch` (seconds, taken modulo 2^32: the
 * counter is 32 bits wide) at simulated time 0 and counting with q->now. q must
 * outlive the RTC. Returns NULL when out of memory. */
hs_pl031 *hs_pl031_new(hs_eventq *q, uint64_t epoch);
/* Cancels the match timer and frees the RTC. */
void hs_pl031_free(hs_pl031 *s);
/* Every register to its reset value; the RTC value returns to epoch + the
 * simulated seconds elapsed, as a battery-backed clock would still read. */
void hs_pl031_reset(hs_pl031 *s);
/* Connects RTCINTR and drives it at once with the current level. */
void hs_pl031_connect_irq(hs_pl031 *s, hs_irq line);

#endif
