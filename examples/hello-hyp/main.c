/*
 * hello-hyp: the smallest Hyp-mode program. It reports the mode it was started in (CPSR.M,
 * DDI 0406C B1.3.1: 0x1a is Hyp mode), asks the platform firmware for its PSCI version
 * and powers the machine off (PSCI SYSTEM_OFF, from start.S when main returns).
 */
#include "psci.h"
#include "sysreg.h"
#include "uart.h"

static const char *mode_name(uint32_t mode)
{
	switch (mode) {
	case PSR_MODE_HYP: return "Hyp";
	case PSR_MODE_SVC: return "Supervisor";
	case PSR_MODE_MON: return "Monitor";
	case PSR_MODE_SYS: return "System";
	case PSR_MODE_USR: return "User";
	default: return "an unexpected";
	}
}

int main(void)
{
	uint32_t mode = PSR_MODE(read_cpsr());
	uint32_t version = psci_version();

	uart_printf("hello from %s mode (CPSR.M=0x%02lx)\n", mode_name(mode), mode);
	uart_printf("PSCI version %lu.%lu (0x%08lx)\n", PSCI_VERSION_MAJOR(version),
		    PSCI_VERSION_MINOR(version), version);
	uart_printf("powering off with PSCI SYSTEM_OFF\n");
	return 0;
}
