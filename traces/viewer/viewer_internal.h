/* What the viewer's C files share: the page's data of one log, the globals
 * every page carries and JSON text. */
#ifndef HS_TRACES_VIEWER_INTERNAL_H
#define HS_TRACES_VIEWER_INTERNAL_H

#include <glib.h>

#include "traces/viewer/viewer.h"

/* Reads log to its end: appends its JSON header (an object) to json and its
 * records and slices (docs/viewer.md, "The page's data") to bin. Returns the
 * reader's error with *msg for a damaged log, after everything before the
 * damage; the JSON then says where the log stopped. */
hs_tracelog_err vw_log_data(const hs_viewer_log *log, GString *json, GByteArray *bin, char **msg);

/* The JSON object of what decodes every log: the architectural constants the
 * page reads registers with, the names of enumerated field values and the
 * column header of `hypsim trace dump`. */
void vw_globals_json(GString *out);

/* s as a JSON string, safe inside an HTML <script> element: '<', '>' and '&'
 * are escaped, and bytes that are not UTF-8 become U+FFFD. */
void vw_json_string(GString *out, const char *s);

#endif
