// What the C++ of sim/systemc shares besides the C API: a vCPU's time as
// SystemC sees it, for the TLM-2.0 transports that its accesses make.
#ifndef HS_SIM_SYSTEMC_INTERNAL_H
#define HS_SIM_SYSTEMC_INTERNAL_H

#include <systemc>

#include "sim/systemc/kernel.h"

// How far vCPU `cpu` runs ahead of SystemC time (its quantum keeper's local
// time): the delay of a transport it makes now.
sc_core::sc_time hs_sc_kernel_vcpu_offset(const hs_sc_kernel *k, unsigned cpu);
// SystemC models drive lines beside hypsim: each quantum starts once they
// settle, and an idle machine waits for their next activity (kernel.h).
void hs_sc_kernel_has_models(hs_sc_kernel *k);

#endif
