#include "sim/sched.h"

#include <assert.h>

void hs_sched_init(hs_sched *s, const hs_sched_ops *ops, void *opaque, unsigned ncpu,
                   hs_eventq *q, hs_time quantum_ps)
{
    assert(quantum_ps > 0);
    s->ops = ops;
    s->opaque = opaque;
    s->ncpu = ncpu;
    s->q = q;
    s->quantum_ps = quantum_ps;
    s->now = q->now;
    s->quanta = 0;
}

hs_sched_result hs_sched_run(hs_sched *s)
{
    const hs_sched_ops *ops = s->ops;

    while (!ops->stopped(s->opaque)) {
        hs_time end = s->now + s->quantum_ps;
        bool any_runnable = false;

        /* vCPUs that were idle or off, or were woken by the last events, catch
         * up with global time: their idle time passes. */
        for (unsigned cpu = 0; cpu < s->ncpu; cpu++) {
            if (ops->local_time(s->opaque, cpu) < s->now) {
                ops->sync(s->opaque, cpu, s->now);
            }
        }
        for (unsigned cpu = 0; cpu < s->ncpu && !ops->stopped(s->opaque); cpu++) {
            if (ops->state(s->opaque, cpu) == HS_SCHED_RUNNABLE) {
                any_runnable = true;
                ops->run(s->opaque, cpu, end);
            }
        }
        if (ops->stopped(s->opaque)) {
            break;
        }
        if (!any_runnable) {
            hs_time next = hs_eventq_next(s->q);
            if (next == HS_TIME_NEVER) {
                return HS_SCHED_DEADLOCK;
            }
            if (next > end) {
                /* Idle fast-forward to the quantum that holds the next event. */
                end = next;
            }
        }
        hs_eventq_run_until(s->q, end);
        s->now = end;
        s->quanta++;
        if (ops->quantum_end) {
            ops->quantum_end(s->opaque, end);
        }
    }
    return HS_SCHED_STOPPED;
}
