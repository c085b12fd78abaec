/* The tracer and the event catalog. */
#include <string.h>

#include <glib.h>

#include "traces/trace.h"

static void test_catalog(void)
{
    for (int e = 0; e < HS_EV__COUNT; e++) {
        const hs_event_info *i = &hs_event_table[e];
        g_assert_nonnull(i->name);
        g_assert_nonnull(i->doc);
        g_assert_cmpint(i->cls, <, HS_EVC__COUNT);
        g_assert_cmpint(hs_event_by_name(i->name), ==, e);
        /* Fields are packed from the first: no named field after an unused one. */
        for (unsigned f = i->nfields; f < HS_EVENT_FIELDS; f++) {
            g_assert_null(i->field[f]);
        }
        for (int o = e + 1; o < HS_EV__COUNT; o++) {
            g_assert_cmpstr(i->name, !=, hs_event_table[o].name);
        }
    }
    g_assert_cmpstr(hs_event_table[HS_EV_lr_write].field[0], ==, "lr");
    g_assert_cmpuint(hs_event_table[HS_EV_lr_write].nfields, ==, 3);
    g_assert_cmpint(hs_event_by_name("no_such_event"), ==, -1);
}

typedef struct sink_log {
    GArray *rec;
} sink_log;

static void record(void *opaque, const hs_record *r)
{
    sink_log *l = opaque;
    g_array_append_val(l->rec, *r);
}

static uint64_t fake_now(void *opaque, unsigned vcpu)
{
    (void)vcpu;
    return *(uint64_t *)opaque;
}

static uint64_t fake_cycle(void *opaque, unsigned vcpu)
{
    return *(uint64_t *)opaque / 1000 + vcpu;
}

static void test_emit_and_select(void)
{
    hs_tracer t;
    sink_log l = { g_array_new(FALSE, FALSE, sizeof(hs_record)) };
    uint64_t now = 5000;
    const char *bad = NULL;

    hs_tracer_init(&t);
    t.now_ps = fake_now;
    t.cycle = fake_cycle;
    t.clock_opaque = &now;
    hs_tracer_add_sink(&t, (hs_trace_sink){ record, &l });

    /* Nothing is selected after init. */
    HS_TRACE(&t, lr_write, 0, 1, 2, 3, 0);
    g_assert_cmpuint(l.rec->len, ==, 0);

    g_assert_cmpint(hs_tracer_select(&t, "lr,psci_call", &bad), ==, 0);
    HS_TRACE(&t, lr_write, 1, 2, 0x10000000, 0x90000000, 0);
    HS_TRACE(&t, gic_read, 0, 3, 0xc, 0x1f, 4);      /* class gic: not selected */
    now = 7000;
    HS_TRACE(&t, psci_call, HS_VCPU_NONE, 0x84000008u, 0, 0, 0);
    g_assert_cmpuint(l.rec->len, ==, 2);
    {
        const hs_record *a = &g_array_index(l.rec, hs_record, 0);
        const hs_record *b = &g_array_index(l.rec, hs_record, 1);
        g_assert_cmpuint(a->seq, ==, 0);
        g_assert_cmpuint(a->event, ==, HS_EV_lr_write);
        g_assert_cmpuint(a->vcpu, ==, 1);
        g_assert_cmpuint(a->time_ps, ==, 5000);
        g_assert_cmpuint(a->cycle, ==, 6);
        g_assert_cmpuint(a->f[1], ==, 0x10000000);
        g_assert_cmpuint(b->seq, ==, 1);
        g_assert_cmpuint(b->time_ps, ==, 7000);
        g_assert_cmpuint(b->cycle, ==, 0);    /* no vCPU, no cycle */
    }
    g_assert_cmpint(hs_tracer_select(&t, "lr,bogus", &bad), ==, -1);
    g_assert_cmpstr(bad, ==, "bogus");
    g_assert_cmpint(hs_tracer_select(&t, "all", &bad), ==, 0);
    for (int e = 0; e < HS_EV__COUNT; e++) {
        g_assert_true(hs_trace_on(&t, (hs_event)e));
    }
    g_assert_false(hs_trace_on(NULL, HS_EV_lr_write));
    g_array_free(l.rec, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/trace/catalog", test_catalog);
    g_test_add_func("/trace/emit-select", test_emit_and_select);
    return g_test_run();
}
