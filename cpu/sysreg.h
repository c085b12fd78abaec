/* System registers as UC_ARM_REG_CP_REG keys: {cp, is64, sec, crn, crm, opc1, opc2}
 * (ARM DDI 0406C B4.1; "sec" 0 selects the Non-secure copy of a banked register). */
#ifndef HS_CPU_SYSREG_H
#define HS_CPU_SYSREG_H

#include "cpu/vcpu.h"

#define HS_CP_SCR       ((hs_cp_reg){ 15, 0, 1, 1, 1, 0, 0 })   /* B4.1.129, Secure */
#define HS_CP_MIDR      ((hs_cp_reg){ 15, 0, 0, 0, 0, 0, 0 })   /* B4.1.105 */
#define HS_CP_VPIDR     ((hs_cp_reg){ 15, 0, 0, 0, 0, 4, 0 })   /* B4.1.158 */
#define HS_CP_VMPIDR    ((hs_cp_reg){ 15, 0, 0, 0, 0, 4, 5 })   /* B4.1.159 */
#define HS_CP_NSACR     ((hs_cp_reg){ 15, 0, 1, 1, 1, 0, 2 })   /* B4.1.111, Secure */
#define HS_CP_CPACR     ((hs_cp_reg){ 15, 0, 0, 1, 0, 0, 2 })   /* B4.1.40 */
#define HS_CP_SCTLR     ((hs_cp_reg){ 15, 0, 0, 1, 0, 0, 0 })   /* B4.1.130 */
#define HS_CP_VBAR      ((hs_cp_reg){ 15, 0, 0, 12, 0, 0, 0 })  /* B4.1.156 */
#define HS_CP_HCR       ((hs_cp_reg){ 15, 0, 0, 1, 1, 4, 0 })   /* B4.1.65 */
#define HS_CP_HCPTR     ((hs_cp_reg){ 15, 0, 0, 1, 1, 4, 2 })   /* B4.1.64 */
#define HS_CP_HSTR      ((hs_cp_reg){ 15, 0, 0, 1, 1, 4, 3 })   /* B4.1.73 */
#define HS_CP_HDCR      ((hs_cp_reg){ 15, 0, 0, 1, 1, 4, 1 })   /* B4.1.66 */
#define HS_CP_HSCTLR    ((hs_cp_reg){ 15, 0, 0, 1, 0, 4, 0 })   /* B4.1.72 */
#define HS_CP_HSR       ((hs_cp_reg){ 15, 0, 0, 5, 2, 4, 0 })   /* B4.1.74 */
#define HS_CP_HVBAR     ((hs_cp_reg){ 15, 0, 0, 12, 0, 4, 0 })  /* B4.1.76 */
#define HS_CP_HDFAR     ((hs_cp_reg){ 15, 0, 0, 6, 0, 4, 0 })   /* B4.1.67 */
#define HS_CP_HIFAR     ((hs_cp_reg){ 15, 0, 0, 6, 0, 4, 2 })   /* B4.1.69 */
#define HS_CP_HPFAR     ((hs_cp_reg){ 15, 0, 0, 6, 0, 4, 4 })   /* B4.1.70 */
#define HS_CP_VTTBR     ((hs_cp_reg){ 15, 1, 0, 0, 2, 6, 0 })   /* B4.1.155, 64-bit */
/* The translation controls and fault registers of cpu/abort.c (B4.1; 64-bit views
 * through MCRR/MRRC keys, as VTTBR). PRRR/NMRR are MAIR0/MAIR1 with TTBCR.EAE. */
#define HS_CP_TTBCR     ((hs_cp_reg){ 15, 0, 0, 2, 0, 0, 2 })
#define HS_CP_TTBR0     ((hs_cp_reg){ 15, 1, 0, 0, 2, 0, 0 })
#define HS_CP_TTBR1     ((hs_cp_reg){ 15, 1, 0, 0, 2, 1, 0 })
#define HS_CP_DACR      ((hs_cp_reg){ 15, 0, 0, 3, 0, 0, 0 })
#define HS_CP_PRRR      ((hs_cp_reg){ 15, 0, 0, 10, 2, 0, 0 })
#define HS_CP_NMRR      ((hs_cp_reg){ 15, 0, 0, 10, 2, 0, 1 })
#define HS_CP_DFSR      ((hs_cp_reg){ 15, 0, 0, 5, 0, 0, 0 })
#define HS_CP_IFSR      ((hs_cp_reg){ 15, 0, 0, 5, 0, 0, 1 })
#define HS_CP_DFAR      ((hs_cp_reg){ 15, 0, 0, 6, 0, 0, 0 })
#define HS_CP_IFAR      ((hs_cp_reg){ 15, 0, 0, 6, 0, 0, 2 })
#define HS_CP_HTCR      ((hs_cp_reg){ 15, 0, 0, 2, 0, 4, 2 })
#define HS_CP_HTTBR     ((hs_cp_reg){ 15, 1, 0, 0, 2, 4, 0 })
#define HS_CP_HMAIR0    ((hs_cp_reg){ 15, 0, 0, 10, 2, 4, 0 })
#define HS_CP_HMAIR1    ((hs_cp_reg){ 15, 0, 0, 10, 2, 4, 1 })
#define HS_CP_VTCR      ((hs_cp_reg){ 15, 0, 0, 2, 1, 4, 2 })
/* ELR_hyp answers to the AArch64 key of ELR_EL2 (reference notes). */
#define HS_CP_ELR_HYP   ((hs_cp_reg){ 0x1013, 1, 1, 12, 4, 0, 1 })

#endif
