/*
 * Bringing up a second CPU with PSCI CPU_ON and taking it down with CPU_OFF (Arm DEN 0022), twice; run with two CPUs. The new CPU starts at the entry point in Hyp
 * mode, the caller's exception level, with the context ID in r0 (DEN 0022, CPU_ON); it powers
 * off when its function returns (guest_cpu_start(), psci.h). With the MMU off every data
 * access is Strongly-ordered (DDI 0406C B3.2.1), so plain volatile flags are seen in order.
 */
#include "guest.h"

#define CPU1_MPIDR_AFF          0x1u            /* affinity 0.0.1 */

static volatile struct {
	unsigned runs;
	uint32_t mpidr, cpsr, sp;
} cpu1;

static void cpu1_main(void)
{
	uint32_t sp;

	__asm__ volatile("mov %0, sp" : "=r"(sp));
	cpu1.mpidr = read_sysreg(MPIDR);
	cpu1.cpsr = read_cpsr();
	cpu1.sp = sp;
	dsb();
	cpu1.runs++;
}

static void wait_until_off(uint32_t mpidr)
{
	while (psci_affinity_info(mpidr, 0) != PSCI_AFFINITY_OFF)
		;
}

int main(void)
{
	uint32_t my_sp;

	__asm__ volatile("mov %0, sp" : "=r"(my_sp));

	is((uint32_t)psci_affinity_info(CPU1_MPIDR_AFF, 0), PSCI_AFFINITY_OFF,
	   "AFFINITY_INFO(CPU 1) is OFF before CPU_ON");
	is((uint32_t)guest_cpu_start(CPU1_MPIDR_AFF, cpu1_main), PSCI_SUCCESS,
	   "CPU_ON(CPU 1) is SUCCESS");
	while (cpu1.runs < 1)
		;
	ok(1, "CPU 1 ran its function");
	is(cpu1.mpidr, MPIDR_MP_FORMAT | CPU1_MPIDR_AFF, "CPU 1 reads MPIDR affinity 0.0.1");
	is(PSR_MODE(cpu1.cpsr), PSR_MODE_HYP, "CPU 1 starts in Hyp mode");
	ok(cpu1.sp < my_sp, "CPU 1 runs on its own stack");
	wait_until_off(CPU1_MPIDR_AFF);
	ok(1, "AFFINITY_INFO(CPU 1) is OFF after its CPU_OFF");

	is((uint32_t)guest_cpu_start(CPU1_MPIDR_AFF, cpu1_main), PSCI_SUCCESS,
	   "CPU_ON(CPU 1) again is SUCCESS");
	while (cpu1.runs < 2)
		;
	is(cpu1.runs, 2, "CPU 1 ran its function a second time");
	wait_until_off(CPU1_MPIDR_AFF);
	ok(1, "CPU 1 is OFF again");

	return (int)done_testing();
}
