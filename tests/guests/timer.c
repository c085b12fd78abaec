/*
 * The Generic Timer (DDI 0406C chapter B8; registers in B4.1 by name) waking WFI, and its
 * access controls.
 *
 * Each of the physical timer (CNTP_*, PPI 30 on virt-a15), the virtual timer (CNTV_*, PPI
 * 27, counting CNTVCT = CNTPCT - CNTVOFF) and the Hyp timer (CNTHP_*, PPI 26) is set a
 * millisecond ahead, from Hyp mode with CPSR.I set, and the CPU waits in WFI, which a
 * pending interrupt ends even while CPSR.I masks it (A8.8, "WFI"). Then the
 * timer's PPI is the one GICC_IAR acknowledges, CTL.ISTATUS is set (the timer condition,
 * CVAL <= counter, holds), the counter is at or past CVAL, and TVAL (CVAL - counter, signed
 * 32 bits) is not positive. With CTL.IMASK set the condition stays but the interrupt is
 * deasserted: after GICC_EOIR the PPI is neither pending nor active. The physical timer is
 * set through TVAL (CVAL = counter + TVAL), the others through CVAL.
 *
 * Access controls: with CNTHCTL.PL1PCTEN and PL1PCEN clear, Non-secure PL1 reads of CNTPCT
 * and CNTP_CTL trap to Hyp mode (HSR.EC 0x04 and 0x03, B3.13.6), while the virtual counter
 * and timer stay accessible; with CNTKCTL.PL0VCTEN and PL0VTEN clear, User mode reads of
 * CNTVCT and CNTV_CTL are UNDEFINED, taken to Undefined mode (HCR.TGE = 0).
 *
 * Nothing timing-dependent is printed: counter values only take part in comparisons.
 */
#include "guest.h"

#define TIMER_PRIORITY  0x80u
#define PRIORITY_MASK   0xf0u
#define WFI_LIMIT       1000u           /* a WFI may also end for other reasons (A8.8) */
#define HVC_SET_CNTHCTL 1               /* r0 = the new CNTHCTL */

enum timer { TIMER_PHYS, TIMER_VIRT, TIMER_HYP };

static const char *const timer_name[] = {
	[TIMER_PHYS] = "physical timer",
	[TIMER_VIRT] = "virtual timer",
	[TIMER_HYP] = "Hyp timer",
};
static const uint32_t timer_ppi[] = {
	[TIMER_PHYS] = TIMER_PPI_PHYS,
	[TIMER_VIRT] = TIMER_PPI_VIRT,
	[TIMER_HYP] = TIMER_PPI_HYP,
};

static uint32_t ctl_read(enum timer t)
{
	isb();
	switch (t) {
	case TIMER_PHYS:
		return read_sysreg(CNTP_CTL);
	case TIMER_VIRT:
		return read_sysreg(CNTV_CTL);
	default:
		return read_sysreg(CNTHP_CTL);
	}
}

static void ctl_write(enum timer t, uint32_t v)
{
	switch (t) {
	case TIMER_PHYS:
		write_sysreg(v, CNTP_CTL);
		break;
	case TIMER_VIRT:
		write_sysreg(v, CNTV_CTL);
		break;
	default:
		write_sysreg(v, CNTHP_CTL);
		break;
	}
	isb();
}

static uint64_t cval_read(enum timer t)
{
	switch (t) {
	case TIMER_PHYS:
		return read_sysreg64(CNTP_CVAL);
	case TIMER_VIRT:
		return read_sysreg64(CNTV_CVAL);
	default:
		return read_sysreg64(CNTHP_CVAL);
	}
}

static void cval_write(enum timer t, uint64_t v)
{
	switch (t) {
	case TIMER_PHYS:
		write_sysreg64(v, CNTP_CVAL);
		break;
	case TIMER_VIRT:
		write_sysreg64(v, CNTV_CVAL);
		break;
	default:
		write_sysreg64(v, CNTHP_CVAL);
		break;
	}
	isb();
}

static uint32_t tval_read(enum timer t)
{
	isb();
	switch (t) {
	case TIMER_PHYS:
		return read_sysreg(CNTP_TVAL);
	case TIMER_VIRT:
		return read_sysreg(CNTV_TVAL);
	default:
		return read_sysreg(CNTHP_TVAL);
	}
}

/* The counter the timer compares with. */
static uint64_t counter(enum timer t)
{
	return t == TIMER_VIRT ? timer_read_vct() : timer_read_pct();
}

/* Sets the timer delta ticks ahead and waits for its interrupt in WFI. */
static void test_wakeup(enum timer t, uint32_t delta)
{
	const char *what = timer_name[t];
	uint32_t ppi = timer_ppi[t], hppir = GIC_INTID_SPURIOUS, iar, ctl;
	uint64_t cval, now;
	unsigned wfis;

	ctl_write(t, 0);
	gic_set_priority(ppi, TIMER_PRIORITY);
	gic_enable_irq(ppi);

	if (t == TIMER_PHYS) {
		uint64_t before = counter(t), after;

		write_sysreg(delta, CNTP_TVAL);
		isb();
		after = counter(t);
		cval = cval_read(t);
		ok(cval >= before + delta && cval <= after + delta,
		   "%s: writing TVAL sets CVAL to the counter plus TVAL", what);
	} else {
		cval = counter(t) + delta;
		cval_write(t, cval);
		ok(cval_read(t) == cval, "%s: CVAL reads back", what);
	}
	ctl_write(t, CNT_CTL_ENABLE);

	for (wfis = 0; wfis < WFI_LIMIT; wfis++) {
		hppir = gicc_read(GICC_HPPIR);
		if (hppir == ppi)
			break;
		dsb();
		__asm__ volatile("wfi" : : : "memory");
	}
	is(hppir, ppi, "%s: WFI ends with PPI %lu pending", what, ppi);
	iar = gicc_read(GICC_IAR);
	ctl = ctl_read(t);
	now = counter(t);
	is(iar, ppi, "%s: GICC_IAR is %lu", what, ppi);
	is(ctl, CNT_CTL_ENABLE | CNT_CTL_ISTATUS, "%s: CTL is ENABLE and ISTATUS", what);
	ok(now >= cval_read(t), "%s: the counter is at or past CVAL", what);
	ok((int32_t)tval_read(t) <= 0, "%s: TVAL is not positive", what);

	ctl_write(t, CNT_CTL_ENABLE | CNT_CTL_IMASK);
	is(ctl_read(t), CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS,
	   "%s: with IMASK set, ISTATUS stays set", what);
	gicc_write(GICC_EOIR, iar);
	ok(!gic_is_pending(ppi) && !gic_is_active(ppi),
	   "%s: with IMASK set, the PPI is neither pending nor active after GICC_EOIR", what);
	is(gicc_read(GICC_HPPIR), GIC_INTID_SPURIOUS, "%s: nothing is pending", what);

	ctl_write(t, 0);
	gic_disable_irq(ppi);
}

/* CNTVCT = CNTPCT - CNTVOFF (B8, "The virtual counter"), CNTVOFF set from Hyp mode so that
 * CNTPCT reaches the virtual timer's CVAL well before CNTVCT does. */
static void set_cntvoff(uint32_t delta)
{
	uint64_t voff, p1, p2, v;
	unsigned i;

	for (i = 0; i < 10000000u && timer_read_pct() < 4ull * delta; i++)
		;
	voff = timer_read_pct() - delta;
	write_sysreg64(voff, CNTVOFF);
	isb();
	ok(read_sysreg64(CNTVOFF) == voff, "CNTVOFF reads back");
	p1 = timer_read_pct();
	v = timer_read_vct();
	p2 = timer_read_pct();
	ok(v >= p1 - voff && v <= p2 - voff, "CNTVCT is CNTPCT - CNTVOFF");
}

/* Access control tests, from SVC and User mode. */
static volatile struct {
	unsigned traps, undefs;
	uint32_t hsr, elr, und_ret, und_mode;
} acc;

void hyp_trap_handler(struct exc_frame *f)
{
	uint32_t hsr = read_sysreg(HSR);

	if (HSR_EC(hsr) == HSR_EC_HVC && HSR_ISS_HVC_IMM16(hsr) == HVC_SET_CNTHCTL) {
		write_sysreg(f->r[0], CNTHCTL);
		isb();
		return;
	}
	acc.traps++;
	acc.hsr = hsr;
	acc.elr = f->ret;
	f->ret += 4;                    /* skip the trapped instruction */
}

void pl1_undef_handler(struct exc_frame *f)
{
	acc.undefs++;
	acc.und_ret = f->ret;           /* LR_und: the next instruction */
	acc.und_mode = PSR_MODE(f->spsr);
}

/* SVC #0 from User mode returns to SVC mode: the way back from the User mode tests. */
void pl1_svc_handler(struct exc_frame *f)
{
	f->spsr = (f->spsr & ~PSR_MODE_MASK) | PSR_MODE_SVC;
}

static void set_cnthctl(uint32_t v)
{
	register uint32_t r0 __asm__("r0") = v;

	__asm__ volatile("hvc #" STRINGIFY(HVC_SET_CNTHCTL) : "+r"(r0) : : "memory");
}

static void forget(void)
{
	acc.traps = acc.undefs = 0;
	acc.hsr = acc.elr = acc.und_ret = acc.und_mode = 0;
}

/* The reads, each at a known address; Rt = r4, Rt2 = r5. */
#define READ_AT(insn, at) \
	__asm__ volatile("adr %0, 1f\n" \
			 "1:\t" insn : "=&r"(at) : : "r4", "r5", "memory")
#define MRRC_CNTPCT     "mrrc p15, 0, r4, r5, c14"
#define MRRC_CNTVCT     "mrrc p15, 1, r4, r5, c14"
#define MRC_CNTP_CTL    "mrc p15, 0, r4, c14, c2, 1"
#define MRC_CNTV_CTL    "mrc p15, 0, r4, c14, c3, 1"
/* The same in User mode: CPS to User mode, the read, SVC #0 back to SVC mode. */
#define READ_AT_USR(insn, at) \
	__asm__ volatile("cps #0x10\n\t"		/* User mode */ \
			 "adr %0, 1f\n" \
			 "1:\t" insn "\n\t" \
			 "svc #0" : "=&r"(at) : : "r4", "r5", "lr", "memory")

static void test_cnthctl(void)
{
	uint32_t at;

	set_cnthctl(0);
	forget();
	READ_AT(MRRC_CNTPCT, at);
	is(acc.traps, 1, "CNTPCT read at PL1 without CNTHCTL.PL1PCTEN traps to Hyp mode");
	is(acc.hsr, HSR_VALUE(HSR_EC_CP15_64,
			      HSR_ISS_COND_AL | HSR_ISS_MCRR_MRRC(0, 14, 4, 5, HSR_ISS_READ)),
	   "CNTPCT read at PL1 trapped: HSR is 0x%08lx",
	   HSR_VALUE(HSR_EC_CP15_64, HSR_ISS_COND_AL | HSR_ISS_MCRR_MRRC(0, 14, 4, 5, 1)));
	is(acc.elr, at, "CNTPCT read at PL1 trapped: ELR_hyp is the MRRC");

	forget();
	READ_AT(MRC_CNTP_CTL, at);
	is(acc.traps, 1, "CNTP_CTL read at PL1 without CNTHCTL.PL1PCEN traps to Hyp mode");
	is(acc.hsr, HSR_VALUE(HSR_EC_CP15_32,
			      HSR_ISS_COND_AL | HSR_ISS_MCR_MRC(0, 14, 2, 1, 4, HSR_ISS_READ)),
	   "CNTP_CTL read at PL1 trapped: HSR is 0x%08lx",
	   HSR_VALUE(HSR_EC_CP15_32, HSR_ISS_COND_AL | HSR_ISS_MCR_MRC(0, 14, 2, 1, 4, 1)));
	is(acc.elr, at, "CNTP_CTL read at PL1 trapped: ELR_hyp is the MRC");

	forget();
	READ_AT(MRRC_CNTVCT, at);
	READ_AT(MRC_CNTV_CTL, at);
	is(acc.traps, 0, "CNTVCT and CNTV_CTL reads at PL1 are not trapped");

	set_cnthctl(CNTHCTL_PL1PCTEN | CNTHCTL_PL1PCEN);
	forget();
	READ_AT(MRRC_CNTPCT, at);
	READ_AT(MRC_CNTP_CTL, at);
	is(acc.traps, 0,
	   "with CNTHCTL.PL1PCTEN and PL1PCEN, CNTPCT and CNTP_CTL reads at PL1 are not trapped");
}

static void test_cntkctl(void)
{
	uint32_t at;

	write_sysreg(0, CNTKCTL);
	isb();
	forget();
	READ_AT_USR(MRRC_CNTVCT, at);
	is(acc.undefs, 1, "CNTVCT read in User mode without CNTKCTL.PL0VCTEN is UNDEFINED");
	is(acc.und_ret, at + 4, "CNTVCT read in User mode: LR_und is the MRRC + 4");
	is(acc.und_mode, PSR_MODE_USR, "CNTVCT read in User mode: SPSR_und.M is User mode");
	is(acc.traps, 0, "CNTVCT read in User mode: not trapped to Hyp mode");

	forget();
	READ_AT_USR(MRC_CNTV_CTL, at);
	is(acc.undefs, 1, "CNTV_CTL read in User mode without CNTKCTL.PL0VTEN is UNDEFINED");
	is(acc.und_ret, at + 4, "CNTV_CTL read in User mode: LR_und is the MRC + 4");

	write_sysreg(CNTKCTL_PL0VCTEN | CNTKCTL_PL0VTEN, CNTKCTL);
	isb();
	forget();
	READ_AT_USR(MRRC_CNTVCT, at);
	READ_AT_USR(MRC_CNTV_CTL, at);
	ok(acc.undefs == 0 && acc.traps == 0,
	   "with CNTKCTL.PL0VCTEN and PL0VTEN, CNTVCT and CNTV_CTL reads in User mode work");
	write_sysreg(0, CNTKCTL);
	isb();
}

int main(void)
{
	uint32_t delta = read_sysreg(CNTFRQ) / 1000u;     /* 1 ms */

	gic_dist_enable();
	gic_cpu_enable(PRIORITY_MASK);

	test_wakeup(TIMER_PHYS, delta);
	set_cntvoff(delta);
	test_wakeup(TIMER_VIRT, delta);
	test_wakeup(TIMER_HYP, delta);

	guest_enter_svc();
	test_cnthctl();
	test_cntkctl();

	return (int)done_testing();
}
