#include "traces/replay.h"

#include <glib.h>

#include "traces/decode.h"

struct hs_replay {
    hs_log_reader *log;
    hs_replay_status status;
    uint64_t matched;
    GString *msg;
};

hs_replay *hs_replay_new(hs_log_reader *log)
{
    hs_replay *p = g_new0(hs_replay, 1);
    p->log = log;
    p->msg = g_string_new(NULL);
    return p;
}

void hs_replay_free(hs_replay *p)
{
    if (p) {
        g_string_free(p->msg, TRUE);
        g_free(p);
    }
}

static void sink_record(void *opaque, const hs_record *r)
{
    hs_replay_record(opaque, r);
}

hs_trace_sink hs_replay_sink(hs_replay *p)
{
    return (hs_trace_sink){ sink_record, p };
}

static void append_record(GString *out, const char *who, const hs_record *r,
                          const hs_event_info *info)
{
    g_string_append_printf(out, "\n  %-7s", who);
    hs_record_format(out, r, info, NULL);
}

/* Reads the log's next record: 1, or 0 at its end (the status says how it
 * ended when it is not clean). */
static int next_logged(hs_replay *p, hs_record *out)
{
    char *m = NULL;
    int got = hs_log_reader_next(p->log, out, &m);

    if (got < 0) {
        p->status = hs_log_reader_error(p->log) == HS_TRACELOG_ERR_TRUNCATED ? HS_REPLAY_LOG_CUT
                                                                            : HS_REPLAY_DAMAGED;
        g_string_assign(p->msg, m);
        g_free(m);
        return 0;
    }
    return got;
}

/* The first member in which two records differ, its values in *a and *b;
 * NULL when they are the same. Fields beyond the event's count are not
 * stored in a log and not compared. */
static const char *difference(const hs_record *x, const hs_record *y, uint64_t *a, uint64_t *b)
{
    static const char *const names[] = { "seq", "time_ps", "vcpu", "cycle" };
    const uint64_t xs[] = { x->seq, x->time_ps, x->vcpu, x->cycle };
    const uint64_t ys[] = { y->seq, y->time_ps, y->vcpu, y->cycle };

    if (x->event != y->event) {
        *a = x->event;
        *b = y->event;
        return "event";
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(names); i++) {
        if (xs[i] != ys[i]) {
            *a = xs[i];
            *b = ys[i];
            return names[i];
        }
    }
    for (unsigned i = 0; i < hs_event_table[x->event].nfields; i++) {
        if (x->f[i] != y->f[i]) {
            *a = x->f[i];
            *b = y->f[i];
            return hs_event_table[x->event].field[i];
        }
    }
    return NULL;
}

void hs_replay_record(hs_replay *p, const hs_record *r)
{
    hs_record want;
    const hs_event_info *info = &hs_event_table[r->event];
    const hs_event_info *want_info;
    const char *what;
    uint64_t a, b;

    if (p->status != HS_REPLAY_MATCHING) {
        return;
    }
    if (!next_logged(p, &want)) {
        if (p->status == HS_REPLAY_MATCHING) {
            p->status = HS_REPLAY_DIVERGED;
            g_string_printf(p->msg, "the log ends after %" G_GUINT64_FORMAT " records; the "
                            "replay goes on with seq %" G_GUINT64_FORMAT ":", p->matched, r->seq);
            append_record(p->msg, "replay:", r, info);
        }
        return;
    }
    want_info = hs_log_reader_event_info(p->log, want.event);
    if (want.event >= HS_EV__COUNT) {
        p->status = HS_REPLAY_DIVERGED;
        g_string_printf(p->msg, "record %" G_GUINT64_FORMAT " (seq %" G_GUINT64_FORMAT ") of "
                        "the log is an event this build does not record (%s):",
                        p->matched + 1, want.seq, want_info ? want_info->name : "unknown");
    } else if ((what = difference(&want, r, &a, &b))) {
        GString *va = g_string_new(NULL), *vb = g_string_new(NULL);
        p->status = HS_REPLAY_DIVERGED;
        if (!g_strcmp0(what, "event")) {
            g_string_append(va, hs_event_table[a].name);
            g_string_append(vb, hs_event_table[b].name);
        } else {
            hs_field_format(va, what, a, NULL);
            hs_field_format(vb, what, b, NULL);
        }
        g_string_printf(p->msg, "record %" G_GUINT64_FORMAT " (seq %" G_GUINT64_FORMAT ") "
                        "differs in %s: the log has %s, the replay %s", p->matched + 1,
                        want.seq, what, va->str, vb->str);
        g_string_free(va, TRUE);
        g_string_free(vb, TRUE);
    } else {
        p->matched++;
        return;
    }
    append_record(p->msg, "log:", &want, want_info);
    append_record(p->msg, "replay:", r, info);
}

hs_replay_status hs_replay_finish(hs_replay *p)
{
    hs_record want;

    if (p->status == HS_REPLAY_MATCHING && next_logged(p, &want)) {
        p->status = HS_REPLAY_DIVERGED;
        g_string_printf(p->msg, "the replay ended after %" G_GUINT64_FORMAT " records; the "
                        "log goes on with seq %" G_GUINT64_FORMAT ":", p->matched, want.seq);
        append_record(p->msg, "log:", &want, hs_log_reader_event_info(p->log, want.event));
    }
    return p->status;
}

hs_replay_status hs_replay_status_of(const hs_replay *p)
{
    return p->status;
}

uint64_t hs_replay_matched(const hs_replay *p)
{
    return p->matched;
}

const char *hs_replay_message(const hs_replay *p)
{
    return p->msg->str;
}
