/*
 * uc-raw: the smallest Unicorn driver that runs a bench workload, as the baseline hypsim is
 * measured against. It does what hypsim does to start an image and nothing more: the
 * Cortex-A15 model, RAM at the virt-a15 address, the ELF's PT_LOAD segments, Non-secure Hyp
 * mode, one uc_emu_start with no instruction count. The PL011 data register is an MMIO page
 * (so the workload's checksum line reaches stdout), and PSCI SYSTEM_OFF ends the run.
 *
 *   uc-raw [--count] [--exec-on-fetch] IMAGE   run IMAGE; on stderr: instructions (with
 *                                              --count) and time
 *   uc-raw --version            the Unicorn library version this driver runs on
 *
 * --count adds a UC_HOOK_BLOCK counting size/4 instructions per block, as hypsim's quantum
 * hook does, so the two are comparable; without it no hook is installed at all.
 * --exec-on-fetch maps RAM without execute permission and makes each page executable when
 * the run stops on a fetch from it, as hypsim does (cpu/code_pages.c): Unicorn then skips its
 * search for translated code on stores to the other pages.
 * Exit status: 0 the image powered off, 1 anything else, 2 a usage or image error.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <unicorn/unicorn.h>

/* virt-a15 (QEMU virt): RAM and the PL011 (platforms/virt-a15.platform). */
#define RAM_BASE        0x40000000u
#define RAM_SIZE        (128u << 20)
#define UART_BASE       0x09000000u
#define UART_SIZE       0x1000u
#define UARTDR          0x000u          /* PL011 TRM (DDI 0183) 3.3.1 */

/* CPSR.M and masks (ARM DDI 0406C B1.3.3). */
#define ARM_MODE_USR    0x10u
#define ARM_MODE_HYP    0x1au
#define CPSR_M          0x1fu
#define CPSR_F          (1u << 6)
#define CPSR_I          (1u << 7)
#define CPSR_A          (1u << 8)

/* SCR (B4.1.129), reached through CP_REG with sec=1. */
#define SCR_NS          (1u << 0)
#define SCR_HCE         (1u << 8)

/* Unicorn's exception number for SMC in UC_HOOK_INTR (QEMU's EXCP_SMC). */
#define EXCP_SMC        13u

/* PSCI (Arm DEN 0022): the calls guestlib makes. */
#define PSCI_FN_VERSION         0x84000000u
#define PSCI_FN_SYSTEM_OFF      0x84000008u
#define PSCI_VERSION_1_1        0x00010001u
#define PSCI_NOT_SUPPORTED      0xffffffffu

/* An address no instruction starts at: run until uc_emu_stop. */
#define RUN_FOREVER_UNTIL 1

struct raw {
	uc_engine *uc;
	uint8_t *ram;
	uint64_t insns;
	bool powered_off;
	uint32_t bad_intno;
	bool bad_intr;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int fail(const char *what, uc_err e)
{
	fprintf(stderr, "uc-raw: %s: %s\n", what, uc_strerror(e));
	return 1;
}

static void hook_block(uc_engine *uc, uint64_t address, uint32_t size, void *opaque)
{
	struct raw *r = opaque;

	(void)uc;
	(void)address;
	r->insns += size / 4;
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *opaque)
{
	struct raw *r = opaque;
	uint32_t fn = 0, ret;

	if (intno != EXCP_SMC) {
		r->bad_intr = true;
		r->bad_intno = intno;
		uc_emu_stop(uc);
		return;
	}
	/* PC is already past the SMC; our firmware answers in r0 (SMCCC, DEN 0028). */
	uc_reg_read(uc, UC_ARM_REG_R0, &fn);
	switch (fn) {
	case PSCI_FN_SYSTEM_OFF:
		r->powered_off = true;
		uc_emu_stop(uc);
		return;
	case PSCI_FN_VERSION:
		ret = PSCI_VERSION_1_1;
		break;
	default:
		ret = PSCI_NOT_SUPPORTED;
		break;
	}
	uc_reg_write(uc, UC_ARM_REG_R0, &ret);
}

/* PL011: reads return 0 (UARTFR.TXFF clear: never full); writes to UARTDR are output. */
static uint64_t uart_read(uc_engine *uc, uint64_t offset, unsigned size, void *opaque)
{
	(void)uc;
	(void)offset;
	(void)size;
	(void)opaque;
	return 0;
}

static void uart_write(uc_engine *uc, uint64_t offset, unsigned size, uint64_t value,
		       void *opaque)
{
	(void)uc;
	(void)size;
	(void)opaque;
	if (offset == UARTDR && (uint8_t)value != '\r')
		putchar((int)(uint8_t)value);
}

/* Copies IMAGE's PT_LOAD segments into RAM at their physical addresses; returns the entry. */
static int load_elf(const char *path, uint8_t *ram, uint32_t *entry)
{
	int fd = open(path, O_RDONLY);
	Elf *e;
	GElf_Ehdr eh;
	size_t nph, fsize;
	char *file;
	int ret = 2;

	if (fd < 0) {
		fprintf(stderr, "uc-raw: %s: %s\n", path, strerror(errno));
		return 2;
	}
	if (elf_version(EV_CURRENT) == EV_NONE || !(e = elf_begin(fd, ELF_C_READ, NULL))) {
		fprintf(stderr, "uc-raw: %s: %s\n", path, elf_errmsg(-1));
		close(fd);
		return 2;
	}
	file = elf_rawfile(e, &fsize);
	if (!file || !gelf_getehdr(e, &eh) || eh.e_machine != EM_ARM ||
	    gelf_getclass(e) != ELFCLASS32 || elf_getphdrnum(e, &nph) != 0) {
		fprintf(stderr, "uc-raw: %s: not a 32-bit ARM ELF image\n", path);
		goto out;
	}
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (ph.p_paddr < RAM_BASE || ph.p_paddr + ph.p_memsz > (uint64_t)RAM_BASE + RAM_SIZE ||
		    ph.p_filesz > ph.p_memsz || ph.p_offset + ph.p_filesz > fsize) {
			fprintf(stderr, "uc-raw: %s: segment %zu does not fit in RAM\n", path, i);
			goto out;
		}
		memcpy(ram + (ph.p_paddr - RAM_BASE), file + ph.p_offset, ph.p_filesz);
		memset(ram + (ph.p_paddr - RAM_BASE) + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
	}
	*entry = (uint32_t)eh.e_entry;
	ret = 0;
out:
	elf_end(e);
	close(fd);
	return ret;
}

/* Non-secure Hyp mode with A, I and F masked, as cpu/vcpu.c enters it: SCR.NS|HCE, then
 * CPSR through User mode (a direct write from NS SVC to Hyp is refused). */
static int enter_hyp(uc_engine *uc, uint32_t pc)
{
	uc_arm_cp_reg scr = { .cp = 15, .sec = 1, .crn = 1, .crm = 1, .opc1 = 0, .opc2 = 0,
			      .val = SCR_NS | SCR_HCE };
	uint32_t cpsr = ARM_MODE_USR;
	uc_err e;

	if ((e = uc_reg_write(uc, UC_ARM_REG_CP_REG, &scr)))
		return fail("writing SCR", e);
	uc_reg_write(uc, UC_ARM_REG_CPSR, &cpsr);
	cpsr = ARM_MODE_HYP | CPSR_A | CPSR_I | CPSR_F;
	uc_reg_write(uc, UC_ARM_REG_CPSR, &cpsr);
	uc_reg_read(uc, UC_ARM_REG_CPSR, &cpsr);
	if ((cpsr & CPSR_M) != ARM_MODE_HYP) {
		fprintf(stderr, "uc-raw: the engine refused Hyp mode (CPSR 0x%08" PRIx32 ")\n", cpsr);
		return 1;
	}
	uc_reg_write(uc, UC_ARM_REG_PC, &pc);
	return 0;
}

int main(int argc, char **argv)
{
	struct raw r = { 0 };
	const char *image = NULL;
	bool count = false, exec_on_fetch = false;
	uint32_t entry = 0, pc = 0;
	uc_hook h;
	uc_err e;
	double t0, t1, t2;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--count")) {
			count = true;
		} else if (!strcmp(argv[i], "--exec-on-fetch")) {
			exec_on_fetch = true;
		} else if (!strcmp(argv[i], "--version")) {
			/* Unicorn 2 packs major, minor, patch and extra one byte each, high first. */
			unsigned v = uc_version(NULL, NULL);
			printf("uc-raw on Unicorn %u.%u.%u (library), built against %d.%d.%d\n",
			       v >> 24, (v >> 16) & 0xffu, (v >> 8) & 0xffu,
			       UC_VERSION_MAJOR, UC_VERSION_MINOR, UC_VERSION_PATCH);
			return 0;
		} else if (argv[i][0] == '-' || image) {
			fprintf(stderr, "usage: uc-raw [--count] [--exec-on-fetch] IMAGE | "
				"uc-raw --version\n");
			return 2;
		} else {
			image = argv[i];
		}
	}
	if (!image) {
		fprintf(stderr, "usage: uc-raw [--count] [--exec-on-fetch] IMAGE | uc-raw --version\n");
		return 2;
	}

	t0 = now_s();
	r.ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r.ram == MAP_FAILED) {
		perror("uc-raw: mmap");
		return 1;
	}
	if (load_elf(image, r.ram, &entry))
		return 2;
	if ((e = uc_open(UC_ARCH_ARM, UC_MODE_ARM, &r.uc)))
		return fail("uc_open", e);
	/* Must precede the first mapping. */
	if ((e = uc_ctl_set_cpu_model(r.uc, UC_CPU_ARM_CORTEX_A15)))
		return fail("selecting the Cortex-A15", e);
	if ((e = uc_mem_map_ptr(r.uc, RAM_BASE, RAM_SIZE,
				exec_on_fetch ? UC_PROT_READ | UC_PROT_WRITE : UC_PROT_ALL, r.ram)))
		return fail("mapping RAM", e);
	if ((e = uc_mmio_map(r.uc, UART_BASE, UART_SIZE, uart_read, NULL, uart_write, NULL)))
		return fail("mapping the PL011", e);
	if ((e = uc_hook_add(r.uc, &h, UC_HOOK_INTR, (void *)hook_intr, &r, 1, 0)))
		return fail("adding the interrupt hook", e);
	if (count && (e = uc_hook_add(r.uc, &h, UC_HOOK_BLOCK, (void *)hook_block, &r, 1, 0)))
		return fail("adding the block hook", e);
	if (enter_hyp(r.uc, entry))
		return 1;

	t1 = now_s();
	e = uc_emu_start(r.uc, entry, RUN_FOREVER_UNTIL, 0, 0);
	while (exec_on_fetch && e == UC_ERR_FETCH_PROT) {
		/* The MMU is off: PC is the physical address of the fetch (ARM state). */
		uc_reg_read(r.uc, UC_ARM_REG_PC, &pc);
		if (pc < RAM_BASE || pc - RAM_BASE >= RAM_SIZE ||
		    uc_mem_protect(r.uc, pc & ~0xfffu, 0x1000, UC_PROT_ALL))
			break;
		e = uc_emu_start(r.uc, pc, RUN_FOREVER_UNTIL, 0, 0);
	}
	t2 = now_s();
	fflush(stdout);
	uc_reg_read(r.uc, UC_ARM_REG_PC, &pc);

	if (count)
		fprintf(stderr, "uc-raw: insns %" PRIu64 " run_s %.6f setup_s %.6f\n", r.insns,
			t2 - t1, t1 - t0);
	else
		fprintf(stderr, "uc-raw: insns not-counted run_s %.6f setup_s %.6f\n", t2 - t1,
			t1 - t0);
	if (e) {
		fprintf(stderr, "uc-raw: %s at pc 0x%08" PRIx32 "\n", uc_strerror(e), pc);
		return 1;
	}
	if (r.bad_intr) {
		fprintf(stderr, "uc-raw: exception %" PRIu32 " at pc 0x%08" PRIx32
			" is not handled\n", r.bad_intno, pc);
		return 1;
	}
	if (!r.powered_off) {
		fprintf(stderr, "uc-raw: the run ended without SYSTEM_OFF, pc 0x%08" PRIx32 "\n", pc);
		return 1;
	}
	uc_close(r.uc);
	munmap(r.ram, RAM_SIZE);
	return 0;
}
