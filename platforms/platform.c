#include "platforms/platform.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "hs_config.h"

#define DEVICE_GROUP_PREFIX "device "

typedef struct parse_ctx {
    GKeyFile *kf;
    const char *file;
    char *msg;
    hs_platform_err err;
} parse_ctx;

static const char *const device_type_names[HS_DEV__COUNT] = {
    [HS_DEV_GIC_V2] = "gic-v2",
    [HS_DEV_ARMV7_TIMER] = "armv7-timer",
    [HS_DEV_PL011] = "pl011",
    [HS_DEV_PL031] = "pl031",
    [HS_DEV_SYSTEMC] = "systemc",
};

/* The keys each group may hold; anything else is reported, since a misspelt key
 * would otherwise silently take its default. */
static const char *const machine_keys[] = {
    "name", "model", "compatible", "cpu", "cpus", "max-cpus", "cpu-clock-hz",
    "timer-clock-hz", "unassigned", NULL };
static const char *const memory_keys[] = { "base", "size", NULL };
static const char *const cost_keys[] = {
    "cpi", "exception-entry", "exception-return", "idle-wakeup", NULL };
static const char *const device_keys[HS_DEV__COUNT][12] = {
    [HS_DEV_GIC_V2] = { "type", "dist-base", "cpu-base", "hyp-base", "vcpu-base",
                        "region-size", "irqs", "list-registers", "priority-bits",
                        "maintenance-irq", "access-cycles", NULL },
    [HS_DEV_ARMV7_TIMER] = { "type", "secure-phys-irq", "phys-irq", "virt-irq",
                             "hyp-irq", NULL },
    [HS_DEV_PL011] = { "type", "base", "size", "irq", "clock-hz", "access-cycles", NULL },
    [HS_DEV_PL031] = { "type", "base", "size", "irq", "epoch", "access-cycles", NULL },
    [HS_DEV_SYSTEMC] = { "type", "base", "size", "irq", "library", "compatible",
                         "access-cycles", NULL },
};

const char *hs_platform_strerror(hs_platform_err err)
{
    switch (err) {
    case HS_PLATFORM_OK: return "success";
    case HS_PLATFORM_ERR_NOT_FOUND: return "platform not found";
    case HS_PLATFORM_ERR_SYNTAX: return "platform file is not a valid key file";
    case HS_PLATFORM_ERR_MISSING: return "a required platform group or key is missing";
    case HS_PLATFORM_ERR_VALUE: return "a platform value is malformed or out of range";
    case HS_PLATFORM_ERR_UNKNOWN: return "unknown platform group, key or device type";
    case HS_PLATFORM_ERR_OVERLAP: return "platform regions overlap";
    }
    return "unknown error";
}

const char *hs_device_type_name(hs_device_type type)
{
    return type < HS_DEV__COUNT ? device_type_names[type] : "?";
}

static bool fail(parse_ctx *c, hs_platform_err err, const char *group, const char *key,
                 const char *fmt, ...) G_GNUC_PRINTF(5, 6);

static bool fail(parse_ctx *c, hs_platform_err err, const char *group, const char *key,
                 const char *fmt, ...)
{
    va_list ap;
    char *what;

    if (c->err != HS_PLATFORM_OK) {
        return false;       /* keep the first error */
    }
    va_start(ap, fmt);
    what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (group && key) {
        c->msg = g_strdup_printf("%s: [%s] %s: %s", c->file, group, key, what);
    } else if (group) {
        c->msg = g_strdup_printf("%s: [%s]: %s", c->file, group, what);
    } else {
        c->msg = g_strdup_printf("%s: %s", c->file, what);
    }
    g_free(what);
    c->err = err;
    return false;
}

/* Parses an unsigned number in C syntax with an optional K, M or G suffix (x1024). */
static bool parse_u64(const char *s, bool allow_suffix, uint64_t *out)
{
    char *end;
    unsigned long long v;
    unsigned shift = 0;

    while (*s == ' ' || *s == '\t') {
        s++;
    }
    if (!g_ascii_isdigit(*s)) {
        return false;
    }
    errno = 0;
    v = strtoull(s, &end, 0);
    if (errno) {
        return false;
    }
    if (allow_suffix && *end) {
        switch (*end) {
        case 'K': case 'k': shift = 10; break;
        case 'M': case 'm': shift = 20; break;
        case 'G': case 'g': shift = 30; break;
        default: return false;
        }
        end++;
        if (v > (UINT64_MAX >> shift)) {
            return false;
        }
        v <<= shift;
    }
    while (*end == ' ' || *end == '\t') {
        end++;
    }
    if (*end) {
        return false;
    }
    *out = v;
    return true;
}

static bool get_u64(parse_ctx *c, const char *group, const char *key, bool required,
                    uint64_t dflt, uint64_t min, uint64_t max, bool size, uint64_t *out)
{
    char *s = g_key_file_get_value(c->kf, group, key, NULL);
    uint64_t v;

    if (!s) {
        if (required) {
            return fail(c, HS_PLATFORM_ERR_MISSING, group, key, "required key is missing");
        }
        *out = dflt;
        return true;
    }
    if (!parse_u64(s, size, &v)) {
        fail(c, HS_PLATFORM_ERR_VALUE, group, key, "'%s' is not a %s", s,
             size ? "size (a number with an optional K, M or G suffix)" : "number");
        g_free(s);
        return false;
    }
    g_free(s);
    if (v < min || v > max) {
        return fail(c, HS_PLATFORM_ERR_VALUE, group, key,
                    "%" G_GUINT64_FORMAT " is out of range [%" G_GUINT64_FORMAT
                    ", %" G_GUINT64_FORMAT "]", v, min, max);
    }
    *out = v;
    return true;
}

static bool get_uint(parse_ctx *c, const char *group, const char *key, bool required,
                     unsigned dflt, unsigned min, unsigned max, unsigned *out)
{
    uint64_t v;
    if (!get_u64(c, group, key, required, dflt, min, max, false, &v)) {
        return false;
    }
    *out = (unsigned)v;
    return true;
}

static bool get_string(parse_ctx *c, const char *group, const char *key, bool required,
                       const char *dflt, char **out)
{
    char *s = g_key_file_get_string(c->kf, group, key, NULL);
    if (!s) {
        if (required) {
            return fail(c, HS_PLATFORM_ERR_MISSING, group, key, "required key is missing");
        }
        s = g_strdup(dflt);
    }
    *out = s;
    return true;
}

/* "1.25" -> 1250; at most three decimals, so costs stay exact integers. */
static bool get_milli(parse_ctx *c, const char *group, const char *key, uint32_t dflt,
                      uint32_t *out)
{
    char *s = g_key_file_get_value(c->kf, group, key, NULL);
    uint64_t whole = 0, frac = 0;
    unsigned digits = 0;
    const char *p;

    if (!s) {
        *out = dflt;
        return true;
    }
    p = g_strstrip(s);
    if (!g_ascii_isdigit(*p)) {
        goto bad;
    }
    while (g_ascii_isdigit(*p)) {
        whole = whole * 10 + (uint64_t)(*p++ - '0');
        if (whole > 1000000) {
            goto bad;
        }
    }
    if (*p == '.') {
        p++;
        while (g_ascii_isdigit(*p) && digits < 3) {
            frac = frac * 10 + (uint64_t)(*p++ - '0');
            digits++;
        }
    }
    if (*p) {
        goto bad;
    }
    while (digits++ < 3) {
        frac *= 10;
    }
    if (whole * 1000 + frac == 0) {
        goto bad;
    }
    *out = (uint32_t)(whole * 1000 + frac);
    g_free(s);
    return true;
bad:
    fail(c, HS_PLATFORM_ERR_VALUE, group, key,
         "'%s' is not a positive decimal number with at most three decimals", s);
    g_free(s);
    return false;
}

static bool check_keys(parse_ctx *c, const char *group, const char *const *allowed)
{
    gsize n;
    char **keys = g_key_file_get_keys(c->kf, group, &n, NULL);
    bool ok = true;

    for (gsize i = 0; keys && i < n && ok; i++) {
        bool known = false;
        for (const char *const *a = allowed; *a; a++) {
            if (!strcmp(*a, keys[i])) {
                known = true;
                break;
            }
        }
        if (!known) {
            ok = fail(c, HS_PLATFORM_ERR_UNKNOWN, group, keys[i], "unknown key");
        }
    }
    g_strfreev(keys);
    return ok;
}

static bool parse_device(parse_ctx *c, const char *group, hs_platform_device *d)
{
    char *type = NULL;
    unsigned t;
    uint64_t v;
    const uint64_t max_addr = UINT64_C(0xffffffff);

    d->name = g_strdup(group + strlen(DEVICE_GROUP_PREFIX));
    if (!get_string(c, group, "type", true, NULL, &type)) {
        return false;
    }
    for (t = 0; t < HS_DEV__COUNT; t++) {
        if (!strcmp(type, device_type_names[t])) {
            break;
        }
    }
    if (t == HS_DEV__COUNT) {
        fail(c, HS_PLATFORM_ERR_UNKNOWN, group, "type",
             "unknown device type '%s' (known: gic-v2, armv7-timer, pl011, pl031, systemc)",
             type);
        g_free(type);
        return false;
    }
    g_free(type);
    d->type = t;
    if (!check_keys(c, group, device_keys[t])) {
        return false;
    }
    if (!get_u64(c, group, "access-cycles", false, 0, 0, 1000000, false, &v)) {
        return false;
    }
    d->access_cycles = (uint32_t)v;

    switch (d->type) {
    case HS_DEV_GIC_V2:
        /* IHI 0048B 4.3.2: ITLinesNumber allows 32..1020 interrupt IDs;
         * 5.3.3 VTR.ListRegs allows 1..64 list registers; 3.3 priority bits 4..8. */
        return get_u64(c, group, "dist-base", true, 0, 0, max_addr, false, &d->u.gic.dist_base) &&
               get_u64(c, group, "cpu-base", true, 0, 0, max_addr, false, &d->u.gic.cpu_base) &&
               get_u64(c, group, "hyp-base", true, 0, 0, max_addr, false, &d->u.gic.hyp_base) &&
               get_u64(c, group, "vcpu-base", true, 0, 0, max_addr, false, &d->u.gic.vcpu_base) &&
               get_u64(c, group, "region-size", false, 0x10000, 0x2000, 0x100000, true,
                       &d->u.gic.region_size) &&
               get_uint(c, group, "irqs", false, 288, 32, 1020, &d->u.gic.irqs) &&
               get_uint(c, group, "list-registers", false, 4, 1, 64, &d->u.gic.list_registers) &&
               get_uint(c, group, "priority-bits", false, 5, 4, 8, &d->u.gic.priority_bits) &&
               get_uint(c, group, "maintenance-irq", false, 25, 16, 31,
                        &d->u.gic.maintenance_irq);
    case HS_DEV_ARMV7_TIMER:
        return get_uint(c, group, "secure-phys-irq", false, 29, 16, 31,
                        &d->u.timer.secure_phys_irq) &&
               get_uint(c, group, "phys-irq", false, 30, 16, 31, &d->u.timer.phys_irq) &&
               get_uint(c, group, "virt-irq", false, 27, 16, 31, &d->u.timer.virt_irq) &&
               get_uint(c, group, "hyp-irq", false, 26, 16, 31, &d->u.timer.hyp_irq);
    case HS_DEV_PL011:
    case HS_DEV_PL031:
        if (!get_u64(c, group, "base", true, 0, 0, max_addr, false, &d->base) ||
            !get_u64(c, group, "size", false, 0x1000, 0x1000, 0x100000, true, &d->size) ||
            !get_uint(c, group, "irq", true, 0, 32, 1019, &d->irq)) {
            return false;
        }
        if (d->type == HS_DEV_PL011) {
            return get_u64(c, group, "clock-hz", false, 24000000, 1, UINT32_MAX, false,
                           &d->u.uart.clock_hz);
        }
        return get_u64(c, group, "epoch", false, 0, 0, UINT32_MAX, false, &d->u.rtc.epoch);
    case HS_DEV_SYSTEMC:
        if (!get_u64(c, group, "base", true, 0, 0, max_addr, false, &d->base) ||
            !get_u64(c, group, "size", false, 0x1000, 0x1000, UINT64_C(0x10000000), true,
                     &d->size) ||
            !get_uint(c, group, "irq", false, 0, 0, 1019, &d->irq) ||
            !get_string(c, group, "library", true, NULL, &d->u.systemc.library)) {
            return false;
        }
        if (d->irq && d->irq < 32) {
            return fail(c, HS_PLATFORM_ERR_VALUE, group, "irq",
                        "%u is not an SPI (INTID 32 and up; 0 for none)", d->irq);
        }
        d->u.systemc.compatible = g_key_file_get_string_list(c->kf, group, "compatible", NULL,
                                                             NULL);
        for (char **v = d->u.systemc.compatible; v && *v; v++) {
            g_strstrip(*v);
            if (!**v) {
                return fail(c, HS_PLATFORM_ERR_VALUE, group, "compatible",
                            "an empty name in the list (give \"vendor,device\" names, "
                            "separated by ';')");
            }
        }
        /* A relative path is the platform file's neighbour. */
        if (!g_path_is_absolute(d->u.systemc.library)) {
            char *dir = g_path_get_dirname(c->file);
            char *path = g_build_filename(dir, d->u.systemc.library, NULL);
            g_free(dir);
            g_free(d->u.systemc.library);
            d->u.systemc.library = path;
        }
        return true;
    case HS_DEV__COUNT:
        break;
    }
    return false;
}

typedef struct region {
    const char *what;
    uint64_t base, size;
} region;

static bool check_regions(parse_ctx *c, hs_platform *p)
{
    GArray *r = g_array_new(FALSE, FALSE, sizeof(region));
    bool ok = true;
    region ram = { "memory", p->ram_base, p->ram_size };
    char *names[HS_DEV__COUNT * 4 + 1];
    unsigned nnames = 0;

    g_array_append_val(r, ram);
    for (unsigned i = 0; i < p->ndev; i++) {
        const hs_platform_device *d = &p->dev[i];
        if (d->type == HS_DEV_GIC_V2) {
            static const char *const part[] = { "distributor", "cpu interface",
                                                "virtual interface control",
                                                "virtual cpu interface" };
            const uint64_t base[] = { d->u.gic.dist_base, d->u.gic.cpu_base,
                                      d->u.gic.hyp_base, d->u.gic.vcpu_base };
            for (unsigned k = 0; k < 4 && nnames < G_N_ELEMENTS(names); k++) {
                region g = { NULL, base[k], d->u.gic.region_size };
                g.what = names[nnames++] = g_strdup_printf("device %s (%s)", d->name, part[k]);
                g_array_append_val(r, g);
            }
        } else if (d->size) {
            region g = { NULL, d->base, d->size };
            if (nnames < G_N_ELEMENTS(names)) {
                g.what = names[nnames++] = g_strdup_printf("device %s", d->name);
                g_array_append_val(r, g);
            }
        }
    }
    for (guint i = 0; ok && i < r->len; i++) {
        const region *a = &g_array_index(r, region, i);
        if (a->base & 0xfff || a->size & 0xfff) {
            ok = fail(c, HS_PLATFORM_ERR_VALUE, NULL, NULL,
                      "%s at 0x%" G_GINT64_MODIFIER "x size 0x%" G_GINT64_MODIFIER
                      "x is not aligned to 4 KiB", a->what, a->base, a->size);
        } else if (a->base + a->size > UINT64_C(0x100000000) || a->base + a->size < a->base) {
            ok = fail(c, HS_PLATFORM_ERR_VALUE, NULL, NULL,
                      "%s ends beyond the 32-bit physical address space", a->what);
        }
        for (guint j = i + 1; ok && j < r->len; j++) {
            const region *b = &g_array_index(r, region, j);
            if (a->base < b->base + b->size && b->base < a->base + a->size) {
                ok = fail(c, HS_PLATFORM_ERR_OVERLAP, NULL, NULL,
                          "%s [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER
                          "x) overlaps %s [0x%" G_GINT64_MODIFIER "x, 0x%" G_GINT64_MODIFIER "x)",
                          a->what, a->base, a->base + a->size, b->what, b->base,
                          b->base + b->size);
            }
        }
    }
    for (unsigned i = 0; i < nnames; i++) {
        g_free(names[i]);
    }
    g_array_free(r, TRUE);
    return ok;
}

/* What answers an access to an address where nothing is mapped: "ignore" (reads
 * as zero, writes ignored, a guest error logged) or "abort" (a synchronous
 * external abort, as QEMU's virt board and an AXI interconnect's DECERR give). */
static bool get_unassigned(parse_ctx *c, hs_platform *p)
{
    char *how;
    bool ok = true;

    if (!get_string(c, "machine", "unassigned", false, "ignore", &how)) {
        return false;
    }
    if (!strcmp(how, "abort")) {
        p->unassigned_abort = true;
    } else if (strcmp(how, "ignore")) {
        ok = fail(c, HS_PLATFORM_ERR_VALUE, "machine", "unassigned",
                  "'%s' is neither 'ignore' nor 'abort'", how);
    }
    g_free(how);
    return ok;
}

static bool parse_all(parse_ctx *c, hs_platform *p)
{
    gsize ngroups;
    char **groups;
    uint64_t v;
    bool ok = true;

    if (!g_key_file_has_group(c->kf, "machine")) {
        return fail(c, HS_PLATFORM_ERR_MISSING, "machine", NULL, "required group is missing");
    }
    if (!g_key_file_has_group(c->kf, "memory")) {
        return fail(c, HS_PLATFORM_ERR_MISSING, "memory", NULL, "required group is missing");
    }
    if (!check_keys(c, "machine", machine_keys) || !check_keys(c, "memory", memory_keys) ||
        (g_key_file_has_group(c->kf, "cost") && !check_keys(c, "cost", cost_keys))) {
        return false;
    }
    if (!get_string(c, "machine", "name", true, NULL, &p->name) ||
        !get_string(c, "machine", "model", false, p->name, &p->model) ||
        !get_string(c, "machine", "compatible", false, "linux,dummy-virt", &p->compatible) ||
        !get_string(c, "machine", "cpu", false, "cortex-a15", &p->cpu) ||
        !get_uint(c, "machine", "max-cpus", false, 8, 1, 8, &p->max_cpus) ||
        !get_uint(c, "machine", "cpus", false, 1, 1, p->max_cpus, &p->cpus) ||
        !get_u64(c, "machine", "cpu-clock-hz", false, 1000000000, 1000, UINT64_C(100000000000),
                 false, &p->cpu_clock_hz) ||
        !get_u64(c, "machine", "timer-clock-hz", false, 62500000, 1000, UINT64_C(10000000000),
                 false, &p->timer_clock_hz) ||
        !get_u64(c, "memory", "base", true, 0, 0, UINT64_C(0xffffffff), false, &p->ram_base) ||
        !get_u64(c, "memory", "size", true, 0, 0x100000, UINT64_C(0xc0000000), true,
                 &p->ram_size)) {
        return false;
    }
    if (strcmp(p->cpu, "cortex-a15")) {
        return fail(c, HS_PLATFORM_ERR_VALUE, "machine", "cpu",
                    "'%s' is not a supported CPU (supported: cortex-a15)", p->cpu);
    }
    if (!get_unassigned(c, p)) {
        return false;
    }
    if (!get_milli(c, "cost", "cpi", 1000, &p->cost.cpi_milli)) {
        return false;
    }
    if (!get_u64(c, "cost", "exception-entry", false, 20, 0, 1000000, false, &v)) {
        return false;
    }
    p->cost.exception_entry = (uint32_t)v;
    if (!get_u64(c, "cost", "exception-return", false, 10, 0, 1000000, false, &v)) {
        return false;
    }
    p->cost.exception_return = (uint32_t)v;
    if (!get_u64(c, "cost", "idle-wakeup", false, 0, 0, 1000000, false, &v)) {
        return false;
    }
    p->cost.idle_wakeup = (uint32_t)v;

    groups = g_key_file_get_groups(c->kf, &ngroups);
    p->dev = g_new0(hs_platform_device, ngroups);
    for (gsize i = 0; ok && i < ngroups; i++) {
        const char *g = groups[i];
        if (!strcmp(g, "machine") || !strcmp(g, "memory") || !strcmp(g, "cost")) {
            continue;
        }
        if (strncmp(g, DEVICE_GROUP_PREFIX, strlen(DEVICE_GROUP_PREFIX)) ||
            !g[strlen(DEVICE_GROUP_PREFIX)]) {
            ok = fail(c, HS_PLATFORM_ERR_UNKNOWN, g, NULL,
                      "unknown group (expected machine, memory, cost or \"device NAME\")");
            break;
        }
        ok = parse_device(c, g, &p->dev[p->ndev++]);
    }
    g_strfreev(groups);
    if (!ok) {
        return false;
    }
    for (unsigned t = 0; t < HS_DEV__COUNT; t++) {
        unsigned n = 0;
        for (unsigned i = 0; i < p->ndev; i++) {
            n += p->dev[i].type == t;
        }
        if ((t == HS_DEV_GIC_V2 || t == HS_DEV_ARMV7_TIMER) && n != 1) {
            return fail(c, n ? HS_PLATFORM_ERR_VALUE : HS_PLATFORM_ERR_MISSING, NULL, NULL,
                        "a platform needs exactly one device of type %s, this one has %u",
                        device_type_names[t], n);
        }
    }
    return check_regions(c, p);
}

hs_platform_err hs_platform_parse(const char *data, size_t len, const char *filename,
                                  hs_platform **out, char **msg)
{
    parse_ctx c = { .kf = g_key_file_new(), .file = filename, .err = HS_PLATFORM_OK };
    GError *gerr = NULL;
    hs_platform *p = g_new0(hs_platform, 1);

    p->path = g_strdup(filename);
    if (!g_key_file_load_from_data(c.kf, data, len, G_KEY_FILE_NONE, &gerr)) {
        fail(&c, HS_PLATFORM_ERR_SYNTAX, NULL, NULL, "%s", gerr->message);
        g_error_free(gerr);
    } else {
        parse_all(&c, p);
    }
    g_key_file_free(c.kf);
    if (c.err != HS_PLATFORM_OK) {
        hs_platform_free(p);
        *out = NULL;
        if (msg) {
            *msg = c.msg;
        } else {
            g_free(c.msg);
        }
        return c.err;
    }
    *out = p;
    if (msg) {
        *msg = NULL;
    }
    return HS_PLATFORM_OK;
}

hs_platform_err hs_platform_load(const char *name_or_path, hs_platform **out, char **msg)
{
    char *path, *data;
    gsize len;
    GError *gerr = NULL;
    hs_platform_err err;

    if (strchr(name_or_path, '/') || g_str_has_suffix(name_or_path, ".platform")) {
        path = g_strdup(name_or_path);
    } else {
        const char *dir = g_getenv("HYPSIM_PLATFORM_DIR");
        char *file = g_strconcat(name_or_path, ".platform", NULL);
        path = g_build_filename(dir ? dir : HS_PLATFORM_DIR, file, NULL);
        g_free(file);
    }
    if (!g_file_get_contents(path, &data, &len, &gerr)) {
        if (msg) {
            *msg = g_strdup_printf("%s: %s", path, gerr->message);
        }
        g_error_free(gerr);
        g_free(path);
        *out = NULL;
        return HS_PLATFORM_ERR_NOT_FOUND;
    }
    err = hs_platform_parse(data, len, path, out, msg);
    g_free(data);
    g_free(path);
    return err;
}

void hs_platform_free(hs_platform *p)
{
    if (!p) {
        return;
    }
    for (unsigned i = 0; i < p->ndev; i++) {
        g_free(p->dev[i].name);
        if (p->dev[i].type == HS_DEV_SYSTEMC) {
            g_free(p->dev[i].u.systemc.library);
            g_strfreev(p->dev[i].u.systemc.compatible);
        }
    }
    g_free(p->dev);
    g_free(p->path);
    g_free(p->name);
    g_free(p->model);
    g_free(p->compatible);
    g_free(p->cpu);
    g_free(p);
}

const hs_platform_device *hs_platform_find(const hs_platform *p, hs_device_type type)
{
    for (unsigned i = 0; i < p->ndev; i++) {
        if (p->dev[i].type == type) {
            return &p->dev[i];
        }
    }
    return NULL;
}
