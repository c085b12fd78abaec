/* The unassigned region: reads as zero, ignores writes (RAZ/WI), and logs each
 * access as a guest error naming the region, the address (base + offset), the
 * size, the direction and the accessing CPU. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/unassigned/unassigned.h"
#include "sim/log.h"

#define BASE UINT64_C(0x09100000)

typedef struct {
    hs_unassigned *s;
    char *log;
    size_t loglen;
} fixture;

static void setup(fixture *f, gconstpointer data)
{
    (void)data;
    memset(f, 0, sizeof *f);
    hs_log_file = open_memstream(&f->log, &f->loglen);
    g_assert_nonnull(hs_log_file);
    hs_log_mask = HS_LOG_GUEST_ERROR;
    f->s = hs_unassigned_new(BASE, "gap-after-rtc");
    g_assert_nonnull(f->s);
    hs_unassigned_reset(f->s);
}

static void teardown(fixture *f, gconstpointer data)
{
    (void)data;
    hs_unassigned_free(f->s);
    fclose(hs_log_file);
    hs_log_file = NULL;
    hs_log_mask = 0;
    free(f->log);
}

static const char *log_text(fixture *f)
{
    fflush(hs_log_file);
    return f->log;
}

static unsigned log_lines(fixture *f)
{
    unsigned n = 0;
    for (const char *p = log_text(f); *p; p++) {
        n += *p == '\n';
    }
    return n;
}

static void assert_logged(fixture *f, const char *needle)
{
    if (!strstr(log_text(f), needle)) {
        g_error("log lacks \"%s\":\n%s", needle, log_text(f));
    }
}

static void test_reads_as_zero(fixture *f, gconstpointer data)
{
    static const unsigned sizes[4] = { 1, 2, 4, 8 };
    (void)data;
    for (unsigned i = 0; i < 4; i++) {
        g_assert_cmphex(hs_unassigned_ops.read(f->s, 0x10 + 8 * i, sizes[i], 1), ==, 0);
    }
    g_assert_cmpuint(log_lines(f), ==, 4);
    assert_logged(f, "gap-after-rtc");
    assert_logged(f, "1-byte read at 0x09100010 by cpu 1");
    assert_logged(f, "2-byte read at 0x09100018");
    assert_logged(f, "4-byte read at 0x09100020");
    assert_logged(f, "8-byte read at 0x09100028");
}

static void test_writes_ignored(fixture *f, gconstpointer data)
{
    (void)data;
    hs_unassigned_ops.write(f->s, 0xffc, 0xdeadbeef, 4, 3);
    g_assert_cmpuint(log_lines(f), ==, 1);
    assert_logged(f, "4-byte write of 0xdeadbeef at 0x09100ffc by cpu 3");
    g_assert_cmphex(hs_unassigned_ops.read(f->s, 0xffc, 4, 3), ==, 0);
    g_assert_cmpuint(log_lines(f), ==, 2);
}

/* Without -d guest_errors nothing is logged, and accesses behave the same. */
static void test_silent_without_mask(fixture *f, gconstpointer data)
{
    (void)data;
    hs_log_mask = 0;
    hs_unassigned_ops.write(f->s, 0, 1, 4, 0);
    g_assert_cmphex(hs_unassigned_ops.read(f->s, 0, 4, 0), ==, 0);
    g_assert_cmpuint(log_lines(f), ==, 0);
}

/* The name is copied; NULL gives a default. */
static void test_names(fixture *f, gconstpointer data)
{
    char name[] = "hole";
    hs_unassigned *a = hs_unassigned_new(0x40000000, name);
    hs_unassigned *b = hs_unassigned_new(0x80000000, NULL);
    (void)data;
    name[0] = 'X';
    hs_unassigned_ops.read(a, 4, 4, 0);
    hs_unassigned_ops.read(b, 0, 1, 0);
    assert_logged(f, "hole: 4-byte read at 0x40000004");
    assert_logged(f, "unassigned: 1-byte read at 0x80000000");
    hs_unassigned_free(a);
    hs_unassigned_free(b);
    hs_unassigned_free(NULL);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, fixture, NULL, setup, fn, teardown)
    ADD("/unassigned/reads-as-zero", test_reads_as_zero);
    ADD("/unassigned/writes-ignored", test_writes_ignored);
    ADD("/unassigned/silent-without-mask", test_silent_without_mask);
    ADD("/unassigned/names", test_names);
#undef ADD
    return g_test_run();
}
