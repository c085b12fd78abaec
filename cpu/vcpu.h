/* Internal to cpu/: the vCPU and cluster state. Includes unicorn.h. */
#ifndef HS_CPU_VCPU_H
#define HS_CPU_VCPU_H

#include <glib.h>
#include <unicorn/unicorn.h>

#include "cpu/cpu.h"
#include "cpu/gtimer.h"

#define HS_BLOCK_COUNT_CACHE 2048   /* a power of two */

typedef struct hs_mmio_binding {
    hs_vcpu *vcpu;
    const hs_region *region;
    bool hole;                   /* the region is a hole of the memory map */
} hs_mmio_binding;

struct hs_vcpu {
    uc_engine *uc;
    hs_cluster *cluster;
    unsigned index;
    hs_vcpu_state state;
    bool in_run;                 /* inside uc_emu_start */
    bool stop_asked;             /* we asked this run to stop */
    bool stopped_at_block;       /* the block hook stopped it, before stop_pc */
    uint32_t stop_pc;

    /* Accounting. */
    uint64_t insns;              /* retired instructions */
    uint64_t extra_cycles;       /* exception, MMIO and wake-up costs */
    uint64_t idle_ps;
    hs_time idle_since;
    uint64_t exceptions, exc_returns, mmio;

    /* The running quantum: stop at the first block boundary at or past budget_end,
     * the local time at which it ends. */
    uint64_t budget_end;
    hs_time quantum_end;
    /* Where the last WFE/YIELD stop left PC, and the count then. */
    uint32_t hint_pc;
    uint64_t hint_insns;
    /* The block running now, as a block-count entry (below). */
    uint64_t block;
    /* The block hook's slow path is needed: an interrupt is watched or blocks are
     * logged. */
    bool block_slow;
    /* Instructions per translation block, by block address, since a Thumb
     * block's size does not give its count (16- and 32-bit encodings mix). An
     * entry packs the address (bits[31:0]), the size in bytes (bits[47:32]), the
     * count (bits[62:48]) and Thumb state (bit 63), so that a lookup is one load
     * and one compare on the hot path of every block. */
    uint64_t block_count[HS_BLOCK_COUNT_CACHE];

    hs_gtimer gtimer;
    /* B1.8.14: the event register, set by SEV on any vCPU, consumed by WFE. */
    bool event;
    /* HCPTR traps cp10/cp11: the FP sites are hooked (cpu/sites.c). */
    bool fp_trap;
    uc_hook *fp_hook;
    unsigned nfp_hooks;
    uc_hook *site_hook;
    unsigned nsite_hooks;

    uint8_t line[HS_CPU_LINE__COUNT];
    /* An interrupt line is asserted but masked: each block start checks whether
     * it has become takeable (QEMU ends a translation block after every
     * instruction that can unmask: CPS, MSR, ERET, cp15 writes). */
    bool irq_watch;

    hs_mmio_binding binding[HS_MEMMAP_MAX_REGIONS];

    /* ICIALLU: the engine's translations go before its next run (cpu/sites.c). */
    bool icache_flush;
    /* The RAM pages this engine may execute, a bit each (cpu/code_pages.c). */
    uint8_t *exec_page;
    unsigned exec_pages;

    /* An access aborts (cpu/access_abort.c): the run stops right after it and the
     * abort is entered then. A store that aborts has already reached RAM: its
     * bytes are put back first. */
    bool access_abort;
    uint64_t undo_pa;
    uint8_t undo[8];
    unsigned undo_len;
    /* Alignment checking: SCTLR.A and HSCTLR.A as last read, and the memory hook
     * that checks every access while either is set. align_recheck: one of them
     * was written. */
    bool align_recheck, align_pl1, align_hyp, align_hooked;
    uc_hook align_hook;

    /* hs_cluster_set_alarm(). */
    hs_time alarm_at;
    hs_cpu_alarm_fn alarm_fn;
    void *alarm_opaque;
};

typedef struct hs_watch {
    uint32_t addr;
    hs_cpu_watch_fn fn;
    void *opaque;
} hs_watch;

/* An instruction hypsim watches (cpu/sites.c): a system-register access it
 * emulates, or an exception return it accounts and traces. */
typedef enum hs_site_kind { HS_SITE_SYSREG, HS_SITE_EXC_RETURN, HS_SITE_SEV } hs_site_kind;

typedef struct hs_site {
    uint32_t addr;
    uint32_t insn;          /* ARM layout; Thumb-2 with the first halfword on top */
    bool thumb;
    uint8_t kind;           /* hs_site_kind */
    /* Found at run time (below): the instruction is checked before each use, since
     * the code at that address may have changed since. */
    bool verify;
} hs_site;

/* Sites in code found at run time (cpu/sites.c): a translation block seen for the
 * first time is in a page that may not have been scanned yet, at this virtual
 * address or backed by this physical page. Scans it; true if sites were added
 * inside [va, va + size): that block must not run as it was translated, without
 * their hooks (the caller stops the run before it; it is translated again). */
bool hs_sites_scan_block(hs_vcpu *v, uint32_t va, uint32_t size);

struct hs_cluster {
    hs_cluster_config cfg;
    hs_site *site;          /* sorted by address */
    unsigned nsites;
    hs_site *fp_site;       /* FP and Advanced SIMD instructions, sorted */
    unsigned nfp_sites;
    /* The code pages scanned for sites, as (virtual page << 32 | physical page). */
    GHashTable *scanned;
    hs_clock cpu_clock;
    hs_vcpu vcpu[HS_MAX_CPUS];
    hs_vcpu *running;
    hs_watch *watch;        /* hs_cluster_watch(), in the order given */
    unsigned nwatch;
    hs_stop_reason stop;
    char *error;
    /* An access to a hole could not be aborted on this Unicorn: said once. */
    bool told_no_access_abort;
};

/* Cycles of a vCPU: instructions x CPI plus the charged costs. */
uint64_t hs_vcpu_cycles(const hs_vcpu *v);

hs_time hs_vcpu_local_time(const hs_vcpu *v);
/* Charges `cycles` beyond the instructions' (exception entry and return, MMIO). */
void hs_vcpu_charge(hs_vcpu *v, uint64_t cycles);
/* PSCI CPU_ON: starts an off vCPU in Hyp mode at `entry` (bit 0: Thumb) with
 * r0 = context, its local time brought up to `now`. */
void hs_vcpu_power_on(hs_vcpu *v, uint32_t entry, uint32_t context, hs_time now);
void hs_vcpu_power_off(hs_vcpu *v);
/* WFI (kind 0), or CPU_SUSPEND: idles unless a wake-up event is pending. */
void hs_vcpu_idle(hs_vcpu *v, unsigned kind);
/* WFE: idles until the end of the current quantum. */
void hs_vcpu_wait_for_event(hs_vcpu *v);
/* B4.1.106: the MPIDR of vCPU n on this platform (one cluster, Aff0 = n). */
static inline uint32_t hs_vcpu_mpidr(const hs_vcpu *v)
{
    return 0x80000000u | v->index;
}

/* Coprocessor register access through UC_ARM_REG_CP_REG (cp15 unless stated). */
typedef struct hs_cp_reg {
    uint32_t cp, is64, sec, crn, crm, opc1, opc2;
} hs_cp_reg;

uint64_t hs_vcpu_cp_read(hs_vcpu *v, hs_cp_reg r);
void hs_vcpu_cp_write(hs_vcpu *v, hs_cp_reg r, uint64_t val);
uint32_t hs_vcpu_reg(hs_vcpu *v, int uc_reg);
/* The Unicorn register id of general-purpose register Rn (0..15): R13-R15 are
 * not contiguous with R0-R12 in Unicorn's numbering. */
int hs_uc_gpr(unsigned n);
void hs_vcpu_set_reg(hs_vcpu *v, int uc_reg, uint32_t val);


/* The physical address an instruction fetch from `va` reaches in the current
 * translation regime; false if the fetch faults. */
bool hs_vcpu_fetch_pa(hs_vcpu *v, uint32_t va, uint64_t *pa);
/* Reads `len` (2 or 4) bytes of the instruction stream at virtual address `va`
 * of the current translation regime; false if it cannot be read. */
bool hs_vcpu_read_insn(hs_vcpu *v, uint32_t va, unsigned len, uint32_t *out);

/* Ends the current run at the next block boundary. */
void hs_vcpu_request_stop(hs_vcpu *v);

/* Takes back the instructions of the current block from `addr` on: they did not
 * retire (an exception, or they will run again as a new block). */
void hs_vcpu_uncount_from(hs_vcpu *v, uint32_t addr);
/* Continues after the instruction at `addr` (of `len` bytes) from inside a hook,
 * without counting the rest of its block twice. */
void hs_vcpu_skip_insn(hs_vcpu *v, uint32_t addr, unsigned len, bool thumb);

/* Stops the machine with a guest error described by the message. */
void hs_cluster_fail(hs_cluster *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* PSCI firmware (cpu/psci.c): handles an SMC (or HVC) call in r0-r3; returns
 * true when the call was a PSCI call it answered. */
bool hs_psci_call(hs_vcpu *v);

#endif
