/*
 * The GIC Distributor as one CPU sees it through its registers (IHI 0048B 4.3), on the
 * virt-a15 GIC: 288 interrupt IDs, one CPU interface, no Security Extensions. Run with one
 * CPU; gic_dist_smp.c checks what needs two.
 *
 *   - identification: GICD_TYPER (4.3.2), GICD_IIDR (4.3.3), the ID registers (4.3.18);
 *   - GICD_CTLR (4.3.1) and GICD_IGROUPRn (4.3.4);
 *   - GICD_ITARGETSRn with one CPU interface: RAZ/WI, every interrupt targets the CPU (4.3.12);
 *   - GICD_ICFGRn (4.3.13): SGIs edge-triggered and read-only, Int_config[0] reserved;
 *   - GICD_ISENABLERn/ICENABLERn (4.3.5, 4.3.6), GICD_ISPENDRn/ICPENDRn (4.3.7, 4.3.8),
 *     GICD_ISACTIVERn/ICACTIVERn (4.3.9, 4.3.10): write-1-to-set and write-1-to-clear pairs
 *     that read the same state, RAZ/WI for IDs beyond ITLinesNumber;
 *   - GICD_IPRIORITYRn (4.3.11): byte and word access, the implemented priority bits;
 *   - GICD_SGIR, GICD_SPENDSGIRn, GICD_CPENDSGIRn (4.3.15-4.3.17): SGI pending state per
 *     source CPU.
 *
 * Interrupts are made pending by register writes only, and the CPU interface is polled with
 * IRQs masked (CPSR.I stays set in Hyp mode), so nothing is taken. SPIs 96-127 and PPIs 20-21
 * have no device behind them on QEMU's virt board or on virt-a15.
 */
#include "guest.h"

#define SPI_A           96u
#define SPI_B           97u
#define SPI_C           98u
#define PPI_A           20u
#define SGI_A           2u
#define SGI_B           5u
#define PRIORITY        0x80u
#define PRIORITY_MASK   0xf0u
#define ID_UNIMPLEMENTED 288u           /* the first ID past ITLinesNumber 8 */

/* GICD_PIDR4-7, GICD_PIDR0-3, GICD_CIDR0-3 of QEMU 7.2's GICv2 (the CoreLink GIC-400's). */
static const uint8_t gicd_id_values[12] = {
	0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

static void test_identification(void)
{
	uint32_t typer = gicd_read(GICD_TYPER);
	unsigned bad = 0;

	/* 4.3.2: ITLinesNumber N, 32 * (N + 1) IDs; CPUNumber, CPU interfaces - 1; SecurityExtn
	 * 0, and LSPI with it reserved. */
	is(typer, 8u, "GICD_TYPER is 0x00000008: ITLinesNumber 8 (288 IDs), CPUNumber 0, no "
	   "Security Extensions");
	gicd_write(GICD_TYPER, 0);
	is(gicd_read(GICD_TYPER), typer, "GICD_TYPER is read-only");
	/* 4.3.3: Implementer is the JEP106 code; the rest is IMPLEMENTATION DEFINED. */
	is(GIC_IIDR_IMPLEMENTER(gicd_read(GICD_IIDR)), GIC_IIDR_IMPLEMENTER_ARM,
	   "GICD_IIDR.Implementer is 0x43b, Arm");
	/* 4.3.18: ICPIDR2.ArchRev is 0x2 for GICv2. */
	is(GICD_PIDR2_ARCHREV(gicd_read(GICD_PIDR2)), 2, "ICPIDR2.ArchRev is 2: GICv2");
	for (unsigned i = 0; i < 12; i++) {
		uint32_t v = gicd_read(GICD_PIDR4 + 4 * i);

		if (v != gicd_id_values[i]) {
			diag("ID register 0x%03x is 0x%08lx, expected 0x%02x", GICD_PIDR4 + 4 * i, v,
			     gicd_id_values[i]);
			bad++;
		}
	}
	ok(bad == 0, "GICD identification registers 0xfd0-0xffc read 04 00 00 00 90 b4 2b 00 "
	   "0d f0 05 b1");
}

static void test_ctlr_groups(void)
{
	/* 4.3.1: the reset value is 0; bits [31:2] are reserved without the Security
	 * Extensions. */
	is(gicd_read(GICD_CTLR), 0, "GICD_CTLR resets to 0: both groups disabled");
	gicd_write(GICD_CTLR, 0xffffffffu);
	is(gicd_read(GICD_CTLR), GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1,
	   "GICD_CTLR implements EnableGrp0 and EnableGrp1 only");
	gicd_write(GICD_CTLR, 0);

	/* 4.3.4: every interrupt resets to Group 0; one bit per implemented ID. */
	is(gicd_read(GICD_IGROUPR(0)), 0, "GICD_IGROUPR0 resets to 0: Group 0");
	gicd_write(GICD_IGROUPR(0), 0xffffffffu);
	is(gicd_read(GICD_IGROUPR(0)), 0xffffffffu, "GICD_IGROUPR0 sets every SGI and PPI to Group 1");
	gicd_write(GICD_IGROUPR(0), 0);
	gicd_write(GICD_IGROUPR(3), 0x0000ff00u);
	is(gicd_read(GICD_IGROUPR(3)), 0x0000ff00u, "GICD_IGROUPR3 reads back 0x0000ff00");
	gicd_write(GICD_IGROUPR(3), 0);
	gicd_write(GICD_IGROUPR(9), 0xffffffffu);
	is(gicd_read(GICD_IGROUPR(9)), 0, "GICD_IGROUPR9 is RAZ/WI: IDs 288-319 not implemented");
}

/* 4.3.12: "In a uniprocessor implementation, all interrupts target the one processor, and
 * the GICD_ITARGETSRs are RAZ/WI." */
static void test_targets(void)
{
	is(gicd_read(GICD_ITARGETSR(0)), 0, "one CPU: GICD_ITARGETSR0 (SGIs 0-3) is RAZ");
	is(gicd_read(GICD_ITARGETSR(7)), 0, "one CPU: GICD_ITARGETSR7 (PPIs 28-31) is RAZ");
	gicd_write(GICD_ITARGETSR(SPI_A / 4), 0xffffffffu);
	is(gicd_read(GICD_ITARGETSR(SPI_A / 4)), 0, "one CPU: GICD_ITARGETSR24 (SPIs 96-99) is RAZ/WI");
	gicd_write8(GICD_ITARGETSR_BYTE(SPI_B), 0x01);
	is(gicd_read8(GICD_ITARGETSR_BYTE(SPI_B)), 0, "one CPU: a byte of GICD_ITARGETSR24 is RAZ/WI");

	gic_set_priority(SPI_A, PRIORITY);
	gic_enable_irq(SPI_A);
	gic_set_pending(SPI_A);
	is(gicc_read(GICC_HPPIR), SPI_A, "one CPU: SPI 96 with targets reading 0 reaches CPU 0");
	gic_clear_pending(SPI_A);
	gic_disable_irq(SPI_A);
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "SPI 96 no longer pending: GICC_HPPIR is 1023");
}

/* 4.3.13: two bits per interrupt, Int_config[1] edge (1) or level (0), Int_config[0]
 * reserved in GICv2; the SGI fields are read-only and edge-triggered. */
static void test_config(void)
{
	is(gicd_read(GICD_ICFGR(0)), 0xaaaaaaaau, "GICD_ICFGR0 is 0xaaaaaaaa: SGIs edge-triggered");
	gicd_write(GICD_ICFGR(0), 0);
	is(gicd_read(GICD_ICFGR(0)), 0xaaaaaaaau, "GICD_ICFGR0 is read-only");
	is(gicd_read(GICD_ICFGR(1)), 0, "GICD_ICFGR1 resets to 0: PPIs level-sensitive");
	gicd_write(GICD_ICFGR(1), GICD_ICFGR_EDGE(PPI_A));
	is(gicd_read(GICD_ICFGR(1)), GICD_ICFGR_EDGE(PPI_A),
	   "GICD_ICFGR1 makes PPI 20 edge-triggered: 0x00000200");
	gicd_write(GICD_ICFGR(1), 0);
	is(gicd_read(GICD_ICFGR(SPI_A / 16)), 0, "GICD_ICFGR6 resets to 0: SPIs level-sensitive");
	gicd_write(GICD_ICFGR(SPI_A / 16), 0xffffffffu);
	is(gicd_read(GICD_ICFGR(SPI_A / 16)), 0xaaaaaaaau,
	   "GICD_ICFGR6: Int_config[1] programmable, Int_config[0] reserved");
	gicd_write(GICD_ICFGR(SPI_A / 16), 0);
	is(gicd_read(GICD_ICFGR(SPI_A / 16)), 0, "GICD_ICFGR6 back to level-sensitive");
}

/* 4.3.5, 4.3.6: writing 1 sets or clears an enable, writing 0 has no effect, both registers
 * read the enables. Whether SGIs can be disabled is IMPLEMENTATION DEFINED: QEMU 7.2 keeps
 * them enabled, as the GIC-400 does. */
static void test_enables(void)
{
	uint32_t w = GIC_REG_INDEX(SPI_A);

	is(gicd_read(GICD_ISENABLER(0)), 0x0000ffffu, "GICD_ISENABLER0 resets to 0x0000ffff: SGIs enabled");
	gicd_write(GICD_ICENABLER(0), 0x0000ffffu);
	is(gicd_read(GICD_ISENABLER(0)), 0x0000ffffu, "GICD_ICENABLER0 does not disable SGIs");
	gic_enable_irq(PPI_A);
	is(gicd_read(GICD_ISENABLER(0)), 0x0010ffffu, "GICD_ISENABLER0 enables PPI 20");
	is(gicd_read(GICD_ICENABLER(0)), 0x0010ffffu, "GICD_ICENABLER0 reads the same enables");
	gic_disable_irq(PPI_A);
	is(gicd_read(GICD_ISENABLER(0)), 0x0000ffffu, "GICD_ICENABLER0 disables PPI 20");

	is(gicd_read(GICD_ISENABLER(w)), 0, "GICD_ISENABLER3 resets to 0");
	gicd_write(GICD_ISENABLER(w), 0x5);
	is(gicd_read(GICD_ISENABLER(w)), 0x5, "GICD_ISENABLER3 write 0x5 enables SPIs 96 and 98");
	gicd_write(GICD_ISENABLER(w), 0x2);
	is(gicd_read(GICD_ISENABLER(w)), 0x7, "GICD_ISENABLER3 write 0x2 leaves the others enabled");
	gicd_write(GICD_ICENABLER(w), 0x1);
	is(gicd_read(GICD_ICENABLER(w)), 0x6, "GICD_ICENABLER3 write 0x1 disables SPI 96 alone");
	gicd_write(GICD_ICENABLER(w), 0xffffffffu);
	is(gicd_read(GICD_ISENABLER(w)), 0, "GICD_ICENABLER3 write 0xffffffff disables them all");

	gicd_write(GICD_ISENABLER(8), 0xffffffffu);
	is(gicd_read(GICD_ISENABLER(8)), 0xffffffffu, "GICD_ISENABLER8 (IDs 256-287) all implemented");
	gicd_write(GICD_ICENABLER(8), 0xffffffffu);
	is(gicd_read(GICD_ISENABLER(8)), 0, "GICD_ICENABLER8 disables IDs 256-287");
	gicd_write(GICD_ISENABLER(9), 0xffffffffu);
	is(gicd_read(GICD_ISENABLER(9)), 0, "GICD_ISENABLER9 is RAZ/WI: IDs 288-319 not implemented");
}

/* 4.3.7, 4.3.8 pending state, 4.3.9, 4.3.10 active state; 3.2.4 the state machine. */
static void test_pending_active(void)
{
	uint32_t w = GIC_REG_INDEX(SPI_B), b = GIC_REG_BIT(SPI_B), iar;

	gicd_write(GICD_ISPENDR(0), GIC_REG_BIT(SGI_A));
	is(gicd_read(GICD_ISPENDR(0)) & GIC_REG_BIT(SGI_A), 0,
	   "GICD_ISPENDR0 ignores SGI bits: GICD_SPENDSGIRn sets SGIs pending");

	gic_set_priority(PPI_A, PRIORITY);
	gic_set_pending(PPI_A);
	is(gicd_read(GICD_ISPENDR(0)), GIC_REG_BIT(PPI_A), "GICD_ISPENDR0 sets PPI 20 pending");
	is(gicd_read(GICD_ICPENDR(0)), GIC_REG_BIT(PPI_A), "GICD_ICPENDR0 reads the same pending state");
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "PPI 20 pending but disabled: not forwarded");
	gic_enable_irq(PPI_A);
	is(gicc_read(GICC_HPPIR), PPI_A, "PPI 20 pending and enabled: GICC_HPPIR is 20");
	gic_clear_pending(PPI_A);
	is(gicd_read(GICD_ISPENDR(0)), 0, "GICD_ICPENDR0 clears PPI 20");
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "PPI 20 cleared: GICC_HPPIR is 1023");
	gic_disable_irq(PPI_A);

	gic_set_priority(SPI_B, PRIORITY);
	gic_enable_irq(SPI_B);
	gic_set_pending(SPI_B);
	is(gicd_read(GICD_ISPENDR(w)), b, "GICD_ISPENDR3 sets SPI 97 pending");
	iar = gicc_read(GICC_IAR);
	is(iar, SPI_B, "GICC_IAR acknowledges SPI 97");
	is(gicd_read(GICD_ISPENDR(w)), 0, "SPI 97 is no longer pending once acknowledged");
	is(gicd_read(GICD_ISACTIVER(w)), b, "GICD_ISACTIVER3 shows SPI 97 active");
	gic_set_pending(SPI_B);
	ok(gicd_read(GICD_ISPENDR(w)) == b && gicd_read(GICD_ICACTIVER(w)) == b,
	   "GICD_ISPENDR3 makes the active SPI 97 active and pending");
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "SPI 97 active and pending: not forwarded");
	gicc_write(GICC_EOIR, iar);
	is(gicd_read(GICD_ISACTIVER(w)), 0, "GICC_EOIR deactivates SPI 97, which stays pending");
	iar = gicc_read(GICC_IAR);
	is(iar, SPI_B, "GICC_IAR acknowledges SPI 97 again");
	gicc_write(GICC_EOIR, iar);
	ok(gicd_read(GICD_ISPENDR(w)) == 0 && gicd_read(GICD_ISACTIVER(w)) == 0,
	   "SPI 97 is inactive after the second GICC_EOIR");
	gic_disable_irq(SPI_B);

	gic_set_pending(SPI_A);
	gic_set_pending(SPI_C);
	is(gicd_read(GICD_ICPENDR(w)), GIC_REG_BIT(SPI_A) | GIC_REG_BIT(SPI_C),
	   "GICD_ICPENDR3 reads SPIs 96 and 98 pending");
	gicd_write(GICD_ICPENDR(w), GIC_REG_BIT(SPI_A));
	is(gicd_read(GICD_ISPENDR(w)), GIC_REG_BIT(SPI_C), "GICD_ICPENDR3 write 0x1 clears SPI 96 alone");
	gic_clear_pending(SPI_C);
	gicd_write(GICD_ISPENDR(9), 0xffffffffu);
	is(gicd_read(GICD_ISPENDR(9)), 0, "GICD_ISPENDR9 is RAZ/WI: IDs 288-319 not implemented");

	/* An active interrupt is not forwarded again until it is deactivated. */
	gic_set_priority(SPI_C, PRIORITY);
	gic_enable_irq(SPI_C);
	gicd_write(GICD_ISACTIVER(w), GIC_REG_BIT(SPI_C));
	is(gicd_read(GICD_ICACTIVER(w)), GIC_REG_BIT(SPI_C), "GICD_ISACTIVER3 makes SPI 98 active");
	gic_set_pending(SPI_C);
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "SPI 98 set active by GICD_ISACTIVER3: not forwarded");
	gic_clear_active(SPI_C);
	is(gicd_read(GICD_ISACTIVER(w)), 0, "GICD_ICACTIVER3 deactivates SPI 98");
	is(gicc_read(GICC_HPPIR), SPI_C, "SPI 98 pending and inactive: GICC_HPPIR is 98");
	gic_clear_pending(SPI_C);
	gic_disable_irq(SPI_C);
}

/* 4.3.11: one byte per interrupt, byte-accessible; a GIC implements at least bits [7:4]
 * and unimplemented low-order bits are RAZ/WI. How many it implements is IMPLEMENTATION
 * DEFINED: QEMU 7.2's virt GIC has all eight. */
static void test_priorities(void)
{
	uint32_t off = GICD_IPRIORITYR(SPI_A / 4);

	gicd_write(off, 0);
	gicd_write8(GICD_IPRIORITYR_BYTE(SPI_B), 0x80);
	is(gicd_read(off), 0x00008000u, "a byte write of 0x80 to SPI 97's field: GICD_IPRIORITYR24 "
	   "is 0x00008000");
	is(gicd_read8(GICD_IPRIORITYR_BYTE(SPI_B)), 0x80, "a byte read of SPI 97's field is 0x80");
	gicd_write(off, 0x40302010u);
	ok(gicd_read8(GICD_IPRIORITYR_BYTE(SPI_A)) == 0x10 &&
	   gicd_read8(GICD_IPRIORITYR_BYTE(SPI_B)) == 0x20 &&
	   gicd_read8(GICD_IPRIORITYR_BYTE(SPI_C)) == 0x30 &&
	   gicd_read8(GICD_IPRIORITYR_BYTE(SPI_C + 1)) == 0x40,
	   "a word write of 0x40302010 to GICD_IPRIORITYR24: bytes 0x10 0x20 0x30 0x40");
	gicd_write8(GICD_IPRIORITYR_BYTE(SPI_A), 0xf0);
	is(gicd_read8(GICD_IPRIORITYR_BYTE(SPI_A)), 0xf0, "GICD_IPRIORITYR implements bits [7:4]");
	gicd_write8(GICD_IPRIORITYR_BYTE(SPI_A), 0xff);
	is(gicd_read8(GICD_IPRIORITYR_BYTE(SPI_A)), 0xff,
	   "GICD_IPRIORITYR implements 8 priority bits, as QEMU 7.2's virt GIC: 0xff reads back 0xff");
	gicd_write(off, 0);
	gicd_write(GICD_IPRIORITYR(ID_UNIMPLEMENTED / 4), 0xffffffffu);
	is(gicd_read(GICD_IPRIORITYR(ID_UNIMPLEMENTED / 4)), 0,
	   "GICD_IPRIORITYR72 is RAZ/WI: IDs 288-291 not implemented");
}

/* 4.3.15-4.3.17: an SGI is pending per source CPU; the byte of SGI n in GICD_SPENDSGIRn and
 * GICD_CPENDSGIRn has one bit per source, both read the same state; with one CPU the only
 * source is CPU 0. */
static void test_sgi_sources(void)
{
	uint32_t iar;

	gic_set_priority(SGI_A, PRIORITY);
	gic_set_priority(SGI_B, PRIORITY);
	gicd_write(GICD_SGIR, GICD_SGIR_TARGET_SELF | GICD_SGIR_INTID(SGI_A));
	is(gicd_read(GICD_SPENDSGIR(0)), 0x00010000u,
	   "GICD_SGIR to self: GICD_SPENDSGIR0 is 0x00010000, SGI 2 from CPU 0");
	is(gicd_read(GICD_CPENDSGIR(0)), 0x00010000u, "GICD_CPENDSGIR0 reads the same state");
	is(gicd_read8(GICD_SPENDSGIR_BYTE(SGI_A)), 0x01, "a byte read of SGI 2's sources is 0x01");
	is(gicd_read(GICD_ISPENDR(0)), GIC_REG_BIT(SGI_A), "GICD_ISPENDR0 shows SGI 2 pending");
	gicd_write8(GICD_CPENDSGIR_BYTE(SGI_A), 0x01);
	is(gicd_read(GICD_SPENDSGIR(0)), 0, "a GICD_CPENDSGIR0 byte write clears SGI 2 from CPU 0");
	is(gicd_read(GICD_ISPENDR(0)), 0, "SGI 2 is no longer pending");

	gicd_write8(GICD_SPENDSGIR_BYTE(SGI_B), 0x01);
	is(gicd_read(GICD_SPENDSGIR(1)), 0x00000100u,
	   "a GICD_SPENDSGIR1 byte write sets SGI 5 pending from CPU 0");
	is(gicc_read(GICC_HPPIR), GICC_IAR_VALUE(0, SGI_B), "SGI 5 from CPU 0 pending: GICC_HPPIR is 0x005");
	iar = gicc_read(GICC_IAR);
	is(iar, GICC_IAR_VALUE(0, SGI_B), "GICC_IAR acknowledges SGI 5 from CPU 0");
	is(gicd_read(GICD_SPENDSGIR(1)), 0, "the acknowledge clears SGI 5's pending bit from CPU 0");
	gicc_write(GICC_EOIR, iar);

	gicd_write(GICD_SPENDSGIR(0), 0x01010101u);
	is(gicd_read(GICD_ISPENDR(0)), 0xfu, "a GICD_SPENDSGIR0 word write sets SGIs 0-3 pending");
	gicd_write(GICD_CPENDSGIR(0), 0x01010101u);
	is(gicd_read(GICD_ISPENDR(0)), 0, "a GICD_CPENDSGIR0 word write clears them");
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "nothing is pending at the end");
}

int main(void)
{
	test_identification();
	test_ctlr_groups();
	gic_dist_enable();
	gic_cpu_enable(PRIORITY_MASK);
	test_targets();
	test_config();
	test_enables();
	test_pending_active();
	test_priorities();
	test_sgi_sources();
	return (int)done_testing();
}
