/* Exception entry performed on the host (ARM DDI 0406C B1.8 and B1.9): Unicorn
 * runs instructions but never enters an exception itself (reference notes). */
#ifndef HS_CPU_EXCEPTION_H
#define HS_CPU_EXCEPTION_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu/arm.h"
#include "cpu/trap.h"
#include "cpu/vcpu.h"

/* hs_exc_type, the exc_entry event's "type", is in traces/trace.h. */

/* B3.13.6 Table B3-24: HSR exception classes. */
#define HSR_EC_UNKNOWN       0x00u
#define HSR_EC_WFI_WFE       0x01u
#define HSR_EC_CP15_32       0x03u
#define HSR_EC_CP15_64       0x04u
#define HSR_EC_CP14_32       0x05u
#define HSR_EC_CP14_LDC      0x06u
#define HSR_EC_HCPTR         0x07u
#define HSR_EC_CP10_VMRS     0x08u
#define HSR_EC_JAZELLE       0x09u
#define HSR_EC_BXJ           0x0au
#define HSR_EC_CP14_64       0x0cu
#define HSR_EC_SVC_HYP       0x11u
#define HSR_EC_HVC           0x12u
#define HSR_EC_SMC           0x13u
#define HSR_EC_PABT_LOWER    0x20u
#define HSR_EC_PABT_HYP      0x21u
#define HSR_EC_DABT_LOWER    0x24u
#define HSR_EC_DABT_HYP      0x25u

/* B1.8.1 Table B1-3 and B1.8.2 Table B1-4: vector offsets. */
#define VECTOR_UNDEF         0x04u
#define VECTOR_SVC           0x08u
#define VECTOR_HVC_IN_HYP    0x08u
#define VECTOR_PABT          0x0cu
#define VECTOR_DABT          0x10u
#define VECTOR_HYP_TRAP      0x14u
#define VECTOR_IRQ           0x18u
#define VECTOR_FIQ           0x1cu

/* The CPU's state as exception entry needs it, read once. */
typedef struct hs_cpu_ctx {
    uint32_t cpsr, pc, hcr;
    bool thumb, hyp, pl0;
} hs_cpu_ctx;

void hs_cpu_ctx_read(hs_vcpu *v, hs_cpu_ctx *ctx);

/* Enters a PL1 mode (UND, SVC, ABT, IRQ, FIQ) with `lr` as the return link
 * (B1.9.x Take*Exception pseudocode). */
void hs_exc_enter_pl1(hs_vcpu *v, const hs_cpu_ctx *ctx, hs_exc_type type, uint32_t lr);
/* Enters Hyp mode (B1.9 EnterHypMode) at HVBAR + offset with ELR_hyp = `ret`
 * and HSR = hsr (HS_HSR_KEEP to leave HSR untouched, for IRQ/FIQ). */
void hs_exc_enter_hyp(hs_vcpu *v, const hs_cpu_ctx *ctx, hs_exc_type type, uint32_t offset,
                      uint32_t ret, uint64_t hsr);
#define HS_HSR_KEEP UINT64_MAX

/* B3.13.6: builds an HSR value; `il` is 1 for a 32-bit instruction. */
static inline uint32_t hs_hsr(uint32_t ec, bool il, uint32_t iss)
{
    return ec << HSR_EC_SHIFT | (il ? HSR_IL : 0) | (iss & HSR_ISS_MASK);
}

/* Synchronous exceptions reported by Unicorn, decoded and entered. Each returns
 * false when the simulator cannot continue (the reason is set on the cluster). */
bool hs_exc_svc(hs_vcpu *v);
bool hs_exc_hvc(hs_vcpu *v);
bool hs_exc_undefined(hs_vcpu *v);
bool hs_exc_smc_trap(hs_vcpu *v);
/* Takes the highest-priority pending interrupt if one is takeable now; returns
 * true if it entered one. */
bool hs_exc_take_interrupt(hs_vcpu *v);
/* True if an interrupt is pending and takeable in the current state. */
bool hs_exc_interrupt_takeable(hs_vcpu *v);
/* True if some interrupt line is asserted (the WFI wake-up condition, B1.8.13). */
bool hs_exc_any_line(const hs_vcpu *v);

#endif
