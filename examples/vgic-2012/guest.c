/*
 * The guest: a small kernel in Non-secure SVC mode on two vCPUs, sharing the image with the
 * hypervisor (guest_start.S starts each vCPU in guest_main()). It reaches the hypervisor
 * through HVC only (pv.h), acknowledges and ends its virtual interrupts through GICV_IAR and
 * GICV_EOIR, and checks that it gets every interrupt, once, in time:
 *
 * - Device interrupts. vCPU c services channel c of the device, level-sensitive SPI 48 + c:
 *   one event per interrupt (PV_HVC_DEV_POP, which lowers the line when the FIFO empties),
 *   then GICV_EOIR. An event raised while the interrupt is active is delivered again after
 *   the EOI, through the EOI maintenance interrupt. Checked: every event taken, once and in
 *   order; within LATE_TICKS ticks of being raised; no interrupt that found the device idle;
 *   and none left behind: whenever the guest goes idle with events queued, two hypervisor
 *   round trips (HVCs) later its device interrupt must be pending in its virtual CPU
 *   interface (GICV_HPPIR; the device has the highest priority). The first round trip may
 *   find the maintenance interrupt of the previous EOI still on its way; the second must
 *   not. An interrupt lost for a round (the race of the review) fails this check.
 * - SGIs, through the paravirtual GICD_SGIR. vCPU 0 sends a ping (SGI 1) to vCPU 1 once a
 *   tick and SGI 3 to itself; vCPU 1 answers with a pong (SGI 2, "all but self") and SGI 3
 *   to vCPU 0, so that SGI 3 is pending on vCPU 0 from two sources at once and must be taken
 *   twice, once per source (GICV_IAR.CPUID). Checked: each SGI taken once per send, from the
 *   right source, within LATE_TICKS ticks.
 *
 * vCPU 0 prints the results of both as TAP, with nothing that depends on timing, and powers
 * the machine off with PSCI SYSTEM_OFF.
 */
#include "guest.h"

#include "pv.h"

#define GUEST_NR_VCPUS          2u
#define GUEST_STACK_SIZE        0x2000u         /* guest_start.S */

#define GUEST_PMR               0xf8u           /* every priority the LRs can hold */
#define DEV_PRIORITY            0x80u           /* above the SGIs: GICV_HPPIR shows it first */
#define SGI_PRIORITY            0xa0u
#define SGI_PING                1u
#define SGI_PONG                2u
#define SGI_BOTH                3u

/* "In time": a device event serviced, an SGI taken, within this many hypervisor ticks. */
#define LATE_TICKS              8u
/* Bounds on the whole run, in ticks, so that a lost interrupt cannot hang it. */
#define START_TICKS             50u
#define RUN_TICKS               (PV_DEV_ROUNDS + 50u)

#define MPIDR_VALUE(vcpu)       ((uint32_t)(MPIDR_MP_FORMAT | (vcpu)))
/* The byte of interrupt id in a GICD_IPRIORITYRn or GICD_ITARGETSRn word (4.3.11, 4.3.12). */
#define BYTE_FIELD(id, v)       ((uint32_t)(v) << (8u * ((id) % 4u)))

uint8_t guest_stacks[GUEST_NR_VCPUS][GUEST_STACK_SIZE] __attribute__((aligned(8)));

struct pv_result {
	uint32_t r0, r1, r2, r3;
};

/* HVC #imm with r0-r3 in and out. */
#define pv_call(imm, a0, a1) ({ \
	register uint32_t r0_ __asm__("r0") = (a0); \
	register uint32_t r1_ __asm__("r1") = (a1); \
	register uint32_t r2_ __asm__("r2") = 0; \
	register uint32_t r3_ __asm__("r3") = 0; \
	__asm__ volatile("hvc #" STRINGIFY(imm) \
			 : "+r"(r0_), "+r"(r1_), "+r"(r2_), "+r"(r3_) : : "memory"); \
	(struct pv_result){ r0_, r1_, r2_, r3_ }; })

static int32_t pv_psci(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 __asm__("r0") = fn;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;

	__asm__ volatile("hvc #" STRINGIFY(PV_HVC_PSCI)
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
	return (int32_t)r0;
}

static void dist_write(uint32_t offset, uint32_t value)
{
	pv_call(PV_HVC_DIST_WRITE, offset, value);
}

static uint32_t ticks(void)
{
	return pv_shared.ticks;
}

static uint32_t dev_expected(unsigned c)
{
	uint32_t n = 0;

	for (uint32_t r = 1; r <= PV_DEV_ROUNDS; r++)
		n += PV_DEV_BURST(r, c);
	return n;
}

/* What each vCPU saw; vCPU 0 prints both. */
static volatile struct vcpu_log {
	uint32_t mpidr;
	uint32_t dev_taken, dev_next_seq, dev_disorder, dev_late, dev_left_behind, dev_no_work;
	uint32_t virq_spurious, virq_unexpected;
	uint32_t sgi_taken[GIC_NR_SGI], sgi_bad, sgi_late;
	uint32_t both_from[GUEST_NR_VCPUS];
	uint32_t ready, done;
} vlog[GUEST_NR_VCPUS];

/* The ping exchange, driven by vCPU 0. */
static volatile struct {
	uint32_t sent, sent_tick, last_tick, over;
} ping;

static uint32_t this_vcpu(void)
{
	return read_sysreg(MPIDR) & MPIDR_AFF0_MASK;
}

static int late(uint32_t since)
{
	return ticks() - since > LATE_TICKS;
}

static void dev_interrupt(volatile struct vcpu_log *me, unsigned c)
{
	struct pv_result ev = pv_call(PV_HVC_DEV_POP, c, 0);

	if (ev.r0 == PV_DEV_EMPTY) {
		me->dev_no_work++;
		return;
	}
	if (ev.r0 != me->dev_next_seq)
		me->dev_disorder++;
	me->dev_next_seq = ev.r0 + 1u;
	me->dev_taken++;
	if (ev.r2 - ev.r1 > LATE_TICKS)
		me->dev_late++;
}

static void sgi_interrupt(volatile struct vcpu_log *me, uint32_t vcpu, uint32_t sgi,
			  uint32_t source)
{
	uint32_t expected_source = 1u - vcpu, taken = ++me->sgi_taken[sgi];

	if (late(ping.sent_tick))
		me->sgi_late++;
	switch (sgi) {
	case SGI_PING:          /* vCPU 1, from vCPU 0: answer */
		if (vcpu != 1u || source != expected_source || taken != ping.sent)
			me->sgi_bad++;
		dist_write(GICD_SGIR, GICD_SGIR_TARGET_OTHERS | GICD_SGIR_INTID(SGI_PONG));
		dist_write(GICD_SGIR, GICD_SGIR_TARGET_LIST | GICD_SGIR_CPU_TARGETS(1u << 0) |
			   GICD_SGIR_INTID(SGI_BOTH));
		break;
	case SGI_PONG:          /* vCPU 0, from vCPU 1 */
		if (vcpu != 0u || source != expected_source || taken != ping.sent)
			me->sgi_bad++;
		break;
	case SGI_BOTH:          /* vCPU 0, from itself and from vCPU 1 */
		if (vcpu != 0u || source >= GUEST_NR_VCPUS ||
		    ++me->both_from[source] != ping.sent)
			me->sgi_bad++;
		break;
	default:
		me->virq_unexpected++;
		break;
	}
}

/* Virtual IRQs, in IRQ mode: GICV_IAR, the work, GICV_EOIR (EOImode 0: priority drop and
 * deactivation, IHI 0048B 5.4). */
void pl1_irq_handler(struct exc_frame *f)
{
	uint32_t vcpu = this_vcpu();
	volatile struct vcpu_log *me = &vlog[vcpu];
	uint32_t iar = gicv_read(GICV_IAR), irq = GICC_IAR_INTID(iar);

	f->ret -= 4;            /* LR_irq is the preferred return address + 4 */
	if (irq == GIC_INTID_SPURIOUS) {
		me->virq_spurious++;
		return;
	}
	if (irq == PV_DEV_SPI(vcpu))
		dev_interrupt(me, vcpu);
	else if (irq < GIC_NR_SGI)
		sgi_interrupt(me, vcpu, irq, GICC_IAR_CPUID(iar));
	else
		me->virq_unexpected++;
	gicv_write(GICV_EOIR, iar);
}

static int all_events_taken(void)
{
	for (unsigned c = 0; c < GUEST_NR_VCPUS; c++)
		if (vlog[c].dev_taken < dev_expected(c))
			return 0;
	return 1;
}

/* vCPU 0, IRQs masked: the next ping once the last one is answered, at most once a tick. */
static void ping_step(void)
{
	volatile struct vcpu_log *me = &vlog[0];
	uint32_t now = ticks();

	if (ping.over || me->sgi_taken[SGI_PONG] != ping.sent ||
	    me->both_from[0] != ping.sent || me->both_from[1] != ping.sent)
		return;
	if (all_events_taken()) {
		ping.over = 1;
		return;
	}
	if (ping.sent && now == ping.last_tick)
		return;
	ping.last_tick = ping.sent_tick = now;
	ping.sent++;
	dsb();
	dist_write(GICD_SGIR, GICD_SGIR_TARGET_SELF | GICD_SGIR_INTID(SGI_BOTH));
	dist_write(GICD_SGIR, GICD_SGIR_TARGET_LIST | GICD_SGIR_CPU_TARGETS(1u << 1) |
		   GICD_SGIR_INTID(SGI_PING));
	/* vCPU 1 answers while SGI 3 from vCPU 0 is still pending here. */
	pv_call(PV_HVC_YIELD, 0, 0);
}

/* Device events queued, and the device interrupt not pending in the virtual CPU interface? */
static int dev_not_pending(unsigned c)
{
	uint32_t queued = pv_call(PV_HVC_DEV_COUNT, c, 0).r0;

	return queued && GICC_IAR_INTID(gicv_read(GICV_HPPIR)) != PV_DEV_SPI(c);
}

/* One pass of the idle loop: checks with IRQs masked, WFI (trapped: the hypervisor runs the
 * other vCPU until this one has an interrupt or the next tick), then the interrupts. */
static void idle_step(uint32_t vcpu)
{
	__asm__ volatile("cpsid i" : : : "memory");
	if (vlog[vcpu].dev_taken < dev_expected(vcpu) && dev_not_pending(vcpu) &&
	    dev_not_pending(vcpu))
		vlog[vcpu].dev_left_behind++;
	if (vcpu == 0)
		ping_step();
	__asm__ volatile("wfi\n\t"
			 "cpsie i\n\t"
			 "nop" : : : "memory");
}

static int finished(uint32_t vcpu)
{
	volatile struct vcpu_log *me = &vlog[vcpu];

	if (me->dev_taken < dev_expected(vcpu) || !ping.over)
		return 0;
	return vcpu == 0 || me->sgi_taken[SGI_PING] == ping.sent;
}

static void report(int32_t cpu_on)
{
	diag("vgic-2012, %s: two vCPUs time-sliced on one physical CPU",
#ifdef VGIC2012_FIXED
	     "fixed build (IRQs masked with the distributor lock)"
#else
	     "as reviewed (no IRQ masking at the end of vgic_sync_to_cpu)"
#endif
	     );
	is((uint32_t)cpu_on, PSCI_SUCCESS, "vCPU 1 started with PSCI CPU_ON over HVC");
	for (unsigned c = 0; c < GUEST_NR_VCPUS; c++) {
		volatile struct vcpu_log *l = &vlog[c];

		is(l->mpidr, MPIDR_VALUE(c), "vCPU %u reads MPIDR 0x%08lx (VMPIDR)", c,
		   MPIDR_VALUE(c));
		is(l->dev_taken, dev_expected(c),
		   "vCPU %u: all %lu events of device channel %u taken (level-sensitive SPI %u)",
		   c, dev_expected(c), c, PV_DEV_SPI(c));
		is(l->dev_disorder, 0, "vCPU %u: each device event taken once and in order", c);
		is(l->dev_late, 0, "vCPU %u: each device event serviced within %u ticks of being raised",
		   c, LATE_TICKS);
		is(l->dev_left_behind, 0,
		   "vCPU %u: no device interrupt left behind after two hypervisor round trips", c);
		is(l->dev_no_work, 0, "vCPU %u: no device interrupt found the device idle", c);
		is(l->virq_spurious + l->virq_unexpected, 0,
		   "vCPU %u: no spurious or unexpected virtual interrupt", c);
	}
	ok(ping.sent > 0 && vlog[1].sgi_taken[SGI_PING] == ping.sent,
	   "SGI 1 (ping) from vCPU 0: vCPU 1 takes each one once");
	ok(vlog[0].sgi_taken[SGI_PONG] == ping.sent,
	   "SGI 2 (pong, all but self) from vCPU 1: vCPU 0 takes each one once");
	ok(vlog[0].both_from[0] == ping.sent && vlog[0].both_from[1] == ping.sent,
	   "SGI 3 pending from both vCPUs at once: vCPU 0 takes it once per source");
	is(vlog[0].sgi_bad + vlog[1].sgi_bad, 0,
	   "every SGI comes from the vCPU that sent it (GICV_IAR.CPUID), once per send");
	is(vlog[0].sgi_late + vlog[1].sgi_late, 0, "every SGI taken within %u ticks of being sent",
	   LATE_TICKS);
	is(pv_call(PV_HVC_STAT, PV_STAT_MAINT_NO_VCPU, 0).r0, 0,
	   "hypervisor: no maintenance interrupt taken with no vCPU loaded");
	is(pv_call(PV_HVC_STAT, PV_STAT_MAINT_IDLE, 0).r0, 0,
	   "hypervisor: every maintenance interrupt found an EOI or underflow of the loaded vCPU");
	is(pv_call(PV_HVC_STAT, PV_STAT_LR_OVERFLOW, 0).r0, 0,
	   "hypervisor: the list registers never overflowed");
	is(pv_call(PV_HVC_STAT, PV_STAT_DEV_OVERRUN, 0).r0, 0,
	   "hypervisor: the device never overran its FIFO");
	is(pv_call(PV_HVC_STAT, PV_STAT_DIST_IGNORED, 0).r0 +
	   pv_call(PV_HVC_STAT, PV_STAT_HOST_IRQ_OTHER, 0).r0, 0,
	   "hypervisor: no unexpected distributor write or physical interrupt");
	done_testing();
}

static void gic_setup(uint32_t vcpu)
{
	gicv_write(GICV_PMR, GUEST_PMR);
	gicv_write(GICV_CTLR, GICC_CTLR_ENABLE_GRP0);
	/* SGI priorities are banked: each vCPU sets its own. */
	dist_write(GICD_IPRIORITYR(0), BYTE_FIELD(SGI_PING, SGI_PRIORITY) |
		   BYTE_FIELD(SGI_PONG, SGI_PRIORITY) | BYTE_FIELD(SGI_BOTH, SGI_PRIORITY));
	if (vcpu != 0)
		return;
	/* SPIs 48 and 49 (one register word): priority, targets vCPU 0 and vCPU 1 (one bit per
	 * CPU interface), level-sensitive, enabled. */
	dist_write(GICD_IPRIORITYR(PV_DEV_SPI(0) / 4u), BYTE_FIELD(PV_DEV_SPI(0), DEV_PRIORITY) |
		   BYTE_FIELD(PV_DEV_SPI(1), DEV_PRIORITY));
	dist_write(GICD_ITARGETSR(PV_DEV_SPI(0) / 4u), BYTE_FIELD(PV_DEV_SPI(0), 1u << 0) |
		   BYTE_FIELD(PV_DEV_SPI(1), 1u << 1));
	dist_write(GICD_ICFGR(PV_DEV_SPI(0) / 16u), 0);
	dist_write(GICD_ISENABLER(GIC_REG_INDEX(PV_DEV_SPI(0))),
		   GIC_REG_BIT(PV_DEV_SPI(0)) | GIC_REG_BIT(PV_DEV_SPI(1)));
	dist_write(GICD_CTLR, GICD_CTLR_ENABLE_GRP0);
}

static void run_until(uint32_t vcpu, int (*done)(uint32_t), uint32_t limit)
{
	uint32_t start = ticks();

	while (!done(vcpu) && ticks() - start < limit)
		idle_step(vcpu);
}

static int vcpu1_ready(uint32_t vcpu)
{
	(void)vcpu;
	return vlog[1].ready != 0;
}

static int vcpu1_done(uint32_t vcpu)
{
	(void)vcpu;
	return vlog[1].done != 0;
}

void guest_vcpu_entry(void);        /* guest_start.S */
void guest_main(uint32_t vcpu);

void guest_main(uint32_t vcpu)
{
	volatile struct vcpu_log *me = &vlog[vcpu];
	int32_t cpu_on;

	me->mpidr = read_sysreg(MPIDR);
	gic_setup(vcpu);
	if (vcpu != 0) {
		me->ready = 1;
		run_until(vcpu, finished, START_TICKS + RUN_TICKS);
		me->done = 1;
		pv_psci(PSCI_FN_CPU_OFF, 0, 0, 0);
		return;
	}

	cpu_on = pv_psci(PSCI_FN_CPU_ON, 1u, (uint32_t)guest_vcpu_entry, 0);
	run_until(vcpu, vcpu1_ready, START_TICKS);
	pv_call(PV_HVC_DEV_START, 0, 0);
	run_until(vcpu, finished, RUN_TICKS);
	run_until(vcpu, vcpu1_done, START_TICKS);
	report(cpu_on);
	pv_psci(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
}
