/* SystemC models named in a platform file (a `systemc` device, docs/systemc.md):
 * loaded from their shared object, bound to hypsim through a TLM-2.0 initiator
 * socket and an interrupt signal, and run beside the vCPUs by the SystemC kernel.
 * A shared object gives its model through model_abi.h's hypsim_model_new(). */
#ifndef HS_SIM_SYSTEMC_MODEL_H
#define HS_SIM_SYSTEMC_MODEL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "sim/irq.h"
#include "sim/mmio.h"
#include "sim/systemc/kernel.h"

typedef struct hs_sc_model hs_sc_model;

/* Loads the model of device `name` from `library` and binds it, before SystemC
 * elaborates: only the first machine of a process can load models. Returns
 * NULL with a message (g_free it) when the library, its factory or SystemC
 * refuses. The model serves [base, base + size) through hs_sc_model_ops. */
hs_sc_model *hs_sc_model_load(hs_sc_kernel *k, const char *name, const char *library,
                              uint64_t base, char **msg);
/* Guest accesses, as blocking transports from the accessing vCPU; opaque is the
 * model. */
extern const hs_mmio_ops hs_sc_model_ops;
/* Where the model's interrupt output goes (until then, and after
 * hs_sc_model_free, nowhere). */
void hs_sc_model_connect_irq(hs_sc_model *m, hs_irq line);
/* Disconnects the model from the machine; SystemC keeps its module. */
void hs_sc_model_free(hs_sc_model *m);

#ifdef __cplusplus
}
#endif

#endif
