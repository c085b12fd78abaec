/* vCPU lifecycle and quantum execution on Unicorn. */
#include "cpu/vcpu.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "cpu/abort.h"
#include "cpu/access_abort.h"
#include "cpu/code_pages.h"
#include "cpu/arm.h"
#include "cpu/exception.h"
#include "cpu/sysreg.h"
#include "sim/log.h"

/* An address no ARM or Thumb instruction can start at: uc_emu_start runs until a
 * stop, never until this PC. */
#define RUN_FOREVER_UNTIL 1

const char *hs_cpu_strerror(hs_cpu_err err)
{
    switch (err) {
    case HS_CPU_OK: return "success";
    case HS_CPU_ERR_UNICORN: return "the Unicorn engine refused an operation";
    case HS_CPU_ERR_IMAGE: return "the image cannot be loaded";
    case HS_CPU_ERR_GUEST: return "the guest reached a state the simulator cannot continue from";
    }
    return "unknown error";
}

uint64_t hs_vcpu_cp_read(hs_vcpu *v, hs_cp_reg r)
{
    uc_arm_cp_reg cp = { .cp = r.cp, .is64 = r.is64, .sec = r.sec, .crn = r.crn,
                         .crm = r.crm, .opc1 = r.opc1, .opc2 = r.opc2 };
    uc_err e = uc_reg_read(v->uc, UC_ARM_REG_CP_REG, &cp);
    assert(e == UC_ERR_OK);
    (void)e;
    return cp.val;
}

void hs_vcpu_cp_write(hs_vcpu *v, hs_cp_reg r, uint64_t val)
{
    uc_arm_cp_reg cp = { .cp = r.cp, .is64 = r.is64, .sec = r.sec, .crn = r.crn,
                         .crm = r.crm, .opc1 = r.opc1, .opc2 = r.opc2, .val = val };
    uc_err e = uc_reg_write(v->uc, UC_ARM_REG_CP_REG, &cp);
    assert(e == UC_ERR_OK);
    (void)e;
}

int hs_uc_gpr(unsigned n)
{
    static const int id[16] = {
        UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_R4,
        UC_ARM_REG_R5, UC_ARM_REG_R6, UC_ARM_REG_R7, UC_ARM_REG_R8, UC_ARM_REG_R9,
        UC_ARM_REG_R10, UC_ARM_REG_R11, UC_ARM_REG_R12, UC_ARM_REG_SP, UC_ARM_REG_LR,
        UC_ARM_REG_PC,
    };
    assert(n < 16);
    return id[n];
}

uint32_t hs_vcpu_reg(hs_vcpu *v, int uc_reg)
{
    uint32_t val = 0;
    uc_reg_read(v->uc, uc_reg, &val);
    return val;
}

void hs_vcpu_set_reg(hs_vcpu *v, int uc_reg, uint32_t val)
{
    uc_reg_write(v->uc, uc_reg, &val);
}

uint64_t hs_vcpu_cycles(const hs_vcpu *v)
{
    return v->insns * v->cluster->cfg.cost.cpi_milli / 1000 + v->extra_cycles;
}

/* The run's budget is in instructions at the platform's CPI; a cost charged on
 * top shortens it by the instructions it is worth, so that a run ends when the
 * vCPU's local time, not only its instruction count, reaches the end of the
 * quantum or the alarm (docs/timing.md). */
void hs_vcpu_charge(hs_vcpu *v, uint64_t cycles)
{
    v->extra_cycles += cycles;
    if (v->in_run && cycles) {
        const uint64_t cpi = v->cluster->cfg.cost.cpi_milli;
        const uint64_t worth = (cycles * 1000 + cpi - 1) / cpi;
        const uint64_t left = v->budget_end > v->insns ? v->budget_end - v->insns : 0;
        v->budget_end = worth >= left ? v->insns : v->budget_end - worth;
    }
}

hs_time hs_vcpu_local_time(const hs_vcpu *v)
{
    return hs_clock_ticks_to_time(&v->cluster->cpu_clock, hs_vcpu_cycles(v)) + v->idle_ps;
}

/* ---- hooks ---------------------------------------------------------------- */

void hs_vcpu_request_stop(hs_vcpu *v)
{
    v->stop_asked = true;
    v->budget_end = 0;
}

/* The number of instructions in [start, end): a quarter of the bytes in ARM
 * state; in Thumb state each halfword whose top five bits are 0b11101, 0b11110
 * or 0b11111 begins a 32-bit instruction (A6.1). */
static uint32_t count_insns(hs_vcpu *v, uint32_t start, uint32_t end, bool thumb)
{
    uint32_t n = 0;

    if (!thumb) {
        return (end - start) / 4;
    }
    for (uint32_t at = start; at < end; n++) {
        uint32_t hw;
        if (!hs_vcpu_read_insn(v, at, 2, &hw)) {
            return n + (end - at) / 2;          /* unreadable: count halfwords */
        }
        at += hs_thumb_insn_len(hw);
    }
    return n;
}

#define BLOCK_KEY_MASK    UINT64_C(0x0000ffffffffffff)
#define BLOCK_SIZE_SHIFT  32
#define BLOCK_INSNS_SHIFT 48
#define BLOCK_INSNS_MASK  UINT64_C(0x7fff)
#define BLOCK_THUMB       (UINT64_C(1) << 63)

static inline uint32_t block_addr(uint64_t b) { return (uint32_t)b; }
static inline uint32_t block_size(uint64_t b) { return (uint32_t)(b >> BLOCK_SIZE_SHIFT) & 0xffffu; }
static inline uint32_t block_insns(uint64_t b) { return (uint32_t)(b >> BLOCK_INSNS_SHIFT & BLOCK_INSNS_MASK); }

/* A block seen for the first time (or evicted): it runs in the current state,
 * the one it was translated for. */
__attribute__((noinline, cold)) static uint64_t block_count_fill(hs_vcpu *v, uint64_t key)
{
    bool thumb = hs_vcpu_reg(v, UC_ARM_REG_CPSR) & CPSR_T;
    uint32_t addr = block_addr(key);
    uint64_t n = count_insns(v, addr, addr + block_size(key), thumb);
    return key | n << BLOCK_INSNS_SHIFT | (thumb ? BLOCK_THUMB : 0);
}

/* The block hook stops the run before the block at `address`: it does not run
 * now, and its hook fires again when the run resumes there. */
static void stop_before_block(uc_engine *uc, hs_vcpu *v, uint64_t address)
{
    v->stop_asked = true;
    v->stopped_at_block = true;
    v->stop_pc = (uint32_t)address;
    uc_emu_stop(uc);
}

/* The block hook's rare cases: the budget is spent, an interrupt is watched or
 * blocks are logged; true when the run stops before this block. */
static bool block_stop_or_log(uc_engine *uc, hs_vcpu *v, uint64_t address, uint32_t size)
{
    if (v->insns >= v->budget_end || (v->irq_watch && hs_exc_interrupt_takeable(v))) {
        stop_before_block(uc, v, address);
        return true;
    }
    if (hs_log_mask & HS_LOG_BLOCKS) {
        hs_log(HS_LOG_BLOCKS, "vCPU%u: block 0x%08" PRIx64 " +%u sp 0x%08x lr 0x%08x", v->index,
               address, size, hs_vcpu_reg(v, UC_ARM_REG_SP), hs_vcpu_reg(v, UC_ARM_REG_LR));
    }
    return false;
}

static inline uint64_t *block_entry(hs_vcpu *v, uint64_t address)
{
    return &v->block_count[(address >> 1) & (HS_BLOCK_COUNT_CACHE - 1)];
}

static inline void block_count(hs_vcpu *v, uint64_t entry)
{
    v->block = entry;
    v->insns += block_insns(entry);
}

/* hook_block() away from its fast path: the rare cases above, and a block not in
 * the count cache, whose page may hold sites not hooked yet (cpu/sites.c): then
 * it must be translated again, with their hooks, before it runs. */
__attribute__((noinline, cold)) static void hook_block_rare(uc_engine *uc, hs_vcpu *v,
                                                           uint64_t address, uint32_t size)
{
    const uint64_t key = address | (uint64_t)size << BLOCK_SIZE_SHIFT;
    uint64_t *entry = block_entry(v, address);

    if ((v->insns >= v->budget_end || v->block_slow) &&
        block_stop_or_log(uc, v, address, size)) {
        return;
    }
    if ((*entry & BLOCK_KEY_MASK) != key) {
        if (hs_sites_scan_block(v, (uint32_t)address, size)) {
            stop_before_block(uc, v, address);
            return;
        }
        *entry = block_count_fill(v, key);
    }
    block_count(v, *entry);
}

/* Every stop of a run happens here, at a block boundary: a block starts only while
 * the budget lasts, and a stop request empties the budget. A block whose hook
 * stops the run is not executed and its hook fires again on resume, so it is
 * counted once, when it runs. Unicorn 2.0.1 may leave a stale PC after such a
 * stop (the PC of an earlier chained block), so the block's address is kept
 * and the run resumes from it. This runs for every block: keep it short (the
 * rare cases are one tail call away, so the fast path saves no register). */
static void hook_block(uc_engine *uc, uint64_t address, uint32_t size, void *opaque)
{
    hs_vcpu *v = opaque;
    const uint64_t key = address | (uint64_t)size << BLOCK_SIZE_SHIFT;
    const uint64_t *entry = block_entry(v, address);

    if (__builtin_expect(v->insns >= v->budget_end || v->block_slow ||
                         (*entry & BLOCK_KEY_MASK) != key, 0)) {
        hook_block_rare(uc, v, address, size);
        return;
    }
    block_count(v, *entry);
}

static uint64_t mmio_read(uc_engine *uc, uint64_t offset, unsigned size, void *opaque)
{
    hs_mmio_binding *b = opaque;
    (void)uc;
    if (b->hole && hs_access_abort_hole(b->vcpu, b->region->base + offset, size, false)) {
        return 0;
    }
    b->vcpu->mmio++;
    hs_vcpu_charge(b->vcpu, b->region->access_cycles);
    return b->region->ops->read(b->region->opaque, offset, size, b->vcpu->index);
}

static void mmio_write(uc_engine *uc, uint64_t offset, unsigned size, uint64_t value,
                       void *opaque)
{
    hs_mmio_binding *b = opaque;
    (void)uc;
    if (b->hole && hs_access_abort_hole(b->vcpu, b->region->base + offset, size, true)) {
        return;
    }
    b->vcpu->mmio++;
    hs_vcpu_charge(b->vcpu, b->region->access_cycles);
    b->region->ops->write(b->region->opaque, offset, value, size, b->vcpu->index);
}

/* Unicorn's exception numbers (QEMU's EXCP_*) as UC_HOOK_INTR reports them. */
enum {
    EXCP_UDEF = 1,
    EXCP_SWI = 2,
    EXCP_PREFETCH_ABORT = 3,
    EXCP_DATA_ABORT = 4,
    EXCP_BKPT = 7,
    EXCP_HVC = 11,
    EXCP_HYP_TRAP = 12,
    EXCP_SMC = 13,
};

static void hook_intr(uc_engine *uc, uint32_t intno, void *opaque)
{
    hs_vcpu *v = opaque;
    hs_cluster *c = v->cluster;
    bool ok;

    switch (intno) {
    case EXCP_SWI:
        ok = hs_exc_svc(v);
        break;
    case EXCP_HVC:
        ok = hs_exc_hvc(v);
        break;
    case EXCP_SMC:
        /* PC is past the SMC; the call goes to our firmware (PSCI). */
        ok = hs_psci_call(v);
        break;
    case EXCP_HYP_TRAP:
        /* An SMC trapped by HCR.TSC, PC on the instruction (reference notes). */
        ok = hs_exc_smc_trap(v);
        break;
    case EXCP_PREFETCH_ABORT:
        /* PC on the instruction; the fault is found again on the host (cpu/abort.c). */
        ok = hs_abort_prefetch(v);
        break;
    case EXCP_DATA_ABORT:
        ok = hs_abort_data(v);
        break;
    case EXCP_BKPT:
        ok = hs_abort_bkpt(v);
        break;
    default:
        hs_cluster_fail(c, "vCPU%u: exception %u at pc 0x%08x (CPSR 0x%08x) is not "
                        "handled by this simulator yet", v->index, intno,
                        hs_vcpu_reg(v, UC_ARM_REG_PC), hs_vcpu_reg(v, UC_ARM_REG_CPSR));
        ok = false;
        break;
    }
    (void)uc;
    if (!ok || c->stop != HS_STOP_NONE || v->state != HS_VCPU_RUNNABLE) {
        hs_vcpu_request_stop(v);
    }
}

void hs_cluster_fail(hs_cluster *c, const char *fmt, ...)
{
    va_list ap;
    char *m;

    va_start(ap, fmt);
    m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    hs_cluster_request_stop(c, HS_STOP_GUEST_ERROR, m);
    g_free(m);
}

bool hs_vcpu_fetch_pa(hs_vcpu *v, uint32_t va, uint64_t *pa)
{
    uint32_t cpsr = hs_vcpu_reg(v, UC_ARM_REG_CPSR);
    bool hyp = (cpsr & CPSR_M) == ARM_MODE_HYP;
    uint32_t sctlr = (uint32_t)hs_vcpu_cp_read(v, hyp ? HS_CP_HSCTLR : HS_CP_SCTLR);

    /* With the MMU off and no stage 2 the virtual address is the physical one,
     * without reading the rest of the regime; otherwise the host walk
     * (cpu/mmu.c) translates it. */
    if (!(sctlr & SCTLR_M) && !(!hyp && (hs_vcpu_cp_read(v, HS_CP_HCR) & (HCR_VM | HCR_DC)))) {
        *pa = va;
        return true;
    }
    return hs_vcpu_translate(v, va, HS_MMU_FETCH, pa);
}

bool hs_vcpu_read_insn(hs_vcpu *v, uint32_t va, unsigned len, uint32_t *out)
{
    const hs_memmap *map = v->cluster->cfg.map;
    uint64_t pa;
    const uint8_t *b;

    /* Instructions are read from RAM only: no device region of hypsim's
     * platforms holds code, and reading one would be an access with side
     * effects. */
    if (!hs_vcpu_fetch_pa(v, va, &pa) || pa < map->ram_base ||
        pa - map->ram_base + len > map->ram_size) {
        return false;
    }
    b = map->ram + (pa - map->ram_base);
    *out = (uint32_t)b[0] | (uint32_t)b[1] << 8;
    if (len == 4) {
        *out |= (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    }
    return true;
}

/* ---- lines ---------------------------------------------------------------- */

static void vcpu_set_line(void *opaque, int n, int level)
{
    hs_vcpu *v = opaque;
    assert(n >= 0 && n < HS_CPU_LINE__COUNT);
    if (v->line[n] == !!level) {
        return;
    }
    v->line[n] = !!level;
    if (level && v->state == HS_VCPU_IDLE) {
        /* Woken by an event at global time, or by another vCPU's access. */
        hs_time now = v->cluster->cfg.eventq->now;
        v->state = HS_VCPU_RUNNABLE;
        HS_TRACE(v->cluster->cfg.tracer, idle_end, v->index,
                 now > v->idle_since ? now - v->idle_since : 0, 0, 0, 0);
    }
    if (level && v->in_run) {
        hs_vcpu_request_stop(v);
    }
}

hs_irq hs_cluster_line(hs_cluster *c, unsigned cpu, hs_cpu_line line)
{
    assert(cpu < c->cfg.ncpu && line < HS_CPU_LINE__COUNT);
    return hs_irq_make(vcpu_set_line, &c->vcpu[cpu], (int)line);
}

void hs_cluster_connect_timer(hs_cluster *c, unsigned cpu, unsigned t, hs_irq line)
{
    assert(cpu < c->cfg.ncpu && t < HS_GTIMER__COUNT);
    c->vcpu[cpu].gtimer.t[t].out = line;
}

/* ---- lifecycle ------------------------------------------------------------ */

static hs_cpu_err uc_fail(hs_vcpu *v, const char *what, uc_err e, char **msg)
{
    if (msg) {
        *msg = g_strdup_printf("vCPU%u: %s: %s", v->index, what, uc_strerror(e));
    }
    return HS_CPU_ERR_UNICORN;
}

static hs_cpu_err vcpu_init(hs_cluster *c, hs_vcpu *v, unsigned index, char **msg)
{
    const hs_memmap *map = c->cfg.map;
    uc_hook h;
    uc_err e;

    v->cluster = c;
    v->index = index;
    v->alarm_at = HS_TIME_NEVER;
    e = uc_open(UC_ARCH_ARM, UC_MODE_ARM, &v->uc);
    if (e) {
        return uc_fail(v, "uc_open", e, msg);
    }
    /* Must precede the first mapping (reference notes: later it is refused). */
    e = uc_ctl_set_cpu_model(v->uc, UC_CPU_ARM_CORTEX_A15);
    if (e) {
        return uc_fail(v, "selecting the Cortex-A15 model", e, msg);
    }
    e = uc_mem_map_ptr(v->uc, map->ram_base, map->ram_size, HS_RAM_PROT, map->ram);
    v->exec_page = g_new0(uint8_t, (map->ram_size >> 12) / 8 + 1);
    if (e) {
        return uc_fail(v, "mapping RAM", e, msg);
    }
    for (unsigned i = 0; i < map->nregions; i++) {
        const hs_region *r = &map->region[i];
        v->binding[i].vcpu = v;
        v->binding[i].region = r;
        v->binding[i].hole = map->hole.ops && r->ops == map->hole.ops;
        e = uc_mmio_map(v->uc, r->base, r->size, mmio_read, &v->binding[i], mmio_write,
                        &v->binding[i]);
        if (e) {
            char *what = g_strdup_printf("mapping %s at 0x%08" G_GINT64_MODIFIER "x",
                                         r->name, r->base);
            hs_cpu_err err = uc_fail(v, what, e, msg);
            g_free(what);
            return err;
        }
    }
    hs_gtimer_init(&v->gtimer, v, c->cfg.eventq, c->cfg.timer_clock_hz);
    e = uc_hook_add(v->uc, &h, UC_HOOK_BLOCK, (void *)hook_block, v, 1, 0);
    if (!e) {
        e = uc_hook_add(v->uc, &h, UC_HOOK_INTR, (void *)hook_intr, v, 1, 0);
    }
    if (e) {
        return uc_fail(v, "adding hooks", e, msg);
    }
    return HS_CPU_OK;
}

hs_cpu_err hs_cluster_new(const hs_cluster_config *cfg, hs_cluster **out, char **msg)
{
    hs_cluster *c = g_new0(hs_cluster, 1);
    hs_cpu_err err = HS_CPU_OK;

    assert(cfg->ncpu >= 1 && cfg->ncpu <= HS_MAX_CPUS);
    c->cfg = *cfg;
    c->cpu_clock.hz = cfg->cpu_clock_hz;
    for (unsigned i = 0; i < cfg->ncpu && err == HS_CPU_OK; i++) {
        err = vcpu_init(c, &c->vcpu[i], i, msg);
    }
    if (err != HS_CPU_OK) {
        hs_cluster_free(c);
        *out = NULL;
        return err;
    }
    *out = c;
    return HS_CPU_OK;
}

void hs_cluster_free(hs_cluster *c)
{
    if (!c) {
        return;
    }
    for (unsigned i = 0; i < HS_MAX_CPUS; i++) {
        if (c->vcpu[i].uc) {
            hs_gtimer_destroy(&c->vcpu[i].gtimer);
            uc_close(c->vcpu[i].uc);
        }
        g_free(c->vcpu[i].exec_page);
        g_free(c->vcpu[i].site_hook);
        g_free(c->vcpu[i].fp_hook);
    }
    if (c->scanned) {
        g_hash_table_destroy(c->scanned);
    }
    g_free(c->watch);
    g_free(c->error);
    g_free(c->site);
    g_free(c->fp_site);
    g_free(c);
}

/* Puts the engine in Non-secure Hyp mode with A, I and F masked, as QEMU's boot
 * code leaves a CPU with EL2 on virt,virtualization=on (ARM DDI 0406C B1.7:
 * Hyp mode is entered from Secure Monitor mode or from reset). Unicorn refuses a
 * direct CPSR write to Hyp from Non-secure SVC (current PL < 2); going through
 * User mode works (reference notes). */
static void vcpu_enter_hyp(hs_vcpu *v, uint32_t pc)
{
    uint32_t cpsr;

    hs_vcpu_cp_write(v, HS_CP_SCR, SCR_NS | SCR_HCE);
    /* B4.1.111: Non-secure software may use cp10 and cp11 (VFP, Advanced SIMD), as
     * QEMU's boot code allows them for a Non-secure image. */
    hs_vcpu_cp_write(v, HS_CP_NSACR, NSACR_CP10 | NSACR_CP11);
    hs_vcpu_set_reg(v, UC_ARM_REG_CPSR, ARM_MODE_USR);
    hs_vcpu_set_reg(v, UC_ARM_REG_CPSR, ARM_MODE_HYP | CPSR_A | CPSR_I | CPSR_F);
    cpsr = hs_vcpu_reg(v, UC_ARM_REG_CPSR);
    assert((cpsr & CPSR_M) == ARM_MODE_HYP);
    (void)cpsr;
    hs_vcpu_set_reg(v, UC_ARM_REG_PC, pc);
}

/* The identification QEMU 7.2 gives its cortex-a15 (r4p0, DDI 0438I 4.3.1), so
 * that images see the same CPU on both; Unicorn's model says r2p1. */
#define CORTEX_A15_R4P0_MIDR 0x414fc0f0u

static void vcpu_reset_regs(hs_vcpu *v, uint32_t entry)
{
    for (int r = UC_ARM_REG_R0; r <= UC_ARM_REG_R12; r++) {
        hs_vcpu_set_reg(v, r, 0);
    }
    hs_vcpu_cp_write(v, HS_CP_MIDR, CORTEX_A15_R4P0_MIDR);
    /* B4.1.158/159: VPIDR and VMPIDR reset to MIDR and MPIDR. */
    hs_vcpu_cp_write(v, HS_CP_VPIDR, CORTEX_A15_R4P0_MIDR);
    hs_vcpu_cp_write(v, HS_CP_VMPIDR, hs_vcpu_mpidr(v));
    v->event = false;
    vcpu_enter_hyp(v, entry);
}

void hs_vcpu_power_on(hs_vcpu *v, uint32_t entry, uint32_t context, hs_time now)
{
    hs_time t = hs_vcpu_local_time(v);
    vcpu_reset_regs(v, entry);
    hs_vcpu_set_reg(v, UC_ARM_REG_R0, context);
    if (now > t) {
        v->idle_ps += now - t;
    }
    v->state = HS_VCPU_RUNNABLE;
}

void hs_vcpu_power_off(hs_vcpu *v)
{
    v->state = HS_VCPU_OFF;
}

hs_cpu_err hs_cluster_reset(hs_cluster *c, uint32_t entry, uint32_t dtb, char **msg)
{
    (void)msg;
    c->stop = HS_STOP_NONE;
    g_free(c->error);
    c->error = NULL;
    for (unsigned i = 0; i < c->cfg.ncpu; i++) {
        hs_vcpu *v = &c->vcpu[i];
        /* The image is (re)loaded: no translation of the old one may survive. */
        uc_ctl_remove_cache(v->uc, c->cfg.map->ram_base, c->cfg.map->ram_base + c->cfg.map->ram_size);
        v->insns = v->extra_cycles = v->idle_ps = 0;
        v->exceptions = v->exc_returns = v->mmio = 0;
        v->access_abort = false;
        v->undo_len = 0;
        v->align_recheck = true;
        /* Blocks are first seen again, so that code pages are scanned again for sites. */
        memset(v->block_count, 0, sizeof v->block_count);
        memset(v->line, 0, sizeof v->line);
        hs_gtimer_reset(&v->gtimer);
        vcpu_reset_regs(v, entry);
        v->state = i == 0 ? HS_VCPU_RUNNABLE : HS_VCPU_OFF;
        if (i == 0) {
            /* r0 = 0 and r1 = 0 as QEMU leaves them for an ELF image; r2 = the
             * device tree as the Linux boot protocol has it (QEMU passes 0 to an
             * ELF image: docs/qemu-differences.md). */
            hs_vcpu_set_reg(v, UC_ARM_REG_R2, dtb);
        }
    }
    return HS_CPU_OK;
}

unsigned hs_cluster_ncpu(const hs_cluster *c)
{
    return c->cfg.ncpu;
}

hs_vcpu_state hs_cluster_state(const hs_cluster *c, unsigned cpu)
{
    return c->vcpu[cpu].state;
}

hs_time hs_cluster_local_time(const hs_cluster *c, unsigned cpu)
{
    return hs_vcpu_local_time(&c->vcpu[cpu]);
}

void hs_cluster_sync_idle(hs_cluster *c, unsigned cpu, hs_time now)
{
    hs_vcpu *v = &c->vcpu[cpu];
    hs_time t = hs_vcpu_local_time(v);
    if (now > t) {
        v->idle_ps += now - t;
    }
}

void hs_cluster_kick(hs_cluster *c)
{
    if (c->running) {
        hs_vcpu_request_stop(c->running);
    }
}

hs_stop_reason hs_cluster_stop_reason(const hs_cluster *c)
{
    return c->stop;
}

const char *hs_cluster_error(const hs_cluster *c)
{
    return c->error;
}

void hs_cluster_request_stop(hs_cluster *c, hs_stop_reason why, const char *msg)
{
    if (c->stop == HS_STOP_NONE) {
        c->stop = why;
        if (msg) {
            g_free(c->error);
            c->error = g_strdup(msg);
        }
    }
    hs_cluster_kick(c);
}

void hs_cluster_stats(const hs_cluster *c, unsigned cpu, hs_vcpu_stats *out)
{
    const hs_vcpu *v = &c->vcpu[cpu];
    out->insns = v->insns;
    out->cycles = hs_vcpu_cycles(v);
    out->idle_ps = v->idle_ps;
    out->exceptions = v->exceptions;
    out->exc_returns = v->exc_returns;
    out->mmio = v->mmio;
}

uint32_t hs_cluster_pc(const hs_cluster *c, unsigned cpu)
{
    return hs_vcpu_reg((hs_vcpu *)&c->vcpu[cpu], UC_ARM_REG_PC);
}

void hs_cluster_write_phys(hs_cluster *c, uint64_t addr, const void *buf, uint64_t len)
{
    const hs_memmap *map = c->cfg.map;
    assert(addr >= map->ram_base && addr + len <= map->ram_base + map->ram_size);
    memcpy(map->ram + (addr - map->ram_base), buf, len);
    for (unsigned i = 0; i < c->cfg.ncpu; i++) {
        uc_ctl_remove_cache(c->vcpu[i].uc, addr, addr + len);
    }
}

/* ---- watches and alarms ---------------------------------------------------- */

/* A watched instruction is about to execute. When a watch raised a line that
 * makes an interrupt takeable, the instruction does not execute: the run
 * restarts at it (a PC write from a hook), the block hook stops there and the
 * run loop takes the interrupt with this instruction as the return address. */
static void hook_watch(uc_engine *uc, uint64_t address, uint32_t size, void *opaque)
{
    hs_vcpu *v = opaque;
    hs_cluster *c = v->cluster;
    uint32_t addr = (uint32_t)address;

    (void)uc;
    (void)size;
    for (unsigned i = 0; i < c->nwatch; i++) {
        if (c->watch[i].addr == addr) {
            c->watch[i].fn(c->watch[i].opaque, v->index, addr);
        }
    }
    if (v->stop_asked && c->stop == HS_STOP_NONE && hs_exc_interrupt_takeable(v)) {
        hs_vcpu_uncount_from(v, addr);
        v->irq_watch = true;
        v->block_slow = true;
        hs_vcpu_set_reg(v, UC_ARM_REG_PC,
                        addr | ((hs_vcpu_reg(v, UC_ARM_REG_CPSR) & CPSR_T) ? 1u : 0u));
    }
}

bool hs_cluster_watch(hs_cluster *c, uint32_t addr, hs_cpu_watch_fn fn, void *opaque, char **msg)
{
    bool hooked = false;

    for (unsigned i = 0; i < c->nwatch; i++) {
        hooked |= c->watch[i].addr == addr;
    }
    c->watch = g_renew(hs_watch, c->watch, c->nwatch + 1);
    c->watch[c->nwatch++] = (hs_watch){ addr, fn, opaque };
    if (hooked) {
        return true;
    }
    for (unsigned i = 0; i < c->cfg.ncpu; i++) {
        hs_vcpu *v = &c->vcpu[i];
        uc_hook h;
        uc_err e = uc_hook_add(v->uc, &h, UC_HOOK_CODE, (void *)hook_watch, v, addr, addr);
        if (e) {
            c->nwatch--;
            if (msg) {
                *msg = g_strdup_printf("vCPU%u: watching 0x%08x: %s", i, addr, uc_strerror(e));
            }
            return false;
        }
        /* Hooks do not reach code translated before they were added. */
        uc_ctl_remove_cache(v->uc, addr, addr + 4);
    }
    return true;
}

void hs_cluster_set_alarm(hs_cluster *c, unsigned cpu, hs_time when, hs_cpu_alarm_fn fn,
                          void *opaque)
{
    hs_vcpu *v = &c->vcpu[cpu];

    assert(cpu < c->cfg.ncpu);
    v->alarm_at = fn ? when : HS_TIME_NEVER;
    v->alarm_fn = when == HS_TIME_NEVER ? NULL : fn;
    v->alarm_opaque = opaque;
    if (v->in_run && v->alarm_fn) {
        hs_time now = hs_vcpu_local_time(v);
        if (when <= now) {
            hs_vcpu_request_stop(v);
        } else {
            uint64_t cpi = c->cfg.cost.cpi_milli;
            uint64_t cycles = hs_clock_time_to_ticks(&c->cpu_clock, when - now);
            uint64_t end = v->insns + (cycles * 1000 + cpi - 1) / cpi;
            if (end < v->budget_end) {
                v->budget_end = end;
            }
        }
    }
}

/* ---- running -------------------------------------------------------------- */

/* After a stop inside a block (an exception or an error on an instruction), the
 * instructions of the block from the PC on did not retire. */
void hs_vcpu_uncount_from(hs_vcpu *v, uint32_t pc)
{
    const uint32_t start = block_addr(v->block), size = block_size(v->block);

    if (pc >= start && pc < start + size) {
        bool thumb = v->block & BLOCK_THUMB;
        uint64_t done = count_insns(v, start, pc, thumb);
        v->insns -= block_insns(v->block) - done;
        /* What remains counted of the block: [start, pc). */
        v->block = start | (uint64_t)(pc - start) << BLOCK_SIZE_SHIFT |
                   done << BLOCK_INSNS_SHIFT | (thumb ? BLOCK_THUMB : 0);
    }
}

/* B1.8.13: WFI completes on any interrupt line asserted, masked or not. */
void hs_vcpu_idle(hs_vcpu *v, unsigned kind)
{
    if (hs_exc_any_line(v)) {
        return;
    }
    v->state = HS_VCPU_IDLE;
    v->idle_since = hs_vcpu_local_time(v);
    HS_TRACE(v->cluster->cfg.tracer, idle_begin, v->index, kind,
             hs_vcpu_reg(v, UC_ARM_REG_PC), 0, 0);
}

void hs_vcpu_skip_insn(hs_vcpu *v, uint32_t addr, unsigned len, bool thumb)
{
    /* The rest of the block after this instruction runs as a new block, whose
     * hook counts it again. */
    hs_vcpu_uncount_from(v, addr + len);
    hs_vcpu_set_reg(v, UC_ARM_REG_PC, (addr + len) | (thumb ? 1u : 0u));
}

void hs_vcpu_wait_for_event(hs_vcpu *v)
{
    hs_time now = hs_vcpu_local_time(v);
    if (v->quantum_end > now) {
        HS_TRACE(v->cluster->cfg.tracer, idle_begin, v->index, 1,
                 hs_vcpu_reg(v, UC_ARM_REG_PC), 0, 0);
        HS_TRACE(v->cluster->cfg.tracer, idle_end, v->index, v->quantum_end - now, 0, 0, 0);
        v->idle_ps += v->quantum_end - now;
    }
}

void hs_cluster_run(hs_cluster *c, unsigned cpu, hs_time until)
{
    hs_vcpu *v = &c->vcpu[cpu];
    uint64_t cpi = c->cfg.cost.cpi_milli;

    v->quantum_end = until;
    while (v->state == HS_VCPU_RUNNABLE && c->stop == HS_STOP_NONE) {
        hs_time now = hs_vcpu_local_time(v);
        hs_time end = until;
        uint64_t cycles, pc, cpsr;
        uc_err e;

        if (v->alarm_fn && now >= v->alarm_at) {
            hs_cpu_alarm_fn fn = v->alarm_fn;
            v->alarm_fn = NULL;
            v->alarm_at = HS_TIME_NEVER;
            fn(v->alarm_opaque, v->index, now);
            continue;
        }
        if (now >= until) {
            break;
        }
        if (v->alarm_fn && v->alarm_at < end) {
            end = v->alarm_at;
        }
        cycles = hs_clock_time_to_ticks(&c->cpu_clock, end - now);
        if (!cycles) {
            cycles = 1;
        }
        v->budget_end = v->insns + (cycles * 1000 + cpi - 1) / cpi;
        /* While a line is asserted, every block start checks whether an
         * interrupt has become takeable: one just taken may stay pending (a
         * level line the handler does not clear) and be taken again after the
         * handler's return. */
        v->irq_watch = hs_exc_any_line(v);
        if (v->irq_watch) {
            hs_exc_take_interrupt(v);
        }
        if (v->align_recheck) {
            hs_access_abort_update_align(v);
        }
        if (v->icache_flush) {
            v->icache_flush = false;
            uc_ctl_remove_cache(v->uc, c->cfg.map->ram_base,
                                c->cfg.map->ram_base + c->cfg.map->ram_size);
        }
        v->block = 0;
        v->block_slow = v->irq_watch || (hs_log_mask & HS_LOG_BLOCKS);
        cpsr = hs_vcpu_reg(v, UC_ARM_REG_CPSR);
        pc = hs_vcpu_reg(v, UC_ARM_REG_PC) | ((cpsr & CPSR_T) ? 1 : 0);

        c->running = v;
        v->stop_asked = false;
        v->stopped_at_block = false;
        v->in_run = true;
        e = uc_emu_start(v->uc, pc, RUN_FOREVER_UNTIL, 0, 0);
        v->in_run = false;
        c->running = NULL;
        if (e == UC_ERR_OK && v->stopped_at_block) {
            hs_vcpu_set_reg(v, UC_ARM_REG_PC, v->stop_pc |
                            ((hs_vcpu_reg(v, UC_ARM_REG_CPSR) & CPSR_T) ? 1u : 0u));
        }

        if (v->access_abort) {
            /* An access aborted (cpu/access_abort.c): PC is on its instruction. */
            if (e == UC_ERR_OK && c->stop == HS_STOP_NONE && hs_access_abort_take(v)) {
                continue;
            }
            v->access_abort = false;
        }
        if (e == UC_ERR_FETCH_PROT && c->stop == HS_STOP_NONE && hs_code_pages_fetch_fault(v)) {
            continue;
        }
        if ((e == UC_ERR_FETCH_PROT || e == UC_ERR_FETCH_UNMAPPED) && c->cfg.unassigned_abort &&
            c->stop == HS_STOP_NONE) {
            /* Code is fetched from a hole: a Prefetch Abort, external. */
            hs_vcpu_uncount_from(v, hs_vcpu_reg(v, UC_ARM_REG_PC));
            if (hs_abort_prefetch(v)) {
                continue;
            }
            break;
        }
        if (e == UC_ERR_INSN_INVALID && c->stop == HS_STOP_NONE) {
            hs_vcpu_uncount_from(v, hs_vcpu_reg(v, UC_ARM_REG_PC));
            if (hs_exc_undefined(v)) {
                continue;
            }
            break;
        }
        if (e != UC_ERR_OK) {
            uint32_t fpc = hs_vcpu_reg(v, UC_ARM_REG_PC);
            hs_vcpu_uncount_from(v, fpc);
            if (c->stop == HS_STOP_NONE) {
                char *m = g_strdup_printf("vCPU%u: %s at pc 0x%08x (CPSR 0x%08x, lr 0x%08x, "
                                          "sp 0x%08x)", v->index, uc_strerror(e), fpc,
                                          hs_vcpu_reg(v, UC_ARM_REG_CPSR),
                                          hs_vcpu_reg(v, UC_ARM_REG_LR),
                                          hs_vcpu_reg(v, UC_ARM_REG_SP));
                hs_cluster_request_stop(c, HS_STOP_GUEST_ERROR, m);
                g_free(m);
            }
            break;
        }
        if (!v->stop_asked && c->stop == HS_STOP_NONE) {
            /* Unicorn ends a run early, with no hook, only for WFI (reference
             * notes), leaving PC after it: the vCPU idles until a wake-up event
             * (B1.8.13 Wait For Interrupt). */
            hs_vcpu_idle(v, 0);
        }
    }
}
