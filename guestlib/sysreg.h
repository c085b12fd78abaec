/*
 * CPSR and CP15 system-register access for guest programs, with the field constants the
 * guest code tests. Encodings and field layouts are from the ARM Architecture Reference
 * Manual, ARMv7-A and ARMv7-R edition (ARM DDI 0406C): B1.3 (modes, PSRs), B4.1 (the
 * VMSA register descriptions), B3.13.6 (the HSR).
 */
#ifndef GUESTLIB_SYSREG_H
#define GUESTLIB_SYSREG_H

#include <stdint.h>

/* CPSR/SPSR (B1.3.3). */
#define PSR_MODE_MASK   0x1fu
#define PSR_MODE_USR    0x10u
#define PSR_MODE_FIQ    0x11u
#define PSR_MODE_IRQ    0x12u
#define PSR_MODE_SVC    0x13u
#define PSR_MODE_MON    0x16u
#define PSR_MODE_ABT    0x17u
#define PSR_MODE_HYP    0x1au
#define PSR_MODE_UND    0x1bu
#define PSR_MODE_SYS    0x1fu
#define PSR_T           (1u << 5)       /* Thumb execution state */
#define PSR_F           (1u << 6)       /* FIQ mask */
#define PSR_I           (1u << 7)       /* IRQ mask */
#define PSR_A           (1u << 8)       /* asynchronous abort mask */
#define PSR_MODE(psr)   ((psr) & PSR_MODE_MASK)

static inline uint32_t read_cpsr(void)
{
	uint32_t v;
	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

/*
 * MRC/MCR on a named coprocessor register. A register name below expands to the five
 * operands "coproc, opc1, CRn, CRm, opc2", e.g. read_sysreg(HSR).
 */
#define MRC(cp, opc1, crn, crm, opc2) ({ \
	uint32_t v_; \
	__asm__ volatile("mrc " #cp ", " #opc1 ", %0, " #crn ", " #crm ", " #opc2 \
			 : "=r"(v_)); \
	v_; })
#define MCR(v, cp, opc1, crn, crm, opc2) \
	__asm__ volatile("mcr " #cp ", " #opc1 ", %0, " #crn ", " #crm ", " #opc2 \
			 : : "r"((uint32_t)(v)) : "memory")
#define read_sysreg(reg)        MRC(reg)
#define write_sysreg(v, reg)    MCR(v, reg)

#define isb()   __asm__ volatile("isb" : : : "memory")
#define dsb()   __asm__ volatile("dsb" : : : "memory")

/* Identification (B4.1, "MIDR", "MPIDR", "ID_PFR1"). */
#define MIDR            p15, 0, c0, c0, 0
#define MPIDR           p15, 0, c0, c0, 5
#define ID_PFR1         p15, 0, c0, c1, 1
/* PL1 system control (B4.1, "SCTLR", "VBAR"). */
#define SCTLR           p15, 0, c1, c0, 0
#define VBAR            p15, 0, c12, c0, 0
/* Hyp mode registers (B4.1, "HSCTLR", "HCR", "HCPTR", "HSTR", "HSR", "HDFAR", "HIFAR",
 * "HPFAR", "HVBAR", "VPIDR", "VMPIDR"). */
#define HSCTLR          p15, 4, c1, c0, 0
#define HCR             p15, 4, c1, c1, 0
#define HCPTR           p15, 4, c1, c1, 2
#define HSTR            p15, 4, c1, c1, 3
#define HSR             p15, 4, c5, c2, 0
#define HDFAR           p15, 4, c6, c0, 0
#define HIFAR           p15, 4, c6, c0, 2
#define HPFAR           p15, 4, c6, c0, 4
#define HVBAR           p15, 4, c12, c0, 0
#define VPIDR           p15, 4, c0, c0, 0
#define VMPIDR          p15, 4, c0, c0, 5
/* Generic timer frequency (B4.1, "CNTFRQ"). */
#define CNTFRQ          p15, 0, c14, c0, 0

/* MIDR (B4.1): Implementer[31:24], Variant[23:20], Architecture[19:16], PartNum[15:4],
 * Revision[3:0]. */
#define MIDR_IMPLEMENTER(v)     ((v) >> 24)
#define MIDR_VARIANT(v)         (((v) >> 20) & 0xfu)
#define MIDR_ARCHITECTURE(v)    (((v) >> 16) & 0xfu)
#define MIDR_PARTNUM(v)         (((v) >> 4) & 0xfffu)
#define MIDR_REVISION(v)        ((v) & 0xfu)
#define MIDR_IMPLEMENTER_ARM    0x41u   /* 'A' */
#define MIDR_ARCH_CPUID         0xfu    /* features in the CPUID registers */

/* MPIDR (B4.1): bit 31 reads 1 in the Multiprocessing Extensions format, U (bit 30) is 0 in
 * a multiprocessor system, affinity level 0 is the core number within the cluster. */
#define MPIDR_MP_FORMAT         (1u << 31)
#define MPIDR_U                 (1u << 30)
#define MPIDR_AFF0_MASK         0xffu

/* ID_PFR1 (B4.1) fields. */
#define ID_PFR1_SECURITY(v)     (((v) >> 4) & 0xfu)
#define ID_PFR1_VIRT(v)         (((v) >> 12) & 0xfu)    /* 1: Virtualization Extensions */
#define ID_PFR1_GENTIMER(v)     (((v) >> 16) & 0xfu)    /* 1: Generic Timer */

/* SCTLR/HSCTLR bits (B4.1). */
#define SCTLR_M         (1u << 0)       /* stage 1 MMU enable */
#define SCTLR_A         (1u << 1)       /* alignment check */
#define SCTLR_C         (1u << 2)       /* data cache */
#define SCTLR_I         (1u << 12)      /* instruction cache */
#define SCTLR_V         (1u << 13)      /* high vectors (SCTLR only) */
#define SCTLR_TE        (1u << 30)      /* take exceptions in Thumb state */

/* HSR (B3.13.6): EC[31:26], IL[25], ISS[24:0]. */
#define HSR_EC(hsr)     ((hsr) >> 26)
#define HSR_IL          (1u << 25)
#define HSR_ISS(hsr)    ((hsr) & 0x1ffffffu)
#define HSR_EC_UNKNOWN          0x00u
#define HSR_EC_WFI_WFE          0x01u
#define HSR_EC_CP15_32          0x03u
#define HSR_EC_HCPTR            0x07u
#define HSR_EC_SVC              0x11u   /* SVC routed to Hyp mode (HCR.TGE) */
#define HSR_EC_HVC              0x12u
#define HSR_EC_SMC              0x13u
#define HSR_EC_PABT_GUEST       0x20u   /* Prefetch Abort from a mode other than Hyp */
#define HSR_EC_PABT_HYP         0x21u
#define HSR_EC_DABT_GUEST       0x24u   /* Data Abort from a mode other than Hyp */
#define HSR_EC_DABT_HYP         0x25u
/* ISS of an HVC (B3.13.6): imm16 in ISS[15:0]. */
#define HSR_ISS_HVC_IMM16(hsr)  ((hsr) & 0xffffu)

#endif
