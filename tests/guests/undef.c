/*
 * UDF, the permanently UNDEFINED instruction (DDI 0406C A8.8, UDF), in Hyp and SVC mode.
 * From Hyp mode the Undefined Instruction exception stays in Hyp mode, through
 * HVBAR + 0x04, with HSR.EC = 0x00 (unknown reason, B3.13.6) and ELR_hyp = the UDF itself,
 * its preferred return address. From SVC mode it goes to Undefined mode through
 * VBAR + 0x04 with LR_und = the UDF + 4 in ARM state (B1.8.3) and SPSR_und = the caller's
 * CPSR. The handlers resume after the UDF.
 */
#include "guest.h"

/* UDF #imm16, ARM encoding A1: 1110 0111 1111 imm12 1111 imm4 (A8.8 UDF). */
#define UDF_A1(imm16)   (0xe7f000f0u | (((imm16) >> 4) << 8) | ((imm16) & 0xfu))

static struct {
	unsigned taken;
	uint32_t vector, hsr, ret, spsr, cpsr, insn;
} seen;

static void record(struct exc_frame *f)
{
	seen.taken++;
	seen.vector = f->vector;
	seen.ret = f->ret;
	seen.spsr = f->spsr;
	seen.cpsr = read_cpsr();
}

void hyp_undef_handler(struct exc_frame *f)
{
	record(f);
	seen.hsr = read_sysreg(HSR);
	seen.insn = *(const uint32_t *)f->ret;
	f->ret += 4;                    /* skip the UDF */
}

void pl1_undef_handler(struct exc_frame *f)
{
	record(f);
	seen.insn = *(const uint32_t *)(f->ret - 4);
	/* LR_und already points after the UDF. */
}

/* UDF #imm; returns the UDF's address and the CPSR before it. */
#define UDF(imm, at, cpsr) \
	__asm__ volatile("mrs %1, cpsr\n\t" \
			 "adr %0, 1f\n" \
			 "1:\tudf #" #imm \
			 : "=&r"(at), "=&r"(cpsr) : : "memory")

int main(void)
{
	uint32_t at, cpsr, back;

	seen.taken = 0;
	UDF(0x1ab, at, cpsr);
	is(seen.taken, 1, "UDF in Hyp mode is taken once");
	is(seen.vector, EXC_VEC_UNDEF, "UDF in Hyp mode uses vector HVBAR + 0x04");
	is(PSR_MODE(seen.cpsr), PSR_MODE_HYP, "UDF in Hyp mode is handled in Hyp mode");
	is(HSR_EC(seen.hsr), HSR_EC_UNKNOWN, "UDF in Hyp mode: HSR.EC is 0x00, unknown reason");
	is(seen.ret, at, "UDF in Hyp mode: ELR_hyp is the UDF itself");
	is(seen.insn, UDF_A1(0x1ab), "UDF in Hyp mode: ELR_hyp points at UDF 0x1ab");
	is(seen.spsr, cpsr, "UDF in Hyp mode: SPSR_hyp is the caller's CPSR");
	is(PSR_MODE(read_cpsr()), PSR_MODE_HYP, "UDF in Hyp mode: ERET resumes in Hyp mode");

	guest_enter_svc();
	seen.taken = 0;
	__asm__ volatile("cpsie i" : : : "memory");     /* as in svc.c: I shows on entry */
	UDF(0xbeef, at, cpsr);
	back = read_cpsr();
	__asm__ volatile("cpsid i" : : : "memory");
	is(seen.taken, 1, "UDF in SVC mode is taken once");
	is(seen.vector, EXC_VEC_UNDEF, "UDF in SVC mode uses vector VBAR + 0x04");
	is(PSR_MODE(seen.cpsr), PSR_MODE_UND, "UDF in SVC mode is handled in Undefined mode");
	is(seen.cpsr & PSR_I, PSR_I, "CPSR.I is set on entry to Undefined mode");
	is(seen.ret, at + 4, "UDF in SVC mode: LR_und is the UDF + 4");
	is(seen.insn, UDF_A1(0xbeef), "UDF in SVC mode: LR_und - 4 holds UDF 0xbeef");
	is(seen.spsr, cpsr, "UDF in SVC mode: SPSR_und is the caller's CPSR");
	is(seen.spsr & PSR_I, 0, "UDF in SVC mode: SPSR_und.I is clear, as the caller's");
	is(back, cpsr, "UDF in SVC mode: the exception return restores the CPSR");

	return (int)done_testing();
}
