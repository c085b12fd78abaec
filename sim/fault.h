/* Fault injection on interrupt deliveries: the fault plan (its parser is
 * sim/fault_plan.c) and the injector (sim/fault.c), an interposer the machine
 * puts on interrupt wires. docs/faults.md is the user's reference.
 *
 * A wire carries a level from a source (the GIC's maintenance output, a timer,
 * a UART, the GIC's IRQ output) to its receiving end (a PPI or SPI input of the
 * GIC, a vCPU's IRQ input). A *delivery* is one pulse of the source: from a
 * rising edge to the next falling edge. A fault acts on one delivery:
 *
 *  - delay: both edges of the pulse reach the receiving end later, by the same
 *    amount, so the pulse keeps its width and the wire keeps its order (a
 *    delay line: a later pulse never overtakes an earlier one). A delay until
 *    an event (guest exit, world switch, an instruction address) holds the
 *    pulse's edges and replays them, with their spacing, when the event comes.
 *  - drop: the pulse never reaches the receiving end; the wire passes the
 *    source again once the source has deasserted.
 *  - duplicate: the pulse is delivered, and once the source has deasserted (the
 *    delivery was consumed: the handler cleared its cause) a copy of it, of the
 *    same width, follows `gap` cycles later.
 *  - retarget: the pulse is delivered on the same kind of wire of another vCPU
 *    (ORed with that wire's own level), or on none.
 *
 * An SGI travels on no wire of the machine: the GIC hands each one a GICD_SGIR
 * write generates to hs_fault_injector_sgi(), and the injector treats it as a
 * pulse of no width on a wire of its own per (source, target, SGI), whose
 * receiving end latches the SGI on the rising edge (SGIs are edge-triggered,
 * IHI 0048B 4.3.13). So the faults above apply unchanged: a delayed SGI is
 * latched later, a dropped one never, a duplicate is latched again `gap`
 * cycles later (merging with the first if that is still pending from the same
 * source, 4.3.17), a retargeted one is latched for another CPU interface.
 *
 * The injector observes guest exits and entries as a trace sink; it needs the
 * events hs_fault_injector_events() names enabled in the tracer. */
#ifndef HS_SIM_FAULT_H
#define HS_SIM_FAULT_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/eventq.h"
#include "sim/irq.h"
#include "sim/time.h"
#include "traces/trace.h"

typedef enum hs_fault_err {
    HS_FAULT_OK = 0,
    HS_FAULT_ERR_IO,         /* the plan file cannot be read */
    HS_FAULT_ERR_SYNTAX,     /* the plan is not a key file */
    HS_FAULT_ERR_FIELD,      /* a group, key or value is not what the format allows */
    HS_FAULT_ERR_SYMBOL,     /* a location names a symbol the image does not have */
    HS_FAULT_ERR_WATCH,      /* a location cannot be watched */
} hs_fault_err;

const char *hs_fault_strerror(hs_fault_err err);

/* The wires a fault can act on. */
typedef enum hs_fault_wire_kind {
    HS_WIRE_MAINT,           /* maintenance output of CPU interface n -> its PPI (IHI 0048B 5.3.2) */
    HS_WIRE_PPI,             /* a device's line -> a PPI of CPU n (the Generic Timer's) */
    HS_WIRE_SPI,             /* a device's line -> an SPI (no vCPU: HS_VCPU_NONE) */
    HS_WIRE_IRQ,             /* the GIC's outputs -> the vCPU's inputs */
    HS_WIRE_FIQ,
    HS_WIRE_VIRQ,
    HS_WIRE_VFIQ,
    HS_WIRE_SGI,             /* a GICD_SGIR write -> the target CPU interface (vCPU: the target) */
    HS_WIRE__COUNT
} hs_fault_wire_kind;

/* The plan's name of a wire kind ("maintenance", "ppi", ...). */
const char *hs_fault_wire_name(hs_fault_wire_kind k);

/* The intid field of a fault event on an IRQ/FIQ/VIRQ/VFIQ wire: 1024 + the
 * hs_gic_line number (no interrupt ID travels on those). */
#define HS_FAULT_LINE_INTID(gic_line) (1024u + (unsigned)(gic_line))

typedef enum hs_fault_action {
    HS_FAULT_DELAY,
    HS_FAULT_DROP,
    HS_FAULT_DUPLICATE,
    HS_FAULT_RETARGET,
} hs_fault_action;

typedef enum hs_fault_delay_kind {
    HS_DELAY_FIXED,          /* a cycles */
    HS_DELAY_UNIFORM,        /* uniform in [a, b] cycles */
    HS_DELAY_EXPONENTIAL,    /* exponential with mean a cycles */
    HS_DELAY_UNTIL_EXIT,     /* until the wire's vCPU next exits its guest */
    HS_DELAY_UNTIL_SWITCH,   /* until the wire's vCPU next enters a guest */
    HS_DELAY_UNTIL_ADDR,     /* until the wire's vCPU is about to execute `loc` */
} hs_fault_delay_kind;

/* A code location: an address, or an ELF symbol of the image plus an offset. */
typedef struct hs_fault_loc {
    char *symbol;            /* NULL: offset is the address */
    uint64_t offset;
} hs_fault_loc;

#define HS_FAULT_TO_NONE (-1)
#define HS_FAULT_TO_NEXT (-2)   /* vCPU (n + 1) mod the number of vCPUs */

/* The values of the `kind` field of the fault event. Its `param` holds the
 * value below in bits [47:0] and the fault's number in the plan (0 for the
 * first) in bits [63:48]; `target` is the vCPU the delivery goes to
 * (HS_VCPU_NONE for none or an SPI); the record's vCPU is the wire's (for an
 * SGI, the target CPU interface's; `intid` is then the SGI). */
typedef enum hs_fault_event_kind {
    HS_FAULT_EV_HOLD,        /* an assertion was held back; param: the delay in ps, 0 until an event */
    HS_FAULT_EV_RELEASE,     /* a held assertion reached the receiving end; param: ps held */
    HS_FAULT_EV_DROP,        /* an assertion was dropped; param: 0 */
    HS_FAULT_EV_DUPLICATE,   /* a duplicate assertion reached the receiving end; param: gap in ps */
    HS_FAULT_EV_RETARGET,    /* an assertion went to `target` instead; param: 0 */
    HS_FAULT_EV_ARM,         /* a vCPU reached a trigger's location; param: the address */
} hs_fault_event_kind;

#define HS_FAULT_PARAM(fault, value) \
    ((uint64_t)(fault) << 48 | ((uint64_t)(value) & ((UINT64_C(1) << 48) - 1)))
#define HS_FAULT_PARAM_FAULT(param) ((unsigned)((uint64_t)(param) >> 48))
#define HS_FAULT_PARAM_VALUE(param) ((uint64_t)(param) & ((UINT64_C(1) << 48) - 1))

/* When a fault acts: every condition given must hold (none given: always). */
typedef struct hs_fault_trigger {
    uint64_t nth;            /* only the nth delivery on the selected wires (1 = first); 0: any */
    double probability;      /* acts with this probability; 1: always */
    bool has_window;
    hs_time from, to;        /* simulated time in [from, to) */
    bool has_reach;
    hs_fault_loc reach;      /* once the wire's vCPU has reached it; one delivery per reach */
} hs_fault_trigger;

typedef struct hs_fault {
    char *name;              /* e.g. "maint-late"; "--fault 2" for the second --fault */
    unsigned line;           /* line of its group in the plan text (0: none) */
    hs_fault_wire_kind wire;
    int vcpu;                /* the wires of this vCPU; -1 all */
    int intid;               /* SGI, PPI or SPI wires of this ID; -1 all */
    hs_fault_action action;
    hs_fault_delay_kind delay;
    uint64_t delay_a, delay_b;   /* cycles */
    hs_fault_loc until;      /* HS_DELAY_UNTIL_ADDR */
    int to;                  /* retarget: a vCPU, HS_FAULT_TO_NONE or HS_FAULT_TO_NEXT */
    uint64_t gap;            /* duplicate: cycles from the source's deassertion */
    hs_fault_trigger trigger;
    uint64_t limit;          /* acts on at most this many deliveries; 0: no limit */
} hs_fault;

typedef struct hs_fault_plan {
    hs_fault *fault;
    unsigned nfaults;
    bool has_seed;
    uint64_t seed;           /* [plan] seed */
    char *text;              /* the whole plan as one key file, for the trace header */
} hs_fault_plan;

hs_fault_plan *hs_fault_plan_new(void);
void hs_fault_plan_free(hs_fault_plan *p);
/* Adds the faults of a plan in key-file form; `source` names it in messages
 * (the file name). Messages name the line and the field:
 *   plans/late.plan: line 7: [fault late] delay: '5x' is not a delay (...) */
hs_fault_err hs_fault_plan_add_text(hs_fault_plan *p, const char *source, const char *text,
                                    char **msg);
hs_fault_err hs_fault_plan_add_file(hs_fault_plan *p, const char *path, char **msg);
/* Adds one fault given as comma-separated key=value pairs, the keys of a
 * [fault NAME] group (`--fault wire=maintenance,action=drop,trigger=nth:2`);
 * `index` (from 1) numbers it in its name and in messages. */
hs_fault_err hs_fault_plan_add_spec(hs_fault_plan *p, const char *spec, unsigned index,
                                    char **msg);

/* A time such as 250ns, 2.5us, 10ms, 1s or 1500 (ps); false if malformed. */
bool hs_fault_parse_time(const char *s, hs_time *out);

/* ---- the injector ------------------------------------------------------------ */

typedef struct hs_fault_injector hs_fault_injector;

/* What the injector needs of the machine. */
typedef struct hs_fault_env {
    hs_eventq *eventq;
    hs_tracer *tracer;       /* for fault events; may be NULL */
    unsigned ncpu;
    uint64_t cpu_clock_hz;   /* converts cycles to time */
    void *opaque;
    /* The local time of a vCPU (global time for HS_VCPU_NONE). */
    hs_time (*now)(void *opaque, unsigned vcpu);
    /* Optional: asks for hs_fault_injector_alarm(vcpu) as soon as the vCPU's
     * local time reaches `when` while it runs (HS_TIME_NEVER: none). Without
     * it, and for vCPUs that are idle, the event queue fires timed actions. */
    void (*set_alarm)(void *opaque, unsigned vcpu, hs_time when);
    /* Optional (needed by plans with locations): asks for
     * hs_fault_injector_reached() whenever a vCPU is about to execute addr. */
    bool (*watch)(void *opaque, uint32_t addr, char **msg);
    /* Optional (needed by locations with symbols): the address of a symbol. */
    bool (*resolve)(void *opaque, const char *symbol, uint64_t *addr);
} hs_fault_env;

/* A new injector for `plan` (which must outlive it), seeded with `seed`. */
hs_fault_err hs_fault_injector_new(const hs_fault_plan *plan, uint64_t seed,
                                   const hs_fault_env *env, hs_fault_injector **out, char **msg);
void hs_fault_injector_free(hs_fault_injector *f);

/* Interposes on a wire: returns the line its source must drive, which passes
 * to `down`. vcpu is HS_VCPU_NONE for an SPI; intid is the interrupt ID
 * (HS_FAULT_LINE_INTID for the vCPU input wires). Not for SGIs (below). */
hs_irq hs_fault_injector_wire(hs_fault_injector *f, hs_fault_wire_kind kind, unsigned vcpu,
                              unsigned intid, hs_irq down);

/* The receiving end of SGIs: latches SGI intid (0..15) requested by CPU
 * interface `source` as pending on CPU interface `target` (hs_gic_sgi_in). */
typedef void (*hs_fault_sgi_fn)(void *opaque, unsigned source, unsigned target, unsigned intid);
/* Interposes on SGIs: the SGIs given to hs_fault_injector_sgi() reach `down`,
 * as the plan's sgi faults make them. */
void hs_fault_injector_connect_sgi(hs_fault_injector *f, hs_fault_sgi_fn down, void *opaque);
/* One SGI generated now (the GIC's hs_gic_connect_sgi hook): the delivery of
 * SGI intid from `source` to `target`, a pulse of no width on the wire of
 * vCPU `target` (whose local time is the wire's). */
void hs_fault_injector_sgi(hs_fault_injector *f, unsigned source, unsigned target,
                           unsigned intid);

/* The trace sink that observes guest exits and entries, and the events it needs. */
hs_trace_sink hs_fault_injector_sink(hs_fault_injector *f);
uint64_t hs_fault_injector_events(const hs_fault_injector *f);

/* Callbacks of the machine: a vCPU's alarm, a vCPU about to execute addr. */
void hs_fault_injector_alarm(hs_fault_injector *f, unsigned vcpu, hs_time now);
void hs_fault_injector_reached(hs_fault_injector *f, unsigned vcpu, uint32_t addr);

/* Machine reset: every delivery in flight is forgotten and each receiving end
 * gets its source's level again. */
void hs_fault_injector_reset(hs_fault_injector *f);

/* Faults that acted so far (fault events of kinds HOLD, DROP, DUPLICATE, RETARGET). */
uint64_t hs_fault_injector_count(const hs_fault_injector *f);

#endif
