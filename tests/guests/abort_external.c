/*
 * Synchronous external aborts where nothing is mapped (DDI 0406C B3.12, "External abort";
 * B3.13.3 and B3.13.6 for the fault status). QEMU's virt board answers an access to an
 * address no device claims with a decode error, which the CPU takes as a synchronous
 * external abort with ExT/EA 0; hypsim's virt-a15 says unassigned=abort to do the same.
 * With the MMUs off, from Hyp mode: a Data Abort through HVBAR + 0x10 with HSR.EC 0x25,
 * DFSC 0x10, the instruction syndrome of a single load or store, HDFAR the address, and
 * ELR_hyp the instruction; a load with writeback has no syndrome and leaves its base
 * register as it was (B1.9.8, the base restored abort model); a branch there is a Prefetch
 * Abort, HSR.EC 0x21 with IFSC 0x10. From SVC mode: DFSR and IFSR 0x008 (short format),
 * DFAR/IFAR, LR_abt the instruction + 8 (Data Abort) or + 4 (Prefetch Abort).
 */
#include "guest.h"
#include "mmu.h"

/* Nothing is mapped here on QEMU's virt board (between its GPIO controllers and the
 * virtio-mmio transports) nor on virt-a15. */
#define HOLE            0x09100000ul

static volatile struct {
	unsigned n;
	uint32_t vector, fsr, far, ret, spsr, mode;
} seen;

static void record(struct exc_frame *f, uint32_t fsr, uint32_t far)
{
	seen.n++;
	seen.vector = f->vector;
	seen.fsr = fsr;
	seen.far = far;
	seen.ret = f->ret;
	seen.spsr = f->spsr;
	seen.mode = PSR_MODE(read_cpsr());
}

void hyp_dabt_handler(struct exc_frame *f)
{
	record(f, read_sysreg(HSR), read_sysreg(HDFAR));
	f->ret += 4;
}

void hyp_pabt_handler(struct exc_frame *f)
{
	record(f, read_sysreg(HSR), read_sysreg(HIFAR));
	f->ret = guest_pabt_resume;
}

void pl1_dabt_handler(struct exc_frame *f)
{
	record(f, read_sysreg(DFSR), read_sysreg(DFAR));
	f->ret -= 4;            /* LR_abt is the instruction + 8: resume after it */
}

void pl1_pabt_handler(struct exc_frame *f)
{
	record(f, read_sysreg(IFSR), read_sysreg(IFAR));
	f->ret = guest_pabt_resume;
}

static void forget(void)
{
	seen.n = 0;
	seen.vector = seen.fsr = seen.far = seen.ret = seen.spsr = seen.mode = 0;
}

/* Runs one load or store with r4 the data and r5 the address; `at` is its address. */
#define R4_R5(insn, at, r4v, r5v) do { \
	register uint32_t r4_ __asm__("r4") = (r4v); \
	register uint32_t r5_ __asm__("r5") = (r5v); \
	__asm__ volatile("adr %0, 1f\n1:\t" insn : "=&r"(at), "+r"(r4_), "+r"(r5_) : : "memory"); \
	(r4v) = r4_; \
	(r5v) = r5_; \
} while (0)

static void check_hyp(const char *what, uint32_t vector, uint32_t at, uint32_t hsr, uint32_t va)
{
	is(seen.n, 1, "%s: one abort", what);
	is(seen.vector, vector, "%s: through HVBAR + 0x%02lx", what, vector);
	is(seen.mode, PSR_MODE_HYP, "%s: taken to Hyp mode", what);
	is(seen.fsr, hsr, "%s: HSR 0x%08lx", what, hsr);
	is(seen.far, va, "%s: %s is the address", what, vector == EXC_VEC_PABT ? "HIFAR" : "HDFAR");
	is(seen.ret, at, "%s: ELR_hyp is the aborted instruction", what);
}

static void check_pl1(const char *what, uint32_t vector, uint32_t ret, uint32_t fsr,
		      uint32_t mask, uint32_t va)
{
	is(seen.n, 1, "%s: one abort", what);
	is(seen.vector, vector, "%s: through VBAR + 0x%02lx", what, vector);
	is(seen.mode, PSR_MODE_ABT, "%s: taken to Abort mode", what);
	is(seen.fsr & mask, fsr, "%s: %s 0x%03lx", what, vector == EXC_VEC_PABT ? "IFSR" : "DFSR",
	   fsr);
	is(seen.far, va, "%s: %s is the address", what, vector == EXC_VEC_PABT ? "IFAR" : "DFAR");
	is(seen.ret, ret, "%s: LR_abt is the preferred return + %s", what,
	   vector == EXC_VEC_PABT ? "4" : "8");
	is(PSR_MODE(seen.spsr), PSR_MODE_SVC, "%s: SPSR_abt.M is SVC mode", what);
}

/* B3.13.3: FS 0b01000, synchronous external abort (not on a translation table walk). */
#define FS_SYNC_EXTERNAL        0x008u
/* B3.13.6: DFSC/IFSC 0b010000, synchronous external abort. */
#define FSC_SYNC_EXTERNAL       0x10u
#define DABT_HSR(iss)           HSR_VALUE(HSR_EC_DABT_HYP, (iss))

int main(void)
{
	uint32_t at, r4 = 0, r5;

	forget();
	r5 = HOLE;
	R4_R5("ldr r4, [r5]", at, r4, r5);
	check_hyp("LDR from a hole", EXC_VEC_DABT, at,
		  DABT_HSR(HSR_ISS_ISV | HSR_ISS_SAS(2) | HSR_ISS_SRT(4) | FSC_SYNC_EXTERNAL), HOLE);

	forget();
	r5 = HOLE;
	r4 = 0x5a5a5a5au;
	R4_R5("strh r4, [r5, #6]", at, r4, r5);
	check_hyp("STRH to a hole", EXC_VEC_DABT, at,
		  DABT_HSR(HSR_ISS_ISV | HSR_ISS_SAS(1) | HSR_ISS_SRT(4) | HSR_ISS_WNR |
			   FSC_SYNC_EXTERNAL), HOLE + 6);

	forget();
	r5 = HOLE + 0x10;
	R4_R5("ldr r4, [r5], #4", at, r4, r5);
	check_hyp("LDR post-indexed from a hole", EXC_VEC_DABT, at,
		  (HSR_EC_DABT_HYP << 26) | FSC_SYNC_EXTERNAL, HOLE + 0x10);
	is(r5, HOLE + 0x10, "LDR post-indexed from a hole: the base register is restored");

	forget();
	guest_call_at(HOLE + 0x100);
	check_hyp("branch to a hole", EXC_VEC_PABT, HOLE + 0x100,
		  (HSR_EC_PABT_HYP << 26) | FSC_SYNC_EXTERNAL, HOLE + 0x100);

	guest_enter_svc();
	forget();
	r5 = HOLE + 0x20;
	R4_R5("ldr r4, [r5]", at, r4, r5);
	check_pl1("LDR from a hole at PL1", EXC_VEC_DABT, at + 8, FS_SYNC_EXTERNAL, DFSR_MASK,
		  HOLE + 0x20);

	forget();
	r5 = HOLE + 0x30;
	R4_R5("strb r4, [r5]", at, r4, r5);
	check_pl1("STRB to a hole at PL1", EXC_VEC_DABT, at + 8, FSR_WNR | FS_SYNC_EXTERNAL,
		  DFSR_MASK, HOLE + 0x30);

	forget();
	r5 = HOLE + 0x40;
	R4_R5("ldr r4, [r5, #8]!", at, r4, r5);
	check_pl1("LDR pre-indexed from a hole at PL1", EXC_VEC_DABT, at + 8, FS_SYNC_EXTERNAL,
		  DFSR_MASK, HOLE + 0x48);
	is(r5, HOLE + 0x40, "LDR pre-indexed from a hole at PL1: the base register is restored");

	forget();
	guest_call_at(HOLE + 0x200);
	check_pl1("branch to a hole at PL1", EXC_VEC_PABT, HOLE + 0x204, FS_SYNC_EXTERNAL,
		  IFSR_MASK, HOLE + 0x200);
	done_testing();
	return 0;
}
