/* MMIO callbacks: the only way the CPU reaches a model.
 * The platform's memory map dispatches a guest access to the region's ops with the
 * offset inside the region, the access size in bytes (1, 2, 4 or 8) and the index of
 * the accessing CPU (banked registers such as GICC depend on it). */
#ifndef HS_SIM_MMIO_H
#define HS_SIM_MMIO_H

#include <stdint.h>

typedef struct hs_mmio_ops {
    uint64_t (*read)(void *opaque, uint64_t offset, unsigned size, unsigned cpu);
    void (*write)(void *opaque, uint64_t offset, uint64_t value, unsigned size,
                  unsigned cpu);
} hs_mmio_ops;

#endif
