/* Decoding of memory-accessing instructions (cpu/ldst.c). The encodings are the
 * GNU assembler's for the instruction in the comment; the expected addresses
 * follow the instruction descriptions of ARM DDI 0406C.d A8.8, the alignments
 * A3.2.1 Table A3-1 and the syndromes B3.13.6. */
#include <glib.h>

#include "cpu/ldst.h"

#define R1 0x40001000u
#define R2 0x00000010u
#define R3 0x00000003u
#define R4 0x00000001u
#define SP 0x40008000u

static const uint32_t regs[15] = {
    [0] = 0x40000800u, [1] = R1, [2] = R2, [3] = R3, [4] = R4, [13] = SP,
};

/* A 32-bit Thumb instruction as objdump prints it: first halfword, second. */
#define T32(hw1, hw2) ((uint32_t)(hw1) | (uint32_t)(hw2) << 16)

typedef struct want {
    const char *text;
    uint32_t insn;
    unsigned len;               /* 0: ARM */
    uint32_t addr;
    unsigned n;
    uint32_t va0;               /* first access */
    unsigned size;
    bool write;
    unsigned align, align_a;
    bool iss_valid;
    unsigned sas, srt;
    bool sse, unpriv;
} want;

static const want cases[] = {
    /* ARM */
    { "ldr r0, [r1, #4]", 0xe5910004u, 0, 0x8000, 1, R1 + 4, 4, false, 1, 4, true, 2, 0, false,
      false },
    { "ldr r0, [r1, #-4]!", 0xe5310004u, 0, 0x8000, 1, R1 - 4, 4, false, 1, 4, false, 0, 0, false,
      false },
    { "ldr r0, [r1], #4", 0xe4910004u, 0, 0x8000, 1, R1, 4, false, 1, 4, false, 0, 0, false,
      false },
    { "ldrt r0, [r1], #4", 0xe4b10004u, 0, 0x8000, 1, R1, 4, false, 1, 4, false, 0, 0, false,
      true },
    { "strb r2, [r3, r4, lsl #2]", 0xe7c32104u, 0, 0x8000, 1, R3 + 4 * R4, 1, true, 1, 1, true, 0,
      2, false, false },
    { "ldr r0, [pc, #16]", 0xe59f0010u, 0, 0x8014, 1, 0x802c, 4, false, 1, 4, true, 2, 0, false,
      false },
    { "strh r0, [r1, #2]", 0xe1c100b2u, 0, 0x8000, 1, R1 + 2, 2, true, 1, 2, true, 1, 0, false,
      false },
    { "ldrsb r0, [r1, #-1]", 0xe15100d1u, 0, 0x8000, 1, R1 - 1, 1, false, 1, 1, true, 0, 0, true,
      false },
    { "ldrsh r0, [r1, r2]", 0xe19100f2u, 0, 0x8000, 1, R1 + R2, 2, false, 1, 2, true, 1, 0, true,
      false },
    { "ldrd r2, [r1, #8]", 0xe1c120d8u, 0, 0x8000, 2, R1 + 8, 4, false, 4, 4, false, 0, 0, false,
      false },
    { "strd r2, [r1], #-8", 0xe04120f8u, 0, 0x8000, 2, R1, 4, true, 4, 4, false, 0, 0, false,
      false },
    { "ldrht r0, [r1], #2", 0xe0f100b2u, 0, 0x8000, 1, R1, 2, false, 1, 2, false, 0, 0, false,
      true },
    { "ldrex r0, [r1]", 0xe1910f9fu, 0, 0x8000, 1, R1, 4, false, 4, 4, false, 0, 0, false, false },
    { "strexd r0, r2, [r1]", 0xe1a10f92u, 0, 0x8000, 2, R1, 4, true, 8, 8, false, 0, 0, false,
      false },
    { "ldrexb r0, [r1]", 0xe1d10f9fu, 0, 0x8000, 1, R1, 1, false, 1, 1, false, 0, 0, false, false },
    { "swp r0, r1, [r2]", 0xe1020091u, 0, 0x8000, 2, R2, 4, false, 4, 4, false, 0, 0, false,
      false },
    { "ldm r0!, {r1, r2, r3}", 0xe8b0000eu, 0, 0x8000, 3, 0x40000800u, 4, false, 4, 4, false, 0, 0,
      false, false },
    { "ldmib r0, {r1, r2}", 0xe9900006u, 0, 0x8000, 2, 0x40000804u, 4, false, 4, 4, false, 0, 0,
      false, false },
    { "stmda r0, {r1, r2}", 0xe8000006u, 0, 0x8000, 2, 0x400007fcu, 4, true, 4, 4, false, 0, 0,
      false, false },
    { "push {r4, lr}", 0xe92d4010u, 0, 0x8000, 2, SP - 8, 4, true, 4, 4, false, 0, 0, false,
      false },
    { "vldr d0, [r1, #8]", 0xed910b02u, 0, 0x8000, 2, R1 + 8, 4, false, 4, 4, false, 0, 0, false,
      false },
    { "vstr s0, [r1, #-4]", 0xed010a01u, 0, 0x8000, 1, R1 - 4, 4, true, 4, 4, false, 0, 0, false,
      false },
    { "vldmia r1!, {d0-d1}", 0xecb10b04u, 0, 0x8000, 4, R1, 4, false, 4, 4, false, 0, 0, false,
      false },
    { "vpush {s0-s2}", 0xed2d0a03u, 0, 0x8000, 3, SP - 12, 4, true, 4, 4, false, 0, 0, false,
      false },
    { "rfeia sp!", 0xf8bd0a00u, 0, 0x8000, 2, SP, 4, false, 4, 4, false, 0, 0, false, false },
    { "ldr r0, [r1, r2, asr #31]", 0xe7910fc2u, 0, 0x8000, 1, R1, 4, false, 1, 4, true, 2, 0, false,
      false },
    /* Thumb, 16-bit */
    { "ldr r0, [pc, #8]", 0x4802u, 2, 0x9002, 1, 0x900c, 4, false, 1, 4, true, 2, 0, false, false },
    { "str r1, [r2, r3]", 0x50d1u, 2, 0x9000, 1, R2 + R3, 4, true, 1, 4, true, 2, 1, false, false },
    { "ldrsh r1, [r2, r3]", 0x5ed1u, 2, 0x9000, 1, R2 + R3, 2, false, 1, 2, true, 1, 1, true,
      false },
    { "ldrb r1, [r2, #5]", 0x7951u, 2, 0x9000, 1, R2 + 5, 1, false, 1, 1, true, 0, 1, false,
      false },
    { "ldrh r1, [r2, #6]", 0x88d1u, 2, 0x9000, 1, R2 + 6, 2, false, 1, 2, true, 1, 1, false,
      false },
    { "str r1, [sp, #8]", 0x9102u, 2, 0x9000, 1, SP + 8, 4, true, 1, 4, true, 2, 1, false, false },
    { "push {r4, r5, lr}", 0xb530u, 2, 0x9000, 3, SP - 12, 4, true, 4, 4, false, 0, 0, false,
      false },
    { "pop {r4, pc}", 0xbd10u, 2, 0x9000, 2, SP, 4, false, 4, 4, false, 0, 0, false, false },
    { "ldmia r1!, {r2, r3}", 0xc90cu, 2, 0x9000, 2, R1, 4, false, 4, 4, false, 0, 0, false, false },
    /* Thumb, 32-bit */
    { "ldr.w r0, [r1, #291]", T32(0xf8d1, 0x0123), 4, 0x9000, 1, R1 + 0x123, 4, false, 1, 4, true,
      2, 0, false, false },
    { "ldr.w r0, [r1, #-4]", T32(0xf851, 0x0c04), 4, 0x9000, 1, R1 - 4, 4, false, 1, 4, true, 2, 0,
      false, false },
    { "ldr.w r0, [r1], #4", T32(0xf851, 0x0b04), 4, 0x9000, 1, R1, 4, false, 1, 4, false, 0, 0,
      false, false },
    { "ldrt r0, [r1, #4]", T32(0xf851, 0x0e04), 4, 0x9000, 1, R1 + 4, 4, false, 1, 4, true, 2, 0,
      false, true },
    { "ldrsb.w r0, [r1, r2, lsl #2]", T32(0xf911, 0x0022), 4, 0x9000, 1, R1 + 4 * R2, 1, false, 1,
      1, true, 0, 0, true, false },
    { "ldr.w r0, [pc, #-8]", T32(0xf85f, 0x0008), 4, 0x908e, 1, 0x9088, 4, false, 1, 4, true, 2, 0,
      false, false },
    { "strd r2, r3, [r1, #-8]!", T32(0xe961, 0x2302), 4, 0x9000, 2, R1 - 8, 4, true, 4, 4, false, 0,
      0, false, false },
    { "ldrex r0, [r1, #8]", T32(0xe851, 0x0f02), 4, 0x9000, 1, R1 + 8, 4, false, 4, 4, false, 0, 0,
      false, false },
    { "strexh r0, r2, [r1]", T32(0xe8c1, 0x2f50), 4, 0x9000, 1, R1, 2, true, 2, 2, false, 0, 0,
      false, false },
    { "tbh [r1, r2, lsl #1]", T32(0xe8d1, 0xf012), 4, 0x9000, 1, R1 + 2 * R2, 2, false, 1, 2, false,
      0, 0, false, false },
    { "stmdb sp!, {r4, r5, r6}", T32(0xe92d, 0x0070), 4, 0x9000, 3, SP - 12, 4, true, 4, 4, false,
      0, 0, false, false },
    { "ldmia.w r1, {r2, r3}", T32(0xe891, 0x000c), 4, 0x9000, 2, R1, 4, false, 4, 4, false, 0, 0,
      false, false },
    { "vldr d0, [r1, #8]", T32(0xed91, 0x0b02), 4, 0x9000, 2, R1 + 8, 4, false, 4, 4, false, 0, 0,
      false, false },
};

static void test_case(gconstpointer p)
{
    const want *w = p;
    hs_ldst o;

    g_assert_true(hs_ldst_decode(w->insn, w->len ? w->len : 4, w->len != 0, w->addr, regs,
                                 false, &o));
    g_assert_cmpuint(o.n, ==, w->n);
    g_assert_cmphex(o.acc[0].va, ==, w->va0);
    g_assert_cmpuint(o.acc[0].size, ==, w->size);
    g_assert_cmpint(o.acc[0].write, ==, w->write);
    /* Multiple accesses are consecutive words (SWP: the same word, read then written). */
    for (unsigned i = 1; i < o.n; i++) {
        if (w->insn == 0xe1020091u) {
            g_assert_cmphex(o.acc[i].va, ==, w->va0);
            g_assert_true(o.acc[i].write);
        } else {
            g_assert_cmphex(o.acc[i].va, ==, w->va0 + 4 * i);
            g_assert_cmpint(o.acc[i].write, ==, w->write);
        }
    }
    g_assert_cmpuint(o.align, ==, w->align);
    g_assert_cmpuint(o.align_a, ==, w->align_a);
    g_assert_cmpint(o.iss_valid, ==, w->iss_valid);
    if (w->iss_valid) {
        g_assert_cmpuint(o.sas, ==, w->sas);
        g_assert_cmpuint(o.srt, ==, w->srt);
        g_assert_cmpint(o.sse, ==, w->sse);
    }
    g_assert_cmpint(o.unpriv, ==, w->unpriv);
    g_assert_cmpint(o.is16, ==, w->len == 2);
}

static void test_not_memory(void)
{
    hs_ldst o;
    g_assert_false(hs_ldst_decode(0xe0810002u, 4, false, 0, regs, false, &o));  /* add r0, r1, r2 */
    g_assert_false(hs_ldst_decode(0xec410f02u, 4, false, 0, regs, false, &o));  /* mcrr p15, 0, r0, r1, c2 */
    g_assert_false(hs_ldst_decode(T32(0xf891, 0xf000), 4, true, 0, regs, false, &o));  /* pld [r1] */
    g_assert_false(hs_ldst_decode(0x1888u, 2, true, 0, regs, false, &o));      /* adds r0, r1, r2 */
}

static void test_rrx(void)
{
    hs_ldst o;
    /* ldr r0, [r1, r2, rrx]: the offset is C:r2[31:1]. */
    g_assert_true(hs_ldst_decode(0xe7910062u, 4, false, 0, regs, true, &o));
    g_assert_cmphex(o.acc[0].va, ==, R1 + (0x80000000u | R2 >> 1));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (unsigned i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *path = g_strdup_printf("/ldst/%s/%s", cases[i].len == 0 ? "arm" :
                                     cases[i].len == 2 ? "t16" : "t32", cases[i].text);
        for (char *c = path; *c; c++) {
            if (*c == ' ' || *c == ',' || *c == '#') {
                *c = '_';
            }
        }
        g_test_add_data_func(path, &cases[i], test_case);
        g_free(path);
    }
    g_test_add_func("/ldst/not-memory", test_not_memory);
    g_test_add_func("/ldst/rrx", test_rrx);
    return g_test_run();
}
