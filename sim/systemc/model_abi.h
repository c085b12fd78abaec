// What a shared object named by a platform's `systemc` device gives hypsim
// (installed as <hypsim/systemc_model.h>; docs/systemc.md). The object defines
//
//   extern "C" hypsim::model hypsim_model_new(const char *name)
//
// which builds its sc_module, named `name` (the platform's device name), and
// returns it with its TLM-2.0 target socket (32-bit bus) and, if it has one,
// its interrupt output. hypsim calls it before SystemC elaborates, binds the
// socket to an initiator socket of its own and the output to a signal it
// forwards to the GIC, and never deletes the module. Accesses arrive as
// loosely-timed blocking transports (b_transport) with the device's absolute
// addresses, the delay being how far the accessing vCPU runs ahead of SystemC
// time; the model should annotate its latency there rather than wait().
#ifndef HS_SIM_SYSTEMC_MODEL_ABI_H
#define HS_SIM_SYSTEMC_MODEL_ABI_H

#include <systemc>
#include <tlm>

namespace hypsim {

struct model {
    sc_core::sc_module *module;
    tlm::tlm_target_socket<32> *socket;
    sc_core::sc_out<bool> *irq;           // nullptr: no interrupt
};

}  // namespace hypsim

extern "C" hypsim::model hypsim_model_new(const char *name);
using hypsim_model_new_fn = hypsim::model (*)(const char *name);

#endif
