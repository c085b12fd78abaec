/*
 * The interface between the guest and the hypervisor of this example. Stage 2 translation
 * is off (HCR.VM = 0), so nothing the guest touches in memory can trap; what a hypervisor
 * would emulate behind a stage-2 fault is reached through HVC instead (DDI 0406C B1.14.2):
 * the distributor (a paravirtual GICD), a device, and PSCI (its HVC conduit, Arm DEN 0022).
 * The guest uses the virtual CPU interface (GICV, which it sees where a GICC would be) and the
 * PL011 directly.
 *
 * HVC #imm16, arguments in r0-r3, results in r0-r3 (the registers not named are preserved).
 */
#ifndef VGIC2012_PV_H
#define VGIC2012_PV_H

#include <stdint.h>

#define PV_HVC_PSCI             0       /* r0 = PSCI function ID, r1-r3 its arguments -> r0 */
#define PV_HVC_DIST_WRITE       1       /* r0 = GICD offset, r1 = value (32-bit write) */
#define PV_HVC_DEV_START        2       /* the device raises its first events at the next tick */
#define PV_HVC_DEV_COUNT        3       /* r0 = channel -> r0 = events queued */
#define PV_HVC_DEV_POP          4       /* r0 = channel -> r0 = sequence number (PV_DEV_EMPTY),
					 * r1 = tick raised, r2 = tick now, r3 = events left */
#define PV_HVC_YIELD            5       /* give the rest of this time slice to the other vCPU */
#define PV_HVC_STAT             6       /* r0 = PV_STAT_* -> r0 = the hypervisor's counter */

/*
 * The device: channel c raises level-sensitive SPI PV_DEV_SPI(c), which the guest routes to
 * vCPU c. At its r-th hypervisor tick after PV_HVC_DEV_START (r = 1 .. PV_DEV_ROUNDS) it
 * queues PV_DEV_BURST(r, c) events, each with the next sequence number (from 0) and the tick
 * it was raised at, in a FIFO of PV_DEV_FIFO; its line is high while the FIFO holds events.
 * PV_HVC_DEV_POP takes one event. An event that finds the FIFO full is lost (an overrun).
 */
#define PV_DEV_CHANNELS         2u
#define PV_DEV_SPI(c)           (48u + (c))
#define PV_DEV_ROUNDS           64u
#define PV_DEV_BURST(r, c)      ((5u * (r) + 3u * (c)) % 4u)
#define PV_DEV_FIFO             16u
#define PV_DEV_EMPTY            0xffffffffu

/* The hypervisor's tick: the Hyp timer every PV_TICK_HZ-th of a second; the time slice of a
 * vCPU and the device's clock. */
#define PV_TICK_HZ              500u

/* Hypervisor counters. */
#define PV_STAT_MAINT_NO_VCPU   0       /* maintenance interrupts taken with no vCPU loaded */
#define PV_STAT_LR_OVERFLOW     1       /* vgic_sync_to_cpu() runs that ran out of LRs */
#define PV_STAT_DEV_OVERRUN     2       /* device events lost to a full FIFO */
#define PV_STAT_DIST_IGNORED    3       /* paravirtual GICD writes to registers not emulated */
#define PV_STAT_HOST_IRQ_OTHER  4       /* physical interrupts other than 25 and 26 */
#define PV_STAT_MAINT_IDLE      5       /* maintenance interrupts that found neither an EOI
					 * nor an underflow in the loaded vCPU's registers */
#define PV_NR_STATS             6

/*
 * Read-only for the guest (it shares the hypervisor's memory, stage 2 being off), in the
 * manner of a shared-info page: the number of hypervisor ticks so far.
 */
struct pv_shared_info {
	volatile uint32_t ticks;
};

extern struct pv_shared_info pv_shared;

#endif
