/*
 * The GIC virtualization extensions in depth (IHI 0048B chapter 5): the virtual interface
 * control registers (GICH, 5.3) and the virtual CPU interface (GICV, 5.4) of one CPU.
 *
 * Hyp mode plays both parts for most checks: it writes the list registers as a hypervisor
 * would and reads and writes GICV as the virtual machine would (the GICV registers are
 * memory-mapped and answer any mode), so every list register transition is seen from both
 * sides without an exception in between. What must be taken is taken: the maintenance
 * interrupt, PPI 25, as a physical IRQ in Hyp mode (irq_wait() with CPSR.I clear), and, at
 * the end, a virtual FIQ and a virtual IRQ in Non-secure SVC mode (DDI 0406C B4.1, "HCR":
 * FMO, IMO). HCR.IMO is set throughout, so that physical IRQs go to Hyp mode.
 *
 *   - GICH_VTR (5.3.2), GICH_VMCR reset (5.3.3), GICV_IIDR;
 *   - the list register state machine (5.3.8): pending -> active on GICV_IAR, active ->
 *     invalid on GICV_EOIR, pending and active -> pending; GICV_RPR, GICH_APR/GICV_APR0
 *     (5.3.7); priority order, GICV_PMR masking and preemption by GICV_BPR group priority;
 *   - GICH_HCR.En (5.3.1): no virtual interrupt and no maintenance interrupt while clear;
 *   - EOImode 1 with GICV_DIR, and GICH_HCR.EOICount (5.3.1) for EOIs and deactivations
 *     that match no list register;
 *   - the maintenance interrupt conditions (5.3.4 GICH_MISR, enabled by GICH_HCR): EOI, U,
 *     LRENP, NP, VGrp0E, VGrp0D, VGrp1E, VGrp1D, each taken as PPI 25 in Hyp mode;
 *   - HW = 1 list registers (5.3.8): deactivating the virtual interrupt deactivates the
 *     physical one (an SPI made pending by GICD_ISPENDR; an SGI PhysicalID is
 *     UNPREDICTABLE), which the physical CPU interface then signals again if pending;
 *   - a virtual SGI's source CPUID in GICV_IAR and GICV_HPPIR (4.4.4, 4.4.7);
 *   - Group 1: 1022 through GICV_IAR without AckCtl, GICV_AIAR/AEOIR/AHPPIR (4.4.9-4.4.11);
 *   - GICV_BPR/GICV_ABPR minimums (five virtual preemption bits, 5.3.2) and GICH_VMCR
 *     mirroring GICV_CTLR, GICV_PMR, GICV_BPR and GICV_ABPR (5.3.3);
 *   - GICV_CTLR.FIQEn: a Group 0 virtual interrupt is a virtual FIQ, Group 1 stays a
 *     virtual IRQ.
 *
 * Virtual priorities are multiples of 0x10 with binary points of 3 and 4, and the physical
 * GIC is used only at priorities and masks that are multiples of 0x10, so nothing depends on
 * how many physical priority bits the GIC implements.
 */
#include "guest.h"

#define NR_LR           4u
#define LR_ALL_EMPTY    ((1u << NR_LR) - 1)
#define HYP_PMR         0xf0u
#define MAINT_PRIORITY  0xa0u
#define GUEST_PMR       0xf8u
#define PHYS_SPI        96u             /* the physical interrupt of the HW = 1 entries */
#define PHYS_PRIORITY   0x80u
#define VIRQ_A          40u
#define VIRQ_B          41u
#define VIRQ_HW         50u
#define VIRQ_G1         51u
#define VIRQ_FIQ        52u
#define VIRQ_IRQ        53u
#define VSGI            3u
#define VSGI_SOURCE     2u
#define CTLR_GRP0       GICC_CTLR_ENABLE_GRP0
#define CTLR_GRP1       GICC_CTLR_ENABLE_GRP1
#define FIQ_SPINS       0x10000u

#define HVC_GICH        1               /* r0 = GICH offset, r1 = value, r2 = 1 to write;
					 * returns the register in r0 */

static uint32_t lr_value(uint32_t vid, uint32_t prio, uint32_t state)
{
	return GICH_LR_VIRTUALID(vid) | GICH_LR_PRIORITY(prio) | state;
}

/* The physical IRQs taken in Hyp mode: the maintenance interrupt, or the HW = 1 SPI. */
static volatile struct {
	unsigned taken;
	int in_wait;
	uint32_t mode, iar, misr, eisr0, misr_after;
} hirq;

/* The virtual FIQ and IRQ taken in the guest's FIQ and IRQ modes. */
static volatile struct {
	unsigned taken;
	uint32_t vector, mode, spsr_mode, iar;
} vexc;

void hyp_irq_handler(struct exc_frame *f)
{
	uint32_t iar = gicc_read(GICC_IAR);

	hirq.taken++;
	hirq.mode = PSR_MODE(read_cpsr());
	hirq.iar = iar;
	if (GICC_IAR_INTID(iar) == GIC_PPI_MAINTENANCE) {
		uint32_t eisr0;

		hirq.misr = gich_read(GICH_MISR);
		hirq.eisr0 = eisr0 = gich_read(GICH_EISR0);
		/* Remove the condition: every interrupt enable of GICH_HCR (and EOICount), and
		 * the list registers with an EOI outstanding. */
		gich_write(GICH_HCR, GICH_HCR_EN);
		for (unsigned n = 0; n < NR_LR; n++) {
			if (eisr0 & (1u << n))
				gich_write(GICH_LR(n), 0);
		}
		hirq.misr_after = gich_read(GICH_MISR);
	}
	if (GICC_IAR_INTID(iar) != GIC_INTID_SPURIOUS) {
		gicc_write(GICC_EOIR, iar);
		if (gicc_read(GICC_CTLR) & GICC_CTLR_EOIMODE)
			gicc_write(GICC_DIR, iar);
	}
	hirq.in_wait = irq_wait_interrupted(f);
}

void hyp_trap_handler(struct exc_frame *f)
{
	uint32_t hsr = read_sysreg(HSR);

	if (HSR_EC(hsr) != HSR_EC_HVC || HSR_ISS_HVC_IMM16(hsr) != HVC_GICH)
		exc_unexpected(f);
	if (f->r[2])
		gich_write(f->r[0], f->r[1]);
	f->r[0] = gich_read(f->r[0]);
}

static uint32_t gich_from_pl1(uint32_t off, uint32_t value, uint32_t write)
{
	register uint32_t r0 __asm__("r0") = off;
	register uint32_t r1 __asm__("r1") = value;
	register uint32_t r2 __asm__("r2") = write;

	__asm__ volatile("hvc #" STRINGIFY(HVC_GICH) : "+r"(r0) : "r"(r1), "r"(r2) : "memory");
	return r0;
}

static void guest_exception(struct exc_frame *f)
{
	uint32_t iar = gicv_read(GICV_IAR);

	vexc.taken++;
	vexc.vector = f->vector;
	vexc.mode = PSR_MODE(read_cpsr());
	vexc.spsr_mode = PSR_MODE(f->spsr);
	vexc.iar = iar;
	if (GICC_IAR_INTID(iar) != GIC_INTID_SPURIOUS)
		gicv_write(GICV_EOIR, iar);
	f->ret -= 4;                    /* LR_fiq, LR_irq: the preferred return address + 4 */
}

void pl1_fiq_handler(struct exc_frame *f)
{
	guest_exception(f);
}

void pl1_irq_handler(struct exc_frame *f)
{
	guest_exception(f);
	irq_wait_interrupted(f);
}

/* Every list register invalid, no active virtual priority, GICH_HCR.En alone. */
static void virt_reset(void)
{
	for (unsigned n = 0; n < NR_LR; n++)
		gich_write(GICH_LR(n), 0);
	gich_write(GICH_APR, 0);
	gich_write(GICH_HCR, GICH_HCR_EN);
}

static void phys_quiesce(void)
{
	gic_disable_irq(PHYS_SPI);
	gic_clear_pending(PHYS_SPI);
	gic_clear_active(PHYS_SPI);
	for (unsigned n = 0; n < 4; n++)
		gicc_write(GICC_APR(n), 0);
}

static void test_identification(void)
{
	uint32_t iidr = gicv_read(GICV_IIDR);

	/* 5.3.2: ListRegs, PREbits and PRIbits hold the number minus one. */
	is(gich_read(GICH_VTR), 0x90000003u,
	   "GICH_VTR is 0x90000003: four list registers, PREbits 4, PRIbits 4 (five bits)");
	is(gich_read(GICH_VMCR), GICH_VMCR_VALUE(0, 2, 3, 0),
	   "GICH_VMCR resets to 0x004c0000: VMBP 2, VMABP 3, their minimum");
	is(GICC_IIDR_ARCH_VERSION(iidr), 2, "GICV_IIDR.ArchitectureVersion is 2");
	is(GIC_IIDR_IMPLEMENTER(iidr), GIC_IIDR_IMPLEMENTER_ARM, "GICV_IIDR.Implementer is 0x43b, Arm");
	is(gich_read(GICH_HCR), 0, "GICH_HCR resets to 0");
	is(gich_read(GICH_ELRSR0), LR_ALL_EMPTY, "GICH_ELRSR0 is 0xf: every list register empty");
	is(gich_read(GICH_ELRSR1), 0, "GICH_ELRSR1 is 0: no list registers 32-63");
}

/* 5.3.1 En: "when this field is 0 the virtual CPU interface does not signal any
 * interrupts"; GICV_IAR then reads 1023. */
static void test_enable(void)
{
	gich_write(GICH_LR(0), lr_value(VIRQ_A, 0x80, GICH_LR_STATE_PENDING));
	is(gicv_read(GICV_IAR), GIC_INTID_SPURIOUS, "GICH_HCR.En 0: GICV_IAR is 1023");
	is(gich_read(GICH_LR(0)), lr_value(VIRQ_A, 0x80, GICH_LR_STATE_PENDING),
	   "GICH_HCR.En 0: GICH_LR0 stays pending");
	gich_write(GICH_HCR, GICH_HCR_EN);
	is(gicv_read(GICV_HPPIR), VIRQ_A, "GICH_HCR.En 1: GICV_HPPIR is 40");
	gicv_write(GICV_CTLR, 0);
	is(gicv_read(GICV_HPPIR), GIC_INTID_SPURIOUS, "GICV_CTLR.EnableGrp0 0: GICV_HPPIR is 1023");
	gicv_write(GICV_CTLR, CTLR_GRP0);
	virt_reset();
}

/* 5.3.8: the list register states as GICV_IAR, GICV_EOIR and the hypervisor move them. */
static void test_lr_states(void)
{
	uint32_t pending = lr_value(VIRQ_A, 0x80, GICH_LR_STATE_PENDING);
	uint32_t active = lr_value(VIRQ_A, 0x80, GICH_LR_STATE_ACTIVE);
	uint32_t invalid = lr_value(VIRQ_A, 0x80, GICH_LR_STATE_INVALID);
	uint32_t both = lr_value(VIRQ_A, 0x80, GICH_LR_STATE_PENDING_ACTIVE);

	gich_write(GICH_LR(0), pending);
	is(gich_read(GICH_LR(0)), pending, "GICH_LR0 reads back 0x%08lx: ID 40, priority 0x80, pending",
	   pending);
	is(gich_read(GICH_ELRSR0), LR_ALL_EMPTY & ~1u, "GICH_ELRSR0 is 0xe: LR0 in use");
	is(gicv_read(GICV_HPPIR), VIRQ_A, "LR0 pending: GICV_HPPIR is 40");
	is(gicv_read(GICV_IAR), VIRQ_A, "LR0 pending: GICV_IAR is 40");
	is(gich_read(GICH_LR(0)), active, "GICV_IAR makes LR0 active: 0x%08lx", active);
	is(gicv_read(GICV_RPR), 0x80, "GICV_RPR is LR0's priority 0x80");
	is(gich_read(GICH_APR), 1u << (0x80 >> 3), "GICH_APR has bit 16 set: priority 0x80 active");
	is(gicv_read(GICV_APR(0)), 1u << (0x80 >> 3), "GICV_APR0 shows the same active priority");
	is(gicv_read(GICV_APR(1)), 0, "GICV_APR1 is RAZ: 32 priority levels fit GICV_APR0");
	is(gicv_read(GICV_HPPIR), GIC_INTID_SPURIOUS, "LR0 active: GICV_HPPIR is 1023");

	/* The hypervisor records a second instance while the first is active. */
	gich_write(GICH_LR(0), both);
	is(gicv_read(GICV_IAR), GIC_INTID_SPURIOUS, "LR0 pending and active: GICV_IAR is 1023");
	gicv_write(GICV_EOIR, VIRQ_A);
	is(gich_read(GICH_LR(0)), pending, "GICV_EOIR makes LR0 pending and active -> pending");
	ok(gicv_read(GICV_RPR) == GIC_PRIORITY_IDLE && gich_read(GICH_APR) == 0,
	   "GICV_EOIR drops the priority: GICV_RPR 0xff, GICH_APR 0");
	is(gicv_read(GICV_IAR), VIRQ_A, "GICV_IAR acknowledges the second instance of 40");
	gicv_write(GICV_EOIR, VIRQ_A);
	is(gich_read(GICH_LR(0)), invalid, "GICV_EOIR makes LR0 active -> invalid: 0x%08lx", invalid);
	is(gich_read(GICH_ELRSR0), LR_ALL_EMPTY, "GICH_ELRSR0 is 0xf: LR0 empty (no EOI bit)");
	is(gich_read(GICH_EISR0), 0, "GICH_EISR0 is 0");
	virt_reset();
}

/* 3.3 through 5.4: the highest priority pending list register is signalled, above
 * GICV_PMR and preempting the running priority by group priority (GICV_BPR). */
static void test_priorities(void)
{
	gich_write(GICH_LR(1), lr_value(VIRQ_A, 0x60, GICH_LR_STATE_PENDING));
	gich_write(GICH_LR(2), lr_value(VIRQ_B, 0x40, GICH_LR_STATE_PENDING));
	is(gicv_read(GICV_IAR), VIRQ_B, "LR1 (priority 0x60) and LR2 (0x40): GICV_IAR is 41, from LR2");
	is(gicv_read(GICV_IAR), GIC_INTID_SPURIOUS, "40 of priority 0x60 does not preempt 0x40");
	gicv_write(GICV_EOIR, VIRQ_B);
	is(gicv_read(GICV_IAR), VIRQ_A, "after GICV_EOIR of 41, GICV_IAR is 40");
	gicv_write(GICV_EOIR, VIRQ_A);
	virt_reset();

	gich_write(GICH_LR(0), lr_value(VIRQ_A, 0x80, GICH_LR_STATE_PENDING));
	gicv_write(GICV_PMR, 0x80);
	is(gicv_read(GICV_HPPIR), GIC_INTID_SPURIOUS, "GICV_PMR 0x80 masks priority 0x80");
	gicv_write(GICV_PMR, 0x90);
	is(gicv_read(GICV_HPPIR), VIRQ_A, "GICV_PMR 0x90 lets priority 0x80 through");
	gicv_write(GICV_PMR, 0xff);
	is(gicv_read(GICV_PMR), GUEST_PMR, "GICV_PMR implements five bits: 0xff reads back 0xf8");
	virt_reset();

	gicv_write(GICV_BPR, 3);
	gich_write(GICH_LR(0), lr_value(VIRQ_A, 0x90, GICH_LR_STATE_PENDING));
	gicv_read(GICV_IAR);
	gich_write(GICH_LR(1), lr_value(VIRQ_B, 0x80, GICH_LR_STATE_PENDING));
	is(gicv_read(GICV_IAR), VIRQ_B, "GICV_BPR 3: priority 0x80 preempts the active 0x90");
	is(gicv_read(GICV_RPR), 0x80, "GICV_RPR is 0x80 while 41 preempts");
	gicv_write(GICV_EOIR, VIRQ_B);
	is(gicv_read(GICV_RPR), 0x90, "GICV_EOIR of 41: GICV_RPR back to 0x90");
	gicv_write(GICV_EOIR, VIRQ_A);
	virt_reset();

	gicv_write(GICV_BPR, 4);
	gich_write(GICH_LR(0), lr_value(VIRQ_A, 0x90, GICH_LR_STATE_PENDING));
	gicv_read(GICV_IAR);
	gich_write(GICH_LR(1), lr_value(VIRQ_B, 0x80, GICH_LR_STATE_PENDING));
	is(gicv_read(GICV_IAR), GIC_INTID_SPURIOUS,
	   "GICV_BPR 4: priorities 0x90 and 0x80 share group priority 0x80, no preemption");
	gicv_write(GICV_EOIR, VIRQ_A);
	is(gicv_read(GICV_IAR), VIRQ_B, "after GICV_EOIR of 40, GICV_IAR is 41");
	gicv_write(GICV_EOIR, VIRQ_B);
	gicv_write(GICV_BPR, 3);
	gicv_write(GICV_PMR, GUEST_PMR);
	virt_reset();
}

/* 5.3.1 EOICount; 4.4.15 GICV_DIR with EOImode 1. */
static void test_eoimode_eoicount(void)
{
	uint32_t active = lr_value(VIRQ_A, 0x80, GICH_LR_STATE_ACTIVE);

	gicv_write(GICV_CTLR, CTLR_GRP0 | GICC_CTLR_EOIMODE);
	is(gicv_read(GICV_CTLR), CTLR_GRP0 | GICC_CTLR_EOIMODE, "GICV_CTLR reads back EnableGrp0 and EOImode");
	ok(gich_read(GICH_VMCR) & GICH_VMCR_VEM, "GICH_VMCR.VEM mirrors GICV_CTLR.EOImode");
	gich_write(GICH_LR(0), lr_value(VIRQ_A, 0x80, GICH_LR_STATE_PENDING));
	gicv_read(GICV_IAR);
	gicv_write(GICV_EOIR, VIRQ_A);
	ok(gicv_read(GICV_RPR) == GIC_PRIORITY_IDLE && gich_read(GICH_APR) == 0,
	   "EOImode 1: GICV_EOIR drops the priority");
	is(gich_read(GICH_LR(0)), active, "EOImode 1: LR0 stays active after GICV_EOIR");
	gicv_write(GICV_DIR, VIRQ_A);
	is(gich_read(GICH_LR(0)), lr_value(VIRQ_A, 0x80, GICH_LR_STATE_INVALID),
	   "EOImode 1: GICV_DIR makes LR0 invalid");
	is(GICH_HCR_EOICOUNT(gich_read(GICH_HCR)), 0, "GICH_HCR.EOICount is 0: every EOI matched");
	gicv_write(GICV_DIR, VIRQ_B);
	is(GICH_HCR_EOICOUNT(gich_read(GICH_HCR)), 1,
	   "EOImode 1: GICV_DIR of 41, in no list register, increments EOICount to 1");
	gicv_write(GICV_CTLR, CTLR_GRP0);
	virt_reset();

	/* EOImode 0: an EOI that drops a priority but finds no list register counts. */
	gich_write(GICH_LR(0), lr_value(VIRQ_A, 0x80, GICH_LR_STATE_PENDING));
	gicv_read(GICV_IAR);
	gich_write(GICH_LR(0), 0);
	gicv_write(GICV_EOIR, VIRQ_A);
	is(gich_read(GICH_HCR), GICH_HCR_EN | GICH_HCR_EOICOUNT_ONE,
	   "GICV_EOIR of 40 after the hypervisor dropped its LR: EOICount 1");
	is(gich_read(GICH_APR), 0, "that GICV_EOIR still drops the priority");
	gicv_write(GICV_EOIR, VIRQ_A);
	is(GICH_HCR_EOICOUNT(gich_read(GICH_HCR)), 1,
	   "a GICV_EOIR that clears no GICH_APR bit does not count: EOICount stays 1");
	virt_reset();
	is(gich_read(GICH_HCR), GICH_HCR_EN, "a GICH_HCR write clears EOICount");
}

/* Sets the maintenance condition with GICH_HCR = hcr (the caller has prepared the list
 * registers and GICV_CTLR), checks GICH_MISR and takes PPI 25 in Hyp mode. */
static void maintenance(const char *what, uint32_t hcr, uint32_t misr)
{
	int woken;

	if (hcr)
		gich_write(GICH_HCR, hcr);
	is(gich_read(GICH_MISR), misr, "%s: GICH_MISR is 0x%02lx", what, misr);
	hirq.taken = 0;
	hirq.iar = GIC_INTID_SPURIOUS;
	woken = irq_wait(1);
	ok(woken && hirq.in_wait && hirq.taken == 1 && hirq.mode == PSR_MODE_HYP,
	   "%s: an IRQ is taken in Hyp mode", what);
	is(hirq.iar, GIC_PPI_MAINTENANCE, "%s: GICC_IAR is 25, the maintenance interrupt", what);
	is(hirq.misr, misr, "%s: GICH_MISR in the handler is 0x%02lx", what, misr);
	is(hirq.misr_after, 0, "%s: GICH_MISR is 0 once the handler cleared the condition", what);
	hirq.taken = 0;
	woken = irq_wait(1);
	ok(!woken && hirq.taken == 0, "%s: no further maintenance interrupt", what);
}

/* 5.3.4: the maintenance interrupt conditions, each a level, enabled by GICH_HCR (EOI by
 * the list register's EOI bit) and gated by GICH_HCR.En. */
static void test_maintenance(void)
{
	int woken;

	/* U: "none, or only one, of the list register entries is marked as a valid
	 * interrupt". */
	gich_write(GICH_LR(0), lr_value(VIRQ_A, 0x80, GICH_LR_STATE_PENDING));
	gich_write(GICH_LR(1), lr_value(VIRQ_B, 0x80, GICH_LR_STATE_PENDING));
	gich_write(GICH_HCR, GICH_HCR_UIE);
	hirq.taken = 0;
	gich_write(GICH_LR(1), 0);
	woken = irq_wait(1);
	ok(!woken && hirq.taken == 0, "GICH_HCR.En 0: no maintenance interrupt, UIE and one valid LR");
	gich_write(GICH_LR(1), lr_value(VIRQ_B, 0x80, GICH_LR_STATE_PENDING));
	gich_write(GICH_HCR, GICH_HCR_EN | GICH_HCR_UIE);
	is(gich_read(GICH_MISR), 0, "U: GICH_MISR.U is 0 with two valid list registers");
	gich_write(GICH_LR(1), 0);
	maintenance("U with one valid list register", 0, GICH_MISR_U);
	virt_reset();

	/* NP: no list register in the pending state. */
	gich_write(GICH_LR(0), lr_value(VIRQ_A, 0x80, GICH_LR_STATE_PENDING));
	gich_write(GICH_HCR, GICH_HCR_EN | GICH_HCR_NPIE);
	is(gich_read(GICH_MISR), 0, "NP: GICH_MISR.NP is 0 while LR0 is pending");
	gicv_read(GICV_IAR);
	maintenance("NP after GICV_IAR made LR0 active", 0, GICH_MISR_NP);
	gicv_write(GICV_EOIR, VIRQ_A);
	virt_reset();

	/* LRENP: EOICount is not 0. */
	gich_write(GICH_HCR, GICH_HCR_EN | GICH_HCR_LRENPIE);
	is(gich_read(GICH_MISR), 0, "LRENP: GICH_MISR.LRENP is 0 while EOICount is 0");
	gich_write(GICH_LR(0), lr_value(VIRQ_A, 0x80, GICH_LR_STATE_PENDING));
	gicv_read(GICV_IAR);
	gich_write(GICH_LR(0), 0);
	gicv_write(GICV_EOIR, VIRQ_A);
	maintenance("LRENP after an EOI with no list register", 0, GICH_MISR_LRENP);
	virt_reset();

	/* EOI: a list register with EOI = 1 and HW = 0 became invalid. */
	gich_write(GICH_LR(0), lr_value(VIRQ_A, 0x80, GICH_LR_STATE_PENDING) | GICH_LR_EOI);
	gicv_read(GICV_IAR);
	is(gich_read(GICH_MISR), 0, "EOI: GICH_MISR.EOI is 0 while LR0 is active");
	gicv_write(GICV_EOIR, VIRQ_A);
	is(gich_read(GICH_EISR0), 1, "EOI: GICH_EISR0 is 1 after GICV_EOIR");
	is(gich_read(GICH_ELRSR0), LR_ALL_EMPTY & ~1u, "EOI: LR0 is not empty until its EOI is seen");
	maintenance("EOI after GICV_EOIR of an LR with EOI 1", 0, GICH_MISR_EOI);
	is(hirq.eisr0, 1, "EOI: GICH_EISR0 in the handler is 1");
	virt_reset();

	/* VGrp0E/VGrp0D/VGrp1E/VGrp1D follow GICV_CTLR.EnableGrp0/EnableGrp1. */
	gicv_write(GICV_CTLR, 0);
	gich_write(GICH_HCR, GICH_HCR_EN | GICH_HCR_VGRP0EIE | GICH_HCR_VGRP1EIE);
	is(gich_read(GICH_MISR), 0, "VGrp0E and VGrp1E are 0 while GICV_CTLR enables neither group");
	gicv_write(GICV_CTLR, CTLR_GRP0);
	maintenance("VGrp0E with GICV_CTLR.EnableGrp0 1", GICH_HCR_EN | GICH_HCR_VGRP0EIE,
		    GICH_MISR_VGRP0E);
	gicv_write(GICV_CTLR, 0);
	maintenance("VGrp0D with GICV_CTLR.EnableGrp0 0", GICH_HCR_EN | GICH_HCR_VGRP0DIE,
		    GICH_MISR_VGRP0D);
	gicv_write(GICV_CTLR, CTLR_GRP1);
	maintenance("VGrp1E with GICV_CTLR.EnableGrp1 1", GICH_HCR_EN | GICH_HCR_VGRP1EIE,
		    GICH_MISR_VGRP1E);
	gicv_write(GICV_CTLR, 0);
	maintenance("VGrp1D with GICV_CTLR.EnableGrp1 0", GICH_HCR_EN | GICH_HCR_VGRP1DIE,
		    GICH_MISR_VGRP1D);
	gicv_write(GICV_CTLR, CTLR_GRP0);
	virt_reset();
}

/* Acknowledges PHYS_SPI on the physical CPU interface and drops its priority (EOImode 1),
 * leaving it active, as a hypervisor does before it hands the interrupt to a VM. */
static void phys_take(void)
{
	uint32_t iar;

	gic_set_priority(PHYS_SPI, PHYS_PRIORITY);
	gic_enable_irq(PHYS_SPI);
	gic_set_pending(PHYS_SPI);
	iar = gicc_read(GICC_IAR);
	if (iar != PHYS_SPI)
		diag("GICC_IAR is %lu, expected %u", iar, PHYS_SPI);
	gicc_write(GICC_EOIR, iar);
}

/* 5.3.8 HW: "deactivation of the virtual interrupt also causes the deactivation of the
 * physical interrupt with the ID that the PhysicalID field holds". */
static void test_hw(void)
{
	uint32_t lr = GICH_LR_HW | GICH_LR_PHYSICALID(PHYS_SPI) | lr_value(VIRQ_HW, 0xa0, 0);
	int woken;

	gicc_write(GICC_CTLR, GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_EOIMODE);
	phys_take();
	ok(gic_is_active(PHYS_SPI) && gicc_read(GICC_RPR) == GIC_PRIORITY_IDLE,
	   "HW: the hypervisor took SPI 96 (EOImode 1): active, priority dropped");
	gich_write(GICH_LR(0), lr | GICH_LR_STATE_PENDING);
	is(gich_read(GICH_LR(0)), lr | GICH_LR_STATE_PENDING,
	   "HW: GICH_LR0 reads back 0x%08lx: HW, physical 96, virtual 50", lr | GICH_LR_STATE_PENDING);
	is(gicv_read(GICV_IAR), VIRQ_HW, "HW: GICV_IAR is the virtual ID 50");
	ok(gic_is_active(PHYS_SPI), "HW: SPI 96 stays active while 50 is active");
	gicv_write(GICV_EOIR, VIRQ_HW);
	is(gich_read(GICH_LR(0)), lr, "HW: GICV_EOIR makes LR0 invalid");
	ok(!gic_is_active(PHYS_SPI), "HW: GICV_EOIR of 50 deactivates the physical SPI 96");
	ok(gich_read(GICH_EISR0) == 0 && gich_read(GICH_MISR) == 0,
	   "HW: no EOI maintenance condition for a HW 1 entry");
	is(gich_read(GICH_ELRSR0), LR_ALL_EMPTY, "HW: LR0 is empty again");
	virt_reset();
	phys_quiesce();

	/* EOImode 1 in the VM: GICV_DIR deactivates, and with it the physical interrupt. */
	phys_take();
	gich_write(GICH_LR(0), lr | GICH_LR_STATE_PENDING);
	gicv_write(GICV_CTLR, CTLR_GRP0 | GICC_CTLR_EOIMODE);
	gicv_read(GICV_IAR);
	gicv_write(GICV_EOIR, VIRQ_HW);
	ok(gic_is_active(PHYS_SPI) && gich_read(GICH_LR(0)) == (lr | GICH_LR_STATE_ACTIVE),
	   "HW, EOImode 1: after GICV_EOIR LR0 and SPI 96 stay active");
	gicv_write(GICV_DIR, VIRQ_HW);
	ok(!gic_is_active(PHYS_SPI) && gich_read(GICH_LR(0)) == lr,
	   "HW, EOImode 1: GICV_DIR deactivates LR0 and SPI 96");
	gicv_write(GICV_CTLR, CTLR_GRP0);
	virt_reset();
	phys_quiesce();

	/* The physical SPI pending again while active: once the VM deactivates it, the
	 * physical CPU interface signals it at once. */
	phys_take();
	gic_set_pending(PHYS_SPI);
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "HW: SPI 96 active and pending: not signalled");
	gich_write(GICH_LR(0), lr | GICH_LR_STATE_PENDING);
	gicv_read(GICV_IAR);
	gicv_write(GICV_EOIR, VIRQ_HW);
	ok(!gic_is_active(PHYS_SPI) && gic_is_pending(PHYS_SPI), "HW: SPI 96 inactive and pending");
	is(gicc_read(GICC_HPPIR), PHYS_SPI,
	   "HW 1 deactivation re-signals the physical interrupt: GICC_HPPIR is 96");
	hirq.taken = 0;
	hirq.iar = GIC_INTID_SPURIOUS;
	woken = irq_wait(1);
	ok(woken && hirq.taken == 1 && hirq.iar == PHYS_SPI,
	   "HW 1 deactivation re-signals the physical interrupt: SPI 96 is taken in Hyp mode");
	gicc_write(GICC_CTLR, GICC_CTLR_ENABLE_GRP0);
	virt_reset();
	phys_quiesce();
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "HW: nothing physical pending at the end");
}

/* 4.4.4, 4.4.7 through 5.4: a virtual SGI (HW 0, ID < 16) carries its source CPUID from
 * GICH_LRn bits [12:10]. */
static void test_virtual_sgi(void)
{
	uint32_t lr = GICH_LR_CPUID(VSGI_SOURCE) | lr_value(VSGI, 0x80, GICH_LR_STATE_PENDING);
	uint32_t id = GICC_IAR_VALUE(VSGI_SOURCE, VSGI);

	gich_write(GICH_LR(0), lr);
	is(gicv_read(GICV_HPPIR), id, "GICV_HPPIR of SGI 3 from CPUID 2 is 0x803");
	is(gicv_read(GICV_IAR), id, "GICV_IAR of the virtual SGI 3 from CPUID 2 is 0x803");
	gicv_write(GICV_EOIR, id);
	is(gich_read(GICH_LR(0)), lr & ~GICH_LR_STATE_MASK, "GICV_EOIR of 0x803 makes LR0 invalid");
	virt_reset();
}

/* Group 1 virtual interrupts: through GICV_IAR only with AckCtl (4.4.4), through the aliased
 * registers GICV_AIAR, GICV_AEOIR, GICV_AHPPIR always (4.4.9-4.4.11, 5.4). */
static void test_group1(void)
{
	uint32_t pending = GICH_LR_GRP1 | lr_value(VIRQ_G1, 0x80, GICH_LR_STATE_PENDING);

	gicv_write(GICV_CTLR, CTLR_GRP1);
	gich_write(GICH_LR(0), pending);
	is(gicv_read(GICV_HPPIR), 1022u, "Group 1 virtual 51 pending, AckCtl 0: GICV_HPPIR is 1022");
	is(gicv_read(GICV_IAR), 1022u, "Group 1 virtual 51 pending, AckCtl 0: GICV_IAR is 1022");
	is(gich_read(GICH_LR(0)), pending, "the read of 1022 leaves LR0 pending");

	is(gicv_read(GICV_AHPPIR), VIRQ_G1, "Group 1 through the GICV aliases: GICV_AHPPIR is 51");
	is(gicv_read(GICV_AIAR), VIRQ_G1, "Group 1 through the GICV aliases: GICV_AIAR is 51");
	is(gich_read(GICH_LR(0)), (pending & ~GICH_LR_STATE_MASK) | GICH_LR_STATE_ACTIVE,
	   "Group 1 through the GICV aliases: GICV_AIAR makes LR0 active");
	is(gicv_read(GICV_RPR), 0x80, "Group 1 through the GICV aliases: GICV_RPR is 0x80");
	gicv_write(GICV_AEOIR, VIRQ_G1);
	ok(gich_read(GICH_LR(0)) == (pending & ~GICH_LR_STATE_MASK) && gich_read(GICH_APR) == 0,
	   "Group 1 through the GICV aliases: GICV_AEOIR makes LR0 invalid, GICH_APR 0");
	virt_reset();

	gich_write(GICH_LR(0), lr_value(VIRQ_A, 0x80, GICH_LR_STATE_PENDING));
	gicv_write(GICV_CTLR, CTLR_GRP0 | CTLR_GRP1);
	is(gicv_read(GICV_AIAR), GIC_INTID_SPURIOUS,
	   "Group 1 through the GICV aliases: GICV_AIAR is 1023 for a Group 0 virtual interrupt");
	is(gich_read(GICH_LR(0)), lr_value(VIRQ_A, 0x80, GICH_LR_STATE_PENDING),
	   "GICV_AIAR leaves the Group 0 LR0 pending");
	virt_reset();

	gicv_write(GICV_CTLR, CTLR_GRP1 | GICC_CTLR_ACKCTL);
	gich_write(GICH_LR(0), pending);
	is(gicv_read(GICV_IAR), VIRQ_G1, "AckCtl 1: GICV_IAR acknowledges Group 1 virtual 51");
	gicv_write(GICV_EOIR, VIRQ_G1);
	is(gich_read(GICH_LR(0)), pending & ~GICH_LR_STATE_MASK, "AckCtl 1: GICV_EOIR makes LR0 invalid");
	gicv_write(GICV_CTLR, CTLR_GRP0);
	virt_reset();
}

/* 5.3.3: GICH_VMCR holds GICV_CTLR, GICV_PMR[7:3], GICV_BPR and GICV_ABPR. With five
 * virtual preemption bits (5.3.2, PREbits 4) the minimum GICV_BPR is 2 and the minimum
 * GICV_ABPR 3; a lower write sets the minimum (4.4.3, 4.4.8). */
static void test_vmcr(void)
{
	uint32_t ctlr = CTLR_GRP0 | CTLR_GRP1 | GICC_CTLR_ACKCTL | GICC_CTLR_FIQEN | GICC_CTLR_CBPR |
			GICC_CTLR_EOIMODE;

	gicv_write(GICV_BPR, 0);
	is(gicv_read(GICV_BPR), 2, "GICV_BPR write of 0 reads back the minimum 2");
	gicv_write(GICV_BPR, 7);
	is(gicv_read(GICV_BPR), 7, "GICV_BPR write of 7 reads back 7");
	gicv_write(GICV_ABPR, 0);
	is(gicv_read(GICV_ABPR), 3, "GICV_ABPR write below the minimum: reads back 3");
	is(GICH_VMCR_VMABP(gich_read(GICH_VMCR)), 3, "GICV_ABPR write below the minimum: GICH_VMCR.VMABP is 3");
	gicv_write(GICV_ABPR, 5);
	is(gicv_read(GICV_ABPR), 5, "GICV_ABPR write of 5 reads back 5");

	gicv_write(GICV_CTLR, 0x3ffu);
	is(gicv_read(GICV_CTLR), ctlr, "GICV_CTLR implements EnableGrp0/1, AckCtl, FIQEn, CBPR, EOImode: 0x21f");
	gicv_write(GICV_PMR, 0xa8);
	gicv_write(GICV_BPR, 4);
	is(gich_read(GICH_VMCR), GICH_VMCR_VALUE(0xa8, 4, 5, ctlr),
	   "GICH_VMCR mirrors GICV_PMR 0xa8, GICV_BPR 4, GICV_ABPR 5, GICV_CTLR 0x21f: 0x%08lx",
	   GICH_VMCR_VALUE(0xa8, 4, 5, ctlr));
	gich_write(GICH_VMCR, GICH_VMCR_VALUE(0xf0, 3, 4, CTLR_GRP0 | GICC_CTLR_EOIMODE));
	ok(gicv_read(GICV_PMR) == 0xf0 && gicv_read(GICV_BPR) == 3 && gicv_read(GICV_ABPR) == 4 &&
	   gicv_read(GICV_CTLR) == (CTLR_GRP0 | GICC_CTLR_EOIMODE),
	   "a GICH_VMCR write sets GICV_PMR 0xf0, GICV_BPR 3, GICV_ABPR 4, GICV_CTLR 0x201");
	gich_write(GICH_VMCR, GICH_VMCR_VALUE(GUEST_PMR, 0, 0, CTLR_GRP0));
	is(gich_read(GICH_VMCR), GICH_VMCR_VALUE(GUEST_PMR, 2, 3, CTLR_GRP0),
	   "a GICH_VMCR write of VMBP 0 and VMABP 0 sets the minimums 2 and 3");
	gicv_write(GICV_BPR, 3);
}

/* GICV_CTLR.FIQEn (5.4, as GICC_CTLR.FIQEn 4.4.1): Group 0 virtual interrupts are signalled
 * as virtual FIQs, which HCR.FMO enables and CPSR.F masks at PL1; Group 1 ones stay
 * virtual IRQs. Runs in SVC mode. */
static void test_virtual_fiq(void)
{
	unsigned i;
	int woken;

	gicv_write(GICV_CTLR, CTLR_GRP0 | CTLR_GRP1 | GICC_CTLR_ACKCTL | GICC_CTLR_FIQEN);
	gich_from_pl1(GICH_LR(0), lr_value(VIRQ_FIQ, 0x80, GICH_LR_STATE_PENDING), 1);
	vexc.taken = 0;
	for (i = 0; i < FIQ_SPINS && !vexc.taken; i++)
		;
	is(vexc.taken, 0, "virtual FIQ: masked by CPSR.F in SVC mode");
	__asm__ volatile("cpsie f" : : : "memory");
	for (i = 0; i < FIQ_SPINS && !vexc.taken; i++)
		;
	__asm__ volatile("cpsid f" : : : "memory");
	is(vexc.taken, 1, "virtual FIQ: taken once CPSR.F is clear");
	is(vexc.vector, EXC_VEC_FIQ, "virtual FIQ: through the FIQ vector VBAR + 0x1c");
	ok(vexc.mode == PSR_MODE_FIQ && vexc.spsr_mode == PSR_MODE_SVC,
	   "virtual FIQ: handled in FIQ mode, from SVC mode");
	is(vexc.iar, VIRQ_FIQ, "virtual FIQ: GICV_IAR is 52");
	is(gich_from_pl1(GICH_LR(0), 0, 0), lr_value(VIRQ_FIQ, 0x80, GICH_LR_STATE_INVALID),
	   "virtual FIQ: GICV_EOIR made LR0 invalid");

	gich_from_pl1(GICH_LR(0), GICH_LR_GRP1 | lr_value(VIRQ_IRQ, 0x80, GICH_LR_STATE_PENDING), 1);
	vexc.taken = 0;
	__asm__ volatile("cpsie f" : : : "memory");
	for (i = 0; i < FIQ_SPINS && !vexc.taken; i++)
		;
	__asm__ volatile("cpsid f" : : : "memory");
	is(vexc.taken, 0, "Group 1 with FIQEn: no virtual FIQ");
	woken = irq_wait(1);
	ok(woken && vexc.taken == 1 && vexc.vector == EXC_VEC_IRQ && vexc.mode == PSR_MODE_IRQ,
	   "Group 1 with FIQEn: a virtual IRQ, handled in IRQ mode");
	is(vexc.iar, VIRQ_IRQ, "Group 1 with FIQEn: GICV_IAR is 53");
	is(gich_from_pl1(GICH_LR(0), 0, 0),
	   GICH_LR_GRP1 | lr_value(VIRQ_IRQ, 0x80, GICH_LR_STATE_INVALID),
	   "Group 1 with FIQEn: GICV_EOIR made LR0 invalid");
}

int main(void)
{
	test_identification();

	gic_dist_enable();
	gic_set_priority(GIC_PPI_MAINTENANCE, MAINT_PRIORITY);
	gic_enable_irq(GIC_PPI_MAINTENANCE);
	gic_cpu_enable(HYP_PMR);
	gicv_write(GICV_PMR, GUEST_PMR);
	gicv_write(GICV_BPR, 3);
	gicv_write(GICV_CTLR, CTLR_GRP0);

	/* HCR.IMO routes physical IRQs to Hyp mode, where CPSR.I masks them (DDI 0406C B1.8.6,
	 * Table B1-12); virtual interrupts are never taken in Hyp mode. */
	write_sysreg(HCR_IMO, HCR);
	isb();

	test_enable();
	test_lr_states();
	test_priorities();
	test_eoimode_eoicount();
	test_maintenance();
	test_hw();
	test_virtual_sgi();
	test_group1();
	test_vmcr();

	gicv_write(GICV_PMR, GUEST_PMR);
	virt_reset();
	write_sysreg(HCR_IMO | HCR_FMO, HCR);
	isb();
	guest_enter_svc();
	test_virtual_fiq();
	return (int)done_testing();
}
