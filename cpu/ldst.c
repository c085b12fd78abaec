/* Memory-accessing instructions, decoded for their accesses (ARM DDI 0406C.d:
 * A5.2.8 extra load/store, A5.2.10 synchronization primitives, A5.3 load/store
 * word and unsigned byte, A5.5 load/store multiple, A5.6 coprocessor and VFP
 * load/store, A5.7 unconditional (RFE), A6.2 16-bit Thumb, A6.3.5-A6.3.10 32-bit
 * Thumb; A3.2.1 Table A3-1 alignment; B3.13.6 the Data Abort ISS). */
#include "cpu/ldst.h"

#include <string.h>

/* A3.2.1 Table A3-1: the alignment of word accesses of LDM/STM, LDRD/STRD,
 * RFE, SWP, LDC/STC and the VFP loads and stores, whatever SCTLR.A says. */
#define WORD                    4u
#define DOUBLEWORD              8u

/* B3.13.6 SAS values. */
#define SAS_BYTE                0u
#define SAS_HALFWORD            1u
#define SAS_WORD                2u

#define REG_PC                  15u
#define REG_SP                  13u

/* ARM-state field extraction (instruction bits named as in the encodings). */
#define BIT(x, n)               (((x) >> (n)) & 1u)
#define FIELD(x, lo, width)     (((x) >> (lo)) & ((1u << (width)) - 1u))

typedef struct dec {
    const uint32_t *r;
    uint32_t pc;                /* the value of the PC as an operand: addr + 8, or + 4 */
    bool carry;
    bool thumb, is16;
    hs_ldst *o;
} dec;

static uint32_t reg(const dec *d, unsigned n)
{
    return n == REG_PC ? d->pc : d->r[n];
}

static void add_access(hs_ldst *o, uint32_t va, unsigned size, bool write)
{
    if (o->n < HS_LDST_MAX_ACCESSES) {
        o->acc[o->n].va = va;
        o->acc[o->n].size = (uint8_t)size;
        o->acc[o->n].write = write;
        o->n++;
    }
}

/* Consecutive words from `start` upwards: LDM/STM, LDRD/STRD, VLDM/VSTM, RFE. */
static bool words(dec *d, uint32_t start, unsigned count, bool write, unsigned align)
{
    if (count == 0 || count > HS_LDST_MAX_ACCESSES) {
        return false;
    }
    for (unsigned i = 0; i < count; i++) {
        add_access(d->o, start + WORD * i, WORD, write);
    }
    d->o->align = (uint8_t)align;
    d->o->align_a = (uint8_t)align;
    return true;
}

/* A single load or store of register rt; `no_writeback`: offset addressing. */
static bool single(dec *d, uint32_t va, unsigned size, bool write, unsigned rt, bool sse,
                   bool no_writeback)
{
    hs_ldst *o = d->o;

    add_access(o, va, size, write);
    o->align = 1;
    o->align_a = (uint8_t)size;
    o->iss_valid = no_writeback && rt != REG_PC;
    o->sas = (uint8_t)(size == 1 ? SAS_BYTE : size == 2 ? SAS_HALFWORD : SAS_WORD);
    o->sse = sse;
    o->srt = (uint8_t)rt;
    return true;
}

/* An exclusive access (always aligned to its size). */
static bool exclusive(dec *d, uint32_t va, unsigned size, bool write)
{
    if (size == DOUBLEWORD) {
        words(d, va, 2, write, DOUBLEWORD);
    } else {
        add_access(d->o, va, size, write);
        d->o->align = d->o->align_a = (uint8_t)size;
    }
    return true;
}

/* A8.4.3 Shift_C for register offsets: LSL, LSR, ASR, ROR/RRX with imm5. */
static uint32_t shift_imm(uint32_t v, unsigned type, unsigned imm5, bool carry)
{
    switch (type) {
    case 0: return v << imm5;
    case 1: return imm5 ? v >> imm5 : 0;
    case 2: return imm5 ? (uint32_t)((int32_t)v >> imm5) : (uint32_t)((int32_t)v >> 31);
    default:
        if (!imm5) {
            return (carry ? 0x80000000u : 0) | v >> 1;
        }
        return v >> imm5 | v << (32 - imm5);
    }
}

static unsigned popcount16(uint32_t list)
{
    return (unsigned)__builtin_popcount(list & 0xffffu);
}

/* ---- ARM --------------------------------------------------------------------- */

/* A5.3 LDR, STR, LDRB, STRB and the T variants (P 0, W 1). */
static bool arm_word_byte(dec *d, uint32_t a)
{
    const bool p = BIT(a, 24), u = BIT(a, 23), b = BIT(a, 22), w = BIT(a, 21), l = BIT(a, 20);
    const unsigned rn = FIELD(a, 16, 4), rt = FIELD(a, 12, 4);
    const uint32_t base = reg(d, rn);
    uint32_t off, offaddr;

    if (BIT(a, 25)) {
        off = shift_imm(reg(d, FIELD(a, 0, 4)), FIELD(a, 5, 2), FIELD(a, 7, 5), d->carry);
    } else {
        off = FIELD(a, 0, 12);
    }
    offaddr = u ? base + off : base - off;
    d->o->unpriv = !p && w;
    return single(d, p ? offaddr : base, b ? 1 : 4, !l, rt, false, p && !w);
}

/* A5.2.8 STRH, LDRD, STRD, LDRH, LDRSB, LDRSH and the T variants. */
static bool arm_extra(dec *d, uint32_t a)
{
    const bool p = BIT(a, 24), u = BIT(a, 23), w = BIT(a, 21), l = BIT(a, 20);
    const unsigned op2 = FIELD(a, 5, 2), rn = FIELD(a, 16, 4), rt = FIELD(a, 12, 4);
    const uint32_t base = reg(d, rn);
    const uint32_t off = BIT(a, 22) ? (FIELD(a, 8, 4) << 4 | FIELD(a, 0, 4)) : reg(d, FIELD(a, 0, 4));
    const uint32_t va = p ? (u ? base + off : base - off) : base;

    d->o->unpriv = !p && w;
    switch (op2) {
    case 1: return single(d, va, 2, !l, rt, false, p && !w);
    case 2: return l ? single(d, va, 1, false, rt, true, p && !w) : words(d, va, 2, false, WORD);
    case 3: return l ? single(d, va, 2, false, rt, true, p && !w) : words(d, va, 2, true, WORD);
    default: return false;
    }
}

/* A5.5 LDM, STM (IA, IB, DA, DB), including PUSH and POP. */
static bool arm_multiple(dec *d, uint32_t a)
{
    const bool p = BIT(a, 24), u = BIT(a, 23), l = BIT(a, 20);
    const unsigned n = popcount16(a);
    const uint32_t base = reg(d, FIELD(a, 16, 4));
    uint32_t start;

    if (u) {
        start = p ? base + WORD : base;
    } else {
        start = p ? base - WORD * n : base - WORD * n + WORD;
    }
    return words(d, start, n, !l, WORD);
}

/* A5.6 LDC/STC and the VFP VLDR/VSTR/VLDM/VSTM (coprocessors 10 and 11), in the
 * ARM layout (Thumb-2 has the same fields). */
static bool arm_coproc(dec *d, uint32_t a)
{
    const bool p = BIT(a, 24), u = BIT(a, 23), w = BIT(a, 21), l = BIT(a, 20);
    const unsigned rn = FIELD(a, 16, 4), coproc = FIELD(a, 8, 4), imm8 = FIELD(a, 0, 8);
    const uint32_t base = rn == REG_PC ? d->pc & ~3u : d->r[rn];
    const uint32_t imm = imm8 * WORD;

    if (!p && !u && !w) {
        return false;           /* MCRR/MRRC, or UNDEFINED */
    }
    if (coproc == 10 || coproc == 11) {
        if (p && !w) {          /* VLDR, VSTR: a doubleword for coprocessor 11 */
            return words(d, u ? base + imm : base - imm, coproc == 11 ? 2 : 1, !l, WORD);
        }
        /* VLDM/VSTM IA from Rn, DB from Rn - imm8 x 4: imm8 words. */
        return words(d, p ? base - imm : base, imm8, !l, WORD);
    }
    /* LDC/STC of another coprocessor: its first word. */
    return words(d, p ? (u ? base + imm : base - imm) : base, 1, !l, WORD);
}

/* A5.7 RFE (IA, IB, DA, DB): two words, the return address then the CPSR. */
static bool rfe(dec *d, uint32_t base, bool p, bool u)
{
    uint32_t start;
    if (u) {
        start = p ? base + WORD : base;
    } else {
        start = p ? base - 2 * WORD : base - WORD;
    }
    return words(d, start, 2, false, WORD);
}

static bool arm_decode(dec *d, uint32_t a)
{
    if (a >> 28 == 0xfu) {
        /* 1111 100P U0W1 Rn 0000 1010 0000 0000: RFE. */
        if ((a & 0xfe50ffffu) == 0xf8100a00u) {
            return rfe(d, reg(d, FIELD(a, 16, 4)), BIT(a, 24), BIT(a, 23));
        }
        return false;
    }
    switch (FIELD(a, 25, 3)) {
    case 0:
        /* Synchronization primitives: LDREX/STREX (B, H, D), SWP/SWPB. */
        if ((a & 0x0f800ff0u) == 0x01800f90u) {
            static const unsigned size[4] = { 4, 8, 1, 2 };
            const unsigned rn = FIELD(a, 16, 4);
            if (BIT(a, 20)) {
                if ((a & 0xfu) != 0xfu) {
                    return false;
                }
                return exclusive(d, d->r[rn], size[FIELD(a, 21, 2)], false);
            }
            return exclusive(d, d->r[rn], size[FIELD(a, 21, 2)], true);
        }
        if ((a & 0x0fb00ff0u) == 0x01000090u) {
            const unsigned size = BIT(a, 22) ? 1 : 4;
            const uint32_t va = d->r[FIELD(a, 16, 4)];
            add_access(d->o, va, size, false);
            add_access(d->o, va, size, true);
            d->o->align = d->o->align_a = (uint8_t)size;
            return true;
        }
        if ((a & 0x90u) == 0x90u && FIELD(a, 5, 2) != 0) {
            return arm_extra(d, a);
        }
        return false;
    case 2:
        return arm_word_byte(d, a);
    case 3:
        return BIT(a, 4) ? false : arm_word_byte(d, a);     /* bit 4 set: media */
    case 4:
        return arm_multiple(d, a);
    case 6:
        return arm_coproc(d, a);
    default:
        return false;
    }
}

/* ---- Thumb, 16-bit (A6.2.4) -------------------------------------------------- */

static bool thumb16_decode(dec *d, uint32_t hw)
{
    const uint32_t *r = d->r;

    if ((hw & 0xf800u) == 0x4800u) {                    /* LDR (literal) */
        return single(d, (d->pc & ~3u) + FIELD(hw, 0, 8) * WORD, 4, false, FIELD(hw, 8, 3),
                      false, true);
    }
    if ((hw & 0xf000u) == 0x5000u) {                    /* register offset */
        static const struct { uint8_t size; bool write, sse; } op[8] = {
            { 4, true, false }, { 2, true, false }, { 1, true, false }, { 1, false, true },
            { 4, false, false }, { 2, false, false }, { 1, false, false }, { 2, false, true },
        };
        const unsigned opb = FIELD(hw, 9, 3);
        return single(d, r[FIELD(hw, 3, 3)] + r[FIELD(hw, 6, 3)], op[opb].size, op[opb].write,
                      FIELD(hw, 0, 3), op[opb].sse, true);
    }
    if ((hw & 0xe000u) == 0x6000u) {                    /* STR/LDR/STRB/LDRB (immediate) */
        const unsigned size = BIT(hw, 12) ? 1 : 4;
        return single(d, r[FIELD(hw, 3, 3)] + FIELD(hw, 6, 5) * size, size, !BIT(hw, 11),
                      FIELD(hw, 0, 3), false, true);
    }
    if ((hw & 0xf000u) == 0x8000u) {                    /* STRH/LDRH (immediate) */
        return single(d, r[FIELD(hw, 3, 3)] + FIELD(hw, 6, 5) * 2, 2, !BIT(hw, 11),
                      FIELD(hw, 0, 3), false, true);
    }
    if ((hw & 0xf000u) == 0x9000u) {                    /* STR/LDR (SP plus immediate) */
        return single(d, r[REG_SP] + FIELD(hw, 0, 8) * WORD, 4, !BIT(hw, 11), FIELD(hw, 8, 3),
                      false, true);
    }
    if ((hw & 0xfe00u) == 0xb400u) {                    /* PUSH */
        const unsigned n = popcount16(FIELD(hw, 0, 8)) + BIT(hw, 8);
        return words(d, r[REG_SP] - WORD * n, n, true, WORD);
    }
    if ((hw & 0xfe00u) == 0xbc00u) {                    /* POP */
        return words(d, r[REG_SP], popcount16(FIELD(hw, 0, 8)) + BIT(hw, 8), false, WORD);
    }
    if ((hw & 0xf000u) == 0xc000u) {                    /* STM/LDM (IA) */
        return words(d, r[FIELD(hw, 8, 3)], popcount16(FIELD(hw, 0, 8)), !BIT(hw, 11), WORD);
    }
    return false;
}

/* ---- Thumb, 32-bit (A6.3) ---------------------------------------------------- */

static bool thumb32_decode(dec *d, uint32_t hw1, uint32_t hw2)
{
    const unsigned rn = FIELD(hw1, 0, 4);

    if ((hw1 & 0xfe40u) == 0xe800u) {                   /* A6.3.5 load/store multiple */
        const unsigned op = FIELD(hw1, 7, 2);
        const bool l = BIT(hw1, 4);
        const uint32_t base = d->r[rn];
        if (op == 1) {                                  /* STM/LDM IA */
            return words(d, base, popcount16(hw2), !l, WORD);
        }
        if (op == 2) {                                  /* STMDB/LDMDB */
            return words(d, base - WORD * popcount16(hw2), popcount16(hw2), !l, WORD);
        }
        return l ? rfe(d, base, false, op == 3) : false;   /* RFEDB/RFEIA; SRS: no */
    }
    if ((hw1 & 0xfe40u) == 0xe840u) {                   /* A6.3.6 dual, exclusive, TBB/TBH */
        const unsigned op1 = FIELD(hw1, 7, 2), op2 = FIELD(hw1, 4, 2), op3 = FIELD(hw2, 4, 4);
        if (op1 == 0 && op2 <= 1) {                     /* STREX, LDREX */
            return exclusive(d, d->r[rn] + FIELD(hw2, 0, 8) * WORD, 4, op2 == 0);
        }
        if ((op1 & 2u) || (op2 & 2u)) {                 /* STRD, LDRD (immediate, literal) */
            const bool p = BIT(hw1, 8), u = BIT(hw1, 7);
            const uint32_t base = rn == REG_PC ? d->pc & ~3u : d->r[rn];
            const uint32_t imm = FIELD(hw2, 0, 8) * WORD;
            return words(d, p ? (u ? base + imm : base - imm) : base, 2, !BIT(hw1, 4), WORD);
        }
        if (op1 == 1 && op2 == 1 && op3 <= 1) {         /* TBB, TBH */
            const uint32_t rm = d->r[FIELD(hw2, 0, 4)];
            add_access(d->o, reg(d, rn) + (op3 ? 2 * rm : rm), op3 ? 2 : 1, false);
            d->o->align = 1;
            d->o->align_a = op3 ? 2 : 1;
            return true;
        }
        if (op1 == 1 && op2 <= 1 && (op3 == 4 || op3 == 5 || op3 == 7)) {
            static const unsigned size[8] = { [4] = 1, [5] = 2, [7] = 8 };
            return exclusive(d, d->r[rn], size[op3], op2 == 0);
        }
        return false;
    }
    if ((hw1 & 0xfe00u) == 0xf800u) {                   /* A6.3.7-A6.3.10 load/store single */
        const bool s = BIT(hw1, 8), y = BIT(hw1, 7), l = BIT(hw1, 4);
        const unsigned sz = FIELD(hw1, 5, 2), rt = FIELD(hw2, 12, 4);
        unsigned size;
        uint32_t base;

        if (sz == 3 || (s && (!l || sz == 2)) || (l && rt == REG_PC && sz != 2)) {
            return false;                               /* UNDEFINED, or PLD/PLI */
        }
        size = 1u << sz;
        if (rn == REG_PC) {                             /* literal */
            const uint32_t imm = FIELD(hw2, 0, 12);
            return l && single(d, y ? (d->pc & ~3u) + imm : (d->pc & ~3u) - imm, size, false,
                               rt, s, true);
        }
        base = d->r[rn];
        if (y) {                                        /* imm12 */
            return single(d, base + FIELD(hw2, 0, 12), size, !l, rt, s, true);
        }
        if (BIT(hw2, 11)) {                             /* imm8: P U W, or the T variants */
            const bool p = BIT(hw2, 10), u = BIT(hw2, 9), w = BIT(hw2, 8);
            const uint32_t imm = FIELD(hw2, 0, 8);
            const uint32_t offaddr = u ? base + imm : base - imm;
            if (!p && !w) {
                return false;
            }
            d->o->unpriv = p && u && !w;
            return single(d, p ? offaddr : base, size, !l, rt, s, p && !w);
        }
        if (FIELD(hw2, 6, 6) == 0) {                    /* register, LSL #imm2 */
            return single(d, base + (d->r[FIELD(hw2, 0, 4)] << FIELD(hw2, 4, 2)), size, !l, rt,
                          s, true);
        }
        return false;
    }
    if ((hw1 & 0xee00u) == 0xec00u) {                   /* A6.3 coprocessor load/store */
        return arm_coproc(d, 0xe0000000u | (hw1 & 0x0fffu) << 16 | hw2);
    }
    return false;
}

bool hs_ldst_decode(uint32_t insn, unsigned len, bool thumb, uint32_t addr, const uint32_t r[15],
                    bool carry, hs_ldst *out)
{
    dec d = { .r = r, .pc = addr + (thumb ? 4 : 8), .carry = carry, .thumb = thumb,
              .is16 = thumb && len == 2, .o = out };
    bool ok;

    memset(out, 0, sizeof *out);
    out->align = out->align_a = 1;
    if (!thumb) {
        ok = arm_decode(&d, insn);
    } else if (len == 2) {
        ok = thumb16_decode(&d, insn & 0xffffu);
    } else {
        ok = thumb32_decode(&d, insn & 0xffffu, insn >> 16);
    }
    out->is16 = d.is16;
    return ok && out->n > 0;
}
