/*
 * A virtual IRQ delivered through a list register, end to end, and its EOI maintenance
 * interrupt (IHI 0048B chapter 5; DDI 0406C B4.1, "HCR": IMO).
 *
 * Hyp mode enables the virtual CPU interface (GICH_HCR.En) and writes GICH_LR0: virtual
 * interrupt 42, Group 0, priority 0x80, state pending, EOI = 1 (HW = 0: a maintenance
 * interrupt when the guest deactivates it). With HCR.IMO = 1 the GIC's virtual IRQ reaches
 * the guest, Non-secure SVC mode, which enables its virtual CPU interface (GICV_CTLR
 * EnableGrp0, FIQEn = 0: Group 0 is a virtual IRQ; GICV_PMR). The virtual IRQ is masked by
 * CPSR.I like a physical one at PL1; unmasked, it is taken to IRQ mode through VBAR + 0x18
 * with LR_irq = the preferred return address + 4. The guest acknowledges it through
 * GICV_IAR (ID 42; LR0 becomes active) and ends it through GICV_EOIR (EOImode 0: priority
 * drop and deactivation), which makes LR0 invalid.
 *
 * LR0.EOI then raises the EOI maintenance interrupt, PPI 25, a physical IRQ that HCR.IMO
 * routes to Hyp mode although the guest runs with CPSR.I set. Hyp mode sees GICH_MISR.EOI,
 * GICH_EISR0 bit 0 set, and GICH_ELRSR0 bit 0 clear: an invalid LR whose EOI bit is set and
 * HW bit clear is not empty until the hypervisor has seen the EOI (5.3, GICH_ELRSR0). Once
 * it clears LR0, LR0 is empty and the maintenance condition is gone.
 *
 * The guest reads GICH registers through HVC #HVC_READ_GICH (Hyp mode does the access).
 */
#include "guest.h"

#define VIRQ_ID         42u
#define VIRQ_PRIORITY   0x80u
#define GUEST_PMR       0xf8u           /* GICV_PMR: five priority bits, all ones */
#define HYP_PMR         0xf0u           /* GICC_PMR of Hyp mode */
#define MAINT_PRIORITY  0xa0u
#define NR_LR           4u
#define LR_ALL_EMPTY    ((1u << NR_LR) - 1)

#define HVC_READ_GICH   2               /* r0 = GICH offset; returns the register in r0 */

/* GICH_LR0 as Hyp mode writes it; a pending, then active, then invalid copy of it. */
#define LR0_VALUE(state) \
	((uint32_t)(GICH_LR_VIRTUALID(VIRQ_ID) | GICH_LR_EOI | GICH_LR_PRIORITY(VIRQ_PRIORITY) | \
		    (state)))

static volatile struct {
	unsigned taken;
	int in_wait;
	uint32_t vector, lr, spsr, mode, hppir, iar, lr0_active, rpr, rpr_after, iar_after;
	int maint_waited;
} virq;

static volatile struct {
	unsigned taken;
	int in_wait;
	uint32_t vector, ret, spsr, mode, iar, misr, eisr0, elrsr0, lr0, misr_after, eisr0_after,
		 elrsr0_after, hppir_after;
} maint;

void hyp_trap_handler(struct exc_frame *f)
{
	uint32_t hsr = read_sysreg(HSR);

	if (HSR_EC(hsr) != HSR_EC_HVC || HSR_ISS_HVC_IMM16(hsr) != HVC_READ_GICH)
		exc_unexpected(f);
	f->r[0] = gich_read(f->r[0]);
}

static uint32_t read_gich_from_pl1(uint32_t off)
{
	register uint32_t r0 __asm__("r0") = off;

	__asm__ volatile("hvc #" STRINGIFY(HVC_READ_GICH) : "+r"(r0) : : "memory");
	return r0;
}

/* The EOI maintenance interrupt, in Hyp mode. */
void hyp_irq_handler(struct exc_frame *f)
{
	maint.taken++;
	maint.vector = f->vector;
	maint.ret = f->ret;
	maint.spsr = f->spsr;
	maint.mode = PSR_MODE(read_cpsr());
	maint.iar = gicc_read(GICC_IAR);
	maint.misr = gich_read(GICH_MISR);
	maint.eisr0 = gich_read(GICH_EISR0);
	maint.elrsr0 = gich_read(GICH_ELRSR0);
	maint.lr0 = gich_read(GICH_LR(0));
	gich_write(GICH_LR(0), 0);
	maint.misr_after = gich_read(GICH_MISR);
	maint.eisr0_after = gich_read(GICH_EISR0);
	maint.elrsr0_after = gich_read(GICH_ELRSR0);
	gicc_write(GICC_EOIR, maint.iar);
	maint.hppir_after = gicc_read(GICC_HPPIR);
	maint.in_wait = irq_wait_interrupted(f);
}

/* The virtual IRQ, in the guest's IRQ mode. */
void pl1_irq_handler(struct exc_frame *f)
{
	virq.taken++;
	virq.vector = f->vector;
	virq.lr = f->ret;
	virq.spsr = f->spsr;
	virq.mode = PSR_MODE(read_cpsr());
	f->ret -= 4;                    /* LR_irq is the preferred return address + 4 */
	virq.in_wait = irq_wait_interrupted(f);

	virq.hppir = gicv_read(GICV_HPPIR);
	virq.iar = gicv_read(GICV_IAR);
	virq.lr0_active = read_gich_from_pl1(GICH_LR(0));
	virq.rpr = gicv_read(GICV_RPR);
	/* GICV_EOIR raises the maintenance interrupt, which nothing at PL1 masks. */
	virq.maint_waited = irq_wait_store(GICV_BASE + GICV_EOIR, virq.iar);
	virq.rpr_after = gicv_read(GICV_RPR);
	virq.iar_after = gicv_read(GICV_IAR);
}

static void hyp_setup(void)
{
	uint32_t vtr = gich_read(GICH_VTR);

	is(GICH_VTR_LISTREGS(vtr), NR_LR - 1, "GICH_VTR.ListRegs is 3: four list registers");
	is(GICH_VTR_PRIBITS(vtr), 4, "GICH_VTR.PRIbits is 4: five priority bits");
	is(GICH_VTR_PREBITS(vtr), 4, "GICH_VTR.PREbits is 4: five preemption bits");

	gic_dist_enable();
	gic_set_priority(GIC_PPI_MAINTENANCE, MAINT_PRIORITY);
	gic_enable_irq(GIC_PPI_MAINTENANCE);
	gic_cpu_enable(HYP_PMR);

	for (unsigned n = 0; n < NR_LR; n++)
		gich_write(GICH_LR(n), 0);
	gich_write(GICH_HCR, GICH_HCR_EN);
	is(gich_read(GICH_HCR), GICH_HCR_EN, "GICH_HCR.En reads back set");
	is(gich_read(GICH_ELRSR0), LR_ALL_EMPTY, "GICH_ELRSR0 is 0xf: all four LRs empty");
	is(gich_read(GICH_MISR), 0, "GICH_MISR is 0: no maintenance condition");

	gich_write(GICH_LR(0), LR0_VALUE(GICH_LR_STATE_PENDING));
	is(gich_read(GICH_LR(0)), LR0_VALUE(GICH_LR_STATE_PENDING),
	   "GICH_LR0 reads back 0x%08lx: ID 42, EOI, priority 0x80, pending",
	   LR0_VALUE(GICH_LR_STATE_PENDING));
	is(gich_read(GICH_ELRSR0), LR_ALL_EMPTY & ~1u, "GICH_ELRSR0 is 0xe: LR0 in use");
	is(gich_read(GICH_EISR0), 0, "GICH_EISR0 is 0");
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "no physical interrupt is pending");

	write_sysreg(HCR_IMO, HCR);
	isb();
}

static void guest(void)
{
	int woken;

	gicv_write(GICV_PMR, GUEST_PMR);
	gicv_write(GICV_CTLR, GICC_CTLR_ENABLE_GRP0);
	is(gicv_read(GICV_PMR), GUEST_PMR, "GICV_PMR reads back 0x%02x", GUEST_PMR);
	is(gicv_read(GICV_CTLR), GICC_CTLR_ENABLE_GRP0, "GICV_CTLR reads back EnableGrp0");
	{
		uint32_t vmcr = read_gich_from_pl1(GICH_VMCR);

		ok((vmcr & GICH_VMCR_VMGRP0EN) && GICH_VMCR_VMPRIMASK(vmcr) == GUEST_PMR >> 3,
		   "GICH_VMCR holds VMGrp0En and VMPriMask 0x1f from GICV_CTLR and GICV_PMR");
	}

	virq.taken = 0;
	woken = irq_wait(0);
	ok(!woken && virq.taken == 0 && maint.taken == 0,
	   "the virtual IRQ is masked by CPSR.I in SVC mode");
	woken = irq_wait(1);

	is(virq.taken, 1, "the virtual IRQ is taken once CPSR.I is clear");
	ok(woken && virq.in_wait, "the virtual IRQ is taken in the wait loop");
	is(virq.vector, EXC_VEC_IRQ, "the virtual IRQ uses the IRQ vector VBAR + 0x18");
	is(virq.mode, PSR_MODE_IRQ, "the virtual IRQ is handled in IRQ mode");
	is(virq.lr, (uint32_t)irq_wait_loop + 4, "LR_irq is the preferred return address + 4");
	is(PSR_MODE(virq.spsr), PSR_MODE_SVC, "SPSR_irq.M is SVC mode");
	is(virq.hppir, VIRQ_ID, "GICV_HPPIR is 42");
	is(virq.iar, VIRQ_ID, "GICV_IAR is 42");
	is(virq.lr0_active, LR0_VALUE(GICH_LR_STATE_ACTIVE),
	   "GICH_LR0 is active after GICV_IAR: 0x%08lx", LR0_VALUE(GICH_LR_STATE_ACTIVE));
	is(virq.rpr, VIRQ_PRIORITY, "GICV_RPR is the virtual priority 0x80");
	is(virq.rpr_after, GIC_PRIORITY_IDLE, "GICV_RPR is idle 0xff after GICV_EOIR");
	is(virq.iar_after, GIC_INTID_SPURIOUS, "GICV_IAR is 1023 after GICV_EOIR: none pending");

	is(virq.maint_waited, 1, "GICV_EOIR raises the maintenance interrupt");
	is(maint.taken, 1, "the maintenance interrupt is taken once");
	ok(maint.in_wait, "the maintenance interrupt is taken in the wait loop");
	is(maint.vector, EXC_VEC_IRQ, "the maintenance interrupt uses the IRQ vector HVBAR + 0x18");
	is(maint.mode, PSR_MODE_HYP, "the maintenance interrupt is handled in Hyp mode");
	is(maint.ret, (uint32_t)irq_wait_store_loop,
	   "the maintenance interrupt: ELR_hyp is the preferred return address");
	is(PSR_MODE(maint.spsr), PSR_MODE_IRQ, "the maintenance interrupt: SPSR_hyp.M is IRQ mode");
	is(maint.spsr & PSR_I, PSR_I, "the maintenance interrupt: SPSR_hyp.I is set");
	is(maint.iar, GICC_IAR_VALUE(0, GIC_PPI_MAINTENANCE), "GICC_IAR is 25, the maintenance PPI");
	is(maint.misr, GICH_MISR_EOI, "GICH_MISR is EOI");
	is(maint.eisr0, 1, "GICH_EISR0 is 1: LR0 has an EOI");
	is(maint.elrsr0, LR_ALL_EMPTY & ~1u, "GICH_ELRSR0 is 0xe: LR0 not empty until seen");
	is(maint.lr0, LR0_VALUE(GICH_LR_STATE_INVALID),
	   "GICH_LR0 is invalid after GICV_EOIR: 0x%08lx", LR0_VALUE(GICH_LR_STATE_INVALID));
	is(maint.misr_after, 0, "GICH_MISR is 0 once LR0 is cleared");
	is(maint.eisr0_after, 0, "GICH_EISR0 is 0 once LR0 is cleared");
	is(maint.elrsr0_after, LR_ALL_EMPTY, "GICH_ELRSR0 is 0xf once LR0 is cleared");
	is(maint.hppir_after, GIC_INTID_SPURIOUS, "no physical interrupt is pending after EOI");
}

int main(void)
{
	hyp_setup();
	guest_enter_svc();
	guest();
	return (int)done_testing();
}
