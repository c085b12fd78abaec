/*
 * HVC (DDI 0406C B9.3, HVC) from Hyp mode and from Non-secure SVC mode. From Hyp mode it is
 * taken through the Hypervisor Call vector, HVBAR + 0x08; from a Non-secure PL1 mode it
 * enters Hyp mode through the Hyp Trap vector, HVBAR + 0x14 (B1.8.1). Either way HSR.EC is
 * 0x12 with the immediate in HSR.ISS[15:0] (B3.13.6), ELR_hyp is the next instruction and
 * SPSR_hyp the caller's CPSR, and ERET returns there.
 */
#include "guest.h"

#define ISS_IMM16_MASK  0xffffu

static struct {
	unsigned taken;
	uint32_t vector, hsr, elr, spsr, cpsr, r0;
} seen;

static void record(struct exc_frame *f)
{
	seen.taken++;
	seen.vector = f->vector;
	seen.hsr = read_sysreg(HSR);
	seen.elr = f->ret;
	seen.spsr = f->spsr;
	seen.cpsr = read_cpsr();
	seen.r0 = f->r[0];
	f->r[0] = ~f->r[0];             /* the result the caller sees */
}

void hyp_hvc_handler(struct exc_frame *f)
{
	record(f);
}

void hyp_trap_handler(struct exc_frame *f)
{
	record(f);
}

/* HVC #imm with r0 = arg; returns r0 and the HVC's next address and preceding CPSR. */
#define HVC(imm, arg, next, cpsr) ({ \
	register uint32_t r0_ __asm__("r0") = (arg); \
	__asm__ volatile("adr %1, 1f\n\t" \
			 "mrs %2, cpsr\n\t" \
			 "hvc #" #imm "\n" \
			 "1:" \
			 : "+r"(r0_), "=&r"(next), "=&r"(cpsr) : : "memory"); \
	r0_; })

static void check_hvc(const char *from, uint32_t vector, uint32_t imm, uint32_t arg,
		      uint32_t result, uint32_t next, uint32_t cpsr)
{
	is(seen.taken, 1, "HVC from %s is taken once", from);
	is(seen.vector, vector, "HVC from %s uses vector 0x%02lx", from, vector);
	is(PSR_MODE(seen.cpsr), PSR_MODE_HYP, "HVC from %s is handled in Hyp mode", from);
	is(HSR_EC(seen.hsr), HSR_EC_HVC, "HVC from %s: HSR.EC is 0x12", from);
	is(seen.hsr & HSR_IL, HSR_IL, "HVC from %s: HSR.IL is 1 (32-bit instruction)", from);
	is(HSR_ISS_HVC_IMM16(seen.hsr), imm, "HVC from %s: HSR.ISS[15:0] is imm16 0x%04lx", from, imm);
	is(seen.elr, next, "HVC from %s: ELR_hyp is the next instruction", from);
	is(seen.spsr, cpsr, "HVC from %s: SPSR_hyp is the caller's CPSR", from);
	is(seen.r0, arg, "HVC from %s: the handler sees the caller's r0", from);
	is(result, ~arg, "HVC from %s: ERET returns the handler's r0", from);
	is(PSR_MODE(read_cpsr()), PSR_MODE(cpsr), "HVC from %s: ERET returns to the caller's mode",
	   from);
}

/*
 * An HVC from a function deeper in the SVC stack: the Hyp handler must not run on the
 * memory that SVC mode's stack occupies (SP_hyp is banked, B1.3.2).
 */
static int __attribute__((noinline)) hvc_keeps_svc_stack(void)
{
	volatile uint32_t canary[32];
	uint32_t next, cpsr;
	int intact = 1;

	for (unsigned i = 0; i < 32; i++)
		canary[i] = 0xa5a50000u + i;
	(void)HVC(0x1, 0, next, cpsr);
	for (unsigned i = 0; i < 32; i++)
		intact &= canary[i] == 0xa5a50000u + i;
	return intact;
}

int main(void)
{
	uint32_t next, cpsr, r0;

	write_sysreg((uint32_t)guest_hyp_vectors, HVBAR);
	isb();
	is(read_sysreg(HVBAR), (uint32_t)guest_hyp_vectors, "HVBAR reads back the vector table");

	seen.taken = 0;
	r0 = HVC(0x1234, 0x12345678u, next, cpsr);
	check_hvc("Hyp mode", EXC_VEC_HVC, 0x1234, 0x12345678u, r0, next, cpsr);

	seen.taken = 0;
	r0 = HVC(0xffff, 0x0u, next, cpsr);
	is(HSR_ISS_HVC_IMM16(seen.hsr), ISS_IMM16_MASK, "HVC 0xffff: HSR.ISS[15:0] is 0xffff");
	is(r0, ~0x0u, "HVC 0xffff returns");

	guest_enter_svc();
	seen.taken = 0;
	r0 = HVC(0x5a5a, 0xcafef00du, next, cpsr);
	check_hvc("SVC mode", EXC_VEC_HYP_TRAP, 0x5a5a, 0xcafef00du, r0, next, cpsr);
	ok(hvc_keeps_svc_stack(), "HVC from SVC mode leaves the SVC stack intact");

	return (int)done_testing();
}
