/* The critical-window checker's range, from addresses or an ELF symbol; apart
 * from races.c so that only the tools link libelf. */
#include "traces/races.h"

#include <string.h>

#include <glib.h>

#include "traces/symbols.h"

bool hs_race_parse_window(const char *spec, const char *image, uint64_t *lo, uint64_t *hi,
                          char **msg)
{
    const char *dash = strchr(spec, '-'), *plus = strchr(spec, '+');
    char *end;

    if (g_ascii_isdigit(spec[0]) && dash) {
        *lo = g_ascii_strtoull(spec, &end, 0);
        if (end == dash) {
            *hi = g_ascii_strtoull(dash + 1, &end, 0);
            if (!*end && *hi > *lo) {
                return true;
            }
        }
        *msg = g_strdup_printf("critical window '%s': give LO-HI with LO < HI, SYMBOL or "
                               "SYMBOL+LEN", spec);
        return false;
    }
    {
        char *name = g_strndup(spec, plus ? (gsize)(plus - spec) : strlen(spec));
        uint64_t addr, size;
        hs_symtab *t = image ? hs_symtab_open(image, msg) : NULL;
        bool found = t && hs_symtab_find_sized(t, name, &addr, &size);

        if (t && !found) {
            *msg = g_strdup_printf("critical window '%s': %s has no symbol '%s'", spec, image,
                                   name);
        } else if (!image) {
            *msg = g_strdup_printf("critical window '%s': no image to look the symbol up in",
                                   spec);
        }
        hs_symtab_free(t);
        g_free(name);
        if (!found) {
            return false;
        }
        if (plus) {
            size = g_ascii_strtoull(plus + 1, &end, 0);
            if (*end || !size) {
                *msg = g_strdup_printf("critical window '%s': +LEN must be a positive number",
                                       spec);
                return false;
            }
        }
        if (!size) {
            *msg = g_strdup_printf("critical window '%s': the symbol has no size; give "
                                   "SYMBOL+LEN", spec);
            return false;
        }
        *lo = addr & ~UINT64_C(1);
        *hi = *lo + size;
        return true;
    }
}
