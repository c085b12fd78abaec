/*
 * PSCI through SMC as the virt board's firmware answers it (Arm DEN 0022). Run with one CPU:
 * MPIDR affinity 0.0.0 is this CPU and 0.0.1 does not exist.
 */
#include "guest.h"

/* QEMU 7.2 implements PSCI 1.1 (DEN 0022, PSCI_VERSION: major in [31:16], minor in [15:0]). */
#define QEMU_PSCI_VERSION       0x00010001u
/* MIGRATE_INFO_TYPE 2: no Trusted OS, or one that needs no migration (DEN 0022, MIGRATE_INFO_TYPE). */
#define PSCI_TOS_NOT_PRESENT_MP 2
/* A function ID in the PSCI range (0x84000000-0x8400001F) that PSCI 1.1 does not define. */
#define PSCI_FN_UNDEFINED       0x8400001fu
/* The SMC64 CPU_ON: not callable from AArch32 (DEN 0022, SMC64 function IDs). */
#define PSCI_FN64_CPU_ON        0xc4000003u

#define THIS_CPU                0x0u
#define ABSENT_CPU              0x1u

static const struct {
	uint32_t fn;
	const char *name;
} implemented[] = {
	{ PSCI_FN_VERSION, "PSCI_VERSION" },
	{ PSCI_FN_CPU_SUSPEND, "CPU_SUSPEND" },
	{ PSCI_FN_CPU_OFF, "CPU_OFF" },
	{ PSCI_FN_CPU_ON, "CPU_ON" },
	{ PSCI_FN_AFFINITY_INFO, "AFFINITY_INFO" },
	{ PSCI_FN_MIGRATE_INFO_TYPE, "MIGRATE_INFO_TYPE" },
	{ PSCI_FN_SYSTEM_OFF, "SYSTEM_OFF" },
	{ PSCI_FN_SYSTEM_RESET, "SYSTEM_RESET" },
	{ PSCI_FN_FEATURES, "PSCI_FEATURES" },
};

int main(void)
{
	uint32_t version = psci_version();

	is(version, QEMU_PSCI_VERSION, "PSCI_VERSION is 1.1");
	ok(PSCI_VERSION_MAJOR(version) >= 1, "PSCI 1.0 or later: PSCI_FEATURES is mandatory");

	/* PSCI_FEATURES (DEN 0022): 0 for an implemented function, NOT_SUPPORTED otherwise. */
	for (unsigned i = 0; i < sizeof(implemented) / sizeof(implemented[0]); i++)
		is((uint32_t)psci_features(implemented[i].fn), PSCI_SUCCESS,
		   "PSCI_FEATURES(%s) is SUCCESS", implemented[i].name);
	is((uint32_t)psci_features(PSCI_FN_MIGRATE), (uint32_t)PSCI_NOT_SUPPORTED,
	   "PSCI_FEATURES(MIGRATE) is NOT_SUPPORTED: no Trusted OS");
	is((uint32_t)psci_features(PSCI_FN_UNDEFINED), (uint32_t)PSCI_NOT_SUPPORTED,
	   "PSCI_FEATURES(0x8400001F) is NOT_SUPPORTED");
	is((uint32_t)psci_call(PSCI_FN_UNDEFINED, 0, 0, 0), (uint32_t)PSCI_NOT_SUPPORTED,
	   "calling function 0x8400001F returns NOT_SUPPORTED");
	is((uint32_t)psci_call(PSCI_FN64_CPU_ON, THIS_CPU, 0, 0), (uint32_t)PSCI_NOT_SUPPORTED,
	   "calling SMC64 CPU_ON from AArch32 returns NOT_SUPPORTED");

	is((uint32_t)psci_call(PSCI_FN_MIGRATE_INFO_TYPE, 0, 0, 0), PSCI_TOS_NOT_PRESENT_MP,
	   "MIGRATE_INFO_TYPE is 2: no Trusted OS to migrate");

	/* AFFINITY_INFO and CPU_ON (DEN 0022) on present and absent CPUs. */
	is((uint32_t)psci_affinity_info(THIS_CPU, 0), PSCI_AFFINITY_ON,
	   "AFFINITY_INFO(this CPU) is ON");
	is((uint32_t)psci_affinity_info(ABSENT_CPU, 0), (uint32_t)PSCI_INVALID_PARAMETERS,
	   "AFFINITY_INFO(absent CPU) is INVALID_PARAMETERS");
	is((uint32_t)psci_cpu_on(THIS_CPU, (uint32_t)main, 0), (uint32_t)PSCI_ALREADY_ON,
	   "CPU_ON(this CPU) is ALREADY_ON");
	is((uint32_t)psci_cpu_on(ABSENT_CPU, (uint32_t)main, 0), (uint32_t)PSCI_INVALID_PARAMETERS,
	   "CPU_ON(absent CPU) is INVALID_PARAMETERS");

	return (int)done_testing();
}
