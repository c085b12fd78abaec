/* Prefetch and Data Aborts and BKPT, entered on the host (ARM DDI 0406C.d B1.9.7,
 * B1.9.8, B3.12, B3.13). Unicorn reports them with PC on the instruction and
 * writes none of DFSR, DFAR, IFSR, IFAR, HSR, HDFAR or HIFAR (reference notes):
 * hypsim decodes the instruction (cpu/ldst.c), walks the translation tables
 * (cpu/mmu.c) to find the fault, and enters the exception with its registers. */
#ifndef HS_CPU_ABORT_H
#define HS_CPU_ABORT_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/mmu.h"

typedef struct hs_vcpu hs_vcpu;
typedef struct hs_cpu_ctx hs_cpu_ctx;

/* The translation controls of the vCPU's current regime (ctx: its mode and HCR),
 * read from its system registers; the other regime's are left 0. */
void hs_abort_read_regs(hs_vcpu *v, const hs_cpu_ctx *ctx, hs_mmu_regs *r);

/* Translates `va` for an access `acc` in the current mode's translation regime,
 * as the vCPU's tables say now; true with *pa when the access is permitted. */
bool hs_vcpu_translate(hs_vcpu *v, uint32_t va, hs_mmu_acc acc, uint64_t *pa);

/* Unicorn's EXCP_PREFETCH_ABORT, EXCP_DATA_ABORT and EXCP_BKPT: each finds the
 * fault and enters the exception, to a PL1 Abort mode or to Hyp mode. They
 * return false when the simulator cannot continue (the reason is set on the
 * cluster): an abort whose cause hypsim cannot find. */
bool hs_abort_prefetch(hs_vcpu *v);
bool hs_abort_data(hs_vcpu *v);
bool hs_abort_bkpt(hs_vcpu *v);

/* A cache maintenance operation by MVA at PC, on `va`: if its translation
 * faults, enters the Data Abort (CM set) and returns true. */
bool hs_abort_cache_op(hs_vcpu *v, uint32_t va);

/* True if the load or store at PC needs an alignment its address lacks (A3.2.1,
 * with SCTLR.A or HSCTLR.A as they are); false too if it cannot be decoded. */
bool hs_abort_is_misaligned(hs_vcpu *v);

#endif
