/* Loading guest images into RAM: ELF (PT_LOAD segments, entry point) with
 * libelf, or a raw binary at a given address. */
#ifndef HS_CPU_IMAGE_H
#define HS_CPU_IMAGE_H

#include <stdint.h>

#include "sim/memmap.h"

typedef enum hs_image_err {
    HS_IMAGE_OK,
    HS_IMAGE_ERR_IO,          /* cannot open or read the file */
    HS_IMAGE_ERR_FORMAT,      /* not an ELF, or a malformed one */
    HS_IMAGE_ERR_MACHINE,     /* not a 32-bit little-endian ARM executable */
    HS_IMAGE_ERR_OVERLAP,     /* two loadable segments overlap */
    HS_IMAGE_ERR_RANGE,       /* a segment falls outside RAM */
} hs_image_err;

const char *hs_image_strerror(hs_image_err err);

typedef struct hs_image {
    uint32_t entry;
    uint64_t low, high;       /* lowest and highest+1 physical address loaded */
    unsigned nsegments;
} hs_image;

/* Copies the image into map->ram. On error *msg (to g_free) names the file and
 * the problem; RAM may be partly written. */
hs_image_err hs_image_load_elf(const char *path, hs_memmap *map, hs_image *out, char **msg);
hs_image_err hs_image_load_raw(const char *path, uint64_t addr, hs_memmap *map,
                               hs_image *out, char **msg);

#endif
