/* The fault injector in the machine (sim/machine.c): the plan from the run's
 * options, the seed, the image's symbols for locations, the vCPUs' alarms and
 * code watches, and the trace observer. */
#ifndef HS_SIM_FAULT_MACHINE_H
#define HS_SIM_FAULT_MACHINE_H

#include "cpu/cpu.h"
#include "hypsim/hypsim.h"
#include "models/gic/gic.h"
#include "sim/eventq.h"
#include "sim/fault.h"
#include "traces/trace.h"

typedef struct hs_machine_faults hs_machine_faults;

typedef struct hs_machine_faults_config {
    hs_cluster *cpus;
    hs_eventq *eventq;
    hs_tracer *tracer;
    unsigned ncpu;
    uint64_t cpu_clock_hz;
    const char *elf;         /* the image when it is an ELF (its symbols), else NULL */
} hs_machine_faults_config;

/* True when the options ask for fault injection. */
bool hs_machine_faults_wanted(const hs_options *o);

/* The injector for the options' plan (NULL in *out when they give none).
 * Errors name the plan's file, line and field. */
hs_err hs_machine_faults_new(const hs_options *o, const hs_machine_faults_config *cfg,
                             hs_machine_faults **out, char **msg);
void hs_machine_faults_free(hs_machine_faults *m);

/* The line a source drives for a wire into `down`: through the injector, or
 * `down` itself when m is NULL. */
hs_irq hs_machine_faults_wire(hs_machine_faults *m, hs_fault_wire_kind kind, unsigned vcpu,
                              unsigned intid, hs_irq down);
/* Puts the injector between the GIC's GICD_SGIR writes and the SGIs' latching
 * (hs_gic_connect_sgi, hs_gic_sgi_in); nothing when m is NULL: the GIC latches
 * its SGIs itself. */
void hs_machine_faults_connect_sgi(hs_machine_faults *m, hs_gic *gic);
void hs_machine_faults_reset(hs_machine_faults *m);

/* For the trace header: the plan's text and the seed in decimal (NULL when m is). */
const char *hs_machine_faults_plan_text(const hs_machine_faults *m);
const char *hs_machine_faults_seed_text(const hs_machine_faults *m);

#endif
