// SystemC models named in a platform file (model.h): a bridge module per model
// holds hypsim's side of the bindings.
#include "sim/systemc/model.h"

#include <dlfcn.h>

#include <cstring>
#include <exception>
#include <string>

#include <glib.h>
#include <tlm_utils/simple_initiator_socket.h>

extern "C" {
#include "sim/log.h"
}
#include "sim/systemc/internal.h"
#include "sim/systemc/model_abi.h"

struct hs_sc_model : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<hs_sc_model> socket;
    // The model may drive its output from its own processes and from the vCPU
    // process whose access it answers.
    sc_core::sc_signal<bool, sc_core::SC_MANY_WRITERS> irq;
    hs_sc_kernel *k;
    std::string device;
    uint64_t base;
    hs_irq line = HS_IRQ_NONE;

    hs_sc_model(sc_core::sc_module_name name, hs_sc_kernel *kernel, const char *dev,
                uint64_t at)
        : sc_core::sc_module(name), socket("socket"), irq("irq"), k(kernel), device(dev),
          base(at)
    {
        SC_HAS_PROCESS(hs_sc_model);
        SC_METHOD(irq_changed);
        sensitive << irq;
        dont_initialize();
    }

    void irq_changed()
    {
        hs_irq_set(&line, irq.read());
    }

    bool transport(tlm::tlm_command cmd, uint64_t offset, unsigned size, unsigned cpu,
                   unsigned char *data)
    {
        tlm::tlm_generic_payload t;
        sc_core::sc_time delay = hs_sc_kernel_vcpu_offset(k, cpu);

        t.set_command(cmd);
        t.set_address(base + offset);
        t.set_data_ptr(data);
        t.set_data_length(size);
        t.set_streaming_width(size);
        t.set_byte_enable_ptr(nullptr);
        t.set_dmi_allowed(false);
        t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        socket->b_transport(t, delay);
        if (t.is_response_error()) {
            hs_log_guest_error("%s: %s of %u bytes at offset 0x%" G_GINT64_MODIFIER "x: %s "
                               "(reads as zero, writes ignored)", device.c_str(),
                               cmd == tlm::TLM_READ_COMMAND ? "read" : "write", size, offset,
                               t.get_response_string().c_str());
            return false;
        }
        return true;
    }
};

namespace {

// TLM-2.0 data are in host byte order; the guest's are little-endian, as is
// every host hypsim builds on.
uint64_t model_read(void *opaque, uint64_t offset, unsigned size, unsigned cpu)
{
    unsigned char data[8] = { 0 };
    uint64_t value = 0;

    if (static_cast<hs_sc_model *>(opaque)->transport(tlm::TLM_READ_COMMAND, offset, size, cpu,
                                                       data)) {
        std::memcpy(&value, data, size);
    }
    return value;
}

void model_write(void *opaque, uint64_t offset, uint64_t value, unsigned size, unsigned cpu)
{
    unsigned char data[8];

    std::memcpy(data, &value, sizeof data);
    static_cast<hs_sc_model *>(opaque)->transport(tlm::TLM_WRITE_COMMAND, offset, size, cpu,
                                                  data);
}

}  // namespace

extern "C" {

const hs_mmio_ops hs_sc_model_ops = { model_read, model_write };

hs_sc_model *hs_sc_model_load(hs_sc_kernel *k, const char *name, const char *library,
                              uint64_t base, char **msg)
{
    void *so = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    hypsim_model_new_fn make;
    hs_sc_model *bridge = nullptr;

    if (!so) {
        *msg = g_strdup_printf("cannot load the SystemC model: %s", dlerror());
        return nullptr;
    }
    make = reinterpret_cast<hypsim_model_new_fn>(dlsym(so, "hypsim_model_new"));
    if (!make) {
        *msg = g_strdup_printf("%s has no hypsim_model_new() (sim/systemc/model_abi.h)",
                               library);
        return nullptr;
    }
    // SystemC reports its errors (a module built after elaboration, a name in
    // use, a binding refused) as exceptions.
    try {
        hypsim::model m = make(name);
        if (!m.module || !m.socket) {
            *msg = g_strdup_printf("%s: hypsim_model_new() gave no module or no socket",
                                   library);
            return nullptr;
        }
        bridge = new hs_sc_model(("hypsim_" + std::string(name)).c_str(), k, name, base);
        bridge->socket.bind(*m.socket);
        if (m.irq) {
            m.irq->bind(bridge->irq);
        }
    } catch (const std::exception &e) {
        *msg = g_strdup_printf("SystemC: %s", e.what());
        return nullptr;
    }
    hs_sc_kernel_has_models(k);
    return bridge;
}

void hs_sc_model_connect_irq(hs_sc_model *m, hs_irq line)
{
    m->line = line;
}

void hs_sc_model_free(hs_sc_model *m)
{
    if (m) {
        m->line = HS_IRQ_NONE;
    }
}

}  // extern "C"
