/*
 * The GICv2 of the virt-a15 platform as guest programs drive it: base addresses (QEMU's
 * virt board with gic-version=2), register offsets and fields named as in the ARM Generic
 * Interrupt Controller Architecture Specification, version 2.0 (ARM IHI 0048B), and small
 * helpers. Section numbers are IHI 0048B's: 4.3 the Distributor (GICD), 4.4 the CPU
 * interface (GICC), 5.3 the virtual interface control registers (GICH, cited by register
 * name), 5.4 the virtual CPU interface (GICV).
 *
 * The platform's GIC has no Security Extensions (GICD_TYPER.SecurityExtn is 0), so GICD_CTLR
 * and GICC_CTLR have the layout of 4.3.1 and 4.4.1 for that case, and every interrupt resets
 * to Group 0 (GICD_IGROUPRn reset to zero). With GICC_CTLR.FIQEn = 0, Group 0 interrupts are
 * signalled as IRQs (3.3, "Interrupt grouping"). The MMU is off in guest programs, so these
 * accesses are to Strongly-ordered memory and complete in program order.
 */
#ifndef GUESTLIB_GIC_H
#define GUESTLIB_GIC_H

#include <stdint.h>

/* virt-a15 (QEMU virt) memory map. GICH and GICV are this CPU's views (banked per CPU). */
#define GICD_BASE       0x08000000u
#define GICC_BASE       0x08010000u
#define GICH_BASE       0x08030000u
#define GICV_BASE       0x08040000u

/* virt-a15 interrupt assignment. */
#define GIC_PPI_MAINTENANCE     25u     /* the GICH maintenance interrupt (5.3, GICH_MISR) */

/* Interrupt ID space (3.1.2, 3.2.5). */
#define GIC_INTID_MASK          0x3ffu
#define GIC_INTID_SPURIOUS      1023u
#define GIC_NR_SGI              16u
#define GIC_NR_INTERNAL         32u     /* SGIs and PPIs, banked per CPU */

/* Distributor registers (4.1.2, Table 4-1). */
#define GICD_CTLR               0x000u
#define GICD_TYPER              0x004u
#define GICD_IIDR               0x008u
#define GICD_IGROUPR(n)         (0x080u + 4u * (n))
#define GICD_ISENABLER(n)       (0x100u + 4u * (n))
#define GICD_ICENABLER(n)       (0x180u + 4u * (n))
#define GICD_ISPENDR(n)         (0x200u + 4u * (n))
#define GICD_ICPENDR(n)         (0x280u + 4u * (n))
#define GICD_ISACTIVER(n)       (0x300u + 4u * (n))
#define GICD_ICACTIVER(n)       (0x380u + 4u * (n))
#define GICD_IPRIORITYR(n)      (0x400u + 4u * (n))     /* four byte fields per word */
#define GICD_ITARGETSR(n)       (0x800u + 4u * (n))
#define GICD_ICFGR(n)           (0xc00u + 4u * (n))
#define GICD_SGIR               0xf00u
#define GICD_CPENDSGIR(n)       (0xf10u + 4u * (n))
#define GICD_SPENDSGIR(n)       (0xf20u + 4u * (n))

/* Byte offsets of the byte-accessible Distributor registers (4.1.4): the field of interrupt
 * id in GICD_IPRIORITYRn (4.3.11) and GICD_ITARGETSRn (4.3.12), and the byte of SGI id in
 * GICD_CPENDSGIRn and GICD_SPENDSGIRn (4.3.16, 4.3.17), one bit per source CPU. */
#define GICD_IPRIORITYR_BYTE(id)        (0x400u + (id))
#define GICD_ITARGETSR_BYTE(id)         (0x800u + (id))
#define GICD_CPENDSGIR_BYTE(id)         (0xf10u + ((id) & 0xfu))
#define GICD_SPENDSGIR_BYTE(id)         (0xf20u + ((id) & 0xfu))

/* Identification registers (4.3.18): one byte each in the low bits of a word. ICPIDR2.ArchRev,
 * bits [7:4], is 0x2 for GICv2. */
#define GICD_PIDR4              0xfd0u
#define GICD_PIDR0              0xfe0u
#define GICD_PIDR2              0xfe8u
#define GICD_CIDR0              0xff0u
#define GICD_PIDR2_ARCHREV(v)   (((v) >> 4) & 0xfu)

/* GICD_IIDR (4.3.3), GICC_IIDR (4.4.14) and GICV_IIDR: Implementer, bits [11:0], the JEP106
 * code of the implementer (0x43b: Arm); GICC_IIDR's Architecture version, bits [19:16]. */
#define GIC_IIDR_IMPLEMENTER(v)         ((v) & 0xfffu)
#define GIC_IIDR_IMPLEMENTER_ARM        0x43bu
#define GICC_IIDR_ARCH_VERSION(v)       (((v) >> 16) & 0xfu)

/* GICD_ICFGRn (4.3.13): register id / 16, two bits per interrupt; Int_config[1] set means
 * edge-triggered, clear level-sensitive. */
#define GICD_ICFGR_EDGE(id)     (2u << (2u * ((id) % 16u)))

/* GICD_CTLR without the Security Extensions (4.3.1). */
#define GICD_CTLR_ENABLE_GRP0   (1u << 0)
#define GICD_CTLR_ENABLE_GRP1   (1u << 1)

/* GICD_TYPER (4.3.2). */
#define GICD_TYPER_ITLINES(v)   ((v) & 0x1fu)           /* 32 * (N + 1) interrupt IDs */
#define GICD_TYPER_CPUNUMBER(v) (((v) >> 5) & 0x7u)     /* CPU interfaces - 1 */
#define GICD_TYPER_SECURITYEXTN (1u << 10)

/* GICD_SGIR (4.3.15). */
#define GICD_SGIR_TARGET_LIST   (0u << 24)      /* TargetListFilter: CPUTargetList */
#define GICD_SGIR_TARGET_OTHERS (1u << 24)      /* all CPUs but the requesting one */
#define GICD_SGIR_TARGET_SELF   (2u << 24)      /* the requesting CPU only */
#define GICD_SGIR_CPU_TARGETS(mask)     (((mask) & 0xffu) << 16)
#define GICD_SGIR_INTID(id)     ((id) & 0xfu)

/* CPU interface registers (4.1.3, Table 4-2); the virtual CPU interface has the same
 * layout (5.4, Table 5-11), GICV_* below. */
#define GICC_CTLR               0x0000u
#define GICC_PMR                0x0004u
#define GICC_BPR                0x0008u
#define GICC_IAR                0x000cu
#define GICC_EOIR               0x0010u
#define GICC_RPR                0x0014u
#define GICC_HPPIR              0x0018u
#define GICC_ABPR               0x001cu         /* the aliased registers: Group 1 (4.4.8-4.4.11) */
#define GICC_AIAR               0x0020u
#define GICC_AEOIR              0x0024u
#define GICC_AHPPIR             0x0028u
#define GICC_APR(n)             (0x00d0u + 4u * (n))    /* active priorities (4.4.12, 4.4.13) */
#define GICC_NSAPR(n)           (0x00e0u + 4u * (n))
#define GICC_IIDR               0x00fcu
#define GICC_DIR                0x1000u

/* GICC_CTLR without the Security Extensions (4.4.1), and GICV_CTLR (5.4.1). */
#define GICC_CTLR_ENABLE_GRP0   (1u << 0)
#define GICC_CTLR_ENABLE_GRP1   (1u << 1)
#define GICC_CTLR_ACKCTL        (1u << 2)
#define GICC_CTLR_FIQEN         (1u << 3)
#define GICC_CTLR_CBPR          (1u << 4)       /* GICC_BPR for Group 1 too */
#define GICC_CTLR_EOIMODE       (1u << 9)

/* GICC_IAR, GICC_HPPIR, GICC_EOIR (4.4.4, 4.4.5, 4.4.7): the interrupt ID and, for an SGI,
 * the CPU that requested it. */
#define GICC_IAR_INTID(v)       ((v) & GIC_INTID_MASK)
#define GICC_IAR_CPUID(v)       (((v) >> 10) & 0x7u)
#define GICC_IAR_VALUE(cpu, id) ((((cpu) & 0x7u) << 10) | ((id) & GIC_INTID_MASK))

/* GICC_RPR with no active interrupt: the idle priority (4.4.6). */
#define GIC_PRIORITY_IDLE       0xffu

#define GICV_CTLR               GICC_CTLR
#define GICV_PMR                GICC_PMR
#define GICV_BPR                GICC_BPR
#define GICV_IAR                GICC_IAR
#define GICV_EOIR               GICC_EOIR
#define GICV_RPR                GICC_RPR
#define GICV_HPPIR              GICC_HPPIR
#define GICV_ABPR               GICC_ABPR
#define GICV_AIAR               GICC_AIAR
#define GICV_AEOIR              GICC_AEOIR
#define GICV_AHPPIR             GICC_AHPPIR
#define GICV_APR(n)             GICC_APR(n)
#define GICV_IIDR               GICC_IIDR
#define GICV_DIR                GICC_DIR

/* Virtual interface control registers (5.3, Table 5-1). */
#define GICH_HCR                0x000u
#define GICH_VTR                0x004u
#define GICH_VMCR               0x008u
#define GICH_MISR               0x010u
#define GICH_EISR0              0x020u
#define GICH_EISR1              0x024u
#define GICH_ELRSR0             0x030u
#define GICH_ELRSR1             0x034u
#define GICH_APR                0x0f0u
#define GICH_LR(n)              (0x100u + 4u * (n))

/* GICH_HCR (5.3, "Hypervisor Control Register"). */
#define GICH_HCR_EN             (1u << 0)
#define GICH_HCR_UIE            (1u << 1)
#define GICH_HCR_LRENPIE        (1u << 2)
#define GICH_HCR_NPIE           (1u << 3)
#define GICH_HCR_VGRP0EIE       (1u << 4)
#define GICH_HCR_VGRP0DIE       (1u << 5)
#define GICH_HCR_VGRP1EIE       (1u << 6)
#define GICH_HCR_VGRP1DIE       (1u << 7)
#define GICH_HCR_EOICOUNT(v)    (((v) >> 27) & 0x1fu)
#define GICH_HCR_EOICOUNT_ONE   (1u << 27)

/* GICH_VTR (5.3, "VGIC Type Register"): ListRegs is the number of LRs - 1, PREbits and
 * PRIbits the numbers of preemption and priority bits - 1. */
#define GICH_VTR_LISTREGS(v)    ((v) & 0x3fu)
#define GICH_VTR_PREBITS(v)     (((v) >> 26) & 0x7u)
#define GICH_VTR_PRIBITS(v)     (((v) >> 29) & 0x7u)

/* GICH_VMCR (5.3, "Virtual Machine Control Register"): the virtual CPU interface state
 * the VM programs through GICV. */
#define GICH_VMCR_VMGRP0EN      (1u << 0)
#define GICH_VMCR_VMGRP1EN      (1u << 1)
#define GICH_VMCR_VMACKCTL      (1u << 2)
#define GICH_VMCR_VMFIQEN       (1u << 3)
#define GICH_VMCR_VMCBPR        (1u << 4)
#define GICH_VMCR_VEM           (1u << 9)       /* GICV_CTLR.EOImode */
#define GICH_VMCR_VMABP(v)      (((v) >> 18) & 0x7u)    /* GICV_ABPR */
#define GICH_VMCR_VMBP(v)       (((v) >> 21) & 0x7u)    /* GICV_BPR */
#define GICH_VMCR_VMPRIMASK(v)  (((v) >> 27) & 0x1fu)   /* GICV_PMR[7:3] */
/* A whole GICH_VMCR: GICV_PMR, GICV_BPR, GICV_ABPR and the GICV_CTLR bits [9:0]. */
#define GICH_VMCR_VALUE(pmr, bp, abp, ctlr) \
	(((((pmr) >> 3) & 0x1fu) << 27) | (((bp) & 0x7u) << 21) | (((abp) & 0x7u) << 18) | \
	 ((ctlr) & 0x3ffu))

/* GICH_MISR (5.3, "Maintenance Interrupt Status Register"). */
#define GICH_MISR_EOI           (1u << 0)
#define GICH_MISR_U             (1u << 1)
#define GICH_MISR_LRENP         (1u << 2)
#define GICH_MISR_NP            (1u << 3)
#define GICH_MISR_VGRP0E        (1u << 4)
#define GICH_MISR_VGRP0D        (1u << 5)
#define GICH_MISR_VGRP1E        (1u << 6)
#define GICH_MISR_VGRP1D        (1u << 7)

/* GICH_LRn (5.3, "List Registers"). With HW = 0, bit 19 is EOI (a maintenance interrupt
 * when the virtual interrupt is deactivated) and bits [12:10] the requesting CPU of a
 * virtual SGI; Priority holds priority bits [7:3]. */
#define GICH_LR_VIRTUALID(id)   ((id) & GIC_INTID_MASK)
#define GICH_LR_CPUID(cpu)      (((cpu) & 0x7u) << 10)          /* HW = 0, virtual SGI */
#define GICH_LR_PHYSICALID(id)  (((id) & GIC_INTID_MASK) << 10) /* HW = 1 */
#define GICH_LR_EOI             (1u << 19)
#define GICH_LR_PRIORITY(p)     ((((p) >> 3) & 0x1fu) << 23)
#define GICH_LR_STATE_MASK      (3u << 28)
#define GICH_LR_STATE_INVALID   (0u << 28)
#define GICH_LR_STATE_PENDING   (1u << 28)
#define GICH_LR_STATE_ACTIVE    (2u << 28)
#define GICH_LR_STATE_PENDING_ACTIVE (3u << 28)
#define GICH_LR_GRP1            (1u << 30)
#define GICH_LR_HW              (1u << 31)

static inline uint32_t mmio_read32(uint32_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uint32_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

static inline uint8_t mmio_read8(uint32_t addr)
{
	return *(volatile uint8_t *)addr;
}

static inline void mmio_write8(uint32_t addr, uint8_t v)
{
	*(volatile uint8_t *)addr = v;
}

#define gicd_read(off)          mmio_read32(GICD_BASE + (off))
#define gicd_write(off, v)      mmio_write32(GICD_BASE + (off), (v))
#define gicd_read8(off)         mmio_read8(GICD_BASE + (off))
#define gicd_write8(off, v)     mmio_write8(GICD_BASE + (off), (v))
#define gicc_read(off)          mmio_read32(GICC_BASE + (off))
#define gicc_write(off, v)      mmio_write32(GICC_BASE + (off), (v))
#define gich_read(off)          mmio_read32(GICH_BASE + (off))
#define gich_write(off, v)      mmio_write32(GICH_BASE + (off), (v))
#define gicv_read(off)          mmio_read32(GICV_BASE + (off))
#define gicv_write(off, v)      mmio_write32(GICV_BASE + (off), (v))

/* Bit of interrupt id in the one-bit-per-interrupt register arrays (GICD_ISENABLERn ...). */
#define GIC_REG_INDEX(id)       ((id) / 32u)
#define GIC_REG_BIT(id)         (1u << ((id) % 32u))

/* Sets the priority field of interrupt id (GICD_IPRIORITYRn, 4.3.11) with a word
 * read-modify-write; the fields of SGIs and PPIs are this CPU's banked copies. */
static inline void gic_set_priority(uint32_t id, uint8_t prio)
{
	uint32_t off = GICD_IPRIORITYR(id / 4u), shift = 8u * (id % 4u);
	uint32_t v = gicd_read(off);

	v &= ~(0xffu << shift);
	v |= (uint32_t)prio << shift;
	gicd_write(off, v);
}

static inline void gic_enable_irq(uint32_t id)
{
	gicd_write(GICD_ISENABLER(GIC_REG_INDEX(id)), GIC_REG_BIT(id));
}

static inline void gic_disable_irq(uint32_t id)
{
	gicd_write(GICD_ICENABLER(GIC_REG_INDEX(id)), GIC_REG_BIT(id));
}

/* GICD_ISPENDRn/GICD_ICPENDRn (4.3.7, 4.3.8); the SGI bits ignore writes. */
static inline void gic_set_pending(uint32_t id)
{
	gicd_write(GICD_ISPENDR(GIC_REG_INDEX(id)), GIC_REG_BIT(id));
}

static inline void gic_clear_pending(uint32_t id)
{
	gicd_write(GICD_ICPENDR(GIC_REG_INDEX(id)), GIC_REG_BIT(id));
}

static inline void gic_clear_active(uint32_t id)
{
	gicd_write(GICD_ICACTIVER(GIC_REG_INDEX(id)), GIC_REG_BIT(id));
}

/* GICD_IGROUPRn (4.3.4): group 0 or 1; the bits of SGIs and PPIs are this CPU's. */
static inline void gic_set_group(uint32_t id, int group)
{
	uint32_t off = GICD_IGROUPR(GIC_REG_INDEX(id));
	uint32_t v = gicd_read(off);

	gicd_write(off, group ? v | GIC_REG_BIT(id) : v & ~GIC_REG_BIT(id));
}

static inline int gic_is_pending(uint32_t id)
{
	return (gicd_read(GICD_ISPENDR(GIC_REG_INDEX(id))) & GIC_REG_BIT(id)) != 0;
}

static inline int gic_is_active(uint32_t id)
{
	return (gicd_read(GICD_ISACTIVER(GIC_REG_INDEX(id))) & GIC_REG_BIT(id)) != 0;
}

/*
 * This CPU's interface: Group 0 forwarded as IRQ (FIQEn = 0, EOImode = 0: a write to
 * GICC_EOIR both drops the running priority and deactivates), priority mask pmr.
 */
static inline void gic_cpu_enable(uint8_t pmr)
{
	gicc_write(GICC_PMR, pmr);
	gicc_write(GICC_CTLR, GICC_CTLR_ENABLE_GRP0);
}

/* The Distributor forwards Group 0 interrupts (4.3.1); set up once, by one CPU. */
static inline void gic_dist_enable(void)
{
	gicd_write(GICD_CTLR, GICD_CTLR_ENABLE_GRP0);
}

#endif
