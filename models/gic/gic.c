/* GICv2 model core: construction, reset, input lines, the update that derives
 * every output, and read-only inspection. The register blocks are in gicd.c,
 * gicc.c, gich.c and gicv.c. Section numbers (§) are those of ARM IHI 0048B.b. */
#include "models/gic/gic_internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sim/log.h"

const char *hs_gic_strerror(hs_gic_err err)
{
    switch (err) {
    case HS_GIC_OK:
        return "no error";
    case HS_GIC_ERR_CPUS:
        return "GIC: the number of CPU interfaces must be 1 to 8";
    case HS_GIC_ERR_IRQS:
        return "GIC: the number of interrupt lines must be 32 to 1020";
    case HS_GIC_ERR_LRS:
        return "GIC: the number of list registers must be 1 to 64";
    case HS_GIC_ERR_PRIO:
        return "GIC: the number of priority bits must be 4 to 8";
    case HS_GIC_ERR_MAINT:
        return "GIC: the maintenance interrupt must be a PPI, ID 16 to 31";
    case HS_GIC_ERR_NOMEM:
        return "GIC: out of memory";
    case HS_GIC_ERR_ARG:
        return "GIC: missing configuration or result pointer";
    }
    return "GIC: unknown error";
}

static hs_gic_err gic_check_config(const hs_gic_config *cfg)
{
    if (cfg->num_cpu < 1 || cfg->num_cpu > GIC_MAX_CPU) {
        return HS_GIC_ERR_CPUS;
    }
    if (cfg->num_irq < GIC_NR_INTERNAL || cfg->num_irq > GIC_MAX_IRQ) {
        return HS_GIC_ERR_IRQS;
    }
    if (cfg->num_lr < 1 || cfg->num_lr > GIC_MAX_LR) {
        return HS_GIC_ERR_LRS;
    }
    if (cfg->priority_bits < 4 || cfg->priority_bits > 8) {
        return HS_GIC_ERR_PRIO;
    }
    if (cfg->maint_intid < GIC_NR_SGI || cfg->maint_intid >= GIC_NR_INTERNAL) {
        return HS_GIC_ERR_MAINT;
    }
    return HS_GIC_OK;
}

hs_gic_err hs_gic_new(const hs_gic_config *cfg, hs_tracer *tracer, hs_gic **out)
{
    hs_gic *s;
    hs_gic_err err;

    if (!out) {
        return HS_GIC_ERR_ARG;
    }
    *out = NULL;
    if (!cfg) {
        return HS_GIC_ERR_ARG;
    }
    err = gic_check_config(cfg);
    if (err != HS_GIC_OK) {
        return err;
    }
    s = calloc(1, sizeof *s);
    if (!s) {
        return HS_GIC_ERR_NOMEM;
    }
    s->cfg = *cfg;
    s->tracer = tracer;
    s->nwords = (cfg->num_irq + 31) / 32;
    s->cpu_mask = (1u << cfg->num_cpu) - 1;
    s->prio_mask = (0xffu << (8 - cfg->priority_bits)) & 0xffu;
    /* §3.3.3, §4.4.3: with N priority bits the group priority field can hold all
     * of them at most, so the minimum binary point is 7 - N (0 for N = 8); one
     * preemption level per active priority bit, 32 per GICC_APRn (§4.4.12). */
    s->min_bpr = cfg->priority_bits >= 7 ? 0 : 7 - cfg->priority_bits;
    {
        unsigned levels = 256u >> (s->min_bpr + 1);
        s->nr_apr = (levels + 31) / 32;
        s->apr_mask = levels >= 32 ? 0xffffffffu : (1u << levels) - 1;
    }
    s->lr_mask = cfg->num_lr == 64 ? ~0ull : (1ull << cfg->num_lr) - 1;
    for (unsigned id = GIC_NR_INTERNAL; id < cfg->num_irq; id++) {
        s->impl[id / 32] |= gic_bit(id);
    }
    /* The derived values start at what reset derives, so that creating a GIC
     * reports no change. */
    for (unsigned cpu = 0; cpu < cfg->num_cpu; cpu++) {
        s->cpu[cpu].elrsr = s->lr_mask;
    }
    hs_gic_reset(s);
    *out = s;
    return HS_GIC_OK;
}

void hs_gic_free(hs_gic *s)
{
    free(s);
}

void hs_gic_reset(hs_gic *s)
{
    gic_dist_reset(s);
    for (unsigned cpu = 0; cpu < s->cfg.num_cpu; cpu++) {
        gicc_reset(s, &s->cpu[cpu]);
        gich_reset(s, &s->cpu[cpu]);
    }
    s->dirty_phys = s->cpu_mask;
    s->dirty_virt = s->cpu_mask;
    gic_update(s);
}

/* Input lines (§3.2.4, §4.3.13): a rising edge of an edge-triggered input latches
 * the pending state; a level-sensitive input is pending while high. The state
 * changes whether or not the interrupt is enabled (§4.3.5). */
static void gic_spi_set(void *opaque, int n, int level)
{
    hs_gic *s = opaque;
    unsigned id = (unsigned)n;
    unsigned w = id / 32;
    uint32_t b = gic_bit(id);
    bool high = level != 0;

    if (high == ((s->line[w] & b) != 0)) {
        return;
    }
    if (high) {
        s->line[w] |= b;
        if (s->edge[w] & b) {
            s->pend[w] |= b;
        }
    } else {
        s->line[w] &= ~b;
    }
    gic_mark_phys(s, s->cpu_mask);
    gic_update(s);
}

static void gic_ppi_set(void *opaque, int n, int level)
{
    hs_gic *s = opaque;
    unsigned cpu = (unsigned)n / GIC_NR_INTERNAL;
    gic_cpu *c = &s->cpu[cpu];
    uint32_t b = gic_bit((unsigned)n);
    bool high = level != 0;

    if (high == ((c->line & b) != 0)) {
        return;
    }
    if (high) {
        c->line |= b;
        if (c->edge & b) {
            c->pend |= b;
        }
    } else {
        c->line &= ~b;
    }
    gic_mark_phys(s, 1u << cpu);
    gic_update(s);
}

hs_irq hs_gic_spi_in(hs_gic *s, unsigned intid)
{
    assert(intid >= GIC_NR_INTERNAL && intid < s->cfg.num_irq);
    return hs_irq_make(gic_spi_set, s, (int)intid);
}

hs_irq hs_gic_ppi_in(hs_gic *s, unsigned cpu, unsigned intid)
{
    assert(cpu < s->cfg.num_cpu);
    assert(intid >= GIC_NR_SGI && intid < GIC_NR_INTERNAL);
    return hs_irq_make(gic_ppi_set, s, (int)(cpu * GIC_NR_INTERNAL + intid));
}

void hs_gic_connect(hs_gic *s, unsigned cpu, hs_gic_line line, hs_irq out)
{
    assert(cpu < s->cfg.num_cpu);
    assert((unsigned)line < HS_LINE__COUNT);
    s->cpu[cpu].out[line] = out;
    if (s->cpu[cpu].level[line]) {
        hs_irq_set(&s->cpu[cpu].out[line], 1);
    }
}

void hs_gic_connect_sgi(hs_gic *s, hs_gic_sgi_fn fn, void *opaque)
{
    s->sgi_fn = fn;
    s->sgi_opaque = opaque;
}

void hs_gic_sgi_in(hs_gic *s, unsigned source, unsigned target, unsigned intid)
{
    assert(source < s->cfg.num_cpu && target < s->cfg.num_cpu && intid < GIC_NR_SGI);
    gic_dist_sgi_pend(s, source, target, intid);
    gic_update(s);
}

_Static_assert(HS_LINE_FIQ == HS_LINE_IRQ + 1 && HS_LINE_VFIQ == HS_LINE_VIRQ + 1 &&
               HS_LINE_MAINT == HS_LINE_VIRQ + 2, "gic_drive() takes consecutive lines");

/* Drives the lines of one CPU: those falling first, then those rising, each
 * traced before the receiving end sees it. */
static void gic_drive(hs_gic *s, unsigned cpu, const int *want, hs_gic_line first, unsigned n)
{
    gic_cpu *c = &s->cpu[cpu];

    for (int pass = 0; pass < 2; pass++) {
        for (unsigned i = 0; i < n; i++) {
            hs_gic_line l = (hs_gic_line)(first + i);
            int level = want[i];
            if (level != pass || c->level[l] == level) {
                continue;
            }
            c->level[l] = (uint8_t)level;
            HS_TRACE(s->tracer, line, cpu, l, (uint64_t)level, 0, 0);
            hs_irq_set(&c->out[l], level);
        }
    }
}

/* Physical outputs, §3.3: the interrupt the CPU interface signals goes out as FIQ
 * when it is Group 0 and GICC_CTLR.FIQEn is set, as IRQ otherwise (§4.4.1). */
static void gic_update_phys(hs_gic *s, unsigned cpu)
{
    int want[2] = { 0, 0 };
    unsigned intid, group;

    if (gicc_signalled(s, cpu, &intid, &group)) {
        if (group == 0 && (s->cpu[cpu].ctlr & GICC_CTLR_FIQEN)) {
            want[HS_LINE_FIQ - HS_LINE_IRQ] = 1;
        } else {
            want[HS_LINE_IRQ - HS_LINE_IRQ] = 1;
        }
    }
    gic_drive(s, cpu, want, HS_LINE_IRQ, 2);
}

/* Virtual interface status (§5.3.4-§5.3.6), virtual outputs (§5.4: a Group 0
 * virtual interrupt is a virtual FIQ when GICV_CTLR.FIQEn is set) and the
 * maintenance interrupt, asserted while GICH_HCR.En is set and any GICH_MISR
 * bit is (§5.3.1, §5.3.4). */
static void gic_update_virt(hs_gic *s, unsigned cpu)
{
    gic_cpu *c = &s->cpu[cpu];
    uint64_t eisr = gich_eisr_value(c);
    uint64_t elrsr = gich_elrsr_value(s, c);
    uint32_t misr = gich_misr_value(c);
    int want[3] = { 0, 0, 0 };
    int n;

    if (eisr != c->eisr) {
        HS_TRACE(s->tracer, gich_eisr, cpu, c->eisr, eisr, 0, 0);
        c->eisr = eisr;
    }
    if (elrsr != c->elrsr) {
        HS_TRACE(s->tracer, gich_elrsr, cpu, c->elrsr, elrsr, 0, 0);
        c->elrsr = elrsr;
    }
    if (misr != c->misr) {
        HS_TRACE(s->tracer, gich_misr, cpu, c->misr, misr, 0, 0);
        c->misr = misr;
    }
    n = gicv_signalled_lr(c);
    if (n >= 0) {
        if (!(c->lr[n] & GICH_LR_GRP1) && (c->vmcr & GICH_VMCR_VMFIQEN)) {
            want[HS_LINE_VFIQ - HS_LINE_VIRQ] = 1;
        } else {
            want[HS_LINE_VIRQ - HS_LINE_VIRQ] = 1;
        }
    }
    want[HS_LINE_MAINT - HS_LINE_VIRQ] = (c->hcr & GICH_HCR_EN) && misr;
    gic_drive(s, cpu, want, HS_LINE_VIRQ, 3);
}

void gic_update(hs_gic *s)
{
    if (s->in_update) {
        return;     /* a line fed back into the GIC: the loop below picks it up */
    }
    s->in_update = true;
    while (s->dirty_phys | s->dirty_virt) {
        uint32_t virt = s->dirty_virt;
        uint32_t phys = s->dirty_phys;
        s->dirty_virt = 0;
        s->dirty_phys = 0;
        while (virt) {
            unsigned cpu = gic_ctz32(virt);
            virt &= virt - 1;
            gic_update_virt(s, cpu);
        }
        while (phys) {
            unsigned cpu = gic_ctz32(phys);
            phys &= phys - 1;
            gic_update_phys(s, cpu);
        }
    }
    s->in_update = false;
}

static const char *const gic_block_name[] = { "GICD", "GICC", "GICH", "GICV" };

bool gic_access_word_ok(const gic_access *a, const char *reg)
{
    if (a->size == 4 && !(a->offset & 3)) {
        return true;
    }
    hs_log_guest_error("%s: CPU %u: %u-byte access to %s at offset 0x%" PRIx64
                       " (only aligned 32-bit accesses are allowed, IHI 0048B 4.1.4)",
                       gic_block_name[a->block], a->cpu, a->size, reg, a->offset);
    return false;
}

void gic_log_bad_offset(const gic_access *a, bool write)
{
    hs_log_guest_error("%s: CPU %u: %s of %u bytes at unassigned offset 0x%" PRIx64,
                       gic_block_name[a->block], a->cpu, write ? "write" : "read", a->size,
                       a->offset);
}

void gic_log_read_only(const gic_access *a, const char *reg)
{
    hs_log_guest_error("%s: CPU %u: write to read-only %s (offset 0x%" PRIx64 ") ignored",
                       gic_block_name[a->block], a->cpu, reg, a->offset);
}

void gic_log_write_only(const gic_access *a, const char *reg)
{
    hs_log_guest_error("%s: CPU %u: read of write-only %s (offset 0x%" PRIx64 ") returns 0",
                       gic_block_name[a->block], a->cpu, reg, a->offset);
}

const hs_gic_config *hs_gic_get_config(const hs_gic *s)
{
    return &s->cfg;
}

int hs_gic_line_level(const hs_gic *s, unsigned cpu, hs_gic_line line)
{
    assert(cpu < s->cfg.num_cpu && (unsigned)line < HS_LINE__COUNT);
    return s->cpu[cpu].level[line];
}

uint32_t hs_gic_lr(const hs_gic *s, unsigned cpu, unsigned lr)
{
    assert(cpu < s->cfg.num_cpu);
    return lr < s->cfg.num_lr ? s->cpu[cpu].lr[lr] : 0;
}

uint32_t hs_gic_hcr(const hs_gic *s, unsigned cpu)
{
    assert(cpu < s->cfg.num_cpu);
    return s->cpu[cpu].hcr;
}

uint32_t hs_gic_vmcr(const hs_gic *s, unsigned cpu)
{
    assert(cpu < s->cfg.num_cpu);
    return s->cpu[cpu].vmcr;
}

uint32_t hs_gic_misr(const hs_gic *s, unsigned cpu)
{
    assert(cpu < s->cfg.num_cpu);
    return gich_misr_value(&s->cpu[cpu]);
}

uint64_t hs_gic_eisr(const hs_gic *s, unsigned cpu)
{
    assert(cpu < s->cfg.num_cpu);
    return gich_eisr_value(&s->cpu[cpu]);
}

uint64_t hs_gic_elrsr(const hs_gic *s, unsigned cpu)
{
    assert(cpu < s->cfg.num_cpu);
    return gich_elrsr_value(s, &s->cpu[cpu]);
}

uint32_t hs_gic_gich_apr(const hs_gic *s, unsigned cpu)
{
    assert(cpu < s->cfg.num_cpu);
    return s->cpu[cpu].vapr;
}

unsigned hs_gic_running_priority(const hs_gic *s, unsigned cpu)
{
    unsigned p;
    assert(cpu < s->cfg.num_cpu);
    p = gicc_running_priority(s, &s->cpu[cpu]);
    return p == GIC_NO_PRIORITY ? GIC_IDLE_PRIORITY : p;
}

unsigned hs_gic_virt_running_priority(const hs_gic *s, unsigned cpu)
{
    unsigned p;
    assert(cpu < s->cfg.num_cpu);
    p = gicv_running_priority(&s->cpu[cpu]);
    return p == GIC_NO_PRIORITY ? GIC_IDLE_PRIORITY : p;
}

bool hs_gic_irq_info_get(const hs_gic *s, unsigned cpu, unsigned intid, hs_gic_irq_info *info)
{
    const gic_cpu *c;
    unsigned w = intid / 32;
    uint32_t b = gic_bit(intid);

    assert(cpu < s->cfg.num_cpu);
    if (intid >= s->cfg.num_irq) {
        return false;
    }
    c = &s->cpu[cpu];
    memset(info, 0, sizeof *info);
    info->pending = (gic_pending_word(s, c, w) & b) != 0;
    info->group = gic_irq_group(s, cpu, intid);
    info->priority = gic_irq_priority(s, cpu, intid);
    if (w == 0) {
        info->active = (c->active & b) != 0;
        info->enabled = (c->enabled & b) != 0;
        info->edge = (c->edge & b) != 0;
        info->line = (c->line & b) != 0;
        info->targets = 1u << cpu;
        if (intid < GIC_NR_SGI) {
            info->sgi_sources = c->sgi_src[intid];
        }
    } else {
        info->active = (s->active[w] & b) != 0;
        info->enabled = (s->enabled[w] & b) != 0;
        info->edge = (s->edge[w] & b) != 0;
        info->line = (s->line[w] & b) != 0;
        for (unsigned t = 0; t < s->cfg.num_cpu; t++) {
            if (s->cpu[t].spi_target[w] & b) {
                info->targets |= 1u << t;
            }
        }
    }
    return true;
}
