// The SystemC kernel (kernel.h, docs/systemc.md): hs_sched_run()'s schedule on
// SystemC processes. The order of the calls to the ops is the native kernel's
// (sim/sched.c), step for step; what SystemC adds is where each step happens in
// SystemC time, so that SystemC models see hypsim's vCPUs and events in time.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>
#include <tlm>
#include <tlm_utils/tlm_quantumkeeper.h>

#include <cassert>
#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <glib.h>

#include "sim/systemc/internal.h"
#include "sim/systemc/kernel.h"

namespace {

using sc_core::sc_time;

// A vCPU's SC_THREAD runs Unicorn (and the models its accesses reach) on its own
// coroutine stack; QEMU's translator wants a main thread's room.
constexpr size_t VCPU_STACK = 8u << 20;
constexpr size_t KEEPER_STACK = 1u << 20;

// SystemC time units (of the time resolution) in one ps: 1 at SystemC's default
// resolution, 1000 at 1 fs.
sc_time::value_type ps_unit;

sc_time sc_of_ps(hs_time t)
{
    return sc_time::from_value(t * ps_unit);
}

hs_time ps_of_sc(const sc_time &t)
{
    return t.value() / ps_unit;
}

bool init_resolution(char **msg)
{
    if (ps_unit) {
        return true;
    }
    // Reading the resolution freezes it (IEEE 1666-2011 5.11.3), as the first
    // sc_time would.
    const double res = sc_core::sc_get_time_resolution().to_seconds();
    const double per_ps = 1e-12 / res;
    if (per_ps < 1 || std::fabs(per_ps - std::round(per_ps)) > 1e-6) {
        *msg = g_strdup_printf("SystemC's time resolution is %s: hypsim counts time in ps "
                               "and needs a resolution of 1 ps or finer "
                               "(sc_set_time_resolution)",
                               sc_core::sc_get_time_resolution().to_string().c_str());
        return false;
    }
    ps_unit = static_cast<sc_time::value_type>(std::llround(per_ps));
    return true;
}

unsigned kernels_made;

}  // namespace

struct hs_sc_kernel;

namespace {

// A vCPU's quantum keeper (TLM-2.0 loosely timed): its local time is how far the
// vCPU runs ahead of SystemC time. Two departures from tlm_quantumkeeper, both
// the native kernel's rules (docs/timing.md): a quantum ends where the kernel
// says, which after an idle fast-forward is not a multiple of the global
// quantum; and sync() waits to the end of the quantum only, the vCPU keeping
// what it ran past it (the rest of its last translation block) as its offset,
// counted against its next quantum.
class quantumkeeper : public tlm_utils::tlm_quantumkeeper {
public:
    explicit quantumkeeper(const hs_sc_kernel &k) : k_(k) {}

    // Waits to the end of the quantum, or until `abort` (the machine stopped).
    void sync_to_quantum_end(const sc_core::sc_event &abort)
    {
        const sc_time ahead_at = sc_core::sc_time_stamp() + m_local_time;
        sc_core::wait(m_next_sync_point - sc_core::sc_time_stamp(), abort);
        m_local_time = ahead_at - sc_core::sc_time_stamp();
    }

protected:
    sc_time compute_local_quantum() override;

private:
    const hs_sc_kernel &k_;
};

struct vcpu {
    vcpu(const hs_sc_kernel &k, unsigned i) : index(i), qk(k) {}
    unsigned index;
    quantumkeeper qk;
    sc_core::sc_event turn;       // the keeper gives the vCPU its turn in the quantum
    sc_core::sc_event done;       // the vCPU gives it back
    sc_core::sc_event parked_ev;  // the vCPU waits for its next turn
    bool parked = false;
};

}  // namespace

struct hs_sc_kernel {
    hs_sched *s;
    unsigned serial;
    bool spawned = false;
    sc_time origin;               // SystemC time of hypsim's time 0
    hs_time end = 0;              // the end of the current quantum, hypsim time
    std::vector<std::unique_ptr<vcpu>> vcpus;
    sc_core::sc_event abort;      // the machine stopped: vCPUs stop waiting
    sc_core::sc_event resume;     // a run after a pause
    sc_core::sc_event stopped;    // embedded: the keeper reports a stop to the run
    bool finished = false;        // the keeper paused SystemC with `result`
    bool embedded = false;        // runs inside a simulation someone else started
    bool models = false;          // SystemC models beside hypsim drive its lines
    hs_sched_result result = HS_SCHED_STOPPED;
    bool exiting = false;
    std::string error;

    explicit hs_sc_kernel(hs_sched *sched) : s(sched), serial(kernels_made++) {}

    sc_time sc_end() const { return origin + sc_of_ps(end); }
    void spawn();
    void keeper();
    void vcpu_thread(vcpu &v);
    void give_turn(vcpu &v);
    void fire_events_until(hs_time until);
    void advance_to(hs_time t);
    void pause_with(hs_sched_result r);
    void settle();
    hs_time next_activity();
};

sc_time quantumkeeper::compute_local_quantum()
{
    return k_.sc_end() - sc_core::sc_time_stamp();
}

// The keeper: hs_sched_run()'s loop, with the runs handed to the vCPU threads
// and the events fired at their times.
void hs_sc_kernel::keeper()
{
    const hs_sched_ops *ops = s->ops;

    for (;;) {
        if (models) {
            settle();
        }
        if (ops->stopped(s->opaque)) {
            pause_with(HS_SCHED_STOPPED);
            if (exiting) {
                return;
            }
            continue;
        }
        bool any_runnable = false;
        end = s->now + s->quantum_ps;
        hs_sched_catch_up(s);
        for (unsigned cpu = 0; cpu < s->ncpu && !ops->stopped(s->opaque); cpu++) {
            if (ops->state(s->opaque, cpu) == HS_SCHED_RUNNABLE) {
                any_runnable = true;
                give_turn(*vcpus[cpu]);
            }
        }
        if (ops->stopped(s->opaque)) {
            continue;
        }
        end = hs_sched_quantum_limit(s, any_runnable,
                                     any_runnable ? HS_TIME_NEVER
                                     : models ? next_activity() : hs_eventq_next(s->q));
        if (end == HS_TIME_NEVER) {
            pause_with(HS_SCHED_DEADLOCK);
            if (exiting) {
                return;
            }
            continue;
        }
        fire_events_until(end);
        hs_sched_end_quantum(s, end);
    }
}

// Immediate notifications both ways: the turn passes within one evaluation
// phase, with no delta cycle and no time passing.
void hs_sc_kernel::give_turn(vcpu &v)
{
    if (!v.parked) {
        sc_core::wait(v.parked_ev);     // still waiting out its last quantum
    }
    v.turn.notify();
    sc_core::wait(v.done);
}

void hs_sc_kernel::vcpu_thread(vcpu &v)
{
    const hs_sched_ops *ops = s->ops;

    for (;;) {
        v.parked = true;
        v.parked_ev.notify();
        sc_core::wait(v.turn);
        v.parked = false;
        if (exiting) {
            return;
        }
        const hs_time now = s->now;
        assert(ops->local_time(s->opaque, v.index) >= now);
        v.qk.reset();
        v.qk.set(sc_of_ps(ops->local_time(s->opaque, v.index) - now));
        ops->run(s->opaque, v.index, end);
        v.qk.set(sc_of_ps(ops->local_time(s->opaque, v.index) - now));
        v.done.notify();
        if (v.qk.need_sync()) {
            v.qk.sync_to_quantum_end(abort);
        }
    }
}

// hs_eventq_run_until(q, until), one due time at a time: the keeper waits to
// each event's SystemC time and fires what is due then. The events fire in the
// same order with the same queue times as in one call (a callback that arms a
// timer due by `until` has it fired in a later step).
void hs_sc_kernel::fire_events_until(hs_time until)
{
    for (;;) {
        const hs_time next = hs_eventq_next(s->q);
        if (next > until) {
            break;
        }
        advance_to(next);
        hs_eventq_run_until(s->q, next);
    }
    advance_to(until);
    hs_eventq_run_until(s->q, until);
}

void hs_sc_kernel::advance_to(hs_time t)
{
    const sc_time at = origin + sc_of_ps(t);
    if (at > sc_core::sc_time_stamp()) {
        sc_core::wait(at - sc_core::sc_time_stamp());
    }
}

// With models beside hypsim, a quantum starts once nothing more happens at its
// start time: the lines that models drive then (their processes, the signals'
// updates, the methods forwarding them to the GIC, in as many delta cycles as
// they take) are in place before the vCPUs run, whatever order SystemC runs the
// processes of one delta cycle in.
void hs_sc_kernel::settle()
{
    while (sc_core::sc_pending_activity_at_current_time()) {
        sc_core::wait(sc_core::SC_ZERO_TIME);
    }
}

// With models, an idle machine waits for hypsim's next event or the models'
// next activity, whichever comes first; HS_TIME_NEVER when there is neither.
hs_time hs_sc_kernel::next_activity()
{
    hs_time next = hs_eventq_next(s->q);
    if (sc_core::sc_pending_activity()) {
        const hs_time at = s->now + ps_of_sc(sc_core::sc_time_to_pending_activity());
        next = at < next ? at : next;
    }
    return next;
}

// Returns control to hs_sc_kernel_run(): SystemC pauses at the end of this
// delta cycle (embedded: the run is told), and the keeper goes on when the
// next run notifies `resume`.
void hs_sc_kernel::pause_with(hs_sched_result r)
{
    result = r;
    finished = true;
    abort.notify();
    if (embedded) {
        stopped.notify();
    } else {
        sc_core::sc_pause();
    }
    sc_core::wait(resume);
    if (exiting) {
        for (auto &v : vcpus) {
            v->turn.notify();
        }
        sc_core::sc_pause();
    }
}

void hs_sc_kernel::spawn()
{
    const std::string prefix = "hypsim" + std::to_string(serial) + "_";
    sc_core::sc_spawn_options keeper_opt, vcpu_opt;

    origin = sc_core::sc_time_stamp() - sc_of_ps(s->now);
    keeper_opt.set_stack_size(KEEPER_STACK);
    vcpu_opt.set_stack_size(VCPU_STACK);
    for (unsigned i = 0; i < s->ncpu; i++) {
        vcpus.emplace_back(new vcpu(*this, i));
        vcpu &v = *vcpus.back();
        sc_core::sc_spawn([this, &v] { vcpu_thread(v); },
                          (prefix + "vcpu" + std::to_string(i)).c_str(), &vcpu_opt);
    }
    sc_core::sc_spawn([this] { keeper(); }, (prefix + "quantum").c_str(), &keeper_opt);
    spawned = true;
}

sc_core::sc_time hs_sc_kernel_vcpu_offset(const hs_sc_kernel *k, unsigned cpu)
{
    const hs_time local = k->s->ops->local_time(k->s->opaque, cpu);
    return k->origin + sc_of_ps(local) - sc_core::sc_time_stamp();
}

void hs_sc_kernel_has_models(hs_sc_kernel *k)
{
    k->models = true;
}

// Runs SystemC until the keeper pauses it. SystemC reports its errors as
// exceptions; none may cross into C.
static bool run_systemc(hs_sc_kernel *k)
{
    try {
        sc_core::sc_start();
    } catch (const std::exception &e) {
        k->error = std::string("SystemC: ") + e.what();
        return false;
    } catch (...) {
        k->error = "SystemC: an exception that is not a std::exception";
        return false;
    }
    return true;
}

extern "C" {

bool hs_sc_available(void)
{
    return true;
}

hs_sc_kernel *hs_sc_kernel_new(hs_sched *s, char **msg)
{
    if (!init_resolution(msg)) {
        return nullptr;
    }
    return new hs_sc_kernel(s);
}

// hs_sc_kernel_run() from a process of a simulation someone else started:
// the kernel's processes join it, and the caller waits for the keeper's stop.
static hs_sched_result run_embedded(hs_sc_kernel *k)
{
    k->embedded = true;
    k->models = true;
    k->finished = false;
    if (!k->spawned) {
        k->spawn();
    } else {
        k->resume.notify();
    }
    sc_core::wait(k->stopped);
    return k->result;
}

hs_sched_result hs_sc_kernel_run(hs_sc_kernel *k)
{
    k->error.clear();
    if (sc_core::sc_get_curr_process_kind() == sc_core::SC_THREAD_PROC_) {
        tlm::tlm_global_quantum::instance().set(sc_of_ps(k->s->quantum_ps));
        return run_embedded(k);
    }
    if (sc_core::sc_end_of_simulation_invoked()) {
        k->error = "SystemC: the simulation was stopped (sc_stop) and cannot run again";
        return HS_SCHED_STOPPED;
    }
    tlm::tlm_global_quantum::instance().set(sc_of_ps(k->s->quantum_ps));
    if (!k->spawned) {
        k->spawn();
    } else {
        k->resume.notify(sc_core::SC_ZERO_TIME);
    }
    k->finished = false;
    if (!run_systemc(k)) {
        return HS_SCHED_STOPPED;
    }
    if (!k->finished) {
        k->error = sc_core::sc_end_of_simulation_invoked()
                       ? "SystemC: a model stopped the simulation (sc_stop)"
                       : "SystemC: the simulation starved before the machine stopped";
        return HS_SCHED_STOPPED;
    }
    return k->result;
}

const char *hs_sc_kernel_error(const hs_sc_kernel *k)
{
    return k->error.empty() ? nullptr : k->error.c_str();
}

void hs_sc_kernel_free(hs_sc_kernel *k)
{
    if (!k) {
        return;
    }
    if (k->spawned) {
        // The processes end when the keeper resumes and sees `exiting`. When
        // they cannot (SystemC failed, or was stopped, or belongs to the
        // program embedding hypsim), they may still point into the kernel,
        // which is then left allocated: they never run again.
        if (!k->finished || k->embedded || sc_core::sc_end_of_simulation_invoked()) {
            return;
        }
        k->exiting = true;
        k->resume.notify(sc_core::SC_ZERO_TIME);
        if (!run_systemc(k)) {
            return;
        }
    }
    delete k;
}

uint64_t hs_sc_time_ps(void)
{
    char *msg = nullptr;
    if (!init_resolution(&msg)) {
        g_free(msg);
        return static_cast<uint64_t>(sc_core::sc_time_stamp().to_seconds() * 1e12);
    }
    return ps_of_sc(sc_core::sc_time_stamp());
}

uint64_t hs_sc_kernel_origin_ps(const hs_sc_kernel *k)
{
    return ps_of_sc(k->origin);
}

void hs_sc_stop(void)
{
    sc_core::sc_stop();
}

// libsystemc.so wants an sc_main, which it calls only from its own main() (not
// hypsim's) or from sc_elab_and_sim(). A program embedding hypsim in its own
// SystemC platform defines sc_main, and its definition replaces this one.
__attribute__((weak)) int sc_main(int argc, char *argv[])
{
    (void)argc;
    (void)argv;
    fputs("hypsim: libhypsim has no sc_main; a SystemC program embedding hypsim defines "
          "its own\n", stderr);
    return 1;
}

}  // extern "C"
