/*
 * The GIC Distributor with two CPU interfaces (IHI 0048B 4.3); run with two CPUs.
 *
 *   - GICD_TYPER.CPUNumber (4.3.2);
 *   - GICD_ITARGETSRn (4.3.12): the fields of IDs 0-31 are read-only and read as the
 *     reading CPU's own bit; SPI targets are shared, bits of CPU interfaces that do not exist
 *     are RAZ/WI, and an SPI is forwarded to the CPUs its targets name, retargeting a pending
 *     one moves it;
 *   - the registers banked per CPU for IDs 0-31 (4.3.4-4.3.11, 4.3.13): GICD_IGROUPR0,
 *     GICD_ISENABLER0, GICD_ISPENDR0/GICD_ICPENDR0, GICD_IPRIORITYR0-7 and, as PPIs are
 *     programmable, GICD_ICFGR1; each CPU's virtual timer (PPI 27, made edge-triggered)
 *     latches a pending state on its own CPU interface;
 *   - SGIs pending per source CPU (4.3.15-4.3.17, 4.4.4, 4.4.7): GICD_SPENDSGIRn and
 *     GICD_CPENDSGIRn on the target CPU, the acknowledge order and GICC_HPPIR's CPUID.
 *
 * CPU 0 prints everything. CPU 1 runs remote(): it performs one register access at CPU 0's
 * request, through flags in memory (Strongly-ordered with the MMU off, DDI 0406C B3.2.1),
 * so each check is one request and one answer in program order. Every wait is bounded.
 */
#include "guest.h"

#define CPU1_MPIDR_AFF  0x1u
#define SPI_A           96u
#define PPI_A           20u
#define PPI_B           21u
#define SGI_A           2u
#define PRIORITY        0x80u
#define PRIORITY_MASK   0xf0u
#define SPIN_LIMIT      200000000u

enum remote_op { OP_READ = 1, OP_WRITE, OP_READ8, OP_WRITE8, OP_VTIMER_FIRE, OP_VTIMER_STOP, OP_EXIT };

/* This CPU's virtual timer (DDI 0406C B8): compare value 0, so its condition holds and its
 * PPI is asserted from the moment it is enabled. */
static void vtimer_fire(void)
{
	write_sysreg64(0, CNTVOFF);
	write_sysreg64(0, CNTV_CVAL);
	write_sysreg(CNT_CTL_ENABLE, CNTV_CTL);
	isb();
}

static void vtimer_stop(void)
{
	write_sysreg(0, CNTV_CTL);
	isb();
}

/* Polls this CPU's GICD_ISPENDR0 for PPI id (a timer's output reaches the GIC in a finite
 * time). */
static int wait_pending(uint32_t id)
{
	for (unsigned i = 0; i < 100000u; i++) {
		if (gicd_read(GICD_ISPENDR(0)) & GIC_REG_BIT(id))
			return 1;
	}
	return 0;
}

static volatile struct {
	uint32_t seq, done, op, addr, value, result;
} rq;

/* CPU 1: serves requests until OP_EXIT, or until none comes for SPIN_LIMIT polls. */
static void cpu1_main(void)
{
	uint32_t seen = 0;

	for (;;) {
		uint32_t op, result = 0;
		unsigned i;

		for (i = 0; i < SPIN_LIMIT && rq.seq == seen; i++)
			;
		if (rq.seq == seen)
			return;
		seen = rq.seq;
		op = rq.op;
		switch (op) {
		case OP_READ:
			result = mmio_read32(rq.addr);
			break;
		case OP_WRITE:
			mmio_write32(rq.addr, rq.value);
			break;
		case OP_READ8:
			result = mmio_read8(rq.addr);
			break;
		case OP_WRITE8:
			mmio_write8(rq.addr, (uint8_t)rq.value);
			break;
		case OP_VTIMER_FIRE:
			vtimer_fire();
			result = wait_pending(TIMER_PPI_VIRT);
			break;
		case OP_VTIMER_STOP:
			vtimer_stop();
			break;
		default:
			break;
		}
		rq.result = result;
		dsb();
		rq.done = seen;
		dsb();
		if (op == OP_EXIT)
			return;
	}
}

/* CPU 0: has CPU 1 perform one access and returns what it read. */
static uint32_t remote(enum remote_op op, uint32_t addr, uint32_t value)
{
	uint32_t seq = rq.seq + 1;
	unsigned i;

	rq.op = op;
	rq.addr = addr;
	rq.value = value;
	dsb();
	rq.seq = seq;
	dsb();
	for (i = 0; i < SPIN_LIMIT && rq.done != seq; i++)
		;
	if (rq.done != seq)
		bail_out("CPU 1 did not answer request %lu", seq);
	return rq.result;
}

#define cpu1_gicd_read(off)             remote(OP_READ, GICD_BASE + (off), 0)
#define cpu1_gicd_write(off, v)         remote(OP_WRITE, GICD_BASE + (off), (v))
#define cpu1_gicd_read8(off)            remote(OP_READ8, GICD_BASE + (off), 0)
#define cpu1_gicd_write8(off, v)        remote(OP_WRITE8, GICD_BASE + (off), (v))
#define cpu1_gicc_read(off)             remote(OP_READ, GICC_BASE + (off), 0)
#define cpu1_gicc_write(off, v)         remote(OP_WRITE, GICC_BASE + (off), (v))

static void test_targets(void)
{
	unsigned own0 = 0, own1 = 0;

	for (unsigned n = 0; n < 8; n++) {
		own0 += gicd_read(GICD_ITARGETSR(n)) == 0x01010101u;
		own1 += cpu1_gicd_read(GICD_ITARGETSR(n)) == 0x02020202u;
	}
	is(own0, 8, "GICD_ITARGETSR0-7 (IDs 0-31) read 0x01010101 on CPU 0: its own bit");
	is(own1, 8, "GICD_ITARGETSR0-7 (IDs 0-31) read 0x02020202 on CPU 1: its own bit");
	gicd_write(GICD_ITARGETSR(0), 0);
	gicd_write8(GICD_ITARGETSR_BYTE(PPI_B), 0x02);
	ok(gicd_read(GICD_ITARGETSR(0)) == 0x01010101u &&
	   gicd_read8(GICD_ITARGETSR_BYTE(PPI_B)) == 0x01,
	   "GICD_ITARGETSR0-7 are read-only");
	is(cpu1_gicd_read8(GICD_ITARGETSR_BYTE(PPI_B)), 0x02,
	   "a byte read of PPI 21's targets on CPU 1 is 0x02");

	gicd_write8(GICD_ITARGETSR_BYTE(SPI_A), 0x02);
	is(gicd_read8(GICD_ITARGETSR_BYTE(SPI_A)), 0x02, "SPI 96 targets CPU 1: 0x02 reads back");
	is(cpu1_gicd_read8(GICD_ITARGETSR_BYTE(SPI_A)), 0x02,
	   "SPI targets are not banked: CPU 1 reads 0x02 too");
	gicd_write8(GICD_ITARGETSR_BYTE(SPI_A), 0x03);
	is(gicd_read8(GICD_ITARGETSR_BYTE(SPI_A)), 0x03, "SPI 96 targets both CPUs: 0x03 reads back");

	/* 4.3.12: "bits corresponding to unimplemented CPU interfaces are RAZ/WI". */
	gicd_write8(GICD_ITARGETSR_BYTE(SPI_A), 0xff);
	is(gicd_read8(GICD_ITARGETSR_BYTE(SPI_A)), 0x03,
	   "GICD_ITARGETSR bits of absent CPUs are RAZ/WI: a byte write of 0xff reads back 0x03");
	gicd_write(GICD_ITARGETSR(SPI_A / 4), 0xffffffffu);
	is(gicd_read(GICD_ITARGETSR(SPI_A / 4)), 0x03030303u,
	   "GICD_ITARGETSR bits of absent CPUs are RAZ/WI: a word write of 0xffffffff reads back "
	   "0x03030303");
	gicd_write(GICD_ITARGETSR(SPI_A / 4), 0);

	/* Forwarding follows the targets. 4.3.12: a change of targets "has an effect on any
	 * pending interrupts": the SPI becomes pending on the CPU interfaces added and stops
	 * being pending on those removed. */
	gic_set_priority(SPI_A, PRIORITY);
	gic_enable_irq(SPI_A);
	gicd_write8(GICD_ITARGETSR_BYTE(SPI_A), 0x02);
	gic_set_pending(SPI_A);
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "SPI 96 pending, targets 0x02: not on CPU 0");
	is(cpu1_gicc_read(GICC_HPPIR), SPI_A, "SPI 96 pending, targets 0x02: GICC_HPPIR of CPU 1 is 96");
	gicd_write8(GICD_ITARGETSR_BYTE(SPI_A), 0x01);
	is(gicc_read(GICC_HPPIR), SPI_A,
	   "retargeting a pending SPI moves it: SPI 96 to 0x01, GICC_HPPIR of CPU 0 is 96");
	is(cpu1_gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS,
	   "retargeting a pending SPI moves it: SPI 96 no longer on CPU 1");
	gic_clear_pending(SPI_A);
	gic_disable_irq(SPI_A);
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "SPI 96 cleared: nothing pending on CPU 0");
}

/* 4.3.4-4.3.13: in a multiprocessor implementation the registers of IDs 0-31 are banked for
 * each connected processor (GICD_ICFGR1 when PPIs are programmable, 4.3.13). */
static void test_banked(void)
{
	gicd_write(GICD_ICFGR(1), GICD_ICFGR_EDGE(PPI_A));
	is(gicd_read(GICD_ICFGR(1)), GICD_ICFGR_EDGE(PPI_A),
	   "CPU 0 makes PPI 20 edge-triggered: its GICD_ICFGR1 is 0x00000200");
	is(cpu1_gicd_read(GICD_ICFGR(1)), 0,
	   "GICD_ICFGR1 is banked: CPU 1 still reads 0, PPI 20 level-sensitive");
	gicd_write(GICD_ICFGR(1), 0);

	gic_enable_irq(PPI_A);
	is(gicd_read(GICD_ISENABLER(0)), 0x0010ffffu, "CPU 0 enables PPI 20: its GICD_ISENABLER0 is 0x0010ffff");
	is(cpu1_gicd_read(GICD_ISENABLER(0)), 0x0000ffffu,
	   "GICD_ISENABLER0 is banked: CPU 1 reads 0x0000ffff");
	gic_disable_irq(PPI_A);

	gicd_write8(GICD_IPRIORITYR_BYTE(PPI_A), 0x80);
	cpu1_gicd_write8(GICD_IPRIORITYR_BYTE(PPI_A), 0x40);
	is(gicd_read8(GICD_IPRIORITYR_BYTE(PPI_A)), 0x80, "GICD_IPRIORITYR5 is banked: CPU 0 reads 0x80");
	is(cpu1_gicd_read8(GICD_IPRIORITYR_BYTE(PPI_A)), 0x40,
	   "GICD_IPRIORITYR5 is banked: CPU 1 reads 0x40");

	cpu1_gicd_write(GICD_IGROUPR(0), GIC_REG_BIT(PPI_A));
	is(cpu1_gicd_read(GICD_IGROUPR(0)), GIC_REG_BIT(PPI_A), "CPU 1 puts its PPI 20 in Group 1");
	is(gicd_read(GICD_IGROUPR(0)), 0, "GICD_IGROUPR0 is banked: CPU 0 reads 0");
	cpu1_gicd_write(GICD_IGROUPR(0), 0);

	gic_set_pending(PPI_A);
	is(gicd_read(GICD_ISPENDR(0)), GIC_REG_BIT(PPI_A),
	   "GICD_ISPENDR0 is banked: CPU 0 sets its own PPI 20 pending");
	is(cpu1_gicd_read(GICD_ISPENDR(0)), 0, "GICD_ISPENDR0 is banked: PPI 20 is not pending on CPU 1");
	gic_clear_pending(PPI_A);
	is(gicd_read(GICD_ISPENDR(0)), 0, "CPU 0 clears its PPI 20 with GICD_ICPENDR0");

	/* Each CPU's virtual timer, edge-triggered, latches its own PPI 27 pending (the timer
	 * output stays asserted, so only the latch is pending). */
	gicd_write(GICD_ICFGR(1), GICD_ICFGR_EDGE(TIMER_PPI_VIRT));
	cpu1_gicd_write(GICD_ICFGR(1), GICD_ICFGR_EDGE(TIMER_PPI_VIRT));
	vtimer_fire();
	remote(OP_VTIMER_FIRE, 0, 0);
	ok(wait_pending(TIMER_PPI_VIRT) &&
	   (cpu1_gicd_read(GICD_ISPENDR(0)) & GIC_REG_BIT(TIMER_PPI_VIRT)),
	   "the virtual timers' rising edges latch PPI 27 pending on CPU 0 and on CPU 1");
	gic_clear_pending(TIMER_PPI_VIRT);
	is(gicd_read(GICD_ISPENDR(0)) & GIC_REG_BIT(TIMER_PPI_VIRT), 0,
	   "CPU 0 clears its edge-triggered PPI 27 with GICD_ICPENDR0");
	is(cpu1_gicd_read(GICD_ISPENDR(0)) & GIC_REG_BIT(TIMER_PPI_VIRT), GIC_REG_BIT(TIMER_PPI_VIRT),
	   "GICD_ICPENDR0 is banked: PPI 27 stays pending on CPU 1");
	vtimer_stop();
	remote(OP_VTIMER_STOP, 0, 0);
	gic_clear_pending(TIMER_PPI_VIRT);
	cpu1_gicd_write(GICD_ICPENDR(0), GIC_REG_BIT(TIMER_PPI_VIRT));
	gicd_write(GICD_ICFGR(1), 0);
	cpu1_gicd_write(GICD_ICFGR(1), 0);
	ok(gicd_read(GICD_ISPENDR(0)) == 0 && cpu1_gicd_read(GICD_ISPENDR(0)) == 0,
	   "timers stopped: no PPI pending on either CPU");
}

/* 4.3.15-4.3.17: SGI 2 pending on CPU 0 from two sources. The order in which sources are
 * acknowledged is IMPLEMENTATION DEFINED; QEMU 7.2 takes the lowest-numbered first. */
static void test_sgi_sources(void)
{
	uint32_t iar;

	gic_set_priority(SGI_A, PRIORITY);
	cpu1_gicd_write(GICD_SGIR, GICD_SGIR_TARGET_LIST | GICD_SGIR_CPU_TARGETS(0x1u) |
			GICD_SGIR_INTID(SGI_A));
	is(gicd_read8(GICD_SPENDSGIR_BYTE(SGI_A)), 0x02, "SGI 2 from CPU 1: CPU 0's source byte is 0x02");
	gicd_write(GICD_SGIR, GICD_SGIR_TARGET_SELF | GICD_SGIR_INTID(SGI_A));
	is(gicd_read(GICD_SPENDSGIR(0)), 0x00030000u,
	   "SGI 2 from CPU 1 and from CPU 0: GICD_SPENDSGIR0 is 0x00030000");
	is(gicd_read(GICD_CPENDSGIR(0)), 0x00030000u, "GICD_CPENDSGIR0 reads the same state");
	is(cpu1_gicd_read(GICD_SPENDSGIR(0)), 0, "GICD_SPENDSGIR0 is banked: nothing pending on CPU 1");

	iar = gicc_read(GICC_IAR);
	is(iar, GICC_IAR_VALUE(0, SGI_A), "two sources pending: GICC_IAR acknowledges SGI 2 from CPU 0 first");
	is(gicd_read8(GICD_SPENDSGIR_BYTE(SGI_A)), 0x02, "SGI 2 from CPU 1 stays pending");
	ok(gicd_read(GICD_ISPENDR(0)) == GIC_REG_BIT(SGI_A) &&
	   gicd_read(GICD_ISACTIVER(0)) == GIC_REG_BIT(SGI_A), "SGI 2 is active and pending");
	is(gicc_read(GICC_IAR), GIC_INTID_SPURIOUS, "SGI 2 from CPU 1 is not acknowledged while SGI 2 is active");
	gicc_write(GICC_EOIR, iar);
	is(gicc_read(GICC_HPPIR), GICC_IAR_VALUE(1, SGI_A),
	   "GICC_HPPIR of SGI 2 from CPU 1 is 0x402, CPUID 1");
	iar = gicc_read(GICC_IAR);
	is(iar, GICC_IAR_VALUE(1, SGI_A), "GICC_IAR then acknowledges SGI 2 from CPU 1: 0x402");
	gicc_write(GICC_EOIR, iar);
	ok(gicd_read(GICD_SPENDSGIR(0)) == 0 && gicd_read(GICD_ISPENDR(0)) == 0,
	   "no SGI 2 left pending on CPU 0");

	gicd_write8(GICD_SPENDSGIR_BYTE(SGI_A), 0x03);
	is(gicd_read8(GICD_SPENDSGIR_BYTE(SGI_A)), 0x03, "a GICD_SPENDSGIR0 byte write of 0x03 sets both sources");
	gicd_write8(GICD_CPENDSGIR_BYTE(SGI_A), 0x01);
	is(gicd_read8(GICD_SPENDSGIR_BYTE(SGI_A)), 0x02,
	   "a GICD_CPENDSGIR0 byte write of 0x01 clears the source CPU 0 alone");
	iar = gicc_read(GICC_IAR);
	is(iar, GICC_IAR_VALUE(1, SGI_A), "GICC_IAR acknowledges the remaining SGI 2 from CPU 1: 0x402");
	gicc_write(GICC_EOIR, iar);
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "nothing is pending on CPU 0 at the end");
}

int main(void)
{
	int32_t state = PSCI_AFFINITY_ON;

	is(gicd_read(GICD_TYPER), 0x28u, "GICD_TYPER is 0x00000028: ITLinesNumber 8, CPUNumber 1");
	gic_dist_enable();
	gic_cpu_enable(PRIORITY_MASK);
	if (!ok(guest_cpu_start(CPU1_MPIDR_AFF, cpu1_main) == PSCI_SUCCESS, "CPU_ON(CPU 1) is SUCCESS"))
		bail_out("CPU 1 did not start");
	cpu1_gicc_write(GICC_PMR, PRIORITY_MASK);
	cpu1_gicc_write(GICC_CTLR, GICC_CTLR_ENABLE_GRP0);
	is(cpu1_gicc_read(GICC_PMR), PRIORITY_MASK, "CPU 1 has its own GICC_PMR: 0x%02x", PRIORITY_MASK);

	test_targets();
	test_banked();
	test_sgi_sources();

	remote(OP_EXIT, 0, 0);
	for (unsigned i = 0; i < 100000u && state != PSCI_AFFINITY_OFF; i++)
		state = psci_affinity_info(CPU1_MPIDR_AFF, 0);
	is((uint32_t)state, PSCI_AFFINITY_OFF, "CPU 1 is OFF after its CPU_OFF");
	return (int)done_testing();
}
