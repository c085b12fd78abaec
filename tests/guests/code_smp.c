/*
 * Code one CPU writes and another runs (DDI 0406C B2.2.5, "Ordering of cache and branch
 * predictor maintenance operations", and A3.5.4): after CPU 1 has run a function, CPU 0
 * rewrites it, cleans the data cache to the point of unification and invalidates the
 * instruction caches; CPU 1 then runs the new instructions. The invalidation is done three
 * ways: ICIMVAU by the writer (with the Multiprocessing Extensions it reaches every
 * instruction cache of the Inner Shareable domain, B2.2.6), ICIALLU by the CPU that runs
 * the code, and ICIALLUIS by the writer. Last, the code CPU 0 writes reads MPIDR, which
 * each CPU answers with its own affinity (B4.1.106): a simulator must see that instruction
 * in code written at run time. Run with two CPUs.
 */
#include "guest.h"
#include "mmu.h"

#define CPU1_MPIDR_AFF          0x1u

/* A8.8.102 MOV (immediate) A1, MOV r0, #imm8; A8.8.27 BX lr; A8.8.108 MRC A1,
 * MRC p15, 0, r0, c0, c0, 5 (MPIDR). */
#define MOV_R0_IMM(v)           (0xe3a00000u | ((v) & 0xffu))
#define BX_LR                   0xe12fff1eu
#define MRC_R0_MPIDR            0xee100fb0u

enum how { BY_MVA, BY_RUNNER, BY_WRITER_IS, READ_MPIDR, ROUNDS };

static volatile uint32_t code[16] __attribute__((aligned(64)));
static volatile unsigned step;
static volatile uint32_t got[ROUNDS + 1];

typedef uint32_t fn_t(void);

static uint32_t call_code(void)
{
	return ((fn_t *)(uintptr_t)code)();
}

static void write_code(uint32_t insn)
{
	code[0] = insn;
	code[1] = BX_LR;
	dsb();
	write_sysreg((uint32_t)code, DCCMVAU);
	dsb();
}

static void wait_step(unsigned n)
{
	while (step != n)
		;
}

/* CPU 1: runs the function in each round once CPU 0 has rewritten it. */
static void cpu1_main(void)
{
	for (unsigned r = 0; r <= ROUNDS; r++) {
		wait_step(2 * r + 1);
		if (r == BY_RUNNER + 1) {
			write_sysreg(0, ICIALLU);
			dsb();
		}
		isb();
		got[r] = call_code();
		dsb();
		step = 2 * r + 2;
	}
}

int main(void)
{
	write_code(MOV_R0_IMM(10));
	write_sysreg(0, ICIALLU);
	dsb();
	isb();
	is(guest_cpu_start(CPU1_MPIDR_AFF, cpu1_main), PSCI_SUCCESS, "CPU_ON(CPU 1)");
	step = 1;
	wait_step(2);
	is(got[0], 10, "CPU 1 runs the function CPU 0 wrote");

	write_code(MOV_R0_IMM(11));
	write_sysreg((uint32_t)code, ICIMVAU);
	dsb();
	step = 3;
	wait_step(4);
	is(got[1], 11, "CPU 1 runs the rewritten function after ICIMVAU on CPU 0");

	write_code(MOV_R0_IMM(12));
	step = 5;
	wait_step(6);
	is(got[2], 12, "CPU 1 runs the rewritten function after its own ICIALLU");

	write_code(MOV_R0_IMM(13));
	write_sysreg(0, ICIALLUIS);
	dsb();
	step = 7;
	wait_step(8);
	is(got[3], 13, "CPU 1 runs the rewritten function after ICIALLUIS on CPU 0");

	write_code(MRC_R0_MPIDR);
	write_sysreg((uint32_t)code, ICIMVAU);
	dsb();
	step = 9;
	wait_step(10);
	is(got[4], MPIDR_MP_FORMAT | CPU1_MPIDR_AFF,
	   "MPIDR read by code written at run time gives CPU 1's affinity on CPU 1");
	return (int)done_testing();
}
