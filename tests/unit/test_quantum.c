/* The quantum keeper: round-robin order, quantum ends, idle fast-forward, deadlock. */
#include <string.h>

#include <glib.h>

#include "sim/sched.h"

#define NCPU 3

typedef struct fake {
    hs_sched_cpu_state state[NCPU];
    hs_time local[NCPU];
    hs_time step;                 /* a run advances local time in steps of this */
    GString *log;                 /* "r0@T r1@T ... q@T" */
    unsigned quanta_to_run;       /* stop after this many quantum ends */
    unsigned quanta;
    hs_eventq *q;
    hs_timer wake;
    unsigned wake_cpu;
    unsigned idle_after_runs[NCPU];   /* go idle after this many runs (0: never) */
    unsigned runs[NCPU];
} fake;

static hs_sched_cpu_state f_state(void *o, unsigned cpu)
{
    fake *f = o;
    return f->state[cpu];
}

static void f_run(void *o, unsigned cpu, hs_time until)
{
    fake *f = o;
    g_string_append_printf(f->log, "r%u@%" G_GUINT64_FORMAT " ", cpu, f->local[cpu]);
    while (f->local[cpu] < until) {
        f->local[cpu] += f->step;
    }
    f->runs[cpu]++;
    if (f->idle_after_runs[cpu] && f->runs[cpu] == f->idle_after_runs[cpu]) {
        f->state[cpu] = HS_SCHED_IDLE;
    }
}

static hs_time f_local(void *o, unsigned cpu)
{
    fake *f = o;
    return f->local[cpu];
}

static void f_sync(void *o, unsigned cpu, hs_time now)
{
    fake *f = o;
    if (f->local[cpu] < now) {
        f->local[cpu] = now;
    }
}

static bool f_stopped(void *o)
{
    fake *f = o;
    return f->quanta >= f->quanta_to_run;
}

static void f_quantum_end(void *o, hs_time now)
{
    fake *f = o;
    f->quanta++;
    g_string_append_printf(f->log, "q@%" G_GUINT64_FORMAT " ", now);
}

static void f_wake(void *o, hs_time now)
{
    fake *f = o;
    g_string_append_printf(f->log, "w%u@%" G_GUINT64_FORMAT " ", f->wake_cpu, now);
    f->state[f->wake_cpu] = HS_SCHED_RUNNABLE;
}

static const hs_sched_ops fake_ops = {
    .state = f_state, .run = f_run, .local_time = f_local, .sync = f_sync,
    .stopped = f_stopped, .quantum_end = f_quantum_end,
};

static void fake_init(fake *f, hs_eventq *q)
{
    memset(f, 0, sizeof *f);
    f->log = g_string_new(NULL);
    f->step = 10;
    f->q = q;
    for (unsigned i = 0; i < NCPU; i++) {
        f->state[i] = HS_SCHED_RUNNABLE;
    }
    hs_timer_init(&f->wake, f_wake, f);
}

static void test_round_robin(void)
{
    hs_eventq q;
    fake f;
    hs_sched s;

    hs_eventq_init(&q);
    fake_init(&f, &q);
    f.state[1] = HS_SCHED_OFF;
    f.quanta_to_run = 2;
    hs_sched_init(&s, &fake_ops, &f, NCPU, &q, 100);
    g_assert_cmpint(hs_sched_run(&s), ==, HS_SCHED_STOPPED);
    g_assert_cmpstr(f.log->str, ==, "r0@0 r2@0 q@100 r0@100 r2@100 q@200 ");
    /* An off vCPU follows global time. */
    g_assert_cmpuint(f.local[1], ==, 100);
    g_assert_cmpuint(s.now, ==, 200);
    g_string_free(f.log, TRUE);
    hs_eventq_destroy(&q);
}

static void test_events_fire_at_quantum_end(void)
{
    hs_eventq q;
    fake f;
    hs_sched s;

    hs_eventq_init(&q);
    fake_init(&f, &q);
    f.state[1] = f.state[2] = HS_SCHED_IDLE;
    f.wake_cpu = 2;
    hs_timer_arm(&q, &f.wake, 150);
    f.quanta_to_run = 3;
    hs_sched_init(&s, &fake_ops, &f, NCPU, &q, 100);
    hs_sched_run(&s);
    /* Due at 150, the wake-up fires when the quantum [100, 200) ends; the woken
     * vCPU runs in the next quantum from global time 200. */
    g_assert_cmpstr(f.log->str, ==,
                    "r0@0 q@100 r0@100 w2@150 q@200 r0@200 r2@200 q@300 ");
    g_string_free(f.log, TRUE);
    hs_eventq_destroy(&q);
}

static void test_idle_fast_forward(void)
{
    hs_eventq q;
    fake f;
    hs_sched s;

    hs_eventq_init(&q);
    fake_init(&f, &q);
    f.state[1] = f.state[2] = HS_SCHED_OFF;
    f.idle_after_runs[0] = 1;
    f.wake_cpu = 0;
    hs_timer_arm(&q, &f.wake, 10000);
    f.quanta_to_run = 3;
    hs_sched_init(&s, &fake_ops, &f, NCPU, &q, 100);
    hs_sched_run(&s);
    /* Nothing runnable after the first quantum: time jumps to the event. */
    g_assert_cmpstr(f.log->str, ==, "r0@0 q@100 w0@10000 q@10000 r0@10000 q@10100 ");
    g_string_free(f.log, TRUE);
    hs_eventq_destroy(&q);
}

static void test_deadlock(void)
{
    hs_eventq q;
    fake f;
    hs_sched s;

    hs_eventq_init(&q);
    fake_init(&f, &q);
    f.state[1] = f.state[2] = HS_SCHED_OFF;
    f.idle_after_runs[0] = 2;
    f.quanta_to_run = 100;
    hs_sched_init(&s, &fake_ops, &f, NCPU, &q, 100);
    g_assert_cmpint(hs_sched_run(&s), ==, HS_SCHED_DEADLOCK);
    g_assert_cmpuint(f.quanta, ==, 2);
    g_string_free(f.log, TRUE);
    hs_eventq_destroy(&q);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sched/round-robin", test_round_robin);
    g_test_add_func("/sched/events-at-quantum-end", test_events_fire_at_quantum_end);
    g_test_add_func("/sched/idle-fast-forward", test_idle_fast_forward);
    g_test_add_func("/sched/deadlock", test_deadlock);
    return g_test_run();
}
