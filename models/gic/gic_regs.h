/* Register offsets and fields of the GICv2 with the Virtualization Extensions,
 * named as in the ARM Generic Interrupt Controller Architecture Specification,
 * version 2.0, ARM IHI 0048B.b. Section numbers (§) are that document's.
 * Values this implementation chooses (identification, reset) are marked so. */
#ifndef HS_MODELS_GIC_REGS_H
#define HS_MODELS_GIC_REGS_H

/* Special interrupt IDs, §3.2.5. */
#define GIC_INTID_MASK 0x3ffu              /* the 10-bit ID field of IAR, EOIR, DIR, LRs */
#define GIC_INTID_SPECIAL_FIRST 1020u      /* 1020..1023 are reserved */
#define GIC_INTID_SPURIOUS_GRP1 1022u      /* Group 1 HPPI seen by a read that cannot ack it */
#define GIC_INTID_SPURIOUS 1023u
#define GIC_NR_SGI 16u                     /* IDs 0..15 */
#define GIC_NR_INTERNAL 32u                /* SGIs and PPIs, IDs 0..31, banked per CPU */
#define GIC_MAX_CPU 8u
#define GIC_MAX_IRQ 1020u
#define GIC_MAX_LR 64u

/* Distributor register map, §4.1.2 Table 4-1. */
enum {
    GICD_CTLR = 0x000,
    GICD_TYPER = 0x004,
    GICD_IIDR = 0x008,
    GICD_IGROUPR = 0x080,          /* ..0x0fc */
    GICD_ISENABLER = 0x100,        /* ..0x17c */
    GICD_ICENABLER = 0x180,        /* ..0x1fc */
    GICD_ISPENDR = 0x200,          /* ..0x27c */
    GICD_ICPENDR = 0x280,          /* ..0x2fc */
    GICD_ISACTIVER = 0x300,        /* ..0x37c */
    GICD_ICACTIVER = 0x380,        /* ..0x3fc */
    GICD_IPRIORITYR = 0x400,       /* ..0x7f8 */
    GICD_ITARGETSR = 0x800,        /* ..0xbf8 */
    GICD_ICFGR = 0xc00,            /* ..0xcfc */
    GICD_NSACR = 0xe00,            /* ..0xefc */
    GICD_SGIR = 0xf00,
    GICD_CPENDSGIR = 0xf10,        /* ..0xf1c */
    GICD_SPENDSGIR = 0xf20,        /* ..0xf2c */
    GICD_PIDR4 = 0xfd0,            /* identification registers, §4.3.18 */
    GICD_PIDR0 = 0xfe0,
    GICD_CIDR0 = 0xff0,
    GICD_CIDR3 = 0xffc,
};
/* Last word of each array of registers above. */
#define GICD_IGROUPR_END 0x0fcu
#define GICD_ISENABLER_END 0x17cu
#define GICD_ICENABLER_END 0x1fcu
#define GICD_ISPENDR_END 0x27cu
#define GICD_ICPENDR_END 0x2fcu
#define GICD_ISACTIVER_END 0x37cu
#define GICD_ICACTIVER_END 0x3fcu
#define GICD_IPRIORITYR_END 0x7fbu
#define GICD_ITARGETSR_END 0xbfbu
#define GICD_ICFGR_END 0xcfcu
#define GICD_NSACR_END 0xefcu
#define GICD_CPENDSGIR_END 0xf1fu
#define GICD_SPENDSGIR_END 0xf2fu
#define GICD_ID_END 0xfffu
#define GICD_REGION_SIZE 0x1000u

/* GICD_CTLR, §4.3.1, GICv2 without the Security Extensions. */
#define GICD_CTLR_ENABLE_GRP0 (1u << 0)
#define GICD_CTLR_ENABLE_GRP1 (1u << 1)
#define GICD_CTLR_MASK (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1)

/* GICD_TYPER, §4.3.2. */
#define GICD_TYPER_ITLINESNUMBER_SHIFT 0
#define GICD_TYPER_ITLINESNUMBER_MASK (0x1fu << GICD_TYPER_ITLINESNUMBER_SHIFT)
#define GICD_TYPER_CPUNUMBER_SHIFT 5
#define GICD_TYPER_CPUNUMBER_MASK (0x7u << GICD_TYPER_CPUNUMBER_SHIFT)
#define GICD_TYPER_SECURITYEXTN (1u << 10)
#define GICD_TYPER_LSPI_SHIFT 11

/* GICD_IIDR, §4.3.3: this implementation identifies as the CoreLink GIC-400 r0p1
 * (ProductID 0x02, Revision 1, JEP106 implementer 0x43b, Arm). */
#define GICD_IIDR_VALUE 0x0200143bu

/* GICD_ICFGRn, §4.3.13: two bits per interrupt. */
#define GICD_ICFGR_FIELD_BITS 2u
#define GICD_ICFGR_EDGE 0x2u             /* Int_config[1]: 1 edge-triggered, 0 level-sensitive */
#define GICD_ICFGR_SGI_VALUE 0xaaaaaaaau  /* SGIs are edge-triggered and read-only */

/* GICD_SGIR, §4.3.15. */
#define GICD_SGIR_SGIINTID_MASK 0xfu
#define GICD_SGIR_NSATT (1u << 15)
#define GICD_SGIR_CPUTARGETLIST_SHIFT 16
#define GICD_SGIR_CPUTARGETLIST_MASK (0xffu << GICD_SGIR_CPUTARGETLIST_SHIFT)
#define GICD_SGIR_TARGETLISTFILTER_SHIFT 24
#define GICD_SGIR_TARGETLISTFILTER_MASK (0x3u << GICD_SGIR_TARGETLISTFILTER_SHIFT)
enum {
    GICD_SGIR_TLF_LIST = 0,     /* forward to the CPUs in CPUTargetList */
    GICD_SGIR_TLF_OTHERS = 1,   /* forward to every CPU but the requesting one */
    GICD_SGIR_TLF_SELF = 2,     /* forward to the requesting CPU only */
    GICD_SGIR_TLF_RESERVED = 3,
};

/* Peripheral and component ID registers, §4.3.18 Table 4-25/4-26; the values are
 * the GIC-400's (ICPIDR2.ArchRev = 2 is architectural, the rest IMPLEMENTATION
 * DEFINED). Index: (offset - GICD_PIDR4) / 4. */
#define GICD_ID_VALUES { 0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1 }

/* CPU interface register map, §4.1.3 Table 4-2; the virtual CPU interface (GICV)
 * uses the same offsets, §5.4. */
enum {
    GICC_CTLR = 0x00,
    GICC_PMR = 0x04,
    GICC_BPR = 0x08,
    GICC_IAR = 0x0c,
    GICC_EOIR = 0x10,
    GICC_RPR = 0x14,
    GICC_HPPIR = 0x18,
    GICC_ABPR = 0x1c,
    GICC_AIAR = 0x20,
    GICC_AEOIR = 0x24,
    GICC_AHPPIR = 0x28,
    GICC_APR0 = 0xd0,           /* ..0xdc */
    GICC_NSAPR0 = 0xe0,         /* ..0xec */
    GICC_IIDR = 0xfc,
    GICC_DIR = 0x1000,
};
#define GICC_APR_END 0xdcu
#define GICC_NSAPR_END 0xecu
#define GICC_NR_APR 4u
#define GICC_REGION_SIZE 0x2000u

/* GICC_CTLR, §4.4.1, "GICv2 without Security Extensions" layout. Bit 10
 * (EOImodeNS) exists only with the Security Extensions and is reserved here. */
#define GICC_CTLR_ENABLE_GRP0 (1u << 0)
#define GICC_CTLR_ENABLE_GRP1 (1u << 1)
#define GICC_CTLR_ACKCTL (1u << 2)
#define GICC_CTLR_FIQEN (1u << 3)
#define GICC_CTLR_CBPR (1u << 4)
#define GICC_CTLR_FIQBYPDISGRP0 (1u << 5)
#define GICC_CTLR_IRQBYPDISGRP0 (1u << 6)
#define GICC_CTLR_FIQBYPDISGRP1 (1u << 7)
#define GICC_CTLR_IRQBYPDISGRP1 (1u << 8)
#define GICC_CTLR_EOIMODE (1u << 9)
#define GICC_CTLR_MASK 0x3ffu

/* GICC_IAR, GICC_EOIR, GICC_HPPIR, GICC_DIR (and aliases), §4.4.4: bits [9:0]
 * interrupt ID, bits [12:10] the source CPU of an SGI. */
#define GICC_IAR_INTID_MASK GIC_INTID_MASK
#define GICC_IAR_CPUID_SHIFT 10
#define GICC_IAR_CPUID_MASK (0x7u << GICC_IAR_CPUID_SHIFT)

/* GICC_BPR/GICC_ABPR, §4.4.3, §4.4.8: the binary point field. */
#define GICC_BPR_BINARY_POINT_MASK 0x7u
#define GICC_PMR_PRIORITY_MASK 0xffu
#define GIC_IDLE_PRIORITY 0xffu           /* GICC_RPR with no active interrupt, §4.4.6 */

/* GICC_IIDR, §4.4.14: ProductID 0x020, architecture version 2, revision 1, Arm
 * (the GIC-400 r0p1's value; GICV_IIDR is the same, §5.4). */
#define GICC_IIDR_VALUE 0x0202143bu

/* GIC virtual interface control register map, §5.3 Table 5-1. GICH is a 512-byte
 * block; the GIC-400 also has one alias block per CPU interface. */
enum {
    GICH_HCR = 0x000,
    GICH_VTR = 0x004,
    GICH_VMCR = 0x008,
    GICH_MISR = 0x010,
    GICH_EISR0 = 0x020,
    GICH_EISR1 = 0x024,
    GICH_ELRSR0 = 0x030,
    GICH_ELRSR1 = 0x034,
    GICH_APR = 0x0f0,
    GICH_LR0 = 0x100,           /* ..0x1fc: GICH_LR0..GICH_LR63 */
};
#define GICH_LR_END 0x1fcu
#define GICH_BLOCK_SIZE 0x200u
#define GICH_OWN_VIEW_SIZE 0x1000u       /* offsets below: the accessing CPU's block */
#define GICH_ALIAS_BASE 0x1000u          /* + n * GICH_BLOCK_SIZE: CPU n's block */

/* GICH_HCR, §5.3.1. */
#define GICH_HCR_EN (1u << 0)
#define GICH_HCR_UIE (1u << 1)
#define GICH_HCR_LRENPIE (1u << 2)
#define GICH_HCR_NPIE (1u << 3)
#define GICH_HCR_VGRP0EIE (1u << 4)
#define GICH_HCR_VGRP0DIE (1u << 5)
#define GICH_HCR_VGRP1EIE (1u << 6)
#define GICH_HCR_VGRP1DIE (1u << 7)
#define GICH_HCR_EOICOUNT_SHIFT 27
#define GICH_HCR_EOICOUNT_MASK (0x1fu << GICH_HCR_EOICOUNT_SHIFT)
#define GICH_HCR_MASK (GICH_HCR_EOICOUNT_MASK | 0xffu)

/* GICH_VTR, §5.3.2. */
#define GICH_VTR_LISTREGS_MASK 0x3fu
#define GICH_VTR_PREBITS_SHIFT 26
#define GICH_VTR_PRIBITS_SHIFT 29

/* GICH_VMCR, §5.3.3: the GICV_CTLR, GICV_PMR, GICV_BPR and GICV_ABPR state. Bits
 * [9:0] hold the GICV_CTLR bits at their GICV_CTLR positions. */
#define GICH_VMCR_VMGRP0EN (1u << 0)
#define GICH_VMCR_VMGRP1EN (1u << 1)
#define GICH_VMCR_VMACKCTL (1u << 2)
#define GICH_VMCR_VMFIQEN (1u << 3)
#define GICH_VMCR_VMCBPR (1u << 4)
#define GICH_VMCR_VEM (1u << 9)
#define GICH_VMCR_CTLR_MASK 0x21fu
#define GICH_VMCR_VMABP_SHIFT 18
#define GICH_VMCR_VMABP_MASK (0x7u << GICH_VMCR_VMABP_SHIFT)
#define GICH_VMCR_VMBP_SHIFT 21
#define GICH_VMCR_VMBP_MASK (0x7u << GICH_VMCR_VMBP_SHIFT)
#define GICH_VMCR_VMPRIMASK_SHIFT 27
#define GICH_VMCR_VMPRIMASK_MASK (0x1fu << GICH_VMCR_VMPRIMASK_SHIFT)
#define GICH_VMCR_MASK (GICH_VMCR_VMPRIMASK_MASK | GICH_VMCR_VMBP_MASK | \
                        GICH_VMCR_VMABP_MASK | GICH_VMCR_CTLR_MASK)

/* GICH_MISR, §5.3.4: one bit per maintenance interrupt condition. */
#define GICH_MISR_EOI (1u << 0)
#define GICH_MISR_U (1u << 1)
#define GICH_MISR_LRENP (1u << 2)
#define GICH_MISR_NP (1u << 3)
#define GICH_MISR_VGRP0E (1u << 4)
#define GICH_MISR_VGRP0D (1u << 5)
#define GICH_MISR_VGRP1E (1u << 6)
#define GICH_MISR_VGRP1D (1u << 7)

/* GICH_LRn, §5.3.8 (Figure 5-8). */
#define GICH_LR_VIRTUALID_MASK 0x3ffu
#define GICH_LR_PHYSICALID_SHIFT 10          /* HW == 1 */
#define GICH_LR_PHYSICALID_MASK (0x3ffu << GICH_LR_PHYSICALID_SHIFT)
#define GICH_LR_CPUID_SHIFT 10               /* HW == 0: source CPU of an SGI */
#define GICH_LR_CPUID_MASK (0x7u << GICH_LR_CPUID_SHIFT)
#define GICH_LR_EOI (1u << 19)               /* HW == 0: EOI maintenance interrupt */
#define GICH_LR_PRIORITY_SHIFT 23
#define GICH_LR_PRIORITY_MASK (0x1fu << GICH_LR_PRIORITY_SHIFT)
#define GICH_LR_STATE_SHIFT 28
#define GICH_LR_STATE_MASK (0x3u << GICH_LR_STATE_SHIFT)
#define GICH_LR_STATE_PENDING_BIT (0x1u << GICH_LR_STATE_SHIFT)
#define GICH_LR_STATE_ACTIVE_BIT (0x2u << GICH_LR_STATE_SHIFT)
#define GICH_LR_GRP1 (1u << 30)
#define GICH_LR_HW (1u << 31)
#define GICH_LR_MASK 0xff8fffffu             /* bits [22:20] are reserved */
enum {
    GICH_LR_STATE_INVALID = 0,
    GICH_LR_STATE_PENDING = 1,
    GICH_LR_STATE_ACTIVE = 2,
    GICH_LR_STATE_PENDING_ACTIVE = 3,
};

/* The virtual CPU interface implements 5 priority bits (GICH_LRn.Priority and
 * GICH_VMCR.VMPriMask are 5-bit fields, §5.3.3, §5.3.8), so 32 preemption levels
 * held in GICH_APR (§5.3.7), and the minimum binary points are 2 (GICV_BPR) and 3
 * (GICV_ABPR), following §3.3.3 and §4.4.3 for five preemption bits (§5.3.2). */
#define GIC_VIRT_PRIO_BITS 5u
#define GIC_VIRT_PRIO_SHIFT (8u - GIC_VIRT_PRIO_BITS)  /* LR.Priority -> 8-bit priority */
#define GIC_VIRT_MIN_BPR 2u
#define GIC_VIRT_MIN_ABPR 3u

/* GICV_CTLR, §5.4: the GICC_CTLR fields a virtual machine has (no bypass). */
#define GICV_CTLR_MASK (GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_ENABLE_GRP1 | GICC_CTLR_ACKCTL | \
                        GICC_CTLR_FIQEN | GICC_CTLR_CBPR | GICC_CTLR_EOIMODE)
#define GICV_REGION_SIZE 0x2000u

#endif
