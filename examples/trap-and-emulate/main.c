/*
 * trap-and-emulate: a hypervisor in a few dozen lines. Hyp mode maps the guest's RAM with
 * stage 2 translation (DDI 0406C B3.6) and leaves the UART's page out, then runs the guest
 * in SVC mode. The guest prints with the ordinary PL011 driver of guestlib; each of its
 * accesses to the UART faults at stage 2 and enters Hyp mode through the Hyp Trap vector
 * (HVBAR + 0x14) with a Data Abort syndrome in HSR (EC 0x24, B3.13.6). The hypervisor reads
 * the faulting IPA from HPFAR and HDFAR, the access from the ISS (ISV, SAS, SRT, WnR),
 * performs it on a virtual PL011 (a data register forwarded to the real UART, a flag
 * register that is never busy) and resumes the guest after the instruction (ELR_hyp + 4,
 * or + 2 for a 16-bit Thumb instruction, HSR.IL).
 */
#include <stdbool.h>

#include "guest.h"
#include "mmu.h"

#define RAM_BASE        0x40000000ul
#define RAM_BLOCKS      64u             /* 128 MiB in 2 MiB blocks */

/* The virtual PL011, at the address the guest expects it (ARM DDI 0183, 3.2, 3.3). */
#define VUART_BASE      UART0_BASE
#define UARTDR          0x000u
#define UARTFR          0x018u
#define UARTFR_TXFF     (1u << 5)
#define UARTFR_TXFE     (1u << 7)

#define HVC_GUEST_DONE  1

static uint64_t s2_l1[4] __attribute__((aligned(32)));
static uint64_t s2_l2[LD_ENTRIES] __attribute__((aligned(4096)));

static struct {
	unsigned traps, dr_writes, fr_reads, other;
} vuart;

/* The real UART, from Hyp mode (no stage 2 there). */
static void real_uart_tx(uint32_t c)
{
	while (*(volatile uint32_t *)(UART0_BASE + UARTFR) & UARTFR_TXFF)
		;
	*(volatile uint32_t *)(UART0_BASE + UARTDR) = c & 0xffu;
}

/* One access to the virtual PL011: returns the value a read gives. */
static uint32_t vuart_access(uint32_t offset, bool write, uint32_t value)
{
	vuart.traps++;
	switch (offset) {
	case UARTDR:
		if (write) {
			vuart.dr_writes++;
			real_uart_tx(value);
		}
		return 0;
	case UARTFR:
		if (!write)
			vuart.fr_reads++;
		return UARTFR_TXFE;     /* the transmit FIFO is always empty */
	default:
		vuart.other++;          /* control registers: accepted, read as zero */
		return 0;
	}
}

/* Everything a guest in a PL1 mode traps to Hyp mode with comes here. */
void hyp_trap_handler(struct exc_frame *f)
{
	uint32_t hsr = read_sysreg(HSR);
	uint32_t ipa, rt;

	if (HSR_EC(hsr) == HSR_EC_HVC && HSR_ISS_HVC_IMM16(hsr) == HVC_GUEST_DONE) {
		uart_printf("hypervisor: the guest is done: %u UART accesses trapped at stage 2 "
			    "and emulated (%u writes to UARTDR, %u reads of UARTFR, %u others)\n",
			    vuart.traps, vuart.dr_writes, vuart.fr_reads, vuart.other);
		psci_system_off();
	}
	if (HSR_EC(hsr) != HSR_EC_DABT_GUEST || !(hsr & HSR_ISS_ISV))
		bail_out("hypervisor: unexpected trap, HSR 0x%08lx at 0x%08lx", hsr, f->ret);
	/* HPFAR holds IPA[39:12] in bits [31:4]; HDFAR's page offset completes it. */
	ipa = (read_sysreg(HPFAR) >> 4) << 12 | (read_sysreg(HDFAR) & 0xfffu);
	if (ipa - VUART_BASE >= 0x1000u)
		bail_out("hypervisor: stage 2 fault at IPA 0x%08lx", ipa);
	rt = HSR_ISS_SRT_OF(hsr);
	if (hsr & HSR_ISS_WNR) {
		vuart_access(ipa - VUART_BASE, true, f->r[rt]);
	} else {
		uint32_t v = vuart_access(ipa - VUART_BASE, false, 0);
		if (rt < 13)
			f->r[rt] = v;
	}
	f->ret += (hsr & HSR_IL) ? 4 : 2;
}

/* The guest: an SVC-mode program that knows nothing of the hypervisor. */
static void guest(void)
{
	uart_printf("guest: hello from SVC mode (CPSR.M=0x%02lx)\n", PSR_MODE(read_cpsr()));
	uart_printf("guest: this line went through the hypervisor, one trap per access\n");
	__asm__ volatile("hvc #" STRINGIFY(HVC_GUEST_DONE) : : : "memory");
}

int main(void)
{
	uart_printf("hypervisor: mapping guest RAM at stage 2, the UART page left out\n");
	/* VTCR.T0SZ 0 and SL0 0b01: a 4 GiB IPA space, the lookup starting at level 1. IPA
	 * 1-2 GiB: 2 MiB blocks of RAM, identity-mapped, Normal memory, read/write; IPA
	 * 0-1 GiB (the devices) and above 2 GiB: nothing. */
	s2_l1[1] = LD_TABLE((uint32_t)s2_l2);
	for (unsigned i = 0; i < RAM_BLOCKS; i++)
		s2_l2[i] = LD_BLOCK(RAM_BASE + (i << 21)) | LD_AF | LD_SH_INNER | S2_NORMAL | S2_RW;
	dsb();
	write_sysreg(VTCR_SL0(1) | VTCR_T0SZ(0), VTCR);
	write_sysreg64((uint32_t)s2_l1, VTTBR_64);
	write_sysreg(HCR_VM, HCR);
	tlb_flush_hyp();
	uart_printf("hypervisor: entering the guest\n");
	guest_enter_svc();
	guest();
	return 0;
}
