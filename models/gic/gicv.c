/* GICv2 virtual CPU interface (GICV), §5.4: the GICC register set as a virtual
 * machine sees it, driven by the list registers of its CPU's virtual interface
 * (§5.3.8 state machine: invalid, pending, active, pending and active). The
 * virtual CPU interface has a single Security state, so it behaves as GICC does
 * for Secure accesses (Group 1 through GICV_IAR needs AckCtl; the aliased
 * registers handle Group 1). Section numbers (§) are those of ARM IHI 0048B.b. */
#include "models/gic/gic_internal.h"

#include <inttypes.h>

#include "sim/log.h"

static unsigned gicv_lr_priority(uint32_t lr)
{
    return ((lr & GICH_LR_PRIORITY_MASK) >> GICH_LR_PRIORITY_SHIFT) << GIC_VIRT_PRIO_SHIFT;
}

static unsigned gicv_pmr(const gic_cpu *c)
{
    return ((c->vmcr & GICH_VMCR_VMPRIMASK_MASK) >> GICH_VMCR_VMPRIMASK_SHIFT) << GIC_VIRT_PRIO_SHIFT;
}

/* GICH_APR (§5.3.7): bit n set while an interrupt of group priority n << 3 is
 * active; the running priority is the lowest such n. */
unsigned gicv_running_priority(const gic_cpu *c)
{
    return c->vapr ? gic_ctz32(c->vapr) << GIC_VIRT_PRIO_SHIFT : GIC_NO_PRIORITY;
}

/* Group priority (§3.3.3 through §5.4): GICV_BPR (VMBP) for Group 0, and for
 * Group 1 when GICV_CTLR.CBPR is set; GICV_ABPR (VMABP) for Group 1 otherwise. */
static unsigned gicv_group_priority(const gic_cpu *c, unsigned prio, bool grp1)
{
    unsigned shift = (grp1 && !(c->vmcr & GICH_VMCR_VMCBPR))
        ? (c->vmcr & GICH_VMCR_VMABP_MASK) >> GICH_VMCR_VMABP_SHIFT
        : ((c->vmcr & GICH_VMCR_VMBP_MASK) >> GICH_VMCR_VMBP_SHIFT) + 1;
    return prio & (0xffu << shift) & 0xffu;
}

/* The highest priority pending list register (State == pending; a pending and
 * active one is not a candidate) of a group enabled in GICV_CTLR. Ties go to the
 * lowest-numbered LR; an LR naming a reserved ID 1020..1023 is never chosen
 * (UNPREDICTABLE, §5.3.8). */
static int gicv_hppi_lr(const gic_cpu *c)
{
    uint64_t m = c->lr_pending;
    unsigned best_prio = GIC_NO_PRIORITY;
    int best = -1;

    while (m) {
        unsigned n = gic_ctz64(m);
        uint32_t lr = c->lr[n];
        uint32_t en = (lr & GICH_LR_GRP1) ? GICH_VMCR_VMGRP1EN : GICH_VMCR_VMGRP0EN;
        unsigned prio = gicv_lr_priority(lr);

        m &= m - 1;
        if (!(c->vmcr & en) || (lr & GICH_LR_VIRTUALID_MASK) >= GIC_INTID_SPECIAL_FIRST) {
            continue;
        }
        if (prio < best_prio) {
            best_prio = prio;
            best = (int)n;
        }
    }
    return best;
}

/* §5.3.1 En (no virtual interrupt while clear), §3.3.3 masking by GICV_PMR and
 * §3.3.2 preemption against the running priority from GICH_APR. */
int gicv_signalled_lr(const gic_cpu *c)
{
    int n;
    unsigned prio;

    if (!(c->hcr & GICH_HCR_EN)) {
        return -1;
    }
    n = gicv_hppi_lr(c);
    if (n < 0) {
        return -1;
    }
    prio = gicv_lr_priority(c->lr[n]);
    if (prio >= gicv_pmr(c) ||
        gicv_group_priority(c, prio, c->lr[n] & GICH_LR_GRP1) >= gicv_running_priority(c)) {
        return -1;
    }
    return n;
}

/* The value of GICV_IAR/GICV_HPPIR (aliased = false) or GICV_AIAR/GICV_AHPPIR
 * (aliased = true), §5.4 with §4.4.4-§4.4.11: the virtual ID, with the source
 * CPUID of a software-generated (HW 0) virtual SGI in bits [12:10]. */
static uint32_t gicv_pending_value(const gic_cpu *c, bool aliased, int *lr_out)
{
    int n = gicv_signalled_lr(c);
    uint32_t lr, id;

    if (n < 0) {
        return GIC_INTID_SPURIOUS;
    }
    lr = c->lr[n];
    if (aliased) {
        if (!(lr & GICH_LR_GRP1)) {
            return GIC_INTID_SPURIOUS;
        }
    } else if ((lr & GICH_LR_GRP1) && !(c->vmcr & GICH_VMCR_VMACKCTL)) {
        return GIC_INTID_SPURIOUS_GRP1;
    }
    *lr_out = n;
    id = lr & GICH_LR_VIRTUALID_MASK;
    if (!(lr & GICH_LR_HW) && id < GIC_NR_SGI) {
        id |= ((lr & GICH_LR_CPUID_MASK) >> GICH_LR_CPUID_SHIFT) << GICC_IAR_CPUID_SHIFT;
    }
    return id;
}

static void gicv_lr_transition(hs_gic *s, unsigned cpu, unsigned n, uint32_t value)
{
    gic_cpu *c = &s->cpu[cpu];
    uint32_t old = c->lr[n];

    gich_lr_store(c, n, value);
    HS_TRACE(s->tracer, lr_state, cpu, n, old, value, 0);
    gic_mark_virt(s, cpu);
}

/* GICV_IAR/GICV_AIAR read: the LR goes from pending to active and its group
 * priority's bit is set in GICH_APR. */
static uint32_t gicv_acknowledge(hs_gic *s, gic_access *a, bool aliased)
{
    gic_cpu *c = &s->cpu[a->cpu];
    int n = -1;
    uint32_t v = gicv_pending_value(c, aliased, &n);
    uint32_t lr;
    unsigned level;

    gic_trace_read(s, a, v);
    if (n < 0) {
        return v;
    }
    lr = c->lr[n];
    level = gicv_group_priority(c, gicv_lr_priority(lr), lr & GICH_LR_GRP1) >> GIC_VIRT_PRIO_SHIFT;
    c->vapr |= gic_bit(level);
    gicv_lr_transition(s, a->cpu, (unsigned)n,
                       (lr & ~GICH_LR_STATE_MASK) | GICH_LR_STATE_ACTIVE_BIT);
    return v;
}

/* The list register an EOI or deactivation of (id, cpuid) refers to: an active
 * (or pending and active) entry with that virtual ID and, for a software
 * virtual SGI, that source CPUID. With two such entries (UNPREDICTABLE, §5.3.8)
 * the lowest-numbered one. */
static int gicv_find_active_lr(const gic_cpu *c, uint32_t id, uint32_t cpuid)
{
    uint64_t m = c->lr_valid;

    while (m) {
        unsigned n = gic_ctz64(m);
        uint32_t lr = c->lr[n];

        m &= m - 1;
        if (!(lr & GICH_LR_STATE_ACTIVE_BIT) || (lr & GICH_LR_VIRTUALID_MASK) != id) {
            continue;
        }
        if (!(lr & GICH_LR_HW) && id < GIC_NR_SGI &&
            ((lr & GICH_LR_CPUID_MASK) >> GICH_LR_CPUID_SHIFT) != cpuid) {
            continue;
        }
        return (int)n;
    }
    return -1;
}

/* Deactivation of a virtual interrupt (§5.3.8): active -> invalid, pending and
 * active -> pending. A hardware interrupt (HW 1) deactivates its physical
 * interrupt PhysicalID on this CPU's interface as a GICC_DIR write would; an
 * ID that is an SGI, reserved or not implemented is not deactivated
 * (UNPREDICTABLE, logged). */
static void gicv_deactivate_lr(hs_gic *s, unsigned cpu, unsigned n)
{
    uint32_t old = s->cpu[cpu].lr[n];

    gicv_lr_transition(s, cpu, n, old & ~GICH_LR_STATE_ACTIVE_BIT);
    if (old & GICH_LR_HW) {
        unsigned pid = (old & GICH_LR_PHYSICALID_MASK) >> GICH_LR_PHYSICALID_SHIFT;
        if (pid >= GIC_NR_SGI && pid < s->cfg.num_irq) {
            gic_dist_deactivate(s, cpu, pid);
        } else {
            hs_log_guest_error("GICV: CPU %u: GICH_LR%u (HW 1) names physical ID %u, which "
                               "cannot be deactivated (UNPREDICTABLE, IHI 0048B 5.3.8)",
                               cpu, n, pid);
        }
    }
}

/* §5.3.1 EOICount: counts EOIs (and, with EOImode 1, deactivations) that match
 * no list register; wraps from 31 to 0. */
static void gicv_count_eoi(hs_gic *s, unsigned cpu)
{
    gic_cpu *c = &s->cpu[cpu];
    uint32_t old = c->hcr;
    uint32_t count = ((old & GICH_HCR_EOICOUNT_MASK) >> GICH_HCR_EOICOUNT_SHIFT) + 1;

    c->hcr = (old & ~GICH_HCR_EOICOUNT_MASK) |
             ((count << GICH_HCR_EOICOUNT_SHIFT) & GICH_HCR_EOICOUNT_MASK);
    HS_TRACE(s->tracer, gich_hcr, cpu, old, c->hcr, 0, 0);
    gic_mark_virt(s, cpu);
}

/* GICV_EOIR/GICV_AEOIR write: priority drop (clears the lowest set GICH_APR bit);
 * with GICV_CTLR.EOImode 0 also deactivation of the matching LR. An EOI that
 * matches no LR increments EOICount, unless it dropped no priority (§5.3.1:
 * EOIs that do not clear a bit in GICH_APR do not count). */
static void gicv_eoi(hs_gic *s, const gic_access *a, uint32_t v, bool aliased)
{
    gic_cpu *c = &s->cpu[a->cpu];
    uint32_t id = v & GICC_IAR_INTID_MASK;
    uint32_t cpuid = (v & GICC_IAR_CPUID_MASK) >> GICC_IAR_CPUID_SHIFT;
    bool dropped = c->vapr != 0;
    int n;

    if (id >= GIC_INTID_SPECIAL_FIRST) {
        return;     /* §4.4.5: a spurious ID is ignored */
    }
    if (dropped) {
        c->vapr &= c->vapr - 1;
        gic_mark_virt(s, a->cpu);
    }
    if (c->vmcr & GICH_VMCR_VEM) {
        return;
    }
    n = gicv_find_active_lr(c, id, cpuid);
    if (n < 0) {
        if (dropped) {
            gicv_count_eoi(s, a->cpu);
        }
        return;
    }
    if (aliased && !(c->lr[n] & GICH_LR_GRP1)) {
        hs_log_guest_error("GICV: CPU %u: GICV_AEOIR names Group 0 virtual interrupt %" PRIu32
                           " (UNPREDICTABLE, IHI 0048B 4.4.10); handled as GICV_EOIR",
                           a->cpu, id);
    }
    gicv_deactivate_lr(s, a->cpu, (unsigned)n);
}

/* GICV_DIR write: deactivation when GICV_CTLR.EOImode is 1 (with 0 it is
 * UNPREDICTABLE: ignored here, §4.4.15); no matching LR increments EOICount. */
static void gicv_dir(hs_gic *s, const gic_access *a, uint32_t v)
{
    gic_cpu *c = &s->cpu[a->cpu];
    uint32_t id = v & GICC_IAR_INTID_MASK;
    int n;

    if (!(c->vmcr & GICH_VMCR_VEM)) {
        hs_log_guest_error("GICV: CPU %u: GICV_DIR write with GICV_CTLR.EOImode 0 ignored "
                           "(UNPREDICTABLE, IHI 0048B 4.4.15)", a->cpu);
        return;
    }
    if (id >= GIC_INTID_SPECIAL_FIRST) {
        return;
    }
    n = gicv_find_active_lr(c, id, (v & GICC_IAR_CPUID_MASK) >> GICC_IAR_CPUID_SHIFT);
    if (n < 0) {
        gicv_count_eoi(s, a->cpu);
    } else {
        gicv_deactivate_lr(s, a->cpu, (unsigned)n);
    }
}

static uint32_t gicv_read(hs_gic *s, gic_access *a)
{
    gic_cpu *c = &s->cpu[a->cpu];
    int n;

    if (a->offset >= GICV_REGION_SIZE) {
        gic_log_bad_offset(a, false);
        return 0;
    }
    if (!gic_access_word_ok(a, "a virtual CPU interface register")) {
        return 0;
    }
    switch ((uint32_t)a->offset) {
    case GICC_CTLR:                     /* GICV_CTLR */
        return c->vmcr & GICH_VMCR_CTLR_MASK;
    case GICC_PMR:                      /* GICV_PMR */
        return gicv_pmr(c);
    case GICC_BPR:                      /* GICV_BPR */
        return (c->vmcr & GICH_VMCR_VMBP_MASK) >> GICH_VMCR_VMBP_SHIFT;
    case GICC_IAR:                      /* GICV_IAR */
        return gicv_acknowledge(s, a, false);
    case GICC_RPR: {                    /* GICV_RPR */
        unsigned p = gicv_running_priority(c);
        return p == GIC_NO_PRIORITY ? GIC_IDLE_PRIORITY : p;
    }
    case GICC_HPPIR:                    /* GICV_HPPIR */
        return gicv_pending_value(c, false, &n);
    case GICC_ABPR:                     /* GICV_ABPR */
        return (c->vmcr & GICH_VMCR_VMABP_MASK) >> GICH_VMCR_VMABP_SHIFT;
    case GICC_AIAR:                     /* GICV_AIAR */
        return gicv_acknowledge(s, a, true);
    case GICC_AHPPIR:                   /* GICV_AHPPIR */
        return gicv_pending_value(c, true, &n);
    case GICC_APR0:                     /* GICV_APR0, an alias of GICH_APR (§5.3.7) */
        return c->vapr;
    case GICC_APR0 + 4 ... GICC_APR_END:  /* GICV_APR1..3: 32 levels need one, RAZ/WI */
        return 0;
    case GICC_IIDR:                     /* GICV_IIDR */
        return GICC_IIDR_VALUE;
    case GICC_EOIR:
        gic_log_write_only(a, "GICV_EOIR");
        return 0;
    case GICC_AEOIR:
        gic_log_write_only(a, "GICV_AEOIR");
        return 0;
    case GICC_DIR:
        gic_log_write_only(a, "GICV_DIR");
        return 0;
    default:
        gic_log_bad_offset(a, false);
        return 0;
    }
}

static void gicv_write(hs_gic *s, const gic_access *a, uint32_t v)
{
    gic_cpu *c = &s->cpu[a->cpu];

    if (a->offset >= GICV_REGION_SIZE) {
        gic_log_bad_offset(a, true);
        return;
    }
    if (!gic_access_word_ok(a, "a virtual CPU interface register")) {
        return;
    }
    switch ((uint32_t)a->offset) {
    case GICC_CTLR:                     /* GICV_CTLR */
        c->vmcr = (c->vmcr & ~GICH_VMCR_CTLR_MASK) | (v & GICV_CTLR_MASK);
        break;
    case GICC_PMR:                      /* GICV_PMR: 5 bits, [2:0] RAZ/WI */
        c->vmcr = (c->vmcr & ~GICH_VMCR_VMPRIMASK_MASK) |
                  (((v & GICC_PMR_PRIORITY_MASK) >> GIC_VIRT_PRIO_SHIFT) << GICH_VMCR_VMPRIMASK_SHIFT);
        break;
    case GICC_BPR:                      /* GICV_BPR: minimum 2 */
        c->vmcr = gich_vmcr_write_value((c->vmcr & ~GICH_VMCR_VMBP_MASK) |
                                        ((v & GICC_BPR_BINARY_POINT_MASK) << GICH_VMCR_VMBP_SHIFT));
        break;
    case GICC_ABPR:                     /* GICV_ABPR: minimum 3 */
        c->vmcr = gich_vmcr_write_value((c->vmcr & ~GICH_VMCR_VMABP_MASK) |
                                        ((v & GICC_BPR_BINARY_POINT_MASK) << GICH_VMCR_VMABP_SHIFT));
        break;
    case GICC_EOIR:                     /* GICV_EOIR */
        gicv_eoi(s, a, v, false);
        return;
    case GICC_AEOIR:                    /* GICV_AEOIR */
        gicv_eoi(s, a, v, true);
        return;
    case GICC_DIR:                      /* GICV_DIR */
        gicv_dir(s, a, v);
        return;
    case GICC_APR0:                     /* GICV_APR0 */
        c->vapr = v;
        break;
    case GICC_APR0 + 4 ... GICC_APR_END:
        return;
    case GICC_IAR:
        gic_log_read_only(a, "GICV_IAR");
        return;
    case GICC_RPR:
        gic_log_read_only(a, "GICV_RPR");
        return;
    case GICC_HPPIR:
        gic_log_read_only(a, "GICV_HPPIR");
        return;
    case GICC_AIAR:
        gic_log_read_only(a, "GICV_AIAR");
        return;
    case GICC_AHPPIR:
        gic_log_read_only(a, "GICV_AHPPIR");
        return;
    case GICC_IIDR:
        gic_log_read_only(a, "GICV_IIDR");
        return;
    default:
        gic_log_bad_offset(a, true);
        return;
    }
    gic_mark_virt(s, a->cpu);
}

static uint64_t gicv_mmio_read(void *opaque, uint64_t offset, unsigned size, unsigned cpu)
{
    hs_gic *s = opaque;
    gic_access a = { HS_GIC_GICV, cpu, offset, size, false };
    uint32_t v;

    assert(cpu < s->cfg.num_cpu);
    v = gicv_read(s, &a);
    gic_trace_read(s, &a, v);
    gic_update(s);
    return v;
}

static void gicv_mmio_write(void *opaque, uint64_t offset, uint64_t value, unsigned size,
                            unsigned cpu)
{
    hs_gic *s = opaque;
    gic_access a = { HS_GIC_GICV, cpu, offset, size, true };

    assert(cpu < s->cfg.num_cpu);
    HS_TRACE(s->tracer, gic_write, cpu, HS_GIC_GICV, offset, value, size);
    gicv_write(s, &a, (uint32_t)value);
    gic_update(s);
}

const hs_mmio_ops hs_gicv_ops = {
    .read = gicv_mmio_read,
    .write = gicv_mmio_write,
};
