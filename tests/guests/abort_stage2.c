/*
 * Stage 2 aborts (DDI 0406C B3.6, B3.12, B3.13.5-B3.13.6): Hyp mode builds stage 2 tables
 * (VTCR.T0SZ 0, SL0 0b01: the lookup starts at level 1), sets HCR.VM and runs the rest of
 * the program in SVC mode. Each stage 2 fault enters Hyp mode through the Hyp Trap vector,
 * HVBAR + 0x14, with ELR_hyp = the aborted instruction (B1.8.3), HSR.EC 0x24 (Data Abort)
 * or 0x20 (Prefetch Abort) and its ISS, HDFAR/HIFAR = the virtual address and HPFAR =
 * IPA[39:12] in bits [31:4]. The handler emulates a trapped load or store from the ISS
 * (ISV, SAS, SSE, SRT, WnR), as a hypervisor emulates a device.
 *
 * Checked: VA != PA through stage 2; Translation faults at levels 3 and 1; Permission (a
 * write to a read-only page, an instruction fetch from an XN page); Access flag; ISV = 0 for
 * a load with writeback and for LDM; IL = 0 for a 16-bit Thumb store; a stage 2 fault on a
 * stage 1 table walk (S1PTW, ISV = 0) and one from HCR.PTW; a stage 1 fault with stage 2 on
 * stays at PL1.
 *
 * IL is UNK/SBZP in ARMv7 when ISV is 0 and for Prefetch Aborts: QEMU and hypsim write 0.
 */
#include "guest.h"
#include "mmu.h"

#define RAM_BASE        0x40000000ul
#define RAM_BLOCKS      64u
#define UART_BASE       0x09000000ul

/* IPAs: a level 3 table at 0x48000000 with one page each. */
#define IPA_PAGES       0x48000000ul
#define PG_RAM          0u              /* -> `target` */
#define PG_RO           1u              /* -> `target`, S2AP read-only */
#define PG_DEVICE       2u              /* invalid: the emulated device */
#define PG_XN           3u              /* -> RAM, XN */
#define PG_NO_AF        4u              /* -> `target`, AF 0 */
#define IPA_L2_MISSING  0x48200000ul    /* an invalid level 2 entry */
#define IPA_DEVICE_MEM  0x48400000ul    /* a level 2 block of Device memory -> RAM_BASE */
#define IPA_L1_MISSING  0x80000000ul    /* an invalid level 1 entry */

#define PAGE(n)         (IPA_PAGES + ((n) << 12))

/* Guest stage 1 (short descriptors) virtual addresses. */
#define VA_S2_WALK      0xa0000000ul    /* its page table at IPA_L2_MISSING */
#define VA_S1_MISSING   0xa0100000ul    /* an invalid level 1 entry */
#define VA_PTW          0xa0200000ul    /* its page table in IPA_DEVICE_MEM */

#define EMULATED        0xd0d0cafeu     /* what the emulated device reads as */
#define HVC_SET_HCR     1               /* HVC #1: HCR = HCR.VM | r0 */

static uint64_t s2_l1[4] __attribute__((aligned(32)));
static uint64_t s2_l2_low[LD_ENTRIES] __attribute__((aligned(4096)));
static uint64_t s2_l2_ram[LD_ENTRIES] __attribute__((aligned(4096)));
static uint64_t s2_l3[LD_ENTRIES] __attribute__((aligned(4096)));
static uint32_t s1_l1[SD_L1_ENTRIES] __attribute__((aligned(16384)));
static volatile uint32_t target[1024] __attribute__((aligned(4096)));

static volatile struct {
	unsigned n;
	uint32_t vector, hsr, far, hpfar, elr, spsr, stored;
} trap;
static volatile struct {
	unsigned n;
	uint32_t fsr, far;
} pl1;

static uint32_t insn_after(uint32_t at, uint32_t spsr)
{
	uint32_t hw;

	if (!(spsr & PSR_T))
		return at + 4;
	hw = *(volatile uint16_t *)at;
	return at + ((hw >> 11) >= 0x1du ? 4 : 2);
}

void hyp_trap_handler(struct exc_frame *f)
{
	uint32_t hsr = read_sysreg(HSR);
	uint32_t ec = HSR_EC(hsr);

	if (ec == HSR_EC_HVC && HSR_ISS_HVC_IMM16(hsr) == HVC_SET_HCR) {
		write_sysreg(HCR_VM | f->r[0], HCR);
		isb();
		return;
	}
	trap.n++;
	trap.vector = f->vector;
	trap.hsr = hsr;
	trap.hpfar = read_sysreg(HPFAR);
	trap.elr = f->ret;
	trap.spsr = f->spsr;
	if (ec == HSR_EC_PABT_GUEST) {
		trap.far = read_sysreg(HIFAR);
		f->ret = guest_pabt_resume;
		f->spsr &= ~PSR_T;
		return;
	}
	trap.far = read_sysreg(HDFAR);
	/* Emulate the access from the syndrome, as a hypervisor does for a device. */
	if ((hsr & HSR_ISS_ISV) && HSR_ISS_SRT_OF(hsr) < 13) {
		if (hsr & HSR_ISS_WNR)
			trap.stored = f->r[HSR_ISS_SRT_OF(hsr)];
		else
			f->r[HSR_ISS_SRT_OF(hsr)] = EMULATED;
	}
	f->ret = insn_after(f->ret, f->spsr);
}

void pl1_dabt_handler(struct exc_frame *f)
{
	pl1.n++;
	pl1.fsr = read_sysreg(DFSR);
	pl1.far = read_sysreg(DFAR);
	f->ret -= 4;
}

static void forget(void)
{
	trap.n = 0;
	trap.vector = trap.hsr = trap.far = trap.hpfar = trap.elr = trap.spsr = 0;
	trap.stored = 0;
	pl1.n = 0;
	pl1.fsr = pl1.far = 0;
}

static void set_hcr(uint32_t bits)
{
	register uint32_t r0 __asm__("r0") = bits;
	__asm__ volatile("hvc #" STRINGIFY(HVC_SET_HCR) : : "r"(r0) : "memory");
}

/* A 16-bit Thumb STR r1, [r0] (A8.8, "STR (immediate, Thumb)" T1). */
__asm__(".pushsection .text\n"
	".thumb\n"
	".thumb_func\n"
	".global thumb_str\n"
	".type thumb_str, %function\n"
	"thumb_str:\n"
	"\tstr r1, [r0]\n"
	"\tbx lr\n"
	".arm\n"
	".popsection\n");
void thumb_str(uint32_t va, uint32_t v);

/* One instruction with fixed registers: r4 = the data, r5 = the address. */
#define R4_R5(insn, at, r4v, addr) do { \
	register uint32_t r4_ __asm__("r4") = (r4v); \
	register uint32_t r5_ __asm__("r5") = (addr); \
	__asm__ volatile("adr %0, 1f\n1:\t" insn : "=&r"(at), "+r"(r4_), "+r"(r5_) : : "memory"); \
	(r4v) = r4_; \
} while (0)

static void check_trap(const char *what, uint32_t at, uint32_t hsr, uint32_t va, uint64_t ipa)
{
	is(trap.n, 1, "%s: one trap to Hyp mode", what);
	is(trap.vector, EXC_VEC_HYP_TRAP, "%s: through HVBAR + 0x14", what);
	is(trap.hsr, hsr, "%s: HSR 0x%08lx", what, hsr);
	is(trap.far, va, "%s: %s is the virtual address", what,
	   HSR_EC(hsr) == HSR_EC_PABT_GUEST ? "HIFAR" : "HDFAR");
	is(trap.hpfar, HPFAR_OF_IPA(ipa), "%s: HPFAR holds IPA[39:12]", what);
	is(trap.elr, at, "%s: ELR_hyp is the aborted instruction", what);
	is(PSR_MODE(trap.spsr), PSR_MODE_SVC, "%s: SPSR_hyp.M is SVC mode", what);
}

static void build_stage2(void)
{
	const uint64_t normal = LD_AF | LD_SH_INNER | S2_NORMAL;
	const uint32_t t = (uint32_t)target;

	s2_l1[0] = LD_TABLE((uint32_t)s2_l2_low);
	s2_l1[1] = LD_TABLE((uint32_t)s2_l2_ram);
	s2_l2_low[LD_INDEX(UART_BASE, 2)] = LD_BLOCK(UART_BASE) | LD_AF | S2_DEVICE | S2_RW | LD_XN;
	for (unsigned i = 0; i < RAM_BLOCKS; i++)
		s2_l2_ram[i] = LD_BLOCK(RAM_BASE + (i << 21)) | normal | S2_RW;
	s2_l2_ram[LD_INDEX(IPA_PAGES, 2)] = LD_TABLE((uint32_t)s2_l3);
	s2_l2_ram[LD_INDEX(IPA_DEVICE_MEM, 2)] = LD_BLOCK(RAM_BASE) | LD_AF | S2_DEVICE | S2_RW;
	s2_l3[PG_RAM] = LD_PAGE(t) | normal | S2_RW;
	s2_l3[PG_RO] = LD_PAGE(t) | normal | S2_R;
	s2_l3[PG_XN] = LD_PAGE(RAM_BASE) | normal | S2_RW | LD_XN;
	s2_l3[PG_NO_AF] = LD_PAGE(t) | LD_SH_INNER | S2_NORMAL | S2_RW;
	dsb();
}

/* The guest's stage 1: RAM and the UART flat, and the test sections. */
static void build_stage1(void)
{
	const uint32_t normal = SD_SECT_NORMAL | SD_SECT_AP(AP_FULL);

	for (uint32_t mib = 0; mib < 128; mib++)
		s1_l1[SD_L1_INDEX(RAM_BASE) + mib] = SD_SECTION(RAM_BASE + (mib << 20)) | normal;
	s1_l1[SD_L1_INDEX(UART_BASE)] = SD_SECTION(UART_BASE) | SD_SECT_DEVICE | SD_SECT_XN |
					SD_SECT_AP(AP_FULL);
	s1_l1[SD_L1_INDEX(VA_S2_WALK)] = SD_PAGE_TABLE(IPA_L2_MISSING, 0);
	s1_l1[SD_L1_INDEX(VA_PTW)] = SD_PAGE_TABLE(IPA_DEVICE_MEM + 0x400, 0);
	dsb();
}

static void guest_tests(void)
{
	uint32_t at, r4, v;

	v = *(volatile uint32_t *)(PAGE(PG_RAM) + 4);
	is(v, 0x5e7a9e2u, "stage 2 maps IPA 0x%08lx to the target's PA", PAGE(PG_RAM));
	is(trap.n, 0, "no trap while the mappings hold");

	forget();
	r4 = 0;
	R4_R5("ldr r4, [r5]", at, r4, PAGE(PG_DEVICE) + 0x10);
	check_trap("LDR from an unmapped IPA", at,
		   HSR_VALUE(HSR_EC_DABT_GUEST, HSR_ISS_ISV | HSR_ISS_SAS(2) | HSR_ISS_SRT(4) |
				 FSC_TRANSLATION(3)),
		   PAGE(PG_DEVICE) + 0x10, PAGE(PG_DEVICE) + 0x10);
	is(r4, EMULATED, "LDR from an unmapped IPA: Hyp mode emulated the load into r4");

	forget();
	r4 = 0x15a;
	R4_R5("strb r4, [r5, #3]", at, r4, PAGE(PG_DEVICE));
	check_trap("STRB to an unmapped IPA", at,
		   HSR_VALUE(HSR_EC_DABT_GUEST, HSR_ISS_ISV | HSR_ISS_SAS(0) | HSR_ISS_SRT(4) |
				 HSR_ISS_WNR | FSC_TRANSLATION(3)),
		   PAGE(PG_DEVICE) + 3, PAGE(PG_DEVICE) + 3);
	is(trap.stored, 0x15a, "STRB to an unmapped IPA: Hyp mode read r4 from the frame");

	forget();
	R4_R5("strh r4, [r5, #6]", at, r4, PAGE(PG_DEVICE));
	check_trap("STRH to an unmapped IPA", at,
		   HSR_VALUE(HSR_EC_DABT_GUEST, HSR_ISS_ISV | HSR_ISS_SAS(1) | HSR_ISS_SRT(4) |
				 HSR_ISS_WNR | FSC_TRANSLATION(3)),
		   PAGE(PG_DEVICE) + 6, PAGE(PG_DEVICE) + 6);

	forget();
	R4_R5("ldrsb r4, [r5, #-1]", at, r4, PAGE(PG_DEVICE) + 0x100);
	check_trap("LDRSB from an unmapped IPA", at,
		   HSR_VALUE(HSR_EC_DABT_GUEST, HSR_ISS_ISV | HSR_ISS_SAS(0) | HSR_ISS_SSE |
				 HSR_ISS_SRT(4) | FSC_TRANSLATION(3)),
		   PAGE(PG_DEVICE) + 0xff, PAGE(PG_DEVICE) + 0xff);

	forget();
	thumb_str(PAGE(PG_DEVICE) + 0x20, 0x7e57u);
	check_trap("Thumb STR to an unmapped IPA", (uint32_t)thumb_str & ~1u,
		   (HSR_EC_DABT_GUEST << 26) | HSR_ISS_ISV | HSR_ISS_SAS(2) | HSR_ISS_SRT(1) |
		   HSR_ISS_WNR | FSC_TRANSLATION(3),
		   PAGE(PG_DEVICE) + 0x20, PAGE(PG_DEVICE) + 0x20);
	is(trap.stored, 0x7e57u, "Thumb STR to an unmapped IPA: the stored value");

	/* Writeback and multiple registers: no instruction syndrome (B3.13.6). */
	forget();
	R4_R5("ldr r4, [r5, #4]!", at, r4, PAGE(PG_DEVICE));
	check_trap("LDR with writeback from an unmapped IPA", at,
		   (HSR_EC_DABT_GUEST << 26) | FSC_TRANSLATION(3),
		   PAGE(PG_DEVICE) + 4, PAGE(PG_DEVICE) + 4);
	forget();
	R4_R5("ldm r5, {r4, r6}", at, r4, PAGE(PG_DEVICE) + 8);
	check_trap("LDM from an unmapped IPA", at, (HSR_EC_DABT_GUEST << 26) | FSC_TRANSLATION(3),
		   PAGE(PG_DEVICE) + 8, PAGE(PG_DEVICE) + 8);

	forget();
	r4 = 0x99u;
	R4_R5("str r4, [r5]", at, r4, PAGE(PG_RO) + 0x30);
	check_trap("STR to a stage 2 read-only page", at,
		   HSR_VALUE(HSR_EC_DABT_GUEST, HSR_ISS_ISV | HSR_ISS_SAS(2) | HSR_ISS_SRT(4) |
				 HSR_ISS_WNR | FSC_PERMISSION(3)),
		   PAGE(PG_RO) + 0x30, PAGE(PG_RO) + 0x30);
	is(target[12], 0, "STR to a stage 2 read-only page: memory unchanged");

	forget();
	R4_R5("ldr r4, [r5]", at, r4, PAGE(PG_NO_AF));
	check_trap("LDR from a stage 2 page with AF 0", at,
		   HSR_VALUE(HSR_EC_DABT_GUEST, HSR_ISS_ISV | HSR_ISS_SAS(2) | HSR_ISS_SRT(4) |
				 FSC_ACCESS_FLAG(3)),
		   PAGE(PG_NO_AF), PAGE(PG_NO_AF));

	forget();
	R4_R5("ldr r4, [r5]", at, r4, IPA_L1_MISSING + 0x44);
	check_trap("LDR from an IPA with no level 1 entry", at,
		   HSR_VALUE(HSR_EC_DABT_GUEST, HSR_ISS_ISV | HSR_ISS_SAS(2) | HSR_ISS_SRT(4) |
				 FSC_TRANSLATION(1)),
		   IPA_L1_MISSING + 0x44, IPA_L1_MISSING + 0x44);

	/* B3.13.6: a cache maintenance operation by MVA whose address has no stage 2
	 * translation is a Data Abort with CM and WnR set and no instruction syndrome. */
	forget();
	R4_R5("mcr p15, 0, r5, c7, c14, 1", at, r4, PAGE(PG_DEVICE) + 0x40);
	check_trap("DCCIMVAC of an unmapped IPA", at,
		   (HSR_EC_DABT_GUEST << 26) | HSR_ISS_CM | HSR_ISS_WNR | FSC_TRANSLATION(3),
		   PAGE(PG_DEVICE) + 0x40, PAGE(PG_DEVICE) + 0x40);
	forget();
	R4_R5("mcr p15, 0, r5, c7, c10, 1", at, r4, PAGE(PG_RAM) + 0x40);
	is(trap.n, 0, "DCCMVAC of a mapped IPA: no trap");

	forget();
	guest_call_at(PAGE(PG_XN));
	check_trap("branch to a stage 2 XN page", PAGE(PG_XN),
		   (HSR_EC_PABT_GUEST << 26) | FSC_PERMISSION(3), PAGE(PG_XN), PAGE(PG_XN));
	forget();
	guest_call_at(PAGE(PG_DEVICE));
	check_trap("branch to an unmapped IPA", PAGE(PG_DEVICE),
		   (HSR_EC_PABT_GUEST << 26) | FSC_TRANSLATION(3), PAGE(PG_DEVICE),
		   PAGE(PG_DEVICE));
}

/* With the guest's own stage 1 on (short descriptors, tables in RAM). */
static void guest_stage1_tests(void)
{
	uint32_t at, r4 = 0;

	write_sysreg(0, TTBCR);
	write_sysreg((uint32_t)s1_l1, TTBR0_32);
	write_sysreg(DACR_DOMAIN(0, DACR_CLIENT), DACR);
	tlb_flush_pl1();
	write_sysreg(read_sysreg(SCTLR) | SCTLR_M, SCTLR);
	isb();

	forget();
	R4_R5("ldr r4, [r5]", at, r4, VA_S2_WALK + 0x10);
	check_trap("LDR whose stage 1 table has no stage 2 mapping", at,
		   (HSR_EC_DABT_GUEST << 26) | HSR_ISS_S1PTW | FSC_TRANSLATION(2),
		   VA_S2_WALK + 0x10, IPA_L2_MISSING);

	forget();
	R4_R5("ldr r4, [r5]", at, r4, VA_S1_MISSING);
	is(pl1.n, 1, "a stage 1 fault with stage 2 on is taken at PL1");
	is(trap.n, 0, "a stage 1 fault with stage 2 on does not trap to Hyp mode");
	is(pl1.fsr & DFSR_MASK, FS_TRANSLATION_SECTION, "a stage 1 fault with stage 2 on: DFSR");
	is(pl1.far, VA_S1_MISSING, "a stage 1 fault with stage 2 on: DFAR");

	/* HCR.PTW: the stage 1 walk reads Device memory at stage 2: a stage 2 Permission
	 * fault on the walk. */
	forget();
	set_hcr(HCR_PTW);
	R4_R5("ldr r4, [r5]", at, r4, VA_PTW + 0x8);
	set_hcr(0);
	check_trap("LDR whose stage 1 table is in stage 2 Device memory, HCR.PTW", at,
		   (HSR_EC_DABT_GUEST << 26) | HSR_ISS_S1PTW | FSC_PERMISSION(2),
		   VA_PTW + 0x8, IPA_DEVICE_MEM + 0x400);

	write_sysreg(read_sysreg(SCTLR) & ~SCTLR_M, SCTLR);
	isb();
}

int main(void)
{
	target[1] = 0x5e7a9e2u;
	build_stage2();
	build_stage1();
	write_sysreg(VTCR_SL0(1) | VTCR_T0SZ(0), VTCR);
	write_sysreg64((uint32_t)s2_l1, VTTBR_64);
	write_sysreg(HCR_VM, HCR);
	tlb_flush_hyp();
	guest_enter_svc();

	guest_tests();
	guest_stage1_tests();
	done_testing();
	return 0;
}
