/* The tracer's recording sinks and observers: selection by event, vCPU and
 * time; observers that see every event; events emitted by a sink during a
 * delivery; and the command-line forms of vCPU lists and times. */
#include <string.h>

#include <glib.h>

#include "traces/time_arg.h"
#include "traces/trace.h"

typedef struct sink_log {
    GArray *rec;
} sink_log;

static void keep(void *opaque, const hs_record *r)
{
    sink_log *l = opaque;
    g_array_append_val(l->rec, *r);
}

static uint64_t fake_now(void *opaque, unsigned vcpu)
{
    (void)vcpu;
    return *(uint64_t *)opaque;
}

static const hs_record *rec_at(const sink_log *l, guint i)
{
    return &g_array_index(l->rec, hs_record, i);
}

static void test_vcpu_and_time_filter(void)
{
    hs_tracer t;
    sink_log kept = { g_array_new(FALSE, FALSE, sizeof(hs_record)) };
    hs_trace_filter f = { (1u << 0) | (1u << 2), 2000, 4000 };
    uint64_t now = 1000;
    const char *bad;

    hs_tracer_init(&t);
    t.now_ps = fake_now;
    t.clock_opaque = &now;
    hs_tracer_add_sink(&t, (hs_trace_sink){ keep, &kept });
    g_assert_cmpint(hs_tracer_select(&t, "lr", &bad), ==, 0);
    hs_tracer_set_filter(&t, &f);
    for (now = 1000; now <= 5000; now += 1000) {
        for (unsigned v = 0; v < 3; v++) {
            HS_TRACE(&t, lr_write, v, 0, 0, now + v, 0);
        }
        HS_TRACE(&t, lr_state, HS_VCPU_NONE, 0, 0, now, 0);
    }
    /* Times 2000, 3000 and 4000; vCPUs 0, 2 and none. Sequence numbers count
     * what the tracer produced: 4 a step. */
    g_assert_cmpuint(kept.rec->len, ==, 9);
    for (guint i = 0; i < 9; i++) {
        const hs_record *r = rec_at(&kept, i);
        const uint64_t step = i / 3, time = 2000 + 1000 * step;
        g_assert_cmpuint(r->time_ps, ==, time);
        g_assert_cmpuint(r->vcpu, ==, i % 3 == 0 ? 0 : i % 3 == 1 ? 2 : HS_VCPU_NONE);
        g_assert_cmpuint(r->seq, ==, 4 * (step + 1) + (i % 3 == 0 ? 0 : i % 3 == 1 ? 2 : 3));
    }
    /* No filter: everything selected again. */
    hs_tracer_set_filter(&t, NULL);
    HS_TRACE(&t, lr_write, 1, 0, 0, 0, 0);
    g_assert_cmpuint(kept.rec->len, ==, 10);
    g_array_free(kept.rec, TRUE);
}

/* An observer gets every event whatever is selected, and enables them all;
 * the recording sink keeps its selection. */
static void test_observer(void)
{
    hs_tracer t;
    sink_log kept = { g_array_new(FALSE, FALSE, sizeof(hs_record)) };
    sink_log seen = { g_array_new(FALSE, FALSE, sizeof(hs_record)) };
    hs_trace_filter f = { 1u << 1, 0, UINT64_MAX };
    const char *bad;

    hs_tracer_init(&t);
    g_assert_cmpint(hs_tracer_select(&t, "line", &bad), ==, 0);
    hs_tracer_add_sink(&t, (hs_trace_sink){ keep, &kept });
    g_assert_cmphex(t.enabled, ==, 1ull << HS_EV_line);
    hs_tracer_add_observer(&t, (hs_trace_sink){ keep, &seen });
    g_assert_cmphex(t.enabled, ==, HS_EV_ALL);
    hs_tracer_set_filter(&t, &f);
    HS_TRACE(&t, gic_read, 1, 3, 0xc, 32, 4);
    HS_TRACE(&t, line, 0, HS_LINE_VIRQ, 1, 0, 0);
    HS_TRACE(&t, line, 1, HS_LINE_VIRQ, 1, 0, 0);
    g_assert_cmpuint(seen.rec->len, ==, 3);
    g_assert_cmpuint(kept.rec->len, ==, 1);
    g_assert_cmpuint(rec_at(&kept, 0)->seq, ==, 2);
    /* Selecting again keeps every event produced while the observer is there. */
    g_assert_cmpint(hs_tracer_select(&t, "gic", &bad), ==, 0);
    g_assert_cmphex(t.selected, ==, (1ull << HS_EV_gic_read) | (1ull << HS_EV_gic_write));
    g_assert_cmphex(t.enabled, ==, HS_EV_ALL);
    g_array_free(kept.rec, TRUE);
    g_array_free(seen.rec, TRUE);
}

/* A sink that emits while a record is delivered (as the race monitor does):
 * its events follow that record in every sink, in the order emitted, even
 * when they make the sink emit again. */
typedef struct echo {
    hs_tracer *t;
    sink_log log;
} echo;

static void echo_sink(void *opaque, const hs_record *r)
{
    echo *e = opaque;
    g_array_append_val(e->log.rec, *r);
    if (r->event == HS_EV_gic_read) {
        for (unsigned i = 0; i < 20; i++) {       /* past the queue's first size */
            HS_TRACE(e->t, race, r->vcpu, i, r->seq, 0, 0);
        }
    } else if (r->event == HS_EV_race && r->f[0] == 19) {
        HS_TRACE(e->t, fault, r->vcpu, 1, 2, 3, 4);
    }
}

static void test_emit_from_sink(void)
{
    hs_tracer t;
    echo e = { &t, { g_array_new(FALSE, FALSE, sizeof(hs_record)) } };
    sink_log after = { g_array_new(FALSE, FALSE, sizeof(hs_record)) };

    hs_tracer_init(&t);
    hs_tracer_add_observer(&t, (hs_trace_sink){ echo_sink, &e });
    hs_tracer_add_sink(&t, (hs_trace_sink){ keep, &after });
    g_assert_cmpint(hs_tracer_select(&t, "all", &(const char *){ NULL }), ==, 0);
    HS_TRACE(&t, gic_read, 0, 3, 0xc, 32, 4);
    HS_TRACE(&t, line, 0, HS_LINE_VIRQ, 0, 0, 0);
    g_assert_cmpuint(after.rec->len, ==, 23);
    g_assert_cmpuint(e.log.rec->len, ==, 23);
    for (guint i = 0; i < 23; i++) {
        const hs_record *a = rec_at(&after, i), *b = rec_at(&e.log, i);
        g_assert_cmpuint(a->seq, ==, i);
        g_assert_cmpuint(b->seq, ==, i);
        g_assert_cmpuint(a->event, ==, i == 0 ? HS_EV_gic_read : i <= 20 ? HS_EV_race
                                       : i == 21 ? HS_EV_fault : HS_EV_line);
        if (i >= 1 && i <= 20) {
            g_assert_cmpuint(a->f[0], ==, i - 1);
            g_assert_cmpuint(a->f[1], ==, 0);
        }
    }
    g_assert_false(t.delivering);
    g_assert_null(t.deferred);
    g_array_free(e.log.rec, TRUE);
    g_array_free(after.rec, TRUE);
}

static void test_parse_vcpus(void)
{
    static const struct {
        const char *list;
        uint64_t mask;
        const char *bad;
    } cases[] = {
        { "0", 1, NULL },
        { "0,2-3", 0xd, NULL },
        { "7,1", 0x82, NULL },
        { "0-63", ~0ull, NULL },
        { "63", 1ull << 63, NULL },
        { "64", 0, "64" },
        { "3-1", 0, "3-1" },
        { "1,x", 0, "x" },
        { "1,", 0, "" },
        { "", 0, "" },
        { "1-", 0, "1-" },
        { "-1", 0, "-1" },
        { "2 ", 0, "2 " },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        uint64_t mask = 0;
        const char *bad = NULL;
        int rc = hs_trace_parse_vcpus(cases[i].list, &mask, &bad);
        if (cases[i].bad) {
            g_assert_cmpint(rc, ==, -1);
            g_assert_cmpstr(bad, ==, cases[i].bad);
        } else {
            g_assert_cmpint(rc, ==, 0);
            g_assert_cmphex(mask, ==, cases[i].mask);
        }
    }
}

static void test_parse_events(void)
{
    uint64_t mask;
    const char *bad;

    g_assert_cmpint(hs_trace_parse_events("world,lr_state", &mask, &bad), ==, 0);
    g_assert_cmphex(mask, ==, (1ull << HS_EV_guest_entry) | (1ull << HS_EV_guest_exit) |
                              (1ull << HS_EV_lr_state));
    g_assert_cmpint(hs_trace_parse_events("all", &mask, &bad), ==, 0);
    g_assert_cmphex(mask, ==, HS_EV_ALL);
    g_assert_cmpint(hs_trace_parse_events("lr,nope", &mask, &bad), ==, -1);
    g_assert_cmpstr(bad, ==, "nope");
}

static void test_time_arg(void)
{
    static const struct {
        const char *text;
        bool ok;
        uint64_t ps;
    } cases[] = {
        { "0", true, 0 }, { "1500", true, 1500 }, { "250ns", true, 250000 },
        { "2.5us", true, 2500000 }, { "1ms", true, UINT64_C(1000000000) },
        { "1s", true, UINT64_C(1000000000000) }, { "0.5ps", true, 0 },
        { "1.999999999999s", true, UINT64_C(1999999999999) }, { "3ps", true, 3 },
        { "18446744073709551615", true, UINT64_MAX }, { "18446744073709551616", false, 0 },
        { "18446745s", false, 0 }, { "1.5", true, 1 }, { "", false, 0 }, { "us", false, 0 },
        { "1 us", false, 0 }, { "1h", false, 0 }, { "-1", false, 0 },
    };
    static const struct {
        uint64_t ps;
        const char *text;
    } shown[] = {
        { 0, "0ps" }, { 1, "1ps" }, { 2500, "2500ps" }, { 100000000, "100us" },
        { UINT64_C(3000000000000), "3s" }, { 1000, "1ns" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        uint64_t ps = 0;
        g_assert_cmpint(hs_time_arg_parse(cases[i].text, &ps), ==, cases[i].ok);
        if (cases[i].ok) {
            g_assert_cmpuint(ps, ==, cases[i].ps);
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(shown); i++) {
        GString *s = g_string_new(NULL);
        hs_time_arg_format(s, shown[i].ps);
        g_assert_cmpstr(s->str, ==, shown[i].text);
        g_string_free(s, TRUE);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/trace-filter/vcpu-time", test_vcpu_and_time_filter);
    g_test_add_func("/trace-filter/observer", test_observer);
    g_test_add_func("/trace-filter/emit-from-sink", test_emit_from_sink);
    g_test_add_func("/trace-filter/parse-vcpus", test_parse_vcpus);
    g_test_add_func("/trace-filter/parse-events", test_parse_events);
    g_test_add_func("/trace-filter/time-arg", test_time_arg);
    return g_test_run();
}
