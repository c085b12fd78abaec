#include "traces/trace.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

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

void hs_tracer_add_sink(hs_tracer *t, hs_trace_sink sink)
{
    assert(t->nsinks < HS_TRACE_MAX_SINKS);
    t->sink[t->nsinks++] = sink;
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

int hs_tracer_select(hs_tracer *t, const char *list, const char **bad)
{
    static char badbuf[64];
    uint64_t mask = 0;
    const char *p = list;

    while (*p) {
        size_t len = strcspn(p, ",");
        int found = 0;
        if (len == 3 && !strncmp(p, "all", 3)) {
            mask = ~0ull >> (64 - HS_EV__COUNT);
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
    t->enabled = mask;
    return 0;
}

void hs_trace_emit(hs_tracer *t, hs_event ev, unsigned vcpu,
                   uint64_t f0, uint64_t f1, uint64_t f2, uint64_t f3)
{
    hs_record r;

    r.seq = t->seq++;
    r.time_ps = t->now_ps ? t->now_ps(t->clock_opaque, vcpu) : 0;
    r.cycle = (t->cycle && vcpu != HS_VCPU_NONE) ? t->cycle(t->clock_opaque, vcpu) : 0;
    r.vcpu = vcpu;
    r.event = ev;
    r.f[0] = f0;
    r.f[1] = f1;
    r.f[2] = f2;
    r.f[3] = f3;
    for (unsigned i = 0; i < t->nsinks; i++) {
        t->sink[i].record(t->sink[i].opaque, &r);
    }
}
