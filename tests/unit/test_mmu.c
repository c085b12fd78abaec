/* Translation table walks (cpu/mmu.c) on synthetic tables: short descriptors
 * (ARM DDI 0406C B3.5), long descriptors (B3.6), the Hyp regime and stage 2, the
 * faults of B3.12 and their encodings (B3.13.3). Every expected value is derived
 * from the descriptor layouts and tables of the architecture. */
#include <glib.h>

#include "cpu/mmu.h"

/* ---- sparse physical memory ------------------------------------------------ */

#define PAGE 4096u

static GHashTable *mem;         /* page number -> 4 KiB buffer */

static uint8_t *page_of(uint64_t pa, bool create)
{
    uint64_t key = pa / PAGE;
    uint8_t *p = g_hash_table_lookup(mem, &key);
    if (!p && create) {
        uint64_t *k = g_new(uint64_t, 1);
        *k = key;
        p = g_malloc0(PAGE);
        g_hash_table_insert(mem, k, p);
    }
    return p;
}

static void w32(uint64_t pa, uint32_t v)
{
    uint8_t *p = page_of(pa, true) + pa % PAGE;
    for (unsigned i = 0; i < 4; i++) {
        p[i] = (uint8_t)(v >> (8 * i));
    }
}

static void w64(uint64_t pa, uint64_t v)
{
    w32(pa, (uint32_t)v);
    w32(pa + 4, (uint32_t)(v >> 32));
}

static bool bus_read(void *opaque, uint64_t pa, unsigned size, uint64_t *val)
{
    uint8_t *p = page_of(pa, false);
    (void)opaque;
    if (!p) {
        return false;           /* nothing there: external abort */
    }
    *val = 0;
    for (unsigned i = 0; i < size; i++) {
        *val |= (uint64_t)p[pa % PAGE + i] << (8 * i);
    }
    return true;
}

static const hs_mmu_bus bus = { bus_read, NULL };

static void setup(void)
{
    if (mem) {
        g_hash_table_destroy(mem);
    }
    mem = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
}

/* ---- descriptors, by the layouts of B3.5.1 and B3.6.1 ----------------------- */

/* Short descriptors. AP is AP[2:0]: AP[2] at bit 15 (section) or 9 (page), AP[1:0]
 * at bits [11:10] (section) or [5:4] (page). */
#define S_SECTION(pa, ap, dom)  (((pa) & 0xfff00000u) | ((ap) & 4u ? 1u << 15 : 0) | \
                                 ((ap) & 3u) << 10 | (dom) << 5 | 0x2u)
#define S_XN                    (1u << 4)
#define S_PXN                   (1u << 0)
#define S_TEX(t)                ((t) << 12)
#define S_C                     (1u << 3)
#define S_B                     (1u << 2)
#define S_SUPER(pa40, ap)       ((uint32_t)((pa40) & 0xff000000u) | \
                                 (uint32_t)(((pa40) >> 32) & 0xf) << 20 | \
                                 (uint32_t)(((pa40) >> 36) & 0xf) << 5 | \
                                 ((ap) & 4u ? 1u << 15 : 0) | ((ap) & 3u) << 10 | 1u << 18 | 0x2u)
#define S_TABLE(pa, dom)        (((pa) & 0xfffffc00u) | (dom) << 5 | 0x1u)
#define S_TABLE_PXN             (1u << 2)
#define S_SMALL(pa, ap)         (((pa) & 0xfffff000u) | ((ap) & 4u ? 1u << 9 : 0) | \
                                 ((ap) & 3u) << 4 | 0x2u)
#define S_SMALL_XN              (1u << 0)
#define S_LARGE(pa, ap)         (((pa) & 0xffff0000u) | ((ap) & 4u ? 1u << 9 : 0) | \
                                 ((ap) & 3u) << 4 | 0x1u)

/* Long descriptors: AP[2:1] at bits [7:6], AF bit 10, XN 54, PXN 53; table
 * attributes PXNTable 59, XNTable 60, APTable 62:61. */
#define L_AF                    (1ull << 10)
#define L_AP(ap21)              ((uint64_t)(ap21) << 6)
#define L_ATTR(i)               ((uint64_t)(i) << 2)
#define L_XN                    (1ull << 54)
#define L_PXN                   (1ull << 53)
#define L_BLOCK(pa)             (((pa) & 0xfffffff000ull) | 0x1ull)
#define L_PAGE(pa)              (((pa) & 0xfffffff000ull) | 0x3ull)
#define L_TABLE(pa)             (((pa) & 0xfffffff000ull) | 0x3ull)
#define L_PXNTABLE              (1ull << 59)
#define L_XNTABLE               (1ull << 60)
#define L_APTABLE(ap)           ((uint64_t)(ap) << 61)
/* Stage 2: MemAttr [5:2], S2AP [7:6] (bit 6 read, bit 7 write). */
#define S2_MEMATTR(m)           ((uint64_t)(m) << 2)
#define S2_NORMAL_WB            S2_MEMATTR(0xf)
#define S2_DEVICE               S2_MEMATTR(0x1)
#define S2_R                    (1ull << 6)
#define S2_W                    (1ull << 7)

/* DACR with domain d set to v. */
#define DOMAIN(d, v)            ((uint32_t)(v) << (2 * (d)))

static hs_mmu_result res;

static bool xlate(const hs_mmu_regs *r, uint32_t va, hs_mmu_acc acc, bool hyp, bool user)
{
    hs_mmu_access a = { .va = va, .acc = acc, .hyp = hyp, .user = user };
    return hs_mmu_translate(r, &bus, &a, &res);
}

static void assert_fault(hs_mmu_fault_type type, unsigned stage, unsigned level)
{
    g_assert_cmpint(res.fault.type, ==, type);
    g_assert_cmpuint(res.fault.stage, ==, stage);
    g_assert_cmpuint(res.fault.level, ==, level);
}

/* ---- MMU off ---------------------------------------------------------------- */

static void test_mmu_off(void)
{
    hs_mmu_regs r = { 0 };
    setup();
    g_assert_true(xlate(&r, 0x12345678u, HS_MMU_READ, false, false));
    g_assert_cmphex(res.pa, ==, 0x12345678u);
    /* B3.2.1: data accesses Strongly-ordered, instruction fetches Normal. */
    g_assert_cmpint(res.memtype, ==, HS_MMU_STRONGLY_ORDERED);
    g_assert_true(xlate(&r, 0x12345678u, HS_MMU_FETCH, false, false));
    g_assert_cmpint(res.memtype, ==, HS_MMU_NORMAL);
    g_assert_true(xlate(&r, 0x9000u, HS_MMU_WRITE, true, false));
    g_assert_cmphex(res.pa, ==, 0x9000u);
}

/* ---- short descriptors -------------------------------------------------------- */

#define TT0 0x40000000u         /* 16 KiB aligned first-level table */
#define TT1 0x40010000u
#define L2T 0x40020000u         /* a second-level table */

static hs_mmu_regs short_regs(void)
{
    hs_mmu_regs r = { .sctlr = SCTLR_M, .ttbr0 = TT0, .ttbr1 = TT1,
                      .dacr = DOMAIN(0, DACR_CLIENT) | DOMAIN(1, DACR_CLIENT) |
                              DOMAIN(2, DACR_NO_ACCESS) | DOMAIN(3, DACR_MANAGER) };
    return r;
}

static void test_short_section(void)
{
    hs_mmu_regs r = short_regs();
    setup();
    /* VA[31:20] = 0x801 indexes the table; the section maps 0x801xxxxx to 0x401xxxxx. */
    w32(TT0 + 0x801 * 4, S_SECTION(0x40100000u, 3, 1));
    g_assert_true(xlate(&r, 0x80123456u, HS_MMU_WRITE, false, true));
    g_assert_cmphex(res.pa, ==, 0x40123456u);
    g_assert_cmpint(res.fault.type, ==, HS_MMU_FAULT_NONE);
    /* TEX 000, C 0, B 0: Strongly-ordered (B3.8.2). */
    g_assert_cmpint(res.memtype, ==, HS_MMU_STRONGLY_ORDERED);
    w32(TT0 + 0x801 * 4, S_SECTION(0x40100000u, 3, 1) | S_TEX(1) | S_C | S_B);
    g_assert_true(xlate(&r, 0x80123456u, HS_MMU_READ, false, false));
    g_assert_cmpint(res.memtype, ==, HS_MMU_NORMAL);
    w32(TT0 + 0x801 * 4, S_SECTION(0x40100000u, 3, 1) | S_B);
    g_assert_true(xlate(&r, 0x80123456u, HS_MMU_READ, false, false));
    g_assert_cmpint(res.memtype, ==, HS_MMU_DEVICE);
    /* Bits [1:0] 0b11: a section with PXN set (the LPAE encoding). */
    w32(TT0 + 0x801 * 4, S_SECTION(0x40100000u, 3, 1) | S_PXN);
    g_assert_true(xlate(&r, 0x80123456u, HS_MMU_READ, false, false));
    g_assert_cmphex(res.pa, ==, 0x40123456u);
}

static void test_short_supersection(void)
{
    hs_mmu_regs r = short_regs();
    const uint64_t pa = 0xab45000000ull;    /* PA[39:36] 0xa, PA[35:32] 0xb */
    setup();
    /* A supersection is 16 identical entries; bits [8:5] hold PA[39:36], not a
     * domain: it is in domain 0 (B3.5.1), so domain 2 (no access) does not apply. */
    for (unsigned i = 0; i < 16; i++) {
        w32(TT0 + (0x300 + i) * 4, S_SUPER(pa, 3));
    }
    r.dacr = DOMAIN(0, DACR_CLIENT) | DOMAIN(10, DACR_NO_ACCESS);
    g_assert_true(xlate(&r, 0x30abcdefu, HS_MMU_READ, false, false));
    g_assert_cmphex(res.pa, ==, 0xab45abcdefull);
    r.dacr = DOMAIN(0, DACR_NO_ACCESS);
    g_assert_false(xlate(&r, 0x30abcdefu, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_DOMAIN, 1, 1);
    g_assert_cmpuint(res.fault.domain, ==, 0);
}

static void test_short_pages(void)
{
    hs_mmu_regs r = short_regs();
    setup();
    w32(TT0 + 0x123 * 4, S_TABLE(L2T, 1));
    /* VA[19:12] indexes the second-level table. */
    w32(L2T + 0x45 * 4, S_SMALL(0x48000000u, 3));
    g_assert_true(xlate(&r, 0x12345678u, HS_MMU_READ, false, true));
    g_assert_cmphex(res.pa, ==, 0x48000678u);
    /* A large page (64 KiB) is repeated in 16 consecutive entries. */
    for (unsigned i = 0; i < 16; i++) {
        w32(L2T + (0x80 + i) * 4, S_LARGE(0x49ab0000u, 3));
    }
    g_assert_true(xlate(&r, 0x1238abcdu, HS_MMU_READ, false, false));
    g_assert_cmphex(res.pa, ==, 0x49ababcdu);
    /* Second-level translation fault: FS 0b00111, with the domain of the table. */
    g_assert_false(xlate(&r, 0x12346000u, HS_MMU_WRITE, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 1, 2);
    g_assert_cmpuint(res.fault.domain, ==, 1);
    g_assert_cmphex(hs_mmu_fsr_short(&res.fault), ==, 0x17u);
}

static void test_short_translation_faults(void)
{
    hs_mmu_regs r = short_regs();
    setup();
    w32(TT0, 0);
    g_assert_false(xlate(&r, 0x00001000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 1, 1);
    g_assert_cmphex(hs_mmu_fsr_short(&res.fault) & 0x40fu, ==, 0x005u);
    g_assert_cmphex(hs_mmu_fsc_long(&res.fault), ==, 0x05u);
    /* The first-level table is not in memory: external abort on the walk, level 1. */
    r.ttbr0 = 0x50000000u;
    g_assert_false(xlate(&r, 0x00001000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_EXTERNAL_WALK, 1, 1);
    g_assert_cmphex(hs_mmu_fsr_short(&res.fault), ==, 0x00cu);
}

static void test_short_ttbcr(void)
{
    hs_mmu_regs r = short_regs();
    setup();
    /* N = 2: VA[31:30] zero uses TTBR0 (a 4 KiB table, base bits [31:12]), other
     * addresses TTBR1 (B3.5.4). */
    r.ttbcr = 2;
    r.ttbr0 = 0x40005000u;
    w32(0x40005000u + 0x3ff * 4, S_SECTION(0x41000000u, 3, 0));
    w32(TT1 + 0x400 * 4, S_SECTION(0x42000000u, 3, 0));
    g_assert_true(xlate(&r, 0x3ff00010u, HS_MMU_READ, false, false));
    g_assert_cmphex(res.pa, ==, 0x41000010u);
    g_assert_true(xlate(&r, 0x40000020u, HS_MMU_READ, false, false));
    g_assert_cmphex(res.pa, ==, 0x42000020u);
    /* PD1: a walk through TTBR1 is a section Translation fault. */
    r.ttbcr = 2 | TTBCR_PD1;
    g_assert_false(xlate(&r, 0x40000020u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 1, 1);
    g_assert_true(xlate(&r, 0x3ff00010u, HS_MMU_READ, false, false));
    r.ttbcr = 2 | TTBCR_PD0;
    g_assert_false(xlate(&r, 0x3ff00010u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 1, 1);
}

static void test_short_domains(void)
{
    hs_mmu_regs r = short_regs();
    setup();
    w32(TT0 + 0x100 * 4, S_SECTION(0x40000000u, 0, 2));     /* domain 2: no access */
    w32(TT0 + 0x101 * 4, S_SECTION(0x40000000u, 0, 3));     /* domain 3: manager */
    w32(TT0 + 0x102 * 4, S_TABLE(L2T, 2));
    w32(L2T, S_SMALL(0x40000000u, 3));
    g_assert_false(xlate(&r, 0x10000000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_DOMAIN, 1, 1);
    g_assert_cmpuint(res.fault.domain, ==, 2);
    g_assert_cmphex(hs_mmu_fsr_short(&res.fault), ==, 0x029u);
    g_assert_false(xlate(&r, 0x10200000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_DOMAIN, 1, 2);
    g_assert_cmphex(hs_mmu_fsr_short(&res.fault), ==, 0x02bu);
    /* Manager: no permission check, AP 0b000 notwithstanding, at PL0 too. */
    g_assert_true(xlate(&r, 0x10100000u, HS_MMU_WRITE, false, true));
    /* DACR 0b10 is reserved; hypsim gives a Domain fault. */
    r.dacr |= DOMAIN(3, DACR_RESERVED);
    r.dacr &= ~DOMAIN(3, 1);
    g_assert_false(xlate(&r, 0x10100000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_DOMAIN, 1, 1);
}

static void test_short_permissions(void)
{
    /* B3.7.1: AP[2:0] -> PL1 / PL0 access. */
    static const struct { unsigned ap; bool pl1_r, pl1_w, pl0_r, pl0_w; } t[] = {
        { 0, false, false, false, false },
        { 1, true, true, false, false },
        { 2, true, true, true, false },
        { 3, true, true, true, true },
        { 5, true, false, false, false },
        { 6, true, false, true, false },
        { 7, true, false, true, false },
    };
    hs_mmu_regs r = short_regs();
    setup();
    for (unsigned i = 0; i < G_N_ELEMENTS(t); i++) {
        w32(TT0 + 0x200 * 4, S_SECTION(0x40000000u, t[i].ap, 0));
        g_assert_cmpint(xlate(&r, 0x20000000u, HS_MMU_READ, false, false), ==, t[i].pl1_r);
        g_assert_cmpint(xlate(&r, 0x20000000u, HS_MMU_WRITE, false, false), ==, t[i].pl1_w);
        g_assert_cmpint(xlate(&r, 0x20000000u, HS_MMU_READ, false, true), ==, t[i].pl0_r);
        g_assert_cmpint(xlate(&r, 0x20000000u, HS_MMU_WRITE, false, true), ==, t[i].pl0_w);
        if (!t[i].pl0_w) {
            assert_fault(HS_MMU_FAULT_PERMISSION, 1, 1);
            g_assert_cmphex(hs_mmu_fsr_short(&res.fault), ==, 0x00du);
        }
    }
    /* A page: FS 0b01111, with its domain. */
    w32(TT0 + 0x201 * 4, S_TABLE(L2T, 1));
    w32(L2T, S_SMALL(0x40000000u, 5));
    g_assert_false(xlate(&r, 0x20100000u, HS_MMU_WRITE, false, false));
    assert_fault(HS_MMU_FAULT_PERMISSION, 1, 2);
    g_assert_cmphex(hs_mmu_fsr_short(&res.fault), ==, 0x01fu);
}

static void test_short_execute_never(void)
{
    hs_mmu_regs r = short_regs();
    setup();
    w32(TT0 + 0x300 * 4, S_SECTION(0x40000000u, 3, 0) | S_XN);
    w32(TT0 + 0x301 * 4, S_SECTION(0x40000000u, 3, 0) | S_PXN);
    w32(TT0 + 0x302 * 4, S_TABLE(L2T, 0) | S_TABLE_PXN);
    w32(TT0 + 0x303 * 4, S_TABLE(L2T + 0x400, 0));
    w32(TT0 + 0x304 * 4, S_SECTION(0x40000000u, 1, 0));
    w32(L2T, S_SMALL(0x40000000u, 3));
    w32(L2T + 0x400, S_SMALL(0x40000000u, 3) | S_SMALL_XN);
    g_assert_true(xlate(&r, 0x30000000u, HS_MMU_READ, false, false));
    g_assert_false(xlate(&r, 0x30000000u, HS_MMU_FETCH, false, false));
    assert_fault(HS_MMU_FAULT_PERMISSION, 1, 1);
    /* PXN: PL1 fetches fault, PL0 fetches do not. */
    g_assert_false(xlate(&r, 0x30100000u, HS_MMU_FETCH, false, false));
    g_assert_true(xlate(&r, 0x30100000u, HS_MMU_FETCH, false, true));
    g_assert_false(xlate(&r, 0x30200000u, HS_MMU_FETCH, false, false));
    assert_fault(HS_MMU_FAULT_PERMISSION, 1, 2);
    g_assert_true(xlate(&r, 0x30200000u, HS_MMU_FETCH, false, true));
    g_assert_false(xlate(&r, 0x30300000u, HS_MMU_FETCH, false, true));
    assert_fault(HS_MMU_FAULT_PERMISSION, 1, 2);
    /* No read permission, no execution: AP 0b001 from PL0. */
    g_assert_false(xlate(&r, 0x30400000u, HS_MMU_FETCH, false, true));
    g_assert_true(xlate(&r, 0x30400000u, HS_MMU_FETCH, false, false));
    /* SCTLR.WXN: writable regions are execute-never; UWXN: PL0-writable ones, at PL1. */
    r.sctlr |= SCTLR_WXN;
    g_assert_false(xlate(&r, 0x30400000u, HS_MMU_FETCH, false, false));
    r.sctlr &= ~SCTLR_WXN;
    w32(TT0 + 0x304 * 4, S_SECTION(0x40000000u, 3, 0));
    r.sctlr |= SCTLR_UWXN;
    g_assert_false(xlate(&r, 0x30400000u, HS_MMU_FETCH, false, false));
    g_assert_true(xlate(&r, 0x30400000u, HS_MMU_FETCH, false, true));
}

static void test_short_access_flag(void)
{
    hs_mmu_regs r = short_regs();
    setup();
    r.sctlr |= SCTLR_AFE;
    /* With SCTLR.AFE, AP[0] is the access flag and AP[2:1] the permissions. */
    w32(TT0 + 0x400 * 4, S_SECTION(0x40000000u, 2, 0));            /* AF 0 */
    w32(TT0 + 0x401 * 4, S_TABLE(L2T, 1));
    w32(L2T, S_SMALL(0x40000000u, 6));                              /* AF 0 */
    w32(TT0 + 0x402 * 4, S_SECTION(0x40000000u, 5, 0));            /* AP[2:1] 0b10, AF 1 */
    w32(TT0 + 0x403 * 4, S_SECTION(0x40000000u, 3, 0));            /* AP[2:1] 0b01, AF 1 */
    g_assert_false(xlate(&r, 0x40000000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_ACCESS_FLAG, 1, 1);
    g_assert_cmphex(hs_mmu_fsr_short(&res.fault), ==, 0x003u);
    g_assert_false(xlate(&r, 0x40100000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_ACCESS_FLAG, 1, 2);
    g_assert_cmphex(hs_mmu_fsr_short(&res.fault), ==, 0x016u);
    g_assert_cmphex(hs_mmu_fsc_long(&res.fault), ==, 0x0au);
    /* AP[2:1] 0b10: PL1 read-only, no PL0 access. */
    g_assert_true(xlate(&r, 0x40200000u, HS_MMU_READ, false, false));
    g_assert_false(xlate(&r, 0x40200000u, HS_MMU_WRITE, false, false));
    g_assert_false(xlate(&r, 0x40200000u, HS_MMU_READ, false, true));
    /* AP[2:1] 0b01: full access. */
    g_assert_true(xlate(&r, 0x40300000u, HS_MMU_WRITE, false, true));
    /* The access flag is checked before the domain (B3.12): AF 0 in a no-access
     * domain is an Access flag fault. */
    w32(TT0 + 0x404 * 4, S_SECTION(0x40000000u, 2, 2));
    g_assert_false(xlate(&r, 0x40400000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_ACCESS_FLAG, 1, 1);
}

static void test_short_tex_remap(void)
{
    hs_mmu_regs r = short_regs();
    setup();
    /* SCTLR.TRE: n = TEX[0]:C:B selects PRRR.TRn (0b00 SO, 0b01 Device, 0b10 Normal). */
    r.sctlr |= SCTLR_TRE;
    r.prrr = 0u << 0 | 2u << 2 | 1u << 10;      /* TR0 SO, TR1 Normal, TR5 Device */
    w32(TT0 + 0x500 * 4, S_SECTION(0x40000000u, 3, 0));
    w32(TT0 + 0x501 * 4, S_SECTION(0x40000000u, 3, 0) | S_B);
    w32(TT0 + 0x502 * 4, S_SECTION(0x40000000u, 3, 0) | S_TEX(1) | S_B);
    g_assert_true(xlate(&r, 0x50000000u, HS_MMU_READ, false, false));
    g_assert_cmpint(res.memtype, ==, HS_MMU_STRONGLY_ORDERED);
    g_assert_true(xlate(&r, 0x50100000u, HS_MMU_READ, false, false));
    g_assert_cmpint(res.memtype, ==, HS_MMU_NORMAL);
    g_assert_true(xlate(&r, 0x50200000u, HS_MMU_READ, false, false));
    g_assert_cmpint(res.memtype, ==, HS_MMU_DEVICE);
}

/* ---- long descriptors (PL1&0) --------------------------------------------------- */

#define LT1 0x40100000u         /* level 1 table */
#define LT2 0x40101000u         /* level 2 table */
#define LT3 0x40102000u         /* level 3 table */

static hs_mmu_regs long_regs(void)
{
    hs_mmu_regs r = { .sctlr = SCTLR_M, .ttbcr = TTBCR_EAE, .ttbr0 = LT1,
                      .prrr = 0xff00u, .nmrr = 0 };    /* MAIR0: Attr0 SO, Attr1 Normal WB */
    return r;
}

static void test_long_blocks_and_pages(void)
{
    hs_mmu_regs r = long_regs();
    setup();
    /* T0SZ 0: the lookup starts at level 1, VA[31:30] (B3.6.5). */
    w64(LT1 + 0 * 8, L_BLOCK(0x80c0000000ull) | L_AF | L_AP(1) | L_ATTR(1));
    w64(LT1 + 1 * 8, L_TABLE(LT2));
    w64(LT2 + 3 * 8, L_BLOCK(0x2345600000ull) | L_AF | L_AP(0));
    w64(LT2 + 4 * 8, L_TABLE(LT3));
    w64(LT3 + 5 * 8, L_PAGE(0x4321000ull) | L_AF | L_AP(1));
    w64(LT3 + 6 * 8, L_BLOCK(0x4321000ull) | L_AF);            /* reserved at level 3 */
    g_assert_true(xlate(&r, 0x3fffffffu, HS_MMU_WRITE, false, true));
    g_assert_cmphex(res.pa, ==, 0x80ffffffffull);
    g_assert_cmpint(res.memtype, ==, HS_MMU_NORMAL);
    /* Level 2: VA[29:21] = 3. */
    g_assert_true(xlate(&r, 0x40600123u, HS_MMU_READ, false, false));
    g_assert_cmphex(res.pa, ==, 0x2345600123ull);
    g_assert_cmpint(res.memtype, ==, HS_MMU_STRONGLY_ORDERED);
    /* Level 3: VA[20:12] = 5. */
    g_assert_true(xlate(&r, 0x40805abcu, HS_MMU_READ, false, false));
    g_assert_cmphex(res.pa, ==, 0x4321abcu);
    g_assert_false(xlate(&r, 0x40806000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 1, 3);
    g_assert_cmphex(hs_mmu_fsc_long(&res.fault), ==, 0x07u);
    g_assert_false(xlate(&r, 0x40807000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 1, 3);
    g_assert_false(xlate(&r, 0x80000000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 1, 1);
    g_assert_cmphex(hs_mmu_fsc_long(&res.fault), ==, 0x05u);
    g_assert_false(xlate(&r, 0x40a00000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 1, 2);
}

static void test_long_ttbr_split(void)
{
    hs_mmu_regs r = long_regs();
    setup();
    /* T0SZ 2, T1SZ 2: TTBR0 covers [0, 1 GiB) and TTBR1 [3 GiB, 4 GiB), both from
     * level 2; the gap between them faults at level 1 (B3.6.4). */
    r.ttbcr = TTBCR_EAE | 2 | 2u << TTBCR_T1SZ_SHIFT;
    r.ttbr1 = LT3;
    w64(LT2 + 0x1ff * 8, L_BLOCK(0x40000000ull) | L_AF);
    w64(LT3 + 0x1ff * 8, L_BLOCK(0x40200000ull) | L_AF);
    r.ttbr0 = LT2;
    g_assert_true(xlate(&r, 0x3fe00004u, HS_MMU_READ, false, false));
    g_assert_cmphex(res.pa, ==, 0x40000004u);
    g_assert_true(xlate(&r, 0xffe00008u, HS_MMU_READ, false, false));
    g_assert_cmphex(res.pa, ==, 0x40200008u);
    g_assert_false(xlate(&r, 0x40000000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 1, 1);
    /* T1SZ 0 with T0SZ 1: TTBR1 takes everything above 2 GiB, from level 1. */
    r.ttbcr = TTBCR_EAE | 1;
    r.ttbr1 = LT1;
    w64(LT1 + 3 * 8, L_BLOCK(0x0ull) | L_AF);
    g_assert_true(xlate(&r, 0xc0000010u, HS_MMU_READ, false, false));
    g_assert_cmphex(res.pa, ==, 0x10u);
    /* EPD1: walks through TTBR1 fault at level 1. */
    r.ttbcr |= TTBCR_EPD1;
    g_assert_false(xlate(&r, 0xc0000010u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 1, 1);
}

static void test_long_permissions(void)
{
    hs_mmu_regs r = long_regs();
    setup();
    w64(LT1, L_TABLE(LT2));
    w64(LT2 + 0 * 8, L_BLOCK(0x40000000ull) | L_AP(0));                    /* AF 0 */
    w64(LT2 + 1 * 8, L_BLOCK(0x40000000ull) | L_AF | L_AP(2));             /* PL1 RO */
    w64(LT2 + 2 * 8, L_BLOCK(0x40000000ull) | L_AF | L_AP(3) | L_XN);      /* RO, XN */
    w64(LT2 + 3 * 8, L_BLOCK(0x40000000ull) | L_AF | L_AP(1) | L_PXN);     /* RW, PXN */
    w64(LT2 + 4 * 8, L_TABLE(LT3) | L_APTABLE(2) | L_XNTABLE);
    w64(LT2 + 5 * 8, L_TABLE(LT3) | L_APTABLE(1) | L_PXNTABLE);
    w64(LT3, L_PAGE(0x40000000ull) | L_AF | L_AP(1));
    g_assert_false(xlate(&r, 0x00000000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_ACCESS_FLAG, 1, 2);
    g_assert_cmphex(hs_mmu_fsc_long(&res.fault), ==, 0x0au);
    g_assert_true(xlate(&r, 0x00200000u, HS_MMU_READ, false, false));
    g_assert_false(xlate(&r, 0x00200000u, HS_MMU_WRITE, false, false));
    assert_fault(HS_MMU_FAULT_PERMISSION, 1, 2);
    g_assert_cmphex(hs_mmu_fsc_long(&res.fault), ==, 0x0eu);
    g_assert_false(xlate(&r, 0x00200000u, HS_MMU_READ, false, true));
    g_assert_true(xlate(&r, 0x00400000u, HS_MMU_READ, false, true));
    g_assert_false(xlate(&r, 0x00400000u, HS_MMU_FETCH, false, true));
    g_assert_true(xlate(&r, 0x00600000u, HS_MMU_FETCH, false, true));
    g_assert_false(xlate(&r, 0x00600000u, HS_MMU_FETCH, false, false));
    /* APTable 0b10: no write through this table; XNTable: no execution. */
    g_assert_true(xlate(&r, 0x00800000u, HS_MMU_READ, false, true));
    g_assert_false(xlate(&r, 0x00800000u, HS_MMU_WRITE, false, false));
    assert_fault(HS_MMU_FAULT_PERMISSION, 1, 3);
    g_assert_false(xlate(&r, 0x00800000u, HS_MMU_FETCH, false, true));
    /* APTable 0b01: no PL0 access; PXNTable: no PL1 execution. */
    g_assert_true(xlate(&r, 0x00a00000u, HS_MMU_WRITE, false, false));
    g_assert_false(xlate(&r, 0x00a00000u, HS_MMU_READ, false, true));
    g_assert_false(xlate(&r, 0x00a00000u, HS_MMU_FETCH, false, false));
    /* SCTLR.WXN. */
    r.sctlr |= SCTLR_WXN;
    w64(LT2 + 6 * 8, L_BLOCK(0x40000000ull) | L_AF | L_AP(1));
    g_assert_false(xlate(&r, 0x00c00000u, HS_MMU_FETCH, false, false));
    r.sctlr &= ~SCTLR_WXN;
    g_assert_true(xlate(&r, 0x00c00000u, HS_MMU_FETCH, false, false));
}

/* ---- Hyp regime -------------------------------------------------------------- */

static void test_hyp(void)
{
    hs_mmu_regs r = { .hsctlr = SCTLR_M, .htcr = 0, .httbr = LT1, .hmair0 = 0x44ff00u };
    setup();
    w64(LT1 + 1 * 8, L_TABLE(LT2));
    w64(LT2 + 0 * 8, L_BLOCK(0x48000000ull) | L_AF | L_AP(0) | L_ATTR(2));
    w64(LT2 + 1 * 8, L_BLOCK(0x48200000ull) | L_AF | L_AP(2));
    w64(LT2 + 2 * 8, L_BLOCK(0x48400000ull) | L_AF | L_AP(1) | L_XN | L_PXN);
    w64(LT2 + 3 * 8, L_BLOCK(0x48600000ull) | L_AF | L_AP(0) | L_PXN);
    /* The PL1&0 controls do not apply. */
    r.sctlr = SCTLR_M;
    r.hcr = HCR_VM;
    g_assert_true(xlate(&r, 0x40012345u, HS_MMU_WRITE, true, false));
    g_assert_cmphex(res.pa, ==, 0x48012345u);
    g_assert_false(res.stage2);
    g_assert_cmpint(res.memtype, ==, HS_MMU_NORMAL);
    /* AP[2] read-only; AP[1] is ignored. */
    g_assert_true(xlate(&r, 0x40212345u, HS_MMU_READ, true, false));
    g_assert_false(xlate(&r, 0x40212345u, HS_MMU_WRITE, true, false));
    assert_fault(HS_MMU_FAULT_PERMISSION, 1, 2);
    g_assert_true(hs_mmu_long_format(&r, true));
    g_assert_true(xlate(&r, 0x40412345u, HS_MMU_WRITE, true, false));
    g_assert_false(xlate(&r, 0x40412345u, HS_MMU_FETCH, true, false));
    /* PXN does not apply in Hyp mode; HSCTLR.WXN does. */
    g_assert_true(xlate(&r, 0x40612345u, HS_MMU_FETCH, true, false));
    r.hsctlr |= SCTLR_WXN;
    g_assert_false(xlate(&r, 0x40612345u, HS_MMU_FETCH, true, false));
    /* HTCR.T0SZ 1: addresses from 2 GiB up fault at level 1. */
    r.htcr = 1;
    g_assert_false(xlate(&r, 0x80000000u, HS_MMU_READ, true, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 1, 1);
    /* Hyp MMU off: flat. */
    r.hsctlr = 0;
    g_assert_true(xlate(&r, 0x80000000u, HS_MMU_READ, true, false));
    g_assert_cmphex(res.pa, ==, 0x80000000u);
}

/* ---- stage 2 ----------------------------------------------------------------- */

#define S2T1 0x40200000u        /* level 1, 8 KiB: two concatenated tables */
#define S2T2 0x40204000u
#define S2T3 0x40205000u

static hs_mmu_regs s2_regs(void)
{
    /* VTCR.T0SZ 0 (32-bit IPA), SL0 0b01: the lookup starts at level 1. */
    hs_mmu_regs r = { .hcr = HCR_VM, .vtcr = 1u << VTCR_SL0_SHIFT, .vttbr = S2T1 };
    return r;
}

static void test_s2(void)
{
    hs_mmu_regs r = s2_regs();
    setup();
    w64(S2T1 + 1 * 8, L_TABLE(S2T2));
    w64(S2T2 + 0 * 8, L_TABLE(S2T3));
    w64(S2T3 + 0 * 8, L_PAGE(0x50000000ull) | L_AF | S2_R | S2_W | S2_NORMAL_WB);
    w64(S2T3 + 1 * 8, L_PAGE(0x50001000ull) | L_AF | S2_R | S2_NORMAL_WB);
    w64(S2T3 + 2 * 8, L_PAGE(0x50002000ull) | L_AF | S2_R | S2_W | L_XN | S2_DEVICE);
    w64(S2T3 + 3 * 8, L_PAGE(0x50003000ull) | S2_R | S2_W);
    w64(S2T3 + 4 * 8, L_PAGE(0x50004000ull) | L_AF | S2_W);
    /* Stage 1 off: IPA = VA. */
    g_assert_true(xlate(&r, 0x40000abcu, HS_MMU_WRITE, false, true));
    g_assert_true(res.stage2);
    g_assert_cmphex(res.ipa, ==, 0x40000abcu);
    g_assert_cmphex(res.pa, ==, 0x50000abcu);
    g_assert_false(xlate(&r, 0x40001abcu, HS_MMU_WRITE, false, false));
    assert_fault(HS_MMU_FAULT_PERMISSION, 2, 3);
    g_assert_cmphex(res.fault.ipa, ==, 0x40001abcu);
    g_assert_false(res.fault.s1ptw);
    g_assert_cmphex(hs_mmu_fsc_long(&res.fault), ==, 0x0fu);
    /* Device at stage 2, Strongly-ordered at stage 1 (off, a data access): the
     * stronger type, Strongly-ordered (B3.8). */
    g_assert_true(xlate(&r, 0x40002000u, HS_MMU_READ, false, false));
    g_assert_cmpint(res.memtype, ==, HS_MMU_STRONGLY_ORDERED);
    g_assert_false(xlate(&r, 0x40002000u, HS_MMU_FETCH, false, false));
    assert_fault(HS_MMU_FAULT_PERMISSION, 2, 3);
    g_assert_false(xlate(&r, 0x40003000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_ACCESS_FLAG, 2, 3);
    /* S2AP 0b10: write-only; a fetch needs read permission. */
    g_assert_true(xlate(&r, 0x40004000u, HS_MMU_WRITE, false, false));
    g_assert_false(xlate(&r, 0x40004000u, HS_MMU_READ, false, false));
    g_assert_false(xlate(&r, 0x40004000u, HS_MMU_FETCH, false, false));
    g_assert_false(xlate(&r, 0x40005000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 2, 3);
    g_assert_false(xlate(&r, 0x00005000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 2, 1);
    g_assert_cmphex(res.fault.ipa, ==, 0x5000u);
    /* HCR.DC: stage 2 on and stage 1 off whatever SCTLR.M says. */
    r.hcr = HCR_DC;
    r.sctlr = SCTLR_M;
    g_assert_true(xlate(&r, 0x40000abcu, HS_MMU_READ, false, false));
    g_assert_cmphex(res.pa, ==, 0x50000abcu);
}

static void test_s2_sizes(void)
{
    hs_mmu_regs r = s2_regs();
    setup();
    /* T0SZ 1: a 31-bit IPA space; IPA 2 GiB is beyond it: level 1 Translation fault. */
    r.vtcr = 1u | 1u << VTCR_SL0_SHIFT;
    g_assert_false(xlate(&r, 0x80000000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 2, 1);
    /* SL0 0b00 (level 2) with a 32-bit IPA: 2048 entries, four concatenated tables;
     * IPA[31:21] indexes them. */
    r.vtcr = 0;
    w64(S2T1 + 0x7ff * 8, L_BLOCK(0x60000000ull) | L_AF | S2_R);
    g_assert_true(xlate(&r, 0xffe00010u, HS_MMU_READ, false, false));
    g_assert_cmphex(res.pa, ==, 0x60000010u);
    /* SL0 0b00 with T0SZ -8 (40 bits) cannot be: level 1 Translation fault. */
    r.vtcr = 0x8u | VTCR_S;
    g_assert_false(xlate(&r, 0x0u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 2, 1);
    /* T0SZ -8, SL0 0b01: a 40-bit IPA, IPA[39:30] indexes 1024 level 1 entries. A
     * stage 1 long-descriptor block gives IPA 0xff_c000_0000. */
    r.vtcr = 0x8u | VTCR_S | 1u << VTCR_SL0_SHIFT;
    w64(S2T1 + 0x3ff * 8, L_BLOCK(0x70000000ull & 0xffc0000000ull) | L_AF | S2_R);
    r.sctlr = SCTLR_M;
    r.ttbcr = TTBCR_EAE;
    r.ttbr0 = LT1;
    w64(LT1, L_BLOCK(0xffc0000000ull) | L_AF);
    /* The stage 1 table is read through stage 2: map its IPA flat. */
    w64(S2T1 + 1 * 8, L_BLOCK(0x40000000ull) | L_AF | S2_R | S2_NORMAL_WB);
    g_assert_true(xlate(&r, 0x00000123u, HS_MMU_READ, false, false));
    g_assert_cmphex(res.ipa, ==, 0xffc0000123ull);
    g_assert_cmphex(res.pa, ==, 0x40000123u);
}

static void test_s2_stage1_walk(void)
{
    hs_mmu_regs r = s2_regs();
    setup();
    /* Stage 1 short descriptors whose tables live at IPA 0x80000000, PA 0x40000000. */
    r.sctlr = SCTLR_M;
    r.dacr = DOMAIN(0, DACR_CLIENT);
    r.ttbr0 = 0x80000000u;
    w64(S2T1 + 2 * 8, L_TABLE(S2T2));
    w64(S2T2 + 0 * 8, L_BLOCK(0x40000000ull) | L_AF | S2_R | S2_NORMAL_WB);
    w64(S2T1 + 1 * 8, L_BLOCK(0x40000000ull) | L_AF | S2_R | S2_W | S2_NORMAL_WB);
    w32(0x40000000u + 0x400 * 4, S_SECTION(0x40000000u, 3, 0));
    w32(0x40000000u + 0x401 * 4, S_TABLE(0x80300000u, 0));
    w32(0x40000000u + 0xc00 * 4, 0);
    g_assert_true(xlate(&r, 0x40000010u, HS_MMU_WRITE, false, false));
    g_assert_cmphex(res.ipa, ==, 0x40000010u);
    g_assert_cmphex(res.pa, ==, 0x40000010u);
    /* The second-level table's IPA 0x80300000 is not mapped at stage 2: a stage 2
     * level 2 Translation fault on the stage 1 walk, IPA = the descriptor's. */
    g_assert_false(xlate(&r, 0x40100000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 2, 2);
    g_assert_true(res.fault.s1ptw);
    g_assert_cmphex(res.fault.ipa, ==, 0x80300000u);
    /* A stage 1 fault comes first: it is reported even if stage 2 would fault too. */
    g_assert_false(xlate(&r, 0xc0000000u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_TRANSLATION, 1, 1);
    g_assert_false(res.fault.s1ptw);
    /* HCR.PTW: a stage 1 table in stage 2 Device memory is a stage 2 Permission
     * fault on the walk. */
    w64(S2T2 + 0 * 8, L_BLOCK(0x40000000ull) | L_AF | S2_R | S2_DEVICE);
    g_assert_true(xlate(&r, 0x40000010u, HS_MMU_READ, false, false));
    r.hcr |= HCR_PTW;
    g_assert_false(xlate(&r, 0x40000010u, HS_MMU_READ, false, false));
    assert_fault(HS_MMU_FAULT_PERMISSION, 2, 2);
    g_assert_true(res.fault.s1ptw);
    g_assert_cmphex(res.fault.ipa, ==, 0x80001000u);
    /* HCR.TGE: the PL1&0 stage 1 behaves as disabled. */
    r.hcr = HCR_VM | HCR_TGE;
    g_assert_true(xlate(&r, 0x40000010u, HS_MMU_READ, false, true));
    g_assert_cmphex(res.ipa, ==, 0x40000010u);
}

static void test_s2_memtype(void)
{
    hs_mmu_regs r = s2_regs();
    setup();
    r.sctlr = SCTLR_M;
    r.ttbcr = TTBCR_EAE;
    r.prrr = 0xff00u;
    r.ttbr0 = LT1;
    w64(S2T1 + 1 * 8, L_BLOCK(0x40000000ull) | L_AF | S2_R | S2_W | S2_NORMAL_WB);
    w64(S2T1 + 0 * 8, L_BLOCK(0x0ull) | L_AF | S2_R | S2_W | S2_DEVICE);
    w64(LT1 + 1 * 8, L_BLOCK(0x40000000ull) | L_AF | L_ATTR(1));
    w64(LT1 + 0 * 8, L_BLOCK(0x00000000ull) | L_AF | L_ATTR(1));
    w64(LT1 + 2 * 8, L_BLOCK(0x40000000ull) | L_AF | L_ATTR(0));
    g_assert_true(xlate(&r, 0x40000000u, HS_MMU_READ, false, false));
    g_assert_cmpint(res.memtype, ==, HS_MMU_NORMAL);
    g_assert_true(xlate(&r, 0x00000000u, HS_MMU_READ, false, false));
    g_assert_cmpint(res.memtype, ==, HS_MMU_DEVICE);
    g_assert_true(xlate(&r, 0x80000000u, HS_MMU_READ, false, false));
    g_assert_cmpint(res.memtype, ==, HS_MMU_STRONGLY_ORDERED);
}

/* ---- encodings ---------------------------------------------------------------- */

static void test_encodings(void)
{
    /* B3.13.3: short-descriptor FS[4:0] (FS[4] in bit 10) and long-descriptor
     * status codes 0bxxxxLL. */
    static const struct {
        hs_mmu_fault_type type;
        unsigned level;
        uint32_t fs_short, fsc_long;
    } t[] = {
        { HS_MMU_FAULT_ALIGNMENT, 1, 0x001, 0x21 },
        { HS_MMU_FAULT_DEBUG, 1, 0x002, 0x22 },
        { HS_MMU_FAULT_ACCESS_FLAG, 1, 0x003, 0x09 },
        { HS_MMU_FAULT_ACCESS_FLAG, 2, 0x006, 0x0a },
        { HS_MMU_FAULT_ACCESS_FLAG, 3, 0x006, 0x0b },
        { HS_MMU_FAULT_TRANSLATION, 1, 0x005, 0x05 },
        { HS_MMU_FAULT_TRANSLATION, 2, 0x007, 0x06 },
        { HS_MMU_FAULT_TRANSLATION, 3, 0x007, 0x07 },
        { HS_MMU_FAULT_DOMAIN, 1, 0x009, 0x3d },
        { HS_MMU_FAULT_DOMAIN, 2, 0x00b, 0x3e },
        { HS_MMU_FAULT_PERMISSION, 1, 0x00d, 0x0d },
        { HS_MMU_FAULT_PERMISSION, 2, 0x00f, 0x0e },
        { HS_MMU_FAULT_PERMISSION, 3, 0x00f, 0x0f },
        { HS_MMU_FAULT_EXTERNAL, 0, 0x008, 0x10 },
        { HS_MMU_FAULT_EXTERNAL_WALK, 1, 0x00c, 0x15 },
        { HS_MMU_FAULT_EXTERNAL_WALK, 2, 0x00e, 0x16 },
        { HS_MMU_FAULT_EXTERNAL_WALK, 3, 0x00e, 0x17 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(t); i++) {
        hs_mmu_fault f = { .type = t[i].type, .level = (uint8_t)t[i].level, .stage = 1 };
        g_assert_cmphex(hs_mmu_fsr_short(&f), ==, t[i].fs_short);
        g_assert_cmphex(hs_mmu_fsc_long(&f), ==, t[i].fsc_long);
    }
}

int main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/mmu/off", test_mmu_off);
    g_test_add_func("/mmu/short/section", test_short_section);
    g_test_add_func("/mmu/short/supersection", test_short_supersection);
    g_test_add_func("/mmu/short/pages", test_short_pages);
    g_test_add_func("/mmu/short/translation-faults", test_short_translation_faults);
    g_test_add_func("/mmu/short/ttbcr", test_short_ttbcr);
    g_test_add_func("/mmu/short/domains", test_short_domains);
    g_test_add_func("/mmu/short/permissions", test_short_permissions);
    g_test_add_func("/mmu/short/execute-never", test_short_execute_never);
    g_test_add_func("/mmu/short/access-flag", test_short_access_flag);
    g_test_add_func("/mmu/short/tex-remap", test_short_tex_remap);
    g_test_add_func("/mmu/long/blocks-and-pages", test_long_blocks_and_pages);
    g_test_add_func("/mmu/long/ttbr-split", test_long_ttbr_split);
    g_test_add_func("/mmu/long/permissions", test_long_permissions);
    g_test_add_func("/mmu/hyp", test_hyp);
    g_test_add_func("/mmu/s2/basic", test_s2);
    g_test_add_func("/mmu/s2/sizes", test_s2_sizes);
    g_test_add_func("/mmu/s2/stage1-walk", test_s2_stage1_walk);
    g_test_add_func("/mmu/s2/memtype", test_s2_memtype);
    g_test_add_func("/mmu/encodings", test_encodings);
    rc = g_test_run();
    if (mem) {
        g_hash_table_destroy(mem);
    }
    return rc;
}
