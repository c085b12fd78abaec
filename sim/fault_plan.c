/* The fault plan: a GLib key file of [fault NAME] groups and an optional [plan]
 * group, or `--fault` specs holding the same keys. docs/faults.md describes the
 * format. GLib reports lines only for syntax errors, so the lines of groups and
 * keys are found by scanning the text the same way it does. */
#include "sim/fault.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#define FAULT_GROUP_PREFIX "fault "
#define PLAN_GROUP "plan"

const char *hs_fault_strerror(hs_fault_err err)
{
    switch (err) {
    case HS_FAULT_OK: return "success";
    case HS_FAULT_ERR_IO: return "the fault plan cannot be read";
    case HS_FAULT_ERR_SYNTAX: return "the fault plan is not a key file";
    case HS_FAULT_ERR_FIELD: return "a field of the fault plan is malformed";
    case HS_FAULT_ERR_SYMBOL: return "a fault location names a symbol the image does not have";
    case HS_FAULT_ERR_WATCH: return "a fault location cannot be watched";
    }
    return "unknown error";
}

static const char *const wire_names[HS_WIRE__COUNT] = {
    [HS_WIRE_MAINT] = "maintenance",
    [HS_WIRE_PPI] = "ppi",
    [HS_WIRE_SPI] = "spi",
    [HS_WIRE_IRQ] = "irq",
    [HS_WIRE_FIQ] = "fiq",
    [HS_WIRE_VIRQ] = "virq",
    [HS_WIRE_VFIQ] = "vfiq",
    [HS_WIRE_SGI] = "sgi",
};

const char *hs_fault_wire_name(hs_fault_wire_kind k)
{
    return k < HS_WIRE__COUNT ? wire_names[k] : "?";
}

hs_fault_plan *hs_fault_plan_new(void)
{
    hs_fault_plan *p = g_new0(hs_fault_plan, 1);
    p->text = g_strdup("");
    return p;
}

static void fault_clear(hs_fault *f)
{
    g_free(f->name);
    g_free(f->until.symbol);
    g_free(f->trigger.reach.symbol);
}

void hs_fault_plan_free(hs_fault_plan *p)
{
    if (!p) {
        return;
    }
    for (unsigned i = 0; i < p->nfaults; i++) {
        fault_clear(&p->fault[i]);
    }
    g_free(p->fault);
    g_free(p->text);
    g_free(p);
}

/* ---- where things are in the text -------------------------------------------- */

typedef struct text_pos {
    char *group;                 /* NULL: a group header; else the key's group */
    char *key;
    unsigned line;
} text_pos;

static void text_pos_free(gpointer p)
{
    text_pos *t = p;
    g_free(t->group);
    g_free(t->key);
    g_free(t);
}

/* Group headers and keys with their line numbers, as GLib's parser sees them:
 * comments start with '#', a group is "[name]", a key is what precedes '='
 * with the blanks around it removed. */
static GPtrArray *scan_lines(const char *text)
{
    GPtrArray *pos = g_ptr_array_new_with_free_func(text_pos_free);
    char **lines = g_strsplit(text, "\n", -1);
    char *group = NULL;

    for (unsigned i = 0; lines[i]; i++) {
        char *l = g_strstrip(lines[i]);
        text_pos *t;
        char *eq;

        if (!*l || *l == '#') {
            continue;
        }
        t = g_new0(text_pos, 1);
        t->line = i + 1;
        if (*l == '[') {
            char *end = strrchr(l, ']');
            g_free(group);
            group = g_strndup(l + 1, end ? (gsize)(end - l - 1) : strlen(l + 1));
            t->key = g_strdup(group);
        } else if ((eq = strchr(l, '=')) != NULL) {
            *eq = 0;
            t->group = g_strdup(group ? group : "");
            t->key = g_strdup(g_strchomp(l));
        } else {
            g_free(t);
            continue;
        }
        g_ptr_array_add(pos, t);
    }
    g_free(group);
    g_strfreev(lines);
    return pos;
}

static unsigned line_of(GPtrArray *pos, const char *group, const char *key)
{
    for (unsigned i = 0; i < pos->len; i++) {
        const text_pos *t = g_ptr_array_index(pos, i);
        if (key && t->group && !strcmp(t->group, group) && !strcmp(t->key, key)) {
            return t->line;
        }
        if (!key && !t->group && !strcmp(t->key, group)) {
            return t->line;
        }
    }
    return 0;
}

/* ---- one group ------------------------------------------------------------------ */

typedef struct parse_ctx {
    const char *source;          /* the file name, or "--fault N" */
    bool spec;                   /* a --fault spec: no line numbers */
    GKeyFile *kf;
    GPtrArray *pos;
    const char *group;           /* the key file's group name */
    const char *label;           /* what messages call the group: "[fault x]" */
    char **msg;
} parse_ctx;

static hs_fault_err field_error(parse_ctx *c, const char *key, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* "SOURCE: line N: [fault x] KEY: PROBLEM"; the line of the key, or of the
 * group when the key is missing. */
static hs_fault_err field_error(parse_ctx *c, const char *key, const char *fmt, ...)
{
    va_list ap;
    char *problem;
    unsigned line = 0;

    va_start(ap, fmt);
    problem = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (!c->spec) {
        line = key ? line_of(c->pos, c->group, key) : 0;
        if (!line) {
            line = line_of(c->pos, c->group, NULL);
        }
    }
    if (c->msg) {
        GString *m = g_string_new(c->source);
        if (line) {
            g_string_append_printf(m, ": line %u", line);
        }
        if (!c->spec) {
            g_string_append_printf(m, ": %s", c->label);
        }
        if (key) {
            g_string_append_printf(m, "%s%s", c->spec ? ": " : " ", key);
        }
        g_string_append_printf(m, ": %s", problem);
        *c->msg = g_string_free(m, FALSE);
    }
    g_free(problem);
    return HS_FAULT_ERR_FIELD;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (!s || !g_ascii_isdigit(*s)) {
        return false;
    }
    errno = 0;
    *out = g_ascii_strtoull(s, &end, 0);
    return !errno && !*end;
}

bool hs_fault_parse_time(const char *s, hs_time *out)
{
    static const struct { const char *unit; uint64_t ps; } units[] = {
        { "ps", 1 }, { "ns", HS_PS_PER_NS }, { "us", HS_PS_PER_US },
        { "ms", HS_PS_PER_MS }, { "s", HS_PS_PER_S },
    };
    char *end;
    double v;

    if (!s || !g_ascii_isdigit(*s)) {
        return false;
    }
    errno = 0;
    v = g_ascii_strtod(s, &end);
    if (errno || v < 0) {
        return false;
    }
    if (!*end) {
        if (strchr(s, '.') || strchr(s, 'e') || strchr(s, 'E')) {
            return false;            /* picoseconds are whole */
        }
        return parse_u64(s, out);
    }
    for (unsigned i = 0; i < G_N_ELEMENTS(units); i++) {
        if (!strcmp(end, units[i].unit)) {
            double ps = v * (double)units[i].ps;
            if (ps >= 0x1.0p64) {
                return false;
            }
            *out = (hs_time)llround(ps);
            return true;
        }
    }
    return false;
}

/* ADDRESS, SYMBOL or SYMBOL+OFFSET. */
static bool parse_loc(const char *s, hs_fault_loc *loc)
{
    const char *plus = strchr(s, '+');
    char *name;

    loc->symbol = NULL;
    loc->offset = 0;
    if (g_ascii_isdigit(*s)) {
        return parse_u64(s, &loc->offset) && loc->offset <= UINT32_MAX;
    }
    name = plus ? g_strndup(s, (gsize)(plus - s)) : g_strdup(s);
    if (!*name || !(g_ascii_isalpha(*name) || *name == '_' || *name == '.' || *name == '$')) {
        g_free(name);
        return false;
    }
    for (const char *q = name; *q; q++) {
        if (!(g_ascii_isalnum(*q) || *q == '_' || *q == '.' || *q == '$')) {
            g_free(name);
            return false;
        }
    }
    if (plus && !parse_u64(plus + 1, &loc->offset)) {
        g_free(name);
        return false;
    }
    loc->symbol = name;
    return true;
}

#define LOC_SYNTAX "give an address (0x40001234), a symbol (vgic_sync) or symbol+offset " \
                   "(vgic_sync+0x40)"

/* The value of a key, stripped, or NULL when absent. */
static char *get(parse_ctx *c, const char *key)
{
    char *v = g_key_file_get_value(c->kf, c->group, key, NULL);
    return v ? g_strstrip(v) : NULL;
}

#define WIRE_LIST "maintenance, sgi, ppi, spi, irq, fiq, virq or vfiq"

static hs_fault_err parse_wire(parse_ctx *c, hs_fault *f)
{
    char *v = get(c, "wire");
    hs_fault_err e = HS_FAULT_OK;

    if (!v) {
        return field_error(c, NULL, "no 'wire' key: give " WIRE_LIST);
    }
    if (!strcmp(v, "maint")) {
        f->wire = HS_WIRE_MAINT;
    } else {
        unsigned k;
        for (k = 0; k < HS_WIRE__COUNT && strcmp(v, wire_names[k]); k++) {
        }
        if (k == HS_WIRE__COUNT) {
            e = field_error(c, "wire", "'%s' is not a wire: give " WIRE_LIST, v);
        }
        f->wire = (hs_fault_wire_kind)k;
    }
    g_free(v);
    return e;
}

static hs_fault_err parse_targeting(parse_ctx *c, hs_fault *f)
{
    char *v = get(c, "vcpu");
    char *id = get(c, "intid");
    hs_fault_err e = HS_FAULT_OK;
    uint64_t n = 0;

    f->vcpu = -1;
    f->intid = -1;
    if (v && strcmp(v, "all")) {
        if (!parse_u64(v, &n) || n > 7) {
            e = field_error(c, "vcpu", "'%s' is not a vCPU: give 0 to 7, or all", v);
        } else if (f->wire == HS_WIRE_SPI) {
            e = field_error(c, "vcpu", "an SPI wire belongs to no vCPU: leave vcpu out");
        }
        f->vcpu = (int)n;
    }
    if (e == HS_FAULT_OK && id && strcmp(id, "all")) {
        /* The interrupt IDs of each kind, IHI 0048B 2.2.1. */
        static const struct { hs_fault_wire_kind wire; uint64_t lo, hi; const char *what; }
        ids[] = {
            { HS_WIRE_SGI, 0, 15, "an SGI: give 0 to 15, or all" },
            { HS_WIRE_PPI, 16, 31, "a PPI: give 16 to 31, or all" },
            { HS_WIRE_SPI, 32, 1019, "an SPI: give 32 to 1019, or all" },
        };
        unsigned k;
        for (k = 0; k < G_N_ELEMENTS(ids) && ids[k].wire != f->wire; k++) {
        }
        if (k == G_N_ELEMENTS(ids)) {
            e = field_error(c, "intid", "only sgi, ppi and spi wires are chosen by intid");
        } else if (!parse_u64(id, &n) || n < ids[k].lo || n > ids[k].hi) {
            e = field_error(c, "intid", "'%s' is not %s", id, ids[k].what);
        }
        f->intid = (int)n;
    }
    g_free(v);
    g_free(id);
    return e;
}

#define DELAY_SYNTAX "give cycles (500), uniform:LO-HI, exp:MEAN, until-exit, until-switch " \
                     "or until:LOCATION"

static hs_fault_err parse_delay(parse_ctx *c, hs_fault *f, const char *v)
{
    if (!strcmp(v, "until-exit")) {
        f->delay = HS_DELAY_UNTIL_EXIT;
    } else if (!strcmp(v, "until-switch")) {
        f->delay = HS_DELAY_UNTIL_SWITCH;
    } else if (g_str_has_prefix(v, "until:")) {
        f->delay = HS_DELAY_UNTIL_ADDR;
        if (!parse_loc(v + 6, &f->until)) {
            return field_error(c, "delay", "'%s' is not a location: " LOC_SYNTAX, v + 6);
        }
    } else if (g_str_has_prefix(v, "uniform:")) {
        char **lh = g_strsplit(v + 8, "-", 2);
        bool ok = lh[1] && parse_u64(lh[0], &f->delay_a) && parse_u64(lh[1], &f->delay_b) &&
                  f->delay_a <= f->delay_b;
        g_strfreev(lh);
        f->delay = HS_DELAY_UNIFORM;
        if (!ok) {
            return field_error(c, "delay", "'%s' is not a uniform delay: give uniform:LO-HI "
                                           "with cycles LO <= HI", v);
        }
    } else if (g_str_has_prefix(v, "exp:")) {
        f->delay = HS_DELAY_EXPONENTIAL;
        if (!parse_u64(v + 4, &f->delay_a) || f->delay_a == 0) {
            return field_error(c, "delay", "'%s' is not an exponential delay: give exp:MEAN "
                                           "with a mean of at least 1 cycle", v);
        }
    } else {
        f->delay = HS_DELAY_FIXED;
        if (!parse_u64(v, &f->delay_a)) {
            return field_error(c, "delay", "'%s' is not a delay: " DELAY_SYNTAX, v);
        }
    }
    return HS_FAULT_OK;
}

static hs_fault_err parse_action(parse_ctx *c, hs_fault *f)
{
    static const char *const names[] = { "delay", "drop", "duplicate", "retarget" };
    char *v = get(c, "action");
    char *delay = get(c, "delay");
    char *to = get(c, "to");
    char *gap = get(c, "gap");
    hs_fault_err e = HS_FAULT_OK;
    unsigned a;

    if (!v) {
        e = field_error(c, NULL, "no 'action' key: give delay, drop, duplicate or retarget");
        goto out;
    }
    for (a = 0; a < G_N_ELEMENTS(names) && strcmp(v, names[a]); a++) {
    }
    if (a == G_N_ELEMENTS(names)) {
        e = field_error(c, "action", "'%s' is not an action: give delay, drop, duplicate or "
                                     "retarget", v);
        goto out;
    }
    f->action = (hs_fault_action)a;
    if (delay && f->action != HS_FAULT_DELAY) {
        e = field_error(c, "delay", "only action = delay takes a delay");
    } else if (to && f->action != HS_FAULT_RETARGET) {
        e = field_error(c, "to", "only action = retarget takes 'to'");
    } else if (gap && f->action != HS_FAULT_DUPLICATE) {
        e = field_error(c, "gap", "only action = duplicate takes a gap");
    } else if (f->action == HS_FAULT_DELAY) {
        e = delay ? parse_delay(c, f, delay)
                  : field_error(c, NULL, "action = delay needs a 'delay' key: " DELAY_SYNTAX);
    } else if (f->action == HS_FAULT_RETARGET) {
        uint64_t n;
        if (!to) {
            e = field_error(c, NULL, "action = retarget needs a 'to' key: a vCPU (0 to 7), "
                                     "next or none");
        } else if (!strcmp(to, "none")) {
            f->to = HS_FAULT_TO_NONE;
        } else if (!strcmp(to, "next")) {
            f->to = HS_FAULT_TO_NEXT;
        } else if (parse_u64(to, &n) && n <= 7) {
            f->to = (int)n;
        } else {
            e = field_error(c, "to", "'%s' is not a target: give a vCPU (0 to 7), next or none",
                            to);
        }
        if (e == HS_FAULT_OK && f->wire == HS_WIRE_SPI && f->to != HS_FAULT_TO_NONE) {
            e = field_error(c, "to", "an SPI wire belongs to no vCPU and can only be "
                                     "retargeted to none (GICD_ITARGETSR picks its CPU)");
        }
    } else if (f->action == HS_FAULT_DUPLICATE && gap && !parse_u64(gap, &f->gap)) {
        e = field_error(c, "gap", "'%s' is not a number of cycles", gap);
    }
out:
    g_free(v);
    g_free(delay);
    g_free(to);
    g_free(gap);
    return e;
}

#define TRIGGER_SYNTAX "give always, nth:N, probability:P, window:FROM-TO or reach:LOCATION, " \
                       "several joined by ';'"

static hs_fault_err parse_trigger(parse_ctx *c, hs_fault *f)
{
    char *v = get(c, "trigger");
    char *limit = get(c, "limit");
    hs_fault_trigger *t = &f->trigger;
    hs_fault_err e = HS_FAULT_OK;
    char **items;

    t->probability = 1.0;
    if (limit && (!parse_u64(limit, &f->limit) || f->limit == 0)) {
        e = field_error(c, "limit", "'%s' is not a positive number of deliveries", limit);
    }
    items = g_strsplit(v ? v : "", ";", -1);
    for (unsigned i = 0; e == HS_FAULT_OK && items[i]; i++) {
        char *it = g_strstrip(items[i]);
        if (!*it || !strcmp(it, "always")) {
            continue;
        }
        if (g_str_has_prefix(it, "nth:")) {
            if (!parse_u64(it + 4, &t->nth) || t->nth == 0) {
                e = field_error(c, "trigger", "'%s': give nth:N with N >= 1 (1 is the first "
                                              "delivery)", it);
            }
        } else if (g_str_has_prefix(it, "probability:")) {
            char *end;
            errno = 0;
            t->probability = g_ascii_strtod(it + 12, &end);
            if (errno || *end || end == it + 12 || !(t->probability > 0.0) ||
                t->probability > 1.0) {
                e = field_error(c, "trigger", "'%s': give probability:P with 0 < P <= 1", it);
            }
        } else if (g_str_has_prefix(it, "window:")) {
            char **ft = g_strsplit(it + 7, "-", 2);
            t->has_window = true;
            t->to = HS_TIME_NEVER;
            if (!ft[1] || !hs_fault_parse_time(g_strstrip(ft[0]), &t->from) ||
                (*g_strstrip(ft[1]) && !hs_fault_parse_time(ft[1], &t->to)) || t->to <= t->from) {
                e = field_error(c, "trigger", "'%s': give window:FROM-TO in simulated time "
                                              "(10us-20us; TO may be left out), FROM < TO", it);
            }
            g_strfreev(ft);
        } else if (g_str_has_prefix(it, "reach:")) {
            t->has_reach = true;
            if (!parse_loc(it + 6, &t->reach)) {
                e = field_error(c, "trigger", "'%s' is not a location: " LOC_SYNTAX, it + 6);
            }
        } else {
            e = field_error(c, "trigger", "'%s' is not a trigger: " TRIGGER_SYNTAX, it);
        }
    }
    if (e == HS_FAULT_OK && t->nth && !f->limit) {
        f->limit = 1;
    }
    g_strfreev(items);
    g_free(v);
    g_free(limit);
    return e;
}

static const char *const fault_keys[] = {
    "wire", "vcpu", "intid", "action", "delay", "to", "gap", "trigger", "limit", NULL,
};

static hs_fault_err check_keys(parse_ctx *c, const char *const *allowed)
{
    char **keys = g_key_file_get_keys(c->kf, c->group, NULL, NULL);
    hs_fault_err e = HS_FAULT_OK;

    for (unsigned i = 0; keys && keys[i] && e == HS_FAULT_OK; i++) {
        if (!g_strv_contains(allowed, keys[i])) {
            char *list = g_strjoinv(", ", (char **)allowed);
            e = field_error(c, keys[i], "unknown key (known: %s)", list);
            g_free(list);
        }
    }
    g_strfreev(keys);
    return e;
}

static hs_fault_err parse_fault(parse_ctx *c, hs_fault *f)
{
    hs_fault_err e = check_keys(c, fault_keys);

    if (e == HS_FAULT_OK) {
        e = parse_wire(c, f);
    }
    if (e == HS_FAULT_OK) {
        e = parse_targeting(c, f);
    }
    if (e == HS_FAULT_OK) {
        e = parse_action(c, f);
    }
    if (e == HS_FAULT_OK) {
        e = parse_trigger(c, f);
    }
    return e;
}

static hs_fault_err parse_plan_group(parse_ctx *c, hs_fault_plan *p)
{
    static const char *const keys[] = { "seed", "description", NULL };
    hs_fault_err e = check_keys(c, keys);
    char *seed = e == HS_FAULT_OK ? get(c, "seed") : NULL;

    if (seed) {
        if (!parse_u64(seed, &p->seed)) {
            e = field_error(c, "seed", "'%s' is not a number", seed);
        }
        p->has_seed = true;
    }
    g_free(seed);
    return e;
}

/* ---- the whole text ------------------------------------------------------------ */

static hs_fault_err add_text(hs_fault_plan *p, const char *source, bool spec, const char *text,
                             char **msg)
{
    GKeyFile *kf = g_key_file_new();
    GError *gerr = NULL;
    GPtrArray *pos;
    char **groups;
    hs_fault_err e = HS_FAULT_OK;
    unsigned first = p->nfaults;

    if (!g_key_file_load_from_data(kf, text, (gsize)-1, G_KEY_FILE_NONE, &gerr)) {
        if (msg) {
            *msg = g_strdup_printf("%s: %s", source, gerr->message);
        }
        g_error_free(gerr);
        g_key_file_free(kf);
        return HS_FAULT_ERR_SYNTAX;
    }
    pos = scan_lines(text);
    /* GLib merges a group given twice and keeps the last of a key given twice;
     * in a plan either is a mistake. */
    for (unsigned i = 0; i < pos->len && e == HS_FAULT_OK; i++) {
        const text_pos *t = g_ptr_array_index(pos, i);
        unsigned at = t->group ? line_of(pos, t->group, t->key) : line_of(pos, t->key, NULL);
        if (at != t->line && msg) {
            *msg = t->group
                ? g_strdup_printf("%s: line %u: [%s] %s: given again (first at line %u)", source,
                                  t->line, t->group, t->key, at)
                : g_strdup_printf("%s: line %u: [%s] appears again (first at line %u): give "
                                  "each fault its own name", source, t->line, t->key, at);
        }
        if (at != t->line) {
            e = HS_FAULT_ERR_FIELD;
        }
    }
    groups = g_key_file_get_groups(kf, NULL);
    for (unsigned i = 0; groups[i] && e == HS_FAULT_OK; i++) {
        char *label = g_strdup_printf("[%s]", groups[i]);
        parse_ctx c = { .source = source, .spec = spec, .kf = kf, .pos = pos,
                        .group = groups[i], .label = label, .msg = msg };
        if (!strcmp(groups[i], PLAN_GROUP)) {
            e = parse_plan_group(&c, p);
        } else if (g_str_has_prefix(groups[i], FAULT_GROUP_PREFIX) &&
                   *g_strstrip(groups[i] + strlen(FAULT_GROUP_PREFIX))) {
            hs_fault *f;
            p->fault = g_renew(hs_fault, p->fault, p->nfaults + 1);
            f = &p->fault[p->nfaults++];
            memset(f, 0, sizeof *f);
            f->name = g_strdup(groups[i] + strlen(FAULT_GROUP_PREFIX));
            f->line = spec ? 0 : line_of(pos, groups[i], NULL);
            e = parse_fault(&c, f);
        } else {
            e = field_error(&c, NULL, "unknown group: give [plan] or [fault NAME]");
        }
        g_free(label);
    }
    if (e != HS_FAULT_OK) {
        while (p->nfaults > first) {
            fault_clear(&p->fault[--p->nfaults]);
        }
    } else {
        char *all = g_strconcat(p->text, *p->text && !g_str_has_suffix(p->text, "\n") ? "\n" : "",
                                text, NULL);
        g_free(p->text);
        p->text = all;
    }
    g_strfreev(groups);
    g_ptr_array_unref(pos);
    g_key_file_free(kf);
    return e;
}

hs_fault_err hs_fault_plan_add_text(hs_fault_plan *p, const char *source, const char *text,
                                    char **msg)
{
    return add_text(p, source, false, text, msg);
}

hs_fault_err hs_fault_plan_add_file(hs_fault_plan *p, const char *path, char **msg)
{
    GError *gerr = NULL;
    char *text;
    hs_fault_err e;

    if (!g_file_get_contents(path, &text, NULL, &gerr)) {
        if (msg) {
            *msg = g_strdup_printf("%s: %s", path, gerr->message);
        }
        g_error_free(gerr);
        return HS_FAULT_ERR_IO;
    }
    e = add_text(p, path, false, text, msg);
    g_free(text);
    return e;
}

/* A spec becomes the group "[fault --fault N]" of key-file text, parsed as a
 * plan: the plan's text in the trace header then holds it, and a replay parses
 * that text alone. */
hs_fault_err hs_fault_plan_add_spec(hs_fault_plan *p, const char *spec, unsigned index,
                                    char **msg)
{
    char *source = g_strdup_printf("--fault %u", index);
    GString *text = g_string_new(NULL);
    char **pairs = g_strsplit(spec, ",", -1);
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *vals = g_ptr_array_new_with_free_func(g_free);
    hs_fault_err e = HS_FAULT_OK;

    g_string_append_printf(text, "[fault %s]\n", source);
    for (unsigned i = 0; pairs[i] && e == HS_FAULT_OK; i++) {
        char *pair = g_strstrip(pairs[i]);
        char *eq = strchr(pair, '=');
        char *k, *v;
        unsigned j;

        if (!*pair) {
            continue;
        }
        if (!eq) {
            if (msg) {
                *msg = g_strdup_printf("%s: '%s' is not key=value", source, pair);
            }
            e = HS_FAULT_ERR_FIELD;
            break;
        }
        *eq = 0;
        k = g_strstrip(pair);
        v = g_strstrip(eq + 1);
        for (const char *q = v; *q && e == HS_FAULT_OK; q++) {
            if ((unsigned char)*q < 0x20 || *q == '\\') {
                if (msg) {
                    *msg = g_strdup_printf("%s: %s: control characters and '\\' are not "
                                           "allowed", source, k);
                }
                e = HS_FAULT_ERR_FIELD;
            }
        }
        for (j = 0; j < keys->len && strcmp(g_ptr_array_index(keys, j), k); j++) {
        }
        if (j < keys->len && !strcmp(k, "trigger")) {
            char *both = g_strconcat(g_ptr_array_index(vals, j), ";", v, NULL);
            g_free(g_ptr_array_index(vals, j));
            vals->pdata[j] = both;
        } else if (j < keys->len) {
            if (msg && e == HS_FAULT_OK) {
                *msg = g_strdup_printf("%s: %s: given twice", source, k);
            }
            e = HS_FAULT_ERR_FIELD;
        } else if (!*k || strchr(k, '[') || strchr(k, ']')) {
            if (msg && e == HS_FAULT_OK) {
                *msg = g_strdup_printf("%s: '%s' is not a key", source, k);
            }
            e = HS_FAULT_ERR_FIELD;
        } else {
            g_ptr_array_add(keys, g_strdup(k));
            g_ptr_array_add(vals, g_strdup(v));
        }
    }
    for (unsigned j = 0; j < keys->len; j++) {
        g_string_append_printf(text, "%s = %s\n", (char *)g_ptr_array_index(keys, j),
                               (char *)g_ptr_array_index(vals, j));
    }
    if (e == HS_FAULT_OK) {
        e = add_text(p, source, true, text->str, msg);
    }
    g_ptr_array_unref(keys);
    g_ptr_array_unref(vals);
    g_strfreev(pairs);
    g_string_free(text, TRUE);
    g_free(source);
    return e;
}
