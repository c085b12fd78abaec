/* Translation table walks of an ARMv7-A processor with the Large Physical Address
 * and Virtualization Extensions (ARM DDI 0406C.d B3): the PL1&0 stage 1 regime with
 * short descriptors (B3.5) or long descriptors (B3.6), the Hyp stage 1 regime
 * (B3.6, B3.13) and stage 2 (B3.6), with the fault each can give (B3.12).
 *
 * Plain C, no Unicorn: the translation controls come in a struct and descriptors
 * are read through a callback taking a physical address, so the walker is testable
 * alone (tests/unit/test_mmu.c). cpu/abort.c reads the registers of a vCPU into
 * hs_mmu_regs and reports the faults. Every walk reads the tables as they are in
 * memory now: there is no TLB. */
#ifndef HS_CPU_MMU_H
#define HS_CPU_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/arm.h"

/* B4.1 SCTLR and HSCTLR: the fields the walk and the alignment checks use, beside
 * SCTLR_M of cpu/arm.h (HSCTLR has WXN, not UWXN, TRE or AFE). */
#define SCTLR_A             (1u << 1)
#define SCTLR_WXN           (1u << 19)
#define SCTLR_UWXN          (1u << 20)
#define SCTLR_TRE           (1u << 28)
#define SCTLR_AFE           (1u << 29)

/* B4.1 TTBCR: N, PD0, PD1 with short descriptors; T0SZ, EPD0, T1SZ, EPD1 with
 * long descriptors; EAE selects the format. */
#define TTBCR_N_MASK        0x7u
#define TTBCR_PD0           (1u << 4)
#define TTBCR_PD1           (1u << 5)
#define TTBCR_T0SZ_MASK     0x7u
#define TTBCR_EPD0          (1u << 7)
#define TTBCR_T1SZ_SHIFT    16
#define TTBCR_T1SZ_MASK     0x7u
#define TTBCR_EPD1          (1u << 23)
#define TTBCR_EAE           (1u << 31)

/* B4.1 HTCR: T0SZ. */
#define HTCR_T0SZ_MASK      0x7u

/* B4.1 VTCR: T0SZ (signed, 4 bits), S (its sign), SL0 (the starting level). */
#define VTCR_T0SZ_MASK      0xfu
#define VTCR_S              (1u << 4)
#define VTCR_SL0_SHIFT      6
#define VTCR_SL0_MASK       0x3u

/* B4.1 DACR: two bits per domain. */
#define DACR_FIELD_BITS     2
#define DACR_NO_ACCESS      0u
#define DACR_CLIENT         1u
#define DACR_RESERVED       2u
#define DACR_MANAGER        3u

/* The translation controls, as the registers hold them (the Non-secure copies of
 * the banked ones). With TTBCR.EAE set, prrr and nmrr are MAIR0 and MAIR1. */
typedef struct hs_mmu_regs {
    uint32_t sctlr, ttbcr, dacr, prrr, nmrr;
    uint64_t ttbr0, ttbr1;
    uint32_t hsctlr, htcr, hmair0, hmair1;
    uint64_t httbr;
    uint32_t hcr, vtcr;
    uint64_t vttbr;
} hs_mmu_regs;

typedef enum hs_mmu_acc {
    HS_MMU_READ,
    HS_MMU_WRITE,
    HS_MMU_FETCH,
} hs_mmu_acc;

typedef struct hs_mmu_access {
    uint32_t va;
    hs_mmu_acc acc;
    bool hyp;               /* the Hyp translation regime (Hyp mode) */
    bool user;              /* checked as an unprivileged access: User mode, LDRT, STRT */
} hs_mmu_access;

/* B3.12 fault types, with the ones hypsim reports itself (alignment, external). */
typedef enum hs_mmu_fault_type {
    HS_MMU_FAULT_NONE,
    HS_MMU_FAULT_ALIGNMENT,
    HS_MMU_FAULT_TRANSLATION,
    HS_MMU_FAULT_ACCESS_FLAG,
    HS_MMU_FAULT_DOMAIN,
    HS_MMU_FAULT_PERMISSION,
    HS_MMU_FAULT_EXTERNAL,          /* synchronous external abort, not on a walk */
    HS_MMU_FAULT_EXTERNAL_WALK,     /* synchronous external abort on a table walk */
    HS_MMU_FAULT_DEBUG,             /* debug event (BKPT) */
} hs_mmu_fault_type;

const char *hs_mmu_fault_name(hs_mmu_fault_type t);

typedef struct hs_mmu_fault {
    hs_mmu_fault_type type;
    uint8_t level;          /* lookup level: 1-3 (short descriptors: 1 section, 2 page) */
    uint8_t stage;          /* 1 or 2 */
    uint8_t domain;         /* short descriptors: the domain, once the level 1 entry is read */
    bool s1ptw;             /* a stage 2 fault on an access of the stage 1 table walk */
    uint64_t ipa;           /* a stage 2 fault: the IPA that faulted (for HPFAR) */
} hs_mmu_fault;

/* B3.8 memory types; the stronger of the two stages (B3.8, B3.12). */
typedef enum hs_mmu_memtype {
    HS_MMU_NORMAL,
    HS_MMU_DEVICE,
    HS_MMU_STRONGLY_ORDERED,
} hs_mmu_memtype;

typedef struct hs_mmu_result {
    uint64_t pa;            /* the physical address, if no fault */
    uint64_t ipa;           /* the output of stage 1 (equal to pa without stage 2) */
    hs_mmu_memtype memtype;
    bool stage2;            /* stage 2 took part */
    hs_mmu_fault fault;     /* type HS_MMU_FAULT_NONE when translated */
} hs_mmu_result;

/* Reads `size` (4 or 8) bytes of physical memory, little-endian, into *val; false
 * when nothing answers there (a synchronous external abort on the walk). */
typedef bool hs_mmu_read_fn(void *opaque, uint64_t pa, unsigned size, uint64_t *val);

typedef struct hs_mmu_bus {
    hs_mmu_read_fn *read;
    void *opaque;
} hs_mmu_bus;

/* Translates one access: the Hyp regime, or the PL1&0 regime's stage 1 and, when
 * HCR.VM or HCR.DC is set, stage 2 (with every stage 1 table access translated by
 * stage 2 as well). Returns true if the access is permitted, with res->pa set;
 * otherwise res->fault says why, in the order of the fault-checking sequence
 * (B3.12): translation, access flag, domain, permission; stage 1 before stage 2. */
bool hs_mmu_translate(const hs_mmu_regs *r, const hs_mmu_bus *bus, const hs_mmu_access *a,
                      hs_mmu_result *res);

/* True when the stage 1 regime of `hyp` or PL1&0 reports faults in the long-descriptor
 * format (B3.13: Hyp always, PL1&0 when TTBCR.EAE is set). */
bool hs_mmu_long_format(const hs_mmu_regs *r, bool hyp);

/* B3.13.3 (short-descriptor FSR encodings): the fault status, FS[4] in bit 10 and
 * FS[3:0] in bits [3:0], with the domain in bits [7:4]. */
uint32_t hs_mmu_fsr_short(const hs_mmu_fault *f);
/* B3.13.3 (long-descriptor FSR encodings): the status code STATUS[5:0], as in
 * DFSR/IFSR bits [5:0] and the DFSC/IFSC of HSR. */
uint32_t hs_mmu_fsc_long(const hs_mmu_fault *f);

#endif
