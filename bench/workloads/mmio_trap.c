/*
 * Trapped-and-emulated guest MMIO (DDI 0406C B3.6 stage 2, B3.13.6 HSR), as
 * examples/trap-and-emulate does it, in a loop: each guest access to a virtual device faults
 * at stage 2 and is emulated in Hyp mode. One access is:
 *   - the guest's LDR or STR (Non-secure SVC mode, MMU off) to the virtual device's page,
 *     which no stage 2 entry maps: a stage 2 Translation fault, taken to Hyp mode through the
 *     Hyp Trap vector (HSR.EC 0x24, ISV 1);
 *   - the Hyp handler: the IPA from HPFAR and HDFAR, the access from the ISS (WnR, SRT; SAS
 *     is a word here), the emulated register read or written in the saved frame;
 *   - ERET to the instruction after the access (HSR.IL: + 4).
 * The guest alternates a write and a read of the device's one register, so half the
 * accesses are each; "iterations" is the number of trapped accesses. Stage 2 maps the RAM
 * (IPA 0x40000000-0x47ffffff) and the UART's 2 MiB (identity, Device) so that the guest
 * prints its result itself; the checksum folds every value the guest read.
 */
#include "bench.h"
#include "mmu.h"

#ifndef MMIO_TRAP_ACCESSES
#define MMIO_TRAP_ACCESSES 200000u
#endif

#define RAM_BASE        0x40000000ul
#define RAM_BLOCKS      64u             /* 128 MiB in 2 MiB blocks */
#define UART_BLOCK      0x09000000ul    /* the 2 MiB block holding the PL011 */

/* The virtual device: one register. Writing V makes it state * 0x01000193 + V (the FNV
 * prime), reading gives the state; any other offset stops the run. Stage 2 maps nothing at
 * its IPA, so no access reaches the physical address map. */
#define VDEV_IPA        0x0b000000ul
#define VDEV_DATA       0x000u

static uint64_t s2_l1[4] __attribute__((aligned(32)));
static uint64_t s2_l2_dev[LD_ENTRIES] __attribute__((aligned(4096)));
static uint64_t s2_l2_ram[LD_ENTRIES] __attribute__((aligned(4096)));

static uint32_t vdev_state;

/* A stage 2 Data Abort from the guest: emulate the access. */
void hyp_trap_handler(struct exc_frame *f)
{
	uint32_t hsr = read_sysreg(HSR);
	uint32_t ipa, rt;

	if (HSR_EC(hsr) != HSR_EC_DABT_GUEST || !(hsr & HSR_ISS_ISV))
		bail_out("unexpected trap, HSR 0x%08lx at 0x%08lx", hsr, f->ret);
	/* HPFAR holds IPA[39:12] in bits [31:4]; HDFAR's page offset completes it. */
	ipa = (read_sysreg(HPFAR) >> 4) << 12 | (read_sysreg(HDFAR) & 0xfffu);
	rt = HSR_ISS_SRT_OF(hsr);
	if (ipa != VDEV_IPA + VDEV_DATA || rt >= 13)
		bail_out("unexpected access to IPA 0x%08lx, HSR 0x%08lx", ipa, hsr);
	if (hsr & HSR_ISS_WNR)
		vdev_state = vdev_state * 0x01000193u + f->r[rt];
	else
		f->r[rt] = vdev_state;
	f->ret += (hsr & HSR_IL) ? 4 : 2;
}

static uint32_t __attribute__((noinline)) guest(uint32_t accesses)
{
	uint32_t sum = 0;

	for (uint32_t i = 0; i < accesses / 2; i++) {
		mmio_write32(VDEV_IPA + VDEV_DATA, i);
		sum = (sum << 3 | sum >> 29) ^ mmio_read32(VDEV_IPA + VDEV_DATA);
	}
	return sum;
}

int main(void)
{
	/* VTCR.T0SZ 0 and SL0 0b01: a 4 GiB IPA space, lookups starting at level 1. */
	s2_l1[0] = LD_TABLE((uint32_t)s2_l2_dev);
	s2_l2_dev[LD_INDEX(UART_BLOCK, 2)] = LD_BLOCK(UART_BLOCK) | LD_AF | S2_DEVICE | S2_RW;
	s2_l1[1] = LD_TABLE((uint32_t)s2_l2_ram);
	for (unsigned i = 0; i < RAM_BLOCKS; i++)
		s2_l2_ram[i] = LD_BLOCK(RAM_BASE + (i << 21)) | LD_AF | LD_SH_INNER | S2_NORMAL |
			       S2_RW;
	dsb();
	write_sysreg(VTCR_SL0(1) | VTCR_T0SZ(0), VTCR);
	write_sysreg64((uint32_t)s2_l1, VTTBR_64);
	write_sysreg(HCR_VM, HCR);
	tlb_flush_hyp();
	guest_enter_svc();
	bench_report("mmio_trap", MMIO_TRAP_ACCESSES, guest(MMIO_TRAP_ACCESSES));
	return 0;
}
