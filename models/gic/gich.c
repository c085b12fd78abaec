/* GICv2 virtual interface control (GICH), §5.3: the hypervisor's view of each
 * CPU's virtual CPU interface, through the accessing CPU's block or the
 * per-processor alias blocks. Section numbers (§) are those of ARM IHI 0048B.b. */
#include "models/gic/gic_internal.h"

#include <inttypes.h>

#include "sim/log.h"

void gich_lr_store(gic_cpu *c, unsigned n, uint32_t value)
{
    uint64_t b = 1ull << n;
    unsigned state = (value & GICH_LR_STATE_MASK) >> GICH_LR_STATE_SHIFT;

    c->lr[n] = value;
    if (state != GICH_LR_STATE_INVALID) {
        c->lr_valid |= b;
    } else {
        c->lr_valid &= ~b;
    }
    if (state == GICH_LR_STATE_PENDING) {
        c->lr_pending |= b;
    } else {
        c->lr_pending &= ~b;
    }
    /* §5.3.5: an EOI maintenance interrupt is outstanding for a software
     * interrupt (HW 0) with the EOI bit whose state went back to invalid. */
    if (state == GICH_LR_STATE_INVALID && !(value & GICH_LR_HW) && (value & GICH_LR_EOI)) {
        c->lr_eoi |= b;
    } else {
        c->lr_eoi &= ~b;
    }
}

/* §5.3.4: the eight maintenance interrupt conditions, each a level. EOI needs no
 * enable: the LR's EOI bit is its enable. U: at most one LR valid (any state but
 * invalid). NP: no LR in the pending state (pending-and-active is a different
 * state). The VGrp bits follow GICV_CTLR.EnableGrp0/1 (GICH_VMCR). */
uint32_t gich_misr_value(const gic_cpu *c)
{
    uint32_t hcr = c->hcr;
    uint32_t misr = 0;

    if (c->lr_eoi) {
        misr |= GICH_MISR_EOI;
    }
    if ((hcr & GICH_HCR_UIE) && gic_popcount64(c->lr_valid) <= 1) {
        misr |= GICH_MISR_U;
    }
    if ((hcr & GICH_HCR_LRENPIE) && (hcr & GICH_HCR_EOICOUNT_MASK)) {
        misr |= GICH_MISR_LRENP;
    }
    if ((hcr & GICH_HCR_NPIE) && !c->lr_pending) {
        misr |= GICH_MISR_NP;
    }
    if (hcr & (c->vmcr & GICH_VMCR_VMGRP0EN ? GICH_HCR_VGRP0EIE : GICH_HCR_VGRP0DIE)) {
        misr |= c->vmcr & GICH_VMCR_VMGRP0EN ? GICH_MISR_VGRP0E : GICH_MISR_VGRP0D;
    }
    if (hcr & (c->vmcr & GICH_VMCR_VMGRP1EN ? GICH_HCR_VGRP1EIE : GICH_HCR_VGRP1DIE)) {
        misr |= c->vmcr & GICH_VMCR_VMGRP1EN ? GICH_MISR_VGRP1E : GICH_MISR_VGRP1D;
    }
    return misr;
}

/* Reset values (§5.3, GIC-400): GICH_VMCR 0x004c0000 (VMBP 2, VMABP 3, their
 * minimum), everything else 0, so every LR invalid. */
void gich_reset(hs_gic *s, gic_cpu *c)
{
    c->hcr = 0;
    c->vmcr = (GIC_VIRT_MIN_BPR << GICH_VMCR_VMBP_SHIFT) | (GIC_VIRT_MIN_ABPR << GICH_VMCR_VMABP_SHIFT);
    c->vapr = 0;
    for (unsigned n = 0; n < s->cfg.num_lr; n++) {
        gich_lr_store(c, n, 0);
    }
    gic_mark_virt(s, (unsigned)(c - s->cpu));
}

/* GICH_VMCR write: the binary points cannot go below their minimum (§5.3.3 with
 * §4.4.3, the same fields GICV_BPR and GICV_ABPR write). */
static uint32_t gich_vmcr_clamp(uint32_t vmcr)
{
    unsigned bp = (vmcr & GICH_VMCR_VMBP_MASK) >> GICH_VMCR_VMBP_SHIFT;
    unsigned abp = (vmcr & GICH_VMCR_VMABP_MASK) >> GICH_VMCR_VMABP_SHIFT;

    if (bp < GIC_VIRT_MIN_BPR) {
        vmcr = (vmcr & ~GICH_VMCR_VMBP_MASK) | (GIC_VIRT_MIN_BPR << GICH_VMCR_VMBP_SHIFT);
    }
    if (abp < GIC_VIRT_MIN_ABPR) {
        vmcr = (vmcr & ~GICH_VMCR_VMABP_MASK) | (GIC_VIRT_MIN_ABPR << GICH_VMCR_VMABP_SHIFT);
    }
    return vmcr;
}

uint32_t gich_vmcr_write_value(uint32_t v)
{
    return gich_vmcr_clamp(v & GICH_VMCR_MASK);
}

/* Which CPU's block an offset reaches, and the register offset inside it; false
 * for offsets outside every block. */
static bool gich_decode(const hs_gic *s, const gic_access *a, unsigned *cpu, uint32_t *reg)
{
    uint64_t off = a->offset;

    if (off < GICH_OWN_VIEW_SIZE) {
        *cpu = a->cpu;
        *reg = (uint32_t)off;
        return off < GICH_BLOCK_SIZE;
    }
    off -= GICH_ALIAS_BASE;
    if (off / GICH_BLOCK_SIZE >= s->cfg.num_cpu) {
        return false;
    }
    *cpu = (unsigned)(off / GICH_BLOCK_SIZE);
    *reg = (uint32_t)(off % GICH_BLOCK_SIZE);
    return true;
}

static uint32_t gich_read(hs_gic *s, gic_access *a)
{
    unsigned cpu;
    uint32_t reg;
    gic_cpu *c;

    if (!gich_decode(s, a, &cpu, &reg)) {
        gic_log_bad_offset(a, false);
        return 0;
    }
    if (!gic_access_word_ok(a, "a virtual interface control register")) {
        return 0;
    }
    c = &s->cpu[cpu];
    switch (reg) {
    case GICH_HCR:
        return c->hcr;
    case GICH_VTR:
        /* §5.3.2: PRIbits and PREbits hold the number of bits minus one. */
        return (s->cfg.num_lr - 1) |
               ((GIC_VIRT_PRIO_BITS - 1) << GICH_VTR_PREBITS_SHIFT) |
               ((GIC_VIRT_PRIO_BITS - 1) << GICH_VTR_PRIBITS_SHIFT);
    case GICH_VMCR:
        return c->vmcr;
    case GICH_MISR:
        return gich_misr_value(c);
    case GICH_EISR0:
        return (uint32_t)gich_eisr_value(c);
    case GICH_EISR1:
        return (uint32_t)(gich_eisr_value(c) >> 32);
    case GICH_ELRSR0:
        return (uint32_t)gich_elrsr_value(s, c);
    case GICH_ELRSR1:
        return (uint32_t)(gich_elrsr_value(s, c) >> 32);
    case GICH_APR:
        return c->vapr;
    case GICH_LR0 ... GICH_LR_END: {
        /* §5.3.8: unimplemented list registers are RAZ/WI. */
        unsigned n = (reg - GICH_LR0) / 4;
        return n < s->cfg.num_lr ? c->lr[n] : 0;
    }
    default:
        gic_log_bad_offset(a, false);
        return 0;
    }
}

static void gich_write(hs_gic *s, const gic_access *a, uint32_t v)
{
    unsigned cpu;
    uint32_t reg;
    gic_cpu *c;

    if (!gich_decode(s, a, &cpu, &reg)) {
        gic_log_bad_offset(a, true);
        return;
    }
    if (!gic_access_word_ok(a, "a virtual interface control register")) {
        return;
    }
    c = &s->cpu[cpu];
    switch (reg) {
    case GICH_HCR: {
        uint32_t old = c->hcr;
        c->hcr = v & GICH_HCR_MASK;
        if (c->hcr != old) {
            HS_TRACE(s->tracer, gich_hcr, cpu, old, c->hcr, 0, 0);
        }
        break;
    }
    case GICH_VMCR:
        c->vmcr = gich_vmcr_write_value(v);
        break;
    case GICH_APR:
        /* §5.3.7: 32 preemption levels, all bits implemented. */
        c->vapr = v;
        break;
    case GICH_LR0 ... GICH_LR_END: {
        unsigned n = (reg - GICH_LR0) / 4;
        uint32_t old;
        if (n >= s->cfg.num_lr) {
            return;
        }
        old = c->lr[n];
        gich_lr_store(c, n, v & GICH_LR_MASK);
        HS_TRACE(s->tracer, lr_write, cpu, n, old, c->lr[n], 0);
        if ((c->lr[n] & GICH_LR_STATE_MASK) &&
            (c->lr[n] & GICH_LR_VIRTUALID_MASK) >= GIC_INTID_SPECIAL_FIRST) {
            hs_log_guest_error("GICH: CPU %u: GICH_LR%u holds reserved virtual ID %u; the "
                               "virtual CPU interface never signals it (UNPREDICTABLE, "
                               "IHI 0048B 5.3.8)", cpu, n,
                               (unsigned)(c->lr[n] & GICH_LR_VIRTUALID_MASK));
        }
        break;
    }
    case GICH_VTR:
        gic_log_read_only(a, "GICH_VTR");
        return;
    case GICH_MISR:
        gic_log_read_only(a, "GICH_MISR");
        return;
    case GICH_EISR0:
    case GICH_EISR1:
        gic_log_read_only(a, "GICH_EISRn");
        return;
    case GICH_ELRSR0:
    case GICH_ELRSR1:
        gic_log_read_only(a, "GICH_ELRSRn");
        return;
    default:
        gic_log_bad_offset(a, true);
        return;
    }
    gic_mark_virt(s, cpu);
}

static uint64_t gich_mmio_read(void *opaque, uint64_t offset, unsigned size, unsigned cpu)
{
    hs_gic *s = opaque;
    gic_access a = { HS_GIC_GICH, cpu, offset, size, false };
    uint32_t v;

    assert(cpu < s->cfg.num_cpu);
    v = gich_read(s, &a);
    gic_trace_read(s, &a, v);
    return v;
}

static void gich_mmio_write(void *opaque, uint64_t offset, uint64_t value, unsigned size,
                            unsigned cpu)
{
    hs_gic *s = opaque;
    gic_access a = { HS_GIC_GICH, cpu, offset, size, true };

    assert(cpu < s->cfg.num_cpu);
    HS_TRACE(s->tracer, gic_write, cpu, HS_GIC_GICH, offset, value, size);
    gich_write(s, &a, (uint32_t)value);
    gic_update(s);
}

const hs_mmio_ops hs_gich_ops = {
    .read = gich_mmio_read,
    .write = gich_mmio_write,
};
