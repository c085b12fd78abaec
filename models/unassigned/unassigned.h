/* The region behind a hole in the memory map.
 *
 * Every access reads as zero and every write is ignored (RAZ/WI), and each one is
 * logged as a guest error naming the region, the address (base + offset), the
 * size, the direction, the value written and the accessing CPU. Real hardware and
 * QEMU's virt board answer such an access with an external abort instead; hypsim
 * lets the guest go on and reports it. One instance covers one hole; the machine
 * maps it over the hole's whole size with hs_unassigned_ops (opaque = the
 * hs_unassigned). */
#ifndef HS_MODELS_UNASSIGNED_H
#define HS_MODELS_UNASSIGNED_H

#include <stdint.h>

#include "sim/mmio.h"

typedef struct hs_unassigned hs_unassigned;

extern const hs_mmio_ops hs_unassigned_ops;

/* base: the hole's first address, for messages; name: a label for messages,
 * copied (NULL for "unassigned"). Returns NULL when out of memory. */
hs_unassigned *hs_unassigned_new(uint64_t base, const char *name);
void hs_unassigned_free(hs_unassigned *s);
/* No state to reset; present so every model is driven the same way. */
void hs_unassigned_reset(hs_unassigned *s);

#endif
