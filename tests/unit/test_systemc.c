/* The SystemC kernel (sim/systemc/kernel.h) against the native one (sim/sched.c):
 * on the same scripted vCPUs and events, the same calls in the same order with
 * the same times; and SystemC's time where docs/systemc.md puts each step (a
 * vCPU runs at global time, an event fires at its due time, a quantum ends at
 * its end). All kernels share one SystemC simulation, one after the other. */
#include <string.h>

#include <glib.h>

#include "sim/sched.h"
#include "sim/systemc/kernel.h"

#define NCPU 3
#define NTIMERS 4

typedef struct fake fake;

typedef struct fake_timer {
    hs_timer t;
    fake *f;
    unsigned id;
    hs_time rearm_delta;          /* on firing, arm again this much later (0: no) */
    int wake_cpu;                 /* on firing, make this vCPU runnable (-1: none) */
} fake_timer;

struct fake {
    hs_sched_cpu_state state[NCPU];
    hs_time local[NCPU];
    hs_time step;                 /* a run advances local time in steps of this */
    unsigned runs[NCPU];
    unsigned idle_after_runs[NCPU];   /* go idle after this many runs (0: never) */
    int wake_on_run[NCPU];        /* a run of this vCPU wakes another (-1: none) */
    unsigned stop_on_run[NCPU];   /* the machine stops in this run of the vCPU (0: never) */
    bool stop_request;
    unsigned quanta_to_run;       /* stop after this many quantum ends */
    unsigned quanta;
    hs_eventq *q;
    hs_sched *s;
    fake_timer timers[NTIMERS];
    GString *log;
    hs_sc_kernel *sc;             /* when running on SystemC: where its time is checked */
};

/* On SystemC, hypsim's time t is SystemC time origin + t. */
static void check_systemc_time(const fake *f, hs_time expect)
{
    if (f->sc) {
        g_assert_cmpuint(hs_sc_time_ps() - hs_sc_kernel_origin_ps(f->sc), ==, expect);
    }
}

static hs_sched_cpu_state f_state(void *o, unsigned cpu)
{
    fake *f = o;
    return f->state[cpu];
}

static void f_run(void *o, unsigned cpu, hs_time until)
{
    fake *f = o;
    /* A vCPU runs at global time, ahead of it by its local offset. */
    check_systemc_time(f, f->s->now);
    g_string_append_printf(f->log, "r%u@%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT " ", cpu,
                           f->local[cpu], until);
    f->runs[cpu]++;
    while (f->local[cpu] < until) {
        f->local[cpu] += f->step;
        if (f->stop_on_run[cpu] == f->runs[cpu]) {
            f->stop_request = true;
            g_string_append_printf(f->log, "stop%u@%" G_GUINT64_FORMAT " ", cpu, f->local[cpu]);
            return;
        }
    }
    if (f->wake_on_run[cpu] >= 0) {
        f->state[f->wake_on_run[cpu]] = HS_SCHED_RUNNABLE;
    }
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
    g_string_append_printf(f->log, "s%u@%" G_GUINT64_FORMAT " ", cpu, now);
    f->local[cpu] = now;
}

static bool f_stopped(void *o)
{
    fake *f = o;
    return f->stop_request || f->quanta >= f->quanta_to_run;
}

static void f_quantum_end(void *o, hs_time now)
{
    fake *f = o;
    check_systemc_time(f, now);
    f->quanta++;
    g_string_append_printf(f->log, "q@%" G_GUINT64_FORMAT " ", now);
}

static void f_timer(void *o, hs_time now)
{
    fake_timer *t = o;
    fake *f = t->f;
    /* An event fires at its due time (one armed in the past, at once). */
    check_systemc_time(f, now);
    g_string_append_printf(f->log, "e%u@%" G_GUINT64_FORMAT " ", t->id, now);
    if (t->wake_cpu >= 0) {
        f->state[t->wake_cpu] = HS_SCHED_RUNNABLE;
    }
    if (t->rearm_delta) {
        hs_timer_arm(f->q, &t->t, now + t->rearm_delta);
    }
}

static const hs_sched_ops fake_ops = {
    .state = f_state, .run = f_run, .local_time = f_local, .sync = f_sync,
    .stopped = f_stopped, .quantum_end = f_quantum_end,
};

typedef void (*scenario_fn)(fake *f);

static void fake_init(fake *f, hs_eventq *q, hs_sched *s)
{
    memset(f, 0, sizeof *f);
    f->log = g_string_new(NULL);
    f->step = 10;
    f->q = q;
    f->s = s;
    f->quanta_to_run = 5;
    for (unsigned i = 0; i < NCPU; i++) {
        f->state[i] = HS_SCHED_RUNNABLE;
        f->wake_on_run[i] = -1;
    }
    for (unsigned i = 0; i < NTIMERS; i++) {
        f->timers[i] = (fake_timer){ .f = f, .id = i, .wake_cpu = -1 };
        hs_timer_init(&f->timers[i].t, f_timer, &f->timers[i]);
    }
}

/* Runs the scenario on one kernel; `reruns` more runs follow a stop, each
 * allowing `quanta_to_run` more quanta (as hypsim runs again after a reset).
 * Returns the log. */
static char *run_on(bool systemc, scenario_fn setup, hs_time quantum, unsigned reruns,
                    hs_sched_result *last)
{
    hs_eventq q;
    hs_sched s;
    fake f;
    char *msg = NULL;

    hs_eventq_init(&q);
    fake_init(&f, &q, &s);
    setup(&f);
    hs_sched_init(&s, &fake_ops, &f, NCPU, &q, quantum);
    if (systemc) {
        f.sc = hs_sc_kernel_new(&s, &msg);
        g_assert_null(msg);
        g_assert_nonnull(f.sc);
    }
    for (unsigned i = 0; i <= reruns; i++) {
        *last = systemc ? hs_sc_kernel_run(f.sc) : hs_sched_run(&s);
        if (systemc) {
            g_assert_null(hs_sc_kernel_error(f.sc));
        }
        g_string_append_printf(f.log, "| %s now=%" G_GUINT64_FORMAT " quanta=%" G_GUINT64_FORMAT
                               " q.now=%" G_GUINT64_FORMAT " | ",
                               *last == HS_SCHED_STOPPED ? "stopped" : "deadlock", s.now,
                               s.quanta, q.now);
        f.stop_request = false;
        f.quanta_to_run = f.quanta + 3;
    }
    hs_sc_kernel_free(f.sc);
    hs_eventq_destroy(&q);
    return g_string_free(f.log, FALSE);
}

static void check_same(scenario_fn setup, hs_time quantum, unsigned reruns,
                       hs_sched_result expect)
{
    hs_sched_result rn, rs;
    char *native = run_on(false, setup, quantum, reruns, &rn);
    char *systemc = run_on(true, setup, quantum, reruns, &rs);

    g_test_message("native: %s", native);
    g_assert_cmpint(rn, ==, expect);
    g_assert_cmpint(rs, ==, rn);
    g_assert_cmpstr(systemc, ==, native);
    g_free(native);
    g_free(systemc);
}

/* vCPU 1 off; steps of 30 overrun each quantum of 100, and the overrun counts
 * against the next quantum. */
static void sc_round_robin(fake *f)
{
    f->state[1] = HS_SCHED_OFF;
    f->step = 30;
}

/* Events inside quanta, two due at once, one re-arming itself into the same
 * quantum and the next ones, one waking an idle vCPU. */
static void sc_events(fake *f)
{
    f->state[2] = HS_SCHED_IDLE;
    hs_timer_arm(f->q, &f->timers[0].t, 150);
    hs_timer_arm(f->q, &f->timers[1].t, 150);
    f->timers[2].rearm_delta = 35;
    hs_timer_arm(f->q, &f->timers[2].t, 40);
    f->timers[3].wake_cpu = 2;
    hs_timer_arm(f->q, &f->timers[3].t, 260);
}

/* Nothing runnable after the first quantum: time jumps to the next event. */
static void sc_fast_forward(fake *f)
{
    f->state[1] = f->state[2] = HS_SCHED_OFF;
    f->idle_after_runs[0] = 1;
    f->timers[0].wake_cpu = 0;
    hs_timer_arm(f->q, &f->timers[0].t, 10007);
}

static void sc_deadlock(fake *f)
{
    f->state[1] = f->state[2] = HS_SCHED_OFF;
    f->idle_after_runs[0] = 2;
    f->quanta_to_run = 100;
}

/* A run wakes a later vCPU (it runs in the same quantum) and an earlier one
 * (in the next quantum). */
static void sc_wake_by_run(fake *f)
{
    f->state[1] = HS_SCHED_IDLE;
    f->state[2] = HS_SCHED_IDLE;
    f->wake_on_run[0] = 2;
    f->idle_after_runs[2] = 1;
    f->wake_on_run[2] = 1;
}

/* vCPU 1 stops the machine within its third run: vCPU 2 does not run and the
 * quantum does not end; the next runs (as after a reset) go on from there. */
static void sc_stop_mid_quantum(fake *f)
{
    f->step = 7;
    f->stop_on_run[1] = 3;
    hs_timer_arm(f->q, &f->timers[0].t, 230);
}

static void test_round_robin(void)
{
    check_same(sc_round_robin, 100, 0, HS_SCHED_STOPPED);
}

static void test_events(void)
{
    check_same(sc_events, 100, 0, HS_SCHED_STOPPED);
}

static void test_fast_forward(void)
{
    check_same(sc_fast_forward, 100, 0, HS_SCHED_STOPPED);
}

static void test_deadlock(void)
{
    check_same(sc_deadlock, 100, 0, HS_SCHED_DEADLOCK);
}

static void test_wake_by_run(void)
{
    check_same(sc_wake_by_run, 100, 0, HS_SCHED_STOPPED);
}

static void test_stop_and_run_again(void)
{
    check_same(sc_stop_mid_quantum, 100, 2, HS_SCHED_STOPPED);
}

/* A quantum of 1 ps: every step overruns; SystemC time still follows. */
static void test_tiny_quantum(void)
{
    check_same(sc_events, 1, 0, HS_SCHED_STOPPED);
}

/* Every kernel so far ran in this process's one SystemC simulation, each from
 * where SystemC's time stood when it started. */
static void test_origin_follows_systemc_time(void)
{
    hs_eventq q;
    hs_sched s;
    fake f;
    char *msg = NULL;
    uint64_t before = hs_sc_time_ps();

    hs_eventq_init(&q);
    fake_init(&f, &q, &s);
    hs_sched_init(&s, &fake_ops, &f, NCPU, &q, 100);
    f.sc = hs_sc_kernel_new(&s, &msg);
    g_assert_nonnull(f.sc);
    g_assert_cmpint(hs_sc_kernel_run(f.sc), ==, HS_SCHED_STOPPED);
    g_assert_cmpuint(hs_sc_kernel_origin_ps(f.sc), ==, before);
    g_assert_cmpuint(hs_sc_time_ps(), ==, before + s.now);
    hs_sc_kernel_free(f.sc);
    hs_eventq_destroy(&q);
    g_string_free(f.log, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_assert_true(hs_sc_available());
    g_test_add_func("/systemc/round-robin", test_round_robin);
    g_test_add_func("/systemc/events-at-their-time", test_events);
    g_test_add_func("/systemc/idle-fast-forward", test_fast_forward);
    g_test_add_func("/systemc/deadlock", test_deadlock);
    g_test_add_func("/systemc/wake-by-run", test_wake_by_run);
    g_test_add_func("/systemc/stop-and-run-again", test_stop_and_run_again);
    g_test_add_func("/systemc/tiny-quantum", test_tiny_quantum);
    g_test_add_func("/systemc/origin", test_origin_follows_systemc_time);
    return g_test_run();
}
