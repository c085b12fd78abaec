#include "traces/stats.h"

#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "cpu/arm.h"
#include "models/gic/gic_regs.h"
#include "traces/decode.h"

const char *const hs_latency_name[HS_LAT__COUNT] = {
    [HS_LAT_LR_TO_IAR] = "LR write -> guest IAR",
    [HS_LAT_MAINT_TO_HYP] = "maintenance line -> IRQ entry to Hyp",
    [HS_LAT_IRQ_TO_ENTRY] = "IRQ line -> IRQ entry",
    [HS_LAT_VIRQ_TO_ENTRY] = "VIRQ line -> virtual IRQ entry",
};

struct hs_trace_stats {
    uint64_t records;
    uint64_t first_seq, last_seq, first_time, last_time;
    GHashTable *counts;            /* event -> uint64_t * */
    GHashTable *vcpus;             /* vCPUs seen */
    GArray *samples[HS_LAT__COUNT];
    uint64_t unmatched[HS_LAT__COUNT];
    /* Open measurements: key -> start time (uint64_t *). */
    GHashTable *open[HS_LAT__COUNT];
};

static GHashTable *u64_table(void)
{
    return g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
}

hs_trace_stats *hs_trace_stats_new(void)
{
    hs_trace_stats *s = g_new0(hs_trace_stats, 1);
    s->counts = u64_table();
    s->vcpus = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (unsigned l = 0; l < HS_LAT__COUNT; l++) {
        s->samples[l] = g_array_new(FALSE, FALSE, sizeof(uint64_t));
        s->open[l] = u64_table();
    }
    return s;
}

void hs_trace_stats_free(hs_trace_stats *s)
{
    if (!s) {
        return;
    }
    g_hash_table_destroy(s->counts);
    g_hash_table_destroy(s->vcpus);
    for (unsigned l = 0; l < HS_LAT__COUNT; l++) {
        g_array_free(s->samples[l], TRUE);
        g_hash_table_destroy(s->open[l]);
    }
    g_free(s);
}

/* A measurement starts; an open one with the same key is abandoned. */
static void start(hs_trace_stats *s, hs_latency l, uint64_t key, uint64_t t)
{
    if (g_hash_table_contains(s->open[l], &key)) {
        s->unmatched[l]++;
    }
    g_hash_table_insert(s->open[l], g_memdup2(&key, sizeof key), g_memdup2(&t, sizeof t));
}

/* Keeps the earliest start while the condition holds (a line staying high). */
static void start_once(hs_trace_stats *s, hs_latency l, uint64_t key, uint64_t t)
{
    if (!g_hash_table_contains(s->open[l], &key)) {
        start(s, l, key, t);
    }
}

static void abandon(hs_trace_stats *s, hs_latency l, uint64_t key)
{
    if (g_hash_table_remove(s->open[l], &key)) {
        s->unmatched[l]++;
    }
}

static void complete(hs_trace_stats *s, hs_latency l, uint64_t key, uint64_t t)
{
    uint64_t *t0 = g_hash_table_lookup(s->open[l], &key);
    if (t0) {
        uint64_t d = t >= *t0 ? t - *t0 : 0;
        g_array_append_val(s->samples[l], d);
        g_hash_table_remove(s->open[l], &key);
    }
}

static void line_change(hs_trace_stats *s, const hs_record *r)
{
    static const struct { uint64_t line; hs_latency l; } watched[] = {
        { HS_LINE_MAINT, HS_LAT_MAINT_TO_HYP },
        { HS_LINE_IRQ, HS_LAT_IRQ_TO_ENTRY },
        { HS_LINE_VIRQ, HS_LAT_VIRQ_TO_ENTRY },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(watched); i++) {
        if (r->f[0] != watched[i].line) {
            continue;
        }
        if (r->f[1]) {
            start_once(s, watched[i].l, r->vcpu, r->time_ps);
        } else {
            abandon(s, watched[i].l, r->vcpu);
        }
    }
}

void hs_trace_stats_record(hs_trace_stats *s, const hs_record *r)
{
    uint64_t key = r->event, *n;

    if (!s->records) {
        s->first_seq = r->seq;
        s->first_time = r->time_ps;
    }
    s->records++;
    s->last_seq = r->seq;
    if (r->time_ps > s->last_time) {
        s->last_time = r->time_ps;
    }
    if (r->time_ps < s->first_time) {
        s->first_time = r->time_ps;
    }
    if (!(n = g_hash_table_lookup(s->counts, &key))) {
        n = g_new0(uint64_t, 1);
        g_hash_table_insert(s->counts, g_memdup2(&key, sizeof key), n);
    }
    (*n)++;
    if (r->vcpu == HS_VCPU_NONE) {
        return;
    }
    g_hash_table_add(s->vcpus, GUINT_TO_POINTER(r->vcpu + 1));

    switch (r->event) {
    case HS_EV_lr_write: {
        uint32_t lr = (uint32_t)r->f[2];
        if (lr & GICH_LR_STATE_PENDING_BIT) {
            start(s, HS_LAT_LR_TO_IAR, (uint64_t)r->vcpu << 32 | (lr & GICH_LR_VIRTUALID_MASK),
                  r->time_ps);
        }
        break;
    }
    case HS_EV_gic_read:
        if (r->f[0] == HS_GIC_GICV && (r->f[1] == GICC_IAR || r->f[1] == GICC_AIAR)) {
            complete(s, HS_LAT_LR_TO_IAR, (uint64_t)r->vcpu << 32 | (r->f[2] & GIC_INTID_MASK),
                     r->time_ps);
        }
        break;
    case HS_EV_line:
        line_change(s, r);
        break;
    case HS_EV_exc_entry:
        if (r->f[0] == HS_EXC_IRQ) {
            if (r->f[2] == ARM_MODE_HYP) {
                complete(s, HS_LAT_MAINT_TO_HYP, r->vcpu, r->time_ps);
            }
            complete(s, HS_LAT_IRQ_TO_ENTRY, r->vcpu, r->time_ps);
        } else if (r->f[0] == HS_EXC_VIRQ) {
            complete(s, HS_LAT_VIRQ_TO_ENTRY, r->vcpu, r->time_ps);
        }
        break;
    default:
        break;
    }
}

static gint cmp_u64(gconstpointer a, gconstpointer b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

void hs_trace_stats_finish(hs_trace_stats *s)
{
    for (unsigned l = 0; l < HS_LAT__COUNT; l++) {
        s->unmatched[l] += g_hash_table_size(s->open[l]);
        g_hash_table_remove_all(s->open[l]);
        g_array_sort(s->samples[l], cmp_u64);
    }
}

uint64_t hs_trace_stats_records(const hs_trace_stats *s)
{
    return s->records;
}

uint64_t hs_trace_stats_count(const hs_trace_stats *s, uint32_t event)
{
    uint64_t key = event;
    uint64_t *n = g_hash_table_lookup(s->counts, &key);
    return n ? *n : 0;
}

const uint64_t *hs_trace_stats_samples(const hs_trace_stats *s, hs_latency l, size_t *n)
{
    *n = s->samples[l]->len;
    return (const uint64_t *)(const void *)s->samples[l]->data;
}

static uint64_t percentile(const uint64_t *v, size_t n, unsigned p)
{
    size_t rank = (p * n + 99) / 100;
    return v[rank ? rank - 1 : 0];
}

void hs_trace_stats_summary(const hs_trace_stats *s, hs_latency l, hs_latency_summary *out)
{
    size_t n;
    const uint64_t *v = hs_trace_stats_samples(s, l, &n);
    double sum = 0;

    memset(out, 0, sizeof *out);
    out->n = n;
    out->unmatched = s->unmatched[l];
    if (!n) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        sum += (double)v[i];
    }
    out->min = v[0];
    out->max = v[n - 1];
    out->p50 = percentile(v, n, 50);
    out->p90 = percentile(v, n, 90);
    out->p99 = percentile(v, n, 99);
    out->mean = sum / (double)n;
}

/* Samples by powers of two: bucket k holds the values k bits long, [2^(k-1), 2^k). */
static void print_histogram(FILE *out, const uint64_t *v, size_t n)
{
    uint64_t bucket[65] = { 0 }, most = 0;
    int lo = 64, hi = 0;

    for (size_t i = 0; i < n; i++) {
        int k = v[i] ? 64 - __builtin_clzll(v[i]) : 0;
        bucket[k]++;
        lo = k < lo ? k : lo;
        hi = k > hi ? k : hi;
    }
    for (int k = lo; k <= hi; k++) {
        most = bucket[k] > most ? bucket[k] : most;
    }
    for (int k = lo; k <= hi; k++) {
        uint64_t from = k ? UINT64_C(1) << (k - 1) : 0;
        unsigned bar = (unsigned)(bucket[k] * 40 / most);
        fprintf(out, "    >= %14" PRIu64 " ps %8" PRIu64 " %.*s\n", from, bucket[k], bar,
                "########################################");
    }
}

void hs_trace_stats_print(const hs_trace_stats *s, const hs_log_reader *r, FILE *out)
{
    GList *keys = g_list_sort(g_hash_table_get_keys(s->counts), cmp_u64);

    fprintf(out, "%" PRIu64 " records", s->records);
    if (s->records) {
        fprintf(out, ", seq %" PRIu64 "..%" PRIu64 ", time %" PRIu64 "..%" PRIu64 " ps, %u vCPU%s",
                s->first_seq, s->last_seq, s->first_time, s->last_time,
                g_hash_table_size(s->vcpus), g_hash_table_size(s->vcpus) == 1 ? "" : "s");
    }
    fputs("\n\n       count  event\n", out);
    for (GList *k = keys; k; k = k->next) {
        uint32_t ev = (uint32_t)*(uint64_t *)k->data;
        const hs_event_info *info = hs_log_reader_event_info(r, ev);
        fprintf(out, "%12" PRIu64 "  %s\n", hs_trace_stats_count(s, ev),
                info ? info->name : "?");
    }
    g_list_free(keys);

    fprintf(out, "\nlatency (ps)                                  n  unmatched          min"
                 "          p50          p90          p99          max         mean\n");
    for (unsigned l = 0; l < HS_LAT__COUNT; l++) {
        hs_latency_summary m;
        hs_trace_stats_summary(s, l, &m);
        fprintf(out, "%-38s %8" PRIu64 " %10" PRIu64, hs_latency_name[l], m.n, m.unmatched);
        if (m.n) {
            fprintf(out, " %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %12" PRIu64
                    " %12.0f", m.min, m.p50, m.p90, m.p99, m.max, m.mean);
        }
        fputc('\n', out);
    }
    for (unsigned l = 0; l < HS_LAT__COUNT; l++) {
        size_t n;
        const uint64_t *v = hs_trace_stats_samples(s, l, &n);
        if (n) {
            fprintf(out, "\n%s:\n", hs_latency_name[l]);
            print_histogram(out, v, n);
        }
    }
}
