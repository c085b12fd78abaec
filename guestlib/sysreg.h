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

/*
 * MRRC/MCRR on a 64-bit coprocessor register. A register name below expands to the three
 * operands "coproc, opc1, CRm", e.g. read_sysreg64(CNTPCT) (timer.h). Rt holds bits [31:0],
 * Rt2 bits [63:32] (A8.8, "MCRR", "MRRC").
 */
#define MRRC(cp, opc1, crm) ({ \
	uint32_t lo_, hi_; \
	__asm__ volatile("mrrc " #cp ", " #opc1 ", %0, %1, " #crm \
			 : "=r"(lo_), "=r"(hi_)); \
	((uint64_t)hi_ << 32) | lo_; })
#define MCRR(v, cp, opc1, crm) do { \
	uint64_t v_ = (v); \
	__asm__ volatile("mcrr " #cp ", " #opc1 ", %0, %1, " #crm \
			 : : "r"((uint32_t)v_), "r"((uint32_t)(v_ >> 32)) : "memory"); \
	} while (0)
#define read_sysreg64(reg)      MRRC(reg)
#define write_sysreg64(v, reg)  MCRR(v, reg)

/* An immediate for asm text: "hvc #" STRINGIFY(HVC_NUMBER). */
#define STRINGIFY_(x)   #x
#define STRINGIFY(x)    STRINGIFY_(x)

#define isb()   __asm__ volatile("isb" : : : "memory")
#define dsb()   __asm__ volatile("dsb" : : : "memory")

/* Identification (B4.1, "MIDR", "MPIDR", "ID_PFR1"). */
#define MIDR            p15, 0, c0, c0, 0
#define MPIDR           p15, 0, c0, c0, 5
#define ID_PFR1         p15, 0, c0, c1, 1
#define ID_MMFR0        p15, 0, c0, c1, 4
/* PL1 system control (B4.1, "SCTLR", "CPACR", "VBAR", "TTBR0"). */
#define SCTLR           p15, 0, c1, c0, 0
#define CPACR           p15, 0, c1, c0, 2
#define VBAR            p15, 0, c12, c0, 0
#define TTBR0_64        p15, 0, c2              /* 64-bit view, MCRR/MRRC (B4.1, "TTBR0") */
/* Performance Monitors Control Register (B4.1, "PMCR"), in primary register c9. */
#define PMCR            p15, 0, c9, c12, 0
/* Cortex-A15 Configuration Base Address Register, an IMPLEMENTATION DEFINED register in
 * primary register c15 (Cortex-A15 TRM, DDI 0438, "Configuration Base Address Register"). */
#define CBAR            p15, 4, c15, c0, 0
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

/* HCR (B4.1, "HCR"): the Hyp Configuration Register bits guest programs use. */
#define HCR_VM          (1u << 0)       /* stage 2 translation */
#define HCR_FMO         (1u << 3)       /* physical FIQ to Hyp mode, virtual FIQ enable */
#define HCR_IMO         (1u << 4)       /* physical IRQ to Hyp mode, virtual IRQ enable */
#define HCR_AMO         (1u << 5)
#define HCR_VI          (1u << 7)       /* virtual IRQ pending */
#define HCR_TWI         (1u << 13)      /* trap WFI */
#define HCR_TWE         (1u << 14)      /* trap WFE */
#define HCR_TID3        (1u << 18)      /* trap ID group 3: ID_PFR0 ... MVFR1 */
#define HCR_TSC         (1u << 19)      /* trap SMC */
#define HCR_TIDCP       (1u << 20)
#define HCR_TVM         (1u << 26)      /* trap writes to the virtual memory controls */
#define HCR_TGE         (1u << 27)      /* trap general exceptions */

/* HCPTR (B4.1, "HCPTR"). */
#define HCPTR_TCP(n)    (1u << (n))     /* trap coprocessor n: 10 and 11 are the FP/SIMD */
#define HCPTR_TASE      (1u << 15)
#define HCPTR_TTA       (1u << 20)
#define HCPTR_TCPAC     (1u << 31)

/* HSTR (B4.1, "HSTR"): T<n> traps MCR/MRC with CRn == n and MCRR/MRRC with CRm == n. */
#define HSTR_T(n)       (1u << (n))

/* CPACR (B4.1, "CPACR"): PL1 and PL0 access to coprocessors 10 and 11. */
#define CPACR_CP10_FULL (3u << 20)
#define CPACR_CP11_FULL (3u << 22)

/* FPEXC (B4.1, "FPEXC"): the Floating-point Extension enable, accessed with VMRS/VMSR. */
#define FPEXC_EN        (1u << 30)

/* HSR (B3.13.6): EC[31:26], IL[25], ISS[24:0]. */
#define HSR_EC(hsr)     ((hsr) >> 26)
#define HSR_IL          (1u << 25)
#define HSR_ISS(hsr)    ((hsr) & 0x1ffffffu)
#define HSR_EC_UNKNOWN          0x00u
#define HSR_EC_WFI_WFE          0x01u
#define HSR_EC_CP15_32          0x03u
#define HSR_EC_CP15_64          0x04u
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
/* The condition fields of the ISS of a trapped instruction (B3.13.6, "Use of the HSR"):
 * CV[24], COND[23:20]; a trapped unconditional ARM instruction has CV = 1, COND = 0xE. */
#define HSR_ISS_CV              (1u << 24)
#define HSR_ISS_COND(c)         (((c) & 0xfu) << 20)
#define HSR_ISS_COND_AL         (HSR_ISS_CV | HSR_ISS_COND(0xeu))
/* WFI or WFE (EC 0x01): TI[0], 1 for WFE. */
#define HSR_ISS_TI_WFE          1u
/* MCR or MRC (EC 0x03): Opc2[19:17], Opc1[16:14], CRn[13:10], Rt[8:5], CRm[4:1],
 * Direction[0] (1: read, MRC). */
#define HSR_ISS_MCR_MRC(opc1, crn, crm, opc2, rt, read) \
	(((opc2) << 17) | ((opc1) << 14) | ((crn) << 10) | ((rt) << 5) | ((crm) << 1) | (read))
/* MCRR or MRRC (EC 0x04): Opc1[19:16], Rt2[13:10], Rt[8:5], CRm[4:1], Direction[0]. */
#define HSR_ISS_MCRR_MRRC(opc1, crm, rt, rt2, read) \
	(((opc1) << 16) | ((rt2) << 10) | ((rt) << 5) | ((crm) << 1) | (read))
#define HSR_ISS_RT(hsr)         (((hsr) >> 5) & 0xfu)
#define HSR_ISS_READ            1u
/* HCPTR trap (EC 0x07): TA[5] for Advanced SIMD, coproc[3:0]. */
#define HSR_ISS_HCPTR_TA        (1u << 5)
#define HSR_ISS_HCPTR_COPROC(n) ((n) & 0xfu)
/* A whole HSR for a 32-bit instruction. */
#define HSR_VALUE(ec, iss)      (((uint32_t)(ec) << 26) | HSR_IL | (iss))

#endif
