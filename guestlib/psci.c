/*
 * PSCI over SMC (Arm DEN 0022; SMC Calling Convention, Arm DEN 0028). QEMU answers the SMC
 * itself as the platform firmware, as hypsim does.
 */
#include "psci.h"

void guest_secondary_entry(void);       /* start.S */

int32_t psci_call(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 __asm__("r0") = fn;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;

	/* SMC32 calls may return results in r0-r3 and preserve r4-r14 (DEN 0028, "Register use in AArch32 SMC and HVC calls"). */
	__asm__ volatile("smc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
	return (int32_t)r0;
}

uint32_t psci_version(void)
{
	return (uint32_t)psci_call(PSCI_FN_VERSION, 0, 0, 0);
}

int32_t psci_features(uint32_t fn)
{
	return psci_call(PSCI_FN_FEATURES, fn, 0, 0);
}

int32_t psci_cpu_on(uint32_t target_mpidr, uint32_t entry, uint32_t context_id)
{
	return psci_call(PSCI_FN_CPU_ON, target_mpidr, entry, context_id);
}

int32_t psci_affinity_info(uint32_t target_mpidr, uint32_t lowest_level)
{
	return psci_call(PSCI_FN_AFFINITY_INFO, target_mpidr, lowest_level, 0);
}

/* The calls below do not return on success; should one return, the CPU waits forever. */
static void __attribute__((noreturn)) halt(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

void psci_cpu_off(void)
{
	psci_call(PSCI_FN_CPU_OFF, 0, 0, 0);
	halt();
}

void psci_system_off(void)
{
	psci_call(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
	halt();
}

void psci_system_reset(void)
{
	psci_call(PSCI_FN_SYSTEM_RESET, 0, 0, 0);
	halt();
}

int32_t guest_cpu_start(uint32_t target_mpidr, void (*fn)(void))
{
	return psci_cpu_on(target_mpidr, (uint32_t)guest_secondary_entry, (uint32_t)fn);
}
