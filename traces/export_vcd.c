/* Signals of a log as a Value Change Dump (IEEE 1364 section 18) for GTKWave,
 * with a save file that groups them by vCPU. Per vCPU:
 *   irq, fiq, virq, vfiq, maint   the GIC's output lines (line event)
 *   hcr_en                        GICH_HCR.En (gich_hcr, IHI 0048B 5.3.1)
 *   lrN_state[1:0], lrN_vid[9:0]  GICH_LRn.State and VirtualID (lr_write, lr_state)
 * Every signal starts at 0, the value it has at reset (lines low, GICH_HCR and
 * GICH_LRn zero, IHI 0048B Table 5-1). The time unit is 1 ps. Records of
 * different vCPUs may run out of time order (each vCPU's time runs ahead of
 * the others within a quantum), so changes are gathered and sorted before
 * they are written. */
#include "traces/export.h"

#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "hs_config.h"
#include "models/gic/gic_regs.h"

enum { SIG_LINE, SIG_HCR_EN = HS_LINE__COUNT, SIG_LR_STATE, SIG_LR_VID };

typedef struct vcd_signal {
    uint32_t vcpu;
    unsigned kind;                 /* a hs_gic_line, or SIG_* */
    unsigned lr;
    unsigned width;
    char id[8];                    /* the VCD identifier code */
    char *name;
} vcd_signal;

typedef struct vcd_change {
    uint64_t time;
    uint64_t order;                /* position in the log, to keep same-time changes in order */
    guint sig;
    uint32_t value;
} vcd_change;

typedef struct vcd_state {
    GHashTable *index;             /* key -> signal number + 1 */
    GArray *sigs;                  /* vcd_signal */
    GArray *changes;               /* vcd_change */
    uint64_t order;
} vcd_state;

static uint64_t sig_key(uint32_t vcpu, unsigned kind, unsigned lr)
{
    return (uint64_t)vcpu << 32 | kind << 8 | lr;
}

static guint signal_of(vcd_state *s, uint32_t vcpu, unsigned kind, unsigned lr)
{
    static const char *const line_names[HS_LINE__COUNT] = {
        [HS_LINE_IRQ] = "irq", [HS_LINE_FIQ] = "fiq", [HS_LINE_VIRQ] = "virq",
        [HS_LINE_VFIQ] = "vfiq", [HS_LINE_MAINT] = "maint",
    };
    uint64_t key = sig_key(vcpu, kind, lr);
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(s->index, &key));
    vcd_signal sig = { .vcpu = vcpu, .kind = kind, .lr = lr, .width = 1 };

    if (n) {
        return n - 1;
    }
    switch (kind) {
    case SIG_HCR_EN:
        sig.name = g_strdup("hcr_en");
        break;
    case SIG_LR_STATE:
        sig.name = g_strdup_printf("lr%u_state", lr);
        sig.width = 2;
        break;
    case SIG_LR_VID:
        sig.name = g_strdup_printf("lr%u_vid", lr);
        sig.width = 10;
        break;
    default:
        sig.name = g_strdup(line_names[kind]);
        break;
    }
    g_array_append_val(s->sigs, sig);
    g_hash_table_insert(s->index, g_memdup2(&key, sizeof key), GUINT_TO_POINTER(s->sigs->len));
    return s->sigs->len - 1;
}

static void change(vcd_state *s, const hs_record *r, unsigned kind, unsigned lr, uint32_t value)
{
    vcd_change c = { r->time_ps, s->order++, signal_of(s, r->vcpu, kind, lr), value };
    g_array_append_val(s->changes, c);
}

static void collect(void *opaque, const hs_record *r)
{
    vcd_state *s = opaque;

    if (r->vcpu == HS_VCPU_NONE) {
        return;
    }
    switch (r->event) {
    case HS_EV_line:
        if (r->f[0] < HS_LINE__COUNT) {
            change(s, r, (unsigned)r->f[0], 0, r->f[1] != 0);
        }
        break;
    case HS_EV_gich_hcr:
        change(s, r, SIG_HCR_EN, 0, (r->f[1] & GICH_HCR_EN) != 0);
        break;
    case HS_EV_lr_write:
    case HS_EV_lr_state:
        if (r->f[0] < GIC_MAX_LR) {
            uint32_t lr = (uint32_t)r->f[2];
            change(s, r, SIG_LR_STATE, (unsigned)r->f[0],
                   (lr & GICH_LR_STATE_MASK) >> GICH_LR_STATE_SHIFT);
            change(s, r, SIG_LR_VID, (unsigned)r->f[0], lr & GICH_LR_VIRTUALID_MASK);
        }
        break;
    default:
        break;
    }
}

/* Declaration order: by vCPU, lines, HCR.En, then each LR's state and vINTID. */
static gint by_place(gconstpointer a, gconstpointer b)
{
    const vcd_signal *x = a, *y = b;
    if (x->vcpu != y->vcpu) {
        return x->vcpu < y->vcpu ? -1 : 1;
    }
    if ((x->kind >= SIG_LR_STATE) != (y->kind >= SIG_LR_STATE)) {
        return x->kind < y->kind ? -1 : 1;
    }
    if (x->lr != y->lr) {
        return x->lr < y->lr ? -1 : 1;
    }
    return x->kind < y->kind ? -1 : x->kind > y->kind;
}

static gint by_time(gconstpointer a, gconstpointer b)
{
    const vcd_change *x = a, *y = b;
    if (x->time != y->time) {
        return x->time < y->time ? -1 : 1;
    }
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Identifier codes: printable ASCII 33..126, as short as possible. */
static void make_id(char *out, guint n)
{
    size_t i = 0;
    do {
        out[i++] = (char)(33 + n % 94);
        n /= 94;
    } while (n);
    out[i] = 0;
}

static void put_value(FILE *f, const vcd_signal *sig, uint32_t v)
{
    if (sig->width == 1) {
        fprintf(f, "%u%s\n", v & 1, sig->id);
        return;
    }
    fputc('b', f);
    for (unsigned b = sig->width; b-- > 0;) {
        fputc(v >> b & 1 ? '1' : '0', f);
    }
    fprintf(f, " %s\n", sig->id);
}

static void vector_suffix(char *buf, size_t len, const vcd_signal *sig)
{
    if (sig->width > 1) {
        g_snprintf(buf, len, " [%u:0]", sig->width - 1);
    } else {
        buf[0] = 0;
    }
}

static void write_vcd(FILE *f, vcd_state *s, const hs_log_reader *r)
{
    const char *image = hs_log_reader_meta(r)->image_path;
    uint32_t *cur = g_new0(uint32_t, s->sigs->len ? s->sigs->len : 1);
    uint64_t now = 0;
    bool have_vcpu = false;
    uint32_t vcpu = 0;

    fprintf(f, "$version hypsim %s $end\n", HS_VERSION);
    if (image) {
        fprintf(f, "$comment image %s $end\n", image);
    }
    fputs("$timescale 1ps $end\n$scope module hypsim $end\n", f);
    for (guint i = 0; i < s->sigs->len; i++) {
        const vcd_signal *sig = &g_array_index(s->sigs, vcd_signal, i);
        char range[16];
        if (!have_vcpu || sig->vcpu != vcpu) {
            if (have_vcpu) {
                fputs("$upscope $end\n", f);
            }
            fprintf(f, "$scope module vcpu%u $end\n", sig->vcpu);
            vcpu = sig->vcpu;
            have_vcpu = true;
        }
        vector_suffix(range, sizeof range, sig);
        fprintf(f, "$var wire %u %s %s%s $end\n", sig->width, sig->id, sig->name, range);
    }
    if (have_vcpu) {
        fputs("$upscope $end\n", f);
    }
    fputs("$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n", f);
    for (guint i = 0; i < s->sigs->len; i++) {
        put_value(f, &g_array_index(s->sigs, vcd_signal, i), 0);
    }
    fputs("$end\n", f);
    for (guint i = 0; i < s->changes->len; i++) {
        const vcd_change *c = &g_array_index(s->changes, vcd_change, i);
        if (cur[c->sig] == c->value) {
            continue;
        }
        if (c->time != now) {
            fprintf(f, "#%" PRIu64 "\n", c->time);
            now = c->time;
        }
        cur[c->sig] = c->value;
        put_value(f, &g_array_index(s->sigs, vcd_signal, c->sig), c->value);
    }
    g_free(cur);
}

/* GTKWave save file: trace flags are GTKWave's TR_* bits (binary 0x8, decimal
 * 0x4, right-justify 0x20, blank 0x200, group begin 0x800000, group end
 * 0x1000000); a "-" line labels a blank trace. */
static void write_gtkw(FILE *f, vcd_state *s, const char *dump)
{
    bool open = false;
    uint32_t vcpu = 0;

    fprintf(f, "[*] GTKWave save file written by hypsim trace export\n");
    fprintf(f, "[dumpfile] \"%s\"\n[timestart] 0\n", dump);
    for (guint i = 0; i < s->sigs->len; i++) {
        const vcd_signal *sig = &g_array_index(s->sigs, vcd_signal, i);
        char range[16];
        if (!open || sig->vcpu != vcpu) {
            if (open) {
                fprintf(f, "@1000200\n-vCPU %u\n", vcpu);
            }
            vcpu = sig->vcpu;
            open = true;
            fprintf(f, "@800200\n-vCPU %u\n", vcpu);
        }
        vector_suffix(range, sizeof range, sig);
        fprintf(f, "%s\nhypsim.vcpu%u.%s%s\n", sig->width == 1 ? "@28" : "@24", sig->vcpu,
                sig->name, range[0] ? range + 1 : "");
    }
    if (open) {
        fprintf(f, "@1000200\n-vCPU %u\n", vcpu);
    }
}

hs_tracelog_err hs_export_vcd(hs_log_reader *r, FILE *out, FILE *gtkw,
                              const hs_export_options *o, char **msg)
{
    vcd_state s = {
        .index = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
        .sigs = g_array_new(FALSE, FALSE, sizeof(vcd_signal)),
        .changes = g_array_new(FALSE, FALSE, sizeof(vcd_change)),
    };
    hs_tracelog_err err = hs_export_drain(r, collect, &s, msg);
    guint *renumber;

    /* Sort the signals, give them identifiers, and follow them in the changes. */
    renumber = g_new0(guint, s.sigs->len ? s.sigs->len : 1);
    g_array_sort(s.sigs, by_place);
    for (guint i = 0; i < s.sigs->len; i++) {
        vcd_signal *sig = &g_array_index(s.sigs, vcd_signal, i);
        uint64_t key = sig_key(sig->vcpu, sig->kind, sig->lr);
        renumber[GPOINTER_TO_UINT(g_hash_table_lookup(s.index, &key)) - 1] = i;
        make_id(sig->id, i);
    }
    for (guint i = 0; i < s.changes->len; i++) {
        vcd_change *c = &g_array_index(s.changes, vcd_change, i);
        c->sig = renumber[c->sig];
    }
    g_array_sort(s.changes, by_time);

    write_vcd(out, &s, r);
    if (gtkw) {
        write_gtkw(gtkw, &s, o && o->out_name ? o->out_name : "dump.vcd");
    }
    for (guint i = 0; i < s.sigs->len; i++) {
        g_free(g_array_index(s.sigs, vcd_signal, i).name);
    }
    g_free(renumber);
    g_hash_table_destroy(s.index);
    g_array_free(s.sigs, TRUE);
    g_array_free(s.changes, TRUE);
    return err;
}
