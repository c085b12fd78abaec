/*
 * Aborts of Hyp mode's own accesses (DDI 0406C B3.13.5-B3.13.6): with the Hyp stage 1 MMU
 * on (HSCTLR.M, HTCR, HTTBR, HMAIR0; long descriptors, B3.6), a Data Abort is taken through
 * HVBAR + 0x10 with HSR.EC 0x25 and a Prefetch Abort through HVBAR + 0x0c with HSR.EC 0x21,
 * HDFAR/HIFAR = the faulting address, ELR_hyp = the aborted instruction (B1.8.3). Checked:
 * Translation faults at levels 1 and 3, Permission (a write to a read-only page; a fetch
 * from an XN page), Access flag, Alignment (LDREX), ISV for a single load and none for a
 * load with writeback or LDM. Then BKPT: from SVC mode a Prefetch Abort to Abort mode with
 * IFSR = debug event and LR_abt = the BKPT + 4; in Hyp mode a Prefetch Abort to Hyp mode.
 *
 * As QEMU does, hypsim gives the instruction syndrome of a single load or store for Hyp
 * mode's own Data Aborts too. IL is written 0 where ARMv7 makes it UNK/SBZP.
 */
#include "guest.h"
#include "mmu.h"

#define RAM_BASE        0x40000000ul
#define RAM_BLOCKS      64u
#define UART_BASE       0x09000000ul

#define VA_PAGES        0x48000000ul    /* a level 3 table */
#define PG_ALIAS        0u              /* -> `target` */
#define PG_MISSING      1u
#define PG_RO           2u              /* AP[2] = 1: read-only */
#define PG_XN           3u              /* -> RAM, execute-never */
#define PG_NO_AF        4u
#define VA_L1_MISSING   0x80000000ul
#define PAGE(n)         (VA_PAGES + ((n) << 12))

#define ATTR_NORMAL     0u
#define ATTR_DEVICE     1u

/* BKPT #imm16, ARM encoding A1 (A8.8, "BKPT"). */
#define BKPT_A1(imm16)  (0xe1200070u | (((imm16) >> 4) << 8) | ((imm16) & 0xfu))

static uint64_t h_l1[4] __attribute__((aligned(32)));
static uint64_t h_l2_low[LD_ENTRIES] __attribute__((aligned(4096)));
static uint64_t h_l2_ram[LD_ENTRIES] __attribute__((aligned(4096)));
static uint64_t h_l3[LD_ENTRIES] __attribute__((aligned(4096)));
static volatile uint32_t target[1024] __attribute__((aligned(4096)));

static volatile struct {
	unsigned n;
	uint32_t vector, hsr, far, ret, spsr, mode, insn;
} seen;

static void record(struct exc_frame *f, uint32_t syndrome, uint32_t far)
{
	seen.n++;
	seen.vector = f->vector;
	seen.hsr = syndrome;
	seen.far = far;
	seen.ret = f->ret;
	seen.spsr = f->spsr;
	seen.mode = PSR_MODE(read_cpsr());
}

void hyp_dabt_handler(struct exc_frame *f)
{
	record(f, read_sysreg(HSR), read_sysreg(HDFAR));
	f->ret += 4;
}

void hyp_pabt_handler(struct exc_frame *f)
{
	record(f, read_sysreg(HSR), read_sysreg(HIFAR));
	if (HSR_ISS_FSC(seen.hsr) == FSC_DEBUG) {
		seen.insn = *(const uint32_t *)f->ret;
		f->ret += 4;            /* after the BKPT */
		return;
	}
	f->ret = guest_pabt_resume;
}

void pl1_pabt_handler(struct exc_frame *f)
{
	record(f, read_sysreg(IFSR), read_sysreg(IFAR));     /* seen.hsr: the IFSR here */
	seen.insn = *(const uint32_t *)(f->ret - 4);
	/* LR_abt is the BKPT + 4: resume there. */
}

static void forget(void)
{
	seen.n = 0;
	seen.vector = seen.hsr = seen.far = seen.ret = seen.spsr = seen.mode = seen.insn = 0;
}

#define R4_R5(insn, at, r4v, addr) do { \
	register uint32_t r4_ __asm__("r4") = (r4v); \
	register uint32_t r5_ __asm__("r5") = (addr); \
	__asm__ volatile("adr %0, 1f\n1:\t" insn : "=&r"(at), "+r"(r4_), "+r"(r5_) : : "r6", "memory"); \
	(r4v) = r4_; \
} while (0)

static void check(const char *what, uint32_t vector, uint32_t at, uint32_t hsr, uint32_t va)
{
	is(seen.n, 1, "%s: one abort", what);
	is(seen.vector, vector, "%s: through HVBAR + 0x%02lx", what, vector);
	is(seen.mode, PSR_MODE_HYP, "%s: taken to Hyp mode", what);
	is(seen.hsr, hsr, "%s: HSR 0x%08lx", what, hsr);
	is(seen.far, va, "%s: %s is the faulting address", what,
	   vector == EXC_VEC_PABT ? "HIFAR" : "HDFAR");
	is(seen.ret, at, "%s: ELR_hyp is the aborted instruction", what);
	is(PSR_MODE(seen.spsr), PSR_MODE_HYP, "%s: SPSR_hyp.M is Hyp mode", what);
}

#define DABT_HSR(iss)   HSR_VALUE(HSR_EC_DABT_HYP, (iss))

static void build_tables(void)
{
	const uint64_t normal = LD_AF | LD_SH_INNER | LD_ATTR(ATTR_NORMAL);
	const uint32_t t = (uint32_t)target;

	h_l1[0] = LD_TABLE((uint32_t)h_l2_low);
	h_l1[1] = LD_TABLE((uint32_t)h_l2_ram);
	h_l2_low[LD_INDEX(UART_BASE, 2)] = LD_BLOCK(UART_BASE) | LD_AF | LD_ATTR(ATTR_DEVICE) | LD_XN;
	for (unsigned i = 0; i < RAM_BLOCKS; i++)
		h_l2_ram[i] = LD_BLOCK(RAM_BASE + (i << 21)) | normal;
	h_l2_ram[LD_INDEX(VA_PAGES, 2)] = LD_TABLE((uint32_t)h_l3);
	h_l3[PG_ALIAS] = LD_PAGE(t) | normal;
	h_l3[PG_RO] = LD_PAGE(t) | normal | LD_AP_RO;
	h_l3[PG_XN] = LD_PAGE(RAM_BASE) | normal | LD_XN;
	h_l3[PG_NO_AF] = LD_PAGE(t) | LD_SH_INNER;
	dsb();
}

int main(void)
{
	uint32_t at, r4 = 0, v;

	target[1] = 0xb1e55edu;
	build_tables();
	write_sysreg(MAIR_ATTR(ATTR_NORMAL, MAIR_NORMAL_WB) | MAIR_ATTR(ATTR_DEVICE, MAIR_DEVICE),
		     HMAIR0);
	write_sysreg(0, HTCR);
	write_sysreg64((uint32_t)h_l1, HTTBR_64);
	tlb_flush_hyp();
	write_sysreg(read_sysreg(HSCTLR) | SCTLR_M, HSCTLR);
	isb();
	ok(read_sysreg(HSCTLR) & SCTLR_M, "the Hyp MMU is on");

	v = *(volatile uint32_t *)(PAGE(PG_ALIAS) + 4);
	is(v, 0xb1e55edu, "a Hyp level 3 page maps VA 0x%08lx to the target's PA", PAGE(PG_ALIAS));
	is(seen.n, 0, "no abort while the mappings hold");

	forget();
	R4_R5("ldr r4, [r5]", at, r4, PAGE(PG_MISSING) + 8);
	check("LDR from an invalid level 3 entry", EXC_VEC_DABT, at,
	      DABT_HSR(HSR_ISS_ISV | HSR_ISS_SAS(2) | HSR_ISS_SRT(4) | FSC_TRANSLATION(3)),
	      PAGE(PG_MISSING) + 8);
	forget();
	R4_R5("ldr r4, [r5]", at, r4, VA_L1_MISSING);
	check("LDR from an invalid level 1 entry", EXC_VEC_DABT, at,
	      DABT_HSR(HSR_ISS_ISV | HSR_ISS_SAS(2) | HSR_ISS_SRT(4) | FSC_TRANSLATION(1)),
	      VA_L1_MISSING);
	forget();
	r4 = 7;
	R4_R5("strh r4, [r5, #2]", at, r4, PAGE(PG_RO));
	check("STRH to a read-only page", EXC_VEC_DABT, at,
	      DABT_HSR(HSR_ISS_ISV | HSR_ISS_SAS(1) | HSR_ISS_SRT(4) | HSR_ISS_WNR |
		       FSC_PERMISSION(3)), PAGE(PG_RO) + 2);
	is(target[0], 0, "STRH to a read-only page: memory unchanged");
	forget();
	R4_R5("ldrb r4, [r5, #1]", at, r4, PAGE(PG_NO_AF));
	check("LDRB from a page with AF 0", EXC_VEC_DABT, at,
	      DABT_HSR(HSR_ISS_ISV | HSR_ISS_SAS(0) | HSR_ISS_SRT(4) | FSC_ACCESS_FLAG(3)),
	      PAGE(PG_NO_AF) + 1);
	forget();
	R4_R5("ldr r4, [r5], #4", at, r4, PAGE(PG_MISSING));
	check("LDR post-indexed from an invalid entry", EXC_VEC_DABT, at,
	      (HSR_EC_DABT_HYP << 26) | FSC_TRANSLATION(3), PAGE(PG_MISSING));
	forget();
	R4_R5("ldm r5, {r4, r6}", at, r4, PAGE(PG_MISSING) + 0x10);
	check("LDM from an invalid entry", EXC_VEC_DABT, at,
	      (HSR_EC_DABT_HYP << 26) | FSC_TRANSLATION(3), PAGE(PG_MISSING) + 0x10);
	forget();
	R4_R5("ldrex r4, [r5]", at, r4, PAGE(PG_ALIAS) + 1);
	check("unaligned LDREX", EXC_VEC_DABT, at, (HSR_EC_DABT_HYP << 26) | FSC_ALIGNMENT,
	      PAGE(PG_ALIAS) + 1);

	/* A3.2.1: HSCTLR.A makes unaligned accesses of Hyp mode Alignment faults, reported
	 * with the instruction syndrome; a store that faults leaves memory as it was. */
	target[4] = 0x44332211u;
	target[5] = 0x88776655u;
	forget();
	R4_R5("ldr r4, [r5]", at, r4, PAGE(PG_ALIAS) + 0x11);
	is(seen.n, 0, "unaligned LDR without HSCTLR.A: no abort");
	is(r4, 0x55443322u, "unaligned LDR without HSCTLR.A reads the four bytes at the address");
	write_sysreg(read_sysreg(HSCTLR) | SCTLR_A, HSCTLR);
	isb();
	R4_R5("ldrh r4, [r5]", at, r4, PAGE(PG_ALIAS) + 0x13);
	check("unaligned LDRH with HSCTLR.A", EXC_VEC_DABT, at,
	      DABT_HSR(HSR_ISS_ISV | HSR_ISS_SAS(1) | HSR_ISS_SRT(4) | FSC_ALIGNMENT),
	      PAGE(PG_ALIAS) + 0x13);
	forget();
	r4 = 0xdeadbeefu;
	R4_R5("str r4, [r5]", at, r4, PAGE(PG_ALIAS) + 0x12);
	check("unaligned STR with HSCTLR.A", EXC_VEC_DABT, at,
	      DABT_HSR(HSR_ISS_ISV | HSR_ISS_SAS(2) | HSR_ISS_SRT(4) | HSR_ISS_WNR | FSC_ALIGNMENT),
	      PAGE(PG_ALIAS) + 0x12);
	write_sysreg(read_sysreg(HSCTLR) & ~SCTLR_A, HSCTLR);
	isb();
	is(target[4], 0x44332211u, "unaligned STR with HSCTLR.A: memory unchanged (first word)");
	is(target[5], 0x88776655u, "unaligned STR with HSCTLR.A: memory unchanged (second word)");

	forget();
	guest_call_at(PAGE(PG_XN));
	check("branch to an XN page", EXC_VEC_PABT, PAGE(PG_XN),
	      (HSR_EC_PABT_HYP << 26) | FSC_PERMISSION(3), PAGE(PG_XN));
	forget();
	guest_call_at(PAGE(PG_MISSING));
	check("branch to an invalid entry", EXC_VEC_PABT, PAGE(PG_MISSING),
	      (HSR_EC_PABT_HYP << 26) | FSC_TRANSLATION(3), PAGE(PG_MISSING));

	/* B1.9.7: BKPT in Hyp mode is a Prefetch Abort taken to Hyp mode, reported with
	 * HSR.EC 0x21 and IFSC 0b100010, debug event (B3.13.6). */
	forget();
	__asm__ volatile("adr %0, 1f\n1:\tbkpt #0x1ab" : "=r"(at) : : "memory");
	is(seen.n, 1, "BKPT in Hyp mode: one Prefetch Abort");
	is(seen.vector, EXC_VEC_PABT, "BKPT in Hyp mode: through HVBAR + 0x0c");
	/* IL is UNK/SBZP here: QEMU writes 1, hypsim 0, as for its other Prefetch Aborts. */
	is(seen.hsr & ~HSR_IL, (HSR_EC_PABT_HYP << 26) | FSC_DEBUG,
	   "BKPT in Hyp mode: HSR.EC 0x21 and IFSC 0x22");
	is(seen.ret, at, "BKPT in Hyp mode: ELR_hyp is the BKPT");
	is(seen.insn, BKPT_A1(0x1ab), "BKPT in Hyp mode: ELR_hyp points at BKPT 0x1ab");

	write_sysreg(read_sysreg(HSCTLR) & ~SCTLR_M, HSCTLR);
	isb();
	ok(!(read_sysreg(HSCTLR) & SCTLR_M), "the Hyp MMU is off again");

	/* From SVC mode, a debug exception is taken to Abort mode (HDCR.TDE is 0). */
	guest_enter_svc();
	forget();
	__asm__ volatile("adr %0, 1f\n1:\tbkpt #0xbee" : "=r"(at) : : "memory");
	is(seen.n, 1, "BKPT in SVC mode: one Prefetch Abort");
	is(seen.vector, EXC_VEC_PABT, "BKPT in SVC mode: through VBAR + 0x0c");
	is(seen.mode, PSR_MODE_ABT, "BKPT in SVC mode: taken to Abort mode");
	is(seen.hsr & IFSR_MASK, FS_DEBUG, "BKPT in SVC mode: IFSR 0x002, debug event");
	is(seen.ret, at + 4, "BKPT in SVC mode: LR_abt is the BKPT + 4");
	is(seen.insn, BKPT_A1(0xbee), "BKPT in SVC mode: LR_abt - 4 holds BKPT 0xbee");
	is(PSR_MODE(seen.spsr), PSR_MODE_SVC, "BKPT in SVC mode: SPSR_abt.M is SVC mode");
	done_testing();
	return 0;
}
