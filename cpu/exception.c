/* Exception entry on the host: ARM DDI 0406C B1.8 (exception handling), B1.9
 * (exception descriptions and the Take*Exception / EnterHypMode pseudocode) and
 * B1.14 (traps to Hyp mode). */
#include "cpu/exception.h"

#include <assert.h>

#include <glib.h>

#include "cpu/arm.h"
#include "cpu/sysreg.h"
#include "sim/log.h"
#include "traces/decode.h"

void hs_cpu_ctx_read(hs_vcpu *v, hs_cpu_ctx *ctx)
{
    ctx->cpsr = hs_vcpu_reg(v, UC_ARM_REG_CPSR);
    ctx->pc = hs_vcpu_reg(v, UC_ARM_REG_PC);
    ctx->hcr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_HCR);
    ctx->thumb = ctx->cpsr & CPSR_T;
    ctx->hyp = (ctx->cpsr & CPSR_M) == ARM_MODE_HYP;
    ctx->pl0 = (ctx->cpsr & CPSR_M) == ARM_MODE_USR;
}

static void account_entry(hs_vcpu *v, const hs_cpu_ctx *ctx, hs_exc_type type,
                          uint32_t to_mode)
{
    v->exceptions++;
    hs_vcpu_charge(v, v->cluster->cfg.cost.exception_entry);
    HS_TRACE(v->cluster->cfg.tracer, exc_entry, v->index, type, ctx->cpsr & CPSR_M, to_mode,
             ctx->pc);
    hs_log(HS_LOG_EXCEPTIONS, "vCPU%u: %s exception from mode 0x%02x at pc 0x%08x to mode 0x%02x",
           v->index, hs_trace_exc_name(type), ctx->cpsr & CPSR_M, ctx->pc, to_mode);
}

/* Sets PC, with bit 0 selecting Thumb state as Unicorn's PC write does. */
static void set_pc(hs_vcpu *v, uint32_t pc, bool thumb)
{
    hs_vcpu_set_reg(v, UC_ARM_REG_PC, (pc & ~1u) | (thumb ? 1u : 0u));
}

void hs_exc_enter_pl1(hs_vcpu *v, const hs_cpu_ctx *ctx, hs_exc_type type, uint32_t lr)
{
    uint32_t mode, offset, sctlr, base, cpsr;
    bool mask_a = false, mask_f = false;

    assert(!ctx->hyp);
    switch (type) {
    case HS_EXC_UNDEF: mode = ARM_MODE_UND; offset = VECTOR_UNDEF; break;
    case HS_EXC_SVC: mode = ARM_MODE_SVC; offset = VECTOR_SVC; break;
    case HS_EXC_PABT: mode = ARM_MODE_ABT; offset = VECTOR_PABT; mask_a = true; break;
    case HS_EXC_DABT:
    case HS_EXC_VABT: mode = ARM_MODE_ABT; offset = VECTOR_DABT; mask_a = true; break;
    case HS_EXC_IRQ:
    case HS_EXC_VIRQ: mode = ARM_MODE_IRQ; offset = VECTOR_IRQ; mask_a = true; break;
    case HS_EXC_FIQ:
    case HS_EXC_VFIQ:
        mode = ARM_MODE_FIQ; offset = VECTOR_FIQ; mask_a = true; mask_f = true; break;
    default:
        g_assert_not_reached();
    }
    account_entry(v, ctx, type, mode);
    /* B1.8.1: the vector base is VBAR, or 0xffff0000 with SCTLR.V (hivecs). */
    sctlr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_SCTLR);
    base = (sctlr & SCTLR_V) ? 0xffff0000u : (uint32_t)hs_vcpu_cp_read(v, HS_CP_VBAR);
    /* B1.9 Take*Exception: I is always set; with the Virtualization Extensions
     * A is set for aborts, IRQ and FIQ and F for FIQ, whatever SCR.AW/FW say;
     * T and E come from SCTLR.TE and SCTLR.EE; IT and J are cleared. */
    cpsr = (ctx->cpsr & ~(CPSR_M | CPSR_T | CPSR_E | CPSR_IT_0_1 | CPSR_IT_2_7 | CPSR_J)) |
           mode | CPSR_I;
    if (mask_a) {
        cpsr |= CPSR_A;
    }
    if (mask_f) {
        cpsr |= CPSR_F;
    }
    if (sctlr & SCTLR_TE) {
        cpsr |= CPSR_T;
    }
    if (sctlr & SCTLR_EE) {
        cpsr |= CPSR_E;
    }
    hs_vcpu_set_reg(v, UC_ARM_REG_CPSR, cpsr);
    hs_vcpu_set_reg(v, UC_ARM_REG_SPSR, ctx->cpsr);
    hs_vcpu_set_reg(v, UC_ARM_REG_LR, lr);
    set_pc(v, base + offset, cpsr & CPSR_T);
}

void hs_exc_enter_hyp(hs_vcpu *v, const hs_cpu_ctx *ctx, hs_exc_type type, uint32_t offset,
                      uint32_t ret, uint64_t hsr)
{
    uint32_t hsctlr = (uint32_t)hs_vcpu_cp_read(v, HS_CP_HSCTLR);
    uint32_t cpsr;

    account_entry(v, ctx, type, ARM_MODE_HYP);
    /* B1.9 EnterHypMode: A, I and F are set (SCR.EA, SCR.IRQ and SCR.FIQ are 0:
     * nothing is routed to Monitor mode on this platform); T and E come from
     * HSCTLR.TE and HSCTLR.EE. */
    cpsr = (ctx->cpsr & ~(CPSR_M | CPSR_T | CPSR_E | CPSR_IT_0_1 | CPSR_IT_2_7 | CPSR_J)) |
           ARM_MODE_HYP | CPSR_A | CPSR_I | CPSR_F;
    if (hsctlr & SCTLR_TE) {
        cpsr |= CPSR_T;
    }
    if (hsctlr & SCTLR_EE) {
        cpsr |= CPSR_E;
    }
    if (!ctx->hyp) {
        /* Unicorn refuses a CPSR write from a Non-secure PL1 mode to Hyp; from
         * User mode it accepts it (reference notes). */
        hs_vcpu_set_reg(v, UC_ARM_REG_CPSR, (ctx->cpsr & ~CPSR_M) | ARM_MODE_USR);
    }
    hs_vcpu_set_reg(v, UC_ARM_REG_CPSR, cpsr);
    assert((hs_vcpu_reg(v, UC_ARM_REG_CPSR) & CPSR_M) == ARM_MODE_HYP);
    hs_vcpu_set_reg(v, UC_ARM_REG_SPSR, ctx->cpsr);
    hs_vcpu_cp_write(v, HS_CP_ELR_HYP, ret);
    if (hsr != HS_HSR_KEEP) {
        hs_vcpu_cp_write(v, HS_CP_HSR, hsr);
    }
    if (!ctx->hyp) {
        HS_TRACE(v->cluster->cfg.tracer, guest_exit, v->index, ctx->pc,
                 hsr == HS_HSR_KEEP ? 0 : hsr, 0, 0);
    }
    set_pc(v, (uint32_t)hs_vcpu_cp_read(v, HS_CP_HVBAR) + offset, cpsr & CPSR_T);
}

/* ---- synchronous exceptions ----------------------------------------------- */

/* B1.9.4 Supervisor Call: PC is already past the SVC. With HCR.TGE set, an SVC
 * from Non-secure User mode is routed to Hyp as a Hyp trap (B1.14.1). */
bool hs_exc_svc(hs_vcpu *v)
{
    hs_cpu_ctx ctx;
    uint32_t insn;

    hs_cpu_ctx_read(v, &ctx);
    if (ctx.pl0 && (ctx.hcr & HCR_TGE)) {
        uint32_t imm16 = 0;
        if (hs_vcpu_read_insn(v, ctx.pc - (ctx.thumb ? 2 : 4), ctx.thumb ? 2 : 4, &insn)) {
            imm16 = ctx.thumb ? insn & 0xffu : insn & 0xffffu;
        }
        /* B3.13.6: ISS of an SVC routed to Hyp is the instruction's imm16 (imm8
         * in Thumb); COND is not reported (CV = 0). */
        hs_exc_enter_hyp(v, &ctx, HS_EXC_HYP_TRAP, VECTOR_HYP_TRAP, ctx.pc,
                         hs_hsr(HSR_EC_SVC_HYP, !ctx.thumb, imm16));
        return true;
    }
    if (ctx.hyp) {
        /* B1.9.4: an SVC in Hyp mode is taken to Hyp mode, vector 0x08, HSR.EC 0x11. */
        hs_exc_enter_hyp(v, &ctx, HS_EXC_SVC, VECTOR_SVC, ctx.pc,
                         hs_hsr(HSR_EC_SVC_HYP, !ctx.thumb, 0));
        return true;
    }
    hs_exc_enter_pl1(v, &ctx, HS_EXC_SVC, ctx.pc);
    return true;
}

/* B1.9.6 Hypervisor Call: PC is already past the HVC. From Non-secure PL1 it is
 * a Hyp trap (vector 0x14), in Hyp mode it uses vector 0x08; at PL0 it is
 * UNDEFINED. HSR.ISS holds imm16 (B3.13.6). */
bool hs_exc_hvc(hs_vcpu *v)
{
    hs_cpu_ctx ctx;
    uint32_t insn, imm16 = 0;
    uint32_t at;

    hs_cpu_ctx_read(v, &ctx);
    at = ctx.pc - 4;
    if (ctx.pl0) {
        hs_exc_enter_pl1(v, &ctx, HS_EXC_UNDEF, at + (ctx.thumb ? 2 : 4));
        return true;
    }
    if (!hs_vcpu_read_insn(v, at, 4, &insn)) {
        hs_cluster_fail(v->cluster, "vCPU%u: cannot read the HVC instruction at 0x%08x",
                        v->index, at);
        return false;
    }
    if (ctx.thumb) {
        /* T1: 1111 0111 1110 imm4 | 1000 imm12, first halfword at the lower address. */
        uint32_t hw1 = insn & 0xffffu, hw2 = insn >> 16;
        imm16 = (hw1 & 0xfu) << 12 | (hw2 & 0xfffu);
    } else {
        /* A1: cond 0001 0100 imm12 0111 imm4. */
        imm16 = (insn >> 8 & 0xfffu) << 4 | (insn & 0xfu);
    }
    hs_exc_enter_hyp(v, &ctx, HS_EXC_HVC, ctx.hyp ? VECTOR_HVC_IN_HYP : VECTOR_HYP_TRAP, ctx.pc,
                     hs_hsr(HSR_EC_HVC, true, imm16));
    return true;
}

/* B1.14.10 HCR.TSC: an SMC from Non-secure PL1 is trapped to Hyp mode with
 * EC 0x13; ELR_hyp is the address of the SMC itself. */
bool hs_exc_smc_trap(hs_vcpu *v)
{
    hs_cpu_ctx ctx;
    uint32_t insn = 0xe0000000u;

    hs_cpu_ctx_read(v, &ctx);
    if (!ctx.thumb) {
        hs_vcpu_read_insn(v, ctx.pc, 4, &insn);
    }
    hs_exc_enter_hyp(v, &ctx, HS_EXC_HYP_TRAP, VECTOR_HYP_TRAP, ctx.pc,
                     hs_hsr(HSR_EC_SMC, true, hs_trap_iss_cond(&ctx, insn)));
    return true;
}

/* An instruction Unicorn reported as UNDEFINED: either a trap to Hyp mode that
 * QEMU turned into UNDEF (B1.14), or a genuine Undefined Instruction exception
 * (B1.9.3), taken to Hyp mode when it happens in Hyp mode or in User mode with
 * HCR.TGE set. */
typedef enum hint { HINT_NONE, HINT_YIELD, HINT_WFE } hint;

/* A8.8.424 YIELD and A8.8.425 WFE, ARM A1 (any condition), Thumb T1 and T2. */
static hint hint_of(bool thumb, uint32_t insn, unsigned len)
{
    if (!thumb) {
        switch (insn & 0x0fffffffu) {
        case 0x0320f001u: return HINT_YIELD;
        case 0x0320f002u: return HINT_WFE;
        default: return HINT_NONE;
        }
    }
    if (len == 2) {
        return insn == 0xbf10u ? HINT_YIELD : insn == 0xbf20u ? HINT_WFE : HINT_NONE;
    }
    return insn == 0x8001f3afu ? HINT_YIELD : insn == 0x8002f3afu ? HINT_WFE : HINT_NONE;
}

/* The hint instruction that ends just before `pc`, if any, and its length. */
static hint hint_before(hs_vcpu *v, const hs_cpu_ctx *ctx, uint32_t pc, unsigned *len)
{
    uint32_t insn;
    hint h;

    if (ctx->thumb && hs_vcpu_read_insn(v, pc - 2, 2, &insn) &&
        (h = hint_of(true, insn, 2)) != HINT_NONE) {
        *len = 2;
        return h;
    }
    *len = 4;
    if (hs_vcpu_read_insn(v, pc - 4, 4, &insn)) {
        return hint_of(ctx->thumb, insn, 4);
    }
    return HINT_NONE;
}

/* B1.8.14 Wait For Event: the vCPU may leave WFE at any time, so without an
 * event register fed by SEV (Unicorn runs SEV as a NOP) WFE idles until the end
 * of the quantum, or not at all when an unmasked interrupt is pending. YIELD is
 * a NOP (A8.8.424). */
static void do_hint(hs_vcpu *v, const hs_cpu_ctx *ctx, hint h, uint32_t at, unsigned len)
{
    if (h == HINT_WFE && v->event) {
        /* B1.8.14: with the event register set, WFE clears it and completes;
         * it does not wait, so it is not trapped either (B1.14.3). */
        v->event = false;
        return;
    }
    if (h == HINT_WFE && !ctx->hyp && (ctx->hcr & HCR_TWE)) {
        /* B1.14.3: HCR.TWE traps WFE from Non-secure PL0/PL1 (QEMU does not
         * trap it for A-profile, tests/guests/qemu-deviations.txt). */
        uint32_t insn = 0;
        hs_cpu_ctx at_ctx = *ctx;
        at_ctx.pc = at;
        hs_vcpu_read_insn(v, at, len, &insn);
        hs_exc_enter_hyp(v, &at_ctx, HS_EXC_HYP_TRAP, VECTOR_HYP_TRAP, at,
                         hs_hsr(HSR_EC_WFI_WFE, len == 4,
                                hs_trap_iss_cond(ctx, ctx->thumb ? 0xe0000000u : insn) | 1u));
        return;
    }
    if (h == HINT_WFE && !hs_exc_interrupt_takeable(v)) {
        hs_vcpu_wait_for_event(v);
    }
}

bool hs_exc_undefined(hs_vcpu *v)
{
    hs_cpu_ctx ctx;
    uint32_t insn = 0;
    unsigned len = 4;
    hs_trap trap;
    hint h;

    hs_cpu_ctx_read(v, &ctx);
    if (ctx.thumb) {
        uint32_t hw1;
        if (!hs_vcpu_read_insn(v, ctx.pc, 2, &hw1)) {
            goto unreadable;
        }
        len = hs_thumb_insn_len(hw1);
        if (len == 4 && !hs_vcpu_read_insn(v, ctx.pc, 4, &insn)) {
            goto unreadable;
        }
        if (len == 2) {
            insn = hw1;
        }
    } else if (!hs_vcpu_read_insn(v, ctx.pc, 4, &insn)) {
        goto unreadable;
    }
    if (hs_trap_decode(v, &ctx, insn, len, &trap)) {
        /* In Hyp mode, an HCPTR trap is an Undefined Instruction exception
         * with the trap's syndrome (B1.14.12). */
        hs_exc_enter_hyp(v, &ctx, ctx.hyp ? HS_EXC_UNDEF : HS_EXC_HYP_TRAP,
                         ctx.hyp ? VECTOR_UNDEF : VECTOR_HYP_TRAP, ctx.pc, trap.hsr);
        return true;
    }
    /* Unicorn stops after WFE and YIELD (QEMU's EXCP_YIELD) as if they were
     * UNDEFINED, with PC after them; once in a while PC is on them. Right after
     * such a stop, the same PC is a real Undefined Instruction. */
    h = hint_of(ctx.thumb, insn, len);
    if (h != HINT_NONE) {
        hs_vcpu_set_reg(v, UC_ARM_REG_PC, (ctx.pc + len) | (ctx.thumb ? 1u : 0u));
        do_hint(v, &ctx, h, ctx.pc, len);
        return true;
    }
    if (!(v->hint_pc == ctx.pc && v->hint_insns == v->insns)) {
        unsigned hlen;
        h = hint_before(v, &ctx, ctx.pc, &hlen);
        if (h != HINT_NONE) {
            v->hint_pc = ctx.pc;
            v->hint_insns = v->insns;
            do_hint(v, &ctx, h, ctx.pc - hlen, hlen);
            return true;
        }
    }
    if (ctx.hyp) {
        hs_exc_enter_hyp(v, &ctx, HS_EXC_UNDEF, VECTOR_UNDEF, ctx.pc,
                         hs_hsr(HSR_EC_UNKNOWN, len == 4, 0));
    } else if (ctx.pl0 && (ctx.hcr & HCR_TGE)) {
        hs_exc_enter_hyp(v, &ctx, HS_EXC_HYP_TRAP, VECTOR_HYP_TRAP, ctx.pc,
                         hs_hsr(HSR_EC_UNKNOWN, len == 4, 0));
    } else {
        /* B1.9.3: LR = address of the UNDEFINED instruction + 4 (ARM) or + 2 (Thumb). */
        hs_exc_enter_pl1(v, &ctx, HS_EXC_UNDEF, ctx.pc + (ctx.thumb ? 2 : 4));
    }
    return true;
unreadable:
    hs_cluster_fail(v->cluster, "vCPU%u: cannot read the undefined instruction at 0x%08x",
                    v->index, ctx.pc);
    return false;
}

/* ---- interrupts ------------------------------------------------------------ */

bool hs_exc_any_line(const hs_vcpu *v)
{
    for (unsigned i = 0; i < HS_CPU_LINE__COUNT; i++) {
        if (v->line[i]) {
            return true;
        }
    }
    return false;
}

/* B1.8.6 and Table B1-12 (asynchronous exception routing and masking with the
 * Virtualization Extensions, all in Non-secure state):
 * - a physical IRQ/FIQ routed to Hyp (HCR.IMO/FMO, or HCR.TGE) is taken in Hyp
 *   mode from PL0/PL1 whatever CPSR.I/F say;
 * - one not routed to Hyp is taken to IRQ/FIQ mode from PL0/PL1 when unmasked;
 * - in Hyp mode every exception is taken to Hyp mode (B1.8.3), so a physical
 *   IRQ/FIQ is taken there when CPSR.I/F is 0, routed or not (QEMU agrees);
 * - a virtual IRQ/FIQ (GIC virtual CPU interface line, or HCR.VI/VF) exists only
 *   with HCR.IMO/FMO set and TGE clear, is taken from PL0/PL1 when CPSR.I/F is 0,
 *   and never in Hyp mode.
 * Priority: FIQ before IRQ, physical before virtual (B1.8.2). */
static bool pick_interrupt(hs_vcpu *v, const hs_cpu_ctx *ctx, hs_exc_type *type, bool *to_hyp)
{
    const bool tge = ctx->hcr & HCR_TGE;
    const bool fmo = (ctx->hcr & HCR_FMO) || tge, imo = (ctx->hcr & HCR_IMO) || tge;
    const bool f_masked = ctx->cpsr & CPSR_F, i_masked = ctx->cpsr & CPSR_I;

    if (v->line[HS_CPU_LINE_FIQ]) {
        if (ctx->hyp ? !f_masked : (fmo || !f_masked)) {
            *type = HS_EXC_FIQ;
            *to_hyp = fmo || ctx->hyp;
            return true;
        }
    }
    if (v->line[HS_CPU_LINE_IRQ]) {
        if (ctx->hyp ? !i_masked : (imo || !i_masked)) {
            *type = HS_EXC_IRQ;
            *to_hyp = imo || ctx->hyp;
            return true;
        }
    }
    if (!ctx->hyp && !tge) {
        if ((ctx->hcr & HCR_FMO) && !f_masked &&
            (v->line[HS_CPU_LINE_VFIQ] || (ctx->hcr & HCR_VF))) {
            *type = HS_EXC_VFIQ;
            *to_hyp = false;
            return true;
        }
        if ((ctx->hcr & HCR_IMO) && !i_masked &&
            (v->line[HS_CPU_LINE_VIRQ] || (ctx->hcr & HCR_VI))) {
            *type = HS_EXC_VIRQ;
            *to_hyp = false;
            return true;
        }
    }
    return false;
}

bool hs_exc_take_interrupt(hs_vcpu *v)
{
    hs_cpu_ctx ctx;
    hs_exc_type type;
    bool to_hyp;

    hs_cpu_ctx_read(v, &ctx);
    if (!pick_interrupt(v, &ctx, &type, &to_hyp)) {
        return false;
    }
    /* B1.8.3: the preferred return address of an interrupt is the next
     * instruction to execute; LR_irq/LR_fiq = that + 4 in ARM and Thumb state.
     * Entry to Hyp writes ELR_hyp with it and leaves HSR UNKNOWN (unchanged). */
    if (to_hyp) {
        hs_exc_enter_hyp(v, &ctx, type, type == HS_EXC_FIQ ? VECTOR_FIQ : VECTOR_IRQ, ctx.pc,
                         HS_HSR_KEEP);
    } else {
        hs_exc_enter_pl1(v, &ctx, type, ctx.pc + 4);
    }
    return true;
}

bool hs_exc_interrupt_takeable(hs_vcpu *v)
{
    hs_cpu_ctx ctx;
    hs_exc_type type;
    bool to_hyp;

    hs_cpu_ctx_read(v, &ctx);
    return pick_interrupt(v, &ctx, &type, &to_hyp);
}
