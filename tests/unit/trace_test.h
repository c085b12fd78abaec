/* Helpers shared by the event-log tests: a scratch directory, writing a log
 * from records, reading one back. */
#ifndef HS_TESTS_TRACE_TEST_H
#define HS_TESTS_TRACE_TEST_H

#include <stdio.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "traces/log.h"

static char *tt_dir;

/* A path in this process's scratch directory (removed by tt_cleanup()). */
static inline char *tt_path(const char *name)
{
    if (!tt_dir) {
        GError *err = NULL;
        tt_dir = g_dir_make_tmp("hs-trace-test-XXXXXX", &err);
        g_assert_no_error(err);
    }
    return g_build_filename(tt_dir, name, NULL);
}

static inline void tt_cleanup(void)
{
    GDir *d;
    const char *name;

    if (!tt_dir) {
        return;
    }
    d = g_dir_open(tt_dir, 0, NULL);
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(tt_dir, name, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (d) {
        g_dir_close(d);
    }
    g_rmdir(tt_dir);
    g_clear_pointer(&tt_dir, g_free);
}

static inline hs_record tt_rec(uint64_t seq, uint64_t time_ps, uint32_t vcpu, hs_event ev,
                               uint64_t f0, uint64_t f1, uint64_t f2, uint64_t f3)
{
    hs_record r = { seq, time_ps, vcpu == HS_VCPU_NONE ? 0 : time_ps / 1000, vcpu, ev,
                    { f0, f1, f2, f3 } };
    return r;
}

/* Writes records as a log; block_records 0 keeps the default block size. */
static inline void tt_write(const char *path, const hs_record *recs, size_t n,
                            const hs_log_meta *meta, unsigned block_records)
{
    hs_log_writer *w;
    char *msg = NULL;

    g_assert_cmpint(hs_log_writer_open(path, meta, &w, &msg), ==, HS_TRACELOG_OK);
    g_assert_null(msg);
    if (block_records) {
        hs_log_writer_set_block_limits(w, block_records, HS_LOG_BLOCK_BYTES);
    }
    for (size_t i = 0; i < n; i++) {
        hs_log_writer_record(w, &recs[i]);
    }
    g_assert_cmpuint(hs_log_writer_count(w), ==, n);
    g_assert_cmpint(hs_log_writer_close(w, &msg), ==, HS_TRACELOG_OK);
    g_assert_null(msg);
}

/* Reads every record of an open reader; *status is the last next() result and
 * *msg its message (or NULL). */
static inline GArray *tt_drain(hs_log_reader *r, int *status, char **msg)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(hs_record));
    hs_record rec;
    int got;

    *msg = NULL;
    while ((got = hs_log_reader_next(r, &rec, msg)) > 0) {
        g_array_append_val(out, rec);
    }
    *status = got;
    return out;
}

static inline GBytes *tt_slurp(const char *path)
{
    char *data;
    gsize len;
    GError *err = NULL;
    g_assert_true(g_file_get_contents(path, &data, &len, &err));
    return g_bytes_new_take(data, len);
}

static inline void tt_spit(const char *path, const void *data, size_t len)
{
    FILE *f;
    /* A new file rather than a truncated one: ext4 flushes a file rewritten in
     * place when it is closed (auto_da_alloc), which costs milliseconds. */
    g_unlink(path);
    f = fopen(path, "wb");
    g_assert_nonnull(f);
    if (len) {
        g_assert_cmpuint(fwrite(data, 1, len, f), ==, len);
    }
    g_assert_cmpint(fclose(f), ==, 0);
}

#endif
