#include "sim/fault_machine.h"

#include <glib.h>

#include "traces/symbols.h"

/* The seed when neither the options nor the plan give one. */
#define DEFAULT_SEED 1

struct hs_machine_faults {
    hs_machine_faults_config cfg;
    hs_fault_plan *plan;
    hs_fault_injector *inj;
    hs_symtab *syms;
    char *syms_error;        /* why the image's symbols could not be read */
    char *seed_text;
};

bool hs_machine_faults_wanted(const hs_options *o)
{
    return o->fault_plan || o->fault_plan_text || (o->faults && o->faults[0]);
}

static hs_time env_now(void *opaque, unsigned vcpu)
{
    hs_machine_faults *m = opaque;
    if (vcpu < m->cfg.ncpu) {
        return hs_cluster_local_time(m->cfg.cpus, vcpu);
    }
    return m->cfg.eventq->now;
}

static void alarm_fired(void *opaque, unsigned cpu, hs_time now)
{
    hs_machine_faults *m = opaque;
    hs_fault_injector_alarm(m->inj, cpu, now);
}

static void env_set_alarm(void *opaque, unsigned vcpu, hs_time when)
{
    hs_machine_faults *m = opaque;
    hs_cluster_set_alarm(m->cfg.cpus, vcpu, when, alarm_fired, m);
}

static void watch_fired(void *opaque, unsigned cpu, uint32_t addr)
{
    hs_machine_faults *m = opaque;
    hs_fault_injector_reached(m->inj, cpu, addr);
}

static bool env_watch(void *opaque, uint32_t addr, char **msg)
{
    hs_machine_faults *m = opaque;
    return hs_cluster_watch(m->cfg.cpus, addr, watch_fired, m, msg);
}

static bool env_resolve(void *opaque, const char *symbol, uint64_t *addr)
{
    hs_machine_faults *m = opaque;
    if (!m->syms && !m->syms_error) {
        if (!m->cfg.elf) {
            m->syms_error = g_strdup("a raw image has no symbols");
        } else {
            m->syms = hs_symtab_open(m->cfg.elf, &m->syms_error);
        }
    }
    return m->syms && hs_symtab_find(m->syms, symbol, addr);
}

static hs_err plan_error(char **msg, hs_err err, char *m)
{
    if (msg) {
        *msg = m;
    } else {
        g_free(m);
    }
    return err;
}

hs_err hs_machine_faults_new(const hs_options *o, const hs_machine_faults_config *cfg,
                             hs_machine_faults **out, char **msg)
{
    hs_machine_faults *m;
    hs_fault_env env;
    hs_fault_err fe = HS_FAULT_OK;
    char *fm = NULL;
    uint64_t seed;

    *out = NULL;
    if (!hs_machine_faults_wanted(o)) {
        return HS_OK;
    }
    m = g_new0(hs_machine_faults, 1);
    m->cfg = *cfg;
    m->plan = hs_fault_plan_new();
    if (o->fault_plan) {
        fe = hs_fault_plan_add_file(m->plan, o->fault_plan, &fm);
    }
    if (fe == HS_FAULT_OK && o->fault_plan_text) {
        fe = hs_fault_plan_add_text(m->plan, "the log's fault plan", o->fault_plan_text, &fm);
    }
    for (unsigned i = 0; fe == HS_FAULT_OK && o->faults && o->faults[i]; i++) {
        fe = hs_fault_plan_add_spec(m->plan, o->faults[i], i + 1, &fm);
    }
    if (fe != HS_FAULT_OK) {
        hs_machine_faults_free(m);
        return plan_error(msg, HS_ERR_FAULT_PLAN, fm);
    }
    seed = o->has_seed ? o->seed : m->plan->has_seed ? m->plan->seed : DEFAULT_SEED;
    m->seed_text = g_strdup_printf("%" G_GUINT64_FORMAT, seed);
    env = (hs_fault_env){
        .eventq = cfg->eventq,
        .tracer = cfg->tracer,
        .ncpu = cfg->ncpu,
        .cpu_clock_hz = cfg->cpu_clock_hz,
        .opaque = m,
        .now = env_now,
        .set_alarm = env_set_alarm,
        .watch = env_watch,
        .resolve = env_resolve,
    };
    fe = hs_fault_injector_new(m->plan, seed, &env, &m->inj, &fm);
    if (fe == HS_FAULT_ERR_SYMBOL && m->syms_error) {
        char *both = g_strdup_printf("%s (%s)", fm, m->syms_error);
        g_free(fm);
        fm = both;
    }
    if (fe != HS_FAULT_OK) {
        hs_machine_faults_free(m);
        return plan_error(msg, HS_ERR_FAULT_PLAN, fm);
    }
    if (hs_fault_injector_events(m->inj)) {
        hs_tracer_add_observer(cfg->tracer, hs_fault_injector_sink(m->inj));
    }
    *out = m;
    return HS_OK;
}

void hs_machine_faults_free(hs_machine_faults *m)
{
    if (!m) {
        return;
    }
    hs_fault_injector_free(m->inj);
    hs_fault_plan_free(m->plan);
    hs_symtab_free(m->syms);
    g_free(m->syms_error);
    g_free(m->seed_text);
    g_free(m);
}

hs_irq hs_machine_faults_wire(hs_machine_faults *m, hs_fault_wire_kind kind, unsigned vcpu,
                              unsigned intid, hs_irq down)
{
    return m ? hs_fault_injector_wire(m->inj, kind, vcpu, intid, down) : down;
}

static void sgi_generated(void *opaque, unsigned source, unsigned target, unsigned intid)
{
    hs_machine_faults *m = opaque;
    hs_fault_injector_sgi(m->inj, source, target, intid);
}

static void sgi_latch(void *opaque, unsigned source, unsigned target, unsigned intid)
{
    hs_gic_sgi_in(opaque, source, target, intid);
}

void hs_machine_faults_connect_sgi(hs_machine_faults *m, hs_gic *gic)
{
    if (m) {
        hs_fault_injector_connect_sgi(m->inj, sgi_latch, gic);
        hs_gic_connect_sgi(gic, sgi_generated, m);
    }
}

void hs_machine_faults_reset(hs_machine_faults *m)
{
    if (m) {
        hs_fault_injector_reset(m->inj);
    }
}

const char *hs_machine_faults_plan_text(const hs_machine_faults *m)
{
    return m ? m->plan->text : NULL;
}

const char *hs_machine_faults_seed_text(const hs_machine_faults *m)
{
    return m ? m->seed_text : NULL;
}
