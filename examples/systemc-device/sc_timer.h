// sc_timer: a one-shot countdown timer written in SystemC/TLM-2.0, the device of
// examples/systemc-device. It knows nothing of hypsim: a TLM-2.0 target socket
// for its registers and an interrupt output, as in any SystemC virtual platform.
//
// Registers (32-bit, little-endian; README.md has the table):
//   0x00 ID      RO  0x53435431 ("SCT1")
//   0x04 CTRL    RW  bit 0 ENABLE, bit 1 IRQ_ENABLE
//   0x08 LOAD    RW  a countdown in ns: a write with ENABLE set starts it
//   0x0c STATUS  RO  bit 0 FIRED: the countdown has ended
//   0x10 INTCLR  WO  a write of bit 0 clears FIRED
// The interrupt output is FIRED && IRQ_ENABLE.
//
// Loosely timed: an access happens at SystemC time plus the transport's delay
// (the initiator's local time), so a countdown starts at the time of the LOAD
// write as the initiator sees it, and STATUS reads FIRED as soon as that local
// time reaches the end of the countdown, even before SystemC time does. The
// interrupt output changes at the countdown's end in SystemC time.
#ifndef SC_TIMER_H
#define SC_TIMER_H

#include <cstdint>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

class sc_timer : public sc_core::sc_module {
public:
    static constexpr uint32_t ID_VALUE = 0x53435431;
    enum reg : uint32_t {
        ID = 0x00,
        CTRL = 0x04,
        LOAD = 0x08,
        STATUS = 0x0c,
        INTCLR = 0x10,
    };
    static constexpr uint32_t CTRL_ENABLE = 1u << 0;
    static constexpr uint32_t CTRL_IRQ_ENABLE = 1u << 1;
    static constexpr uint32_t STATUS_FIRED = 1u << 0;
    static constexpr uint64_t SIZE = 0x1000;

    tlm_utils::simple_target_socket<sc_timer> socket;
    sc_core::sc_out<bool> irq;

    explicit sc_timer(sc_core::sc_module_name name);

private:
    void b_transport(tlm::tlm_generic_payload &t, sc_core::sc_time &delay);
    void expire();
    bool fired_at(const sc_core::sc_time &when) const;
    void update_irq();

    uint32_t ctrl_ = 0, load_ = 0;
    bool armed_ = false;          // a countdown runs, or has ended and not been cleared
    bool fired_ = false;          // the countdown's end has passed in SystemC time
    sc_core::sc_time end_;        // when the countdown ends
    sc_core::sc_event end_ev_;
};

#endif
