/*
 * Hyp traps (DDI 0406C B1.14, "Traps to the hypervisor") from Non-secure SVC mode. SVC mode
 * asks Hyp mode by HVC to set one trap control, then executes the instruction it traps; the
 * trap enters Hyp mode through the Hyp Trap vector, HVBAR + 0x14 (B1.8.1), with ELR_hyp =
 * the trapped instruction itself, its preferred return address (B1.8.3), SPSR_hyp = the SVC
 * mode CPSR, and HSR = the exception class and its ISS (B3.13.6):
 *
 *   WFI with HCR.TWI                        EC 0x01, CV, COND, TI = 0
 *   WFE with HCR.TWE                        EC 0x01, CV, COND, TI = 1
 *   MCR to SCTLR with HCR.TVM               EC 0x03, Opc2, Opc1, CRn, Rt, CRm, Direction
 *   MRC from ID_MMFR0 with HCR.TID3         EC 0x03
 *   MCRR to TTBR0 with HCR.TVM              EC 0x04, Opc1, Rt2, Rt, CRm, Direction
 *   MRC from PMCR (c9) with HSTR.T9         EC 0x03
 *   MRC from CBAR (c15) with HSTR.T15       EC 0x03
 *   SMC with HCR.TSC                        EC 0x13; its ISS is UNK/SBZP in ARMv7
 *   VMRS, VADD.F64 with HCPTR.TCP10, TCP11  EC 0x07, TA = 0, coproc 0xA for any
 *                                           Floating-point instruction
 *
 * Every trapped instruction is an unconditional ARM instruction: CV = 1, COND = 0xE, IL = 1.
 * The handler skips it, so it has no effect: a trapped write leaves its register as it was,
 * a trapped MRC returns the handler's value in the Rt the HSR names. Without its trap
 * control, an instruction runs in SVC mode. An UNDEFINED instruction in SVC mode with
 * HCR.TGE = 0 stays at PL1, in Undefined mode through VBAR + 0x04 (B4.1, "HCR": TGE), whatever
 * traps are set.
 */
#include "guest.h"

/*
 * A local register variable is in its register only as an operand of an asm statement (GCC
 * manual, "Specifying Registers for Local Variables"), so each one is given its value just
 * before the asm and read into a plain variable just after it.
 */

/* HVC #HVC_SET_TRAPS with r0 = HCR, r1 = HSTR, r2 = HCPTR: Hyp mode writes the three. */
#define HVC_SET_TRAPS   1
/* What the handler gives a trapped MRC. */
#define EMULATED        0x600d5eedu
/* What a register holds before an instruction that must not write it. */
#define SENTINEL        0x5e5e5e5eu
/* TTBR0 value a trapped MCRR would write. */
#define TTBR0_PROBE     0x0000000012345000ull

/* UDF #imm16, ARM encoding A1 (A8.8, "UDF"). */
#define UDF_A1(imm16)   (0xe7f000f0u | (((imm16) >> 4) << 8) | ((imm16) & 0xfu))
/* ARM encodings of the Floating-point instructions (A8.8, "VMRS", "VMSR", "VADD"), given by
 * value since the guests are built for the soft-float ABI. */
#define VMRS_R2_FPSCR   ".inst 0xeef12a10"      /* coprocessor 10 */
#define VMSR_FPEXC_R0   ".inst 0xeee80a10"
#define VMRS_R0_FPEXC   ".inst 0xeef80a10"
#define VADD_F64_D0     ".inst 0xee300b00"      /* vadd.f64 d0, d0, d0: coprocessor 11 */

static volatile struct {
	unsigned taken;
	uint32_t vector, hsr, elr, spsr, mode;
} trap;

static volatile struct {
	unsigned taken;
	uint32_t vector, ret, spsr, mode, insn;
} undef;

void hyp_trap_handler(struct exc_frame *f)
{
	uint32_t hsr = read_sysreg(HSR);
	uint32_t ec = HSR_EC(hsr);

	if (ec == HSR_EC_HVC && HSR_ISS_HVC_IMM16(hsr) == HVC_SET_TRAPS) {
		write_sysreg(f->r[0], HCR);
		write_sysreg(f->r[1], HSTR);
		write_sysreg(f->r[2], HCPTR);
		isb();
		return;
	}
	trap.taken++;
	trap.vector = f->vector;
	trap.hsr = hsr;
	trap.elr = f->ret;
	trap.spsr = f->spsr;
	trap.mode = PSR_MODE(read_cpsr());
	if (ec == HSR_EC_CP15_32 && (hsr & HSR_ISS_READ) && HSR_ISS_RT(hsr) < 13)
		f->r[HSR_ISS_RT(hsr)] = EMULATED;
	f->ret += 4;                    /* resume after the trapped instruction */
}

void pl1_undef_handler(struct exc_frame *f)
{
	undef.taken++;
	undef.vector = f->vector;
	undef.ret = f->ret;             /* LR_und: the next instruction in ARM state */
	undef.spsr = f->spsr;
	undef.mode = PSR_MODE(read_cpsr());
	undef.insn = *(const uint32_t *)(f->ret - 4);
}

/* From SVC mode: sets the trap controls. */
static void set_traps(uint32_t hcr, uint32_t hstr, uint32_t hcptr)
{
	register uint32_t r0 __asm__("r0") = hcr;
	register uint32_t r1 __asm__("r1") = hstr;
	register uint32_t r2 __asm__("r2") = hcptr;

	__asm__ volatile("hvc #" STRINGIFY(HVC_SET_TRAPS) : : "r"(r0), "r"(r1), "r"(r2) : "memory");
}

/* Sets the trap controls and forgets earlier traps. */
static void arm_traps(uint32_t hcr, uint32_t hstr, uint32_t hcptr)
{
	set_traps(hcr, hstr, hcptr);
	trap.taken = 0;
	trap.vector = trap.hsr = trap.elr = trap.spsr = trap.mode = 0;
}

/* Clears the trap controls and keeps the record of what trapped. */
static void clear_traps(void)
{
	set_traps(0, 0, 0);
}

/* hsr_mask selects the HSR bits the architecture defines. */
static void check_trap(const char *what, uint32_t at, uint32_t hsr, uint32_t hsr_mask)
{
	is(trap.taken, 1, "%s: traps to Hyp mode once", what);
	is(trap.vector, EXC_VEC_HYP_TRAP, "%s: through the Hyp Trap vector HVBAR + 0x14", what);
	is(trap.mode, PSR_MODE_HYP, "%s: the handler runs in Hyp mode", what);
	if (hsr_mask == ~0u)
		is(trap.hsr, hsr, "%s: HSR is 0x%08lx", what, hsr);
	else
		is(trap.hsr & hsr_mask, hsr, "%s: HSR.EC and HSR.IL are 0x%08lx", what, hsr);
	is(trap.elr, at, "%s: ELR_hyp is the trapped instruction", what);
	is(PSR_MODE(trap.spsr), PSR_MODE_SVC, "%s: SPSR_hyp.M is SVC mode", what);
}

static void test_wfi(void)
{
	uint32_t at;

	arm_traps(HCR_TWI, 0, 0);
	__asm__ volatile("adr %0, 1f\n"
			 "1:\twfi" : "=&r"(at) : : "memory");
	clear_traps();
	check_trap("WFI with HCR.TWI", at, HSR_VALUE(HSR_EC_WFI_WFE, HSR_ISS_COND_AL), ~0u);
}

/*
 * HCR.TWE traps a WFE that would suspend execution, that is one executed with the Event
 * Register clear (B1.14, "Trapping use of the WFI and WFE instructions"). SEV sets the Event
 * Register, so the first WFE clears it and goes on (A8.8, "SEV", "WFE"); the second one is
 * trapped.
 */
static void test_wfe(void)
{
	uint32_t at;

	arm_traps(HCR_TWE, 0, 0);
	__asm__ volatile("sev\n\t"
			 "wfe\n\t"
			 "adr %0, 1f\n"
			 "1:\twfe" : "=&r"(at) : : "memory");
	clear_traps();
	check_trap("WFE with HCR.TWE", at,
		   HSR_VALUE(HSR_EC_WFI_WFE, HSR_ISS_COND_AL | HSR_ISS_TI_WFE), ~0u);
}

static void test_mcr_sctlr(void)
{
	uint32_t old = read_sysreg(SCTLR), now, at;
	register uint32_t r5 __asm__("r5");

	arm_traps(HCR_TVM, 0, 0);
	r5 = old | SCTLR_A;
	__asm__ volatile("adr %0, 1f\n"
			 "1:\tmcr p15, 0, %1, c1, c0, 0" : "=&r"(at) : "r"(r5) : "memory");
	clear_traps();
	now = read_sysreg(SCTLR);
	check_trap("MCR to SCTLR with HCR.TVM", at,
		   HSR_VALUE(HSR_EC_CP15_32, HSR_ISS_COND_AL | HSR_ISS_MCR_MRC(0, 1, 0, 0, 5, 0)),
		   ~0u);
	is(now, old, "MCR to SCTLR with HCR.TVM: SCTLR is unchanged");
	if (now != old) {
		write_sysreg(old, SCTLR);
		isb();
	}
}

static void test_mrc_id(uint32_t id_mmfr0)
{
	uint32_t at, got;
	register uint32_t r4 __asm__("r4");

	arm_traps(HCR_TID3, 0, 0);
	r4 = SENTINEL;
	__asm__ volatile("adr %0, 1f\n"
			 "1:\tmrc p15, 0, %1, c0, c1, 4" : "=&r"(at), "+r"(r4) : : "memory");
	got = r4;
	clear_traps();
	check_trap("MRC from ID_MMFR0 with HCR.TID3", at,
		   HSR_VALUE(HSR_EC_CP15_32,
			     HSR_ISS_COND_AL | HSR_ISS_MCR_MRC(0, 0, 1, 4, 4, HSR_ISS_READ)), ~0u);
	is(got, EMULATED, "MRC from ID_MMFR0 with HCR.TID3: Rt gets the value of the handler");

	arm_traps(0, 0, 0);
	got = read_sysreg(ID_MMFR0);
	is(trap.taken, 0, "MRC from ID_MMFR0 without HCR.TID3 is not trapped");
	is(got, id_mmfr0, "MRC from ID_MMFR0 without HCR.TID3 reads ID_MMFR0");
}

static void test_mcrr_ttbr0(void)
{
	uint64_t old = read_sysreg64(TTBR0_64), now;
	uint32_t at;
	register uint32_t r6 __asm__("r6");
	register uint32_t r7 __asm__("r7");

	arm_traps(HCR_TVM, 0, 0);
	r6 = (uint32_t)TTBR0_PROBE;
	r7 = (uint32_t)(TTBR0_PROBE >> 32);
	__asm__ volatile("adr %0, 1f\n"
			 "1:\tmcrr p15, 0, %1, %2, c2" : "=&r"(at) : "r"(r6), "r"(r7) : "memory");
	clear_traps();
	now = read_sysreg64(TTBR0_64);
	check_trap("MCRR to TTBR0 with HCR.TVM", at,
		   HSR_VALUE(HSR_EC_CP15_64, HSR_ISS_COND_AL | HSR_ISS_MCRR_MRRC(0, 2, 6, 7, 0)),
		   ~0u);
	ok(now == old, "MCRR to TTBR0 with HCR.TVM: TTBR0 is unchanged");
	if (now != old) {
		write_sysreg64(old, TTBR0_64);
		isb();
	}
}

static void test_hstr(void)
{
	uint32_t at, got;
	register uint32_t r3 __asm__("r3");
	register uint32_t r8 __asm__("r8");

	arm_traps(0, HSTR_T(9), 0);
	r3 = SENTINEL;
	__asm__ volatile("adr %0, 1f\n"
			 "1:\tmrc p15, 0, %1, c9, c12, 0" : "=&r"(at), "+r"(r3) : : "memory");
	got = r3;
	clear_traps();
	check_trap("MRC from PMCR with HSTR.T9", at,
		   HSR_VALUE(HSR_EC_CP15_32,
			     HSR_ISS_COND_AL | HSR_ISS_MCR_MRC(0, 9, 12, 0, 3, HSR_ISS_READ)), ~0u);
	is(got, EMULATED, "MRC from PMCR with HSTR.T9: Rt gets the value of the handler");

	arm_traps(0, HSTR_T(15), 0);
	r8 = SENTINEL;
	__asm__ volatile("adr %0, 1f\n"
			 "1:\tmrc p15, 4, %1, c15, c0, 0" : "=&r"(at), "+r"(r8) : : "memory");
	got = r8;
	clear_traps();
	check_trap("MRC from CBAR with HSTR.T15", at,
		   HSR_VALUE(HSR_EC_CP15_32,
			     HSR_ISS_COND_AL | HSR_ISS_MCR_MRC(4, 15, 0, 0, 8, HSR_ISS_READ)), ~0u);
	is(got, EMULATED, "MRC from CBAR with HSTR.T15: Rt gets the value of the handler");
}

static void test_smc(void)
{
	uint32_t at, got;
	register uint32_t r0 __asm__("r0");

	arm_traps(HCR_TSC, 0, 0);
	r0 = PSCI_FN_VERSION;
	__asm__ volatile("adr %0, 1f\n"
			 "1:\tsmc #0" : "=&r"(at), "+r"(r0) : : "r1", "r2", "r3", "memory");
	got = r0;
	clear_traps();
	check_trap("SMC with HCR.TSC", at, HSR_VALUE(HSR_EC_SMC, 0), ~HSR_ISS(~0u));
	is(got, PSCI_FN_VERSION, "SMC with HCR.TSC: the PSCI call is not made, r0 is unchanged");

	arm_traps(0, 0, 0);
	got = psci_version();
	ok(got != PSCI_FN_VERSION && trap.taken == 0,
	   "SMC without HCR.TSC is not trapped: PSCI_VERSION answers");
}

/*
 * CPACR gives PL1 full access to coprocessors 10 and 11 and FPEXC.EN is set (from Hyp mode,
 * before the test), so only HCPTR stands between SVC mode and the Floating-point Extension
 * (B4.1, "HCPTR").
 */
static void test_hcptr(void)
{
	uint32_t at, got;
	register uint32_t r2 __asm__("r2");

	arm_traps(0, 0, HCPTR_TCP(10) | HCPTR_TCP(11));
	r2 = SENTINEL;
	__asm__ volatile("adr %0, 1f\n"
			 "1:\t" VMRS_R2_FPSCR : "=&r"(at), "+r"(r2) : : "memory");
	got = r2;
	clear_traps();
	check_trap("VMRS with HCPTR.TCP10", at,
		   HSR_VALUE(HSR_EC_HCPTR, HSR_ISS_COND_AL | HSR_ISS_HCPTR_COPROC(10)), ~0u);
	is(got, SENTINEL, "VMRS with HCPTR.TCP10: Rt is not written");

	arm_traps(0, 0, HCPTR_TCP(10) | HCPTR_TCP(11));
	__asm__ volatile("adr %0, 1f\n"
			 "1:\t" VADD_F64_D0 : "=&r"(at) : : "memory");
	clear_traps();
	check_trap("VADD.F64 with HCPTR.TCP11", at,
		   HSR_VALUE(HSR_EC_HCPTR, HSR_ISS_COND_AL | HSR_ISS_HCPTR_COPROC(10)), ~0u);

	arm_traps(0, 0, 0);
	r2 = SENTINEL;
	__asm__ volatile(VMRS_R2_FPSCR : "+r"(r2) : : "memory");
	is(trap.taken, 0, "VMRS without HCPTR traps is not trapped");
}

static void test_undef(void)
{
	uint32_t at, taken;

	arm_traps(HCR_TWI | HCR_TWE | HCR_TID3 | HCR_TSC | HCR_TVM, HSTR_T(9) | HSTR_T(15),
		  HCPTR_TCP(10) | HCPTR_TCP(11));
	undef.taken = 0;
	__asm__ volatile("adr %0, 1f\n"
			 "1:\tudf #0x7e57" : "=&r"(at) : : "memory");
	taken = trap.taken;
	clear_traps();
	is(taken, 0, "UDF in SVC mode with HCR.TGE clear is not taken to Hyp mode");
	is(undef.taken, 1, "UDF in SVC mode with HCR.TGE clear is taken at PL1 once");
	is(undef.vector, EXC_VEC_UNDEF, "UDF in SVC mode: Undefined Instruction vector VBAR + 0x04");
	is(undef.mode, PSR_MODE_UND, "UDF in SVC mode: the handler runs in Undefined mode");
	is(undef.ret, at + 4, "UDF in SVC mode: LR_und is the UDF + 4");
	is(undef.insn, UDF_A1(0x7e57), "UDF in SVC mode: LR_und - 4 holds UDF 0x7e57");
	is(PSR_MODE(undef.spsr), PSR_MODE_SVC, "UDF in SVC mode: SPSR_und.M is SVC mode");
}

int main(void)
{
	uint32_t id_mmfr0 = read_sysreg(ID_MMFR0);
	register uint32_t r0 __asm__("r0");

	/*
	 * Hyp mode lets Non-secure PL1 use the Floating-point Extension (B4.1, "CPACR",
	 * "FPEXC"); Hyp mode itself needs HCPTR.TCP10/11 clear to write FPEXC. NSACR, which
	 * Secure software alone can write, is not read: QEMU's virt board has no Secure state
	 * (no EL3) and gives its ARMv7 CPUs no NSACR then, acting as if NSACR.cp10 and cp11
	 * were set (see boot.c on the Security Extensions).
	 */
	write_sysreg(read_sysreg(CPACR) | CPACR_CP10_FULL | CPACR_CP11_FULL, CPACR);
	write_sysreg(0, HCPTR);
	isb();
	is(read_sysreg(CPACR) & (CPACR_CP10_FULL | CPACR_CP11_FULL),
	   CPACR_CP10_FULL | CPACR_CP11_FULL, "CPACR.cp10 and cp11 give PL1 full access");
	r0 = FPEXC_EN;
	__asm__ volatile(VMSR_FPEXC_R0 "\n\tisb" : : "r"(r0) : "memory");
	__asm__ volatile(VMRS_R0_FPEXC : "=r"(r0));
	is(r0 & FPEXC_EN, FPEXC_EN, "FPEXC.EN is set");

	guest_enter_svc();
	test_wfi();
	test_wfe();
	test_mcr_sctlr();
	test_mrc_id(id_mmfr0);
	test_mcrr_ttbr0();
	test_hstr();
	test_smc();
	test_hcptr();
	test_undef();

	return (int)done_testing();
}
