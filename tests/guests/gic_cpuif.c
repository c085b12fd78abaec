/*
 * The physical GIC CPU interface (IHI 0048B 4.4, and 3.3 for priorities) of a GICv2 without
 * the Security Extensions, where a read of GICC_IAR behaves as a Secure read would (Group 1
 * needs GICC_CTLR.AckCtl) and the aliased registers handle Group 1 (4.4.8-4.4.11). Run with
 * one CPU.
 *
 *   - GICC_IIDR (4.4.14), reset values, the spurious ID 1023 (3.2.5, 4.4.4);
 *   - implemented priority bits: GICC_PMR implements those of GICD_IPRIORITYR (4.4.2), and
 *     the minimum GICC_BPR/GICC_ABPR follow from them (4.4.3, 4.4.8);
 *   - priority masking by GICC_PMR, strictly higher priority only (4.4.2), and by the CPU
 *     interface and Distributor enables (4.4.1, 4.3.1);
 *   - acknowledge, running priority, end of interrupt (4.4.4-4.4.6), spurious EOIs ignored;
 *   - preemption by group priority (3.3.3, "Priority grouping"): GICC_BPR for Group 0,
 *     GICC_ABPR for Group 1 unless GICC_CTLR.CBPR is set (4.4.3, 4.4.8);
 *   - Group 1 through GICC_IAR: 1022 without AckCtl (3.2.5, 4.4.4);
 *   - EOImode 1: GICC_EOIR drops the priority only, GICC_DIR deactivates (4.4.1, 4.4.5,
 *     4.4.15);
 *   - GICC_AIAR, GICC_AEOIR, GICC_AHPPIR for Group 1 (4.4.9-4.4.11).
 *
 * Interrupts are SPIs and SGIs made pending by register writes; the CPU interface is polled
 * in Hyp mode with IRQs masked, so nothing is taken. Priorities are multiples of 0x10 and
 * binary points at least 3, so that group priorities do not depend on how many priority
 * bits the GIC implements.
 */
#include "guest.h"

#define SPI_A           96u             /* Group 0 */
#define SPI_B           97u             /* Group 0 */
#define SPI_G1A         100u            /* Group 1 */
#define SPI_G1B         101u            /* Group 1 */
#define SGI_A           3u
#define PRIORITY_MASK   0xf0u
#define CTLR_BOTH       (GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_ENABLE_GRP1)

static const uint32_t used_spis[] = { SPI_A, SPI_B, SPI_G1A, SPI_G1B };

/* Every interrupt used here disabled, inactive and not pending; no active priority. */
static void quiesce(void)
{
	for (unsigned i = 0; i < sizeof(used_spis) / sizeof(used_spis[0]); i++) {
		gic_disable_irq(used_spis[i]);
		gic_clear_pending(used_spis[i]);
		gic_clear_active(used_spis[i]);
	}
	for (unsigned n = 0; n < 4; n++)
		gicd_write(GICD_CPENDSGIR(n), 0xffffffffu);
	gicd_write(GICD_ICACTIVER(0), 0xffffffffu);
	for (unsigned n = 0; n < 4; n++) {
		gicc_write(GICC_APR(n), 0);
		gicc_write(GICC_NSAPR(n), 0);
	}
}

static void raise_spi(uint32_t id, uint8_t prio)
{
	gic_set_priority(id, prio);
	gic_enable_irq(id);
	gic_set_pending(id);
}

static void test_reset(void)
{
	uint32_t iidr = gicc_read(GICC_IIDR);

	is(GICC_IIDR_ARCH_VERSION(iidr), 2, "GICC_IIDR.ArchitectureVersion is 2: GICv2");
	is(GIC_IIDR_IMPLEMENTER(iidr), GIC_IIDR_IMPLEMENTER_ARM, "GICC_IIDR.Implementer is 0x43b, Arm");
	is(gicc_read(GICC_CTLR), 0, "GICC_CTLR resets to 0: both groups disabled");
	is(gicc_read(GICC_PMR), 0, "GICC_PMR resets to 0: every interrupt masked");
	is(gicc_read(GICC_RPR), GIC_PRIORITY_IDLE, "GICC_RPR is the idle priority 0xff");
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "GICC_HPPIR is 1023: nothing pending");
	is(gicc_read(GICC_IAR), GIC_INTID_SPURIOUS, "GICC_IAR is the spurious ID 1023: nothing pending");
}

/* 4.3.11, 4.4.2: the priority mask implements the bits GICD_IPRIORITYRn implements; how
 * many is IMPLEMENTATION DEFINED, all eight on QEMU 7.2's virt GIC. 4.4.3, 4.4.8: a binary
 * point below the minimum the implemented bits allow sets the minimum. */
static void test_priority_bits(void)
{
	uint32_t field, bpr, abpr;

	gicd_write8(GICD_IPRIORITYR_BYTE(SPI_A), 0xff);
	field = gicd_read8(GICD_IPRIORITYR_BYTE(SPI_A));
	gicd_write8(GICD_IPRIORITYR_BYTE(SPI_A), 0);
	gicc_write(GICC_PMR, 0xff);
	is(gicc_read(GICC_PMR), field, "GICC_PMR implements the priority bits of GICD_IPRIORITYR");
	is(gicc_read(GICC_PMR), 0xff,
	   "GICC_PMR implements 8 priority bits, as QEMU 7.2's virt GIC: 0xff reads back 0xff");
	gicc_write(GICC_BPR, 0);
	gicc_write(GICC_ABPR, 0);
	bpr = gicc_read(GICC_BPR);
	abpr = gicc_read(GICC_ABPR);
	if (!ok(bpr == 0 && abpr == 1, "with 8 priority bits the minimum GICC_BPR is 0, GICC_ABPR 1"))
		diag("GICC_BPR 0x%lx, GICC_ABPR 0x%lx after writes of 0", bpr, abpr);
	gicc_write(GICC_BPR, 3);
	gicc_write(GICC_ABPR, 4);
	ok(gicc_read(GICC_BPR) == 3 && gicc_read(GICC_ABPR) == 4, "GICC_BPR 3 and GICC_ABPR 4 read back");
	gicc_write(GICC_PMR, PRIORITY_MASK);
}

/* 4.4.2: only an interrupt of higher priority than GICC_PMR is signalled (a lower value);
 * 4.4.1 and 4.3.1: nothing is signalled while the group is disabled. */
static void test_masking(void)
{
	gicc_write(GICC_CTLR, GICC_CTLR_ENABLE_GRP0);
	raise_spi(SPI_A, 0x80);
	gicc_write(GICC_PMR, 0x80);
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "SPI 96 of priority 0x80, GICC_PMR 0x80: masked");
	is(gicc_read(GICC_IAR), GIC_INTID_SPURIOUS, "masked: GICC_IAR is 1023");
	gicc_write(GICC_PMR, 0x90);
	is(gicc_read(GICC_HPPIR), SPI_A, "GICC_PMR 0x90: SPI 96 is signalled, GICC_HPPIR 96");
	gicc_write(GICC_CTLR, 0);
	is(gicc_read(GICC_IAR), GIC_INTID_SPURIOUS, "GICC_CTLR.EnableGrp0 0: GICC_IAR is 1023");
	gicc_write(GICC_CTLR, GICC_CTLR_ENABLE_GRP0);
	gicd_write(GICD_CTLR, 0);
	is(gicc_read(GICC_IAR), GIC_INTID_SPURIOUS, "GICD_CTLR.EnableGrp0 0: GICC_IAR is 1023");
	gicd_write(GICD_CTLR, GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1);
	is(gicd_read(GICD_ISPENDR(GIC_REG_INDEX(SPI_A))), GIC_REG_BIT(SPI_A),
	   "SPI 96 stayed pending through the masking");
	gicc_write(GICC_PMR, PRIORITY_MASK);
}

/* 4.4.4 acknowledge, 4.4.6 running priority, 4.4.5 end of interrupt (EOImode 0: priority
 * drop and deactivation); a write of a spurious ID to GICC_EOIR is ignored. */
static void test_acknowledge(void)
{
	uint32_t iar = gicc_read(GICC_IAR);

	is(iar, SPI_A, "GICC_IAR acknowledges SPI 96");
	is(gicc_read(GICC_RPR), 0x80, "GICC_RPR is SPI 96's priority 0x80");
	ok(gic_is_active(SPI_A) && !gic_is_pending(SPI_A), "SPI 96 is active, not pending");
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "GICC_HPPIR is 1023: nothing else pending");
	gicc_write(GICC_EOIR, GIC_INTID_SPURIOUS);
	ok(gicc_read(GICC_RPR) == 0x80 && gic_is_active(SPI_A), "GICC_EOIR of 1023 is ignored");
	gicc_write(GICC_EOIR, iar);
	is(gicc_read(GICC_RPR), GIC_PRIORITY_IDLE, "GICC_EOIR drops the running priority to 0xff");
	ok(!gic_is_active(SPI_A), "GICC_EOIR deactivates SPI 96 (EOImode 0)");
	quiesce();
}

/* Acknowledges first (priority pa), makes second (priority pb) pending and returns what
 * GICC_IAR gives then; ends both (second, if not acknowledged then, after first's EOI). */
static uint32_t preempt(uint32_t first, uint8_t pa, uint32_t second, uint8_t pb)
{
	uint32_t iar1, iar2, late = GIC_INTID_SPURIOUS;

	raise_spi(first, pa);
	gic_set_priority(second, pb);
	gic_enable_irq(second);
	iar1 = gicc_read(GICC_IAR);
	gic_set_pending(second);
	iar2 = gicc_read(GICC_IAR);
	if (GICC_IAR_INTID(iar2) != GIC_INTID_SPURIOUS)
		gicc_write(GICC_EOIR, iar2);
	if (GICC_IAR_INTID(iar1) != GIC_INTID_SPURIOUS)
		gicc_write(GICC_EOIR, iar1);
	if (iar1 != first)
		diag("GICC_IAR was %lu, expected %lu", iar1, first);
	if (GICC_IAR_INTID(iar2) == GIC_INTID_SPURIOUS) {
		late = gicc_read(GICC_IAR);
		if (GICC_IAR_INTID(late) != GIC_INTID_SPURIOUS)
			gicc_write(GICC_EOIR, late);
		if (late != second)
			diag("after the first EOI GICC_IAR was %lu, expected %lu", late, second);
	}
	quiesce();
	return iar2;
}

/* 3.3.3, "Priority grouping": an active interrupt is preempted only by one of higher group
 * priority; GICC_BPR = n splits Group 0 priorities into group [7:n+1] and subpriority. */
static void test_preemption(void)
{
	uint32_t iar, iar2;

	gicc_write(GICC_CTLR, GICC_CTLR_ENABLE_GRP0);
	gicc_write(GICC_BPR, 3);
	raise_spi(SPI_A, 0x90);
	iar = gicc_read(GICC_IAR);
	is(gicc_read(GICC_RPR), 0x90, "GICC_BPR 3: SPI 96 of priority 0x90 active, GICC_RPR 0x90");
	raise_spi(SPI_B, 0x80);
	iar2 = gicc_read(GICC_IAR);
	is(iar2, SPI_B, "GICC_BPR 3: SPI 97 of group priority 0x80 preempts group priority 0x90");
	is(gicc_read(GICC_RPR), 0x80, "GICC_RPR is 0x80 while SPI 97 preempts");
	gicc_write(GICC_EOIR, iar2);
	is(gicc_read(GICC_RPR), 0x90, "GICC_EOIR of SPI 97: GICC_RPR back to 0x90");
	gicc_write(GICC_EOIR, iar);
	is(gicc_read(GICC_RPR), GIC_PRIORITY_IDLE, "GICC_EOIR of SPI 96: GICC_RPR 0xff");
	quiesce();

	gicc_write(GICC_BPR, 4);
	is(preempt(SPI_A, 0x90, SPI_B, 0x80), GIC_INTID_SPURIOUS,
	   "GICC_BPR 4: priorities 0x90 and 0x80 share group priority 0x80, no preemption");
	gicc_write(GICC_BPR, 3);
	is(preempt(SPI_B, 0x80, SPI_A, 0x90), GIC_INTID_SPURIOUS,
	   "GICC_BPR 3: a lower priority interrupt does not preempt");
}

/* Group 1 (4.4.1 AckCtl, 4.4.4, 3.2.5) and its binary point: GICC_ABPR = n gives group
 * [7:n], unless GICC_CTLR.CBPR makes GICC_BPR common to both groups (4.4.3, 4.4.8). */
static void test_group1(void)
{
	gic_set_group(SPI_G1A, 1);
	gic_set_group(SPI_G1B, 1);
	gicc_write(GICC_CTLR, CTLR_BOTH);
	raise_spi(SPI_G1A, 0x90);
	is(gicc_read(GICC_HPPIR), 1022u, "Group 1 SPI 100 pending, AckCtl 0: GICC_HPPIR is 1022");
	is(gicc_read(GICC_IAR), 1022u, "Group 1 SPI 100 pending, AckCtl 0: GICC_IAR is 1022");
	ok(gic_is_pending(SPI_G1A) && !gic_is_active(SPI_G1A), "the read of 1022 leaves SPI 100 pending");
	gicc_write(GICC_CTLR, CTLR_BOTH | GICC_CTLR_ACKCTL);
	is(gicc_read(GICC_HPPIR), SPI_G1A, "AckCtl 1: GICC_HPPIR is 100");
	/* 4.4.4: GICC_IAR returns 1023 when signaling by the CPU interface is disabled. */
	gicc_write(GICC_CTLR, GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_ACKCTL);
	is(gicc_read(GICC_IAR), GIC_INTID_SPURIOUS,
	   "GICC_CTLR.EnableGrp1 0: Group 1 SPI 100 is not signalled, GICC_IAR is 1023");
	quiesce();
	gicc_write(GICC_CTLR, CTLR_BOTH | GICC_CTLR_ACKCTL);
	raise_spi(SPI_G1A, 0x90);
	is(gicc_read(GICC_IAR), SPI_G1A, "AckCtl 1: GICC_IAR acknowledges Group 1 SPI 100");
	gicc_write(GICC_EOIR, SPI_G1A);
	ok(!gic_is_active(SPI_G1A), "GICC_EOIR ends Group 1 SPI 100");
	quiesce();

	gicc_write(GICC_BPR, 3);
	gicc_write(GICC_ABPR, 5);
	is(preempt(SPI_G1A, 0x90, SPI_G1B, 0x80), GIC_INTID_SPURIOUS,
	   "GICC_ABPR 5, GICC_BPR 3: Group 1 priorities 0x90 and 0x80 share group 0x80, no preemption");
	gicc_write(GICC_BPR, 4);
	gicc_write(GICC_ABPR, 4);
	is(preempt(SPI_G1A, 0x90, SPI_G1B, 0x80), SPI_G1B,
	   "GICC_ABPR 4, GICC_BPR 4: Group 1 priority 0x80 preempts 0x90");
	gicc_write(GICC_CTLR, CTLR_BOTH | GICC_CTLR_ACKCTL | GICC_CTLR_CBPR);
	is(preempt(SPI_G1A, 0x90, SPI_G1B, 0x80), GIC_INTID_SPURIOUS,
	   "GICC_CTLR.CBPR 1: GICC_BPR 4 applies to Group 1, no preemption");
	gicc_write(GICC_CTLR, CTLR_BOTH);
	gicc_write(GICC_BPR, 3);
}

/* 4.4.1 EOImode, 4.4.5, 4.4.15: with EOImode 1 a GICC_EOIR write drops the running priority
 * and leaves the interrupt active until GICC_DIR deactivates it. */
static void test_eoimode(void)
{
	uint32_t iar, iar2;

	gicc_write(GICC_CTLR, GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_EOIMODE);
	is(gicc_read(GICC_CTLR), GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_EOIMODE,
	   "GICC_CTLR reads back EnableGrp0 and EOImode: 0x201");
	gic_set_priority(SGI_A, 0x80);
	gicd_write(GICD_SGIR, GICD_SGIR_TARGET_SELF | GICD_SGIR_INTID(SGI_A));
	iar = gicc_read(GICC_IAR);
	is(iar, GICC_IAR_VALUE(0, SGI_A), "EOImode 1: GICC_IAR acknowledges SGI 3");
	gicc_write(GICC_EOIR, iar);
	is(gicc_read(GICC_RPR), GIC_PRIORITY_IDLE, "EOImode 1: GICC_EOIR drops the running priority");
	ok(gic_is_active(SGI_A), "EOImode 1: SGI 3 stays active after GICC_EOIR");
	gicd_write(GICD_SGIR, GICD_SGIR_TARGET_SELF | GICD_SGIR_INTID(SGI_A));
	is(gicc_read(GICC_IAR), GIC_INTID_SPURIOUS, "SGI 3 sent again while active: not acknowledged");
	gicc_write(GICC_DIR, iar);
	ok(!gic_is_active(SGI_A) && gic_is_pending(SGI_A), "GICC_DIR deactivates SGI 3, pending again");
	iar = gicc_read(GICC_IAR);
	is(iar, GICC_IAR_VALUE(0, SGI_A), "GICC_IAR acknowledges the second SGI 3");
	gicc_write(GICC_EOIR, iar);
	gicc_write(GICC_DIR, iar);
	ok(!gic_is_active(SGI_A) && !gic_is_pending(SGI_A), "GICC_EOIR and GICC_DIR end the second SGI 3");

	/* After the priority drop, a lower priority interrupt is signalled while the first one
	 * is still active. */
	raise_spi(SPI_A, 0x90);
	iar = gicc_read(GICC_IAR);
	gicc_write(GICC_EOIR, iar);
	raise_spi(SPI_B, 0xa0);
	iar2 = gicc_read(GICC_IAR);
	is(iar2, SPI_B, "EOImode 1: after SPI 96's priority drop, SPI 97 of priority 0xa0 is acknowledged");
	gicc_write(GICC_EOIR, iar2);
	gicc_write(GICC_DIR, iar2);
	ok(gic_is_active(SPI_A) && !gic_is_active(SPI_B), "GICC_DIR of SPI 97 leaves SPI 96 active");
	gicc_write(GICC_DIR, iar);
	ok(!gic_is_active(SPI_A), "GICC_DIR of SPI 96 deactivates it");
	gicc_write(GICC_CTLR, CTLR_BOTH);
	quiesce();
}

/* 4.4.9-4.4.11: GICC_AIAR, GICC_AEOIR and GICC_AHPPIR acknowledge, end and report Group 1
 * interrupts whatever AckCtl; a Group 0 interrupt reads as 1023 through them. */
static void test_aliases(void)
{
	uint32_t aiar;

	gicc_write(GICC_CTLR, CTLR_BOTH);
	raise_spi(SPI_G1A, 0x80);
	is(gicc_read(GICC_AHPPIR), SPI_G1A, "Group 1 through the GICC aliases: GICC_AHPPIR is 100");
	aiar = gicc_read(GICC_AIAR);
	is(aiar, SPI_G1A, "Group 1 through the GICC aliases: GICC_AIAR acknowledges SPI 100");
	ok(gic_is_active(SPI_G1A), "Group 1 through the GICC aliases: SPI 100 is active");
	is(gicc_read(GICC_RPR), 0x80, "Group 1 through the GICC aliases: GICC_RPR is 0x80");
	gicc_write(GICC_AEOIR, SPI_G1A);
	ok(gicc_read(GICC_RPR) == GIC_PRIORITY_IDLE && !gic_is_active(SPI_G1A),
	   "Group 1 through the GICC aliases: GICC_AEOIR drops the priority and deactivates");
	quiesce();

	raise_spi(SPI_A, 0x80);
	is(gicc_read(GICC_AHPPIR), GIC_INTID_SPURIOUS,
	   "Group 1 through the GICC aliases: GICC_AHPPIR is 1023 for Group 0 SPI 96");
	is(gicc_read(GICC_AIAR), GIC_INTID_SPURIOUS,
	   "Group 1 through the GICC aliases: GICC_AIAR is 1023 for Group 0 SPI 96");
	ok(gic_is_pending(SPI_A) && !gic_is_active(SPI_A), "GICC_AIAR leaves Group 0 SPI 96 pending");
	quiesce();
	is(gicc_read(GICC_RPR), GIC_PRIORITY_IDLE, "nothing active at the end: GICC_RPR 0xff");
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "nothing pending at the end: GICC_HPPIR 1023");
}

int main(void)
{
	test_reset();
	gicd_write(GICD_CTLR, GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1);
	test_priority_bits();
	test_masking();
	test_acknowledge();
	test_preemption();
	test_group1();
	test_eoimode();
	test_aliases();
	return (int)done_testing();
}
