/* SystemC as hypsim's second simulation kernel: the C API of sim/systemc, the one
 * place in hypsim written in C++ (over SystemC 2.3.4 and its TLM-2.0).
 *
 * A kernel runs an hs_sched (sim/sched.h: the same ops, event queue and quantum)
 * on SystemC's scheduler and gives exactly the native kernel's results: the same
 * calls to the ops in the same order with the same times. docs/systemc.md gives
 * the mapping; in short:
 * - one SC_THREAD per vCPU runs it for a quantum when its turn comes, in index
 *   order, then waits to the end of the quantum (a tlm_utils::tlm_quantumkeeper
 *   per vCPU holds how far the vCPU runs ahead of SystemC time);
 * - one SC_THREAD, the quantum keeper, gives the turns, then fires the events
 *   of the hs_eventq each at its own SystemC time, then waits to the end of the
 *   quantum; the quantum is tlm::tlm_global_quantum;
 * - hypsim's time t is SystemC time origin + t, origin being SystemC's time when
 *   the kernel first ran (0 for the first kernel of a process).
 *
 * SystemC keeps one simulation per process: kernels run one after the other (a
 * run pauses SystemC, sc_pause(), when it returns), and each keeps its processes
 * until it is freed.
 *
 * Embedded: hs_sc_kernel_run() called from a SystemC thread process (a program
 * that embeds hypsim as an sc_module, sim/systemc/module.h) does not start
 * SystemC: the kernel's processes join the running simulation and the caller
 * waits until the machine stops. SystemC models then live beside hypsim: each
 * quantum starts once nothing more happens at its start time (so that the lines
 * models drive then reach the GIC before the vCPUs run), and an idle machine
 * waits for hypsim's next event or the models' next activity. */
#ifndef HS_SIM_SYSTEMC_KERNEL_H
#define HS_SIM_SYSTEMC_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "sim/sched.h"

typedef struct hs_sc_kernel hs_sc_kernel;

/* False when hypsim was built without SystemC (-Dsystemc=disabled, or no
 * libsystemc-dev); hs_sc_kernel_new() then fails with a message saying so. */
bool hs_sc_available(void);

/* A kernel for `s` (initialised by hs_sched_init; it must outlive the kernel).
 * Returns NULL with a message (g_free it) when SystemC cannot host hypsim: no
 * SystemC in this build, or a time resolution coarser than 1 ps. */
hs_sc_kernel *hs_sc_kernel_new(hs_sched *s, char **msg);
/* Frees the kernel, ending its processes (this resumes SystemC briefly). */
void hs_sc_kernel_free(hs_sc_kernel *k);

/* hs_sched_run() on SystemC: runs until s->ops->stopped() or a deadlock, and may
 * be called again after that (hypsim does after a machine reset); from a SystemC
 * thread process, runs embedded (above). Returns
 * HS_SCHED_STOPPED also when SystemC itself failed or was stopped by a model:
 * hs_sc_kernel_error() then says why. */
hs_sched_result hs_sc_kernel_run(hs_sc_kernel *k);
/* Why the last run ended other than through the ops, or NULL. */
const char *hs_sc_kernel_error(const hs_sc_kernel *k);

/* SystemC's simulated time, in ps. */
uint64_t hs_sc_time_ps(void);
/* SystemC time of the kernel's time 0 (known once it has run). */
uint64_t hs_sc_kernel_origin_ps(const hs_sc_kernel *k);

/* Ends the SystemC simulation for good (sc_stop): no kernel runs after it. */
void hs_sc_stop(void);

#ifdef __cplusplus
}
#endif

#endif
