#include "traces/timeline.h"

#include <string.h>

#include <glib.h>

#include "cpu/arm.h"
#include "models/gic/gic_regs.h"

/* Track uuids: kind << 40 | vCPU << 8 | index. */
enum { TRACK_MACHINE = 1, TRACK_FAULTS, TRACK_RACES, TRACK_VCPU, TRACK_LR, TRACK_COUNTER };
enum { CTR_MISR, CTR_EISR, CTR_ELRSR, CTR_HCR };

#define UUID(kind, vcpu, index) ((uint64_t)(kind) << 40 | (uint64_t)(vcpu) << 8 | (index))
#define NLR ((GICH_LR_END - GICH_LR0) / 4 + 1)

typedef struct tl_vcpu {
    uint32_t index;
    const char *world;             /* the open world slice (interned), or NULL */
    const char *resume;            /* the world an idle period interrupted */
    bool idle;
    uint64_t lr_open;              /* bit n: LRn has an open slice */
    uint32_t lr[NLR];              /* contents behind the open slice */
} tl_vcpu;

struct hs_timeline {
    hs_tl_output out;
    const hs_log_reader *reader;
    const hs_symbolizer *sym;
    GHashTable *tracks;            /* uuids announced */
    GHashTable *vcpus;             /* index -> tl_vcpu */
    GHashTable *flows;             /* vCPU << 32 | vINTID -> flow id */
    uint64_t next_flow;
    uint64_t last_time;
    GPtrArray *scratch;            /* strings of the event being emitted */
};

hs_timeline *hs_timeline_new(const hs_tl_output *out, const hs_log_reader *r,
                             const hs_symbolizer *sym)
{
    hs_timeline *tl = g_new0(hs_timeline, 1);
    tl->out = *out;
    tl->reader = r;
    tl->sym = sym;
    tl->tracks = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    tl->vcpus = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    tl->flows = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    tl->scratch = g_ptr_array_new_with_free_func(g_free);
    return tl;
}

void hs_timeline_free(hs_timeline *tl)
{
    if (!tl) {
        return;
    }
    g_hash_table_destroy(tl->tracks);
    g_hash_table_destroy(tl->vcpus);
    g_hash_table_destroy(tl->flows);
    g_ptr_array_free(tl->scratch, TRUE);
    g_free(tl);
}

static const char *keep(hs_timeline *tl, char *s)
{
    g_ptr_array_add(tl->scratch, s);
    return s;
}

static void emit(hs_timeline *tl, const hs_tl_event *e)
{
    tl->out.event(tl->out.opaque, e);
    g_ptr_array_set_size(tl->scratch, 0);
}

static void announce(hs_timeline *tl, uint64_t uuid, uint64_t parent, char *name, bool counter)
{
    if (!g_hash_table_contains(tl->tracks, &uuid)) {
        hs_tl_track t = { uuid, parent, name, counter };
        g_hash_table_add(tl->tracks, g_memdup2(&uuid, sizeof uuid));
        tl->out.track(tl->out.opaque, &t);
    }
    g_free(name);
}

static uint64_t vcpu_track(hs_timeline *tl, uint32_t vcpu)
{
    uint64_t uuid = UUID(TRACK_VCPU, vcpu, 0);
    announce(tl, uuid, 0, g_strdup_printf("vCPU %u", vcpu), false);
    return uuid;
}

static uint64_t lr_track(hs_timeline *tl, uint32_t vcpu, unsigned lr)
{
    uint64_t uuid = UUID(TRACK_LR, vcpu, lr);
    announce(tl, uuid, vcpu_track(tl, vcpu), g_strdup_printf("vCPU %u LR%u", vcpu, lr), false);
    return uuid;
}

static uint64_t counter_track(hs_timeline *tl, uint32_t vcpu, unsigned which)
{
    static const char *const names[] = {
        [CTR_MISR] = "GICH_MISR", [CTR_EISR] = "GICH_EISR", [CTR_ELRSR] = "GICH_ELRSR",
        [CTR_HCR] = "GICH_HCR",
    };
    uint64_t uuid = UUID(TRACK_COUNTER, vcpu, which);
    announce(tl, uuid, vcpu_track(tl, vcpu), g_strdup_printf("vCPU %u %s", vcpu, names[which]),
             true);
    return uuid;
}

static uint64_t machine_track(hs_timeline *tl, unsigned kind)
{
    static const char *const names[] = {
        [TRACK_MACHINE] = "machine", [TRACK_FAULTS] = "faults", [TRACK_RACES] = "races",
    };
    uint64_t uuid = UUID(kind, 0, 0);
    announce(tl, uuid, 0, g_strdup(names[kind]), false);
    return uuid;
}

static tl_vcpu *vcpu_state(hs_timeline *tl, uint32_t index)
{
    tl_vcpu *v = g_hash_table_lookup(tl->vcpus, GUINT_TO_POINTER(index));
    if (!v) {
        v = g_new0(tl_vcpu, 1);
        v->index = index;
        g_hash_table_insert(tl->vcpus, GUINT_TO_POINTER(index), v);
        vcpu_track(tl, index);
    }
    return v;
}

static void slice_begin(hs_timeline *tl, uint64_t track, uint64_t t, const char *name,
                        const char *cat, const hs_tl_arg *args, unsigned nargs)
{
    hs_tl_event e = { .kind = HS_TL_BEGIN, .track = track, .time_ps = t, .name = name,
                      .category = cat, .nargs = nargs };
    if (nargs) {
        memcpy(e.arg, args, nargs * sizeof *args);
    }
    emit(tl, &e);
}

static void slice_end(hs_timeline *tl, uint64_t track, uint64_t t)
{
    hs_tl_event e = { .kind = HS_TL_END, .track = track, .time_ps = t };
    emit(tl, &e);
}

/* ---- worlds ------------------------------------------------------------------ */

static const char *world_of_mode(uint64_t mode)
{
    const char *m = hs_trace_mode_name(mode);
    char *s;
    const char *w;

    if (mode == ARM_MODE_HYP) {
        return g_intern_static_string("Hyp");
    }
    s = m ? g_strdup_printf("guest %s", m) : g_strdup("guest");
    w = g_intern_string(s);
    g_free(s);
    return w;
}

static void set_world(hs_timeline *tl, tl_vcpu *v, uint64_t t, const char *world)
{
    uint64_t track = UUID(TRACK_VCPU, v->index, 0);
    if (v->idle) {
        v->resume = world;
        return;
    }
    if (v->world == world) {
        return;
    }
    if (v->world) {
        slice_end(tl, track, t);
    }
    v->world = world;
    slice_begin(tl, track, t, world, "world", NULL, 0);
}

static void idle_begin(hs_timeline *tl, tl_vcpu *v, uint64_t t, uint64_t kind)
{
    uint64_t track = UUID(TRACK_VCPU, v->index, 0);
    const char *k = hs_trace_idle_name(kind);
    char *name;

    if (v->idle) {
        return;
    }
    if (v->world) {
        slice_end(tl, track, t);
    }
    v->resume = v->world;
    v->world = NULL;
    v->idle = true;
    name = g_strdup_printf("idle %s", k ? k : "?");
    slice_begin(tl, track, t, keep(tl, name), "idle", NULL, 0);
}

static void idle_end(hs_timeline *tl, tl_vcpu *v, uint64_t t)
{
    const char *resume = v->resume;
    if (!v->idle) {
        return;
    }
    slice_end(tl, UUID(TRACK_VCPU, v->index, 0), t);
    v->idle = false;
    v->resume = NULL;
    if (resume) {
        set_world(tl, v, t, resume);
    }
}

/* ---- list registers ---------------------------------------------------------- */

static unsigned lr_args(hs_timeline *tl, uint32_t value, hs_tl_arg *a)
{
    hs_lr_fields f;
    unsigned n = 0;

    hs_lr_decode(value, &f);
    a[n++] = (hs_tl_arg){ "lr", keep(tl, g_strdup_printf("0x%08x", value)), 0 };
    a[n++] = (hs_tl_arg){ "vintid", NULL, f.vintid };
    a[n++] = (hs_tl_arg){ "priority", keep(tl, g_strdup_printf("0x%02x", f.priority)), 0 };
    a[n++] = (hs_tl_arg){ "group", NULL, f.grp1 };
    a[n++] = (hs_tl_arg){ "hw", NULL, f.hw };
    if (f.hw) {
        a[n++] = (hs_tl_arg){ "pintid", NULL, f.pintid };
    } else {
        a[n++] = (hs_tl_arg){ "cpuid", NULL, f.cpuid };
        a[n++] = (hs_tl_arg){ "eoi", NULL, f.eoi };
    }
    return n;
}

/* LR contents that make one slice: the same state and vINTID. */
static bool lr_same_slice(uint32_t a, uint32_t b)
{
    uint32_t key = GICH_LR_STATE_MASK | GICH_LR_VIRTUALID_MASK;
    return (a & key) == (b & key);
}

static void lr_update(hs_timeline *tl, tl_vcpu *v, uint64_t t, uint64_t lr, uint32_t value)
{
    hs_lr_fields f;
    uint64_t track;
    bool open;

    if (lr >= NLR) {
        return;
    }
    track = lr_track(tl, v->index, (unsigned)lr);
    open = v->lr_open >> lr & 1;
    if (open && lr_same_slice(v->lr[lr], value)) {
        v->lr[lr] = value;
        return;
    }
    if (open) {
        slice_end(tl, track, t);
        v->lr_open &= ~(1ull << lr);
    }
    hs_lr_decode(value, &f);
    if (f.state != GICH_LR_STATE_INVALID) {
        hs_tl_arg a[HS_TL_MAX_ARGS];
        unsigned n = lr_args(tl, value, a);
        char *name = g_strdup_printf("%s vINTID %u", hs_trace_lr_state_name(f.state), f.vintid);
        slice_begin(tl, track, t, keep(tl, name), "lr", a, n);
        v->lr_open |= 1ull << lr;
        v->lr[lr] = value;
    }
}

/* ---- flows: LR write -> guest IAR -> guest EOIR ------------------------------ */

static uint64_t flow_key(uint32_t vcpu, uint32_t vintid)
{
    return (uint64_t)vcpu << 32 | vintid;
}

static bool is_pending(uint32_t lr)
{
    return lr & GICH_LR_STATE_PENDING_BIT;
}

static void flow_for(hs_timeline *tl, const hs_record *r, hs_tl_event *e)
{
    uint64_t key, *id;
    uint32_t intid = (uint32_t)(r->f[2] & GIC_INTID_MASK);

    switch (r->event) {
    case HS_EV_lr_write: {
        uint32_t old = (uint32_t)r->f[1], new = (uint32_t)r->f[2];
        if (!is_pending(new) || (is_pending(old) && lr_same_slice(old, new))) {
            return;
        }
        key = flow_key(r->vcpu, new & GICH_LR_VIRTUALID_MASK);
        e->flow = HS_TL_FLOW_START;
        e->flow_id = ++tl->next_flow;
        g_hash_table_insert(tl->flows, g_memdup2(&key, sizeof key),
                            g_memdup2(&e->flow_id, sizeof e->flow_id));
        return;
    }
    case HS_EV_gic_read:
        if (r->f[0] != HS_GIC_GICV || (r->f[1] != GICC_IAR && r->f[1] != GICC_AIAR)) {
            return;
        }
        key = flow_key(r->vcpu, intid);
        if ((id = g_hash_table_lookup(tl->flows, &key))) {
            e->flow = HS_TL_FLOW_STEP;
            e->flow_id = *id;
        }
        return;
    case HS_EV_gic_write:
        if (r->f[0] != HS_GIC_GICV || (r->f[1] != GICC_EOIR && r->f[1] != GICC_AEOIR)) {
            return;
        }
        key = flow_key(r->vcpu, intid);
        if ((id = g_hash_table_lookup(tl->flows, &key))) {
            e->flow = HS_TL_FLOW_END;
            e->flow_id = *id;
            g_hash_table_remove(tl->flows, &key);
        }
        return;
    default:
        return;
    }
}

/* ---- records ------------------------------------------------------------------ */

static void vcpu_semantics(hs_timeline *tl, tl_vcpu *v, const hs_record *r)
{
    uint64_t t = r->time_ps;

    switch (r->event) {
    case HS_EV_exc_entry:
        idle_end(tl, v, t);
        set_world(tl, v, t, world_of_mode(r->f[2]));
        break;
    case HS_EV_exc_return:
        idle_end(tl, v, t);
        set_world(tl, v, t, world_of_mode(r->f[1]));
        break;
    case HS_EV_guest_entry:
        idle_end(tl, v, t);
        set_world(tl, v, t, g_intern_static_string("guest"));
        break;
    case HS_EV_guest_exit:
        idle_end(tl, v, t);
        set_world(tl, v, t, g_intern_static_string("Hyp"));
        break;
    case HS_EV_idle_begin:
        idle_begin(tl, v, t, r->f[0]);
        break;
    case HS_EV_idle_end:
    case HS_EV_gic_read:
    case HS_EV_gic_write:
    case HS_EV_psci_call:
        idle_end(tl, v, t);
        break;
    case HS_EV_lr_write:
    case HS_EV_lr_state:
        lr_update(tl, v, t, r->f[0], (uint32_t)r->f[2]);
        break;
    case HS_EV_gich_misr:
    case HS_EV_gich_eisr:
    case HS_EV_gich_elrsr:
    case HS_EV_gich_hcr: {
        unsigned which = r->event == HS_EV_gich_misr ? CTR_MISR
                       : r->event == HS_EV_gich_eisr ? CTR_EISR
                       : r->event == HS_EV_gich_elrsr ? CTR_ELRSR : CTR_HCR;
        hs_tl_event e = { .kind = HS_TL_COUNTER, .track = counter_track(tl, v->index, which),
                          .time_ps = t, .value = (int64_t)r->f[1] };
        emit(tl, &e);
        break;
    }
    default:
        break;
    }
}

void hs_timeline_record(hs_timeline *tl, const hs_record *r)
{
    const hs_event_info *info = hs_log_reader_event_info(tl->reader, r->event);
    const char *cls = hs_log_reader_event_class(tl->reader, r->event);
    hs_tl_event e = { .kind = HS_TL_INSTANT, .time_ps = r->time_ps };
    GString *s;

    if (r->time_ps > tl->last_time) {
        tl->last_time = r->time_ps;
    }
    if (r->event == HS_EV_fault) {
        e.track = machine_track(tl, TRACK_FAULTS);
    } else if (r->event == HS_EV_race) {
        e.track = machine_track(tl, TRACK_RACES);
    } else if (r->vcpu == HS_VCPU_NONE) {
        e.track = machine_track(tl, TRACK_MACHINE);
    } else {
        tl_vcpu *v = vcpu_state(tl, r->vcpu);
        e.track = UUID(TRACK_VCPU, r->vcpu, 0);
        vcpu_semantics(tl, v, r);
        flow_for(tl, r, &e);
    }

    e.name = info ? info->name : keep(tl, g_strdup_printf("event#%u", r->event));
    e.category = cls ? cls : "unknown";
    e.arg[e.nargs++] = (hs_tl_arg){ "seq", NULL, r->seq };
    e.arg[e.nargs++] = (hs_tl_arg){ "time_ps", NULL, r->time_ps };
    if (r->vcpu != HS_VCPU_NONE) {
        e.arg[e.nargs++] = (hs_tl_arg){ "cycle", NULL, r->cycle };
    }
    for (unsigned f = 0; info && f < info->nfields; f++) {
        hs_tl_arg *a = &e.arg[e.nargs++];
        a->name = info->field[f];
        a->u = r->f[f];
        if (hs_field_is_hex(info->field[f])) {
            s = g_string_new(NULL);
            hs_field_format(s, info->field[f], r->f[f], tl->sym);
            a->str = keep(tl, g_string_free(s, FALSE));
        }
    }
    if (r->event < HS_EV__COUNT) {
        s = g_string_new(NULL);
        hs_record_annotate(s, r);
        if (s->len > 3) {
            /* Without the " (" and ")" around it. */
            g_string_truncate(s, s->len - 1);
            e.arg[e.nargs++] = (hs_tl_arg){ "meaning", keep(tl, g_strdup(s->str + 2)), 0 };
        }
        g_string_free(s, TRUE);
    }
    emit(tl, &e);
}

static gint by_index(gconstpointer a, gconstpointer b)
{
    const tl_vcpu *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

void hs_timeline_finish(hs_timeline *tl)
{
    GHashTableIter it;
    gpointer key, value;
    GList *order, *l;

    /* Sorted by vCPU, so that output does not depend on hash order. */
    g_hash_table_iter_init(&it, tl->vcpus);
    order = NULL;
    while (g_hash_table_iter_next(&it, &key, &value)) {
        order = g_list_prepend(order, value);
    }
    order = g_list_sort(order, by_index);
    for (l = order; l; l = l->next) {
        tl_vcpu *v = l->data;
        if (v->idle || v->world) {
            slice_end(tl, UUID(TRACK_VCPU, v->index, 0), tl->last_time);
            v->idle = false;
            v->world = NULL;
        }
        for (unsigned lr = 0; lr < NLR; lr++) {
            if (v->lr_open >> lr & 1) {
                slice_end(tl, UUID(TRACK_LR, v->index, lr), tl->last_time);
            }
        }
        v->lr_open = 0;
    }
    g_list_free(order);
}
