/*
 * Stage 1 aborts with short descriptors (DDI 0406C B3.5) in SVC mode, taken to Abort mode:
 * Data Aborts through VBAR + 0x10 with DFSR/DFAR and LR_abt = the aborted instruction + 8,
 * Prefetch Aborts through VBAR + 0x0c with IFSR/IFAR and LR_abt = the instruction + 4
 * (B1.8.3, B1.9.7, B1.9.8, B3.13.3). Checked: a section, a supersection and small pages
 * mapping VA != PA; Translation faults (section, page, through TTBR1 with TTBCR.N), Domain,
 * Permission (PL1 write, LDRT at PL0 permissions), Access flag (SCTLR.AFE) and Alignment
 * (LDREX; LDR with SCTLR.A) faults; an LDM crossing into an unmapped page; STRD; a Thumb load; instruction
 * fetches from an XN section and from an unmapped one. DFSR.Domain is checked for Domain
 * faults only (elsewhere it is UNKNOWN).
 */
#include "guest.h"
#include "mmu.h"

#define RAM_BASE        0x40000000ul
#define RAM_MIB         128u
#define UART_BASE       0x09000000ul

/* Test virtual addresses, one MiB section each. */
#define VA_ALIAS        0x80000000ul     /* section -> the MiB of `target` */
#define VA_UNMAPPED     0x80100000ul     /* level 1 fault entry */
#define VA_PAGES        0x80200000ul     /* page table: page 0 -> `target`, page 1 missing */
#define VA_RO           0x80300000ul     /* PL1 read-only */
#define VA_NO_ACCESS    0x80400000ul     /* domain 2: no access */
#define VA_PL1_ONLY     0x80500000u     /* PL1 read/write, no PL0 access */
#define VA_XN           0x80600000ul     /* execute-never */
#define VA_NO_CODE      0x80700000ul     /* level 1 fault entry */
#define VA_AF           0x80800000ul     /* AP[0] = 0: the access flag with SCTLR.AFE */
#define VA_SUPER        0x90000000ul     /* supersection -> RAM_BASE */

#define DOMAIN_TEST     1u
#define DOMAIN_NONE     2u

static uint32_t l1[SD_L1_ENTRIES] __attribute__((aligned(16384)));
static uint32_t l1_high[SD_L1_ENTRIES] __attribute__((aligned(16384)));   /* all invalid */
static uint32_t l2[SD_L2_ENTRIES] __attribute__((aligned(1024)));
static volatile uint32_t target[1024] __attribute__((aligned(4096)));

static volatile struct {
	unsigned n;
	uint32_t fsr, far, lr, spsr, mode, vector;
} seen;

static uint32_t insn_after(uint32_t at, uint32_t spsr)
{
	uint32_t hw;

	if (!(spsr & PSR_T))
		return at + 4;
	hw = *(volatile uint16_t *)at;
	return at + ((hw >> 11) >= 0x1du ? 4 : 2);
}

void pl1_dabt_handler(struct exc_frame *f)
{
	seen.n++;
	seen.vector = f->vector;
	seen.fsr = read_sysreg(DFSR);
	seen.far = read_sysreg(DFAR);
	seen.lr = f->ret;
	seen.spsr = f->spsr;
	seen.mode = PSR_MODE(read_cpsr());
	/* Resume after the aborted instruction, at LR_abt - 8 (B1.8.3). */
	f->ret = insn_after(f->ret - 8, f->spsr);
}

void pl1_pabt_handler(struct exc_frame *f)
{
	seen.n++;
	seen.vector = f->vector;
	seen.fsr = read_sysreg(IFSR);
	seen.far = read_sysreg(IFAR);
	seen.lr = f->ret;
	seen.spsr = f->spsr;
	seen.mode = PSR_MODE(read_cpsr());
	f->ret = guest_pabt_resume;           /* back to the caller, in ARM state */
	f->spsr &= ~PSR_T;
}

static void forget(void)
{
	seen.n = 0;
	seen.fsr = seen.far = seen.lr = seen.spsr = seen.mode = seen.vector = 0;
}

/* One instruction with a label: `at` receives its address. */
#define ACCESS(insn, at, val, addr) \
	__asm__ volatile("adr %0, 1f\n1:\t" insn : "=&r"(at), "+r"(val) : "r"(addr) : "memory")

/* A 16-bit Thumb LDR (A8.8, "LDR (immediate, Thumb)" T1). */
__asm__(".pushsection .text\n"
	".thumb\n"
	".thumb_func\n"
	".global thumb_ldr\n"
	".type thumb_ldr, %function\n"
	"thumb_ldr:\n"
	"\tldr r0, [r0]\n"
	"\tbx lr\n"
	".arm\n"
	".popsection\n");
uint32_t thumb_ldr(uint32_t va);

static void check_dabt(const char *what, uint32_t at, uint32_t fsr, uint32_t mask, uint32_t far)
{
	is(seen.n, 1, "%s: one Data Abort", what);
	is(seen.vector, EXC_VEC_DABT, "%s: through VBAR + 0x10", what);
	is(seen.mode, PSR_MODE_ABT, "%s: taken to Abort mode", what);
	is(seen.fsr & mask, fsr, "%s: DFSR 0x%03lx", what, fsr);
	is(seen.far, far, "%s: DFAR is the faulting address", what);
	is(seen.lr, at + 8, "%s: LR_abt is the instruction + 8", what);
	is(PSR_MODE(seen.spsr), PSR_MODE_SVC, "%s: SPSR_abt.M is SVC mode", what);
}

static void check_pabt(const char *what, uint32_t va, uint32_t fsr)
{
	is(seen.n, 1, "%s: one Prefetch Abort", what);
	is(seen.vector, EXC_VEC_PABT, "%s: through VBAR + 0x0c", what);
	is(seen.mode, PSR_MODE_ABT, "%s: taken to Abort mode", what);
	is(seen.fsr & IFSR_MASK, fsr, "%s: IFSR 0x%03lx", what, fsr);
	is(seen.far, va, "%s: IFAR is the branch target", what);
	is(seen.lr, va + 4, "%s: LR_abt is the target + 4", what);
}

static void set_sctlr(uint32_t set, uint32_t clear)
{
	write_sysreg((read_sysreg(SCTLR) | set) & ~clear, SCTLR);
	isb();
	tlb_flush_pl1();
}

static void build_tables(void)
{
	const uint32_t target_pa = (uint32_t)target;
	const uint32_t normal_rw = SD_SECT_NORMAL | SD_SECT_AP(AP_FULL);

	for (uint32_t mib = 0; mib < RAM_MIB; mib++)
		l1[SD_L1_INDEX(RAM_BASE) + mib] = SD_SECTION(RAM_BASE + (mib << 20)) | normal_rw;
	l1[SD_L1_INDEX(UART_BASE)] = SD_SECTION(UART_BASE) | SD_SECT_DEVICE | SD_SECT_XN |
				     SD_SECT_AP(AP_FULL);
	l1[SD_L1_INDEX(VA_ALIAS)] = SD_SECTION(target_pa) | normal_rw;
	l1[SD_L1_INDEX(VA_PAGES)] = SD_PAGE_TABLE(l2, DOMAIN_TEST);
	l2[0] = SD_SMALL(target_pa) | SD_SMALL_NORMAL | SD_SMALL_AP(AP_FULL);
	l1[SD_L1_INDEX(VA_RO)] = SD_SECTION(target_pa) | SD_SECT_NORMAL | SD_SECT_AP(AP_PL1_RO);
	l1[SD_L1_INDEX(VA_NO_ACCESS)] = SD_SECTION(target_pa) | normal_rw |
					SD_SECT_DOMAIN(DOMAIN_NONE);
	l1[SD_L1_INDEX(VA_PL1_ONLY)] = SD_SECTION(target_pa) | SD_SECT_NORMAL |
				       SD_SECT_AP(AP_PL1_RW);
	l1[SD_L1_INDEX(VA_XN)] = SD_SECTION(RAM_BASE) | normal_rw | SD_SECT_XN;
	/* AP 0b010: AP[0], the access flag with SCTLR.AFE, is 0. */
	l1[SD_L1_INDEX(VA_AF)] = SD_SECTION(target_pa) | SD_SECT_NORMAL | SD_SECT_AP(2);
	for (unsigned i = 0; i < 16; i++)
		l1[SD_L1_INDEX(VA_SUPER) + i] = SD_SUPERSECTION(RAM_BASE) | normal_rw;
	dsb();
}

int main(void)
{
	const uint32_t off = (uint32_t)target & 0xfffffu;
	uint32_t at, v, w;

	guest_enter_svc();
	build_tables();
	write_sysreg(0, TTBCR);
	write_sysreg((uint32_t)l1, TTBR0_32);
	write_sysreg(DACR_DOMAIN(0, DACR_CLIENT) | DACR_DOMAIN(DOMAIN_TEST, DACR_CLIENT) |
		     DACR_DOMAIN(DOMAIN_NONE, DACR_NO_ACCESS), DACR);
	set_sctlr(SCTLR_M, SCTLR_A | SCTLR_AFE | SCTLR_TRE);
	ok(read_sysreg(SCTLR) & SCTLR_M, "the MMU is on, running through the identity sections");

	/* VA != PA: the alias section and page read and write `target`. */
	target[1] = 0x5ec710e5u;
	v = *(volatile uint32_t *)(VA_ALIAS + off + 4);
	is(v, 0x5ec710e5u, "a section maps VA 0x%08lx to the target's PA", VA_ALIAS + off);
	*(volatile uint32_t *)(VA_PAGES + 8) = 0x9a9e5u;
	is(target[2], 0x9a9e5u, "a small page maps VA 0x%08lx to the target's PA", VA_PAGES);
	v = *(volatile uint32_t *)(VA_SUPER + ((uint32_t)target - RAM_BASE) + 4);
	is(v, 0x5ec710e5u, "a supersection maps VA 0x%08lx to RAM", VA_SUPER);
	is(seen.n, 0, "no abort while the mappings hold");

	forget();
	w = 0;
	ACCESS("ldr %1, [%2]", at, w, VA_UNMAPPED + 0x10);
	check_dabt("LDR from an invalid level 1 entry", at, FS_TRANSLATION_SECTION, DFSR_MASK,
		   VA_UNMAPPED + 0x10);

	forget();
	ACCESS("ldr %1, [%2]", at, w, VA_PAGES + 0x1004);
	check_dabt("LDR from an invalid level 2 entry", at, FS_TRANSLATION_PAGE, DFSR_MASK,
		   VA_PAGES + 0x1004);

	forget();
	w = 0x11u;
	ACCESS("str %1, [%2]", at, w, VA_RO + off);
	check_dabt("STR to a PL1 read-only section", at, FSR_WNR | FS_PERMISSION_SECTION,
		   DFSR_MASK, VA_RO + off);
	is(target[0], 0, "STR to a PL1 read-only section: memory unchanged");

	forget();
	ACCESS("ldr %1, [%2]", at, w, VA_NO_ACCESS + 8);
	check_dabt("LDR from a No access domain", at, FSR_DOMAIN(DOMAIN_NONE) | FS_DOMAIN_SECTION,
		   DFSR_MASK | FSR_DOMAIN(0xf), VA_NO_ACCESS + 8);

	forget();
	v = *(volatile uint32_t *)(VA_PL1_ONLY + off + 4);
	is(seen.n, 0, "LDR from a PL1-only section at PL1 is permitted");
	ACCESS("ldrt %1, [%2]", at, w, VA_PL1_ONLY + off);
	check_dabt("LDRT from a PL1-only section", at, FS_PERMISSION_SECTION, DFSR_MASK,
		   VA_PL1_ONLY + off);

	/* LDM of four words from 8 bytes before the end of the mapped page: the third
	 * access is the first in the unmapped page. */
	forget();
	__asm__ volatile("adr %0, 1f\n1:\tldm %1, {r4-r7}" : "=&r"(at) : "r"(VA_PAGES + 0xff8)
			 : "r4", "r5", "r6", "r7", "memory");
	check_dabt("LDM into an unmapped page", at, FS_TRANSLATION_PAGE, DFSR_MASK,
		   VA_PAGES + 0x1000);

	forget();
	__asm__ volatile("adr %0, 1f\n1:\tstrd r4, r5, [%1]" : "=&r"(at) : "r"(VA_PAGES + 0x1000)
			 : "r4", "r5", "memory");
	check_dabt("STRD to an unmapped page", at, FSR_WNR | FS_TRANSLATION_PAGE, DFSR_MASK,
		   VA_PAGES + 0x1000);

	forget();
	thumb_ldr(VA_UNMAPPED + 0x20);
	check_dabt("Thumb LDR from an invalid entry", ((uint32_t)thumb_ldr & ~1u),
		   FS_TRANSLATION_SECTION, DFSR_MASK, VA_UNMAPPED + 0x20);
	is(seen.spsr & PSR_T, PSR_T, "Thumb LDR from an invalid entry: SPSR_abt.T is set");

	/* A3.2.1: LDREX needs word alignment whatever SCTLR.A says; with SCTLR.A an
	 * unaligned LDR is an Alignment fault too, which comes before the translation
	 * (B3.12, the fault-checking sequence). */
	forget();
	ACCESS("ldrex %1, [%2]", at, w, VA_ALIAS + off + 2);
	check_dabt("unaligned LDREX", at, FS_ALIGNMENT, DFSR_MASK, VA_ALIAS + off + 2);
	forget();
	set_sctlr(SCTLR_A, 0);
	ACCESS("ldr %1, [%2]", at, w, VA_UNMAPPED + 1);
	set_sctlr(0, SCTLR_A);
	check_dabt("unaligned LDR from an invalid entry with SCTLR.A", at, FS_ALIGNMENT, DFSR_MASK,
		   VA_UNMAPPED + 1);

	/* A3.2.1: with SCTLR.A clear, unaligned LDR and STR to Normal memory are made;
	 * with it set, only accesses aligned to their size are, and a store that faults
	 * leaves memory as it was (B3.12). */
	target[4] = 0x44332211u;
	target[5] = 0x88776655u;
	forget();
	ACCESS("ldr %1, [%2]", at, w, VA_ALIAS + off + 0x11);
	is(seen.n, 0, "unaligned LDR without SCTLR.A: no abort");
	is(w, 0x55443322u, "unaligned LDR without SCTLR.A reads the four bytes at the address");
	set_sctlr(SCTLR_A, 0);
	ACCESS("ldrh %1, [%2]", at, w, VA_ALIAS + off + 0x12);
	is(seen.n, 0, "aligned LDRH with SCTLR.A: no abort");
	is(w, 0x4433u, "aligned LDRH with SCTLR.A reads its halfword");
	ACCESS("ldrh %1, [%2]", at, w, VA_ALIAS + off + 0x13);
	set_sctlr(0, SCTLR_A);
	check_dabt("unaligned LDRH with SCTLR.A", at, FS_ALIGNMENT, DFSR_MASK, VA_ALIAS + off + 0x13);
	forget();
	w = 0xdeadbeefu;
	set_sctlr(SCTLR_A, 0);
	ACCESS("str %1, [%2]", at, w, VA_ALIAS + off + 0x12);
	set_sctlr(0, SCTLR_A);
	check_dabt("unaligned STR with SCTLR.A", at, FSR_WNR | FS_ALIGNMENT, DFSR_MASK,
		   VA_ALIAS + off + 0x12);
	is(target[4], 0x44332211u, "unaligned STR with SCTLR.A: memory unchanged (first word)");
	is(target[5], 0x88776655u, "unaligned STR with SCTLR.A: memory unchanged (second word)");

	/* B3.13.3 and B4.2.1: a cache maintenance operation by MVA whose address has no
	 * translation is a Data Abort with CM and WnR set. */
	forget();
	ACCESS("mcr p15, 0, %2, c7, c10, 1", at, w, VA_UNMAPPED + 0x40);
	check_dabt("DCCMVAC of an unmapped address", at, FSR_CM | FSR_WNR | FS_TRANSLATION_SECTION,
		   DFSR_MASK, VA_UNMAPPED + 0x40);
	forget();
	ACCESS("mcr p15, 0, %2, c7, c5, 1", at, w, VA_RO + off);
	is(seen.n, 0, "ICIMVAU of a read-only section: no abort (no Permission faults)");

	/* SCTLR.AFE: AP[0] is the access flag; the identity sections have it set. */
	forget();
	set_sctlr(SCTLR_AFE, 0);
	ACCESS("ldr %1, [%2]", at, w, VA_AF + 4);
	set_sctlr(0, SCTLR_AFE);
	check_dabt("LDR with the access flag clear", at, FS_ACCESS_FLAG_SECTION, DFSR_MASK,
		   VA_AF + 4);

	/* TTBCR.N = 1: VAs from 2 GiB up use TTBR1, here a table mapping nothing there.
	 * (TTBCR.PD0/PD1 belong to the Security Extensions, which QEMU's virt board without
	 * secure=on does not have: not tested.) */
	forget();
	write_sysreg64((uint32_t)l1_high, TTBR1_64);
	write_sysreg(TTBCR_N(1), TTBCR);
	tlb_flush_pl1();
	ACCESS("ldr %1, [%2]", at, w, VA_ALIAS + off);
	check_dabt("LDR through TTBR1 with TTBCR.N 1", at, FS_TRANSLATION_SECTION, DFSR_MASK,
		   VA_ALIAS + off);
	forget();
	write_sysreg64((uint32_t)l1, TTBR1_64);
	tlb_flush_pl1();
	v = *(volatile uint32_t *)(VA_ALIAS + off + 4);
	is(v, 0x5ec710e5u, "TTBCR.N 1: VA 0x%08lx translates through TTBR1", VA_ALIAS + off);
	is(seen.n, 0, "TTBCR.N 1: no abort with TTBR1 on the full table");
	write_sysreg(0, TTBCR);
	tlb_flush_pl1();

	forget();
	guest_call_at(VA_XN);
	check_pabt("branch to an XN section", VA_XN, FS_PERMISSION_SECTION);
	forget();
	guest_call_at(VA_NO_CODE);
	check_pabt("branch to an invalid entry", VA_NO_CODE, FS_TRANSLATION_SECTION);

	set_sctlr(0, SCTLR_M);
	ok(!(read_sysreg(SCTLR) & SCTLR_M), "the MMU is off again");
	done_testing();
	return 0;
}
