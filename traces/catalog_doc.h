/* The event reference, generated from traces/events.def: the text of
 * `hypsim trace catalog` and, with markdown, docs/events.md. */
#ifndef HS_TRACES_CATALOG_DOC_H
#define HS_TRACES_CATALOG_DOC_H

#include <stdbool.h>

#include <glib.h>

void hs_catalog_describe(GString *out, bool markdown);

#endif
