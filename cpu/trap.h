/* Decoding of instructions that trap to Hyp mode (ARM DDI 0406C B1.14) when
 * Unicorn reports them as UNDEFINED. */
#ifndef HS_CPU_TRAP_H
#define HS_CPU_TRAP_H

#include <stdbool.h>
#include <stdint.h>

typedef struct hs_cpu_ctx hs_cpu_ctx;
typedef struct hs_vcpu hs_vcpu;

typedef struct hs_trap {
    uint32_t hsr;
} hs_trap;

/* Length in bytes of the Thumb instruction whose first halfword is hw1 (A6.1). */
static inline unsigned hs_thumb_insn_len(uint32_t hw1)
{
    uint32_t top5 = (hw1 >> 11) & 0x1fu;
    return top5 == 0x1du || top5 == 0x1eu || top5 == 0x1fu ? 4 : 2;
}

/* B3.13.6: the CV and COND fields of an ISS for `arm_insn` (ARM layout). */
uint32_t hs_trap_iss_cond(const hs_cpu_ctx *ctx, uint32_t arm_insn);

/* The condition of `arm_insn` (ARM layout), or in Thumb state the IT block's. */
uint32_t hs_trap_insn_cond(const hs_cpu_ctx *ctx, uint32_t arm_insn);
/* The HSR of a trapped MCR/MRC/MCRR/MRRC `a` (ARM layout), EC 0x03-0x05, 0x0C. */
uint32_t hs_trap_cp_hsr(const hs_cpu_ctx *ctx, uint32_t a, bool il);

/* True for a Floating-point (cp10/cp11) or Advanced SIMD instruction, `a` in
 * the ARM layout (Thumb-2 with the first halfword on top). */
bool hs_trap_is_fp_insn(uint32_t a, bool thumb);

/* If the instruction `insn` (Thumb 32-bit: first halfword in bits[15:0]),
 * executed in Non-secure PL0 or PL1, is trapped to Hyp mode by the current
 * HCR, HSTR, HCPTR or HDCR, fills *trap and returns true. In Hyp mode only the
 * HCPTR controls apply. */
bool hs_trap_decode(hs_vcpu *v, const hs_cpu_ctx *ctx, uint32_t insn, unsigned len,
                    hs_trap *trap);

#endif
