/*
 * Translation tables and fault registers for guest programs: descriptor builders for the
 * short-descriptor format (ARM DDI 0406C B3.5), the long-descriptor format (B3.6) of the
 * PL1&0 and Hyp stage 1 and of stage 2, the CP15 registers that control translation and
 * report faults (B4.1), and TLB maintenance (B4.2.2). Addresses are physical: the tables
 * are written with the MMU off, or where VA = PA.
 */
#ifndef GUESTLIB_MMU_H
#define GUESTLIB_MMU_H

#include <stdint.h>

#include "sysreg.h"

/* ---- registers (B4.1) ---------------------------------------------------------------- */

#define TTBCR           p15, 0, c2, c0, 2
#define DACR            p15, 0, c3, c0, 0
#define DFSR            p15, 0, c5, c0, 0
#define IFSR            p15, 0, c5, c0, 1
#define DFAR            p15, 0, c6, c0, 0
#define IFAR            p15, 0, c6, c0, 2
#define PRRR            p15, 0, c10, c2, 0      /* MAIR0 when TTBCR.EAE is 1 */
#define NMRR            p15, 0, c10, c2, 1      /* MAIR1 when TTBCR.EAE is 1 */
#define MAIR0           PRRR
#define MAIR1           NMRR
#define TTBR0_32        p15, 0, c2, c0, 0       /* 32-bit view (short descriptors) */
#define TTBR1_64        p15, 1, c2
#define HTCR            p15, 4, c2, c0, 2
#define VTCR            p15, 4, c2, c1, 2
#define HMAIR0          p15, 4, c10, c2, 0
#define HMAIR1          p15, 4, c10, c2, 1
#define HTTBR_64        p15, 4, c2
#define VTTBR_64        p15, 6, c2
/* VTTBR.VMID, bits [55:48] (B4.1, "VTTBR"). */
#define VTTBR_VMID(vmid)        ((uint64_t)((vmid) & 0xffu) << 48)

/* B4.2.1 cache maintenance operations to the point of unification (Table B4-27). */
#define ICIALLUIS       p15, 0, c7, c1, 0       /* I-caches, Inner Shareable */
#define ICIALLU         p15, 0, c7, c5, 0       /* this CPU's I-cache */
#define ICIMVAU         p15, 0, c7, c5, 1       /* I-cache line by MVA */
#define DCCMVAU         p15, 0, c7, c11, 1      /* clean D-cache line by MVA */

/* TLB maintenance operations (B4.2.2): the written value is ignored. */
#define TLBIALL         p15, 0, c8, c7, 0       /* PL1&0 regime, current VMID */
#define TLBIALLH        p15, 4, c8, c7, 0       /* Hyp regime */
#define TLBIALLNSNH     p15, 4, c8, c7, 4       /* Non-secure PL1&0, every VMID */

static inline void tlb_flush_pl1(void)
{
	dsb();
	write_sysreg(0, TLBIALL);
	dsb();
	isb();
}

static inline void tlb_flush_hyp(void)
{
	dsb();
	write_sysreg(0, TLBIALLH);
	write_sysreg(0, TLBIALLNSNH);
	dsb();
	isb();
}

/* SCTLR (B4.1, "SCTLR"): beside sysreg.h's M, A, C, I, V, TE. */
#define SCTLR_AFE       (1u << 29)      /* access flag enable: AP[0] is the access flag */
#define SCTLR_TRE       (1u << 28)      /* TEX remap */
#define SCTLR_WXN       (1u << 19)

/* TTBCR (B4.1, "TTBCR"). */
#define TTBCR_N(n)      ((n) & 7u)
#define TTBCR_PD0       (1u << 4)
#define TTBCR_PD1       (1u << 5)
#define TTBCR_T0SZ(n)   ((n) & 7u)
#define TTBCR_EPD0      (1u << 7)
#define TTBCR_T1SZ(n)   (((n) & 7u) << 16)
#define TTBCR_EPD1      (1u << 23)
#define TTBCR_EAE       (1u << 31)

/* VTCR (B4.1, "VTCR"): T0SZ is a signed 4-bit field with its sign repeated in S. */
#define VTCR_T0SZ(n)    (((uint32_t)(n) & 0xfu) | ((n) < 0 ? 1u << 4 : 0))
#define VTCR_SL0(l)     ((uint32_t)(l) << 6)    /* 0: start at level 2, 1: at level 1 */

/* DACR (B4.1, "DACR"): two bits per domain. */
#define DACR_NO_ACCESS  0u
#define DACR_CLIENT     1u
#define DACR_MANAGER    3u
#define DACR_DOMAIN(d, v) ((uint32_t)(v) << (2 * (d)))

/* HCR.PTW (B4.1, "HCR"): stage 1 table walks to stage 2 Device memory fault. */
#define HCR_PTW         (1u << 2)

/* DFSR and IFSR (B4.1): the fields beside the status, in both formats. */
#define FSR_WNR         (1u << 11)
#define FSR_CM          (1u << 13)      /* a cache maintenance operation faulted */
#define FSR_EXT         (1u << 12)
#define FSR_LPAE        (1u << 9)
#define FSR_DOMAIN(d)   ((uint32_t)(d) << 4)
/* The architecturally defined bits of the short-descriptor format: FS[4] (bit 10),
 * FS[3:0], LPAE, WnR, ExT, CM (DFSR);
 * the domain field is checked only for Domain faults. */
#define DFSR_MASK       0x3e0fu
#define IFSR_MASK       0x160fu
/* The same in the long-descriptor format: STATUS[5:0], LPAE, WnR, ExT, CM. */
#define DFSR_LONG_MASK  0x3a3fu
#define IFSR_LONG_MASK  0x123fu
/* Short-descriptor FS values (B3.13.3). */
#define FS_ALIGNMENT            0x001u
#define FS_DEBUG                0x002u
#define FS_ACCESS_FLAG_SECTION  0x003u
#define FS_ACCESS_FLAG_PAGE     0x006u
#define FS_TRANSLATION_SECTION  0x005u
#define FS_TRANSLATION_PAGE     0x007u
#define FS_DOMAIN_SECTION       0x009u
#define FS_DOMAIN_PAGE          0x00bu
#define FS_PERMISSION_SECTION   0x00du
#define FS_PERMISSION_PAGE      0x00fu
/* Long-descriptor status codes (B3.13.3), also HSR's DFSC and IFSC. */
#define FSC_TRANSLATION(l)      (0x04u | (l))
#define FSC_ACCESS_FLAG(l)      (0x08u | (l))
#define FSC_PERMISSION(l)       (0x0cu | (l))
#define FSC_ALIGNMENT           0x21u
#define FSC_DEBUG               0x22u

/* HSR ISS of Data and Prefetch Aborts (B3.13.6). */
#define HSR_ISS_ISV             (1u << 24)
#define HSR_ISS_SAS(s)          ((uint32_t)(s) << 22)   /* 0 byte, 1 halfword, 2 word */
#define HSR_ISS_SSE             (1u << 21)
#define HSR_ISS_SRT(r)          ((uint32_t)(r) << 16)
#define HSR_ISS_EA              (1u << 9)
#define HSR_ISS_CM              (1u << 8)
#define HSR_ISS_S1PTW           (1u << 7)
#define HSR_ISS_WNR             (1u << 6)
#define HSR_ISS_FSC(hsr)        ((hsr) & 0x3fu)
#define HSR_ISS_SRT_OF(hsr)     (((hsr) >> 16) & 0xfu)
/* HPFAR (B4.1): IPA[39:12] in bits [31:4]. */
#define HPFAR_OF_IPA(ipa)       ((uint32_t)((uint64_t)(ipa) >> 12) << 4)

/* ---- short descriptors (B3.5.1) ---------------------------------------------------------- */

#define SD_L1_ENTRIES           4096u
#define SD_L2_ENTRIES           256u
#define SD_L1_INDEX(va)         ((uint32_t)(va) >> 20)
#define SD_L2_INDEX(va)         (((uint32_t)(va) >> 12) & 0xffu)
/* First level: a section (1 MiB), a supersection (16 MiB, 16 identical entries), a page
 * table. AP is AP[2:0]. */
#define SD_SECTION(pa)          (((uint32_t)(pa) & 0xfff00000u) | 0x2u)
#define SD_SECT_AP(ap)          ((((ap) & 4u) ? 1u << 15 : 0) | ((uint32_t)(ap) & 3u) << 10)
#define SD_SECT_DOMAIN(d)       ((uint32_t)(d) << 5)
#define SD_SECT_XN              (1u << 4)
#define SD_SECT_PXN             (1u << 0)
#define SD_SECT_NORMAL          ((1u << 12) | (1u << 3) | (1u << 2))  /* TEX 001 C B: WB */
#define SD_SECT_DEVICE          (1u << 2)                             /* TEX 000 C 0 B 1 */
#define SD_SUPERSECTION(pa)     (((uint32_t)((uint64_t)(pa) & 0xff000000u)) | \
				 ((uint32_t)((uint64_t)(pa) >> 32) & 0xfu) << 20 | \
				 ((uint32_t)((uint64_t)(pa) >> 36) & 0xfu) << 5 | (1u << 18) | 0x2u)
#define SD_PAGE_TABLE(pa, d)    (((uint32_t)(pa) & 0xfffffc00u) | (uint32_t)(d) << 5 | 0x1u)
/* Second level: a small page (4 KiB). */
#define SD_SMALL(pa)            (((uint32_t)(pa) & 0xfffff000u) | 0x2u)
#define SD_SMALL_AP(ap)         ((((ap) & 4u) ? 1u << 9 : 0) | ((uint32_t)(ap) & 3u) << 4)
#define SD_SMALL_XN             (1u << 0)
#define SD_SMALL_NORMAL         ((1u << 6) | (1u << 3) | (1u << 2))   /* TEX 001 C B */
/* AP[2:0] values (B3.7.1). */
#define AP_PL1_RW               1u
#define AP_FULL                 3u
#define AP_PL1_RO               5u
#define AP_RO                   7u

/* ---- long descriptors (B3.6.1) ------------------------------------------------------------- */

#define LD_ENTRIES              512u
#define LD_INDEX(va, level)     ((uint32_t)((uint64_t)(va) >> (39 - 9 * (level))) & 0x1ffu)
#define LD_BLOCK(pa)            (((uint64_t)(pa) & 0xfffffff000ull) | 0x1ull)
#define LD_TABLE(pa)            (((uint64_t)(pa) & 0xfffffff000ull) | 0x3ull)
#define LD_PAGE(pa)             (((uint64_t)(pa) & 0xfffffff000ull) | 0x3ull)
#define LD_ATTR(i)              ((uint64_t)(i) << 2)    /* stage 1: MAIR index */
#define LD_AP(ap21)             ((uint64_t)(ap21) << 6) /* stage 1: AP[2:1] */
#define LD_AP_PL1_RW            LD_AP(0)
#define LD_AP_FULL              LD_AP(1)
#define LD_AP_PL1_RO            LD_AP(2)
#define LD_AP_RO                LD_AP(3)
#define LD_SH_INNER             (3ull << 8)
#define LD_AF                   (1ull << 10)
#define LD_PXN                  (1ull << 53)
#define LD_XN                   (1ull << 54)
/* MAIR attributes (B4.1, "MAIR0, MAIR1"): Device and Normal write-back. */
#define MAIR_DEVICE             0x04u
#define MAIR_NORMAL_WB          0xffu
#define MAIR_ATTR(i, a)         ((uint32_t)(a) << (8 * ((i) & 3)))
/* Stage 2: MemAttr[3:0] in bits [5:2], S2AP in [7:6] (bit 6 read, bit 7 write). */
#define S2_NORMAL               (0xfull << 2)
#define S2_DEVICE               (0x1ull << 2)
#define S2_R                    (1ull << 6)
#define S2_W                    (1ull << 7)
#define S2_RW                   (S2_R | S2_W)

#endif
