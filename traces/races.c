/* The race checkers of docs/traces.md ("Race checkers"). Names below follow
 * the definitions there: a *window* is a world-switch window (from a
 * guest_exit to the next guest_entry on the CPU, and from the start to the
 * first guest_entry); the *context* whose vGIC state is loaded is the VMID of
 * the last guest_entry, or, from the first LR write of a window on, the VMID
 * of the guest_entry that ends that window, or none while the CPU idles in a
 * window with GICH_HCR.En cleared. */
#include "traces/races.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cpu/arm.h"
#include "models/gic/gic_regs.h"
#include "traces/decode.h"
#include "traces/time_arg.h"

#define MAX_CPU HS_VCPU_NONE

/* A context: a VMID; CTX_PENDING | w for the context of window w, whose VMID
 * the guest_entry ending window w tells; or CTX_NONE, no context loaded. */
typedef uint64_t ctx_t;
#define CTX_PENDING (UINT64_C(1) << 63)
#define CTX_NONE (UINT64_C(1) << 62)

/* A virtual interrupt the guest acknowledged (GICV_IAR/AIAR) and has not
 * deactivated. */
typedef struct ack {
    unsigned lr;
    uint64_t seq;                 /* the GICV_IAR/AIAR read (or the lr_state) */
    uint64_t replaced;            /* the lr_write that took it out of its LR, or HS_RACE_NO_SEQ */
    uint32_t replaced_by;         /* that write's new LR value */
} ack;

/* A pending virtual interrupt the hypervisor took out of the LRs. */
typedef struct lost_irq {
    uint32_t key;
    unsigned lr;
    uint64_t seq;                 /* the lr_write */
    ctx_t ctx;                    /* the context it belonged to */
} lost_irq;

typedef struct take {
    uint64_t seq, time_ps;
} take;

/* A taken maintenance interrupt whose raise or entry falls in a window whose
 * VMID is not known yet. */
typedef struct judgement {
    uint64_t raise_seq, entry_seq, load_seq;
    ctx_t raise_ctx, entry_ctx;
} judgement;

/* GIC state at an IRQ entry to Hyp. */
typedef struct irq_entry {
    uint64_t seq, time_ps;
    uint64_t pc;                  /* the preferred return address */
    uint32_t misr;
    uint64_t misr_zero_seq, load_seq;
    ctx_t ctx;
} irq_entry;

typedef struct race_cpu {
    unsigned index;
    uint32_t lr[GIC_MAX_LR];
    uint32_t lr_window[GIC_MAX_LR];   /* 1 + the window of its last lr_write in Hyp; 0: none */
    uint32_t lr_acked[GIC_MAX_LR];    /* 1 + the key of the acknowledged interrupt it holds */
    /* World switches. */
    bool in_guest, entered;
    uint32_t window;
    bool window_written;
    uint64_t window_write_seq;        /* the window's first lr_write */
    uint32_t vmid;                    /* of the last guest_entry */
    uint64_t load_seq;                /* where the loaded context's state began */
    bool idle_none;                   /* idle in a window with GICH_HCR.En 0: no context */
    uint64_t idle_seq;                /* that idle_begin */
    /* GICH status. */
    uint32_t misr, hcr;
    uint64_t misr_zero_seq;
    /* The latest maintenance raise not yet matched by a taken interrupt. */
    bool raised;
    uint64_t raise_seq;
    ctx_t raise_ctx;
    /* The IRQ entry to Hyp being handled. */
    bool in_irq;
    irq_entry irq;
    GArray *judgements;
    /* The last storm_max + 1 maintenance interrupts taken, a ring. */
    take *takes;
    unsigned ntakes, next;
    bool storming;
    GArray *lost;
    GHashTable *acks;                 /* key -> ack */
    bool viar_valid;                  /* the last GICV_IAR/AIAR read returned an interrupt */
    uint64_t viar_seq;
    uint32_t viar_key;
} race_cpu;

struct hs_races {
    hs_race_config cfg;
    hs_race_fn report;
    void *opaque;
    race_cpu *cpu[MAX_CPU];
    GString *text;
};

static const char *const checker_names[HS_RACE__COUNT] = {
    [HS_RACE_LATE_MAINT] = "late-maintenance",
    [HS_RACE_SPURIOUS_MAINT] = "spurious-maintenance",
    [HS_RACE_LOST_VIRQ] = "lost-virq",
    [HS_RACE_EOI_REUSED_LR] = "eoi-reused-lr",
    [HS_RACE_MAINT_STORM] = "maintenance-storm",
    [HS_RACE_CRITICAL_WINDOW] = "critical-window",
};

#define EV(e) (1ull << HS_EV_##e)

uint64_t hs_race_checker_needs(hs_race_checker c)
{
    switch (c) {
    case HS_RACE_LATE_MAINT:
        return EV(line) | EV(exc_entry) | EV(exc_return) | EV(gic_read) | EV(gich_hcr) |
               EV(lr_write) | EV(guest_entry) | EV(guest_exit) | EV(idle_begin);
    case HS_RACE_SPURIOUS_MAINT:
        return EV(exc_entry) | EV(exc_return) | EV(gic_read) | EV(gich_misr);
    case HS_RACE_LOST_VIRQ:
        return EV(lr_write) | EV(lr_state) | EV(guest_entry) | EV(guest_exit);
    case HS_RACE_EOI_REUSED_LR:
        return EV(lr_write) | EV(lr_state) | EV(gic_read) | EV(gic_write);
    case HS_RACE_MAINT_STORM:
    case HS_RACE_CRITICAL_WINDOW:
        return EV(exc_entry) | EV(exc_return) | EV(gic_read);
    case HS_RACE__COUNT:
        break;
    }
    return 0;
}

const char *hs_race_checker_name(uint64_t checker)
{
    return checker < HS_RACE__COUNT ? checker_names[checker] : NULL;
}

int hs_race_parse_checkers(const char *list, unsigned *mask, const char **bad)
{
    static char badbuf[64];
    unsigned m = 0;
    const char *p = list;

    do {
        size_t len = strcspn(p, ",");
        bool found = len == 3 && !strncmp(p, "all", 3);
        if (found) {
            m = HS_RACE_ALL;
        }
        for (unsigned k = 0; !found && k < HS_RACE__COUNT; k++) {
            if (strlen(checker_names[k]) == len && !strncmp(checker_names[k], p, len)) {
                m |= 1u << k;
                found = true;
            }
        }
        if (!found) {
            snprintf(badbuf, sizeof badbuf, "%.*s", (int)len, p);
            *bad = badbuf;
            return -1;
        }
        p += len;
    } while (*p++ == ',');
    *mask = m;
    return 0;
}

void hs_race_config_init(hs_race_config *c)
{
    c->checkers = HS_RACE_ALL;
    c->maint_intid = HS_RACE_DEFAULT_MAINT_INTID;
    c->storm_max = HS_RACE_DEFAULT_STORM_MAX;
    c->storm_window_ps = HS_RACE_DEFAULT_STORM_WINDOW_PS;
    c->window_lo = c->window_hi = 0;
}

/* ---- helpers -------------------------------------------------------------- */

/* An interrupt as the virtual CPU interface tells instances apart (IHI 0048B
 * 5.3.8): the virtual ID, and for a software-generated SGI (HW 0, ID < 16) its
 * source CPUID in bits [12:10], where GICV_IAR returns it. */
static uint32_t lr_key(uint32_t lr)
{
    uint32_t id = lr & GICH_LR_VIRTUALID_MASK;
    if (!(lr & GICH_LR_HW) && id < GIC_NR_SGI) {
        id |= ((lr & GICH_LR_CPUID_MASK) >> GICH_LR_CPUID_SHIFT) << GICC_IAR_CPUID_SHIFT;
    }
    return id;
}

/* The same from a GICV_IAR value or a GICV_EOIR/DIR write (§4.4.4). */
static uint32_t iar_key(uint64_t v)
{
    uint32_t id = (uint32_t)v & GICC_IAR_INTID_MASK;
    return id < GIC_NR_SGI ? (uint32_t)v & (GICC_IAR_INTID_MASK | GICC_IAR_CPUID_MASK) : id;
}

static void key_describe(GString *out, uint32_t key)
{
    uint32_t id = key & GICC_IAR_INTID_MASK;
    g_string_append_printf(out, "vINTID %u", id);
    if (key & GICC_IAR_CPUID_MASK) {
        g_string_append_printf(out, " (from CPU %u)",
                               (key & GICC_IAR_CPUID_MASK) >> GICC_IAR_CPUID_SHIFT);
    }
}

static bool lr_pending(uint32_t lr)
{
    return lr & GICH_LR_STATE_PENDING_BIT;
}

static bool lr_active(uint32_t lr)
{
    return lr & GICH_LR_STATE_ACTIVE_BIT;
}

static race_cpu *cpu_get(hs_races *r, uint32_t vcpu)
{
    race_cpu *c;

    if (vcpu >= MAX_CPU) {
        return NULL;
    }
    if ((c = r->cpu[vcpu])) {
        return c;
    }
    c = g_new0(race_cpu, 1);
    c->index = vcpu;
    c->misr_zero_seq = HS_RACE_NO_SEQ;
    c->judgements = g_array_new(FALSE, FALSE, sizeof(judgement));
    c->lost = g_array_new(FALSE, FALSE, sizeof(lost_irq));
    c->acks = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    r->cpu[vcpu] = c;
    return c;
}

static void report(hs_races *r, const race_cpu *c, hs_race_checker k, uint64_t seq0,
                   uint64_t seq1, uint64_t detail, uint64_t time_ps, const char *fmt, ...)
    G_GNUC_PRINTF(8, 9);

static void report(hs_races *r, const race_cpu *c, hs_race_checker k, uint64_t seq0,
                   uint64_t seq1, uint64_t detail, uint64_t time_ps, const char *fmt, ...)
{
    hs_race race = { k, c->index, seq0, seq1, detail, time_ps, NULL };
    va_list ap;

    if (!(r->cfg.checkers >> k & 1)) {
        return;
    }
    g_string_truncate(r->text, 0);
    va_start(ap, fmt);
    g_string_append_vprintf(r->text, fmt, ap);
    va_end(ap);
    race.text = r->text->str;
    r->report(r->opaque, &race);
}

/* The context whose state is loaded now. */
static ctx_t ctx_now(const race_cpu *c)
{
    if (c->in_guest) {
        return c->vmid;
    }
    if (c->idle_none) {
        return CTX_NONE;
    }
    if (c->window_written || !c->entered) {
        return CTX_PENDING | c->window;
    }
    return c->vmid;
}

/* The record where the loaded context's state began to be loaded (or where
 * no context was loaded any more). */
static uint64_t load_seq_now(const race_cpu *c)
{
    if (c->in_guest) {
        return c->load_seq;
    }
    return c->idle_none ? c->idle_seq : c->window_written ? c->window_write_seq : c->load_seq;
}

static void ctx_describe(GString *out, ctx_t ctx)
{
    if (ctx == CTX_NONE) {
        g_string_append(out, "no context");
    } else {
        g_string_append_printf(out, "VMID %" G_GUINT64_FORMAT, ctx);
    }
}

/* ---- late maintenance interrupt --------------------------------------------- */

static void judge_late(hs_races *r, const race_cpu *c, const judgement *j, uint64_t time_ps)
{
    GString *was, *now;

    if (j->raise_ctx == j->entry_ctx) {
        return;
    }
    was = g_string_new(NULL);
    now = g_string_new(NULL);
    ctx_describe(was, j->raise_ctx);
    ctx_describe(now, j->entry_ctx);
    report(r, c, HS_RACE_LATE_MAINT, j->raise_seq, j->entry_seq, j->load_seq, time_ps,
           "maintenance interrupt raised at seq %" G_GUINT64_FORMAT " while the state of "
           "%s was loaded, taken at seq %" G_GUINT64_FORMAT " %s %s (from seq %"
           G_GUINT64_FORMAT ")", j->raise_seq, was->str, j->entry_seq,
           j->entry_ctx == CTX_NONE ? "with" : "after the list registers were loaded for",
           j->entry_ctx == CTX_NONE ? "no context loaded: the CPU idled with GICH_HCR.En "
                                      "cleared" : now->str, j->load_seq);
    g_string_free(was, TRUE);
    g_string_free(now, TRUE);
}

static void check_late(hs_races *r, race_cpu *c, const hs_record *rec)
{
    const irq_entry *e = &c->irq;
    judgement j;

    if (!c->raised || c->raise_seq > e->seq) {
        return;
    }
    c->raised = false;
    j = (judgement){ c->raise_seq, e->seq, e->load_seq, c->raise_ctx, e->ctx };
    if ((j.raise_ctx | j.entry_ctx) & CTX_PENDING) {
        g_array_append_val(c->judgements, j);
    } else {
        judge_late(r, c, &j, rec->time_ps);
    }
}

/* ---- maintenance interrupt storm -------------------------------------------- */

static void check_storm(hs_races *r, race_cpu *c)
{
    const unsigned cap = (unsigned)r->cfg.storm_max + 1;
    const take *first, *last;

    if (!(r->cfg.checkers >> HS_RACE_MAINT_STORM & 1)) {
        return;
    }
    if (!c->takes) {
        c->takes = g_new(take, cap);
    }
    c->takes[c->next] = (take){ c->irq.seq, c->irq.time_ps };
    last = &c->takes[c->next];
    c->next = (c->next + 1) % cap;
    if (c->ntakes < cap) {
        c->ntakes++;
    }
    if (c->ntakes < cap) {
        return;
    }
    first = &c->takes[c->next];
    if (last->time_ps - first->time_ps >= r->cfg.storm_window_ps ||
        last->time_ps < first->time_ps) {
        c->storming = false;
    } else if (!c->storming) {
        GString *w = g_string_new(NULL), *span = g_string_new(NULL);
        c->storming = true;
        hs_time_arg_format(w, r->cfg.storm_window_ps);
        hs_time_arg_format(span, last->time_ps - first->time_ps);
        report(r, c, HS_RACE_MAINT_STORM, first->seq, last->seq, cap, last->time_ps,
               "%u maintenance interrupts taken within %s (seq %" G_GUINT64_FORMAT " to seq %"
               G_GUINT64_FORMAT "): more than %" G_GUINT64_FORMAT " within %s", cap, span->str,
               first->seq, last->seq, r->cfg.storm_max, w->str);
        g_string_free(w, TRUE);
        g_string_free(span, TRUE);
    }
}

/* A GICC_IAR/AIAR read inside an IRQ entry to Hyp returned the maintenance
 * INTID: the maintenance interrupt was taken at that entry. */
static void maintenance_taken(hs_races *r, race_cpu *c, const hs_record *rec)
{
    check_storm(r, c);
    if ((r->cfg.checkers & 1u << HS_RACE_CRITICAL_WINDOW) && c->irq.pc >= r->cfg.window_lo &&
        c->irq.pc < r->cfg.window_hi) {
        report(r, c, HS_RACE_CRITICAL_WINDOW, c->irq.seq, rec->seq, c->irq.pc, rec->time_ps,
               "maintenance interrupt taken at seq %" G_GUINT64_FORMAT " (acknowledged at seq %"
               G_GUINT64_FORMAT ") interrupted the critical window [0x%08" G_GINT64_MODIFIER
               "x, 0x%08" G_GINT64_MODIFIER "x) at 0x%08" G_GINT64_MODIFIER "x", c->irq.seq,
               rec->seq, r->cfg.window_lo, r->cfg.window_hi, c->irq.pc);
    }
    if (c->irq.misr == 0) {
        GString *since = g_string_new(NULL);
        if (c->irq.misr_zero_seq == HS_RACE_NO_SEQ) {
            g_string_append(since, "it was never set");
        } else {
            g_string_append_printf(since, "since seq %" G_GUINT64_FORMAT, c->irq.misr_zero_seq);
        }
        report(r, c, HS_RACE_SPURIOUS_MAINT, c->irq.seq, rec->seq, c->irq.misr_zero_seq,
               rec->time_ps, "maintenance interrupt taken at seq %" G_GUINT64_FORMAT
               " (acknowledged at seq %" G_GUINT64_FORMAT ") while GICH_MISR was 0 (%s)",
               c->irq.seq, rec->seq, since->str);
        g_string_free(since, TRUE);
    }
    check_late(r, c, rec);
}

/* ---- per event -------------------------------------------------------------- */

static void on_guest_entry(hs_races *r, race_cpu *c, const hs_record *rec)
{
    const uint32_t vmid = (uint32_t)rec->f[1];
    const ctx_t pend = CTX_PENDING | c->window;
    GArray *judged;
    guint i;

    if (c->window_written) {
        c->load_seq = c->window_write_seq;
    } else if (!c->entered || vmid != c->vmid) {
        c->load_seq = rec->seq;
    }
    if (c->raised && c->raise_ctx == pend) {
        c->raise_ctx = vmid;
    }
    for (i = 0; i < c->judgements->len;) {
        judgement *j = &g_array_index(c->judgements, judgement, i);
        if (j->raise_ctx == pend) {
            j->raise_ctx = vmid;
        }
        if (j->entry_ctx == pend) {
            j->entry_ctx = vmid;
        }
        if ((j->raise_ctx | j->entry_ctx) & CTX_PENDING) {
            i++;
            continue;
        }
        judge_late(r, c, j, rec->time_ps);
        g_array_remove_index(c->judgements, i);
    }
    /* Lost virtual interrupts of the context entered now, each once (it may
     * have left the LRs twice, put back in between). */
    judged = g_array_sized_new(FALSE, FALSE, sizeof(uint32_t), c->lost->len);
    for (i = 0; i < c->lost->len;) {
        lost_irq *l = &g_array_index(c->lost, lost_irq, i);
        bool back = false;
        if (l->ctx == pend) {
            l->ctx = vmid;
        }
        if (l->ctx != vmid) {
            i++;
            continue;
        }
        for (unsigned n = 0; n < GIC_MAX_LR && !back; n++) {
            back = lr_pending(c->lr[n]) && lr_key(c->lr[n]) == l->key;
        }
        for (guint k = 0; k < judged->len && !back; k++) {
            back = g_array_index(judged, uint32_t, k) == l->key;
        }
        g_array_append_val(judged, l->key);
        if (!back) {
            GString *k = g_string_new(NULL);
            key_describe(k, l->key);
            report(r, c, HS_RACE_LOST_VIRQ, l->seq, rec->seq, l->key, rec->time_ps,
                   "%s, pending in GICH_LR%u, was overwritten at seq %" G_GUINT64_FORMAT
                   " and not put back before the guest entry at seq %" G_GUINT64_FORMAT
                   " (VMID %u)", k->str, l->lr, l->seq, rec->seq, vmid);
            g_string_free(k, TRUE);
        }
        g_array_remove_index(c->lost, i);
    }
    g_array_free(judged, TRUE);
    c->vmid = vmid;
    c->entered = true;
    c->in_guest = true;
    c->window_written = false;
    c->idle_none = false;
}

static void on_guest_exit(race_cpu *c)
{
    c->in_guest = false;
    if (c->entered) {         /* before the first guest_entry everything is one window */
        c->window++;
        c->window_written = false;
    }
}

static void on_lr_write(race_cpu *c, const hs_record *rec)
{
    const unsigned n = (unsigned)rec->f[0];
    const uint32_t old = (uint32_t)rec->f[1], new = (uint32_t)rec->f[2];
    const uint32_t key = lr_key(old), new_key = lr_key(new);
    ack *a;

    if (n >= GIC_MAX_LR) {
        return;
    }
    if (!c->in_guest && !c->window_written) {
        c->window_written = true;
        c->window_write_seq = rec->seq;
    }
    if (!c->in_guest) {
        c->idle_none = false;
    }
    /* A pending interrupt leaves the LRs. */
    if (lr_pending(old) && !(lr_pending(new) && new_key == key)) {
        lost_irq l = { key, n, rec->seq, c->vmid };
        bool dup = false;
        if (!c->entered || (!c->in_guest && c->lr_window[n] == c->window + 1)) {
            l.ctx = CTX_PENDING | c->window;
        }
        for (guint i = 0; i < c->lost->len && !dup; i++) {
            const lost_irq *o = &g_array_index(c->lost, lost_irq, i);
            dup = o->key == l.key && o->ctx == l.ctx;
        }
        if (!dup) {
            g_array_append_val(c->lost, l);
        }
    }
    /* An acknowledged interrupt leaves its LR, or comes back active. */
    if (c->lr_acked[n]) {
        a = g_hash_table_lookup(c->acks, GUINT_TO_POINTER(c->lr_acked[n] - 1));
        if (a && a->lr == n && a->replaced == HS_RACE_NO_SEQ &&
            !(lr_active(new) && new_key == c->lr_acked[n] - 1)) {
            a->replaced = rec->seq;
            a->replaced_by = new;
            c->lr_acked[n] = 0;
        }
    }
    if (lr_active(new) && (a = g_hash_table_lookup(c->acks, GUINT_TO_POINTER(new_key))) &&
        a->replaced != HS_RACE_NO_SEQ) {
        a->replaced = HS_RACE_NO_SEQ;
        a->lr = n;
        c->lr_acked[n] = new_key + 1;
    }
    c->lr[n] = new;
    c->lr_window[n] = c->in_guest ? 0 : c->window + 1;
}

static void on_lr_state(race_cpu *c, const hs_record *rec)
{
    const unsigned n = (unsigned)rec->f[0];
    const uint32_t old = (uint32_t)rec->f[1], new = (uint32_t)rec->f[2];
    const uint32_t key = lr_key(old);

    if (n >= GIC_MAX_LR) {
        return;
    }
    c->lr[n] = new;
    if (lr_pending(old) && !lr_active(old) && lr_active(new) && !lr_pending(new) &&
        lr_key(new) == key) {
        ack *a = g_new(ack, 1);
        a->lr = n;
        a->seq = c->viar_valid && c->viar_key == key ? c->viar_seq : rec->seq;
        a->replaced = HS_RACE_NO_SEQ;
        a->replaced_by = 0;
        g_hash_table_replace(c->acks, GUINT_TO_POINTER(key), a);
        c->lr_acked[n] = key + 1;
    } else if (lr_active(old) && !lr_active(new)) {
        ack *a = g_hash_table_lookup(c->acks, GUINT_TO_POINTER(key));
        if (a && a->lr == n) {
            g_hash_table_remove(c->acks, GUINT_TO_POINTER(key));
        }
        c->lr_acked[n] = 0;
    }
}

/* A guest GICV_EOIR/AEOIR or GICV_DIR write. */
static void on_virtual_eoi(hs_races *r, race_cpu *c, const hs_record *rec, const char *reg)
{
    const uint32_t key = iar_key(rec->f[2]);
    ack *a;

    if ((key & GICC_IAR_INTID_MASK) >= GIC_INTID_SPECIAL_FIRST ||
        !(a = g_hash_table_lookup(c->acks, GUINT_TO_POINTER(key))) ||
        a->replaced == HS_RACE_NO_SEQ) {
        return;
    }
    {
        GString *k = g_string_new(NULL), *by = g_string_new(NULL);
        key_describe(k, key);
        hs_lr_describe(by, a->replaced_by);
        report(r, c, HS_RACE_EOI_REUSED_LR, a->seq, rec->seq, a->replaced, rec->time_ps,
               "the guest's %s of %s at seq %" G_GUINT64_FORMAT " (acknowledged at seq %"
               G_GUINT64_FORMAT " from GICH_LR%u) came after the hypervisor reused that LR at "
               "seq %" G_GUINT64_FORMAT " (%s)", reg, k->str, rec->seq, a->seq, a->lr,
               a->replaced, by->str);
        g_string_free(k, TRUE);
        g_string_free(by, TRUE);
    }
    g_hash_table_remove(c->acks, GUINT_TO_POINTER(key));
}

static void on_gic_access(hs_races *r, race_cpu *c, const hs_record *rec, bool write)
{
    const uint64_t block = rec->f[0], offset = rec->f[1], value = rec->f[2];

    if (!write && (offset == GICC_IAR || offset == GICC_AIAR)) {
        if (block == HS_GIC_GICV) {
            c->viar_valid = (value & GICC_IAR_INTID_MASK) < GIC_INTID_SPECIAL_FIRST;
            c->viar_seq = rec->seq;
            c->viar_key = iar_key(value);
        } else if (block == HS_GIC_GICC && c->in_irq &&
                   (value & GICC_IAR_INTID_MASK) == r->cfg.maint_intid) {
            maintenance_taken(r, c, rec);
        }
    } else if (write && block == HS_GIC_GICV) {
        switch (offset) {
        case GICC_EOIR: on_virtual_eoi(r, c, rec, "GICV_EOIR write"); break;
        case GICC_AEOIR: on_virtual_eoi(r, c, rec, "GICV_AEOIR write"); break;
        case GICC_DIR: on_virtual_eoi(r, c, rec, "GICV_DIR write"); break;
        default: break;
        }
    }
}

static void on_exc_entry(race_cpu *c, const hs_record *rec)
{
    c->in_irq = rec->f[0] == HS_EXC_IRQ && rec->f[2] == ARM_MODE_HYP;
    if (c->in_irq) {
        c->irq = (irq_entry){
            .seq = rec->seq, .time_ps = rec->time_ps, .pc = rec->f[3], .misr = c->misr,
            .misr_zero_seq = c->misr_zero_seq, .load_seq = load_seq_now(c), .ctx = ctx_now(c),
        };
    }
}

void hs_races_record(hs_races *r, const hs_record *rec)
{
    race_cpu *c;

    if (rec->event >= HS_EV__COUNT || rec->event == HS_EV_race ||
        !(c = cpu_get(r, rec->vcpu))) {
        return;
    }
    switch ((hs_event)rec->event) {
    case HS_EV_gic_read:
        on_gic_access(r, c, rec, false);
        break;
    case HS_EV_gic_write:
        on_gic_access(r, c, rec, true);
        break;
    case HS_EV_lr_write:
        on_lr_write(c, rec);
        break;
    case HS_EV_lr_state:
        on_lr_state(c, rec);
        break;
    case HS_EV_gich_misr:
        if (rec->f[0] != 0 && rec->f[1] == 0) {
            c->misr_zero_seq = rec->seq;
        }
        c->misr = (uint32_t)rec->f[1];
        break;
    case HS_EV_gich_hcr:
        c->hcr = (uint32_t)rec->f[1];
        if (c->hcr & GICH_HCR_EN) {
            c->idle_none = false;
        }
        break;
    case HS_EV_idle_begin:
        if (!c->in_guest && !(c->hcr & GICH_HCR_EN) && !c->idle_none) {
            c->idle_none = true;
            c->idle_seq = rec->seq;
        }
        break;
    case HS_EV_line:
        if (rec->f[0] == HS_LINE_MAINT && rec->f[1]) {
            c->raised = true;
            c->raise_seq = rec->seq;
            c->raise_ctx = ctx_now(c);
        }
        break;
    case HS_EV_exc_entry:
        on_exc_entry(c, rec);
        break;
    case HS_EV_exc_return:
        c->in_irq = false;
        break;
    case HS_EV_guest_entry:
        on_guest_entry(r, c, rec);
        break;
    case HS_EV_guest_exit:
        on_guest_exit(c);
        break;
    default:
        break;
    }
}

hs_races *hs_races_new(const hs_race_config *cfg, hs_race_fn report_fn, void *opaque)
{
    hs_races *r = g_new0(hs_races, 1);

    g_assert(cfg->storm_max >= 1 && cfg->storm_max <= HS_RACE_STORM_MAX_LIMIT);
    g_assert(cfg->storm_window_ps >= 1);
    r->cfg = *cfg;
    r->report = report_fn;
    r->opaque = opaque;
    r->text = g_string_new(NULL);
    return r;
}

void hs_races_free(hs_races *r)
{
    if (!r) {
        return;
    }
    for (unsigned i = 0; i < MAX_CPU; i++) {
        race_cpu *c = r->cpu[i];
        if (c) {
            g_array_free(c->judgements, TRUE);
            g_array_free(c->lost, TRUE);
            g_hash_table_destroy(c->acks);
            g_free(c->takes);
            g_free(c);
        }
    }
    g_string_free(r->text, TRUE);
    g_free(r);
}

/* ---- a race record in words ---------------------------------------------------- */

static void append_seq(GString *out, uint64_t seq)
{
    if (seq == HS_RACE_NO_SEQ) {
        g_string_append(out, "none");
    } else {
        g_string_append_printf(out, "%" G_GUINT64_FORMAT, seq);
    }
}

void hs_race_describe(GString *out, const hs_record *race)
{
    const char *name = hs_race_checker_name(race->f[0]);

    if (!name) {
        g_string_append_printf(out, "checker %" G_GUINT64_FORMAT, race->f[0]);
        return;
    }
    g_string_append_printf(out, "%s: ", name);
    switch ((hs_race_checker)race->f[0]) {
    case HS_RACE_LATE_MAINT:
        g_string_append_printf(out, "raised at seq %" G_GUINT64_FORMAT ", taken at seq %"
                               G_GUINT64_FORMAT ", late since seq ", race->f[1], race->f[2]);
        append_seq(out, race->f[3]);
        break;
    case HS_RACE_SPURIOUS_MAINT:
        g_string_append_printf(out, "taken at seq %" G_GUINT64_FORMAT ", acknowledged at seq %"
                               G_GUINT64_FORMAT ", GICH_MISR 0 since seq ", race->f[1],
                               race->f[2]);
        append_seq(out, race->f[3]);
        break;
    case HS_RACE_LOST_VIRQ:
        key_describe(out, (uint32_t)race->f[3]);
        g_string_append_printf(out, " overwritten at seq %" G_GUINT64_FORMAT ", guest entered "
                               "without it at seq %" G_GUINT64_FORMAT, race->f[1], race->f[2]);
        break;
    case HS_RACE_EOI_REUSED_LR:
        g_string_append_printf(out, "acknowledged at seq %" G_GUINT64_FORMAT ", EOI or "
                               "deactivation at seq %" G_GUINT64_FORMAT ", LR reused at seq ",
                               race->f[1], race->f[2]);
        append_seq(out, race->f[3]);
        break;
    case HS_RACE_MAINT_STORM:
        g_string_append_printf(out, "%" G_GUINT64_FORMAT " maintenance interrupts taken from "
                               "seq %" G_GUINT64_FORMAT " to seq %" G_GUINT64_FORMAT,
                               race->f[3], race->f[1], race->f[2]);
        break;
    case HS_RACE_CRITICAL_WINDOW:
        g_string_append_printf(out, "maintenance interrupt taken at seq %" G_GUINT64_FORMAT
                               ", acknowledged at seq %" G_GUINT64_FORMAT ", inside the "
                               "critical window at 0x%08" G_GINT64_MODIFIER "x", race->f[1],
                               race->f[2], race->f[3]);
        break;
    case HS_RACE__COUNT:
        break;
    }
}

/* ---- online ----------------------------------------------------------------- */

struct hs_race_monitor {
    hs_tracer *tracer;
    hs_races *races;
    GString *report;
    unsigned count;
};

static void monitor_report(void *opaque, const hs_race *race)
{
    hs_race_monitor *m = opaque;

    m->count++;
    g_string_append_printf(m->report, "%s on vCPU %u: %s\n", hs_race_checker_name(race->checker),
                           race->vcpu, race->text);
    HS_TRACE(m->tracer, race, race->vcpu, race->checker, race->seq0, race->seq1, race->detail);
}

static void monitor_record(void *opaque, const hs_record *r)
{
    hs_race_monitor *m = opaque;
    hs_races_record(m->races, r);
}

hs_race_monitor *hs_race_monitor_new(hs_tracer *t, const hs_race_config *cfg)
{
    hs_race_monitor *m = g_new0(hs_race_monitor, 1);

    m->tracer = t;
    m->races = hs_races_new(cfg, monitor_report, m);
    m->report = g_string_new(NULL);
    hs_tracer_add_observer(t, (hs_trace_sink){ monitor_record, m });
    return m;
}

unsigned hs_race_monitor_count(const hs_race_monitor *m)
{
    return m->count;
}

const char *hs_race_monitor_report(const hs_race_monitor *m)
{
    return m->report->str;
}

void hs_race_monitor_free(hs_race_monitor *m)
{
    if (!m) {
        return;
    }
    hs_races_free(m->races);
    g_string_free(m->report, TRUE);
    g_free(m);
}
