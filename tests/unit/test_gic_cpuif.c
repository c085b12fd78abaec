/* Physical CPU interface (GICC) tests, ARM IHI 0048B.b 3.2, 3.3 and 4.4, for a
 * GIC without the Security Extensions (accesses behave as Secure ones). */
#include "tests/unit/gic_test.h"

static hs_gic_config cfg_prio(unsigned bits)
{
    hs_gic_config c = { 1, 288, 4, bits, 25 };
    return c;
}

/* 4.4.1: GICv2 without Security Extensions: EnableGrp0, EnableGrp1, AckCtl,
 * FIQEn, CBPR, the four bypass disables and EOImode (bits [9:0]); bit 10
 * (EOImodeNS) and above are reserved. */
static void test_ctlr(void)
{
    gt t;
    gt_init(&t, NULL);
    cw(&t, 0, C_CTLR, 0xffffffff);
    g_assert_cmphex(cr(&t, 0, C_CTLR), ==, 0x3ff);
    cw(&t, 0, C_CTLR, 0x201);
    g_assert_cmphex(cr(&t, 0, C_CTLR), ==, 0x201);
    gt_free(&t);
}

/* 4.4.14: GICC_IIDR, architecture version 2 in [19:16]; the GIC-400's value. */
static void test_iidr(void)
{
    gt t;
    gt_init(&t, NULL);
    g_assert_cmphex(cr(&t, 0, C_IIDR), ==, 0x0202143b);
    g_assert_cmphex((cr(&t, 0, C_IIDR) >> 16) & 0xf, ==, 2);
    gt_free(&t);
}

/* 4.4.2: unimplemented low-order bits of GICC_PMR are RAZ/WI. 4.4.3, 4.4.8 and
 * 3.3.3: the minimum binary point for N priority bits is 7 - N (0 for 8 bits),
 * GICC_ABPR's one more; a write below the minimum sets the minimum; the GIC-400
 * resets both to their minimum. */
static void test_pmr_bpr_limits(void)
{
    static const struct {
        unsigned bits;
        uint32_t pmr;
        unsigned min_bpr;
    } c[] = { { 4, 0xf0, 3 }, { 5, 0xf8, 2 }, { 6, 0xfc, 1 }, { 7, 0xfe, 0 }, { 8, 0xff, 0 } };
    for (unsigned i = 0; i < G_N_ELEMENTS(c); i++) {
        hs_gic_config cfg = cfg_prio(c[i].bits);
        gt t;
        gt_init(&t, &cfg);
        g_assert_cmphex(cr(&t, 0, C_BPR), ==, c[i].min_bpr);
        g_assert_cmphex(cr(&t, 0, C_ABPR), ==, c[i].min_bpr + 1);
        cw(&t, 0, C_PMR, 0xffffffff);
        g_assert_cmphex(cr(&t, 0, C_PMR), ==, c[i].pmr);
        cw(&t, 0, C_BPR, 0);
        cw(&t, 0, C_ABPR, 0);
        g_assert_cmphex(cr(&t, 0, C_BPR), ==, c[i].min_bpr);
        g_assert_cmphex(cr(&t, 0, C_ABPR), ==, c[i].min_bpr + 1);
        cw(&t, 0, C_BPR, 0xfffffff5);
        cw(&t, 0, C_ABPR, 7);
        g_assert_cmphex(cr(&t, 0, C_BPR), ==, 5);
        g_assert_cmphex(cr(&t, 0, C_ABPR), ==, 7);
        gt_free(&t);
    }
}

/* 3.2 and 4.4.4-4.4.7: a pending, enabled interrupt of sufficient priority is
 * signalled; GICC_IAR acknowledges it (active, no longer pending, IRQ drops) and
 * the running priority becomes its group priority, recorded in GICC_APR0 at bit
 * priority >> 3 (4.4.12, 32 levels with 5 bits); EOImode 0: GICC_EOIR drops the
 * priority and deactivates. */
static void test_ack_eoi(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 1023);
    gt_raise(&t, 0, 40, 0x80);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    g_assert_cmpint(t.level[0][HS_LINE_FIQ], ==, 0);
    g_assert_cmphex(cr(&t, 0, C_HPPIR), ==, 40);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 40);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 40), ==, 0);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 40), ==, 1);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0x80);
    g_assert_cmphex(cr(&t, 0, C_APR0), ==, 0x00010000);
    g_assert_cmphex(cr(&t, 0, C_HPPIR), ==, 1023);
    cw(&t, 0, C_EOIR, 40);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 40), ==, 0);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0xff);
    g_assert_cmphex(cr(&t, 0, C_APR0), ==, 0);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 1023);
    gt_free(&t);
}

/* 3.3: lower value, higher priority; equal priorities are chosen in an
 * IMPLEMENTATION DEFINED way, here the lowest ID. */
static void test_priority_order(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 0, 40, 0xa0);
    gt_raise(&t, 0, 41, 0x40);
    gt_raise(&t, 0, 42, 0x60);
    gt_raise(&t, 0, 45, 0x60);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 41);
    cw(&t, 0, C_EOIR, 41);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 42);
    cw(&t, 0, C_EOIR, 42);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 45);
    cw(&t, 0, C_EOIR, 45);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 40);
    cw(&t, 0, C_EOIR, 40);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 1023);
    gt_free(&t);
}

/* 3.3.3 priority masking: only a priority strictly higher than GICC_PMR is
 * signalled; GICC_PMR 0 masks everything. */
static void test_pmr_masking(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 0, 40, 0x80);
    cw(&t, 0, C_PMR, 0x80);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    g_assert_cmphex(cr(&t, 0, C_HPPIR), ==, 1023);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 1023);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 40), ==, 1);
    cw(&t, 0, C_PMR, 0x88);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    cw(&t, 0, C_PMR, 0);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    gt_free(&t);
}

/* 3.3.2 preemption: a pending interrupt is signalled while another is active only
 * if its group priority is higher than the running priority; EOIs drop the
 * running priority back in reverse order. */
static void test_preemption(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 0, 41, 0x80);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 41);
    gt_raise(&t, 0, 43, 0x88);          /* lower priority: waits */
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 1023);
    gt_raise(&t, 0, 42, 0x80);          /* same group priority: waits */
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    gt_raise(&t, 0, 44, 0x40);          /* higher: preempts */
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 44);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0x40);
    g_assert_cmphex(cr(&t, 0, C_APR0), ==, 0x00010100);
    cw(&t, 0, C_EOIR, 44);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0x80);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    cw(&t, 0, C_EOIR, 41);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0xff);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 42);
    cw(&t, 0, C_EOIR, 42);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 43);
    cw(&t, 0, C_EOIR, 43);
    gt_free(&t);
}

/* 3.3.3 priority grouping: with GICC_BPR = 4 the group priority is bits [7:5];
 * the running priority is the group priority (4.4.6); a pending 0x98 is in the
 * running 0x80 group and does not preempt, 0x78 (group 0x60) does. */
static void test_binary_point(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    cw(&t, 0, C_BPR, 4);
    gt_raise(&t, 0, 40, 0x88);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 40);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0x80);
    gt_raise(&t, 0, 41, 0x98);                       /* group 0x80: no preemption */
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    gt_raise(&t, 0, 42, 0x78);                       /* group 0x60: preempts */
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 42);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0x60);
    gt_free(&t);
}

/* 3.3.3, 4.4.1 CBPR, 4.4.8: Group 1 interrupts use GICC_ABPR (whose value n means
 * group priority bits [7:n]) unless CBPR is set, when GICC_BPR serves both. */
static void test_abpr_cbpr(void)
{
    for (int cbpr = 0; cbpr < 2; cbpr++) {
        gt t;
        gt_init(&t, NULL);
        gt_enable_all(&t, CTLR_GRP0 | CTLR_GRP1 | CTLR_ACKCTL | (cbpr ? CTLR_CBPR : 0));
        cw(&t, 0, C_ABPR, 5);                       /* Group 1: bits [7:5] */
        gt_set_bit(&t, 0, D_IGROUPR, 40);
        gt_raise(&t, 0, 40, 0x90);
        g_assert_cmphex(cr(&t, 0, C_IAR), ==, 40);
        g_assert_cmphex(cr(&t, 0, C_RPR), ==, cbpr ? 0x90 : 0x80);
        g_assert_cmphex(cr(&t, 0, C_NSAPR0), ==, cbpr ? 1u << 18 : 1u << 16);
        g_assert_cmphex(cr(&t, 0, C_APR0), ==, 0);
        gt_raise(&t, 0, 41, 0x88);                  /* Group 0, group priority 0x88 */
        g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, cbpr ? 1 : 0);
        gt_free(&t);
    }
}

/* 3.2.1, 4.4.5, 4.4.15: EOImode 1 splits priority drop (GICC_EOIR) from
 * deactivation (GICC_DIR). */
static void test_eoimode1(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0 | CTLR_EOIMODE);
    gt_raise(&t, 0, 40, 0x80);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 40);
    cw(&t, 0, C_EOIR, 40);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0xff);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 40), ==, 1);
    gt_set_bit(&t, 0, D_ISPENDR, 40);               /* active and pending: not signalled */
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    cw(&t, 0, C_DIR, 40);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 40), ==, 0);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    gt_free(&t);
}

/* 4.4.15: GICC_DIR with EOImode 0 is UNPREDICTABLE; the model ignores it and
 * logs a guest error. */
static void test_dir_eoimode0(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 0, 40, 0x80);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 40);
    gt_log_begin();
    cw(&t, 0, C_DIR, 40);
    g_assert_cmpuint(gt_log_end(), ==, 1);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 40), ==, 1);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0x80);
    gt_free(&t);
}

/* 4.4.1 FIQEn: Group 0 interrupts are signalled as FIQ when set, as IRQ when
 * clear; Group 1 interrupts are always IRQ. */
static void test_fiq(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0 | CTLR_GRP1 | CTLR_FIQEN | CTLR_ACKCTL);
    gt_raise(&t, 0, 40, 0x80);
    g_assert_cmpint(t.level[0][HS_LINE_FIQ], ==, 1);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    cw(&t, 0, C_CTLR, CTLR_GRP0 | CTLR_GRP1 | CTLR_ACKCTL);
    g_assert_cmpint(t.level[0][HS_LINE_FIQ], ==, 0);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    cw(&t, 0, C_CTLR, CTLR_GRP0 | CTLR_GRP1 | CTLR_FIQEN | CTLR_ACKCTL);
    gt_set_bit(&t, 0, D_IGROUPR, 40);
    g_assert_cmpint(t.level[0][HS_LINE_FIQ], ==, 0);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    gt_free(&t);
}

/* 3.2.5 and 4.4.4: without the Security Extensions GICC_IAR behaves as for a
 * Secure read: the highest priority pending Group 1 interrupt reads as 1022 and
 * is not acknowledged unless AckCtl is set. 4.4.9/4.4.11: GICC_AIAR and
 * GICC_AHPPIR handle Group 1 only (1023 for a Group 0 one); the acknowledged
 * Group 1 priority is held in GICC_NSAPR0 (4.4.13); 4.4.10 GICC_AEOIR. */
static void test_groups_ackctl_aliases(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0 | CTLR_GRP1);
    gt_set_bit(&t, 0, D_IGROUPR, 40);
    gt_raise(&t, 0, 40, 0x80);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    g_assert_cmphex(cr(&t, 0, C_HPPIR), ==, 1022);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 1022);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 40), ==, 1);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 40), ==, 0);
    g_assert_cmphex(cr(&t, 0, C_AHPPIR), ==, 40);
    g_assert_cmphex(cr(&t, 0, C_AIAR), ==, 40);
    g_assert_cmphex(cr(&t, 0, C_NSAPR0), ==, 0x00010000);
    g_assert_cmphex(cr(&t, 0, C_APR0), ==, 0);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0x80);
    cw(&t, 0, C_AEOIR, 40);
    g_assert_cmphex(cr(&t, 0, C_NSAPR0), ==, 0);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 40), ==, 0);

    /* AckCtl set: GICC_IAR acknowledges Group 1 too. */
    cw(&t, 0, C_CTLR, CTLR_GRP0 | CTLR_GRP1 | CTLR_ACKCTL);
    gt_set_bit(&t, 0, D_ISPENDR, 40);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 40);
    cw(&t, 0, C_EOIR, 40);

    /* A Group 0 interrupt through the aliases: 1023. */
    gt_raise(&t, 0, 41, 0x40);
    g_assert_cmphex(cr(&t, 0, C_AHPPIR), ==, 1023);
    g_assert_cmphex(cr(&t, 0, C_AIAR), ==, 1023);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 41);
    g_assert_cmphex(cr(&t, 0, C_APR0), ==, 0x00000100);
    gt_free(&t);
}

/* 4.3.1: a group disabled in GICD_CTLR is not forwarded, so a lower-priority
 * interrupt of the enabled group is. 4.4.1: a group disabled in GICC_CTLR is not
 * signalled: when the highest priority pending interrupt is of that group
 * nothing is (GICC_IAR 1023). */
static void test_group_enables(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0 | CTLR_GRP1 | CTLR_ACKCTL);
    gt_set_bit(&t, 0, D_IGROUPR, 40);
    gt_raise(&t, 0, 40, 0x10);          /* Group 1, higher */
    gt_raise(&t, 0, 41, 0x80);          /* Group 0 */
    dw(&t, 0, D_CTLR, 0x1);
    g_assert_cmphex(cr(&t, 0, C_HPPIR), ==, 41);
    dw(&t, 0, D_CTLR, 0x3);
    g_assert_cmphex(cr(&t, 0, C_HPPIR), ==, 40);
    cw(&t, 0, C_CTLR, CTLR_GRP0 | CTLR_ACKCTL);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 1023);
    dw(&t, 0, D_CTLR, 0x0);
    cw(&t, 0, C_CTLR, CTLR_GRP0 | CTLR_GRP1 | CTLR_ACKCTL);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 1023);
    gt_free(&t);
}

/* 4.3.5: disabling a pending interrupt stops its forwarding; its state stays. */
static void test_disable_pending(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 0, 40, 0x80);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    gt_set_bit(&t, 0, D_ICENABLER, 40);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 40), ==, 1);
    gt_set_bit(&t, 0, D_ISENABLER, 40);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    gt_free(&t);
}

/* 3.2.4: a level-sensitive interrupt whose input is still asserted becomes active
 * and pending when acknowledged and pending again when deactivated. */
static void test_level_reassert(void)
{
    gt t;
    hs_irq spi;

    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    gt_set_priority(&t, 0, 40, 0x80);
    gt_set_bit(&t, 0, D_ISENABLER, 40);
    spi = hs_gic_spi_in(t.gic, 40);
    hs_irq_set(&spi, 1);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 40);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 40), ==, 1);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 40), ==, 1);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    cw(&t, 0, C_EOIR, 40);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 40);
    hs_irq_set(&spi, 0);
    cw(&t, 0, C_EOIR, 40);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 1023);
    gt_free(&t);
}

/* 3.2.4: an edge while the interrupt is active makes it active and pending. */
static void test_edge_while_active(void)
{
    gt t;
    hs_irq ppi;

    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    dw(&t, 0, D_ICFGR + 4, 0x00200000);          /* PPI 26 edge-triggered */
    gt_set_priority(&t, 0, 26, 0x40);
    gt_set_bit(&t, 0, D_ISENABLER, 26);
    ppi = hs_gic_ppi_in(t.gic, 0, 26);
    hs_irq_set(&ppi, 1);
    hs_irq_set(&ppi, 0);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 26);
    hs_irq_set(&ppi, 1);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 26), ==, 1);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 26), ==, 1);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    cw(&t, 0, C_EOIR, 26);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 26);
    cw(&t, 0, C_EOIR, 26);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 1023);
    gt_free(&t);
}

/* 4.4.5: writing a spurious ID to GICC_EOIR is ignored; an EOI with no active
 * interrupt is UNPREDICTABLE (ignored, logged). */
static void test_eoi_spurious_and_idle(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 0, 40, 0x80);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 40);
    gt_log_begin();
    cw(&t, 0, C_EOIR, 1023);
    g_assert_cmpuint(gt_log_end(), ==, 0);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0x80);
    cw(&t, 0, C_EOIR, 40);
    gt_log_begin();
    cw(&t, 0, C_EOIR, 40);
    cw(&t, 0, C_EOIR, 500);             /* not implemented */
    g_assert_cmpuint(gt_log_end(), ==, 2);
    gt_free(&t);
}

/* 4.4.12, 4.4.13: the active priority registers are for save and restore; the
 * running priority follows what is written. */
static void test_apr_restore(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    cw(&t, 0, C_APR0, 1u << 4);         /* priority 0x20 active */
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0x20);
    gt_raise(&t, 0, 40, 0x40);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    cw(&t, 0, C_NSAPR0, 1u << 1);       /* a Group 1 priority 0x08 active */
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0x08);
    cw(&t, 0, C_NSAPR0, 0);
    cw(&t, 0, C_APR0, 0);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0xff);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    g_assert_cmphex(cr(&t, 0, C_APR0 + 4), ==, 0);    /* one register for 32 levels */
    gt_free(&t);
}

/* 4.4.12: the number of GICC_APRn follows the preemption levels:
 * 4 bits -> 16 levels (APR0[15:0]), 6 bits -> 64 (APR0-1), 8 bits -> 128
 * (APR0-3, with minimum binary point 0 meaning bits [7:1]). */
static void test_apr_sizes(void)
{
    hs_gic_config c4 = cfg_prio(4), c6 = cfg_prio(6), c8 = cfg_prio(8);
    gt t;

    gt_init(&t, &c4);
    cw(&t, 0, C_APR0, 0xffffffff);
    cw(&t, 0, C_APR0 + 4, 0xffffffff);
    g_assert_cmphex(cr(&t, 0, C_APR0), ==, 0x0000ffff);
    g_assert_cmphex(cr(&t, 0, C_APR0 + 4), ==, 0);
    gt_free(&t);

    gt_init(&t, &c6);
    cw(&t, 0, C_APR0 + 4, 0x80000000);
    cw(&t, 0, C_APR0 + 8, 0xffffffff);
    g_assert_cmphex(cr(&t, 0, C_APR0 + 4), ==, 0x80000000);
    g_assert_cmphex(cr(&t, 0, C_APR0 + 8), ==, 0);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0xfc);     /* level 63 << 2 */
    gt_free(&t);

    gt_init(&t, &c8);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 0, 40, 0x81);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 40);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0x80);     /* BPR 0: group bits [7:1] */
    g_assert_cmphex(cr(&t, 0, C_APR0 + 8), ==, 1);   /* level 64 */
    gt_raise(&t, 0, 41, 0x7f);                       /* group 0x7e preempts */
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 41);
    g_assert_cmphex(cr(&t, 0, C_APR0 + 4), ==, 0x80000000);
    gt_free(&t);
}

/* 4.4.4, 4.4.7: for an SGI both GICC_IAR and GICC_HPPIR give the source CPU in
 * bits [12:10] (QEMU 7.2 leaves it out of GICC_HPPIR). */
static void test_sgi_cpuid(void)
{
    gt t;
    gt_init_cpus(&t, 2);
    gt_enable_all(&t, CTLR_GRP0);
    dw(&t, 1, D_SGIR, (0x1u << 16) | 6);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    g_assert_cmphex(cr(&t, 0, C_HPPIR), ==, 6 | (1u << 10));
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 6 | (1u << 10));
    cw(&t, 0, C_EOIR, 6 | (1u << 10));
    dw(&t, 0, D_SGIR, (2u << 24) | 6);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 6);
    gt_free(&t);
}

/* PPIs and SGIs are per CPU: CPU 1's pending PPI does not reach CPU 0. */
static void test_ppi_per_cpu(void)
{
    gt t;
    gt_init_cpus(&t, 2);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 1, 27, 0x40);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    g_assert_cmpint(t.level[1][HS_LINE_IRQ], ==, 1);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 1023);
    g_assert_cmphex(cr(&t, 1, C_IAR), ==, 27);
    g_assert_cmphex(cr(&t, 1, C_RPR), ==, 0x40);
    g_assert_cmphex(cr(&t, 0, C_RPR), ==, 0xff);
    gt_free(&t);
}

/* 4.4.7: reading GICC_HPPIR has no side effect. */
static void test_hppir_no_ack(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 0, 40, 0x80);
    for (int i = 0; i < 3; i++) {
        g_assert_cmphex(cr(&t, 0, C_HPPIR), ==, 40);
    }
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 40), ==, 0);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    gt_free(&t);
}

void gic_cpuif_tests(void)
{
    g_test_add_func("/gic/cpuif/ctlr", test_ctlr);
    g_test_add_func("/gic/cpuif/iidr", test_iidr);
    g_test_add_func("/gic/cpuif/pmr-bpr-limits", test_pmr_bpr_limits);
    g_test_add_func("/gic/cpuif/ack-eoi", test_ack_eoi);
    g_test_add_func("/gic/cpuif/priority-order", test_priority_order);
    g_test_add_func("/gic/cpuif/pmr-masking", test_pmr_masking);
    g_test_add_func("/gic/cpuif/preemption", test_preemption);
    g_test_add_func("/gic/cpuif/binary-point", test_binary_point);
    g_test_add_func("/gic/cpuif/abpr-cbpr", test_abpr_cbpr);
    g_test_add_func("/gic/cpuif/eoimode1", test_eoimode1);
    g_test_add_func("/gic/cpuif/dir-eoimode0", test_dir_eoimode0);
    g_test_add_func("/gic/cpuif/fiq", test_fiq);
    g_test_add_func("/gic/cpuif/groups-ackctl-aliases", test_groups_ackctl_aliases);
    g_test_add_func("/gic/cpuif/group-enables", test_group_enables);
    g_test_add_func("/gic/cpuif/disable-pending", test_disable_pending);
    g_test_add_func("/gic/cpuif/level-reassert", test_level_reassert);
    g_test_add_func("/gic/cpuif/edge-while-active", test_edge_while_active);
    g_test_add_func("/gic/cpuif/eoi-spurious-and-idle", test_eoi_spurious_and_idle);
    g_test_add_func("/gic/cpuif/apr-restore", test_apr_restore);
    g_test_add_func("/gic/cpuif/apr-sizes", test_apr_sizes);
    g_test_add_func("/gic/cpuif/sgi-cpuid", test_sgi_cpuid);
    g_test_add_func("/gic/cpuif/ppi-per-cpu", test_ppi_per_cpu);
    g_test_add_func("/gic/cpuif/hppir-no-ack", test_hppir_no_ack);
}
