/*
 * The state a Hyp-mode ELF image starts in. QEMU's virt board with virtualization=on has
 * EL2 but no EL3 (no secure=on), so CPU 0 comes out of reset in Non-secure Hyp mode, as an
 * AArch32 CPU whose highest exception level is EL2 does; ARMv7 itself ties the
 * Virtualization Extensions to the Security Extensions (DDI 0406C B1.7), and hypsim's CPU has
 * them (its PSCI firmware stands in for Monitor mode), so ID_PFR1.Security is not checked.
 * QEMU's loader sets only the PC of an ELF image; hypsim also passes its device tree in r2
 * (docs/qemu-differences.md), so r2 is either 0 or the address of a DTB.
 * Identification registers are those of QEMU's cortex-a15.
 */
#include "guest.h"

/* Cortex-A15 r4p0 (Cortex-A15 TRM, DDI 0438I, "Main ID Register"), as QEMU models it. */
#define CORTEX_A15_R4P0_MIDR    0x414fc0f0u
#define MIDR_PARTNUM_A15        0xc0fu
/* CNTFRQ as QEMU's virt board programs it: 62.5 MHz. */
#define VIRT_CNTFRQ_HZ          62500000u

/* Devicetree Specification v0.4, 5.2: the header starts with the big-endian magic. */
#define FDT_MAGIC               0xd00dfeedu

static int fdt_magic_at(uint32_t addr)
{
	const volatile uint8_t *p = (const volatile uint8_t *)addr;

	if (addr < 0x40000000u || (addr & 3))
		return 0;
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]) ==
	       FDT_MAGIC;
}

int main(void)
{
	uint32_t cpsr = read_cpsr();
	uint32_t midr = read_sysreg(MIDR);
	uint32_t pfr1 = read_sysreg(ID_PFR1);

	plan(18);

	/* Boot mode and masks (B1.3.1, B1.3.3). */
	is(PSR_MODE(cpsr), PSR_MODE_HYP, "CPSR.M is Hyp mode");
	is(cpsr & (PSR_A | PSR_I | PSR_F), PSR_A | PSR_I | PSR_F, "CPSR.A, I and F are set");
	is(cpsr & PSR_T, 0, "CPSR.T is clear: ARM state");
	is(read_sysreg(HSCTLR) & SCTLR_M, 0, "HSCTLR.M is clear: Hyp MMU off");
	is(read_sysreg(SCTLR) & SCTLR_M, 0, "SCTLR.M is clear: PL1&0 MMU off");
	is(read_sysreg(HCR), 0, "HCR is zero: no traps or virtual exceptions");

	/* ELF images get no boot protocol beyond an optional DTB pointer in r2. */
	is(guest_boot_regs[0], 0, "r0 is zero at entry");
	is(guest_boot_regs[1], 0, "r1 is zero at entry");
	ok(guest_boot_regs[2] == 0 || fdt_magic_at(guest_boot_regs[2]),
	   "r2 is zero or the address of a flattened device tree");

	/* Identification (B4.1 MIDR, MPIDR, ID_PFR1). */
	is(MIDR_IMPLEMENTER(midr), MIDR_IMPLEMENTER_ARM, "MIDR.Implementer is ARM");
	is(MIDR_ARCHITECTURE(midr), MIDR_ARCH_CPUID, "MIDR.Architecture is 0xF (CPUID scheme)");
	is(MIDR_PARTNUM(midr), MIDR_PARTNUM_A15, "MIDR.PartNum is Cortex-A15");
	is(midr, CORTEX_A15_R4P0_MIDR, "MIDR is Cortex-A15 r4p0");
	is(read_sysreg(VPIDR), midr, "VPIDR resets to MIDR");
	is(read_sysreg(MPIDR), MPIDR_MP_FORMAT, "MPIDR of CPU 0: MP format, affinity 0.0.0");
	is(ID_PFR1_VIRT(pfr1), 1, "ID_PFR1.Virtualization is 1");
	is(ID_PFR1_GENTIMER(pfr1), 1, "ID_PFR1.GenTimer is 1");
	is(read_sysreg(CNTFRQ), VIRT_CNTFRQ_HZ, "CNTFRQ is 62.5 MHz");

	return (int)done_testing();
}
