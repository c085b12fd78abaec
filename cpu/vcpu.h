/* Internal to cpu/: the vCPU and cluster state. Includes unicorn.h. */
#ifndef HS_CPU_VCPU_H
#define HS_CPU_VCPU_H

#include <unicorn/unicorn.h>

#include "cpu/cpu.h"

typedef struct hs_mmio_binding {
    hs_vcpu *vcpu;
    const hs_region *region;
} hs_mmio_binding;

struct hs_vcpu {
    uc_engine *uc;
    hs_cluster *cluster;
    unsigned index;
    hs_vcpu_state state;
    bool in_run;                 /* inside uc_emu_start */
    bool stop_asked;             /* we called uc_emu_stop during this run */

    /* Accounting. */
    uint64_t insns;              /* retired instructions */
    uint64_t extra_cycles;       /* exception, MMIO and wake-up costs */
    uint64_t idle_ps;
    hs_time idle_since;
    uint64_t exceptions, mmio;

    /* The running quantum: stop at the first block boundary at or past budget_end. */
    uint64_t budget_end;
    uint64_t block_start, block_insns;

    uint8_t line[HS_CPU_LINE__COUNT];
    hs_irq timer_out[4];

    hs_mmio_binding binding[HS_MEMMAP_MAX_REGIONS];
};

struct hs_cluster {
    hs_cluster_config cfg;
    hs_clock cpu_clock;
    hs_vcpu vcpu[HS_MAX_CPUS];
    hs_vcpu *running;
    hs_stop_reason stop;
    char *error;
};

/* Cycles of a vCPU: instructions x CPI plus the charged costs. */
uint64_t hs_vcpu_cycles(const hs_vcpu *v);

/* Coprocessor register access through UC_ARM_REG_CP_REG (cp15 unless stated). */
typedef struct hs_cp_reg {
    uint32_t cp, is64, sec, crn, crm, opc1, opc2;
} hs_cp_reg;

uint64_t hs_vcpu_cp_read(hs_vcpu *v, hs_cp_reg r);
void hs_vcpu_cp_write(hs_vcpu *v, hs_cp_reg r, uint64_t val);
uint32_t hs_vcpu_reg(hs_vcpu *v, int uc_reg);
void hs_vcpu_set_reg(hs_vcpu *v, int uc_reg, uint32_t val);

/* B4.1.129 SCR, Secure view. */
#define HS_CP_SCR       ((hs_cp_reg){ 15, 0, 1, 1, 1, 0, 0 })

/* PSCI firmware (cpu/psci.c): handles an SMC (or HVC) call in r0-r3; returns
 * true when the call was a PSCI call it answered. */
bool hs_psci_call(hs_vcpu *v);

#endif
