/* What the ARM PrimeCell peripherals (PL011, PL031) share: a 32-bit APB slave
 * interface with the identification registers at the top of a 4 KiB region. */
#ifndef HS_MODELS_PRIMECELL_H
#define HS_MODELS_PRIMECELL_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim/log.h"

/* The APB interface is 32 bits wide. Aligned 8-, 16- and 32-bit accesses are
 * served (byte writes to a UART data register and 16-bit accesses are what
 * common drivers do); anything else reads as zero and is ignored, logged as a
 * guest error naming the device, the register and the access. */
static inline bool hs_primecell_access_ok(const char *dev, const char *reg, uint64_t offset,
                                          unsigned size, uint64_t region_size, const char *dir)
{
    if ((size != 1 && size != 2 && size != 4) || (offset & 3) || offset >= region_size) {
        hs_log_guest_error("%s: %u-byte %s at offset 0x%03" PRIx64 " (%s): only aligned "
                           "8-, 16- and 32-bit accesses are served", dev, size, dir, offset,
                           reg);
        return false;
    }
    return true;
}

/* A sub-word read returns the low bytes of the register. */
static inline uint32_t hs_primecell_narrow(uint32_t r, unsigned size)
{
    return size < 4 ? r & ((UINT32_C(1) << (8 * size)) - 1) : r;
}

#endif
