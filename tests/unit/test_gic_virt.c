/* Virtual interface control (GICH) and virtual CPU interface (GICV) tests, ARM
 * IHI 0048B.b chapter 5: list registers and their state machine, maintenance
 * interrupts, EOImode, EOICount, hardware interrupts, the alias view. */
#include "tests/unit/gic_test.h"

static hs_gic_config cfg_lrs(unsigned cpus, unsigned lrs)
{
    hs_gic_config c = { cpus, 288, lrs, 5, 25 };
    return c;
}

/* 5.3.2: ListRegs [5:0] = LRs - 1, PREbits [28:26] and PRIbits [31:29] = bits - 1;
 * five priority and preemption bits (LR Priority and VMPriMask are 5-bit). */
static void test_vtr(void)
{
    static const struct {
        unsigned lrs;
        uint32_t vtr;
    } c[] = { { 1, 0x90000000 }, { 4, 0x90000003 }, { 16, 0x9000000f }, { 64, 0x9000003f } };
    for (unsigned i = 0; i < G_N_ELEMENTS(c); i++) {
        hs_gic_config cfg = cfg_lrs(1, c[i].lrs);
        gt t;
        gt_init(&t, &cfg);
        g_assert_cmphex(hr(&t, 0, H_VTR), ==, c[i].vtr);
        gt_free(&t);
    }
}

/* 5.3.1: EOICount [31:27] and bits [7:0]; the rest reserved. */
static void test_hcr(void)
{
    gt t;
    gt_init(&t, NULL);
    hw(&t, 0, H_HCR, 0xffffffff);
    g_assert_cmphex(hr(&t, 0, H_HCR), ==, 0xf80000ff);
    hw(&t, 0, H_HCR, 0);
    g_assert_cmphex(hr(&t, 0, H_HCR), ==, 0);
    gt_free(&t);
}

/* 5.3.3: VMPriMask [31:27], VMBP [23:21], VMABP [20:18], VEM [9], VMCBPR [4],
 * VMFIQEn [3], VMAckCtl [2], VMGrp1En [1], VMGrp0En [0]; they are the GICV_CTLR,
 * GICV_PMR, GICV_BPR and GICV_ABPR state (5.4). The binary points cannot go below
 * their minimum, 2 and 3 for five preemption bits (3.3.3, 4.4.3). */
static void test_vmcr_views(void)
{
    gt t;
    gt_init(&t, NULL);
    hw(&t, 0, H_VMCR, 0xffffffff);
    g_assert_cmphex(hr(&t, 0, H_VMCR), ==, 0xf8fc021f);
    g_assert_cmphex(vr(&t, 0, C_CTLR), ==, 0x21f);
    g_assert_cmphex(vr(&t, 0, C_PMR), ==, 0xf8);
    g_assert_cmphex(vr(&t, 0, C_BPR), ==, 7);
    g_assert_cmphex(vr(&t, 0, C_ABPR), ==, 7);
    hw(&t, 0, H_VMCR, 0);
    g_assert_cmphex(hr(&t, 0, H_VMCR), ==, 0x004c0000);
    vw(&t, 0, C_CTLR, 0xffffffff);
    vw(&t, 0, C_PMR, 0x4f);
    vw(&t, 0, C_BPR, 3);
    vw(&t, 0, C_ABPR, 4);
    g_assert_cmphex(hr(&t, 0, H_VMCR), ==, (9u << 27) | (3u << 21) | (4u << 18) | 0x21f);
    g_assert_cmphex(vr(&t, 0, C_PMR), ==, 0x48);
    gt_free(&t);
}

/* 3.3.3/4.4.3 via 5.4: a GICV_BPR write below 2 sets 2, a GICV_ABPR write below 3
 * sets 3 (QEMU 7.2 clamps GICV_ABPR to 1). */
static void test_gicv_binary_point_minimum(void)
{
    gt t;
    gt_init(&t, NULL);
    for (uint32_t v = 0; v < 3; v++) {
        vw(&t, 0, C_BPR, v);
        vw(&t, 0, C_ABPR, v);
        g_assert_cmphex(vr(&t, 0, C_BPR), ==, v < 2 ? 2 : v);
        g_assert_cmphex(vr(&t, 0, C_ABPR), ==, 3);
    }
    vw(&t, 0, C_ABPR, 6);
    g_assert_cmphex(vr(&t, 0, C_ABPR), ==, 6);
    gt_free(&t);
}

/* 5.3.8: bits [22:20] reserved; unimplemented list registers RAZ/WI. */
static void test_lr_rw(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_log_begin();
    hw(&t, 0, H_LR0, 0xffffffff & ~(3u << 28));
    hw(&t, 0, H_LR0 + 4, 0x12345678);
    hw(&t, 0, H_LR0 + 16, 0x10000021);      /* LR4 does not exist */
    g_assert_cmpuint(gt_log_end(), ==, 0);
    g_assert_cmphex(hr(&t, 0, H_LR0), ==, 0xcf8fffff);
    g_assert_cmphex(hr(&t, 0, H_LR0 + 4), ==, 0x12345678 & 0xff8fffff);
    g_assert_cmphex(hr(&t, 0, H_LR0 + 16), ==, 0);
    g_assert_cmphex(hr(&t, 0, H_LR0 + 252), ==, 0);
    g_assert_cmphex(hs_gic_lr(t.gic, 0, 1), ==, 0x12345678 & 0xff8fffff);
    gt_free(&t);
}

/* 5.3.5, 5.3.6: an LR is empty (ELRSR 1) when invalid and not awaiting an EOI
 * maintenance interrupt; EISR is set for an invalid software LR with EOI 1 (for
 * a HW 1 LR bit 19 is part of PhysicalID). Bits of absent LRs are RAZ. 5.3.4:
 * GICH_MISR.EOI whenever an EISR bit is set, with no enable. */
static void test_elrsr_eisr(void)
{
    gt t;
    gt_init(&t, NULL);
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0xf);
    g_assert_cmphex(hr(&t, 0, H_ELRSR1), ==, 0);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 0, 0, 0, 32));
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0xe);
    hw(&t, 0, H_LR0 + 4, lr_sw(LR_INVALID, 0, 0, 1, 0, 33));
    g_assert_cmphex(hr(&t, 0, H_EISR0), ==, 0x2);
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0xc);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_EOI);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 0);       /* GICH_HCR.En is 0 */
    hw(&t, 0, H_LR0 + 8, lr_hw(LR_INVALID, 0, 0, 0x200, 34));  /* bit 19 set */
    g_assert_cmphex(hr(&t, 0, H_EISR0), ==, 0x2);
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0xc);
    hw(&t, 0, H_LR0 + 12, lr_sw(LR_ACTIVE, 0, 0, 1, 0, 35));
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0x4);
    g_assert_cmphex(hr(&t, 0, H_EISR0), ==, 0x2);
    g_assert_cmphex(hr(&t, 0, H_EISR1), ==, 0);
    hw(&t, 0, H_HCR, HCR_EN);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 1);
    hw(&t, 0, H_LR0 + 4, 0);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, 0);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 0);
    gt_free(&t);
}

/* 64 list registers (QEMU and gem5 fix 4): GICH_LR63 at 0x1fc, GICH_EISR1 and
 * GICH_ELRSR1 for LRs 32..63 (5.3.5, 5.3.6), the highest priority of all 64
 * signalled (5.4). */
static void test_64_lrs(void)
{
    hs_gic_config cfg = cfg_lrs(1, 64);
    gt t;
    const hs_record *r;

    gt_init(&t, &cfg);
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0xffffffff);
    g_assert_cmphex(hr(&t, 0, H_ELRSR1), ==, 0xffffffff);
    hw(&t, 0, H_LR0 + 40 * 4, lr_sw(LR_PENDING, 0, 9, 0, 0, 100));
    g_assert_cmphex(hr(&t, 0, H_ELRSR1), ==, 0xfffffeff);
    gt_clear_events(&t);
    hw(&t, 0, H_LR0 + 63 * 4, lr_sw(LR_INVALID, 0, 0, 1, 0, 101));
    g_assert_cmphex(hr(&t, 0, H_LR0 + 0x1fc - 0x100), ==, lr_sw(LR_INVALID, 0, 0, 1, 0, 101));
    g_assert_cmphex(hr(&t, 0, H_EISR1), ==, 0x80000000);
    g_assert_cmphex(hr(&t, 0, H_EISR0), ==, 0);
    g_assert_cmphex(hr(&t, 0, H_ELRSR1), ==, 0x7ffffeff);
    r = gt_find(&t, HS_EV_gich_eisr, 0);
    g_assert_nonnull(r);
    g_assert_cmphex(r->f[1], ==, 1ull << 63);
    g_assert_cmphex(hs_gic_eisr(t.gic, 0), ==, 1ull << 63);
    for (unsigned n = 0; n < 63; n++) {
        if (n != 40) {
            hw(&t, 0, H_LR0 + 4 * n, lr_sw(LR_PENDING, 0, 10 + n % 20, 0, 0, 200 + n));
        }
    }
    gt_virt_on(&t, 0, CTLR_GRP0);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 100);          /* priority 9 << 3 is the highest */
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0);
    g_assert_cmphex(hr(&t, 0, H_ELRSR1), ==, 0);
    g_assert_cmphex(vr(&t, 0, C_HPPIR), ==, 1023);       /* none preempts 0x48 */
    gt_free(&t);
}

/* One list register: underflow holds with it valid (5.3.4: zero or one valid). */
static void test_1_lr(void)
{
    hs_gic_config cfg = cfg_lrs(1, 1);
    gt t;
    gt_init(&t, &cfg);
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0x1);
    g_assert_cmphex(hr(&t, 0, H_ELRSR1), ==, 0);
    hw(&t, 0, H_LR0 + 4, lr_sw(LR_PENDING, 0, 0, 0, 0, 40));
    g_assert_cmphex(hr(&t, 0, H_LR0 + 4), ==, 0);
    hw(&t, 0, H_HCR, HCR_EN | HCR_UIE);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 2, 0, 0, 40));
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_U);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 1);
    vw(&t, 0, C_CTLR, CTLR_GRP0);
    vw(&t, 0, C_PMR, 0xf8);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 40);
    vw(&t, 0, C_EOIR, 40);
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0x1);
    gt_free(&t);
}

/* 5.4 with 4.4.4: GICV_IAR acknowledges the highest priority pending LR: State
 * pending -> active, its group priority set in GICH_APR (5.3.7: bit n for
 * priority n << 3), the virtual IRQ dropped; the transition is traced with the
 * LR's old and new value. */
static void test_iar_transition(void)
{
    gt t;
    const hs_record *r;
    uint32_t pending = lr_sw(LR_PENDING, 0, 5, 0, 0, 33);
    uint32_t active = lr_sw(LR_ACTIVE, 0, 5, 0, 0, 33);

    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    hw(&t, 0, H_LR0, pending);
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 1);
    g_assert_cmpint(t.level[0][HS_LINE_VFIQ], ==, 0);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    g_assert_cmphex(vr(&t, 0, C_HPPIR), ==, 33);
    gt_clear_events(&t);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 33);
    g_assert_cmphex(hr(&t, 0, H_LR0), ==, active);
    g_assert_cmphex(hr(&t, 0, H_APR), ==, 1u << 5);
    g_assert_cmphex(vr(&t, 0, C_RPR), ==, 0x28);
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 0);
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0xe);
    r = gt_find(&t, HS_EV_lr_state, 0);
    g_assert_nonnull(r);
    g_assert_cmpuint(r->vcpu, ==, 0);
    g_assert_cmpuint(r->f[0], ==, 0);
    g_assert_cmphex(r->f[1], ==, pending);
    g_assert_cmphex(r->f[2], ==, active);
    g_assert_cmpuint(gt_count(&t, HS_EV_lr_write), ==, 0);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 1023);
    gt_free(&t);
}

/* Priority order among LRs; equal priorities: the lowest-numbered LR (an
 * IMPLEMENTATION DEFINED choice). */
static void test_iar_priority_order(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 20, 0, 0, 40));
    hw(&t, 0, H_LR0 + 4, lr_sw(LR_PENDING, 0, 6, 0, 0, 41));
    hw(&t, 0, H_LR0 + 8, lr_sw(LR_PENDING, 0, 12, 0, 0, 42));
    hw(&t, 0, H_LR0 + 12, lr_sw(LR_PENDING, 0, 6, 0, 0, 43));
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 41);
    vw(&t, 0, C_EOIR, 41);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 43);
    vw(&t, 0, C_EOIR, 43);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 42);
    vw(&t, 0, C_EOIR, 42);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 40);
    vw(&t, 0, C_EOIR, 40);
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0xf);
    gt_free(&t);
}

/* 5.3.8 CPUID [12:10] of a software virtual SGI is returned in GICV_IAR and
 * GICV_HPPIR bits [12:10]; for a HW 1 entry those LR bits are PhysicalID and
 * are not returned. */
static void test_iar_cpuid(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 4, 0, 2, 3));
    g_assert_cmphex(vr(&t, 0, C_HPPIR), ==, 0x803);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 0x803);
    vw(&t, 0, C_EOIR, 0x803);
    g_assert_cmpuint(lr_state(hr(&t, 0, H_LR0)), ==, LR_INVALID);
    hw(&t, 0, H_LR0, lr_hw(LR_PENDING, 0, 4, 0x3ff, 40));
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 40);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 4, 0, 5, 100));   /* CPUID only for SGIs */
    hw(&t, 0, H_APR, 0);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 100);
    gt_free(&t);
}

/* 5.3.8, 5.4: only an LR in the pending state is signalled (active, and
 * pending-and-active, are not); 5.3.1: with GICH_HCR.En 0 nothing is signalled
 * and GICV_IAR reads 1023. */
static void test_not_signalled(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    hw(&t, 0, H_LR0, lr_sw(LR_ACTIVE, 0, 4, 0, 0, 40));
    hw(&t, 0, H_LR0 + 4, lr_sw(LR_PENDING_ACTIVE, 0, 4, 0, 0, 41));
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 0);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 1023);
    g_assert_cmphex(vr(&t, 0, C_HPPIR), ==, 1023);
    hw(&t, 0, H_LR0 + 8, lr_sw(LR_PENDING, 0, 4, 0, 0, 42));
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 1);
    hw(&t, 0, H_HCR, 0);
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 0);
    g_assert_cmphex(vr(&t, 0, C_HPPIR), ==, 1023);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 1023);
    g_assert_cmpuint(lr_state(hr(&t, 0, H_LR0 + 8)), ==, LR_PENDING);
    gt_free(&t);
}

/* 3.3.3 via 5.4: GICV_PMR masks priorities that are not strictly higher. */
static void test_virtual_pmr(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    vw(&t, 0, C_PMR, 0x80);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 16, 0, 0, 40));    /* priority 0x80 */
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 0);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 1023);
    vw(&t, 0, C_PMR, 0x88);
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 1);
    gt_free(&t);
}

/* 3.3.2 via 5.4: preemption against the running priority held in GICH_APR, with
 * group priorities split by GICV_BPR (3.3.3). */
static void test_virtual_preemption(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 4, 0, 0, 40));
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 40);
    hw(&t, 0, H_LR0 + 4, lr_sw(LR_PENDING, 0, 5, 0, 0, 41));
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 0);
    hw(&t, 0, H_LR0 + 8, lr_sw(LR_PENDING, 0, 4, 0, 0, 42));
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 0);
    hw(&t, 0, H_LR0 + 12, lr_sw(LR_PENDING, 0, 3, 0, 0, 43));
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 1);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 43);
    g_assert_cmphex(hr(&t, 0, H_APR), ==, (1u << 4) | (1u << 3));
    g_assert_cmphex(vr(&t, 0, C_RPR), ==, 0x18);
    vw(&t, 0, C_EOIR, 43);
    vw(&t, 0, C_EOIR, 40);
    g_assert_cmphex(vr(&t, 0, C_RPR), ==, 0xff);
    gt_free(&t);

    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    vw(&t, 0, C_BPR, 5);                                      /* group bits [7:6] */
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 8, 0, 0, 40));      /* 0x40 */
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 40);
    g_assert_cmphex(vr(&t, 0, C_RPR), ==, 0x40);
    hw(&t, 0, H_LR0 + 4, lr_sw(LR_PENDING, 0, 12, 0, 0, 41)); /* 0x60: group 0x40 */
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 0);
    hw(&t, 0, H_LR0 + 8, lr_sw(LR_PENDING, 0, 7, 0, 0, 42));  /* 0x38: group 0x00 */
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 1);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 42);
    g_assert_cmphex(hr(&t, 0, H_APR), ==, (1u << 8) | 1u);
    gt_free(&t);
}

/* 5.4 and 5.3.8 Grp1: a Group 0 virtual interrupt is a virtual FIQ when
 * GICV_CTLR.FIQEn is set, a Group 1 one always a virtual IRQ. */
static void test_vfiq(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0 | CTLR_GRP1 | CTLR_FIQEN | CTLR_ACKCTL);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 4, 0, 0, 40));
    g_assert_cmpint(t.level[0][HS_LINE_VFIQ], ==, 1);
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 0);
    g_assert_cmpint(t.level[0][HS_LINE_FIQ], ==, 0);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 1, 4, 0, 0, 40));
    g_assert_cmpint(t.level[0][HS_LINE_VFIQ], ==, 0);
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 1);
    vw(&t, 0, C_CTLR, CTLR_GRP0 | CTLR_GRP1 | CTLR_ACKCTL);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 4, 0, 0, 40));
    g_assert_cmpint(t.level[0][HS_LINE_VFIQ], ==, 0);
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 1);
    gt_free(&t);
}

/* The virtual CPU interface has one Security state and so behaves as the Secure
 * view of 4.4.4/4.4.9 (GICv3's GICV_HPPIR table): a Group 1 virtual interrupt
 * reads as 1022 through GICV_IAR/GICV_HPPIR unless AckCtl; GICV_AIAR, GICV_AHPPIR
 * and GICV_AEOIR handle Group 1 (1023 for Group 0). QEMU 7.2 has no GICV_AIAR,
 * GICV_AEOIR or GICV_AHPPIR. */
static void test_virtual_ackctl_aliases(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP1);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 1, 2, 0, 0, 50));
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 1);
    g_assert_cmphex(vr(&t, 0, C_HPPIR), ==, 1022);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 1022);
    g_assert_cmpuint(lr_state(hr(&t, 0, H_LR0)), ==, LR_PENDING);
    g_assert_cmphex(vr(&t, 0, C_AHPPIR), ==, 50);
    g_assert_cmphex(vr(&t, 0, C_AIAR), ==, 50);
    g_assert_cmpuint(lr_state(hr(&t, 0, H_LR0)), ==, LR_ACTIVE);
    g_assert_cmphex(hr(&t, 0, H_APR), ==, 1u << 2);
    vw(&t, 0, C_AEOIR, 50);
    g_assert_cmpuint(lr_state(hr(&t, 0, H_LR0)), ==, LR_INVALID);
    g_assert_cmphex(hr(&t, 0, H_APR), ==, 0);

    vw(&t, 0, C_CTLR, CTLR_GRP0 | CTLR_GRP1);
    hw(&t, 0, H_LR0 + 4, lr_sw(LR_PENDING, 0, 1, 0, 0, 51));
    g_assert_cmphex(vr(&t, 0, C_AHPPIR), ==, 1023);
    g_assert_cmphex(vr(&t, 0, C_AIAR), ==, 1023);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 51);
    vw(&t, 0, C_EOIR, 51);
    vw(&t, 0, C_CTLR, CTLR_GRP0 | CTLR_GRP1 | CTLR_ACKCTL);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 1, 2, 0, 0, 52));
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 52);
    gt_free(&t);
}

/* 5.3.8 Grp1 and 5.4: GICV_CTLR.EnableGrp0/1 enable the signalling of each
 * group. A list register of a disabled group is not signalled, and (the model's
 * reading, README.md: the GICV_CTLR enables act as both the Distributor's and the
 * CPU interface's) the highest priority LR of an enabled group is. */
static void test_virtual_group_enables(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 1, 1, 0, 0, 60));
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 0);
    hw(&t, 0, H_LR0 + 4, lr_sw(LR_PENDING, 0, 9, 0, 0, 61));
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 1);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 61);
    vw(&t, 0, C_CTLR, 0);
    vw(&t, 0, C_EOIR, 61);
    hw(&t, 0, H_LR0 + 4, lr_sw(LR_PENDING, 0, 9, 0, 0, 61));
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 0);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 1023);
    gt_free(&t);
}

/* 5.3.8 state machine with EOImode 0 (4.4.5 via 5.4): GICV_EOIR drops the
 * priority and deactivates: active -> invalid, pending and active -> pending. */
static void test_eoimode0(void)
{
    gt t;
    const hs_record *r;

    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 4, 0, 0, 70));
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 70);
    gt_clear_events(&t);
    vw(&t, 0, C_EOIR, 70);
    g_assert_cmphex(hr(&t, 0, H_LR0), ==, lr_sw(LR_INVALID, 0, 4, 0, 0, 70));
    g_assert_cmphex(hr(&t, 0, H_APR), ==, 0);
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0xf);
    r = gt_find(&t, HS_EV_lr_state, 0);
    g_assert_nonnull(r);
    g_assert_cmphex(r->f[1], ==, lr_sw(LR_ACTIVE, 0, 4, 0, 0, 70));
    g_assert_cmphex(r->f[2], ==, lr_sw(LR_INVALID, 0, 4, 0, 0, 70));

    hw(&t, 0, H_LR0, lr_sw(LR_PENDING_ACTIVE, 0, 4, 0, 0, 70));
    hw(&t, 0, H_APR, 1u << 4);
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 0);
    vw(&t, 0, C_EOIR, 70);
    g_assert_cmphex(hr(&t, 0, H_LR0), ==, lr_sw(LR_PENDING, 0, 4, 0, 0, 70));
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 1);
    gt_free(&t);
}

/* 5.3.8 EOI bit and 5.3.4/5.3.5: deactivating a software LR with EOI 1 sets its
 * GICH_EISR bit, keeps it out of GICH_ELRSR and asserts the EOI maintenance
 * interrupt until the hypervisor rewrites the LR. */
static void test_eoi_maintenance(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 4, 1, 0, 80));
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, 0);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 80);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 0);
    vw(&t, 0, C_EOIR, 80);
    g_assert_cmphex(hr(&t, 0, H_EISR0), ==, 0x1);
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0xe);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_EOI);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 1);
    hw(&t, 0, H_LR0, 0);
    g_assert_cmphex(hr(&t, 0, H_EISR0), ==, 0);
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0xf);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, 0);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 0);
    gt_free(&t);
}

/* 3.2.1 via 5.4: with GICV_CTLR.EOImode 1, GICV_EOIR only drops the priority and
 * GICV_DIR deactivates. GICV_DIR with EOImode 0 is UNPREDICTABLE (4.4.15): the
 * model ignores and logs it. */
static void test_eoimode1(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0 | CTLR_EOIMODE);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 4, 0, 0, 90));
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 90);
    vw(&t, 0, C_EOIR, 90);
    g_assert_cmphex(hr(&t, 0, H_APR), ==, 0);
    g_assert_cmphex(vr(&t, 0, C_RPR), ==, 0xff);
    g_assert_cmpuint(lr_state(hr(&t, 0, H_LR0)), ==, LR_ACTIVE);
    g_assert_cmphex(hr(&t, 0, H_HCR) >> 27, ==, 0);
    vw(&t, 0, C_DIR, 90);
    g_assert_cmpuint(lr_state(hr(&t, 0, H_LR0)), ==, LR_INVALID);

    vw(&t, 0, C_CTLR, CTLR_GRP0);
    hw(&t, 0, H_LR0, lr_sw(LR_ACTIVE, 0, 4, 0, 0, 90));
    gt_log_begin();
    vw(&t, 0, C_DIR, 90);
    g_assert_cmpuint(gt_log_end(), ==, 1);
    g_assert_cmpuint(lr_state(hr(&t, 0, H_LR0)), ==, LR_ACTIVE);
    gt_free(&t);
}

/* 5.3.1 EOICount: an EOI (EOImode 0) or a deactivation (EOImode 1) that matches
 * no list register increments it, but an EOI that clears no GICH_APR bit does
 * not; it wraps from 31 to 0; 5.3.4 LRENP is asserted while it is nonzero and
 * LRENPIE is set. */
static void test_eoicount(void)
{
    gt t;
    const hs_record *r;

    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 4, 0, 0, 100));
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 100);
    hw(&t, 0, H_LR0, 0);                           /* the hypervisor took it out */
    gt_clear_events(&t);
    vw(&t, 0, C_EOIR, 100);
    g_assert_cmphex(hr(&t, 0, H_HCR), ==, HCR_EN | HCR_EOICOUNT(1));
    g_assert_cmphex(hr(&t, 0, H_APR), ==, 0);
    r = gt_find(&t, HS_EV_gich_hcr, 0);
    g_assert_nonnull(r);
    g_assert_cmphex(r->f[0], ==, HCR_EN);
    g_assert_cmphex(r->f[1], ==, HCR_EN | HCR_EOICOUNT(1));
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, 0);
    vw(&t, 0, C_EOIR, 100);                        /* no priority to drop */
    g_assert_cmphex(hr(&t, 0, H_HCR), ==, HCR_EN | HCR_EOICOUNT(1));
    hw(&t, 0, H_HCR, HCR_EN | HCR_LRENPIE | HCR_EOICOUNT(1));
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_LRENP);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 1);
    vw(&t, 0, C_CTLR, CTLR_GRP0 | CTLR_EOIMODE);
    vw(&t, 0, C_DIR, 100);
    g_assert_cmphex(hr(&t, 0, H_HCR), ==, HCR_EN | HCR_LRENPIE | HCR_EOICOUNT(2));
    hw(&t, 0, H_HCR, HCR_EN | HCR_LRENPIE | HCR_EOICOUNT(31));
    vw(&t, 0, C_DIR, 100);
    g_assert_cmphex(hr(&t, 0, H_HCR), ==, HCR_EN | HCR_LRENPIE);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, 0);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 0);
    gt_free(&t);
}

/* 5.3.8: a software virtual SGI is identified by VirtualID and CPUID together:
 * an EOI naming another source CPU matches no LR. */
static void test_eoi_sgi_source(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    hw(&t, 0, H_LR0, lr_sw(LR_ACTIVE, 0, 4, 0, 1, 3));
    hw(&t, 0, H_APR, 1u << 4);
    vw(&t, 0, C_EOIR, 3 | (2u << 10));
    g_assert_cmpuint(lr_state(hr(&t, 0, H_LR0)), ==, LR_ACTIVE);
    g_assert_cmphex(hr(&t, 0, H_HCR), ==, HCR_EN | HCR_EOICOUNT(1));
    hw(&t, 0, H_APR, 1u << 4);
    vw(&t, 0, C_EOIR, 3 | (1u << 10));
    g_assert_cmpuint(lr_state(hr(&t, 0, H_LR0)), ==, LR_INVALID);
    g_assert_cmphex(hr(&t, 0, H_HCR), ==, HCR_EN | HCR_EOICOUNT(1));
    gt_free(&t);
}

/* 5.3.8 HW: deactivating a HW 1 virtual interrupt (GICV_EOIR with EOImode 0,
 * GICV_DIR with EOImode 1) deactivates physical interrupt PhysicalID, and the
 * physical CPU interface is re-evaluated at once: a level-sensitive SPI whose
 * input is still high is signalled again (QEMU 7.2 does not re-evaluate). */
static void test_hw_deactivation(void)
{
    for (int split = 0; split < 2; split++) {
        gt t;
        hs_irq spi;

        gt_init(&t, NULL);
        gt_enable_all(&t, CTLR_GRP0 | CTLR_EOIMODE);     /* the hypervisor splits */
        gt_set_priority(&t, 0, 40, 0x80);
        gt_set_bit(&t, 0, D_ISENABLER, 40);
        spi = hs_gic_spi_in(t.gic, 40);
        hs_irq_set(&spi, 1);
        g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
        g_assert_cmphex(cr(&t, 0, C_IAR), ==, 40);
        cw(&t, 0, C_EOIR, 40);
        g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 40), ==, 1);
        g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);

        gt_virt_on(&t, 0, CTLR_GRP0 | (split ? CTLR_EOIMODE : 0));
        hw(&t, 0, H_LR0, lr_hw(LR_PENDING, 0, 4, 40, 40));
        g_assert_cmphex(vr(&t, 0, C_IAR), ==, 40);
        vw(&t, 0, C_EOIR, 40);
        if (split) {
            g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 40), ==, 1);
            g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
            vw(&t, 0, C_DIR, 40);
        }
        g_assert_cmpuint(lr_state(hr(&t, 0, H_LR0)), ==, LR_INVALID);
        g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 40), ==, 0);
        g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
        g_assert_cmphex(hr(&t, 0, H_EISR0), ==, 0);        /* bit 19 is PhysicalID */
        g_assert_cmphex(hr(&t, 0, H_HCR) >> 27, ==, 0);
        gt_free(&t);
    }
}

/* A HW 1 LR naming an SGI or a reserved physical ID cannot deactivate it
 * (UNPREDICTABLE, 5.3.8): the virtual interrupt is deactivated, the physical
 * side left alone, a guest error logged. */
static void test_hw_bad_physical(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    dw(&t, 0, D_ISACTIVER, 1u << 5);
    hw(&t, 0, H_LR0, lr_hw(LR_ACTIVE, 0, 4, 5, 40));
    hw(&t, 0, H_APR, 1u << 4);
    gt_log_begin();
    vw(&t, 0, C_EOIR, 40);
    g_assert_cmpuint(gt_log_end(), ==, 1);
    g_assert_cmpuint(lr_state(hr(&t, 0, H_LR0)), ==, LR_INVALID);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 5), ==, 1);
    gt_free(&t);
}

/* 5.3.4: each of the eight maintenance conditions, set and cleared; 5.3.1: the
 * maintenance interrupt is asserted only while GICH_HCR.En is set. */
static void test_maintenance_conditions(void)
{
    gt t;
    gt_init(&t, NULL);

    /* U: zero or one valid LR. */
    hw(&t, 0, H_HCR, HCR_UIE);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_U);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 0);     /* En 0 */
    hw(&t, 0, H_HCR, HCR_EN | HCR_UIE);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 1);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 4, 0, 0, 40));
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_U);
    hw(&t, 0, H_LR0 + 4, lr_sw(LR_ACTIVE, 0, 4, 0, 0, 41));
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, 0);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 0);
    hw(&t, 0, H_LR0 + 4, 0);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_U);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 1);

    /* NP: no LR in the pending state; pending-and-active is a different state of
     * the 5.3.8 state machine, so it does not count (as in QEMU). */
    hw(&t, 0, H_HCR, HCR_EN | HCR_NPIE);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, 0);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING_ACTIVE, 0, 4, 0, 0, 40));
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_NP);
    hw(&t, 0, H_LR0, lr_sw(LR_ACTIVE, 0, 4, 0, 0, 40));
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_NP);
    hw(&t, 0, H_LR0, 0);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_NP);
    hw(&t, 0, H_LR0 + 12, lr_sw(LR_PENDING, 0, 4, 0, 0, 40));
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, 0);
    hw(&t, 0, H_LR0 + 12, 0);

    /* LRENP: EOICount nonzero. */
    hw(&t, 0, H_HCR, HCR_EN | HCR_LRENPIE);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, 0);
    hw(&t, 0, H_HCR, HCR_EN | HCR_LRENPIE | HCR_EOICOUNT(3));
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_LRENP);
    hw(&t, 0, H_HCR, HCR_EN | HCR_EOICOUNT(3));
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, 0);

    /* VGrp0E / VGrp0D / VGrp1E / VGrp1D follow GICV_CTLR.EnableGrp0/1. */
    hw(&t, 0, H_HCR, HCR_EN | HCR_VGRP0EIE | HCR_VGRP0DIE | HCR_VGRP1EIE | HCR_VGRP1DIE);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_VGRP0D | MISR_VGRP1D);
    vw(&t, 0, C_CTLR, CTLR_GRP0);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_VGRP0E | MISR_VGRP1D);
    vw(&t, 0, C_CTLR, CTLR_GRP1);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_VGRP0D | MISR_VGRP1E);
    hw(&t, 0, H_VMCR, 0x3);                       /* through GICH_VMCR too */
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_VGRP0E | MISR_VGRP1E);
    hw(&t, 0, H_HCR, HCR_EN | HCR_VGRP0DIE | HCR_VGRP1DIE);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, 0);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 0);
    vw(&t, 0, C_CTLR, 0);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_VGRP0D | MISR_VGRP1D);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 1);
    hw(&t, 0, H_HCR, HCR_VGRP0DIE | HCR_VGRP1DIE);
    g_assert_cmphex(hr(&t, 0, H_MISR), ==, MISR_VGRP0D | MISR_VGRP1D);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 0);
    gt_free(&t);
}

/* Every GICH_MISR change is traced with its old and new value (gich_misr). */
static void test_misr_trace(void)
{
    gt t;
    const hs_record *r;

    gt_init(&t, NULL);
    gt_clear_events(&t);
    hw(&t, 0, H_HCR, HCR_EN | HCR_UIE | HCR_NPIE);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 4, 0, 0, 40));
    g_assert_cmpuint(gt_count(&t, HS_EV_gich_misr), ==, 2);
    r = gt_find(&t, HS_EV_gich_misr, 0);
    g_assert_cmphex(r->f[0], ==, 0);
    g_assert_cmphex(r->f[1], ==, MISR_U | MISR_NP);
    r = gt_find(&t, HS_EV_gich_misr, 1);
    g_assert_cmphex(r->f[0], ==, MISR_U | MISR_NP);
    g_assert_cmphex(r->f[1], ==, MISR_U);
    g_assert_cmpuint(gt_count(&t, HS_EV_lr_write), ==, 1);
    r = gt_find(&t, HS_EV_lr_write, 0);
    g_assert_cmpuint(r->f[0], ==, 0);
    g_assert_cmphex(r->f[1], ==, 0);
    g_assert_cmphex(r->f[2], ==, lr_sw(LR_PENDING, 0, 4, 0, 0, 40));
    r = gt_find(&t, HS_EV_gich_elrsr, 0);
    g_assert_cmphex(r->f[0], ==, 0xf);
    g_assert_cmphex(r->f[1], ==, 0xe);
    gt_free(&t);
}

/* The GIC-400 per-processor alias view: CPU n's GICH block at 0x1000 + n * 0x200
 * from any CPU; GICH_VMCR written through it is CPU n's (QEMU 7.2 writes the
 * accessing CPU's). 8 CPU interfaces. */
static void test_alias_view_8_cpus(void)
{
    hs_gic_config cfg = cfg_lrs(8, 4);
    gt t;
    const hs_record *r;

    gt_init(&t, &cfg);
    gt_clear_events(&t);
    hw(&t, 0, H_ALIAS(7) + H_LR0, lr_sw(LR_PENDING, 0, 4, 0, 0, 44));
    hw(&t, 0, H_ALIAS(7) + H_HCR, HCR_EN);
    hw(&t, 2, H_ALIAS(7) + H_VMCR, (0x1fu << 27) | 0x1);
    r = gt_find(&t, HS_EV_lr_write, 0);
    g_assert_nonnull(r);
    g_assert_cmpuint(r->vcpu, ==, 7);
    g_assert_cmphex(hr(&t, 7, H_LR0), ==, lr_sw(LR_PENDING, 0, 4, 0, 0, 44));
    g_assert_cmphex(hr(&t, 0, H_LR0), ==, 0);
    g_assert_cmphex(hr(&t, 3, H_ALIAS(7) + H_ELRSR0), ==, 0xe);
    g_assert_cmphex(hr(&t, 2, H_VMCR), ==, 0x004c0000);
    g_assert_cmphex(vr(&t, 7, C_PMR), ==, 0xf8);
    for (unsigned cpu = 0; cpu < 7; cpu++) {
        g_assert_cmpint(t.level[cpu][HS_LINE_VIRQ], ==, 0);
    }
    g_assert_cmpint(t.level[7][HS_LINE_VIRQ], ==, 1);
    g_assert_cmphex(vr(&t, 7, C_IAR), ==, 44);
    g_assert_cmphex(hr(&t, 5, H_ALIAS(7) + H_APR), ==, 1u << 4);
    g_assert_cmphex(hr(&t, 5, H_ALIAS(0) + H_VTR), ==, 0x90000003);
    gt_free(&t);
}

/* 5.4: GICV_APR0 is GICH_APR (32 levels need one register; GICV_APR1..3 RAZ/WI);
 * GICV_IIDR; GICV_RPR 0xff when idle. */
static void test_gicv_apr_iidr_rpr(void)
{
    gt t;
    gt_init(&t, NULL);
    g_assert_cmphex(vr(&t, 0, C_IIDR), ==, 0x0202143b);
    g_assert_cmphex(vr(&t, 0, C_RPR), ==, 0xff);
    vw(&t, 0, C_APR0, 0x10);
    g_assert_cmphex(hr(&t, 0, H_APR), ==, 0x10);
    g_assert_cmphex(vr(&t, 0, C_RPR), ==, 0x20);
    hw(&t, 0, H_APR, 0x80000000);
    g_assert_cmphex(vr(&t, 0, C_APR0), ==, 0x80000000);
    g_assert_cmphex(vr(&t, 0, C_RPR), ==, 0xf8);
    vw(&t, 0, C_APR0 + 4, 0xffffffff);
    g_assert_cmphex(vr(&t, 0, C_APR0 + 4), ==, 0);
    g_assert_cmphex(vr(&t, 0, C_APR0 + 12), ==, 0);
    gt_free(&t);
}

/* A pending LR naming a reserved ID (1020..1023) is UNPREDICTABLE (5.3.8): the
 * model never signals it and logs the write. */
static void test_reserved_virtual_id(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    gt_log_begin();
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 4, 0, 0, 1020));
    g_assert_cmpuint(gt_log_end(), ==, 1);
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 0);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 1023);
    gt_free(&t);
}

/* Spurious IDs written to GICV_EOIR/GICV_DIR are ignored (4.4.5): no priority
 * drop, no EOICount. */
static void test_virtual_spurious_eoi(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0 | CTLR_EOIMODE);
    hw(&t, 0, H_APR, 1u << 4);
    vw(&t, 0, C_EOIR, 1023);
    vw(&t, 0, C_DIR, 1022);
    g_assert_cmphex(hr(&t, 0, H_APR), ==, 1u << 4);
    g_assert_cmphex(hr(&t, 0, H_HCR), ==, HCR_EN);
    gt_free(&t);
}

void gic_virt_tests(void)
{
    g_test_add_func("/gic/virt/vtr", test_vtr);
    g_test_add_func("/gic/virt/hcr", test_hcr);
    g_test_add_func("/gic/virt/vmcr-views", test_vmcr_views);
    g_test_add_func("/gic/virt/gicv-binary-point-minimum", test_gicv_binary_point_minimum);
    g_test_add_func("/gic/virt/lr-rw", test_lr_rw);
    g_test_add_func("/gic/virt/elrsr-eisr", test_elrsr_eisr);
    g_test_add_func("/gic/virt/64-lrs", test_64_lrs);
    g_test_add_func("/gic/virt/1-lr", test_1_lr);
    g_test_add_func("/gic/virt/iar-transition", test_iar_transition);
    g_test_add_func("/gic/virt/iar-priority-order", test_iar_priority_order);
    g_test_add_func("/gic/virt/iar-cpuid", test_iar_cpuid);
    g_test_add_func("/gic/virt/not-signalled", test_not_signalled);
    g_test_add_func("/gic/virt/pmr", test_virtual_pmr);
    g_test_add_func("/gic/virt/preemption", test_virtual_preemption);
    g_test_add_func("/gic/virt/vfiq", test_vfiq);
    g_test_add_func("/gic/virt/ackctl-aliases", test_virtual_ackctl_aliases);
    g_test_add_func("/gic/virt/group-enables", test_virtual_group_enables);
    g_test_add_func("/gic/virt/eoimode0", test_eoimode0);
    g_test_add_func("/gic/virt/eoi-maintenance", test_eoi_maintenance);
    g_test_add_func("/gic/virt/eoimode1", test_eoimode1);
    g_test_add_func("/gic/virt/eoicount", test_eoicount);
    g_test_add_func("/gic/virt/eoi-sgi-source", test_eoi_sgi_source);
    g_test_add_func("/gic/virt/hw-deactivation", test_hw_deactivation);
    g_test_add_func("/gic/virt/hw-bad-physical", test_hw_bad_physical);
    g_test_add_func("/gic/virt/maintenance-conditions", test_maintenance_conditions);
    g_test_add_func("/gic/virt/misr-trace", test_misr_trace);
    g_test_add_func("/gic/virt/alias-view-8-cpus", test_alias_view_8_cpus);
    g_test_add_func("/gic/virt/gicv-apr-iidr-rpr", test_gicv_apr_iidr_rpr);
    g_test_add_func("/gic/virt/reserved-virtual-id", test_reserved_virtual_id);
    g_test_add_func("/gic/virt/spurious-eoi", test_virtual_spurious_eoi);
}
