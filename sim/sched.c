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

void hs_sched_catch_up(hs_sched *s)
{
    /* vCPUs that were idle or off, or were woken by the last events, catch up
     * with global time: their idle time passes. */
    for (unsigned cpu = 0; cpu < s->ncpu; cpu++) {
        if (s->ops->local_time(s->opaque, cpu) < s->now) {
            s->ops->sync(s->opaque, cpu, s->now);
        }
    }
}

hs_time hs_sched_quantum_limit(const hs_sched *s, bool any_runnable, hs_time next)
{
    hs_time end = s->now + s->quantum_ps;

    if (!any_runnable) {
        if (next == HS_TIME_NEVER) {
            return HS_TIME_NEVER;
        }
        if (next > end) {
            end = next;         /* idle fast-forward to the quantum that holds it */
        }
    }
    return end;
}

void hs_sched_end_quantum(hs_sched *s, hs_time end)
{
    s->now = end;
    s->quanta++;
    if (s->ops->quantum_end) {
        s->ops->quantum_end(s->opaque, end);
    }
}

hs_sched_result hs_sched_run(hs_sched *s)
{
    const hs_sched_ops *ops = s->ops;

    while (!ops->stopped(s->opaque)) {
        const hs_time quantum_end = s->now + s->quantum_ps;
        bool any_runnable = false;
        hs_time end;

        hs_sched_catch_up(s);
        for (unsigned cpu = 0; cpu < s->ncpu && !ops->stopped(s->opaque); cpu++) {
            if (ops->state(s->opaque, cpu) == HS_SCHED_RUNNABLE) {
                any_runnable = true;
                ops->run(s->opaque, cpu, quantum_end);
            }
        }
        if (ops->stopped(s->opaque)) {
            break;
        }
        end = hs_sched_quantum_limit(s, any_runnable, hs_eventq_next(s->q));
        if (end == HS_TIME_NEVER) {
            return HS_SCHED_DEADLOCK;
        }
        hs_eventq_run_until(s->q, end);
        hs_sched_end_quantum(s, end);
    }
    return HS_SCHED_STOPPED;
}
