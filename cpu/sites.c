/* Instructions watched at their sites: system-register accesses emulated on the
 * host, and exception returns, accounted and traced.
 *
 * Two kinds of cp15 access cannot be left to Unicorn: MPIDR reads (every engine
 * answers 0x80000000 and writes are ignored, reference notes) and the Generic
 * Timer (its counter follows host time and its comparators never fire). Their
 * instructions are found in the image when it is loaded and in code pages as
 * they are first run (hs_sites_scan_block), and a code hook bounded to each one
 * performs the access on the host and skips the instruction (docs/cpu.md). */
#include "cpu/vcpu.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cpu/abort.h"
#include "cpu/arm.h"
#include "cpu/exception.h"
#include "cpu/gtimer.h"
#include "cpu/insn.h"
#include "cpu/sysreg.h"
#include "cpu/trap.h"
#include "sim/log.h"


/* Every cp15 register transfer is a site: MPIDR and the Generic Timer are
 * emulated, and the Hyp traps of the others are checked on the host, since
 * Unicorn implements only some of them (HCR.TID3, for one, is missing). */
static bool wanted(uint32_t a)
{
    if (CP_COPROC(a) != 15 || (a >> 28) == 0xf) {
        return false;
    }
    return (a & CP_MCR_MASK) == CP_MCR || (a & CP_MCRR_MASK) == CP_MCRR;
}

static bool is_mpidr_read(uint32_t a)
{
    return (a & CP_MCR_MASK) == CP_MCR && CP_READ(a) && CP_MCR_CRN(a) == 0 &&
           CP_MCR_OPC1(a) == 0 && CP_CRM(a) == 0 && CP_MCR_OPC2(a) == 5;
}

/* A8.8.168 SEV: ARM A1 (any condition), Thumb T1 and T2. */
#define SEV_ARM_MASK    0x0fffffffu
#define SEV_ARM         0x0320f004u
#define SEV_T16         0xbf40u
#define SEV_T32         0xf3af8004u

/* HCPTR (c1, c1, opc1 4, opc2 2) and CPACR (c1, c0, opc1 0, opc2 2). */
static bool is_reg32(uint32_t a, uint32_t crn, uint32_t opc1, uint32_t crm, uint32_t opc2)
{
    return (a & CP_MCR_MASK) == CP_MCR && CP_MCR_CRN(a) == crn && CP_MCR_OPC1(a) == opc1 &&
           CP_CRM(a) == crm && CP_MCR_OPC2(a) == opc2;
}

static bool is_timer_reg(uint32_t a)
{
    return (a & CP_MCR_MASK) == CP_MCR ? CP_MCR_CRN(a) == 14 : CP_CRM(a) == 14;
}

/* Exception returns (B1.9.10): ERET (A8.8.60 / B9.3.3), SUBS PC, LR, #imm and
 * MOVS PC, LR (B9.3.19/20). ARM A1 encodings with any condition; Thumb's ERET
 * is SUBS PC, LR, #imm8 (T1: 1111 0011 1101 1110 1000 1111 imm8). */
#define ERET_ARM_MASK        0x0fffffffu
#define ERET_ARM             0x0160006eu
#define SUBS_PC_LR_ARM_MASK  0x0ffff000u
#define SUBS_PC_LR_ARM       0x025ef000u
#define MOVS_PC_LR_ARM       0x01b0f00eu
#define SUBS_PC_LR_T32_MASK  0xffffff00u
#define SUBS_PC_LR_T32       0xf3de8f00u

static bool is_exc_return(uint32_t a, bool thumb)
{
    if (thumb) {
        return (a & SUBS_PC_LR_T32_MASK) == SUBS_PC_LR_T32;
    }
    return (a >> 28) != 0xf &&
           ((a & ERET_ARM_MASK) == ERET_ARM || (a & SUBS_PC_LR_ARM_MASK) == SUBS_PC_LR_ARM ||
            (a & ERET_ARM_MASK) == MOVS_PC_LR_ARM);
}

static int site_cmp(const void *x, const void *y)
{
    const hs_site *a = x, *b = y;
    if (a->addr != b->addr) {
        return a->addr < b->addr ? -1 : 1;
    }
    return (int)a->thumb - (int)b->thumb;
}

/* A2.5.2 ConditionPassed for the ARM condition `cond` and the CPSR flags. */
static bool condition_passed(uint32_t cond, uint32_t cpsr)
{
    const bool n = cpsr >> 31 & 1, z = cpsr >> 30 & 1, c = cpsr >> 29 & 1, v = cpsr >> 28 & 1;
    bool r;
    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = !z && n == v; break;
    default: return true;                /* AL, and 0b1111 treated as AL */
    }
    return (cond & 1) ? !r : r;
}

static uint32_t get_reg(hs_vcpu *v, unsigned rt)
{
    return hs_vcpu_reg(v, hs_uc_gpr(rt));
}

static void set_reg(hs_vcpu *v, unsigned rt, uint32_t val)
{
    hs_vcpu_set_reg(v, hs_uc_gpr(rt), val);
}

typedef enum access_result { ACCESS_DONE, ACCESS_UNDEF, ACCESS_HYP_TRAP, ACCESS_NATIVE } access_result;

/* The Generic Timer registers (B8.2, Table B8-2), with the PL0 controls of
 * CNTKCTL (UNDEFINED when clear) and the PL1 controls of CNTHCTL (trapped to
 * Hyp when clear) of B8.1.4 and B4.1.23-24. */
static access_result timer_access(hs_vcpu *v, const hs_site *s, uint32_t a, uint32_t mode)
{
    hs_gtimer *g = &v->gtimer;
    const bool hyp = mode == ARM_MODE_HYP, pl0 = mode == ARM_MODE_USR;
    const bool read = CP_READ(a);
    const hs_time now = hs_vcpu_local_time(v);
    const uint32_t k = g->cntkctl, h = g->cnthctl;

    if ((a & CP_MCRR_MASK) == CP_MCRR) {
        uint64_t val = 0;
        switch (CP_MCRR_OPC1(a)) {
        case 0:     /* CNTPCT */
            if (!read || (pl0 && !(k & CNTKCTL_PL0PCTEN))) {
                return ACCESS_UNDEF;
            }
            if (!hyp && !(h & CNTHCTL_PL1PCTEN)) {
                return ACCESS_HYP_TRAP;
            }
            val = hs_gtimer_count(g, now);
            break;
        case 1:     /* CNTVCT */
            if (!read || (pl0 && !(k & CNTKCTL_PL0VCTEN))) {
                return ACCESS_UNDEF;
            }
            val = hs_gtimer_count(g, now) - g->cntvoff;
            break;
        case 2:     /* CNTP_CVAL */
        case 3:     /* CNTV_CVAL */
        {
            hs_gtimer_id id = CP_MCRR_OPC1(a) == 2 ? HS_GTIMER_PHYS : HS_GTIMER_VIRT;
            if (pl0 && !(k & (id == HS_GTIMER_PHYS ? CNTKCTL_PL0PTEN : CNTKCTL_PL0VTEN))) {
                return ACCESS_UNDEF;
            }
            if (id == HS_GTIMER_PHYS && !hyp && !(h & CNTHCTL_PL1PCEN)) {
                return ACCESS_HYP_TRAP;
            }
            if (read) {
                val = hs_gtimer_read_cval(g, id);
            } else {
                hs_gtimer_write_cval(g, id, (uint64_t)get_reg(v, CP_RT2(a)) << 32 |
                                            get_reg(v, CP_RT(a)), now);
            }
            break;
        }
        case 4:     /* CNTVOFF: Hyp only */
            if (!hyp) {
                return ACCESS_UNDEF;
            }
            if (read) {
                val = g->cntvoff;
            } else {
                hs_gtimer_write_cntvoff(g, (uint64_t)get_reg(v, CP_RT2(a)) << 32 |
                                           get_reg(v, CP_RT(a)), now);
            }
            break;
        case 6:     /* CNTHP_CVAL: Hyp only */
            if (!hyp) {
                return ACCESS_UNDEF;
            }
            if (read) {
                val = hs_gtimer_read_cval(g, HS_GTIMER_HYP);
            } else {
                hs_gtimer_write_cval(g, HS_GTIMER_HYP, (uint64_t)get_reg(v, CP_RT2(a)) << 32 |
                                                       get_reg(v, CP_RT(a)), now);
            }
            break;
        default:
            return ACCESS_NATIVE;
        }
        if (read) {
            set_reg(v, CP_RT(a), (uint32_t)val);
            set_reg(v, CP_RT2(a), (uint32_t)(val >> 32));
        }
        return ACCESS_DONE;
    }

    {
        const uint32_t opc1 = CP_MCR_OPC1(a), crm = CP_CRM(a), opc2 = CP_MCR_OPC2(a);
        uint32_t val = read ? 0 : get_reg(v, CP_RT(a));
        hs_gtimer_id id;
        (void)s;

        if (opc1 == 0 && crm == 0 && opc2 == 0) {           /* CNTFRQ */
            if (pl0 && !(k & (CNTKCTL_PL0PCTEN | CNTKCTL_PL0VCTEN))) {
                return ACCESS_UNDEF;
            }
            if (!read) {
                /* Writable only at the highest implemented PL, Hyp on this
                 * platform as on QEMU's virt without EL3; the value is the
                 * platform's and the write is ignored. */
                return hyp ? ACCESS_DONE : ACCESS_UNDEF;
            }
            val = (uint32_t)g->clock.hz;
        } else if (opc1 == 0 && crm == 1 && opc2 == 0) {    /* CNTKCTL */
            if (pl0) {
                return ACCESS_UNDEF;
            }
            if (read) {
                val = g->cntkctl;
            } else {
                g->cntkctl = val & (CNTKCTL_PL0PCTEN | CNTKCTL_PL0VCTEN | CNTKCTL_PL0VTEN |
                                    CNTKCTL_PL0PTEN | 0xf0u /* EVNTI, EVNTDIR, EVNTEN */);
            }
        } else if (opc1 == 4 && crm == 1 && opc2 == 0) {    /* CNTHCTL */
            if (!hyp) {
                return ACCESS_UNDEF;
            }
            if (read) {
                val = g->cnthctl;
            } else {
                g->cnthctl = val & (CNTHCTL_PL1PCTEN | CNTHCTL_PL1PCEN | 0xfcu);
            }
        } else if ((crm == 2 || crm == 3) && opc2 <= 1 && (opc1 == 0 || (opc1 == 4 && crm == 2))) {
            id = opc1 == 4 ? HS_GTIMER_HYP : crm == 2 ? HS_GTIMER_PHYS : HS_GTIMER_VIRT;
            if (id == HS_GTIMER_HYP && !hyp) {
                return ACCESS_UNDEF;
            }
            if (pl0 && !(k & (id == HS_GTIMER_PHYS ? CNTKCTL_PL0PTEN : CNTKCTL_PL0VTEN))) {
                return ACCESS_UNDEF;
            }
            if (id == HS_GTIMER_PHYS && !hyp && !(h & CNTHCTL_PL1PCEN)) {
                return ACCESS_HYP_TRAP;
            }
            if (opc2 == 0) {                                  /* *_TVAL */
                if (read) {
                    val = hs_gtimer_read_tval(g, id, now);
                } else {
                    hs_gtimer_write_tval(g, id, val, now);
                }
            } else if (read) {                                /* *_CTL */
                val = hs_gtimer_read_ctl(g, id, now);
            } else {
                hs_gtimer_write_ctl(g, id, val, now);
            }
        } else {
            return ACCESS_NATIVE;
        }
        if (read) {
            set_reg(v, CP_RT(a), val);
        }
        return ACCESS_DONE;
    }
}

/* An exception return about to run in Unicorn: the target mode is SPSR.M and
 * the target address ELR_hyp (ERET in Hyp mode) or LR minus the immediate. */
static void exc_return(hs_vcpu *v, const hs_cpu_ctx *ctx, const hs_site *s)
{
    const uint32_t from = ctx->cpsr & CPSR_M;
    uint32_t spsr, to, pc, imm = 0;

    if (from == ARM_MODE_USR || from == ARM_MODE_SYS) {
        return;                 /* UNPREDICTABLE there: leave it to Unicorn */
    }
    spsr = hs_vcpu_reg(v, UC_ARM_REG_SPSR);
    to = spsr & CPSR_M;
    if (from == ARM_MODE_HYP) {
        pc = (uint32_t)hs_vcpu_cp_read(v, HS_CP_ELR_HYP);
    } else {
        if (s->thumb) {
            imm = s->insn & 0xffu;
        } else if ((s->insn & SUBS_PC_LR_ARM_MASK) == SUBS_PC_LR_ARM) {
            imm = s->insn & 0xfffu;     /* A5.2.4 modified immediate; the usual forms are small */
        }
        pc = hs_vcpu_reg(v, UC_ARM_REG_LR) - imm;
    }
    v->exc_returns++;
    hs_vcpu_charge(v, v->cluster->cfg.cost.exception_return);
    HS_TRACE(v->cluster->cfg.tracer, exc_return, v->index, from, to, pc, 0);
    if (from == ARM_MODE_HYP && to != ARM_MODE_HYP) {
        /* B4.1.155 VTTBR.VMID, bits[55:48]. */
        uint64_t vttbr = hs_vcpu_cp_read(v, HS_CP_VTTBR);
        HS_TRACE(v->cluster->cfg.tracer, guest_entry, v->index, pc, vttbr >> 48 & 0xff, 0, 0);
    }
}

/* An instruction of the Floating-point or Advanced SIMD Extension while HCPTR
 * traps them: Unicorn enforces neither HCPTR nor CPACR for them, so the trap is
 * taken here, from a hook on each such instruction of the image that exists
 * only while the trap is enabled (B1.14.12). */
/* A site found at run time is used only while its instruction is still there:
 * code may have been written over it since (a guest loaded in its place). */
static bool still_there(hs_vcpu *v, const hs_site *s)
{
    uint32_t w;

    if (!s->verify) {
        return true;
    }
    if (!hs_vcpu_read_insn(v, s->addr, 4, &w)) {
        return false;
    }
    if (!s->thumb) {
        return w == s->insn;
    }
    w = w << 16 | w >> 16;
    /* A 16-bit Thumb instruction (SEV) is the top halfword alone. */
    return hs_thumb_insn_len(s->insn >> 16) == 2 ? (w >> 16) == (s->insn >> 16) : w == s->insn;
}

static void hook_fp_site(uc_engine *uc, uint64_t address, uint32_t size, void *opaque)
{
    hs_vcpu *v = opaque;
    hs_cluster *c = v->cluster;
    uint32_t cpsr = hs_vcpu_reg(v, UC_ARM_REG_CPSR);
    hs_site key = { .addr = (uint32_t)address, .thumb = !!(cpsr & CPSR_T) };
    const hs_site *s = bsearch(&key, c->fp_site, c->nfp_sites, sizeof key, site_cmp);
    hs_cpu_ctx ctx;
    hs_trap trap;

    (void)uc;
    (void)size;
    if (!s || !still_there(v, s)) {
        return;
    }
    hs_cpu_ctx_read(v, &ctx);
    if (!condition_passed(hs_trap_insn_cond(&ctx, s->insn), cpsr) ||
        !hs_trap_decode(v, &ctx, s->thumb ? (s->insn << 16 | s->insn >> 16) : s->insn, 4,
                        &trap)) {
        return;
    }
    hs_vcpu_uncount_from(v, s->addr);
    hs_exc_enter_hyp(v, &ctx, ctx.hyp ? HS_EXC_UNDEF : HS_EXC_HYP_TRAP,
                     ctx.hyp ? VECTOR_UNDEF : VECTOR_HYP_TRAP, s->addr, trap.hsr);
}

static void set_fp_hooks(hs_vcpu *v, bool on)
{
    hs_cluster *c = v->cluster;

    for (unsigned k = 0; k < v->nfp_hooks; k++) {
        uc_hook_del(v->uc, v->fp_hook[k]);
    }
    v->nfp_hooks = 0;
    if (!on) {
        return;
    }
    if (!v->fp_hook && c->nfp_sites) {
        v->fp_hook = g_new0(uc_hook, c->nfp_sites);
    }
    for (unsigned k = 0; k < c->nfp_sites; k++) {
        uint32_t at = c->fp_site[k].addr;
        if (uc_hook_add(v->uc, &v->fp_hook[v->nfp_hooks], UC_HOOK_CODE, (void *)hook_fp_site, v,
                        at, at) == UC_ERR_OK) {
            v->nfp_hooks++;
        }
        uc_ctl_remove_cache(v->uc, at, at + 4);
    }
}

static void write_hcptr(hs_vcpu *v, uint32_t val)
{
    bool trap = val & (HCPTR_TCP10 | HCPTR_TCP11 | HCPTR_TASE);

    hs_vcpu_cp_write(v, HS_CP_HCPTR, val);
    if (trap != v->fp_trap) {
        set_fp_hooks(v, trap);
        v->fp_trap = trap;
    }
}

/* Code reaches RAM after the image is loaded: a hypervisor copies its guest's
 * kernel into place, a guest loads its programs. Each page of code is scanned
 * the first time a translation block of it is counted, for the virtual address
 * it runs at and the physical page behind it; instruction cache maintenance
 * makes pages scanned again (icache_maintenance()). */
#define SCAN_PAGE_SHIFT 12
#define SCAN_PAGE_SIZE  (1u << SCAN_PAGE_SHIFT)

_Static_assert(sizeof(gsize) >= 8, "a scan key packs a virtual and a physical page number");

static gpointer scan_key(uint32_t va_page, uint64_t pa)
{
    return GSIZE_TO_POINTER((gsize)va_page << 32 | (gsize)(pa >> SCAN_PAGE_SHIFT));
}

/* After instruction cache maintenance the code may be new: the engine counts
 * its blocks again as first seen, which scans their pages again (all pages
 * when `forget` is the set of scanned pages, which is emptied). */
static void rescan(hs_vcpu *v, GHashTable *forget)
{
    memset(v->block_count, 0, sizeof v->block_count);
    if (forget) {
        g_hash_table_remove_all(forget);
    }
}

/* B4.2.1 instruction cache maintenance to the point of unification (Table B4-27):
 * ICIALLUIS (c7, c1, 0), ICIALLU (c7, c5, 0), ICIMVAU (c7, c5, 1). */
#define CACHE_OP(crm, opc2)     ((crm) << 4 | (opc2))
#define ICIALLUIS               CACHE_OP(1, 0)
#define ICIALLU                 CACHE_OP(5, 0)
#define ICIMVAU                 CACHE_OP(5, 1)
#define ICACHE_LINE             64u     /* Cortex-A15 (DDI 0438I 6.1) */

/* B4.2.1 Table B4-27: the cache maintenance operations by MVA, which translate
 * their address: ICIMVAU, DCIMVAC, DCCMVAC, DCCMVAU, DCCIMVAC. */
static bool by_mva(uint32_t a)
{
    switch (CP_CRM(a) << 4 | CP_MCR_OPC2(a)) {
    case CACHE_OP(5, 1):
    case CACHE_OP(6, 1):
    case CACHE_OP(10, 1):
    case CACHE_OP(11, 1):
    case CACHE_OP(14, 1):
        return true;
    default:
        return false;
    }
}

/* Each engine keeps the code it translated coherent with its own stores, not with
 * another engine's: the instruction cache maintenance that ARMv7 requires after
 * code is written (A3.5.4, B2.2.6) drops the other engines' translations. With the
 * Multiprocessing Extensions ICIMVAU reaches every CPU of the Inner Shareable
 * domain, ICIALLUIS too, and ICIALLU the issuing CPU only. */
static void icache_maintenance(hs_vcpu *v, uint32_t a)
{
    hs_cluster *c = v->cluster;
    const hs_memmap *map = c->cfg.map;
    uint64_t lo = map->ram_base, hi = map->ram_base + map->ram_size;

    switch (CP_CRM(a) << 4 | CP_MCR_OPC2(a)) {
    case ICIALLU:
        v->icache_flush = true;
        hs_vcpu_request_stop(v);
        rescan(v, c->scanned);
        return;
    case ICIALLUIS:
        break;
    case ICIMVAU: {
        const uint32_t va = get_reg(v, CP_RT(a));
        uint64_t pa;
        if (!hs_vcpu_translate(v, va, HS_MMU_READ, &pa)) {
            return;             /* no mapping: nothing could be fetched through it */
        }
        lo = pa & ~(uint64_t)(ICACHE_LINE - 1u);
        hi = lo + ICACHE_LINE;
        if (c->scanned) {
            g_hash_table_remove(c->scanned, scan_key(va >> SCAN_PAGE_SHIFT, pa));
        }
        break;
    }
    default:
        return;
    }
    for (unsigned i = 0; i < c->cfg.ncpu; i++) {
        hs_vcpu *o = &c->vcpu[i];
        if (o != v) {
            uc_ctl_remove_cache(o->uc, lo, hi);
        }
        rescan(o, lo == map->ram_base ? c->scanned : NULL);
    }
}

static void sev(hs_vcpu *v)
{
    hs_cluster *c = v->cluster;
    for (unsigned i = 0; i < c->cfg.ncpu; i++) {
        c->vcpu[i].event = true;
    }
}

static void hook_site(uc_engine *uc, uint64_t address, uint32_t size, void *opaque)
{
    hs_vcpu *v = opaque;
    hs_cluster *c = v->cluster;
    uint32_t cpsr = hs_vcpu_reg(v, UC_ARM_REG_CPSR);
    hs_site key = { .addr = (uint32_t)address, .thumb = !!(cpsr & CPSR_T) };
    const hs_site *s = bsearch(&key, c->site, c->nsites, sizeof key, site_cmp);
    const uint32_t mode = cpsr & CPSR_M;
    hs_cpu_ctx ctx;
    access_result r;
    uint32_t a;

    (void)uc;
    (void)size;
    if (!s || !still_there(v, s)) {
        return;                 /* another instruction at a site of the other state, or
                                 * code written over a site found at run time */
    }
    a = s->insn;
    hs_cpu_ctx_read(v, &ctx);
    if (!condition_passed(hs_trap_insn_cond(&ctx, a), cpsr)) {
        return;                 /* Unicorn skips it as we would */
    }
    if (s->kind == HS_SITE_EXC_RETURN) {
        exc_return(v, &ctx, s);
        return;
    }
    if (s->kind == HS_SITE_SEV) {
        sev(v);
        return;                 /* a NOP for Unicorn */
    }
    if (mode != ARM_MODE_HYP) {
        hs_trap trap;
        /* hs_trap_decode takes Thumb-2 with the first halfword in bits[15:0]. */
        uint32_t insn = s->thumb ? (a << 16 | a >> 16) : a;
        if (hs_trap_decode(v, &ctx, insn, 4, &trap)) {
            hs_vcpu_uncount_from(v, s->addr);
            hs_exc_enter_hyp(v, &ctx, HS_EXC_HYP_TRAP, VECTOR_HYP_TRAP, s->addr, trap.hsr);
            return;
        }
    }
    if (!CP_READ(a) && (is_reg32(a, 1, 0, 0, 0) || is_reg32(a, 1, 4, 0, 0))) {
        /* SCTLR or HSCTLR: A (alignment checking) may change (cpu/access_abort.c). */
        v->align_recheck = true;
        hs_vcpu_request_stop(v);
    }
    if (!CP_READ(a) && (a & CP_MCR_MASK) == CP_MCR && CP_MCR_CRN(a) == 7 &&
        CP_MCR_OPC1(a) == 0 && mode != ARM_MODE_USR) {
        /* Cache maintenance, a NOP for Unicorn. */
        if (by_mva(a) && hs_abort_cache_op(v, get_reg(v, CP_RT(a)))) {
            return;
        }
        icache_maintenance(v, a);
    }
    if (mode == ARM_MODE_USR && is_mpidr_read(a)) {
        return;                 /* MPIDR is UNDEFINED at PL0: Unicorn reports it */
    }
    if (mode == ARM_MODE_HYP && is_reg32(a, 1, 4, 1, 2) && !CP_READ(a)) {
        write_hcptr(v, get_reg(v, CP_RT(a)));
        r = ACCESS_DONE;
    } else if (is_mpidr_read(a)) {
        /* B4.1.106: Non-secure PL1 reads of MPIDR return VMPIDR. */
        set_reg(v, CP_RT(a), mode == ARM_MODE_HYP ? hs_vcpu_mpidr(v)
                                                  : (uint32_t)hs_vcpu_cp_read(v, HS_CP_VMPIDR));
        r = ACCESS_DONE;
    } else if (is_timer_reg(a)) {
        r = timer_access(v, s, a, mode);
    } else {
        r = ACCESS_NATIVE;
    }
    switch (r) {
    case ACCESS_NATIVE:
        return;
    case ACCESS_DONE:
        hs_vcpu_skip_insn(v, s->addr, 4, s->thumb);
        return;
    case ACCESS_UNDEF:
        hs_vcpu_uncount_from(v, s->addr);
        hs_exc_enter_pl1(v, &ctx, HS_EXC_UNDEF, s->addr + (s->thumb ? 2 : 4));
        return;
    case ACCESS_HYP_TRAP:
        hs_vcpu_uncount_from(v, s->addr);
        hs_exc_enter_hyp(v, &ctx, HS_EXC_HYP_TRAP, VECTOR_HYP_TRAP, s->addr,
                         hs_trap_cp_hsr(&ctx, a, true));
        return;
    }
}

static void add_site(GArray *arr, uint32_t addr, uint32_t insn, bool thumb, hs_site_kind kind)
{
    hs_site s = { .addr = addr, .insn = insn, .thumb = thumb, .kind = (uint8_t)kind };
    if (kind != HS_SITE_SYSREG) {
        g_array_append_val(arr, s);
        return;
    }
    /* Rt or Rt2 = PC is UNPREDICTABLE (or APSR_nzcv for MRC): left to Unicorn. */
    if (CP_RT(insn) == 15 || ((insn & CP_MCRR_MASK) == CP_MCRR && CP_RT2(insn) == 15)) {
        return;
    }
    g_array_append_val(arr, s);
}

/* Finds the sites in `len` bytes of code at `p`, which run at virtual address
 * `va` (halfword aligned): system-register accesses, exception returns and SEV
 * into arr, FP and Advanced SIMD instructions into fp. */
static void scan_bytes(GArray *arr, GArray *fp, const uint8_t *p, uint64_t len, uint32_t va)
{
    for (uint64_t off = 0; off + 4 <= len; off += 2, p += 2) {
        const uint32_t addr = va + (uint32_t)off;
        uint32_t w = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                     (uint32_t)p[3] << 24;
        uint32_t t32 = w << 16 | w >> 16;
        if (!(addr & 3) && wanted(w)) {
            add_site(arr, addr, w, false, HS_SITE_SYSREG);
        }
        if (!(addr & 3) && is_exc_return(w, false)) {
            add_site(arr, addr, w, false, HS_SITE_EXC_RETURN);
        }
        /* Thumb-2: hw1 is 1110 11x0 for MCR/MRC/MCRR/MRRC with coproc 15. */
        if ((t32 >> 28) == 0xe && wanted(t32)) {
            add_site(arr, addr, t32, true, HS_SITE_SYSREG);
        }
        if (is_exc_return(t32, true)) {
            add_site(arr, addr, t32, true, HS_SITE_EXC_RETURN);
        }
        if (!(addr & 3) && hs_trap_is_fp_insn(w, false)) {
            hs_site f = { .addr = addr, .insn = w, .thumb = false };
            g_array_append_val(fp, f);
        }
        if (hs_trap_is_fp_insn(t32, true)) {
            hs_site f = { .addr = addr, .insn = t32, .thumb = true };
            g_array_append_val(fp, f);
        }
        if (!(addr & 3) && (w & SEV_ARM_MASK) == SEV_ARM && (w >> 28) != 0xf) {
            add_site(arr, addr, w, false, HS_SITE_SEV);
        } else if (t32 == SEV_T32 || (w & 0xffffu) == SEV_T16) {
            add_site(arr, addr, t32, true, HS_SITE_SEV);
        }
    }
}

bool hs_cluster_scan_sites(hs_cluster *c, uint64_t lo, uint64_t hi, char **msg)
{
    const hs_memmap *map = c->cfg.map;
    GArray *arr = g_array_new(FALSE, FALSE, sizeof(hs_site));

    GArray *fp = g_array_new(FALSE, FALSE, sizeof(hs_site));

    for (unsigned i = 0; i < c->cfg.ncpu; i++) {
        hs_vcpu *v = &c->vcpu[i];
        for (unsigned k = 0; k < v->nsite_hooks; k++) {
            uc_hook_del(v->uc, v->site_hook[k]);
        }
        g_free(v->site_hook);
        v->site_hook = NULL;
        v->nsite_hooks = 0;
        set_fp_hooks(v, false);
        g_free(v->fp_hook);
        v->fp_hook = NULL;
        v->fp_trap = false;
    }
    g_free(c->site);
    c->site = NULL;
    c->nsites = 0;
    g_free(c->fp_site);
    c->fp_site = NULL;
    c->nfp_sites = 0;
    if (c->scanned) {
        g_hash_table_remove_all(c->scanned);
    }
    lo = (lo + 1) & ~UINT64_C(1);
    if (hi > lo) {
        scan_bytes(arr, fp, map->ram + (lo - map->ram_base), hi - lo, (uint32_t)lo);
    }
    c->nsites = arr->len;
    c->site = (hs_site *)g_array_free(arr, FALSE);      /* NULL when empty */
    if (c->nsites) {
        qsort(c->site, c->nsites, sizeof(hs_site), site_cmp);
    }
    c->nfp_sites = fp->len;
    c->fp_site = (hs_site *)g_array_free(fp, FALSE);
    if (c->nfp_sites) {
        qsort(c->fp_site, c->nfp_sites, sizeof(hs_site), site_cmp);
    }
    if (!c->nsites) {
        return true;
    }
    /* One hook bounded to each site: code elsewhere pays nothing. */
    for (unsigned i = 0; i < c->cfg.ncpu; i++) {
        hs_vcpu *v = &c->vcpu[i];
        v->site_hook = g_new0(uc_hook, c->nsites);
        for (unsigned k = 0; k < c->nsites; k++) {
            uint32_t at = c->site[k].addr;
            uc_err e = uc_hook_add(v->uc, &v->site_hook[k], UC_HOOK_CODE, (void *)hook_site, v,
                                   at, at);
            if (e) {
                if (msg) {
                    *msg = g_strdup_printf("vCPU%u: hooking the system-register access at "
                                           "0x%08x: %s", i, at, uc_strerror(e));
                }
                return false;
            }
            /* Hooks do not reach code translated before they were added. */
            uc_ctl_remove_cache(v->uc, at, at + 4);
        }
        v->nsite_hooks = c->nsites;
    }
    return true;
}

/* ---- sites of code found at run time -------------------------------------- */

/* Adds the sites of `found` that are not known yet (or whose instruction
 * changed) to the cluster's and hooks them in every engine; true if one of them
 * lies in [lo, hi). */
static bool merge_sites(hs_cluster *c, GArray *found, uint32_t lo, uint32_t hi)
{
    unsigned first_new = c->nsites;
    bool inside = false;

    c->site = g_renew(hs_site, c->site, c->nsites + found->len);
    for (unsigned i = 0; i < found->len; i++) {
        hs_site n = g_array_index(found, hs_site, i);
        hs_site *old = bsearch(&n, c->site, first_new, sizeof n, site_cmp);
        n.verify = true;
        if (old) {
            *old = n;           /* hooked already; the code there may have changed */
            continue;
        }
        c->site[c->nsites++] = n;
        inside |= n.addr >= lo && n.addr < hi;
    }
    if (c->nsites == first_new) {
        return false;
    }
    for (unsigned i = 0; i < c->cfg.ncpu; i++) {
        hs_vcpu *v = &c->vcpu[i];
        v->site_hook = g_renew(uc_hook, v->site_hook, c->nsites);
        for (unsigned k = first_new; k < c->nsites; k++) {
            uint32_t at = c->site[k].addr;
            if (uc_hook_add(v->uc, &v->site_hook[v->nsite_hooks], UC_HOOK_CODE,
                            (void *)hook_site, v, at, at) == UC_ERR_OK) {
                v->nsite_hooks++;
            }
            uc_ctl_remove_cache(v->uc, at, at + 4);
        }
    }
    qsort(c->site, c->nsites, sizeof(hs_site), site_cmp);
    return inside;
}

/* The same for FP and Advanced SIMD instructions, hooked only while HCPTR traps
 * them. */
static void merge_fp_sites(hs_cluster *c, GArray *found)
{
    unsigned before = c->nfp_sites;

    c->fp_site = g_renew(hs_site, c->fp_site, c->nfp_sites + found->len);
    for (unsigned i = 0; i < found->len; i++) {
        hs_site n = g_array_index(found, hs_site, i);
        hs_site *old = bsearch(&n, c->fp_site, before, sizeof n, site_cmp);
        n.verify = true;
        if (old) {
            *old = n;
            continue;
        }
        c->fp_site[c->nfp_sites++] = n;
    }
    if (c->nfp_sites == before) {
        return;
    }
    qsort(c->fp_site, c->nfp_sites, sizeof(hs_site), site_cmp);
    for (unsigned i = 0; i < c->cfg.ncpu; i++) {
        hs_vcpu *v = &c->vcpu[i];
        if (v->fp_trap) {
            set_fp_hooks(v, false);
            g_free(v->fp_hook);
            v->fp_hook = NULL;
            set_fp_hooks(v, true);
        }
    }
}

bool hs_sites_scan_block(hs_vcpu *v, uint32_t va, uint32_t size)
{
    hs_cluster *c = v->cluster;
    const hs_memmap *map = c->cfg.map;
    const uint32_t last = va + (size ? size - 1u : 0u);
    bool inside = false;

    if (!c->scanned) {
        c->scanned = g_hash_table_new(g_direct_hash, g_direct_equal);
    }
    for (uint32_t page = va >> SCAN_PAGE_SHIFT; page <= last >> SCAN_PAGE_SHIFT; page++) {
        const uint32_t page_va = page << SCAN_PAGE_SHIFT;
        uint64_t pa;
        GArray *arr, *fp;

        if (!hs_vcpu_fetch_pa(v, page_va, &pa) || pa < map->ram_base ||
            pa - map->ram_base + SCAN_PAGE_SIZE > map->ram_size ||
            !g_hash_table_add(c->scanned, scan_key(page, pa))) {
            continue;           /* not RAM, or scanned as it is mapped now */
        }
        arr = g_array_new(FALSE, FALSE, sizeof(hs_site));
        fp = g_array_new(FALSE, FALSE, sizeof(hs_site));
        scan_bytes(arr, fp, map->ram + (pa - map->ram_base), SCAN_PAGE_SIZE, page_va);
        inside |= merge_sites(c, arr, va, va + size);
        merge_fp_sites(c, fp);
        hs_log(HS_LOG_BLOCKS, "vCPU%u: code page at 0x%08x (PA 0x%08" PRIx64 ") scanned: %u "
               "sites in all", v->index, page_va, pa, c->nsites);
        g_array_free(arr, TRUE);
        g_array_free(fp, TRUE);
    }
    return inside;
}
