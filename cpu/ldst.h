/* Decoding of the ARM and Thumb instructions that access memory (ARM DDI 0406C.d
 * A5.3, A5.5, A5.6, A6.2, A6.3): the addresses, sizes and directions of the
 * accesses an instruction performs, in the order it performs them, its alignment
 * requirements (A3.2.1) and the instruction syndrome a Data Abort taken to Hyp
 * mode reports (B3.13.6). Plain C, no Unicorn (tests/unit/test_ldst.c).
 *
 * Covered: LDR/STR (B, H, SB, SH, D, T), LDREX/STREX (B, H, D), SWP/SWPB, LDM/STM,
 * PUSH/POP, RFE, TBB/TBH, LDC/STC and the VFP loads and stores (VLDR/VSTR/VLDM/
 * VSTM/VPUSH/VPOP). Not covered: SRS and the Advanced SIMD element and structure
 * loads and stores (VLD1-4, VST1-4). */
#ifndef HS_CPU_LDST_H
#define HS_CPU_LDST_H

#include <stdbool.h>
#include <stdint.h>

/* The most accesses one instruction makes: VLDM of 32 words. */
#define HS_LDST_MAX_ACCESSES 64

typedef struct hs_ldst_access {
    uint32_t va;
    uint8_t size;               /* bytes: 1, 2 or 4 (doublewords are two words) */
    bool write;
} hs_ldst_access;

typedef struct hs_ldst {
    unsigned n;                 /* accesses, in the order the instruction makes them */
    hs_ldst_access acc[HS_LDST_MAX_ACCESSES];
    bool unpriv;                /* LDRT, STRT and the like: PL0 permissions at PL1 */
    /* A3.2.1 Table A3-1: the alignment (bytes) every access needs whatever
     * SCTLR.A says (1: none), and the one it needs when SCTLR.A/HSCTLR.A is 1. */
    uint8_t align, align_a;
    /* B3.13.6 ISS of a Data Abort: valid only for a single load or store of a
     * general-purpose register other than the PC, without writeback. */
    bool iss_valid;
    uint8_t sas;                /* access size: 0 byte, 1 halfword, 2 word */
    bool sse;                   /* sign-extending load */
    uint8_t srt;                /* the register transferred */
    bool is16;                  /* a 16-bit Thumb instruction */
} hs_ldst;

/* Decodes `insn`, of `len` bytes (2 or 4; a 32-bit Thumb instruction has its first
 * halfword in bits[15:0]), at address `addr`, in Thumb state or not, with the
 * general-purpose registers r[0..14] and the C flag as they were before it ran.
 * Returns false if it is not an instruction that accesses memory (or one of the
 * uncovered ones). */
bool hs_ldst_decode(uint32_t insn, unsigned len, bool thumb, uint32_t addr, const uint32_t r[15],
                    bool carry, hs_ldst *out);

#endif
