/*
 * Physical IRQs and their routing by HCR.IMO (DDI 0406C B4.1, "HCR": IMO), from a
 * software-generated interrupt: the guest sets up the GIC
 * Distributor and its CPU interface (IHI 0048B 4.3, 4.4) and sends SGI 5 to itself through
 * GICD_SGIR (TargetListFilter = 0b10, 4.3.15), so that the interrupt is deterministic.
 *
 *   A. Hyp mode, HCR.IMO = 1: masked while CPSR.I is set; with CPSR.I clear the IRQ is taken
 *      to Hyp mode through HVBAR + 0x18 (B1.8.1) with ELR_hyp = the preferred return address
 *      (B1.8.3). The handler acknowledges it (GICC_IAR: ID 5, CPUID 0), sees it active at the
 *      running priority of its priority (GICC_RPR), and ends it with GICC_EOIR.
 *   B. SVC mode with CPSR.I set, HCR.IMO = 1: a physical IRQ is routed to Hyp mode, where
 *      CPSR.I of the Non-secure PL1 mode does not mask it, and taken through HVBAR + 0x18
 *      as soon as the GICD_SGIR write has made it pending.
 *   C. SVC mode, HCR.IMO = 0: the IRQ goes to IRQ mode through VBAR + 0x18, masked by CPSR.I,
 *      with LR_irq = the preferred return address + 4 (B1.8.3).
 *
 * The guest waits with irq_wait() or irq_wait_store() (irq_wait.h) on one instruction, so the
 * preferred return address is known exactly.
 */
#include "guest.h"

#define SGI_ID          5u
#define SGI_PRIORITY    0x80u
#define PRIORITY_MASK   0xf0u           /* GICC_PMR: SGI_PRIORITY is above it */
#define HVC_SET_HCR     1               /* HVC #HVC_SET_HCR, r0 = the new HCR */
#define POLL_LIMIT      100000u

static volatile struct {
	unsigned taken;
	int in_wait;
	uint32_t vector, ret, lr, spsr, mode, cpsr, iar, rpr, active, rpr_after, active_after,
		 hppir_after;
} irq;

/* Acknowledges, checks and ends the interrupt; f->ret is the preferred return address. */
static void handle(struct exc_frame *f, uint32_t lr)
{
	irq.taken++;
	irq.vector = f->vector;
	irq.ret = f->ret;
	irq.lr = lr;
	irq.spsr = f->spsr;
	irq.cpsr = read_cpsr();
	irq.mode = PSR_MODE(irq.cpsr);
	irq.iar = gicc_read(GICC_IAR);
	irq.rpr = gicc_read(GICC_RPR);
	irq.active = gic_is_active(GICC_IAR_INTID(irq.iar));
	gicc_write(GICC_EOIR, irq.iar);
	irq.rpr_after = gicc_read(GICC_RPR);
	irq.active_after = gic_is_active(GICC_IAR_INTID(irq.iar));
	irq.hppir_after = gicc_read(GICC_HPPIR);
	irq.in_wait = irq_wait_interrupted(f);
}

void hyp_irq_handler(struct exc_frame *f)
{
	handle(f, f->ret);
}

void pl1_irq_handler(struct exc_frame *f)
{
	uint32_t lr = f->ret;

	f->ret -= 4;                    /* LR_irq is the preferred return address + 4 */
	handle(f, lr);
}

void hyp_trap_handler(struct exc_frame *f)
{
	uint32_t hsr = read_sysreg(HSR);

	if (HSR_EC(hsr) != HSR_EC_HVC || HSR_ISS_HVC_IMM16(hsr) != HVC_SET_HCR)
		exc_unexpected(f);
	write_sysreg(f->r[0], HCR);
	isb();
}

static void set_hcr_from_pl1(uint32_t hcr)
{
	register uint32_t r0 __asm__("r0") = hcr;

	__asm__ volatile("hvc #" STRINGIFY(HVC_SET_HCR) : "+r"(r0) : : "memory");
}

static void forget(void)
{
	irq.taken = 0;
	irq.in_wait = 0;
}

/* Sends SGI_ID to this CPU and waits until its CPU interface has it pending. */
static void send_sgi_to_self(const char *when)
{
	uint32_t hppir = GIC_INTID_SPURIOUS;

	gicd_write(GICD_SGIR, GICD_SGIR_TARGET_SELF | GICD_SGIR_INTID(SGI_ID));
	for (unsigned i = 0; i < POLL_LIMIT && hppir != GICC_IAR_VALUE(0, SGI_ID); i++)
		hppir = gicc_read(GICC_HPPIR);
	is(hppir, GICC_IAR_VALUE(0, SGI_ID), "%s: GICC_HPPIR shows SGI 5 from CPU 0 pending",
	   when);
}

static void check_ack(const char *when)
{
	is(irq.iar, GICC_IAR_VALUE(0, SGI_ID), "%s: GICC_IAR is SGI 5 from CPU 0", when);
	is(irq.active, 1, "%s: the SGI is active after GICC_IAR", when);
	is(irq.rpr, SGI_PRIORITY, "%s: GICC_RPR is the SGI priority 0x%02x", when, SGI_PRIORITY);
	is(irq.rpr_after, GIC_PRIORITY_IDLE, "%s: GICC_RPR is idle 0xff after GICC_EOIR", when);
	is(irq.active_after, 0, "%s: the SGI is inactive after GICC_EOIR", when);
	is(irq.hppir_after, GIC_INTID_SPURIOUS, "%s: nothing is pending after GICC_EOIR", when);
}

static void test_hyp_mode(void)
{
	const char *when = "IRQ in Hyp mode";
	int woken;

	write_sysreg(HCR_IMO, HCR);
	isb();
	send_sgi_to_self(when);
	forget();
	woken = irq_wait(0);
	ok(!woken && irq.taken == 0, "%s: masked by CPSR.I", when);
	woken = irq_wait(1);
	is(irq.taken, 1, "%s: taken once CPSR.I is clear", when);
	ok(woken && irq.in_wait, "%s: taken in the wait loop", when);
	is(irq.vector, EXC_VEC_IRQ, "%s: through the IRQ vector HVBAR + 0x18", when);
	is(irq.mode, PSR_MODE_HYP, "%s: the handler runs in Hyp mode", when);
	is(irq.cpsr & PSR_I, PSR_I, "%s: CPSR.I is set in the handler", when);
	is(irq.ret, (uint32_t)irq_wait_loop, "%s: ELR_hyp is the preferred return address", when);
	is(PSR_MODE(irq.spsr), PSR_MODE_HYP, "%s: SPSR_hyp.M is Hyp mode", when);
	is(irq.spsr & PSR_I, 0, "%s: SPSR_hyp.I is clear", when);
	check_ack(when);
}

static void test_svc_imo(void)
{
	const char *when = "IRQ in SVC mode with HCR.IMO";
	int woken;

	is(read_cpsr() & PSR_I, PSR_I, "%s: SVC mode runs with CPSR.I set", when);
	forget();
	woken = irq_wait_store(GICD_BASE + GICD_SGIR,
			       GICD_SGIR_TARGET_SELF | GICD_SGIR_INTID(SGI_ID));
	is(irq.taken, 1, "%s: taken although CPSR.I is set", when);
	ok(woken && irq.in_wait, "%s: taken in the wait loop", when);
	is(irq.vector, EXC_VEC_IRQ, "%s: through the IRQ vector HVBAR + 0x18", when);
	is(irq.mode, PSR_MODE_HYP, "%s: the handler runs in Hyp mode", when);
	is(irq.ret, (uint32_t)irq_wait_store_loop, "%s: ELR_hyp is the preferred return address",
	   when);
	is(PSR_MODE(irq.spsr), PSR_MODE_SVC, "%s: SPSR_hyp.M is SVC mode", when);
	is(irq.spsr & PSR_I, PSR_I, "%s: SPSR_hyp.I is set", when);
	check_ack(when);
}

static void test_svc_no_imo(void)
{
	const char *when = "IRQ in SVC mode without HCR.IMO";
	int woken;

	set_hcr_from_pl1(0);
	send_sgi_to_self(when);
	forget();
	woken = irq_wait(0);
	ok(!woken && irq.taken == 0, "%s: masked by CPSR.I", when);
	woken = irq_wait(1);
	is(irq.taken, 1, "%s: taken once CPSR.I is clear", when);
	ok(woken && irq.in_wait, "%s: taken in the wait loop", when);
	is(irq.vector, EXC_VEC_IRQ, "%s: through the IRQ vector VBAR + 0x18", when);
	is(irq.mode, PSR_MODE_IRQ, "%s: the handler runs in IRQ mode", when);
	is(irq.lr, (uint32_t)irq_wait_loop + 4, "%s: LR_irq is the preferred return address + 4",
	   when);
	is(PSR_MODE(irq.spsr), PSR_MODE_SVC, "%s: SPSR_irq.M is SVC mode", when);
	is(irq.spsr & PSR_I, 0, "%s: SPSR_irq.I is clear", when);
	check_ack(when);
}

int main(void)
{
	uint32_t typer = gicd_read(GICD_TYPER);

	/* The virt-a15 GIC (QEMU 7.2's virt: 256 SPIs after the 32 SGIs and PPIs). */
	is(GICD_TYPER_ITLINES(typer), 8, "GICD_TYPER.ITLinesNumber is 8: 288 interrupt IDs");
	is(GICD_TYPER_CPUNUMBER(typer), 0, "GICD_TYPER.CPUNumber is 0: one CPU interface");
	is(typer & GICD_TYPER_SECURITYEXTN, 0, "GICD_TYPER.SecurityExtn is 0");

	gic_dist_enable();
	gic_set_priority(SGI_ID, SGI_PRIORITY);
	gic_enable_irq(SGI_ID);
	gic_cpu_enable(PRIORITY_MASK);
	is(gicd_read(GICD_CTLR), GICD_CTLR_ENABLE_GRP0, "GICD_CTLR forwards Group 0");
	is(gicc_read(GICC_CTLR), GICC_CTLR_ENABLE_GRP0, "GICC_CTLR signals Group 0 as IRQ");
	is(gicc_read(GICC_PMR), PRIORITY_MASK, "GICC_PMR reads back 0x%02x", PRIORITY_MASK);
	is((gicd_read(GICD_IPRIORITYR(SGI_ID / 4)) >> (8 * (SGI_ID % 4))) & 0xffu, SGI_PRIORITY,
	   "GICD_IPRIORITYR of SGI 5 reads back 0x%02x", SGI_PRIORITY);
	is(gicc_read(GICC_RPR), GIC_PRIORITY_IDLE, "GICC_RPR is idle 0xff");

	test_hyp_mode();
	guest_enter_svc();
	test_svc_imo();
	test_svc_no_imo();

	return (int)done_testing();
}
