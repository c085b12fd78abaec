/* GICv2 physical CPU interface (GICC), §4.4, banked per CPU, for a GIC without
 * the Security Extensions: an access behaves as a Secure access would with them,
 * handling both groups (§4.4.1, §3.6). Section numbers (§) are those of ARM IHI
 * 0048B.b. */
#include "models/gic/gic_internal.h"

#include <inttypes.h>

#include "sim/log.h"

/* Running priority (§3.3.2, §4.4.6): the group priority of the highest priority
 * active interrupt, read back from the active priority registers (Group 0 in
 * GICC_APRn, Group 1 in GICC_NSAPRn, one bit per preemption level in the
 * recommended format of §4.4.12). */
unsigned gicc_running_priority(const hs_gic *s, const gic_cpu *c)
{
    for (unsigned i = 0; i < s->nr_apr; i++) {
        uint32_t bits = c->apr[i] | c->nsapr[i];
        if (bits) {
            return (i * 32 + gic_ctz32(bits)) << (s->min_bpr + 1);
        }
    }
    return GIC_NO_PRIORITY;
}

/* Group priority (§3.3.3, Table 3-2/3-3): GICC_BPR splits Group 0 priorities, and
 * Group 1 ones when GICC_CTLR.CBPR is set; otherwise GICC_ABPR splits Group 1
 * ones, its field being one more than the equivalent GICC_BPR value. */
static unsigned gicc_group_priority(const gic_cpu *c, unsigned prio, unsigned group)
{
    unsigned shift = (group == 1 && !(c->ctlr & GICC_CTLR_CBPR)) ? c->abpr : c->bpr + 1;
    return prio & (0xffu << shift) & 0xffu;
}

bool gicc_signalled(const hs_gic *s, unsigned cpu, unsigned *intid, unsigned *group)
{
    const gic_cpu *c = &s->cpu[cpu];
    unsigned id = gic_dist_hppi(s, cpu);
    unsigned g, prio;

    if (id == GIC_INTID_SPURIOUS) {
        return false;
    }
    /* §4.4.1 EnableGrp0/EnableGrp1: the highest priority pending interrupt is not
     * signalled when its group is disabled at the CPU interface (a lower priority
     * one of the other group is not considered instead). §3.3.3 priority masking
     * (strictly higher than GICC_PMR) and §3.3.2 preemption (group priority
     * strictly higher than the running priority). */
    g = gic_irq_group(s, cpu, id);
    if (!(c->ctlr & (g ? GICC_CTLR_ENABLE_GRP1 : GICC_CTLR_ENABLE_GRP0))) {
        return false;
    }
    prio = gic_irq_priority(s, cpu, id);
    if (prio >= c->pmr) {
        return false;
    }
    if (gicc_group_priority(c, prio, g) >= gicc_running_priority(s, c)) {
        return false;
    }
    *intid = id;
    *group = g;
    return true;
}

/* The value a read of GICC_IAR/GICC_HPPIR (aliased = false) or GICC_AIAR/
 * GICC_AHPPIR (aliased = true) returns, §4.4.4, §4.4.7, §4.4.9, §4.4.11 and the
 * special IDs of §3.2.5: a GIC without the Security Extensions answers as to a
 * Secure read, so a Group 1 interrupt reads as 1022 through GICC_IAR unless
 * GICC_CTLR.AckCtl is set; the aliased registers see Group 1 interrupts only.
 * For an SGI, bits [12:10] name the source CPU that GICC_IAR would acknowledge. */
static uint32_t gicc_pending_value(const hs_gic *s, unsigned cpu, bool aliased, unsigned *intid,
                                   unsigned *group)
{
    const gic_cpu *c = &s->cpu[cpu];
    unsigned id, g;

    if (!gicc_signalled(s, cpu, &id, &g)) {
        return GIC_INTID_SPURIOUS;
    }
    if (aliased) {
        if (g != 1) {
            return GIC_INTID_SPURIOUS;
        }
    } else if (g == 1 && !(c->ctlr & GICC_CTLR_ACKCTL)) {
        return GIC_INTID_SPURIOUS_GRP1;
    }
    *intid = id;
    *group = g;
    if (id < GIC_NR_SGI) {
        return id | (gic_ctz32(c->sgi_src[id]) << GICC_IAR_CPUID_SHIFT);
    }
    return id;
}

/* GICC_IAR/GICC_AIAR read: acknowledge (§3.2.4) and raise the running priority
 * to the interrupt's group priority by setting its active priority bit. */
static uint32_t gicc_acknowledge(hs_gic *s, gic_access *a, bool aliased)
{
    gic_cpu *c = &s->cpu[a->cpu];
    unsigned id = GIC_INTID_SPURIOUS, g = 0;
    uint32_t v = gicc_pending_value(s, a->cpu, aliased, &id, &g);
    unsigned level, src;
    uint32_t *apr;

    gic_trace_read(s, a, v);
    if ((v & GICC_IAR_INTID_MASK) >= GIC_INTID_SPECIAL_FIRST) {
        return v;
    }
    src = gic_dist_activate(s, a->cpu, id);
    assert(id >= GIC_NR_SGI || src == (v & GICC_IAR_CPUID_MASK) >> GICC_IAR_CPUID_SHIFT);
    level = gicc_group_priority(c, gic_irq_priority(s, a->cpu, id), g) >> (s->min_bpr + 1);
    apr = g ? c->nsapr : c->apr;
    apr[level / 32] |= gic_bit(level);
    gic_mark_phys(s, 1u << a->cpu);
    return v;
}

/* Priority drop (§3.2.1): clears the highest priority active bit, the one the
 * running priority comes from. EOIs must come in the reverse order of the
 * acknowledges (§4.4.5, otherwise UNPREDICTABLE): the bit dropped is always the
 * running priority's, taken from the EOI'd interrupt's group register when both
 * hold it. Returns false when no interrupt is active. */
static bool gicc_drop_priority(hs_gic *s, gic_cpu *c, unsigned group)
{
    for (unsigned i = 0; i < s->nr_apr; i++) {
        uint32_t bits = c->apr[i] | c->nsapr[i];
        if (bits) {
            uint32_t low = bits & -bits;
            uint32_t *own = group ? &c->nsapr[i] : &c->apr[i];
            uint32_t *other = group ? &c->apr[i] : &c->nsapr[i];
            if (*own & low) {
                *own &= ~low;
            } else {
                *other &= ~low;
            }
            return true;
        }
    }
    return false;
}

/* GICC_EOIR/GICC_AEOIR write (§4.4.5, §4.4.10): priority drop, and deactivation
 * too when GICC_CTLR.EOImode is 0. */
static void gicc_eoi(hs_gic *s, const gic_access *a, uint32_t v, bool aliased)
{
    gic_cpu *c = &s->cpu[a->cpu];
    unsigned id = v & GICC_IAR_INTID_MASK;
    unsigned g;

    if (id >= GIC_INTID_SPECIAL_FIRST) {
        return;     /* §4.4.5: a spurious ID is ignored */
    }
    if (id >= s->cfg.num_irq) {
        hs_log_guest_error("GICC: CPU %u: EOI of unimplemented interrupt %u ignored "
                           "(UNPREDICTABLE, IHI 0048B 4.4.5)", a->cpu, id);
        return;
    }
    g = gic_irq_group(s, a->cpu, id);
    if (aliased && g != 1) {
        hs_log_guest_error("GICC: CPU %u: GICC_AEOIR names Group 0 interrupt %u "
                           "(UNPREDICTABLE, IHI 0048B 4.4.10); handled as GICC_EOIR", a->cpu, id);
    }
    if (!gicc_drop_priority(s, c, g)) {
        hs_log_guest_error("GICC: CPU %u: EOI of interrupt %u with no active priority ignored "
                           "(UNPREDICTABLE, IHI 0048B 4.4.5)", a->cpu, id);
        return;
    }
    if (!(c->ctlr & GICC_CTLR_EOIMODE)) {
        gic_dist_deactivate(s, a->cpu, id);
    }
    gic_mark_phys(s, 1u << a->cpu);
}

/* GICC_DIR write (§4.4.15): deactivation apart from priority drop, only when
 * GICC_CTLR.EOImode is 1 (with 0 it is UNPREDICTABLE: ignored here). */
static void gicc_dir(hs_gic *s, const gic_access *a, uint32_t v)
{
    unsigned id = v & GICC_IAR_INTID_MASK;

    if (!(s->cpu[a->cpu].ctlr & GICC_CTLR_EOIMODE)) {
        hs_log_guest_error("GICC: CPU %u: GICC_DIR write with GICC_CTLR.EOImode 0 ignored "
                           "(UNPREDICTABLE, IHI 0048B 4.4.15)", a->cpu);
        return;
    }
    if (id >= GIC_INTID_SPECIAL_FIRST) {
        return;
    }
    if (id >= s->cfg.num_irq) {
        hs_log_guest_error("GICC: CPU %u: GICC_DIR of unimplemented interrupt %u ignored",
                           a->cpu, id);
        return;
    }
    gic_dist_deactivate(s, a->cpu, id);
}

/* Reset values (§4.4, GIC-400): everything 0 but the binary points, which reset
 * to their minimum (GICC_BPR 2 and GICC_ABPR 3 with 5 priority bits). */
void gicc_reset(hs_gic *s, gic_cpu *c)
{
    c->ctlr = 0;
    c->pmr = 0;
    c->bpr = s->min_bpr;
    c->abpr = s->min_bpr + 1;
    for (unsigned i = 0; i < GICC_NR_APR; i++) {
        c->apr[i] = 0;
        c->nsapr[i] = 0;
    }
}

static uint32_t gicc_read(hs_gic *s, gic_access *a)
{
    gic_cpu *c = &s->cpu[a->cpu];
    unsigned id, g;

    if (a->offset >= GICC_REGION_SIZE) {
        gic_log_bad_offset(a, false);
        return 0;
    }
    if (!gic_access_word_ok(a, "a CPU interface register")) {
        return 0;
    }
    switch ((uint32_t)a->offset) {
    case GICC_CTLR:
        return c->ctlr;
    case GICC_PMR:
        return c->pmr;
    case GICC_BPR:
        return c->bpr;
    case GICC_IAR:
        return gicc_acknowledge(s, a, false);
    case GICC_EOIR:
        gic_log_write_only(a, "GICC_EOIR");
        return 0;
    case GICC_RPR: {
        unsigned p = gicc_running_priority(s, c);
        return p == GIC_NO_PRIORITY ? GIC_IDLE_PRIORITY : p;
    }
    case GICC_HPPIR:
        return gicc_pending_value(s, a->cpu, false, &id, &g);
    case GICC_ABPR:
        return c->abpr;
    case GICC_AIAR:
        return gicc_acknowledge(s, a, true);
    case GICC_AEOIR:
        gic_log_write_only(a, "GICC_AEOIR");
        return 0;
    case GICC_AHPPIR:
        return gicc_pending_value(s, a->cpu, true, &id, &g);
    case GICC_APR0 ... GICC_APR_END: {
        unsigned n = ((uint32_t)a->offset - GICC_APR0) / 4;
        return n < s->nr_apr ? c->apr[n] : 0;
    }
    case GICC_NSAPR0 ... GICC_NSAPR_END: {
        unsigned n = ((uint32_t)a->offset - GICC_NSAPR0) / 4;
        return n < s->nr_apr ? c->nsapr[n] : 0;
    }
    case GICC_IIDR:
        return GICC_IIDR_VALUE;
    case GICC_DIR:
        gic_log_write_only(a, "GICC_DIR");
        return 0;
    default:
        gic_log_bad_offset(a, false);
        return 0;
    }
}

static void gicc_write(hs_gic *s, const gic_access *a, uint32_t v)
{
    gic_cpu *c = &s->cpu[a->cpu];

    if (a->offset >= GICC_REGION_SIZE) {
        gic_log_bad_offset(a, true);
        return;
    }
    if (!gic_access_word_ok(a, "a CPU interface register")) {
        return;
    }
    switch ((uint32_t)a->offset) {
    case GICC_CTLR:
        c->ctlr = v & GICC_CTLR_MASK;
        break;
    case GICC_PMR:
        /* §4.4.2: unimplemented low-order priority bits are RAZ/WI. */
        c->pmr = v & GICC_PMR_PRIORITY_MASK & s->prio_mask;
        break;
    case GICC_BPR: {
        /* §4.4.3: a value below the minimum sets the minimum. */
        unsigned bp = v & GICC_BPR_BINARY_POINT_MASK;
        c->bpr = bp < s->min_bpr ? s->min_bpr : bp;
        break;
    }
    case GICC_ABPR: {
        unsigned bp = v & GICC_BPR_BINARY_POINT_MASK;
        c->abpr = bp < s->min_bpr + 1 ? s->min_bpr + 1 : bp;
        break;
    }
    case GICC_EOIR:
        gicc_eoi(s, a, v, false);
        break;
    case GICC_AEOIR:
        gicc_eoi(s, a, v, true);
        break;
    case GICC_APR0 ... GICC_APR_END: {
        /* §4.4.12: for state save and restore. */
        unsigned n = ((uint32_t)a->offset - GICC_APR0) / 4;
        if (n < s->nr_apr) {
            c->apr[n] = v & s->apr_mask;
        }
        break;
    }
    case GICC_NSAPR0 ... GICC_NSAPR_END: {
        unsigned n = ((uint32_t)a->offset - GICC_NSAPR0) / 4;
        if (n < s->nr_apr) {
            c->nsapr[n] = v & s->apr_mask;
        }
        break;
    }
    case GICC_DIR:
        gicc_dir(s, a, v);
        break;
    case GICC_IAR:
        gic_log_read_only(a, "GICC_IAR");
        return;
    case GICC_RPR:
        gic_log_read_only(a, "GICC_RPR");
        return;
    case GICC_HPPIR:
        gic_log_read_only(a, "GICC_HPPIR");
        return;
    case GICC_AIAR:
        gic_log_read_only(a, "GICC_AIAR");
        return;
    case GICC_AHPPIR:
        gic_log_read_only(a, "GICC_AHPPIR");
        return;
    case GICC_IIDR:
        gic_log_read_only(a, "GICC_IIDR");
        return;
    default:
        gic_log_bad_offset(a, true);
        return;
    }
    gic_mark_phys(s, 1u << a->cpu);
}

static uint64_t gicc_mmio_read(void *opaque, uint64_t offset, unsigned size, unsigned cpu)
{
    hs_gic *s = opaque;
    gic_access a = { HS_GIC_GICC, cpu, offset, size, false };
    uint32_t v;

    assert(cpu < s->cfg.num_cpu);
    v = gicc_read(s, &a);
    gic_trace_read(s, &a, v);
    gic_update(s);
    return v;
}

static void gicc_mmio_write(void *opaque, uint64_t offset, uint64_t value, unsigned size,
                            unsigned cpu)
{
    hs_gic *s = opaque;
    gic_access a = { HS_GIC_GICC, cpu, offset, size, true };

    assert(cpu < s->cfg.num_cpu);
    HS_TRACE(s->tracer, gic_write, cpu, HS_GIC_GICC, offset, value, size);
    gicc_write(s, &a, (uint32_t)value);
    gic_update(s);
}

const hs_mmio_ops hs_gicc_ops = {
    .read = gicc_mmio_read,
    .write = gicc_mmio_write,
};
