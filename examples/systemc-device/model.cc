// sc_timer as a shared object that a platform file names (a `systemc` device,
// sc-timer.platform): hypsim loads it and calls this factory.
#include "sim/systemc/model_abi.h"     // installed as <hypsim/systemc_model.h>
#include "sc_timer.h"

extern "C" hypsim::model hypsim_model_new(const char *name)
{
    sc_timer *t = new sc_timer(name);
    return {t, &t->socket, &t->irq};
}
