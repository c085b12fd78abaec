/* The timeline (traces/timeline.h) as Chrome's trace-event JSON ("JSON Object
 * Format"): one process, a thread per non-counter track, "B"/"E" slices, "X"
 * events of no duration for instants (so that flows can bind to them), "C"
 * counters and version-2 flows (bind_id, flow_in, flow_out). Timestamps are
 * microseconds written with six decimals, so picoseconds survive. */
#include "traces/export.h"

#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "traces/timeline.h"

/* Integers above this lose precision in a JSON reader's double. */
#define JSON_SAFE_INT (UINT64_C(1) << 53)

typedef struct json_out {
    FILE *f;
    GHashTable *tid;               /* track uuid -> thread id (non-counter tracks) */
    GHashTable *counter;           /* track uuid -> counter name */
    unsigned next_tid;
    bool first;
} json_out;

static void put_string(FILE *f, const char *s)
{
    char *valid = g_utf8_make_valid(s, -1);

    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)valid; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20) {
                fprintf(f, "\\u%04x", *p);
            } else {
                fputc(*p, f);
            }
        }
    }
    fputc('"', f);
    g_free(valid);
}

static void begin_event(json_out *j)
{
    fputs(j->first ? "\n" : ",\n", j->f);
    j->first = false;
}

static void put_ts(FILE *f, uint64_t ps)
{
    fprintf(f, "\"ts\":%" PRIu64 ".%06" PRIu64, ps / 1000000, ps % 1000000);
}

static void put_args(FILE *f, const hs_tl_event *e)
{
    fputs(",\"args\":{", f);
    for (unsigned i = 0; i < e->nargs; i++) {
        const hs_tl_arg *a = &e->arg[i];
        if (i) {
            fputc(',', f);
        }
        put_string(f, a->name);
        fputc(':', f);
        if (a->str) {
            put_string(f, a->str);
        } else if (a->u < JSON_SAFE_INT) {
            fprintf(f, "%" PRIu64, a->u);
        } else {
            fprintf(f, "\"%" PRIu64 "\"", a->u);
        }
    }
    fputc('}', f);
}

static void on_track(void *opaque, const hs_tl_track *t)
{
    json_out *j = opaque;
    unsigned tid;

    if (t->counter) {
        g_hash_table_insert(j->counter, g_memdup2(&t->uuid, sizeof t->uuid), g_strdup(t->name));
        return;
    }
    tid = ++j->next_tid;
    g_hash_table_insert(j->tid, g_memdup2(&t->uuid, sizeof t->uuid), GUINT_TO_POINTER(tid));
    begin_event(j);
    fprintf(j->f, "{\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"name\":\"thread_name\",\"args\":{\"name\":",
            tid);
    put_string(j->f, t->name);
    fputs("}}", j->f);
    begin_event(j);
    fprintf(j->f, "{\"ph\":\"M\",\"pid\":1,\"tid\":%u,\"name\":\"thread_sort_index\","
            "\"args\":{\"sort_index\":%u}}", tid, tid);
}

static void on_event(void *opaque, const hs_tl_event *e)
{
    json_out *j = opaque;
    FILE *f = j->f;

    begin_event(j);
    if (e->kind == HS_TL_COUNTER) {
        fputs("{\"ph\":\"C\",\"pid\":1,\"name\":", f);
        put_string(f, g_hash_table_lookup(j->counter, &e->track));
        fputc(',', f);
        put_ts(f, e->time_ps);
        fprintf(f, ",\"args\":{\"value\":%" PRId64 "}}", e->value);
        return;
    }
    fprintf(f, "{\"ph\":\"%s\",\"pid\":1,\"tid\":%u,",
            e->kind == HS_TL_BEGIN ? "B" : e->kind == HS_TL_END ? "E" : "X",
            GPOINTER_TO_UINT(g_hash_table_lookup(j->tid, &e->track)));
    put_ts(f, e->time_ps);
    if (e->kind == HS_TL_END) {
        fputc('}', f);
        return;
    }
    if (e->kind == HS_TL_INSTANT) {
        fputs(",\"dur\":0", f);
    }
    fputs(",\"name\":", f);
    put_string(f, e->name);
    fputs(",\"cat\":", f);
    put_string(f, e->category);
    if (e->flow != HS_TL_FLOW_NONE) {
        fprintf(f, ",\"bind_id\":\"0x%" PRIx64 "\"", e->flow_id);
        if (e->flow != HS_TL_FLOW_START) {
            fputs(",\"flow_in\":true", f);
        }
        if (e->flow != HS_TL_FLOW_END) {
            fputs(",\"flow_out\":true", f);
        }
    }
    put_args(f, e);
    fputc('}', f);
}

static void feed(void *opaque, const hs_record *rec)
{
    hs_timeline_record(opaque, rec);
}

static void put_meta(FILE *f, const hs_log_reader *r)
{
    const hs_log_meta *m = hs_log_reader_meta(r);
    const char *const values[] = {
        m->platform_name, m->image_path, m->image_sha256, m->command_line, m->seed,
    };
    const char *const keys[] = { "platform", "image", "image_sha256", "command_line", "seed" };
    bool first = true;

    fputs("\"otherData\":{", f);
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        if (values[i]) {
            fputs(first ? "" : ",", f);
            put_string(f, keys[i]);
            fputc(':', f);
            put_string(f, values[i]);
            first = false;
        }
    }
    fputs("},\n", f);
}

hs_tracelog_err hs_export_json(hs_log_reader *r, FILE *out, const hs_export_options *o,
                               char **msg)
{
    json_out j = {
        .f = out,
        .tid = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
        .counter = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free),
        .first = true,
    };
    hs_tl_output to = { on_track, on_event, &j };
    hs_timeline *tl = hs_timeline_new(&to, r, o ? o->sym : NULL);
    hs_tracelog_err err;

    fputs("{\"displayTimeUnit\":\"ns\",\n", out);
    put_meta(out, r);
    fputs("\"traceEvents\":[", out);
    begin_event(&j);
    fputs("{\"ph\":\"M\",\"pid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"hypsim\"}}", out);
    err = hs_export_drain(r, feed, tl, msg);
    hs_timeline_finish(tl);
    hs_timeline_free(tl);
    fputs("\n]}\n", out);
    g_hash_table_destroy(j.tid);
    g_hash_table_destroy(j.counter);
    return err;
}
