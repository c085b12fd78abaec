#include "traces/time_arg.h"

#include <string.h>

static const struct {
    const char *unit;
    uint64_t ps;
} units[] = {
    { "s", UINT64_C(1000000000000) }, { "ms", UINT64_C(1000000000) }, { "us", 1000000 },
    { "ns", 1000 }, { "ps", 1 }, { "", 1 },
};

bool hs_time_arg_parse(const char *s, uint64_t *ps)
{
    uint64_t whole = 0, frac = 0, scale = 1;
    const char *p = s;

    if (!g_ascii_isdigit(*p)) {
        return false;
    }
    for (; g_ascii_isdigit(*p); p++) {
        const uint64_t d = (uint64_t)(*p - '0');
        if (whole > UINT64_MAX / 10 || whole * 10 > UINT64_MAX - d) {
            return false;
        }
        whole = whole * 10 + d;
    }
    if (*p == '.') {
        for (p++; g_ascii_isdigit(*p); p++) {
            if (scale < UINT64_C(1000000000000)) {
                frac = frac * 10 + (uint64_t)(*p - '0');
                scale *= 10;
            }
        }
    }
    for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
        if (!strcmp(p, units[i].unit)) {
            /* Units and scale are powers of ten: one divides the other. A
             * fraction finer than 1 ps is dropped. */
            uint64_t part = units[i].ps >= scale ? frac * (units[i].ps / scale)
                                                 : frac / (scale / units[i].ps);
            if (whole > UINT64_MAX / units[i].ps || whole * units[i].ps > UINT64_MAX - part) {
                return false;
            }
            *ps = whole * units[i].ps + part;
            return true;
        }
    }
    return false;
}

void hs_time_arg_format(GString *out, uint64_t ps)
{
    for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
        if (ps % units[i].ps == 0 && (ps != 0 || units[i].ps == 1)) {
            g_string_append_printf(out, "%" G_GUINT64_FORMAT "%s", ps / units[i].ps,
                                   units[i].unit[0] ? units[i].unit : "ps");
            return;
        }
    }
}
