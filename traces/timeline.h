/* The timeline view of a log, which the Perfetto and the Chrome JSON exporters
 * both draw, so that the two show the same thing:
 *
 * - a track per vCPU with slices for the world it is in: "Hyp", "guest <mode>"
 *   (from exc_entry/exc_return target modes, guest_entry, guest_exit) and
 *   "idle WFI"/"idle WFE" (idle_begin until idle_end or the vCPU's next own
 *   action: an exception, a GIC access, a PSCI call);
 * - under it a track per list register, its contents as slices named by state
 *   and vINTID ("pending vINTID 32"), and counter tracks for GICH_MISR,
 *   GICH_EISR, GICH_ELRSR and GICH_HCR;
 * - every record as an instant on its vCPU's track (or on "machine" when it has
 *   no vCPU; faults and races on tracks of their own), named by the event and
 *   carrying the catalog's fields as arguments;
 * - a flow from each LR write that makes a vINTID pending, through the guest's
 *   GICV_IAR/AIAR read that acknowledges it, to the GICV_EOIR/AEOIR write that
 *   ends it. */
#ifndef HS_TRACES_TIMELINE_H
#define HS_TRACES_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "traces/decode.h"
#include "traces/log.h"

typedef struct hs_tl_track {
    uint64_t uuid;             /* unique and stable for a given log; never 0 */
    uint64_t parent;           /* the enclosing track, 0 for a top-level one */
    const char *name;
    bool counter;
} hs_tl_track;

typedef enum hs_tl_kind {
    HS_TL_BEGIN,               /* a slice starts: name, category, args */
    HS_TL_END,                 /* the innermost open slice of the track ends */
    HS_TL_INSTANT,             /* name, category, args, flow */
    HS_TL_COUNTER,             /* value */
} hs_tl_kind;

typedef enum hs_tl_flow {
    HS_TL_FLOW_NONE,
    HS_TL_FLOW_START,
    HS_TL_FLOW_STEP,
    HS_TL_FLOW_END,
} hs_tl_flow;

#define HS_TL_MAX_ARGS 12

typedef struct hs_tl_arg {
    const char *name;
    const char *str;           /* a text value, or NULL for the number in u */
    uint64_t u;
} hs_tl_arg;

typedef struct hs_tl_event {
    hs_tl_kind kind;
    uint64_t track;
    uint64_t time_ps;
    const char *name;
    const char *category;
    int64_t value;
    hs_tl_flow flow;
    uint64_t flow_id;
    unsigned nargs;
    hs_tl_arg arg[HS_TL_MAX_ARGS];
} hs_tl_event;

/* Where the timeline goes. A track is announced before its first event;
 * strings live until the callback returns. */
typedef struct hs_tl_output {
    void (*track)(void *opaque, const hs_tl_track *t);
    void (*event)(void *opaque, const hs_tl_event *e);
    void *opaque;
} hs_tl_output;

typedef struct hs_timeline hs_timeline;

/* r supplies the names of events (hs_log_reader_event_info()); sym (may be
 * NULL) symbolizes pc arguments. */
hs_timeline *hs_timeline_new(const hs_tl_output *out, const hs_log_reader *r,
                             const hs_symbolizer *sym);
void hs_timeline_record(hs_timeline *tl, const hs_record *rec);
/* Ends every open slice at the latest time seen. */
void hs_timeline_finish(hs_timeline *tl);
void hs_timeline_free(hs_timeline *tl);

#endif
