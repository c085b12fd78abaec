/* Distributor (GICD) register tests, ARM IHI 0048B.b 4.3, for a GIC without
 * the Security Extensions. */
#include "tests/unit/gic_test.h"

static hs_gic_config cfg_of(unsigned cpus, unsigned irqs, unsigned lrs, unsigned prio)
{
    hs_gic_config c = { cpus, irqs, lrs, prio, 25 };
    return c;
}

/* 4.3.1: GICD_CTLR without Security Extensions: EnableGrp0 bit 0, EnableGrp1
 * bit 1, the rest reserved. */
static void test_ctlr(void)
{
    gt t;
    gt_init(&t, NULL);
    dw(&t, 0, D_CTLR, 0xffffffff);
    g_assert_cmphex(dr(&t, 0, D_CTLR), ==, 0x3);
    dw(&t, 0, D_CTLR, 0x2);
    g_assert_cmphex(dr(&t, 0, D_CTLR), ==, 0x2);
    gt_free(&t);
}

/* 4.3.2: ITLinesNumber [4:0] = N with 32(N+1) interrupt IDs, CPUNumber [7:5] =
 * CPUs - 1, SecurityExtn [10] = 0, LSPI [15:11] reserved without it. */
static void test_typer(void)
{
    static const struct {
        unsigned cpus, irqs;
        uint32_t typer;
    } c[] = {
        { 1, 288, 0x00000008 },
        { 8, 1020, 0x000000ff },
        { 4, 32, 0x00000060 },
        { 2, 100, 0x00000023 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(c); i++) {
        hs_gic_config cfg = cfg_of(c[i].cpus, c[i].irqs, 4, 5);
        gt t;
        gt_init(&t, &cfg);
        g_assert_cmphex(dr(&t, 0, D_TYPER), ==, c[i].typer);
        gt_free(&t);
    }
}

/* 4.3.3 GICD_IIDR and 4.3.18 identification registers: ICPIDR2.ArchRev [7:4]
 * is 2 for GICv2; the other values are the GIC-400's (DDI 0471B 3.3). */
static void test_identification(void)
{
    static const uint32_t id[] = { 0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00,
                                   0x0d, 0xf0, 0x05, 0xb1 };
    gt t;
    gt_init(&t, NULL);
    g_assert_cmphex(dr(&t, 0, D_IIDR), ==, 0x0200143b);
    for (unsigned i = 0; i < G_N_ELEMENTS(id); i++) {
        g_assert_cmphex(dr(&t, 0, D_PIDR4 + 4 * i), ==, id[i]);
    }
    g_assert_cmphex((dr(&t, 0, D_PIDR0 + 8) >> 4) & 0xf, ==, 2);
    gt_free(&t);
}

/* 4.3.4: GICD_IGROUPRn exist in every GICv2; GICD_IGROUPR0 is banked per CPU;
 * bits of unimplemented interrupts are RAZ/WI. */
static void test_igroupr(void)
{
    gt t;
    gt_init_cpus(&t, 2);
    dw(&t, 0, D_IGROUPR, 0xffffffff);
    g_assert_cmphex(dr(&t, 0, D_IGROUPR), ==, 0xffffffff);
    g_assert_cmphex(dr(&t, 1, D_IGROUPR), ==, 0);
    dw(&t, 1, D_IGROUPR + 4, 0x0000f00f);
    g_assert_cmphex(dr(&t, 0, D_IGROUPR + 4), ==, 0x0000f00f);
    /* 288 interrupts: IGROUPR8 covers 256..287, IGROUPR9 onwards are RAZ/WI. */
    dw(&t, 0, D_IGROUPR + 8 * 4, 0xffffffff);
    g_assert_cmphex(dr(&t, 0, D_IGROUPR + 8 * 4), ==, 0xffffffff);
    dw(&t, 0, D_IGROUPR + 9 * 4, 0xffffffff);
    g_assert_cmphex(dr(&t, 0, D_IGROUPR + 9 * 4), ==, 0);
    gt_free(&t);
}

/* A GIC need not implement a multiple of 32 interrupts (4.3.2, 4.3.5): with 100,
 * IDs 96..99 are the only ones of the fourth word. */
static void test_partial_word(void)
{
    hs_gic_config cfg = cfg_of(1, 100, 4, 5);
    gt t;
    gt_init(&t, &cfg);
    dw(&t, 0, D_ISENABLER + 12, 0xffffffff);
    g_assert_cmphex(dr(&t, 0, D_ISENABLER + 12), ==, 0xf);
    dw(&t, 0, D_IGROUPR + 12, 0xffffffff);
    g_assert_cmphex(dr(&t, 0, D_IGROUPR + 12), ==, 0xf);
    dw(&t, 0, D_IPRIORITYR + 96, 0xffffffff);
    g_assert_cmphex(dr(&t, 0, D_IPRIORITYR + 96), ==, 0xf8f8f8f8);
    dw(&t, 0, D_IPRIORITYR + 100, 0xffffffff);
    g_assert_cmphex(dr(&t, 0, D_IPRIORITYR + 100), ==, 0);
    dw(&t, 0, D_ICFGR + 6 * 4, 0xffffffff);
    g_assert_cmphex(dr(&t, 0, D_ICFGR + 6 * 4), ==, 0x000000aa);
    gt_free(&t);
}

/* 4.3.5, 4.3.6: set-enable and clear-enable read the same state; SGI enables are
 * IMPLEMENTATION DEFINED and, as on the GIC-400, always set (RAO/WI); PPIs are
 * banked. */
static void test_enable(void)
{
    gt t;
    gt_init_cpus(&t, 2);
    dw(&t, 0, D_ICENABLER, 0xffffffff);
    g_assert_cmphex(dr(&t, 0, D_ISENABLER), ==, 0x0000ffff);
    dw(&t, 0, D_ISENABLER, 0x80010000);
    g_assert_cmphex(dr(&t, 0, D_ISENABLER), ==, 0x8001ffff);
    g_assert_cmphex(dr(&t, 0, D_ICENABLER), ==, 0x8001ffff);
    g_assert_cmphex(dr(&t, 1, D_ISENABLER), ==, 0x0000ffff);
    dw(&t, 0, D_ICENABLER, 0x00010000);
    g_assert_cmphex(dr(&t, 0, D_ISENABLER), ==, 0x8000ffff);
    dw(&t, 1, D_ISENABLER + 4, 0x00000300);
    g_assert_cmphex(dr(&t, 0, D_ISENABLER + 4), ==, 0x00000300);
    dw(&t, 0, D_ICENABLER + 4, 0x00000100);
    g_assert_cmphex(dr(&t, 1, D_ICENABLER + 4), ==, 0x00000200);
    dw(&t, 0, D_ISENABLER + 4, 0);    /* writing 0 has no effect */
    g_assert_cmphex(dr(&t, 0, D_ISENABLER + 4), ==, 0x00000200);
    gt_free(&t);
}

/* 4.3.7, 4.3.8: GICv2 ignores writes to the SGI bits of GICD_ISPENDR0 and
 * GICD_ICPENDR0; PPI bits are banked; set-pending and clear-pending read the
 * same state. */
static void test_pending_regs(void)
{
    gt t;
    gt_init_cpus(&t, 2);
    dw(&t, 0, D_ISPENDR, 0xffffffff);
    g_assert_cmphex(dr(&t, 0, D_ISPENDR), ==, 0xffff0000);
    g_assert_cmphex(dr(&t, 1, D_ISPENDR), ==, 0);
    dw(&t, 0, D_ICPENDR, 0x0000ffff);
    g_assert_cmphex(dr(&t, 0, D_ICPENDR), ==, 0xffff0000);
    dw(&t, 0, D_ICPENDR, 0x00ff0000);
    g_assert_cmphex(dr(&t, 0, D_ISPENDR), ==, 0xff000000);
    dw(&t, 1, D_ISPENDR + 4, 0x5);
    g_assert_cmphex(dr(&t, 0, D_ICPENDR + 4), ==, 0x5);
    dw(&t, 0, D_ICPENDR + 4, 0x1);
    g_assert_cmphex(dr(&t, 1, D_ISPENDR + 4), ==, 0x4);
    gt_free(&t);
}

/* 3.2.4 and 4.3.7/4.3.8: a level-sensitive interrupt is pending while its input
 * is asserted, GICD_ICPENDR cannot clear that, and a pending state set through
 * GICD_ISPENDR stays after the input falls. The state changes also while the
 * interrupt is disabled (4.3.5). */
static void test_level_semantics(void)
{
    gt t;
    hs_irq spi, ppi;

    gt_init(&t, NULL);
    spi = hs_gic_spi_in(t.gic, 40);
    ppi = hs_gic_ppi_in(t.gic, 0, 27);
    hs_irq_set(&spi, 1);
    hs_irq_set(&ppi, 1);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 40), ==, 1);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 27), ==, 1);
    gt_set_bit(&t, 0, D_ICPENDR, 40);
    gt_set_bit(&t, 0, D_ICPENDR, 27);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 40), ==, 1);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 27), ==, 1);
    hs_irq_set(&spi, 0);
    hs_irq_set(&ppi, 0);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 40), ==, 0);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 27), ==, 0);
    gt_set_bit(&t, 0, D_ISPENDR, 40);
    hs_irq_set(&spi, 1);
    hs_irq_set(&spi, 0);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 40), ==, 1);
    gt_set_bit(&t, 0, D_ICPENDR, 40);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 40), ==, 0);
    gt_free(&t);
}

/* 3.2.4, 4.3.13: an edge-triggered interrupt latches pending on a rising edge and
 * stays pending when the input falls, until acknowledged or cleared. */
static void test_edge_semantics(void)
{
    gt t;
    hs_irq spi, ppi;

    gt_init(&t, NULL);
    dw(&t, 0, D_ICFGR + 2 * 4, 0x2);          /* SPI 32 edge-triggered */
    dw(&t, 0, D_ICFGR + 4, 0x00800000);        /* PPI 27 edge-triggered */
    spi = hs_gic_spi_in(t.gic, 32);
    ppi = hs_gic_ppi_in(t.gic, 0, 27);
    hs_irq_set(&spi, 1);
    hs_irq_set(&spi, 0);
    hs_irq_set(&ppi, 1);
    hs_irq_set(&ppi, 0);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 32), ==, 1);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 27), ==, 1);
    gt_set_bit(&t, 0, D_ICPENDR, 32);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 32), ==, 0);
    hs_irq_set(&spi, 1);                       /* a new rising edge */
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 32), ==, 1);
    gt_set_bit(&t, 0, D_ICPENDR, 32);          /* the high level does not hold it pending */
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 32), ==, 0);
    gt_free(&t);
}

/* 4.3.9, 4.3.10: set-active and clear-active, banked for IDs 0..31. */
static void test_active_regs(void)
{
    gt t;
    gt_init_cpus(&t, 2);
    dw(&t, 0, D_ISACTIVER, 0x00010003);
    g_assert_cmphex(dr(&t, 0, D_ISACTIVER), ==, 0x00010003);
    g_assert_cmphex(dr(&t, 0, D_ICACTIVER), ==, 0x00010003);
    g_assert_cmphex(dr(&t, 1, D_ISACTIVER), ==, 0);
    dw(&t, 0, D_ICACTIVER, 0x00000001);
    g_assert_cmphex(dr(&t, 0, D_ISACTIVER), ==, 0x00010002);
    dw(&t, 1, D_ISACTIVER + 8, 0x80000000);
    g_assert_cmphex(dr(&t, 0, D_ISACTIVER + 8), ==, 0x80000000);
    dw(&t, 0, D_ICACTIVER + 8, 0x80000000);
    g_assert_cmphex(dr(&t, 1, D_ISACTIVER + 8), ==, 0);
    gt_free(&t);
}

/* 4.3.11: byte-accessible; a GIC with N priority bits implements the N most
 * significant bits of each field, the others RAZ/WI; IDs 0..31 banked. */
static void test_priority(void)
{
    static const struct {
        unsigned bits;
        uint32_t mask;
    } c[] = { { 4, 0xf0f0f0f0 }, { 5, 0xf8f8f8f8 }, { 6, 0xfcfcfcfc }, { 8, 0xffffffff } };
    for (unsigned i = 0; i < G_N_ELEMENTS(c); i++) {
        hs_gic_config cfg = cfg_of(2, 288, 4, c[i].bits);
        gt t;
        gt_init(&t, &cfg);
        dw(&t, 0, D_IPRIORITYR + 32, 0xffffffff);
        g_assert_cmphex(dr(&t, 0, D_IPRIORITYR + 32), ==, c[i].mask);
        dw(&t, 1, D_IPRIORITYR + 32, 0x12345678);
        g_assert_cmphex(dr(&t, 0, D_IPRIORITYR + 32), ==, 0x12345678 & c[i].mask);
        gt_write(&t, &hs_gicd_ops, 0, D_IPRIORITYR + 4 + 1, 0xa8, 1);
        g_assert_cmphex(dr(&t, 0, D_IPRIORITYR + 4), ==, 0xa800 & c[i].mask);
        g_assert_cmphex(dr(&t, 1, D_IPRIORITYR + 4), ==, 0);
        gt_write(&t, &hs_gicd_ops, 1, D_IPRIORITYR + 31, 0xff, 1);
        g_assert_cmphex(gt_read(&t, &hs_gicd_ops, 1, D_IPRIORITYR + 31, 1), ==, c[i].mask & 0xff);
        g_assert_cmphex(gt_read(&t, &hs_gicd_ops, 0, D_IPRIORITYR + 31, 1), ==, 0);
        dw(&t, 0, D_IPRIORITYR + 288, 0xffffffff);     /* unimplemented IDs */
        g_assert_cmphex(dr(&t, 0, D_IPRIORITYR + 288), ==, 0);
        gt_free(&t);
    }
}

/* 4.3.12: GICD_ITARGETSR0..7 are read-only and each field reads as the bit of
 * the CPU reading it; SPI fields are RW with bits of absent CPU interfaces
 * RAZ/WI; byte-accessible. */
static void test_targets(void)
{
    gt t;
    gt_init_cpus(&t, 2);
    for (unsigned r = 0; r < 8; r++) {
        g_assert_cmphex(dr(&t, 0, D_ITARGETSR + 4 * r), ==, 0x01010101);
        g_assert_cmphex(dr(&t, 1, D_ITARGETSR + 4 * r), ==, 0x02020202);
    }
    dw(&t, 0, D_ITARGETSR + 28, 0);
    g_assert_cmphex(dr(&t, 0, D_ITARGETSR + 28), ==, 0x01010101);
    dw(&t, 0, D_ITARGETSR + 32, 0xff030201);
    g_assert_cmphex(dr(&t, 1, D_ITARGETSR + 32), ==, 0x03030201);
    gt_write(&t, &hs_gicd_ops, 1, D_ITARGETSR + 35, 0x02, 1);
    g_assert_cmphex(gt_read(&t, &hs_gicd_ops, 0, D_ITARGETSR + 35, 1), ==, 0x02);
    g_assert_cmphex(dr(&t, 0, D_ITARGETSR + 32), ==, 0x02030201);
    gt_free(&t);
}

/* 4.3.12: "In a uniprocessor implementation, all interrupts target the one
 * processor, and the GICD_ITARGETSRs are RAZ/WI." */
static void test_targets_uniprocessor(void)
{
    gt t;
    gt_init(&t, NULL);
    g_assert_cmphex(dr(&t, 0, D_ITARGETSR), ==, 0);
    dw(&t, 0, D_ITARGETSR + 40, 0x01010101);
    g_assert_cmphex(dr(&t, 0, D_ITARGETSR + 40), ==, 0);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 0, 42, 0x40);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 1);
    g_assert_cmphex(cr(&t, 0, C_IAR), ==, 42);
    gt_free(&t);
}

/* 3.1.1 (1-N model) and 4.3.12: an SPI is forwarded to every CPU in its target
 * list; once one acknowledges it, it is active and no longer pending, so the
 * others stop seeing it. An SPI with no target is not forwarded. */
static void test_spi_1_n(void)
{
    gt t;
    gt_init_cpus(&t, 3);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 0, 50, 0x40);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    gt_write(&t, &hs_gicd_ops, 0, D_ITARGETSR + 50, 0x06, 1);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    g_assert_cmpint(t.level[1][HS_LINE_IRQ], ==, 1);
    g_assert_cmpint(t.level[2][HS_LINE_IRQ], ==, 1);
    g_assert_cmphex(cr(&t, 2, C_IAR), ==, 50);
    g_assert_cmpint(t.level[1][HS_LINE_IRQ], ==, 0);
    g_assert_cmphex(cr(&t, 1, C_IAR), ==, 1023);
    cw(&t, 2, C_EOIR, 50);
    g_assert_cmpint(t.level[1][HS_LINE_IRQ], ==, 0);    /* the ack consumed the pending state */
    gt_free(&t);
}

/* 4.3.13: two bits per interrupt, Int_config[1] (odd bit) edge/level; SGI fields
 * read-only 0b10; the PPI register is programmable here and therefore banked;
 * Int_config[0] is reserved (RAZ/WI). */
static void test_icfgr(void)
{
    gt t;
    gt_init_cpus(&t, 2);
    dw(&t, 0, D_ICFGR, 0);
    g_assert_cmphex(dr(&t, 0, D_ICFGR), ==, 0xaaaaaaaa);
    dw(&t, 0, D_ICFGR + 4, 0xffffffff);
    g_assert_cmphex(dr(&t, 0, D_ICFGR + 4), ==, 0xaaaaaaaa);
    g_assert_cmphex(dr(&t, 1, D_ICFGR + 4), ==, 0);
    dw(&t, 1, D_ICFGR + 8, 0x0000000a);
    g_assert_cmphex(dr(&t, 0, D_ICFGR + 8), ==, 0x0000000a);
    dw(&t, 0, D_ICFGR + 8 * 4, 0xffffffff);          /* IDs 256..271 */
    g_assert_cmphex(dr(&t, 0, D_ICFGR + 8 * 4), ==, 0xaaaaaaaa);
    dw(&t, 0, D_ICFGR + 18 * 4, 0xffffffff);         /* IDs 288..303: not implemented */
    g_assert_cmphex(dr(&t, 0, D_ICFGR + 18 * 4), ==, 0);
    gt_free(&t);
}

/* 4.3.14: no Security Extensions: GICD_NSACRn are RAZ/WI. */
static void test_nsacr(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_log_begin();
    dw(&t, 0, D_NSACR, 0xffffffff);
    g_assert_cmphex(dr(&t, 0, D_NSACR), ==, 0);
    g_assert_cmpuint(gt_log_end(), ==, 0);
    gt_free(&t);
}

/* 4.3.15: TargetListFilter 0b00 = CPUTargetList, 0b01 = all but the requester,
 * 0b10 = the requester only; 0b11 reserved. 4.3.17: the target's
 * GICD_SPENDSGIRn shows the source CPU bit. */
static void test_sgir_filters(void)
{
    gt t;
    gt_init_cpus(&t, 4);
    dw(&t, 1, D_SGIR, (0u << 24) | (0xf6u << 16) | 3);    /* list: CPUs 1, 2 (+absent 4..7) */
    g_assert_cmphex(dr(&t, 0, D_SPENDSGIR), ==, 0);
    g_assert_cmphex(dr(&t, 1, D_SPENDSGIR), ==, 0x02000000);
    g_assert_cmphex(dr(&t, 2, D_SPENDSGIR), ==, 0x02000000);
    g_assert_cmphex(dr(&t, 3, D_SPENDSGIR), ==, 0);
    dw(&t, 2, D_SGIR, (1u << 24) | 5);                   /* all but CPU 2 */
    g_assert_cmphex(dr(&t, 0, D_SPENDSGIR + 4), ==, 0x00000400);
    g_assert_cmphex(dr(&t, 1, D_SPENDSGIR + 4), ==, 0x00000400);
    g_assert_cmphex(dr(&t, 2, D_SPENDSGIR + 4), ==, 0);
    g_assert_cmphex(dr(&t, 3, D_SPENDSGIR + 4), ==, 0x00000400);
    dw(&t, 3, D_SGIR, (2u << 24) | (0xffu << 16) | 15);  /* self only: list ignored */
    g_assert_cmphex(dr(&t, 3, D_SPENDSGIR + 12), ==, 0x08000000);
    g_assert_cmphex(dr(&t, 0, D_SPENDSGIR + 12), ==, 0);
    g_assert_cmphex(dr(&t, 3, D_ISPENDR), ==, (1u << 15) | (1u << 5));
    gt_log_begin();
    dw(&t, 0, D_SGIR, (3u << 24) | (0xffu << 16) | 7);   /* reserved filter */
    g_assert_cmpuint(gt_log_end(), ==, 1);
    for (unsigned cpu = 0; cpu < 4; cpu++) {
        g_assert_cmphex(dr(&t, cpu, D_SPENDSGIR + 4) >> 24, ==, 0);    /* SGI 7 */
        g_assert_cmpint(gt_get_bit(&t, cpu, D_ISPENDR, 7), ==, 0);
    }
    gt_free(&t);
}

/* 4.3.16, 4.3.17: byte-accessible, one byte per SGI, one bit per source CPU,
 * banked by target; setting and clearing per source; bits of absent CPUs
 * RAZ/WI; the SGI is pending while any source bit is set. */
static void test_spendsgir_cpendsgir(void)
{
    gt t;
    gt_init_cpus(&t, 2);
    gt_write(&t, &hs_gicd_ops, 1, D_SPENDSGIR + 9, 0xff, 1);   /* SGI 9, all sources */
    g_assert_cmphex(gt_read(&t, &hs_gicd_ops, 1, D_SPENDSGIR + 9, 1), ==, 0x03);
    g_assert_cmphex(dr(&t, 1, D_CPENDSGIR + 8), ==, 0x00000300);
    g_assert_cmphex(dr(&t, 0, D_SPENDSGIR + 8), ==, 0);
    g_assert_cmpint(gt_get_bit(&t, 1, D_ISPENDR, 9), ==, 1);
    gt_write(&t, &hs_gicd_ops, 1, D_CPENDSGIR + 9, 0x01, 1);
    g_assert_cmphex(dr(&t, 1, D_SPENDSGIR + 8), ==, 0x00000200);
    g_assert_cmpint(gt_get_bit(&t, 1, D_ISPENDR, 9), ==, 1);
    dw(&t, 1, D_CPENDSGIR + 8, 0xffffffff);
    g_assert_cmphex(dr(&t, 1, D_SPENDSGIR + 8), ==, 0);
    g_assert_cmpint(gt_get_bit(&t, 1, D_ISPENDR, 9), ==, 0);
    gt_free(&t);
}

/* 3.2.4, 4.3.15-4.3.17 and 4.4.4: an SGI is pending per source CPU; GICC_IAR
 * reports the source in bits [12:10] and acknowledges that source only, so the
 * SGI stays pending for the others (active and pending); once deactivated, the
 * next source is acknowledged. Which source goes first is IMPLEMENTATION
 * DEFINED: the model takes the lowest-numbered one (README.md). */
static void test_sgi_pending_per_source(void)
{
    gt t;
    gt_init_cpus(&t, 4);
    gt_enable_all(&t, CTLR_GRP0);
    gt_set_priority(&t, 1, 3, 0x30);
    dw(&t, 2, D_SGIR, (0x2u << 16) | 3);
    dw(&t, 0, D_SGIR, (0x2u << 16) | 3);
    g_assert_cmphex(dr(&t, 1, D_SPENDSGIR), ==, 0x05000000);
    g_assert_cmpint(t.level[1][HS_LINE_IRQ], ==, 1);
    g_assert_cmphex(cr(&t, 1, C_HPPIR), ==, 3 | (0u << 10));
    g_assert_cmphex(cr(&t, 1, C_IAR), ==, 3 | (0u << 10));
    g_assert_cmphex(dr(&t, 1, D_SPENDSGIR), ==, 0x04000000);
    g_assert_cmpint(gt_get_bit(&t, 1, D_ISPENDR, 3), ==, 1);
    g_assert_cmpint(gt_get_bit(&t, 1, D_ISACTIVER, 3), ==, 1);
    g_assert_cmphex(cr(&t, 1, C_IAR), ==, 1023);   /* active: not a candidate */
    cw(&t, 1, C_EOIR, 3 | (0u << 10));
    g_assert_cmpint(t.level[1][HS_LINE_IRQ], ==, 1);
    g_assert_cmphex(cr(&t, 1, C_HPPIR), ==, 3 | (2u << 10));
    g_assert_cmphex(cr(&t, 1, C_IAR), ==, 3 | (2u << 10));
    g_assert_cmpint(gt_get_bit(&t, 1, D_ISPENDR, 3), ==, 0);
    cw(&t, 1, C_EOIR, 3 | (2u << 10));
    g_assert_cmphex(cr(&t, 1, C_IAR), ==, 1023);
    g_assert_cmpint(t.level[1][HS_LINE_IRQ], ==, 0);
    gt_free(&t);
}

/* The SGI hook: what it was handed, (source, target, INTID) per call. */
typedef struct sgi_calls {
    unsigned n;
    unsigned call[16][3];
    hs_gic *pass;            /* non-NULL: latch each at once through hs_gic_sgi_in */
} sgi_calls;

static void sgi_hook(void *opaque, unsigned source, unsigned target, unsigned intid)
{
    sgi_calls *c = opaque;

    g_assert_cmpuint(c->n, <, G_N_ELEMENTS(c->call));
    c->call[c->n][0] = source;
    c->call[c->n][1] = target;
    c->call[c->n][2] = intid;
    c->n++;
    if (c->pass) {
        hs_gic_sgi_in(c->pass, source, target, intid);
    }
}

static void assert_sgi_calls(sgi_calls *c, const unsigned (*want)[3], unsigned n)
{
    g_assert_cmpuint(c->n, ==, n);
    for (unsigned i = 0; i < n; i++) {
        g_assert_cmpuint(c->call[i][0], ==, want[i][0]);
        g_assert_cmpuint(c->call[i][1], ==, want[i][1]);
        g_assert_cmpuint(c->call[i][2], ==, want[i][2]);
    }
    c->n = 0;
}

/* 4.3.15 with the SGI hook connected: each SGI a GICD_SGIR write generates,
 * for each TargetListFilter, goes to the hook as (requesting CPU, target CPU,
 * SGIINTID) and nothing is latched; the write is still traced. */
static void test_sgi_hook(void)
{
    static const unsigned list[][3] = { { 1, 1, 3 }, { 1, 2, 3 } };
    static const unsigned others[][3] = { { 2, 0, 5 }, { 2, 1, 5 }, { 2, 3, 5 } };
    static const unsigned self[][3] = { { 3, 3, 15 } };
    sgi_calls calls = { 0 };
    gt t;

    gt_init_cpus(&t, 4);
    gt_enable_all(&t, CTLR_GRP0);
    hs_gic_connect_sgi(t.gic, sgi_hook, &calls);
    gt_clear_events(&t);
    dw(&t, 1, D_SGIR, (0u << 24) | (0xf6u << 16) | 3);    /* list: CPUs 1, 2 (+absent 4..7) */
    assert_sgi_calls(&calls, list, G_N_ELEMENTS(list));
    dw(&t, 2, D_SGIR, (1u << 24) | 5);                   /* all but CPU 2 */
    assert_sgi_calls(&calls, others, G_N_ELEMENTS(others));
    dw(&t, 3, D_SGIR, (2u << 24) | (0xffu << 16) | 15);  /* self only: list ignored */
    assert_sgi_calls(&calls, self, G_N_ELEMENTS(self));
    gt_log_begin();
    dw(&t, 0, D_SGIR, (3u << 24) | (0xffu << 16) | 7);   /* reserved filter: none */
    g_assert_cmpuint(gt_log_end(), ==, 1);
    g_assert_cmpuint(calls.n, ==, 0);
    g_assert_cmpuint(gt_count(&t, HS_EV_gic_write), ==, 4);
    g_assert_cmphex(gt_find(&t, HS_EV_gic_write, 0)->f[1], ==, D_SGIR);
    g_assert_cmpuint(gt_count(&t, HS_EV_line), ==, 0);
    for (unsigned cpu = 0; cpu < 4; cpu++) {
        for (unsigned n = 0; n < 4; n++) {
            g_assert_cmphex(dr(&t, cpu, D_SPENDSGIR + 4 * n), ==, 0);
        }
        g_assert_cmphex(dr(&t, cpu, D_ISPENDR) & 0xffff, ==, 0);
        g_assert_cmpint(t.level[cpu][HS_LINE_IRQ], ==, 0);
    }
    gt_free(&t);
}

/* hs_gic_sgi_in latches as GICD_SGIR does (4.3.15, 4.3.17: the source's bit of
 * the target's GICD_SPENDSGIRn) and raises the target's IRQ; a second SGI from
 * the same source while pending is the same pending state (one acknowledge),
 * another source's is its own (3.2.4, 4.4.4: IAR CPUID bits [12:10]). */
static void test_sgi_in(void)
{
    sgi_calls calls = { 0 };
    gt t;

    gt_init_cpus(&t, 4);
    gt_enable_all(&t, CTLR_GRP0);
    hs_gic_connect_sgi(t.gic, sgi_hook, &calls);
    hs_gic_sgi_in(t.gic, 1, 2, 3);
    g_assert_cmphex(dr(&t, 2, D_SPENDSGIR), ==, 0x02000000);
    g_assert_cmpint(gt_get_bit(&t, 2, D_ISPENDR, 3), ==, 1);
    g_assert_cmpint(t.level[2][HS_LINE_IRQ], ==, 1);
    g_assert_cmpuint(t.edges[2][HS_LINE_IRQ], ==, 1);
    for (unsigned cpu = 0; cpu < 4; cpu++) {
        if (cpu != 2) {
            g_assert_cmphex(dr(&t, cpu, D_SPENDSGIR), ==, 0);
            g_assert_cmpint(t.level[cpu][HS_LINE_IRQ], ==, 0);
        }
    }
    hs_gic_sgi_in(t.gic, 1, 2, 3);                       /* merges */
    hs_gic_sgi_in(t.gic, 0, 2, 3);
    g_assert_cmphex(dr(&t, 2, D_SPENDSGIR), ==, 0x03000000);
    g_assert_cmphex(cr(&t, 2, C_IAR), ==, 3 | (0u << 10));
    cw(&t, 2, C_EOIR, 3 | (0u << 10));
    g_assert_cmphex(cr(&t, 2, C_IAR), ==, 3 | (1u << 10));
    cw(&t, 2, C_EOIR, 3 | (1u << 10));
    g_assert_cmphex(cr(&t, 2, C_IAR), ==, 1023);
    g_assert_cmpint(t.level[2][HS_LINE_IRQ], ==, 0);
    g_assert_cmpuint(calls.n, ==, 0);                    /* latching calls no hook */

    /* A hook that latches each SGI at once gives the unhooked GIC's state. */
    calls.pass = t.gic;
    dw(&t, 1, D_SGIR, (0u << 24) | (0x6u << 16) | 9);
    g_assert_cmpuint(calls.n, ==, 2);
    g_assert_cmphex(dr(&t, 1, D_SPENDSGIR + 8), ==, 0x00000200);
    g_assert_cmphex(dr(&t, 2, D_SPENDSGIR + 8), ==, 0x00000200);
    g_assert_cmpint(t.level[1][HS_LINE_IRQ], ==, 1);
    g_assert_cmpint(t.level[2][HS_LINE_IRQ], ==, 1);

    /* Disconnected, GICD_SGIR latches by itself again. */
    calls.n = 0;
    hs_gic_connect_sgi(t.gic, NULL, NULL);
    dw(&t, 0, D_SGIR, (2u << 24) | 4);
    g_assert_cmpuint(calls.n, ==, 0);
    g_assert_cmphex(dr(&t, 0, D_SPENDSGIR + 4), ==, 0x00000001);
    gt_free(&t);
}

/* 8 CPU interfaces: SGIs reach every CPU, each sees its own target bit. */
static void test_eight_cpus(void)
{
    hs_gic_config cfg = cfg_of(8, 288, 4, 5);
    gt t;
    gt_init(&t, &cfg);
    g_assert_cmphex(dr(&t, 7, D_TYPER) >> 5 & 7, ==, 7);
    g_assert_cmphex(dr(&t, 7, D_ITARGETSR), ==, 0x80808080);
    gt_enable_all(&t, CTLR_GRP0);
    dw(&t, 7, D_SGIR, (1u << 24) | 1);
    for (unsigned cpu = 0; cpu < 7; cpu++) {
        g_assert_cmpint(t.level[cpu][HS_LINE_IRQ], ==, 1);
        g_assert_cmphex(cr(&t, cpu, C_IAR), ==, 1 | (7u << 10));
    }
    g_assert_cmpint(t.level[7][HS_LINE_IRQ], ==, 0);
    dw(&t, 0, D_ITARGETSR + 100, 0xff);
    g_assert_cmphex(gt_read(&t, &hs_gicd_ops, 3, D_ITARGETSR + 100, 1), ==, 0xff);
    gt_free(&t);
}

void gic_dist_tests(void)
{
    g_test_add_func("/gic/dist/ctlr", test_ctlr);
    g_test_add_func("/gic/dist/typer", test_typer);
    g_test_add_func("/gic/dist/identification", test_identification);
    g_test_add_func("/gic/dist/igroupr", test_igroupr);
    g_test_add_func("/gic/dist/partial-word", test_partial_word);
    g_test_add_func("/gic/dist/enable", test_enable);
    g_test_add_func("/gic/dist/pending-regs", test_pending_regs);
    g_test_add_func("/gic/dist/level-semantics", test_level_semantics);
    g_test_add_func("/gic/dist/edge-semantics", test_edge_semantics);
    g_test_add_func("/gic/dist/active-regs", test_active_regs);
    g_test_add_func("/gic/dist/priority", test_priority);
    g_test_add_func("/gic/dist/targets", test_targets);
    g_test_add_func("/gic/dist/targets-uniprocessor", test_targets_uniprocessor);
    g_test_add_func("/gic/dist/spi-1-n", test_spi_1_n);
    g_test_add_func("/gic/dist/icfgr", test_icfgr);
    g_test_add_func("/gic/dist/nsacr", test_nsacr);
    g_test_add_func("/gic/dist/sgir-filters", test_sgir_filters);
    g_test_add_func("/gic/dist/spendsgir-cpendsgir", test_spendsgir_cpendsgir);
    g_test_add_func("/gic/dist/sgi-pending-per-source", test_sgi_pending_per_source);
    g_test_add_func("/gic/dist/sgi-hook", test_sgi_hook);
    g_test_add_func("/gic/dist/sgi-in", test_sgi_in);
    g_test_add_func("/gic/dist/eight-cpus", test_eight_cpus);
}
