/* The replay comparator (traces/replay.c): a new run's records against a
 * log's, record by record. */
#include <string.h>

#include <glib.h>

#include "trace_test.h"
#include "traces/replay.h"

static GArray *sample(void)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(hs_record));
    hs_record r[] = {
        tt_rec(0, 2000, 0, HS_EV_lr_write, 0, 0, 0x1a000020, 0),
        tt_rec(1, 4000, 0, HS_EV_gic_read, HS_GIC_GICV, 0xc, 32, 4),
        tt_rec(2, 4000, 0, HS_EV_lr_state, 0, 0x1a000020, 0x2a000020, 0),
        tt_rec(5, 5000, 1, HS_EV_line, HS_LINE_MAINT, 1, 0, 0),     /* a gap: filtered */
        tt_rec(6, 7530, 0, HS_EV_exc_entry, HS_EXC_IRQ, 0x13, 0x1a, 0x40000018),
    };
    g_array_append_vals(a, r, G_N_ELEMENTS(r));
    return a;
}

/* Replays `recs` (n of them) against the log at path. */
static hs_replay_status run(const char *path, const hs_record *recs, size_t n, char **msg,
                            uint64_t *matched)
{
    hs_log_reader *r;
    hs_replay *p;
    hs_replay_status st;
    hs_trace_sink sink;
    char *m = NULL;

    g_assert_cmpint(hs_log_reader_open(path, &r, &m), ==, HS_TRACELOG_OK);
    p = hs_replay_new(r);
    sink = hs_replay_sink(p);
    for (size_t i = 0; i < n; i++) {
        sink.record(sink.opaque, &recs[i]);
    }
    st = hs_replay_finish(p);
    g_assert_cmpint(hs_replay_status_of(p), ==, st);
    *msg = g_strdup(hs_replay_message(p));
    *matched = hs_replay_matched(p);
    hs_replay_free(p);
    hs_log_reader_close(r);
    return st;
}

static void test_identical(void)
{
    char *path = tt_path("same.hst"), *msg;
    GArray *a = sample();
    uint64_t matched;

    tt_write(path, (hs_record *)(void *)a->data, a->len, NULL, 2);
    g_assert_cmpint(run(path, (hs_record *)(void *)a->data, a->len, &msg, &matched), ==,
                    HS_REPLAY_MATCHING);
    g_assert_cmpuint(matched, ==, a->len);
    g_assert_cmpstr(msg, ==, "");
    g_free(msg);
    g_array_free(a, TRUE);
    g_free(path);
}

/* Each member that can differ: the message names the record by its place and
 * sequence number, the member, both values, and shows both records. */
static void test_each_difference(void)
{
    static const struct {
        guint index;
        const char *member;
        const char *values;
    } cases[] = {
        { 0, "time_ps", "the log has 2000, the replay 2001" },
        { 1, "cycle", "the log has 4, the replay 5" },
        { 2, "vcpu", "the log has 0, the replay 1" },
        { 3, "seq", "the log has 5, the replay 3" },
        { 4, "event", "the log has exc_entry, the replay exc_return" },
        { 1, "value", "the log has 0x00000020, the replay 0x00000021" },
        { 4, "pc", "the log has 0x40000018, the replay 0x4000001c" },
    };
    char *path = tt_path("diff.hst");
    GArray *a = sample();

    tt_write(path, (hs_record *)(void *)a->data, a->len, NULL, 0);
    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        GArray *b = sample();
        hs_record *r = &g_array_index(b, hs_record, cases[c].index);
        char *msg, *head;
        uint64_t matched;

        switch (c) {
        case 0: r->time_ps++; break;
        case 1: r->cycle++; break;
        case 2: r->vcpu = 1; break;
        case 3: r->seq = 3; break;
        case 4: r->event = HS_EV_exc_return; break;
        case 5: r->f[2]++; break;
        case 6: r->f[3] += 4; break;
        }
        g_assert_cmpint(run(path, (hs_record *)(void *)b->data, b->len, &msg, &matched), ==,
                        HS_REPLAY_DIVERGED);
        g_assert_cmpuint(matched, ==, cases[c].index);
        head = g_strdup_printf("record %u (seq %" G_GUINT64_FORMAT ") differs in %s: %s\n"
                               "  log:   ", cases[c].index + 1,
                               g_array_index(a, hs_record, cases[c].index).seq, cases[c].member,
                               cases[c].values);
        g_assert_true(g_str_has_prefix(msg, head));
        g_assert_nonnull(strstr(msg, "\n  replay:"));
        g_free(head);
        g_free(msg);
        g_array_free(b, TRUE);
    }
    g_array_free(a, TRUE);
    g_free(path);
}

/* Fields an event does not have are not compared (a log does not hold them). */
static void test_unused_fields(void)
{
    char *path = tt_path("unused.hst"), *msg;
    GArray *a = sample(), *b = sample();
    uint64_t matched;

    tt_write(path, (hs_record *)(void *)a->data, a->len, NULL, 0);
    g_array_index(b, hs_record, 0).f[3] = 99;       /* lr_write has three fields */
    g_assert_cmpint(run(path, (hs_record *)(void *)b->data, b->len, &msg, &matched), ==,
                    HS_REPLAY_MATCHING);
    g_free(msg);
    g_array_free(a, TRUE);
    g_array_free(b, TRUE);
    g_free(path);
}

static void test_lengths(void)
{
    char *path = tt_path("len.hst"), *msg;
    GArray *a = sample();
    uint64_t matched;

    tt_write(path, (hs_record *)(void *)a->data, a->len, NULL, 0);
    /* The replay ends first. */
    g_assert_cmpint(run(path, (hs_record *)(void *)a->data, 3, &msg, &matched), ==,
                    HS_REPLAY_DIVERGED);
    g_assert_cmpuint(matched, ==, 3);
    g_assert_true(g_str_has_prefix(msg, "the replay ended after 3 records; the log goes on "
                                        "with seq 5:\n  log:   "));
    g_free(msg);
    /* The log ends first. */
    tt_write(path, (hs_record *)(void *)a->data, 2, NULL, 0);
    g_assert_cmpint(run(path, (hs_record *)(void *)a->data, a->len, &msg, &matched), ==,
                    HS_REPLAY_DIVERGED);
    g_assert_cmpuint(matched, ==, 2);
    g_assert_true(g_str_has_prefix(msg, "the log ends after 2 records; the replay goes on with "
                                        "seq 2:\n  replay:"));
    g_free(msg);
    g_array_free(a, TRUE);
    g_free(path);
}

/* A log cut short (a killed run): every record it holds matched. A corrupt
 * one: the reader's message. */
static void test_cut_and_damaged(void)
{
    char *path = tt_path("cut.hst"), *msg;
    GArray *a = sample();
    GBytes *whole;
    const guint8 *data;
    gsize len;
    uint64_t matched;
    guint8 *bad;

    tt_write(path, (hs_record *)(void *)a->data, a->len, NULL, 2);
    whole = tt_slurp(path);
    data = g_bytes_get_data(whole, &len);
    /* Without the end block (17 bytes: frame and one varint): blocks of 2, 2, 1. */
    tt_spit(path, data, len - 17);
    g_assert_cmpint(run(path, (hs_record *)(void *)a->data, a->len, &msg, &matched), ==,
                    HS_REPLAY_LOG_CUT);
    g_assert_cmpuint(matched, ==, a->len);
    g_assert_nonnull(strstr(msg, "cut.hst"));
    g_free(msg);
    /* A flipped byte in the last records block's payload. */
    bad = g_memdup2(data, len);
    bad[len - 17 - 2] ^= 0x40;
    tt_spit(path, bad, len);
    g_assert_cmpint(run(path, (hs_record *)(void *)a->data, a->len, &msg, &matched), ==,
                    HS_REPLAY_DAMAGED);
    g_assert_cmpuint(matched, ==, 4);
    g_assert_nonnull(strstr(msg, "CRC"));
    g_free(msg);
    g_free(bad);
    g_bytes_unref(whole);
    g_array_free(a, TRUE);
    g_free(path);
}

int main(int argc, char **argv)
{
    int status;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/replay/identical", test_identical);
    g_test_add_func("/replay/each-difference", test_each_difference);
    g_test_add_func("/replay/unused-fields", test_unused_fields);
    g_test_add_func("/replay/lengths", test_lengths);
    g_test_add_func("/replay/cut-and-damaged", test_cut_and_damaged);
    status = g_test_run();
    tt_cleanup();
    return status;
}
