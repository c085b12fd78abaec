/* Deterministic replay: the records of a new run of a recorded run, compared
 * one by one with the log's. `hypsim replay` (sim/cli/replay_cmd.c) rebuilds
 * the run from the log's header and feeds its records here through a sink. */
#ifndef HS_TRACES_REPLAY_H
#define HS_TRACES_REPLAY_H

#include <stdint.h>

#include "traces/log.h"

typedef enum hs_replay_status {
    HS_REPLAY_MATCHING,    /* every record so far is the log's (at the end: identical) */
    HS_REPLAY_DIVERGED,    /* a record differs, or one side has records the other has not */
    HS_REPLAY_LOG_CUT,     /* the log ends without its end block; all its records matched */
    HS_REPLAY_DAMAGED,     /* the log cannot be read on (corrupt, or an I/O error) */
} hs_replay_status;

typedef struct hs_replay hs_replay;

/* Compares against the records `log` has left to read; the reader stays the
 * caller's. */
hs_replay *hs_replay_new(hs_log_reader *log);
void hs_replay_free(hs_replay *p);

/* A recording sink that compares each record with the log's next one. Once
 * the status is not HS_REPLAY_MATCHING, records are ignored. */
hs_trace_sink hs_replay_sink(hs_replay *p);
void hs_replay_record(hs_replay *p, const hs_record *r);

/* Ends the comparison after the new run's last record: the log must end
 * there too. */
hs_replay_status hs_replay_finish(hs_replay *p);
hs_replay_status hs_replay_status_of(const hs_replay *p);
/* Records that matched. */
uint64_t hs_replay_matched(const hs_replay *p);
/* For a status other than HS_REPLAY_MATCHING: what happened, naming the
 * record by its sequence number and showing both sides, e.g.
 *   record 9 (seq 8) differs in time_ps: the log has 4000, the replay 4010
 *     log:             8             4000    0 ...
 *     replay:          8             4010    0 ...   */
const char *hs_replay_message(const hs_replay *p);

#endif
