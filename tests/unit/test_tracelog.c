/* The binary event log (.hst): byte encodings, round trips, metadata, and
 * damaged input: truncation at every byte, corrupted blocks, random bytes.
 * Logs built by hand here follow docs/traces.md, so they check the spec too. */
#include <string.h>

#include <glib.h>

#include "traces/log.h"
#include "traces/wire.h"
#include "trace_test.h"

/* ---- encodings -------------------------------------------------------------- */

static void test_leb128(void)
{
    /* protobuf.dev "Encoding": 150 is 96 01; 300 is ac 02. */
    static const struct { uint64_t v; const char *bytes; size_t n; } cases[] = {
        { 0, "\x00", 1 }, { 1, "\x01", 1 }, { 127, "\x7f", 1 }, { 128, "\x80\x01", 2 },
        { 150, "\x96\x01", 2 }, { 300, "\xac\x02", 2 },
        { UINT64_MAX, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 10 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        uint8_t buf[HS_LEB128_MAX];
        const uint8_t *p = buf;
        uint64_t v;
        size_t n = hs_leb128_put(buf, cases[i].v);
        g_assert_cmpuint(n, ==, cases[i].n);
        g_assert_cmpmem(buf, n, cases[i].bytes, cases[i].n);
        g_assert_true(hs_leb128_get(&p, buf + n, &v));
        g_assert_cmpuint(v, ==, cases[i].v);
        g_assert_true(p == buf + n);
        /* Cut short, it does not decode. */
        p = buf;
        g_assert_false(hs_leb128_get(&p, buf + n - 1, &v));
    }
    {
        /* Eleven bytes, or a tenth byte above 1, are no 64-bit value. */
        static const uint8_t too_long[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                            0x80, 0x80, 0x00 };
        static const uint8_t too_big[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                           0xff, 0x02 };
        const uint8_t *p = too_long;
        uint64_t v;
        g_assert_false(hs_leb128_get(&p, too_long + sizeof too_long, &v));
        p = too_big;
        g_assert_false(hs_leb128_get(&p, too_big + sizeof too_big, &v));
    }
}

static void test_zigzag(void)
{
    /* protobuf.dev "Encoding", signed integers: 0, -1, 1, -2 -> 0, 1, 2, 3. */
    g_assert_cmpuint(hs_zigzag(0), ==, 0);
    g_assert_cmpuint(hs_zigzag((uint64_t)-1), ==, 1);
    g_assert_cmpuint(hs_zigzag(1), ==, 2);
    g_assert_cmpuint(hs_zigzag((uint64_t)-2), ==, 3);
    g_assert_cmpuint(hs_zigzag(0x7fffffffffffffffull), ==, 0xfffffffffffffffeull);
    g_assert_cmpuint(hs_zigzag(0x8000000000000000ull), ==, UINT64_MAX);
    for (int i = 0; i < 1000; i++) {
        uint64_t v = (uint64_t)g_test_rand_int() << 32 ^ (uint32_t)g_test_rand_int();
        g_assert_cmpuint(hs_unzigzag(hs_zigzag(v)), ==, v);
    }
}

static void test_crc32(void)
{
    /* The CRC-32 check value (the CRC of "123456789"), and its continuation. */
    g_assert_cmphex(hs_crc32(0, "123456789", 9), ==, 0xcbf43926);
    g_assert_cmphex(hs_crc32(hs_crc32(0, "1234", 4), "56789", 5), ==, 0xcbf43926);
    g_assert_cmphex(hs_crc32(0, "", 0), ==, 0);
}

/* ---- round trips ------------------------------------------------------------ */

static uint64_t rand64(void)
{
    return (uint64_t)(uint32_t)g_test_rand_int() << 32 | (uint32_t)g_test_rand_int();
}

/* Random records: seq, time and cycle mostly creep forward but sometimes jump
 * anywhere, vCPUs include "none" and values beyond 255. */
static GArray *random_records(size_t n)
{
    GArray *a = g_array_sized_new(FALSE, FALSE, sizeof(hs_record), (guint)n);
    uint64_t seq = rand64() >> 40, t = 0, cycle[8] = { 0 };
    static const uint32_t odd_vcpus[] = { HS_VCPU_NONE, 256, 511, UINT32_MAX };

    for (size_t i = 0; i < n; i++) {
        hs_record r = { 0 };
        int kind = g_test_rand_int_range(0, 20);
        r.seq = kind == 0 ? rand64() : seq + (uint64_t)g_test_rand_int_range(1, 3);
        r.time_ps = kind == 1 ? rand64() : t + (uint64_t)g_test_rand_int_range(-500, 100000);
        r.vcpu = kind == 2 ? odd_vcpus[g_test_rand_int_range(0, 4)]
                           : (uint32_t)g_test_rand_int_range(0, 8);
        r.cycle = kind == 3 ? rand64()
                : r.vcpu < 8 ? cycle[r.vcpu] + (uint64_t)g_test_rand_int_range(0, 5000) : 0;
        r.event = (uint32_t)g_test_rand_int_range(0, HS_EV__COUNT);
        for (unsigned f = 0; f < hs_event_table[r.event].nfields; f++) {
            int size = g_test_rand_int_range(0, 3);
            r.f[f] = size == 0 ? (uint64_t)g_test_rand_int_range(0, 64)
                   : size == 1 ? (uint32_t)g_test_rand_int() : rand64();
        }
        if (r.vcpu < 8) {
            cycle[r.vcpu] = r.cycle;
        }
        seq = r.seq;
        t = r.time_ps;
        g_array_append_val(a, r);
    }
    return a;
}

static void assert_same_records(const GArray *a, const GArray *b)
{
    g_assert_cmpuint(a->len, ==, b->len);
    for (guint i = 0; i < a->len; i++) {
        const hs_record *x = &g_array_index(a, hs_record, i);
        const hs_record *y = &g_array_index(b, hs_record, i);
        g_assert_cmpuint(x->seq, ==, y->seq);
        g_assert_cmpuint(x->time_ps, ==, y->time_ps);
        g_assert_cmpuint(x->cycle, ==, y->cycle);
        g_assert_cmpuint(x->vcpu, ==, y->vcpu);
        g_assert_cmpuint(x->event, ==, y->event);
        for (unsigned f = 0; f < HS_EVENT_FIELDS; f++) {
            g_assert_cmpuint(x->f[f], ==, y->f[f]);
        }
    }
}

static GArray *read_all(const char *path, int *status, char **msg)
{
    hs_log_reader *r;
    GArray *out;
    g_assert_cmpint(hs_log_reader_open(path, &r, msg), ==, HS_TRACELOG_OK);
    out = tt_drain(r, status, msg);
    hs_log_reader_close(r);
    return out;
}

static void test_roundtrip(void)
{
    static const unsigned block_sizes[] = { 1, 7, 100, 0 };
    for (size_t b = 0; b < G_N_ELEMENTS(block_sizes); b++) {
        char *path = tt_path("roundtrip.hst");
        GArray *in = random_records(5000), *out;
        hs_log_reader *r;
        char *msg;
        int status;

        tt_write(path, (hs_record *)(void *)in->data, in->len, NULL, block_sizes[b]);
        g_assert_cmpint(hs_log_reader_open(path, &r, &msg), ==, HS_TRACELOG_OK);
        out = tt_drain(r, &status, &msg);
        g_assert_cmpint(status, ==, 0);
        g_assert_null(msg);
        assert_same_records(in, out);
        /* Header block, the record blocks, the end block. */
        if (block_sizes[b]) {
            g_assert_cmpuint(hs_log_reader_blocks(r), ==,
                             2 + (5000 + block_sizes[b] - 1) / block_sizes[b]);
        }
        /* The end stays the end. */
        g_assert_cmpint(hs_log_reader_next(r, &(hs_record){ 0 }, &msg), ==, 0);
        hs_log_reader_close(r);
        g_array_free(in, TRUE);
        g_array_free(out, TRUE);
        g_free(path);
    }
}

static void test_byte_limit(void)
{
    char *path = tt_path("bytes.hst");
    GArray *in = random_records(3000), *out;
    hs_log_writer *w;
    hs_log_reader *r;
    char *msg = NULL;
    int status;

    g_assert_cmpint(hs_log_writer_open(path, NULL, &w, &msg), ==, HS_TRACELOG_OK);
    hs_log_writer_set_block_limits(w, 1000000, 512);
    for (guint i = 0; i < in->len; i++) {
        hs_log_writer_record(w, &g_array_index(in, hs_record, i));
    }
    g_assert_cmpint(hs_log_writer_close(w, &msg), ==, HS_TRACELOG_OK);
    g_assert_cmpint(hs_log_reader_open(path, &r, &msg), ==, HS_TRACELOG_OK);
    out = tt_drain(r, &status, &msg);
    g_assert_cmpint(status, ==, 0);
    assert_same_records(in, out);
    /* At least one block per 512 payload bytes plus one record. */
    g_assert_cmpuint(hs_log_reader_blocks(r), >, 2 + hs_log_reader_offset(r) / (512 + 100));
    hs_log_reader_close(r);
    g_array_free(in, TRUE);
    g_array_free(out, TRUE);
    g_free(path);
}

static void test_empty_log(void)
{
    char *path = tt_path("empty.hst");
    GArray *out;
    char *msg;
    int status;

    tt_write(path, NULL, 0, NULL, 0);
    out = read_all(path, &status, &msg);
    g_assert_cmpint(status, ==, 0);
    g_assert_cmpuint(out->len, ==, 0);
    g_array_free(out, TRUE);
    g_free(path);
}

/* The writer as a tracer sink: what HS_TRACE emits is what the log holds. */
static uint64_t now_ps(void *opaque, unsigned vcpu)
{
    (void)vcpu;
    return *(uint64_t *)opaque;
}

static void test_sink(void)
{
    char *path = tt_path("sink.hst");
    hs_tracer t;
    hs_log_writer *w;
    uint64_t now = 123456;
    const char *bad;
    char *msg = NULL;
    GArray *out;
    int status;

    hs_tracer_init(&t);
    t.now_ps = now_ps;
    t.clock_opaque = &now;
    g_assert_cmpint(hs_log_writer_open(path, NULL, &w, &msg), ==, HS_TRACELOG_OK);
    hs_tracer_add_sink(&t, hs_log_writer_sink(w));
    g_assert_cmpint(hs_tracer_select(&t, "lr,line", &bad), ==, 0);
    HS_TRACE(&t, lr_write, 1, 2, 0, 0x1a000020, 0);
    HS_TRACE(&t, gic_read, 1, 3, 0xc, 32, 4);          /* not selected */
    now = 130000;
    HS_TRACE(&t, line, 1, HS_LINE_VIRQ, 1, 0, 0);
    g_assert_cmpint(hs_log_writer_close(w, &msg), ==, HS_TRACELOG_OK);

    out = read_all(path, &status, &msg);
    g_assert_cmpint(status, ==, 0);
    g_assert_cmpuint(out->len, ==, 2);
    g_assert_cmpuint(g_array_index(out, hs_record, 0).event, ==, HS_EV_lr_write);
    g_assert_cmpuint(g_array_index(out, hs_record, 0).f[2], ==, 0x1a000020);
    g_assert_cmpuint(g_array_index(out, hs_record, 0).time_ps, ==, 123456);
    g_assert_cmpuint(g_array_index(out, hs_record, 1).seq, ==, 1);
    g_assert_cmpuint(g_array_index(out, hs_record, 1).event, ==, HS_EV_line);
    g_assert_cmpuint(g_array_index(out, hs_record, 1).f[0], ==, HS_LINE_VIRQ);
    g_assert_cmpuint(g_array_index(out, hs_record, 1).time_ps, ==, 130000);
    g_array_free(out, TRUE);
    g_free(path);
}

/* ---- metadata --------------------------------------------------------------- */

static void test_meta(void)
{
    char *path = tt_path("meta.hst");
    char *image = tt_path("image.elf");
    static const char *const extra[] = { "checker.lost-pending", "on", "empty", "", NULL };
    hs_log_meta m = {
        .platform_name = "virt-a15",
        .platform_text = "[machine]\nname=virt-a15\n",
        .image_path = image,
        .command_line = "hypsim run -smp 2 --trace t.hst image.elf",
        .seed = "42",
        .fault_plan = "delay maintenance 25 by 3us\n",
        .input = "a\x01\xff",
        .extra = extra,
    };
    const hs_log_meta *got;
    hs_log_reader *r;
    char *msg = NULL;
    unsigned major, minor;

    /* FIPS 180-2 appendix B.1: SHA-256("abc"). */
    tt_spit(image, "abc", 3);
    tt_write(path, NULL, 0, &m, 0);
    g_assert_cmpint(hs_log_reader_open(path, &r, &msg), ==, HS_TRACELOG_OK);
    got = hs_log_reader_meta(r);
    g_assert_cmpstr(got->platform_name, ==, m.platform_name);
    g_assert_cmpstr(got->platform_text, ==, m.platform_text);
    g_assert_cmpstr(got->image_path, ==, image);
    g_assert_cmpstr(got->image_sha256, ==,
                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    g_assert_cmpstr(got->command_line, ==, m.command_line);
    g_assert_cmpstr(got->seed, ==, "42");
    g_assert_cmpstr(got->fault_plan, ==, m.fault_plan);
    g_assert_cmpstr(got->input, ==, m.input);
    g_assert_cmpstr(hs_log_reader_meta_get(r, "checker.lost-pending"), ==, "on");
    g_assert_cmpstr(hs_log_reader_meta_get(r, "empty"), ==, "");
    g_assert_cmpstr(hs_log_reader_meta_get(r, "seed"), ==, "42");
    g_assert_nonnull(hs_log_reader_meta_get(r, "hypsim.version"));
    g_assert_null(hs_log_reader_meta_get(r, "no.such.key"));
    /* Unknown keys, the writer's version among them, land in extra. */
    {
        bool found = false;
        for (const char *const *p = got->extra; p[0]; p += 2) {
            found = found || (!strcmp(p[0], "checker.lost-pending") && !strcmp(p[1], "on"));
        }
        g_assert_true(found);
    }
    hs_log_reader_version(r, &major, &minor);
    g_assert_cmpuint(major, ==, 1);
    g_assert_cmpuint(minor, ==, 0);
    hs_log_reader_close(r);

    /* A given hash is kept as given. */
    m.image_sha256 = "00";
    tt_write(path, NULL, 0, &m, 0);
    g_assert_cmpint(hs_log_reader_open(path, &r, &msg), ==, HS_TRACELOG_OK);
    g_assert_cmpstr(hs_log_reader_meta(r)->image_sha256, ==, "00");
    hs_log_reader_close(r);
    g_free(path);
    g_free(image);
}

static void test_writer_errors(void)
{
    char *missing = tt_path("no-such-image.elf");
    char *path = tt_path("w.hst");
    hs_log_meta m = { .image_path = missing };
    hs_log_writer *w;
    char *msg = NULL;

    g_assert_cmpint(hs_log_writer_open("/nonexistent-dir/x.hst", NULL, &w, &msg), ==,
                    HS_TRACELOG_ERR_IO);
    g_assert_null(w);
    g_assert_nonnull(strstr(msg, "/nonexistent-dir/x.hst"));
    g_free(msg);
    msg = NULL;
    g_assert_cmpint(hs_log_writer_open(path, &m, &w, &msg), ==, HS_TRACELOG_ERR_IO);
    g_assert_nonnull(strstr(msg, missing));
    g_free(msg);
    g_assert_cmpstr(hs_tracelog_strerror(HS_TRACELOG_ERR_TRUNCATED), ==, "event log truncated");
    g_free(missing);
    g_free(path);
}

/* ---- damaged logs ----------------------------------------------------------- */

#define SMALL_RECORDS 40u
#define SMALL_BLOCK 8u

/* A small log of 5 blocks of 8 records, and where each block starts. */
static GBytes *small_log(GArray **recs, size_t starts[8], size_t *nblocks)
{
    char *path = tt_path("small.hst");
    GBytes *bytes;
    const uint8_t *d;
    size_t len, off = 16, n = 0;

    *recs = random_records(SMALL_RECORDS);
    tt_write(path, (hs_record *)(void *)(*recs)->data, SMALL_RECORDS, NULL, SMALL_BLOCK);
    bytes = tt_slurp(path);
    d = g_bytes_get_data(bytes, &len);
    /* Walk the frames: the payload length is at +4 of each 16-byte frame. */
    while (off < len) {
        g_assert_cmpuint(n, <, 8);
        starts[n++] = off;
        off += 16 + hs_get_le32(d + off + 4);
    }
    g_assert_cmpuint(off, ==, len);
    /* Header block, 5 record blocks, end block. */
    g_assert_cmpuint(n, ==, 2 + SMALL_RECORDS / SMALL_BLOCK);
    *nblocks = n;
    g_free(path);
    return bytes;
}

static void test_truncated_everywhere(void)
{
    GArray *recs;
    size_t starts[8], nblocks, len;
    GBytes *log = small_log(&recs, starts, &nblocks);
    const uint8_t *d = g_bytes_get_data(log, &len);
    char *path = tt_path("cut.hst");

    for (size_t cut = 0; cut < len; cut++) {
        hs_log_reader *r;
        char *msg = NULL, *where;
        hs_tracelog_err err;
        size_t whole = 0;
        GArray *out;
        int status;

        tt_spit(path, d, cut);
        err = hs_log_reader_open(path, &r, &msg);
        if (cut < starts[1]) {
            /* Not even the header block. */
            g_assert_cmpint(err, ==, cut == 0 ? HS_TRACELOG_ERR_NOT_LOG : HS_TRACELOG_ERR_TRUNCATED);
            g_assert_nonnull(strstr(msg, path));
            g_free(msg);
            continue;
        }
        g_assert_cmpint(err, ==, HS_TRACELOG_OK);
        /* Whole record blocks before the cut are read, then the cut is named. */
        for (size_t b = 1; b + 1 < nblocks; b++) {
            if (starts[b + 1] <= cut) {
                whole = b;
            }
        }
        out = tt_drain(r, &status, &msg);
        g_assert_cmpint(status, ==, -1);
        g_assert_cmpint(hs_log_reader_error(r), ==, HS_TRACELOG_ERR_TRUNCATED);
        g_assert_cmpuint(out->len, ==, whole * SMALL_BLOCK);
        for (guint i = 0; i < out->len; i++) {
            g_assert_cmpuint(g_array_index(out, hs_record, i).seq, ==,
                             g_array_index(recs, hs_record, i).seq);
        }
        where = g_strdup_printf("truncated at byte offset %zu", cut);
        g_assert_nonnull(strstr(msg, where));
        g_assert_nonnull(strstr(msg, path));
        g_free(where);
        g_free(msg);
        g_array_free(out, TRUE);
        hs_log_reader_close(r);
    }
    g_array_free(recs, TRUE);
    g_bytes_unref(log);
    g_free(path);
}

static void test_corrupt_block(void)
{
    GArray *recs, *out;
    size_t starts[8], nblocks, len;
    GBytes *log = small_log(&recs, starts, &nblocks);
    const void *data = g_bytes_get_data(log, &len);
    uint8_t *d = g_memdup2(data, len);
    char *path = tt_path("corrupt.hst");
    char *msg, *where;
    int status;

    /* A payload byte of block 2 (the second record block). */
    d[starts[2] + 16 + 3] ^= 0x40;
    tt_spit(path, d, len);
    out = read_all(path, &status, &msg);
    g_assert_cmpint(status, ==, -1);
    g_assert_cmpuint(out->len, ==, SMALL_BLOCK);
    where = g_strdup_printf("block 2 at byte offset %zu: its payload fails the CRC check",
                            starts[2]);
    g_assert_nonnull(strstr(msg, where));
    g_free(where);
    g_free(msg);
    g_array_free(out, TRUE);

    /* Its length field instead: the frame's own CRC catches it, so a damaged
     * length is not mistaken for a short file. */
    d[starts[2] + 16 + 3] ^= 0x40;
    d[starts[2] + 5] ^= 0x01;
    tt_spit(path, d, len);
    out = read_all(path, &status, &msg);
    g_assert_cmpint(status, ==, -1);
    where = g_strdup_printf("block 2 at byte offset %zu: its frame fails the CRC check",
                            starts[2]);
    g_assert_nonnull(strstr(msg, where));
    g_free(where);
    g_free(msg);
    g_array_free(out, TRUE);

    /* The end block's count disagreeing with the records is caught too. */
    d[starts[2] + 5] ^= 0x01;
    {
        size_t e = starts[nblocks - 1];
        d[e + 16] = SMALL_RECORDS + 1;
        hs_put_le32(d + e + 8, hs_crc32(0, d + e + 16, hs_get_le32(d + e + 4)));
        hs_put_le32(d + e + 12, hs_crc32(0, d + e, 12));
    }
    tt_spit(path, d, len);
    out = read_all(path, &status, &msg);
    g_assert_cmpint(status, ==, -1);
    g_assert_cmpuint(out->len, ==, SMALL_RECORDS);
    g_assert_nonnull(strstr(msg, "the end block counts 41 records, the blocks before it hold 40"));
    g_free(msg);
    g_array_free(out, TRUE);

    g_free(d);
    g_array_free(recs, TRUE);
    g_bytes_unref(log);
    g_free(path);
}

/* Random damage: the reader stops with a message, or (if the damage hit
 * nothing that matters, which CRC-32 makes all but impossible) reads the same
 * records; it never crashes, hangs or leaks (the sanitizer build watches). */
static void test_random_corruption(void)
{
    GArray *recs;
    size_t starts[8], nblocks, len;
    GBytes *log = small_log(&recs, starts, &nblocks);
    const uint8_t *orig = g_bytes_get_data(log, &len);
    char *path = tt_path("fuzz.hst");
    uint8_t *d = g_malloc(len);

    for (int round = 0; round < 3000; round++) {
        hs_log_reader *r;
        char *msg = NULL;
        int flips = g_test_rand_int_range(1, 5);

        memcpy(d, orig, len);
        for (int i = 0; i < flips; i++) {
            size_t at = (size_t)g_test_rand_int_range(0, (gint32)len);
            d[at] = round & 1 ? (uint8_t)g_test_rand_int() : d[at] ^ (uint8_t)(1u << (i & 7));
        }
        tt_spit(path, d, len);
        if (hs_log_reader_open(path, &r, &msg) == HS_TRACELOG_OK) {
            int status;
            GArray *out = tt_drain(r, &status, &msg);
            if (status == 0) {
                assert_same_records(recs, out);
            } else {
                g_assert_nonnull(msg);
            }
            g_array_free(out, TRUE);
            hs_log_reader_close(r);
        }
        if (msg) {
            g_assert_nonnull(strstr(msg, path));
        }
        g_free(msg);
    }
    g_free(d);
    g_array_free(recs, TRUE);
    g_bytes_unref(log);
    g_free(path);
}

/* A frame around an arbitrary payload, with correct CRCs, so that the decoder
 * behind the checks sees it. */
static void append_block(GByteArray *b, uint8_t kind, const uint8_t *payload, size_t n)
{
    uint8_t frame[16] = { kind };
    hs_put_le32(frame + 4, (uint32_t)n);
    hs_put_le32(frame + 8, hs_crc32(0, payload, n));
    hs_put_le32(frame + 12, hs_crc32(0, frame, 12));
    g_byte_array_append(b, frame, sizeof frame);
    g_byte_array_append(b, payload, (guint)n);
}

static void test_garbage(void)
{
    GArray *recs;
    size_t starts[8], nblocks, len;
    GBytes *log = small_log(&recs, starts, &nblocks);
    const uint8_t *orig = g_bytes_get_data(log, &len);
    char *path = tt_path("garbage.hst");
    static const uint8_t kinds[] = { 'H', 'R', 'E', 'Z' };

    for (int round = 0; round < 3000; round++) {
        GByteArray *b = g_byte_array_new();
        uint8_t junk[256];
        size_t n = (size_t)g_test_rand_int_range(0, sizeof junk);
        hs_log_reader *r;
        char *msg = NULL;

        for (size_t i = 0; i < n; i++) {
            /* Small values make plausible varints and counts. */
            junk[i] = (uint8_t)(round & 1 ? g_test_rand_int() : g_test_rand_int_range(0, 4));
        }
        switch (round % 4) {
        case 0:     /* bytes, nothing else */
            g_byte_array_append(b, junk, (guint)n);
            break;
        case 1:     /* a valid file header, then bytes */
            g_byte_array_append(b, orig, 16);
            g_byte_array_append(b, junk, (guint)n);
            break;
        case 2:     /* a checksummed header block of junk */
            g_byte_array_append(b, orig, 16);
            append_block(b, 'H', junk, n);
            break;
        case 3:     /* a valid header block, then checksummed blocks of junk */
            g_byte_array_append(b, orig, starts[1]);
            for (int k = 0; k < 3; k++) {
                size_t m = (size_t)g_test_rand_int_range(0, (gint32)n + 1);
                append_block(b, kinds[g_test_rand_int_range(0, 4)], junk, m);
            }
            break;
        }
        tt_spit(path, b->data, b->len);
        if (hs_log_reader_open(path, &r, &msg) == HS_TRACELOG_OK) {
            int status;
            GArray *out = tt_drain(r, &status, &msg);
            /* Junk may decode: nothing says the records must be meaningful. */
            g_assert_true(status == 0 || msg);
            g_array_free(out, TRUE);
            hs_log_reader_close(r);
        }
        g_free(msg);
        g_byte_array_free(b, TRUE);
    }
    g_array_free(recs, TRUE);
    g_bytes_unref(log);
    g_free(path);
}

/* ---- versions and catalogs -------------------------------------------------- */

static void put_str(GByteArray *b, const char *s)
{
    hs_leb128_append(b, strlen(s));
    g_byte_array_append(b, (const guint8 *)s, (guint)strlen(s));
}

static void put_file_header(GByteArray *b, uint16_t major, uint16_t minor)
{
    uint8_t fh[16];
    memcpy(fh, "\x89HST\r\n\x1a\n", 8);
    hs_put_le16(fh + 8, major);
    hs_put_le16(fh + 10, minor);
    hs_put_le32(fh + 12, hs_crc32(0, fh, 12));
    g_byte_array_append(b, fh, sizeof fh);
}

static void test_version(void)
{
    char *path = tt_path("v2.hst");
    GByteArray *b = g_byte_array_new();
    hs_log_reader *r;
    char *msg = NULL;

    put_file_header(b, 2, 0);
    tt_spit(path, b->data, b->len);
    g_assert_cmpint(hs_log_reader_open(path, &r, &msg), ==, HS_TRACELOG_ERR_VERSION);
    g_assert_nonnull(strstr(msg, "format version 2.0"));
    g_free(msg);

    tt_spit(path, "#!/bin/sh\necho hello\n", 21);
    g_assert_cmpint(hs_log_reader_open(path, &r, &msg), ==, HS_TRACELOG_ERR_NOT_LOG);
    g_assert_nonnull(strstr(msg, "not a hypsim event log"));
    g_free(msg);
    g_byte_array_free(b, TRUE);
    g_free(path);
}

/* A log from another build: a newer minor version, an event that matches ours,
 * one we do not have (with five fields), one whose fields differ from ours,
 * an unknown metadata key, an unknown block kind, trailing header bytes. */
static void test_foreign_catalog(void)
{
    char *path = tt_path("foreign.hst");
    GByteArray *file = g_byte_array_new(), *h = g_byte_array_new(), *rb = g_byte_array_new();
    hs_log_reader *r;
    const hs_event_info *i;
    GArray *out;
    char *msg = NULL;
    int status;

    put_file_header(file, 1, 7);
    hs_leb128_append(h, 3);
    hs_leb128_append(h, 0);
    put_str(h, "lr_write");
    put_str(h, "lr");
    hs_leb128_append(h, 3);
    put_str(h, "lr");
    put_str(h, "old");
    put_str(h, "new");
    hs_leb128_append(h, 40);
    put_str(h, "future_event");
    put_str(h, "future");
    hs_leb128_append(h, 5);
    for (const char *f = "a\0b\0c\0d\0e\0"; *f; f += 2) {
        put_str(h, f);
    }
    hs_leb128_append(h, 3);
    put_str(h, "line");
    put_str(h, "line");
    hs_leb128_append(h, 1);
    put_str(h, "line");
    hs_leb128_append(h, 2);
    put_str(h, "seed");
    put_str(h, "7");
    put_str(h, "replay.cursor");
    put_str(h, "12");
    g_byte_array_append(h, (const guint8 *)"later", 5);
    append_block(file, 'H', h->data, h->len);
    append_block(file, 'X', (const guint8 *)"an index, say", 13);

    /* Three records: seq 10, 11, 12 at 1000, 1500, 1400 ps on vCPU 2. */
    hs_leb128_append(rb, 3);
    hs_leb128_append(rb, hs_zigzag(10));
    hs_leb128_append(rb, hs_zigzag(1000));
    hs_leb128_append(rb, 0);
    hs_leb128_append(rb, 2);
    hs_leb128_append(rb, hs_zigzag(77));
    hs_leb128_append(rb, 1);
    hs_leb128_append(rb, 0);
    hs_leb128_append(rb, 0x1a000020);
    hs_leb128_append(rb, hs_zigzag(0));
    hs_leb128_append(rb, hs_zigzag(500));
    hs_leb128_append(rb, 40);
    hs_leb128_append(rb, 2);
    hs_leb128_append(rb, hs_zigzag(3));
    for (uint64_t v = 1; v <= 5; v++) {
        hs_leb128_append(rb, v * 100);
    }
    hs_leb128_append(rb, hs_zigzag(0));
    hs_leb128_append(rb, hs_zigzag((uint64_t)-100));
    hs_leb128_append(rb, 3);
    hs_leb128_append(rb, HS_VCPU_NONE);
    hs_leb128_append(rb, hs_zigzag(0));
    hs_leb128_append(rb, 4);
    append_block(file, 'R', rb->data, rb->len);
    {
        uint8_t total = 3;
        append_block(file, 'E', &total, 1);
    }
    tt_spit(path, file->data, file->len);

    g_assert_cmpint(hs_log_reader_open(path, &r, &msg), ==, HS_TRACELOG_OK);
    g_assert_cmpstr(hs_log_reader_meta(r)->seed, ==, "7");
    g_assert_cmpstr(hs_log_reader_meta_get(r, "replay.cursor"), ==, "12");
    out = tt_drain(r, &status, &msg);
    g_assert_cmpint(status, ==, 0);
    g_assert_cmpuint(out->len, ==, 3);
    {
        const hs_record *a = &g_array_index(out, hs_record, 0);
        const hs_record *b = &g_array_index(out, hs_record, 1);
        const hs_record *c = &g_array_index(out, hs_record, 2);
        g_assert_cmpuint(a->event, ==, HS_EV_lr_write);
        g_assert_cmpuint(a->seq, ==, 10);
        g_assert_cmpuint(a->time_ps, ==, 1000);
        g_assert_cmpuint(a->cycle, ==, 77);
        g_assert_cmpuint(a->vcpu, ==, 2);
        g_assert_cmpuint(a->f[0], ==, 1);
        g_assert_cmpuint(a->f[2], ==, 0x1a000020);
        g_assert_cmpuint(b->event, ==, HS_LOG_FOREIGN_EVENT + 40);
        g_assert_cmpuint(b->seq, ==, 11);
        g_assert_cmpuint(b->time_ps, ==, 1500);
        g_assert_cmpuint(b->cycle, ==, 80);
        g_assert_cmpuint(b->f[0], ==, 100);
        g_assert_cmpuint(b->f[3], ==, 400);   /* the fifth field does not fit */
        i = hs_log_reader_event_info(r, b->event);
        g_assert_cmpstr(i->name, ==, "future_event");
        g_assert_cmpuint(i->nfields, ==, HS_EVENT_FIELDS);
        g_assert_cmpstr(i->field[3], ==, "d");
        g_assert_cmpint(i->cls, ==, HS_EVC__COUNT);
        g_assert_cmpstr(hs_log_reader_event_class(r, b->event), ==, "future");
        g_assert_cmpuint(c->event, ==, HS_LOG_FOREIGN_EVENT + 3);
        g_assert_cmpuint(c->time_ps, ==, 1400);
        g_assert_cmpuint(c->vcpu, ==, HS_VCPU_NONE);
        g_assert_cmpuint(c->f[0], ==, 4);
        g_assert_cmpuint(c->f[1], ==, 0);
        i = hs_log_reader_event_info(r, c->event);
        g_assert_cmpstr(i->name, ==, "line");
        g_assert_cmpuint(i->nfields, ==, 1);
        /* Ids that no record carries have no entry. */
        g_assert_null(hs_log_reader_event_info(r, HS_LOG_FOREIGN_EVENT + 0));
        g_assert_null(hs_log_reader_event_info(r, HS_LOG_FOREIGN_EVENT + 1));
        g_assert_null(hs_log_reader_event_info(r, HS_EV__COUNT));
        g_assert_cmpstr(hs_log_reader_event_info(r, HS_EV_line)->name, ==, "line");
    }
    g_array_free(out, TRUE);
    hs_log_reader_close(r);
    g_byte_array_free(file, TRUE);
    g_byte_array_free(h, TRUE);
    g_byte_array_free(rb, TRUE);
    g_free(path);
}

int main(int argc, char **argv)
{
    int status;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tracelog/leb128", test_leb128);
    g_test_add_func("/tracelog/zigzag", test_zigzag);
    g_test_add_func("/tracelog/crc32", test_crc32);
    g_test_add_func("/tracelog/roundtrip", test_roundtrip);
    g_test_add_func("/tracelog/byte-limit", test_byte_limit);
    g_test_add_func("/tracelog/empty", test_empty_log);
    g_test_add_func("/tracelog/sink", test_sink);
    g_test_add_func("/tracelog/meta", test_meta);
    g_test_add_func("/tracelog/writer-errors", test_writer_errors);
    g_test_add_func("/tracelog/truncated-everywhere", test_truncated_everywhere);
    g_test_add_func("/tracelog/corrupt-block", test_corrupt_block);
    g_test_add_func("/tracelog/random-corruption", test_random_corruption);
    g_test_add_func("/tracelog/garbage", test_garbage);
    g_test_add_func("/tracelog/version", test_version);
    g_test_add_func("/tracelog/foreign-catalog", test_foreign_catalog);
    status = g_test_run();
    tt_cleanup();
    return status;
}
