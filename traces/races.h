/* Race checkers: they read the event stream, online as a tracer observer or
 * offline from a log, and report interrupt-virtualization races with the
 * sequence numbers of their evidence. docs/traces.md ("Race checkers") gives
 * each checker's exact definition; this code follows it.
 *
 * Every checker keeps its state per CPU (the record's vcpu field: the
 * simulated core, on which a hypervisor may run several guest contexts) and
 * reads only records of this build's catalog; `race` records are ignored. */
#ifndef HS_TRACES_RACES_H
#define HS_TRACES_RACES_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "traces/trace.h"

/* Values of the `checker` field of the race event. Never renumber: logs
 * store them. */
typedef enum hs_race_checker {
    HS_RACE_LATE_MAINT,          /* late-maintenance */
    HS_RACE_SPURIOUS_MAINT,      /* spurious-maintenance */
    HS_RACE_LOST_VIRQ,           /* lost-virq */
    HS_RACE_EOI_REUSED_LR,       /* eoi-reused-lr */
    HS_RACE_MAINT_STORM,         /* maintenance-storm */
    HS_RACE_CRITICAL_WINDOW,     /* critical-window */
    HS_RACE__COUNT
} hs_race_checker;

#define HS_RACE_ALL ((1u << HS_RACE__COUNT) - 1)
/* A `detail` that names no record. */
#define HS_RACE_NO_SEQ UINT64_MAX

/* Defaults: the maintenance interrupt is PPI 9, INTID 25, on the virt-a15
 * platform (and by Arm's recommendation); a storm is more than 100 maintenance
 * interrupts taken on one CPU within 100 us of simulated time. */
#define HS_RACE_DEFAULT_MAINT_INTID 25u
#define HS_RACE_DEFAULT_STORM_MAX 100u
#define HS_RACE_DEFAULT_STORM_WINDOW_PS UINT64_C(100000000)
/* The largest storm_max accepted (the checker keeps that many entry times). */
#define HS_RACE_STORM_MAX_LIMIT 1000000u

typedef struct hs_race_config {
    unsigned checkers;           /* bit per hs_race_checker */
    unsigned maint_intid;        /* the INTID GICC_IAR returns for the maintenance interrupt */
    uint64_t storm_max;          /* 1..HS_RACE_STORM_MAX_LIMIT */
    uint64_t storm_window_ps;    /* at least 1 */
    /* critical-window: the code range [window_lo, window_hi) that a maintenance
     * interrupt must not interrupt; empty (the checker is off) when equal. */
    uint64_t window_lo, window_hi;
} hs_race_config;

/* Parses a critical window, "LO-HI" (addresses) or "SYMBOL" (the ELF function's
 * extent, from `image`) or "SYMBOL+LEN"; false with *msg saying why
 * (traces/race_window.c, in the hs_trace_syms library). */
bool hs_race_parse_window(const char *spec, const char *image, uint64_t *lo, uint64_t *hi,
                          char **msg);

/* Every checker, the defaults above. */
void hs_race_config_init(hs_race_config *c);

/* One race as a checker reports it. */
typedef struct hs_race {
    hs_race_checker checker;
    uint32_t vcpu;
    uint64_t seq0, seq1, detail;  /* the race event's fields */
    uint64_t time_ps;             /* of the record that completed the evidence */
    const char *text;             /* what happened, one line, naming the records */
} hs_race;

typedef void (*hs_race_fn)(void *opaque, const hs_race *race);

typedef struct hs_races hs_races;

hs_races *hs_races_new(const hs_race_config *cfg, hs_race_fn report, void *opaque);
/* Feeds one record, in sequence order; reports races through the callback. */
void hs_races_record(hs_races *r, const hs_record *rec);
void hs_races_free(hs_races *r);

/* "late-maintenance", ...; NULL for another value. */
const char *hs_race_checker_name(uint64_t checker);
/* A comma-separated list of checker names, or "all"; returns 0, or -1 with
 * the unknown name in *bad. */
int hs_race_parse_checkers(const char *list, unsigned *mask, const char **bad);
/* The events a checker reads (bit per hs_event): a log without one of them
 * cannot be checked by it. */
uint64_t hs_race_checker_needs(hs_race_checker c);
/* What a race record says, from its fields alone: "late-maintenance: raised
 * at seq 15, taken at seq 40 (see seq 31)". */
void hs_race_describe(GString *out, const hs_record *race);

/* ---- online ----------------------------------------------------------------- */

/* The checkers as an observer of a tracer: each race becomes a `race` event
 * of that tracer (produced right after the record that completed it) and a
 * line of the report. */
typedef struct hs_race_monitor hs_race_monitor;

hs_race_monitor *hs_race_monitor_new(hs_tracer *t, const hs_race_config *cfg);
unsigned hs_race_monitor_count(const hs_race_monitor *m);
/* One line a race ("CHECKER on vCPU C: TEXT\n"), "" when none. */
const char *hs_race_monitor_report(const hs_race_monitor *m);
void hs_race_monitor_free(hs_race_monitor *m);

#endif
