/* Prefetch Abort, Data Abort and BKPT entry on the host (ARM DDI 0406C.d B1.9.7
 * Prefetch Abort, B1.9.8 Data Abort, B1.14 routing to Hyp mode, B3.12 faults,
 * B3.13 fault reporting: DFSR/DFAR/IFSR/IFAR at PL1, HSR/HDFAR/HIFAR/HPFAR in Hyp
 * mode).
 *
 * Unicorn raises the abort with PC on the instruction and tells nothing else. The
 * fault is found again here: the instruction is decoded for its accesses, which
 * are checked for alignment and translated in order through the tables as they
 * are; the first that faults is the one reported. */
#include "cpu/abort.h"

#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "cpu/arm.h"
#include "cpu/exception.h"
#include "cpu/ldst.h"
#include "cpu/sysreg.h"
#include "cpu/trap.h"
#include "cpu/vcpu.h"
#include "sim/log.h"

/* B3.13.6 ISS of Data Abort (EC 0x24, 0x25) and Prefetch Abort (EC 0x20, 0x21)
 * exceptions taken to Hyp mode. */
#define ISS_ISV                 (1u << 24)
#define ISS_SAS_SHIFT           22
#define ISS_SSE                 (1u << 21)
#define ISS_SRT_SHIFT           16
#define ISS_EA                  (1u << 9)
#define ISS_CM                  (1u << 8)
#define ISS_S1PTW               (1u << 7)
#define ISS_WNR                 (1u << 6)

/* B4.1 DFSR and IFSR: the format bit and the access bits beside the status. */
#define FSR_LPAE                (1u << 9)
#define FSR_WNR                 (1u << 11)
#define FSR_EXT                 (1u << 12)
#define FSR_CM                  (1u << 13)

/* B4.1 HPFAR: FIPA, IPA[39:12], in bits [31:4]. */
#define HPFAR_FIPA_SHIFT        4
#define IPA_PAGE_SHIFT          12

/* B4.1 HDCR.TDE: debug exceptions from Non-secure PL0/PL1 are routed to Hyp mode. */
#define HDCR_TDE                (1u << 8)

/* B1.8.3 preferred return: LR_abt = the aborted instruction + 8 (Data Abort) or
 * + 4 (Prefetch Abort), in ARM and Thumb state alike. */
#define DABT_LR_OFFSET          8u
#define PABT_LR_OFFSET          4u

/* B1.3.3 CPSR.C, for register offsets shifted with RRX. */
#define CPSR_C_FLAG             (1u << 29)

/* The smallest translation granule: a multi-byte access may span two of them. */
#define GRANULE_SHIFT           12

void hs_abort_read_regs(hs_vcpu *v, const hs_cpu_ctx *ctx, hs_mmu_regs *r)
{
    memset(r, 0, sizeof *r);
    /* Only the controls of the current regime are read (each read costs a lookup in
     * Unicorn's register table): HSCTLR.EE also orders stage 2 table walks. */
    r->hsctlr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_HSCTLR);
    if (ctx->hyp) {
        r->htcr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_HTCR);
        r->httbr = hs_vcpu_cp_read(v, HS_CP_HTTBR);
        r->hmair0 = (uint32_t)hs_vcpu_cp_read(v, HS_CP_HMAIR0);
        r->hmair1 = (uint32_t)hs_vcpu_cp_read(v, HS_CP_HMAIR1);
        return;
    }
    r->hcr = ctx->hcr;
    r->sctlr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_SCTLR);
    r->ttbcr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_TTBCR);
    r->ttbr0 = hs_vcpu_cp_read(v, HS_CP_TTBR0);
    r->ttbr1 = hs_vcpu_cp_read(v, HS_CP_TTBR1);
    r->dacr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_DACR);
    r->prrr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_PRRR);
    r->nmrr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_NMRR);
    if (r->hcr & (HCR_VM | HCR_DC)) {
        r->vtcr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_VTCR);
        r->vttbr = hs_vcpu_cp_read(v, HS_CP_VTTBR);
    }
}

/* True if `pa` is in a hole of the memory map, the unassigned region. */
static bool in_hole(const hs_memmap *map, uint64_t pa)
{
    for (unsigned i = 0; i < map->nregions; i++) {
        const hs_region *r = &map->region[i];
        if (pa >= r->base && pa - r->base < r->size) {
            return map->hole.ops && r->ops == map->hole.ops;
        }
    }
    return false;
}

/* Table walks read RAM directly, and anything else in the 32-bit physical space
 * through Unicorn (a device region's model answers, a hole reads as zero), as
 * Unicorn's own walk did. Nothing answers above 4 GiB, nor in a hole when the
 * platform says so: a synchronous external abort on the walk (B3.12). */
static bool bus_read(void *opaque, uint64_t pa, unsigned size, uint64_t *val)
{
    hs_vcpu *v = opaque;
    const hs_cluster_config *cfg = &v->cluster->cfg;
    const hs_memmap *map = cfg->map;
    uint8_t b[8] = { 0 };

    if (pa >= map->ram_base && pa + size <= map->ram_base + map->ram_size) {
        memcpy(b, map->ram + (pa - map->ram_base), size);
    } else if (pa + size > UINT64_C(0x100000000) || (cfg->unassigned_abort && in_hole(map, pa)) ||
               uc_mem_read(v->uc, pa, b, size) != UC_ERR_OK) {
        return false;
    }
    *val = 0;
    for (unsigned i = 0; i < size; i++) {
        *val |= (uint64_t)b[i] << (8 * i);
    }
    return true;
}

static bool translate(hs_vcpu *v, const hs_mmu_regs *r, const hs_cpu_ctx *ctx, uint32_t va,
                      hs_mmu_acc acc, bool unpriv, hs_mmu_result *res)
{
    const hs_mmu_bus bus = { bus_read, v };
    /* A8.8 LDRT/STRT: an unprivileged access from PL1 is checked as from PL0
     * (in Hyp mode these instructions are UNPREDICTABLE: hypsim ignores the T). */
    const hs_mmu_access a = { .va = va, .acc = acc, .hyp = ctx->hyp,
                              .user = ctx->pl0 || (unpriv && !ctx->hyp) };
    return hs_mmu_translate(r, &bus, &a, res);
}

bool hs_vcpu_translate(hs_vcpu *v, uint32_t va, hs_mmu_acc acc, uint64_t *pa)
{
    hs_cpu_ctx ctx;
    hs_mmu_regs r;
    hs_mmu_result res;

    hs_cpu_ctx_read(v, &ctx);
    hs_abort_read_regs(v, &ctx, &r);
    if (!translate(v, &r, &ctx, va, acc, false, &res)) {
        return false;
    }
    *pa = res.pa;
    return true;
}

/* ---- finding the fault ------------------------------------------------------- */

typedef struct found {
    hs_mmu_fault f;
    uint32_t va;                /* the faulting virtual address: DFAR, IFAR, HDFAR, HIFAR */
    bool write;
    bool cm;                    /* a cache maintenance operation faulted */
} found;

/* B3.12: a synchronous external abort where nothing answers, when the platform
 * says so (a hole, or above 4 GiB), after the translation succeeded. */
static bool nothing_there(hs_vcpu *v, uint64_t pa)
{
    const hs_cluster_config *cfg = &v->cluster->cfg;
    const hs_memmap *map = cfg->map;

    if (!cfg->unassigned_abort || (pa >= map->ram_base && pa - map->ram_base < map->ram_size)) {
        return false;
    }
    return pa >= UINT64_C(0x100000000) || in_hole(map, pa);
}

/* The fault of the part of an access at `va` in one page, if any. */
static bool page_fault(hs_vcpu *v, const hs_mmu_regs *r, const hs_cpu_ctx *ctx, uint32_t va,
                       hs_mmu_acc acc, bool unpriv, found *out)
{
    hs_mmu_result res;

    if (!translate(v, r, ctx, va, acc, unpriv, &res)) {
        out->f = res.fault;
    } else if (nothing_there(v, res.pa)) {
        memset(&out->f, 0, sizeof out->f);
        out->f.type = HS_MMU_FAULT_EXTERNAL;
        out->f.stage = 1;
    } else {
        return false;
    }
    out->va = va;
    return true;
}

/* The fault of one access of `size` bytes at `va`, if any: its first byte's page,
 * then, if it spans two, the second page from its first byte. */
static bool access_fault(hs_vcpu *v, const hs_mmu_regs *r, const hs_cpu_ctx *ctx, uint32_t va,
                         unsigned size, hs_mmu_acc acc, bool unpriv, found *out)
{
    const uint32_t last = va + size - 1;

    if (page_fault(v, r, ctx, va, acc, unpriv, out)) {
        return true;
    }
    return last >> GRANULE_SHIFT != va >> GRANULE_SHIFT &&
           page_fault(v, r, ctx, last >> GRANULE_SHIFT << GRANULE_SHIFT, acc, unpriv, out);
}

/* A3.2.1: the alignment the instruction needs, with SCTLR.A or HSCTLR.A as the
 * current regime has it. */
static bool misaligned(const hs_mmu_regs *r, const hs_cpu_ctx *ctx, const hs_ldst *ld)
{
    const bool check_a = (ctx->hyp ? r->hsctlr : r->sctlr) & SCTLR_A;
    const unsigned align = check_a && ld->align_a > ld->align ? ld->align_a : ld->align;

    return ld->acc[0].va & (align - 1u);
}

/* A3.2.1: the alignment check comes before translation (B3.12 fault-checking
 * sequence); then the accesses in the order the instruction makes them. */
static bool data_fault(hs_vcpu *v, const hs_mmu_regs *r, const hs_cpu_ctx *ctx,
                       const hs_ldst *ld, found *out)
{
    memset(out, 0, sizeof *out);
    if (misaligned(r, ctx, ld)) {
        out->f.type = HS_MMU_FAULT_ALIGNMENT;
        out->f.stage = 1;
        out->va = ld->acc[0].va;
        out->write = ld->acc[0].write;
        return true;
    }
    for (unsigned i = 0; i < ld->n; i++) {
        const hs_ldst_access *a = &ld->acc[i];
        if (access_fault(v, r, ctx, a->va, a->size, a->write ? HS_MMU_WRITE : HS_MMU_READ,
                         ld->unpriv, out)) {
            out->write = a->write;
            return true;
        }
    }
    return false;
}

/* ---- entering the exception --------------------------------------------------- */

/* B1.14 and B3.13.5: an abort is taken to Hyp mode when it happens in Hyp mode,
 * when it is a stage 2 fault, or when HCR.TGE routes PL0 exceptions there. */
static bool to_hyp(const hs_cpu_ctx *ctx, const hs_mmu_fault *f)
{
    return ctx->hyp || f->stage == 2 || (ctx->pl0 && (ctx->hcr & HCR_TGE));
}

/* Unicorn 2.1 exposes QEMU's own syndrome of the abort (UC_ARM_REG_ESR; Unicorn 2.0
 * has none). hypsim does not rely on it: it logs it beside its HSR for comparison
 * (QEMU's has IL set where ARMv7 makes it UNK/SBZP). */
static void log_unicorn_syndrome(hs_vcpu *v, uint32_t hsr)
{
#if UC_API_MAJOR > 2 || (UC_API_MAJOR == 2 && UC_API_MINOR >= 1)
    uint32_t esr = 0;
    if ((hs_log_mask & HS_LOG_EXCEPTIONS) && uc_reg_read(v->uc, UC_ARM_REG_ESR, &esr) == UC_ERR_OK) {
        hs_log(HS_LOG_EXCEPTIONS, "vCPU%u: HSR 0x%08x; Unicorn's syndrome 0x%08x", v->index, hsr,
               esr);
    }
#else
    (void)v;
    (void)hsr;
#endif
}

static void enter_hyp(hs_vcpu *v, const hs_cpu_ctx *ctx, bool data, const found *fd,
                      const hs_ldst *ld)
{
    const hs_mmu_fault *f = &fd->f;
    uint32_t iss = hs_mmu_fsc_long(f) | (f->s1ptw ? ISS_S1PTW : 0);
    uint32_t ec, offset;
    bool il = false;

    if (data) {
        iss |= (fd->write ? ISS_WNR : 0) | (fd->cm ? ISS_CM : 0);
        /* B3.13.6: the instruction syndrome is valid for a single load or store
         * of a general-purpose register without writeback, not for a fault on a
         * stage 1 table walk. IL is then the instruction's length; otherwise it
         * is UNK/SBZP, written 0 as QEMU does for ARMv7. hypsim, like QEMU, also
         * gives the syndrome for aborts of Hyp mode's own accesses. */
        if (ld && ld->iss_valid && !f->s1ptw) {
            iss |= ISS_ISV | (uint32_t)ld->sas << ISS_SAS_SHIFT | (ld->sse ? ISS_SSE : 0) |
                   (uint32_t)ld->srt << ISS_SRT_SHIFT;
            il = !ld->is16;
        }
        ec = ctx->hyp ? HSR_EC_DABT_HYP : HSR_EC_DABT_LOWER;
        offset = ctx->hyp ? VECTOR_DABT : VECTOR_HYP_TRAP;
        hs_vcpu_cp_write(v, HS_CP_HDFAR, fd->va);
    } else {
        ec = ctx->hyp ? HSR_EC_PABT_HYP : HSR_EC_PABT_LOWER;
        offset = ctx->hyp ? VECTOR_PABT : VECTOR_HYP_TRAP;
        hs_vcpu_cp_write(v, HS_CP_HIFAR, fd->va);
    }
    /* B4.1 HPFAR: valid for stage 2 faults only (UNKNOWN otherwise: left as it is). */
    if (f->stage == 2) {
        hs_vcpu_cp_write(v, HS_CP_HPFAR, (uint32_t)(f->ipa >> IPA_PAGE_SHIFT) << HPFAR_FIPA_SHIFT);
    }
    log_unicorn_syndrome(v, hs_hsr(ec, il, iss));
    hs_exc_enter_hyp(v, ctx, data ? HS_EXC_DABT : HS_EXC_PABT, offset, ctx->pc,
                     hs_hsr(ec, il, iss));
}

/* B3.13.3: DFSR/IFSR in the format TTBCR.EAE selects, with DFAR/IFAR. */
static void enter_pl1(hs_vcpu *v, const hs_cpu_ctx *ctx, const hs_mmu_regs *r, bool data,
                      const found *fd)
{
    uint32_t fsr = hs_mmu_long_format(r, false) ? hs_mmu_fsc_long(&fd->f) | FSR_LPAE
                                                : hs_mmu_fsr_short(&fd->f);

    if (data) {
        hs_vcpu_cp_write(v, HS_CP_DFSR, fsr | (fd->write ? FSR_WNR : 0) | (fd->cm ? FSR_CM : 0));
        hs_vcpu_cp_write(v, HS_CP_DFAR, fd->va);
        hs_exc_enter_pl1(v, ctx, HS_EXC_DABT, ctx->pc + DABT_LR_OFFSET);
    } else {
        hs_vcpu_cp_write(v, HS_CP_IFSR, fsr);
        hs_vcpu_cp_write(v, HS_CP_IFAR, fd->va);
        hs_exc_enter_pl1(v, ctx, HS_EXC_PABT, ctx->pc + PABT_LR_OFFSET);
    }
}

static void enter(hs_vcpu *v, const hs_cpu_ctx *ctx, const hs_mmu_regs *r, bool data,
                  const found *fd, const hs_ldst *ld)
{
    hs_log(HS_LOG_EXCEPTIONS, "vCPU%u: %s abort at 0x%08x: %s fault, stage %u level %u%s, "
           "address 0x%08x%s", v->index, data ? "data" : "prefetch", ctx->pc,
           hs_mmu_fault_name(fd->f.type), fd->f.stage, fd->f.level,
           fd->f.s1ptw ? " (stage 1 walk)" : "", fd->va, fd->write ? ", write" : "");
    /* The aborted instruction and the rest of its block did not retire. */
    hs_vcpu_uncount_from(v, ctx->pc);
    if (to_hyp(ctx, &fd->f)) {
        enter_hyp(v, ctx, data, fd, ld);
    } else {
        enter_pl1(v, ctx, r, data, fd);
    }
}

static bool unexplained(hs_vcpu *v, const hs_cpu_ctx *ctx, const char *what, uint32_t insn)
{
    hs_cluster_fail(v->cluster, "vCPU%u: %s at pc 0x%08x (instruction 0x%08x, CPSR 0x%08x) "
                    "that hypsim cannot attribute to a fault of its translation tables",
                    v->index, what, ctx->pc, insn, ctx->cpsr);
    return false;
}

/* The load or store at PC, decoded with the registers as they are; false (with
 * *insn as far as it was read) if it cannot be read or decoded. */
static bool decode_at_pc(hs_vcpu *v, const hs_cpu_ctx *ctx, uint32_t *insn, hs_ldst *ld)
{
    uint32_t regs[15], hw1;
    unsigned len = 4;

    *insn = 0;
    if (ctx->thumb) {
        if (!hs_vcpu_read_insn(v, ctx->pc, 2, &hw1)) {
            return false;
        }
        len = hs_thumb_insn_len(hw1);
        *insn = hw1;
    }
    if (len == 4 && !hs_vcpu_read_insn(v, ctx->pc, 4, insn)) {
        return false;
    }
    for (unsigned i = 0; i < 15; i++) {
        regs[i] = hs_vcpu_reg(v, hs_uc_gpr(i));
    }
    return hs_ldst_decode(*insn, len, ctx->thumb, ctx->pc, regs, ctx->cpsr & CPSR_C_FLAG, ld);
}

/* B1.9.8: the instruction at PC made an access that aborted. */
bool hs_abort_data(hs_vcpu *v)
{
    hs_cpu_ctx ctx;
    hs_mmu_regs r;
    uint32_t insn;
    hs_ldst ld;
    found fd;

    hs_cpu_ctx_read(v, &ctx);
    hs_abort_read_regs(v, &ctx, &r);
    if (!decode_at_pc(v, &ctx, &insn, &ld) || !data_fault(v, &r, &ctx, &ld, &fd)) {
        return unexplained(v, &ctx, "data abort", insn);
    }
    enter(v, &ctx, &r, true, &fd, &ld);
    return true;
}

bool hs_abort_is_misaligned(hs_vcpu *v)
{
    hs_cpu_ctx ctx;
    hs_mmu_regs r;
    uint32_t insn;
    hs_ldst ld;

    hs_cpu_ctx_read(v, &ctx);
    hs_abort_read_regs(v, &ctx, &r);
    return decode_at_pc(v, &ctx, &insn, &ld) && misaligned(&r, &ctx, &ld);
}

/* B3.13.6 (CM) and B4.2.1: a cache maintenance operation by MVA translates its
 * address as a load would, and a Translation or Access flag fault on it, at
 * either stage, is a Data Abort with CM and WnR set and no instruction syndrome;
 * it never takes a Permission or Domain fault, nor an Alignment fault. */
bool hs_abort_cache_op(hs_vcpu *v, uint32_t va)
{
    hs_cpu_ctx ctx;
    hs_mmu_regs r;
    hs_mmu_result res;
    found fd;

    hs_cpu_ctx_read(v, &ctx);
    hs_abort_read_regs(v, &ctx, &r);
    if (translate(v, &r, &ctx, va, HS_MMU_READ, false, &res) ||
        (res.fault.type != HS_MMU_FAULT_TRANSLATION &&
         res.fault.type != HS_MMU_FAULT_ACCESS_FLAG &&
         res.fault.type != HS_MMU_FAULT_EXTERNAL_WALK)) {
        return false;
    }
    memset(&fd, 0, sizeof fd);
    fd.f = res.fault;
    fd.va = va;
    fd.write = true;
    fd.cm = true;
    enter(v, &ctx, &r, true, &fd, NULL);
    return true;
}

/* B1.9.7: fetching the instruction at PC aborted; a 32-bit Thumb instruction
 * may also abort on its second halfword, in the next page. */
bool hs_abort_prefetch(hs_vcpu *v)
{
    hs_cpu_ctx ctx;
    hs_mmu_regs r;
    found fd;

    hs_cpu_ctx_read(v, &ctx);
    hs_abort_read_regs(v, &ctx, &r);
    memset(&fd, 0, sizeof fd);
    if (!access_fault(v, &r, &ctx, ctx.pc, 4, HS_MMU_FETCH, false, &fd)) {
        return unexplained(v, &ctx, "prefetch abort", 0);
    }
    enter(v, &ctx, &r, false, &fd, NULL);
    return true;
}

/* B1.9.7 and the debug exceptions of part C: BKPT is a debug exception reported as a Prefetch Abort with
 * the debug event status; IFAR/HIFAR are UNKNOWN (left as they are). It is taken
 * to Hyp mode from Hyp mode, and from PL0/PL1 with HDCR.TDE (or HCR.TGE at PL0),
 * with HSR EC 0x20/0x21 and IFSC 0b100010. */
bool hs_abort_bkpt(hs_vcpu *v)
{
    hs_cpu_ctx ctx;
    hs_mmu_regs r;
    hs_mmu_fault f = { .type = HS_MMU_FAULT_DEBUG, .stage = 1 };

    hs_cpu_ctx_read(v, &ctx);
    hs_abort_read_regs(v, &ctx, &r);
    hs_vcpu_uncount_from(v, ctx.pc);
    if (ctx.hyp || (hs_vcpu_cp_read(v, HS_CP_HDCR) & HDCR_TDE) ||
        (ctx.pl0 && (ctx.hcr & HCR_TGE))) {
        hs_exc_enter_hyp(v, &ctx, HS_EXC_PABT, ctx.hyp ? VECTOR_PABT : VECTOR_HYP_TRAP, ctx.pc,
                         hs_hsr(ctx.hyp ? HSR_EC_PABT_HYP : HSR_EC_PABT_LOWER, false,
                                hs_mmu_fsc_long(&f)));
        return true;
    }
    hs_vcpu_cp_write(v, HS_CP_IFSR, hs_mmu_long_format(&r, false)
                                        ? hs_mmu_fsc_long(&f) | FSR_LPAE : hs_mmu_fsr_short(&f));
    hs_exc_enter_pl1(v, &ctx, HS_EXC_PABT, ctx.pc + PABT_LR_OFFSET);
    return true;
}
