#include "traces/decode.h"

#include <inttypes.h>
#include <string.h>

#include "cpu/arm.h"
#include "models/gic/gic_regs.h"
#include "sim/fault.h"

#define NAME_OF(table, v) ((v) < G_N_ELEMENTS(table) ? (table)[v] : NULL)

const char *hs_trace_exc_name(uint64_t type)
{
    static const char *const names[HS_EXC__COUNT] = {
        [HS_EXC_UNDEF] = "undef", [HS_EXC_SVC] = "svc",
        [HS_EXC_PABT] = "pabt", [HS_EXC_DABT] = "dabt",
        [HS_EXC_IRQ] = "irq", [HS_EXC_FIQ] = "fiq",
        [HS_EXC_VIRQ] = "virq", [HS_EXC_VFIQ] = "vfiq",
        [HS_EXC_VABT] = "vabt", [HS_EXC_HVC] = "hvc",
        [HS_EXC_HYP_TRAP] = "hyp-trap",
    };
    return NAME_OF(names, type);
}

/* DDI 0406C B1.3.1 Table B1-1. */
const char *hs_trace_mode_name(uint64_t mode)
{
    switch (mode) {
    case ARM_MODE_USR: return "usr";
    case ARM_MODE_FIQ: return "fiq";
    case ARM_MODE_IRQ: return "irq";
    case ARM_MODE_SVC: return "svc";
    case ARM_MODE_MON: return "mon";
    case ARM_MODE_ABT: return "abt";
    case ARM_MODE_HYP: return "hyp";
    case ARM_MODE_UND: return "und";
    case ARM_MODE_SYS: return "sys";
    default: return NULL;
    }
}

const char *hs_trace_line_name(uint64_t line)
{
    static const char *const names[HS_LINE__COUNT] = {
        [HS_LINE_IRQ] = "IRQ", [HS_LINE_FIQ] = "FIQ", [HS_LINE_VIRQ] = "VIRQ",
        [HS_LINE_VFIQ] = "VFIQ", [HS_LINE_MAINT] = "maintenance",
    };
    return NAME_OF(names, line);
}

const char *hs_trace_block_name(uint64_t block)
{
    static const char *const names[] = {
        [HS_GIC_GICD] = "GICD", [HS_GIC_GICC] = "GICC", [HS_GIC_GICH] = "GICH",
        [HS_GIC_GICV] = "GICV",
    };
    return NAME_OF(names, block);
}

const char *hs_trace_idle_name(uint64_t kind)
{
    static const char *const names[] = { "WFI", "WFE" };
    return NAME_OF(names, kind);
}

/* DDI 0406C B8.1: the timers of a processor with the Virtualization Extensions. */
const char *hs_trace_timer_name(uint64_t timer)
{
    static const char *const names[] = { "physical", "virtual", "Hyp", "secure physical" };
    return NAME_OF(names, timer);
}

const char *hs_trace_lr_state_name(unsigned state)
{
    static const char *const names[] = {
        [GICH_LR_STATE_INVALID] = "invalid", [GICH_LR_STATE_PENDING] = "pending",
        [GICH_LR_STATE_ACTIVE] = "active", [GICH_LR_STATE_PENDING_ACTIVE] = "pending+active",
    };
    return NAME_OF(names, state);
}

const char *hs_trace_fault_kind_name(uint64_t kind)
{
    static const char *const names[] = {
        [HS_FAULT_EV_HOLD] = "hold", [HS_FAULT_EV_RELEASE] = "release",
        [HS_FAULT_EV_DROP] = "drop", [HS_FAULT_EV_DUPLICATE] = "duplicate",
        [HS_FAULT_EV_RETARGET] = "retarget", [HS_FAULT_EV_ARM] = "arm",
    };
    return NAME_OF(names, kind);
}

const hs_enum_field hs_enum_fields[] = {
    { "gic_read, gic_write", "block", hs_trace_block_name, 4, false },
    { "line", "line", hs_trace_line_name, HS_LINE__COUNT, false },
    { "exc_entry", "type", hs_trace_exc_name, HS_EXC__COUNT, false },
    { "exc_entry, exc_return", "from_mode, to_mode", hs_trace_mode_name, 32, true },
    { "idle_begin", "kind", hs_trace_idle_name, 2, false },
    { "timer_fire", "timer", hs_trace_timer_name, 4, false },
    { "fault", "kind", hs_trace_fault_kind_name, HS_FAULT_EV_ARM + 1, false },
};
const size_t hs_enum_field_count = G_N_ELEMENTS(hs_enum_fields);

/* ---- GIC registers ---------------------------------------------------------- */

/* A register, or an array of them when last > first (4-byte stride). */
typedef struct reg_range {
    uint32_t first, last;
    const char *name;
} reg_range;

/* IHI 0048B 4.1.2 Table 4-1. */
static const reg_range gicd_regs[] = {
    { GICD_CTLR, GICD_CTLR, "CTLR" },
    { GICD_TYPER, GICD_TYPER, "TYPER" },
    { GICD_IIDR, GICD_IIDR, "IIDR" },
    { GICD_IGROUPR, GICD_IGROUPR_END, "IGROUPR" },
    { GICD_ISENABLER, GICD_ISENABLER_END, "ISENABLER" },
    { GICD_ICENABLER, GICD_ICENABLER_END, "ICENABLER" },
    { GICD_ISPENDR, GICD_ISPENDR_END, "ISPENDR" },
    { GICD_ICPENDR, GICD_ICPENDR_END, "ICPENDR" },
    { GICD_ISACTIVER, GICD_ISACTIVER_END, "ISACTIVER" },
    { GICD_ICACTIVER, GICD_ICACTIVER_END, "ICACTIVER" },
    { GICD_IPRIORITYR, GICD_IPRIORITYR_END, "IPRIORITYR" },
    { GICD_ITARGETSR, GICD_ITARGETSR_END, "ITARGETSR" },
    { GICD_ICFGR, GICD_ICFGR_END, "ICFGR" },
    { GICD_NSACR, GICD_NSACR_END, "NSACR" },
    { GICD_SGIR, GICD_SGIR, "SGIR" },
    { GICD_CPENDSGIR, GICD_CPENDSGIR_END, "CPENDSGIR" },
    { GICD_SPENDSGIR, GICD_SPENDSGIR_END, "SPENDSGIR" },
    { GICD_PIDR4, GICD_ID_END, "ID" },
};

/* IHI 0048B 4.1.3 Table 4-2; GICV has the same layout (5.4). */
static const reg_range gicc_regs[] = {
    { GICC_CTLR, GICC_CTLR, "CTLR" },
    { GICC_PMR, GICC_PMR, "PMR" },
    { GICC_BPR, GICC_BPR, "BPR" },
    { GICC_IAR, GICC_IAR, "IAR" },
    { GICC_EOIR, GICC_EOIR, "EOIR" },
    { GICC_RPR, GICC_RPR, "RPR" },
    { GICC_HPPIR, GICC_HPPIR, "HPPIR" },
    { GICC_ABPR, GICC_ABPR, "ABPR" },
    { GICC_AIAR, GICC_AIAR, "AIAR" },
    { GICC_AEOIR, GICC_AEOIR, "AEOIR" },
    { GICC_AHPPIR, GICC_AHPPIR, "AHPPIR" },
    { GICC_APR0, GICC_APR_END, "APR" },
    { GICC_NSAPR0, GICC_NSAPR_END, "NSAPR" },
    { GICC_IIDR, GICC_IIDR, "IIDR" },
    { GICC_DIR, GICC_DIR, "DIR" },
};

/* IHI 0048B 5.3 Table 5-1. */
static const reg_range gich_regs[] = {
    { GICH_HCR, GICH_HCR, "HCR" },
    { GICH_VTR, GICH_VTR, "VTR" },
    { GICH_VMCR, GICH_VMCR, "VMCR" },
    { GICH_MISR, GICH_MISR, "MISR" },
    { GICH_EISR0, GICH_EISR0, "EISR0" },
    { GICH_EISR1, GICH_EISR1, "EISR1" },
    { GICH_ELRSR0, GICH_ELRSR0, "ELRSR0" },
    { GICH_ELRSR1, GICH_ELRSR1, "ELRSR1" },
    { GICH_APR, GICH_APR, "APR" },
    { GICH_LR0, GICH_LR_END, "LR" },
};

static bool range_name(const reg_range *t, size_t n, uint64_t off, GString *out)
{
    for (size_t i = 0; i < n; i++) {
        if (off < t[i].first || off > (t[i].last | 3) || (t[i].last == t[i].first && off & 3)) {
            continue;
        }
        g_string_append(out, t[i].name);
        if (t[i].last > t[i].first) {
            g_string_append_printf(out, "%u", (unsigned)((off - t[i].first) / 4));
        }
        if (off & 3) {
            g_string_append_printf(out, "+%u", (unsigned)(off & 3));
        }
        return true;
    }
    return false;
}

const char *hs_gic_reg_name(uint64_t block, uint64_t offset, char *buf, size_t len)
{
    GString *s = g_string_new(hs_trace_block_name(block) ? hs_trace_block_name(block) : "GIC?");
    bool found = false;

    g_string_append_c(s, '_');
    switch (block) {
    case HS_GIC_GICD:
        found = range_name(gicd_regs, G_N_ELEMENTS(gicd_regs), offset, s);
        break;
    case HS_GIC_GICC:
    case HS_GIC_GICV:
        found = range_name(gicc_regs, G_N_ELEMENTS(gicc_regs), offset, s);
        break;
    case HS_GIC_GICH:
        /* The GIC-400's per-processor alias blocks follow the accessing CPU's view. */
        if (offset >= GICH_ALIAS_BASE) {
            uint64_t cpu = (offset - GICH_ALIAS_BASE) / GICH_BLOCK_SIZE;
            g_string_truncate(s, 4);
            g_string_append_printf(s, "(cpu%" PRIu64 ")_", cpu);
            offset = (offset - GICH_ALIAS_BASE) % GICH_BLOCK_SIZE;
        }
        found = range_name(gich_regs, G_N_ELEMENTS(gich_regs), offset, s);
        break;
    }
    if (!found) {
        g_string_append_printf(s, "0x%03" PRIx64, offset);
    }
    g_strlcpy(buf, s->str, len);
    g_string_free(s, TRUE);
    return buf;
}

/* ---- list registers --------------------------------------------------------- */

void hs_lr_decode(uint32_t lr, hs_lr_fields *out)
{
    out->state = (lr & GICH_LR_STATE_MASK) >> GICH_LR_STATE_SHIFT;
    out->vintid = lr & GICH_LR_VIRTUALID_MASK;
    out->priority = ((lr & GICH_LR_PRIORITY_MASK) >> GICH_LR_PRIORITY_SHIFT) << GIC_VIRT_PRIO_SHIFT;
    out->hw = lr & GICH_LR_HW;
    out->grp1 = lr & GICH_LR_GRP1;
    out->eoi = !out->hw && (lr & GICH_LR_EOI);
    out->cpuid = out->hw ? 0 : (lr & GICH_LR_CPUID_MASK) >> GICH_LR_CPUID_SHIFT;
    out->pintid = out->hw ? (lr & GICH_LR_PHYSICALID_MASK) >> GICH_LR_PHYSICALID_SHIFT : 0;
}

void hs_lr_describe(GString *out, uint32_t lr)
{
    hs_lr_fields f;

    hs_lr_decode(lr, &f);
    g_string_append(out, hs_trace_lr_state_name(f.state));
    if (f.state == GICH_LR_STATE_INVALID && !(lr & ~GICH_LR_STATE_MASK)) {
        return;
    }
    g_string_append_printf(out, " vINTID %u prio 0x%02x", f.vintid, f.priority);
    if (f.grp1) {
        g_string_append(out, " grp1");
    }
    if (f.hw) {
        g_string_append_printf(out, " hw pINTID %u", f.pintid);
    } else {
        if (f.cpuid) {
            g_string_append_printf(out, " cpuid %u", f.cpuid);
        }
        if (f.eoi) {
            g_string_append(out, " eoi");
        }
    }
}

/* ---- records ---------------------------------------------------------------- */

bool hs_field_is_hex(const char *field)
{
    static const char *const hex[] = {
        "old", "new", "value", "offset", "pc", "hsr", "function", "arg0", "arg1", "result",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(hex); i++) {
        if (!strcmp(field, hex[i])) {
            return true;
        }
    }
    return false;
}

void hs_field_format(GString *out, const char *field, uint64_t v, const hs_symbolizer *sym)
{
    const char *name;
    uint64_t off;

    if (!hs_field_is_hex(field)) {
        g_string_append_printf(out, "%" PRIu64, v);
        return;
    }
    g_string_append_printf(out, v <= UINT32_MAX ? "0x%08" PRIx64 : "0x%" PRIx64, v);
    if (!strcmp(field, "pc") && sym && sym->lookup(sym->opaque, v, &name, &off)) {
        g_string_append_printf(out, off ? " <%s+0x%" PRIx64 ">" : " <%s>", name, off);
    }
}

static void append_bits(GString *out, uint64_t v, const char *const *names, unsigned n)
{
    bool any = false;
    for (unsigned b = 0; b < n; b++) {
        if (v >> b & 1 && names[b]) {
            g_string_append_printf(out, "%s%s", any ? " " : "", names[b]);
            any = true;
        }
    }
    if (!any) {
        g_string_append(out, "none");
    }
}

static void append_lr_list(GString *out, const char *what, uint64_t v)
{
    bool any = false;
    g_string_append_printf(out, "%s ", what);
    for (unsigned b = 0; b < 64; b++) {
        if (v >> b & 1) {
            g_string_append_printf(out, "%sLR%u", any ? " " : "", b);
            any = true;
        }
    }
    if (!any) {
        g_string_append(out, "none");
    }
}

static const char *or_number(const char *name, uint64_t v, char *buf, size_t len)
{
    if (name) {
        return name;
    }
    g_snprintf(buf, len, "%" PRIu64, v);
    return buf;
}

/* IAR-like reads and EOIR-like writes carry an INTID in bits [9:0] (4.4.4). */
static bool carries_intid(uint64_t block, uint64_t offset)
{
    if (block != HS_GIC_GICC && block != HS_GIC_GICV) {
        return false;
    }
    switch (offset) {
    case GICC_IAR: case GICC_EOIR: case GICC_HPPIR: case GICC_AIAR: case GICC_AEOIR:
    case GICC_AHPPIR: case GICC_DIR:
        return true;
    default:
        return false;
    }
}

/* The delivery a fault event acted on, by its intid (docs/faults.md, "The
 * fault event"): an SGI, PPI or SPI (IHI 0048B 2.2.1), or a GIC output line
 * into a vCPU (HS_FAULT_LINE_INTID). */
static void append_fault(GString *out, const hs_record *r)
{
    uint64_t kind = r->f[0], intid = r->f[1], target = r->f[2];
    uint64_t value = HS_FAULT_PARAM_VALUE(r->f[3]);
    char a[32];

    g_string_append(out, or_number(hs_trace_fault_kind_name(kind), kind, a, sizeof a));
    if (kind == HS_FAULT_EV_ARM) {
        g_string_append_printf(out, " at 0x%08" PRIx64, value);
    } else if (intid >= HS_FAULT_LINE_INTID(0)) {
        uint64_t line = intid - HS_FAULT_LINE_INTID(0);
        g_string_append_printf(out, " %s line", or_number(hs_trace_line_name(line), line, a,
                                                          sizeof a));
    } else {
        g_string_append_printf(out, " %s %" PRIu64, intid < GIC_NR_SGI ? "SGI"
                                                    : intid < GIC_NR_INTERNAL ? "PPI" : "SPI",
                               intid);
    }
    switch (kind) {
    case HS_FAULT_EV_HOLD:
        if (value) {
            g_string_append_printf(out, " for %" PRIu64 " ps", value);
        } else {
            g_string_append(out, " until an event");
        }
        break;
    case HS_FAULT_EV_RELEASE:
        g_string_append_printf(out, " held %" PRIu64 " ps", value);
        break;
    case HS_FAULT_EV_DUPLICATE:
        g_string_append_printf(out, " after a gap of %" PRIu64 " ps", value);
        break;
    case HS_FAULT_EV_RETARGET:
        if (target == HS_VCPU_NONE) {
            g_string_append(out, " to none");
        } else {
            g_string_append_printf(out, " to vCPU %" PRIu64, target);
        }
        break;
    default:
        break;
    }
    g_string_append_printf(out, ", plan fault %u", HS_FAULT_PARAM_FAULT(r->f[3]));
}

void hs_record_annotate(GString *out, const hs_record *r)
{
    /* GICH_MISR bits, IHI 0048B 5.3.4, and GICH_HCR bits, 5.3.1. */
    static const char *const misr_bits[8] = {
        "EOI", "U", "LRENP", "NP", "VGrp0E", "VGrp0D", "VGrp1E", "VGrp1D",
    };
    static const char *const hcr_bits[8] = {
        "En", "UIE", "LRENPIE", "NPIE", "VGrp0EIE", "VGrp0DIE", "VGrp1EIE", "VGrp1DIE",
    };
    char a[32], b[32], c[32];
    size_t mark = out->len;

    g_string_append(out, " (");
    switch (r->event) {
    case HS_EV_gic_read:
    case HS_EV_gic_write:
        g_string_append(out, hs_gic_reg_name(r->f[0], r->f[1], a, sizeof a));
        if (carries_intid(r->f[0], r->f[1])) {
            g_string_append_printf(out, " INTID %u", (unsigned)(r->f[2] & GIC_INTID_MASK));
        }
        break;
    case HS_EV_lr_write:
    case HS_EV_lr_state:
        hs_lr_describe(out, (uint32_t)r->f[2]);
        break;
    case HS_EV_gich_misr:
        append_bits(out, r->f[1], misr_bits, 8);
        break;
    case HS_EV_gich_hcr:
        append_bits(out, r->f[1] & 0xff, hcr_bits, 8);
        g_string_append_printf(out, " EOICount %u",
                               (unsigned)((r->f[1] & GICH_HCR_EOICOUNT_MASK) >> GICH_HCR_EOICOUNT_SHIFT));
        break;
    case HS_EV_gich_eisr:
        append_lr_list(out, "EOI:", r->f[1]);
        break;
    case HS_EV_gich_elrsr:
        append_lr_list(out, "empty:", r->f[1]);
        break;
    case HS_EV_line:
        g_string_append_printf(out, "%s %s", or_number(hs_trace_line_name(r->f[0]), r->f[0], a, sizeof a),
                               r->f[1] ? "high" : "low");
        break;
    case HS_EV_exc_entry:
        g_string_append_printf(out, "%s %s->%s", or_number(hs_trace_exc_name(r->f[0]), r->f[0], a, sizeof a),
                               or_number(hs_trace_mode_name(r->f[1]), r->f[1], b, sizeof b),
                               or_number(hs_trace_mode_name(r->f[2]), r->f[2], c, sizeof c));
        break;
    case HS_EV_exc_return:
        g_string_append_printf(out, "%s->%s", or_number(hs_trace_mode_name(r->f[0]), r->f[0], a, sizeof a),
                               or_number(hs_trace_mode_name(r->f[1]), r->f[1], b, sizeof b));
        break;
    case HS_EV_idle_begin:
        g_string_append(out, or_number(hs_trace_idle_name(r->f[0]), r->f[0], a, sizeof a));
        break;
    case HS_EV_timer_fire:
        g_string_append_printf(out, "%s timer", or_number(hs_trace_timer_name(r->f[0]), r->f[0], a, sizeof a));
        break;
    case HS_EV_fault:
        append_fault(out, r);
        break;
    default:
        g_string_truncate(out, mark);
        return;
    }
    g_string_append_c(out, ')');
}

const char hs_record_format_header[] =
    "#      seq          time_ps vcpu        cycle event";

void hs_record_format(GString *out, const hs_record *r, const hs_event_info *info,
                      const hs_symbolizer *sym)
{
    g_string_append_printf(out, "%10" PRIu64 " %16" PRIu64 " ", r->seq, r->time_ps);
    if (r->vcpu == HS_VCPU_NONE) {
        g_string_append(out, "   -");
    } else {
        g_string_append_printf(out, "%4u", r->vcpu);
    }
    g_string_append_printf(out, " %12" PRIu64 " ", r->cycle);
    if (!info) {
        g_string_append_printf(out, "event#%u", r->event);
        return;
    }
    g_string_append(out, info->name);
    for (unsigned f = 0; f < info->nfields; f++) {
        g_string_append_printf(out, " %s=", info->field[f]);
        hs_field_format(out, info->field[f], r->f[f], sym);
    }
    if (r->event < HS_EV__COUNT) {
        hs_record_annotate(out, r);
    }
}
