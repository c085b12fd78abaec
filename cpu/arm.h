/* ARMv7-A architectural constants used by cpu/ (ARM DDI 0406C.d). */
#ifndef HS_CPU_ARM_H
#define HS_CPU_ARM_H

/* B1.3.3 Program Status Registers: CPSR/SPSR fields. */
#define CPSR_M          0x0000001fu
#define CPSR_T          (1u << 5)
#define CPSR_F          (1u << 6)
#define CPSR_I          (1u << 7)
#define CPSR_A          (1u << 8)
#define CPSR_E          (1u << 9)
#define CPSR_IT_2_7     0x0000fc00u
#define CPSR_GE         0x000f0000u
#define CPSR_J          (1u << 24)
#define CPSR_IT_0_1     0x06000000u
#define CPSR_Q          (1u << 27)
#define CPSR_NZCV       0xf0000000u

/* B1.3.1 Table B1-1 processor modes (CPSR.M). */
#define ARM_MODE_USR    0x10u
#define ARM_MODE_FIQ    0x11u
#define ARM_MODE_IRQ    0x12u
#define ARM_MODE_SVC    0x13u
#define ARM_MODE_MON    0x16u
#define ARM_MODE_ABT    0x17u
#define ARM_MODE_HYP    0x1au
#define ARM_MODE_UND    0x1bu
#define ARM_MODE_SYS    0x1fu

/* B4.1.129 SCR (Secure Configuration Register). */
#define SCR_NS          (1u << 0)
#define SCR_HCE         (1u << 8)

/* B4.1.64 HCPTR. */
#define HCPTR_TCP10     (1u << 10)
#define HCPTR_TCP11     (1u << 11)
#define HCPTR_TASE      (1u << 15)
#define HCPTR_TTA       (1u << 20)

/* B4.1.111 NSACR. */
#define NSACR_CP10      (1u << 10)
#define NSACR_CP11      (1u << 11)

/* B4.1.65 HCR (Hyp Configuration Register). */
#define HCR_VM          (1u << 0)
#define HCR_SWIO        (1u << 1)
#define HCR_PTW         (1u << 2)
#define HCR_FMO         (1u << 3)
#define HCR_IMO         (1u << 4)
#define HCR_AMO         (1u << 5)
#define HCR_VF          (1u << 6)
#define HCR_VI          (1u << 7)
#define HCR_VA          (1u << 8)
#define HCR_FB          (1u << 9)
#define HCR_BSU         (3u << 10)
#define HCR_DC          (1u << 12)
#define HCR_TWI         (1u << 13)
#define HCR_TWE         (1u << 14)
#define HCR_TID0        (1u << 15)
#define HCR_TID1        (1u << 16)
#define HCR_TID2        (1u << 17)
#define HCR_TID3        (1u << 18)
#define HCR_TSC         (1u << 19)
#define HCR_TIDCP       (1u << 20)
#define HCR_TAC         (1u << 21)
#define HCR_TSW         (1u << 22)
#define HCR_TPC         (1u << 23)
#define HCR_TPU         (1u << 24)
#define HCR_TTLB        (1u << 25)
#define HCR_TVM         (1u << 26)
#define HCR_TGE         (1u << 27)

/* B4.1.130 SCTLR and B4.1.73 HSCTLR fields used at exception entry. */
#define SCTLR_M         (1u << 0)
#define SCTLR_V         (1u << 13)
#define SCTLR_EE        (1u << 25)
#define SCTLR_TE        (1u << 30)

/* B3.13.6 HSR: exception class field and IL bit. */
#define HSR_EC_SHIFT    26
#define HSR_IL          (1u << 25)
#define HSR_ISS_MASK    0x01ffffffu

#endif
