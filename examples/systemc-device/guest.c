/*
 * The guest of examples/systemc-device: it drives sc_timer, a SystemC/TLM-2.0 model at
 * 0x0c000000 whose interrupt is SPI 10 (INTID 42), on either embedding: hypsim running the
 * model from a shared object named in a platform file, or a SystemC program running hypsim
 * as an sc_module. The register map is the model's (README.md); the timing bounds are
 * docs/timing.md's: a device line is seen at most one quantum after it changes.
 *
 * Prints TAP; the Generic Timer's count (CNTPCT at CNTFRQ) is the guest's clock.
 */
#include "guest.h"

#define SCT_BASE                0x0c000000u
#define SCT_INTID               42u
#define SCT_ID                  0x00u
#define SCT_CTRL                0x04u
#define SCT_LOAD                0x08u
#define SCT_STATUS              0x0cu
#define SCT_INTCLR              0x10u
#define SCT_ID_VALUE            0x53435431u     /* "SCT1" */
#define SCT_CTRL_ENABLE         (1u << 0)
#define SCT_CTRL_IRQ_ENABLE     (1u << 1)
#define SCT_STATUS_FIRED        (1u << 0)

#define SCT_PRIORITY            0x80u
#define PRIORITY_MASK           0xf0u
#define QUANTUM_NS              10000u          /* the default quantum at virt-a15's CPI */
#define WFI_LIMIT               1000u
#define POLL_LIMIT              1000000u

#define sct_read(off)           mmio_read32(SCT_BASE + (off))
#define sct_write(off, v)       mmio_write32(SCT_BASE + (off), (v))

static uint64_t ticks_of_ns(uint64_t ns)
{
	return ns * read_sysreg(CNTFRQ) / 1000000000u;
}

static void wait_ticks(uint64_t until)
{
	for (unsigned i = 0; i < POLL_LIMIT && timer_read_pct() < until; i++)
		;
}

/* Loosely timed: STATUS follows the countdown at the time the vCPU reads it. */
static void test_status(void)
{
	const uint32_t load_ns = 20000;
	uint64_t t0;

	sct_write(SCT_CTRL, SCT_CTRL_ENABLE);
	is(sct_read(SCT_CTRL), SCT_CTRL_ENABLE, "CTRL reads back ENABLE");
	t0 = timer_read_pct();
	sct_write(SCT_LOAD, load_ns);
	is(sct_read(SCT_LOAD), load_ns, "LOAD reads back");
	is(sct_read(SCT_STATUS), 0, "STATUS is clear just after LOAD");
	wait_ticks(t0 + ticks_of_ns(load_ns) + 2);
	is(sct_read(SCT_STATUS), SCT_STATUS_FIRED, "STATUS.FIRED once the countdown has ended");
	ok(!gic_is_pending(SCT_INTID), "without IRQ_ENABLE, SPI 10 is not pending");
	sct_write(SCT_INTCLR, SCT_STATUS_FIRED);
	is(sct_read(SCT_STATUS), 0, "INTCLR clears STATUS.FIRED");
}

/* The interrupt: taken out of WFI within a quantum of the countdown's end. */
static void test_interrupt(void)
{
	const uint32_t load_ns = 100000;
	uint32_t hppir = GIC_INTID_SPURIOUS, iar;
	uint64_t t0, t1;
	unsigned i;

	gic_set_priority(SCT_INTID, SCT_PRIORITY);
	gicd_write8(GICD_ITARGETSR_BYTE(SCT_INTID), 1u);       /* CPU interface 0 */
	gic_enable_irq(SCT_INTID);

	sct_write(SCT_CTRL, SCT_CTRL_ENABLE | SCT_CTRL_IRQ_ENABLE);
	t0 = timer_read_pct();
	sct_write(SCT_LOAD, load_ns);
	for (i = 0; i < WFI_LIMIT; i++) {
		hppir = gicc_read(GICC_HPPIR);
		if (hppir == SCT_INTID)
			break;
		dsb();
		__asm__ volatile("wfi" : : : "memory");
	}
	t1 = timer_read_pct();
	is(hppir, SCT_INTID, "WFI ends with SPI 10 (INTID 42) pending");
	ok(t1 - t0 >= ticks_of_ns(load_ns), "not before the countdown's end (100 us)");
	ok(t1 - t0 <= ticks_of_ns(load_ns + QUANTUM_NS),
	   "within a quantum of the countdown's end");
	is(sct_read(SCT_STATUS), SCT_STATUS_FIRED, "STATUS.FIRED");
	iar = gicc_read(GICC_IAR);
	is(iar, SCT_INTID, "GICC_IAR is INTID 42");
	ok(gic_is_active(SCT_INTID), "SPI 10 is active after GICC_IAR");

	/* The line drops when the model sees INTCLR; the GIC sees it when the vCPU's turn
	 * ends, as a line another vCPU lowers (docs/timing.md). */
	sct_write(SCT_INTCLR, SCT_STATUS_FIRED);
	gicc_write(GICC_EOIR, iar);
	for (i = 0; i < POLL_LIMIT && gic_is_pending(SCT_INTID); i++)
		;
	ok(!gic_is_pending(SCT_INTID) && !gic_is_active(SCT_INTID),
	   "after INTCLR and GICC_EOIR, SPI 10 is neither pending nor active");
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "nothing is pending");
	sct_write(SCT_CTRL, 0);
}

int main(void)
{
	is(sct_read(SCT_ID), SCT_ID_VALUE, "sc_timer's ID is \"SCT1\"");
	gic_dist_enable();
	gic_cpu_enable(PRIORITY_MASK);
	test_status();
	test_interrupt();
	done_testing();
	return 0;
}
