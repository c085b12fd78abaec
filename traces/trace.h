/* The tracer: models and the CPU report events here; sinks (the binary log
 * writer, the online race checkers, tests) receive them in order.
 * When no tracer is attached (NULL) or an event is not selected, HS_TRACE costs
 * one test and branch. */
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

typedef struct hs_tracer {
    uint64_t enabled;                  /* bit per hs_event */
    uint64_t seq;
    /* Simulated time as seen by a vCPU (its local time; global time for
     * HS_VCPU_NONE) and its cycle count, supplied by the kernel. */
    uint64_t (*now_ps)(void *opaque, unsigned vcpu);
    uint64_t (*cycle)(void *opaque, unsigned vcpu);
    void *clock_opaque;
    hs_trace_sink sink[HS_TRACE_MAX_SINKS];
    unsigned nsinks;
} hs_tracer;

_Static_assert(HS_EV__COUNT <= 64, "hs_tracer.enabled holds one bit per event");

extern const hs_event_info hs_event_table[HS_EV__COUNT];
extern const char *const hs_event_class_name[HS_EVC__COUNT];
extern const char *const hs_event_class_doc[HS_EVC__COUNT];

void hs_tracer_init(hs_tracer *t);
void hs_tracer_add_sink(hs_tracer *t, hs_trace_sink sink);
/* Selects events by a comma-separated list of class or event names ("all",
 * "lr,line", "gic_write"); returns 0, or -1 with the unknown name in *bad. */
int hs_tracer_select(hs_tracer *t, const char *list, const char **bad);
int hs_event_by_name(const char *name);

void hs_trace_emit(hs_tracer *t, hs_event ev, unsigned vcpu,
                   uint64_t f0, uint64_t f1, uint64_t f2, uint64_t f3);

static inline bool hs_trace_on(const hs_tracer *t, hs_event ev)
{
    return t && (t->enabled >> ev & 1);
}

#define HS_TRACE(t, ID, vcpu, f0, f1, f2, f3)                                     \
    do {                                                                          \
        if (hs_trace_on((t), HS_EV_##ID)) {                                       \
            hs_trace_emit((t), HS_EV_##ID, (vcpu), (f0), (f1), (f2), (f3));        \
        }                                                                         \
    } while (0)

#endif
