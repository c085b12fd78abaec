/* Logs for the viewer's tests and measurements, written with the log writer
 * (traces/log.h):
 *
 *   viewer_mklog race IN OUT --after SEQ --seq0 A --seq1 B [--checker N] [--detail D]
 *                [--meta KEY=VALUE]...
 *       copies the log IN to OUT with a race event inserted after record SEQ,
 *       as a race checker reports one (traces/races.h; the records after it
 *       move up by one sequence number), and with more metadata pairs.
 *
 *   viewer_mklog synth OUT --records N [--vcpus V] [--seed S] [--diverge-at SEQ]
 *       writes N records of a made-up hypervisor run on V vCPUs: virtual
 *       interrupts delivered through the list registers, acknowledged and
 *       ended by the guest with EOI maintenance interrupts, world switches,
 *       WFI idle periods, quantum ends, and now and then an injected fault
 *       and a race report. With --diverge-at the run takes another path from
 *       that sequence number on (for the side-by-side view). The values follow
 *       IHI 0048B (LR layout, GICH registers) so that the viewer's decoding is
 *       exercised; the run itself is invented, for size.
 *
 * Exit status 0, or 2 with a message. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cpu/arm.h"
#include "models/gic/gic_regs.h"
#include "traces/log.h"

static int fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static int fail(const char *fmt, ...)
{
    va_list ap;
    fputs("viewer_mklog: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 2;
}

static bool u64_arg(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    *out = g_ascii_strtoull(s, &end, 0);
    return g_ascii_isdigit(*s) && !*end && !errno;
}

/* ---- race ---------------------------------------------------------------------- */

static int cmd_race(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    uint64_t after = UINT64_MAX, seq0 = UINT64_MAX, seq1 = UINT64_MAX, checker = 0, detail = 0;
    hs_log_reader *r;
    hs_log_writer *w;
    hs_log_meta meta;
    GPtrArray *extra = g_ptr_array_new_with_free_func(g_free);
    hs_record rec;
    char *msg = NULL;
    bool inserted = false;
    int got;

    for (int i = 0; i < argc; i++) {
        uint64_t *slot = !strcmp(argv[i], "--after") ? &after : !strcmp(argv[i], "--seq0") ? &seq0
                       : !strcmp(argv[i], "--seq1") ? &seq1 : !strcmp(argv[i], "--checker") ? &checker
                       : !strcmp(argv[i], "--detail") ? &detail : NULL;
        if (slot) {
            const char *opt = argv[i];
            if (i + 1 >= argc || !u64_arg(argv[++i], slot)) {
                return fail("%s needs a number", opt);
            }
        } else if (!strcmp(argv[i], "--meta") && i + 1 < argc && strchr(argv[i + 1], '=')) {
            const char *kv = argv[++i];
            g_ptr_array_add(extra, g_strndup(kv, (gsize)(strchr(kv, '=') - kv)));
            g_ptr_array_add(extra, g_strdup(strchr(kv, '=') + 1));
        } else if (!in) {
            in = argv[i];
        } else if (!out) {
            out = argv[i];
        } else {
            return fail("race: unexpected argument '%s'", argv[i]);
        }
    }
    if (!in || !out || after == UINT64_MAX || seq0 == UINT64_MAX || seq1 == UINT64_MAX) {
        return fail("race: give IN OUT --after SEQ --seq0 A --seq1 B");
    }
    if (hs_log_reader_open(in, &r, &msg) != HS_TRACELOG_OK) {
        return fail("%s", msg);
    }
    meta = *hs_log_reader_meta(r);
    for (const char *const *e = meta.extra; e && e[0]; e += 2) {
        if (strcmp(e[0], "hypsim.version")) {     /* the writer writes its own */
            g_ptr_array_add(extra, g_strdup(e[0]));
            g_ptr_array_add(extra, g_strdup(e[1]));
        }
    }
    g_ptr_array_add(extra, NULL);
    meta.extra = (const char *const *)extra->pdata;
    if (hs_log_writer_open(out, &meta, &w, &msg) != HS_TRACELOG_OK) {
        hs_log_reader_close(r);
        return fail("%s", msg);
    }
    while ((got = hs_log_reader_next(r, &rec, &msg)) > 0) {
        if (inserted) {
            rec.seq++;
        }
        hs_log_writer_record(w, &rec);
        if (rec.seq == after) {
            hs_record race = rec;
            race.seq = rec.seq + 1;
            race.event = HS_EV_race;
            race.f[0] = checker;
            race.f[1] = seq0;
            race.f[2] = seq1;
            race.f[3] = detail;
            hs_log_writer_record(w, &race);
            inserted = true;
        }
    }
    if (got < 0) {
        hs_log_writer_close(w, NULL);
        hs_log_reader_close(r);
        return fail("%s", msg);
    }
    hs_log_reader_close(r);
    g_ptr_array_free(extra, TRUE);
    if (hs_log_writer_close(w, &msg) != HS_TRACELOG_OK) {
        return fail("%s", msg);
    }
    if (!inserted) {
        return fail("race: %s has no record with seq %" PRIu64, in, after);
    }
    return 0;
}

/* ---- synth ----------------------------------------------------------------------- */

typedef struct synth_vcpu {
    uint64_t t;            /* local time, ps */
    uint32_t lr[64];
    uint64_t elrsr, eisr;
    uint32_t misr, hcr;
    unsigned next_lr;
} synth_vcpu;

typedef struct synth {
    hs_log_writer *w;
    GRand *rand;
    uint64_t seq, limit, diverge_at;
    unsigned nvcpu, nlr;
    synth_vcpu v[8];
    uint64_t maint_entry, maint_iar;     /* the last maintenance interrupt taken */
} synth;

enum { HYP_VECTORS = 0x40000000, GUEST_CODE = 0x40010000, GUEST_IRQ = 0x40012000 };

static bool full(const synth *s)
{
    return s->seq >= s->limit;
}

static void emit(synth *s, unsigned vcpu, hs_event ev, uint64_t f0, uint64_t f1, uint64_t f2,
                 uint64_t f3, unsigned ns)
{
    synth_vcpu *v = &s->v[vcpu];
    hs_record r = { s->seq, v->t, v->t / 1000, vcpu, ev, { f0, f1, f2, f3 } };

    if (full(s)) {
        return;
    }
    hs_log_writer_record(s->w, &r);
    s->seq++;
    v->t += (uint64_t)ns * 1000;
}

/* ELRSR, EISR and MISR follow the LRs (IHI 0048B 5.3.4-5.3.6). */
static void status(synth *s, unsigned c)
{
    synth_vcpu *v = &s->v[c];
    uint64_t elrsr = 0, eisr = 0;
    uint32_t misr;

    for (unsigned l = 0; l < s->nlr; l++) {
        bool invalid = !(v->lr[l] & GICH_LR_STATE_MASK);
        bool eoi = invalid && !(v->lr[l] & GICH_LR_HW) && (v->lr[l] & GICH_LR_EOI);
        if (invalid && !eoi) {
            elrsr |= 1ull << l;
        }
        if (eoi) {
            eisr |= 1ull << l;
        }
    }
    misr = eisr ? GICH_MISR_EOI : 0;
    if (eisr != v->eisr) {
        emit(s, c, HS_EV_gich_eisr, v->eisr, eisr, 0, 0, 0);
        v->eisr = eisr;
    }
    if (elrsr != v->elrsr) {
        emit(s, c, HS_EV_gich_elrsr, v->elrsr, elrsr, 0, 0, 0);
        v->elrsr = elrsr;
    }
    if (misr != v->misr) {
        emit(s, c, HS_EV_gich_misr, v->misr, misr, 0, 0, 0);
        emit(s, c, HS_EV_line, HS_LINE_MAINT, misr != 0, 0, 0, 0);
        v->misr = misr;
    }
}

static void lr_set(synth *s, unsigned c, unsigned l, uint32_t value, bool by_gic)
{
    synth_vcpu *v = &s->v[c];
    if (!by_gic) {
        emit(s, c, HS_EV_gic_write, HS_GIC_GICH, GICH_LR0 + 4 * l, value, 4, 10);
    }
    emit(s, c, by_gic ? HS_EV_lr_state : HS_EV_lr_write, l, v->lr[l], value, 0, 0);
    v->lr[l] = value;
    status(s, c);
}

static uint32_t lr_value(unsigned state, unsigned vintid, unsigned prio, bool eoi)
{
    return (uint32_t)state << GICH_LR_STATE_SHIFT | (prio >> GIC_VIRT_PRIO_SHIFT) << GICH_LR_PRIORITY_SHIFT |
           (eoi ? GICH_LR_EOI : 0) | vintid;
}

/* One virtual interrupt on vCPU c: the physical IRQ traps to Hyp, which puts it in
 * a list register; the guest takes the virtual IRQ, acknowledges and ends it; the
 * EOI maintenance interrupt brings Hyp back to clear the LR. */
static void deliver(synth *s, unsigned c)
{
    synth_vcpu *v = &s->v[c];
    bool other = s->diverge_at && s->seq >= s->diverge_at;
    unsigned intid = 32 + g_rand_int_range(s->rand, 0, 32);
    unsigned prio = other ? 0x40 : (unsigned)g_rand_int_range(s->rand, 8, 31) << 3;
    unsigned l = v->next_lr++ % s->nlr;
    unsigned work = (unsigned)g_rand_int_range(s->rand, 2000, 60000);

    if (g_rand_int_range(s->rand, 0, 4) == 0) {
        emit(s, c, HS_EV_idle_begin, 0, GUEST_CODE + 0x40, 0, 0, work);
        emit(s, c, HS_EV_idle_end, (uint64_t)work * 1000, 0, 0, 0, 0);
    } else {
        v->t += (uint64_t)work * 1000;
        emit(s, c, HS_EV_quantum_end, work, work, GUEST_CODE + 4 * g_rand_int_range(s->rand, 0, 64), 0, 0);
    }
    emit(s, c, HS_EV_line, HS_LINE_IRQ, 1, 0, 0, 20);
    emit(s, c, HS_EV_exc_entry, HS_EXC_IRQ, ARM_MODE_SVC, ARM_MODE_HYP, GUEST_CODE + 0x80, 0);
    emit(s, c, HS_EV_guest_exit, GUEST_CODE + 0x80, 0, 0, 0, 40);
    emit(s, c, HS_EV_gic_read, HS_GIC_GICC, GICC_IAR, intid, 4, 10);
    emit(s, c, HS_EV_line, HS_LINE_IRQ, 0, 0, 0, 30);
    lr_set(s, c, l, lr_value(GICH_LR_STATE_PENDING, intid, prio, true), false);
    emit(s, c, HS_EV_gic_write, HS_GIC_GICC, GICC_EOIR, intid, 4, 10);
    if (!other) {
        emit(s, c, HS_EV_gic_write, HS_GIC_GICC, GICC_DIR, intid, 4, 10);
    }
    emit(s, c, HS_EV_exc_return, ARM_MODE_HYP, ARM_MODE_SVC, GUEST_CODE + 0x80, 0, 0);
    emit(s, c, HS_EV_guest_entry, GUEST_CODE + 0x80, 1, 0, 0, 20);
    emit(s, c, HS_EV_line, HS_LINE_VIRQ, 1, 0, 0, 20);
    emit(s, c, HS_EV_exc_entry, HS_EXC_VIRQ, ARM_MODE_SVC, ARM_MODE_IRQ, GUEST_CODE + 0x84, 20);
    emit(s, c, HS_EV_gic_read, HS_GIC_GICV, GICC_IAR, intid, 4, 0);
    lr_set(s, c, l, lr_value(GICH_LR_STATE_ACTIVE, intid, prio, true), true);
    emit(s, c, HS_EV_line, HS_LINE_VIRQ, 0, 0, 0, 200 + (unsigned)g_rand_int_range(s->rand, 0, 3000));
    emit(s, c, HS_EV_gic_write, HS_GIC_GICV, GICC_EOIR, intid, 4, 0);
    lr_set(s, c, l, lr_value(GICH_LR_STATE_INVALID, intid, prio, true), true);
    emit(s, c, HS_EV_line, HS_LINE_IRQ, 1, 0, 0, 20);
    s->maint_entry = s->seq;
    emit(s, c, HS_EV_exc_entry, HS_EXC_IRQ, ARM_MODE_IRQ, ARM_MODE_HYP, GUEST_IRQ + 0x10, 0);
    emit(s, c, HS_EV_guest_exit, GUEST_IRQ + 0x10, 0, 0, 0, 40);
    s->maint_iar = s->seq;
    emit(s, c, HS_EV_gic_read, HS_GIC_GICC, GICC_IAR, 25, 4, 10);
    emit(s, c, HS_EV_line, HS_LINE_IRQ, 0, 0, 0, 10);
    emit(s, c, HS_EV_gic_read, HS_GIC_GICH, GICH_MISR, v->misr, 4, 10);
    emit(s, c, HS_EV_gic_read, HS_GIC_GICH, GICH_EISR0, (uint32_t)v->eisr, 4, 10);
    lr_set(s, c, l, 0, false);
    emit(s, c, HS_EV_gic_write, HS_GIC_GICC, GICC_EOIR, 25, 4, 10);
    emit(s, c, HS_EV_exc_return, ARM_MODE_HYP, ARM_MODE_IRQ, GUEST_IRQ + 0x10, 0, 0);
    emit(s, c, HS_EV_guest_entry, GUEST_IRQ + 0x10, 1, 0, 0, 300);
    emit(s, c, HS_EV_exc_return, ARM_MODE_IRQ, ARM_MODE_SVC, GUEST_CODE + 0x88, 0, 50);
}

static int cmd_synth(int argc, char **argv)
{
    const char *out = NULL;
    uint64_t records = 0, vcpus = 2, seed = 1, diverge = 0;
    synth s = { 0 };
    char *msg = NULL;
    const char *platform = "[device gic]\ntype=gic-v2\nlist-registers=4\n";
    hs_log_meta meta = { .platform_name = "virt-a15", .platform_text = platform,
                         .command_line = "viewer_mklog synth" };
    uint64_t k = 0;

    for (int i = 0; i < argc; i++) {
        uint64_t *slot = !strcmp(argv[i], "--records") ? &records : !strcmp(argv[i], "--vcpus") ? &vcpus
                       : !strcmp(argv[i], "--seed") ? &seed : !strcmp(argv[i], "--diverge-at") ? &diverge
                       : NULL;
        if (slot) {
            const char *opt = argv[i];
            if (i + 1 >= argc || !u64_arg(argv[++i], slot)) {
                return fail("%s needs a number", opt);
            }
        } else if (!out) {
            out = argv[i];
        } else {
            return fail("synth: unexpected argument '%s'", argv[i]);
        }
    }
    if (!out || !records || vcpus < 1 || vcpus > 8) {
        return fail("synth: give OUT --records N [--vcpus 1..8] [--seed S] [--diverge-at SEQ]");
    }
    if (hs_log_writer_open(out, &meta, &s.w, &msg) != HS_TRACELOG_OK) {
        return fail("%s", msg);
    }
    s.rand = g_rand_new_with_seed((guint32)seed);
    s.limit = records;
    s.diverge_at = diverge;
    s.nvcpu = (unsigned)vcpus;
    s.nlr = 4;
    for (unsigned c = 0; c < s.nvcpu; c++) {
        s.v[c].t = 1000000 + 137000ull * c;
        s.v[c].elrsr = (1u << s.nlr) - 1;
        emit(&s, c, HS_EV_gic_write, HS_GIC_GICH, GICH_HCR, GICH_HCR_EN, 4, 10);
        emit(&s, c, HS_EV_gich_hcr, 0, GICH_HCR_EN, 0, 0, 0);
        emit(&s, c, HS_EV_gic_write, HS_GIC_GICV, GICC_PMR, 0xf8, 4, 10);
        emit(&s, c, HS_EV_gic_write, HS_GIC_GICV, GICC_CTLR, 1, 4, 10);
    }
    while (!full(&s)) {
        unsigned c = (unsigned)(k++ % s.nvcpu);
        deliver(&s, c);
        /* Now and then a delayed maintenance interrupt, and a report as the
         * spurious-maintenance checker makes one (docs/traces.md): the IRQ entry to
         * Hyp, the GICC_IAR read of the maintenance INTID, no record as detail. */
        if (k % 400 == 0) {
            emit(&s, c, HS_EV_fault, 1, 25, c, 5000, 0);
        }
        if (k % 900 == 0) {
            emit(&s, c, HS_EV_race, 1, s.maint_entry, s.maint_iar, UINT64_MAX, 0);
        }
    }
    g_rand_free(s.rand);
    if (hs_log_writer_close(s.w, &msg) != HS_TRACELOG_OK) {
        return fail("%s", msg);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "race")) {
        return cmd_race(argc - 2, argv + 2);
    }
    if (argc >= 2 && !strcmp(argv[1], "synth")) {
        return cmd_synth(argc - 2, argv + 2);
    }
    return fail("usage: viewer_mklog race IN OUT --after SEQ --seq0 A --seq1 B [--checker N] "
                "[--detail D] [--meta KEY=VALUE]... | synth OUT --records N [--vcpus V] "
                "[--seed S] [--diverge-at SEQ]");
}
