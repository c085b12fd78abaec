/* The device tree hypsim passes to the image in r2, generated from the platform
 * description with libfdt (Devicetree Specification v0.4, and the Linux bindings
 * for arm,cortex-a15-gic, arm,armv7-timer, arm,psci, arm,pl011, arm,pl031). */
#ifndef HS_PLATFORMS_DTB_H
#define HS_PLATFORMS_DTB_H

#include <stddef.h>

#include "platforms/platform.h"

/* Builds the blob for `ncpu` CPUs and `ram_size` bytes of RAM; returns NULL with
 * *msg set on failure. The blob is g_free'd by the caller. */
void *hs_dtb_build(const hs_platform *p, unsigned ncpu, uint64_t ram_size, size_t *size,
                   char **msg);

#endif
