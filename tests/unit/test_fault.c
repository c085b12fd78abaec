/* Fault injection: the PRNG against its authors' reference outputs, the plan
 * parser (good plans, and every malformed field named with its line), and the
 * injector on fake wires with a real event queue and a fake clock. */
#include <string.h>

#include <glib.h>

#include "hs_config.h"
#include "sim/fault.h"
#include "sim/prng.h"

/* ---- PRNG ------------------------------------------------------------------- */

/* SplitMix64 (Steele, Lea, Flood), seed 1234567: the outputs of the reference
 * splitmix64.c (also the Rosetta Code task's published values). */
static void test_splitmix64(void)
{
    static const uint64_t want[] = {
        UINT64_C(6457827717110365317), UINT64_C(3203168211198807973),
        UINT64_C(9817491932198370423), UINT64_C(4593380528125082431),
        UINT64_C(16408922859458223821),
    };
    uint64_t s = 1234567;
    for (unsigned i = 0; i < G_N_ELEMENTS(want); i++) {
        g_assert_cmpuint(hs_splitmix64(&s), ==, want[i]);
    }
}

/* xoshiro256** 1.0 from the state {1, 2, 3, 4}: the outputs of the reference
 * xoshiro256starstar.c (the vector the rand_xoshiro crate checks). */
static void test_xoshiro256ss(void)
{
    static const uint64_t want[] = {
        UINT64_C(11520), UINT64_C(0), UINT64_C(1509978240), UINT64_C(1215971899390074240),
        UINT64_C(1216172134540287360), UINT64_C(607988272756665600),
        UINT64_C(16172922978634559625), UINT64_C(8476171486693032832),
        UINT64_C(10595114339597558777), UINT64_C(2904607092377533576),
    };
    hs_prng p = { { 1, 2, 3, 4 } };
    for (unsigned i = 0; i < G_N_ELEMENTS(want); i++) {
        g_assert_cmpuint(hs_prng_next(&p), ==, want[i]);
    }
}

/* Seeding fills the state with SplitMix64's outputs; ranges stay in range. */
static void test_prng_seed_and_range(void)
{
    hs_prng p;
    uint64_t s = 1234567;

    hs_prng_seed(&p, 1234567);
    for (unsigned i = 0; i < 4; i++) {
        g_assert_cmpuint(p.s[i], ==, hs_splitmix64(&s));
    }
    for (unsigned i = 0; i < 10000; i++) {
        uint64_t v = hs_prng_range(&p, 100, 107);
        double u = hs_prng_unit(&p);
        g_assert_cmpuint(v, >=, 100);
        g_assert_cmpuint(v, <=, 107);
        g_assert_cmpfloat(u, >=, 0.0);
        g_assert_cmpfloat(u, <, 1.0);
    }
    g_assert_cmpuint(hs_prng_range(&p, 5, 5), ==, 5);
}

/* ---- the plan ---------------------------------------------------------------- */

static const char good_plan[] =
    "# a plan\n"
    "[plan]\n"
    "seed = 42\n"
    "\n"
    "[fault late]\n"
    "wire = maintenance\n"
    "vcpu = 1\n"
    "action = delay\n"
    "delay = uniform:100-900\n"
    "trigger = probability:0.25;window:10us-20us\n"
    "limit = 3\n"
    "\n"
    "[fault gone]\n"
    "wire = spi\n"
    "intid = 33\n"
    "action = drop\n"
    "trigger = nth:2\n"
    "\n"
    "[fault elsewhere]\n"
    "wire = ppi\n"
    "intid = 27\n"
    "action = retarget\n"
    "to = next\n"
    "\n"
    "[fault twice]\n"
    "wire = virq\n"
    "action = duplicate\n"
    "gap = 50\n"
    "\n"
    "[fault window]\n"
    "wire = maint\n"
    "action = delay\n"
    "delay = until:vgic_sync+0x40\n"
    "trigger = reach:0x40001000\n"
    "\n"
    "[fault kick]\n"
    "wire = sgi\n"
    "vcpu = 1\n"
    "intid = 15\n"
    "action = retarget\n"
    "to = none\n";

static void test_plan_good(void)
{
    hs_fault_plan *p = hs_fault_plan_new();
    char *msg = NULL;
    const hs_fault *f;

    g_assert_cmpint(hs_fault_plan_add_text(p, "good.plan", good_plan, &msg), ==, HS_FAULT_OK);
    g_assert_null(msg);
    g_assert_true(p->has_seed);
    g_assert_cmpuint(p->seed, ==, 42);
    g_assert_cmpuint(p->nfaults, ==, 6);

    f = &p->fault[0];
    g_assert_cmpstr(f->name, ==, "late");
    g_assert_cmpuint(f->line, ==, 5);
    g_assert_cmpint(f->wire, ==, HS_WIRE_MAINT);
    g_assert_cmpint(f->vcpu, ==, 1);
    g_assert_cmpint(f->action, ==, HS_FAULT_DELAY);
    g_assert_cmpint(f->delay, ==, HS_DELAY_UNIFORM);
    g_assert_cmpuint(f->delay_a, ==, 100);
    g_assert_cmpuint(f->delay_b, ==, 900);
    g_assert_cmpfloat(f->trigger.probability, ==, 0.25);
    g_assert_true(f->trigger.has_window);
    g_assert_cmpuint(f->trigger.from, ==, 10 * HS_PS_PER_US);
    g_assert_cmpuint(f->trigger.to, ==, 20 * HS_PS_PER_US);
    g_assert_cmpuint(f->limit, ==, 3);

    f = &p->fault[1];
    g_assert_cmpint(f->wire, ==, HS_WIRE_SPI);
    g_assert_cmpint(f->intid, ==, 33);
    g_assert_cmpint(f->action, ==, HS_FAULT_DROP);
    g_assert_cmpuint(f->trigger.nth, ==, 2);
    g_assert_cmpuint(f->limit, ==, 1);       /* nth acts once */

    f = &p->fault[2];
    g_assert_cmpint(f->wire, ==, HS_WIRE_PPI);
    g_assert_cmpint(f->intid, ==, 27);
    g_assert_cmpint(f->vcpu, ==, -1);
    g_assert_cmpint(f->to, ==, HS_FAULT_TO_NEXT);

    f = &p->fault[3];
    g_assert_cmpint(f->wire, ==, HS_WIRE_VIRQ);
    g_assert_cmpint(f->action, ==, HS_FAULT_DUPLICATE);
    g_assert_cmpuint(f->gap, ==, 50);
    g_assert_cmpuint(f->limit, ==, 0);

    f = &p->fault[4];
    g_assert_cmpint(f->delay, ==, HS_DELAY_UNTIL_ADDR);
    g_assert_cmpstr(f->until.symbol, ==, "vgic_sync");
    g_assert_cmpuint(f->until.offset, ==, 0x40);
    g_assert_true(f->trigger.has_reach);
    g_assert_null(f->trigger.reach.symbol);
    g_assert_cmpuint(f->trigger.reach.offset, ==, 0x40001000);

    f = &p->fault[5];
    g_assert_cmpstr(f->name, ==, "kick");
    g_assert_cmpint(f->wire, ==, HS_WIRE_SGI);
    g_assert_cmpint(f->vcpu, ==, 1);
    g_assert_cmpint(f->intid, ==, 15);
    g_assert_cmpint(f->action, ==, HS_FAULT_RETARGET);
    g_assert_cmpint(f->to, ==, HS_FAULT_TO_NONE);

    g_assert_cmpstr(p->text, ==, good_plan);
    hs_fault_plan_free(p);
}

static void test_plan_specs(void)
{
    hs_fault_plan *p = hs_fault_plan_new();
    hs_fault_plan *again = hs_fault_plan_new();
    char *msg = NULL;

    g_assert_cmpint(hs_fault_plan_add_spec(p, "wire=maintenance, action=delay,delay=until-exit",
                                           1, &msg), ==, HS_FAULT_OK);
    g_assert_cmpint(hs_fault_plan_add_spec(p, "wire=irq,vcpu=0,action=drop,trigger=nth:3,"
                                              "trigger=window:1us-", 2, &msg), ==, HS_FAULT_OK);
    g_assert_cmpuint(p->nfaults, ==, 2);
    g_assert_cmpstr(p->fault[0].name, ==, "--fault 1");
    g_assert_cmpint(p->fault[0].delay, ==, HS_DELAY_UNTIL_EXIT);
    g_assert_cmpuint(p->fault[1].trigger.nth, ==, 3);
    g_assert_true(p->fault[1].trigger.has_window);
    g_assert_cmpuint(p->fault[1].trigger.from, ==, HS_PS_PER_US);
    g_assert_cmpuint(p->fault[1].trigger.to, ==, HS_TIME_NEVER);

    /* The plan's text reads back as the same plan (what a replay does). */
    g_assert_cmpint(hs_fault_plan_add_text(again, "header", p->text, &msg), ==, HS_FAULT_OK);
    g_assert_cmpuint(again->nfaults, ==, 2);
    g_assert_cmpstr(again->fault[1].name, ==, "--fault 2");
    g_assert_cmpuint(again->fault[1].trigger.nth, ==, 3);
    hs_fault_plan_free(p);
    hs_fault_plan_free(again);
}

typedef struct bad_case {
    const char *text;
    const char *want;        /* the whole message */
} bad_case;

/* Each malformed field is named with its line (group header: line 1). */
static const bad_case bad_plans[] = {
    { "[fault a]\nwire = maintenance\naction = delay\ndelay = 5x\n",
      "p.plan: line 4: [fault a] delay: '5x' is not a delay: give cycles (500), "
      "uniform:LO-HI, exp:MEAN, until-exit, until-switch or until:LOCATION" },
    { "[fault a]\nwire = maintenance\naction = delay\ndelay = uniform:9-3\n",
      "p.plan: line 4: [fault a] delay: 'uniform:9-3' is not a uniform delay: give "
      "uniform:LO-HI with cycles LO <= HI" },
    { "[fault a]\nwire = maintenance\naction = delay\ndelay = exp:0\n",
      "p.plan: line 4: [fault a] delay: 'exp:0' is not an exponential delay: give exp:MEAN "
      "with a mean of at least 1 cycle" },
    { "[fault a]\nwire = maintenance\naction = delay\ndelay = until:9sym\n",
      "p.plan: line 4: [fault a] delay: '9sym' is not a location: give an address "
      "(0x40001234), a symbol (vgic_sync) or symbol+offset (vgic_sync+0x40)" },
    { "\n[fault a]\nwire = maintenance\naction = delay\n",
      "p.plan: line 2: [fault a]: action = delay needs a 'delay' key: give cycles (500), "
      "uniform:LO-HI, exp:MEAN, until-exit, until-switch or until:LOCATION" },
    { "[fault a]\nwire = mintenance\naction = drop\n",
      "p.plan: line 2: [fault a] wire: 'mintenance' is not a wire: give maintenance, sgi, ppi, "
      "spi, irq, fiq, virq or vfiq" },
    { "[fault a]\naction = drop\n",
      "p.plan: line 1: [fault a]: no 'wire' key: give maintenance, sgi, ppi, spi, irq, fiq, "
      "virq or vfiq" },
    { "[fault a]\nwire = irq\n",
      "p.plan: line 1: [fault a]: no 'action' key: give delay, drop, duplicate or retarget" },
    { "[fault a]\nwire = irq\naction = stall\n",
      "p.plan: line 3: [fault a] action: 'stall' is not an action: give delay, drop, "
      "duplicate or retarget" },
    { "[fault a]\nwire = irq\nvcpu = 9\naction = drop\n",
      "p.plan: line 3: [fault a] vcpu: '9' is not a vCPU: give 0 to 7, or all" },
    { "[fault a]\nwire = spi\nvcpu = 0\naction = drop\n",
      "p.plan: line 3: [fault a] vcpu: an SPI wire belongs to no vCPU: leave vcpu out" },
    { "[fault a]\nwire = ppi\nintid = 33\naction = drop\n",
      "p.plan: line 3: [fault a] intid: '33' is not a PPI: give 16 to 31, or all" },
    { "[fault a]\nwire = spi\nintid = 20\naction = drop\n",
      "p.plan: line 3: [fault a] intid: '20' is not an SPI: give 32 to 1019, or all" },
    { "[fault a]\nwire = sgi\nintid = 16\naction = drop\n",
      "p.plan: line 3: [fault a] intid: '16' is not an SGI: give 0 to 15, or all" },
    { "\n[fault a]\nwire = sgi\nvcpu = 8\naction = drop\n",
      "p.plan: line 4: [fault a] vcpu: '8' is not a vCPU: give 0 to 7, or all" },
    { "[fault a]\nwire = sgi\naction = retarget\nto = elsewhere\n",
      "p.plan: line 4: [fault a] to: 'elsewhere' is not a target: give a vCPU (0 to 7), next "
      "or none" },
    { "[fault a]\nwire = sgi\naction = duplicate\ngap = -1\n",
      "p.plan: line 4: [fault a] gap: '-1' is not a number of cycles" },
    { "[fault a]\nwire = irq\nintid = 20\naction = drop\n",
      "p.plan: line 3: [fault a] intid: only sgi, ppi and spi wires are chosen by intid" },
    { "[fault a]\nwire = irq\naction = drop\ndelay = 5\n",
      "p.plan: line 4: [fault a] delay: only action = delay takes a delay" },
    { "[fault a]\nwire = irq\naction = drop\nto = 1\n",
      "p.plan: line 4: [fault a] to: only action = retarget takes 'to'" },
    { "[fault a]\nwire = irq\naction = drop\ngap = 1\n",
      "p.plan: line 4: [fault a] gap: only action = duplicate takes a gap" },
    { "[fault a]\nwire = irq\naction = duplicate\ngap = soon\n",
      "p.plan: line 4: [fault a] gap: 'soon' is not a number of cycles" },
    { "[fault a]\nwire = irq\naction = retarget\n",
      "p.plan: line 1: [fault a]: action = retarget needs a 'to' key: a vCPU (0 to 7), next "
      "or none" },
    { "[fault a]\nwire = irq\naction = retarget\nto = 8\n",
      "p.plan: line 4: [fault a] to: '8' is not a target: give a vCPU (0 to 7), next or none" },
    { "[fault a]\nwire = spi\naction = retarget\nto = 1\n",
      "p.plan: line 4: [fault a] to: an SPI wire belongs to no vCPU and can only be "
      "retargeted to none (GICD_ITARGETSR picks its CPU)" },
    { "[fault a]\nwire = irq\naction = drop\ntrigger = nth:0\n",
      "p.plan: line 4: [fault a] trigger: 'nth:0': give nth:N with N >= 1 (1 is the first "
      "delivery)" },
    { "[fault a]\nwire = irq\naction = drop\ntrigger = probability:1.5\n",
      "p.plan: line 4: [fault a] trigger: 'probability:1.5': give probability:P with "
      "0 < P <= 1" },
    { "[fault a]\nwire = irq\naction = drop\ntrigger = nth:2;window:20us-10us\n",
      "p.plan: line 4: [fault a] trigger: 'window:20us-10us': give window:FROM-TO in "
      "simulated time (10us-20us; TO may be left out), FROM < TO" },
    { "[fault a]\nwire = irq\naction = drop\ntrigger = reach:\n",
      "p.plan: line 4: [fault a] trigger: '' is not a location: give an address "
      "(0x40001234), a symbol (vgic_sync) or symbol+offset (vgic_sync+0x40)" },
    { "[fault a]\nwire = irq\naction = drop\ntrigger = sometimes\n",
      "p.plan: line 4: [fault a] trigger: 'sometimes' is not a trigger: give always, nth:N, "
      "probability:P, window:FROM-TO or reach:LOCATION, several joined by ';'" },
    { "[fault a]\nwire = irq\naction = drop\nlimit = 0\n",
      "p.plan: line 4: [fault a] limit: '0' is not a positive number of deliveries" },
    { "[fault a]\nwire = irq\naction = drop\ndealy = 5\n",
      "p.plan: line 4: [fault a] dealy: unknown key (known: wire, vcpu, intid, action, delay, "
      "to, gap, trigger, limit)" },
    { "[plan]\nseed = many\n",
      "p.plan: line 2: [plan] seed: 'many' is not a number" },
    { "[faults]\nwire = irq\n",
      "p.plan: line 1: [faults]: unknown group: give [plan] or [fault NAME]" },
    { "[fault a]\nwire = irq\naction = drop\n[fault a]\nwire = fiq\n",
      "p.plan: line 4: [fault a] appears again (first at line 1): give each fault its own "
      "name" },
    { "[fault a]\nwire = irq\naction = drop\naction = delay\n",
      "p.plan: line 4: [fault a] action: given again (first at line 3)" },
};

static void test_plan_bad_fields(void)
{
    for (unsigned i = 0; i < G_N_ELEMENTS(bad_plans); i++) {
        hs_fault_plan *p = hs_fault_plan_new();
        char *msg = NULL;
        g_test_message("case %u: %s", i, bad_plans[i].want);
        g_assert_cmpint(hs_fault_plan_add_text(p, "p.plan", bad_plans[i].text, &msg), ==,
                        HS_FAULT_ERR_FIELD);
        g_assert_cmpstr(msg, ==, bad_plans[i].want);
        g_assert_cmpuint(p->nfaults, ==, 0);
        g_free(msg);
        hs_fault_plan_free(p);
    }
}

static void test_plan_bad_syntax_and_specs(void)
{
    hs_fault_plan *p = hs_fault_plan_new();
    char *msg = NULL;

    /* A syntax error: GLib's message, which names the line's text. */
    g_assert_cmpint(hs_fault_plan_add_text(p, "p.plan", "[fault a]\nwire maintenance\n", &msg),
                    ==, HS_FAULT_ERR_SYNTAX);
    g_assert_true(g_str_has_prefix(msg, "p.plan: "));
    g_assert_nonnull(strstr(msg, "wire maintenance"));
    g_free(msg);
    msg = NULL;

    g_assert_cmpint(hs_fault_plan_add_spec(p, "wire=maintenance,action=delay,delay=5x", 3, &msg),
                    ==, HS_FAULT_ERR_FIELD);
    g_assert_cmpstr(msg, ==, "--fault 3: delay: '5x' is not a delay: give cycles (500), "
                             "uniform:LO-HI, exp:MEAN, until-exit, until-switch or "
                             "until:LOCATION");
    g_free(msg);
    msg = NULL;
    g_assert_cmpint(hs_fault_plan_add_spec(p, "wire=irq,drop", 1, &msg), ==, HS_FAULT_ERR_FIELD);
    g_assert_cmpstr(msg, ==, "--fault 1: 'drop' is not key=value");
    g_free(msg);
    msg = NULL;
    g_assert_cmpint(hs_fault_plan_add_spec(p, "wire=irq,action=drop,wire=fiq", 1, &msg), ==,
                    HS_FAULT_ERR_FIELD);
    g_assert_cmpstr(msg, ==, "--fault 1: wire: given twice");
    g_free(msg);
    msg = NULL;
    g_assert_cmpint(hs_fault_plan_add_spec(p, "wire=irq", 2, &msg), ==, HS_FAULT_ERR_FIELD);
    g_assert_cmpstr(msg, ==, "--fault 2: no 'action' key: give delay, drop, duplicate or "
                             "retarget");
    g_free(msg);
    g_assert_cmpuint(p->nfaults, ==, 0);
    g_assert_cmpstr(p->text, ==, "");
    hs_fault_plan_free(p);
}

static void test_parse_time(void)
{
    hs_time t;
    g_assert_true(hs_fault_parse_time("1500", &t));
    g_assert_cmpuint(t, ==, 1500);
    g_assert_true(hs_fault_parse_time("2.5us", &t));
    g_assert_cmpuint(t, ==, 2500000);
    g_assert_true(hs_fault_parse_time("250ns", &t));
    g_assert_cmpuint(t, ==, 250000);
    g_assert_true(hs_fault_parse_time("1s", &t));
    g_assert_cmpuint(t, ==, HS_PS_PER_S);
    g_assert_false(hs_fault_parse_time("1.5", &t));
    g_assert_false(hs_fault_parse_time("us", &t));
    g_assert_false(hs_fault_parse_time("3 parsecs", &t));
}

/* ---- the injector -------------------------------------------------------------- */

/* A fake machine: one clock for every vCPU, a real event queue, downstream
 * ends that log their level changes, and a tracer sink that logs fault events. */
typedef struct edge {
    unsigned wire;
    int level;
    hs_time t;
} edge;

/* An SGI latched at its target (the GIC's hs_gic_sgi_in). */
typedef struct latch {
    unsigned source, target, intid;
    hs_time t;
} latch;

typedef struct fake {
    hs_eventq q;
    hs_tracer tracer;
    hs_time now;
    GArray *edges;           /* of edge */
    GArray *latches;         /* of latch */
    GArray *faults;          /* of hs_record */
    hs_time alarm[8];
    GArray *watched;         /* of uint32_t */
    hs_fault_plan *plan;
    hs_fault_injector *inj;
    hs_irq in[8];            /* the sources' ends */
} fake;

#define ONE_GHZ UINT64_C(1000000000)       /* a cycle is 1000 ps */

/* The test's clock, or the event queue's while it fires. */
static hs_time fake_time(const fake *f)
{
    return f->q.now > f->now ? f->q.now : f->now;
}

static hs_time fake_now(void *opaque, unsigned vcpu)
{
    (void)vcpu;
    return fake_time(opaque);
}

static uint64_t fake_trace_now(void *opaque, unsigned vcpu)
{
    (void)vcpu;
    return fake_time(opaque);
}

static void fake_set_alarm(void *opaque, unsigned vcpu, hs_time when)
{
    ((fake *)opaque)->alarm[vcpu] = when;
}

static bool fake_watch(void *opaque, uint32_t addr, char **msg)
{
    (void)msg;
    g_array_append_val(((fake *)opaque)->watched, addr);
    return true;
}

static bool fake_resolve(void *opaque, const char *symbol, uint64_t *addr)
{
    (void)opaque;
    if (!strcmp(symbol, "window")) {
        *addr = 0x40002001;          /* a Thumb function */
        return true;
    }
    return false;
}

static void down_set(void *opaque, int n, int level)
{
    fake *f = opaque;
    edge e = { (unsigned)n, level, fake_time(f) };
    g_array_append_val(f->edges, e);
}

static void sgi_latched(void *opaque, unsigned source, unsigned target, unsigned intid)
{
    fake *f = opaque;
    latch l = { source, target, intid, fake_time(f) };
    g_array_append_val(f->latches, l);
}

static void fault_sink(void *opaque, const hs_record *r)
{
    fake *f = opaque;
    if (r->event == HS_EV_fault) {
        g_array_append_val(f->faults, *r);
    }
}

/* Wires 0..ncpu-1: the maintenance wires of vCPUs 0..; wire 4: SPI 33; SGIs
 * through hs_fault_injector_sgi(), latched into f->latches. */
static void fake_init(fake *f, const char *plan_text, uint64_t seed, unsigned ncpu)
{
    char *msg = NULL;
    hs_fault_env env;

    memset(f, 0, sizeof *f);
    hs_eventq_init(&f->q);
    hs_tracer_init(&f->tracer);
    f->tracer.now_ps = fake_trace_now;
    f->tracer.clock_opaque = f;
    g_assert_cmpint(hs_tracer_select(&f->tracer, "fault", &(const char *){ NULL }), ==, 0);
    hs_tracer_add_sink(&f->tracer, (hs_trace_sink){ fault_sink, f });
    f->edges = g_array_new(FALSE, FALSE, sizeof(edge));
    f->latches = g_array_new(FALSE, FALSE, sizeof(latch));
    f->faults = g_array_new(FALSE, FALSE, sizeof(hs_record));
    f->watched = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    for (unsigned i = 0; i < 8; i++) {
        f->alarm[i] = HS_TIME_NEVER;
    }
    f->plan = hs_fault_plan_new();
    g_assert_cmpint(hs_fault_plan_add_text(f->plan, "test", plan_text, &msg), ==, HS_FAULT_OK);
    env = (hs_fault_env){ .eventq = &f->q, .tracer = &f->tracer, .ncpu = ncpu,
                          .cpu_clock_hz = ONE_GHZ, .opaque = f, .now = fake_now,
                          .set_alarm = fake_set_alarm, .watch = fake_watch,
                          .resolve = fake_resolve };
    g_assert_cmpint(hs_fault_injector_new(f->plan, seed, &env, &f->inj, &msg), ==, HS_FAULT_OK);
    for (unsigned c = 0; c < ncpu; c++) {
        f->in[c] = hs_fault_injector_wire(f->inj, HS_WIRE_MAINT, c, 25,
                                          hs_irq_make(down_set, f, (int)c));
    }
    f->in[4] = hs_fault_injector_wire(f->inj, HS_WIRE_SPI, HS_VCPU_NONE, 33,
                                      hs_irq_make(down_set, f, 4));
    hs_fault_injector_connect_sgi(f->inj, sgi_latched, f);
}

static void fake_free(fake *f)
{
    hs_fault_injector_free(f->inj);
    hs_fault_plan_free(f->plan);
    hs_eventq_destroy(&f->q);
    g_array_unref(f->edges);
    g_array_unref(f->latches);
    g_array_unref(f->faults);
    g_array_unref(f->watched);
}

/* Time passes to t: the event queue fires what is due (a quantum end). */
static void advance(fake *f, hs_time t)
{
    hs_eventq_run_until(&f->q, t);
    f->now = t;
}

static void set_at(fake *f, unsigned wire, hs_time t, int level)
{
    advance(f, t);
    hs_irq_set(&f->in[wire], level);
}

static void pulse(fake *f, unsigned wire, hs_time rise, hs_time fall)
{
    set_at(f, wire, rise, 1);
    set_at(f, wire, fall, 0);
}

static void assert_edges(const fake *f, const edge *want, unsigned n)
{
    for (unsigned i = 0; i < n && i < f->edges->len; i++) {
        const edge *e = &g_array_index(f->edges, edge, i);
        g_test_message("edge %u: wire %u level %d at %" G_GUINT64_FORMAT, i, e->wire, e->level,
                       e->t);
        g_assert_cmpuint(e->wire, ==, want[i].wire);
        g_assert_cmpint(e->level, ==, want[i].level);
        g_assert_cmpuint(e->t, ==, want[i].t);
    }
    g_assert_cmpuint(f->edges->len, ==, n);
}

static void test_pass_through(void)
{
    fake f;
    static const edge want[] = { { 0, 1, 1000 }, { 0, 0, 3000 }, { 4, 1, 5000 }, { 4, 0, 6000 } };

    fake_init(&f, "[fault other]\nwire = irq\naction = drop\n", 1, 1);
    pulse(&f, 0, 1000, 3000);
    pulse(&f, 4, 5000, 6000);
    assert_edges(&f, want, G_N_ELEMENTS(want));
    g_assert_cmpuint(f.faults->len, ==, 0);
    fake_free(&f);
}

/* delay = 500 cycles at 1 GHz: both edges 500 ns later, the pulse keeps its width. */
static void test_delay_fixed(void)
{
    fake f;
    static const edge want[] = { { 0, 1, 501000 }, { 0, 0, 503000 } };
    const hs_record *r;

    fake_init(&f, "[fault d]\nwire = maintenance\naction = delay\ndelay = 500\n", 1, 1);
    pulse(&f, 0, 1000, 3000);
    g_assert_cmpuint(f.edges->len, ==, 0);
    g_assert_cmpuint(f.alarm[0], ==, 501000);     /* the vCPU is asked to stop there */
    advance(&f, 1000000);
    assert_edges(&f, want, G_N_ELEMENTS(want));
    g_assert_cmpuint(f.faults->len, ==, 2);
    r = &g_array_index(f.faults, hs_record, 0);
    g_assert_cmpuint(r->f[0], ==, HS_FAULT_EV_HOLD);
    g_assert_cmpuint(r->f[1], ==, 25);
    g_assert_cmpuint(r->f[2], ==, 0);
    g_assert_cmpuint(r->f[3], ==, HS_FAULT_PARAM(0, 500000));
    r = &g_array_index(f.faults, hs_record, 1);
    g_assert_cmpuint(r->f[0], ==, HS_FAULT_EV_RELEASE);
    g_assert_cmpuint(r->time_ps, ==, 501000);
    g_assert_cmpuint(r->f[3], ==, HS_FAULT_PARAM(0, 500000));
    fake_free(&f);
}

/* The vCPU's alarm fires the edges at its own time, before the quantum ends. */
static void test_delay_alarm(void)
{
    fake f;
    static const edge want[] = { { 0, 1, 101000 } };

    fake_init(&f, "[fault d]\nwire = maint\naction = delay\ndelay = 100\n", 1, 1);
    set_at(&f, 0, 1000, 1);
    f.now = 101000;
    f.alarm[0] = HS_TIME_NEVER;                    /* the alarm is spent as it fires */
    hs_fault_injector_alarm(f.inj, 0, f.now);
    assert_edges(&f, want, G_N_ELEMENTS(want));
    g_assert_cmpuint(f.alarm[0], ==, HS_TIME_NEVER);
    fake_free(&f);
}

/* A delay line keeps order: a pulse that comes while a delayed one is in the
 * line (and is not delayed itself) comes out behind it. */
static void test_delay_keeps_order(void)
{
    fake f;
    static const edge want[] = { { 0, 1, 101000 }, { 0, 0, 102000 }, { 0, 1, 102000 },
                                 { 0, 0, 102000 } };

    fake_init(&f, "[fault d]\nwire = maint\naction = delay\ndelay = 100\ntrigger = nth:1\n",
              1, 1);
    pulse(&f, 0, 1000, 2000);
    pulse(&f, 0, 3000, 4000);
    advance(&f, 200000);
    assert_edges(&f, want, G_N_ELEMENTS(want));
    fake_free(&f);
}

/* nth:2 acts on the second delivery only. */
static void test_drop_nth(void)
{
    fake f;
    static const edge want[] = { { 0, 1, 1000 }, { 0, 0, 2000 }, { 0, 1, 5000 }, { 0, 0, 6000 } };

    fake_init(&f, "[fault x]\nwire = maint\naction = drop\ntrigger = nth:2\n", 1, 1);
    pulse(&f, 0, 1000, 2000);
    pulse(&f, 0, 3000, 4000);      /* dropped, until the source deasserts */
    pulse(&f, 0, 5000, 6000);
    assert_edges(&f, want, G_N_ELEMENTS(want));
    g_assert_cmpuint(f.faults->len, ==, 1);
    g_assert_cmpuint(g_array_index(f.faults, hs_record, 0).f[0], ==, HS_FAULT_EV_DROP);
    g_assert_cmpuint(hs_fault_injector_count(f.inj), ==, 1);
    fake_free(&f);
}

/* The duplicate follows the consumed delivery by `gap`, with the same width. */
static void test_duplicate(void)
{
    fake f;
    static const edge want[] = { { 0, 1, 1000 }, { 0, 0, 3000 }, { 0, 1, 53000 },
                                 { 0, 0, 55000 }, { 0, 1, 200000 }, { 0, 0, 201000 } };

    fake_init(&f, "[fault x]\nwire = maint\naction = duplicate\ngap = 50\nlimit = 1\n", 1, 1);
    pulse(&f, 0, 1000, 3000);
    advance(&f, 100000);
    pulse(&f, 0, 200000, 201000);      /* the limit is spent: passes alone */
    advance(&f, 300000);
    assert_edges(&f, want, G_N_ELEMENTS(want));
    g_assert_cmpuint(g_array_index(f.faults, hs_record, 0).f[0], ==, HS_FAULT_EV_DUPLICATE);
    g_assert_cmpuint(g_array_index(f.faults, hs_record, 0).f[3], ==, HS_FAULT_PARAM(0, 50000));
    fake_free(&f);
}

/* Retargeted to vCPU 1, the pulse is ORed with vCPU 1's own level; to none,
 * it reaches no one. */
static void test_retarget(void)
{
    fake f;
    static const edge want[] = { { 1, 1, 1000 }, { 1, 0, 4000 } };

    fake_init(&f, "[fault x]\nwire = maint\nvcpu = 0\naction = retarget\nto = 1\n"
                  "trigger = nth:1\n"
                  "[fault y]\nwire = maint\nvcpu = 0\naction = retarget\nto = none\n"
                  "trigger = nth:2\n", 1, 2);
    set_at(&f, 0, 1000, 1);            /* vCPU 0's pulse goes to vCPU 1 */
    set_at(&f, 1, 2000, 1);            /* vCPU 1's own: already high there */
    set_at(&f, 0, 3000, 0);
    set_at(&f, 1, 4000, 0);
    pulse(&f, 0, 5000, 6000);          /* to none */
    assert_edges(&f, want, G_N_ELEMENTS(want));
    g_assert_cmpuint(g_array_index(f.faults, hs_record, 0).f[0], ==, HS_FAULT_EV_RETARGET);
    g_assert_cmpuint(g_array_index(f.faults, hs_record, 0).f[2], ==, 1);
    g_assert_cmpuint(g_array_index(f.faults, hs_record, 1).f[2], ==, HS_VCPU_NONE);
    g_assert_cmpuint(g_array_index(f.faults, hs_record, 1).f[3], ==, HS_FAULT_PARAM(1, 0));
    fake_free(&f);
}

/* retarget to next on a wire of the last vCPU goes to vCPU 0. */
static void test_retarget_next(void)
{
    fake f;
    static const edge want[] = { { 0, 1, 1000 }, { 0, 0, 2000 } };

    fake_init(&f, "[fault x]\nwire = maint\naction = retarget\nto = next\n", 1, 2);
    pulse(&f, 1, 1000, 2000);
    assert_edges(&f, want, G_N_ELEMENTS(want));
    fake_free(&f);
}

/* Deliveries in the window [10us, 20us) are dropped, the others pass. */
static void test_window(void)
{
    fake f;
    static const edge want[] = { { 0, 1, 5000000 }, { 0, 0, 5001000 }, { 0, 1, 20000000 },
                                 { 0, 0, 20001000 } };

    fake_init(&f, "[fault x]\nwire = maint\naction = drop\ntrigger = window:10us-20us\n", 1, 1);
    pulse(&f, 0, 5000000, 5001000);
    pulse(&f, 0, 10000000, 10001000);
    pulse(&f, 0, 19999000, 19999500);
    pulse(&f, 0, 20000000, 20001000);
    assert_edges(&f, want, G_N_ELEMENTS(want));
    fake_free(&f);
}

/* A probability draws from the seeded stream: the same seed decides the same,
 * and about the given share of deliveries is faulted. */
static unsigned dropped_of_1000(uint64_t seed, GArray **which)
{
    fake f;
    unsigned n;

    fake_init(&f, "[fault x]\nwire = maint\naction = drop\ntrigger = probability:0.5\n", seed, 1);
    for (unsigned i = 0; i < 1000; i++) {
        pulse(&f, 0, 1000 * (2 * i + 1), 1000 * (2 * i + 2));
    }
    n = (unsigned)hs_fault_injector_count(f.inj);
    *which = g_array_ref(f.edges);
    fake_free(&f);
    return n;
}

static void test_probability(void)
{
    GArray *a, *b, *c;
    unsigned na = dropped_of_1000(7, &a), nb = dropped_of_1000(7, &b);
    unsigned nc = dropped_of_1000(8, &c);

    g_assert_cmpuint(na, ==, nb);
    g_assert_cmpuint(a->len, ==, b->len);
    g_assert_cmpmem(a->data, a->len * sizeof(edge), b->data, b->len * sizeof(edge));
    g_assert_cmpuint(a->len, ==, 2 * (1000 - na));
    /* 1000 fair coins: 5 standard deviations is 79. */
    g_assert_cmpuint(na, >, 420);
    g_assert_cmpuint(na, <, 580);
    g_assert_cmpuint(nc, >, 420);
    g_assert_cmpuint(nc, <, 580);
    g_assert_false(a->len == c->len && !memcmp(a->data, c->data, a->len * sizeof(edge)));
    g_array_unref(a);
    g_array_unref(b);
    g_array_unref(c);
}

/* Random delays stay in their bounds and depend on the seed alone. */
static void test_delay_random(void)
{
    fake f;

    fake_init(&f, "[fault x]\nwire = maint\naction = delay\ndelay = uniform:10-20\n", 3, 1);
    for (unsigned i = 0; i < 200; i++) {
        hs_time t = 1000000 * (i + 1);
        pulse(&f, 0, t, t + 1000);
        advance(&f, t + 500000);
        g_assert_cmpuint(f.edges->len, ==, 2 * (i + 1));
        {
            const edge *e = &g_array_index(f.edges, edge, 2 * i);
            g_assert_cmpuint(e->t, >=, t + 10000);
            g_assert_cmpuint(e->t, <=, t + 20000);
            g_assert_cmpuint(e[1].t - e->t, ==, 1000);
        }
    }
    fake_free(&f);
}

/* Held until the vCPU's next guest exit: the injector sees the exit as a trace
 * record, and the edges come out at the vCPU's next alarm, with their spacing. */
static void test_until_exit(void)
{
    fake f;
    hs_record exit_rec = { .vcpu = 0, .event = HS_EV_guest_exit, .time_ps = 9000 };
    hs_trace_sink sink;
    static const edge want[] = { { 0, 1, 9000 }, { 0, 0, 11000 } };

    fake_init(&f, "[fault x]\nwire = maint\naction = delay\ndelay = until-exit\n", 1, 1);
    g_assert_cmpuint(hs_fault_injector_events(f.inj), ==, UINT64_C(1) << HS_EV_guest_exit);
    sink = hs_fault_injector_sink(f.inj);
    pulse(&f, 0, 1000, 3000);
    advance(&f, 8000);
    g_assert_cmpuint(f.edges->len, ==, 0);
    f.now = 9000;
    sink.record(sink.opaque, &exit_rec);
    g_assert_cmpuint(f.edges->len, ==, 0);         /* not from inside the exit */
    g_assert_cmpuint(f.alarm[0], ==, 9000);
    f.alarm[0] = HS_TIME_NEVER;
    hs_fault_injector_alarm(f.inj, 0, 9000);
    g_assert_cmpuint(f.alarm[0], ==, 11000);       /* the falling edge's turn */
    g_assert_cmpuint(f.edges->len, ==, 1);
    advance(&f, 20000);
    assert_edges(&f, want, G_N_ELEMENTS(want));
    fake_free(&f);
}

/* A pulse held until a code address comes out when a vCPU reaches it; a
 * reach trigger arms once per reach. Symbols resolve through the machine. */
static void test_until_address_and_reach(void)
{
    fake f;
    /* The first pulse's edges keep their 2000 ps spacing after the release. */
    static const edge want[] = { { 0, 1, 7000 }, { 0, 0, 9000 }, { 0, 1, 35000 },
                                 { 0, 0, 36000 }, { 0, 1, 40000 }, { 0, 0, 41000 } };

    fake_init(&f, "[fault x]\nwire = maint\naction = delay\ndelay = until:window+4\n"
                  "trigger = reach:0x40001000\n", 1, 1);
    g_assert_cmpuint(f.watched->len, ==, 2);
    g_assert_cmpuint(g_array_index(f.watched, uint32_t, 0), ==, 0x40001000);
    g_assert_cmpuint(g_array_index(f.watched, uint32_t, 1), ==, 0x40002004);
    hs_fault_injector_reached(f.inj, 0, 0x40001000);      /* armed */
    pulse(&f, 0, 1000, 3000);                             /* held */
    f.now = 5000;
    hs_fault_injector_reached(f.inj, 0, 0x40001000);      /* armed again */
    f.now = 7000;
    hs_fault_injector_reached(f.inj, 0, 0x40002004);      /* released */
    advance(&f, 20000);
    pulse(&f, 0, 30000, 31000);                           /* armed by the second reach */
    f.now = 35000;
    hs_fault_injector_reached(f.inj, 0, 0x40002004);
    pulse(&f, 0, 40000, 41000);                           /* not armed: passes */
    advance(&f, 50000);
    assert_edges(&f, want, G_N_ELEMENTS(want));
    fake_free(&f);
}

/* ---- SGIs: pulses of no width, latched on the rising edge --------------------- */

static void sgi_at(fake *f, hs_time t, unsigned source, unsigned target, unsigned intid)
{
    advance(f, t);
    hs_fault_injector_sgi(f->inj, source, target, intid);
}

static void assert_latches(const fake *f, const latch *want, unsigned n)
{
    for (unsigned i = 0; i < n && i < f->latches->len; i++) {
        const latch *l = &g_array_index(f->latches, latch, i);
        g_test_message("latch %u: SGI %u from %u at %u, at %" G_GUINT64_FORMAT, i, l->intid,
                       l->source, l->target, l->t);
        g_assert_cmpuint(l->source, ==, want[i].source);
        g_assert_cmpuint(l->target, ==, want[i].target);
        g_assert_cmpuint(l->intid, ==, want[i].intid);
        g_assert_cmpuint(l->t, ==, want[i].t);
    }
    g_assert_cmpuint(f->latches->len, ==, n);
}

static const hs_record *fault_event(const fake *f, unsigned i)
{
    g_assert_cmpuint(i, <, f->faults->len);
    return &g_array_index(f->faults, hs_record, i);
}

/* Without a fault that selects it, an SGI is latched at once, unrecorded. */
static void test_sgi_pass(void)
{
    fake f;
    static const latch want[] = { { 0, 1, 3, 1000 }, { 1, 1, 3, 2000 } };

    fake_init(&f, "[fault other]\nwire = sgi\nintid = 4\naction = drop\n", 1, 2);
    sgi_at(&f, 1000, 0, 1, 3);
    sgi_at(&f, 2000, 1, 1, 3);
    assert_latches(&f, want, G_N_ELEMENTS(want));
    g_assert_cmpuint(f.edges->len, ==, 0);
    g_assert_cmpuint(f.faults->len, ==, 0);
    fake_free(&f);
}

/* nth:2 among the SGIs the fault selects (ID 3): the second is never latched;
 * SGI 5 is not counted. The event names the target vCPU's wire and no target. */
static void test_sgi_drop(void)
{
    fake f;
    static const latch want[] = { { 0, 1, 3, 1000 }, { 0, 1, 5, 2000 }, { 0, 1, 3, 4000 } };
    const hs_record *r;

    fake_init(&f, "[fault x]\nwire = sgi\nintid = 3\naction = drop\ntrigger = nth:2\n", 1, 2);
    sgi_at(&f, 1000, 0, 1, 3);
    sgi_at(&f, 2000, 0, 1, 5);
    sgi_at(&f, 3000, 0, 1, 3);          /* dropped */
    sgi_at(&f, 4000, 0, 1, 3);
    assert_latches(&f, want, G_N_ELEMENTS(want));
    g_assert_cmpuint(f.faults->len, ==, 1);
    r = fault_event(&f, 0);
    g_assert_cmpuint(r->vcpu, ==, 1);
    g_assert_cmpuint(r->time_ps, ==, 3000);
    g_assert_cmpuint(r->f[0], ==, HS_FAULT_EV_DROP);
    g_assert_cmpuint(r->f[1], ==, 3);
    g_assert_cmpuint(r->f[2], ==, HS_VCPU_NONE);
    g_assert_cmpuint(hs_fault_injector_count(f.inj), ==, 1);
    fake_free(&f);
}

/* delay = 500 cycles at 1 GHz on the SGIs to vCPU 1: latched 500 ns later, by
 * vCPU 1's alarm; an SGI to vCPU 0 is not selected and is latched at once. */
static void test_sgi_delay(void)
{
    fake f;
    static const latch want[] = { { 1, 0, 2, 2000 }, { 0, 1, 2, 501000 } };
    const hs_record *r;

    fake_init(&f, "[fault d]\nwire = sgi\nvcpu = 1\naction = delay\ndelay = 500\n", 1, 2);
    sgi_at(&f, 1000, 0, 1, 2);
    g_assert_cmpuint(f.latches->len, ==, 0);
    g_assert_cmpuint(f.alarm[1], ==, 501000);
    g_assert_cmpuint(f.alarm[0], ==, HS_TIME_NEVER);
    sgi_at(&f, 2000, 1, 0, 2);
    f.now = 501000;
    f.alarm[1] = HS_TIME_NEVER;
    hs_fault_injector_alarm(f.inj, 1, f.now);
    assert_latches(&f, want, G_N_ELEMENTS(want));
    g_assert_cmpuint(f.faults->len, ==, 2);
    r = fault_event(&f, 0);
    g_assert_cmpuint(r->vcpu, ==, 1);
    g_assert_cmpuint(r->f[0], ==, HS_FAULT_EV_HOLD);
    g_assert_cmpuint(r->f[1], ==, 2);
    g_assert_cmpuint(r->f[2], ==, 1);
    g_assert_cmpuint(r->f[3], ==, HS_FAULT_PARAM(0, 500000));
    r = fault_event(&f, 1);
    g_assert_cmpuint(r->f[0], ==, HS_FAULT_EV_RELEASE);
    g_assert_cmpuint(r->time_ps, ==, 501000);
    g_assert_cmpuint(r->f[3], ==, HS_FAULT_PARAM(0, 500000));
    fake_free(&f);
}

/* Held until the target's next guest exit: another vCPU's exit does not end
 * the hold; the SGIs of one wire (source, target, ID) keep their spacing. */
static void test_sgi_until_exit(void)
{
    fake f;
    hs_record exit0 = { .vcpu = 0, .event = HS_EV_guest_exit, .time_ps = 5000 };
    hs_record exit1 = { .vcpu = 1, .event = HS_EV_guest_exit, .time_ps = 9000 };
    hs_trace_sink sink;
    static const latch want[] = { { 0, 1, 7, 9000 }, { 0, 1, 8, 9000 }, { 0, 1, 7, 11000 } };

    fake_init(&f, "[fault x]\nwire = sgi\naction = delay\ndelay = until-exit\n", 1, 2);
    sink = hs_fault_injector_sink(f.inj);
    sgi_at(&f, 1000, 0, 1, 7);
    sgi_at(&f, 2000, 0, 1, 8);
    sgi_at(&f, 3000, 0, 1, 7);
    f.now = 5000;
    sink.record(sink.opaque, &exit0);
    advance(&f, 8000);
    g_assert_cmpuint(f.latches->len, ==, 0);
    f.now = 9000;
    sink.record(sink.opaque, &exit1);
    g_assert_cmpuint(f.alarm[1], ==, 9000);
    f.alarm[1] = HS_TIME_NEVER;
    hs_fault_injector_alarm(f.inj, 1, 9000);
    advance(&f, 20000);
    assert_latches(&f, want, G_N_ELEMENTS(want));
    fake_free(&f);
}

/* A duplicate is latched again `gap` cycles after the first (an SGI has no
 * width, so the source deasserts as it asserts). */
static void test_sgi_duplicate(void)
{
    fake f;
    static const latch want[] = { { 1, 0, 9, 1000 }, { 1, 0, 9, 51000 }, { 1, 0, 9, 200000 } };
    const hs_record *r;

    fake_init(&f, "[fault x]\nwire = sgi\naction = duplicate\ngap = 50\nlimit = 1\n", 1, 2);
    sgi_at(&f, 1000, 1, 0, 9);
    advance(&f, 100000);
    sgi_at(&f, 200000, 1, 0, 9);        /* the limit is spent: latched once */
    advance(&f, 300000);
    assert_latches(&f, want, G_N_ELEMENTS(want));
    g_assert_cmpuint(f.faults->len, ==, 1);
    r = fault_event(&f, 0);
    g_assert_cmpuint(r->vcpu, ==, 0);
    g_assert_cmpuint(r->time_ps, ==, 51000);
    g_assert_cmpuint(r->f[0], ==, HS_FAULT_EV_DUPLICATE);
    g_assert_cmpuint(r->f[1], ==, 9);
    g_assert_cmpuint(r->f[3], ==, HS_FAULT_PARAM(0, 50000));
    fake_free(&f);
}

/* Retargeted, an SGI is latched for another CPU interface, from the same
 * source: to = 0, to = next (vCPU 1 + 1 of 3), to = none (lost). */
static void test_sgi_retarget(void)
{
    fake f;
    static const latch want[] = { { 2, 0, 6, 1000 }, { 2, 2, 6, 2000 }, { 2, 1, 6, 4000 } };

    fake_init(&f, "[fault x]\nwire = sgi\nvcpu = 1\naction = retarget\nto = 0\n"
                  "trigger = nth:1\n"
                  "[fault y]\nwire = sgi\nvcpu = 1\naction = retarget\nto = next\n"
                  "trigger = nth:2\n"
                  "[fault z]\nwire = sgi\nvcpu = 1\naction = retarget\nto = none\n"
                  "trigger = nth:3\n", 1, 3);
    sgi_at(&f, 1000, 2, 1, 6);
    sgi_at(&f, 2000, 2, 1, 6);
    sgi_at(&f, 3000, 2, 1, 6);
    sgi_at(&f, 4000, 2, 1, 6);          /* every fault spent */
    assert_latches(&f, want, G_N_ELEMENTS(want));
    g_assert_cmpuint(f.faults->len, ==, 3);
    for (unsigned i = 0; i < 3; i++) {
        static const unsigned target[] = { 0, 2, HS_VCPU_NONE };
        const hs_record *r = fault_event(&f, i);
        g_assert_cmpuint(r->vcpu, ==, 1);
        g_assert_cmpuint(r->f[0], ==, HS_FAULT_EV_RETARGET);
        g_assert_cmpuint(r->f[1], ==, 6);
        g_assert_cmpuint(r->f[2], ==, target[i]);
        g_assert_cmpuint(r->f[3], ==, HS_FAULT_PARAM(i, 0));
    }
    fake_free(&f);
}

/* A reset forgets the SGIs in flight. */
static void test_sgi_reset(void)
{
    fake f;

    fake_init(&f, "[fault d]\nwire = sgi\naction = delay\ndelay = 100\n", 1, 1);
    sgi_at(&f, 1000, 0, 0, 1);
    hs_fault_injector_reset(f.inj);
    advance(&f, 1000000);
    g_assert_cmpuint(f.latches->len, ==, 0);
    fake_free(&f);
}

static void test_injector_errors(void)
{
    hs_fault_plan *p = hs_fault_plan_new();
    hs_fault_injector *inj;
    hs_eventq q;
    char *msg = NULL;
    hs_fault_env env = { .eventq = &q, .ncpu = 2, .cpu_clock_hz = ONE_GHZ, .now = fake_now,
                         .resolve = fake_resolve, .watch = fake_watch };
    fake f = { 0 };

    f.watched = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    env.opaque = &f;
    hs_eventq_init(&q);
    g_assert_cmpint(hs_fault_plan_add_text(p, "p", "\n[fault x]\nwire = irq\nvcpu = 2\n"
                                                   "action = drop\n", &msg), ==, HS_FAULT_OK);
    g_assert_cmpint(hs_fault_injector_new(p, 1, &env, &inj, &msg), ==, HS_FAULT_ERR_FIELD);
    g_assert_cmpstr(msg, ==, "fault plan: [fault x] (line 2): vcpu 2: the machine has 2 vCPUs");
    g_free(msg);
    hs_fault_plan_free(p);

    p = hs_fault_plan_new();
    g_assert_cmpint(hs_fault_plan_add_text(p, "p", "[fault y]\nwire = irq\naction = delay\n"
                                                   "delay = until:nowhere\n", &msg), ==,
                    HS_FAULT_OK);
    g_assert_cmpint(hs_fault_injector_new(p, 1, &env, &inj, &msg), ==, HS_FAULT_ERR_SYMBOL);
    g_assert_cmpstr(msg, ==, "fault plan: [fault y] (line 1): delay: the image has no symbol "
                             "'nowhere'");
    g_free(msg);
    hs_fault_plan_free(p);
    g_array_unref(f.watched);
    hs_eventq_destroy(&q);
}

/* The example plan of docs/faults.md ("The fault plan") is one a user may copy: it
 * must load, with the faults it shows. */
static void test_plan_doc_example(void)
{
    char *path = g_build_filename(HS_SOURCE_ROOT, "docs", "faults.md", NULL);
    char *doc = NULL, *msg = NULL;
    const char *start, *end;
    hs_fault_plan *p = hs_fault_plan_new();
    char *text;

    g_assert_true(g_file_get_contents(path, &doc, NULL, NULL));
    start = strstr(doc, "```ini\n# late.plan");
    g_assert_nonnull(start);
    start += strlen("```ini\n");
    end = strstr(start, "```");
    g_assert_nonnull(end);
    text = g_strndup(start, (gsize)(end - start));
    g_assert_cmpint(hs_fault_plan_add_text(p, path, text, &msg), ==, HS_FAULT_OK);
    g_assert_null(msg);
    g_assert_cmpuint(p->seed, ==, 42);
    g_assert_cmpuint(p->nfaults, ==, 5);
    g_assert_cmpint(p->fault[4].wire, ==, HS_WIRE_SGI);
    g_free(text);
    hs_fault_plan_free(p);
    g_free(doc);
    g_free(path);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/prng/splitmix64", test_splitmix64);
    g_test_add_func("/prng/xoshiro256ss", test_xoshiro256ss);
    g_test_add_func("/prng/seed-and-range", test_prng_seed_and_range);
    g_test_add_func("/plan/good", test_plan_good);
    g_test_add_func("/plan/specs", test_plan_specs);
    g_test_add_func("/plan/bad-fields", test_plan_bad_fields);
    g_test_add_func("/plan/bad-syntax-and-specs", test_plan_bad_syntax_and_specs);
    g_test_add_func("/plan/time", test_parse_time);
    g_test_add_func("/plan/doc-example", test_plan_doc_example);
    g_test_add_func("/injector/pass-through", test_pass_through);
    g_test_add_func("/injector/delay-fixed", test_delay_fixed);
    g_test_add_func("/injector/delay-alarm", test_delay_alarm);
    g_test_add_func("/injector/delay-keeps-order", test_delay_keeps_order);
    g_test_add_func("/injector/delay-random", test_delay_random);
    g_test_add_func("/injector/drop-nth", test_drop_nth);
    g_test_add_func("/injector/duplicate", test_duplicate);
    g_test_add_func("/injector/retarget", test_retarget);
    g_test_add_func("/injector/retarget-next", test_retarget_next);
    g_test_add_func("/injector/window", test_window);
    g_test_add_func("/injector/probability", test_probability);
    g_test_add_func("/injector/until-exit", test_until_exit);
    g_test_add_func("/injector/until-address-and-reach", test_until_address_and_reach);
    g_test_add_func("/injector/errors", test_injector_errors);
    g_test_add_func("/injector/sgi/pass", test_sgi_pass);
    g_test_add_func("/injector/sgi/drop", test_sgi_drop);
    g_test_add_func("/injector/sgi/delay", test_sgi_delay);
    g_test_add_func("/injector/sgi/until-exit", test_sgi_until_exit);
    g_test_add_func("/injector/sgi/duplicate", test_sgi_duplicate);
    g_test_add_func("/injector/sgi/retarget", test_sgi_retarget);
    g_test_add_func("/injector/sgi/reset", test_sgi_reset);
    return g_test_run();
}
