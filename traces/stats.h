/* `hypsim trace stats`: how many of each event, and the latencies of interrupt
 * delivery measured between records:
 *
 *   HS_LAT_LR_TO_IAR     an lr_write that makes vINTID n pending in an LR, to the
 *                        first gic_read of GICV_IAR or GICV_AIAR on the same vCPU
 *                        that returns n (the guest acknowledged it);
 *   HS_LAT_MAINT_TO_HYP  the maintenance line of a vCPU going high, to that vCPU's
 *                        next exc_entry of type irq into Hyp mode;
 *   HS_LAT_IRQ_TO_ENTRY  the IRQ line going high, to the next exc_entry of type irq;
 *   HS_LAT_VIRQ_TO_ENTRY the VIRQ line going high, to the next exc_entry of type virq.
 *
 * A start that never completes (the line drops first, the LR is rewritten
 * pending with the same vINTID, or the log ends) counts as unmatched. */
#ifndef HS_TRACES_STATS_H
#define HS_TRACES_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "traces/log.h"

typedef enum hs_latency {
    HS_LAT_LR_TO_IAR,
    HS_LAT_MAINT_TO_HYP,
    HS_LAT_IRQ_TO_ENTRY,
    HS_LAT_VIRQ_TO_ENTRY,
    HS_LAT__COUNT
} hs_latency;

extern const char *const hs_latency_name[HS_LAT__COUNT];

/* Percentiles are nearest-rank: the p-th is the smallest sample with at least
 * p% of the samples at or below it. */
typedef struct hs_latency_summary {
    uint64_t n, unmatched;
    uint64_t min, p50, p90, p99, max;     /* ps; 0 when n == 0 */
    double mean;
} hs_latency_summary;

typedef struct hs_trace_stats hs_trace_stats;

hs_trace_stats *hs_trace_stats_new(void);
void hs_trace_stats_free(hs_trace_stats *s);
void hs_trace_stats_record(hs_trace_stats *s, const hs_record *r);
/* Closes the measurements still open (they count as unmatched). */
void hs_trace_stats_finish(hs_trace_stats *s);

uint64_t hs_trace_stats_records(const hs_trace_stats *s);
uint64_t hs_trace_stats_count(const hs_trace_stats *s, uint32_t event);
/* The samples of one latency in ps, sorted (after finish). */
const uint64_t *hs_trace_stats_samples(const hs_trace_stats *s, hs_latency l, size_t *n);
void hs_trace_stats_summary(const hs_trace_stats *s, hs_latency l, hs_latency_summary *out);

/* The report of `hypsim trace stats`; r names the events. */
void hs_trace_stats_print(const hs_trace_stats *s, const hs_log_reader *r, FILE *out);

#endif
