/* Field values for people: names of enumerated values, GIC register names,
 * list-register contents, and one record as a line of text. Shared by
 * `hypsim trace dump`, the exporters and the event reference. */
#ifndef HS_TRACES_DECODE_H
#define HS_TRACES_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "traces/trace.h"

/* Turns code addresses into symbols (the image's ELF symbols, traces/symbols.h). */
typedef struct hs_symbolizer {
    /* The symbol containing addr and addr's offset in it; false when none. */
    bool (*lookup)(void *opaque, uint64_t addr, const char **name, uint64_t *offset);
    void *opaque;
} hs_symbolizer;

/* Names of enumerated field values; NULL for a value without one. */
const char *hs_trace_exc_name(uint64_t type);        /* exc_entry type: "irq" */
const char *hs_trace_mode_name(uint64_t mode);       /* a CPSR.M value: "svc", "hyp" */
const char *hs_trace_line_name(uint64_t line);       /* line line: "IRQ", "maintenance" */
const char *hs_trace_block_name(uint64_t block);     /* gic_* block: "GICD" */
const char *hs_trace_idle_name(uint64_t kind);       /* idle_begin kind: "WFI" */
const char *hs_trace_timer_name(uint64_t timer);     /* timer_fire timer: "virtual" */
const char *hs_trace_lr_state_name(unsigned state);  /* GICH_LR.State: "pending" */
const char *hs_trace_fault_kind_name(uint64_t kind); /* fault kind: "hold" */

/* The enumerated fields of the catalog and the names of their values, for the
 * event reference. */
typedef struct hs_enum_field {
    const char *events;              /* the events that carry it, e.g. "gic_read, gic_write" */
    const char *field;
    const char *(*name)(uint64_t v);
    unsigned limit;                  /* values 0..limit-1 are listed */
    bool hex;                        /* list the values in hexadecimal */
} hs_enum_field;
extern const hs_enum_field hs_enum_fields[];
extern const size_t hs_enum_field_count;

/* The register a GIC access reached, e.g. "GICV_IAR", "GICD_ISENABLER1",
 * "GICH_LR3", written into buf (at least 32 bytes); returns buf. */
const char *hs_gic_reg_name(uint64_t block, uint64_t offset, char *buf, size_t len);

/* GICH_LRn, IHI 0048B 5.3.8. */
typedef struct hs_lr_fields {
    unsigned state;        /* GICH_LR_STATE_* */
    unsigned vintid;       /* VirtualID */
    unsigned priority;     /* the 8-bit priority: LR.Priority holds its bits [7:3] */
    bool hw, grp1;
    bool eoi;              /* HW = 0: maintenance interrupt on EOI */
    unsigned cpuid;        /* HW = 0: source CPU of an SGI */
    unsigned pintid;       /* HW = 1: PhysicalID */
} hs_lr_fields;

void hs_lr_decode(uint32_t lr, hs_lr_fields *out);
/* "pending vINTID 32 prio 0xa0 grp1 hw pINTID 48", or "invalid" for an empty LR
 * that holds nothing else. */
void hs_lr_describe(GString *out, uint32_t lr);

/* Appends a field's value: hexadecimal for registers, addresses and IDs of
 * functions, decimal for counts and indices; a field named "pc" gets
 * " <symbol+0xoff>" when sym (may be NULL) knows the address. */
void hs_field_format(GString *out, const char *field, uint64_t v, const hs_symbolizer *sym);
bool hs_field_is_hex(const char *field);

/* Appends " (...)" with the record's meaning (register name, LR contents, line
 * name, modes); nothing for events without one. */
void hs_record_annotate(GString *out, const hs_record *r);

/* One record as a line (without newline):
 *   seq time_ps vcpu cycle event field=value... (meaning)
 * info is the record's catalog entry (hs_log_reader_event_info()); NULL
 * formats an event not in any catalog by its number. */
void hs_record_format(GString *out, const hs_record *r, const hs_event_info *info,
                      const hs_symbolizer *sym);
/* The column header matching hs_record_format(). */
extern const char hs_record_format_header[];

#endif
