/* The fault injector: an interposer on interrupt wires (sim/fault.h says what
 * each fault does to a level). Each wire is a delay line: the edges it has
 * accepted reach the receiving end in order, at their times; edges held until
 * an event wait in the line with their spacing. Timed edges are actions in one
 * queue, fired by the vCPU's alarm (exact to the block boundary) or, for
 * wires without a running vCPU, by the event queue at the end of the quantum.
 * Every decision draws from the fault's own PRNG stream, derived from the run's
 * seed, so a seed and a plan replay a run. An SGI is a pulse of no width on a
 * wire made on its first use for its (source, target, SGI), whose receiving
 * end latches it on the rising edge. */
#include "sim/fault.h"

#include <assert.h>
#include <string.h>

#include <glib.h>

#include "sim/prng.h"

#define MAX_VCPUS 8
#define NR_SGI 16u                /* SGI IDs 0..15, IHI 0048B 2.2.1 */

typedef enum pulse_mode {
    PULSE_PASS,
    PULSE_DELAY,             /* timed: both edges by delay_ps */
    PULSE_HOLD,              /* until an event */
    PULSE_DROP,
    PULSE_RETARGET,
    PULSE_DUPLICATE,
} pulse_mode;

typedef struct held_edge {
    hs_time offset;          /* from the start of the hold */
    int level;
    int rule;                /* the fault that held it, -1 */
    hs_time since;           /* when the source made the edge */
} held_edge;

typedef struct fault_wire {
    hs_fault_injector *inj;
    hs_fault_wire_kind kind;
    unsigned vcpu;           /* HS_VCPU_NONE for an SPI; an SGI's target */
    unsigned intid;
    unsigned source;         /* an SGI's requesting CPU interface */
    hs_irq down;
    int in;                  /* the source's level */
    int path;                /* the level the delay line delivers */
    unsigned extra;          /* duplicates and retargeted pulses driven onto this wire */
    int out;                 /* path || extra, as the receiving end has it */
    /* The current pulse of the source. */
    pulse_mode mode;
    int rule;
    hs_time rise_at, delay_ps;
    struct fault_wire *to;
    /* The delay line: edges queued as actions, and edges held until an event. */
    unsigned inflight;
    hs_time tail;
    bool held;
    hs_time hold_start;
    hs_fault_delay_kind hold_kind;
    uint32_t hold_addr;
    GArray *held_edges;      /* of held_edge */
    GArray *rules;           /* indices of the faults that select this wire */
} fault_wire;

typedef enum action_kind {
    ACT_EDGE,                /* the delay line delivers an edge */
    ACT_EXTRA_UP,            /* a duplicate pulse starts */
    ACT_EXTRA_DOWN,          /* ... and ends */
    ACT_RELEASE,             /* a hold ends (its event came) */
} action_kind;

typedef struct action {
    hs_time t;
    uint64_t order;
    unsigned vcpu;           /* whose alarm fires it (HS_VCPU_NONE: the event queue only) */
    fault_wire *w;
    action_kind kind;
    int level;
    int rule;
    hs_time since;
} action;

typedef struct rule_state {
    const hs_fault *f;
    hs_prng prng;
    uint64_t seen, acted;
    uint32_t armed;          /* vCPUs that reached the trigger's location since it last acted */
    uint32_t reach_addr, until_addr;
} rule_state;

struct hs_fault_injector {
    hs_fault_env env;
    hs_clock clock;
    rule_state *rule;
    unsigned nrules;
    GPtrArray *wires;
    GArray *actions;         /* sorted by (t, order) */
    uint64_t next_order;
    hs_timer timer;
    hs_time alarm[MAX_VCPUS];
    uint64_t count;
    bool in_fire;
    GHashTable *watched;     /* addresses asked of env.watch */
    hs_fault_sgi_fn sgi_down;    /* where SGIs are latched */
    void *sgi_opaque;
    fault_wire *sgi[MAX_VCPUS][MAX_VCPUS][NR_SGI];   /* [source][target][SGI], on first use */
};

/* ---- time and trace ------------------------------------------------------------- */

static hs_time wire_now(const fault_wire *w)
{
    const hs_fault_env *e = &w->inj->env;
    return e->now(e->opaque, w->vcpu);
}

static void emit(fault_wire *w, hs_fault_event_kind kind, unsigned target, int rule,
                 uint64_t value)
{
    HS_TRACE(w->inj->env.tracer, fault, w->vcpu, kind, w->intid, target,
             HS_FAULT_PARAM(rule < 0 ? 0 : (unsigned)rule, value));
}

/* ---- the action queue ---------------------------------------------------------- */

static void rearm(hs_fault_injector *f)
{
    hs_time first = HS_TIME_NEVER;
    hs_time per_cpu[MAX_VCPUS];

    for (unsigned c = 0; c < MAX_VCPUS; c++) {
        per_cpu[c] = HS_TIME_NEVER;
    }
    for (unsigned i = 0; i < f->actions->len; i++) {
        const action *a = &g_array_index(f->actions, action, i);
        if (a->t < first) {
            first = a->t;
        }
        if (a->vcpu < MAX_VCPUS && a->t < per_cpu[a->vcpu]) {
            per_cpu[a->vcpu] = a->t;
        }
    }
    if (first == HS_TIME_NEVER) {
        hs_timer_cancel(f->env.eventq, &f->timer);
    } else if (!hs_timer_pending(&f->timer) || f->timer.when != first) {
        hs_timer_arm(f->env.eventq, &f->timer, first);
    }
    if (!f->env.set_alarm) {
        return;
    }
    for (unsigned c = 0; c < f->env.ncpu && c < MAX_VCPUS; c++) {
        if (per_cpu[c] != f->alarm[c]) {
            f->alarm[c] = per_cpu[c];
            f->env.set_alarm(f->env.opaque, c, per_cpu[c]);
        }
    }
}

static void queue(hs_fault_injector *f, action a)
{
    unsigned i = f->actions->len;

    a.order = f->next_order++;
    while (i > 0 && g_array_index(f->actions, action, i - 1).t > a.t) {
        i--;
    }
    g_array_insert_val(f->actions, i, a);
    if (!f->in_fire) {
        rearm(f);
    }
}

/* ---- the wire ------------------------------------------------------------------- */

static void drive(fault_wire *w)
{
    int out = w->path || w->extra > 0;
    if (out != w->out) {
        w->out = out;
        hs_irq_set(&w->down, out);
    }
}

static void apply_edge(fault_wire *w, int level, int rule, hs_time since)
{
    w->path = level;
    if (level && rule >= 0) {
        hs_time now = wire_now(w);
        emit(w, HS_FAULT_EV_RELEASE, w->vcpu, rule, now > since ? now - since : 0);
    }
    drive(w);
}

/* An edge enters the delay line, to come out at time t (or later, behind the
 * edges already in it). */
static void line_edge(fault_wire *w, int level, hs_time t, int rule, hs_time since)
{
    hs_time now;

    if (w->held) {
        held_edge e = { t - w->hold_start, level, rule, since };
        g_array_append_val(w->held_edges, e);
        return;
    }
    now = wire_now(w);
    if (t <= now && w->inflight == 0) {
        apply_edge(w, level, rule, since);
        return;
    }
    if (t < w->tail) {
        t = w->tail;
    }
    w->inflight++;
    w->tail = t;
    queue(w->inj, (action){ .t = t, .vcpu = w->vcpu, .w = w, .kind = ACT_EDGE, .level = level,
                            .rule = rule, .since = since });
}

static void release(fault_wire *w, hs_time now)
{
    GArray *edges = w->held_edges;

    if (!w->held) {
        return;
    }
    w->held = false;
    w->held_edges = g_array_new(FALSE, FALSE, sizeof(held_edge));
    for (unsigned i = 0; i < edges->len; i++) {
        const held_edge *e = &g_array_index(edges, held_edge, i);
        line_edge(w, e->level, now + e->offset, e->rule, e->since);
    }
    g_array_unref(edges);
}

static fault_wire *find_wire(hs_fault_injector *f, hs_fault_wire_kind kind, unsigned vcpu,
                             unsigned intid)
{
    for (unsigned i = 0; i < f->wires->len; i++) {
        fault_wire *w = g_ptr_array_index(f->wires, i);
        if (w->kind == kind && w->vcpu == vcpu && w->intid == intid) {
            return w;
        }
    }
    return NULL;
}

static fault_wire *sgi_wire(hs_fault_injector *f, unsigned source, unsigned target,
                            unsigned intid);

/* The wire of the same kind and interrupt into another vCPU (for an SGI, from
 * the same source). */
static fault_wire *peer_wire(fault_wire *w, unsigned vcpu)
{
    if (w->kind == HS_WIRE_SGI) {
        return sgi_wire(w->inj, w->source, vcpu, w->intid);
    }
    return find_wire(w->inj, w->kind, vcpu, w->intid);
}

static bool rule_selects(const hs_fault *r, const fault_wire *w)
{
    return r->wire == w->kind && (r->vcpu < 0 || (unsigned)r->vcpu == w->vcpu) &&
           (r->intid < 0 || (unsigned)r->intid == w->intid);
}

static bool rule_fires(rule_state *rs, const fault_wire *w, hs_time now)
{
    const hs_fault_trigger *t = &rs->f->trigger;

    if (rs->f->limit && rs->acted >= rs->f->limit) {
        return false;
    }
    if (t->nth && rs->seen != t->nth) {
        return false;
    }
    if (t->has_window && (now < t->from || now >= t->to)) {
        return false;
    }
    if (t->has_reach) {
        uint32_t mine = w->vcpu < MAX_VCPUS ? 1u << w->vcpu : ~0u;
        if (!(rs->armed & mine)) {
            return false;
        }
        rs->armed &= ~mine;
    }
    if (t->probability < 1.0 && !(hs_prng_unit(&rs->prng) < t->probability)) {
        return false;
    }
    rs->acted++;
    return true;
}

static hs_time draw_delay(hs_fault_injector *f, rule_state *rs)
{
    const hs_fault *r = rs->f;
    uint64_t cycles = 0;

    switch (r->delay) {
    case HS_DELAY_FIXED: cycles = r->delay_a; break;
    case HS_DELAY_UNIFORM: cycles = hs_prng_range(&rs->prng, r->delay_a, r->delay_b); break;
    case HS_DELAY_EXPONENTIAL: cycles = hs_prng_exponential(&rs->prng, (double)r->delay_a); break;
    case HS_DELAY_UNTIL_EXIT:
    case HS_DELAY_UNTIL_SWITCH:
    case HS_DELAY_UNTIL_ADDR:
        break;
    }
    return hs_clock_ticks_to_time(&f->clock, cycles);
}

static void rising(fault_wire *w, hs_time now)
{
    hs_fault_injector *f = w->inj;
    const unsigned *idx = (const unsigned *)w->rules->data;
    rule_state *rs = NULL;

    for (unsigned i = 0; i < w->rules->len; i++) {
        f->rule[idx[i]].seen++;
    }
    w->mode = PULSE_PASS;
    w->rule = -1;
    w->rise_at = now;
    for (unsigned i = 0; i < w->rules->len && !rs; i++) {
        if (rule_fires(&f->rule[idx[i]], w, now)) {
            rs = &f->rule[idx[i]];
            w->rule = (int)idx[i];
        }
    }
    if (!rs) {
        line_edge(w, 1, now, -1, now);
        return;
    }
    f->count++;
    switch (rs->f->action) {
    case HS_FAULT_DELAY:
        if (rs->f->delay >= HS_DELAY_UNTIL_EXIT) {
            w->mode = PULSE_HOLD;
            emit(w, HS_FAULT_EV_HOLD, w->vcpu, w->rule, 0);
            if (!w->held) {
                w->held = true;
                w->hold_start = now;
                w->hold_kind = rs->f->delay;
                w->hold_addr = rs->until_addr;
            }
            line_edge(w, 1, now, w->rule, now);
        } else {
            w->mode = PULSE_DELAY;
            w->delay_ps = draw_delay(f, rs);
            emit(w, HS_FAULT_EV_HOLD, w->vcpu, w->rule, w->delay_ps);
            line_edge(w, 1, now + w->delay_ps, w->rule, now);
        }
        break;
    case HS_FAULT_DROP:
        w->mode = PULSE_DROP;
        emit(w, HS_FAULT_EV_DROP, HS_VCPU_NONE, w->rule, 0);
        break;
    case HS_FAULT_RETARGET: {
        int to = rs->f->to;
        w->mode = PULSE_RETARGET;
        if (to == HS_FAULT_TO_NEXT && w->vcpu < f->env.ncpu) {
            to = (int)((w->vcpu + 1) % f->env.ncpu);
        }
        w->to = to >= 0 ? peer_wire(w, (unsigned)to) : NULL;
        emit(w, HS_FAULT_EV_RETARGET, w->to ? w->to->vcpu : HS_VCPU_NONE, w->rule, 0);
        if (w->to) {
            w->to->extra++;
            drive(w->to);
        }
        break;
    }
    case HS_FAULT_DUPLICATE:
        w->mode = PULSE_DUPLICATE;
        line_edge(w, 1, now, -1, now);
        break;
    }
}

static void falling(fault_wire *w, hs_time now)
{
    hs_fault_injector *f = w->inj;

    switch (w->mode) {
    case PULSE_PASS:
    case PULSE_HOLD:
        line_edge(w, 0, now, -1, now);
        break;
    case PULSE_DELAY:
        line_edge(w, 0, now + w->delay_ps, -1, now);
        break;
    case PULSE_DROP:
        break;
    case PULSE_RETARGET:
        if (w->to) {
            assert(w->to->extra > 0);
            w->to->extra--;
            drive(w->to);
        }
        break;
    case PULSE_DUPLICATE: {
        hs_time gap = hs_clock_ticks_to_time(&f->clock, f->rule[w->rule].f->gap);
        hs_time width = now - w->rise_at;
        line_edge(w, 0, now, -1, now);
        queue(f, (action){ .t = now + gap, .vcpu = w->vcpu, .w = w, .kind = ACT_EXTRA_UP,
                           .rule = w->rule, .since = gap });
        queue(f, (action){ .t = now + gap + width, .vcpu = w->vcpu, .w = w,
                           .kind = ACT_EXTRA_DOWN, .rule = w->rule });
        break;
    }
    }
    w->mode = PULSE_PASS;
    w->to = NULL;
}

static void wire_set(void *opaque, int n, int level)
{
    fault_wire *w = opaque;
    hs_time now;

    (void)n;
    level = !!level;
    if (level == w->in) {
        return;
    }
    w->in = level;
    now = wire_now(w);
    if (level) {
        rising(w, now);
    } else {
        falling(w, now);
    }
}

/* ---- firing ------------------------------------------------------------------- */

static void run_action(hs_fault_injector *f, const action *a)
{
    fault_wire *w = a->w;

    switch (a->kind) {
    case ACT_EDGE:
        assert(w->inflight > 0);
        w->inflight--;
        apply_edge(w, a->level, a->rule, a->since);
        break;
    case ACT_EXTRA_UP:
        emit(w, HS_FAULT_EV_DUPLICATE, w->vcpu, a->rule, a->since);
        w->extra++;
        drive(w);
        break;
    case ACT_EXTRA_DOWN:
        assert(w->extra > 0);
        w->extra--;
        drive(w);
        break;
    case ACT_RELEASE:
        if (w->held && w->hold_start == a->since) {   /* not a later hold */
            release(w, a->t);
        }
        break;
    }
    (void)f;
}

/* Fires, in order, the actions due by `now` that belong to `vcpu` (every
 * action when vcpu is HS_VCPU_NONE). An action may queue others. */
static void fire(hs_fault_injector *f, unsigned vcpu, hs_time now)
{
    bool again = true;

    f->in_fire = true;
    while (again) {
        again = false;
        for (unsigned i = 0; i < f->actions->len; i++) {
            action a = g_array_index(f->actions, action, i);
            if (a.t > now) {
                break;
            }
            if (vcpu == HS_VCPU_NONE || a.vcpu == vcpu) {
                g_array_remove_index(f->actions, i);
                run_action(f, &a);
                again = true;
                break;
            }
        }
    }
    f->in_fire = false;
    rearm(f);
}

static void timer_fired(void *opaque, hs_time now)
{
    fire(opaque, HS_VCPU_NONE, now);
}

void hs_fault_injector_alarm(hs_fault_injector *f, unsigned vcpu, hs_time now)
{
    if (vcpu < MAX_VCPUS) {
        f->alarm[vcpu] = HS_TIME_NEVER;     /* spent */
    }
    fire(f, vcpu, now);
}

/* Holds of `kind` on the wires of vCPU `vcpu` (and on SPIs) end now: at the
 * vCPU's next block boundary, through its alarm, since the event is reported
 * from inside an exception entry or return. */
static void event_releases(hs_fault_injector *f, hs_fault_delay_kind kind, unsigned vcpu,
                           hs_time now)
{
    for (unsigned i = 0; i < f->wires->len; i++) {
        fault_wire *w = g_ptr_array_index(f->wires, i);
        if (w->held && w->hold_kind == kind && (w->vcpu == vcpu || w->vcpu == HS_VCPU_NONE)) {
            queue(f, (action){ .t = now, .vcpu = vcpu, .w = w, .kind = ACT_RELEASE,
                               .since = w->hold_start });
        }
    }
}

static void sink_record(void *opaque, const hs_record *r)
{
    hs_fault_injector *f = opaque;

    if (r->event == HS_EV_guest_exit) {
        event_releases(f, HS_DELAY_UNTIL_EXIT, r->vcpu, r->time_ps);
    } else if (r->event == HS_EV_guest_entry) {
        event_releases(f, HS_DELAY_UNTIL_SWITCH, r->vcpu, r->time_ps);
    }
}

hs_trace_sink hs_fault_injector_sink(hs_fault_injector *f)
{
    return (hs_trace_sink){ sink_record, f };
}

uint64_t hs_fault_injector_events(const hs_fault_injector *f)
{
    uint64_t mask = 0;
    for (unsigned i = 0; i < f->nrules; i++) {
        if (f->rule[i].f->action != HS_FAULT_DELAY) {
            continue;
        }
        if (f->rule[i].f->delay == HS_DELAY_UNTIL_EXIT) {
            mask |= UINT64_C(1) << HS_EV_guest_exit;
        } else if (f->rule[i].f->delay == HS_DELAY_UNTIL_SWITCH) {
            mask |= UINT64_C(1) << HS_EV_guest_entry;
        }
    }
    return mask;
}

/* A vCPU is about to execute addr: triggers at addr arm, and holds until addr
 * end at once, so that an interrupt they release is taken before it. */
void hs_fault_injector_reached(hs_fault_injector *f, unsigned vcpu, uint32_t addr)
{
    uint32_t bit = vcpu < MAX_VCPUS ? 1u << vcpu : 0;

    for (unsigned i = 0; i < f->nrules; i++) {
        rule_state *rs = &f->rule[i];
        if (rs->f->trigger.has_reach && rs->reach_addr == addr &&
            (rs->f->vcpu < 0 || (unsigned)rs->f->vcpu == vcpu) && !(rs->armed & bit)) {
            rs->armed |= bit;
            HS_TRACE(f->env.tracer, fault, vcpu, HS_FAULT_EV_ARM, 0, vcpu,
                     HS_FAULT_PARAM(i, addr));
        }
    }
    for (unsigned i = 0; i < f->wires->len; i++) {
        fault_wire *w = g_ptr_array_index(f->wires, i);
        if (w->held && w->hold_kind == HS_DELAY_UNTIL_ADDR && w->hold_addr == addr &&
            (w->vcpu == vcpu || w->vcpu == HS_VCPU_NONE)) {
            release(w, f->env.now(f->env.opaque, vcpu));
        }
    }
}

/* ---- construction ------------------------------------------------------------ */

static hs_fault_err locate(hs_fault_injector *f, const hs_fault *r, const char *key,
                           const hs_fault_loc *loc, uint32_t *addr, char **msg)
{
    uint64_t a = loc->offset;

    if (loc->symbol) {
        uint64_t base;
        if (!f->env.resolve || !f->env.resolve(f->env.opaque, loc->symbol, &base)) {
            if (msg) {
                *msg = g_strdup_printf("fault plan: [fault %s] (line %u): %s: the image has no "
                                       "symbol '%s'", r->name, r->line, key, loc->symbol);
            }
            return HS_FAULT_ERR_SYMBOL;
        }
        a = (base & ~UINT64_C(1)) + loc->offset;    /* the Thumb bit of a function */
    }
    if (a > UINT32_MAX || (a & 1)) {
        if (msg) {
            *msg = g_strdup_printf("fault plan: [fault %s] (line %u): %s: 0x%" G_GINT64_MODIFIER
                                   "x is not an instruction address", r->name, r->line, key, a);
        }
        return HS_FAULT_ERR_FIELD;
    }
    *addr = (uint32_t)a;
    if (!f->env.watch) {
        if (msg) {
            *msg = g_strdup_printf("fault plan: [fault %s] (line %u): %s: this machine cannot "
                                   "watch code addresses", r->name, r->line, key);
        }
        return HS_FAULT_ERR_WATCH;
    }
    if (g_hash_table_contains(f->watched, GUINT_TO_POINTER(*addr))) {
        return HS_FAULT_OK;
    }
    g_hash_table_add(f->watched, GUINT_TO_POINTER(*addr));
    return f->env.watch(f->env.opaque, *addr, msg) ? HS_FAULT_OK : HS_FAULT_ERR_WATCH;
}

hs_fault_err hs_fault_injector_new(const hs_fault_plan *plan, uint64_t seed,
                                   const hs_fault_env *env, hs_fault_injector **out, char **msg)
{
    hs_fault_injector *f = g_new0(hs_fault_injector, 1);
    uint64_t stream = seed;
    hs_fault_err e = HS_FAULT_OK;

    assert(env->eventq && env->now && env->ncpu >= 1 && env->cpu_clock_hz);
    *out = NULL;
    f->env = *env;
    f->clock.hz = env->cpu_clock_hz;
    f->wires = g_ptr_array_new();
    f->actions = g_array_new(FALSE, FALSE, sizeof(action));
    f->watched = g_hash_table_new(g_direct_hash, g_direct_equal);
    hs_timer_init(&f->timer, timer_fired, f);
    for (unsigned c = 0; c < MAX_VCPUS; c++) {
        f->alarm[c] = HS_TIME_NEVER;
    }
    f->rule = g_new0(rule_state, plan->nfaults);
    f->nrules = plan->nfaults;
    for (unsigned i = 0; i < plan->nfaults; i++) {
        /* One stream per fault: adding a fault leaves the others' draws alone. */
        f->rule[i].f = &plan->fault[i];
        hs_prng_seed(&f->rule[i].prng, hs_splitmix64(&stream));
    }
    for (unsigned i = 0; i < plan->nfaults && e == HS_FAULT_OK; i++) {
        const hs_fault *r = &plan->fault[i];
        rule_state *rs = &f->rule[i];
        if (r->vcpu >= (int)env->ncpu || r->to >= (int)env->ncpu) {
            if (msg) {
                *msg = g_strdup_printf("fault plan: [fault %s] (line %u): %s %d: the machine has "
                                       "%u vCPU%s", r->name, r->line,
                                       r->vcpu >= (int)env->ncpu ? "vcpu" : "to",
                                       r->vcpu >= (int)env->ncpu ? r->vcpu : r->to, env->ncpu,
                                       env->ncpu == 1 ? "" : "s");
            }
            e = HS_FAULT_ERR_FIELD;
            break;
        }
        if (r->trigger.has_reach) {
            e = locate(f, r, "trigger", &r->trigger.reach, &rs->reach_addr, msg);
        }
        if (e == HS_FAULT_OK && r->action == HS_FAULT_DELAY && r->delay == HS_DELAY_UNTIL_ADDR) {
            e = locate(f, r, "delay", &r->until, &rs->until_addr, msg);
        }
    }
    if (e != HS_FAULT_OK) {
        hs_fault_injector_free(f);
        return e;
    }
    *out = f;
    return HS_FAULT_OK;
}

void hs_fault_injector_free(hs_fault_injector *f)
{
    if (!f) {
        return;
    }
    hs_timer_cancel(f->env.eventq, &f->timer);
    for (unsigned i = 0; i < f->wires->len; i++) {
        fault_wire *w = g_ptr_array_index(f->wires, i);
        g_array_unref(w->held_edges);
        g_array_unref(w->rules);
        g_free(w);
    }
    g_ptr_array_unref(f->wires);
    g_array_unref(f->actions);
    g_hash_table_unref(f->watched);
    g_free(f->rule);
    g_free(f);
}

static fault_wire *new_wire(hs_fault_injector *f, hs_fault_wire_kind kind, unsigned vcpu,
                            unsigned intid, hs_irq down)
{
    fault_wire *w = g_new0(fault_wire, 1);

    w->inj = f;
    w->kind = kind;
    w->vcpu = vcpu;
    w->intid = intid;
    w->down = down;
    w->rule = -1;
    w->held_edges = g_array_new(FALSE, FALSE, sizeof(held_edge));
    w->rules = g_array_new(FALSE, FALSE, sizeof(unsigned));
    for (unsigned i = 0; i < f->nrules; i++) {
        if (rule_selects(f->rule[i].f, w)) {
            g_array_append_val(w->rules, i);
        }
    }
    g_ptr_array_add(f->wires, w);
    return w;
}

hs_irq hs_fault_injector_wire(hs_fault_injector *f, hs_fault_wire_kind kind, unsigned vcpu,
                              unsigned intid, hs_irq down)
{
    assert(kind < HS_WIRE__COUNT && kind != HS_WIRE_SGI && !find_wire(f, kind, vcpu, intid));
    return hs_irq_make(wire_set, new_wire(f, kind, vcpu, intid, down), 0);
}

/* The receiving end of an SGI wire: the rising edge latches the SGI. */
static void sgi_latch(void *opaque, int n, int level)
{
    fault_wire *w = opaque;

    (void)n;
    if (level && w->inj->sgi_down) {
        w->inj->sgi_down(w->inj->sgi_opaque, w->source, w->vcpu, w->intid);
    }
}

static fault_wire *sgi_wire(hs_fault_injector *f, unsigned source, unsigned target,
                            unsigned intid)
{
    fault_wire **slot;

    assert(source < MAX_VCPUS && target < MAX_VCPUS && intid < NR_SGI);
    slot = &f->sgi[source][target][intid];
    if (!*slot) {
        *slot = new_wire(f, HS_WIRE_SGI, target, intid, HS_IRQ_NONE);
        (*slot)->source = source;
        (*slot)->down = hs_irq_make(sgi_latch, *slot, 0);
    }
    return *slot;
}

void hs_fault_injector_connect_sgi(hs_fault_injector *f, hs_fault_sgi_fn down, void *opaque)
{
    f->sgi_down = down;
    f->sgi_opaque = opaque;
}

/* The SGI is one delivery, a pulse of no width: it rises and falls now. */
void hs_fault_injector_sgi(hs_fault_injector *f, unsigned source, unsigned target,
                           unsigned intid)
{
    fault_wire *w;

    assert(source < f->env.ncpu && target < f->env.ncpu);
    w = sgi_wire(f, source, target, intid);
    wire_set(w, 0, 1);
    wire_set(w, 0, 0);
}

void hs_fault_injector_reset(hs_fault_injector *f)
{
    g_array_set_size(f->actions, 0);
    for (unsigned i = 0; i < f->wires->len; i++) {
        fault_wire *w = g_ptr_array_index(f->wires, i);
        w->mode = PULSE_PASS;
        w->rule = -1;
        w->to = NULL;
        w->inflight = 0;
        w->tail = 0;
        w->held = false;
        g_array_set_size(w->held_edges, 0);
        w->extra = 0;
        w->path = w->in;
        w->out = w->in;
        hs_irq_set(&w->down, w->out);
    }
    for (unsigned i = 0; i < f->nrules; i++) {
        f->rule[i].armed = 0;
    }
    rearm(f);
}

uint64_t hs_fault_injector_count(const hs_fault_injector *f)
{
    return f->count;
}
