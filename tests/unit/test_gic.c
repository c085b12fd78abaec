/* GIC unit tests: the shared fixture, configuration and construction, reset
 * values, output lines, tracing, access sizes and offsets, and the maintenance
 * interrupt wired to its PPI. The Distributor, CPU interface and virtual
 * interface tests are in test_gic_dist.c, test_gic_cpuif.c and test_gic_virt.c.
 * Expected values come from ARM IHI 0048B.b (cited by section) and, for values
 * the architecture leaves IMPLEMENTATION DEFINED, from the CoreLink GIC-400 TRM
 * (ARM DDI 0471B) the model identifies as. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/gic_test.h"
#include "sim/log.h"

/* ---- fixture ---------------------------------------------------------- */

static void gt_sink(void *opaque, const hs_record *r)
{
    gt *t = opaque;
    g_array_append_val(t->events, *r);
}

static void gt_line(void *opaque, int n, int level)
{
    gt *t = opaque;
    unsigned cpu = (unsigned)n / HS_LINE__COUNT;
    unsigned line = (unsigned)n % HS_LINE__COUNT;

    g_assert_cmpint(level, !=, t->level[cpu][line]);   /* only changes are signalled */
    t->level[cpu][line] = level;
    t->edges[cpu][line]++;
    hs_irq_set(&t->forward[cpu][line], level);
}

void gt_init(gt *t, const hs_gic_config *cfg)
{
    const char *bad = NULL;

    memset(t, 0, sizeof *t);
    t->cfg = cfg ? *cfg : HS_GIC_CONFIG_GIC400;
    hs_tracer_init(&t->tracer);
    g_assert_cmpint(hs_tracer_select(&t->tracer, "all", &bad), ==, 0);
    t->events = g_array_new(FALSE, FALSE, sizeof(hs_record));
    hs_tracer_add_sink(&t->tracer, (hs_trace_sink){ gt_sink, t });
    g_assert_cmpint(hs_gic_new(&t->cfg, &t->tracer, &t->gic), ==, HS_GIC_OK);
    for (unsigned cpu = 0; cpu < t->cfg.num_cpu; cpu++) {
        for (unsigned l = 0; l < HS_LINE__COUNT; l++) {
            hs_gic_connect(t->gic, cpu, (hs_gic_line)l,
                           hs_irq_make(gt_line, t, (int)(cpu * HS_LINE__COUNT + l)));
        }
    }
}

void gt_init_cpus(gt *t, unsigned num_cpu)
{
    hs_gic_config cfg = HS_GIC_CONFIG_GIC400;
    cfg.num_cpu = num_cpu;
    gt_init(t, &cfg);
}

void gt_free(gt *t)
{
    hs_gic_free(t->gic);
    g_array_free(t->events, TRUE);
}

void gt_forward(gt *t, unsigned cpu, hs_gic_line line, hs_irq to)
{
    t->forward[cpu][line] = to;
    if (t->level[cpu][line]) {
        hs_irq_set(&to, 1);
    }
}

uint64_t gt_read(gt *t, const hs_mmio_ops *ops, unsigned cpu, uint64_t off, unsigned size)
{
    return ops->read(t->gic, off, size, cpu);
}

void gt_write(gt *t, const hs_mmio_ops *ops, unsigned cpu, uint64_t off, uint64_t v, unsigned size)
{
    ops->write(t->gic, off, v, size, cpu);
}

void gt_set_bit(gt *t, unsigned cpu, uint64_t base, unsigned intid)
{
    dw(t, cpu, base + intid / 32 * 4, 1u << (intid % 32));
}

int gt_get_bit(gt *t, unsigned cpu, uint64_t base, unsigned intid)
{
    return (dr(t, cpu, base + intid / 32 * 4) >> (intid % 32)) & 1;
}

void gt_set_priority(gt *t, unsigned cpu, unsigned intid, uint8_t prio)
{
    gt_write(t, &hs_gicd_ops, cpu, D_IPRIORITYR + intid, prio, 1);
}

void gt_enable_all(gt *t, uint32_t cpu_ctlr)
{
    dw(t, 0, D_CTLR, 0x3);
    for (unsigned cpu = 0; cpu < t->cfg.num_cpu; cpu++) {
        cw(t, cpu, C_CTLR, cpu_ctlr);
        cw(t, cpu, C_PMR, 0xff);
    }
}

void gt_raise(gt *t, unsigned cpu, unsigned intid, uint8_t prio)
{
    gt_set_priority(t, cpu, intid, prio);
    gt_set_bit(t, cpu, D_ISENABLER, intid);
    gt_set_bit(t, cpu, D_ISPENDR, intid);
}

void gt_virt_on(gt *t, unsigned cpu, uint32_t ctlr)
{
    hw(t, cpu, H_HCR, HCR_EN);
    vw(t, cpu, C_CTLR, ctlr);
    vw(t, cpu, C_PMR, 0xf8);
}

void gt_clear_events(gt *t)
{
    g_array_set_size(t->events, 0);
}

unsigned gt_count(gt *t, hs_event ev)
{
    unsigned n = 0;
    for (unsigned i = 0; i < t->events->len; i++) {
        n += g_array_index(t->events, hs_record, i).event == (uint32_t)ev;
    }
    return n;
}

const hs_record *gt_find(gt *t, hs_event ev, unsigned which)
{
    for (unsigned i = 0; i < t->events->len; i++) {
        const hs_record *r = &g_array_index(t->events, hs_record, i);
        if (r->event == (uint32_t)ev && which-- == 0) {
            return r;
        }
    }
    return NULL;
}

int gt_index(gt *t, hs_event ev)
{
    for (unsigned i = 0; i < t->events->len; i++) {
        if (g_array_index(t->events, hs_record, i).event == (uint32_t)ev) {
            return (int)i;
        }
    }
    return -1;
}

static char *log_buf;
static size_t log_len;

void gt_log_begin(void)
{
    g_assert_null(hs_log_file);
    hs_log_file = open_memstream(&log_buf, &log_len);
    g_assert_nonnull(hs_log_file);
    hs_log_mask = HS_LOG_GUEST_ERROR;
}

unsigned gt_log_end(void)
{
    unsigned lines = 0;

    fclose(hs_log_file);
    hs_log_file = NULL;
    hs_log_mask = 0;
    for (size_t i = 0; i < log_len; i++) {
        lines += log_buf[i] == '\n';
    }
    if (g_test_verbose() && log_len) {
        g_test_message("guest errors: %s", log_buf);
    }
    free(log_buf);
    log_buf = NULL;
    log_len = 0;
    return lines;
}

/* ---- configuration ---------------------------------------------------- */

static void test_config_errors(void)
{
    static const struct {
        hs_gic_config cfg;
        hs_gic_err err;
    } bad[] = {
        { { 0, 288, 4, 5, 25 }, HS_GIC_ERR_CPUS },
        { { 9, 288, 4, 5, 25 }, HS_GIC_ERR_CPUS },
        { { 1, 31, 4, 5, 25 }, HS_GIC_ERR_IRQS },
        { { 1, 1021, 4, 5, 25 }, HS_GIC_ERR_IRQS },
        { { 1, 288, 0, 5, 25 }, HS_GIC_ERR_LRS },
        { { 1, 288, 65, 5, 25 }, HS_GIC_ERR_LRS },
        { { 1, 288, 4, 3, 25 }, HS_GIC_ERR_PRIO },
        { { 1, 288, 4, 9, 25 }, HS_GIC_ERR_PRIO },
        { { 1, 288, 4, 5, 15 }, HS_GIC_ERR_MAINT },
        { { 1, 288, 4, 5, 32 }, HS_GIC_ERR_MAINT },
    };
    hs_gic *g = (hs_gic *)&bad;

    for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
        g = (hs_gic *)&bad;
        g_assert_cmpint(hs_gic_new(&bad[i].cfg, NULL, &g), ==, bad[i].err);
        g_assert_null(g);
    }
    g_assert_cmpint(hs_gic_new(NULL, NULL, &g), ==, HS_GIC_ERR_ARG);
    g_assert_cmpint(hs_gic_new(&bad[0].cfg, NULL, NULL), ==, HS_GIC_ERR_ARG);
    /* Every error has its own message, naming the range. */
    for (int e = HS_GIC_OK; e <= HS_GIC_ERR_ARG; e++) {
        const char *m = hs_gic_strerror((hs_gic_err)e);
        g_assert_nonnull(m);
        g_assert_cmpuint(strlen(m), >, 0);
        for (int f = HS_GIC_OK; f < e; f++) {
            g_assert_cmpstr(m, !=, hs_gic_strerror((hs_gic_err)f));
        }
    }
    g_assert_nonnull(strstr(hs_gic_strerror(HS_GIC_ERR_LRS), "1 to 64"));
}

static void test_config_limits(void)
{
    /* The ranges: CPUs 1..8, lines 32..1020, LRs 1..64, priority bits
     * 4..8; the maintenance interrupt is a PPI (IHI 0048B 2.2.1: IDs 16-31). */
    static const hs_gic_config ok[] = {
        { 1, 32, 1, 4, 16 },
        { 8, 1020, 64, 8, 31 },
        { 3, 100, 7, 6, 25 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(ok); i++) {
        hs_gic *g = NULL;
        g_assert_cmpint(hs_gic_new(&ok[i], NULL, &g), ==, HS_GIC_OK);
        g_assert_nonnull(g);
        g_assert_cmpuint(hs_gic_get_config(g)->num_lr, ==, ok[i].num_lr);
        hs_gic_free(g);
    }
}

static void test_config_virt_a15(void)
{
    hs_gic_config c = HS_GIC_CONFIG_GIC400;
    g_assert_cmpuint(c.num_cpu, ==, 1);
    g_assert_cmpuint(c.num_irq, ==, 288);
    g_assert_cmpuint(c.num_lr, ==, 4);
    g_assert_cmpuint(c.priority_bits, ==, 5);
    g_assert_cmpuint(c.maint_intid, ==, 25);
}

/* ---- reset ------------------------------------------------------------ */

/* Reset values: IHI 0048B 4.3 (Table 4-1), 4.4 (Table 4-2) and 5.3 (Table 5-1);
 * where those say IMPLEMENTATION DEFINED, the GIC-400's (DDI 0471B 3.2-3.4). */
static void check_reset_values(gt *t, unsigned cpu)
{
    g_assert_cmphex(dr(t, cpu, D_CTLR), ==, 0);
    g_assert_cmphex(dr(t, cpu, D_ISENABLER), ==, 0x0000ffff);    /* SGIs always enabled */
    g_assert_cmphex(dr(t, cpu, D_ISPENDR), ==, 0);
    g_assert_cmphex(dr(t, cpu, D_ISACTIVER), ==, 0);
    g_assert_cmphex(dr(t, cpu, D_IGROUPR), ==, 0);
    g_assert_cmphex(dr(t, cpu, D_IPRIORITYR + 32), ==, 0);
    g_assert_cmphex(dr(t, cpu, D_ICFGR), ==, 0xaaaaaaaa);
    g_assert_cmphex(dr(t, cpu, D_ICFGR + 8), ==, 0);
    g_assert_cmphex(cr(t, cpu, C_CTLR), ==, 0);
    g_assert_cmphex(cr(t, cpu, C_PMR), ==, 0);
    g_assert_cmphex(cr(t, cpu, C_BPR), ==, 2);
    g_assert_cmphex(cr(t, cpu, C_ABPR), ==, 3);
    g_assert_cmphex(cr(t, cpu, C_RPR), ==, 0xff);
    g_assert_cmphex(cr(t, cpu, C_HPPIR), ==, 1023);
    g_assert_cmphex(cr(t, cpu, C_APR0), ==, 0);
    g_assert_cmphex(cr(t, cpu, C_NSAPR0), ==, 0);
    g_assert_cmphex(hr(t, cpu, H_HCR), ==, 0);
    g_assert_cmphex(hr(t, cpu, H_VTR), ==, 0x90000003);
    g_assert_cmphex(hr(t, cpu, H_VMCR), ==, 0x004c0000);
    g_assert_cmphex(hr(t, cpu, H_MISR), ==, 0);
    g_assert_cmphex(hr(t, cpu, H_EISR0), ==, 0);
    g_assert_cmphex(hr(t, cpu, H_ELRSR0), ==, 0xf);
    g_assert_cmphex(hr(t, cpu, H_APR), ==, 0);
    for (unsigned n = 0; n < 4; n++) {
        g_assert_cmphex(hr(t, cpu, H_LR0 + 4 * n), ==, 0);
    }
    g_assert_cmphex(vr(t, cpu, C_CTLR), ==, 0);
    g_assert_cmphex(vr(t, cpu, C_PMR), ==, 0);
    g_assert_cmphex(vr(t, cpu, C_BPR), ==, 2);
    g_assert_cmphex(vr(t, cpu, C_ABPR), ==, 3);
    g_assert_cmphex(vr(t, cpu, C_RPR), ==, 0xff);
    g_assert_cmphex(vr(t, cpu, C_HPPIR), ==, 1023);
    for (unsigned l = 0; l < HS_LINE__COUNT; l++) {
        g_assert_cmpint(hs_gic_line_level(t->gic, cpu, (hs_gic_line)l), ==, 0);
    }
}

static void test_reset_values(void)
{
    gt t;
    gt_init_cpus(&t, 2);
    check_reset_values(&t, 0);
    check_reset_values(&t, 1);
    /* Creating the GIC reports no state change. */
    g_assert_cmpuint(gt_count(&t, HS_EV_line), ==, 0);
    g_assert_cmpuint(gt_count(&t, HS_EV_gich_elrsr), ==, 0);
    gt_free(&t);
}

static void test_reset_restores(void)
{
    gt t;
    hs_irq spi;

    gt_init_cpus(&t, 2);
    gt_enable_all(&t, CTLR_GRP0 | CTLR_GRP1);
    gt_raise(&t, 1, 40, 0x80);
    dw(&t, 0, D_ITARGETSR + 40, 0x02);
    cw(&t, 1, C_BPR, 5);
    hw(&t, 1, H_HCR, HCR_EN | HCR_UIE);
    hw(&t, 1, H_LR0, lr_sw(LR_PENDING, 0, 1, 0, 0, 33));
    vw(&t, 1, C_CTLR, CTLR_GRP0);
    vw(&t, 1, C_PMR, 0xf8);
    g_assert_cmpint(t.level[1][HS_LINE_IRQ], ==, 1);
    g_assert_cmpint(t.level[1][HS_LINE_VIRQ], ==, 1);
    g_assert_cmpint(t.level[1][HS_LINE_MAINT], ==, 1);
    spi = hs_gic_spi_in(t.gic, 41);
    hs_irq_set(&spi, 1);

    hs_gic_reset(t.gic);
    check_reset_values(&t, 0);
    check_reset_values(&t, 1);
    g_assert_cmpint(t.level[1][HS_LINE_IRQ], ==, 0);
    g_assert_cmpint(t.level[1][HS_LINE_VIRQ], ==, 0);
    g_assert_cmpint(t.level[1][HS_LINE_MAINT], ==, 0);
    /* The input wire is still high: SPI 41, level-sensitive after reset, is
     * pending (IHI 0048B 3.2.4). */
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 41), ==, 1);
    hs_irq_set(&spi, 0);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 41), ==, 0);
    gt_free(&t);
}

/* ---- output lines ----------------------------------------------------- */

static int sink_level;

static void level_sink(void *opaque, int n, int level)
{
    (void)opaque;
    (void)n;
    sink_level = level;
}

static void test_connect_drives_level(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 0, 40, 0x10);
    g_assert_cmpint(hs_gic_line_level(t.gic, 0, HS_LINE_IRQ), ==, 1);
    sink_level = 0;
    hs_gic_connect(t.gic, 0, HS_LINE_IRQ, hs_irq_make(level_sink, NULL, 0));
    g_assert_cmpint(sink_level, ==, 1);
    gt_free(&t);
}

static void test_lines_change_only(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 0, 40, 0x10);
    gt_raise(&t, 0, 41, 0x20);
    dw(&t, 0, D_CTLR, 0x3);       /* rewriting the same state changes nothing */
    g_assert_cmpuint(t.edges[0][HS_LINE_IRQ], ==, 1);
    g_assert_cmpuint(gt_count(&t, HS_EV_line), ==, 1);
    gt_free(&t);
}

/* A receiver may access the GIC from inside a line callback (a CPU model taking
 * the interrupt at once): the nested access is applied and the outer update
 * propagates its effect, so the line falls again within the same call chain. */
static gt *ack_t;
static uint32_t ack_value;

static void ack_on_irq(void *opaque, int n, int level)
{
    (void)opaque;
    (void)n;
    if (level) {
        ack_value = cr(ack_t, 0, C_IAR);
    }
}

static void test_reentrant_callback(void)
{
    gt t;
    gt_init(&t, NULL);
    ack_t = &t;
    ack_value = 0;
    gt_forward(&t, 0, HS_LINE_IRQ, hs_irq_make(ack_on_irq, NULL, 0));
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 0, 40, 0x80);
    g_assert_cmphex(ack_value, ==, 40);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    g_assert_cmpuint(t.edges[0][HS_LINE_IRQ], ==, 2);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISACTIVER, 40), ==, 1);
    gt_free(&t);
}

/* The read-only inspection API reports the state the registers show. */
static void test_inspection(void)
{
    gt t;
    hs_gic_irq_info info;

    gt_init_cpus(&t, 2);
    gt_enable_all(&t, CTLR_GRP0);
    gt_raise(&t, 1, 40, 0x88);
    dw(&t, 0, D_ITARGETSR + 40, 0x02);
    gt_set_bit(&t, 0, D_IGROUPR, 27);
    dw(&t, 0, D_SGIR, (0x2u << 16) | 4);
    g_assert_true(hs_gic_irq_info_get(t.gic, 0, 40, &info));
    g_assert_true(info.pending && info.enabled && !info.active && !info.edge);
    g_assert_cmpuint(info.priority, ==, 0x88);
    g_assert_cmpuint(info.targets, ==, 0x2);
    g_assert_cmpuint(info.group, ==, 0);
    g_assert_true(hs_gic_irq_info_get(t.gic, 0, 27, &info));
    g_assert_cmpuint(info.group, ==, 1);
    g_assert_cmpuint(info.targets, ==, 0x1);
    g_assert_true(hs_gic_irq_info_get(t.gic, 1, 4, &info));
    g_assert_true(info.pending && info.edge && info.enabled);
    g_assert_cmpuint(info.sgi_sources, ==, 0x1);
    g_assert_false(hs_gic_irq_info_get(t.gic, 0, 288, &info));
    g_assert_cmphex(cr(&t, 1, C_IAR), ==, 4);
    g_assert_cmpuint(hs_gic_running_priority(t.gic, 1), ==, 0);
    g_assert_cmpuint(hs_gic_running_priority(t.gic, 0), ==, 0xff);

    hw(&t, 1, H_HCR, HCR_EN | HCR_NPIE);
    hw(&t, 1, H_LR0 + 4, lr_sw(LR_INVALID, 0, 0, 1, 0, 50));
    hw(&t, 1, H_APR, 1u << 3);
    g_assert_cmphex(hs_gic_hcr(t.gic, 1), ==, HCR_EN | HCR_NPIE);
    g_assert_cmphex(hs_gic_lr(t.gic, 1, 1), ==, lr_sw(LR_INVALID, 0, 0, 1, 0, 50));
    g_assert_cmphex(hs_gic_lr(t.gic, 1, 4), ==, 0);
    g_assert_cmphex(hs_gic_misr(t.gic, 1), ==, MISR_EOI | MISR_NP);
    g_assert_cmphex(hs_gic_eisr(t.gic, 1), ==, 0x2);
    g_assert_cmphex(hs_gic_elrsr(t.gic, 1), ==, 0xd);
    g_assert_cmphex(hs_gic_vmcr(t.gic, 1), ==, 0x004c0000);
    g_assert_cmphex(hs_gic_gich_apr(t.gic, 1), ==, 1u << 3);
    g_assert_cmpuint(hs_gic_virt_running_priority(t.gic, 1), ==, 0x18);
    g_assert_cmpint(hs_gic_line_level(t.gic, 1, HS_LINE_MAINT), ==, 1);
    g_assert_cmpint(hs_gic_line_level(t.gic, 0, HS_LINE_MAINT), ==, 0);
    gt_free(&t);
}

/* ---- tracing ---------------------------------------------------------- */

static void test_trace_access_events(void)
{
    gt t;
    const hs_record *r;

    gt_init_cpus(&t, 2);
    gt_clear_events(&t);
    gt_write(&t, &hs_gicd_ops, 1, D_IPRIORITYR + 40, 0x50, 1);
    g_assert_cmphex(gt_read(&t, &hs_gicd_ops, 1, D_IPRIORITYR + 40, 1), ==, 0x50);
    r = gt_find(&t, HS_EV_gic_write, 0);
    g_assert_nonnull(r);
    g_assert_cmpuint(r->vcpu, ==, 1);
    g_assert_cmpuint(r->f[0], ==, HS_GIC_GICD);
    g_assert_cmphex(r->f[1], ==, D_IPRIORITYR + 40);
    g_assert_cmphex(r->f[2], ==, 0x50);
    g_assert_cmpuint(r->f[3], ==, 1);
    r = gt_find(&t, HS_EV_gic_read, 0);
    g_assert_nonnull(r);
    g_assert_cmpuint(r->f[0], ==, HS_GIC_GICD);
    g_assert_cmphex(r->f[2], ==, 0x50);
    g_assert_cmpuint(r->f[3], ==, 1);
    /* Every block reports its accesses, bad ones included. */
    gt_clear_events(&t);
    cr(&t, 0, C_CTLR);
    hr(&t, 0, H_VTR);
    vr(&t, 1, C_CTLR);
    dr(&t, 0, 0x00c);
    g_assert_cmpuint(gt_count(&t, HS_EV_gic_read), ==, 4);
    g_assert_cmpuint(gt_find(&t, HS_EV_gic_read, 1)->f[0], ==, HS_GIC_GICH);
    g_assert_cmphex(gt_find(&t, HS_EV_gic_read, 1)->f[2], ==, 0x90000003);
    g_assert_cmpuint(gt_find(&t, HS_EV_gic_read, 2)->f[0], ==, HS_GIC_GICV);
    g_assert_cmpuint(gt_find(&t, HS_EV_gic_read, 2)->vcpu, ==, 1);
    gt_free(&t);
}

/* The order of events follows the order of the state changes: the access,
 * then the LR transition it causes, then the status registers and lines the
 * update derives. */
static void test_trace_order(void)
{
    gt t;
    int rd, st, el, ln;

    gt_init(&t, NULL);
    gt_virt_on(&t, 0, CTLR_GRP0);
    hw(&t, 0, H_LR0, lr_sw(LR_PENDING, 0, 4, 0, 0, 40));
    g_assert_cmpint(t.level[0][HS_LINE_VIRQ], ==, 1);
    gt_clear_events(&t);
    g_assert_cmphex(vr(&t, 0, C_IAR), ==, 40);
    rd = gt_index(&t, HS_EV_gic_read);
    st = gt_index(&t, HS_EV_lr_state);
    ln = gt_index(&t, HS_EV_line);
    g_assert_cmpint(rd, >=, 0);
    g_assert_cmpint(st, >, rd);
    g_assert_cmpint(ln, >, st);
    gt_clear_events(&t);
    vw(&t, 0, C_EOIR, 40);
    el = gt_index(&t, HS_EV_gich_elrsr);
    st = gt_index(&t, HS_EV_lr_state);
    g_assert_cmpint(gt_index(&t, HS_EV_gic_write), ==, 0);
    g_assert_cmpint(st, >, 0);
    g_assert_cmpint(el, >, st);
    g_assert_cmphex(gt_find(&t, HS_EV_gich_elrsr, 0)->f[0], ==, 0xe);
    g_assert_cmphex(gt_find(&t, HS_EV_gich_elrsr, 0)->f[1], ==, 0xf);
    gt_free(&t);
}

static void test_trace_null_tracer(void)
{
    hs_gic_config cfg = HS_GIC_CONFIG_GIC400;
    hs_gic *g;
    g_assert_cmpint(hs_gic_new(&cfg, NULL, &g), ==, HS_GIC_OK);
    hs_gich_ops.write(g, H_HCR, HCR_EN, 4, 0);
    hs_gich_ops.write(g, H_LR0, lr_sw(LR_PENDING, 1, 0, 0, 0, 50), 4, 0);
    hs_gicv_ops.write(g, C_CTLR, CTLR_GRP1 | CTLR_ACKCTL, 4, 0);
    hs_gicv_ops.write(g, C_PMR, 0xf8, 4, 0);
    g_assert_cmphex(hs_gicv_ops.read(g, C_IAR, 4, 0), ==, 50);
    g_assert_cmphex(hs_gic_lr(g, 0, 0) >> 28 & 3, ==, LR_ACTIVE);
    hs_gic_free(g);
}

/* ---- access sizes and offsets ---------------------------------------- */

/* IHI 0048B 4.1.4: every register takes aligned word accesses; GICD_IPRIORITYRn,
 * GICD_ITARGETSRn, GICD_CPENDSGIRn and GICD_SPENDSGIRn also take byte accesses.
 * Other accesses are bad guest accesses: logged, RAZ/WI. */
static void test_access_sizes(void)
{
    gt t;
    gt_init_cpus(&t, 2);

    gt_log_begin();
    gt_write(&t, &hs_gicd_ops, 0, D_IPRIORITYR + 33, 0xa0, 1);
    gt_write(&t, &hs_gicd_ops, 0, D_ITARGETSR + 34, 0x02, 1);
    gt_write(&t, &hs_gicd_ops, 0, D_SPENDSGIR + 2, 0x02, 1);
    g_assert_cmpuint(gt_log_end(), ==, 0);
    g_assert_cmphex(dr(&t, 0, D_IPRIORITYR + 32), ==, 0x0000a000);
    g_assert_cmphex(dr(&t, 0, D_ITARGETSR + 32), ==, 0x00020000);
    g_assert_cmphex(dr(&t, 0, D_SPENDSGIR), ==, 0x00020000);
    g_assert_cmphex(gt_read(&t, &hs_gicd_ops, 0, D_IPRIORITYR + 33, 1), ==, 0xa0);

    gt_log_begin();
    gt_write(&t, &hs_gicd_ops, 0, D_ISENABLER + 4, 0xff, 1);       /* byte: not allowed */
    gt_write(&t, &hs_gicd_ops, 0, D_IPRIORITYR + 36, 0xffff, 2);   /* halfword */
    gt_write(&t, &hs_gicd_ops, 0, D_IPRIORITYR + 40, ~0ull, 8);    /* doubleword */
    gt_write(&t, &hs_gicd_ops, 0, D_CTLR + 1, 0x3, 4);             /* unaligned word */
    gt_write(&t, &hs_gicc_ops, 0, C_PMR, 0xff, 1);                 /* GICC: words only */
    gt_write(&t, &hs_gich_ops, 0, H_HCR, HCR_EN, 2);
    gt_write(&t, &hs_gicv_ops, 0, C_PMR, 0xff, 1);
    g_assert_cmphex(gt_read(&t, &hs_gicd_ops, 0, D_ISENABLER + 4, 1), ==, 0);
    g_assert_cmphex(gt_read(&t, &hs_gicd_ops, 0, D_IPRIORITYR + 32, 2), ==, 0);
    g_assert_cmphex(gt_read(&t, &hs_gicc_ops, 0, C_BPR, 1), ==, 0);
    g_assert_cmpuint(gt_log_end(), ==, 10);
    g_assert_cmphex(dr(&t, 0, D_ISENABLER + 4), ==, 0);
    g_assert_cmphex(dr(&t, 0, D_IPRIORITYR + 36), ==, 0);
    g_assert_cmphex(dr(&t, 0, D_IPRIORITYR + 40), ==, 0);
    g_assert_cmphex(dr(&t, 0, D_CTLR), ==, 0);
    g_assert_cmphex(cr(&t, 0, C_PMR), ==, 0);
    g_assert_cmphex(hr(&t, 0, H_HCR), ==, 0);
    g_assert_cmphex(vr(&t, 0, C_PMR), ==, 0);
    gt_free(&t);
}

/* Offsets that hold no register (the reserved ranges of Tables 4-1, 4-2, 5-1 and
 * of the GICV map) are logged and RAZ/WI. */
static void test_bad_offsets(void)
{
    static const uint64_t gicd[] = { 0x00c, 0x07c, 0xd00, 0xf04, 0xf30, 0xfcc, 0x1000, 0xfffc };
    static const uint64_t gicc[] = { 0x02c, 0x0cc, 0x0f0, 0x100, 0x1004, 0x2000 };
    static const uint64_t gich[] = { 0x00c, 0x018, 0x0ec, 0x200, 0xffc, H_ALIAS(2), 0x2000 };
    static const uint64_t gicv[] = { 0x02c, C_NSAPR0, 0x100, 0x1004, 0x2000 };
    gt t;
    unsigned n = 0;

    gt_init_cpus(&t, 2);
    gt_log_begin();
    for (unsigned i = 0; i < G_N_ELEMENTS(gicd); i++, n += 2) {
        dw(&t, 0, gicd[i], ~0u);
        g_assert_cmphex(dr(&t, 0, gicd[i]), ==, 0);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(gicc); i++, n += 2) {
        cw(&t, 0, gicc[i], ~0u);
        g_assert_cmphex(cr(&t, 0, gicc[i]), ==, 0);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(gich); i++, n += 2) {
        hw(&t, 0, gich[i], ~0u);
        g_assert_cmphex(hr(&t, 0, gich[i]), ==, 0);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(gicv); i++, n += 2) {
        vw(&t, 0, gicv[i], ~0u);
        g_assert_cmphex(vr(&t, 0, gicv[i]), ==, 0);
    }
    g_assert_cmpuint(gt_log_end(), ==, n);
    check_reset_values(&t, 0);
    gt_free(&t);
}

/* Writes to read-only registers and reads of write-only ones are logged and
 * ignored (read as zero). */
static void test_read_only_write_only(void)
{
    gt t;
    gt_init(&t, NULL);
    gt_log_begin();
    dw(&t, 0, D_TYPER, ~0u);
    dw(&t, 0, D_IIDR, ~0u);
    dw(&t, 0, D_PIDR0, ~0u);
    cw(&t, 0, C_IIDR, ~0u);
    cw(&t, 0, C_RPR, 0);
    hw(&t, 0, H_VTR, 0);
    hw(&t, 0, H_MISR, ~0u);
    hw(&t, 0, H_ELRSR0, 0);
    hw(&t, 0, H_EISR1, ~0u);
    vw(&t, 0, C_IIDR, 0);
    g_assert_cmphex(dr(&t, 0, D_SGIR), ==, 0);
    g_assert_cmphex(cr(&t, 0, C_EOIR), ==, 0);
    g_assert_cmphex(cr(&t, 0, C_DIR), ==, 0);
    g_assert_cmphex(vr(&t, 0, C_AEOIR), ==, 0);
    g_assert_cmpuint(gt_log_end(), ==, 14);
    g_assert_cmphex(dr(&t, 0, D_TYPER), ==, 0x8);
    g_assert_cmphex(hr(&t, 0, H_VTR), ==, 0x90000003);
    g_assert_cmphex(hr(&t, 0, H_ELRSR0), ==, 0xf);
    g_assert_cmphex(cr(&t, 0, C_IIDR), ==, 0x0202143b);
    gt_free(&t);
}

/* ---- maintenance interrupt wired to its PPI ---------------------------- */

/* gic.h contract: MAINT of CPU n drives hs_gic_ppi_in(n, maint_intid). Here the
 * wire passes through the test's recorder (where a fault injector would sit).
 * The maintenance interrupt is then an ordinary level-sensitive PPI 25: pending
 * while the condition holds (IHI 0048B 5.3.4, 3.2.4), acknowledged through GICC
 * by the hypervisor. */
static void test_maint_wired_to_ppi(void)
{
    gt t;

    gt_init_cpus(&t, 2);
    for (unsigned cpu = 0; cpu < 2; cpu++) {
        gt_forward(&t, cpu, HS_LINE_MAINT, hs_gic_ppi_in(t.gic, cpu, 25));
    }
    gt_enable_all(&t, CTLR_GRP0);
    gt_set_priority(&t, 1, 25, 0x20);
    gt_set_bit(&t, 1, D_ISENABLER, 25);

    hw(&t, 1, H_HCR, HCR_EN | HCR_UIE);         /* no valid LR: underflow */
    g_assert_cmpint(t.level[1][HS_LINE_MAINT], ==, 1);
    g_assert_cmpint(t.level[0][HS_LINE_MAINT], ==, 0);
    g_assert_cmpint(gt_get_bit(&t, 1, D_ISPENDR, 25), ==, 1);
    g_assert_cmpint(gt_get_bit(&t, 0, D_ISPENDR, 25), ==, 0);   /* PPIs are per CPU */
    g_assert_cmpint(t.level[1][HS_LINE_IRQ], ==, 1);
    g_assert_cmpint(t.level[0][HS_LINE_IRQ], ==, 0);
    g_assert_cmphex(cr(&t, 1, C_IAR), ==, 25);
    g_assert_cmpint(t.level[1][HS_LINE_IRQ], ==, 0);

    /* The hypervisor removes the condition; the line and the PPI input fall, and
     * once deactivated the PPI is no longer pending. */
    hw(&t, 1, H_HCR, HCR_EN);
    g_assert_cmpint(t.level[1][HS_LINE_MAINT], ==, 0);
    cw(&t, 1, C_EOIR, 25);
    g_assert_cmpint(gt_get_bit(&t, 1, D_ISPENDR, 25), ==, 0);
    g_assert_cmpint(gt_get_bit(&t, 1, D_ISACTIVER, 25), ==, 0);
    g_assert_cmphex(cr(&t, 1, C_IAR), ==, 1023);

    /* Still pending when the condition persists through the EOI. */
    hw(&t, 1, H_HCR, HCR_EN | HCR_NPIE);
    g_assert_cmphex(cr(&t, 1, C_IAR), ==, 25);
    cw(&t, 1, C_EOIR, 25);
    g_assert_cmpint(gt_get_bit(&t, 1, D_ISPENDR, 25), ==, 1);
    g_assert_cmpint(t.level[1][HS_LINE_IRQ], ==, 1);
    gt_free(&t);
}

/* The maintenance line is traced as a line change of the CPU it belongs to. */
static void test_maint_trace(void)
{
    gt t;
    const hs_record *r;

    gt_init_cpus(&t, 2);
    gt_clear_events(&t);
    hw(&t, 0, H_ALIAS(1) + H_HCR, HCR_EN | HCR_NPIE);
    r = gt_find(&t, HS_EV_line, 0);
    g_assert_nonnull(r);
    g_assert_cmpuint(r->vcpu, ==, 1);
    g_assert_cmpuint(r->f[0], ==, HS_LINE_MAINT);
    g_assert_cmpuint(r->f[1], ==, 1);
    r = gt_find(&t, HS_EV_gich_hcr, 0);
    g_assert_nonnull(r);
    g_assert_cmpuint(r->vcpu, ==, 1);
    g_assert_cmphex(r->f[0], ==, 0);
    g_assert_cmphex(r->f[1], ==, HCR_EN | HCR_NPIE);
    r = gt_find(&t, HS_EV_gich_misr, 0);
    g_assert_nonnull(r);
    g_assert_cmphex(r->f[1], ==, MISR_NP);
    g_assert_cmpint(gt_index(&t, HS_EV_gich_misr), <, gt_index(&t, HS_EV_line));
    gt_free(&t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/gic/config/errors", test_config_errors);
    g_test_add_func("/gic/config/limits", test_config_limits);
    g_test_add_func("/gic/config/virt-a15", test_config_virt_a15);
    g_test_add_func("/gic/reset/values", test_reset_values);
    g_test_add_func("/gic/reset/restores", test_reset_restores);
    g_test_add_func("/gic/lines/connect-drives-level", test_connect_drives_level);
    g_test_add_func("/gic/lines/change-only", test_lines_change_only);
    g_test_add_func("/gic/lines/reentrant-callback", test_reentrant_callback);
    g_test_add_func("/gic/api/inspection", test_inspection);
    g_test_add_func("/gic/trace/access-events", test_trace_access_events);
    g_test_add_func("/gic/trace/order", test_trace_order);
    g_test_add_func("/gic/trace/null-tracer", test_trace_null_tracer);
    g_test_add_func("/gic/access/sizes", test_access_sizes);
    g_test_add_func("/gic/access/bad-offsets", test_bad_offsets);
    g_test_add_func("/gic/access/read-only-write-only", test_read_only_write_only);
    g_test_add_func("/gic/maint/wired-to-ppi", test_maint_wired_to_ppi);
    g_test_add_func("/gic/maint/trace", test_maint_trace);
    gic_dist_tests();
    gic_cpuif_tests();
    gic_virt_tests();
    return g_test_run();
}
