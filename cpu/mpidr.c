/* Per-vCPU MPIDR. Unicorn gives every engine MPIDR 0x80000000 and ignores writes
 * to it (reference notes). Non-secure PL1 reads return VMPIDR, which we reset to
 * each vCPU's MPIDR (B4.1.159), but Hyp-mode reads return the real register. So
 * the MPIDR reads of the loaded image are found when it is loaded and emulated
 * with a code hook bounded to each one: the hook writes Rt and skips the
 * instruction. Code written at run time is not scanned (docs/cpu.md). */
#include "cpu/vcpu.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cpu/arm.h"
#include "cpu/sysreg.h"

/* MRC p15, 0, Rt, c0, c0, 5 (A8.8.107): ARM A1 with cond AL, Thumb T1. */
#define MRC_MPIDR_ARM_MASK      0xffff0fffu
#define MRC_MPIDR_ARM           0xee100fb0u
#define MRC_MPIDR_T32_HW1       0xee10u
#define MRC_MPIDR_T32_HW2_MASK  0x0fffu
#define MRC_MPIDR_T32_HW2       0x0fb0u

static int site_cmp(const void *a, const void *b)
{
    const hs_mpidr_site *x = a, *y = b;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void hook_mpidr(uc_engine *uc, uint64_t address, uint32_t size, void *opaque)
{
    hs_vcpu *v = opaque;
    hs_cluster *c = v->cluster;
    hs_mpidr_site key = { .addr = (uint32_t)address };
    const hs_mpidr_site *s = bsearch(&key, c->mpidr_site, c->nmpidr_sites, sizeof key, site_cmp);
    uint32_t cpsr, val;
    bool hyp;

    (void)uc;
    (void)size;
    if (!s) {
        return;
    }
    cpsr = hs_vcpu_reg(v, UC_ARM_REG_CPSR);
    if (!!(cpsr & CPSR_T) != s->thumb) {
        return;                 /* another instruction that shares the bit pattern */
    }
    if (s->thumb && (cpsr & (CPSR_IT_0_1 | CPSR_IT_2_7))) {
        return;                 /* conditional in an IT block: leave it to Unicorn */
    }
    hyp = (cpsr & CPSR_M) == ARM_MODE_HYP;
    /* B4.1.106: Non-secure PL1 reads of MPIDR return VMPIDR. */
    val = hyp ? hs_vcpu_mpidr(v) : (uint32_t)hs_vcpu_cp_read(v, HS_CP_VMPIDR);
    if (!hyp && (cpsr & CPSR_M) == ARM_MODE_USR) {
        return;                 /* UNDEFINED at PL0: Unicorn reports it */
    }
    hs_vcpu_set_reg(v, UC_ARM_REG_R0 + s->rt, val);
    hs_vcpu_skip_insn(v, (uint32_t)address, 4, s->thumb);
}

static void add_site(GArray *a, uint32_t addr, unsigned rt, bool thumb)
{
    hs_mpidr_site s = { .addr = addr, .rt = (uint8_t)rt, .thumb = thumb };
    if (rt < 13) {
        g_array_append_val(a, s);
    }
}

bool hs_cluster_watch_mpidr(hs_cluster *c, uint64_t lo, uint64_t hi, char **msg)
{
    const hs_memmap *map = c->cfg.map;
    GArray *a = g_array_new(FALSE, FALSE, sizeof(hs_mpidr_site));
    uint64_t addr;

    g_free(c->mpidr_site);
    c->mpidr_site = NULL;
    c->nmpidr_sites = 0;
    lo = (lo + 1) & ~UINT64_C(1);
    for (addr = lo; addr + 4 <= hi; addr += 2) {
        const uint8_t *p = map->ram + (addr - map->ram_base);
        uint32_t w = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                     (uint32_t)p[3] << 24;
        uint32_t hw1 = w & 0xffffu, hw2 = w >> 16;
        if (!(addr & 3) && (w & MRC_MPIDR_ARM_MASK) == MRC_MPIDR_ARM) {
            add_site(a, (uint32_t)addr, w >> 12 & 0xf, false);
        }
        if (hw1 == MRC_MPIDR_T32_HW1 && (hw2 & MRC_MPIDR_T32_HW2_MASK) == MRC_MPIDR_T32_HW2) {
            add_site(a, (uint32_t)addr, hw2 >> 12, true);
        }
    }
    c->nmpidr_sites = a->len;
    c->mpidr_site = (hs_mpidr_site *)g_array_free(a, FALSE);
    qsort(c->mpidr_site, c->nmpidr_sites, sizeof(hs_mpidr_site), site_cmp);
    for (unsigned i = 0; i < c->cfg.ncpu; i++) {
        hs_vcpu *v = &c->vcpu[i];
        for (unsigned k = 0; k < c->nmpidr_sites; k++) {
            uc_hook h;
            uint32_t at = c->mpidr_site[k].addr;
            uc_err e = uc_hook_add(v->uc, &h, UC_HOOK_CODE, (void *)hook_mpidr, v, at, at);
            if (e) {
                if (msg) {
                    *msg = g_strdup_printf("vCPU%u: hooking the MPIDR read at 0x%08x: %s", i,
                                           at, uc_strerror(e));
                }
                return false;
            }
            /* Hooks do not reach code translated before they were added. */
            uc_ctl_remove_cache(v->uc, at, at + 4);
        }
    }
    return true;
}
