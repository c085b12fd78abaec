/* State of the GIC model shared by gic.c (construction, inputs, update),
 * gicd.c, gicc.c, gich.c and gicv.c (the four register blocks). Not a public
 * header: the API is gic.h. */
#ifndef HS_MODELS_GIC_INTERNAL_H
#define HS_MODELS_GIC_INTERNAL_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#include "models/gic/gic.h"
#include "models/gic/gic_regs.h"

#define GIC_MAX_WORDS (1024u / 32u)       /* 32-bit words of an interrupt bitmap */
#define GIC_NO_PRIORITY 0x100u            /* lower than any priority: idle, none */

/* Per-CPU state: the Distributor's banked copy for IDs 0..31, the physical CPU
 * interface, the virtual interface (GICH and GICV share it) and the derived
 * outputs. Bit i of each 32-bit bitmap is interrupt i. */
typedef struct gic_cpu {
    /* Distributor, banked (§4.3.4-§4.3.13, SGIs and PPIs). */
    uint32_t enabled;
    uint32_t pend;               /* pending latch: edge seen or GICD_ISPENDR write */
    uint32_t active;
    uint32_t line;               /* PPI input levels */
    uint32_t group;
    uint32_t edge;               /* GICD_ICFGR Int_config[1] */
    uint8_t priority[GIC_NR_INTERNAL];
    uint8_t sgi_src[GIC_NR_SGI]; /* SGI pending per source CPU, §4.3.16 */
    uint32_t spi_target[GIC_MAX_WORDS];  /* SPIs whose GICD_ITARGETSR names this CPU */

    /* Physical CPU interface, §4.4. */
    uint32_t ctlr;
    uint32_t pmr;
    uint32_t bpr;
    uint32_t abpr;
    uint32_t apr[GICC_NR_APR];   /* Group 0 active priorities */
    uint32_t nsapr[GICC_NR_APR]; /* Group 1 active priorities */

    /* Virtual interface, §5.3 (GICV registers are views of these). */
    uint32_t hcr;
    uint32_t vmcr;
    uint32_t vapr;               /* GICH_APR = GICV_APR0 */
    uint32_t lr[GIC_MAX_LR];
    uint64_t lr_valid;           /* LRs with State != invalid */
    uint64_t lr_pending;         /* LRs with State == pending */
    uint64_t lr_eoi;             /* LRs with State invalid, HW 0, EOI 1 (GICH_EISR) */

    /* The values gic_update() last reported (registers are read from the state
     * above, so they are exact even inside a line callback). */
    uint32_t misr;
    uint64_t eisr;
    uint64_t elrsr;
    uint8_t level[HS_LINE__COUNT];
    hs_irq out[HS_LINE__COUNT];
} gic_cpu;

struct hs_gic {
    hs_gic_config cfg;
    hs_tracer *tracer;
    unsigned nwords;             /* bitmap words covering IDs 0..num_irq-1 */
    uint32_t cpu_mask;           /* bit per implemented CPU interface */
    uint32_t prio_mask;          /* implemented bits of an 8-bit priority */
    unsigned min_bpr;            /* minimum GICC_BPR; GICC_ABPR's is one more */
    unsigned nr_apr;             /* implemented GICC_APRn / GICC_NSAPRn */
    uint32_t apr_mask;           /* implemented bits of each of them */
    uint64_t lr_mask;            /* bit per implemented list register */

    /* Distributor, shared state of SPIs (word 0 unused: see gic_cpu). */
    uint32_t ctlr;
    uint32_t impl[GIC_MAX_WORDS];    /* implemented SPIs */
    uint32_t enabled[GIC_MAX_WORDS];
    uint32_t pend[GIC_MAX_WORDS];
    uint32_t active[GIC_MAX_WORDS];
    uint32_t line[GIC_MAX_WORDS];
    uint32_t group[GIC_MAX_WORDS];
    uint32_t edge[GIC_MAX_WORDS];
    uint8_t priority[GIC_MAX_WORDS * 32];
    uint8_t target[GIC_MAX_WORDS * 32];

    gic_cpu cpu[GIC_MAX_CPU];

    /* Where GICD_SGIR hands its SGIs (hs_gic_connect_sgi); NULL: latched at once. */
    hs_gic_sgi_fn sgi_fn;
    void *sgi_opaque;

    /* CPUs whose physical or virtual outputs must be recomputed by gic_update(). */
    uint32_t dirty_phys;
    uint32_t dirty_virt;
    bool in_update;
};

/* One register access, for the gic_read/gic_write trace events. */
typedef struct gic_access {
    hs_gic_block block;
    unsigned cpu;                /* accessing CPU */
    uint64_t offset;
    unsigned size;
    bool traced;
} gic_access;

static inline unsigned gic_ctz32(uint32_t x) { return (unsigned)__builtin_ctz(x); }
static inline unsigned gic_ctz64(uint64_t x) { return (unsigned)__builtin_ctzll(x); }
static inline unsigned gic_popcount64(uint64_t x) { return (unsigned)__builtin_popcountll(x); }
static inline uint32_t gic_bit(unsigned n) { return 1u << (n & 31u); }

static inline void gic_mark_phys(hs_gic *s, uint32_t cpus) { s->dirty_phys |= cpus; }
static inline void gic_mark_virt(hs_gic *s, unsigned cpu) { s->dirty_virt |= 1u << cpu; }

/* Reports a read once, with its value; handlers whose read has side effects call
 * it before applying them so that the access precedes its consequences. */
static inline void gic_trace_read(hs_gic *s, gic_access *a, uint64_t value)
{
    if (!a->traced) {
        a->traced = true;
        HS_TRACE(s->tracer, gic_read, a->cpu, a->block, a->offset, value, a->size);
    }
}

/* Whether a 32-bit-only register access has the right size and alignment;
 * logs a guest error when it has not. */
bool gic_access_word_ok(const gic_access *a, const char *reg);
void gic_log_bad_offset(const gic_access *a, bool write);
void gic_log_read_only(const gic_access *a, const char *reg);
void gic_log_write_only(const gic_access *a, const char *reg);

/* gic.c: recomputes every derived value and output of the dirty CPUs, until no
 * state is left to propagate (connected lines may feed back into the GIC). */
void gic_update(hs_gic *s);

/* gicd.c: Distributor state. */
/* Pending state as GICD_ISPENDR reads it: latch, or a level-sensitive input high. */
static inline uint32_t gic_pending_word(const hs_gic *s, const gic_cpu *c, unsigned w)
{
    if (w == 0) {
        return c->pend | (c->line & ~c->edge);
    }
    return s->pend[w] | (s->line[w] & ~s->edge[w]);
}
unsigned gic_irq_priority(const hs_gic *s, unsigned cpu, unsigned intid);
unsigned gic_irq_group(const hs_gic *s, unsigned cpu, unsigned intid);
/* The highest priority pending interrupt the Distributor forwards to CPU cpu, or
 * GIC_INTID_SPURIOUS (§3.2 steps 1-3, §4.3.1). Ties go to the lowest ID. */
unsigned gic_dist_hppi(const hs_gic *s, unsigned cpu);
/* Acknowledge (§3.2.4): intid becomes active (and stays pending when a
 * level-sensitive input is still high, or an SGI from another source is); for an
 * SGI returns the source CPU acknowledged. */
unsigned gic_dist_activate(hs_gic *s, unsigned cpu, unsigned intid);
/* Deactivation from GICC_EOIR/GICC_DIR, or from a HW=1 list register. */
void gic_dist_deactivate(hs_gic *s, unsigned cpu, unsigned intid);
void gic_dist_reset(hs_gic *s);
/* SGI intid from CPU source becomes pending on CPU target (§4.3.15, §4.3.17). */
void gic_dist_sgi_pend(hs_gic *s, unsigned source, unsigned target, unsigned intid);

/* gicc.c: physical CPU interface. */
unsigned gicc_running_priority(const hs_gic *s, const gic_cpu *c);
/* Whether CPU cpu's interface signals an interrupt, and which (§3.3). */
bool gicc_signalled(const hs_gic *s, unsigned cpu, unsigned *intid, unsigned *group);
void gicc_reset(hs_gic *s, gic_cpu *c);

/* gich.c / gicv.c: virtual interface. */
/* Stores GICH_LRn, keeping the LR state bitmaps. */
void gich_lr_store(gic_cpu *c, unsigned n, uint32_t value);
/* GICH_MISR as the list registers, GICH_HCR and GICH_VMCR make it (§5.3.4). */
uint32_t gich_misr_value(const gic_cpu *c);
/* GICH_EISR1:EISR0 (§5.3.5) and GICH_ELRSR1:ELRSR0 (§5.3.6): an LR is empty when
 * invalid and not waiting for its EOI maintenance interrupt. */
static inline uint64_t gich_eisr_value(const gic_cpu *c)
{
    return c->lr_eoi;
}
static inline uint64_t gich_elrsr_value(const hs_gic *s, const gic_cpu *c)
{
    return s->lr_mask & ~(c->lr_valid | c->lr_eoi);
}
/* A value written to GICH_VMCR (or a GICV register stored in it) as stored:
 * reserved bits cleared, binary points no lower than their minimum. */
uint32_t gich_vmcr_write_value(uint32_t v);
unsigned gicv_running_priority(const gic_cpu *c);
/* The list register the virtual CPU interface signals, or -1 (§5.4). */
int gicv_signalled_lr(const gic_cpu *c);
void gich_reset(hs_gic *s, gic_cpu *c);

#endif
