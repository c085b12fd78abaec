/*
 * From Hyp mode down to Non-secure SVC mode by ERET (DDI 0406C B9.3, ERET), then SVC
 * (A8.8, SVC). With HCR.TGE = 0 the Supervisor Call exception is taken to SVC mode through
 * VBAR + 0x08 (B1.8.1), with LR_svc = the next instruction, SPSR_svc = the caller's CPSR
 * and CPSR.I set (B1.8.3); the handler's exception return restores the CPSR from SPSR_svc.
 * IRQs are unmasked around the calls so that the I bit's save and restore shows; nothing
 * raises an interrupt (the GIC distributor is still disabled).
 */
#include "guest.h"

#define SVC_IMM24_MASK  0xffffffu       /* SVC #imm24 in bits [23:0] of the ARM encoding */

static struct {
	unsigned taken;
	uint32_t vector, lr, spsr, cpsr, imm, r0;
} seen;

void pl1_svc_handler(struct exc_frame *f)
{
	seen.taken++;
	seen.vector = f->vector;
	seen.lr = f->ret;
	seen.spsr = f->spsr;
	seen.cpsr = read_cpsr();
	seen.imm = *(const uint32_t *)(f->ret - 4) & SVC_IMM24_MASK;
	seen.r0 = f->r[0];
	f->r[0] = ~f->r[0];
}

/* SVC #imm with r0 = arg, from SVC mode: LR_svc is lost to the exception. */
#define SVC(imm, arg, next, cpsr) ({ \
	register uint32_t r0_ __asm__("r0") = (arg); \
	__asm__ volatile("adr %1, 1f\n\t" \
			 "mrs %2, cpsr\n\t" \
			 "svc #" #imm "\n" \
			 "1:" \
			 : "+r"(r0_), "=&r"(next), "=&r"(cpsr) : : "lr", "memory"); \
	r0_; })

int main(void)
{
	uint32_t hyp_cpsr = read_cpsr(), cpsr, next, r0, back;

	guest_enter_svc();
	cpsr = read_cpsr();
	is(PSR_MODE(cpsr), PSR_MODE_SVC, "ERET with SPSR_hyp.M = SVC enters SVC mode");
	is(cpsr & (PSR_A | PSR_I | PSR_F), hyp_cpsr & (PSR_A | PSR_I | PSR_F),
	   "ERET restores the A, I and F masks from SPSR_hyp");

	write_sysreg((uint32_t)guest_pl1_vectors, VBAR);
	isb();
	is(read_sysreg(VBAR), (uint32_t)guest_pl1_vectors, "VBAR reads back the vector table");
	is(read_sysreg(SCTLR) & SCTLR_V, 0, "SCTLR.V is clear: vectors at VBAR");

	seen.taken = 0;
	__asm__ volatile("cpsie i" : : : "memory");
	r0 = SVC(0x42, 0x600dcafeu, next, cpsr);
	back = read_cpsr();
	__asm__ volatile("cpsid i" : : : "memory");
	is(seen.taken, 1, "SVC is taken once");
	is(seen.vector, EXC_VEC_SVC, "SVC uses vector VBAR + 0x08");
	is(PSR_MODE(seen.cpsr), PSR_MODE_SVC, "SVC is handled in SVC mode");
	is(seen.cpsr & PSR_I, PSR_I, "CPSR.I is set on exception entry");
	is(seen.lr, next, "LR_svc is the next instruction");
	is(seen.spsr, cpsr, "SPSR_svc is the caller's CPSR");
	is(seen.spsr & PSR_I, 0, "SPSR_svc.I is clear: the caller ran with IRQs unmasked");
	is(seen.imm, 0x42, "the SVC instruction at LR_svc - 4 holds imm24 0x42");
	is(seen.r0, 0x600dcafeu, "the handler sees the caller's r0");
	is(r0, ~0x600dcafeu, "the exception return gives back the handler's r0");
	is(back, cpsr, "the exception return restores the caller's CPSR");

	seen.taken = 0;
	r0 = SVC(0xffffff, 0, next, cpsr);
	is(seen.imm, SVC_IMM24_MASK, "SVC 0xffffff: imm24 is 0xffffff");
	is(seen.lr, next, "SVC 0xffffff: LR_svc is the next instruction");

	return (int)done_testing();
}
