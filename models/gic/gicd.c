/* GICv2 Distributor (GICD), §4.3, for a GIC without the Security Extensions:
 * interrupt state, enables, groups, priorities, targets, configuration, SGIs.
 * Section numbers (§) are those of ARM IHI 0048B.b. */
#include "models/gic/gic_internal.h"

#include <inttypes.h>

#include "sim/log.h"

static const uint8_t gicd_id_values[] = GICD_ID_VALUES;

typedef enum gicd_bitmap {
    GICD_BM_GROUP,
    GICD_BM_ENABLED,
    GICD_BM_PEND,
    GICD_BM_ACTIVE,
} gicd_bitmap;

/* Word w of a per-interrupt bitmap as CPU cpu sees it: word 0 (SGIs, PPIs) is
 * banked per CPU interface, §4.3.4-§4.3.10. */
static uint32_t *gicd_word(hs_gic *s, unsigned cpu, gicd_bitmap which, unsigned w)
{
    gic_cpu *c = &s->cpu[cpu];

    switch (which) {
    case GICD_BM_GROUP:
        return w ? &s->group[w] : &c->group;
    case GICD_BM_ENABLED:
        return w ? &s->enabled[w] : &c->enabled;
    case GICD_BM_PEND:
        return w ? &s->pend[w] : &c->pend;
    case GICD_BM_ACTIVE:
        return w ? &s->active[w] : &c->active;
    }
    assert(0);
    return NULL;
}

/* Implemented interrupts of word w; the bits of the others are RAZ/WI (§4.3.5). */
static uint32_t gicd_impl(const hs_gic *s, unsigned w)
{
    return w == 0 ? 0xffffffffu : s->impl[w];
}

/* The CPUs whose outputs a change in word w can affect. */
static uint32_t gicd_affected(const hs_gic *s, unsigned cpu, unsigned w)
{
    return w == 0 ? 1u << cpu : s->cpu_mask;
}

static bool gicd_implemented(const hs_gic *s, unsigned intid)
{
    return intid < s->cfg.num_irq;
}

unsigned gic_irq_priority(const hs_gic *s, unsigned cpu, unsigned intid)
{
    return intid < GIC_NR_INTERNAL ? s->cpu[cpu].priority[intid] : s->priority[intid];
}

unsigned gic_irq_group(const hs_gic *s, unsigned cpu, unsigned intid)
{
    uint32_t g = intid < GIC_NR_INTERNAL ? s->cpu[cpu].group : s->group[intid / 32];
    return (g & gic_bit(intid)) != 0;
}

unsigned gic_dist_hppi(const hs_gic *s, unsigned cpu)
{
    const gic_cpu *c = &s->cpu[cpu];
    unsigned best = GIC_INTID_SPURIOUS;
    unsigned best_prio = GIC_NO_PRIORITY;
    uint32_t grp0 = (s->ctlr & GICD_CTLR_ENABLE_GRP0) ? ~0u : 0;
    uint32_t grp1 = (s->ctlr & GICD_CTLR_ENABLE_GRP1) ? ~0u : 0;

    /* §4.3.1: a group whose GICD_CTLR enable is clear is not forwarded. An active
     * interrupt, even if also pending, is not a candidate (§3.2.4). */
    if (!(grp0 | grp1)) {
        return best;
    }
    for (unsigned w = 0; w < s->nwords; w++) {
        uint32_t group = w ? s->group[w] : c->group;
        uint32_t cand = gic_pending_word(s, c, w);

        if (w == 0) {
            cand &= c->enabled & ~c->active;
        } else {
            cand &= s->enabled[w] & ~s->active[w] & c->spi_target[w];
        }
        cand &= (grp0 & ~group) | (grp1 & group);
        while (cand) {
            unsigned id = w * 32 + gic_ctz32(cand);
            unsigned prio = w ? s->priority[id] : c->priority[id];
            cand &= cand - 1;
            if (prio < best_prio) {
                best_prio = prio;
                best = id;
            }
        }
    }
    return best;
}

unsigned gic_dist_activate(hs_gic *s, unsigned cpu, unsigned intid)
{
    gic_cpu *c = &s->cpu[cpu];
    uint32_t b = gic_bit(intid);
    unsigned src = 0;

    if (intid < GIC_NR_SGI) {
        /* §4.3.16 and §3.2.4: one source at a time; the SGI stays pending while
         * another source has it pending. The lowest-numbered source goes first
         * (the order is IMPLEMENTATION DEFINED). */
        assert(c->sgi_src[intid]);
        src = gic_ctz32(c->sgi_src[intid]);
        c->sgi_src[intid] &= (uint8_t)~(1u << src);
        if (!c->sgi_src[intid]) {
            c->pend &= ~b;
        }
        c->active |= b;
        gic_mark_phys(s, 1u << cpu);
    } else if (intid < GIC_NR_INTERNAL) {
        c->pend &= ~b;
        c->active |= b;
        gic_mark_phys(s, 1u << cpu);
    } else {
        s->pend[intid / 32] &= ~b;
        s->active[intid / 32] |= b;
        gic_mark_phys(s, s->cpu_mask);
    }
    return src;
}

void gic_dist_deactivate(hs_gic *s, unsigned cpu, unsigned intid)
{
    uint32_t b = gic_bit(intid);

    assert(intid < s->cfg.num_irq);
    if (intid < GIC_NR_INTERNAL) {
        s->cpu[cpu].active &= ~b;
        gic_mark_phys(s, 1u << cpu);
    } else {
        s->active[intid / 32] &= ~b;
        gic_mark_phys(s, s->cpu_mask);
    }
}

static void gicd_set_target(hs_gic *s, unsigned intid, uint8_t targets)
{
    unsigned w = intid / 32;
    uint32_t b = gic_bit(intid);

    s->target[intid] = targets;
    for (unsigned cpu = 0; cpu < s->cfg.num_cpu; cpu++) {
        if (targets & (1u << cpu)) {
            s->cpu[cpu].spi_target[w] |= b;
        } else {
            s->cpu[cpu].spi_target[w] &= ~b;
        }
    }
}

/* Reset values (§4.3, GIC-400 where IMPLEMENTATION DEFINED): everything disabled,
 * inactive, not pending, Group 0, priority 0, SPI targets 0; SGIs always enabled
 * and edge-triggered, PPIs and SPIs level-sensitive. With one CPU interface every
 * SPI targets it (§4.3.12). Input levels are kept. */
void gic_dist_reset(hs_gic *s)
{
    s->ctlr = 0;
    for (unsigned w = 0; w < GIC_MAX_WORDS; w++) {
        s->enabled[w] = 0;
        s->pend[w] = 0;
        s->active[w] = 0;
        s->group[w] = 0;
        s->edge[w] = 0;
    }
    for (unsigned id = 0; id < GIC_MAX_WORDS * 32; id++) {
        s->priority[id] = 0;
        s->target[id] = 0;
    }
    for (unsigned cpu = 0; cpu < s->cfg.num_cpu; cpu++) {
        gic_cpu *c = &s->cpu[cpu];
        c->enabled = 0xffffu;
        c->pend = 0;
        c->active = 0;
        c->group = 0;
        c->edge = 0xffffu;
        for (unsigned i = 0; i < GIC_NR_INTERNAL; i++) {
            c->priority[i] = 0;
        }
        for (unsigned i = 0; i < GIC_NR_SGI; i++) {
            c->sgi_src[i] = 0;
        }
        for (unsigned w = 0; w < GIC_MAX_WORDS; w++) {
            c->spi_target[w] = s->cfg.num_cpu == 1 ? s->impl[w] : 0;
        }
    }
}

/* One byte of GICD_IPRIORITYRn (§4.3.11): unimplemented low-order bits RAZ/WI. */
static uint8_t gicd_priority_byte(const hs_gic *s, unsigned cpu, unsigned intid)
{
    return gicd_implemented(s, intid) ? (uint8_t)gic_irq_priority(s, cpu, intid) : 0;
}

static void gicd_set_priority_byte(hs_gic *s, unsigned cpu, unsigned intid, uint8_t v)
{
    if (!gicd_implemented(s, intid)) {
        return;
    }
    v &= (uint8_t)s->prio_mask;
    if (intid < GIC_NR_INTERNAL) {
        s->cpu[cpu].priority[intid] = v;
    } else {
        s->priority[intid] = v;
    }
    gic_mark_phys(s, gicd_affected(s, cpu, intid / 32));
}

/* One byte of GICD_ITARGETSRn (§4.3.12): RAZ/WI with a single CPU interface;
 * IDs 0..31 read as the accessing CPU's own bit and ignore writes; bits of CPU
 * interfaces that do not exist are RAZ/WI. */
static uint8_t gicd_target_byte(const hs_gic *s, unsigned cpu, unsigned intid)
{
    if (s->cfg.num_cpu == 1 || !gicd_implemented(s, intid)) {
        return 0;
    }
    return intid < GIC_NR_INTERNAL ? (uint8_t)(1u << cpu) : s->target[intid];
}

static void gicd_set_target_byte(hs_gic *s, unsigned intid, uint8_t v)
{
    if (s->cfg.num_cpu == 1 || intid < GIC_NR_INTERNAL || !gicd_implemented(s, intid)) {
        return;
    }
    gicd_set_target(s, intid, (uint8_t)(v & s->cpu_mask));
    gic_mark_phys(s, s->cpu_mask);
}

/* GICD_CPENDSGIRn/GICD_SPENDSGIRn byte (§4.3.16, §4.3.17): the source CPUs that
 * have SGI intid pending on the accessing CPU; bits of absent CPUs RAZ/WI. */
static void gicd_sgi_sources(hs_gic *s, unsigned cpu, unsigned intid, uint8_t v, bool set)
{
    gic_cpu *c = &s->cpu[cpu];

    v &= (uint8_t)s->cpu_mask;
    if (set) {
        c->sgi_src[intid] |= v;
    } else {
        c->sgi_src[intid] &= (uint8_t)~v;
    }
    if (c->sgi_src[intid]) {
        c->pend |= gic_bit(intid);
    } else {
        c->pend &= ~gic_bit(intid);
    }
    gic_mark_phys(s, 1u << cpu);
}

void gic_dist_sgi_pend(hs_gic *s, unsigned source, unsigned target, unsigned intid)
{
    gicd_sgi_sources(s, target, intid, (uint8_t)(1u << source), true);
}

/* GICD_ICFGRn (§4.3.13): register n holds IDs 16n..16n+15, Int_config[1] in the
 * odd bit of each field; Int_config[0] is reserved (RAZ/WI). GICD_ICFGR0 (SGIs)
 * is read-only; GICD_ICFGR1 (PPIs) is programmable and therefore banked. */
static uint32_t gicd_read_icfgr(const hs_gic *s, unsigned cpu, unsigned n)
{
    unsigned w = n / 2;
    unsigned shift = (n % 2) * 16;
    uint32_t edge, v = 0;

    if (n == 0) {
        return GICD_ICFGR_SGI_VALUE;
    }
    edge = (w == 0 ? s->cpu[cpu].edge : s->edge[w] & s->impl[w]) >> shift;
    for (unsigned i = 0; i < 16; i++) {
        if (edge & (1u << i)) {
            v |= GICD_ICFGR_EDGE << (i * GICD_ICFGR_FIELD_BITS);
        }
    }
    return v;
}

static void gicd_write_icfgr(hs_gic *s, unsigned cpu, unsigned n, uint32_t v)
{
    unsigned w = n / 2;
    unsigned shift = (n % 2) * 16;
    uint32_t edge = 0;
    uint32_t field_mask = 0xffffu << shift;
    uint32_t *word;

    if (n == 0) {
        return;
    }
    for (unsigned i = 0; i < 16; i++) {
        if (v & (GICD_ICFGR_EDGE << (i * GICD_ICFGR_FIELD_BITS))) {
            edge |= 1u << i;
        }
    }
    edge <<= shift;
    if (w == 0) {
        word = &s->cpu[cpu].edge;
    } else {
        field_mask &= s->impl[w];
        word = &s->edge[w];
    }
    *word = (*word & ~field_mask) | (edge & field_mask);
    gic_mark_phys(s, gicd_affected(s, cpu, w));
}

/* GICD_SGIR (§4.3.15): NSATT is ignored without the Security Extensions. Each
 * SGI generated is latched at its target, or handed to the SGI hook. */
static void gicd_write_sgir(hs_gic *s, const gic_access *a, uint32_t v)
{
    unsigned intid = v & GICD_SGIR_SGIINTID_MASK;
    unsigned filter = (v & GICD_SGIR_TARGETLISTFILTER_MASK) >> GICD_SGIR_TARGETLISTFILTER_SHIFT;
    uint32_t targets;

    switch (filter) {
    case GICD_SGIR_TLF_LIST:
        targets = (v & GICD_SGIR_CPUTARGETLIST_MASK) >> GICD_SGIR_CPUTARGETLIST_SHIFT;
        break;
    case GICD_SGIR_TLF_OTHERS:
        targets = s->cpu_mask & ~(1u << a->cpu);
        break;
    case GICD_SGIR_TLF_SELF:
        targets = 1u << a->cpu;
        break;
    default:
        hs_log_guest_error("GICD: CPU %u: GICD_SGIR write 0x%08" PRIx32
                           " with the reserved TargetListFilter 0b11 ignored", a->cpu, v);
        return;
    }
    targets &= s->cpu_mask;
    while (targets) {
        unsigned t = gic_ctz32(targets);
        targets &= targets - 1;
        if (s->sgi_fn) {
            s->sgi_fn(s->sgi_opaque, a->cpu, t, intid);
        } else {
            gic_dist_sgi_pend(s, a->cpu, t, intid);
        }
    }
}

/* Byte-accessible registers (§4.1.4): IPRIORITYR, ITARGETSR, CPENDSGIR, SPENDSGIR
 * take byte and aligned word accesses. */
static bool gicd_byte_ok(const gic_access *a, const char *reg)
{
    if (a->size == 1) {
        return true;
    }
    return gic_access_word_ok(a, reg);
}

static uint32_t gicd_read(hs_gic *s, gic_access *a)
{
    unsigned cpu = a->cpu;
    uint32_t off = (uint32_t)a->offset;
    uint32_t v = 0;

    if (a->offset >= GICD_REGION_SIZE) {
        gic_log_bad_offset(a, false);
        return 0;
    }
    switch (off) {
    case GICD_CTLR:
        if (gic_access_word_ok(a, "GICD_CTLR")) {
            v = s->ctlr;
        }
        break;
    case GICD_TYPER:
        if (gic_access_word_ok(a, "GICD_TYPER")) {
            v = ((s->nwords - 1) << GICD_TYPER_ITLINESNUMBER_SHIFT) |
                ((s->cfg.num_cpu - 1) << GICD_TYPER_CPUNUMBER_SHIFT);
        }
        break;
    case GICD_IIDR:
        if (gic_access_word_ok(a, "GICD_IIDR")) {
            v = GICD_IIDR_VALUE;
        }
        break;
    case GICD_IGROUPR ... GICD_IGROUPR_END:
        if (gic_access_word_ok(a, "GICD_IGROUPRn")) {
            unsigned w = (off - GICD_IGROUPR) / 4;
            v = *gicd_word(s, cpu, GICD_BM_GROUP, w) & gicd_impl(s, w);
        }
        break;
    case GICD_ISENABLER ... GICD_ICENABLER_END:
        if (gic_access_word_ok(a, "GICD_ISENABLERn/GICD_ICENABLERn")) {
            unsigned w = ((off - GICD_ISENABLER) % 0x80) / 4;
            v = *gicd_word(s, cpu, GICD_BM_ENABLED, w) & gicd_impl(s, w);
        }
        break;
    case GICD_ISPENDR ... GICD_ICPENDR_END:
        if (gic_access_word_ok(a, "GICD_ISPENDRn/GICD_ICPENDRn")) {
            unsigned w = ((off - GICD_ISPENDR) % 0x80) / 4;
            v = w < s->nwords ? gic_pending_word(s, &s->cpu[cpu], w) & gicd_impl(s, w) : 0;
        }
        break;
    case GICD_ISACTIVER ... GICD_ICACTIVER_END:
        if (gic_access_word_ok(a, "GICD_ISACTIVERn/GICD_ICACTIVERn")) {
            unsigned w = ((off - GICD_ISACTIVER) % 0x80) / 4;
            v = *gicd_word(s, cpu, GICD_BM_ACTIVE, w) & gicd_impl(s, w);
        }
        break;
    case GICD_IPRIORITYR ... GICD_IPRIORITYR_END:
        if (gicd_byte_ok(a, "GICD_IPRIORITYRn")) {
            for (unsigned i = 0; i < a->size; i++) {
                v |= (uint32_t)gicd_priority_byte(s, cpu, off - GICD_IPRIORITYR + i) << (8 * i);
            }
        }
        break;
    case GICD_ITARGETSR ... GICD_ITARGETSR_END:
        if (gicd_byte_ok(a, "GICD_ITARGETSRn")) {
            for (unsigned i = 0; i < a->size; i++) {
                v |= (uint32_t)gicd_target_byte(s, cpu, off - GICD_ITARGETSR + i) << (8 * i);
            }
        }
        break;
    case GICD_ICFGR ... GICD_ICFGR_END:
        if (gic_access_word_ok(a, "GICD_ICFGRn")) {
            v = gicd_read_icfgr(s, cpu, (off - GICD_ICFGR) / 4);
        }
        break;
    case GICD_NSACR ... GICD_NSACR_END:
        /* §4.3.14: no Security Extensions, RAZ/WI. */
        gic_access_word_ok(a, "GICD_NSACRn");
        break;
    case GICD_SGIR:
        if (gic_access_word_ok(a, "GICD_SGIR")) {
            gic_log_write_only(a, "GICD_SGIR");
        }
        break;
    case GICD_CPENDSGIR ... GICD_SPENDSGIR_END:
        if (gicd_byte_ok(a, "GICD_CPENDSGIRn/GICD_SPENDSGIRn")) {
            for (unsigned i = 0; i < a->size; i++) {
                unsigned intid = (off - GICD_CPENDSGIR + i) % GIC_NR_SGI;
                v |= (uint32_t)s->cpu[cpu].sgi_src[intid] << (8 * i);
            }
        }
        break;
    case GICD_PIDR4 ... GICD_ID_END:
        if (gic_access_word_ok(a, "GICD identification register")) {
            v = gicd_id_values[(off - GICD_PIDR4) / 4];
        }
        break;
    default:
        gic_log_bad_offset(a, false);
        break;
    }
    return v;
}

/* Bits of word 0 (the SGIs) that a set/clear register pair ignores. */
#define GICD_SGI_BITS_WI 0xffffu

/* A write to one of a pair of set and clear registers (GICD_IS*Rn/GICD_IC*Rn,
 * §4.3.5-§4.3.10): `rel` is the offset from the set register's base, so that the
 * word number is the same in both halves; 1 bits set (`set`) or clear the
 * implemented interrupts' state, except the bits of word 0 in `wi0`. */
static void gicd_write_set_clear(hs_gic *s, unsigned cpu, gicd_bitmap which, uint32_t rel,
                                 bool set, uint32_t v, uint32_t wi0)
{
    unsigned w = (rel % 0x80) / 4;
    uint32_t bits = v & gicd_impl(s, w) & (w == 0 ? ~wi0 : ~0u);
    uint32_t *word = gicd_word(s, cpu, which, w);

    *word = set ? *word | bits : *word & ~bits;
    gic_mark_phys(s, gicd_affected(s, cpu, w));
}

static void gicd_write(hs_gic *s, const gic_access *a, uint32_t v)
{
    unsigned cpu = a->cpu;
    uint32_t off = (uint32_t)a->offset;

    if (a->offset >= GICD_REGION_SIZE) {
        gic_log_bad_offset(a, true);
        return;
    }
    switch (off) {
    case GICD_CTLR:
        if (gic_access_word_ok(a, "GICD_CTLR")) {
            s->ctlr = v & GICD_CTLR_MASK;
            gic_mark_phys(s, s->cpu_mask);
        }
        break;
    case GICD_TYPER:
        if (gic_access_word_ok(a, "GICD_TYPER")) {
            gic_log_read_only(a, "GICD_TYPER");
        }
        break;
    case GICD_IIDR:
        if (gic_access_word_ok(a, "GICD_IIDR")) {
            gic_log_read_only(a, "GICD_IIDR");
        }
        break;
    case GICD_IGROUPR ... GICD_IGROUPR_END:
        if (gic_access_word_ok(a, "GICD_IGROUPRn")) {
            unsigned w = (off - GICD_IGROUPR) / 4;
            uint32_t *g = gicd_word(s, cpu, GICD_BM_GROUP, w);
            *g = v & gicd_impl(s, w);
            gic_mark_phys(s, gicd_affected(s, cpu, w));
        }
        break;
    case GICD_ISENABLER ... GICD_ICENABLER_END:
        if (gic_access_word_ok(a, "GICD_ISENABLERn/GICD_ICENABLERn")) {
            /* §4.3.5: whether SGIs can be disabled is IMPLEMENTATION DEFINED; as on
             * the GIC-400 they are always enabled (RAO/WI). */
            gicd_write_set_clear(s, cpu, GICD_BM_ENABLED, off - GICD_ISENABLER,
                                 off < GICD_ICENABLER, v, GICD_SGI_BITS_WI);
        }
        break;
    case GICD_ISPENDR ... GICD_ICPENDR_END:
        if (gic_access_word_ok(a, "GICD_ISPENDRn/GICD_ICPENDRn")) {
            /* §4.3.7, §4.3.8: the SGI bits ignore writes (GICD_SPENDSGIRn and
             * GICD_CPENDSGIRn set and clear SGIs); clearing a level-sensitive
             * interrupt whose input is high leaves it pending. */
            gicd_write_set_clear(s, cpu, GICD_BM_PEND, off - GICD_ISPENDR,
                                 off < GICD_ICPENDR, v, GICD_SGI_BITS_WI);
        }
        break;
    case GICD_ISACTIVER ... GICD_ICACTIVER_END:
        if (gic_access_word_ok(a, "GICD_ISACTIVERn/GICD_ICACTIVERn")) {
            gicd_write_set_clear(s, cpu, GICD_BM_ACTIVE, off - GICD_ISACTIVER,
                                 off < GICD_ICACTIVER, v, 0);
        }
        break;
    case GICD_IPRIORITYR ... GICD_IPRIORITYR_END:
        if (gicd_byte_ok(a, "GICD_IPRIORITYRn")) {
            for (unsigned i = 0; i < a->size; i++) {
                gicd_set_priority_byte(s, cpu, off - GICD_IPRIORITYR + i, (uint8_t)(v >> (8 * i)));
            }
        }
        break;
    case GICD_ITARGETSR ... GICD_ITARGETSR_END:
        if (gicd_byte_ok(a, "GICD_ITARGETSRn")) {
            for (unsigned i = 0; i < a->size; i++) {
                gicd_set_target_byte(s, off - GICD_ITARGETSR + i, (uint8_t)(v >> (8 * i)));
            }
        }
        break;
    case GICD_ICFGR ... GICD_ICFGR_END:
        if (gic_access_word_ok(a, "GICD_ICFGRn")) {
            gicd_write_icfgr(s, cpu, (off - GICD_ICFGR) / 4, v);
        }
        break;
    case GICD_NSACR ... GICD_NSACR_END:
        gic_access_word_ok(a, "GICD_NSACRn");
        break;
    case GICD_SGIR:
        if (gic_access_word_ok(a, "GICD_SGIR")) {
            gicd_write_sgir(s, a, v);
        }
        break;
    case GICD_CPENDSGIR ... GICD_SPENDSGIR_END:
        if (gicd_byte_ok(a, "GICD_CPENDSGIRn/GICD_SPENDSGIRn")) {
            for (unsigned i = 0; i < a->size; i++) {
                unsigned intid = (off - GICD_CPENDSGIR + i) % GIC_NR_SGI;
                gicd_sgi_sources(s, cpu, intid, (uint8_t)(v >> (8 * i)), off >= GICD_SPENDSGIR);
            }
        }
        break;
    case GICD_PIDR4 ... GICD_ID_END:
        if (gic_access_word_ok(a, "GICD identification register")) {
            gic_log_read_only(a, "GICD identification register");
        }
        break;
    default:
        gic_log_bad_offset(a, true);
        break;
    }
}

static uint64_t gicd_mmio_read(void *opaque, uint64_t offset, unsigned size, unsigned cpu)
{
    hs_gic *s = opaque;
    gic_access a = { HS_GIC_GICD, cpu, offset, size, false };
    uint32_t v;

    assert(cpu < s->cfg.num_cpu);
    v = gicd_read(s, &a);
    gic_trace_read(s, &a, v);
    return v;
}

static void gicd_mmio_write(void *opaque, uint64_t offset, uint64_t value, unsigned size,
                            unsigned cpu)
{
    hs_gic *s = opaque;
    gic_access a = { HS_GIC_GICD, cpu, offset, size, true };

    assert(cpu < s->cfg.num_cpu);
    HS_TRACE(s->tracer, gic_write, cpu, HS_GIC_GICD, offset, value, size);
    gicd_write(s, &a, (uint32_t)value);
    gic_update(s);
}

const hs_mmio_ops hs_gicd_ops = {
    .read = gicd_mmio_read,
    .write = gicd_mmio_write,
};
