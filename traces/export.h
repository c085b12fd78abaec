/* Exporters of a log to viewers: Perfetto's native protobuf trace (ui.perfetto.dev),
 * Chrome's trace-event JSON (chrome://tracing, Perfetto) and VCD with a GTKWave
 * save file. docs/traces.md says what each shows. */
#ifndef HS_TRACES_EXPORT_H
#define HS_TRACES_EXPORT_H

#include <stdio.h>

#include "traces/decode.h"
#include "traces/log.h"

typedef enum hs_export_format {
    HS_EXPORT_PERFETTO,
    HS_EXPORT_JSON,
    HS_EXPORT_VCD,
} hs_export_format;

/* "perfetto", "json", "vcd"; -1 for another name. */
int hs_export_format_parse(const char *name);

typedef struct hs_export_options {
    const hs_symbolizer *sym;   /* symbolizes pc arguments; may be NULL */
    const char *gtkw_path;      /* VCD: also write a GTKWave save file here; may be NULL */
    const char *out_name;       /* VCD: the name the save file gives the dump; NULL: out_path */
} hs_export_options;

/* Reads every record r yields and writes out_path. A damaged log still gives
 * the output of its readable part; the result is then the reader's error, with
 * its message. o may be NULL. */
hs_tracelog_err hs_export(hs_log_reader *r, hs_export_format fmt, const char *out_path,
                          const hs_export_options *o, char **msg);

/* The exporters behind hs_export(), writing to an open stream; each returns
 * the reader's error (or HS_TRACELOG_OK) and leaves output errors to the
 * caller's ferror(). */
hs_tracelog_err hs_export_perfetto(hs_log_reader *r, FILE *out, const hs_export_options *o,
                                   char **msg);
hs_tracelog_err hs_export_json(hs_log_reader *r, FILE *out, const hs_export_options *o,
                               char **msg);
hs_tracelog_err hs_export_vcd(hs_log_reader *r, FILE *out, FILE *gtkw,
                              const hs_export_options *o, char **msg);

/* Feeds every record to fn; returns the reader's error, with *msg set. */
hs_tracelog_err hs_export_drain(hs_log_reader *r, void (*fn)(void *opaque, const hs_record *rec),
                                void *opaque, char **msg);

#endif
