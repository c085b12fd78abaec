/* A log as the viewer's page holds it (docs/viewer.md, "The page's data"): a
 * JSON header, and the records as columns of varints followed by the slices of
 * the shared timeline view (traces/timeline.h) for the vCPU worlds and the
 * list registers. The page derives everything else from the raw fields. */
#include "traces/viewer/viewer_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cpu/arm.h"
#include "models/gic/gic_regs.h"
#include "sim/fault.h"
#include "traces/races.h"
#include "traces/timeline.h"

/* Field values from 2^52 on do not survive the page's arithmetic on doubles
 * (deltas of two of them need 54 bits): they go to the header as hex. */
#define BIG_FIELD (UINT64_C(1) << 52)
/* The binary data starts with this. */
static const char data_magic[4] = { 'H', 'S', 'V', '1' };

typedef struct vw_span {
    uint64_t start, end;         /* record indices; end n: to the end of the log */
    uint32_t name;               /* index in the header's "names" */
    uint32_t value;              /* a list register's contents; 0 for a world */
} vw_span;

typedef struct vw_track {
    uint32_t vcpu;
    int lr;                      /* -1: the vCPU's world */
    GArray *spans;               /* vw_span */
    bool open;
    vw_span cur;
} vw_track;

typedef struct vw_big {
    uint64_t index;
    unsigned field;
    uint64_t value;
} vw_big;

typedef struct vw_builder {
    const hs_viewer_log *log;
    uint64_t n;                  /* records so far; the index of the one being read */
    /* The columns. */
    GByteArray *seq, *time, *vcpu, *event, *cycle, *field;
    uint64_t next_seq, prev_time;
    uint64_t prev_cycle[256];
    /* Event ids of the file -> dense indices of the page's event table. */
    GHashTable *event_index;
    GArray *event_ids;           /* uint32_t, by dense index */
    GArray *field_prev;          /* uint64_t[HS_EVENT_FIELDS] by dense index */
    GArray *big;                 /* vw_big */
    GHashTable *pcs;             /* code addresses in pc fields (uint64_t keys) */
    GHashTable *regs;            /* block << 32 | offset of GIC accesses */
    GHashTable *vcpus;           /* vCPU indices seen */
    GString *races;              /* JSON per race: [index, checker, explanation, detail seq] */
    unsigned max_lr;             /* 1 + the highest LR number of lr_* events */
    /* Timeline slices. */
    GHashTable *tracks;          /* uuid -> vw_track */
    GHashTable *names;           /* slice name -> index + 1 */
    GPtrArray *name_list;
} vw_builder;

/* ---- JSON -------------------------------------------------------------------- */

void vw_json_string(GString *out, const char *s)
{
    char *valid = g_utf8_make_valid(s, -1);

    g_string_append_c(out, '"');
    for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        switch (c) {
        case '"': g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\t': g_string_append(out, "\\t"); break;
        case '\r': g_string_append(out, "\\r"); break;
        default:
            /* '<', '>' and '&' escaped keep "</script>" and "<!--" out of the page;
             * U+2028 and U+2029 are line ends to old JavaScript. */
            if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                g_string_append_printf(out, "\\u%04x", (unsigned)c);
            } else {
                g_string_append_len(out, p, g_utf8_next_char(p) - p);
            }
        }
    }
    g_string_append_c(out, '"');
    g_free(valid);
}

static void json_key(GString *out, const char *key)
{
    vw_json_string(out, key);
    g_string_append_c(out, ':');
}

/* ---- varints ------------------------------------------------------------------ */

static void put_varint(GByteArray *b, uint64_t v)
{
    guint8 buf[10];
    unsigned n = 0;

    do {
        buf[n] = (guint8)(v & 0x7f);
        v >>= 7;
        if (v) {
            buf[n] |= 0x80;
        }
        n++;
    } while (v);
    g_byte_array_append(b, buf, n);
}

/* A difference taken modulo 2^64, zigzag-coded (docs/traces.md, "Conventions"). */
static void put_delta(GByteArray *b, uint64_t now, uint64_t before)
{
    uint64_t d = now - before;
    put_varint(b, (d << 1) ^ (d >> 63 ? ~UINT64_C(0) : 0));
}

/* ---- timeline slices ------------------------------------------------------------ */

static void tl_track(void *opaque, const hs_tl_track *t)
{
    vw_builder *b = opaque;
    unsigned vcpu, lr;
    int used = 0;
    vw_track *tr;

    if (t->counter) {
        return;
    }
    /* Track names are documented in docs/traces.md: "vCPU 0", "vCPU 0 LR2". */
    if (sscanf(t->name, "vCPU %u LR%u%n", &vcpu, &lr, &used) == 2 && !t->name[used]) {
        tr = g_new0(vw_track, 1);
        tr->lr = (int)lr;
    } else if (sscanf(t->name, "vCPU %u%n", &vcpu, &used) == 1 && !t->name[used]) {
        tr = g_new0(vw_track, 1);
        tr->lr = -1;
    } else {
        return;
    }
    tr->vcpu = vcpu;
    tr->spans = g_array_new(FALSE, FALSE, sizeof(vw_span));
    g_hash_table_insert(b->tracks, g_memdup2(&t->uuid, sizeof t->uuid), tr);
}

static uint32_t name_index(vw_builder *b, const char *name)
{
    gpointer v = g_hash_table_lookup(b->names, name);
    if (!v) {
        char *copy = g_strdup(name);
        g_ptr_array_add(b->name_list, copy);
        v = GUINT_TO_POINTER(b->name_list->len);
        g_hash_table_insert(b->names, copy, v);
    }
    return GPOINTER_TO_UINT(v) - 1;
}

static void tl_event(void *opaque, const hs_tl_event *e)
{
    vw_builder *b = opaque;
    vw_track *tr;

    if (e->kind != HS_TL_BEGIN && e->kind != HS_TL_END) {
        return;
    }
    tr = g_hash_table_lookup(b->tracks, &e->track);
    if (!tr) {
        return;
    }
    if (tr->open) {
        /* Every track of the timeline has one slice open at most: a begin
         * without an end first would end the open one too. */
        tr->cur.end = b->n;
        g_array_append_val(tr->spans, tr->cur);
        tr->open = false;
    }
    if (e->kind == HS_TL_BEGIN) {
        tr->open = true;
        tr->cur = (vw_span){ .start = b->n, .name = name_index(b, e->name) };
        for (unsigned i = 0; i < e->nargs; i++) {
            if (!strcmp(e->arg[i].name, "lr") && e->arg[i].str) {
                tr->cur.value = (uint32_t)g_ascii_strtoull(e->arg[i].str, NULL, 16);
            }
        }
    }
}

static gint track_order(gconstpointer pa, gconstpointer pb)
{
    const vw_track *x = *(vw_track *const *)pa, *y = *(vw_track *const *)pb;
    if (x->vcpu != y->vcpu) {
        return x->vcpu < y->vcpu ? -1 : 1;
    }
    return x->lr < y->lr ? -1 : x->lr > y->lr;
}

/* ---- records --------------------------------------------------------------------- */

static uint32_t dense_event(vw_builder *b, uint32_t id)
{
    gpointer v = g_hash_table_lookup(b->event_index, GUINT_TO_POINTER(id + 1));
    if (!v) {
        uint64_t zero[HS_EVENT_FIELDS] = { 0 };
        g_array_append_val(b->event_ids, id);
        g_array_append_vals(b->field_prev, zero, HS_EVENT_FIELDS);
        v = GUINT_TO_POINTER(b->event_ids->len);
        g_hash_table_insert(b->event_index, GUINT_TO_POINTER(id + 1), v);
    }
    return GPOINTER_TO_UINT(v) - 1;
}

static void add_record(vw_builder *b, const hs_record *r, hs_timeline *tl)
{
    const hs_event_info *info = hs_log_reader_event_info(b->log->reader, r->event);
    uint32_t ev = dense_event(b, r->event);
    uint64_t *prev = &g_array_index(b->field_prev, uint64_t, (size_t)ev * HS_EVENT_FIELDS);
    unsigned nf = info ? info->nfields : 0;

    put_delta(b->seq, r->seq, b->next_seq);
    b->next_seq = r->seq + 1;
    put_delta(b->time, r->time_ps, b->prev_time);
    b->prev_time = r->time_ps;
    put_varint(b->vcpu, r->vcpu);
    put_varint(b->event, ev);
    put_delta(b->cycle, r->cycle, b->prev_cycle[r->vcpu & 0xff]);
    b->prev_cycle[r->vcpu & 0xff] = r->cycle;
    for (unsigned f = 0; f < nf; f++) {
        uint64_t v = r->f[f];
        if (v >= BIG_FIELD) {
            vw_big big = { b->n, f, v };
            g_array_append_val(b->big, big);
            v = 0;
        }
        put_delta(b->field, v, prev[f]);
        prev[f] = v;
        if (!strcmp(info->field[f], "pc")) {
            g_hash_table_add(b->pcs, g_memdup2(&r->f[f], sizeof r->f[f]));
        }
    }
    if (r->vcpu != HS_VCPU_NONE) {
        g_hash_table_add(b->vcpus, GUINT_TO_POINTER(r->vcpu + 1));
    }
    if (r->event == HS_EV_gic_read || r->event == HS_EV_gic_write) {
        uint64_t key = r->f[0] << 32 | (r->f[1] & 0xffffffffu);
        g_hash_table_add(b->regs, g_memdup2(&key, sizeof key));
    }
    if (r->event == HS_EV_race) {
        /* The checker's name and its own account of the race (traces/races.h). */
        const char *name = hs_race_checker_name(r->f[0]);
        GString *text = g_string_new(NULL);
        hs_race_describe(text, r);
        g_string_append_printf(b->races, "%s[%" PRIu64 ",", b->races->len ? "," : "", b->n);
        if (name) {
            vw_json_string(b->races, name);
        } else {
            g_string_append(b->races, "null");
        }
        g_string_append_c(b->races, ',');
        vw_json_string(b->races, text->str);
        /* The checkers whose detail names a third record of evidence (docs/traces.md,
         * "Race checkers"). */
        if ((r->f[0] == HS_RACE_LATE_MAINT || r->f[0] == HS_RACE_SPURIOUS_MAINT ||
             r->f[0] == HS_RACE_EOI_REUSED_LR) && r->f[3] != HS_RACE_NO_SEQ) {
            g_string_append_printf(b->races, ",%" PRIu64 "]", r->f[3]);
        } else {
            g_string_append(b->races, ",null]");
        }
        g_string_free(text, TRUE);
    }
    if ((r->event == HS_EV_lr_write || r->event == HS_EV_lr_state) && r->f[0] < 64 &&
        r->f[0] + 1 > b->max_lr) {
        b->max_lr = (unsigned)r->f[0] + 1;
    }
    hs_timeline_record(tl, r);
    b->n++;
}

/* ---- the header ------------------------------------------------------------------- */

static void meta_json(GString *out, const hs_log_reader *r)
{
    const hs_log_meta *m = hs_log_reader_meta(r);
    const char *pairs[] = {
        "platform.name", m->platform_name, "platform.text", m->platform_text,
        "image.path", m->image_path, "image.sha256", m->image_sha256,
        "command-line", m->command_line, "seed", m->seed, "fault-plan", m->fault_plan,
        "input", m->input,
    };
    bool first = true;
    const char *version = hs_log_reader_meta_get(r, "hypsim.version");

    g_string_append_c(out, '{');
    if (version) {
        json_key(out, "hypsim.version");
        vw_json_string(out, version);
        first = false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i += 2) {
        if (!pairs[i + 1]) {
            continue;
        }
        if (!first) {
            g_string_append_c(out, ',');
        }
        json_key(out, pairs[i]);
        vw_json_string(out, pairs[i + 1]);
        first = false;
    }
    for (const char *const *e = m->extra; e && e[0]; e += 2) {
        if (!strcmp(e[0], "hypsim.version")) {
            continue;
        }
        if (!first) {
            g_string_append_c(out, ',');
        }
        json_key(out, e[0]);
        vw_json_string(out, e[1] ? e[1] : "");
        first = false;
    }
    g_string_append_c(out, '}');
}

static void events_json(GString *out, vw_builder *b)
{
    g_string_append_c(out, '[');
    for (guint i = 0; i < b->event_ids->len; i++) {
        uint32_t id = g_array_index(b->event_ids, uint32_t, i);
        const hs_event_info *info = hs_log_reader_event_info(b->log->reader, id);
        const char *cls = hs_log_reader_event_class(b->log->reader, id);
        char fallback[32];

        if (i) {
            g_string_append_c(out, ',');
        }
        g_snprintf(fallback, sizeof fallback, "event#%u", id);
        g_string_append(out, "{\"name\":");
        vw_json_string(out, info ? info->name : fallback);
        g_string_append(out, ",\"cls\":");
        vw_json_string(out, cls ? cls : "unknown");
        g_string_append_printf(out, ",\"known\":%s,\"fields\":[", id < HS_EV__COUNT ? "true" : "false");
        for (unsigned f = 0; info && f < info->nfields; f++) {
            g_string_append(out, f ? "," : "");
            vw_json_string(out, info->field[f]);
        }
        g_string_append(out, "],\"hex\":[");
        for (unsigned f = 0; info && f < info->nfields; f++) {
            g_string_append(out, f ? "," : "");
            g_string_append(out, hs_field_is_hex(info->field[f]) ? "true" : "false");
        }
        g_string_append(out, "]}");
    }
    g_string_append_c(out, ']');
}

typedef struct vw_sym {
    uint64_t start, maxoff;
    const char *name;
} vw_sym;

static gint u64_order(gconstpointer a, gconstpointer b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static gint sym_order(gconstpointer a, gconstpointer b)
{
    const vw_sym *x = a, *y = b;
    if (x->start != y->start) {
        return x->start < y->start ? -1 : 1;
    }
    return strcmp(x->name, y->name);
}

/* The page finds the symbol of a code address as the last of "syms" starting at
 * or below it, when the address is at most that symbol's largest offset seen
 * here. That is the symbolizer's answer for nearly every address of the log;
 * "symx" lists the others with their symbol (-1: none). */
/* The last of syms (sorted by start) starting at or below addr, or -1. */
static gint64 sym_at_or_below(const GArray *syms, uint64_t addr)
{
    guint lo = 0, hi = syms->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(syms, vw_sym, mid).start <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return (gint64)lo - 1;
}

static void symbols_json(GString *out, vw_builder *b)
{
    const hs_symbolizer *sym = b->log->sym;
    GArray *pcs = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    GArray *all = g_array_new(FALSE, FALSE, sizeof(vw_sym));
    GArray *syms = g_array_new(FALSE, FALSE, sizeof(vw_sym));
    GHashTableIter it;
    gpointer key;
    bool first = true;

    g_hash_table_iter_init(&it, b->pcs);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        g_array_append_val(pcs, *(uint64_t *)key);
    }
    g_array_sort(pcs, u64_order);
    /* Each address's symbol from the symbolizer; then each symbol once, with
     * the largest offset seen in it. */
    for (guint i = 0; i < pcs->len; i++) {
        uint64_t pc = g_array_index(pcs, uint64_t, i), off;
        const char *name;
        if (sym && sym->lookup(sym->opaque, pc, &name, &off)) {
            vw_sym s = { pc - off, off, name };
            g_array_append_val(all, s);
        }
    }
    g_array_sort(all, sym_order);
    for (guint i = 0; i < all->len; i++) {
        const vw_sym *s = &g_array_index(all, vw_sym, i);
        vw_sym *last = syms->len ? &g_array_index(syms, vw_sym, syms->len - 1) : NULL;
        if (last && last->start == s->start && !strcmp(last->name, s->name)) {
            last->maxoff = MAX(last->maxoff, s->maxoff);
        } else {
            g_array_append_val(syms, *s);
        }
    }
    g_string_append(out, ",\"syms\":[");
    for (guint i = 0; i < syms->len; i++) {
        const vw_sym *s = &g_array_index(syms, vw_sym, i);
        g_string_append_printf(out, "%s[%" PRIu64 ",%" PRIu64 ",", i ? "," : "", s->start, s->maxoff);
        vw_json_string(out, s->name);
        g_string_append_c(out, ']');
    }
    g_string_append(out, "],\"symx\":[");
    for (guint i = 0; i < pcs->len; i++) {
        uint64_t pc = g_array_index(pcs, uint64_t, i), off;
        const char *name;
        gint64 want = -1, got = sym_at_or_below(syms, pc);

        if (sym && sym->lookup(sym->opaque, pc, &name, &off)) {
            /* Its entry: among those starting at pc - off, the one of that name. */
            for (gint64 k = sym_at_or_below(syms, pc - off);
                 k >= 0 && g_array_index(syms, vw_sym, k).start == pc - off; k--) {
                if (!strcmp(g_array_index(syms, vw_sym, k).name, name)) {
                    want = k;
                    break;
                }
            }
        }
        if (got >= 0 && pc - g_array_index(syms, vw_sym, got).start >
                        g_array_index(syms, vw_sym, got).maxoff) {
            got = -1;
        }
        if (got != want) {
            g_string_append_printf(out, "%s[%" PRIu64 ",%" G_GINT64_FORMAT "]", first ? "" : ",",
                                   pc, want);
            first = false;
        }
    }
    g_string_append_c(out, ']');
    g_array_free(pcs, TRUE);
    g_array_free(all, TRUE);
    g_array_free(syms, TRUE);
}

static void regs_json(GString *out, vw_builder *b)
{
    GArray *keys = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    GHashTableIter it;
    gpointer key;
    char buf[64];

    g_hash_table_iter_init(&it, b->regs);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        g_array_append_val(keys, *(uint64_t *)key);
    }
    g_array_sort(keys, u64_order);
    g_string_append(out, ",\"regnames\":[");
    for (guint i = 0; i < keys->len; i++) {
        uint64_t k = g_array_index(keys, uint64_t, i);
        g_string_append_printf(out, "%s[%" PRIu64 ",%" PRIu64 ",", i ? "," : "", k >> 32,
                               k & 0xffffffffu);
        vw_json_string(out, hs_gic_reg_name(k >> 32, k & 0xffffffffu, buf, sizeof buf));
        g_string_append_c(out, ']');
    }
    g_string_append_c(out, ']');
    g_array_free(keys, TRUE);
}

/* The number of list registers of the GIC the platform describes (its
 * "list-registers" key, docs/platform.md), or 0 when the log does not say. */
static unsigned platform_lrs(const hs_log_reader *r)
{
    const char *text = hs_log_reader_meta(r)->platform_text;
    GKeyFile *kf;
    gchar **groups;
    unsigned n = 0;

    if (!text) {
        return 0;
    }
    kf = g_key_file_new();
    if (!g_key_file_load_from_data(kf, text, (gsize)-1, G_KEY_FILE_NONE, NULL)) {
        g_key_file_free(kf);
        return 0;
    }
    groups = g_key_file_get_groups(kf, NULL);
    for (gchar **g = groups; *g; g++) {
        char *type = g_key_file_get_value(kf, *g, "type", NULL);
        char *lrs = g_key_file_get_value(kf, *g, "list-registers", NULL);
        if (type && lrs && g_str_has_prefix(type, "gic")) {
            uint64_t v = g_ascii_strtoull(lrs, NULL, 0);
            if (v >= 1 && v <= 64) {
                n = (unsigned)v;
            }
        }
        g_free(type);
        g_free(lrs);
    }
    g_strfreev(groups);
    g_key_file_free(kf);
    return n;
}

static gint uint_order(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *)a, y = *(const guint *)b;
    return x < y ? -1 : x > y;
}

static void header_json(GString *out, vw_builder *b, GPtrArray *tracks, const char *damage)
{
    GList *vcpus = g_hash_table_get_keys(b->vcpus);
    GArray *v = g_array_new(FALSE, FALSE, sizeof(guint));
    unsigned nlr = MAX(platform_lrs(b->log->reader), b->max_lr);

    g_string_append(out, "{\"path\":");
    vw_json_string(out, b->log->path);
    g_string_append(out, ",\"damage\":");
    if (damage) {
        vw_json_string(out, damage);
    } else {
        g_string_append(out, "null");
    }
    g_string_append(out, ",\"meta\":");
    meta_json(out, b->log->reader);
    g_string_append_printf(out, ",\"n\":%" PRIu64 ",\"nlr\":%u,\"symbolized\":%s,\"events\":", b->n,
                           nlr ? nlr : 4, b->log->sym ? "true" : "false");
    events_json(out, b);
    for (GList *l = vcpus; l; l = l->next) {
        guint x = GPOINTER_TO_UINT(l->data) - 1;
        g_array_append_val(v, x);
    }
    g_array_sort(v, uint_order);
    g_string_append(out, ",\"vcpus\":[");
    for (guint i = 0; i < v->len; i++) {
        g_string_append_printf(out, "%s%u", i ? "," : "", g_array_index(v, guint, i));
    }
    g_string_append(out, "],\"tracks\":[");
    for (guint i = 0; i < tracks->len; i++) {
        const vw_track *t = g_ptr_array_index(tracks, i);
        g_string_append_printf(out, "%s[%u,%d]", i ? "," : "", t->vcpu, t->lr);
    }
    g_string_append(out, "],\"names\":[");
    for (guint i = 0; i < b->name_list->len; i++) {
        g_string_append(out, i ? "," : "");
        vw_json_string(out, g_ptr_array_index(b->name_list, i));
    }
    g_string_append(out, "],\"big\":[");
    for (guint i = 0; i < b->big->len; i++) {
        const vw_big *x = &g_array_index(b->big, vw_big, i);
        g_string_append_printf(out, "%s[%" PRIu64 ",%u,\"%" PRIx64 "\"]", i ? "," : "", x->index,
                               x->field, x->value);
    }
    g_string_append(out, "],\"races\":[");
    g_string_append(out, b->races->str);
    g_string_append_c(out, ']');
    symbols_json(out, b);
    regs_json(out, b);
    g_string_append_c(out, '}');
    g_array_free(v, TRUE);
    g_list_free(vcpus);
}

static void append_bytes(GByteArray *to, const GByteArray *from)
{
    g_byte_array_append(to, from->data, from->len);
}

static void spans_bin(GByteArray *bin, GPtrArray *tracks)
{
    put_varint(bin, tracks->len);
    for (guint i = 0; i < tracks->len; i++) {
        const vw_track *t = g_ptr_array_index(tracks, i);
        uint64_t prev_end = 0;
        put_varint(bin, t->spans->len);
        for (guint k = 0; k < t->spans->len; k++) {
            const vw_span *s = &g_array_index(t->spans, vw_span, k);
            put_varint(bin, s->start - prev_end);
            put_varint(bin, s->end - s->start);
            put_varint(bin, s->name);
            put_varint(bin, s->value);
            prev_end = s->end;
        }
    }
}

static void free_track(gpointer p)
{
    vw_track *t = p;
    g_array_free(t->spans, TRUE);
    g_free(t);
}

static void tl_finish(vw_builder *b, hs_timeline *tl)
{
    GHashTableIter it;
    gpointer value;

    hs_timeline_finish(tl);
    /* Slices still open (the timeline ends them all at finish) reach the end. */
    g_hash_table_iter_init(&it, b->tracks);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        vw_track *t = value;
        if (t->open) {
            t->cur.end = b->n;
            g_array_append_val(t->spans, t->cur);
            t->open = false;
        }
    }
}

hs_tracelog_err vw_log_data(const hs_viewer_log *log, GString *json, GByteArray *bin, char **msg)
{
    vw_builder b = {
        .log = log,
        .seq = g_byte_array_new(), .time = g_byte_array_new(), .vcpu = g_byte_array_new(),
        .event = g_byte_array_new(), .cycle = g_byte_array_new(), .field = g_byte_array_new(),
        .event_index = g_hash_table_new(g_direct_hash, g_direct_equal),
        .event_ids = g_array_new(FALSE, FALSE, sizeof(uint32_t)),
        .field_prev = g_array_new(FALSE, FALSE, sizeof(uint64_t)),
        .big = g_array_new(FALSE, FALSE, sizeof(vw_big)),
        .pcs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
        .regs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
        .vcpus = g_hash_table_new(g_direct_hash, g_direct_equal),
        .races = g_string_new(NULL),
        .tracks = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, free_track),
        .names = g_hash_table_new(g_str_hash, g_str_equal),
        .name_list = g_ptr_array_new_with_free_func(g_free),
    };
    hs_tl_output out = { tl_track, tl_event, &b };
    hs_timeline *tl = hs_timeline_new(&out, log->reader, log->sym);
    hs_tracelog_err err = HS_TRACELOG_OK;
    GPtrArray *tracks;
    GHashTableIter it;
    gpointer value;
    hs_record rec;
    int got;

    while ((got = hs_log_reader_next(log->reader, &rec, msg)) > 0) {
        add_record(&b, &rec, tl);
    }
    if (got < 0) {
        err = hs_log_reader_error(log->reader);
    }
    tl_finish(&b, tl);
    hs_timeline_free(tl);

    tracks = g_ptr_array_new();
    g_hash_table_iter_init(&it, b.tracks);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        g_ptr_array_add(tracks, value);
    }
    g_ptr_array_sort(tracks, track_order);

    header_json(json, &b, tracks, err != HS_TRACELOG_OK ? (*msg ? *msg : hs_tracelog_strerror(err))
                                                        : NULL);
    g_byte_array_append(bin, (const guint8 *)data_magic, sizeof data_magic);
    put_varint(bin, b.n);
    append_bytes(bin, b.seq);
    append_bytes(bin, b.time);
    append_bytes(bin, b.vcpu);
    append_bytes(bin, b.event);
    append_bytes(bin, b.cycle);
    append_bytes(bin, b.field);
    spans_bin(bin, tracks);

    g_ptr_array_free(tracks, TRUE);
    g_byte_array_free(b.seq, TRUE);
    g_byte_array_free(b.time, TRUE);
    g_byte_array_free(b.vcpu, TRUE);
    g_byte_array_free(b.event, TRUE);
    g_byte_array_free(b.cycle, TRUE);
    g_byte_array_free(b.field, TRUE);
    g_hash_table_destroy(b.event_index);
    g_array_free(b.event_ids, TRUE);
    g_array_free(b.field_prev, TRUE);
    g_array_free(b.big, TRUE);
    g_hash_table_destroy(b.pcs);
    g_hash_table_destroy(b.regs);
    g_hash_table_destroy(b.vcpus);
    g_string_free(b.races, TRUE);
    g_hash_table_destroy(b.tracks);
    g_hash_table_destroy(b.names);
    g_ptr_array_free(b.name_list, TRUE);
    return err;
}

/* ---- what every page carries ------------------------------------------------------- */

typedef struct vw_const {
    const char *name;
    uint64_t value;
} vw_const;

#define C(x) { #x, (uint64_t)(x) }

/* IHI 0048B: the register fields and offsets the page decodes and replays. */
static const vw_const arch_consts[] = {
    C(GIC_INTID_MASK), C(GIC_INTID_SPECIAL_FIRST), C(GIC_NR_SGI),
    C(GIC_VIRT_PRIO_SHIFT), C(GIC_VIRT_MIN_BPR), C(GIC_VIRT_MIN_ABPR),
    C(GICC_CTLR), C(GICC_PMR), C(GICC_BPR), C(GICC_IAR), C(GICC_EOIR), C(GICC_RPR),
    C(GICC_HPPIR), C(GICC_ABPR), C(GICC_AIAR), C(GICC_AEOIR), C(GICC_AHPPIR), C(GICC_APR0),
    C(GICC_DIR), C(GICC_BPR_BINARY_POINT_MASK), C(GICC_PMR_PRIORITY_MASK), C(GICV_CTLR_MASK),
    C(GICH_HCR), C(GICH_VTR), C(GICH_VMCR), C(GICH_MISR), C(GICH_EISR0), C(GICH_EISR1),
    C(GICH_ELRSR0), C(GICH_ELRSR1), C(GICH_APR), C(GICH_LR0), C(GICH_LR_END),
    C(GICH_BLOCK_SIZE), C(GICH_OWN_VIEW_SIZE), C(GICH_ALIAS_BASE),
    C(GICH_HCR_EN), C(GICH_HCR_UIE), C(GICH_HCR_LRENPIE), C(GICH_HCR_NPIE),
    C(GICH_HCR_VGRP0EIE), C(GICH_HCR_VGRP0DIE), C(GICH_HCR_VGRP1EIE), C(GICH_HCR_VGRP1DIE),
    C(GICH_HCR_EOICOUNT_SHIFT), C(GICH_HCR_EOICOUNT_MASK),
    C(GICH_VMCR_VMGRP0EN), C(GICH_VMCR_VMGRP1EN), C(GICH_VMCR_VMACKCTL), C(GICH_VMCR_VMFIQEN),
    C(GICH_VMCR_VMCBPR), C(GICH_VMCR_VEM), C(GICH_VMCR_CTLR_MASK), C(GICH_VMCR_VMABP_SHIFT),
    C(GICH_VMCR_VMABP_MASK), C(GICH_VMCR_VMBP_SHIFT), C(GICH_VMCR_VMBP_MASK),
    C(GICH_VMCR_VMPRIMASK_SHIFT), C(GICH_VMCR_VMPRIMASK_MASK), C(GICH_VMCR_MASK),
    C(GICH_MISR_EOI), C(GICH_MISR_U), C(GICH_MISR_LRENP), C(GICH_MISR_NP),
    C(GICH_MISR_VGRP0E), C(GICH_MISR_VGRP0D), C(GICH_MISR_VGRP1E), C(GICH_MISR_VGRP1D),
    C(GICH_LR_VIRTUALID_MASK), C(GICH_LR_PHYSICALID_SHIFT), C(GICH_LR_PHYSICALID_MASK),
    C(GICH_LR_CPUID_SHIFT), C(GICH_LR_CPUID_MASK), C(GICH_LR_EOI), C(GICH_LR_PRIORITY_SHIFT),
    C(GICH_LR_PRIORITY_MASK), C(GICH_LR_STATE_SHIFT), C(GICH_LR_STATE_MASK),
    C(GICH_LR_STATE_PENDING_BIT), C(GICH_LR_STATE_ACTIVE_BIT), C(GICH_LR_GRP1), C(GICH_LR_HW),
    C(GICH_LR_STATE_INVALID), C(GICH_LR_STATE_PENDING), C(GICH_LR_STATE_ACTIVE),
    C(GICH_LR_STATE_PENDING_ACTIVE),
    C(HS_GIC_GICD), C(HS_GIC_GICC), C(HS_GIC_GICH), C(HS_GIC_GICV),
    C(HS_LINE_IRQ), C(HS_LINE_FIQ), C(HS_LINE_VIRQ), C(HS_LINE_VFIQ), C(HS_LINE_MAINT),
    C(HS_EXC_IRQ), C(HS_EXC_VIRQ), C(ARM_MODE_HYP), C(HS_VCPU_NONE),
    C(HS_FAULT_EV_HOLD), C(HS_FAULT_EV_RELEASE), C(HS_FAULT_EV_DROP), C(HS_FAULT_EV_DUPLICATE),
    C(HS_FAULT_EV_RETARGET), C(HS_FAULT_EV_ARM),
    { "HS_FAULT_LINE_INTID0", HS_FAULT_LINE_INTID(0) },
};

#undef C

static void names_json(GString *out, const char *key, const char *(*name)(uint64_t), unsigned limit,
                       bool last)
{
    bool first = true;

    json_key(out, key);
    g_string_append_c(out, '{');
    for (unsigned v = 0; v < limit; v++) {
        const char *s = name(v);
        char k[16];
        if (!s) {
            continue;
        }
        g_snprintf(k, sizeof k, "%u", v);
        g_string_append(out, first ? "" : ",");
        json_key(out, k);
        vw_json_string(out, s);
        first = false;
    }
    g_string_append(out, last ? "}" : "},");
}

static const char *lr_state_name(uint64_t v)
{
    return hs_trace_lr_state_name((unsigned)v);
}

void vw_globals_json(GString *out)
{
    /* The reset value of GICH_VMCR (GIC-400): both binary points at their minimum. */
    uint64_t vmcr_reset = (GIC_VIRT_MIN_BPR << GICH_VMCR_VMBP_SHIFT) |
                          (GIC_VIRT_MIN_ABPR << GICH_VMCR_VMABP_SHIFT);

    g_string_append(out, "{\"regs\":{");
    for (size_t i = 0; i < G_N_ELEMENTS(arch_consts); i++) {
        g_string_append(out, i ? "," : "");
        json_key(out, arch_consts[i].name);
        g_string_append_printf(out, "%" PRIu64, arch_consts[i].value);
    }
    g_string_append_printf(out, ",\"GICH_VMCR_RESET\":%" PRIu64 "}", vmcr_reset);
    g_string_append(out, ",\"names\":{");
    names_json(out, "exc", hs_trace_exc_name, HS_EXC__COUNT, false);
    names_json(out, "mode", hs_trace_mode_name, 32, false);
    names_json(out, "line", hs_trace_line_name, HS_LINE__COUNT, false);
    names_json(out, "block", hs_trace_block_name, 4, false);
    names_json(out, "idle", hs_trace_idle_name, 2, false);
    names_json(out, "timer", hs_trace_timer_name, 4, false);
    names_json(out, "faultkind", hs_trace_fault_kind_name, HS_FAULT_EV_ARM + 1, false);
    names_json(out, "lrstate", lr_state_name, 4, true);
    g_string_append(out, "},\"dumpHeader\":");
    vw_json_string(out, hs_record_format_header);
    g_string_append_c(out, '}');
}
