// sc-embed: a SystemC virtual platform with hypsim in it. sc_main builds the
// platform: a hypsim machine (virt-a15, with 0x0c000000 left to the outside and
// SPI 10, INTID 42, as an input) and the sc_timer at 0x0c000000 driving that SPI;
// then runs it until the guest powers off.
//
//   sc-embed [--quantum N] IMAGE
//
// Exit status: 0 when the guest powered off, 1 otherwise, 2 on a usage error.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <systemc>

#include "sim/systemc/module.h"     // installed as <hypsim/systemc.h>
#include "sc_timer.h"

static constexpr uint64_t TIMER_BASE = 0x0c000000;
static constexpr unsigned TIMER_INTID = 42;            // SPI 10
static constexpr uint32_t TIMER_ACCESS_CYCLES = 20;    // as its platform file says

int sc_main(int argc, char *argv[])
{
    hs_options o;
    hs_options_init(&o);
    for (int i = 1; i < argc; i++) {
        if (!std::strcmp(argv[i], "--quantum") && i + 1 < argc) {
            o.quantum = std::strtoull(argv[++i], nullptr, 0);
        } else if (argv[i][0] != '-' && !o.image) {
            o.image = argv[i];
        } else {
            std::fprintf(stderr, "usage: sc-embed [--quantum N] IMAGE\n");
            return 2;
        }
    }
    if (!o.image) {
        std::fprintf(stderr, "usage: sc-embed [--quantum N] IMAGE\n");
        return 2;
    }
    o.uart_out = stdout;

    hypsim::machine cpu("hypsim", o, {{"sc_timer", TIMER_BASE, sc_timer::SIZE, TIMER_ACCESS_CYCLES}},
                        {TIMER_INTID});
    sc_timer timer("timer");
    // Written by the timer from its own process and from the accessing vCPU's.
    sc_core::sc_signal<bool, sc_core::SC_MANY_WRITERS> timer_irq("timer_irq");

    cpu.socket.bind(timer.socket);
    timer.irq.bind(timer_irq);
    cpu.spi[0].bind(timer_irq);

    // sc_stop() at the guest's exit is expected: no "Simulation stopped by user" note.
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO,
                                            sc_core::SC_DO_NOTHING);
    sc_core::sc_start();
    if (cpu.exit_message()) {
        std::fprintf(stderr, "sc-embed: %s: %s\n", hs_exit_name(cpu.exit_status()),
                     cpu.exit_message());
    }
    return cpu.done() && cpu.exit_status() == HS_EXIT_POWER_OFF ? 0 : 1;
}
