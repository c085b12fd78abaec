/* Fields of the coprocessor register transfer instructions (ARM DDI 0406C
 * A8.8.98 MCR, A8.8.99 MCRR, A8.8.107 MRC, A8.8.108 MRRC), shared by the trap
 * decoder and the system-register sites. */
#ifndef HS_CPU_INSN_H
#define HS_CPU_INSN_H

/* A8.8.98/107 MCR/MRC and A8.8.99/108 MCRR/MRRC, ARM layout (Thumb-2 32-bit
 * encodings have the same fields with the first halfword on top). */
#define CP_MCR_MASK     0x0f000010u
#define CP_MCR          0x0e000010u
#define CP_MCRR_MASK    0x0fe00000u
#define CP_MCRR         0x0c400000u
#define CP_COPROC(a)    ((a) >> 8 & 0xfu)
#define CP_MCR_CRN(a)   ((a) >> 16 & 0xfu)
#define CP_MCR_OPC1(a)  ((a) >> 21 & 0x7u)
#define CP_MCR_OPC2(a)  ((a) >> 5 & 0x7u)
#define CP_CRM(a)       ((a) & 0xfu)
#define CP_READ(a)      ((a) >> 20 & 1u)
#define CP_RT(a)        ((a) >> 12 & 0xfu)
#define CP_RT2(a)       ((a) >> 16 & 0xfu)
#define CP_MCRR_OPC1(a) ((a) >> 4 & 0xfu)

#endif
