/*
 * Virtual interrupt round trips (IHI 0048B chapter 5; DDI 0406C B1.8, "HCR": IMO): the
 * interrupt-heavy workload. Each round trip is what a hypervisor does to give a guest one
 * interrupt, and nothing else:
 *   - exit: the guest, Non-secure SVC mode, makes HVC #HVC_ROUND_TRIP; Hyp mode takes it
 *     through the Hyp Trap vector (HSR.EC 0x12);
 *   - LR write: Hyp mode writes GICH_LR0 with virtual ID 32..95 (one more each round trip,
 *     wrapping), Group 0, priority 0x80, state pending, HW 0 and EOI 0 (so no maintenance
 *     interrupt follows);
 *   - guest entry: ERET back to the guest, after its HVC;
 *   - the guest, CPSR.I clear, takes the virtual IRQ (HCR.IMO set, GICH_HCR.En set,
 *     GICV_CTLR.EnableGrp0) through VBAR + 0x18 in IRQ mode;
 *   - IAR, EOIR: it reads GICV_IAR (LR0 pending to active) and writes the ID to GICV_EOIR
 *     (EOImode 0: priority drop and deactivation, LR0 active to invalid), then returns
 *     from the exception (RFE).
 * The guest waits for the interrupt after each HVC (bounded) instead of assuming it is
 * taken at once, so an engine that delivers it late is slower, never wrong. It checks
 * every GICV_IAR value and folds them into the checksum; "iterations" is the number of
 * round trips.
 */
#include "bench.h"

#ifndef VIRQ_RT_ITERS
#define VIRQ_RT_ITERS 200000u
#endif

#define HVC_ROUND_TRIP  1
#define VIRQ_FIRST      32u             /* virtual IDs 32..95: no SGI, CPUID field 0 */
#define VIRQ_IDS        64u
#define VIRQ_PRIORITY   0x80u
#define GUEST_PMR       0xf8u           /* GICV_PMR: every implemented priority passes */
#define WAIT_SPINS      100000u         /* far more than any engine's delivery latency */

static uint32_t hyp_round_trips;       /* Hyp mode's count, choosing the next ID */
static volatile uint32_t virq_taken, virq_sum;

static uint32_t virq_id(uint32_t n)
{
	return VIRQ_FIRST + n % VIRQ_IDS;
}

/* The exit and the LR write: Hyp mode, entered from the guest's HVC. */
void hyp_trap_handler(struct exc_frame *f)
{
	uint32_t hsr = read_sysreg(HSR);

	if (HSR_EC(hsr) != HSR_EC_HVC || HSR_ISS_HVC_IMM16(hsr) != HVC_ROUND_TRIP)
		exc_unexpected(f);
	gich_write(GICH_LR(0), GICH_LR_VIRTUALID(virq_id(hyp_round_trips)) |
		   GICH_LR_PRIORITY(VIRQ_PRIORITY) | GICH_LR_STATE_PENDING);
	hyp_round_trips++;
}

/* The virtual IRQ, in the guest's IRQ mode: acknowledge and end it. */
void pl1_irq_handler(struct exc_frame *f)
{
	uint32_t iar = gicv_read(GICV_IAR);
	uint32_t n = virq_taken;

	gicv_write(GICV_EOIR, iar);
	if (iar != virq_id(n))
		bail_out("round trip %lu: GICV_IAR is %lu, expected %lu", (unsigned long)n,
			 (unsigned long)iar, (unsigned long)virq_id(n));
	virq_sum = (virq_sum ^ iar) * 0x01000193u;      /* FNV-1a, a word at a time */
	virq_taken = n + 1;
	f->ret -= 4;                    /* LR_irq is the preferred return address + 4 */
}

static void __attribute__((noinline)) guest(uint32_t n)
{
	gicv_write(GICV_PMR, GUEST_PMR);
	gicv_write(GICV_CTLR, GICC_CTLR_ENABLE_GRP0);
	__asm__ volatile("cpsie i" : : : "memory");
	for (uint32_t i = 0; i < n; i++) {
		uint32_t spins = 0;

		__asm__ volatile("hvc #" STRINGIFY(HVC_ROUND_TRIP) : : : "memory");
		while (virq_taken == i)
			if (++spins == WAIT_SPINS)
				bail_out("round trip %lu: no virtual IRQ", (unsigned long)i);
	}
	__asm__ volatile("cpsid i" : : : "memory");
}

int main(void)
{
	for (unsigned n = 0; n < 4; n++)
		gich_write(GICH_LR(n), 0);
	gich_write(GICH_HCR, GICH_HCR_EN);
	write_sysreg(HCR_IMO, HCR);
	isb();
	guest_enter_svc();
	guest(VIRQ_RT_ITERS);
	bench_report("virq_rt", VIRQ_RT_ITERS, virq_sum);
	return 0;
}
