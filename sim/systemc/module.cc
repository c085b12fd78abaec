// hypsim as a SystemC module (module.h): hs_sim with the SystemC kernel, run
// from an SC_THREAD of the program's simulation (kernel.h, "Embedded").
#include "sim/systemc/module.h"

#include <cstring>
#include <string>
#include <utility>

namespace hypsim {

namespace {

// The machine's picoseconds as SystemC time (the kernel accepted the
// resolution: 1 ps or finer).
sc_core::sc_time sc_of_ps(uint64_t ps)
{
    static const sc_core::sc_time::value_type unit = sc_core::sc_time(1, sc_core::SC_PS).value();
    return sc_core::sc_time::from_value(ps * unit);
}

}  // namespace

machine::machine(sc_core::sc_module_name name, const hs_options &options,
                 std::vector<range> outside, std::vector<unsigned> spi_intids)
    : sc_core::sc_module(name), socket("socket"), spi("spi", spi_intids.size()),
      spi_intids_(std::move(spi_intids)), spi_level_(spi_intids_.size(), false)
{
    std::vector<hs_external_region> ext;
    hs_options o = options;
    char *msg = nullptr;

    for (range &r : outside) {
        outside_.emplace_back(new outside_range{this, std::move(r)});
        const range &kept = outside_.back()->r;
        ext.push_back(hs_external_region{kept.name.c_str(), kept.base, kept.size,
                                         kept.access_cycles, read, write,
                                         outside_.back().get()});
    }
    o.kernel = HS_KERNEL_SYSTEMC;
    o.external = ext.data();
    o.n_external = static_cast<unsigned>(ext.size());
    if (hs_sim_new(&o, &sim_, &msg) != HS_OK) {
        std::string text = std::string(this->name()) + ": " + (msg ? msg : "cannot build");
        hs_free(msg);
        SC_REPORT_ERROR("hypsim", text.c_str());
        return;
    }

    SC_HAS_PROCESS(machine);
    SC_THREAD(run);
    set_stack_size(1u << 20);
    SC_METHOD(spi_changed);
    for (auto &in : spi) {
        sensitive << in;
    }
    dont_initialize();
}

machine::~machine()
{
    hs_sim_free(sim_);
}

const char *machine::exit_message() const
{
    return sim_ ? hs_sim_exit_message(sim_) : nullptr;
}

// hs_sim_run() as hypsim's command line runs it, resets included; the kernel
// sees it is called from a process and joins this simulation.
void machine::run()
{
    origin_ = sc_core::sc_time_stamp();
    exit_ = hs_sim_run(sim_);
    done_ = true;
    exited.notify(sc_core::SC_ZERO_TIME);
    if (stop_at_exit) {
        sc_core::sc_stop();
    }
}

void machine::spi_changed()
{
    for (size_t i = 0; i < spi.size(); i++) {
        const bool level = spi[i].read();
        if (level != spi_level_[i]) {
            spi_level_[i] = level;
            if (!hs_sim_set_spi(sim_, spi_intids_[i], level)) {
                SC_REPORT_ERROR("hypsim", ("spi: INTID " + std::to_string(spi_intids_[i]) +
                                           " is not an SPI of the platform's GIC").c_str());
            }
        }
    }
}

bool machine::transport(tlm::tlm_command cmd, const outside_range &o, uint64_t offset,
                        unsigned size, unsigned vcpu, unsigned char *data)
{
    tlm::tlm_generic_payload t;
    hs_cpu_stats st;

    // The vCPU's local time runs ahead of SystemC time by its quantum keeper's
    // offset: that is the transport's delay.
    hs_sim_cpu_stats(sim_, vcpu, &st);
    sc_core::sc_time delay = origin_ + sc_of_ps(st.time_ps) - sc_core::sc_time_stamp();
    t.set_command(cmd);
    t.set_address(o.r.base + offset);
    t.set_data_ptr(data);
    t.set_data_length(size);
    t.set_streaming_width(size);
    t.set_byte_enable_ptr(nullptr);
    t.set_dmi_allowed(false);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    socket->b_transport(t, delay);
    if (t.is_response_error()) {
        std::string text = std::string(name()) + ": " + o.r.name + ": " +
                           (cmd == tlm::TLM_READ_COMMAND ? "read" : "write") + " of " +
                           std::to_string(size) + " bytes at offset " + std::to_string(offset) +
                           ": " + t.get_response_string();
        SC_REPORT_WARNING("hypsim", text.c_str());
        return false;
    }
    return true;
}

// TLM-2.0 data are in host byte order; the guest and hypsim's values are
// little-endian, as is every host hypsim builds on.
uint64_t machine::read(void *opaque, uint64_t offset, unsigned size, unsigned vcpu)
{
    const outside_range &o = *static_cast<outside_range *>(opaque);
    unsigned char data[8] = { 0 };
    uint64_t value = 0;

    if (o.m->transport(tlm::TLM_READ_COMMAND, o, offset, size, vcpu, data)) {
        std::memcpy(&value, data, size);
    }
    return value;
}

void machine::write(void *opaque, uint64_t offset, uint64_t value, unsigned size,
                    unsigned vcpu)
{
    const outside_range &o = *static_cast<outside_range *>(opaque);
    unsigned char data[8];

    std::memcpy(data, &value, sizeof data);
    o.m->transport(tlm::TLM_WRITE_COMMAND, o, offset, size, vcpu, data);
}

}  // namespace hypsim
