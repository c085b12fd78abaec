/* Translation table walks (ARM DDI 0406C.d B3.5 short descriptors, B3.6 long
 * descriptors, B3.7 access permissions, B3.8 memory types, B3.12 faults), the
 * walk and checks the architecture's TranslationTableWalkSD/LD, CheckDomain and
 * CheckPermission pseudocode describes. */
#include "cpu/mmu.h"

#include <assert.h>
#include <stddef.h>
#include <string.h>

/* ---- short-descriptor format (B3.5.1) ------------------------------------- */

#define SD_TYPE_MASK            0x3u
/* First level: 0b00 fault, 0b01 page table, 0b1x section or supersection (with
 * the Large Physical Address Extension bit 0 of a section is PXN). */
#define SD_L1_FAULT             0x0u
#define SD_L1_PAGE_TABLE        0x1u
#define SD_L1_SECTION           (1u << 1)
#define SD_PT_PXN               (1u << 2)
#define SD_PT_BASE_MASK         0xfffffc00u
#define SD_SECT_PXN             (1u << 0)
#define SD_SECT_B               (1u << 2)
#define SD_SECT_C               (1u << 3)
#define SD_SECT_XN              (1u << 4)
#define SD_DOMAIN_SHIFT         5
#define SD_DOMAIN_MASK          0xfu
#define SD_SECT_AP10_SHIFT      10
#define SD_SECT_TEX_SHIFT       12
#define SD_SECT_AP2             (1u << 15)
#define SD_SECT_SUPER           (1u << 18)
#define SD_SECT_BASE_MASK       0xfff00000u
#define SD_SUPER_BASE_MASK      0xff000000u
#define SD_SUPER_PA35_32_SHIFT  20      /* extended base address PA[35:32], bits [23:20] */
#define SD_SUPER_PA39_36_SHIFT  5       /* extended base address PA[39:36], bits [8:5] */
#define SD_SUPER_PA_EXT_MASK    0xfu
/* Second level: 0b00 fault, 0b01 large page, 0b1x small page (bit 0 is XN). */
#define SD_L2_FAULT             0x0u
#define SD_L2_LARGE             0x1u
#define SD_L2_SMALL             (1u << 1)
#define SD_SMALL_XN             (1u << 0)
#define SD_PAGE_B               (1u << 2)
#define SD_PAGE_C               (1u << 3)
#define SD_PAGE_AP10_SHIFT      4
#define SD_SMALL_TEX_SHIFT      6
#define SD_PAGE_AP2             (1u << 9)
#define SD_LARGE_TEX_SHIFT      12
#define SD_LARGE_XN             (1u << 15)
#define SD_LARGE_BASE_MASK      0xffff0000u
#define SD_SMALL_BASE_MASK      0xfffff000u
#define SD_AP10_MASK            0x3u
#define SD_TEX_MASK             0x7u
/* AP[2:0] assembled from AP[2] and AP[1:0]; AP[0] is the access flag with SCTLR.AFE. */
#define SD_AP_AP2               4u
#define SD_AP_AF                1u
#define SD_AP_SIMPLE_SHIFT      1

/* Table addresses: TTBR0 holds bits [31:14-N], TTBR1 bits [31:14]; a first-level
 * table is indexed by VA[31:20] (TTBR0 with N: VA[31-N:20]), a second-level one by
 * VA[19:12]. */
#define SD_TTBR1_BASE_MASK      0xffffc000u
#define SD_TTBR0_BASE_SHIFT     14
#define SD_L1_INDEX_SHIFT       20
#define SD_L2_INDEX_SHIFT       12
#define SD_L2_INDEX_MASK        0xffu
#define SD_DESC_SIZE            4u

/* B4.1 PRRR: TRn, bits [2n+1:2n], the memory type of TEX remap region n. */
#define PRRR_TR_BITS            2
#define PRRR_TR_MASK            0x3u
#define PRRR_TR_SO              0u
#define PRRR_TR_DEVICE          1u

/* ---- long-descriptor format (B3.6.1) -------------------------------------- */

#define LD_VALID                (1ull << 0)
#define LD_TABLE                (1ull << 1)     /* table (levels 1-2) or page (level 3) */
#define LD_ADDR_MASK            0x000000fffffff000ull   /* bits [39:12] */
#define LD_ATTRINDX_SHIFT       2
#define LD_ATTRINDX_MASK        0x7u
#define LD_S2_MEMATTR_SHIFT     2
#define LD_S2_MEMATTR_MASK      0xfu
#define LD_AP1                  (1ull << 6)     /* stage 1: PL0 access; stage 2: S2AP[0] read */
#define LD_AP2                  (1ull << 7)     /* stage 1: read-only; stage 2: S2AP[1] write */
#define LD_AF                   (1ull << 10)
#define LD_PXN                  (1ull << 53)
#define LD_XN                   (1ull << 54)
#define LD_PXN_TABLE            (1ull << 59)
#define LD_XN_TABLE             (1ull << 60)
#define LD_AP_TABLE_NO_PL0      (1ull << 61)    /* APTable[0] */
#define LD_AP_TABLE_RO          (1ull << 62)    /* APTable[1] */
#define LD_DESC_SIZE            8u
#define LD_INDEX_BITS           9u
#define LD_PAGE_SHIFT           12u
#define LD_OA_BITS              40u
/* The input address bits a level resolves start at bit 39 - 9 x level. */
#define LD_LEVEL_SHIFT(l)       (LD_PAGE_SHIFT + LD_INDEX_BITS * (3u - (l)))

/* B4.1 MAIR0/MAIR1: eight attribute bytes; Attr[7:4] 0b0000 is Device or
 * Strongly-ordered (Attr[3:0] 0b0000). Stage 2 MemAttr[3:2] 0b00 is Device or
 * Strongly-ordered (MemAttr[1:0] 0b00). */
#define MAIR_ATTR_BITS          8
#define MAIR_ATTR_MASK          0xffu
#define MAIR_ATTR_OUTER_SHIFT   4
#define MAIR_ATTR_SO            0x00u
#define S2_MEMATTR_OUTER_SHIFT  2
#define S2_MEMATTR_INNER_MASK   0x3u

/* Access permissions of one privilege: readable, writable. */
#define PERM_R                  1u
#define PERM_W                  2u
#define PERM_RW                 (PERM_R | PERM_W)

typedef struct walk {
    const hs_mmu_regs *r;
    const hs_mmu_bus *bus;
    const hs_mmu_access *a;
    bool s2;                    /* stage 2 translates the stage 1 output and its walk */
    bool s1_be, s2_be;          /* SCTLR.EE / HSCTLR.EE: big-endian table walks */
    hs_mmu_fault *fault;
} walk;

const char *hs_mmu_fault_name(hs_mmu_fault_type t)
{
    switch (t) {
    case HS_MMU_FAULT_NONE: return "none";
    case HS_MMU_FAULT_ALIGNMENT: return "alignment";
    case HS_MMU_FAULT_TRANSLATION: return "translation";
    case HS_MMU_FAULT_ACCESS_FLAG: return "access flag";
    case HS_MMU_FAULT_DOMAIN: return "domain";
    case HS_MMU_FAULT_PERMISSION: return "permission";
    case HS_MMU_FAULT_EXTERNAL: return "external abort";
    case HS_MMU_FAULT_EXTERNAL_WALK: return "external abort on walk";
    case HS_MMU_FAULT_DEBUG: return "debug";
    }
    return "?";
}

static bool set_fault(walk *w, hs_mmu_fault_type type, unsigned stage, unsigned level)
{
    if (stage == 1) {
        w->fault->ipa = 0;
    }
    w->fault->type = type;
    w->fault->stage = (uint8_t)stage;
    w->fault->level = (uint8_t)level;
    return false;
}

static uint64_t mask_below(unsigned bit)
{
    return bit >= 64 ? ~0ull : (1ull << bit) - 1;
}

/* The stronger of two memory types (B3.8, combining the stages: Strongly-ordered
 * over Device over Normal). */
static hs_mmu_memtype stronger(hs_mmu_memtype a, hs_mmu_memtype b)
{
    return a > b ? a : b;
}

/* ---- stage 2 --------------------------------------------------------------- */

static bool read_phys(walk *w, uint64_t pa, unsigned size, bool be, uint64_t *val)
{
    uint64_t v;

    if (!w->bus->read(w->bus->opaque, pa, size, &v)) {
        return false;
    }
    if (size == 4) {
        v &= 0xffffffffull;
        if (be) {
            v = __builtin_bswap32((uint32_t)v);
        }
    } else if (be) {
        v = __builtin_bswap64(v);
    }
    *val = v;
    return true;
}

/* The output of a long-descriptor walk. */
typedef struct ld_out {
    unsigned level;
    uint64_t desc;              /* the block or page descriptor */
    uint64_t oa;                /* output address */
    uint64_t table;             /* stage 1: APTable, XNTable, PXNTable gathered on the way */
} ld_out;

static bool read_s1_desc(walk *w, uint64_t addr, unsigned size, unsigned level, uint64_t *val);

/* B3.6.1 descriptors, B3.6.5 and B3.6.6 lookup levels and walks (stage 2 may
 * concatenate tables at its first level): walks from `level`,
 * where the input address has `inputsize` bits and the table is at `base`. */
static bool ld_walk(walk *w, bool stage2, uint64_t ia, unsigned inputsize, unsigned level,
                    uint64_t base, ld_out *o)
{
    unsigned shift = LD_LEVEL_SHIFT(level);
    unsigned bits = inputsize - shift;
    uint64_t table = base & mask_below(LD_OA_BITS) & ~mask_below(bits + 3);

    o->table = 0;
    for (;;) {
        uint64_t index = (ia >> shift) & mask_below(bits);
        uint64_t addr = table | index * LD_DESC_SIZE;
        uint64_t d;

        if (stage2) {
            if (!read_phys(w, addr, LD_DESC_SIZE, w->s2_be, &d)) {
                return set_fault(w, HS_MMU_FAULT_EXTERNAL_WALK, 2, level);
            }
        } else if (!read_s1_desc(w, addr, LD_DESC_SIZE, level, &d)) {
            return false;
        }
        /* Invalid, or the reserved encoding 0b01 at level 3. */
        if (!(d & LD_VALID) || (level == 3 && !(d & LD_TABLE))) {
            return set_fault(w, HS_MMU_FAULT_TRANSLATION, stage2 ? 2 : 1, level);
        }
        if (level < 3 && (d & LD_TABLE)) {
            /* Stage 2 table descriptors have no attributes. */
            if (!stage2) {
                o->table |= d & (LD_PXN_TABLE | LD_XN_TABLE | LD_AP_TABLE_NO_PL0 | LD_AP_TABLE_RO);
            }
            table = d & LD_ADDR_MASK;
            level++;
            shift -= LD_INDEX_BITS;
            bits = LD_INDEX_BITS;
            continue;
        }
        o->level = level;
        o->desc = d;
        o->oa = (d & LD_ADDR_MASK & ~mask_below(shift)) | (ia & mask_below(shift));
        return true;
    }
}

/* VTCR.T0SZ is a signed 4-bit value: the IPA has 32 - T0SZ bits, 25 to 40. */
static int vtcr_t0sz(uint32_t vtcr)
{
    int t = (int)(vtcr & VTCR_T0SZ_MASK);
    return t >= 8 ? t - 16 : t;
}

/* Stage 2 translation of `ipa` (B3.6: VTCR, VTTBR; B3.7.2 stage 2 permissions
 * S2AP and XN). On a fault w->fault is filled and holds the IPA. */
static bool s2_translate(walk *w, uint64_t ipa, hs_mmu_acc acc, uint64_t *pa,
                         hs_mmu_memtype *mt, unsigned *final_level)
{
    const hs_mmu_regs *r = w->r;
    const unsigned inputsize = (unsigned)(32 - vtcr_t0sz(r->vtcr));
    const unsigned sl0 = r->vtcr >> VTCR_SL0_SHIFT & VTCR_SL0_MASK;
    unsigned level;
    ld_out o;
    unsigned memattr, perm = 0;

    w->fault->ipa = ipa;
    /* B3.6.5: an IPA beyond the input size, or a starting level that VTCR.SL0
     * cannot give for this T0SZ (SL0 0b00: level 2 for 25-34 bits, 0b01: level 1
     * for 31-40 bits), is a stage 2 level 1 Translation fault. */
    if (ipa >> inputsize) {
        return set_fault(w, HS_MMU_FAULT_TRANSLATION, 2, 1);
    }
    if (sl0 == 0 && inputsize <= 34) {
        level = 2;
    } else if (sl0 == 1 && inputsize >= 31) {
        level = 1;
    } else {
        return set_fault(w, HS_MMU_FAULT_TRANSLATION, 2, 1);
    }
    if (!ld_walk(w, true, ipa, inputsize, level, r->vttbr, &o)) {
        return false;
    }
    *final_level = o.level;
    if (!(o.desc & LD_AF)) {
        return set_fault(w, HS_MMU_FAULT_ACCESS_FLAG, 2, o.level);
    }
    memattr = (unsigned)(o.desc >> LD_S2_MEMATTR_SHIFT) & LD_S2_MEMATTR_MASK;
    if (memattr >> S2_MEMATTR_OUTER_SHIFT == 0) {
        *mt = (memattr & S2_MEMATTR_INNER_MASK) ? HS_MMU_DEVICE : HS_MMU_STRONGLY_ORDERED;
    } else {
        *mt = HS_MMU_NORMAL;
    }
    if (o.desc & LD_AP1) {
        perm |= PERM_R;
    }
    if (o.desc & LD_AP2) {
        perm |= PERM_W;
    }
    /* An instruction fetch needs stage 2 read permission and XN clear. */
    if ((acc == HS_MMU_WRITE && !(perm & PERM_W)) || (acc != HS_MMU_WRITE && !(perm & PERM_R)) ||
        (acc == HS_MMU_FETCH && (o.desc & LD_XN))) {
        return set_fault(w, HS_MMU_FAULT_PERMISSION, 2, o.level);
    }
    *pa = o.oa;
    return true;
}

/* A stage 1 descriptor read: with stage 2 on, its address is an IPA that stage 2
 * translates as a read; a fault there is a stage 2 fault with S1PTW set, and with
 * HCR.PTW a table in Device or Strongly-ordered memory is a stage 2 Permission
 * fault (B3.12, B4.1 HCR.PTW). */
static bool read_s1_desc(walk *w, uint64_t addr, unsigned size, unsigned level, uint64_t *val)
{
    uint64_t pa = addr;

    if (w->s2) {
        hs_mmu_memtype mt;
        unsigned s2_level = 1;
        if (!s2_translate(w, addr, HS_MMU_READ, &pa, &mt, &s2_level)) {
            w->fault->s1ptw = true;
            return false;
        }
        if ((w->r->hcr & HCR_PTW) && mt != HS_MMU_NORMAL) {
            w->fault->s1ptw = true;
            w->fault->ipa = addr;
            return set_fault(w, HS_MMU_FAULT_PERMISSION, 2, s2_level);
        }
    }
    if (!read_phys(w, pa, size, w->s1_be, val)) {
        return set_fault(w, HS_MMU_FAULT_EXTERNAL_WALK, 1, level);
    }
    return true;
}

/* ---- stage 1, short descriptors ------------------------------------------- */

/* B3.7.1 access permissions AP[2:0] (SCTLR.AFE 0), for PL1 and PL0; the reserved
 * value 0b100 gives no access. */
static const uint8_t ap_perm[8][2] = {
    [0] = { 0, 0 },
    [1] = { PERM_RW, 0 },
    [2] = { PERM_RW, PERM_R },
    [3] = { PERM_RW, PERM_RW },
    [4] = { 0, 0 },
    [5] = { PERM_R, 0 },
    [6] = { PERM_R, PERM_R },
    [7] = { PERM_R, PERM_R },
};

/* B3.7.1 the simplified access permissions model, AP[2:1] (also the long
 * descriptors' AP[2:1]), for PL1 and PL0. */
static const uint8_t ap_simple_perm[4][2] = {
    [0] = { PERM_RW, 0 },
    [1] = { PERM_RW, PERM_RW },
    [2] = { PERM_R, 0 },
    [3] = { PERM_R, PERM_R },
};

/* B3.7.2 execute-never and B4.1 SCTLR.WXN/UWXN, then the permission check of one
 * access against PL1 and PL0 permissions. */
static bool permitted(const walk *w, unsigned priv, unsigned user, bool xn, bool pxn,
                      uint32_t sctlr)
{
    const hs_mmu_access *a = w->a;
    const unsigned perm = a->user ? user : priv;

    switch (a->acc) {
    case HS_MMU_READ:
        return perm & PERM_R;
    case HS_MMU_WRITE:
        return perm & PERM_W;
    case HS_MMU_FETCH:
        if (!(perm & PERM_R) || xn || ((sctlr & SCTLR_WXN) && (perm & PERM_W))) {
            return false;
        }
        if (!a->user && (pxn || ((sctlr & SCTLR_UWXN) && (user & PERM_W)))) {
            return false;
        }
        return true;
    }
    return false;
}

/* B3.8.2 (TEX[2:0], C, B with SCTLR.TRE 0) and B3.8.3 (TEX remap through PRRR). */
static hs_mmu_memtype short_memtype(const hs_mmu_regs *r, unsigned tex, bool c, bool b)
{
    if (r->sctlr & SCTLR_TRE) {
        unsigned n = (tex & 1u) << 2 | (c ? 2u : 0u) | (b ? 1u : 0u);
        unsigned tr = r->prrr >> (PRRR_TR_BITS * n) & PRRR_TR_MASK;
        return tr == PRRR_TR_SO ? HS_MMU_STRONGLY_ORDERED
             : tr == PRRR_TR_DEVICE ? HS_MMU_DEVICE : HS_MMU_NORMAL;
    }
    if (tex == 0 && !c) {
        return b ? HS_MMU_DEVICE : HS_MMU_STRONGLY_ORDERED;
    }
    if (tex == 2 && !c && !b) {
        return HS_MMU_DEVICE;
    }
    return HS_MMU_NORMAL;
}

static bool s1_short(walk *w, uint32_t va, uint64_t *oa, hs_mmu_memtype *mt)
{
    const hs_mmu_regs *r = w->r;
    const uint32_t n = r->ttbcr & TTBCR_N_MASK;
    const bool ttbr1 = n && (va >> (32 - n)) != 0;
    hs_mmu_fault *f = w->fault;
    uint32_t base, l1, l2, ap, tex, domain, dacr_field;
    bool xn, pxn, c, b;
    unsigned level;
    uint64_t d;

    /* B3.5.4: TTBCR.PD0/PD1 disable the walk: a section Translation fault. */
    if (r->ttbcr & (ttbr1 ? TTBCR_PD1 : TTBCR_PD0)) {
        return set_fault(w, HS_MMU_FAULT_TRANSLATION, 1, 1);
    }
    base = ttbr1 ? (uint32_t)r->ttbr1 & SD_TTBR1_BASE_MASK
                 : (uint32_t)r->ttbr0 & ~(uint32_t)mask_below(SD_TTBR0_BASE_SHIFT - n);
    if (!read_s1_desc(w, base | (va >> SD_L1_INDEX_SHIFT) * SD_DESC_SIZE, SD_DESC_SIZE, 1, &d)) {
        return false;
    }
    l1 = (uint32_t)d;
    if ((l1 & SD_TYPE_MASK) == SD_L1_FAULT) {
        return set_fault(w, HS_MMU_FAULT_TRANSLATION, 1, 1);
    }
    if ((l1 & SD_TYPE_MASK) == SD_L1_PAGE_TABLE) {
        level = 2;
        domain = l1 >> SD_DOMAIN_SHIFT & SD_DOMAIN_MASK;
        f->domain = (uint8_t)domain;
        pxn = l1 & SD_PT_PXN;
        if (!read_s1_desc(w, (l1 & SD_PT_BASE_MASK) |
                             (va >> SD_L2_INDEX_SHIFT & SD_L2_INDEX_MASK) * SD_DESC_SIZE,
                          SD_DESC_SIZE, 2, &d)) {
            return false;
        }
        l2 = (uint32_t)d;
        if ((l2 & SD_TYPE_MASK) == SD_L2_FAULT) {
            return set_fault(w, HS_MMU_FAULT_TRANSLATION, 1, 2);
        }
        ap = (l2 >> SD_PAGE_AP10_SHIFT & SD_AP10_MASK) | ((l2 & SD_PAGE_AP2) ? SD_AP_AP2 : 0);
        c = l2 & SD_PAGE_C;
        b = l2 & SD_PAGE_B;
        if (l2 & SD_L2_SMALL) {
            *oa = (l2 & SD_SMALL_BASE_MASK) | (va & ~SD_SMALL_BASE_MASK);
            tex = l2 >> SD_SMALL_TEX_SHIFT & SD_TEX_MASK;
            xn = l2 & SD_SMALL_XN;
        } else {
            *oa = (l2 & SD_LARGE_BASE_MASK) | (va & ~SD_LARGE_BASE_MASK);
            tex = l2 >> SD_LARGE_TEX_SHIFT & SD_TEX_MASK;
            xn = l2 & SD_LARGE_XN;
        }
    } else {
        level = 1;
        ap = (l1 >> SD_SECT_AP10_SHIFT & SD_AP10_MASK) | ((l1 & SD_SECT_AP2) ? SD_AP_AP2 : 0);
        tex = l1 >> SD_SECT_TEX_SHIFT & SD_TEX_MASK;
        c = l1 & SD_SECT_C;
        b = l1 & SD_SECT_B;
        xn = l1 & SD_SECT_XN;
        pxn = l1 & SD_SECT_PXN;
        if (l1 & SD_SECT_SUPER) {
            /* B3.5.1: a supersection is in domain 0; bits [8:5] and [23:20] extend
             * its base address to 40 bits. */
            domain = 0;
            *oa = (l1 & SD_SUPER_BASE_MASK) | (va & ~SD_SUPER_BASE_MASK) |
                  (uint64_t)(l1 >> SD_SUPER_PA35_32_SHIFT & SD_SUPER_PA_EXT_MASK) << 32 |
                  (uint64_t)(l1 >> SD_SUPER_PA39_36_SHIFT & SD_SUPER_PA_EXT_MASK) << 36;
        } else {
            domain = l1 >> SD_DOMAIN_SHIFT & SD_DOMAIN_MASK;
            *oa = (l1 & SD_SECT_BASE_MASK) | (va & ~SD_SECT_BASE_MASK);
        }
        f->domain = (uint8_t)domain;
    }
    *mt = short_memtype(r, tex, c, b);
    /* B3.7.1 (the access flag, part of the walk), then B3.7.3 CheckDomain, then
     * the permission check for Client domains only. */
    if ((r->sctlr & SCTLR_AFE) && !(ap & SD_AP_AF)) {
        return set_fault(w, HS_MMU_FAULT_ACCESS_FLAG, 1, level);
    }
    dacr_field = r->dacr >> (DACR_FIELD_BITS * domain) & DACR_MANAGER;
    if (dacr_field == DACR_NO_ACCESS || dacr_field == DACR_RESERVED) {
        /* DACR 0b10 is reserved: hypsim treats it as No access. */
        return set_fault(w, HS_MMU_FAULT_DOMAIN, 1, level);
    }
    if (dacr_field == DACR_CLIENT) {
        const uint8_t *p = (r->sctlr & SCTLR_AFE) ? ap_simple_perm[ap >> SD_AP_SIMPLE_SHIFT]
                                                  : ap_perm[ap];
        if (!permitted(w, p[0], p[1], xn, pxn, r->sctlr)) {
            return set_fault(w, HS_MMU_FAULT_PERMISSION, 1, level);
        }
    }
    return true;
}

/* ---- stage 1, long descriptors --------------------------------------------- */

static hs_mmu_memtype mair_memtype(uint32_t mair0, uint32_t mair1, unsigned index)
{
    uint32_t mair = index < 4 ? mair0 : mair1;
    uint32_t attr = mair >> (MAIR_ATTR_BITS * (index & 3u)) & MAIR_ATTR_MASK;

    if (attr >> MAIR_ATTR_OUTER_SHIFT) {
        return HS_MMU_NORMAL;
    }
    return attr == MAIR_ATTR_SO ? HS_MMU_STRONGLY_ORDERED : HS_MMU_DEVICE;
}

/* B3.6.1 and B3.6.4 (TTBCR.T0SZ/T1SZ select TTBR0 or TTBR1), B3.13 (HTCR,
 * HTTBR for the Hyp regime). */
static bool s1_long(walk *w, uint32_t va, uint64_t *oa, hs_mmu_memtype *mt)
{
    const hs_mmu_regs *r = w->r;
    const bool hyp = w->a->hyp;
    unsigned tsz, ap_index, priv, user;
    uint64_t ttbr, d;
    bool xn, pxn;
    ld_out o;

    if (hyp) {
        tsz = r->htcr & HTCR_T0SZ_MASK;
        ttbr = r->httbr;
        if (tsz && (va >> (32 - tsz))) {
            return set_fault(w, HS_MMU_FAULT_TRANSLATION, 1, 1);
        }
    } else {
        const unsigned t0sz = r->ttbcr & TTBCR_T0SZ_MASK;
        const unsigned t1sz = r->ttbcr >> TTBCR_T1SZ_SHIFT & TTBCR_T1SZ_MASK;
        bool select1;

        /* TTBR1 covers the top 2^(32-T1SZ) bytes; with T1SZ 0, everything above
         * TTBR0's range (nothing when T0SZ is 0 too). */
        if (t1sz == 0) {
            select1 = t0sz && (va >> (32 - t0sz)) != 0;
        } else {
            select1 = (va >> (32 - t1sz)) == (uint32_t)mask_below(t1sz);
        }
        if (select1) {
            tsz = t1sz;
            ttbr = r->ttbr1;
        } else {
            tsz = t0sz;
            ttbr = r->ttbr0;
            if (t0sz && (va >> (32 - t0sz))) {
                /* Between the two ranges: a level 1 Translation fault. */
                return set_fault(w, HS_MMU_FAULT_TRANSLATION, 1, 1);
            }
        }
        if (r->ttbcr & (select1 ? TTBCR_EPD1 : TTBCR_EPD0)) {
            return set_fault(w, HS_MMU_FAULT_TRANSLATION, 1, 1);
        }
    }
    /* B3.6.5: the lookup starts at level 1 for T0SZ/T1SZ 0 or 1, else level 2. */
    if (!ld_walk(w, false, va, 32 - tsz, tsz <= 1 ? 1 : 2, ttbr, &o)) {
        return false;
    }
    d = o.desc;
    if (!(d & LD_AF)) {
        return set_fault(w, HS_MMU_FAULT_ACCESS_FLAG, 1, o.level);
    }
    /* B3.6.1 hierarchical attributes: APTable[0] removes PL0 access (clears
     * AP[1]), APTable[1] removes write access (sets AP[2]); XNTable, PXNTable. */
    if (o.table & LD_AP_TABLE_NO_PL0) {
        d &= ~LD_AP1;
    }
    if (o.table & LD_AP_TABLE_RO) {
        d |= LD_AP2;
    }
    xn = (d & LD_XN) || (o.table & LD_XN_TABLE);
    pxn = (d & LD_PXN) || (o.table & LD_PXN_TABLE);
    ap_index = ((d & LD_AP2) ? 2u : 0u) | ((d & LD_AP1) ? 1u : 0u);
    if (hyp) {
        /* B3.7.1: in the Hyp regime AP[1] is ignored (there is no PL0) and PXN
         * does not apply; HSCTLR.WXN does. */
        priv = ap_simple_perm[ap_index & 2u][0];
        user = 0;
        pxn = false;
        *mt = mair_memtype(r->hmair0, r->hmair1,
                           (unsigned)(d >> LD_ATTRINDX_SHIFT) & LD_ATTRINDX_MASK);
        if (!permitted(w, priv, user, xn, pxn, r->hsctlr & SCTLR_WXN)) {
            return set_fault(w, HS_MMU_FAULT_PERMISSION, 1, o.level);
        }
    } else {
        priv = ap_simple_perm[ap_index][0];
        user = ap_simple_perm[ap_index][1];
        *mt = mair_memtype(r->prrr, r->nmrr, (unsigned)(d >> LD_ATTRINDX_SHIFT) & LD_ATTRINDX_MASK);
        if (!permitted(w, priv, user, xn, pxn, r->sctlr)) {
            return set_fault(w, HS_MMU_FAULT_PERMISSION, 1, o.level);
        }
    }
    *oa = o.oa;
    return true;
}

/* ---- the whole translation ------------------------------------------------- */

bool hs_mmu_long_format(const hs_mmu_regs *r, bool hyp)
{
    return hyp || (r->ttbcr & TTBCR_EAE);
}

bool hs_mmu_translate(const hs_mmu_regs *r, const hs_mmu_bus *bus, const hs_mmu_access *a,
                      hs_mmu_result *res)
{
    walk w = { .r = r, .bus = bus, .a = a, .fault = &res->fault };
    bool s1_on;
    uint64_t ipa;
    hs_mmu_memtype mt;

    memset(res, 0, sizeof *res);
    if (a->hyp) {
        s1_on = r->hsctlr & SCTLR_M;
        w.s2 = false;
        w.s1_be = r->hsctlr & SCTLR_EE;
    } else {
        /* B4.1 HCR: TGE and DC make the PL1&0 stage 1 MMU behave as disabled; DC
         * makes stage 2 behave as enabled. */
        s1_on = (r->sctlr & SCTLR_M) && !(r->hcr & (HCR_TGE | HCR_DC));
        w.s2 = r->hcr & (HCR_VM | HCR_DC);
        w.s1_be = r->sctlr & SCTLR_EE;
    }
    w.s2_be = r->hsctlr & SCTLR_EE;
    if (!s1_on) {
        /* B3.2.1: with stage 1 off, data accesses are Strongly-ordered and
         * instruction fetches Normal; B4.1 HCR.DC: Normal. */
        ipa = a->va;
        mt = (a->acc == HS_MMU_FETCH || (!a->hyp && (r->hcr & HCR_DC)))
                 ? HS_MMU_NORMAL : HS_MMU_STRONGLY_ORDERED;
    } else if (!(hs_mmu_long_format(r, a->hyp) ? s1_long(&w, a->va, &ipa, &mt)
                                                : s1_short(&w, a->va, &ipa, &mt))) {
        return false;
    }
    res->ipa = ipa;
    res->pa = ipa;
    res->memtype = mt;
    if (w.s2) {
        hs_mmu_memtype mt2;
        unsigned level;
        res->stage2 = true;
        if (!s2_translate(&w, ipa, a->acc, &res->pa, &mt2, &level)) {
            return false;
        }
        res->memtype = stronger(mt, mt2);
        res->fault.ipa = 0;
    }
    return true;
}

/* ---- fault status encodings (B3.13.3) ------------------------------------- */

#define FS_SHORT_HIGH_SHIFT     10      /* FS[4] is bit 10 */
#define FS_SHORT_LOW_MASK       0xfu
#define FS_SHORT_DOMAIN_SHIFT   4

uint32_t hs_mmu_fsr_short(const hs_mmu_fault *f)
{
    const bool l1 = f->level <= 1;
    uint32_t fs;

    switch (f->type) {
    case HS_MMU_FAULT_ALIGNMENT: fs = 0x01u; break;
    case HS_MMU_FAULT_DEBUG: fs = 0x02u; break;
    case HS_MMU_FAULT_ACCESS_FLAG: fs = l1 ? 0x03u : 0x06u; break;
    case HS_MMU_FAULT_TRANSLATION: fs = l1 ? 0x05u : 0x07u; break;
    case HS_MMU_FAULT_EXTERNAL: fs = 0x08u; break;
    case HS_MMU_FAULT_DOMAIN: fs = l1 ? 0x09u : 0x0bu; break;
    case HS_MMU_FAULT_EXTERNAL_WALK: fs = l1 ? 0x0cu : 0x0eu; break;
    case HS_MMU_FAULT_PERMISSION: fs = l1 ? 0x0du : 0x0fu; break;
    case HS_MMU_FAULT_NONE:
    default:
        return 0;
    }
    return (fs & FS_SHORT_LOW_MASK) | (fs >> 4) << FS_SHORT_HIGH_SHIFT |
           (uint32_t)f->domain << FS_SHORT_DOMAIN_SHIFT;
}

uint32_t hs_mmu_fsc_long(const hs_mmu_fault *f)
{
    const uint32_t ll = f->level & 3u;

    switch (f->type) {
    case HS_MMU_FAULT_TRANSLATION: return 0x04u | ll;
    case HS_MMU_FAULT_ACCESS_FLAG: return 0x08u | ll;
    case HS_MMU_FAULT_PERMISSION: return 0x0cu | ll;
    case HS_MMU_FAULT_EXTERNAL: return 0x10u;
    case HS_MMU_FAULT_EXTERNAL_WALK: return 0x14u | ll;
    case HS_MMU_FAULT_ALIGNMENT: return 0x21u;
    case HS_MMU_FAULT_DEBUG: return 0x22u;
    /* 0b1111LL: a short-descriptor Domain fault reported in this format. */
    case HS_MMU_FAULT_DOMAIN: return 0x3cu | ll;
    case HS_MMU_FAULT_NONE:
    default:
        return 0;
    }
}
