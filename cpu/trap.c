/* Traps to Hyp mode from Non-secure PL0 and PL1 (ARM DDI 0406C B1.14) and
 * their syndromes (B3.13.6). Unicorn reports trapped instructions as UNDEFINED
 * (reference notes), so the host decides from the instruction and the trap
 * controls whether it is a Hyp trap or an Undefined Instruction exception. */
#include "cpu/trap.h"

#include <assert.h>

#include "cpu/arm.h"
#include "cpu/exception.h"
#include "cpu/insn.h"
#include "cpu/sysreg.h"

/* B3.13.6 ISS fields shared by the coprocessor classes. */
#define ISS_CV              (1u << 24)
#define ISS_COND_SHIFT      20
#define ISS_MCR_OPC2_SHIFT  17
#define ISS_MCR_OPC1_SHIFT  14
#define ISS_MCR_CRN_SHIFT   10
#define ISS_RT_SHIFT        5
#define ISS_CRM_SHIFT       1
#define ISS_DIR_READ        1u
#define ISS_MCRR_OPC1_SHIFT 16
#define ISS_MCRR_RT2_SHIFT  10
#define ISS_WFX_TI_WFE      1u
#define ISS_HCPTR_TA        (1u << 5)

/* B4.1.40 CPACR: the cp10 access field (cp11 must match it). */
#define CPACR_CP10_SHIFT    20

/* B4.1.66 HDCR fields. */
#define HDCR_TPMCR          (1u << 5)
#define HDCR_TPM            (1u << 6)
#define HDCR_TDE            (1u << 8)
#define HDCR_TDA            (1u << 9)
#define HDCR_TDOSA          (1u << 10)
#define HDCR_TDRA           (1u << 11)

/* A coprocessor instruction's fields, in the ARM layout (Thumb-2 32-bit
 * coprocessor encodings use the same bit positions with hw1 on top). */
typedef struct cp_insn {
    uint32_t coproc, opc1, opc2, crn, crm, rt, rt2;
    bool read, is64;
} cp_insn;

/* The condition reported in the ISS: the ARM instruction's cond field, or in
 * Thumb state the IT block's current condition (0xE outside an IT block). */
uint32_t hs_trap_insn_cond(const hs_cpu_ctx *ctx, uint32_t arm_insn)
{
    if (!ctx->thumb) {
        return arm_insn >> 28;
    }
    uint32_t it = ((ctx->cpsr >> 8) & 0xfcu) | ((ctx->cpsr >> 25) & 0x3u);
    return (it & 0xfu) ? it >> 4 : 0xeu;
}

uint32_t hs_trap_iss_cond(const hs_cpu_ctx *ctx, uint32_t arm_insn)
{
    return ISS_CV | hs_trap_insn_cond(ctx, arm_insn) << ISS_COND_SHIFT;
}

static bool is_reg(const cp_insn *c, uint32_t crn, uint32_t opc1, uint32_t crm, uint32_t opc2)
{
    return c->crn == crn && c->opc1 == opc1 && c->crm == crm && c->opc2 == opc2;
}

/* B1.14.4-B1.14.9: the HCR and HSTR controls of cp15 register accesses from
 * Non-secure PL1 (and PL0 for HSTR). */
static bool cp15_trapped(const hs_cpu_ctx *ctx, uint32_t hstr, const cp_insn *c)
{
    const uint32_t hcr = ctx->hcr;
    const uint32_t crn = c->is64 ? c->crm : c->crn;   /* MCRR: HSTR.Tn uses CRm */

    /* B4.1.73: HSTR.T0-T3, T5-T13 and T15, trapping the primary register CRn. */
    if (crn != 4 && crn != 14 && (hstr >> crn & 1)) {
        return true;
    }
    if (ctx->pl0) {
        return false;
    }
    if (c->is64) {
        /* TTBR0 (opc1 0) and TTBR1 (opc1 1) at CRm 2 under HCR.TVM. */
        return (hcr & HCR_TVM) && !c->read && c->crm == 2 && c->opc1 <= 1;
    }
    if ((hcr & HCR_TVM) && !c->read &&
        (is_reg(c, 1, 0, 0, 0) || (c->crn == 2 && c->opc1 == 0 && c->crm == 0 && c->opc2 <= 2) ||
         is_reg(c, 3, 0, 0, 0) || (c->crn == 5 && c->opc1 == 0 && c->crm <= 1 && c->opc2 <= 1) ||
         is_reg(c, 6, 0, 0, 0) || is_reg(c, 6, 0, 0, 2) ||
         (c->crn == 10 && c->opc1 == 0 && (c->crm == 2 || c->crm == 3) && c->opc2 <= 1) ||
         is_reg(c, 13, 0, 0, 1))) {
        return true;
    }
    if ((hcr & HCR_TID1) && c->read &&
        (is_reg(c, 0, 0, 0, 2) || is_reg(c, 0, 0, 0, 3) || is_reg(c, 0, 0, 0, 6) ||
         is_reg(c, 0, 1, 0, 7))) {
        return true;
    }
    if ((hcr & HCR_TID2) &&
        ((c->read && (is_reg(c, 0, 0, 0, 1) || is_reg(c, 0, 1, 0, 0) || is_reg(c, 0, 1, 0, 1))) ||
         is_reg(c, 0, 2, 0, 0))) {
        return true;
    }
    if ((hcr & HCR_TID3) && c->read && c->crn == 0 && c->opc1 == 0 && c->crm >= 1 &&
        c->crm <= 7) {
        return true;
    }
    if ((hcr & HCR_TAC) && is_reg(c, 1, 0, 0, 1)) {
        return true;
    }
    if ((hcr & HCR_TIDCP) &&
        ((c->crn == 9 && (c->crm <= 2 || (c->crm >= 5 && c->crm <= 8))) ||
         (c->crn == 10 && (c->crm <= 1 || c->crm == 4 || c->crm == 8)) ||
         (c->crn == 11 && (c->crm <= 8 || c->crm == 15)))) {
        return true;
    }
    if ((hcr & HCR_TSW) && c->crn == 7 && c->opc1 == 0 && c->opc2 == 2 &&
        (c->crm == 6 || c->crm == 10 || c->crm == 14)) {
        return true;
    }
    if ((hcr & HCR_TPC) && c->crn == 7 && c->opc1 == 0 && c->opc2 == 1 &&
        (c->crm == 6 || c->crm == 10 || c->crm == 14)) {
        return true;
    }
    if ((hcr & HCR_TPU) && c->crn == 7 && c->opc1 == 0 &&
        ((c->crm == 5 && c->opc2 <= 1) || is_reg(c, 7, 0, 1, 0) || is_reg(c, 7, 0, 11, 1) ||
         is_reg(c, 7, 0, 5, 7) || is_reg(c, 7, 0, 1, 6))) {
        return true;
    }
    if ((hcr & HCR_TTLB) && c->crn == 8 && c->opc1 == 0) {
        return true;
    }
    return false;
}

static bool decode_cp(uint32_t a, cp_insn *c)
{
    if ((a & CP_MCR_MASK) == CP_MCR) {
        c->coproc = CP_COPROC(a);
        c->opc1 = CP_MCR_OPC1(a);
        c->read = CP_READ(a);
        c->crn = CP_MCR_CRN(a);
        c->rt = CP_RT(a);
        c->opc2 = CP_MCR_OPC2(a);
        c->crm = CP_CRM(a);
        c->rt2 = 0;
        c->is64 = false;
        return true;
    }
    if ((a & CP_MCRR_MASK) == CP_MCRR) {
        c->coproc = CP_COPROC(a);
        c->opc1 = CP_MCRR_OPC1(a);
        c->read = CP_READ(a);
        c->rt2 = CP_RT2(a);
        c->rt = CP_RT(a);
        c->crm = CP_CRM(a);
        c->crn = c->opc2 = 0;
        c->is64 = true;
        return true;
    }
    return false;
}

static uint32_t iss_mcr(const hs_cpu_ctx *ctx, uint32_t a, const cp_insn *c)
{
    return hs_trap_iss_cond(ctx, a) | c->opc2 << ISS_MCR_OPC2_SHIFT | c->opc1 << ISS_MCR_OPC1_SHIFT |
           c->crn << ISS_MCR_CRN_SHIFT | c->rt << ISS_RT_SHIFT | c->crm << ISS_CRM_SHIFT |
           (c->read ? ISS_DIR_READ : 0);
}

static uint32_t iss_mcrr(const hs_cpu_ctx *ctx, uint32_t a, const cp_insn *c)
{
    return hs_trap_iss_cond(ctx, a) | c->opc1 << ISS_MCRR_OPC1_SHIFT | c->rt2 << ISS_MCRR_RT2_SHIFT |
           c->rt << ISS_RT_SHIFT | c->crm << ISS_CRM_SHIFT | (c->read ? ISS_DIR_READ : 0);
}

/* Advanced SIMD data-processing and element load/store encodings (A7.4, A7.7),
 * in the ARM layout; these use cp10/cp11 access rights (B1.14.12). */
static bool is_adv_simd(bool thumb, uint32_t a)
{
    if (thumb) {
        return (a & 0xef000000u) == 0xef000000u || (a & 0xff100000u) == 0xf9000000u;
    }
    return (a & 0xfe000000u) == 0xf2000000u || (a & 0xff100000u) == 0xf4000000u;
}

/* Coprocessor instructions of cp10/cp11 (VFP): CDP, LDC/STC, MCR/MRC, MCRR/MRRC. */
static bool is_vfp(uint32_t a)
{
    uint32_t coproc = a >> 8 & 0xf;
    return (coproc == 10 || coproc == 11) && (a >> 28) != 0xf &&
           ((a & 0x0e000000u) == 0x0c000000u || (a & 0x0f000000u) == 0x0e000000u);
}

bool hs_trap_decode(hs_vcpu *v, const hs_cpu_ctx *ctx, uint32_t insn, unsigned len,
                    hs_trap *trap)
{
    const bool il = len == 4;
    /* The ARM layout: Thumb-2 32-bit instructions with hw1 in the top half. */
    const uint32_t a = (ctx->thumb && len == 4) ? (insn << 16 | insn >> 16) : insn;
    cp_insn c;

    /* B1.14.3 WFI and WFE (HCR.TWI, HCR.TWE), EC 0x01; not from Hyp mode. */
    if (!ctx->hyp) {
        bool wfi = false, wfe = false;
        if (!ctx->thumb) {
            wfi = (a & 0x0fffffffu) == 0x0320f003u;
            wfe = (a & 0x0fffffffu) == 0x0320f002u;
        } else if (len == 2) {
            wfi = a == 0xbf30u;
            wfe = a == 0xbf20u;
        } else {
            wfi = a == 0xf3af8003u;
            wfe = a == 0xf3af8002u;
        }
        if ((wfi && (ctx->hcr & HCR_TWI)) || (wfe && (ctx->hcr & HCR_TWE))) {
            trap->hsr = hs_hsr(HSR_EC_WFI_WFE, il, hs_trap_iss_cond(ctx, a) | (wfe ? ISS_WFX_TI_WFE : 0));
            return true;
        }
        if (wfi || wfe) {
            return false;
        }
    }
    if (len == 2) {
        return false;
    }
    /* B1.14.12 HCPTR: cp10/cp11 and Advanced SIMD, EC 0x07, from any mode
     * (in Hyp mode as an Undefined Instruction exception with that syndrome),
     * unless CPACR already makes the instruction UNDEFINED at PL0/PL1. */
    {
        uint32_t hcptr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_HCPTR);
        uint32_t cpacr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_CPACR);
        uint32_t cp10 = cpacr >> CPACR_CP10_SHIFT & 3u;
        if (!ctx->hyp && (cp10 == 0 || (ctx->pl0 && cp10 != 3))) {
            return false;
        }
        if (is_adv_simd(ctx->thumb, a) && (hcptr & (HCPTR_TCP10 | HCPTR_TASE))) {
            trap->hsr = hs_hsr(HSR_EC_HCPTR, il, hs_trap_iss_cond(ctx, a) | ISS_HCPTR_TA | 0xau);
            return true;
        }
        if (is_vfp(a)) {
            uint32_t coproc = a >> 8 & 0xf;
            /* B1.14.12: VMRS of FPSID (HCR.TID0) or MVFR0/1 (HCR.TID3) is EC 0x08. */
            if (decode_cp(a, &c) && !c.is64 && c.coproc == 10 && c.opc1 == 7 && c.read &&
                (((ctx->hcr & HCR_TID0) && c.crn == 0) ||
                 ((ctx->hcr & HCR_TID3) && (c.crn == 6 || c.crn == 7)))) {
                trap->hsr = hs_hsr(HSR_EC_CP10_VMRS, il, iss_mcr(ctx, a, &c));
                return true;
            }
            if (hcptr & (coproc == 10 ? HCPTR_TCP10 : HCPTR_TCP11)) {
                /* B3.13.6: the ISS reports cp10 for every Floating-point access,
                 * the two coprocessor numbers being one extension. */
                trap->hsr = hs_hsr(HSR_EC_HCPTR, il, hs_trap_iss_cond(ctx, a) | 0xau);
                return true;
            }
            return false;
        }
    }
    if (ctx->hyp || !decode_cp(a, &c) || (a >> 28) == 0xf) {
        return false;
    }
    if (c.coproc == 15) {
        if (cp15_trapped(ctx, (uint32_t)hs_vcpu_cp_read(v, HS_CP_HSTR), &c)) {
            trap->hsr = c.is64 ? hs_hsr(HSR_EC_CP15_64, il, iss_mcrr(ctx, a, &c))
                               : hs_hsr(HSR_EC_CP15_32, il, iss_mcr(ctx, a, &c));
            return true;
        }
        /* B1.14.x HDCR.TPM/TPMCR: Performance Monitors registers, c9 c12-c14. */
        if (!c.is64 && c.crn == 9 && c.opc1 == 0 && c.crm >= 12 && c.crm <= 14) {
            uint32_t hdcr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_HDCR);
            if ((hdcr & HDCR_TPM) || ((hdcr & HDCR_TPMCR) && c.crm == 12 && c.opc2 == 0)) {
                trap->hsr = hs_hsr(HSR_EC_CP15_32, il, iss_mcr(ctx, a, &c));
                return true;
            }
        }
        return false;
    }
    if (c.coproc == 14) {
        uint32_t hdcr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_HDCR);
        uint32_t hcptr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_HCPTR);
        bool trapped = false;
        if (c.opc1 == 0) {
            /* Debug registers: HDCR.TDA, with TDRA for DBGDRAR/DBGDSAR (c1/c2, c0)
             * and TDOSA for the OS lock registers (c1, c0/c1/c3/c4). */
            if (!c.is64 && c.crn == 1 && (c.crm == 0 || c.crm == 1 || c.crm == 3 || c.crm == 4)) {
                trapped = hdcr & (HDCR_TDOSA | HDCR_TDE);
            } else if (c.is64 || (c.crn <= 2 && c.crm == 0 && c.opc2 == 0 && c.crn != 0)) {
                trapped = hdcr & (HDCR_TDRA | HDCR_TDE);
            } else {
                trapped = hdcr & (HDCR_TDA | HDCR_TDE);
            }
        } else if (c.opc1 == 1) {
            trapped = hcptr & HCPTR_TTA;                    /* trace registers */
        }
        if (trapped) {
            trap->hsr = c.is64 ? hs_hsr(HSR_EC_CP14_64, il, iss_mcrr(ctx, a, &c))
                               : hs_hsr(HSR_EC_CP14_32, il, iss_mcr(ctx, a, &c));
            return true;
        }
    }
    return false;
}

uint32_t hs_trap_cp_hsr(const hs_cpu_ctx *ctx, uint32_t a, bool il)
{
    cp_insn c;

    if (!decode_cp(a, &c)) {
        assert(!"hs_trap_cp_hsr: not a coprocessor register transfer");
    }
    if (c.is64) {
        return hs_hsr(c.coproc == 14 ? HSR_EC_CP14_64 : HSR_EC_CP15_64, il, iss_mcrr(ctx, a, &c));
    }
    return hs_hsr(c.coproc == 14 ? HSR_EC_CP14_32 : HSR_EC_CP15_32, il, iss_mcr(ctx, a, &c));
}

bool hs_trap_is_fp_insn(uint32_t a, bool thumb)
{
    return is_adv_simd(thumb, a) || is_vfp(a);
}
