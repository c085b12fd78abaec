/* What is made from a log: the Perfetto protobuf (read back by a small decoder
 * here and by `protoc --decode_raw`), the Chrome JSON (read back by a small
 * parser here), the VCD and GTKWave save file, the statistics, the text dump,
 * ELF symbols, the event reference and the `hypsim trace` command line.
 *
 * One scenario, built from the architecture: a vCPU takes a physical IRQ to
 * Hyp, the hypervisor puts vINTID 32 in LR0 (pending, priority 0xa0) and enables
 * the virtual interface, returns to the guest, which takes the virtual IRQ,
 * acknowledges it through GICV_IAR (LR0 becomes active) and ends it through
 * GICV_EOIR (LR0 becomes invalid); a maintenance interrupt then takes the vCPU
 * to Hyp, which idles in WFI. A second vCPU sees an IRQ line pulse that is
 * never taken, recorded after the first vCPU's later events (as a vCPU that ran
 * behind in its quantum would be). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <fcntl.h>
#include <gelf.h>
#include <unistd.h>

#include <glib.h>

#include "hs_config.h"
#include "sim/cli/trace_cmd.h"
#include "traces/catalog_doc.h"
#include "traces/decode.h"
#include "traces/export.h"
#include "traces/protobuf.h"
#include "traces/stats.h"
#include "traces/symbols.h"
#include "traces/wire.h"
#include "trace_test.h"

/* CPSR.M values, DDI 0406C B1.3.1 Table B1-1. */
#define MODE_IRQ 0x12u
#define MODE_SVC 0x13u
#define MODE_HYP 0x1au
/* GICH_LRn, IHI 0048B 5.3.8: State pending (bits [29:28] = 01), Priority 0xa0
 * (bits [27:23] hold priority bits [7:3]: 0x14), VirtualID 32. */
#define LR_PENDING_32 0x1a000020u
#define LR_ACTIVE_32 0x2a000020u
#define LR_INVALID_32 0x0a000020u
/* GICC/GICV offsets, IHI 0048B Table 4-2. */
#define IAR 0x0cu
#define EOIR 0x10u
/* exc_entry types (cpu/exception.h). */
#define EXC_IRQ 4u
#define EXC_VIRQ 6u

static const hs_record scenario[] = {
    { 0, 1000, 1, 0, HS_EV_guest_entry, { 0x40001000, 1, 0, 0 } },
    { 1, 2000, 2, 0, HS_EV_line, { HS_LINE_IRQ, 1, 0, 0 } },
    { 2, 2500, 2, 0, HS_EV_exc_entry, { EXC_IRQ, MODE_SVC, MODE_HYP, 0x40001004 } },
    { 3, 3000, 3, 0, HS_EV_line, { HS_LINE_IRQ, 0, 0, 0 } },
    { 4, 4000, 4, 0, HS_EV_lr_write, { 0, 0, LR_PENDING_32, 0 } },
    { 5, 4100, 4, 0, HS_EV_gich_elrsr, { 1, 0, 0, 0 } },
    { 6, 4200, 4, 0, HS_EV_gich_hcr, { 0, 1, 0, 0 } },
    { 7, 4300, 4, 0, HS_EV_line, { HS_LINE_VIRQ, 1, 0, 0 } },
    { 8, 5000, 5, 0, HS_EV_exc_return, { MODE_HYP, MODE_SVC, 0x40001004, 0 } },
    { 9, 5500, 5, 0, HS_EV_exc_entry, { EXC_VIRQ, MODE_SVC, MODE_IRQ, 0x40001008 } },
    { 10, 6000, 6, 0, HS_EV_gic_read, { HS_GIC_GICV, IAR, 32, 4 } },
    { 11, 6010, 6, 0, HS_EV_lr_state, { 0, LR_PENDING_32, LR_ACTIVE_32, 0 } },
    { 12, 6020, 6, 0, HS_EV_line, { HS_LINE_VIRQ, 0, 0, 0 } },
    { 13, 7000, 7, 0, HS_EV_gic_write, { HS_GIC_GICV, EOIR, 32, 4 } },
    { 14, 7010, 7, 0, HS_EV_lr_state, { 0, LR_ACTIVE_32, LR_INVALID_32, 0 } },
    { 15, 7020, 7, 0, HS_EV_gich_misr, { 0, 1, 0, 0 } },
    { 16, 7030, 7, 0, HS_EV_line, { HS_LINE_MAINT, 1, 0, 0 } },
    { 17, 7530, 7, 0, HS_EV_exc_entry, { EXC_IRQ, MODE_IRQ, MODE_HYP, 0x40000100 } },
    { 18, 8000, 8, 0, HS_EV_idle_begin, { 0, 0x40000200, 0, 0 } },
    { 19, 9000, 9, 0, HS_EV_idle_end, { 1000, 0, 0, 0 } },
    { 20, 3500, 3, 1, HS_EV_line, { HS_LINE_IRQ, 1, 0, 0 } },
    { 21, 3600, 3, 1, HS_EV_line, { HS_LINE_IRQ, 0, 0, 0 } },
    { 22, 9100, 0, HS_VCPU_NONE, HS_EV_fault, { 1, 25, 0, 3000 } },
    { 23, 9200, 9, 0, HS_EV_race, { 1, 4, 16, 0 } },
};

static char *scenario_log(const hs_log_meta *meta)
{
    char *path = tt_path("scenario.hst");
    tt_write(path, scenario, G_N_ELEMENTS(scenario), meta, 5);
    return path;
}

static hs_log_reader *open_log(const char *path)
{
    hs_log_reader *r;
    char *msg = NULL;
    g_assert_cmpint(hs_log_reader_open(path, &r, &msg), ==, HS_TRACELOG_OK);
    return r;
}

static GBytes *export_to_bytes(hs_export_format fmt, const char *out_name, const char *gtkw)
{
    char *log = scenario_log(NULL);
    char *out = tt_path(out_name);
    hs_export_options o = { .gtkw_path = gtkw };
    hs_log_reader *r = open_log(log);
    char *msg = NULL;
    GBytes *b;

    g_assert_cmpint(hs_export(r, fmt, out, &o, &msg), ==, HS_TRACELOG_OK);
    g_assert_null(msg);
    hs_log_reader_close(r);
    b = tt_slurp(out);
    g_free(out);
    g_free(log);
    return b;
}

/* ---- protobuf --------------------------------------------------------------- */

static void test_protobuf_encoding(void)
{
    GByteArray *b = g_byte_array_new();
    size_t m;

    /* protobuf.dev "Encoding": field 1 = 150 is 08 96 01; field 2 = "testing" is
     * 12 07 74 65 73 74 69 6e 67; field 3 holding that first message is 1a 03 08 96 01. */
    hs_pb_varint(b, 1, 150);
    g_assert_cmpmem(b->data, b->len, "\x08\x96\x01", 3);
    g_byte_array_set_size(b, 0);
    hs_pb_string(b, 2, "testing");
    g_assert_cmpmem(b->data, b->len, "\x12\x07testing", 9);
    g_byte_array_set_size(b, 0);
    m = hs_pb_begin(b, 3);
    hs_pb_varint(b, 1, 150);
    hs_pb_end(b, m);
    g_assert_cmpmem(b->data, b->len, "\x1a\x03\x08\x96\x01", 5);
    /* fixed64: wire type 1, eight little-endian bytes. */
    g_byte_array_set_size(b, 0);
    hs_pb_fixed64(b, 47, 0x0102030405060708ull);
    g_assert_cmpmem(b->data, b->len, "\xf9\x02\x08\x07\x06\x05\x04\x03\x02\x01", 10);
    /* A nested message of 200 bytes needs a two-byte length; nesting nests. */
    g_byte_array_set_size(b, 0);
    m = hs_pb_begin(b, 1);
    {
        size_t inner = hs_pb_begin(b, 2);
        for (int i = 0; i < 66; i++) {
            hs_pb_varint(b, 1, 1);
        }
        hs_pb_end(b, inner);
    }
    hs_pb_end(b, m);
    /* Outer: key, length 135 (87 01); inner: key, length 132 (84 01), 66 x 08 01. */
    g_assert_cmpuint(b->len, ==, 1 + 2 + 1 + 2 + 132);
    g_assert_cmpmem(b->data, 6, "\x0a\x87\x01\x12\x84\x01", 6);
    g_assert_cmpmem(b->data + 6, 2, "\x08\x01", 2);
    g_byte_array_free(b, TRUE);
}

/* A minimal protobuf reader for checking our output. */
typedef struct pb_field {
    uint32_t number;
    unsigned wire;
    uint64_t v;                    /* varint, fixed64 */
    const uint8_t *data;           /* length-delimited */
    size_t len;
} pb_field;

static bool pb_next(const uint8_t **p, const uint8_t *end, pb_field *f)
{
    uint64_t key;
    if (*p >= end) {
        return false;
    }
    g_assert_true(hs_leb128_get(p, end, &key));
    f->number = (uint32_t)(key >> 3);
    f->wire = key & 7;
    switch (f->wire) {
    case HS_PB_VARINT:
        g_assert_true(hs_leb128_get(p, end, &f->v));
        break;
    case HS_PB_I64:
        g_assert_cmpint(end - *p, >=, 8);
        f->v = 0;
        for (int i = 7; i >= 0; i--) {
            f->v = f->v << 8 | (*p)[i];
        }
        *p += 8;
        break;
    case HS_PB_LEN:
        g_assert_true(hs_leb128_get(p, end, &f->v));
        g_assert_cmpuint(f->v, <=, (uint64_t)(end - *p));
        f->data = *p;
        f->len = f->v;
        *p += f->len;
        break;
    default:
        g_assert_not_reached();
    }
    return true;
}

typedef struct pf_event {
    uint64_t ts, track, flow, end_flow;
    unsigned type;
    int64_t counter;
    char *name;
    GHashTable *args;              /* name -> text */
} pf_event;

typedef struct pf_trace {
    GHashTable *track_name;        /* uuid -> name */
    GHashTable *track_parent;      /* uuid -> parent uuid */
    GArray *events;                /* pf_event */
    bool counter_track;
} pf_trace;

static char *pb_str(const pb_field *f)
{
    return g_strndup((const char *)f->data, f->len);
}

static void pf_track_event(pf_trace *t, const pb_field *te, uint64_t ts)
{
    pf_event e = { .ts = ts, .args = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free) };
    const uint8_t *p = te->data, *end = te->data + te->len;
    pb_field f;

    while (pb_next(&p, end, &f)) {
        switch (f.number) {
        case 9: e.type = (unsigned)f.v; break;
        case 11: e.track = f.v; break;
        case 23: e.name = pb_str(&f); break;
        case 30: e.counter = (int64_t)f.v; break;
        case 47: e.flow = f.v; g_assert_cmpuint(f.wire, ==, HS_PB_I64); break;
        case 48: e.end_flow = f.v; g_assert_cmpuint(f.wire, ==, HS_PB_I64); break;
        case 4: {
            const uint8_t *q = f.data, *qe = f.data + f.len;
            pb_field a;
            char *name = NULL, *value = NULL;
            while (pb_next(&q, qe, &a)) {
                if (a.number == 10) {
                    name = pb_str(&a);
                } else if (a.number == 6) {
                    value = pb_str(&a);
                } else if (a.number == 3) {
                    value = g_strdup_printf("%" PRIu64, a.v);
                }
            }
            g_assert_nonnull(name);
            g_assert_nonnull(value);
            g_hash_table_insert(e.args, name, value);
            break;
        }
        default:
            break;
        }
    }
    g_array_append_val(t->events, e);
}

static void pf_parse(pf_trace *t, GBytes *bytes)
{
    size_t len;
    const uint8_t *p = g_bytes_get_data(bytes, &len), *end = p + len;
    pb_field packet;

    t->track_name = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    t->track_parent = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    t->events = g_array_new(FALSE, TRUE, sizeof(pf_event));
    while (pb_next(&p, end, &packet)) {
        const uint8_t *q = packet.data, *qe = packet.data + packet.len;
        uint64_t ts = UINT64_MAX, seq = 0;
        pb_field f;
        g_assert_cmpuint(packet.number, ==, 1);
        while (pb_next(&q, qe, &f)) {
            if (f.number == 8) {
                ts = f.v;
            } else if (f.number == 10) {
                seq = f.v;
            } else if (f.number == 11) {
                g_assert_cmpuint(ts, !=, UINT64_MAX);
                pf_track_event(t, &f, ts);
            } else if (f.number == 60) {
                const uint8_t *d = f.data, *de = f.data + f.len;
                uint64_t uuid = 0, parent = 0;
                char *name = NULL;
                pb_field g;
                while (pb_next(&d, de, &g)) {
                    if (g.number == 1) {
                        uuid = g.v;
                    } else if (g.number == 5) {
                        parent = g.v;
                    } else if (g.number == 2) {
                        name = pb_str(&g);
                    } else if (g.number == 8) {
                        t->counter_track = true;
                    }
                }
                g_assert_cmpuint(uuid, !=, 0);
                g_hash_table_insert(t->track_name, g_memdup2(&uuid, 8), name ? name : g_strdup(""));
                g_hash_table_insert(t->track_parent, g_memdup2(&uuid, 8), g_memdup2(&parent, 8));
            }
        }
        g_assert_cmpuint(seq, ==, 1);
    }
}

static void pf_free(pf_trace *t)
{
    for (guint i = 0; i < t->events->len; i++) {
        pf_event *e = &g_array_index(t->events, pf_event, i);
        g_free(e->name);
        g_hash_table_destroy(e->args);
    }
    g_array_free(t->events, TRUE);
    g_hash_table_destroy(t->track_name);
    g_hash_table_destroy(t->track_parent);
}

static uint64_t pf_track(pf_trace *t, const char *name)
{
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, t->track_name);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        if (!strcmp(v, name)) {
            return *(uint64_t *)k;
        }
    }
    g_error("no track named %s", name);
    return 0;
}

/* The events of one track as "type:ts:name" strings, in order. */
static char *pf_track_story(pf_trace *t, uint64_t track, bool with_instants)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < t->events->len; i++) {
        pf_event *e = &g_array_index(t->events, pf_event, i);
        if (e->track != track || (!with_instants && e->type == 3)) {
            continue;
        }
        g_string_append_printf(s, "%s%u:%" PRIu64 "%s%s", s->len ? " " : "", e->type, e->ts,
                               e->name ? ":" : "", e->name ? e->name : "");
        if (e->type == 4) {
            g_string_append_printf(s, "=%" PRId64, e->counter);
        }
    }
    return g_string_free(s, FALSE);
}

static pf_event *pf_find(pf_trace *t, const char *name, const char *arg, const char *value)
{
    for (guint i = 0; i < t->events->len; i++) {
        pf_event *e = &g_array_index(t->events, pf_event, i);
        if (e->name && !strcmp(e->name, name) &&
            (!arg || !g_strcmp0(g_hash_table_lookup(e->args, arg), value))) {
            return e;
        }
    }
    g_error("no event %s", name);
    return NULL;
}

static void test_perfetto(void)
{
    GBytes *bytes = export_to_bytes(HS_EXPORT_PERFETTO, "scenario.perfetto-trace", NULL);
    pf_trace t = { 0 };
    uint64_t v0, lr0;
    char *story;
    pf_event *w, *iar, *eoir;

    pf_parse(&t, bytes);
    v0 = pf_track(&t, "vCPU 0");
    lr0 = pf_track(&t, "vCPU 0 LR0");
    g_assert_cmpuint(*(uint64_t *)g_hash_table_lookup(t.track_parent, &lr0), ==, v0);
    pf_track(&t, "vCPU 1");
    pf_track(&t, "vCPU 0 GICH_MISR");
    pf_track(&t, "vCPU 0 GICH_ELRSR");
    pf_track(&t, "faults");
    pf_track(&t, "races");
    g_assert_true(t.counter_track);

    /* vCPU 0's worlds (timestamps in ns; 1 begin, 2 end). */
    story = pf_track_story(&t, v0, false);
    g_assert_cmpstr(story, ==,
        "1:1:guest 2:2 1:2:Hyp 2:5 1:5:guest svc 2:5 1:5:guest irq 2:7 1:7:Hyp "
        "2:8 1:8:idle WFI 2:9 1:9:Hyp 2:9");
    g_free(story);
    /* LR0: pending at 4.0 ns, active at 6.01 ns, invalid (no slice) at 7.01 ns. */
    story = pf_track_story(&t, lr0, true);
    g_assert_cmpstr(story, ==, "1:4:pending vINTID 32 2:6 1:6:active vINTID 32 2:7");
    g_free(story);
    story = pf_track_story(&t, pf_track(&t, "vCPU 0 GICH_MISR"), true);
    g_assert_cmpstr(story, ==, "4:7=1");
    g_free(story);

    /* The flow: LR write -> guest IAR -> guest EOIR. */
    w = pf_find(&t, "lr_write", NULL, NULL);
    iar = pf_find(&t, "gic_read", NULL, NULL);
    eoir = pf_find(&t, "gic_write", NULL, NULL);
    g_assert_cmpuint(w->flow, !=, 0);
    g_assert_cmpuint(iar->flow, ==, w->flow);
    g_assert_cmpuint(eoir->end_flow, ==, w->flow);
    g_assert_cmpuint(eoir->flow, ==, 0);
    /* Instants carry the catalog's fields and the decoding. */
    g_assert_cmpstr(g_hash_table_lookup(w->args, "new"), ==, "0x1a000020");
    g_assert_cmpstr(g_hash_table_lookup(w->args, "lr"), ==, "0");
    g_assert_cmpstr(g_hash_table_lookup(w->args, "meaning"), ==, "pending vINTID 32 prio 0xa0");
    g_assert_cmpstr(g_hash_table_lookup(iar->args, "meaning"), ==, "GICV_IAR INTID 32");
    g_assert_cmpstr(g_hash_table_lookup(iar->args, "seq"), ==, "10");
    pf_find(&t, "fault", "intid", "25");
    pf_find(&t, "race", "seq1", "16");
    pf_free(&t);
    g_bytes_unref(bytes);
}

static void test_perfetto_protoc(void)
{
    char *protoc = g_find_program_in_path("protoc");
    GBytes *bytes;
    char *path, *quoted, *cmd, *out = NULL, *err = NULL;
    int status;
    GError *error = NULL;

    if (!protoc) {
        g_test_skip("protoc is not installed (Debian: protobuf-compiler)");
        return;
    }
    bytes = export_to_bytes(HS_EXPORT_PERFETTO, "raw.perfetto-trace", NULL);
    path = tt_path("raw.perfetto-trace");
    quoted = g_shell_quote(path);
    /* protoc reads the message from stdin. */
    cmd = g_strdup_printf("protoc --decode_raw < %s", quoted);
    {
        char *sh[] = { "/bin/sh", "-c", cmd, NULL };
        g_assert_true(g_spawn_sync(NULL, sh, NULL, 0, NULL, NULL, &out, &err, &status, &error));
    }
    g_assert_no_error(error);
    g_assert_cmpstr(err, ==, "");
    g_assert_true(g_spawn_check_wait_status(status, NULL));
    /* Trace.packet (1) holding track_descriptor (60) and track_event (11). */
    g_assert_true(g_str_has_prefix(out, "1 {\n"));
    g_assert_nonnull(strstr(out, "60 {"));
    g_assert_nonnull(strstr(out, "11 {"));
    g_assert_nonnull(strstr(out, "\"vCPU 0 LR0\""));
    g_assert_nonnull(strstr(out, "\"pending vINTID 32\""));
    g_free(out);
    g_free(err);
    g_free(cmd);
    g_free(quoted);
    g_free(path);
    g_free(protoc);
    g_bytes_unref(bytes);
}

/* ---- JSON ------------------------------------------------------------------- */

/* A minimal JSON parser (RFC 8259) into GLib containers: objects become
 * GHashTable (string -> jv *) with keys also in order, arrays GPtrArray. */
typedef enum { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ } jv_kind;
typedef struct jv {
    jv_kind kind;
    double num;
    char *raw;                     /* numbers as written; strings decoded */
    bool b;
    GPtrArray *arr;
    GHashTable *obj;
} jv;

static void jv_free(gpointer p)
{
    jv *v = p;
    if (!v) {
        return;
    }
    g_free(v->raw);
    if (v->arr) {
        g_ptr_array_free(v->arr, TRUE);
    }
    if (v->obj) {
        g_hash_table_destroy(v->obj);
    }
    g_free(v);
}

static void skip_ws(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r') {
        (*p)++;
    }
}

static jv *jv_parse(const char **p);

static char *jv_string(const char **p)
{
    GString *s = g_string_new(NULL);
    g_assert_cmpint(**p, ==, '"');
    for ((*p)++; **p != '"'; (*p)++) {
        g_assert_cmpint((unsigned char)**p, >=, 0x20);
        if (**p == '\\') {
            (*p)++;
            switch (**p) {
            case '"': case '\\': case '/': g_string_append_c(s, **p); break;
            case 'n': g_string_append_c(s, '\n'); break;
            case 't': g_string_append_c(s, '\t'); break;
            case 'r': g_string_append_c(s, '\r'); break;
            case 'b': g_string_append_c(s, '\b'); break;
            case 'f': g_string_append_c(s, '\f'); break;
            case 'u': {
                char hex[5] = { 0 };
                memcpy(hex, *p + 1, 4);
                for (int i = 0; i < 4; i++) {
                    g_assert_true(g_ascii_isxdigit(hex[i]));
                }
                g_string_append_unichar(s, (gunichar)strtoul(hex, NULL, 16));
                *p += 4;
                break;
            }
            default: g_assert_not_reached();
            }
        } else {
            g_assert_cmpint(**p, !=, 0);
            g_string_append_c(s, **p);
        }
    }
    (*p)++;
    g_assert_true(g_utf8_validate(s->str, -1, NULL));
    return g_string_free(s, FALSE);
}

static jv *jv_parse(const char **p)
{
    jv *v = g_new0(jv, 1);
    skip_ws(p);
    if (**p == '{') {
        v->kind = JV_OBJ;
        v->obj = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, jv_free);
        (*p)++;
        skip_ws(p);
        if (**p == '}') {
            (*p)++;
            return v;
        }
        for (;;) {
            char *key;
            skip_ws(p);
            key = jv_string(p);
            skip_ws(p);
            g_assert_cmpint(**p, ==, ':');
            (*p)++;
            g_assert_false(g_hash_table_contains(v->obj, key));
            g_hash_table_insert(v->obj, key, jv_parse(p));
            skip_ws(p);
            if (**p == ',') {
                (*p)++;
                continue;
            }
            g_assert_cmpint(**p, ==, '}');
            (*p)++;
            return v;
        }
    }
    if (**p == '[') {
        v->kind = JV_ARR;
        v->arr = g_ptr_array_new_with_free_func(jv_free);
        (*p)++;
        skip_ws(p);
        if (**p == ']') {
            (*p)++;
            return v;
        }
        for (;;) {
            g_ptr_array_add(v->arr, jv_parse(p));
            skip_ws(p);
            if (**p == ',') {
                (*p)++;
                continue;
            }
            g_assert_cmpint(**p, ==, ']');
            (*p)++;
            return v;
        }
    }
    if (**p == '"') {
        v->kind = JV_STR;
        v->raw = jv_string(p);
        return v;
    }
    if (g_str_has_prefix(*p, "true") || g_str_has_prefix(*p, "false")) {
        v->kind = JV_BOOL;
        v->b = **p == 't';
        *p += v->b ? 4 : 5;
        return v;
    }
    if (g_str_has_prefix(*p, "null")) {
        *p += 4;
        return v;
    }
    {
        /* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
        const char *s = *p;
        if (**p == '-') {
            (*p)++;
        }
        g_assert_true(g_ascii_isdigit(**p));
        if (**p == '0') {
            (*p)++;
        } else {
            while (g_ascii_isdigit(**p)) {
                (*p)++;
            }
        }
        if (**p == '.') {
            (*p)++;
            g_assert_true(g_ascii_isdigit(**p));
            while (g_ascii_isdigit(**p)) {
                (*p)++;
            }
        }
        if (**p == 'e' || **p == 'E') {
            (*p)++;
            if (**p == '+' || **p == '-') {
                (*p)++;
            }
            g_assert_true(g_ascii_isdigit(**p));
            while (g_ascii_isdigit(**p)) {
                (*p)++;
            }
        }
        v->kind = JV_NUM;
        v->raw = g_strndup(s, (gsize)(*p - s));
        v->num = g_ascii_strtod(v->raw, NULL);
        return v;
    }
}

static const jv *jget(const jv *o, const char *key)
{
    g_assert_cmpint(o->kind, ==, JV_OBJ);
    return g_hash_table_lookup(o->obj, key);
}

static const char *jstr(const jv *o, const char *key)
{
    const jv *v = jget(o, key);
    return v && v->kind == JV_STR ? v->raw : NULL;
}

static void test_json(void)
{
    GBytes *bytes = export_to_bytes(HS_EXPORT_JSON, "scenario.json", NULL);
    char *text = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
    const char *p = text;
    jv *root = jv_parse(&p);
    const jv *events;
    GHashTable *tid_of = g_hash_table_new(g_str_hash, g_str_equal);
    const char *lr0_tid = NULL;
    GString *lr0 = g_string_new(NULL);
    const jv *w = NULL, *iar = NULL, *eoir = NULL;
    bool misr = false;

    skip_ws(&p);
    g_assert_cmpint(*p, ==, 0);
    g_assert_cmpstr(jstr(root, "displayTimeUnit"), ==, "ns");
    events = jget(root, "traceEvents");
    g_assert_cmpint(events->kind, ==, JV_ARR);
    for (guint i = 0; i < events->arr->len; i++) {
        const jv *e = g_ptr_array_index(events->arr, i);
        const char *ph = jstr(e, "ph"), *name = jstr(e, "name");
        const jv *tid = jget(e, "tid");
        g_assert_nonnull(ph);
        if (!strcmp(ph, "M") && !strcmp(name, "thread_name")) {
            const char *tname = jstr(jget(e, "args"), "name");
            g_hash_table_insert(tid_of, (gpointer)tname, tid->raw);
            if (!strcmp(tname, "vCPU 0 LR0")) {
                lr0_tid = tid->raw;
            }
        } else if (strcmp(ph, "M") && lr0_tid && tid && !strcmp(tid->raw, lr0_tid)) {
            /* The same LR0 slices as the Perfetto export, with ps precision. */
            g_string_append_printf(lr0, "%s%s:%s%s%s", lr0->len ? " " : "", ph, jget(e, "ts")->raw,
                                   name ? ":" : "", name ? name : "");
        }
        if (!strcmp(ph, "X") && !strcmp(name, "lr_write")) {
            w = e;
        } else if (!strcmp(ph, "X") && !strcmp(name, "gic_read")) {
            iar = e;
        } else if (!strcmp(ph, "X") && !strcmp(name, "gic_write")) {
            eoir = e;
        } else if (!strcmp(ph, "C") && !strcmp(name, "vCPU 0 GICH_MISR")) {
            misr = jget(jget(e, "args"), "value")->num == 1;
        }
    }
    g_assert_cmpstr(lr0->str, ==, "B:0.004000:pending vINTID 32 E:0.006010 "
                                  "B:0.006010:active vINTID 32 E:0.007010");
    g_assert_nonnull(g_hash_table_lookup(tid_of, "vCPU 1"));
    g_assert_nonnull(g_hash_table_lookup(tid_of, "faults"));
    g_assert_true(misr);
    g_assert_nonnull(w);
    g_assert_nonnull(iar);
    g_assert_nonnull(eoir);
    g_assert_cmpstr(jstr(w, "bind_id"), ==, jstr(iar, "bind_id"));
    g_assert_cmpstr(jstr(w, "bind_id"), ==, jstr(eoir, "bind_id"));
    g_assert_true(jget(w, "flow_out")->b);
    g_assert_null(jget(w, "flow_in"));
    g_assert_true(jget(iar, "flow_in")->b && jget(iar, "flow_out")->b);
    g_assert_true(jget(eoir, "flow_in")->b);
    g_assert_null(jget(eoir, "flow_out"));
    g_assert_cmpstr(jstr(jget(w, "args"), "new"), ==, "0x1a000020");
    g_assert_cmpfloat(jget(jget(w, "args"), "lr")->num, ==, 0);
    g_assert_cmpstr(jstr(jget(w, "args"), "meaning"), ==, "pending vINTID 32 prio 0xa0");

    g_string_free(lr0, TRUE);
    g_hash_table_destroy(tid_of);
    jv_free(root);
    g_free(text);
    g_bytes_unref(bytes);
}

static void test_json_strings(void)
{
    /* Metadata with quotes, control characters and bytes that are not UTF-8. */
    char *log = tt_path("meta.hst");
    char *out = tt_path("meta.json");
    hs_log_meta m = { .image_path = "a \"quoted\"\tpath\x01\xff.elf", .image_sha256 = "00" };
    hs_log_reader *r;
    char *msg = NULL, *text;
    const char *p;
    jv *root;
    GBytes *b;

    tt_write(log, scenario, 3, &m, 0);
    r = open_log(log);
    g_assert_cmpint(hs_export(r, HS_EXPORT_JSON, out, NULL, &msg), ==, HS_TRACELOG_OK);
    hs_log_reader_close(r);
    b = tt_slurp(out);
    text = g_strndup(g_bytes_get_data(b, NULL), g_bytes_get_size(b));
    p = text;
    root = jv_parse(&p);
    g_assert_cmpstr(jstr(jget(root, "otherData"), "image"), ==,
                    "a \"quoted\"\tpath\x01\xef\xbf\xbd.elf");
    jv_free(root);
    g_free(text);
    g_bytes_unref(b);
    g_free(log);
    g_free(out);
}

/* ---- VCD -------------------------------------------------------------------- */

/* A minimal VCD reader: the variables' full names and every value change, as
 * "name=value@time" in file order; fails on decreasing time. */
static char *vcd_story(GBytes *bytes, const char *only)
{
    char *text = g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
    char **lines = g_strsplit(text, "\n", -1);
    GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    GPtrArray *scope = g_ptr_array_new_with_free_func(g_free);
    GString *s = g_string_new(NULL);
    bool defs = true, dumpvars = false;
    uint64_t now = 0;

    for (char **l = lines; *l; l++) {
        char **w = g_strsplit(*l, " ", -1);
        if (!w[0]) {
            g_strfreev(w);
            continue;
        }
        if (defs) {
            if (!strcmp(w[0], "$scope")) {
                g_ptr_array_add(scope, g_strdup(w[2]));
            } else if (!strcmp(w[0], "$upscope")) {
                g_ptr_array_remove_index(scope, scope->len - 1);
            } else if (!strcmp(w[0], "$var")) {
                GString *full = g_string_new(NULL);
                for (guint i = 0; i < scope->len; i++) {
                    g_string_append_printf(full, "%s.", (char *)g_ptr_array_index(scope, i));
                }
                g_string_append(full, w[4]);
                g_hash_table_insert(names, g_strdup(w[3]), g_string_free(full, FALSE));
            } else if (!strcmp(w[0], "$enddefinitions")) {
                g_assert_cmpuint(scope->len, ==, 0);
                defs = false;
            }
        } else if (w[0][0] == '#') {
            uint64_t t = g_ascii_strtoull(w[0] + 1, NULL, 10);
            g_assert_cmpuint(t, >=, now);
            now = t;
        } else if (!strcmp(w[0], "$dumpvars")) {
            dumpvars = true;
        } else if (!strcmp(w[0], "$end")) {
            dumpvars = false;
        } else if (w[0][0]) {
            const char *id, *name;
            char *value;
            if (w[0][0] == 'b') {
                id = w[1];
                value = g_strdup_printf("%lu", strtoul(w[0] + 1, NULL, 2));
            } else {
                id = w[0] + 1;
                value = g_strndup(w[0], 1);
            }
            name = g_hash_table_lookup(names, id);
            g_assert_nonnull(name);
            if (!dumpvars && (!only || strstr(name, only))) {
                g_string_append_printf(s, "%s%s=%s@%" PRIu64, s->len ? " " : "", name, value, now);
            }
            g_free(value);
        }
        g_strfreev(w);
    }
    g_strfreev(lines);
    g_hash_table_destroy(names);
    g_ptr_array_free(scope, TRUE);
    g_free(text);
    return g_string_free(s, FALSE);
}

static void test_vcd(void)
{
    char *gtkw = tt_path("scenario.gtkw");
    GBytes *vcd = export_to_bytes(HS_EXPORT_VCD, "scenario.vcd", gtkw);
    GBytes *save = tt_slurp(gtkw);
    char *text = g_strndup(g_bytes_get_data(save, NULL), g_bytes_get_size(save));
    char *story;

    /* The IRQ pulse of vCPU 1 was recorded last but is sorted into place. */
    story = vcd_story(vcd, ".irq");
    g_assert_cmpstr(story, ==, "hypsim.vcpu0.irq=1@2000 hypsim.vcpu0.irq=0@3000 "
                               "hypsim.vcpu1.irq=1@3500 hypsim.vcpu1.irq=0@3600");
    g_free(story);
    story = vcd_story(vcd, "lr0_state");
    g_assert_cmpstr(story, ==, "hypsim.vcpu0.lr0_state=1@4000 hypsim.vcpu0.lr0_state=2@6010 "
                               "hypsim.vcpu0.lr0_state=0@7010");
    g_free(story);
    /* The vINTID stays when the LR empties; no change, no line. */
    story = vcd_story(vcd, "lr0_vid");
    g_assert_cmpstr(story, ==, "hypsim.vcpu0.lr0_vid=32@4000");
    g_free(story);
    story = vcd_story(vcd, "vcpu0.virq");
    g_assert_cmpstr(story, ==, "hypsim.vcpu0.virq=1@4300 hypsim.vcpu0.virq=0@6020");
    g_free(story);
    story = vcd_story(vcd, "hcr_en");
    g_assert_cmpstr(story, ==, "hypsim.vcpu0.hcr_en=1@4200");
    g_free(story);
    story = vcd_story(vcd, "maint");
    g_assert_cmpstr(story, ==, "hypsim.vcpu0.maint=1@7030");
    g_free(story);

    g_assert_nonnull(strstr(text, "[dumpfile] \""));
    g_assert_nonnull(strstr(text, "scenario.vcd\""));
    g_assert_nonnull(strstr(text, "@800200\n-vCPU 0\n"));
    g_assert_nonnull(strstr(text, "@28\nhypsim.vcpu0.irq\n"));
    g_assert_nonnull(strstr(text, "@24\nhypsim.vcpu0.lr0_state[1:0]\n"));
    g_assert_nonnull(strstr(text, "@1000200\n-vCPU 1\n"));
    g_free(text);
    g_bytes_unref(save);
    g_bytes_unref(vcd);
    g_free(gtkw);
}

/* ---- stats ------------------------------------------------------------------ */

static void test_stats(void)
{
    hs_trace_stats *s = hs_trace_stats_new();
    hs_latency_summary m;

    for (size_t i = 0; i < G_N_ELEMENTS(scenario); i++) {
        hs_trace_stats_record(s, &scenario[i]);
    }
    hs_trace_stats_finish(s);
    g_assert_cmpuint(hs_trace_stats_records(s), ==, G_N_ELEMENTS(scenario));
    g_assert_cmpuint(hs_trace_stats_count(s, HS_EV_line), ==, 7);
    g_assert_cmpuint(hs_trace_stats_count(s, HS_EV_exc_entry), ==, 3);
    g_assert_cmpuint(hs_trace_stats_count(s, HS_EV_psci_call), ==, 0);

    /* LR written at 4000 ps, acknowledged through GICV_IAR at 6000 ps. */
    hs_trace_stats_summary(s, HS_LAT_LR_TO_IAR, &m);
    g_assert_cmpuint(m.n, ==, 1);
    g_assert_cmpuint(m.min, ==, 2000);
    g_assert_cmpuint(m.unmatched, ==, 0);
    /* Maintenance line high at 7030 ps, IRQ entry to Hyp at 7530 ps. */
    hs_trace_stats_summary(s, HS_LAT_MAINT_TO_HYP, &m);
    g_assert_cmpuint(m.n, ==, 1);
    g_assert_cmpuint(m.max, ==, 500);
    /* vCPU 0's IRQ: 2000 -> 2500 ps; vCPU 1's pulse was never taken. */
    hs_trace_stats_summary(s, HS_LAT_IRQ_TO_ENTRY, &m);
    g_assert_cmpuint(m.n, ==, 1);
    g_assert_cmpuint(m.p50, ==, 500);
    g_assert_cmpuint(m.unmatched, ==, 1);
    /* VIRQ high at 4300 ps, virtual IRQ entry at 5500 ps. */
    hs_trace_stats_summary(s, HS_LAT_VIRQ_TO_ENTRY, &m);
    g_assert_cmpuint(m.n, ==, 1);
    g_assert_cmpuint(m.p99, ==, 1200);
    hs_trace_stats_free(s);
}

static void test_percentiles(void)
{
    /* Nearest rank over 1..100 ns of LR latencies: p50 is the 50th value, p90
     * the 90th, p99 the 99th; mean 50.5 ns. */
    hs_trace_stats *s = hs_trace_stats_new();
    hs_latency_summary m;

    for (unsigned i = 1; i <= 100; i++) {
        hs_record w = tt_rec(2 * i, 1000000 * i, 0, HS_EV_lr_write, 0, 0, 0x10000000u | i, 0);
        hs_record a = tt_rec(2 * i + 1, 1000000 * i + 1000 * (101 - i), 0, HS_EV_gic_read,
                             HS_GIC_GICV, IAR, i, 4);
        hs_trace_stats_record(s, &w);
        hs_trace_stats_record(s, &a);
    }
    hs_trace_stats_finish(s);
    hs_trace_stats_summary(s, HS_LAT_LR_TO_IAR, &m);
    g_assert_cmpuint(m.n, ==, 100);
    g_assert_cmpuint(m.min, ==, 1000);
    g_assert_cmpuint(m.p50, ==, 50000);
    g_assert_cmpuint(m.p90, ==, 90000);
    g_assert_cmpuint(m.p99, ==, 99000);
    g_assert_cmpuint(m.max, ==, 100000);
    g_assert_cmpfloat(m.mean, ==, 50500.0);
    hs_trace_stats_free(s);
}

/* ---- text ------------------------------------------------------------------- */

static bool fake_lookup(void *opaque, uint64_t addr, const char **name, uint64_t *off)
{
    (void)opaque;
    if (addr >= 0x40000000 && addr < 0x40000100) {
        *name = "hyp_vectors";
        *off = addr - 0x40000000;
        return true;
    }
    return false;
}

static char *format(const hs_record *r, const hs_symbolizer *sym)
{
    GString *s = g_string_new(NULL);
    hs_record_format(s, r, &hs_event_table[r->event], sym);
    return g_string_free(s, FALSE);
}

static void test_dump_format(void)
{
    hs_symbolizer sym = { fake_lookup, NULL };
    /* HW = 1 (bit 31), State pending (bit 28), VirtualID 32: an LR tied to
     * physical INTID 0, priority 0. */
    hs_record lr = tt_rec(4, 4000, 0, HS_EV_lr_write, 0, 0, 0x90000020, 0);
    hs_record exc = tt_rec(17, 7530, 0, HS_EV_exc_entry, EXC_IRQ, MODE_IRQ, MODE_HYP, 0x40000018);
    hs_record line = tt_rec(22, 9100, HS_VCPU_NONE, HS_EV_line, HS_LINE_MAINT, 1, 0, 0);
    hs_record reg = tt_rec(30, 9200, 1, HS_EV_gic_write, HS_GIC_GICD, 0x104, 0x2, 4);
    hs_record misr = tt_rec(31, 9300, 1, HS_EV_gich_misr, 0, 0x9, 0, 0);
    char *s;

    s = format(&lr, NULL);
    g_assert_cmpstr(s, ==, "         4             4000    0            4 lr_write lr=0 "
                           "old=0x00000000 new=0x90000020 (pending vINTID 32 prio 0x00 hw pINTID 0)");
    g_free(s);
    s = format(&exc, &sym);
    g_assert_true(g_str_has_suffix(s, "exc_entry type=4 from_mode=18 to_mode=26 "
                                      "pc=0x40000018 <hyp_vectors+0x18> (irq irq->hyp)"));
    g_free(s);
    s = format(&exc, NULL);
    g_assert_true(g_str_has_suffix(s, "pc=0x40000018 (irq irq->hyp)"));
    g_free(s);
    s = format(&line, NULL);
    g_assert_cmpstr(s, ==, "        22             9100    -            0 line line=4 level=1 "
                           "(maintenance high)");
    g_free(s);
    s = format(&reg, NULL);
    g_assert_true(g_str_has_suffix(s, "(GICD_ISENABLER1)"));
    g_free(s);
    s = format(&misr, NULL);
    g_assert_true(g_str_has_suffix(s, "(EOI NP)"));
    g_free(s);
}

/* ---- ELF symbols ------------------------------------------------------------ */

/* An ARM ELF32 executable with a .text at 0x40000000 and these symbols: an ARM
 * function, a label (no size), a mapping symbol at the label's address (to be
 * ignored) and a Thumb function (value with bit 0 set). */
static void write_elf(const char *path)
{
    static const char strtab[] = "\0.text\0.strtab\0.symtab\0_start\0vectors\0$a\0thumb_fn";
    enum { S_TEXT = 1, S_STRTAB = 7, S_SYMTAB = 15, S_START = 23, S_VECTORS = 30, S_A = 38,
           S_THUMB = 41 };
    static uint8_t text[0x3000];
    Elf32_Sym syms[] = {
        { 0 },
        { S_START, 0x40000000, 0x20, ELF32_ST_INFO(STB_GLOBAL, STT_FUNC), 0, 1 },
        { S_VECTORS, 0x40001000, 0, ELF32_ST_INFO(STB_GLOBAL, STT_NOTYPE), 0, 1 },
        { S_A, 0x40001000, 0, ELF32_ST_INFO(STB_GLOBAL, STT_NOTYPE), 0, 1 },
        { S_THUMB, 0x40002001, 8, ELF32_ST_INFO(STB_GLOBAL, STT_FUNC), 0, 1 },
    };
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    Elf *e;
    Elf32_Ehdr *eh;
    Elf_Scn *scn[3];
    Elf_Data *d;
    Elf32_Shdr *sh;

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(elf_version(EV_CURRENT), !=, EV_NONE);
    e = elf_begin(fd, ELF_C_WRITE, NULL);
    eh = elf32_newehdr(e);
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_machine = EM_ARM;
    eh->e_type = ET_EXEC;
    eh->e_version = EV_CURRENT;
    for (int i = 0; i < 3; i++) {
        scn[i] = elf_newscn(e);
    }
    d = elf_newdata(scn[0]);
    d->d_buf = text;
    d->d_size = sizeof text;
    d->d_type = ELF_T_BYTE;
    d->d_align = 4;
    sh = elf32_getshdr(scn[0]);
    sh->sh_name = S_TEXT;
    sh->sh_type = SHT_PROGBITS;
    sh->sh_flags = SHF_ALLOC | SHF_EXECINSTR;
    sh->sh_addr = 0x40000000;
    d = elf_newdata(scn[1]);
    d->d_buf = (void *)strtab;
    d->d_size = sizeof strtab;
    d->d_type = ELF_T_BYTE;
    d->d_align = 1;
    sh = elf32_getshdr(scn[1]);
    sh->sh_name = S_STRTAB;
    sh->sh_type = SHT_STRTAB;
    d = elf_newdata(scn[2]);
    d->d_buf = syms;
    d->d_size = sizeof syms;
    d->d_type = ELF_T_SYM;
    d->d_align = 4;
    sh = elf32_getshdr(scn[2]);
    sh->sh_name = S_SYMTAB;
    sh->sh_type = SHT_SYMTAB;
    sh->sh_link = (Elf32_Word)elf_ndxscn(scn[1]);
    sh->sh_info = 1;
    sh->sh_entsize = sizeof(Elf32_Sym);
    eh->e_shstrndx = (Elf32_Half)elf_ndxscn(scn[1]);
    g_assert_cmpint(elf_update(e, ELF_C_WRITE), >, 0);
    elf_end(e);
    close(fd);
}

static void test_symbols(void)
{
    char *path = tt_path("image.elf");
    char *msg = NULL;
    const char *name;
    uint64_t off;
    hs_symtab *s;

    write_elf(path);
    s = hs_symtab_open(path, &msg);
    g_assert_null(msg);
    g_assert_nonnull(s);
    g_assert_cmpuint(hs_symtab_count(s), ==, 3);
    g_assert_true(hs_symtab_lookup(s, 0x40000010, &name, &off));
    g_assert_cmpstr(name, ==, "_start");
    g_assert_cmpuint(off, ==, 0x10);
    /* Past _start's 0x20 bytes and below any other symbol. */
    g_assert_false(hs_symtab_lookup(s, 0x40000030, &name, &off));
    g_assert_false(hs_symtab_lookup(s, 0x3fffffff, &name, &off));
    /* A label covers everything up to the next symbol. */
    g_assert_true(hs_symtab_lookup(s, 0x40001234, &name, &off));
    g_assert_cmpstr(name, ==, "vectors");
    g_assert_cmpuint(off, ==, 0x234);
    g_assert_true(hs_symtab_lookup(s, 0x40002004, &name, &off));
    g_assert_cmpstr(name, ==, "thumb_fn");
    g_assert_cmpuint(off, ==, 4);
    hs_symtab_free(s);

    g_assert_null(hs_symtab_open("/nonexistent.elf", &msg));
    g_assert_nonnull(strstr(msg, "/nonexistent.elf"));
    g_free(msg);
    g_free(path);
}

/* ---- the event reference ---------------------------------------------------- */

static void test_events_doc_current(void)
{
    char *path = g_build_filename(HS_SOURCE_ROOT, "docs", "events.md", NULL);
    GString *want = g_string_new(NULL);
    char *have = NULL;

    hs_catalog_describe(want, true);
    if (!g_file_get_contents(path, &have, NULL, NULL) || strcmp(have, want->str)) {
        g_test_message("%s is not what traces/events.def gives; regenerate it with "
                       "`hypsim trace catalog --markdown > docs/events.md`", path);
        g_test_fail();
    }
    /* Every event and class appears in it. */
    for (int e = 0; e < HS_EV__COUNT; e++) {
        char *needle = g_strdup_printf("| `%s` |", hs_event_table[e].name);
        g_assert_nonnull(strstr(want->str, needle));
        g_free(needle);
    }
    g_free(have);
    g_string_free(want, TRUE);
    g_free(path);
}

/* ---- the command line ------------------------------------------------------- */

/* Runs `hypsim trace ARGS` in a subprocess (the parent checks its output); the
 * child reports its exit status on stderr. */
static void run_cli(const char *const *args)
{
    if (g_test_subprocess()) {
        int argc = 0, status;
        while (args[argc]) {
            argc++;
        }
        status = hs_cli_trace(argc, (char **)args);
        fflush(stdout);
        fprintf(stderr, "[exit %d]\n", status);
        tt_cleanup();
        exit(0);
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
}

static void test_cli_dump(void)
{
    char *log = scenario_log(NULL);
    const char *args[] = { "dump", log, "--events", "lr,exc_entry", "--vcpu", "0", "--from",
                           "4ns", "--to", "6.5ns", NULL };
    run_cli(args);
    g_test_trap_assert_stdout("#      seq*\n"
                              "*lr_write lr=0 old=0x00000000 new=0x1a000020 (pending vINTID 32 prio 0xa0)\n"
                              "*exc_entry type=6 from_mode=19 to_mode=18 pc=0x40001008 (virq svc->irq)\n"
                              "*lr_state lr=0 old=0x1a000020 new=0x2a000020 (active vINTID 32 prio 0xa0)\n");
    g_test_trap_assert_stdout_unmatched("*gic_read*");
    g_test_trap_assert_stdout_unmatched("*exc_return*");
    g_test_trap_assert_stderr("[exit 0]\n");
    g_free(log);
}

static void test_cli_damaged(void)
{
    char *log = scenario_log(NULL);
    GBytes *b = tt_slurp(log);
    const char *args[] = { "stats", log, NULL };

    /* Cut inside the last record block: stats covers the blocks before it. */
    tt_spit(log, g_bytes_get_data(b, NULL), g_bytes_get_size(b) - 20);
    run_cli(args);
    g_test_trap_assert_stdout("20 records, seq 0..19,*");
    g_test_trap_assert_stderr("hypsim trace stats: *truncated at byte offset*\n[exit 1]\n");
    g_bytes_unref(b);
    g_free(log);
}

static void test_cli_export(void)
{
    char *log = scenario_log(NULL);
    char *out = tt_path("cli.vcd");
    char *gtkw = tt_path("cli.gtkw");
    const char *args[] = { "export", "--format", "vcd", log, "-o", out, NULL };

    g_assert_cmpint(hs_cli_trace(6, (char **)args), ==, 0);
    g_assert_true(g_file_test(out, G_FILE_TEST_IS_REGULAR));
    /* The save file goes beside the dump by default. */
    g_assert_true(g_file_test(gtkw, G_FILE_TEST_IS_REGULAR));
    g_free(out);
    g_free(gtkw);
    g_free(log);
}

static const char *const usage_cases[][9] = {
    { "export", "--format", "svg", "x.hst", "-o", "y", NULL },
    { "export", "x.hst", "-o", "y", NULL },
    { "export", "--format", "json", "x.hst", "-o", "y", "--gtkw", "z", NULL },
    { "dump", "--events", "nonsense", "x.hst", NULL },
    { "dump", "--from", "3 days", "x.hst", NULL },
    { "dump", "/nonexistent/x.hst", NULL },
    { "stats", NULL },
    { "frobnicate", NULL },
};
static const char *const usage_expect[] = {
    "*--format svg: give perfetto, json or vcd*[exit 2]\n",
    "*give --format perfetto, json or vcd*[exit 2]\n",
    "*--gtkw goes with --format vcd*[exit 2]\n",
    "*unknown event or class 'nonsense'*[exit 2]\n",
    "*--from 3 days: give a time*[exit 2]\n",
    "hypsim trace dump: /nonexistent/x.hst: No such file or directory\n[exit 2]\n",
    "*stats: give one log*[exit 2]\n",
    "*unknown command 'frobnicate'*[exit 2]\n",
};

static void test_cli_usage(gconstpointer data)
{
    size_t i = GPOINTER_TO_SIZE(data);
    run_cli(usage_cases[i]);
    g_test_trap_assert_stderr(usage_expect[i]);
}

static void test_cli_catalog(void)
{
    const char *args[] = { "catalog", NULL };
    run_cli(args);
    g_test_trap_assert_stdout("gic: GIC register accesses*\n"
                              "lr: list-register contents and state transitions\n"
                              "  lr_write(lr, old, new)\n*");
    g_test_trap_assert_stderr("[exit 0]\n");
}

int main(int argc, char **argv)
{
    int status;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/export/protobuf-encoding", test_protobuf_encoding);
    g_test_add_func("/export/perfetto", test_perfetto);
    g_test_add_func("/export/perfetto-protoc", test_perfetto_protoc);
    g_test_add_func("/export/json", test_json);
    g_test_add_func("/export/json-strings", test_json_strings);
    g_test_add_func("/export/vcd", test_vcd);
    g_test_add_func("/export/stats", test_stats);
    g_test_add_func("/export/percentiles", test_percentiles);
    g_test_add_func("/export/dump-format", test_dump_format);
    g_test_add_func("/export/symbols", test_symbols);
    g_test_add_func("/export/events-doc-current", test_events_doc_current);
    g_test_add_func("/export/cli/dump", test_cli_dump);
    g_test_add_func("/export/cli/damaged", test_cli_damaged);
    g_test_add_func("/export/cli/export", test_cli_export);
    for (size_t i = 0; i < G_N_ELEMENTS(usage_cases); i++) {
        char *name = g_strdup_printf("/export/cli/usage/%zu", i);
        g_test_add_data_func(name, GSIZE_TO_POINTER(i), test_cli_usage);
        g_free(name);
    }
    g_test_add_func("/export/cli/catalog", test_cli_catalog);
    status = g_test_run();
    tt_cleanup();
    return status;
}
