// hypsim as a SystemC module (installed as <hypsim/systemc.h>; docs/systemc.md).
//
// A C++ program builds its virtual platform in SystemC/TLM-2.0 and puts a whole
// hypsim machine in it: the vCPUs, the GIC and the platform's own devices run on
// the SystemC kernel (sim/systemc/kernel.h) inside the program's simulation; the
// address ranges the machine leaves to the outside go out through a TLM-2.0
// initiator socket, and interrupt inputs drive GIC SPIs.
//
//   hs_options o;
//   hs_options_init(&o);
//   o.image = "guest.elf";
//   hypsim::machine cpu("hypsim", o, {{"timer", 0x0c000000, 0x1000}}, {42});
//   cpu.socket.bind(timer.socket);         // the program's TLM-2.0 target
//   cpu.spi[0].bind(timer_irq);            // an sc_signal<bool> the target drives
//   sc_core::sc_start();                   // returns when the guest exits
//   return cpu.exit_status() == HS_EXIT_POWER_OFF ? 0 : 1;
//
// A guest access to an outside range is a blocking transport (b_transport) with
// the range's absolute address; its delay is how far the accessing vCPU runs
// ahead of SystemC time (loosely timed). The target should annotate its latency
// in that delay rather than wait(): a wait() would let SystemC time pass in the
// middle of the vCPU's turn. The latency it adds is not charged to the vCPU: a
// range's access_cycles are. An access the target answers with an error response
// reads as zero and ignores writes, with an SC_REPORT_WARNING.
#ifndef HS_SIM_SYSTEMC_MODULE_H
#define HS_SIM_SYSTEMC_MODULE_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "hypsim/hypsim.h"

namespace hypsim {

// An address range of the physical address space that the machine leaves to
// the outside (4 KiB aligned, over no RAM and no device of the platform).
struct range {
    std::string name;
    uint64_t base, size;
    uint32_t access_cycles = 0;   // charged to the vCPU per access
};

class machine : public sc_core::sc_module {
public:
    // Guest accesses to the outside ranges.
    tlm_utils::simple_initiator_socket<machine> socket;
    // spi[i] drives the GIC input of SPI spi_intids[i] (an INTID, 32 and up).
    sc_core::sc_vector<sc_core::sc_in<bool>> spi;
    // Notified when the run ends: the guest powered off or reset (with
    // no_reboot), or stopped on an error or a limit.
    sc_core::sc_event exited;
    // sc_stop() when the run ends (default), so that sc_start() returns.
    bool stop_at_exit = true;

    // Builds the machine of `options` (kernel and external ranges are set here;
    // the strings must outlive the constructor only). Errors are reported with
    // SC_REPORT_ERROR.
    machine(sc_core::sc_module_name name, const hs_options &options,
            std::vector<range> outside, std::vector<unsigned> spi_intids);
    ~machine() override;

    bool done() const { return done_; }
    hs_exit exit_status() const { return exit_; }
    const char *exit_message() const;
    hs_sim *sim() const { return sim_; }

private:
    struct outside_range {
        machine *m;
        range r;
    };

    void run();
    void spi_changed();
    bool transport(tlm::tlm_command cmd, const outside_range &o, uint64_t offset,
                   unsigned size, unsigned vcpu, unsigned char *data);
    static uint64_t read(void *opaque, uint64_t offset, unsigned size, unsigned vcpu);
    static void write(void *opaque, uint64_t offset, uint64_t value, unsigned size,
                      unsigned vcpu);

    std::vector<std::unique_ptr<outside_range>> outside_;
    std::vector<unsigned> spi_intids_;
    std::vector<bool> spi_level_;
    hs_sim *sim_ = nullptr;
    sc_core::sc_time origin_;     // SystemC time of the machine's time 0
    bool done_ = false;
    hs_exit exit_ = HS_EXIT_GUEST_ERROR;
};

}  // namespace hypsim

#endif
