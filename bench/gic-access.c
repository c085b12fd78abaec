/*
 * gic-access: host nanoseconds per GIC register access, the model alone.
 *
 * Builds the GIC of virt-a15 (1 CPU, 288 interrupts, 4 list registers, 8 priority bits,
 * maintenance PPI 25) with hs_gic_new(), connects its five output lines of CPU 0 to a
 * callback that counts level changes, and times tight loops of calls through the MMIO
 * callbacks (hs_gich_ops, hs_gicv_ops) as the platform's memory map makes them, without
 * the CPU or Unicorn: what the model adds to a guest's access, not the access's trip
 * through the engine. Each case runs three ways:
 *   - none: no tracer (hs_gic_new with tracer NULL);
 *   - off: a tracer with nothing selected, as hypsim runs without --trace;
 *   - all: a tracer with every event selected and one sink that discards the records,
 *     with clock callbacks, so the cost of producing each record but not of storing it.
 *
 *     gic-access [--iters N] [--repeats R] [--cases LIST]
 *
 * Every case runs R times (default 7) N iterations (default 5,000,000); the time of a
 * repeat is the thread's CPU time (CLOCK_THREAD_CPUTIME_ID) and, beside it, wall time
 * (CLOCK_MONOTONIC); the median repeat is reported, with the spread (max - min) / median
 * of the CPU times. Output is a Markdown table (bench/README.md).
 */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/gic/gic.h"
#include "models/gic/gic_regs.h"

#define CFG_VIRT_A15 \
    ((hs_gic_config){ .num_cpu = 1, .num_irq = 288, .num_lr = 4, .priority_bits = 8, \
                      .maint_intid = 25 })

#define VIRQ_ID         42u
#define VIRQ_PRIORITY   0x80u
#define GUEST_PMR       0xf8u

/* GICH_LR0 with virtual ID 42, Group 0, priority 0x80, HW 0, EOI 0, in a state. */
#define LR_VALUE(state) \
    ((uint32_t)(VIRQ_ID | ((VIRQ_PRIORITY >> 3) << GICH_LR_PRIORITY_SHIFT) | (state)))
#define LR_PENDING      LR_VALUE(GICH_LR_STATE_PENDING_BIT)
#define LR_INVALID      LR_VALUE(0u)
/* GICH_APR bit of priority 0x80 with the reset binary point (VMBP 2): group priority
 * 0x80 >> 3 (§5.3.7). */
#define APR_BIT         (1u << (VIRQ_PRIORITY >> 3))

enum tracing { TRACE_NONE, TRACE_OFF, TRACE_ALL, TRACE__COUNT };

typedef struct bench {
    hs_gic *gic;
    hs_tracer tracer;
    uint64_t records;                   /* records the discarding sink saw */
    uint64_t line_changes[HS_LINE__COUNT];
    uint64_t clock;
} bench;

static volatile uint32_t sink_value;    /* keeps read values alive */

static void count_line(void *opaque, int n, int level)
{
    bench *b = opaque;

    (void)level;
    b->line_changes[n]++;
}

static void discard_record(void *opaque, const hs_record *r)
{
    bench *b = opaque;

    (void)r;
    b->records++;
}

static uint64_t fake_now_ps(void *opaque, unsigned vcpu)
{
    bench *b = opaque;

    (void)vcpu;
    return b->clock += 1000;
}

static uint64_t fake_cycle(void *opaque, unsigned vcpu)
{
    bench *b = opaque;

    (void)vcpu;
    return b->clock / 1000;
}

static uint32_t gich_rd(bench *b, uint32_t off) { return (uint32_t)hs_gich_ops.read(b->gic, off, 4, 0); }
static void gich_wr(bench *b, uint32_t off, uint32_t v) { hs_gich_ops.write(b->gic, off, v, 4, 0); }
static uint32_t gicv_rd(bench *b, uint32_t off) { return (uint32_t)hs_gicv_ops.read(b->gic, off, 4, 0); }
static void gicv_wr(bench *b, uint32_t off, uint32_t v) { hs_gicv_ops.write(b->gic, off, v, 4, 0); }

static void bench_init(bench *b, enum tracing t)
{
    hs_gic_config cfg = CFG_VIRT_A15;
    hs_gic_err err;

    memset(b, 0, sizeof *b);
    hs_tracer_init(&b->tracer);
    b->tracer.now_ps = fake_now_ps;
    b->tracer.cycle = fake_cycle;
    b->tracer.clock_opaque = b;
    if (t == TRACE_ALL) {
        const char *bad;
        hs_tracer_add_sink(&b->tracer, (hs_trace_sink){ discard_record, b });
        if (hs_tracer_select(&b->tracer, "all", &bad) != 0) {
            fprintf(stderr, "gic-access: no event class '%s'\n", bad);
            exit(1);
        }
    }
    err = hs_gic_new(&cfg, t == TRACE_NONE ? NULL : &b->tracer, &b->gic);
    if (err != HS_GIC_OK) {
        fprintf(stderr, "gic-access: %s\n", hs_gic_strerror(err));
        exit(1);
    }
    for (unsigned l = 0; l < HS_LINE__COUNT; l++) {
        hs_gic_connect(b->gic, 0, (hs_gic_line)l, hs_irq_make(count_line, b, (int)l));
    }
    /* The hypervisor enables the virtual interface, the guest its virtual CPU
     * interface (Group 0, every priority unmasked). */
    gich_wr(b, GICH_HCR, GICH_HCR_EN);
    gicv_wr(b, GICC_PMR, GUEST_PMR);
    gicv_wr(b, GICC_CTLR, GICC_CTLR_ENABLE_GRP0);
}

/* ---- the cases: each body runs n iterations ---------------------------------- */

/* LR write (pending) + GICV_IAR + GICV_EOIR: one virtual interrupt through the list
 * register, as the guest sees it. The LR write raises VIRQ, the IAR lowers it. */
static void case_round(bench *b, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        uint32_t iar;
        gich_wr(b, GICH_LR0, LR_PENDING);
        iar = gicv_rd(b, GICC_IAR);
        gicv_wr(b, GICC_EOIR, iar);
    }
}

/* GICH_LR0 writes alternating pending and invalid: each one changes the LR's state and
 * the VIRQ line, as the LR write of case_round does. */
static void case_lr_toggle(bench *b, uint64_t n)
{
    for (uint64_t i = 0; i < n; i += 2) {
        gich_wr(b, GICH_LR0, LR_PENDING);
        gich_wr(b, GICH_LR0, LR_INVALID);
    }
}

/* LR write (pending) + GICV_IAR + GICH_APR write 0: the IAR without the EOIR. Clearing
 * the active priority lets the next IAR acknowledge the re-armed LR (LR0 stays active
 * until the next write makes it pending again). */
static void case_lr_iar_apr(bench *b, uint64_t n)
{
    uint32_t acc = 0;
    for (uint64_t i = 0; i < n; i++) {
        gich_wr(b, GICH_LR0, LR_PENDING);
        acc += gicv_rd(b, GICC_IAR);
        gich_wr(b, GICH_APR, 0);
    }
    sink_value = acc;
}

/* GICH_APR writes, the active priority bit of 0x80 set and cleared alternately. */
static void case_apr_toggle(bench *b, uint64_t n)
{
    for (uint64_t i = 0; i < n; i += 2) {
        gich_wr(b, GICH_APR, APR_BIT);
        gich_wr(b, GICH_APR, 0);
    }
}

/* GICH_LR0 written with the value it holds: the update finds nothing to change. */
static void case_lr_same(bench *b, uint64_t n)
{
    for (uint64_t i = 0; i < n; i++) {
        gich_wr(b, GICH_LR0, LR_PENDING);
    }
}

static void case_elrsr(bench *b, uint64_t n)
{
    uint32_t acc = 0;
    for (uint64_t i = 0; i < n; i++) {
        acc += gich_rd(b, GICH_ELRSR0);
    }
    sink_value = acc;
}

static void case_lr_read(bench *b, uint64_t n)
{
    uint32_t acc = 0;
    for (uint64_t i = 0; i < n; i++) {
        acc += gich_rd(b, GICH_LR0);
    }
    sink_value = acc;
}

/* GICV_IAR with nothing pending: 1023, no state change. */
static void case_iar_spurious(bench *b, uint64_t n)
{
    uint32_t acc = 0;
    for (uint64_t i = 0; i < n; i++) {
        acc += gicv_rd(b, GICC_IAR);
    }
    sink_value = acc;
}

typedef struct bench_case {
    const char *name;
    const char *what;
    unsigned accesses;                  /* register accesses per iteration */
    void (*prepare)(bench *b);
    void (*body)(bench *b, uint64_t n);
} bench_case;

static void prepare_pending(bench *b) { gich_wr(b, GICH_LR0, LR_PENDING); }
static void prepare_idle(bench *b) { gich_wr(b, GICH_LR0, 0); }

static const bench_case cases[] = {
    { "round", "GICH_LR0 write (pending) + GICV_IAR read + GICV_EOIR write", 3,
      prepare_idle, case_round },
    { "lr-toggle", "GICH_LR0 write, pending and invalid alternately (an LR update)", 1,
      prepare_idle, case_lr_toggle },
    { "lr-iar-apr", "GICH_LR0 write (pending) + GICV_IAR read + GICH_APR write 0", 3,
      prepare_idle, case_lr_iar_apr },
    { "apr-toggle", "GICH_APR write, bit 16 set and cleared alternately", 1, prepare_idle,
      case_apr_toggle },
    { "lr-same", "GICH_LR0 write of the value it holds", 1, prepare_pending, case_lr_same },
    { "elrsr", "GICH_ELRSR0 read (LR0 pending)", 1, prepare_pending, case_elrsr },
    { "lr-read", "GICH_LR0 read", 1, prepare_pending, case_lr_read },
    { "iar-spurious", "GICV_IAR read, nothing pending (1023)", 1, prepare_idle,
      case_iar_spurious },
};
#define NCASES (sizeof cases / sizeof cases[0])

/* One check of what the round case relies on, outside the timing: the IAR returns the
 * ID, the LR goes pending -> active -> invalid and VIRQ rises and falls. */
static void check_round(void)
{
    bench b;
    uint32_t iar;

    bench_init(&b, TRACE_NONE);
    gich_wr(&b, GICH_LR0, LR_PENDING);
    assert(hs_gic_line_level(b.gic, 0, HS_LINE_VIRQ) == 1);
    iar = gicv_rd(&b, GICC_IAR);
    assert(iar == VIRQ_ID);
    assert(hs_gic_lr(b.gic, 0, 0) == LR_VALUE(GICH_LR_STATE_ACTIVE_BIT));
    assert(hs_gic_line_level(b.gic, 0, HS_LINE_VIRQ) == 0);
    gicv_wr(&b, GICC_EOIR, iar);
    assert(hs_gic_lr(b.gic, 0, 0) == LR_INVALID);
    assert(gich_rd(&b, GICH_ELRSR0) == 0xfu);
    assert(hs_gic_line_level(b.gic, 0, HS_LINE_MAINT) == 0);
    /* lr-iar-apr: after GICH_APR is cleared the re-armed LR is acknowledged again. */
    for (int k = 0; k < 2; k++) {
        gich_wr(&b, GICH_LR0, LR_PENDING);
        assert(gicv_rd(&b, GICC_IAR) == VIRQ_ID);
        assert(gich_rd(&b, GICH_APR) == APR_BIT);
        gich_wr(&b, GICH_APR, 0);
    }
    hs_gic_free(b.gic);
}

static double ts_ns(const struct timespec *t)
{
    return (double)t->tv_sec * 1e9 + (double)t->tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, unsigned n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

typedef struct result {
    double cpu_ns, wall_ns, spread;     /* per iteration */
    uint64_t records, line_changes;     /* per repeat, the last one */
} result;

static result run_case(const bench_case *c, enum tracing t, uint64_t iters, unsigned repeats)
{
    double cpu[64], wall[64];
    result r = { 0 };

    for (unsigned k = 0; k < repeats; k++) {
        struct timespec c0, c1, w0, w1;
        bench b;

        bench_init(&b, t);
        c->prepare(&b);
        c->body(&b, iters / 100 + 1);   /* warm the caches and branch predictors */
        b.records = 0;
        memset(b.line_changes, 0, sizeof b.line_changes);
        clock_gettime(CLOCK_MONOTONIC, &w0);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
        c->body(&b, iters);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
        clock_gettime(CLOCK_MONOTONIC, &w1);
        cpu[k] = (ts_ns(&c1) - ts_ns(&c0)) / (double)iters;
        wall[k] = (ts_ns(&w1) - ts_ns(&w0)) / (double)iters;
        r.records = b.records;
        r.line_changes = 0;
        for (unsigned l = 0; l < HS_LINE__COUNT; l++) {
            r.line_changes += b.line_changes[l];
        }
        hs_gic_free(b.gic);
    }
    r.wall_ns = median(wall, repeats);
    r.cpu_ns = median(cpu, repeats);    /* sorts cpu[] */
    r.spread = (cpu[repeats - 1] - cpu[0]) / r.cpu_ns;
    return r;
}

static int case_index(const char *name)
{
    for (unsigned i = 0; i < NCASES; i++) {
        if (!strcmp(cases[i].name, name)) {
            return (int)i;
        }
    }
    abort();
}

/* GICV_IAR and GICV_EOIR apart, by difference of the medians (CPU time):
 *   IAR  = lr-iar-apr - lr-toggle - apr-toggle
 *   EOIR = round - lr-toggle - IAR */
static void derived(result (*res)[TRACE__COUNT], const int *done)
{
    int round = case_index("round"), lr = case_index("lr-toggle");
    int lia = case_index("lr-iar-apr"), apr = case_index("apr-toggle");

    if (!done[round] || !done[lr] || !done[lia] || !done[apr]) {
        return;
    }
    printf("\nBy difference (CPU time): GICV_IAR = lr-iar-apr - lr-toggle - apr-toggle; "
           "GICV_EOIR = round - lr-toggle - GICV_IAR; ns per access:\n\n");
    printf("| access | none | off | all |\n|---|---:|---:|---:|\n");
    printf("| GICV_IAR (LR0 pending) |");
    for (int t = 0; t < TRACE__COUNT; t++) {
        printf(" %.1f |", res[lia][t].cpu_ns - res[lr][t].cpu_ns - res[apr][t].cpu_ns);
    }
    printf("\n| GICV_EOIR (LR0 active) |");
    for (int t = 0; t < TRACE__COUNT; t++) {
        printf(" %.1f |", res[round][t].cpu_ns - res[lia][t].cpu_ns + res[apr][t].cpu_ns);
    }
    printf("\n");
}

static void usage(void)
{
    fprintf(stderr, "usage: gic-access [--iters N] [--repeats R (1..64)] [--cases LIST]\n"
                    "cases:");
    for (unsigned i = 0; i < NCASES; i++) {
        fprintf(stderr, " %s", cases[i].name);
    }
    fprintf(stderr, "\n");
    exit(2);
}

static int case_selected(const char *list, const char *name)
{
    size_t len = strlen(name);
    const char *p = list;

    if (!list) {
        return 1;
    }
    while ((p = strstr(p, name)) != NULL) {
        if ((p == list || p[-1] == ',') && (p[len] == ',' || p[len] == 0)) {
            return 1;
        }
        p += len;
    }
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t iters = 5000000;
    unsigned repeats = 7;
    const char *list = NULL;
    char host[256] = "unknown";
    static result res[NCASES][TRACE__COUNT];
    static int done[NCASES];
    FILE *f;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--iters") && i + 1 < argc) {
            iters = strtoull(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "--repeats") && i + 1 < argc) {
            repeats = (unsigned)strtoul(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "--cases") && i + 1 < argc) {
            list = argv[++i];
        } else {
            usage();
        }
    }
    if (iters < 2 || repeats < 1 || repeats > 64) {
        usage();
    }
    iters &= ~1ull;                      /* lr-toggle does two writes a step */
    check_round();

    f = fopen("/proc/cpuinfo", "r");
    if (f) {
        char line[512];
        while (fgets(line, sizeof line, f)) {
            if (!strncmp(line, "model name", 10) && strchr(line, ':')) {
                snprintf(host, sizeof host, "%s", strchr(line, ':') + 2);
                host[strcspn(host, "\n")] = 0;
                break;
            }
        }
        fclose(f);
    }
    printf("gic-access: %" PRIu64 " iterations x %u repeats per case and tracer, medians; "
           "%s\n\n", iters, repeats, host);
    printf("ns per iteration by thread CPU time (by wall time in brackets), spread of the "
           "CPU times (max - min) / median, and records and line changes per iteration "
           "with every event traced:\n\n");
    printf("| case | accesses | none | off | all | spread none/off/all | records | line changes |\n");
    printf("|---|---:|---:|---:|---:|---|---:|---:|\n");
    for (unsigned i = 0; i < NCASES; i++) {
        const bench_case *c = &cases[i];
        result *r = res[i];

        if (!case_selected(list, c->name)) {
            continue;
        }
        done[i] = 1;
        for (int t = 0; t < TRACE__COUNT; t++) {
            r[t] = run_case(c, (enum tracing)t, iters, repeats);
        }
        printf("| %s: %s | %u |", c->name, c->what, c->accesses);
        for (int t = 0; t < TRACE__COUNT; t++) {
            printf(" %.1f (%.1f) |", r[t].cpu_ns, r[t].wall_ns);
        }
        printf(" %.0f%%/%.0f%%/%.0f%% | %.2f | %.2f |\n", r[0].spread * 100, r[1].spread * 100,
               r[2].spread * 100, (double)r[TRACE_ALL].records / (double)iters,
               (double)r[TRACE_ALL].line_changes / (double)iters);
        fflush(stdout);
    }
    derived(res, done);
    return 0;
}
