/* GICv2 interrupt controller with the Virtualization Extensions (ARM IHI 0048B.b),
 * as found beside a Cortex-A15 (GIC-400-like), without the Security Extensions.
 *
 * Four MMIO blocks, each an hs_mmio_ops with opaque = the hs_gic:
 *  - hs_gicd_ops  Distributor (GICD), offsets 0x0000-0x0fff;
 *  - hs_gicc_ops  CPU interface (GICC), banked by the accessing CPU, 0x0000-0x1fff
 *                 (GICC_DIR at 0x1000);
 *  - hs_gich_ops  virtual interface control (GICH): 0x0000-0x0fff is the accessing
 *                 CPU's own interface, 0x1000 + n * 0x200 (n < num_cpu) is CPU n's
 *                 (the GIC-400 per-processor alias view);
 *  - hs_gicv_ops  virtual CPU interface (GICV) of the accessing CPU, 0x0000-0x1fff
 *                 (GICV_DIR at 0x1000).
 * Any other offset, or an access size the architecture does not allow, is logged as
 * a guest error and reads as zero / ignores the write.
 *
 * Inputs are line objects: hs_gic_spi_in() and hs_gic_ppi_in() hand out the
 * receiving end of an SPI or of one CPU's PPI. Outputs are the five lines per CPU
 * of hs_gic_line (IRQ, FIQ, VIRQ, VFIQ, MAINT), connected with hs_gic_connect();
 * every output is a level recomputed after each change of state, and the GIC
 * calls hs_irq_set() only when a level changes.
 *
 * SGIs (§4.3.15) travel on no wire: a GICD_SGIR write generates one SGI per
 * target CPU interface and the Distributor latches each at once, unless a hook
 * is connected with hs_gic_connect_sgi(): then each generated SGI is handed to
 * the hook instead, and reaches the target only when someone (the machine's
 * fault injector) gives it back with hs_gic_sgi_in().
 *
 * Maintenance interrupt contract: the GIC drives CPU n's maintenance condition
 * (GICH_HCR.En && GICH_MISR != 0, §5.3.1, §5.3.4) on its MAINT output and does
 * NOT route it internally. The machine connects MAINT of CPU n to
 * hs_gic_ppi_in(gic, n, cfg.maint_intid), so that the PPI (25 on virt-a15) is
 * raised through an ordinary wire a fault injector can sit on. A MAINT line left
 * unconnected means the PPI never fires. The GIC tolerates the re-entry this wire
 * causes (its update loop runs until no state is left to propagate).
 *
 * Every register access is reported to the tracer as gic_read/gic_write (vcpu =
 * accessing CPU); every list-register change as lr_write (hypervisor) or
 * lr_state (guest IAR/EOI/DIR); GICH_HCR, MISR, EISR and ELRSR changes as
 * gich_hcr, gich_misr, gich_eisr, gich_elrsr; output line changes as line. For
 * those the vcpu field is the CPU whose interface changed.
 *
 * README.md beside this file lists what is modelled, every IMPLEMENTATION DEFINED
 * or UNPREDICTABLE choice with its section, and the known QEMU 7.2 differences. */
#ifndef HS_MODELS_GIC_H
#define HS_MODELS_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/irq.h"
#include "sim/mmio.h"
#include "traces/trace.h"

typedef struct hs_gic hs_gic;

typedef struct hs_gic_config {
    unsigned num_cpu;        /* CPU interfaces, 1..8 */
    unsigned num_irq;        /* implemented interrupt IDs 0..num_irq-1, 32..1020 */
    unsigned num_lr;         /* list registers per virtual interface, 1..64 */
    unsigned priority_bits;  /* implemented bits of a physical priority, 4..8 */
    unsigned maint_intid;    /* PPI of the maintenance interrupt, 16..31 */
} hs_gic_config;

/* A GIC-400 as Cortex-A15 systems have it (CoreLink GIC-400 TRM: 32 priority
 * levels, 4 list registers, maintenance interrupt PPI 25), with one CPU and 288
 * interrupts: the unit tests' configuration. The virt-a15 platform differs in
 * having 8 priority bits, as QEMU's GIC does (platforms/virt-a15.platform). */
#define HS_GIC_CONFIG_GIC400 \
    ((hs_gic_config){ .num_cpu = 1, .num_irq = 288, .num_lr = 4, .priority_bits = 5, \
                      .maint_intid = 25 })

typedef enum hs_gic_err {
    HS_GIC_OK,
    HS_GIC_ERR_CPUS,         /* num_cpu outside 1..8 */
    HS_GIC_ERR_IRQS,         /* num_irq outside 32..1020 */
    HS_GIC_ERR_LRS,          /* num_lr outside 1..64 */
    HS_GIC_ERR_PRIO,         /* priority_bits outside 4..8 */
    HS_GIC_ERR_MAINT,        /* maint_intid not a PPI (16..31) */
    HS_GIC_ERR_NOMEM,        /* out of memory */
    HS_GIC_ERR_ARG,          /* a NULL config or result pointer */
} hs_gic_err;

/* A one-line English description of err, naming the valid range. */
const char *hs_gic_strerror(hs_gic_err err);

/* A new GIC in its reset state; tracer may be NULL. On error *out is NULL. */
hs_gic_err hs_gic_new(const hs_gic_config *cfg, hs_tracer *tracer, hs_gic **out);
void hs_gic_free(hs_gic *s);
/* Every register of every block to its reset value (README.md lists them); the
 * levels of the input lines are kept (they are wires, not GIC state) and the
 * outputs are recomputed. */
void hs_gic_reset(hs_gic *s);

/* The receiving end of SPI intid (32..num_irq-1). */
hs_irq hs_gic_spi_in(hs_gic *s, unsigned intid);
/* The receiving end of PPI intid (16..31) of CPU interface cpu. */
hs_irq hs_gic_ppi_in(hs_gic *s, unsigned cpu, unsigned intid);
/* Connects output `line` of CPU interface cpu and drives it at once with its
 * current level when that level is 1. */
void hs_gic_connect(hs_gic *s, unsigned cpu, hs_gic_line line, hs_irq out);

/* Receives each SGI a GICD_SGIR write generates: SGI intid (0..15) requested
 * by CPU interface `source` for CPU interface `target`. Called from inside the
 * write, once per target CPU interface in ascending order. */
typedef void (*hs_gic_sgi_fn)(void *opaque, unsigned source, unsigned target, unsigned intid);
/* Hands every SGI generated from now on to fn instead of latching it (NULL:
 * latch again). Reset keeps the connection, as it keeps the lines'. */
void hs_gic_connect_sgi(hs_gic *s, hs_gic_sgi_fn fn, void *opaque);
/* Latches SGI intid from `source` as pending on CPU interface `target`, as an
 * unhooked GICD_SGIR write does (§4.3.15): the source's bit of the target's
 * banked GICD_SPENDSGIRn (§4.3.17), so an SGI already pending from that source
 * stays pending once; then the outputs are updated. */
void hs_gic_sgi_in(hs_gic *s, unsigned source, unsigned target, unsigned intid);

extern const hs_mmio_ops hs_gicd_ops, hs_gicc_ops, hs_gich_ops, hs_gicv_ops;

/* Read-only inspection for debuggers and viewers: no side effects, no trace. */
const hs_gic_config *hs_gic_get_config(const hs_gic *s);
/* The current level (0 or 1) of an output line. */
int hs_gic_line_level(const hs_gic *s, unsigned cpu, hs_gic_line line);
/* GICH_LRn of CPU cpu's virtual interface (0 for lr >= num_lr). */
uint32_t hs_gic_lr(const hs_gic *s, unsigned cpu, unsigned lr);
uint32_t hs_gic_hcr(const hs_gic *s, unsigned cpu);
uint32_t hs_gic_vmcr(const hs_gic *s, unsigned cpu);
uint32_t hs_gic_misr(const hs_gic *s, unsigned cpu);
/* GICH_EISR1:EISR0 and GICH_ELRSR1:ELRSR0 as one 64-bit bitmap (bit n is LRn). */
uint64_t hs_gic_eisr(const hs_gic *s, unsigned cpu);
uint64_t hs_gic_elrsr(const hs_gic *s, unsigned cpu);
uint32_t hs_gic_gich_apr(const hs_gic *s, unsigned cpu);
/* Running priority of the physical (GICC_RPR) and virtual (GICV_RPR) interface. */
unsigned hs_gic_running_priority(const hs_gic *s, unsigned cpu);
unsigned hs_gic_virt_running_priority(const hs_gic *s, unsigned cpu);

/* The Distributor's view of one interrupt as seen from CPU interface cpu (SGIs and
 * PPIs are banked per CPU). */
typedef struct hs_gic_irq_info {
    bool pending;            /* as GICD_ISPENDRn reads */
    bool active;
    bool enabled;
    bool edge;               /* GICD_ICFGRn Int_config[1] */
    bool line;               /* level of the input line (PPIs and SPIs) */
    unsigned group;          /* 0 or 1 */
    unsigned priority;       /* 8-bit value, unimplemented bits zero */
    unsigned targets;        /* CPU bitmap the Distributor forwards it to */
    unsigned sgi_sources;    /* SGIs: bitmap of source CPUs with it pending */
} hs_gic_irq_info;
/* Fills *info and returns true, or returns false when intid is not implemented. */
bool hs_gic_irq_info_get(const hs_gic *s, unsigned cpu, unsigned intid, hs_gic_irq_info *info);

#endif
