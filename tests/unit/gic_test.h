/* Shared fixture of the GIC unit tests (test_gic*.c): a GIC with every output
 * line recorded, a trace sink keeping every event, and register accessors.
 *
 * Offsets and field encodings are written out here from ARM IHI 0048B.b
 * (Tables 4-1, 4-2, 5-1 and the register figures), not taken from the model's
 * own gic_regs.h, so that a wrong constant in the model shows up as a failure. */
#ifndef HS_TESTS_GIC_TEST_H
#define HS_TESTS_GIC_TEST_H

#include <glib.h>
#include <stdint.h>

#include "models/gic/gic.h"
#include "traces/trace.h"

/* Distributor, IHI 0048B 4.1.2 Table 4-1. */
enum {
    D_CTLR = 0x000, D_TYPER = 0x004, D_IIDR = 0x008,
    D_IGROUPR = 0x080, D_ISENABLER = 0x100, D_ICENABLER = 0x180,
    D_ISPENDR = 0x200, D_ICPENDR = 0x280, D_ISACTIVER = 0x300, D_ICACTIVER = 0x380,
    D_IPRIORITYR = 0x400, D_ITARGETSR = 0x800, D_ICFGR = 0xc00, D_NSACR = 0xe00,
    D_SGIR = 0xf00, D_CPENDSGIR = 0xf10, D_SPENDSGIR = 0xf20,
    D_PIDR4 = 0xfd0, D_PIDR0 = 0xfe0, D_CIDR0 = 0xff0,
};
/* CPU interface, 4.1.3 Table 4-2; the virtual CPU interface uses the same
 * offsets (5.4). */
enum {
    C_CTLR = 0x00, C_PMR = 0x04, C_BPR = 0x08, C_IAR = 0x0c, C_EOIR = 0x10, C_RPR = 0x14,
    C_HPPIR = 0x18, C_ABPR = 0x1c, C_AIAR = 0x20, C_AEOIR = 0x24, C_AHPPIR = 0x28,
    C_APR0 = 0xd0, C_NSAPR0 = 0xe0, C_IIDR = 0xfc, C_DIR = 0x1000,
};
/* Virtual interface control, 5.3 Table 5-1; alias block of CPU n at 0x1000 + n*0x200
 * (the GIC-400's per-processor view). */
enum {
    H_HCR = 0x00, H_VTR = 0x04, H_VMCR = 0x08, H_MISR = 0x10, H_EISR0 = 0x20, H_EISR1 = 0x24,
    H_ELRSR0 = 0x30, H_ELRSR1 = 0x34, H_APR = 0xf0, H_LR0 = 0x100,
};
#define H_ALIAS(n) (0x1000u + (n) * 0x200u)

/* GICH_HCR bits, 5.3.1. */
#define HCR_EN 0x01u
#define HCR_UIE 0x02u
#define HCR_LRENPIE 0x04u
#define HCR_NPIE 0x08u
#define HCR_VGRP0EIE 0x10u
#define HCR_VGRP0DIE 0x20u
#define HCR_VGRP1EIE 0x40u
#define HCR_VGRP1DIE 0x80u
#define HCR_EOICOUNT(n) ((uint32_t)(n) << 27)
/* GICH_MISR bits, 5.3.4. */
#define MISR_EOI 0x01u
#define MISR_U 0x02u
#define MISR_LRENP 0x04u
#define MISR_NP 0x08u
#define MISR_VGRP0E 0x10u
#define MISR_VGRP0D 0x20u
#define MISR_VGRP1E 0x40u
#define MISR_VGRP1D 0x80u
/* GICC_CTLR / GICV_CTLR bits, 4.4.1 (GICv2 without Security Extensions). */
#define CTLR_GRP0 0x001u
#define CTLR_GRP1 0x002u
#define CTLR_ACKCTL 0x004u
#define CTLR_FIQEN 0x008u
#define CTLR_CBPR 0x010u
#define CTLR_EOIMODE 0x200u

/* List register states, 5.3.8. */
enum { LR_INVALID = 0, LR_PENDING = 1, LR_ACTIVE = 2, LR_PENDING_ACTIVE = 3 };

/* A software (HW 0) list register: Grp1 bit 30, State [29:28], Priority [27:23],
 * EOI bit 19, CPUID [12:10], VirtualID [9:0] (5.3.8). */
static inline uint32_t lr_sw(unsigned state, unsigned grp1, unsigned prio5, unsigned eoi,
                             unsigned cpuid, unsigned vid)
{
    return ((uint32_t)grp1 << 30) | ((uint32_t)state << 28) | ((uint32_t)prio5 << 23) |
           ((uint32_t)eoi << 19) | ((uint32_t)cpuid << 10) | vid;
}
/* A hardware (HW 1) list register: PhysicalID [19:10]. */
static inline uint32_t lr_hw(unsigned state, unsigned grp1, unsigned prio5, unsigned pid,
                             unsigned vid)
{
    return (1u << 31) | ((uint32_t)grp1 << 30) | ((uint32_t)state << 28) |
           ((uint32_t)prio5 << 23) | ((uint32_t)pid << 10) | vid;
}
static inline unsigned lr_state(uint32_t lr) { return (lr >> 28) & 3; }

typedef struct gt {
    hs_gic *gic;
    hs_gic_config cfg;
    hs_tracer tracer;
    GArray *events;                          /* hs_record */
    int level[8][HS_LINE__COUNT];            /* last level seen on each output */
    unsigned edges[8][HS_LINE__COUNT];       /* number of level changes seen */
    hs_irq forward[8][HS_LINE__COUNT];       /* optional onward connection */
} gt;

/* A GIC with cfg (NULL: virt-a15 defaults with num_cpu CPUs), every output line
 * recorded, every trace event kept. */
void gt_init(gt *t, const hs_gic_config *cfg);
void gt_init_cpus(gt *t, unsigned num_cpu);
void gt_free(gt *t);
/* Also passes output `line` of `cpu` on to `to` (after recording it). */
void gt_forward(gt *t, unsigned cpu, hs_gic_line line, hs_irq to);

uint64_t gt_read(gt *t, const hs_mmio_ops *ops, unsigned cpu, uint64_t off, unsigned size);
void gt_write(gt *t, const hs_mmio_ops *ops, unsigned cpu, uint64_t off, uint64_t v, unsigned size);

static inline uint32_t dr(gt *t, unsigned cpu, uint64_t off) { return (uint32_t)gt_read(t, &hs_gicd_ops, cpu, off, 4); }
static inline void dw(gt *t, unsigned cpu, uint64_t off, uint32_t v) { gt_write(t, &hs_gicd_ops, cpu, off, v, 4); }
static inline uint32_t cr(gt *t, unsigned cpu, uint64_t off) { return (uint32_t)gt_read(t, &hs_gicc_ops, cpu, off, 4); }
static inline void cw(gt *t, unsigned cpu, uint64_t off, uint32_t v) { gt_write(t, &hs_gicc_ops, cpu, off, v, 4); }
static inline uint32_t hr(gt *t, unsigned cpu, uint64_t off) { return (uint32_t)gt_read(t, &hs_gich_ops, cpu, off, 4); }
static inline void hw(gt *t, unsigned cpu, uint64_t off, uint32_t v) { gt_write(t, &hs_gich_ops, cpu, off, v, 4); }
static inline uint32_t vr(gt *t, unsigned cpu, uint64_t off) { return (uint32_t)gt_read(t, &hs_gicv_ops, cpu, off, 4); }
static inline void vw(gt *t, unsigned cpu, uint64_t off, uint32_t v) { gt_write(t, &hs_gicv_ops, cpu, off, v, 4); }

/* Distributor helpers for one interrupt as seen from `cpu`. */
void gt_set_bit(gt *t, unsigned cpu, uint64_t base, unsigned intid);
int gt_get_bit(gt *t, unsigned cpu, uint64_t base, unsigned intid);
void gt_set_priority(gt *t, unsigned cpu, unsigned intid, uint8_t prio);
/* GICD_CTLR and GICC_CTLR of every CPU to `ctlr` (0x3: both groups), GICC_PMR 0xff. */
void gt_enable_all(gt *t, uint32_t cpu_ctlr);
/* Enables intid at priority prio (seen from cpu) and sets it pending. */
void gt_raise(gt *t, unsigned cpu, unsigned intid, uint8_t prio);
/* GICH_HCR.En = 1, GICV_CTLR = ctlr, GICV_PMR = 0xf8 (all 32 virtual levels). */
void gt_virt_on(gt *t, unsigned cpu, uint32_t ctlr);

/* Trace helpers. */
void gt_clear_events(gt *t);
unsigned gt_count(gt *t, hs_event ev);
/* The i-th event of kind ev (0 = first), or NULL. */
const hs_record *gt_find(gt *t, hs_event ev, unsigned i);
/* Index in t->events of the first event of kind ev, or -1. */
int gt_index(gt *t, hs_event ev);

/* Guest-error log capture: starts collecting, returns how many lines were logged
 * since the last call. */
void gt_log_begin(void);
unsigned gt_log_end(void);

/* Test registration of the other files. */
void gic_dist_tests(void);
void gic_cpuif_tests(void);
void gic_virt_tests(void);

#endif
