/*
 * Accesses that need word alignment whatever SCTLR.A and HSCTLR.A say (DDI 0406C A3.2.1,
 * Table A3-1: all forms of LDM and STM, LDRD and STRD, among others): unaligned, each is
 * an Alignment fault (B3.12.2), here in Hyp mode with HSCTLR.A clear: a Data Abort through
 * HVBAR + 0x10, HSR.EC 0x25 with DFSC 0x21 and no instruction syndrome (none of them is a
 * single load or store of one register, B3.13.6), HDFAR the unaligned address, ELR_hyp the
 * instruction; a store that faults leaves memory as it was. hypsim faults these only with
 * --exact-alignment (docs/cpu.md, "Aborts Unicorn does not raise"), which meson passes.
 */
#include <stdbool.h>

#include "guest.h"
#include "mmu.h"

static volatile uint32_t buf[8] __attribute__((aligned(64)));

static volatile struct {
	unsigned n;
	uint32_t vector, hsr, far, ret;
} seen;

void hyp_dabt_handler(struct exc_frame *f)
{
	seen.n++;
	seen.vector = f->vector;
	seen.hsr = read_sysreg(HSR);
	seen.far = read_sysreg(HDFAR);
	seen.ret = f->ret;
	f->ret += 4;
}

static void forget(void)
{
	seen.n = 0;
	seen.vector = seen.hsr = seen.far = seen.ret = 0;
}

/* Runs `insn` with r5 the address and r0, r1 the data; `at` is its address. */
#define AT_R5(insn, at, addr) do { \
	register uint32_t r5_ __asm__("r5") = (addr); \
	__asm__ volatile("mov r0, #0x11\n\tmov r1, #0x22\n\tadr %0, 1f\n1:\t" insn \
			 : "=&r"(at), "+r"(r5_) : : "r0", "r1", "memory"); \
} while (0)

static void check(const char *what, uint32_t at, bool write, uint32_t va)
{
	const uint32_t hsr = (HSR_EC_DABT_HYP << 26) | (write ? HSR_ISS_WNR : 0) | FSC_ALIGNMENT;

	is(seen.n, 1, "%s: one Data Abort", what);
	is(seen.vector, EXC_VEC_DABT, "%s: through HVBAR + 0x10", what);
	is(seen.hsr, hsr, "%s: HSR 0x%08lx, an Alignment fault", what, hsr);
	is(seen.far, va, "%s: HDFAR is the unaligned address", what);
	is(seen.ret, at, "%s: ELR_hyp is the instruction", what);
}

int main(void)
{
	const uint32_t b = (uint32_t)buf;
	uint32_t at;

	for (unsigned i = 0; i < 8; i++)
		buf[i] = 0xa0a0a0a0u + i;
	ok(!(read_sysreg(HSCTLR) & SCTLR_A), "HSCTLR.A is clear");

	forget();
	AT_R5("ldm r5, {r0, r1}", at, b + 2);
	check("unaligned LDM", at, false, b + 2);
	forget();
	AT_R5("ldrd r0, r1, [r5]", at, b + 6);
	check("unaligned LDRD", at, false, b + 6);
	forget();
	AT_R5("stm r5, {r0, r1}", at, b + 9);
	check("unaligned STM", at, true, b + 9);
	forget();
	AT_R5("strd r0, r1, [r5]", at, b + 18);
	check("unaligned STRD", at, true, b + 18);
	is(buf[2], 0xa0a0a0a2u, "unaligned STM and STRD: memory unchanged (word 2)");
	is(buf[4], 0xa0a0a0a4u, "unaligned STM and STRD: memory unchanged (word 4)");
	is(buf[5], 0xa0a0a0a5u, "unaligned STM and STRD: memory unchanged (word 5)");

	/* Aligned, they are made. */
	forget();
	AT_R5("stm r5, {r0, r1}", at, b + 24);
	is(seen.n, 0, "aligned STM: no abort");
	is(buf[6], 0x11u, "aligned STM stores its first register");
	is(buf[7], 0x22u, "aligned STM stores its second register");
	return (int)done_testing();
}
