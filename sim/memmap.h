/* The platform's physical memory map as the CPU sees it: one RAM block and the
 * device regions, each dispatched to its model's MMIO callbacks. Holes are served
 * by the unassigned region. The CPU reaches models only through this map. */
#ifndef HS_SIM_MEMMAP_H
#define HS_SIM_MEMMAP_H

#include <stdint.h>

#include "sim/mmio.h"

#define HS_MEMMAP_MAX_REGIONS 32

typedef struct hs_region {
    const char *name;
    uint64_t base, size;
    const hs_mmio_ops *ops;
    void *opaque;
    uint32_t access_cycles;     /* cycles charged to the vCPU per access */
} hs_region;

typedef struct hs_memmap {
    uint8_t *ram;               /* host memory backing [ram_base, ram_base + ram_size) */
    uint64_t ram_base, ram_size;
    hs_region region[HS_MEMMAP_MAX_REGIONS];
    unsigned nregions;
    hs_region hole;             /* template for the holes: ops and opaque of "unassigned" */
} hs_memmap;

#endif
