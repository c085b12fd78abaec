#include "models/unassigned/unassigned.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sim/log.h"

struct hs_unassigned {
    uint64_t base;
    char *name;
};

static uint64_t unassigned_read(void *opaque, uint64_t offset, unsigned size, unsigned cpu)
{
    const hs_unassigned *s = opaque;

    hs_log_guest_error("unassigned: %s: %u-byte read at 0x%08" PRIx64 " by cpu %u "
                       "(nothing mapped; reads as zero)", s->name, size, s->base + offset, cpu);
    return 0;
}

static void unassigned_write(void *opaque, uint64_t offset, uint64_t value, unsigned size,
                             unsigned cpu)
{
    const hs_unassigned *s = opaque;

    hs_log_guest_error("unassigned: %s: %u-byte write of 0x%" PRIx64 " at 0x%08" PRIx64
                       " by cpu %u (nothing mapped; ignored)",
                       s->name, size, value, s->base + offset, cpu);
}

const hs_mmio_ops hs_unassigned_ops = {
    .read = unassigned_read,
    .write = unassigned_write,
};

hs_unassigned *hs_unassigned_new(uint64_t base, const char *name)
{
    hs_unassigned *s = calloc(1, sizeof *s);

    if (!s) {
        return NULL;
    }
    s->base = base;
    s->name = strdup(name ? name : "unassigned");
    if (!s->name) {
        free(s);
        return NULL;
    }
    return s;
}

void hs_unassigned_free(hs_unassigned *s)
{
    if (!s) {
        return;
    }
    free(s->name);
    free(s);
}

void hs_unassigned_reset(hs_unassigned *s)
{
    (void)s;
}
