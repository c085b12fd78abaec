#include "traces/trace.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#define FIELD_COUNT(F0, F1, F2, F3) \
    ((unsigned)((F0) != 0) + ((F1) != 0) + ((F2) != 0) + ((F3) != 0))

const hs_event_info hs_event_table[HS_EV__COUNT] = {
#define HS_EVENT(ID, CLASS, DOC, F0, F1, F2, F3) \
    [HS_EV_##ID] = { #ID, HS_EVC_##CLASS, DOC, { F0, F1, F2, F3 }, FIELD_COUNT(F0, F1, F2, F3) },
#include "traces/events.def"
};

const char *const hs_event_class_name[HS_EVC__COUNT] = {
#define HS_EVENT_CLASS(CLASS, DOC) [HS_EVC_##CLASS] = #CLASS,
#define HS_EVENT(ID, CLASS, DOC, F0, F1, F2, F3)
#include "traces/events.def"
};

const char *const hs_event_class_doc[HS_EVC__COUNT] = {
#define HS_EVENT_CLASS(CLASS, DOC) [HS_EVC_##CLASS] = DOC,
#define HS_EVENT(ID, CLASS, DOC, F0, F1, F2, F3)
#include "traces/events.def"
};

void hs_tracer_init(hs_tracer *t)
{
    memset(t, 0, sizeof *t);
}

static void update_enabled(hs_tracer *t)
{
    bool observed = false;
    for (unsigned i = 0; i < t->nsinks; i++) {
        observed |= t->observer[i];
    }
    t->enabled = observed ? HS_EV_ALL : t->selected;
}

static void add_sink(hs_tracer *t, hs_trace_sink sink, bool observer)
{
    assert(t->nsinks < HS_TRACE_MAX_SINKS);
    t->observer[t->nsinks] = observer;
    t->sink[t->nsinks++] = sink;
    update_enabled(t);
}

void hs_tracer_add_sink(hs_tracer *t, hs_trace_sink sink)
{
    add_sink(t, sink, false);
}

void hs_tracer_add_observer(hs_tracer *t, hs_trace_sink sink)
{
    add_sink(t, sink, true);
}

void hs_tracer_set_filter(hs_tracer *t, const hs_trace_filter *f)
{
    t->filtered = f != NULL;
    if (f) {
        t->filter = *f;
    }
}

static int name_eq_ci(const char *a, const char *b, size_t blen)
{
    size_t i;
    for (i = 0; i < blen; i++) {
        char ca = a[i], cb = b[i];
        if (ca >= 'A' && ca <= 'Z') ca = (char)(ca - 'A' + 'a');
        if (cb >= 'A' && cb <= 'Z') cb = (char)(cb - 'A' + 'a');
        if (ca != cb || !ca) {
            return 0;
        }
    }
    return a[blen] == 0;
}

int hs_event_by_name(const char *name)
{
    for (int e = 0; e < HS_EV__COUNT; e++) {
        if (name_eq_ci(hs_event_table[e].name, name, strlen(name))) {
            return e;
        }
    }
    return -1;
}

int hs_trace_parse_events(const char *list, uint64_t *out, const char **bad)
{
    static char badbuf[64];
    uint64_t mask = 0;
    const char *p = list;

    while (*p) {
        size_t len = strcspn(p, ",");
        int found = 0;
        if (len == 3 && !strncmp(p, "all", 3)) {
            mask = HS_EV_ALL;
            found = 1;
        }
        for (int c = 0; !found && c < HS_EVC__COUNT; c++) {
            if (name_eq_ci(hs_event_class_name[c], p, len)) {
                for (int e = 0; e < HS_EV__COUNT; e++) {
                    if ((int)hs_event_table[e].cls == c) {
                        mask |= 1ull << e;
                    }
                }
                found = 1;
            }
        }
        for (int e = 0; !found && e < HS_EV__COUNT; e++) {
            if (name_eq_ci(hs_event_table[e].name, p, len)) {
                mask |= 1ull << e;
                found = 1;
            }
        }
        if (!found) {
            snprintf(badbuf, sizeof badbuf, "%.*s", (int)len, p);
            *bad = badbuf;
            return -1;
        }
        p += len;
        if (*p == ',') {
            p++;
        }
    }
    *out = mask;
    return 0;
}

int hs_tracer_select(hs_tracer *t, const char *list, const char **bad)
{
    uint64_t mask;

    if (hs_trace_parse_events(list, &mask, bad) != 0) {
        return -1;
    }
    t->selected = mask;
    update_enabled(t);
    return 0;
}

int hs_trace_parse_vcpus(const char *list, uint64_t *out, const char **bad)
{
    static char badbuf[64];
    uint64_t mask = 0;
    const char *p = list;

    do {
        size_t len = strcspn(p, ",");
        unsigned long lo, hi;
        char *end;

        if (!g_ascii_isdigit(*p)) {
            goto bad_item;
        }
        lo = hi = strtoul(p, &end, 10);
        if (*end == '-' && g_ascii_isdigit(end[1])) {
            hi = strtoul(end + 1, &end, 10);
        }
        if (end != p + len || lo > hi || hi >= 64) {
            goto bad_item;
        }
        for (unsigned long v = lo; v <= hi; v++) {
            mask |= 1ull << v;
        }
        p += len;
        continue;
bad_item:
        snprintf(badbuf, sizeof badbuf, "%.*s", (int)len, p);
        *bad = badbuf;
        return -1;
    } while (*p++ == ',');
    *out = mask;
    return 0;
}

static bool filter_passes(const hs_trace_filter *f, const hs_record *r)
{
    if (r->vcpu != HS_VCPU_NONE && (r->vcpu >= 64 || !(f->vcpus >> r->vcpu & 1))) {
        return false;
    }
    return r->time_ps >= f->from_ps && r->time_ps <= f->to_ps;
}

static void deliver(hs_tracer *t, hs_event ev, unsigned vcpu, const uint64_t *f)
{
    hs_record r;
    bool record;

    r.seq = t->seq++;
    r.time_ps = t->now_ps ? t->now_ps(t->clock_opaque, vcpu) : 0;
    r.cycle = (t->cycle && vcpu != HS_VCPU_NONE) ? t->cycle(t->clock_opaque, vcpu) : 0;
    r.vcpu = vcpu;
    r.event = ev;
    memcpy(r.f, f, sizeof r.f);
    record = (t->selected >> ev & 1) && (!t->filtered || filter_passes(&t->filter, &r));
    for (unsigned i = 0; i < t->nsinks; i++) {
        if (record || t->observer[i]) {
            t->sink[i].record(t->sink[i].opaque, &r);
        }
    }
}

void hs_trace_emit(hs_tracer *t, hs_event ev, unsigned vcpu,
                   uint64_t f0, uint64_t f1, uint64_t f2, uint64_t f3)
{
    const uint64_t f[HS_EVENT_FIELDS] = { f0, f1, f2, f3 };

    if (t->delivering) {
        if (t->ndeferred == t->deferred_cap) {
            t->deferred_cap = t->deferred_cap ? 2 * t->deferred_cap : 8;
            t->deferred = g_renew(hs_trace_deferred, t->deferred, t->deferred_cap);
        }
        t->deferred[t->ndeferred].ev = ev;
        t->deferred[t->ndeferred].vcpu = vcpu;
        memcpy(t->deferred[t->ndeferred].f, f, sizeof f);
        t->ndeferred++;
        return;
    }
    t->delivering = true;
    deliver(t, ev, vcpu, f);
    /* Deferred events are rare (races): their queue lives only while used. */
    for (unsigned i = 0; i < t->ndeferred; i++) {
        hs_trace_deferred d = t->deferred[i];
        deliver(t, d.ev, d.vcpu, d.f);
    }
    if (t->deferred) {
        g_free(t->deferred);
        t->deferred = NULL;
        t->ndeferred = t->deferred_cap = 0;
    }
    t->delivering = false;
}
