/*
 * Stage 1 aborts with long descriptors (DDI 0406C B3.6, TTBCR.EAE = 1) in SVC mode, taken
 * to Abort mode with DFSR/IFSR in the long-descriptor format: LPAE (bit 9) set and
 * STATUS[5:0] = the fault type and lookup level (B3.13.3), DFAR/IFAR the faulting address,
 * LR_abt = the aborted instruction + 8 (Data Abort) or + 4 (Prefetch Abort) (B1.8.3).
 * Checked: level 1, 2 and 3 descriptors mapping VA != PA; Translation faults at each level,
 * Access flag faults at levels 2 and 3, Permission faults (PL1 read-only page, APTable,
 * LDRT, PXN and XN on instruction fetch), an Alignment fault (LDREX), a Translation fault
 * from TTBCR.EPD1 with the TTBR0/TTBR1 split of T0SZ 1.
 */
#include "guest.h"
#include "mmu.h"

#define RAM_BASE        0x40000000ul
#define RAM_BLOCKS      64u             /* 128 MiB in 2 MiB blocks */
#define UART_BASE       0x09000000ul

#define VA_PAGES        0x80000000ul    /* level 3 table: see build_tables() */
#define VA_L2_MISSING   0x80200000ul    /* invalid level 2 entry */
#define VA_L2_NO_AF     0x80400000ul    /* level 2 block, AF 0 */
#define VA_RO_TABLE     0x80600000ul    /* level 3 table under APTable 0b10 (read-only) */
#define VA_L1_MISSING   0xc0000000ul    /* invalid level 1 entry */

/* Pages of VA_PAGES. */
#define PG_ALIAS        0u              /* -> `target`, read/write */
#define PG_MISSING      1u
#define PG_NO_AF        2u
#define PG_RO           3u              /* PL1 read-only */
#define PG_XN           4u              /* execute-never */
#define PG_PXN          5u              /* PL1 execute-never */
#define PG_PL1_ONLY     6u

#define ATTR_NORMAL     0u
#define ATTR_DEVICE     1u

static uint64_t l1[4] __attribute__((aligned(32)));
static uint64_t l2_low[LD_ENTRIES] __attribute__((aligned(4096)));    /* VA 0-1 GiB */
static uint64_t l2_ram[LD_ENTRIES] __attribute__((aligned(4096)));    /* VA 1-2 GiB */
static uint64_t l2_test[LD_ENTRIES] __attribute__((aligned(4096)));   /* VA 2-3 GiB */
static uint64_t l3[LD_ENTRIES] __attribute__((aligned(4096)));
static uint64_t l3_ro[LD_ENTRIES] __attribute__((aligned(4096)));
static volatile uint32_t target[1024] __attribute__((aligned(4096)));

static volatile struct {
	unsigned n;
	uint32_t fsr, far, lr, spsr, mode, vector;
} seen;

void pl1_dabt_handler(struct exc_frame *f)
{
	seen.n++;
	seen.vector = f->vector;
	seen.fsr = read_sysreg(DFSR);
	seen.far = read_sysreg(DFAR);
	seen.lr = f->ret;
	seen.spsr = f->spsr;
	seen.mode = PSR_MODE(read_cpsr());
	f->ret -= 4;                    /* after the aborted ARM instruction (B1.8.3) */
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
	f->ret = guest_pabt_resume;
	f->spsr &= ~PSR_T;
}

static void forget(void)
{
	seen.n = 0;
	seen.fsr = seen.far = seen.lr = seen.spsr = seen.mode = seen.vector = 0;
}

#define ACCESS(insn, at, val, addr) \
	__asm__ volatile("adr %0, 1f\n1:\t" insn : "=&r"(at), "+r"(val) : "r"(addr) : "memory")

static void check_dabt(const char *what, uint32_t at, uint32_t fsr, uint32_t far)
{
	is(seen.n, 1, "%s: one Data Abort", what);
	is(seen.vector, EXC_VEC_DABT, "%s: through VBAR + 0x10", what);
	is(seen.mode, PSR_MODE_ABT, "%s: taken to Abort mode", what);
	is(seen.fsr & DFSR_LONG_MASK, fsr, "%s: DFSR 0x%03lx", what, fsr);
	is(seen.far, far, "%s: DFAR is the faulting address", what);
	is(seen.lr, at + 8, "%s: LR_abt is the instruction + 8", what);
	is(PSR_MODE(seen.spsr), PSR_MODE_SVC, "%s: SPSR_abt.M is SVC mode", what);
}

static void check_pabt(const char *what, uint32_t va, uint32_t fsr)
{
	is(seen.n, 1, "%s: one Prefetch Abort", what);
	is(seen.vector, EXC_VEC_PABT, "%s: through VBAR + 0x0c", what);
	is(seen.fsr & IFSR_LONG_MASK, fsr, "%s: IFSR 0x%03lx", what, fsr);
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
	const uint64_t normal = LD_AF | LD_SH_INNER | LD_ATTR(ATTR_NORMAL);
	const uint32_t t = (uint32_t)target;

	l1[0] = LD_TABLE((uint32_t)l2_low);
	l1[1] = LD_TABLE((uint32_t)l2_ram);
	l1[2] = LD_TABLE((uint32_t)l2_test);
	l2_low[LD_INDEX(UART_BASE, 2)] = LD_BLOCK(UART_BASE) | LD_AF | LD_ATTR(ATTR_DEVICE) |
					 LD_AP_FULL | LD_XN;
	for (unsigned i = 0; i < RAM_BLOCKS; i++)
		l2_ram[i] = LD_BLOCK(RAM_BASE + (i << 21)) | normal | LD_AP_PL1_RW;
	l2_test[LD_INDEX(VA_PAGES, 2)] = LD_TABLE((uint32_t)l3);
	l2_test[LD_INDEX(VA_L2_NO_AF, 2)] = LD_BLOCK(RAM_BASE) | LD_SH_INNER;
	/* APTable 0b10: nothing under this table is writable. */
	l2_test[LD_INDEX(VA_RO_TABLE, 2)] = LD_TABLE((uint32_t)l3_ro) | (2ull << 61);
	l3_ro[0] = LD_PAGE(t) | normal | LD_AP_FULL;
	l3[PG_ALIAS] = LD_PAGE(t) | normal | LD_AP_FULL;
	l3[PG_NO_AF] = LD_PAGE(t) | LD_SH_INNER | LD_AP_FULL;
	l3[PG_RO] = LD_PAGE(t) | normal | LD_AP_PL1_RO;
	l3[PG_XN] = LD_PAGE(RAM_BASE) | normal | LD_AP_PL1_RW | LD_XN;
	l3[PG_PXN] = LD_PAGE(RAM_BASE) | normal | LD_AP_PL1_RW | LD_PXN;
	l3[PG_PL1_ONLY] = LD_PAGE(t) | normal | LD_AP_PL1_RW;
	dsb();
}

int main(void)
{
	uint32_t at, v, w = 0;

	guest_enter_svc();
	build_tables();
	write_sysreg(MAIR_ATTR(ATTR_NORMAL, MAIR_NORMAL_WB) | MAIR_ATTR(ATTR_DEVICE, MAIR_DEVICE),
		     MAIR0);
	write_sysreg(TTBCR_EAE | TTBCR_T0SZ(0), TTBCR);
	write_sysreg64((uint32_t)l1, TTBR0_64);
	set_sctlr(SCTLR_M, SCTLR_A | SCTLR_AFE | SCTLR_TRE);
	ok(read_sysreg(SCTLR) & SCTLR_M, "the MMU is on with long descriptors");

	target[1] = 0x10a9de5cu;
	v = *(volatile uint32_t *)(VA_PAGES + 4);
	is(v, 0x10a9de5cu, "a level 3 page maps VA 0x%08lx to the target's PA", VA_PAGES);
	*(volatile uint32_t *)(VA_PAGES + 8) = 0x2u;
	is(target[2], 0x2u, "a write through the level 3 page reaches the target");
	is(seen.n, 0, "no abort while the mappings hold");

	forget();
	ACCESS("ldr %1, [%2]", at, w, VA_L1_MISSING + 4);
	check_dabt("LDR from an invalid level 1 entry", at, FSR_LPAE | FSC_TRANSLATION(1),
		   VA_L1_MISSING + 4);
	forget();
	ACCESS("ldr %1, [%2]", at, w, VA_L2_MISSING + 8);
	check_dabt("LDR from an invalid level 2 entry", at, FSR_LPAE | FSC_TRANSLATION(2),
		   VA_L2_MISSING + 8);
	forget();
	w = 1;
	ACCESS("str %1, [%2]", at, w, VA_PAGES + (PG_MISSING << 12) + 12);
	check_dabt("STR to an invalid level 3 entry", at, FSR_LPAE | FSR_WNR | FSC_TRANSLATION(3),
		   VA_PAGES + (PG_MISSING << 12) + 12);

	forget();
	ACCESS("ldr %1, [%2]", at, w, VA_L2_NO_AF);
	check_dabt("LDR from a level 2 block with AF 0", at, FSR_LPAE | FSC_ACCESS_FLAG(2),
		   VA_L2_NO_AF);
	forget();
	ACCESS("ldr %1, [%2]", at, w, VA_PAGES + (PG_NO_AF << 12));
	check_dabt("LDR from a level 3 page with AF 0", at, FSR_LPAE | FSC_ACCESS_FLAG(3),
		   VA_PAGES + (PG_NO_AF << 12));

	forget();
	w = 0x33u;
	ACCESS("str %1, [%2]", at, w, VA_PAGES + (PG_RO << 12) + 16);
	check_dabt("STR to a PL1 read-only page", at, FSR_LPAE | FSR_WNR | FSC_PERMISSION(3),
		   VA_PAGES + (PG_RO << 12) + 16);
	is(target[4], 0, "STR to a PL1 read-only page: memory unchanged");
	forget();
	v = *(volatile uint32_t *)(VA_RO_TABLE + 4);
	is(v, 0x10a9de5cu, "a page under APTable 0b10 is readable");
	ACCESS("str %1, [%2]", at, w, VA_RO_TABLE + 20);
	check_dabt("STR to a page under APTable 0b10", at, FSR_LPAE | FSR_WNR | FSC_PERMISSION(3),
		   VA_RO_TABLE + 20);
	forget();
	ACCESS("ldrt %1, [%2]", at, w, VA_PAGES + (PG_PL1_ONLY << 12));
	check_dabt("LDRT from a PL1-only page", at, FSR_LPAE | FSC_PERMISSION(3),
		   VA_PAGES + (PG_PL1_ONLY << 12));

	forget();
	ACCESS("ldrex %1, [%2]", at, w, VA_PAGES + 2);
	check_dabt("unaligned LDREX", at, FSR_LPAE | FSC_ALIGNMENT, VA_PAGES + 2);

	/* T0SZ 1: TTBR0 covers the low 2 GiB, TTBR1 the rest; EPD1 disables its walks. */
	forget();
	write_sysreg(TTBCR_EAE | TTBCR_T0SZ(1) | TTBCR_EPD1, TTBCR);
	tlb_flush_pl1();
	ACCESS("ldr %1, [%2]", at, w, VA_PAGES);
	write_sysreg(TTBCR_EAE | TTBCR_T0SZ(0), TTBCR);
	tlb_flush_pl1();
	check_dabt("LDR through TTBR1 with TTBCR.EPD1", at, FSR_LPAE | FSC_TRANSLATION(1), VA_PAGES);

	forget();
	guest_call_at(VA_PAGES + (PG_XN << 12));
	check_pabt("branch to an XN page", VA_PAGES + (PG_XN << 12), FSR_LPAE | FSC_PERMISSION(3));
	forget();
	guest_call_at(VA_PAGES + (PG_PXN << 12));
	check_pabt("branch to a PXN page", VA_PAGES + (PG_PXN << 12), FSR_LPAE | FSC_PERMISSION(3));
	forget();
	guest_call_at(VA_PAGES + (PG_MISSING << 12));
	check_pabt("branch to an invalid level 3 entry", VA_PAGES + (PG_MISSING << 12),
		   FSR_LPAE | FSC_TRANSLATION(3));
	forget();
	guest_call_at(VA_L1_MISSING);
	check_pabt("branch to an invalid level 1 entry", VA_L1_MISSING,
		   FSR_LPAE | FSC_TRANSLATION(1));

	set_sctlr(0, SCTLR_M);
	ok(!(read_sysreg(SCTLR) & SCTLR_M), "the MMU is off again");
	done_testing();
	return 0;
}
