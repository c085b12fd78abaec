/*
 * A tight ALU loop: registers only, no loads or stores in the loop body, a handful of
 * data-processing instructions and one backward branch per iteration. It measures the
 * engines' best case (translated code running with no memory access and no helper calls).
 */
#include "bench.h"

#ifndef ALU_ITERS
#define ALU_ITERS 500000000u
#endif

/* noinline keeps the constant iteration count from being folded into main. */
static uint32_t __attribute__((noinline)) alu_kernel(uint32_t n, uint32_t seed)
{
	uint32_t a = seed, b = 0x9e3779b9u, c = 0x7f4a7c15u, d = 0;

	for (uint32_t i = 0; i < n; i++) {
		a = a * 1664525u + 1013904223u;         /* the Numerical Recipes LCG */
		b ^= a >> 7;
		c += (b << 3) | (b >> 29);
		d = d - c + i;
		/* An empty asm with the state as operands keeps GCC from collapsing the loop. */
		__asm__ volatile("" : "+r"(a), "+r"(b), "+r"(c), "+r"(d));
	}
	return a ^ b ^ c ^ d;
}

int main(void)
{
	bench_report("alu", ALU_ITERS, alu_kernel(ALU_ITERS, 12345u));
	return 0;
}
