/* The event queue: order by time, then by scheduling order; re-arming moves. */
#include <glib.h>

#include "sim/eventq.h"

typedef struct fired {
    GArray *ids;
    GArray *times;
} fired;

typedef struct tev {
    hs_timer t;
    int id;
    fired *log;
    hs_eventq *q;
    hs_time rearm_at;    /* if non-zero, re-arm once at this time */
} tev;

static void on_fire(void *opaque, hs_time now)
{
    tev *e = opaque;
    g_array_append_val(e->log->ids, e->id);
    g_array_append_val(e->log->times, now);
    if (e->rearm_at) {
        hs_time at = e->rearm_at;
        e->rearm_at = 0;
        hs_timer_arm(e->q, &e->t, at);
    }
}

static void fired_init(fired *f)
{
    f->ids = g_array_new(FALSE, FALSE, sizeof(int));
    f->times = g_array_new(FALSE, FALSE, sizeof(hs_time));
}

static void fired_free(fired *f)
{
    g_array_free(f->ids, TRUE);
    g_array_free(f->times, TRUE);
}

static void test_order(void)
{
    hs_eventq q;
    fired f;
    tev ev[6];
    const hs_time when[6] = { 500, 100, 300, 100, 700, 300 };
    const int expect[] = { 1, 3, 2, 5, 0 };

    hs_eventq_init(&q);
    fired_init(&f);
    for (int i = 0; i < 6; i++) {
        ev[i] = (tev){ .id = i, .log = &f, .q = &q };
        hs_timer_init(&ev[i].t, on_fire, &ev[i]);
        hs_timer_arm(&q, &ev[i].t, when[i]);
    }
    g_assert_cmpuint(hs_eventq_next(&q), ==, 100);
    hs_eventq_run_until(&q, 600);
    g_assert_cmpuint(f.ids->len, ==, 5);
    for (guint i = 0; i < 5; i++) {
        g_assert_cmpint(g_array_index(f.ids, int, i), ==, expect[i]);
    }
    g_assert_cmpuint(q.now, ==, 600);
    g_assert_true(hs_timer_pending(&ev[4].t));
    g_assert_cmpuint(hs_eventq_next(&q), ==, 700);
    fired_free(&f);
    hs_eventq_destroy(&q);
}

static void test_rearm_and_cancel(void)
{
    hs_eventq q;
    fired f;
    tev a = { .id = 1 }, b = { .id = 2 }, c = { .id = 3 };

    hs_eventq_init(&q);
    fired_init(&f);
    a.log = b.log = c.log = &f;
    a.q = b.q = c.q = &q;
    hs_timer_init(&a.t, on_fire, &a);
    hs_timer_init(&b.t, on_fire, &b);
    hs_timer_init(&c.t, on_fire, &c);
    hs_timer_arm(&q, &a.t, 100);
    hs_timer_arm(&q, &b.t, 200);
    hs_timer_arm(&q, &c.t, 300);
    hs_timer_arm(&q, &a.t, 250);      /* moves a after b */
    hs_timer_cancel(&q, &c.t);
    g_assert_false(hs_timer_pending(&c.t));
    b.rearm_at = 260;                  /* b fires at 200 and again at 260 */
    hs_eventq_run_until(&q, 1000);
    g_assert_cmpuint(f.ids->len, ==, 3);
    g_assert_cmpint(g_array_index(f.ids, int, 0), ==, 2);
    g_assert_cmpint(g_array_index(f.ids, int, 1), ==, 1);
    g_assert_cmpint(g_array_index(f.ids, int, 2), ==, 2);
    g_assert_cmpuint(g_array_index(f.times, hs_time, 2), ==, 260);
    g_assert_cmpuint(hs_eventq_next(&q), ==, HS_TIME_NEVER);
    fired_free(&f);
    hs_eventq_destroy(&q);
}

static void test_past_event_fires_now(void)
{
    hs_eventq q;
    fired f;
    tev a = { .id = 7 };

    hs_eventq_init(&q);
    fired_init(&f);
    a.log = &f;
    a.q = &q;
    hs_timer_init(&a.t, on_fire, &a);
    hs_eventq_run_until(&q, 1000);
    hs_timer_arm(&q, &a.t, 10);
    hs_eventq_run_until(&q, 1000);
    g_assert_cmpuint(f.ids->len, ==, 1);
    /* Time never goes backwards: an event armed in the past fires at "now". */
    g_assert_cmpuint(g_array_index(f.times, hs_time, 0), ==, 1000);
    fired_free(&f);
    hs_eventq_destroy(&q);
}

static void test_clock(void)
{
    hs_clock ghz = { 1000000000 }, timer = { 62500000 };
    g_assert_cmpuint(hs_clock_ticks_to_time(&ghz, 1), ==, 1000);
    /* 62.5 MHz: a tick is 16 ns. */
    g_assert_cmpuint(hs_clock_ticks_to_time(&timer, 1), ==, 16000);
    g_assert_cmpuint(hs_clock_time_to_ticks(&timer, 15999), ==, 0);
    g_assert_cmpuint(hs_clock_time_to_ticks(&timer, 16000), ==, 1);
    g_assert_cmpuint(hs_clock_time_of_tick(&timer, 3), ==, 48000);
    /* Large counts do not overflow: a day of 62.5 MHz ticks. */
    g_assert_cmpuint(hs_clock_ticks_to_time(&timer, UINT64_C(62500000) * 86400), ==,
                     UINT64_C(86400) * HS_PS_PER_S);
}

static void test_many_random(void)
{
    hs_eventq q;
    fired f;
    enum { N = 2000 };
    tev *ev = g_new0(tev, N);
    GRand *r = g_rand_new_with_seed(42);

    hs_eventq_init(&q);
    fired_init(&f);
    for (int i = 0; i < N; i++) {
        ev[i] = (tev){ .id = i, .log = &f, .q = &q };
        hs_timer_init(&ev[i].t, on_fire, &ev[i]);
        hs_timer_arm(&q, &ev[i].t, (hs_time)g_rand_int_range(r, 0, 5000));
    }
    for (int i = 0; i < N; i += 3) {
        hs_timer_cancel(&q, &ev[i].t);
    }
    hs_eventq_run_until(&q, 10000);
    g_assert_cmpuint(f.ids->len, ==, N - (N + 2) / 3);
    for (guint i = 1; i < f.ids->len; i++) {
        const tev *p = &ev[g_array_index(f.ids, int, i - 1)];
        const tev *c = &ev[g_array_index(f.ids, int, i)];
        g_assert_true(p->t.when < c->t.when ||
                      (p->t.when == c->t.when && p->t.order < c->t.order));
    }
    g_rand_free(r);
    g_free(ev);
    fired_free(&f);
    hs_eventq_destroy(&q);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/eventq/order", test_order);
    g_test_add_func("/eventq/rearm-cancel", test_rearm_and_cancel);
    g_test_add_func("/eventq/past", test_past_event_fires_now);
    g_test_add_func("/eventq/random", test_many_random);
    g_test_add_func("/time/clock", test_clock);
    return g_test_run();
}
