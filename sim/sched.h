/* The quantum keeper and deterministic scheduler of the native kernel.
 *
 * Global time advances in quanta. In each quantum every runnable vCPU, in index
 * order on one host thread, runs until its local time reaches the end of the
 * quantum (TLM-2.0 loosely-timed: each vCPU keeps a local offset ahead of global
 * time); then the events due by the end of the quantum fire, in time order, and
 * global time moves to the end of the quantum. vCPUs that are idle or off follow
 * global time. When no vCPU is runnable, time jumps to the next event.
 *
 * Consequence, documented in docs/timing.md: an event (a timer, a line raised by
 * a device) is seen by a vCPU at most one quantum after its due time; a line that
 * a vCPU raises for itself through MMIO is seen after the current instruction. */
#ifndef HS_SIM_SCHED_H
#define HS_SIM_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/eventq.h"
#include "sim/time.h"

typedef enum hs_sched_cpu_state {
    HS_SCHED_OFF,
    HS_SCHED_RUNNABLE,
    HS_SCHED_IDLE,
} hs_sched_cpu_state;

/* What the scheduler needs of the CPUs; cpu/ provides it through the machine. */
typedef struct hs_sched_ops {
    hs_sched_cpu_state (*state)(void *opaque, unsigned cpu);
    /* Runs `cpu` until its local time reaches `until`, or it idles, or stops. */
    void (*run)(void *opaque, unsigned cpu, hs_time until);
    hs_time (*local_time)(void *opaque, unsigned cpu);
    /* Brings a cpu whose local time lags global time up to `now` (idle time). */
    void (*sync)(void *opaque, unsigned cpu, hs_time now);
    /* True once the machine must stop (power off, error, limit). */
    bool (*stopped)(void *opaque);
    /* Called at each quantum end with the new global time. */
    void (*quantum_end)(void *opaque, hs_time now);
} hs_sched_ops;

typedef enum hs_sched_result {
    HS_SCHED_STOPPED,        /* ops->stopped() said so */
    HS_SCHED_DEADLOCK,       /* nothing runnable and no event scheduled */
} hs_sched_result;

typedef struct hs_sched {
    const hs_sched_ops *ops;
    void *opaque;
    unsigned ncpu;
    hs_eventq *q;
    hs_time quantum_ps;      /* length of a quantum in simulated time */
    hs_time now;             /* global time: the end of the last quantum */
    uint64_t quanta;         /* quanta completed */
} hs_sched;

void hs_sched_init(hs_sched *s, const hs_sched_ops *ops, void *opaque, unsigned ncpu,
                   hs_eventq *q, hs_time quantum_ps);
hs_sched_result hs_sched_run(hs_sched *s);

/* The steps of one quantum, shared by hs_sched_run() and the SystemC keeper
 * (sim/systemc), which must schedule exactly alike. */
/* vCPUs whose local time lags global time (idle, off, or just woken) catch up. */
void hs_sched_catch_up(hs_sched *s);
/* Where the quantum that started at s->now ends: one quantum on; when no vCPU
 * was runnable, at the next activity `next` if that is later (idle
 * fast-forward), or HS_TIME_NEVER when there is none (deadlock). */
hs_time hs_sched_quantum_limit(const hs_sched *s, bool any_runnable, hs_time next);
/* Global time moves to `end`; the quantum_end callback runs. */
void hs_sched_end_quantum(hs_sched *s, hs_time end);

#endif
