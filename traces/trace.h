/* The tracer: models and the CPU report events here; sinks (the binary log
 * writer, the online race checkers, tests) receive them in order.
 * When no tracer is attached (NULL) or an event is not enabled, HS_TRACE costs
 * one test and branch.
 *
 * A sink is a *recording* sink (hs_tracer_add_sink: the log writer, replay)
 * or an *observer* (hs_tracer_add_observer: the race checkers). Recording
 * sinks receive the selected events (hs_tracer_select) that pass the filter
 * by vCPU and time (hs_tracer_set_filter); observers receive every event the
 * tracer produces, and while one is attached every event is produced. The
 * sequence number counts the records the tracer produces, so a log filtered
 * by vCPU or time, or recorded beside an observer, has gaps in it. */
#ifndef HS_TRACES_TRACE_H
#define HS_TRACES_TRACE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum hs_event {
#define HS_EVENT(ID, CLASS, DOC, F0, F1, F2, F3) HS_EV_##ID,
#include "traces/events.def"
    HS_EV__COUNT
} hs_event;

typedef enum hs_event_class {
#define HS_EVENT_CLASS(CLASS, DOC) HS_EVC_##CLASS,
#define HS_EVENT(ID, CLASS, DOC, F0, F1, F2, F3)
#include "traces/events.def"
    HS_EVC__COUNT
} hs_event_class;

#define HS_EVENT_FIELDS 4
#define HS_VCPU_NONE 0xffu

/* Values of the "block" field of GIC_READ/GIC_WRITE. */
typedef enum hs_gic_block { HS_GIC_GICD, HS_GIC_GICC, HS_GIC_GICH, HS_GIC_GICV } hs_gic_block;
/* Values of the "type" field of exc_entry. */
typedef enum hs_exc_type {
    HS_EXC_UNDEF,
    HS_EXC_SVC,
    HS_EXC_PABT,
    HS_EXC_DABT,
    HS_EXC_IRQ,
    HS_EXC_FIQ,
    HS_EXC_VIRQ,
    HS_EXC_VFIQ,
    HS_EXC_VABT,
    HS_EXC_HVC,
    HS_EXC_HYP_TRAP,     /* any other entry to Hyp with a syndrome in HSR */
    HS_EXC__COUNT
} hs_exc_type;

/* Values of the "line" field of LINE. */
typedef enum hs_gic_line {
    HS_LINE_IRQ, HS_LINE_FIQ, HS_LINE_VIRQ, HS_LINE_VFIQ, HS_LINE_MAINT, HS_LINE__COUNT
} hs_gic_line;

typedef struct hs_event_info {
    const char *name;       /* lower-case, e.g. "lr_write" */
    hs_event_class cls;
    const char *doc;
    const char *field[HS_EVENT_FIELDS];
    unsigned nfields;
} hs_event_info;

typedef struct hs_record {
    uint64_t seq;
    uint64_t time_ps;
    uint64_t cycle;
    uint32_t vcpu;
    uint32_t event;
    uint64_t f[HS_EVENT_FIELDS];
} hs_record;

typedef struct hs_trace_sink {
    void (*record)(void *opaque, const hs_record *r);
    void *opaque;
} hs_trace_sink;

#define HS_TRACE_MAX_SINKS 4
#define HS_EV_ALL (~0ull >> (64 - HS_EV__COUNT))

/* What recording sinks receive besides the selection of events: records of
 * the vCPUs in `vcpus` (bit n for vCPU n; records of no vCPU always pass)
 * whose time is within [from_ps, to_ps]. */
typedef struct hs_trace_filter {
    uint64_t vcpus;
    uint64_t from_ps, to_ps;
} hs_trace_filter;

/* An event a sink emitted while a record was being delivered. */
typedef struct hs_trace_deferred {
    hs_event ev;
    unsigned vcpu;
    uint64_t f[HS_EVENT_FIELDS];
} hs_trace_deferred;

typedef struct hs_tracer {
    uint64_t enabled;                  /* bit per hs_event: produced (what HS_TRACE tests) */
    uint64_t selected;                 /* bit per hs_event: given to recording sinks */
    uint64_t seq;
    /* Simulated time as seen by a vCPU (its local time; global time for
     * HS_VCPU_NONE) and its cycle count, supplied by the kernel. */
    uint64_t (*now_ps)(void *opaque, unsigned vcpu);
    uint64_t (*cycle)(void *opaque, unsigned vcpu);
    void *clock_opaque;
    hs_trace_sink sink[HS_TRACE_MAX_SINKS];
    bool observer[HS_TRACE_MAX_SINKS];
    unsigned nsinks;
    bool filtered;
    hs_trace_filter filter;
    /* Events emitted by sinks (a race checker's reports) during a delivery
     * wait here and are delivered after the record in hand, in order, so
     * every sink sees records in sequence order. */
    bool delivering;
    hs_trace_deferred *deferred;
    unsigned ndeferred, deferred_cap;
} hs_tracer;

_Static_assert(HS_EV__COUNT <= 64, "hs_tracer.enabled holds one bit per event");

extern const hs_event_info hs_event_table[HS_EV__COUNT];
extern const char *const hs_event_class_name[HS_EVC__COUNT];
extern const char *const hs_event_class_doc[HS_EVC__COUNT];

void hs_tracer_init(hs_tracer *t);
/* A recording sink: the selected events that pass the filter. */
void hs_tracer_add_sink(hs_tracer *t, hs_trace_sink sink);
/* An observer: every event, unfiltered; enables every event. */
void hs_tracer_add_observer(hs_tracer *t, hs_trace_sink sink);
/* Selects events by a comma-separated list of class or event names ("all",
 * "lr,line", "gic_write"); returns 0, or -1 with the unknown name in *bad. */
int hs_tracer_select(hs_tracer *t, const char *list, const char **bad);
/* The mask of events a selection list names, as hs_tracer_select() reads it. */
int hs_trace_parse_events(const char *list, uint64_t *mask, const char **bad);
/* Filters what recording sinks receive; NULL removes the filter. */
void hs_tracer_set_filter(hs_tracer *t, const hs_trace_filter *f);
/* Parses a list of vCPU numbers and ranges, "0,2-3", into a mask (vCPUs 0 to
 * 63); returns 0, or -1 with the bad item in *bad. */
int hs_trace_parse_vcpus(const char *list, uint64_t *mask, const char **bad);
int hs_event_by_name(const char *name);

/* Produces a record and hands it to the sinks. Called by a sink during a
 * delivery, it produces the record after the one being delivered. */
void hs_trace_emit(hs_tracer *t, hs_event ev, unsigned vcpu,
                   uint64_t f0, uint64_t f1, uint64_t f2, uint64_t f3);

static inline bool hs_trace_on(const hs_tracer *t, hs_event ev)
{
    return t && (t->enabled >> ev & 1);
}

#ifdef HS_TRACE_DISABLED
/* A build with -DHS_TRACE_DISABLED has no trace points: HS_TRACE compiles to nothing
 * (its arguments are type-checked, never evaluated), so --trace and --check-races see no
 * event. It exists only to measure what the trace points cost when tracing is off
 * (bench/README.md); tests do not run on it. */
#define HS_TRACE(t, ID, vcpu, f0, f1, f2, f3)                                     \
    do {                                                                          \
        if (0) {                                                                  \
            hs_trace_emit((t), HS_EV_##ID, (vcpu), (f0), (f1), (f2), (f3));        \
        }                                                                         \
    } while (0)
#else
#define HS_TRACE(t, ID, vcpu, f0, f1, f2, f3)                                     \
    do {                                                                          \
        if (hs_trace_on((t), HS_EV_##ID)) {                                       \
            hs_trace_emit((t), HS_EV_##ID, (vcpu), (f0), (f1), (f2), (f3));        \
        }                                                                         \
    } while (0)
#endif

#endif
