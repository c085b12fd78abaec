#include "sim/log.h"

#include <stdarg.h>
#include <string.h>

unsigned hs_log_mask;
FILE *hs_log_file;

static const struct {
    const char *name;
    unsigned mask;
} log_classes[] = {
    { "guest_errors", HS_LOG_GUEST_ERROR },
    { "unimp", HS_LOG_UNIMP },
    { "exceptions", HS_LOG_EXCEPTIONS },
    { "blocks", HS_LOG_BLOCKS },
    { "all", HS_LOG_GUEST_ERROR | HS_LOG_UNIMP | HS_LOG_EXCEPTIONS },
};

int hs_log_parse(const char *list, unsigned *mask, const char **bad)
{
    static char badbuf[64];
    unsigned m = 0;
    const char *p = list;

    while (*p) {
        size_t len = strcspn(p, ",");
        size_t i;
        for (i = 0; i < sizeof log_classes / sizeof log_classes[0]; i++) {
            if (strlen(log_classes[i].name) == len && !strncmp(p, log_classes[i].name, len)) {
                m |= log_classes[i].mask;
                break;
            }
        }
        if (i == sizeof log_classes / sizeof log_classes[0]) {
            snprintf(badbuf, sizeof badbuf, "%.*s", (int)len, p);
            *bad = badbuf;
            return -1;
        }
        p += len;
        if (*p == ',') {
            p++;
        }
    }
    *mask = m;
    return 0;
}

void hs_log(unsigned cls, const char *fmt, ...)
{
    va_list ap;
    FILE *f = hs_log_file ? hs_log_file : stderr;

    if (!(hs_log_mask & cls) || !fmt) {
        return;
    }
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
}
