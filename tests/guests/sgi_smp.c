/*
 * Software-generated interrupts between two CPUs (IHI 0048B 4.3.15 GICD_SGIR, 4.4.4
 * GICC_IAR); run with two CPUs.
 *
 * CPU 0 starts CPU 1 with PSCI CPU_ON (Arm DEN 0022). Each CPU programs its own banked SGI
 * priorities and its own CPU interface; CPU 0 enables the Distributor. Then:
 *
 *   1. CPU 0 sends SGI 3 with TargetListFilter 0b00, CPUTargetList 0b10: CPU 1 acknowledges
 *      it with GICC_IAR = 0x003 (CPUID, bits [12:10], is the requesting CPU 0); CPU 0,
 *      not in the list, does not have it pending.
 *   2. CPU 1 sends SGI 4 with TargetListFilter 0b01, "all but the requesting CPU": CPU 0
 *      has it pending, GICC_HPPIR = 0x404 (its CPUID field, bits [12:10], is the requesting
 *      CPU 1 for an SGI too, 4.4.7), and acknowledges GICC_IAR = 0x404; CPU 1 does not have
 *      it pending.
 *   3. CPU 0 sends SGI 6 to CPUTargetList 0b11: each CPU acknowledges 0x006 from CPU 0.
 *
 * The CPUs poll GICC_IAR with IRQs masked (a read returns 1023 while nothing is pending,
 * 4.4.4) and hand over through flags in memory, with the MMU off Strongly-ordered (DDI 0406C
 * B3.2.1), after a DSB. Every wait is bounded and reports a failure; only CPU 0 prints, after
 * the exchange, what CPU 1 recorded.
 */
#include "guest.h"

#define CPU1_MPIDR_AFF  0x1u
#define SGI_TO_CPU1     3u
#define SGI_TO_OTHERS   4u
#define SGI_TO_BOTH     6u
#define SGI_PRIORITY    0x80u
#define PRIORITY_MASK   0xf0u
#define SPIN_LIMIT      20000000u

static volatile struct {
	uint32_t ready, got_first, go, sent, done;
	uint32_t iar_first, hppir_after_first, hppir_after_send, iar_both;
} cpu1;

/* Waits until *flag is nonzero; returns 0 after SPIN_LIMIT polls. */
static int wait_for(volatile uint32_t *flag)
{
	for (unsigned i = 0; i < SPIN_LIMIT; i++) {
		if (*flag)
			return 1;
	}
	return 0;
}

static void raise_flag(volatile uint32_t *flag)
{
	dsb();
	*flag = 1;
	dsb();
}

/* Acknowledges the next interrupt of this CPU's interface; 1023 after SPIN_LIMIT polls. */
static uint32_t acknowledge(void)
{
	uint32_t iar = GIC_INTID_SPURIOUS;

	for (unsigned i = 0; i < SPIN_LIMIT; i++) {
		iar = gicc_read(GICC_IAR);
		if (GICC_IAR_INTID(iar) != GIC_INTID_SPURIOUS)
			break;
	}
	return iar;
}

static void end_interrupt(uint32_t iar)
{
	if (GICC_IAR_INTID(iar) != GIC_INTID_SPURIOUS)
		gicc_write(GICC_EOIR, iar);
}

static void sgi_setup(void)
{
	gic_set_priority(SGI_TO_CPU1, SGI_PRIORITY);
	gic_set_priority(SGI_TO_OTHERS, SGI_PRIORITY);
	gic_set_priority(SGI_TO_BOTH, SGI_PRIORITY);
	gic_enable_irq(SGI_TO_CPU1);
	gic_enable_irq(SGI_TO_OTHERS);
	gic_enable_irq(SGI_TO_BOTH);
	gic_cpu_enable(PRIORITY_MASK);
}

static void cpu1_main(void)
{
	uint32_t iar;

	sgi_setup();
	raise_flag(&cpu1.ready);

	iar = acknowledge();
	cpu1.iar_first = iar;
	end_interrupt(iar);
	cpu1.hppir_after_first = gicc_read(GICC_HPPIR);
	raise_flag(&cpu1.got_first);

	if (!wait_for(&cpu1.go))
		return;
	gicd_write(GICD_SGIR, GICD_SGIR_TARGET_OTHERS | GICD_SGIR_INTID(SGI_TO_OTHERS));
	dsb();
	cpu1.hppir_after_send = gicc_read(GICC_HPPIR);
	raise_flag(&cpu1.sent);

	iar = acknowledge();
	cpu1.iar_both = iar;
	end_interrupt(iar);
	raise_flag(&cpu1.done);
}

static void handshake(volatile uint32_t *flag, const char *what)
{
	if (!ok(wait_for(flag), "%s", what))
		bail_out("CPU 1 did not get there: %s", what);
}

int main(void)
{
	uint32_t iar, hppir_first, hppir_second;

	is(GICD_TYPER_CPUNUMBER(gicd_read(GICD_TYPER)), 1,
	   "GICD_TYPER.CPUNumber is 1: two CPU interfaces");
	gic_dist_enable();
	sgi_setup();

	is((uint32_t)guest_cpu_start(CPU1_MPIDR_AFF, cpu1_main), PSCI_SUCCESS,
	   "CPU_ON(CPU 1) is SUCCESS");
	handshake(&cpu1.ready, "CPU 1 has set up its CPU interface");

	/* 1. CPU 0 to CPU 1 by target list. */
	gicd_write(GICD_SGIR, GICD_SGIR_TARGET_LIST | GICD_SGIR_CPU_TARGETS(1u << 1) |
		   GICD_SGIR_INTID(SGI_TO_CPU1));
	dsb();
	hppir_first = gicc_read(GICC_HPPIR);
	handshake(&cpu1.got_first, "CPU 1 has taken an SGI");

	/* 2. CPU 1 to all but itself. */
	raise_flag(&cpu1.go);
	handshake(&cpu1.sent, "CPU 1 has sent an SGI");
	hppir_second = gicc_read(GICC_HPPIR);
	iar = acknowledge();
	end_interrupt(iar);
	is(hppir_second, GICC_IAR_VALUE(1, SGI_TO_OTHERS),
	   "GICC_HPPIR of SGI 4 from CPU 1 on CPU 0 is 0x404, CPUID 1");
	is(iar, GICC_IAR_VALUE(1, SGI_TO_OTHERS),
	   "SGI 4 from CPU 1 to all but itself: CPU 0 acknowledges 0x404, CPUID 1");

	/* 3. CPU 0 to both by target list. */
	gicd_write(GICD_SGIR, GICD_SGIR_TARGET_LIST | GICD_SGIR_CPU_TARGETS(0x3u) |
		   GICD_SGIR_INTID(SGI_TO_BOTH));
	iar = acknowledge();
	end_interrupt(iar);
	handshake(&cpu1.done, "CPU 1 has taken the SGI sent to both");

	is(cpu1.iar_first, GICC_IAR_VALUE(0, SGI_TO_CPU1),
	   "SGI 3 from CPU 0 to target list 0b10: CPU 1 acknowledges 0x003, CPUID 0");
	is(cpu1.hppir_after_first, GIC_INTID_SPURIOUS, "CPU 1 has nothing pending after its EOI");
	is(hppir_first, GIC_INTID_SPURIOUS, "SGI 3 to target list 0b10 is not pending on CPU 0");
	is(cpu1.hppir_after_send, GIC_INTID_SPURIOUS,
	   "SGI 4 to all but the requesting CPU is not pending on CPU 1");
	is(iar, GICC_IAR_VALUE(0, SGI_TO_BOTH),
	   "SGI 6 from CPU 0 to target list 0b11: CPU 0 acknowledges 0x006");
	is(cpu1.iar_both, GICC_IAR_VALUE(0, SGI_TO_BOTH),
	   "SGI 6 from CPU 0 to target list 0b11: CPU 1 acknowledges 0x006");
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "CPU 0 has nothing pending at the end");

	{
		int32_t state = PSCI_AFFINITY_ON;

		for (unsigned i = 0; i < 100000u && state != PSCI_AFFINITY_OFF; i++)
			state = psci_affinity_info(CPU1_MPIDR_AFF, 0);
		is((uint32_t)state, PSCI_AFFINITY_OFF, "CPU 1 is OFF after its CPU_OFF");
	}

	return (int)done_testing();
}
