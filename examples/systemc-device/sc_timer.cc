// sc_timer (sc_timer.h): a TLM-2.0 loosely-timed target.
#include "sc_timer.h"

#include <cstring>

sc_timer::sc_timer(sc_core::sc_module_name name)
    : sc_core::sc_module(name), socket("socket"), irq("irq")
{
    socket.register_b_transport(this, &sc_timer::b_transport);
    SC_HAS_PROCESS(sc_timer);
    SC_METHOD(expire);
    sensitive << end_ev_;
    dont_initialize();
}

bool sc_timer::fired_at(const sc_core::sc_time &when) const
{
    return armed_ && when >= end_;
}

void sc_timer::update_irq()
{
    irq.write(fired_ && (ctrl_ & CTRL_IRQ_ENABLE));
}

void sc_timer::expire()
{
    fired_ = true;
    update_irq();
}

void sc_timer::b_transport(tlm::tlm_generic_payload &t, sc_core::sc_time &delay)
{
    const uint64_t offset = t.get_address() & (SIZE - 1);
    const sc_core::sc_time when = sc_core::sc_time_stamp() + delay;
    uint32_t value = 0;

    if (t.get_data_length() != 4 || t.get_byte_enable_ptr() || offset % 4) {
        t.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
        return;
    }
    if (t.is_write()) {
        std::memcpy(&value, t.get_data_ptr(), 4);
        switch (offset) {
        case CTRL:
            ctrl_ = value & (CTRL_ENABLE | CTRL_IRQ_ENABLE);
            if (!(ctrl_ & CTRL_ENABLE)) {
                armed_ = fired_ = false;
                end_ev_.cancel();
            }
            break;
        case LOAD:
            load_ = value;
            if (ctrl_ & CTRL_ENABLE) {
                armed_ = true;
                fired_ = false;
                end_ = when + sc_core::sc_time(load_, sc_core::SC_NS);
                end_ev_.cancel();
                end_ev_.notify(end_ - sc_core::sc_time_stamp());
            }
            break;
        case INTCLR:
            if (value & STATUS_FIRED) {
                armed_ = fired_ = false;
                end_ev_.cancel();
            }
            break;
        default:
            t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        update_irq();
    } else {
        switch (offset) {
        case ID: value = ID_VALUE; break;
        case CTRL: value = ctrl_; break;
        case LOAD: value = load_; break;
        case STATUS: value = fired_at(when) ? STATUS_FIRED : 0; break;
        default:
            t.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        std::memcpy(t.get_data_ptr(), &value, 4);
    }
    t.set_response_status(tlm::TLM_OK_RESPONSE);
}
